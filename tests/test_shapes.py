"""Each shape file loads, the corpus conforms, and each shape catches what it is for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from claimgraph.build import build_dataset, read_all
from claimgraph.resources import shapes_dir
from claimgraph.validate import load_shapes, validate_graph
from claimgraph.vocab import CG, OA, PROV, RDF, SCHEMA, XSD

from .conftest import CORPUS

SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def corpus() -> Graph:
    return build_dataset(read_all([CORPUS])).union()


def one(graph: Graph, cls: URIRef) -> URIRef:
    return URIRef(str(sorted(graph.subjects(RDF.type, cls), key=str)[0]))


def test_every_shape_file_loads_and_has_messages() -> None:
    files = sorted(shapes_dir().glob("*.ttl"))
    assert {f.stem for f in files} >= {
        "source",
        "document",
        "person",
        "organisation",
        "claim",
        "evidence",
        "selector",
        "intake",
        "agent",
    }
    for file in files:
        graph = Graph().parse(file)
        shapes = set(graph.subjects(RDF.type, URIRef(SH + "NodeShape")))
        assert shapes, file
        for shape in shapes:
            assert graph.value(shape, URIRef(SH + "message")) is not None, (file, shape)


def test_corpus_conforms(corpus: Graph, shapes: Graph) -> None:
    report = validate_graph(corpus, shapes)
    assert report.conforms, report.render()
    assert report.results == ()


def _set(graph: Graph, node: URIRef, prop: URIRef, value: Node | None) -> None:
    graph.remove((node, prop, None))
    if value is not None:
        graph.add((node, prop, value))


def _set_all(graph: Graph, node: URIRef, props: tuple[URIRef, ...], value: Node | None) -> None:
    for prop in props:
        _set(graph, node, prop, value)


BREAKAGES: dict[str, tuple[Callable[[Graph], object], str]] = {
    "weight-out-of-range": (
        lambda g: _set(g, one(g, CG.Evidence), CG.weight, Literal("1.7", datatype=XSD.decimal)),
        "weight (cg:weight), a decimal between 0 and 1",
    ),
    "weight-as-string": (
        lambda g: _set(g, one(g, CG.Evidence), CG.weight, Literal("high")),
        "weight (cg:weight), a decimal between 0 and 1",
    ),
    "evidence-without-source": (
        lambda g: _set(g, one(g, CG.Evidence), OA.hasSource, None),
        "exactly one source",
    ),
    "empty-quote": (
        lambda g: _set(g, one(g, OA.TextQuoteSelector), OA.exact, Literal("")),
        "non-empty oa:exact",
    ),
    "source-url-as-string": (
        lambda g: _set(
            g, one(g, SCHEMA.BlogPosting), SCHEMA.url, Literal("https://about.fb.com/x")
        ),
        "http(s) IRI",
    ),
    "source-without-title": (
        lambda g: _set_all(g, one(g, SCHEMA.BlogPosting), (SCHEMA.headline, SCHEMA.name), None),
        "with a title",
    ),
    "bad-publication-date": (
        lambda g: _set(
            g,
            one(g, SCHEMA.BlogPosting),
            SCHEMA.datePublished,
            Literal("2024-07-23", datatype=XSD.dateTime),
        ),
        "schema:datePublished must be",
    ),
    "claim-without-text": (
        lambda g: _set(g, one(g, SCHEMA.Claim), SCHEMA.text, None),
        "non-empty text",
    ),
    "claim-without-document": (
        lambda g: _set(g, one(g, SCHEMA.Claim), SCHEMA.appearance, None),
        "document it appears in",
    ),
    "person-without-name": (
        lambda g: _set(g, one(g, SCHEMA.Person), SCHEMA.name, None),
        "exactly one name",
    ),
    "org-with-two-names": (
        lambda g: g.add((one(g, SCHEMA.Organization), SCHEMA.name, Literal("Other"))),
        "exactly one canonical name",
    ),
    "same-as-string": (
        lambda g: _set(g, one(g, SCHEMA.Organization), SCHEMA.sameAs, Literal("Q380")),
        "must be an IRI",
    ),
    "uppercase-prefix": (
        lambda g: _set(g, one(g, CG.Intake), CG.sha256Prefix, Literal("2B4DD6B4F694")),
        "lowercase hex",
    ),
    "prefix-as-full-digest": (
        lambda g: _set(g, one(g, CG.Intake), SCHEMA.sha256, Literal("2b4dd6b4f694")),
        "64 lowercase hex",
    ),
    "intake-time-as-date": (
        lambda g: _set(
            g, one(g, CG.Intake), PROV.endedAtTime, Literal("2026-04-19", datatype=XSD.date)
        ),
        "xsd:dateTime",
    ),
    "agent-bad-commit": (
        lambda g: _set(g, one(g, PROV.SoftwareAgent), CG.gitCommit, Literal("not-a-sha")),
        "git commit id",
    ),
    "document-without-digest": (
        lambda g: _set(g, one(g, CG.Digest), SCHEMA.sha256, None),
        "schema:sha256 of its input file",
    ),
    "negative-points": (
        lambda g: _set(
            g,
            one(g, SCHEMA.InteractionCounter),
            SCHEMA.userInteractionCount,
            Literal("-3", datatype=XSD.integer),
        ),
        "non-negative",
    ),
    "section-without-heading": (
        lambda g: _set(g, one(g, CG.Section), SCHEMA.name, None),
        "heading",
    ),
    "start-after-end": (lambda g: _position(g, 9, 3), "not after oa:end"),
    "concept-without-notation": (
        lambda g: _set(g, CG.Blog, URIRef("http://www.w3.org/2004/02/skos/core#notation"), None),
        "skos:notation",
    ),
}


def _position(graph: Graph, start: int, end: int) -> None:
    node = URIRef("https://w3id.org/claimgraph/id/evidence/x-position")
    graph.add((node, RDF.type, OA.TextPositionSelector))
    graph.add((node, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_each_shape_catches_its_breakage(corpus: Graph, shapes: Graph, name: str) -> None:
    graph = Graph()
    graph += corpus
    breakage, message = BREAKAGES[name]
    breakage(graph)
    report = validate_graph(graph, shapes)
    assert not report.conforms
    assert any(message in r.message for r in report.violations), report.render()


def test_shapes_folder_without_shapes_is_an_error(tmp_path: Path) -> None:
    from claimgraph.errors import ShapesError

    with pytest.raises(ShapesError, match="no SHACL shapes"):
        load_shapes(tmp_path)
