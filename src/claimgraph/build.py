"""Read documents, map each to its named graph, and gather them in one rdflib Dataset."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from .entities import Gazetteer
from .errors import ClaimgraphError
from .model import Document, ReadWarning
from .rdf import MappedDocument, map_document
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
        }
        return ", ".join(
            f"{value} {names[key][value != 1]}" for key, value in self.as_dict().items()
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
        sources=len(set(graph.objects(None, SCHEMA.about))),
        claims=count(SCHEMA.Claim),
        evidence=count(CG.Evidence),
        people=count(SCHEMA.Person),
        organisations=count(SCHEMA.Organization),
        triples=len(graph),
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
) -> BuildResult:
    """Map documents to a Dataset with one named graph per document.

    Two documents whose file names give the same document IRI are an error, never a silent
    merge. ``timestamp`` (off by default, to keep builds byte-identical) adds
    ``prov:generatedAtTime`` to each document graph.
    """
    gazetteer = gazetteer or Gazetteer.load()
    dataset = Dataset()
    dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="none")
    bind_prefixes(dataset, base)
    graphs: list[MappedDocument] = []
    warnings: list[ReadWarning] = []
    seen: dict[URIRef, Document] = {}
    for doc in documents:
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
    return BuildResult(dataset, list(documents), graphs, base, warnings)
