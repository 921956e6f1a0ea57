"""Support scores and flags per claim, computed from the assembled graph (pure).

For every claim, over the links that reach it (explicit ones with their stance, inferred ones
at or above the alignment threshold, which count as support scaled by their score):

* each piece of evidence is worth ``w * r`` — its weight (1 when it has none) times its
  source's reliability (``cg:reliability``; else the stated prior of its kind,
  ``cg:typePrior``; else 0.5); an inferred link multiplies by its ``cg:score``;
* **support** = 1 - prod(1 - w*r) over supporting evidence (noisy-OR: independent reasons to
  believe);
* **against** = 1 - prod(1 - w*r) over contradicting evidence, qualifying evidence at half;
* ``cg:supportScore`` = support * (1 - against), in [0, 1].

Flags (``cg:flag``): ``cg:Unsupported`` (no supporting evidence), ``cg:SingleSource`` (all of
it from one source), ``cg:InterestedParty`` (the claim is about an organisation — it mentions
it, or a product it makes — and every supporting source is written by people working for it
or published by it), ``cg:Contested`` (contradicting or qualifying evidence beside support).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .rdf import MappedDocument, Minter, Triple
from .vocab import CG, OA, PROV, RDF, SCHEMA, SKOS, XSD

SUPPORT_GRAPH = "graph/support"
DEFAULT_RELIABILITY = Decimal("0.5")
FLAGS = {
    "unsupported": CG.Unsupported,
    "single-source": CG.SingleSource,
    "interested-party": CG.InterestedParty,
    "contested": CG.Contested,
}


@dataclass
class ClaimSupport:
    """What one claim rests on."""

    support: list[tuple[Decimal, Node]] = field(default_factory=list)  # (worth, source)
    against: list[Decimal] = field(default_factory=list)

    def score(self) -> Decimal:
        def noisy_or(values: list[Decimal]) -> Decimal:
            rest = Decimal(1)
            for value in values:
                rest *= Decimal(1) - min(max(value, Decimal(0)), Decimal(1))
            return Decimal(1) - rest

        total = noisy_or([w for w, _ in self.support]) * (Decimal(1) - noisy_or(self.against))
        return total.quantize(Decimal("0.0001"))


def _decimal(node: Node | None, default: Decimal) -> Decimal:
    try:
        return Decimal(str(node)) if node is not None else default
    except ArithmeticError:
        return default


def reliability(graph: Graph, source: Node) -> Decimal:
    """A source's reliability, else its kind's stated prior, else 0.5."""
    value = graph.value(source, CG.reliability)
    if value is None:
        value = graph.value(source, CG.typePrior)
    return _decimal(value, DEFAULT_RELIABILITY)


def claim_support(graph: Graph) -> dict[Node, ClaimSupport]:
    """The evidence of every claim, weighed."""
    found: dict[Node, ClaimSupport] = {
        c: ClaimSupport() for c in graph.subjects(RDF.type, SCHEMA.Claim)
    }
    for link in graph.subjects(RDF.type, CG.Link):
        claim, evidence = graph.value(link, CG.claim), graph.value(link, CG.evidence)
        if claim is None or evidence is None:
            continue
        source = graph.value(evidence, OA.hasSource)
        weight = _decimal(
            graph.value(link, CG.weight) or graph.value(evidence, CG.weight), Decimal(1)
        )
        worth = weight * (reliability(graph, source) if source is not None else DEFAULT_RELIABILITY)
        stance = graph.value(link, CG.stance)
        record = found.setdefault(claim, ClaimSupport())
        if graph.value(link, CG.linkMethod) == CG.Inferred:
            record.support.append(
                (worth * _decimal(graph.value(link, CG.score), Decimal(0)), source or evidence)
            )
        elif stance == CG.Contradicts:
            record.against.append(worth)
        elif stance == CG.Qualifies:
            record.against.append(worth / 2)
        else:
            record.support.append((worth, source or evidence))
    return found


def _about(graph: Graph, claim: Node) -> set[Node]:
    """The organisations a claim is about: those it mentions, and the makers of the products
    it mentions."""
    found = set()
    for entity in graph.objects(claim, SCHEMA.mentions):
        if (entity, RDF.type, SCHEMA.Organization) in graph:
            found.add(entity)
        found.update(graph.objects(entity, SCHEMA.manufacturer))
    return found


def _voices(graph: Graph, source: Node) -> set[Node]:
    """The organisations a source speaks for: its publisher and its authors' employers."""
    voices = set(graph.objects(source, SCHEMA.publisher))
    for author in graph.objects(source, SCHEMA.author):
        if (author, RDF.type, SCHEMA.Organization) in graph:
            voices.add(author)
        voices.update(graph.objects(author, SCHEMA.worksFor))
    return voices


def support_graph(graph: Graph, *, base: str) -> MappedDocument:
    """The named graph of ``cg:supportScore`` and ``cg:flag`` of every claim of ``graph``."""
    iri = Minter(base)(SUPPORT_GRAPH)
    triples: list[Triple] = []
    for claim, record in sorted(claim_support(graph).items(), key=lambda kv: str(kv[0])):
        if not isinstance(claim, URIRef):
            continue
        score = record.score()
        triples.append((claim, CG.supportScore, Literal(format(score, "f"), datatype=XSD.decimal)))
        sources = {s for _, s in record.support}
        flags = []
        if not record.support:
            flags.append("unsupported")
        elif len(sources) == 1:
            flags.append("single-source")
        about = _about(graph, claim)
        if record.support and about and all(about & _voices(graph, s) for s in sources):
            flags.append("interested-party")
        if record.support and record.against:
            flags.append("contested")
        for flag in flags:
            triples.append((claim, CG.flag, FLAGS[flag]))
    for name, concept in sorted(FLAGS.items()):
        triples += [(concept, RDF.type, SKOS.Concept), (concept, SKOS.notation, Literal(name))]
    triples += [(iri, RDF.type, PROV.Entity), (iri, RDF.type, CG.SupportAssessment)]
    return MappedDocument(iri, tuple(triples), ())
