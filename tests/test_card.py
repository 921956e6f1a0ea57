from __future__ import annotations

import contextlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from claimgraph.errors import ParseError
from claimgraph.model import PartialDate
from claimgraph.readers import read_document, read_text

from .conftest import CARD_SEED, shared_corpus, source_of

QUOTE_STARTS = [
    "We're releasing Llama 3.1 405B",
    "Amazon, Databricks, and NVIDIA",
    "Our adversaries are great at espionage",
    "a key difference between Meta",
    "Developers can run inference on Llama 3.1 405B",
]


def test_seed_card_fields() -> None:
    doc = read_document(CARD_SEED)
    source = source_of(doc)
    assert doc.kind == "card"
    assert source.source_type == "blog"
    assert source.title == "Open Source AI is the Path Forward"
    assert source.identifier == "src_zuckerberg_open_source_ai"
    assert source.url == "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/"
    assert source.authors == ("Mark Zuckerberg",)
    assert source.published == PartialDate("2024-07-23", "day")
    assert source.accessed == PartialDate("2026-04-19", "day")
    assert source.notes is not None
    assert source.notes.startswith("Corporate blog post by Meta CEO.")
    assert doc.warnings == ()


def test_seed_card_intake_keeps_the_truncated_digest_as_a_prefix() -> None:
    intake = source_of(read_document(CARD_SEED)).intake
    assert intake is not None
    assert (intake.method, intake.tool_name, intake.tool_version) == (
        "httpx",
        "afls-ingest",
        "0.0.1",
    )
    assert intake.git_sha == "4d098737f648"
    assert intake.at == "2026-04-19T20:22:45.301355Z"
    assert intake.sha256 == "2b4dd6b4f694"
    assert intake.sha256_is_prefix is True


def test_seed_card_evidence() -> None:
    evidence = source_of(read_document(CARD_SEED)).evidence
    assert [e.weight for e in evidence] == [
        Decimal(w) for w in ("0.95", "0.9", "0.85", "0.85", "0.6")
    ]
    assert [e.method for e in evidence] == ["primary_testimony"] * 4 + ["expert_estimate"]
    assert evidence[0].locator == "paragraph 3 ('Today we're taking the next steps...')"
    assert evidence[4].locator == (
        "'Why Open Source AI Is Good for Developers' section, efficiency bullet"
    )
    assert [e.quote.startswith(s) for e, s in zip(evidence, QUOTE_STARTS, strict=True)] == [
        True
    ] * 5
    assert evidence[4].quote == (
        "Developers can run inference on Llama 3.1 405B on their own infra at roughly 50% the "
        "cost of using closed models like GPT-4o, for both user-facing and offline inference "
        "tasks."
    )
    assert [e.line for e in evidence] == [22, 25, 28, 31, 34]


def render_card(source: dict[str, Any], evidence: list[dict[str, Any]]) -> str:
    """An afls source rendered in the layout of the seed card (the afls site's text page)."""
    lines = [f"source · {source['source_kind']}", source["title"], source["id"]]
    if source.get("url"):
        lines.append(source["url"])
    lines.append("authors: " + ", ".join(source.get("authors") or []))
    for key in ("published", "accessed"):
        if source.get(f"{key}_at"):
            lines.append(f"{key}: {source[f'{key}_at']}")
    if source.get("notes"):
        lines += ["Notes", source["notes"]]
    prov = source.get("provenance")
    if prov:
        lines += [
            "Intake provenance",
            "- method",
            f"- {prov['method']}",
            "- tool",
            f"- {prov['tool']}",
            "- git sha",
            f"- {prov['git_sha'][:12]}",
            "- at",
            f"- {prov['at']}",
            "- sha256",
            f"- {prov['raw_content_hash'][:12]}…",
        ]
    lines.append(f"Evidence from this source ({len(evidence)})")
    for item in sorted(evidence, key=lambda e: -e["weight"]):
        lines += [
            f"- weight{item['weight']:.2f}",
            f"method: {item['method_tag']} · locator: {item['locator']}",
            f"“{item['quote']}”",
        ]
    return "\n".join(lines)


def test_cards_rendered_from_the_real_afls_graph_read_back() -> None:
    data = shared_corpus("afls", "data")
    evidence: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((data / "evidence").glob("*.yaml")):
        item = yaml.safe_load(path.read_text())
        evidence.setdefault(item["source_id"], []).append(item)
    sources = sorted((data / "sources").glob("*.yaml"))
    assert len(sources) >= 100
    for path in sources:
        source = yaml.safe_load(path.read_text())
        items = evidence.get(source["id"], [])
        doc = read_text(render_card(source, items), Path(path.name))
        read = source_of(doc)
        assert read.identifier == source["id"]
        assert read.title == source["title"].strip()
        assert read.url == (source["url"] or None)
        authors = [a.strip() for a in source.get("authors") or []]
        if not any("," in a for a in authors):  # "A, B" is ambiguous in the rendered page
            assert list(read.authors) == authors
        for key in ("published", "accessed"):
            value = str(source.get(f"{key}_at") or "")
            assert str(getattr(read, key) or "") == value
        assert read.source_type == source["source_kind"]
        quotes = sorted(" ".join(e["quote"].split()) for e in items)
        assert sorted(" ".join(e.quote.split()) for e in read.evidence) == quotes
        assert sorted(e.weight or 0 for e in read.evidence) == sorted(
            Decimal(str(e["weight"])) for e in items
        )
        if source.get("provenance"):
            assert read.intake is not None
            assert read.intake.sha256 == source["provenance"]["raw_content_hash"][:12]


@given(st.text(max_size=400))
def test_card_fuzz_fails_only_with_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        read_text("source · blog\n" + text, Path("x.txt"))


@given(st.lists(st.sampled_from(CARD_SEED.read_text(encoding="utf-8").split("\n")), max_size=40))
def test_shuffled_seed_lines_fail_only_with_parse_error(lines: list[str]) -> None:
    with contextlib.suppress(ParseError):
        read_text("source · blog\n" + "\n".join(lines), Path("x.txt"))
