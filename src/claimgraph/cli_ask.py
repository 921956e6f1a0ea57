"""Commands that ask a built graph: query, trace, stats."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli_options import DEFAULT_GRAPH, graph_argument, report_format_option
from .errors import ClaimgraphError
from .explain import find_claim, find_source, trace_claim
from .query import FORMATS as QUERY_FORMATS
from .query import format_result, list_queries, load_query, parse_params, run_query
from .store import load_graph
from .trace import chain_subgraph, provenance_graph, source_subgraph, stats_report
from .trace_render import plot_support, write_graph
from .vocab import SCHEMA


@click.command()
@click.argument("name", required=False)
@graph_argument
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
    data = load_graph(graph or DEFAULT_GRAPH)
    result = run_query(data, text, parse_params(params), name=query_name)
    sys.stdout.buffer.write(format_result(result, fmt, data))
    sys.stdout.flush()


@click.command()
@click.argument("claim", required=False)
@graph_argument
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
    data = load_graph(graph or DEFAULT_GRAPH)
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


@click.command()
@graph_argument
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also draw a bar chart of support score per claim, coloured by flags (.png).",
)
@report_format_option
def stats(graph: Path | None, plot: Path | None, fmt: str) -> None:
    """Graph figures: claims per source, the organisations most claims rest on, and claims
    with a single point of failure (a quote or source whose loss leaves them unsupported).

    \b
    Example:
      claimgraph stats --plot support.png
    """
    data = load_graph(graph or DEFAULT_GRAPH)
    report = stats_report(data)
    click.echo(report.render(fmt), nl=False)
    if plot is not None:
        plot_support(data, plot)
        click.echo(f"wrote {plot}", err=True)
