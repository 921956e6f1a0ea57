"""Read documents, map each to its named graph, and gather them in one rdflib Dataset."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from .entities import EntityFinder, Gazetteer
from .errors import ClaimgraphError, ParseError
from .inference import infer_links
from .model import Document, ReadWarning, Reference
from .nlp.align import DEFAULT_THRESHOLD
from .rdf import MappedDocument, Minter, map_document
from .rdf_afls import AflsIndex, integrity_warnings, map_afls, record_exports
from .readers import DEFAULT_MAX_BYTES, discover, read_document
from .support import support_graph
from .vocab import CG, DEFAULT_BASE, INSTANCE_PREFIXES, PREFIXES, PROV, RDF, SCHEMA, XSD


@dataclass(frozen=True)
class BuildSummary:
    """What a build produced, counted on the merged graph."""

    documents: int
    sources: int
    claims: int
    evidence: int
    people: int
    organisations: int
    triples: int
    camps: int = 0
    links: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)

    def __str__(self) -> str:
        names = {
            "documents": ("document", "documents"),
            "sources": ("source", "sources"),
            "claims": ("claim", "claims"),
            "evidence": ("evidence item", "evidence items"),
            "people": ("person", "people"),
            "organisations": ("organisation", "organisations"),
            "triples": ("triple", "triples"),
            "camps": ("camp", "camps"),
            "links": ("claim-evidence link", "claim-evidence links"),
        }
        return ", ".join(
            f"{value} {names[key][value != 1]}"
            for key, value in self.as_dict().items()
            if value or key not in ("camps", "links")
        )


@dataclass
class BuildResult:
    """The dataset (one named graph per document) and what was noticed on the way."""

    dataset: Dataset
    documents: list[Document]
    graphs: list[MappedDocument]
    base: str = DEFAULT_BASE
    warnings: list[ReadWarning] = field(default_factory=list)

    def union(self) -> Graph:
        """All named graphs merged into one graph, with our prefixes bound."""
        graph = new_graph(self.base)
        for s, p, o, _ in self.dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph

    def document_graphs(self) -> list[Graph]:
        """Each document's named graph as its own Graph, for validation one by one."""
        graphs = []
        for mapped in self.graphs:
            graph = new_graph(self.base)
            for triple in mapped.triples:
                graph.add(triple)
            graphs.append(graph)
        return graphs

    def summary(self, union: Graph | None = None) -> BuildSummary:
        """Counts of the build; pass its ``union()`` when you already have it."""
        union = union if union is not None else self.union()
        return summarise(union, documents=sum(1 for g in self.graphs if g.path))


def bind_prefixes(graph: Graph, base: str) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for prefix, path in INSTANCE_PREFIXES.items():
        graph.bind(prefix, base + path, override=True, replace=True)


def new_graph(base: str = DEFAULT_BASE) -> Graph:
    graph = Graph(bind_namespaces="none")
    bind_prefixes(graph, base)
    return graph


def summarise(graph: Graph, *, documents: int | None = None) -> BuildSummary:
    """Count the kinds of node in a graph."""

    def count(cls: URIRef) -> int:
        return len(set(graph.subjects(RDF.type, cls)))

    if documents is None:
        documents = len(set(graph.subjects(CG.inputFile, None)))
    return BuildSummary(
        documents=documents,
        sources=count(CG.Source),
        claims=count(SCHEMA.Claim),
        evidence=count(CG.Evidence),
        people=count(SCHEMA.Person),
        organisations=count(SCHEMA.Organization),
        triples=len(graph),
        camps=count(CG.Camp),
        links=count(CG.Link),
    )


def read_all(
    paths: Iterable[Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[Sequence[Path]], Iterable[Path]] | None = None,
) -> list[Document]:
    """Read every document named by ``paths`` (files, or folders walked), stopping at the first
    bad one with its error."""
    files = discover(paths)
    if not files:
        raise ClaimgraphError(
            "no input files found", hint="give document files or folders that contain some"
        )
    iterator = progress(files) if progress else files
    return [read_document(path, max_bytes=max_bytes) for path in iterator]


@dataclass(frozen=True)
class RecordInfo:
    """What the rest of a folder needs to know about one afls record file: its id and IRI
    ingredients (exports) and what it points at. Cached, so unchanged files are not re-read."""

    path: Path
    exports: dict[str, str]
    references: tuple[Reference, ...]
    id_line: int | None = None


def record_info(doc: Document, base: str) -> RecordInfo | None:
    if doc.record is None:
        return None
    return RecordInfo(
        doc.path,
        record_exports(doc, Minter(base)),
        doc.record.references,
        doc.record.lines.get("id"),
    )


