"""The ``claimgraph`` command line: thin glue over the library; the only module that prints.

Exit codes: 0 success, 1 the data does not conform to the shapes, 2 usage or input error,
3 an internal error (a bug: please report it with the input that caused it).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from ._version import __version__
from .build import read_all
from .errors import ClaimgraphError
from .explain import find_claim, find_source, trace_claim
from .export import FORMATS, format_for, write_atomic
from .nlp.align import DEFAULT_THRESHOLD
from .pipeline import BuildOptions, build_files
from .query import FORMATS as QUERY_FORMATS
from .query import format_result, list_queries, load_query, parse_params, run_query
from .readers import DEFAULT_MAX_BYTES
from .store import load_graph
from .trace import chain_subgraph, provenance_graph, source_subgraph, stats_report
from .trace_render import plot_support, write_graph
from .validate import load_shapes, validate_graph
from .vocab import DEFAULT_BASE, SCHEMA

DEFAULT_OUTPUT = Path("graph/corpus.ttl")
WARNINGS_SHOWN = 10


class ClaimgraphGroup(click.Group):
    """Turns our errors into one red line, a hint, and the error's exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ClaimgraphError as exc:
            click.secho(f"Error: {exc}", fg="red", err=True)
            if exc.hint:
                click.echo(f"Hint: {exc.hint}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted; no output was written.", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug: say so plainly instead of a traceback
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(f"Internal error: {type(exc).__name__}: {exc}", fg="red", err=True)
            click.echo(
                "This is a bug in claimgraph. Rerun with --debug for the traceback and "
                "report it with the input that caused it.",
                err=True,
            )
            ctx.exit(3)


@click.group(cls=ClaimgraphGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimgraph")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Build a knowledge graph of claims, the quotes they rest on, and where those came from.

    \b
    Typical session:
      claimgraph build corpus/                 # documents -> graph/corpus.ttl
      claimgraph validate graph/corpus.ttl     # SHACL check, exit 1 on violations

    Inputs are digests (markdown with YAML front matter) and source cards (the text page of
    one source); the format is detected from the content.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


shapes_option = click.option(
    "--shapes",
    "shapes_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="SHACL shapes folder or file (default: the shipped shapes/).",
)


def _progress(files: Sequence[Path]) -> Iterator[Path]:
    """A progress bar on stderr while reading many files, when a person is watching."""
    if len(files) < 20 or not sys.stderr.isatty():
        yield from files
        return
    with click.progressbar(files, label="reading", file=sys.stderr) as bar:
        yield from bar


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help=f"Output file ('-' for stdout). Default: {DEFAULT_OUTPUT} (suffix by format).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default=None,
    help="RDF format. Default: from the output suffix, else turtle. nquads, trig and "
    "jsonld keep one named graph per document.",
)
@click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    metavar="IRI",
    help="Base IRI of minted instance IRIs.",
)
@click.option(
    "--entities",
    "entities_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="Gazetteer file (default: the shipped graph/entities.ttl).",
)
@shapes_option
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse input files larger than this.",
)
@click.option(
    "--timestamp",
    is_flag=True,
    help="Record the build time (prov:generatedAtTime); output then differs per build.",
)
@click.option(
    "--summary",
    "summary_fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Summary line on stderr (text) or a JSON object on stdout.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat references to missing afls records as errors, not warnings.",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help="Build incrementally: keep per-file graphs in DIR and re-read only the "
    "files that changed. Output bytes are the same as a full build's.",
)
@click.option(
    "--align-threshold",
    type=click.FloatRange(0, 1),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Keep inferred claim-quote links scoring at least this (0 to 1).",
)
@click.option(
    "--no-align", is_flag=True, help="Infer no claim-quote links; keep only the links inputs state."
)
@click.option(
    "--ner",
    default="off",
    show_default=True,
    metavar="off|auto|MODEL",
    help="Statistical named-entity recognition besides the gazetteer: 'auto' uses "
    "an installed English spaCy model (extra 'ner'), or name a model package.",
)
@click.option(
    "--no-prose-claims",
    is_flag=True,
    help="Only key points are claims; without it, checkable sentences of Summary "
    "and Relevance (a number, a known entity, a comparison) are claims too.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings.")
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help=f"Print every warning (default: the first {WARNINGS_SHOWN} and a count).",
)
def build(
    paths: tuple[Path, ...],
    output: Path | None,
    fmt: str | None,
    base: str,
    entities_path: Path | None,
    shapes_path: Path | None,
    no_validate: bool,
    max_bytes: int,
    timestamp: bool,
    summary_fmt: str,
    strict: bool,
    cache_dir: Path | None,
    align_threshold: float,
    no_align: bool,
    ner: str,
    no_prose_claims: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Read documents (files or folders), map them to RDF, validate, and write the graph.

    Inputs: digests, source cards, and afls data folders (one YAML record per file); the
    format of each file is detected from its content.

    \b
    Examples:
      claimgraph build corpus/
      claimgraph build ../shared/corpus/afls/data corpus/ -o graph/afls.ttl
      claimgraph build ../shared/corpus/afls/data --cache .claimgraph-cache -o graph/afls.ttl
      claimgraph build notes/digest.md card.txt -f nt -o - | grep Claim

    Output is written to a temporary file and renamed, so a failed build leaves an existing
    output untouched. The same inputs always give byte-identical output.
    """
    fmt = format_for(output, fmt)
    if output is None:
        output = DEFAULT_OUTPUT.with_suffix(FORMATS[fmt][2][0])
    to_stdout = str(output) == "-"
    if to_stdout and summary_fmt == "json":
        raise ClaimgraphError("--summary json and -o - both want stdout; choose one")
    options = BuildOptions(
        output=None if to_stdout else output,
        fmt=fmt,
        base=base,
        entities=entities_path,
        shapes=shapes_path,
        validate=not no_validate,
        strict=strict,
        max_bytes=max_bytes,
        timestamp=timestamp,
        cache=cache_dir,
        align_threshold=None if no_align else align_threshold,
        ner=ner,
        prose_claims=not no_prose_claims,
    )
    outcome = build_files(paths, options, progress=_progress)
    if not quiet:
        shown = outcome.warnings if verbose else outcome.warnings[:WARNINGS_SHOWN]
        for warning in shown:
            click.secho(f"warning: {warning}", fg="yellow", err=True)
        if len(shown) < len(outcome.warnings):
            click.secho(
                f"... and {len(outcome.warnings) - len(shown)} more warnings (-v shows all)",
                fg="yellow",
                err=True,
            )
    if outcome.data is not None:
        sys.stdout.buffer.write(outcome.data)
        sys.stdout.flush()
    if summary_fmt == "json":
        extra = {"incremental": str(outcome.incremental)} if outcome.incremental else {}
        click.echo(
            json.dumps(
                {
                    "output": str(output),
                    "format": fmt,
                    **outcome.summary.as_dict(),
                    **extra,
                    "seconds": round(outcome.seconds, 3),
                }
            )
        )
    else:
        where = "stdout" if to_stdout else str(output)
        verb = "up to date" if outcome.incremental and outcome.incremental.up_to_date else "built"
        click.echo(f"{verb} {where}: {outcome.summary}", err=True)
        if outcome.incremental is not None:
            click.echo(f"incremental: {outcome.incremental} in {outcome.seconds:.2f} s", err=True)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@shapes_option
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report as readable lines or as JSON.",
)
def validate(file: Path, shapes_path: Path | None, fmt: str) -> None:
    """Validate an RDF file (Turtle, N-Triples, N-Quads, TriG, JSON-LD) against the shapes.

    Prints one line per result, like a compiler: [Violation] focus-node path: message.
    Exit 0 if the file conforms, 1 if it does not, 2 if it cannot be read.

    \b
    Example:
      claimgraph validate graph/corpus.ttl
    """
    report = validate_graph(load_graph(file), load_shapes(shapes_path))
    click.echo(report.render(fmt))
    sys.exit(0 if report.conforms else 1)


def main() -> None:
    """Console entry point."""
    cli(prog_name="claimgraph")


@cli.command()
@click.argument("name", required=False)
@click.argument(
    "graph", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable (repeatable). IRIs as <...> or http(s) URLs, numbers "
    "and true/false typed, anything else a string. Never pasted into the query.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(QUERY_FORMATS),
    default="table",
    show_default=True,
    help="table for people; csv, tsv, json, xml are the SPARQL 1.1 result formats.",
)
@click.option("--list", "list_only", is_flag=True, help="List the query library and exit.")
def query(
    name: str | None, graph: Path | None, params: tuple[str, ...], fmt: str, list_only: bool
) -> None:
    """Run a library query by NAME (or any .rq FILE) on GRAPH (default graph/corpus.ttl).

    \b
    Examples:
      claimgraph query --list
      claimgraph query claim-evidence
      claimgraph query unsupported-claims --param minScore=0.7 --format csv
      claimgraph query contested-claims graph/afls.ttl --format json
    """
    if list_only or name is None:
        for info in list_queries():
            click.echo(f"{info.name:<22} {info.description}")
            if info.parameters and info.parameters.lower() not in ("none", "none."):
                click.echo(f"{'':<22} parameters: {info.parameters}")
        return
    query_name, text = load_query(name)
    data = load_graph(graph or DEFAULT_OUTPUT)
    result = run_query(data, text, parse_params(params), name=query_name)
    sys.stdout.buffer.write(format_result(result, fmt, data))
    sys.stdout.flush()


@cli.command()
@click.argument("claim", required=False)
@click.argument(
    "graph", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also draw the chain: .png, .svg, .html (interactive), .graphml, .gexf, .dot.",
)
@click.option(
    "--source",
    "source_ref",
    default=None,
    metavar="URL|IRI",
    help="Draw the sub-graph around one source instead of a claim.",
)
@click.option("--all", "whole", is_flag=True, help="Draw the whole provenance graph.")
def trace(
    claim: str | None, graph: Path | None, out: Path | None, source_ref: str | None, whole: bool
) -> None:
    """Show what CLAIM rests on: claim -> evidence -> quote -> source -> people -> intake.

    CLAIM is a claim IRI (claim:desc_x works too) or a piece of its text that only one claim
    has. GRAPH defaults to graph/corpus.ttl. With --out the chain (or --source, or --all) is
    drawn too, in the format the file suffix names.

    \b
    Examples:
      claimgraph trace "~50% the cost"
      claimgraph trace "~50% the cost" --out cost.png
      claimgraph trace --source "Path Forward" --out essay.html
      claimgraph trace --all --out corpus.graphml
    """
    if graph is None and claim is not None and (source_ref or whole) and Path(claim).is_file():
        graph, claim = Path(claim), None  # "trace --all GRAPH": the one argument is the graph
    if (claim is not None) + (source_ref is not None) + whole != 1:
        raise ClaimgraphError("give a CLAIM, or --source, or --all (one of them)")
    data = load_graph(graph or DEFAULT_OUTPUT)
    title = ""
    if claim is not None:
        iri = find_claim(data, claim)
        click.echo(trace_claim(data, iri), nl=False)
        title = str(data.value(iri, SCHEMA.text) or iri)
    if out is None:
        if claim is None:
            raise ClaimgraphError("--source and --all draw a picture: give --out FILE")
        return
    full = provenance_graph(data)
    if claim is not None:
        picture = chain_subgraph(full, [str(iri)])
    elif source_ref is not None:
        source = find_source(data, source_ref)
        picture = source_subgraph(full, str(source))
        title = str(data.value(source, SCHEMA.headline) or source)
    else:
        picture = full
        title = "all claims"
    write_graph(picture, out, title=title)
    click.echo(
        f"wrote {out}: {picture.number_of_nodes()} nodes, {picture.number_of_edges()} edges",
        err=True,
    )


@cli.command()
@click.argument(
    "graph", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also draw a bar chart of support score per claim, coloured by flags (.png).",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def stats(graph: Path | None, plot: Path | None, fmt: str) -> None:
    """Graph figures: claims per source, the organisations most claims rest on, and claims
    with a single point of failure (a quote or source whose loss leaves them unsupported).

    \b
    Example:
      claimgraph stats --plot support.png
    """
    data = load_graph(graph or DEFAULT_OUTPUT)
    report = stats_report(data)
    click.echo(report.render(fmt), nl=False)
    if plot is not None:
        plot_support(data, plot)
        click.echo(f"wrote {plot}", err=True)


DEFAULT_SNAPSHOTS = Path("graph/snapshots")


@cli.command()
@click.argument("targets", nargs=-1, required=True)
@click.option(
    "--snapshots",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_SNAPSHOTS,
    show_default=True,
    help="Where snapshots are kept.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch hosts on loopback, private, link-local or multicast addresses.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=10 * 1024 * 1024,
    show_default=True,
    help="Cut bodies off (and report them) past this size.",
)
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True)
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds.")
def fetch(
    targets: tuple[str, ...],
    snapshots: Path,
    allow_private: bool,
    max_bytes: int,
    workers: int,
    timeout: float,
) -> None:
    """Fetch the sources of documents (or URLs) into content-addressed snapshots.

    TARGETS are document files or folders (their sources' URLs are fetched) or URLs. Each URL
    gets one line: new, changed, unchanged (same sha256), not-modified (304) or error. Exit 1
    when any URL failed; the others are fetched all the same.

    \b
    Examples:
      claimgraph fetch corpus/
      claimgraph fetch https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/
    """
    from .intake.fetch import Fetcher, SnapshotStore, new_client

    urls = [t for t in targets if t.startswith(("http://", "https://"))]
    paths = [Path(t) for t in targets if not t.startswith(("http://", "https://"))]
    if paths:
        for doc in read_all(paths):
            if doc.source is not None and doc.source.url:
                urls.append(doc.source.url)
    with new_client(timeout) as client:
        fetcher = Fetcher(
            client, SnapshotStore(snapshots), allow_private=allow_private, max_bytes=max_bytes
        )
        outcomes = fetcher.fetch_all(
            urls,
            workers=workers,
            progress=lambda o: click.echo(
                f"{o.status:<13} {o.url}"
                + (f"  sha256 {o.snapshot.sha256[:16]}…" if o.snapshot else "")
                + (f"  {o.message}" if o.message else ""),
                err=o.status == "error",
            ),
        )
    failed = sum(o.status == "error" for o in outcomes)
    click.echo(f"fetched {len(outcomes)} URL(s): {failed} failed", err=True)
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--snapshots",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_SNAPSHOTS,
    show_default=True,
    help="Where snapshots are kept.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("graph/anchors.ttl"),
    show_default=True,
    help="Turtle file of the anchors and intake activities.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
def verify(paths: tuple[Path, ...], snapshots: Path, output: Path, fmt: str) -> None:
    """Check every quote of the documents against the stored snapshot of its source (offline).

    Prints one line per quote: exact, exact-with-elisions, fuzzy (score, real wording),
    not-found, or no-snapshot; "drifted" when it anchored before and no longer does. Writes the
    anchors (selectors, positions, status, paragraph) and intake activities as RDF, checked
    against the shapes together with the documents' graph. Exit 1 on not-found or drift.

    \b
    Example:
      claimgraph fetch corpus/ && claimgraph verify corpus/
    """
    from rdflib import Graph as RdfGraph

    from .build import new_graph
    from .intake.fetch import SnapshotStore
    from .intake.verify import remember, verify_graph

    outcome = build_files(list(paths), BuildOptions(output=None, fmt="nt", validate=False))
    assert outcome.data is not None
    graph = RdfGraph().parse(data=outcome.data.decode("utf-8"), format="nt")
    store = SnapshotStore(snapshots)
    rows, triples = verify_graph(graph, store, base=DEFAULT_BASE)
    anchors = new_graph()
    for triple in triples:
        anchors.add(triple)
    write_atomic(output, anchors.serialize(format="turtle").encode("utf-8"))
    report = validate_graph(graph + anchors, load_shapes())
    remember(store, rows)
    bad = 0
    for row in rows:
        a = row.anchor
        status = "no-snapshot" if a is None else a.status + (" DRIFTED" if row.drifted else "")
        bad += a is not None and (a.status == "not-found" or row.drifted)
        if fmt == "table":
            detail = (
                ""
                if a is None
                else (
                    f" score {a.score:.2f}, paragraph {a.paragraph}"
                    + (
                        ""
                        if a.locator_agrees is None
                        else f" (locator {'agrees' if a.locator_agrees else 'disagrees'})"
                    )
                    + (f", really: “{a.wording}”" if a.status == "fuzzy" else "")
                )
            )
            click.echo(f"{status:<20} {row.quote[:60]!r}{detail}")
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "evidence": r.evidence,
                        "url": r.url,
                        "quote": r.quote,
                        "drifted": r.drifted,
                        **({} if r.anchor is None else r.anchor.__dict__),
                    }
                    for r in rows
                ],
                indent=1,
                ensure_ascii=False,
            )
        )
    click.echo(
        f"wrote {output}: {len(rows)} quote(s), {bad} not found or drifted; "
        f"{'conforms' if report.conforms else 'does NOT conform'} to the shapes",
        err=True,
    )
    if not report.conforms:
        click.echo(report.render(), err=True)
    sys.exit(1 if bad or not report.conforms else 0)
