from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimgraph.cli import cli
from claimgraph.entities import Gazetteer
from claimgraph.model import Document, Source
from claimgraph.validate import load_shapes

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DIGEST_SEED = CORPUS / "000_2262235a982319d3.txt"
CARD_SEED = CORPUS / "002_7e1f6717d204dd7e.txt"
SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", ROOT.parent / "shared"))
SHARED_CORPUS = SHARED / "corpus"


def shared_corpus(*parts: str) -> Path:
    """A folder of the real corpora beside the checkout; skip the test when it is absent."""
    path = SHARED_CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real corpus not found at {path} (set CLAIMGRAPH_SHARED)")
    return path


def source_of(doc: Document) -> Source:
    """The source a document describes (digests and cards always describe one)."""
    assert doc.source is not None, f"{doc.path} describes no source"
    return doc.source


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="session")
def shapes():
    return load_shapes()


def run(*args: str) -> Result:
    """Invoke the command line in-process."""
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="session")
def corpus_ttl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus, built once for every test that only reads it."""
    out = tmp_path_factory.mktemp("corpus") / "corpus.ttl"
    result = run("build", str(CORPUS), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    return out
