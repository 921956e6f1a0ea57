"""afls records -> triples (pure). One named graph per YAML file, like every other document.

Records point at each other by id. Claims, camps and other records have IRIs minted from their
ids, but a source's IRI comes from its URL (so a card and a digest about the same URL meet it)
and an evidence item's from its source and quote (so the card's copy of a quote meets it).
An :class:`AflsIndex` over the whole folder resolves those ids; what it cannot resolve is
reported and kept as a literal, never linked to a node that does not exist.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import Literal, URIRef

from .entities import Entity, EntityFinder, Gazetteer
from .iris import digest_key, slug
from .model import AflsRecord, Document, Evidence, ReadWarning, Reference
from .rdf import DocumentMapper, MappedDocument, Minter, evidence_iri
from .rdf import _datetime as datetime_literal
from .rdf import _decimal as decimal_literal
from .readers._text import canonical_decimal
from .vocab import CG, PROV, RDF, SCHEMA, SKOS, XSD

STANCE_TERMS = {"support": CG.Supports, "contradict": CG.Contradicts, "qualify": CG.Qualifies}
STANCE_PROPERTIES = {"support": CG.supports, "contradict": CG.contradicts, "qualify": CG.qualifies}
KIND_CLASSES = {
    "descriptive_claim": CG.DescriptiveClaim,
    "normative_claim": CG.NormativeClaim,
    "camp": CG.Camp,
    "intervention": CG.Intervention,
    "bridge": CG.Bridge,
    "convergence": CG.Convergence,
    "blindspot": CG.Blindspot,
    "friction_layer": CG.FrictionLayer,
    "harm_layer": CG.HarmLayer,
    "suffering_layer": CG.SufferingLayer,
    "operator_positions": CG.OperatorPositions,
}
_META = {"kind", "id", "created_at", "updated_at", "provenance_url"}
_TEXT = {
    "name": SCHEMA.name,
    "title": SCHEMA.name,
    "text": SCHEMA.text,
    "description": SCHEMA.description,
    "summary": SCHEMA.description,
    "translation": CG.translation,
    "reasoning": CG.reasoning,
    "cost_estimate": CG.costEstimate,
    "caveats": CG.caveat,
    "action_kind": CG.actionKind,
    "against_prior_set": CG.againstPriorSet,
    "operator": CG.operator,
}
_DECIMAL = {"leverage_score": CG.leverageScore, "confidence": CG.confidence}
_REFS = {
    "from_camp": CG.fromCamp,
    "to_camp": CG.toCamp,
    "flagged_camp_id": CG.flaggedCamp,
    "intervention_id": CG.intervention,
    "camps": CG.camp,
}
_SCORES = {
    "friction_scores": CG.frictionScore,
    "harm_scores": CG.harmScore,
    "suffering_reduction_scores": CG.sufferingReductionScore,
}


def record_exports(doc: Document, mint: Minter) -> dict[str, str]:
    """What other files need to know about this record to point at it (JSON-able, cached)."""
    record = doc.record
    assert record is not None
    exports = {"id": record.id, "kind": record.kind}
    if doc.source is not None:
        exports["source_key"] = mint.source_key(doc.source)
    if record.evidence is not None:
        exports["source_id"] = str(record.get("source_id"))
        exports["quote"] = record.evidence.quote
        exports["locator"] = record.evidence.locator or ""
        exports["method"] = record.evidence.method or ""
        exports["weight"] = str(record.evidence.weight)
    return exports


@dataclass
class AflsIndex:
    """Every record of a folder by id: its kind and the IRI others should use for it."""

    mint: Minter
    exports: dict[str, dict[str, str]] = dataclass_field(default_factory=dict)

    @classmethod
    def build(cls, mint: Minter, exports: Iterable[Mapping[str, str]]) -> AflsIndex:
        index = cls(mint)
        for item in exports:
            index.exports[item["id"]] = dict(item)
        return index

    def kind(self, target: str) -> str | None:
        item = self.exports.get(target)
        return item["kind"] if item else None

    def source_key(self, source_id: str) -> str:
        item = self.exports.get(source_id)
        if item and item.get("source_key"):
            return item["source_key"]
        return "id:" + source_id  # a source known by id only, as a card without URL is

    def iri(self, target: str, kind: str) -> URIRef:
        """The IRI of a record of a given kind (whether or not it exists)."""
        if kind == "source":
            return self.mint("source/" + digest_key(self.source_key(target)))
        if kind == "evidence":
            item = self.exports.get(target)
            if item is None:
                return self.mint("evidence/" + digest_key("afls", target))
            weight = Decimal(item["weight"]) if item["weight"] != "None" else None
            evidence = Evidence(
                item["quote"], weight, item["method"] or None, item["locator"] or None, 0
            )
            return evidence_iri(self.mint, self.source_key(item["source_id"]), evidence)
        if kind in ("descriptive_claim", "normative_claim"):
            return self.mint("claim/" + quote(target, safe=""))
        return self.mint("afls/" + quote(target, safe=""))

    def resolve(self, ref: Reference) -> URIRef | None:
        """The IRI a reference points at, or None when no record of a fitting kind has its id."""
        kind = self.kind(ref.target)
        if kind is None or kind not in ref.kinds:
            return None
        return self.iri(ref.target, kind)

    def problem(self, ref: Reference) -> str | None:
        kind = self.kind(ref.target)
        if kind is None:
            return f"{ref.target!r} is not the id of any record"
        if kind not in ref.kinds:
            return f"{ref.target!r} is a {kind}, expected a {' or '.join(ref.kinds)}"
        return None


def reference_fingerprint(record: AflsRecord, index: AflsIndex) -> list[str]:
    """What this record's references resolve to; when it changes, the record is mapped again."""
    return [str(index.resolve(ref) or "") for ref in record.references]


