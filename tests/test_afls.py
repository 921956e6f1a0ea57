"""The afls data folder: records, stances, camps, integrity, on hand-written fixtures and the
real corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from claimgraph.build import build_dataset, read_all
from claimgraph.readers import read_document
from claimgraph.vocab import CG, OA, PROV, RDF, SCHEMA

from .conftest import CARD_SEED, CORPUS, ROOT, run, shared_corpus

FIXTURE = ROOT / "tests" / "fixtures" / "afls"
ID = "https://w3id.org/claimgraph/id/"


@pytest.fixture(scope="module")
def fixture_graph() -> Graph:
    return build_dataset(read_all([FIXTURE])).union()


def test_fixture_builds_and_counts(tmp_path: Path) -> None:
    result = run("build", str(FIXTURE), "-o", str(tmp_path / "g.ttl"), "--summary", "json")
    assert result.exit_code == 0, result.output
    assert '"sources": 2' in result.stdout
    assert '"claims": 3' in result.stdout
    assert '"evidence": 2' in result.stdout  # one quote behind two edges is one node
    assert '"links": 3' in result.stdout
    assert '"camps": 1' in result.stdout
    assert "the quote is empty" in result.stderr


def test_stances_are_kept_and_never_count_as_support(fixture_graph: Graph) -> None:
    stance = {
        str(fixture_graph.value(link, SCHEMA.identifier)): fixture_graph.value(link, CG.stance)
        for link in fixture_graph.subjects(RDF.type, CG.Link)
    }
    assert stance == {
        "evi_transformer_support": CG.Supports,
        "evi_attention_qualify": CG.Qualifies,
        "evi_survey_contradict": CG.Contradicts,
    }
    enough = URIRef(ID + "claim/desc_attention_is_enough")
    assert set(fixture_graph.subjects(CG.supports, enough)) == set()
    assert len(set(fixture_graph.subjects(CG.qualifies, enough))) == 1
    assert len(set(fixture_graph.subjects(CG.contradicts, enough))) == 1
    quote_node = next(iter(fixture_graph.subjects(CG.qualifies, enough)))
    assert (
        quote_node,
        CG.supports,
        URIRef(ID + "claim/desc_transformer_no_recurrence"),
    ) in fixture_graph


def test_claim_classes_confidence_and_source_facts(fixture_graph: Graph) -> None:
    claim = URIRef(ID + "claim/desc_transformer_no_recurrence")
    assert (claim, RDF.type, CG.DescriptiveClaim) in fixture_graph
    assert fixture_graph.value(claim, CG.confidence) == Literal(
        "0.95", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    )
    assert (
        URIRef(ID + "claim/norm_publish_architectures"),
        RDF.type,
        CG.NormativeClaim,
    ) in fixture_graph
    (paper,) = set(fixture_graph.subjects(SCHEMA.identifier, Literal("src_attention_paper"))) & set(
        fixture_graph.subjects(RDF.type, CG.Source)
    )
    assert (paper, RDF.type, SCHEMA.ScholarlyArticle) in fixture_graph
    assert str(fixture_graph.value(paper, CG.reliability)) == "0.9"
    assert str(fixture_graph.value(paper, SCHEMA.datePublished)) == "2017-06"
    intake = next(iter(fixture_graph.subjects(PROV.used, paper)))
    assert str(fixture_graph.value(intake, SCHEMA.sha256)).startswith("9f2c4e1a")
    assert len(str(fixture_graph.value(intake, SCHEMA.sha256))) == 64
    agent = fixture_graph.value(intake, PROV.wasAssociatedWith)
    assert len(str(fixture_graph.value(agent, CG.gitCommit))) == 40
    record = next(iter(fixture_graph.subjects(SCHEMA.mainEntity, paper)))
    assert str(fixture_graph.value(record, SCHEMA.dateCreated)) == "2026-03-02T10:00:00Z"


def test_camp_agents_resolve_or_stay_flagged(fixture_graph: Graph) -> None:
    camp = URIRef(ID + "afls/camp_open_architectures")
    members = {
        str(fixture_graph.value(m, SCHEMA.name)): m
        for m in fixture_graph.objects(camp, SCHEMA.member)
    }
    assert members["Meta"] == URIRef(ID + "org/meta")
    assert members["Yann LeCun"] == URIRef(ID + "person/yann-lecun")
    flagged = members["allied university research groups"]
    assert (flagged, RDF.type, PROV.Agent) in fixture_graph
    assert fixture_graph.value(flagged, CG.inGazetteer) == Literal(False)
    assert set(fixture_graph.objects(camp, CG.holds)) == {
        URIRef(ID + "claim/desc_transformer_no_recurrence"),
        URIRef(ID + "claim/norm_publish_architectures"),
    }
    (disputed,) = set(fixture_graph.objects(camp, CG.disputes))
    assert (disputed, RDF.type, CG.Evidence) in fixture_graph
    assert len(set(fixture_graph.objects(camp, CG.agentText))) == 3


def test_other_records_keep_their_fields(fixture_graph: Graph) -> None:
    intervention = URIRef(ID + "afls/intv_publish_cards")
    assert (intervention, RDF.type, CG.Intervention) in fixture_graph
    assert str(fixture_graph.value(intervention, CG.leverageScore)) == "0.4"
    assert str(fixture_graph.value(intervention, CG.actionKind)) == "political"
    (score,) = set(fixture_graph.objects(intervention, CG.frictionScore))
    assert fixture_graph.value(score, CG.layer) == URIRef(ID + "afls/friction_disclosure")
    assert str(fixture_graph.value(score, CG.value)) == "0.3"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE, folder)
    return folder


def test_dangling_reference_warns_and_strict_fails(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "evidence" / "evi_transformer_support.yaml"
    path.write_text(
        path.read_text().replace(
            "claim_id: desc_transformer_no_recurrence", "claim_id: desc_missing"
        )
    )
    result = run("build", str(folder), "-o", str(tmp_path / "g.ttl"))
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {path}:1: field 'claim_id': 'desc_missing' is not the id of any record"
        in result.stderr
    )
    assert 'cg:unresolvedReference "claim_id: desc_missing"' in (tmp_path / "g.ttl").read_text()
    strict = run("build", str(folder), "-o", str(tmp_path / "h.ttl"), "--strict")
    assert strict.exit_code == 2
    assert "1 dangling reference(s)" in strict.stderr
    assert not (tmp_path / "h.ttl").exists()


def test_reference_to_the_wrong_kind_is_reported(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "camps" / "camp_open_architectures.yaml"
    path.write_text(
        path.read_text().replace("- norm_publish_architectures", "- src_attention_paper")
    )
    result = run("build", str(folder), "-o", str(tmp_path / "g.ttl"))
    assert (
        "'src_attention_paper' is a source, expected a descriptive_claim or normative_claim"
        in result.stderr
    )


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    shutil.copy(
        folder / "claims" / "normative" / "norm_publish_architectures.yaml",
        folder / "claims" / "descriptive" / "copy.yaml",
    )
    result = run("build", str(folder), "-o", str(tmp_path / "g.ttl"))
    assert result.exit_code == 2
    assert "duplicate id 'norm_publish_architectures': also defined in" in result.stderr
    assert "copy.yaml" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "weight: 0.9",
            "weight: 1.7",
            "evi_transformer_support.yaml:13: field 'weight': 1.7 is out",
        ),
        (
            "supports: support",
            "supports: maybe",
            "evi_transformer_support.yaml:11: field 'supports'",
        ),
        ("weight: 0.9", "weight: [0.9", "evi_transformer_support.yaml:14: invalid YAML"),
    ],
)
def test_bad_evidence_fields_name_file_line_and_field(
    tmp_path: Path, old: str, new: str, where: str
) -> None:
    folder = _copy(tmp_path)
    path = folder / "evidence" / "evi_transformer_support.yaml"
    path.write_text(path.read_text().replace(old, new))
    result = run("build", str(folder), "-o", str(tmp_path / "g.ttl"))
    assert result.exit_code == 2
    assert where in result.stderr


def test_unknown_kind_is_reported_and_kept(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "watchlists").mkdir()
    (folder / "watchlists" / "watch_chips.yaml").write_text(
        "id: watch_chips\nkind: watchlist\nname: Chip export rules\nitems: [a, b]\n"
    )
    out = tmp_path / "g.ttl"
    result = run("build", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "unknown kind 'watchlist'" in result.stderr
    text = out.read_text()
    assert "cg:Record" in text
    assert 'cg:unmappedField "items: [\\"a\\", \\"b\\"]"' in text


def test_afls_record_detected_by_content_not_name(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    shutil.copy(FIXTURE / "claims" / "normative" / "norm_publish_architectures.yaml", path)
    assert read_document(path).kind == "afls"


# ---------------------------------------------------------------- the real corpus


@pytest.fixture(scope="module")
def real_graph() -> Graph:
    data = shared_corpus("afls", "data")
    return build_dataset(read_all([data, CORPUS])).union()


def test_real_corpus_counts(real_graph: Graph) -> None:
    data = shared_corpus("afls", "data")

    def count(cls: URIRef) -> int:
        return len(set(real_graph.subjects(RDF.type, cls)))

    assert count(CG.RecordFile) == sum(1 for _ in data.rglob("*.yaml"))
    source_records = len(list((data / "sources").glob("*.yaml")))
    urls = [
        line
        for p in (data / "sources").glob("*.yaml")
        for line in p.read_text().splitlines()
        if line.startswith("url: http")
    ]
    shared = len(urls) - len(set(urls))
    assert count(CG.Source) == source_records - shared  # one node per URL
    assert count(CG.DescriptiveClaim) + count(CG.NormativeClaim) == len(
        list((data / "claims").rglob("*.yaml"))
    )
    explicit = set(real_graph.subjects(CG.linkMethod, CG.Explicit))
    assert len(explicit) == len(list((data / "evidence").glob("*.yaml")))
    assert count(CG.Camp) == len(list((data / "camps").glob("*.yaml")))


def test_card_quotes_merge_with_afls_evidence_and_get_claims(real_graph: Graph) -> None:
    card = read_document(CARD_SEED)
    assert card.source is not None
    for evidence in card.source.evidence:
        (selector,) = set(real_graph.subjects(OA.exact, Literal(evidence.quote)))
        (node,) = set(real_graph.subjects(OA.hasSelector, selector))
        links = set(real_graph.subjects(CG.evidence, node))
        assert links, evidence.quote
        for link in links:
            assert real_graph.value(link, CG.claim) is not None
            if real_graph.value(link, CG.linkMethod) == CG.Explicit:
                assert real_graph.value(link, CG.stance) == CG.Supports
            else:  # an inferred link (digest key point -> quote) cannot know a stance
                assert real_graph.value(link, CG.linkMethod) == CG.Inferred
                assert real_graph.value(link, CG.stance) is None


def test_llama_release_claim_traces_to_quote_source_author_and_reliability(
    real_graph: Graph,
) -> None:
    rows = list(
        real_graph.query("""
        PREFIX cg: <https://w3id.org/claimgraph/ns#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX schema: <https://schema.org/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?quote ?weight ?method ?title ?author ?reliability WHERE {
          ?claim schema:text ?text .
          FILTER(STRSTARTS(?text, "In July 2024 Meta released Llama 3.1 405B"))
          ?link cg:claim ?claim ; cg:evidence ?ev ; cg:stance cg:Supports .
          ?ev oa:hasSelector/oa:exact ?quote ; cg:weight ?weight ;
              cg:method/skos:notation ?method ; oa:hasSource ?src .
          ?src schema:headline ?title ; schema:author/schema:name ?author ;
               cg:reliability ?reliability .
        }""")
    )
    quote = (
        "We're releasing Llama 3.1 405B, the first frontier-level open source AI model, "
        "as well as new and improved Llama 3.1 70B and 8B models."
    )
    found = [tuple(str(v) for v in row) for row in rows]  # type: ignore[union-attr]
    assert found == [
        (
            quote,
            "0.95",
            "primary_testimony",
            "Open Source AI is the Path Forward",
            "Mark Zuckerberg",
            "0.45",
        )
    ]


def test_contradicting_and_qualifying_evidence_is_never_support(real_graph: Graph) -> None:
    data = shared_corpus("afls", "data")
    expected: dict[str, int] = {}
    for path in (data / "evidence").glob("*.yaml"):
        for line in path.read_text().splitlines():
            if line.startswith("supports: "):
                stance = line.split(": ", 1)[1]
                expected[stance] = expected.get(stance, 0) + 1
    for link in real_graph.subjects(RDF.type, CG.Link):
        evidence, claim = real_graph.value(link, CG.evidence), real_graph.value(link, CG.claim)
        if real_graph.value(link, CG.stance) != CG.Supports:
            assert (evidence, CG.supports, claim) not in real_graph
    by_term = {"support": CG.Supports, "contradict": CG.Contradicts, "qualify": CG.Qualifies}
    found = {
        tag: sum(1 for link in real_graph.subjects(CG.stance, term))
        for tag, term in by_term.items()
    }
    assert found == {tag: expected.get(tag, 0) for tag in by_term}
    assert found["contradict"] > 0
    assert found["qualify"] > 0


def test_real_corpus_conforms(tmp_path: Path) -> None:
    data = shared_corpus("afls", "data")
    out = tmp_path / "afls.ttl"
    result = run("build", str(data), str(CORPUS), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    report = run("validate", str(out))
    assert report.exit_code == 0, report.stdout[-2000:]
    assert "0 violation(s)" in report.stdout
