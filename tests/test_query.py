"""The query library and the query/trace commands, on the seed corpus and the afls corpus."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph

from claimgraph.query import list_queries, load_query, parse_params, run_query

from .conftest import CORPUS, ROOT, run, shared_corpus

KEY_POINTS = {
    "405b": "Meta released Llama 3.1 405B as the first frontier-level open-source AI model",
    "linux": "Open-source AI compared to how Linux replaced proprietary Unix",
    "cost": "Llama 3.1 can run at ~50% the cost of comparable closed models",
    "cloud": "Major cloud providers and partners supporting the Llama ecosystem",
    "safer": "Argument that open-source AI is safer due to transparency and community review",
}


@pytest.fixture(scope="module")
def afls_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = shared_corpus("afls", "data")
    out = tmp_path_factory.mktemp("q") / "afls.ttl"
    assert run("build", str(data), str(CORPUS), "-o", str(out), "-q").exit_code == 0
    return out


def rows(graph_file: Path, name: str, *params: str) -> list[dict[str, str]]:
    args = ["query", name, str(graph_file), "--format", "csv"]
    for param in params:
        args += ["--param", param]
    result = run(*args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_every_library_query_is_listed_with_a_description() -> None:
    result = run("query", "--list")
    assert result.exit_code == 0
    names = {q.name for q in list_queries()}
    assert names >= {
        "claim-evidence",
        "unsupported-claims",
        "single-source-claims",
        "interested-party",
        "evidence-by-method",
        "organisation-claims",
        "source-provenance",
        "weakest-links",
        "contested-claims",
        "camp-claims",
    }
    for info in list_queries():
        assert info.description, info.name
        assert info.name in result.stdout


def test_claim_evidence_lists_the_supported_key_points(corpus_ttl: Path) -> None:
    found = {
        (r["claimText"], r["quote"][:30], r["weight"], r["link"])
        for r in rows(corpus_ttl, "claim-evidence")
    }
    assert (KEY_POINTS["405b"], "We're releasing Llama 3.1 405B", "0.95", "inferred") in found
    assert (KEY_POINTS["cost"], "Developers can run inference o", "0.6", "inferred") in found
    assert (KEY_POINTS["cloud"], "Amazon, Databricks, and NVIDIA", "0.9", "inferred") in found
    texts = {text for text, _, _, _ in found}
    assert KEY_POINTS["linux"] not in texts
    assert KEY_POINTS["safer"] not in texts
    assert rows(corpus_ttl, "claim-evidence", "explicitOnly=true") == []
    strict = {r["claimText"] for r in rows(corpus_ttl, "claim-evidence", "minScore=0.8")}
    assert strict == {KEY_POINTS["405b"], KEY_POINTS["cost"]}


def test_unsupported_claims(corpus_ttl: Path) -> None:
    texts = {r["claimText"] for r in rows(corpus_ttl, "unsupported-claims")}
    assert {KEY_POINTS["linux"], KEY_POINTS["safer"]} <= texts
    assert not texts & {KEY_POINTS["405b"], KEY_POINTS["cost"], KEY_POINTS["cloud"]}
    stricter = {r["claimText"] for r in rows(corpus_ttl, "unsupported-claims", "minScore=0.7")}
    assert KEY_POINTS["cloud"] in stricter  # its only link scores 0.57


def test_interested_party_flags_claims_resting_on_the_ceo(corpus_ttl: Path) -> None:
    found = {r["claimText"]: r for r in rows(corpus_ttl, "interested-party")}
    for key in ("405b", "cost", "cloud"):
        assert found[KEY_POINTS[key]]["organisation"] == "Meta"
        assert found[KEY_POINTS[key]]["author"] == "Mark Zuckerberg"
    assert KEY_POINTS["linux"] not in found


def test_single_source_and_weakest_links(corpus_ttl: Path) -> None:
    single = {r["claimText"]: r for r in rows(corpus_ttl, "single-source-claims")}
    assert single[KEY_POINTS["405b"]]["voice"] == "Meta"
    assert single[KEY_POINTS["405b"]]["sources"] == "1"
    weakest = rows(corpus_ttl, "weakest-links")
    assert weakest[0]["supportScore"] == "0.0000"
    assert "unsupported" in weakest[0]["flags"]
    scores = [float(r["supportScore"]) for r in weakest]
    assert scores == sorted(scores)


def test_evidence_by_method_and_provenance(corpus_ttl: Path) -> None:
    methods = {r["method"]: r for r in rows(corpus_ttl, "evidence-by-method")}
    assert methods["primary_testimony"]["items"] == "4"
    assert float(methods["primary_testimony"]["meanWeight"]) == pytest.approx(0.8875)
    assert methods["expert_estimate"]["items"] == "1"
    (provenance,) = rows(corpus_ttl, "source-provenance")
    assert provenance["sha256Prefix"] == "2b4dd6b4f694"
    assert provenance["sha256"] == ""
    assert provenance["tool"] == "afls-ingest"
    assert provenance["version"] == "0.0.1"
    assert provenance["accessed"] == "2026-04-19"


def test_organisation_claims(corpus_ttl: Path) -> None:
    meta = rows(
        corpus_ttl, "organisation-claims", "organisation=https://w3id.org/claimgraph/id/org/meta"
    )
    assert {r["name"] for r in meta} == {"Meta"}
    assert KEY_POINTS["405b"] in {r["claimText"] for r in meta}


def test_contested_claims_on_afls_keep_each_stance(afls_ttl: Path) -> None:
    found = rows(afls_ttl, "contested-claims")
    stances = {r["stance"] for r in found}
    assert {"contradict", "qualify", "support"} <= stances
    by_claim: dict[str, set[str]] = {}
    for r in found:
        by_claim.setdefault(r["claim"], set()).add(r["stance"])
    assert all(s & {"contradict", "qualify"} for s in by_claim.values())
    assert any(
        r["claim"].endswith("desc_palantir_dominant") and r["stance"] == "contradict" for r in found
    )


def test_camp_claims_on_afls(afls_ttl: Path) -> None:
    import yaml

    data = shared_corpus("afls", "data")
    expected = set()
    for path in (data / "camps").glob("*.yaml"):
        camp = yaml.safe_load(path.read_text(encoding="utf-8"))
        for claim in (camp.get("held_descriptive") or []) + (camp.get("held_normative") or []):
            expected.add((camp["name"], claim))
    found = rows(afls_ttl, "camp-claims")
    assert {(r["campName"], r["claim"].rsplit("/", 1)[-1]) for r in found} == expected
    for r in found:
        assert int(r["sources"]) <= int(r["quotes"])
        if r["claim"].endswith("desc_llama_31_405b_release"):
            assert r["quotes"] == "1"


def test_json_parses_with_pyoxigraph_and_csv_round_trips(corpus_ttl: Path) -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    result = run("query", "claim-evidence", str(corpus_ttl), "--format", "json")
    assert result.exit_code == 0
    parsed = pyoxigraph.parse_query_results(
        result.stdout_bytes, format=pyoxigraph.QueryResultsFormat.JSON
    )
    solutions = list(parsed)
    assert len(solutions) == len(json.loads(result.stdout)["results"]["bindings"]) > 0
    xml = run("query", "claim-evidence", str(corpus_ttl), "--format", "xml")
    assert len(
        list(
            pyoxigraph.parse_query_results(
                xml.stdout_bytes, format=pyoxigraph.QueryResultsFormat.XML
            )
        )
    ) == len(solutions)
    table = list(
        csv.reader(
            io.StringIO(run("query", "claim-evidence", str(corpus_ttl), "--format", "csv").stdout)
        )
    )
    again = io.StringIO()
    csv.writer(again, lineterminator="\r\n").writerows(table)
    assert csv.reader(io.StringIO(again.getvalue())).__next__() == table[0]
    assert len(table) - 1 == len(solutions)


def test_parameters_are_bound_not_injected(corpus_ttl: Path) -> None:
    graph = Graph().parse(corpus_ttl)
    _, text = load_query("claim-evidence")
    evil = 'x" } } UNION { ?claim ?p ?o } #{'
    result = run_query(graph, text, parse_params([f"claim={evil}"]))
    assert list(result) == []  # bound as a string literal: matches no claim, changes no query
    cli = run("query", "unsupported-claims", str(corpus_ttl), "--param", f"minScore={evil}")
    assert cli.exit_code == 0


def test_syntax_error_points_at_line_and_column(tmp_path: Path, corpus_ttl: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(?s = \n}\n")
    result = run("query", str(bad), str(corpus_ttl))
    assert result.exit_code == 2
    assert "SPARQL syntax error at line" in result.stderr
    assert "column" in result.stderr
    unknown = run("query", "no-such-query", str(corpus_ttl))
    assert unknown.exit_code == 2
    assert "claim-evidence" in unknown.stderr


def test_table_format_is_readable(corpus_ttl: Path) -> None:
    result = run("query", "evidence-by-method", str(corpus_ttl))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split(" | ")[0].strip() == "method"
    assert lines[-1] == "(2 rows)"


def test_trace_prints_the_chain_and_a_verdict(corpus_ttl: Path) -> None:
    result = run("trace", "~50% the cost", str(corpus_ttl))
    assert result.exit_code == 0, result.output
    out = result.stdout
    for piece in (
        "claim: Llama 3.1 can run at ~50% the cost",
        "inferred link",
        "weight 0.6, expert_estimate",
        "roughly 50% the cost",
        "source: Open Source AI is the Path Forward",
        "author: Mark Zuckerberg (works for Meta)",
        "publisher: Meta",
        "intake:",
        "afls-ingest 0.0.1",
        "2b4dd6b4f694… (prefix only)",
        "Verdict: supported by 1 quote from 1 source",
    ):
        assert piece in out, piece
    assert "interested-party" in out
    ambiguous = run("trace", "Llama", str(corpus_ttl))
    assert ambiguous.exit_code == 2
    assert "claims contain 'Llama'" in ambiguous.stderr
    unsupported = run("trace", "Linux replaced", str(corpus_ttl))
    assert "(no evidence linked)" in unsupported.stdout
    assert "flags: unsupported" in unsupported.stdout


def test_library_queries_match_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "claimgraph query claim-evidence" in readme
