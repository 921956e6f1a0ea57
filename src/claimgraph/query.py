"""The query library (``queries/*.rq``): list, load, run with bound parameters, format results.

Parameters are bound with rdflib's ``initBindings`` — values are never pasted into the query
text, so a value with quotes or braces is just a value. ``json``, ``csv``, ``tsv`` and ``xml``
are the SPARQL 1.1 result formats (rdflib's serialisers); ``table`` is for people.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from .errors import ClaimgraphError
from .resources import data_path

FORMATS = ("table", "csv", "tsv", "json", "xml")


class QueryError(ClaimgraphError):
    """A query that cannot be found, parsed or bound."""


@dataclass(frozen=True)
class QueryInfo:
    """One library query, as its header comment describes it."""

    name: str
    description: str
    parameters: str
    path: Path


def query_dir() -> Path:
    return data_path("queries")


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").rstrip())
    return lines


def describe(path: Path) -> QueryInfo:
    """Name, one-line description and parameters of a query file, from its header comment."""
    header = _header(path.read_text(encoding="utf-8"))
    first = header[0].strip() if header else path.stem
    description = first.split(":", 1)[1].strip() if ":" in first else first
    rest = [h.strip() for h in header[1:]]
    while rest and not rest[0].startswith(("Parameters:", "Example:")):
        description += " " + rest.pop(0)
    params = (
        " ".join(h for h in rest if not h.startswith("Example:"))
        .removeprefix("Parameters:")
        .strip()
    )
    return QueryInfo(path.stem, description, params, path)


def list_queries() -> list[QueryInfo]:
    """Every query of the library, by name."""
    return [describe(p) for p in sorted(query_dir().glob("*.rq"))]


def load_query(name_or_path: str) -> tuple[str, str]:
    """(name, text) of a library query by name, or of any ``.rq`` file by path."""
    path = Path(name_or_path)
    if not path.is_file():
        path = query_dir() / f"{name_or_path}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries())
        raise QueryError(
            f"no query {name_or_path!r}; the library has: {known}",
            hint="claimgraph query --list describes them",
        )
    return path.stem, path.read_text(encoding="utf-8")


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, Node]:
    """``key=value`` pairs as SPARQL bindings: ``<iri>`` or an http(s) URL is an IRI, a number
    a typed number, ``true``/``false`` a boolean, anything else a plain string."""
    bindings: dict[str, Node] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
            raise QueryError(f"bad parameter {pair!r}; expected name=value, e.g. minScore=0.6")
        bindings[key] = _term(value)
    return bindings


def _term(value: str) -> Node:
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if re.fullmatch(r"https?://\S+", value):
        return URIRef(value)
    if value in ("true", "false"):
        return Literal(value == "true")
    if re.fullmatch(r"[+-]?\d+", value):
        return Literal(int(value))
    try:
        if re.fullmatch(r"[+-]?\d*\.\d+", value):
            return Literal(Decimal(value))
    except InvalidOperation:
        pass
    return Literal(value)


def run_query(
    graph: Graph, text: str, params: dict[str, Node] | None = None, *, name: str = "query"
) -> Result:
    """Run a SPARQL query on ``graph`` with ``params`` bound (never pasted into the text)."""
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepared = prepareQuery(text)
    except ParseException as exc:
        raise QueryError(
            f"{name}: SPARQL syntax error at line {exc.lineno}, column {exc.col}: "
            f"{exc.msg}\n  {exc.line}\n  {' ' * (exc.col - 1)}^"
        ) from exc
    except Exception as exc:  # rdflib raises plain exceptions for some bad queries
        raise QueryError(f"{name}: cannot prepare the query: {exc}") from exc
    bindings = {str(Variable(k)): v for k, v in (params or {}).items()}
    try:
        result = graph.query(prepared, initBindings=bindings)  # type: ignore[arg-type]
        if result.type == "SELECT":
            # rdflib answers an aggregate over no solutions with one all-unbound row, and
            # keeps unbound group keys as None (its XML writer then fails): drop both
            result.bindings = [
                {k: v for k, v in row.items() if v is not None}
                for row in result.bindings
                if any(v is not None for v in row.values())
            ]
        return result
    except Exception as exc:  # evaluation errors come as many types
        raise QueryError(f"{name}: the query failed: {type(exc).__name__}: {exc}") from exc


def format_result(
    result: Result, fmt: str, graph: Graph | None = None, *, width: int | None = None
) -> bytes:
    """The result in a SPARQL 1.1 result format, or as a readable table."""
    if fmt == "table":
        return render_table(result, graph, width=width).encode("utf-8")
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "tsv":  # rdflib has no TSV results serialiser
        return _tsv(result).encode("utf-8")
    data = result.serialize(format=fmt)
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def _tsv_term(node: Node | None) -> str:
    """An RDF term in the Turtle syntax SPARQL 1.1 TSV results use; tabs and line ends escaped."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        text = (
            str(node)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
        if node.language:
            return f'"{text}"@{node.language}'
        if node.datatype is not None:
            return f'"{text}"^^<{node.datatype}>'
        return f'"{text}"'
    if isinstance(node, URIRef):
        return f"<{node}>"
    return f"_:{node}"


def _tsv(result: Result) -> str:
    columns = list(result.vars or [])
    lines = ["\t".join(f"?{v}" for v in columns)]
    for row in result:
        lines.append("\t".join(_tsv_term(row[i]) for i in range(len(columns))))  # type: ignore[index]
    return "\n".join(lines) + "\n"


def _cell(node: Node | None, graph: Graph | None) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef) and graph is not None:
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # an IRI rdflib cannot shorten is shown whole
            return str(node)
    return " ".join(str(node).split())


def render_table(result: Result, graph: Graph | None = None, *, width: int | None = None) -> str:
    """Rows as an aligned text table, long cells wrapped, fitted to the terminal."""
    columns = [str(v) for v in (result.vars or [])]
    rows = [[_cell(row[i], graph) for i in range(len(columns))] for row in result]  # type: ignore[index]
    if not rows:
        return "(no rows)\n"
    total = width or shutil.get_terminal_size((160, 24)).columns
    natural = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
    budget = max(total - 3 * (len(columns) - 1), 10 * len(columns))
    widths = natural[:]
    while sum(widths) > budget and max(widths) > 12:
        widths[widths.index(max(widths))] -= 1
    lines = [
        " | ".join(c.ljust(w)[:w] for c, w in zip(columns, widths, strict=True)),
        "-+-".join("-" * w for w in widths),
    ]
    for row in rows:
        wrapped = [textwrap.wrap(cell, w) or [""] for cell, w in zip(row, widths, strict=True)]
        for k in range(max(len(cell) for cell in wrapped)):
            lines.append(
                " | ".join(
                    (cell[k] if k < len(cell) else "").ljust(w)
                    for cell, w in zip(wrapped, widths, strict=True)
                ).rstrip()
            )
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
