"""SHACL validation with pySHACL, turned into a plain report (results are data, not errors)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .errors import ClaimgraphError, ShapesError
from .resources import shapes_dir
from .vocab import RDF

_SEVERITY = {str(SH.Violation): "Violation", str(SH.Warning): "Warning", str(SH.Info): "Info"}


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result: which node, which property, what is wrong."""

    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str | None

    def render(self) -> str:
        where = " ".join(p for p in (self.focus, self.path) if p)
        return f"[{self.severity}] {where}: {self.message}"


class ValidationFailedError(ClaimgraphError):
    """Raised by :meth:`ValidationReport.raise_for_violations`; exit code 1."""

    exit_code = 1


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a graph against the shapes."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    graph: Graph
    text: str

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity == "Violation")

    def render(self, fmt: str = "text") -> str:
        if fmt == "json":
            return json.dumps(
                {"conforms": self.conforms, "results": [r.__dict__ for r in self.results]}, indent=2
            )
        if self.conforms and not self.results:
            return "conforms: no violations"
        lines = [r.render() for r in self.results]
        lines.append(
            f"{'conforms' if self.conforms else 'does not conform'}: "
            f"{len(self.violations)} violation(s), {len(self.results)} result(s)"
        )
        return "\n".join(lines)

    def raise_for_violations(self) -> None:
        if not self.conforms:
            shown = "\n".join(r.render() for r in self.violations[:20])
            raise ValidationFailedError(f"the graph does not conform to the shapes:\n{shown}")


def load_shapes(path: Path | None = None) -> Graph:
    """All ``*.ttl`` files of a shapes folder (default: the shipped ``shapes/``) as one graph."""
    path = path or shapes_dir()
    files = sorted(path.glob("*.ttl")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise ShapesError(f"{path}: no SHACL shapes found (expected *.ttl files)")
    shapes = Graph()
    for file in files:
        try:
            shapes.parse(file, format="turtle")
        except Exception as exc:  # rdflib raises many types for bad Turtle
            raise ShapesError(f"{file}: cannot read the shapes: {exc}") from exc
    return shapes


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate ``data`` against ``shapes`` (default: the shipped shapes), without inference."""
    shapes = shapes if shapes is not None else load_shapes()
    conforms, results_graph, text = shacl_validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    return ValidationReport(bool(conforms), _results(results_graph, data), results_graph, str(text))


def merge_reports(reports: list[ValidationReport]) -> ValidationReport:
    """One report for several validated graphs (e.g. one per document)."""
    merged = Graph()
    for report in reports:
        merged += report.graph
    results = tuple(
        sorted(
            (r for report in reports for r in report.results),
            key=lambda r: (r.focus, r.path or "", r.message),
        )
    )
    return ValidationReport(
        all(r.conforms for r in reports),
        results,
        merged,
        "\n".join(r.text for r in reports if not r.conforms),
    )


def _short(node: Node | None, graph: Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(node)
        except Exception:  # normalizeUri refuses some IRIs; show them whole
            return f"<{node}>"
    return str(node)


def _results(report: Graph, data: Graph) -> tuple[ValidationResult, ...]:
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        out.append(
            ValidationResult(
                severity=_SEVERITY.get(str(severity), str(severity)) if severity else "Violation",
                focus=_short(report.value(result, SH.focusNode), data) or "?",
                path=_short(report.value(result, SH.resultPath), data),
                value=_short(report.value(result, SH.value), data),
                message=messages[0] if messages else "constraint not met",
                shape=_short(report.value(result, SH.sourceShape), data),
            )
        )
    return tuple(sorted(out, key=lambda r: (r.focus, r.path or "", r.message)))