def build_dataset(
    documents: Sequence[Document],
    *,
    gazetteer: Gazetteer | None = None,
    base: str = DEFAULT_BASE,
    timestamp: datetime | None = None,
    strict: bool = False,
    align_threshold: float | None = DEFAULT_THRESHOLD,
    finder: EntityFinder | None = None,
    prose: bool = True,
) -> BuildResult:
    """Map documents to a Dataset with one named graph per document.

    Two documents whose file names give the same document IRI are an error, never a silent
    merge; so are two afls records with one id. A reference to an afls record that is not
    there is a warning, or with ``strict`` an error. ``timestamp`` (off by default, to keep
    builds byte-identical) adds ``prov:generatedAtTime`` to each document graph.
    ``align_threshold`` (None: off) adds the inferred claim-quote links at or above it.
    """
    gazetteer = gazetteer or Gazetteer.load()
    infos = [info for doc in documents if (info := record_info(doc, base)) is not None]
    index = afls_index(infos, base)
    problems = check_references(infos, index, strict=strict)
    graphs: list[MappedDocument] = []
    warnings: list[ReadWarning] = []
    for doc in documents:
        graphs.append(
            map_one(doc, gazetteer=gazetteer, base=base, index=index, finder=finder, prose=prose)
        )
        warnings.extend(doc.warnings)
        warnings.extend(graphs[-1].warnings)
    warnings.extend(problems)
    warnings.extend(shared_source_warnings(infos))
    dataset = assemble(graphs, base, timestamp=timestamp)
    graphs += add_derived(dataset, gazetteer=gazetteer, base=base, threshold=align_threshold)
    return BuildResult(dataset, list(documents), graphs, base, warnings)


def add_derived(
    dataset: Dataset, *, gazetteer: Gazetteer, base: str, threshold: float | None
) -> list[MappedDocument]:
    """Add the graphs derived from all documents together: the inferred claim-quote links (with
    ``threshold``; None: none) and the support scores and flags of every claim."""
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    derived = []
    if threshold is not None:
        inferred = infer_links(union, gazetteer=gazetteer, base=base, threshold=threshold)
        if inferred.triples:
            derived.append(inferred)
            for triple in inferred.triples:
                union.add(triple)
    derived.append(support_graph(union, base=base))
    for mapped in derived:
        named = dataset.graph(mapped.iri)
        for triple in mapped.triples:
            named.add(triple)
    return derived


def map_one(
    doc: Document,
    *,
    gazetteer: Gazetteer,
    base: str,
    index: AflsIndex,
    finder: EntityFinder | None = None,
    prose: bool = True,
) -> MappedDocument:
    """The named graph of any document."""
    if doc.record is not None:
        return map_afls(doc, gazetteer=gazetteer, base=base, index=index, finder=finder)
    return map_document(doc, gazetteer=gazetteer, base=base, finder=finder, prose=prose)


def check_references(
    infos: Sequence[RecordInfo], index: AflsIndex, *, strict: bool
) -> list[ReadWarning]:
    """Warnings for dangling references; with ``strict`` they are one error."""
    problems = integrity_warnings(((i.path, i.references) for i in infos), index)
    if strict and problems:
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ClaimgraphError(
            f"{len(problems)} dangling reference(s):\n{shown}{more}",
            hint="fix the ids, or build without --strict to get warnings",
        )
    return problems


def assemble(
    graphs: Sequence[MappedDocument], base: str, *, timestamp: datetime | None = None
) -> Dataset:
    """One Dataset, one named graph per document; two documents with one IRI are an error."""
    dataset = Dataset()
    dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="none")
    bind_prefixes(dataset, base)
    seen: dict[URIRef, MappedDocument] = {}
    for mapped in graphs:
        if mapped.iri in seen:
            raise ClaimgraphError(
                f"{seen[mapped.iri].path} and {mapped.path} both map to the document IRI "
                f"{mapped.iri}",
                hint="document IRIs come from file names; rename one of the files",
            )
        seen[mapped.iri] = mapped
        named = dataset.graph(mapped.iri)
        for triple in mapped.triples:
            named.add(triple)
        if timestamp is not None:
            stamp = Literal(
                timestamp.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                datatype=XSD.dateTime,
                normalize=False,
            )
            named.add((mapped.iri, PROV.generatedAtTime, stamp))
    return dataset


def shared_source_warnings(infos: Sequence[RecordInfo]) -> list[ReadWarning]:
    """Two afls source records with one URL describe one source: say so (they are merged, and
    their reliabilities or kinds may disagree)."""
    by_key: dict[str, list[RecordInfo]] = {}
    for info in infos:
        key = info.exports.get("source_key", "")
        if key.startswith("url:"):
            by_key.setdefault(key, []).append(info)
    return [
        ReadWarning(
            group[0].path,
            None,
            f"source records {', '.join(i.exports['id'] for i in group)} share one URL "
            f"({key[4:]}); they describe one source node",
        )
        for key, group in sorted(by_key.items())
        if len(group) > 1
    ]


def afls_index(infos: Sequence[RecordInfo], base: str) -> AflsIndex:
    """The index of every afls record; two records with one id are an error naming both."""
    owners: dict[str, RecordInfo] = {}
    for info in infos:
        record_id = info.exports["id"]
        if record_id in owners:
            raise ParseError(
                f"duplicate id {record_id!r}: also defined in {owners[record_id].path}",
                path=info.path,
                line=info.id_line,
                field="id",
            )
        owners[record_id] = info
    return AflsIndex.build(Minter(base), (i.exports for i in infos))
