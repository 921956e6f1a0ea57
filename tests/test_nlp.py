"""Entities (spaCy), alignment and inferred links: seeds against a hand-made gold, the real afls
gold, with and without the statistical model."""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from claimgraph.entities import Gazetteer
from claimgraph.nlp.align import DEFAULT_THRESHOLD, align, claim_passage, quantities
from claimgraph.nlp.pipeline import SpacyFinder, available_model, load_nlp
from claimgraph.pipeline import BuildOptions, build_files
from claimgraph.vocab import CG, OA, RDF, SCHEMA

from .conftest import CORPUS, ROOT, shared_corpus

GOLD = json.loads((ROOT / "tests" / "gold" / "seed_links.json").read_text(encoding="utf-8"))


def _graph(tmp_path: Path, *inputs: Path, ner: str = "off") -> Graph:
    out = tmp_path / f"g-{ner}.ttl"
    build_files(list(inputs), BuildOptions(output=out, ner=ner))
    return Graph().parse(out)


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    return _graph(tmp_path_factory.mktemp("seeds"), CORPUS)


def test_quantities_compare_approximations_and_units() -> None:
    assert quantities("at roughly 50% the cost") == quantities("at ~50% the cost") == {"50%"}
    assert quantities("Llama 3.1 405B") == {"3.1", "405b"}
    assert quantities("a $600 billion gap") == quantities("a 600B gap") == {"600b"}
    assert quantities("grew 40 percent") == {"40%"}


def test_seed_key_points_link_to_the_gold_quotes(seed_graph: Graph) -> None:
    found: dict[str, list[str]] = {}
    for link in seed_graph.subjects(CG.linkMethod, CG.Inferred):
        claim = str(seed_graph.value(seed_graph.value(link, CG.claim), SCHEMA.text))
        selector = seed_graph.value(seed_graph.value(link, CG.evidence), OA.hasSelector)
        found.setdefault(claim, []).append(str(seed_graph.value(selector, OA.exact)))
        assert seed_graph.value(link, CG.stance) is None  # an inferred link knows no stance
        score = float(seed_graph.value(link, CG.score))  # type: ignore[arg-type]
        assert DEFAULT_THRESHOLD <= score <= 1
    for item in GOLD["links"]:
        quotes = found.get(item["claim"], [])
        if item["quote_starts"] is None:
            assert quotes == [], item["claim"]
        else:
            assert len(quotes) == 1, item["claim"]
            assert quotes[0].startswith(item["quote_starts"])


def test_lower_threshold_adds_links_and_no_align_removes_them(tmp_path: Path) -> None:
    def links(**options: object) -> int:
        out = tmp_path / "g.ttl"
        options.setdefault("prose_claims", False)
        build_files([CORPUS], BuildOptions(output=out, **options))  # type: ignore[arg-type]
        return len(set(Graph().parse(out).subjects(CG.linkMethod, CG.Inferred)))

    assert links() == 3
    assert links(align_threshold=0.2) > 3
    assert links(align_threshold=None) == 0


def test_canonical_entities_appear_once(seed_graph: Graph) -> None:
    names = [
        str(seed_graph.value(n, SCHEMA.name))
        for cls in (SCHEMA.Organization, SCHEMA.Person)
        for n in seed_graph.subjects(RDF.type, cls)
    ]
    for name in (
        "Meta",
        "Amazon",
        "NVIDIA",
        "Databricks",
        "Microsoft",
        "Google",
        "Oracle",
        "OpenAI",
        "Anthropic",
        "Mark Zuckerberg",
    ):
        assert names.count(name) == 1, name
    assert "AWS" not in names
    assert "Azure" not in names
    summary = next(iter(seed_graph.subjects(RDF.type, CG.Digest)))
    mentioned = {
        str(seed_graph.value(m, SCHEMA.name)) for m in seed_graph.objects(summary, SCHEMA.mentions)
    }
    assert {"Meta", "Mark Zuckerberg", "Amazon", "Linux", "GPT-4o"} <= mentioned


