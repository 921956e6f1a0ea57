from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from claimgraph.build import build_dataset, read_all
from claimgraph.export import FORMATS, serialise

from .conftest import CORPUS, ROOT

SUFFIX = {name: suffixes[0] for name, (_, _, suffixes) in FORMATS.items()}


def _build_in_subprocess(fmt: str, out: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "claimgraph", "build", str(CORPUS), "-f", fmt, "-o", str(out), "-q"],
        check=True,
        env=env,
        capture_output=True,
    )
    return out.read_bytes()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_two_builds_are_byte_identical(tmp_path: Path, fmt: str) -> None:
    # separate processes with different hash seeds: set and dict orders differ between them
    first = _build_in_subprocess(fmt, tmp_path / f"a{SUFFIX[fmt]}", "1")
    second = _build_in_subprocess(fmt, tmp_path / f"b{SUFFIX[fmt]}", "2024")
    assert first == second
    assert len(first) > 10_000


@pytest.mark.filterwarnings("ignore:(Dataset|ConjunctiveGraph).*deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_round_trips_to_the_same_triples(fmt: str) -> None:
    result = build_dataset(read_all([CORPUS]))
    data = serialise(result.dataset, result.union(), fmt)
    rdflib_format, has_graphs, _ = FORMATS[fmt]
    if has_graphs:
        dataset = Dataset()
        dataset.parse(data=data.decode(), format=rdflib_format)
        quads = list(dataset.quads((None, None, None, None)))
        triples = {(s, p, o) for s, p, o, _ in quads}
        graphs = {g for _, _, _, g in quads}
        assert len(graphs) == 4  # two documents, the inferred links, the support scores
    else:
        triples = set(Graph().parse(data=data.decode(), format=rdflib_format))
    # rdflib's parsers normalise some lexical forms ("…Z" -> "…+00:00"): compare like with like
    expected = set(Graph().parse(data=result.union().serialize(format="nt"), format="nt"))
    assert triples == expected


def test_committed_reference_graph_is_current(tmp_path: Path) -> None:
    out = tmp_path / "corpus.ttl"
    _build_in_subprocess("turtle", out, "7")
    committed = ROOT / "graph" / "corpus.ttl"
    assert committed.read_bytes() == out.read_bytes(), (
        "graph/corpus.ttl is stale: rebuild it with `claimgraph build corpus/`"
    )


def test_reference_graph_parses_with_oxigraph_to_the_same_count() -> None:
    pyoxigraph = pytest.importorskip("pyoxigraph")
    path = ROOT / "graph" / "corpus.ttl"
    with path.open("rb") as handle:
        oxigraph_triples = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(oxigraph_triples) == len(Graph().parse(path)) == 421
