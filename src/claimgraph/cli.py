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
from .cli_options import DEFAULT_GRAPH, shapes_option
from .errors import ClaimgraphError
from .export import FORMATS, format_for
from .nlp.align import DEFAULT_THRESHOLD
from .pipeline import BuildOptions, build_files
from .readers import DEFAULT_MAX_BYTES
from .store import load_graph
from .validate import load_shapes, validate_graph
from .vocab import DEFAULT_BASE

DEFAULT_OUTPUT = DEFAULT_GRAPH
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
      claimgraph query --list                  # the query library
      claimgraph trace "~50% the cost"         # what one claim rests on
      claimgraph fetch corpus/ && claimgraph verify corpus/   # quotes vs their sources

    Inputs are digests (markdown with YAML front matter), source cards (the text page of one
    source) and afls data folders (YAML records); the format is detected from the content.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


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


def _register() -> None:
    from .cli_ask import query, stats, trace
    from .cli_intake import fetch, verify

    for command in (query, trace, stats, fetch, verify):
        cli.add_command(command)


_register()
