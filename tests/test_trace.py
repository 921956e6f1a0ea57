"""Provenance graphs (networkx), drawings in every format, the HTML page in headless Chromium,
and graph figures."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from claimgraph.trace import (
    chain_subgraph,
    claim_chains,
    graph_figures,
    provenance_graph,
    source_subgraph,
)
from claimgraph.trace_render import html_page

from .conftest import run

COST = "Llama 3.1 can run at ~50% the cost of comparable closed models"
KEY_POINTS_SUPPORTED = (
    "Meta released Llama 3.1 405B as the first frontier-level open-source AI model",
    COST,
    "Major cloud providers and partners supporting the Llama ecosystem",
)


@pytest.fixture(scope="module")
def full(corpus_ttl: Path) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    return provenance_graph(Graph().parse(corpus_ttl))


def _claim(g: nx.MultiDiGraph, text: str) -> str:  # type: ignore[type-arg]
    return str(next(n for n, d in g.nodes(data=True) if d["type"] == "claim" and d["text"] == text))


def test_cost_chain_nodes_and_edges(full: nx.MultiDiGraph) -> None:  # type: ignore[type-arg]
    claim = _claim(full, COST)
    chain = chain_subgraph(full, [claim])
    by_type = {d["type"]: d for _, d in chain.nodes(data=True)}
    assert set(by_type) == {
        "claim",
        "evidence",
        "source",
        "person",
        "organisation",
        "intake",
        "agent",
    }
    assert by_type["evidence"]["weight"] == 0.6
    assert by_type["evidence"]["method"] == "expert_estimate"
    assert "roughly 50% the cost" in by_type["evidence"]["text"]
    assert by_type["source"]["text"] == "Open Source AI is the Path Forward"
    assert by_type["person"]["text"] == "Mark Zuckerberg"
    assert by_type["organisation"]["text"] == "Meta"
    assert by_type["agent"]["text"] == "afls-ingest 0.0.1"
    kinds = sorted(k for _, _, k in chain.edges(keys=True))
    assert kinds == [
        "affiliation",
        "author",
        "hasSource",
        "publisher",
        "supportedBy",
        "wasAssociatedWith",
        "wasGeneratedBy",
    ]
    ((_, _, link),) = [e for e in chain.edges(data=True) if e[2]["type"] == "supportedBy"]
    assert link["method"] == "inferred"
    assert link["score"] == pytest.approx(0.8157)
    paths = claim_chains(full, claim)
    assert [full.nodes[n]["type"] for n in paths[-1]][-2:] in (
        ["intake", "agent"],
        ["person", "organisation"],
    )
    assert any(
        [full.nodes[n]["type"] for n in p] == ["claim", "evidence", "source", "intake", "agent"]
        for p in paths
    )


def test_source_subgraph_holds_its_quotes_and_claims(full: nx.MultiDiGraph) -> None:  # type: ignore[type-arg]
    source = next(n for n, d in full.nodes(data=True) if d["type"] == "source")
    sub = source_subgraph(full, source)
    types = [d["type"] for _, d in sub.nodes(data=True)]
    assert types.count("evidence") == 3  # the quotes claims rest on
    assert types.count("claim") == 6


def test_single_points_of_failure(full: nx.MultiDiGraph) -> None:  # type: ignore[type-arg]
    figures = graph_figures(full)
    for text in KEY_POINTS_SUPPORTED:
        points = figures.single_points[_claim(full, text)]
        assert sorted(full.nodes[n]["type"] for n in points) == ["evidence", "source"]
    assert figures.claims_per_source == [("Open Source AI is the Path Forward", 6)]
    assert figures.organisations == [("Meta", 6)]


def test_stats_command_and_plot(tmp_path: Path, corpus_ttl: Path) -> None:
    plot = tmp_path / "support.png"
    result = run("stats", str(corpus_ttl), "--plot", str(plot))
    assert result.exit_code == 0, result.output
    assert "single points of failure: 6 of 6 supported claims" in result.stdout
    assert plot.read_bytes().startswith(b"\x89PNG")
    as_json = run("stats", str(corpus_ttl), "--format", "json")
    assert '"claims_unsupported": 7' in as_json.stdout


@pytest.mark.filterwarnings("ignore::DeprecationWarning:pydot")
@pytest.mark.filterwarnings("ignore::pyparsing.warnings.PyparsingDeprecationWarning")
@pytest.mark.parametrize("suffix", [".png", ".svg", ".graphml", ".gexf", ".dot", ".html"])
def test_every_drawing_format(
    tmp_path: Path,
    corpus_ttl: Path,
    full: nx.MultiDiGraph,  # type: ignore[type-arg]
    suffix: str,
) -> None:
    out = tmp_path / f"cost{suffix}"
    result = run("trace", "~50% the cost", str(corpus_ttl), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr
    chain = chain_subgraph(full, [_claim(full, COST)])
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(b"\x89PNG")
    elif suffix == ".svg":
        assert b"<svg" in data[:2000]
    elif suffix == ".graphml":
        back = nx.read_graphml(out)
        assert (back.number_of_nodes(), back.number_of_edges()) == (
            chain.number_of_nodes(),
            chain.number_of_edges(),
        )
    elif suffix == ".gexf":
        back = nx.read_gexf(out)
        assert back.number_of_nodes() == chain.number_of_nodes()
    elif suffix == ".dot":
        import pydot

        parsed = pydot.graph_from_dot_data(data.decode())
        assert parsed is not None
        (dot,) = parsed
        assert len(dot.get_nodes()) >= chain.number_of_nodes()
    else:
        assert b"http://" not in data.replace(b"http://www.w3.org/2000/svg", b"")
        assert data.count(b'class="node ') == chain.number_of_nodes()


def test_whole_graph_and_source_drawings(tmp_path: Path, corpus_ttl: Path) -> None:
    result = run("trace", "--all", str(corpus_ttl), "--out", str(tmp_path / "all.graphml"))
    assert result.exit_code == 0, result.output
    essay = run(
        "trace", "--source", "Path Forward", str(corpus_ttl), "--out", str(tmp_path / "essay.svg")
    )
    assert essay.exit_code == 0, essay.output
    assert run("trace", "--all", str(corpus_ttl)).exit_code == 2  # a picture needs --out


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_html_renders_in_headless_chromium(tmp_path: Path, full: nx.MultiDiGraph) -> None:  # type: ignore[type-arg]
    page = tmp_path / "all.html"
    page.write_text(html_page(full, title="all claims"), encoding="utf-8")
    flags = [
        CHROMIUM or "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    dom = subprocess.run(
        [*flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert f'data-nodes="{full.number_of_nodes()}"' in dom.stdout  # the script ran to its end
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    shot = tmp_path / "all.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1400,900", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes().startswith(b"\x89PNG")
    shutil.copy(shot, Path("/tmp") / "claimgraph-trace-screenshot.png")
