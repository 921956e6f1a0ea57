"""Readers: one per input format, chosen from the content, never from the file name."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from claimgraph.errors import ParseError, SourceError
from claimgraph.model import Document

from ._text import DEFAULT_MAX_BYTES, decode_text
from .afls import looks_like_afls, read_afls
from .card import looks_like_card, read_card
from .digest import has_closed_front_matter, looks_like_digest, read_digest


def detect_format(text: str) -> str | None:
    """``"digest"``, ``"card"``, ``"afls"``, or None when the text is none of them."""
    if looks_like_digest(text) and (has_closed_front_matter(text) or not looks_like_afls(text)):
        return "digest"
    if looks_like_card(text):
        return "card"
    if looks_like_afls(text):
        return "afls"
    return None


def read_text(text: str, path: Path, *, sha256: str | None = None) -> Document:
    """Read one document from its text; ``path`` names it in errors and in the graph."""
    digest_hex = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    kind = detect_format(text)
    if kind == "digest":
        source, digest, extra, warnings = read_digest(text, path)
        return Document(
            path, digest_hex, "digest", source, digest=digest, extra=extra, warnings=warnings
        )
    if kind == "card":
        source, extra, warnings = read_card(text, path)
        return Document(path, digest_hex, "card", source, extra=extra, warnings=warnings)
    if kind == "afls":
        record, afls_source, warnings = read_afls(text, path)
        return Document(path, digest_hex, "afls", afls_source, record=record, warnings=warnings)
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    raise ParseError(
        f"unknown format (first line {first[:50]!r}); expected a digest starting with a "
        "'---' YAML front matter line, a source card starting with 'source · <kind>', or an "
        "afls YAML record with a 'kind:' line",
        path=path,
        line=1,
    )


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one input file, refusing files over ``max_bytes`` before reading them."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ParseError(
                f"the file is {size / 1_000_000:.1f} MB, over the {max_bytes / 1_000_000:.1f} MB "
                "input limit; a digest or card is a few kB",
                path=path,
                hint="raise the limit with --max-bytes if this file is really a document",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    text = decode_text(data, path)
    return read_text(text, path, sha256=hashlib.sha256(data).hexdigest())


def discover(paths: Iterable[Path]) -> list[Path]:
    """The input files named by ``paths``: files as given, folders walked (hidden entries skipped).

    Files are returned sorted and without repeats, so the same inputs always build in the same
    order.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in _walk(path))
        elif path.is_file():
            found.add(path)
        elif not path.exists():
            raise SourceError(f"{path}: no such file or folder")
        else:
            raise SourceError(f"{path}: not a regular file or folder")
    return sorted(found, key=lambda p: (p.name, str(p)))


def _walk(folder: Path) -> Iterator[Path]:
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _walk(child)
        elif child.is_file():
            yield child


__all__ = [
    "DEFAULT_MAX_BYTES",
    "detect_format",
    "discover",
    "read_document",
    "read_text",
]
