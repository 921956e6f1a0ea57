"""Provenance chains as a typed networkx graph (pure: RDF in, networkx out).

Nodes have a ``type`` (claim, evidence, source, document, person, organisation, product,
intake, agent), a short ``label`` and the full ``text``; edges a ``type`` (supportedBy,
hasSource, author, publisher, affiliation, mentions, statedIn, wasGeneratedBy,
wasAssociatedWith) and, where known, ``weight``, ``score``, ``stance`` and ``method``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.term import Node

from .vocab import CG, OA, PROV, RDF, SCHEMA, SKOS

LAYERS = {
    "claim": 0,
    "document": 0,
    "evidence": 1,
    "source": 2,
    "person": 3,
    "organisation": 3,
    "product": 3,
    "intake": 4,
    "agent": 5,
}
CHAIN_EDGES = {
    "supportedBy",
    "hasSource",
    "author",
    "publisher",
    "affiliation",
    "wasGeneratedBy",
    "wasAssociatedWith",
}


def _text(graph: Graph, node: Node, *props: URIRef) -> str:
    for prop in props:
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return ""


def _num(graph: Graph, node: Node, prop: URIRef) -> float | None:
    value = graph.value(node, prop)
    try:
        return float(str(value)) if value is not None else None
    except ValueError:
        return None


def _node_type(graph: Graph, node: Node) -> str | None:
    types = set(graph.objects(node, RDF.type))
    for cls, name in (
        (SCHEMA.Claim, "claim"),
        (CG.Evidence, "evidence"),
        (CG.Source, "source"),
        (CG.Intake, "intake"),
        (PROV.SoftwareAgent, "agent"),
        (SCHEMA.Person, "person"),
        (SCHEMA.Organization, "organisation"),
        (SCHEMA.Product, "product"),
        (CG.Digest, "document"),
        (CG.SourceCard, "document"),
    ):
        if cls in types:
            return name
    return None


def provenance_graph(graph: Graph) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    """The typed networkx graph of everything a claim can rest on in ``graph``."""
    out: nx.MultiDiGraph = nx.MultiDiGraph()  # type: ignore[type-arg]

    def add(node: Node) -> str | None:
        kind = _node_type(graph, node)
        if kind is None:
            return None
        key = str(node)
        if key not in out:
            out.add_node(key, **_attributes(graph, node, kind))
        return key

    def edge(a: Node, b: Node, kind: str, **attrs: Any) -> None:
        ka, kb = add(a), add(b)
        if ka and kb:
            out.add_edge(
                ka, kb, key=kind, type=kind, **{k: v for k, v in attrs.items() if v is not None}
            )

    for link in sorted(graph.subjects(RDF.type, CG.Link), key=str):
        claim, evidence = graph.value(link, CG.claim), graph.value(link, CG.evidence)
        if claim is None or evidence is None:
            continue
        stance = graph.value(link, CG.stance)
        edge(
            claim,
            evidence,
            "supportedBy",
            stance=_text(graph, stance, SKOS.notation) if stance is not None else "none",
            method=_text(graph, graph.value(link, CG.linkMethod) or link, SKOS.notation),
            weight=_num(graph, link, CG.weight) or _num(graph, evidence, CG.weight),
            score=_num(graph, link, CG.score),
        )
    for evidence in sorted(graph.subjects(RDF.type, CG.Evidence), key=str):
        for source in graph.objects(evidence, OA.hasSource):
            edge(evidence, source, "hasSource", weight=_num(graph, evidence, CG.weight))
    for source in sorted(graph.subjects(RDF.type, CG.Source), key=str):
        for author in graph.objects(source, SCHEMA.author):
            edge(source, author, "author")
        for publisher in graph.objects(source, SCHEMA.publisher):
            edge(source, publisher, "publisher")
        for intake in graph.subjects(PROV.used, source):
            edge(source, intake, "wasGeneratedBy")
    for person in sorted(graph.subjects(RDF.type, SCHEMA.Person), key=str):
        for org in graph.objects(person, SCHEMA.worksFor):
            edge(person, org, "affiliation")
    for intake in sorted(graph.subjects(RDF.type, CG.Intake), key=str):
        for agent in graph.objects(intake, PROV.wasAssociatedWith):
            edge(intake, agent, "wasAssociatedWith")
    for claim in sorted(graph.subjects(RDF.type, SCHEMA.Claim), key=str):
        for document in graph.objects(claim, SCHEMA.appearance):
            edge(claim, document, "statedIn")
        for entity in graph.objects(claim, SCHEMA.mentions):
            edge(claim, entity, "mentions")
    return out


def _attributes(graph: Graph, node: Node, kind: str) -> dict[str, Any]:
    text = _text(graph, node, SCHEMA.text, SCHEMA.headline, SCHEMA.name)
    attrs: dict[str, Any] = {"type": kind, "layer": LAYERS[kind], "iri": str(node)}
    if kind == "evidence":
        selector = graph.value(node, OA.hasSelector)
        text = _text(graph, selector, OA.exact) if selector is not None else "(no quote)"
        attrs["locator"] = _text(graph, node, CG.locator)
        attrs["method"] = _text(graph, graph.value(node, CG.method) or node, SKOS.notation)
        weight = _num(graph, node, CG.weight)
        if weight is not None:
            attrs["weight"] = weight
    elif kind == "claim":
        score = _num(graph, node, CG.supportScore)
        if score is not None:
            attrs["supportScore"] = score
        attrs["flags"] = ",".join(
            sorted(_text(graph, f, SKOS.notation) for f in graph.objects(node, CG.flag))
        )
    elif kind == "source":
        reliability = _num(graph, node, CG.reliability) or _num(graph, node, CG.typePrior)
        if reliability is not None:
            attrs["reliability"] = reliability
        attrs["url"] = _text(graph, node, SCHEMA.url)
    elif kind == "intake":
        text = "intake " + _text(graph, node, PROV.endedAtTime)
        attrs["sha256"] = _text(graph, node, SCHEMA.sha256, CG.sha256Prefix)
    elif kind == "agent":
        text = " ".join(
            p
            for p in (_text(graph, node, SCHEMA.name), _text(graph, node, SCHEMA.softwareVersion))
            if p
        )
    attrs["text"] = text
    attrs["label"] = text if len(text) <= 60 else text[:57] + "…"
    return attrs


def chain_subgraph(g: nx.MultiDiGraph, roots: Iterable[str]) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    """The nodes reachable from ``roots`` along provenance edges (not mentions), as a graph."""
    keep, queue = set(), [r for r in roots if r in g]
    while queue:
        node = queue.pop()
        if node in keep:
            continue
        keep.add(node)
        for _, target, kind in g.out_edges(node, keys=True):
            if kind in CHAIN_EDGES:
                queue.append(target)
    return g.subgraph(keep).copy()


def claim_chains(g: nx.MultiDiGraph, claim: str) -> list[list[str]]:  # type: ignore[type-arg]
    """Every path claim -> ... -> intake (or the furthest node when there is no intake)."""
    sub: nx.DiGraph[str] = nx.DiGraph(chain_subgraph(g, [claim]))
    ends = [n for n in sub if sub.out_degree(n) == 0 and n != claim]
    return sorted(path for end in ends for path in nx.all_simple_paths(sub, claim, end))


def source_subgraph(g: nx.MultiDiGraph, source: str) -> nx.MultiDiGraph:  # type: ignore[type-arg]
    """A source with the evidence quoted from it, the claims resting on that evidence, and
    what the source leads to (people, organisations, intake)."""
    evidence = [e for e, _ in g.in_edges(source) if g.nodes[e]["type"] == "evidence"]
    claims = [c for e in evidence for c, _ in g.in_edges(e) if g.nodes[c]["type"] == "claim"]
    return chain_subgraph(g, [*claims, source])


@dataclass(frozen=True)
class Figures:
    """Graph figures: claims per source, organisations claims rest on, single points of
    failure (a node whose removal leaves a supported claim without support)."""

    claims_per_source: list[tuple[str, int]]
    organisations: list[tuple[str, int]]
    single_points: dict[str, list[str]]  # claim -> nodes
    supported: int
    unsupported: int


def _support_paths(g: nx.MultiDiGraph, claim: str) -> nx.DiGraph:  # type: ignore[type-arg]
    sub: nx.DiGraph[str] = nx.DiGraph()
    for _, evidence, data in g.out_edges(claim, data=True):
        if data["type"] == "supportedBy" and data.get("stance") in ("support", "none"):
            for _, source, kind in g.out_edges(evidence, keys=True):
                if kind == "hasSource":
                    sub.add_edge(claim, evidence)
                    sub.add_edge(evidence, source)
                    sub.add_edge(source, "_end")
    return sub


def graph_figures(g: nx.MultiDiGraph) -> Figures:  # type: ignore[type-arg]
    """Claims per source, the organisations most claims rest on, and single points of failure,
    computed with networkx."""
    claims = sorted(n for n, d in g.nodes(data=True) if d["type"] == "claim")
    per_source: Counter[str] = Counter()
    per_org: Counter[str] = Counter()
    single: dict[str, list[str]] = {}
    supported = 0
    for claim in claims:
        sub = _support_paths(g, claim)
        if "_end" not in sub:
            continue
        supported += 1
        sources = {n for n in sub if g.nodes.get(n, {}).get("type") == "source"}
        for source in sources:
            per_source[g.nodes[source]["label"]] += 1
        orgs = {
            t
            for s in sources
            for _, t, k in g.out_edges(s, keys=True)
            if k in ("publisher", "author") and g.nodes[t]["type"] == "organisation"
        }
        orgs |= {
            o
            for s in sources
            for _, p, k in g.out_edges(s, keys=True)
            if k == "author"
            for _, o, k2 in g.out_edges(p, keys=True)
            if k2 == "affiliation"
        }
        for org in orgs:
            per_org[g.nodes[org]["label"]] += 1
        cut = [
            n
            for n in sub
            if n not in (claim, "_end")
            and not nx.has_path(nx.restricted_view(sub, [n], []), claim, "_end")
        ]
        if cut:
            single[claim] = sorted(cut)
    return Figures(
        claims_per_source=sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0])),
        organisations=sorted(per_org.items(), key=lambda kv: (-kv[1], kv[0])),
        single_points=single,
        supported=supported,
        unsupported=len(claims) - supported,
    )


@dataclass(frozen=True)
class StatsReport:
    """The figures of a graph, ready to print."""

    figures: Figures
    labels: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        f = self.figures
        return {
            "claims_supported": f.supported,
            "claims_unsupported": f.unsupported,
            "claims_per_source": dict(f.claims_per_source),
            "organisations": dict(f.organisations),
            "single_points_of_failure": {
                self.labels[c]: [self.labels[n] for n in nodes]
                for c, nodes in sorted(f.single_points.items())
            },
        }

    def render(self, fmt: str = "table") -> str:
        if fmt == "json":
            import json

            return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"
        f = self.figures
        lines = [
            f"claims: {f.supported} supported, {f.unsupported} unsupported",
            "",
            "claims per source:",
        ]
        lines += [f"  {n:>4}  {label}" for label, n in f.claims_per_source[:15]]
        lines += ["", "organisations the claims rest on (as publisher, author or employer):"]
        lines += [f"  {n:>4}  {label}" for label, n in f.organisations[:15]]
        single = len(f.single_points)
        lines += [
            "",
            f"single points of failure: {single} of {f.supported} supported claims "
            "rest on one quote or one source:",
        ]
        for claim, nodes in sorted(f.single_points.items(), key=lambda kv: self.labels[kv[0]]):
            lines.append(f"  {self.labels[claim]}")
            lines += [f"      ← {self.labels[n]}" for n in nodes]
        return "\n".join(lines) + "\n"


def stats_report(graph: Graph) -> StatsReport:
    """Figures of an RDF graph's provenance (see :func:`graph_figures`)."""
    g = provenance_graph(graph)
    labels = {n: f"[{d['type']}] {d['label']}" for n, d in g.nodes(data=True)}
    return StatsReport(graph_figures(g), labels)
