"""Where the shipped data files (vocabulary, gazetteer, shapes, queries) live.

In a source checkout (and an editable install) they are the repository's own ``graph/``,
``shapes/`` and ``queries/`` folders; an installed wheel carries copies under
``claimgraph/_data/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def data_path(*parts: str) -> Path:
    """Path of a shipped data file or folder, e.g. ``data_path("shapes")``."""
    for root in (_PACKAGE / "_data", _CHECKOUT):
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return _CHECKOUT.joinpath(*parts)


def vocab_file() -> Path:
    return data_path("graph", "vocab.ttl")


def entities_file() -> Path:
    return data_path("graph", "entities.ttl")


def shapes_dir() -> Path:
    return data_path("shapes")
