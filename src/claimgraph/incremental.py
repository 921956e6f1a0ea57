"""Incremental builds: re-read only the files that changed, keep every other named graph.

A cache folder holds a manifest (per input file: its SHA-256, its document IRI, what other
files need to know about it, what its references resolved to, its warnings) and the triples of
every named graph. A build:

1. hashes every input file; a file whose hash is in the manifest is not read again;
2. rebuilds the afls id index from the fresh and the cached record facts;
3. maps again the files that changed, and the unchanged ones whose references now resolve to
   something else (a source's URL changed, an evidence item's quote changed, ...);
4. takes the other named graphs from the cache, drops those of deleted files;
5. assembles and serialises exactly as a full build does, so the bytes are the same.

When nothing changed and the output file is the one the last build wrote, nothing is written.
Settings that change every graph (claimgraph version, base IRI, gazetteer, shapes) start over.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ._version import __version__
from .build import (
    BuildResult,
    RecordInfo,
    add_derived,
    afls_index,
    assemble,
    check_references,
    map_one,
    record_info,
    shared_source_warnings,
)
from .entities import EntityFinder, Gazetteer
from .errors import ClaimgraphError
from .export import write_atomic
from .model import Document, ReadWarning, Reference
from .rdf import MappedDocument
from .rdf_afls import reference_fingerprint
from .readers import DEFAULT_MAX_BYTES, discover, read_document

MANIFEST = "manifest.json"
GRAPHS = "graphs.pickle"


@dataclass
class Entry:
    """The manifest line of one input file."""

    sha256: str
    iri: str
    warnings: list[list[Any]]  # [path, line, message]
    info: dict[str, Any] | None = None  # afls record facts: exports, references, id line
    fingerprint: list[str] = field(default_factory=list)

    def record_info(self, path: Path) -> RecordInfo | None:
        if self.info is None:
            return None
        refs = tuple(Reference(r[0], r[1], tuple(r[2]), r[3]) for r in self.info["references"])
        return RecordInfo(path, dict(self.info["exports"]), refs, self.info.get("id_line"))


@dataclass
class IncrementalReport:
    """What an incremental build did."""

    files: int
    read: int
    remapped: int
    removed: int
    up_to_date: bool = False

    def __str__(self) -> str:
        if self.up_to_date:
            return f"up to date: {self.files} files unchanged"
        return (
            f"{self.read} of {self.files} files read, {self.remapped} graphs mapped, "
            f"{self.removed} removed"
        )


def settings_key(
    base: str, gazetteer_path: Path | None, shapes_path: Path | None, options: str
) -> str:
    """What every graph depends on besides its own file: version, base, gazetteer, shapes,
    and the build options that change graphs (``options``, as text)."""
    from .resources import entities_file, shapes_dir

    digest = hashlib.sha256(f"{__version__}\x1f{base}\x1f{options}".encode())
    digest.update(Path(gazetteer_path or entities_file()).read_bytes())
    shapes = Path(shapes_path or shapes_dir())
    for file in sorted(shapes.glob("*.ttl")) if shapes.is_dir() else [shapes]:
        digest.update(file.read_bytes())
    return digest.hexdigest()


class BuildCache:
    """The cache folder: manifest plus pickled triples of every named graph."""

    def __init__(self, folder: Path, settings: str) -> None:
        self.folder = folder
        self.settings = settings
        self.entries: dict[str, Entry] = {}
        self.graphs: dict[str, tuple[Any, ...]] | None = None  # loaded on first use
        self.outputs: dict[str, str] = {}
        self.summary: dict[str, int] | None = None

    @classmethod
    def load(cls, folder: Path, settings: str) -> BuildCache:
        cache = cls(folder, settings)
        manifest = folder / MANIFEST
        if not manifest.exists():
            return cache
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            if data.get("settings") != settings:
                return cache  # another version or configuration: start over
            cache.entries = {path: Entry(**entry) for path, entry in data["files"].items()}
        except (OSError, ValueError, TypeError, KeyError):
            return cache  # a damaged manifest is rebuilt, never trusted
        cache.outputs = dict(data.get("outputs", {}))
        cache.summary = data.get("summary")
        return cache

    def load_graphs(self) -> dict[str, tuple[Any, ...]]:
        """The cached triples by graph IRI; empty when the file is missing or damaged (the
        graphs are then rebuilt from their files)."""
        if self.graphs is None:
            try:
                with (self.folder / GRAPHS).open("rb") as handle:
                    frozen = pickle.load(handle)  # our own cache, written by save()
                self.graphs = {
                    iri: tuple(tuple(_thaw(t) for t in triple) for triple in triples)
                    for iri, triples in frozen.items()
                }
            except (OSError, ValueError, TypeError, pickle.UnpicklingError, EOFError):
                self.graphs = {}
        return self.graphs

    def save(self) -> None:
        data = {
            "settings": self.settings,
            "outputs": self.outputs,
            "summary": self.summary,
            "files": {p: e.__dict__ for p, e in sorted(self.entries.items())},
        }
        if self.graphs is not None:  # not loaded: the file on disk is still the right one
            frozen = {
                iri: [tuple(_freeze(t) for t in triple) for triple in triples]
                for iri, triples in self.graphs.items()
            }
            write_atomic(self.folder / GRAPHS, pickle.dumps(frozen, protocol=5))
        write_atomic(
            self.folder / MANIFEST,
            (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"),
        )


Frozen = tuple[str, str, str | None, str | None]


def _freeze(term: Node) -> Frozen:
    """A term as plain data; pickling rdflib terms would re-normalise lexical forms."""
    if isinstance(term, Literal):
        return ("l", str(term), str(term.datatype) if term.datatype else None, term.language)
    return ("u" if isinstance(term, URIRef) else "b", str(term), None, None)


def _thaw(frozen: Frozen) -> Node:
    kind, value, datatype, language = frozen
    if kind == "l":
        return Literal(
            value, datatype=URIRef(datatype) if datatype else None, lang=language, normalize=False
        )
    return URIRef(value) if kind == "u" else BNode(value)


def _warnings(entries: Iterable[list[Any]]) -> list[ReadWarning]:
    return [ReadWarning(Path(p), line, message) for p, line, message in entries]


def _entry_warnings(warnings: Iterable[ReadWarning]) -> list[list[Any]]:
    return [[str(w.path), w.line, w.message] for w in warnings]


def _info_json(info: RecordInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {
        "exports": info.exports,
        "id_line": info.id_line,
        "references": [[r.field, r.target, list(r.kinds), r.line] for r in info.references],
    }


def build_incremental(
    paths: Sequence[Path],
    cache: BuildCache,
    *,
    gazetteer: Gazetteer,
    base: str,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    validate: Callable[[Sequence[MappedDocument]], None] | None = None,
    timestamp: datetime | None = None,
    unchanged_output: Callable[[], bool] = lambda: False,
    align_threshold: float | None = None,
    finder: EntityFinder | None = None,
    prose: bool = True,
) -> tuple[BuildResult | None, IncrementalReport]:
    """A build that reuses the cache; ``validate`` checks only the graphs mapped anew.

    Returns no result (and the report says "up to date") when no graph changed and
    ``unchanged_output()`` says the output on disk is the one the last build wrote.
    """
    files = discover(paths)
    if not files:
        raise ClaimgraphError("no input files found")
    fresh: dict[str, Document] = {}
    hashes: dict[str, str] = {}
    for path in files:
        key = str(path)
        try:
            data = path.read_bytes() if path.stat().st_size <= max_bytes else None
        except OSError as exc:
            raise ClaimgraphError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        sha = hashlib.sha256(data).hexdigest() if data is not None else ""
        hashes[key] = sha
        entry = cache.entries.get(key)
        if entry is None or entry.sha256 != sha:
            fresh[key] = read_document(path, max_bytes=max_bytes)

    infos: dict[str, RecordInfo] = {}
    for path in files:
        key = str(path)
        if key in fresh:
            info = record_info(fresh[key], base)
        else:
            info = cache.entries[key].record_info(path)
        if info is not None:
            infos[key] = info
    index = afls_index(list(infos.values()), base)
    problems = check_references(list(infos.values()), index, strict=strict)

    graphs: list[MappedDocument] = []
    mapped_now: list[MappedDocument] = []
    warnings: list[ReadWarning] = []
    new_entries: dict[str, Entry] = {}
    cached: list[int] = []  # positions in graphs whose triples come from the cache
    reread = 0

    def map_fresh(doc: Document, key: str) -> MappedDocument:
        mapped = map_one(
            doc, gazetteer=gazetteer, base=base, index=index, finder=finder, prose=prose
        )
        mapped_now.append(mapped)
        fingerprint = reference_fingerprint(doc.record, index) if doc.record else []
        new_entries[key] = Entry(
            hashes[key],
            str(mapped.iri),
            _entry_warnings([*doc.warnings, *mapped.warnings]),
            _info_json(infos.get(key)),
            fingerprint,
        )
        return mapped

    for path in files:
        key = str(path)
        entry = cache.entries.get(key)
        doc = fresh.get(key)
        if doc is None and entry is not None and entry.info is not None:
            fingerprint = [str(index.resolve(r) or "") for r in infos[key].references]
            if fingerprint != entry.fingerprint:
                doc = read_document(path, max_bytes=max_bytes)
                reread += 1
        if doc is not None:
            graphs.append(map_fresh(doc, key))
            warnings.extend(_warnings(new_entries[key].warnings))
            continue
        assert entry is not None
        cached.append(len(graphs))
        graphs.append(MappedDocument(URIRef(entry.iri), (), (), path))
        warnings.extend(_warnings(entry.warnings))
        new_entries[key] = entry
    warnings.extend(problems)
    warnings.extend(shared_source_warnings(list(infos.values())))

    removed = len(set(cache.entries) - set(new_entries))
    if not mapped_now and not removed and timestamp is None and unchanged_output():
        cache.entries = new_entries
        report = IncrementalReport(len(files), len(fresh), 0, 0, up_to_date=True)
        return None, report
    stored = cache.load_graphs()
    for position in cached:
        placeholder = graphs[position]
        if str(placeholder.iri) in stored:
            triples = stored[str(placeholder.iri)]
            graphs[position] = MappedDocument(placeholder.iri, triples, (), placeholder.path)
        else:  # the cache lost this graph: read its file again
            assert placeholder.path is not None
            graphs[position] = map_fresh(
                read_document(placeholder.path, max_bytes=max_bytes), str(placeholder.path)
            )
            reread += 1
    report = IncrementalReport(len(files), len(fresh) + reread, len(mapped_now), removed)
    cache.entries = new_entries
    cache.graphs = {str(m.iri): m.triples for m in graphs}
    dataset = assemble(graphs, base, timestamp=timestamp)
    derived = add_derived(dataset, gazetteer=gazetteer, base=base, threshold=align_threshold)
    graphs += derived
    mapped_now += derived
    if validate is not None:
        validate(mapped_now)
    return BuildResult(dataset, list(fresh.values()), graphs, base, warnings), report