class AflsMapper(DocumentMapper):
    """Maps one afls record file."""

    def __init__(
        self,
        doc: Document,
        gazetteer: Gazetteer,
        mint: Minter,
        index: AflsIndex,
        finder: EntityFinder | None = None,
    ) -> None:
        record = doc.record
        assert record is not None
        self.record = record
        self.index = index
        key = None
        if record.evidence is not None:
            key = index.source_key(str(record.get("source_id")))
        super().__init__(doc, gazetteer, mint, source_key=key, finder=finder)
        self.refs = {(r.field, r.target): r for r in record.references}

    def link(self, field: str, target: str) -> URIRef | None:
        ref = self.refs.get((field, target))
        return self.index.resolve(ref) if ref is not None else None

    def unresolved(self, node: URIRef, field: str, target: str) -> None:
        self.add(node, CG.unresolvedReference, Literal(f"{field}: {target}"))

    def run(self) -> MappedDocument:
        record, d = self.record, self.doc_iri
        self.map_document()
        self.add(d, SCHEMA.identifier, Literal(record.id))
        created, updated = record.get("created_at"), record.get("updated_at")
        self.add(d, SCHEMA.dateCreated, datetime_literal(str(created)) if created else None)
        self.add(d, SCHEMA.dateModified, datetime_literal(str(updated)) if updated else None)
        if record.get("provenance_url"):
            self.add(d, CG.provenanceUrl, URIRef(str(record.get("provenance_url")).strip()))
        if record.kind == "source" and self.doc.source is not None:
            node = self.source_iri
            self.map_source(self.doc.source)
            reliability = record.get("reliability")
            if reliability not in (None, ""):
                self.add(node, CG.reliability, _dec(reliability))
            handled = {
                "title",
                "url",
                "authors",
                "published_at",
                "accessed_at",
                "source_kind",
                "notes",
                "provenance",
                "reliability",
            }
        elif record.kind == "evidence" and record.evidence is not None:
            node = self.map_evidence(record.evidence)
            self.add(self.source_iri, RDF.type, PROV.Entity)
            self.map_link(node)
            handled = {
                "claim_id",
                "source_id",
                "quote",
                "locator",
                "weight",
                "method_tag",
                "supports",
            }
        elif record.kind in ("descriptive_claim", "normative_claim"):
            node = self.index.iri(record.id, record.kind)
            self.add(node, RDF.type, SCHEMA.Claim)
            self.add(node, RDF.type, KIND_CLASSES[record.kind])
            self.add(node, SCHEMA.appearance, d)
            self.mentions(node, str(record.get("text") or ""))
            handled = set()
        elif record.kind == "camp":
            node = self.index.iri(record.id, "camp")
            self.map_camp(node)
            handled = {"agents", "held_descriptive", "held_normative", "disputed_evidence"}
        else:
            node = self.index.iri(record.id, record.kind)
            self.add(node, RDF.type, KIND_CLASSES.get(record.kind, CG.Record))
            self.map_structures(node)
            handled = {"divergent_reasons", "positions", *_SCORES}
        self.add(d, SCHEMA.mainEntity, node)
        self.add(node, SCHEMA.identifier, Literal(record.id))
        self.map_fields(node, handled)
        self.map_entities()
        return self.result()

    def map_link(self, evidence: URIRef) -> None:
        record = self.record
        claim_id, stance = str(record.get("claim_id")), record.stance or "support"
        claim = self.link("claim_id", claim_id)
        if claim is None:
            self.unresolved(evidence, "claim_id", claim_id)
            return
        link = self.mint("link/" + digest_key(str(claim), str(evidence), record.id))
        self.add(link, RDF.type, CG.Link)
        self.add(link, CG.claim, claim)
        self.add(link, CG.evidence, evidence)
        self.add(link, CG.stance, STANCE_TERMS[stance])
        self.add(link, CG.linkMethod, CG.Explicit)
        for concept, cls, notation in (
            (STANCE_TERMS[stance], CG.Stance, stance),
            (CG.Explicit, SKOS.Concept, "explicit"),
        ):
            self.add(concept, RDF.type, cls)
            self.add(concept, RDF.type, SKOS.Concept)
            self.add(concept, SKOS.notation, Literal(notation))
        self.add(link, SCHEMA.identifier, Literal(record.id))
        weight = record.evidence.weight if record.evidence else None
        self.add(link, CG.weight, decimal_literal(weight) if weight is not None else None)
        self.add(evidence, STANCE_PROPERTIES[stance], claim)

    def map_camp(self, camp: URIRef) -> None:
        record = self.record
        self.add(camp, RDF.type, CG.Camp)
        self.add(camp, RDF.type, PROV.Agent)
        for agent in record.get("agents") or []:
            text = str(agent).strip()
            self.add(camp, CG.agentText, Literal(text))
            for member in self.resolve_agent(text):
                self.add(camp, SCHEMA.member, member)
            self.mentions(camp, text)
        for field in ("held_descriptive", "held_normative"):
            for target in record.get(field) or []:
                self.add_ref(camp, CG.holds, field, str(target))
        for target in record.get("disputed_evidence") or []:
            self.add_ref(camp, CG.disputes, "disputed_evidence", str(target))

    def resolve_agent(self, text: str) -> list[URIRef]:
        """Gazetteer entities named before any parenthesis ("Meta AI (Llama family)" -> Meta);
        the whole text when that finds none; else an agent of its own, flagged unresolved."""
        head = text.split("(", 1)[0]
        found: list[Entity] = self.finder.find(head) or self.finder.find(text)
        if found:
            return [self.entity_iri(entity) for entity in found]
        agent = self.mint("agent-name/" + slug(text))
        self.add(agent, RDF.type, PROV.Agent)
        self.add(agent, SCHEMA.name, Literal(text))
        self.add(agent, CG.inGazetteer, Literal(False))
        return [agent]

    def add_ref(self, node: URIRef, prop: URIRef, field: str, target: str) -> None:
        iri = self.link(field, target)
        if iri is None:
            self.unresolved(node, field, target)
        else:
            self.add(node, prop, iri)

    def map_structures(self, node: URIRef) -> None:
        record = self.record
        for field, prop in _SCORES.items():
            for layer, value in sorted((record.get(field) or {}).items()):
                score = URIRef(f"{node}-{slug(field)}-{slug(str(layer))}")
                self.add(node, prop, score)
                self.add(score, RDF.type, CG.LayerScore)
                self.add_ref(score, CG.layer, field, str(layer))
                self.add(score, CG.value, _dec(value))
        for camp, claim in sorted((record.get("divergent_reasons") or {}).items()):
            reason = URIRef(f"{node}-reason-{slug(str(camp))}")
            self.add(node, CG.divergentReason, reason)
            self.add(reason, RDF.type, CG.DivergentReason)
            self.add_ref(reason, CG.camp, "divergent_reasons", str(camp))
            self.add_ref(reason, CG.claim, "divergent_reasons", str(claim))
        for intervention, position in sorted((record.get("positions") or {}).items()):
            item = URIRef(f"{node}-position-{slug(str(intervention))}")
            self.add(node, CG.position, item)
            self.add(item, RDF.type, CG.Position)
            self.add_ref(item, CG.intervention, "positions", str(intervention))
            if isinstance(position, dict):
                self.map_position(item, position)
            else:
                self.add(item, CG.unmappedField, Literal(_json(position)))

    def map_position(self, item: URIRef, position: dict[str, Any]) -> None:
        for key, value in sorted(position.items()):
            if key == "stance" and value:
                self.add(item, CG.positionStance, Literal(str(value)))
            elif key == "prose" and value:
                self.add(item, SCHEMA.text, Literal(str(value)))
            elif key == "flip_conditions":
                for condition in value or []:
                    self.add(item, CG.flipCondition, Literal(str(condition)))
            elif key == "updated_at" and value:
                self.add(item, SCHEMA.dateModified, datetime_literal(str(value)))
            elif value not in (None, "", []):
                self.add(item, CG.unmappedField, Literal(f"{key}: {_json(value)}"))

    def map_fields(self, node: URIRef, handled: set[str]) -> None:
        """Text, numbers and references with a known meaning; everything else kept as-is."""
        for key, value in sorted(self.record.fields.items()):
            if key in _META or key in handled or value in (None, "", []):
                continue
            values = value if isinstance(value, list) else [value]
            if key in _TEXT and all(isinstance(v, str | int | float) for v in values):
                for item in values:
                    self.add(node, _TEXT[key], Literal(str(item).strip()))
            elif key in _DECIMAL:
                self.add(node, _DECIMAL[key], _dec(value))
            elif key in _REFS:
                for item in values:
                    self.add_ref(node, _REFS[key], key, str(item))
            elif key == "content_hash" and isinstance(value, str) and len(value) == 64:
                self.add(node, SCHEMA.sha256, Literal(value.lower()))
            else:
                self.add(node, CG.unmappedField, Literal(f"{key}: {_json(value)}"))


def _dec(value: Any) -> Literal:
    return Literal(format(canonical_decimal(Decimal(str(value))), "f"), datatype=XSD.decimal)


def _json(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def map_afls(
    doc: Document,
    *,
    gazetteer: Gazetteer,
    base: str,
    index: AflsIndex,
    finder: EntityFinder | None = None,
) -> MappedDocument:
    """The named graph of one afls record file."""
    return AflsMapper(doc, gazetteer, Minter(base), index, finder).run()


def integrity_warnings(
    records: Iterable[tuple[Path, Sequence[Reference]]], index: AflsIndex
) -> list[ReadWarning]:
    """A warning for every reference to a record that is not there (or of the wrong kind)."""
    found = []
    for path, references in records:
        for ref in references:
            problem = index.problem(ref)
            if problem:
                found.append(ReadWarning(path, ref.line, f"field '{ref.field}': {problem}"))
    return found


__all__ = ["AflsIndex", "integrity_warnings", "map_afls", "record_exports", "reference_fingerprint"]
