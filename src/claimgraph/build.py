"""Read documents, map each to its named graph, and gather them in one rdflib Dataset."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from .entities import Gazetteer
from .errors import ClaimgraphError, ParseError
from .model import Document, ReadWarning
from .rdf import MappedDocument, Minter, map_document
from .rdf_afls import AflsIndex, integrity_warnings, map_afls, record_exports
from .readers import DEFAULT_MAX_BYTES, discover, read_document
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
        for mapped in self.graphs:
            for triple in mapped.triples:
                graph.add(triple)
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

    def summary(self) -> BuildSummary:
        return summarise(self.union(), documents=len(self.documents))


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


def build_dataset(
    documents: Sequence[Document],
    *,
    gazetteer: Gazetteer | None = None,
    base: str = DEFAULT_BASE,
    timestamp: datetime | None = None,
    strict: bool = False,
) -> BuildResult:
    """Map documents to a Dataset with one named graph per document.

    Two documents whose file names give the same document IRI are an error, never a silent
    merge; so are two afls records with one id. A reference to an afls record that is not
    there is a warning, or with ``strict`` an error. ``timestamp`` (off by default, to keep
    builds byte-identical) adds ``prov:generatedAtTime`` to each document graph.
    """
    gazetteer = gazetteer or Gazetteer.load()
    index = afls_index(documents, base)
    problems = integrity_warnings(documents, index)
    if strict and problems:
        shown = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise ClaimgraphError(
            f"{len(problems)} dangling reference(s):\n{shown}{more}",
            hint="fix the ids, or build without --strict to get warnings",
        )
    dataset = Dataset()
    dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="none")
    bind_prefixes(dataset, base)
    graphs: list[MappedDocument] = []
    warnings: list[ReadWarning] = []
    seen: dict[URIRef, Document] = {}
    for doc in documents:
        if doc.record is not None:
            mapped = map_afls(doc, gazetteer=gazetteer, base=base, index=index)
        else:
            mapped = map_document(doc, gazetteer=gazetteer, base=base)
        if mapped.iri in seen:
            raise ClaimgraphError(
                f"{seen[mapped.iri].path} and {doc.path} both map to the document IRI {mapped.iri}",
                hint="document IRIs come from file names; rename one of the files",
            )
        seen[mapped.iri] = doc
        triples = mapped.triples
        if timestamp is not None:
            stamp = Literal(
                timestamp.astimezone(UTC).isoformat().replace("+00:00", "Z"),
                datatype=XSD.dateTime,
                normalize=False,
            )
            triples = (*triples, (mapped.iri, PROV.generatedAtTime, stamp))
            mapped = MappedDocument(mapped.iri, triples, mapped.warnings)
        named = dataset.graph(mapped.iri)
        for triple in triples:
            named.add(triple)
        graphs.append(mapped)
        warnings.extend(doc.warnings)
        warnings.extend(mapped.warnings)
    warnings.extend(problems)
    warnings.extend(shared_source_warnings(documents, base))
    return BuildResult(dataset, list(documents), graphs, base, warnings)


def shared_source_warnings(documents: Sequence[Document], base: str) -> list[ReadWarning]:
    """Two afls source records with one URL describe one source: say so (they are merged, and
    their reliabilities or kinds may disagree)."""
    mint = Minter(base)
    by_key: dict[str, list[Document]] = {}
    for doc in documents:
        if doc.record is not None and doc.source is not None and doc.source.url:
            by_key.setdefault(mint.source_key(doc.source), []).append(doc)
    return [
        ReadWarning(
            docs[0].path,
            docs[0].record.lines.get("url") if docs[0].record else None,
            f"source records {', '.join(d.record.id for d in docs if d.record)} share "
            f"the URL {docs[0].source.url if docs[0].source else ''}; they describe one "
            "source node",
        )
        for _, docs in sorted(by_key.items())
        if len(docs) > 1
    ]


def afls_index(documents: Sequence[Document], base: str) -> AflsIndex:
    """The index of every afls record among ``documents``; two records with one id are an
    error naming both files."""
    mint = Minter(base)
    owners: dict[str, Document] = {}
    exports = []
    for doc in documents:
        if doc.record is None:
            continue
        if doc.record.id in owners:
            first = owners[doc.record.id]
            raise ParseError(
                f"duplicate id {doc.record.id!r}: also defined in {first.path}",
                path=doc.path,
                line=doc.record.lines.get("id"),
                field="id",
            )
        owners[doc.record.id] = doc
        exports.append(record_exports(doc, mint))
    return AflsIndex.build(mint, exports)
