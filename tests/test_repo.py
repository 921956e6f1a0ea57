"""Repository checks: public API, README, query library, vocabulary coverage."""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.plugins.sparql import prepareQuery

import claimgraph
from claimgraph.build import build_dataset, read_all
from claimgraph.cli import cli
from claimgraph.vocab import CG, OWL, RDF, RDFS

from .conftest import CORPUS, ROOT


def test_all_matches_public_names() -> None:
    public = {
        name
        for name, value in vars(claimgraph).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith("claimgraph")
        and not isinstance(value, type(claimgraph))
    }
    assert public == set(claimgraph.__all__)
    assert claimgraph.__all__ == sorted(claimgraph.__all__)


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert f"claimgraph {name}" in readme, name


def test_readme_names_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[dev]' && claimgraph build corpus/" in readme
    test_command = re.search(r"^python -m pytest.*$", readme, re.MULTILINE)
    assert test_command is not None
    assert test_command.group(0) in ci


def test_every_query_parses() -> None:
    files = sorted((ROOT / "queries").glob("*.rq"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("#"), f"{path.name}: no header comment"
        prepareQuery(text)


def test_every_own_term_in_the_graph_is_defined_in_the_vocabulary() -> None:
    vocab = Graph().parse(ROOT / "graph" / "vocab.ttl")
    built = build_dataset(read_all([CORPUS])).union()
    used = {
        t
        for triple in built
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(CG))
    }
    assert used
    for term in sorted(used):
        assert vocab.value(term, RDFS.label) is not None, f"{term}: no rdfs:label"
        assert vocab.value(term, RDFS.comment) is not None, f"{term}: no rdfs:comment"
        kinds = set(vocab.objects(term, RDF.type))
        if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
            assert vocab.value(term, RDFS.range) is not None, f"{term}: no rdfs:range"
            assert vocab.value(term, RDFS.domain) is not None, f"{term}: no rdfs:domain"


def test_vocab_py_concepts_exist_in_vocab_ttl() -> None:
    from claimgraph.vocab import METHODS, SOURCE_TYPES

    vocab = Graph().parse(ROOT / "graph" / "vocab.ttl")
    for tag, name in METHODS.items():
        assert (CG[name], URIRef("http://www.w3.org/2004/02/skos/core#notation"), None) in vocab
        assert (
            str(vocab.value(CG[name], URIRef("http://www.w3.org/2004/02/skos/core#notation")))
            == tag
        )
    for tag, (name, _) in SOURCE_TYPES.items():
        assert (
            str(vocab.value(CG[name], URIRef("http://www.w3.org/2004/02/skos/core#notation")))
            == tag
        )
