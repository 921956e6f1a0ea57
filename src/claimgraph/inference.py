"""Inferred claim -> quote links, read from the assembled graph (pure: graph in, triples out).

Explicit links exist only where an input states them (an afls evidence edge names its claim).
A digest's key points are about a source whose quotes may back them, but nothing says which:
for every source, its claims (``schema:about``) are aligned with its quotes (``oa:hasSource``)
by :mod:`claimgraph.nlp.align`, and each pair scoring at least the threshold becomes a
``cg:Link`` with ``cg:linkMethod cg:Inferred`` and its ``cg:score`` — never a stance, which
the alignment cannot know. Pairs an input links explicitly are left alone. The links live in
a named graph of their own, since they come from several documents at once.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .entities import Gazetteer
from .iris import digest_key
from .nlp.align import DEFAULT_THRESHOLD, Passage, align, claim_passage, evidence_passage
from .rdf import MappedDocument, Minter, Triple
from .vocab import CG, OA, PROV, RDF, SCHEMA, SKOS, XSD

ALIGNMENT_GRAPH = "graph/alignment"


def _text(graph: Graph, node: Node, prop: URIRef) -> str:
    value = graph.value(node, prop)
    return str(value) if value is not None else ""


def _mentions(
    graph: Graph, node: Node, gazetteer: Gazetteer, base: str
) -> tuple[frozenset[str], frozenset[str]]:
    keys = frozenset(
        str(o)[len(base) :] for o in graph.objects(node, SCHEMA.mentions) if str(o).startswith(base)
    )
    kinds = frozenset(
        k for key in keys if key in gazetteer.entities for k in gazetteer.entities[key].categories
    )
    return keys, kinds


def infer_links(
    graph: Graph, *, gazetteer: Gazetteer, base: str, threshold: float = DEFAULT_THRESHOLD
) -> MappedDocument:
    """The named graph of inferred claim-quote links of ``graph`` (empty when there are none).

    Claims are aligned with the quotes of the source they are about, one document section at
    a time (key points apart from summary sentences)."""
    mint = Minter(base)
    explicit = {
        (link_claim, link_evidence)
        for link in graph.subjects(CG.linkMethod, CG.Explicit)
        if (link_claim := graph.value(link, CG.claim)) is not None
        and (link_evidence := graph.value(link, CG.evidence)) is not None
    }
    claims_of: dict[Node, list[Node]] = defaultdict(list)
    for claim in graph.subjects(RDF.type, SCHEMA.Claim):
        for source in graph.objects(claim, SCHEMA.about):
            claims_of[source].append(claim)
    quotes_of: dict[Node, list[Node]] = defaultdict(list)
    for evidence in graph.subjects(RDF.type, CG.Evidence):
        for quoted_from in graph.objects(evidence, OA.hasSource):
            quotes_of[quoted_from].append(evidence)

    iri = mint(ALIGNMENT_GRAPH)
    triples: list[Triple] = []
    for source in sorted(set(claims_of) & set(quotes_of), key=str):
        title = _text(graph, source, SCHEMA.headline) or _text(graph, source, SCHEMA.name)
        authors = sorted(_text(graph, a, SCHEMA.name) for a in graph.objects(source, SCHEMA.author))
        notes = _text(graph, source, SCHEMA.description)
        quotes: list[Passage] = []
        for evidence in sorted(quotes_of[source], key=str):
            selector = graph.value(evidence, OA.hasSelector)
            quote = _text(graph, selector, OA.exact) if selector is not None else ""
            entities, kinds = _mentions(graph, evidence, gazetteer, base)
            quotes.append(
                evidence_passage(
                    str(evidence),
                    quote,
                    locator=_text(graph, evidence, CG.locator),
                    title=title,
                    authors=authors,
                    notes=notes,
                    entities=entities,
                    kinds=kinds,
                )
            )
        # claims of one section are aligned together: a summary restating a key point must
        # not take the key point's quotes away from it
        groups: dict[str, list[Node]] = defaultdict(list)
        for claim in claims_of[source]:
            groups[str(graph.value(claim, CG.section) or "")].append(claim)
        found = []
        for group in sorted(groups):
            claims = []
            for claim in sorted(groups[group], key=str):
                entities, kinds = _mentions(graph, claim, gazetteer, base)
                text = _text(graph, claim, SCHEMA.text)
                claims.append(claim_passage(str(claim), text, entities=entities, kinds=kinds))
            found += align(quotes, claims).links(threshold)
        for quote_key, claim_key, score in sorted(found):
            claim, evidence = URIRef(claim_key), URIRef(quote_key)
            if (claim, evidence) in explicit:
                continue
            link = mint("link/" + digest_key(claim_key, quote_key, "inferred"))
            triples += [
                (link, RDF.type, CG.Link),
                (link, CG.claim, claim),
                (link, CG.evidence, evidence),
                (link, CG.linkMethod, CG.Inferred),
                (link, CG.score, Literal(format(Decimal(str(score)), "f"), datatype=XSD.decimal)),
            ]
    triples += _same_claims(graph, claims_of, quotes_of, gazetteer, base, mint, threshold)
    if triples:
        triples += [
            (CG.Inferred, RDF.type, SKOS.Concept),
            (CG.Inferred, SKOS.notation, Literal("inferred")),
            (iri, RDF.type, PROV.Entity),
            (iri, RDF.type, CG.Alignment),
            (
                iri,
                CG.threshold,
                Literal(format(Decimal(str(threshold)), "f"), datatype=XSD.decimal),
            ),
        ]
    return MappedDocument(iri, tuple(triples), ())


def _same_claims(
    graph: Graph,
    claims_of: dict[Node, list[Node]],
    quotes_of: dict[Node, list[Node]],
    gazetteer: Gazetteer,
    base: str,
    mint: Minter,
    threshold: float,
) -> list[Triple]:
    """Claims about a source (a digest's key points) that say what a claim resting explicitly
    on that source's quotes says (an afls claim): ``cg:sameClaimAs``, with a scored
    ``cg:ClaimMatch``. The first claim may then be traced to the second one's evidence."""
    explicit_claims: dict[Node, set[Node]] = defaultdict(set)
    for link in graph.subjects(CG.linkMethod, CG.Explicit):
        claim, evidence = graph.value(link, CG.claim), graph.value(link, CG.evidence)
        for source in graph.objects(evidence, OA.hasSource) if evidence is not None else ():
            if claim is not None:
                explicit_claims[source].add(claim)
    triples: list[Triple] = []
    for source in sorted(set(claims_of) & set(explicit_claims), key=str):

        def passage(claim: Node) -> Passage:
            entities, kinds = _mentions(graph, claim, gazetteer, base)
            return claim_passage(
                str(claim), _text(graph, claim, SCHEMA.text), entities=entities, kinds=kinds
            )

        said = [
            passage(c)
            for c in sorted(set(claims_of[source]), key=str)
            if c not in explicit_claims[source]
        ]
        curated = [passage(c) for c in sorted(explicit_claims[source], key=str)]
        if not said or not curated:
            continue
        for said_key, curated_key, score in align(said, curated).links(threshold):
            match = mint("link/" + digest_key(said_key, curated_key, "same claim"))
            triples += [
                (URIRef(said_key), CG.sameClaimAs, URIRef(curated_key)),
                (match, RDF.type, CG.ClaimMatch),
                (match, CG.claim, URIRef(said_key)),
                (match, CG.matches, URIRef(curated_key)),
                (match, CG.linkMethod, CG.Inferred),
                (match, CG.score, Literal(format(Decimal(str(score)), "f"), datatype=XSD.decimal)),
            ]
    return triples
