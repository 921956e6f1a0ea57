from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import cast

import pytest
from rdflib import Graph, Literal, URIRef

from claimgraph.build import build_dataset, read_all, summarise
from claimgraph.iris import clean_url, url_key
from claimgraph.readers import read_document, read_text
from claimgraph.vocab import CG, OA, PROV, RDF, SCHEMA, XSD

from .conftest import CARD_SEED, CORPUS, DIGEST_SEED, shared_corpus, source_of


@pytest.fixture(scope="module")
def corpus_graph() -> Graph:
    return build_dataset(read_all([CORPUS])).union()


def test_corpus_counts(corpus_graph: Graph) -> None:
    summary = summarise(corpus_graph)
    assert (
        summary.documents,
        summary.sources,
        summary.claims,
        summary.evidence,
        summary.people,
    ) == (2, 1, 13, 5, 1)
    key_points = set(corpus_graph.subjects(RDF.type, SCHEMA.Claim)) - set(
        corpus_graph.subjects(RDF.type, CG.ProseClaim)
    )
    assert len(key_points) == 5
    assert summary.organisations >= 8
    assert len(set(corpus_graph.subjects(RDF.type, CG.Intake))) == 1
    assert len(set(corpus_graph.subjects(RDF.type, CG.Digest))) == 1


def test_one_source_node_carries_both_documents(corpus_graph: Graph) -> None:
    (source,) = set(corpus_graph.objects(None, SCHEMA.about))
    assert set(corpus_graph.subjects(SCHEMA.about, source)) >= set(
        corpus_graph.subjects(CG.inputFile, None)
    )
    assert (source, RDF.type, SCHEMA.BlogPosting) in corpus_graph
    assert corpus_graph.value(source, SCHEMA.identifier) == Literal("src_zuckerberg_open_source_ai")
    assert corpus_graph.value(source, SCHEMA.datePublished) == Literal(
        "2024-07-23", datatype=XSD.date
    )
    assert corpus_graph.value(source, CG.typePrior) == Literal(Decimal("0.35"))
    author = corpus_graph.value(source, SCHEMA.author)
    assert (author, RDF.type, SCHEMA.Person) in corpus_graph
    assert corpus_graph.value(author, SCHEMA.name) == Literal("Mark Zuckerberg")
    meta = corpus_graph.value(author, SCHEMA.worksFor)
    assert corpus_graph.value(meta, SCHEMA.name) == Literal("Meta")
    assert corpus_graph.value(source, SCHEMA.publisher) == meta


def test_evidence_quotes_weights_methods_locators(corpus_graph: Graph) -> None:
    card = read_document(CARD_SEED)
    rows = []
    for evidence in corpus_graph.subjects(RDF.type, CG.Evidence):
        selector = corpus_graph.value(evidence, OA.hasSelector)
        rows.append(
            (
                str(corpus_graph.value(selector, OA.exact)),
                cast(Literal, corpus_graph.value(evidence, CG.weight)).toPython(),
                str(
                    corpus_graph.value(
                        corpus_graph.value(evidence, CG.method),
                        URIRef("http://www.w3.org/2004/02/skos/core#notation"),
                    )
                ),
                str(corpus_graph.value(evidence, CG.locator)),
            )
        )
    expected = [(e.quote, e.weight, e.method, e.locator) for e in source_of(card).evidence]
    assert sorted(rows) == sorted(expected)
    assert sorted(w for _, w, _, _ in rows) == [
        Decimal(x) for x in ("0.6", "0.85", "0.85", "0.9", "0.95")
    ]


def test_truncated_digest_is_a_prefix_never_a_full_digest(corpus_graph: Graph) -> None:
    (intake,) = set(corpus_graph.subjects(RDF.type, CG.Intake))
    assert corpus_graph.value(intake, CG.sha256Prefix) == Literal("2b4dd6b4f694")
    assert corpus_graph.value(intake, SCHEMA.sha256) is None
    assert corpus_graph.value(intake, PROV.endedAtTime) == Literal(
        "2026-04-19T20:22:45.301355Z", datatype=XSD.dateTime, normalize=False
    )
    agent = corpus_graph.value(intake, PROV.wasAssociatedWith)
    assert corpus_graph.value(agent, SCHEMA.softwareVersion) == Literal("0.0.1")
    for _, _, digest in corpus_graph.triples((None, SCHEMA.sha256, None)):
        assert len(str(digest)) == 64