def test_blank_pipeline_resolves_aliases_through_the_ruler() -> None:
    gazetteer = Gazetteer.load()
    finder = SpacyFinder(load_nlp(gazetteer), gazetteer)
    keys = [
        e.key
        for e in finder.find(
            "Meta AI (Llama family) runs on AWS and Azure, with Databricks and OpenAI."
        )
    ]
    assert keys == [
        "org/amazon",
        "org/databricks",
        "org/meta",
        "org/microsoft",
        "org/openai",
        "product/llama",
    ]
    assert finder.sentences("One claim. Another one.") == ["One claim.", "Another one."]


needs_model = pytest.mark.skipif(
    available_model() is None, reason="no statistical spaCy model (pip install '.[ner]')"
)


@needs_model
def test_statistical_model_keeps_gazetteer_entities_and_flags_new_ones() -> None:
    gazetteer = Gazetteer.load()
    finder = SpacyFinder(load_nlp(gazetteer, ner="auto"), gazetteer)
    found = {
        e.key: e
        for e in finder.find(
            "Databricks and OpenAI signed a deal with Siemens in Munich, said Satya Nadella."
        )
    }
    assert found["org/databricks"].known  # not a place
    assert found["org/openai"].known
    unknown = [e for e in found.values() if not e.known]
    assert any(e.name == "Satya Nadella" and e.kind == "person" for e in unknown)


@needs_model
def test_build_with_the_model_flags_unknown_entities(tmp_path: Path) -> None:
    graph = _graph(tmp_path, CORPUS, ner="auto")
    key_point_links = {
        link
        for link in graph.subjects(CG.linkMethod, CG.Inferred)
        if (graph.value(link, CG.claim), RDF.type, CG.ProseClaim) not in graph
    }
    assert len(key_point_links) == 3
    flagged = set(graph.subjects(CG.inGazetteer, Literal(False)))
    for node in flagged:
        assert graph.value(node, SCHEMA.name) is not None


def test_without_the_model_auto_falls_back_to_the_blank_pipeline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("claimgraph.nlp.pipeline.MODELS", ("no_such_model_package",))
    nlp = load_nlp(Gazetteer.load(), ner="auto")
    assert nlp.pipe_names == ["sentencizer", "entity_ruler"]


def test_claim_label_words_count() -> None:
    passage = claim_passage("c", "Meta released a model", label="desc_llama_31_405b_release")
    assert passage.text.endswith("llama 31 405b release")


def test_alignment_scores_are_bounded_and_stable() -> None:
    quotes = [
        claim_passage(str(i), t)
        for i, t in enumerate(
            ["We released Llama 3.1 405B.", "Costs fell by roughly 50%.", "Nothing related here."]
        )
    ]
    claims = [
        claim_passage("a", "Llama 3.1 405B was released"),
        claim_passage("b", "Costs are down ~50%"),
    ]
    first, second = align(quotes, claims), align(quotes, claims)
    assert first.scores == second.scores
    assert all(0 <= s <= 1 for row in first.scores for s in row)
    assert first.ranked(0)[0][1] == "a"
    assert first.ranked(1)[0][1] == "b"


def test_align_benchmark_on_the_real_gold(capsys: pytest.CaptureFixture[str]) -> None:
    data = shared_corpus("afls", "data")
    argv = sys.argv
    sys.argv = ["align.py", str(data)]
    try:
        runpy.run_path(str(ROOT / "benchmarks" / "align.py"), run_name="__main__")
    finally:
        sys.argv = argv
    out = capsys.readouterr().out
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("-- all"))
    overall, baseline = lines[start + 1], lines[start + 2]
    top1 = float(overall.split("top-1")[1].split()[0])
    assert top1 >= 0.90, out
    assert float(baseline.split("top-1")[1].split()[0]) < top1


def test_key_point_matches_the_afls_claim_it_repeats(tmp_path: Path) -> None:
    data = shared_corpus("afls", "data")
    graph = _graph(tmp_path, data, CORPUS)
    key_point = next(
        graph.subjects(
            SCHEMA.text,
            Literal(
                "Meta released Llama 3.1 405B as the first frontier-level open-source AI model"
            ),
        )
    )
    matched = {str(c).rsplit("/", 1)[-1] for c in graph.objects(key_point, CG.sameClaimAs)}
    assert matched == {"desc_llama_31_405b_release"}
    for match in graph.subjects(RDF.type, CG.ClaimMatch):
        assert graph.value(match, CG.linkMethod) == CG.Inferred
        assert graph.value(match, CG.stance) is None
