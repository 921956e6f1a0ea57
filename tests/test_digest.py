from __future__ import annotations

import contextlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from claimgraph.errors import ParseError
from claimgraph.model import PartialDate
from claimgraph.readers import detect_format, read_document, read_text

from .conftest import DIGEST_SEED, shared_corpus, source_of

KEY_POINTS = [
    "Meta released Llama 3.1 405B as the first frontier-level open-source AI model",
    "Open-source AI compared to how Linux replaced proprietary Unix",
    "Llama 3.1 can run at ~50% the cost of comparable closed models",
    "Major cloud providers and partners supporting the Llama ecosystem",
    "Argument that open-source AI is safer due to transparency and community review",
]


def test_seed_digest_front_matter() -> None:
    doc = read_document(DIGEST_SEED)
    assert doc.kind == "digest"
    assert doc.digest is not None
    assert (
        source_of(doc).url
        == "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/"
    )
    assert doc.digest.title == "Open source AI is the path forward"
    assert doc.digest.hn_id == "41046773"
    assert doc.digest.hn_url == "https://news.ycombinator.com/item?id=41046773"
    assert doc.digest.date == PartialDate("2026-02-16", "day")
    assert doc.digest.topic == "open source"
    assert doc.digest.via == "hackernews"
    assert doc.digest.points == 2360
    assert doc.digest.tags == ("ai", "llama", "machine-learning", "meta", "open-source", "research")
    assert doc.extra == ()
    assert doc.warnings == ()


def test_seed_digest_sections_and_claims() -> None:
    doc = read_document(DIGEST_SEED)
    assert doc.digest is not None
    assert [(s.heading, s.role) for s in doc.digest.sections] == [
        ("Summary", "summary"),
        ("Key Points", "claims"),
        ("Relevance to open source", "relevance"),
    ]
    assert [c.text for c in doc.digest.claims] == KEY_POINTS
    assert [c.line for c in doc.digest.claims] == [24, 25, 26, 27, 28]  # grep -n "^- " of the seed
    summary = doc.section("summary")
    assert summary is not None
    assert summary.text.startswith("In July 2024, Mark Zuckerberg published")
    assert summary.text.count("\n\n") == 3  # four paragraphs kept


def test_unknown_front_matter_field_is_kept_with_a_warning(tmp_path: Path) -> None:
    text = DIGEST_SEED.read_text().replace("points: 2360", "points: 2360\nauthor_karma: 99")
    path = tmp_path / "d.md"
    path.write_text(text)
    doc = read_document(path)
    assert [(f.name, f.value, f.line) for f in doc.extra] == [("author_karma", "99", 11)]
    assert any("author_karma" in str(w) for w in doc.warnings)


def test_markdown_markup_is_removed_from_claims(tmp_path: Path) -> None:
    path = tmp_path / "d.md"
    path.write_text(
        '---\ntitle: "T"\nurl: https://example.org/a\n---\n# Summary\nS.\n'
        "## Key Takeaways\n1. **Bold** claim with `code`\n2. Second\n   continued\n"
    )
    doc = read_document(path)
    assert doc.digest is not None
    assert [c.text for c in doc.digest.claims] == ["Bold claim with code", "Second continued"]


def test_every_real_digest_reads_with_claims() -> None:
    folder = shared_corpus("digests")
    files = sorted(folder.glob("*.md"))
    assert len(files) >= 40
    for path in files:
        doc = read_document(path)
        assert doc.kind == "digest", path
        assert doc.digest is not None
        assert doc.digest.claims, f"{path}: no claims read"
        assert doc.section("summary") is not None, path
        url = source_of(doc).url
        assert url is not None, path
        assert url.startswith("http"), path


@given(st.text(max_size=400))
def test_read_text_fails_only_with_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        read_text(text, Path("x.md"))


@given(st.text(max_size=300))
def test_front_matter_fuzz_fails_only_with_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        read_text("---\n" + text + "\n---\n# Summary\n", Path("x.md"))


def test_detection_ignores_the_file_name(tmp_path: Path) -> None:
    text = DIGEST_SEED.read_text()
    path = tmp_path / "not-a-card.txt"
    path.write_text(text)
    assert detect_format(text) == "digest"
    assert read_document(path).kind == "digest"