def test_aliases_resolve_to_one_organisation(corpus_graph: Graph) -> None:
    names = sorted(
        str(corpus_graph.value(o, SCHEMA.name))
        for o in corpus_graph.subjects(RDF.type, SCHEMA.Organization)
    )
    assert names == [
        "Amazon",
        "Anthropic",
        "Databricks",
        "Google",
        "Meta",
        "Microsoft",
        "NVIDIA",
        "OpenAI",
        "Oracle",
    ]
    quote = next(
        e
        for e in corpus_graph.subjects(RDF.type, CG.Evidence)
        if "AWS" in str(corpus_graph.value(corpus_graph.value(e, OA.hasSelector), OA.exact))
    )
    mentioned = {
        str(corpus_graph.value(o, SCHEMA.name))
        for o in corpus_graph.objects(quote, SCHEMA.mentions)
    }
    assert {"Amazon", "Microsoft"} <= mentioned  # AWS and Azure, not new nodes
    assert "AWS" not in names
    assert "Azure" not in names


def test_one_named_graph_per_document_with_its_file_provenance() -> None:
    result = build_dataset(read_all([CORPUS]))
    named = {g.identifier: g for g in result.dataset.graphs() if len(g)}
    assert len(named) == 4  # one per document, the inferred links, the support scores
    assert URIRef("https://w3id.org/claimgraph/id/graph/alignment") in named
    assert URIRef("https://w3id.org/claimgraph/id/graph/support") in named
    for doc in result.documents:
        graph = named[URIRef(f"https://w3id.org/claimgraph/id/doc/{doc.stem.replace('_', '-')}")]
        iri = graph.identifier
        assert graph.value(iri, CG.inputFile) == Literal(doc.name)
        assert graph.value(iri, SCHEMA.sha256) == Literal(doc.sha256)


@pytest.mark.parametrize(
    "variant",
    [
        "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/",
        "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward",
        "HTTPS://About.FB.com/news/2024/07/open-source-ai-is-the-path-forward/",
        "http://about.fb.com:80/news/2024/07/open-source-ai-is-the-path-forward/?utm_source=x",
        "https://www.about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/#top",
    ],
)
def test_url_variants_merge_into_one_source(variant: str) -> None:
    canonical = "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/"
    assert url_key(variant) == url_key(canonical)
    text = DIGEST_SEED.read_text().replace(canonical, variant)
    docs = [read_text(text, Path("variant.md")), read_document(CARD_SEED)]
    graph = build_dataset(docs).union()
    assert len(set(graph.objects(None, SCHEMA.about))) == 1


def test_clean_url_keeps_meaningful_query_and_path() -> None:
    assert clean_url("HTTP://Ex.org:80/a/B/?id=3&utm_medium=m#frag") == "http://ex.org/a/B/?id=3"
    assert url_key("https://ex.org/a?b=2&a=1") == url_key("https://ex.org/a/?a=1&b=2")
    assert url_key("https://ex.org/a?id=1") != url_key("https://ex.org/a?id=2")


def test_real_digests_build_and_conform(shapes: Graph) -> None:
    from claimgraph.validate import merge_reports, validate_graph

    folder = shared_corpus("digests")
    result = build_dataset(read_all([folder, CORPUS]))
    summary = result.summary()
    assert summary.documents == len(list(folder.glob("*.md"))) + 2
    # the seed digest is one of the real digests: same URL, still one source for the three
    assert summary.sources == len({url_key(source_of(d).url or "") for d in result.documents})
    report = merge_reports([validate_graph(g, shapes) for g in result.document_graphs()])
    assert report.conforms, report.render()
