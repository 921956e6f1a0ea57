"""Model -> triples on schema.org, PROV-O, Web Annotation and Dublin Core (pure: no I/O).

Every document maps to its own named graph, named by the document's IRI. A graph is
self-contained: it carries the type and name of every node it points at (sources, people,
organisations, vocabulary concepts), so each can be validated on its own and replaced on
its own when its file changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from .entities import Entity, EntityFinder, Gazetteer
from .iris import clean_url, digest_key, normalise_text, slug, url_key
from .model import Document, Evidence, Intake, PartialDate, ReadWarning, Source
from .prose import prose_claims
from .vocab import (
    CG,
    DCTERMS,
    METHODS,
    OA,
    PROV,
    RDF,
    SCHEMA,
    SCHEMA_NS,
    SKOS,
    SOURCE_TYPES,
    XSD,
)

Triple = tuple[URIRef, URIRef, Node]


@dataclass(frozen=True)
class MappedDocument:
    """The named graph of one document: its IRI, its triples, what the mapping noticed."""

    iri: URIRef
    triples: tuple[Triple, ...]
    warnings: tuple[ReadWarning, ...]
    path: Path | None = None


class Minter:
    """Mints instance IRIs under one base."""

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def __call__(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def document(self, doc: Document) -> URIRef:
        return self(f"doc/{slug(doc.stem)}")

    def source_key(self, source: Source) -> str:
        if source.url:
            return "url:" + url_key(source.url)
        return "id:" + (source.identifier or "")

    def entity(self, entity: Entity) -> URIRef:
        return self(entity.key)


def _text(value: str) -> Literal:
    return Literal(value)


_DATE_TYPES = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}


def _date(value: PartialDate) -> Literal:
    """xsd:date, xsd:gYearMonth or xsd:gYear by precision; a range or word as plain text."""
    datatype = _DATE_TYPES.get(value.precision)
    return Literal(value.text, datatype=datatype) if datatype else Literal(value.text)


def _decimal(value: Decimal) -> Literal:
    return Literal(format(value, "f"), datatype=XSD.decimal)


def _datetime(value: str) -> Literal:
    return Literal(value, datatype=XSD.dateTime, normalize=False)


def evidence_iri(mint: Minter, source_key: str, evidence: Evidence) -> URIRef:
    """Evidence is identified by its source and its normalised quote, so the same quote read
    from a card and from an afls file is one node; a quote-less item by where it points."""
    if evidence.quote:
        return mint("evidence/" + digest_key(source_key, normalise_text(evidence.quote)))
    return mint(
        "evidence/"
        + digest_key(
            source_key,
            "no quote",
            evidence.locator or "",
            evidence.method or "",
            str(evidence.weight),
        )
    )


class DocumentMapper:
    """Maps one document to the triples of its named graph."""

    def __init__(
        self,
        doc: Document,
        gazetteer: Gazetteer,
        mint: Minter,
        *,
        source_key: str | None = None,
        finder: EntityFinder | None = None,
        prose: bool = True,
    ) -> None:
        self.doc = doc
        self.prose = prose
        self.gaz = gazetteer
        self.finder: EntityFinder = finder or gazetteer
        self.mint = mint
        self.triples: list[Triple] = []
        self.warnings: list[ReadWarning] = []
        self.entities: dict[str, Entity] = {}
        self.doc_iri = mint.document(doc)
        if source_key is None:
            source_key = mint.source_key(doc.source) if doc.source is not None else ""
        self.source_key = source_key
        self.source_iri = mint("source/" + digest_key(source_key))

    def add(self, s: URIRef, p: URIRef, o: Node | None) -> None:
        if o is not None:
            self.triples.append((s, p, o))

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append(ReadWarning(self.doc.path, line, message))

    def mentions(self, subject: URIRef, *texts: str | None) -> None:
        for entity in self.finder.find(" \n ".join(t for t in texts if t)):
            self.add(subject, SCHEMA.mentions, self.entity_iri(entity))

    def entity_iri(self, entity: Entity) -> URIRef:
        self.entities[entity.key] = entity
        return self.mint.entity(entity)

    def run(self) -> MappedDocument:
        self.map_document()
        if self.doc.source is not None:
            self.add(self.doc_iri, SCHEMA.about, self.source_iri)
            self.map_source(self.doc.source)
        if self.doc.digest is not None:
            self.map_digest()
        self.map_entities()
        return self.result()

    def result(self) -> MappedDocument:
        return MappedDocument(
            self.doc_iri, tuple(self.triples), tuple(self.warnings), self.doc.path
        )

    def map_document(self) -> None:
        doc, d = self.doc, self.doc_iri
        self.add(d, RDF.type, PROV.Entity)
        if doc.kind == "digest":
            self.add(d, RDF.type, SCHEMA.CreativeWork)
            self.add(d, RDF.type, CG.Digest)
        elif doc.kind == "card":
            self.add(d, RDF.type, SCHEMA.WebPage)
            self.add(d, RDF.type, CG.SourceCard)
        else:
            self.add(d, RDF.type, CG.RecordFile)
        self.add(d, CG.inputFile, _text(doc.name))
        self.add(d, SCHEMA.sha256, _text(doc.sha256))
        for item in doc.extra:
            self.add(d, CG.unmappedField, _text(f"{item.name}: {item.value}"))

    def map_source(self, source: Source) -> None:
        s = self.source_iri
        self.add(s, RDF.type, PROV.Entity)
        self.add(s, RDF.type, SCHEMA.CreativeWork)
        self.add(s, RDF.type, CG.Source)
        if source.url:
            url = clean_url(source.url)
            self.add(s, SCHEMA.url, URIRef(url))
            host = re.sub(r":\d+$", "", url.split("/")[2])
            publisher = self.gaz.publisher_of(host)
            if publisher is not None:
                self.add(s, SCHEMA.publisher, self.entity_iri(publisher))
        if source.title:
            # a card gives the page's own title; a digest the title its story was listed under
            prop = SCHEMA.name if self.doc.kind == "digest" else SCHEMA.headline
            self.add(s, prop, _text(source.title))
        self.add(s, SCHEMA.identifier, _text(source.identifier) if source.identifier else None)
        if source.source_type:
            self.map_source_type(source.source_type)
        for name in source.authors:
            self.add(s, SCHEMA.author, self.entity_iri(self.gaz.person_or_org(name)))
        self.add(s, SCHEMA.datePublished, _date(source.published) if source.published else None)
        self.add(s, CG.accessed, _date(source.accessed) if source.accessed else None)
        if source.notes:
            self.add(s, SCHEMA.description, _text(source.notes))
            self.mentions(self.doc_iri, source.notes)
            prior = _stated_prior(source.notes, source.source_type)
            self.add(s, CG.typePrior, _decimal(prior) if prior is not None else None)
        if source.intake is not None:
            self.map_intake(source.intake)
        for evidence in source.evidence:
            self.map_evidence(evidence)

    def map_source_type(self, kind: str) -> None:
        tag = kind.strip().lower().replace(" ", "_").replace("-", "_")
        known = SOURCE_TYPES.get(tag)
        if known is None:
            concept = self.mint("source-type/" + slug(kind))
            self.warn(
                None,
                f"source type {kind!r} is not one of {', '.join(SOURCE_TYPES)}; "
                "kept as its own concept",
            )
        else:
            concept = CG[known[0]]
            self.add(self.source_iri, RDF.type, SCHEMA_NS[known[1]])
        self.add(self.source_iri, CG.sourceType, concept)
        self.add(concept, RDF.type, CG.SourceType)
        self.add(concept, RDF.type, SKOS.Concept)
        self.add(concept, SKOS.notation, _text(tag))

    def map_intake(self, intake: Intake) -> None:
        # one fetch is one activity: same source, tool and time, whether a card shows a prefix
        # of its digest or an afls file the full digest
        i = self.mint("intake/" + digest_key(self.source_key, intake.at or "", intake.tool or ""))
        self.add(i, RDF.type, PROV.Activity)
        self.add(i, RDF.type, CG.Intake)
        self.add(i, PROV.used, self.source_iri)
        self.add(i, CG.fetchMethod, _text(intake.method) if intake.method else None)
        if intake.at:
            self.add(i, PROV.endedAtTime, _datetime(intake.at))
        if intake.sha256:
            prop = CG.sha256Prefix if intake.sha256_is_prefix else SCHEMA.sha256
            self.add(i, prop, _text(intake.sha256))
        for item in intake.extra:
            self.add(i, CG.unmappedField, _text(f"{item.name}: {item.value}"))
        if intake.tool:
            sha = (intake.git_sha or "")[:12]
            agent = self.mint("agent/" + slug(intake.tool + (" " + sha if sha else "")))
            self.add(i, PROV.wasAssociatedWith, agent)
            self.add(agent, RDF.type, PROV.SoftwareAgent)
            self.add(agent, RDF.type, SCHEMA.SoftwareApplication)
            self.add(agent, SCHEMA.name, _text(intake.tool_name or intake.tool))
            if intake.tool_version:
                self.add(agent, SCHEMA.softwareVersion, _text(intake.tool_version))
            self.add(agent, CG.gitCommit, _text(intake.git_sha) if intake.git_sha else None)
        elif intake.git_sha:
            self.add(i, CG.gitCommit, _text(intake.git_sha))

    def map_evidence(self, evidence: Evidence) -> URIRef:
        e = evidence_iri(self.mint, self.source_key, evidence)
        if evidence.quote:
            q = URIRef(str(e) + "-quote")
            self.add(e, OA.hasSelector, q)
            self.add(q, RDF.type, OA.TextQuoteSelector)
            self.add(q, OA.exact, _text(evidence.quote))
        self.add(e, RDF.type, CG.Evidence)
        self.add(e, RDF.type, OA.SpecificResource)
        self.add(e, OA.hasSource, self.source_iri)
        self.add(e, PROV.wasQuotedFrom, self.source_iri)
        self.add(e, CG.weight, _decimal(evidence.weight) if evidence.weight is not None else None)
        self.add(e, CG.locator, _text(evidence.locator) if evidence.locator else None)
        if evidence.method:
            tag = evidence.method.strip().lower()
            known = METHODS.get(tag)
            if known is None:
                method = self.mint("method/" + slug(tag))
                self.warn(
                    evidence.line,
                    f"evidence method {tag!r} is not one of "
                    f"{', '.join(METHODS)}; kept as its own concept",
                )
            else:
                method = CG[known]
            self.add(e, CG.method, method)
            self.add(method, RDF.type, CG.EvidenceMethod)
            self.add(method, RDF.type, SKOS.Concept)
            self.add(method, SKOS.notation, _text(tag))
        for item in evidence.extra:
            self.add(e, CG.unmappedField, _text(f"{item.name}: {item.value}"))
        self.mentions(e, evidence.quote)
        return e

    def map_digest(self) -> None:
        digest, d = self.doc.digest, self.doc_iri
        assert digest is not None
        self.add(d, SCHEMA.headline, _text(digest.title))
        self.add(d, SCHEMA.dateCreated, _date(digest.date) if digest.date else None)
        self.add(d, SCHEMA.identifier, _text(digest.hn_id) if digest.hn_id else None)
        self.add(d, SCHEMA.discussionUrl, URIRef(digest.hn_url) if digest.hn_url else None)
        self.add(d, DCTERMS.subject, _text(digest.topic) if digest.topic else None)
        self.add(d, CG.foundOn, _text(digest.via) if digest.via else None)
        for tag in digest.tags:
            self.add(d, SCHEMA.keywords, _text(tag))
        if digest.points is not None:
            counter = URIRef(f"{d}-points")
            self.add(d, SCHEMA.interactionStatistic, counter)
            self.add(counter, RDF.type, SCHEMA.InteractionCounter)
            self.add(counter, SCHEMA.interactionType, SCHEMA.LikeAction)
            self.add(
                counter,
                SCHEMA.userInteractionCount,
                Literal(str(digest.points), datatype=XSD.integer),
            )
        section_iris: dict[int, URIRef] = {}
        for section in digest.sections:
            node = URIRef(f"{d}-section-{section.position}")
            section_iris[section.position] = node
            self.add(d, SCHEMA.hasPart, node)
            self.add(node, RDF.type, CG.Section)
            self.add(node, SCHEMA.name, _text(section.heading))
            self.add(node, SCHEMA.position, Literal(str(section.position), datatype=XSD.integer))
            self.add(node, SCHEMA.text, _text(section.text) if section.text else None)
            if section.role == "summary" and section.text:
                self.add(d, SCHEMA.abstract, _text(section.text))
            elif section.role == "relevance" and section.text:
                self.add(d, CG.relevance, _text(section.text))
            if section.role != "claims":
                self.mentions(d, section.text)
        self.mentions(d, digest.title)
        for claim in digest.claims:
            self.map_claim(claim.text, section_iris[claim.section], claim.position)
        for section in digest.sections if self.prose else ():
            if section.role in ("summary", "relevance"):
                for position, text in enumerate(prose_claims(section.text, self.finder), 1):
                    c = self.map_claim(text, section_iris[section.position], position)
                    self.add(c, RDF.type, CG.ProseClaim)

    def map_claim(self, text: str, section: URIRef, position: int) -> URIRef:
        c = self.mint("claim/" + digest_key(self.source_key, normalise_text(text)))
        self.add(c, RDF.type, SCHEMA.Claim)
        self.add(c, SCHEMA.text, _text(text))
        self.add(c, SCHEMA.appearance, self.doc_iri)
        self.add(c, SCHEMA.about, self.source_iri)
        self.add(c, CG.section, section)
        self.add(c, SCHEMA.position, Literal(str(position), datatype=XSD.integer))
        self.mentions(c, text)
        return c

    def map_entities(self) -> None:
        for entity in self.gaz.closure(list(self.entities.values())):
            node = self.mint.entity(entity)
            if entity.kind == "person":
                self.add(node, RDF.type, SCHEMA.Person)
                self.add(node, RDF.type, PROV.Person)
            elif entity.kind == "product":
                self.add(node, RDF.type, SCHEMA.Product)
            else:
                self.add(node, RDF.type, SCHEMA.Organization)
                self.add(node, RDF.type, PROV.Organization)
            self.add(node, SCHEMA.name, _text(entity.name))
            for alias in entity.aliases:
                self.add(node, SCHEMA.alternateName, _text(alias))
            for same in entity.same_as:
                self.add(node, SCHEMA.sameAs, URIRef(same))
            belongs = SCHEMA.manufacturer if entity.kind == "product" else SCHEMA.worksFor
            for employer in entity.works_for:
                self.add(node, belongs, self.mint(employer))
            if not entity.known:
                self.add(node, CG.inGazetteer, Literal(False))


def _stated_prior(notes: str, source_type: str | None) -> Decimal | None:
    """The prior of the source's kind when the notes state it: "... blog prior (0.35) ..."."""
    if not source_type:
        return None
    kind = re.escape(source_type.strip()).replace("_", "[ _-]")
    match = re.search(rf"\b{kind}\s+prior\s*\(\s*([01](?:\.\d+)?)\s*\)", notes, re.IGNORECASE)
    return Decimal(match.group(1)) if match else None


def map_document(
    doc: Document,
    *,
    gazetteer: Gazetteer,
    base: str,
    finder: EntityFinder | None = None,
    prose: bool = True,
) -> MappedDocument:
    """The named graph of one document; ``finder`` finds entities (default: the gazetteer);
    ``prose`` makes checkable sentences of Summary and Relevance claims too."""
    return DocumentMapper(doc, gazetteer, Minter(base), finder=finder, prose=prose).run()
