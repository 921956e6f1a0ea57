"""Options and arguments several commands share (one definition each)."""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_GRAPH = Path("graph/corpus.ttl")
DEFAULT_SNAPSHOTS = Path("graph/snapshots")

shapes_option = click.option(
    "--shapes",
    "shapes_path",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="SHACL shapes folder or file (default: the shipped shapes/).",
)

snapshots_option = click.option(
    "--snapshots",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_SNAPSHOTS,
    show_default=True,
    help="Where snapshots are kept.",
)

graph_argument = click.argument(
    "graph", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)

report_format_option = click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A readable report, or JSON.",
)
