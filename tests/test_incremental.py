"""Incremental builds end with the same bytes as full builds, and skip work when nothing changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import Result

from claimgraph.pipeline import BuildOptions, build_files

from .conftest import CORPUS, ROOT, run, shared_corpus

FIXTURE = ROOT / "tests" / "fixtures" / "afls"


def _setup(tmp_path: Path, source: Path = FIXTURE) -> tuple[Path, Path]:
    folder = tmp_path / "data"
    shutil.copytree(source, folder)
    for path in folder.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return folder, tmp_path / "cache"


def _same_as_full(tmp_path: Path, inputs: list[Path], incremental: Path, *extra: str) -> None:
    full = tmp_path / "full.ttl"
    result = run("build", *map(str, inputs), "-o", str(full), "-q", *extra)
    assert result.exit_code == 0, result.output
    assert incremental.read_bytes() == full.read_bytes()


def _incremental(inputs: list[Path], cache: Path, out: Path, *extra: str) -> Result:
    result = run("build", *map(str, inputs), "--cache", str(cache), "-o", str(out), "-q", *extra)
    assert result.exit_code == 0, result.output
    return result


def test_touching_one_file_rereads_only_it(tmp_path: Path) -> None:
    folder, cache = _setup(tmp_path)
    out = tmp_path / "inc.ttl"
    first = _incremental([folder, CORPUS], cache, out)
    assert "13 of 13 files read" in first.stderr
    path = folder / "evidence" / "evi_transformer_support.yaml"
    path.write_text(path.read_text().replace("weight: 0.9", "weight: 0.8"))
    second = _incremental([folder, CORPUS], cache, out)
    assert "1 of 13 files read, 1 graphs mapped, 0 removed" in second.stderr
    assert "weight 0.8" in out.read_text()
    _same_as_full(tmp_path, [folder, CORPUS], out)


def test_no_change_is_up_to_date_and_writes_nothing(tmp_path: Path) -> None:
    folder, cache = _setup(tmp_path)
    out = tmp_path / "inc.ttl"
    _incremental([folder], cache, out)
    before = out.stat().st_mtime_ns
    again = _incremental([folder], cache, out)
    assert "up to date" in again.stderr
    assert "3 claims" in again.stderr  # the summary of the last build
    assert out.stat().st_mtime_ns == before
    out.unlink()  # a missing output is rebuilt, even with nothing changed
    _incremental([folder], cache, out)
    _same_as_full(tmp_path, [folder], out)


def test_deleted_added_and_dependent_files(tmp_path: Path) -> None:
    folder, cache = _setup(tmp_path)
    out = tmp_path / "inc.ttl"
    _incremental([folder], cache, out)
    (folder / "interventions" / "intv_publish_cards.yaml").unlink()
    shutil.copy(
        folder / "friction_layers" / "friction_disclosure.yaml",
        folder / "friction_layers" / "friction_cost.yaml",
    )
    new = folder / "friction_layers" / "friction_cost.yaml"
    new.write_text(new.read_text().replace("friction_disclosure", "friction_cost"))
    # the evidence graphs depend on the source's URL: they must be mapped again
    source = folder / "sources" / "src_attention_paper.yaml"
    source.write_text(source.read_text().replace("1706.03762", "1706.03762v7"))
    result = _incremental([folder], cache, out)
    assert "4 of 11 files read, 4 graphs mapped, 1 removed" in result.stderr
    _same_as_full(tmp_path, [folder], out)


def test_damaged_cache_or_new_settings_start_over(tmp_path: Path) -> None:
    folder, cache = _setup(tmp_path)
    out = tmp_path / "inc.ttl"
    _incremental([folder], cache, out)
    (cache / "graphs.pickle").write_bytes(b"not a pickle")
    unchanged = _incremental([folder], cache, out)
    assert "up to date" in unchanged.stderr  # the output on disk is still the right one
    path = folder / "claims" / "normative" / "norm_publish_architectures.yaml"
    path.write_text(path.read_text().replace("Labs should", "Labs must"))
    result = _incremental([folder], cache, out)
    assert "11 of 11 files read" in result.stderr  # the lost graphs are read again
    _same_as_full(tmp_path, [folder], out)
    other = _incremental([folder], cache, out, "--base", "https://example.org/id/")
    assert "11 of 11 files read" in other.stderr
    _same_as_full(tmp_path, [folder], out, "--base", "https://example.org/id/")


def test_library_call_returns_bytes_without_output(tmp_path: Path) -> None:
    folder, _ = _setup(tmp_path)
    outcome = build_files([folder], BuildOptions(output=None, fmt="nt", cache=None))
    assert outcome.data is not None
    assert outcome.data.count(b"\n") == outcome.summary.triples


def test_real_corpus_touch_one_evidence_file(tmp_path: Path) -> None:
    folder, cache = _setup(tmp_path, shared_corpus("afls", "data"))
    out = tmp_path / "inc.ttl"
    _incremental([folder, CORPUS], cache, out, "--no-validate")
    path = sorted((folder / "evidence").glob("*.yaml"))[0]
    path.write_text(path.read_text() + "\n")  # touched: new bytes, same meaning
    other = sorted((folder / "evidence").glob("*.yaml"))[1]
    other.write_text(other.read_text().replace("weight: ", "weight: 0.5\nold_weight: ", 1))
    result = _incremental([folder, CORPUS], cache, out, "--no-validate")
    assert "2 of " in result.stderr
    _same_as_full(tmp_path, [folder, CORPUS], out, "--no-validate")
