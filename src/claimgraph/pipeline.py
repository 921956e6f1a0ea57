"""The whole build as one call: read, map, validate, serialise, write (full or incremental)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph

from .build import BuildResult, BuildSummary, build_dataset, new_graph, read_all
from .entities import Gazetteer
from .export import serialise, write_atomic
from .incremental import BuildCache, IncrementalReport, build_incremental, settings_key
from .model import ReadWarning
from .nlp.align import DEFAULT_THRESHOLD
from .nlp.pipeline import SpacyFinder
from .rdf import MappedDocument
from .readers import DEFAULT_MAX_BYTES
from .validate import ValidationFailedError, ValidationReport, load_shapes, merge_reports
from .validate import validate_graph as shacl_validate
from .vocab import DEFAULT_BASE


@dataclass
class BuildOptions:
    """How to build; every field has the command line's default."""

    output: Path | None = Path("graph/corpus.ttl")  # None: return the bytes instead
    fmt: str = "turtle"
    base: str = DEFAULT_BASE
    entities: Path | None = None
    shapes: Path | None = None
    validate: bool = True
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    timestamp: bool = False
    cache: Path | None = None  # a folder: build incrementally
    align_threshold: float | None = DEFAULT_THRESHOLD  # None: no inferred claim-quote links
    ner: str = "off"  # "auto": a statistical spaCy model when one is installed
    prose_claims: bool = True  # checkable sentences of Summary and Relevance become claims


@dataclass
class BuildOutcome:
    """What a build did."""

    summary: BuildSummary
    warnings: list[ReadWarning]
    data: bytes | None = None  # the serialised graph when no output file was asked for
    incremental: IncrementalReport | None = None
    seconds: float = 0.0
    validation: ValidationReport | None = field(default=None, repr=False)


class _Validator:
    """SHACL checks of a build, with the shapes loaded once."""

    def __init__(self, shapes_path: Path | None) -> None:
        self.shapes = load_shapes(shapes_path)

    def graphs(self, graphs: Sequence[MappedDocument]) -> None:
        """Each graph on its own (every graph is self-contained): what an incremental build
        checks of the graphs it mapped anew."""
        reports = []
        for mapped in graphs:
            graph = new_graph()
            for triple in mapped.triples:
                graph.add(triple)
            reports.append(shacl_validate(graph, self.shapes))
        if reports:
            merge_reports(reports).raise_for_violations()

    def union(self, union: Graph) -> None:
        """The whole graph in one pass: faster than one pass per document (one pySHACL set-up)
        and it also sees what two documents say of one node."""
        shacl_validate(union, self.shapes).raise_for_violations()


def build_files(
    paths: Sequence[Path],
    options: BuildOptions,
    *,
    progress: Callable[[Sequence[Path]], Iterable[Path]] | None = None,
) -> BuildOutcome:
    """Build the graph of the documents under ``paths`` and write it (atomically).

    Raises a ParseError (exit 2) on bad input and ValidationFailedError (exit 1) when the
    graph does not conform; in both cases nothing is written.
    """
    start = time.perf_counter()
    gazetteer = Gazetteer.load(options.entities)
    finder = SpacyFinder(None, gazetteer, ner=options.ner)
    validator = _Validator(options.shapes) if options.validate else None
    stamp = datetime.now(UTC) if options.timestamp else None
    if options.cache is None:
        documents = read_all(paths, max_bytes=options.max_bytes, progress=progress)
        result = build_dataset(
            documents,
            gazetteer=gazetteer,
            base=options.base,
            timestamp=stamp,
            strict=options.strict,
            align_threshold=options.align_threshold,
            finder=finder,
            prose=options.prose_claims,
        )
        union = result.union()
        if validator is not None:
            validator.union(union)
        return _finish(result, options, start, None, None, union=union)

    cache = BuildCache.load(
        options.cache,
        settings_key(
            options.base,
            options.entities,
            options.shapes,
            f"{options.validate} {options.align_threshold} {finder.model} {options.prose_claims}",
        ),
    )
    key = f"{options.output}|{options.fmt}"

    def unchanged_output() -> bool:
        out = options.output
        return (
            out is not None
            and out.is_file()
            and key in cache.outputs
            and _sha256(out) == cache.outputs[key]
            and cache.summary is not None
        )

    built, report = build_incremental(
        paths,
        cache,
        gazetteer=gazetteer,
        base=options.base,
        strict=options.strict,
        max_bytes=options.max_bytes,
        validate=validator.graphs if validator else None,
        timestamp=stamp,
        unchanged_output=unchanged_output,
        align_threshold=options.align_threshold,
        finder=finder,
        prose=options.prose_claims,
    )
    if built is None:
        cache.save()
        assert cache.summary is not None
        return BuildOutcome(
            BuildSummary(**cache.summary), [], None, report, time.perf_counter() - start
        )
    return _finish(built, options, start, cache, report)


def _finish(
    result: BuildResult,
    options: BuildOptions,
    start: float,
    cache: BuildCache | None,
    report: IncrementalReport | None,
    *,
    union: Graph | None = None,
) -> BuildOutcome:
    union = union if union is not None else result.union()  # built once per build
    data = serialise(result.dataset, union, options.fmt, base=options.base)
    if options.output is not None:
        write_atomic(options.output, data)
    summary = result.summary(union)
    if cache is not None:
        if options.output is not None:
            cache.outputs[f"{options.output}|{options.fmt}"] = hashlib.sha256(data).hexdigest()
        cache.summary = summary.as_dict()
        cache.save()
    return BuildOutcome(
        summary,
        result.warnings,
        None if options.output else data,
        report,
        time.perf_counter() - start,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


__all__ = ["BuildOptions", "BuildOutcome", "ValidationFailedError", "build_files"]
