from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import CARD_SEED, CORPUS, DIGEST_SEED, run

DIGEST = DIGEST_SEED.read_text(encoding="utf-8")
CARD = CARD_SEED.read_text(encoding="utf-8")


def test_build_corpus_prints_the_summary(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = run("build", str(CORPUS), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        f"built {out}: 2 documents, 1 source, 13 claims, 5 evidence items, 1 person, "
        "9 organisations, 421 triples, 6 claim-evidence links"
    )
    assert out.read_text().startswith("@prefix")


def test_build_summary_json(tmp_path: Path) -> None:
    result = run("build", str(CORPUS), "-o", str(tmp_path / "g.nt"), "--summary", "json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["format"] == "nt"
    assert summary["claims"] == 13  # 5 key points, 8 checkable sentences of the prose
    assert summary["evidence"] == 5


def test_validate_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "g.ttl"
    assert run("build", str(CORPUS), "-o", str(good)).exit_code == 0
    result = run("validate", str(good))
    assert result.exit_code == 0
    assert "conforms" in result.stdout
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        good.read_text()
        .replace("cg:weight 0.95", "cg:weight 1.7")
        .replace('cg:sha256Prefix "2b4dd6b4f694"', 'cg:sha256Prefix "2B4DD6"')
    )
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert "[Violation] ev:" in result.stdout
    assert "cg:weight" in result.stdout
    assert "between 0 and 1" in result.stdout
    assert "lowercase hex" in result.stdout
    report = json.loads(run("validate", str(bad), "--format", "json").stdout)
    assert report["conforms"] is False
    assert len(report["results"]) == 2
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix x: <http://x/> .\nx:a x:b x:c ;\n x:d .\n")
    result = run("validate", str(broken))
    assert result.exit_code == 2
    assert "broken.ttl" in result.stderr
    assert "Traceback" not in result.output


def _card(**replace: str) -> str:
    text = CARD
    for old, new in replace.items():
        text = text.replace(old, new)
    return text


BAD_INPUTS = {
    "missing-url.md": (
        DIGEST.replace(
            'url: "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/"\n', ""
        ),
        1,
        "url",
        "missing",
    ),
    "missing-title.md": (
        DIGEST.replace('title: "Open source AI is the path forward"\n', ""),
        1,
        "title",
        "missing",
    ),
    "missing-card-title.txt": (
        _card(**{"Open Source AI is the Path Forward\n": ""}),
        2,
        "title",
        "missing",
    ),
    "missing-card-url-and-id.txt": (
        _card(
            **{
                "src_zuckerberg_open_source_ai\n": "",
                "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/\n": "",
            }
        ),
        3,
        "url",
        "missing",
    ),
    "missing-quote.txt": (CARD.rsplit("\n", 1)[0], 34, "quote", "missing"),
    "weight-abc.txt": (_card(**{"weight0.95": "weightabc"}), 22, "weight", "not a number"),
    "weight-1.7.txt": (_card(**{"weight0.60": "weight1.7"}), 34, "weight", "out of range"),
    "bad-date.txt": (
        _card(**{"published: 2024-07-23": "published: 2024-02-30"}),
        6,
        "published",
        "not a valid date",
    ),
    "bad-digest-date.md": (
        DIGEST.replace("date: 2026-02-16", "date: 16/02/2026"),
        6,
        "date",
        "not a valid date",
    ),
    "broken-front-matter.md": (
        DIGEST.replace("tags: [research,", "tags: [research").replace("]", ""),
        9,
        "front matter",
        "broken YAML",
    ),
    "unclosed-front-matter.md": (
        DIGEST.replace("points: 2360\n---", "points: 2360\n"),
        1,
        "front matter",
        "not closed",
    ),
    "count-mismatch.txt": (
        _card(**{"Evidence from this source (5)": "Evidence from this source (6)"}),
        21,
        "Evidence from this source",
        "announces 6 evidence items but lists 5",
    ),
    "bad-sha.txt": (_card(**{"2b4dd6b4f694": "zz4dd6b4f694"}), 10, "sha256", "not a sha256"),
    "unknown.txt": ("Just some notes\nabout nothing in particular.\n", 1, None, "unknown format"),
    "empty.md": ("", None, None, "empty"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_fails_with_a_clear_message_and_no_output(tmp_path: Path, name: str) -> None:
    text, line, field, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out" / "g.ttl"
    result = run("build", str(path), "-o", str(out))
    assert result.exit_code == 2, result.output
    message = result.stderr
    assert "Traceback" not in result.output
    assert message.count("Error:") == 1
    assert f"{path}{':' + str(line) if line else ''}: " in message
    if field:
        assert f"field '{field}'" in message
    assert reason in message
    assert (not out.exists() and not out.parent.exists()) or not any(out.parent.iterdir())


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    result = run("build", str(path), "-o", str(tmp_path / "g.ttl"))
    assert result.exit_code == 2
    assert f"{path}: this is a binary file" in result.stderr


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes(DIGEST.replace("Summary", "Sümmary").encode("latin-1", "replace"))
    result = run("build", str(path), "-o", str(tmp_path / "g.ttl"))
    assert result.exit_code == 2
    assert f"{path}:13: not valid UTF-8" in result.stderr


def test_ten_megabyte_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    path.write_text(DIGEST + ("- filler key point\n" * 560_000), encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    result = run("build", str(path), "-o", str(tmp_path / "g.ttl"))
    assert result.exit_code == 2
    assert "MB, over the 5.2 MB input limit" in result.stderr
    assert "--max-bytes" in result.stderr


def test_ten_megabyte_digest_builds_when_allowed(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    filler = "Meta and NVIDIA said more about Llama. " * 270_000
    path.write_text(DIGEST.replace("## Key Points", filler + "\n\n## Key Points"), encoding="utf-8")
    assert path.stat().st_size > 10_000_000
    result = run(
        "build",
        str(path),
        "-o",
        str(tmp_path / "g.nt"),
        "--max-bytes",
        "20000000",
        "--summary",
        "json",
        "--no-prose-claims",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["claims"] == 5
    assert (tmp_path / "g.nt").stat().st_size > 20_000_000  # summary in section and abstract


def test_failed_build_leaves_existing_output_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    assert run("build", str(CORPUS), "-o", str(out)).exit_code == 0
    before = out.read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_text(_card(**{"weight0.95": "weight1.7"}), encoding="utf-8")
    result = run("build", str(CORPUS), str(bad), "-o", str(out))
    assert result.exit_code == 2
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "g.ttl"]  # no temp files


def test_unknown_fields_warn_and_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "card.txt"
    path.write_text(_card(**{"accessed: 2026-04-19": "accessed: 2026-04-19\nlicense: CC-BY"}))
    out = tmp_path / "g.ttl"
    result = run("build", str(path), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"warning: {path}:8: field 'license' has no dedicated term" in result.stderr
    assert 'cg:unmappedField "license: CC-BY"' in out.read_text()


def test_stdout_output() -> None:
    result = run("build", str(CORPUS), "-f", "nt", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 421
    assert "built stdout" in result.stderr


def test_help_teaches() -> None:
    result = run("build", "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert "--format" in result.stdout
