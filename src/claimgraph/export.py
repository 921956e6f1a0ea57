"""Serialise a build deterministically, and write files atomically.

Same input, same bytes, in every format: Turtle and TriG come sorted from rdflib's writers;
N-Triples and N-Quads lines are sorted; JSON-LD arrays (unordered in RDF) are sorted.
"""

from __future__ import annotations

import json
import os
import tempfile
import warnings
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from .errors import ClaimgraphError, OutputError
from .vocab import DEFAULT_BASE, INSTANCE_PREFIXES, PREFIXES

#: format name -> (rdflib format, has named graphs, file suffixes)
FORMATS: dict[str, tuple[str, bool, tuple[str, ...]]] = {
    "turtle": ("turtle", False, (".ttl",)),
    "nt": ("nt", False, (".nt",)),
    "nquads": ("nquads", True, (".nq",)),
    "trig": ("trig", True, (".trig",)),
    "jsonld": ("json-ld", True, (".jsonld", ".json")),
}


def format_for(path: Path | None, fmt: str | None) -> str:
    """The output format: as given, else from the file suffix, else Turtle."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ClaimgraphError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
        return fmt
    if path is not None:
        for name, (_, _, suffixes) in FORMATS.items():
            if path.suffix.lower() in suffixes:
                return name
    return "turtle"


def serialise(dataset: Dataset, union: Graph, fmt: str, *, base: str = DEFAULT_BASE) -> bytes:
    """Bytes of the build in ``fmt``; named graphs kept where the format has them."""
    with warnings.catch_warnings():
        # rdflib's own quad writers call its deprecated Dataset.contexts(); not ours to fix
        warnings.simplefilter("ignore", DeprecationWarning)
        return _serialise(dataset, union, fmt, base)


def _serialise(dataset: Dataset, union: Graph, fmt: str, base: str) -> bytes:
    rdflib_format, quads, _ = FORMATS[fmt]
    source: Graph = dataset if quads else union
    if fmt == "jsonld":
        context = {**PREFIXES, **{p: base + path for p, path in INSTANCE_PREFIXES.items()}}
        text = source.serialize(format=rdflib_format, context=context)
    elif fmt == "trig":
        text = _trig(dataset)
    else:
        text = source.serialize(format=rdflib_format)
    if fmt in {"nt", "nquads"}:
        lines = sorted({line for line in text.splitlines() if line.strip()})
        text = "\n".join(lines) + "\n"
    elif fmt == "jsonld":
        text = (
            json.dumps(_sorted_json(json.loads(text)), indent=2, ensure_ascii=False, sort_keys=True)
            + "\n"
        )
    return text.encode("utf-8")


def _trig(dataset: Dataset) -> str:
    """TriG with the named graphs in IRI order (rdflib's writer follows its store's set order).

    Each graph is written on its own by rdflib; the prefix lines, which rdflib puts first,
    are merged into one header.
    """
    header: set[str] = set()
    blocks: list[str] = []
    for graph in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(graph) == 0:
            continue
        single = Dataset()
        single.namespace_manager = dataset.namespace_manager
        named = single.graph(graph.identifier)
        for triple in graph:
            named.add(triple)
        lines = single.serialize(format="trig").split("\n")
        start = 0
        while start < len(lines) and (lines[start].startswith("@prefix") or not lines[start]):
            if lines[start]:
                header.add(lines[start])
            start += 1
        blocks.append("\n".join(lines[start:]).strip("\n"))
    return "\n".join(sorted(header)) + "\n\n" + "\n\n".join(blocks) + "\n"


def _sorted_json(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename, so
    a reader never sees half a file and a failure leaves the old file as it was."""
    path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        os.chmod(tmp, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual 0666 minus the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
