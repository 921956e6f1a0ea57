"""A claim's provenance chain as a text tree, with a one-paragraph verdict (pure).

claim -> link (explicit with stance, or inferred with score) -> evidence and quote -> source ->
author / publisher -> intake (time, tool, commit, digest).
"""

from __future__ import annotations

import textwrap

from rdflib import Graph, URIRef
from rdflib.term import Node

from .errors import ClaimgraphError
from .vocab import CG, OA, PROV, RDF, SCHEMA, SKOS


def find_claim(graph: Graph, ref: str) -> URIRef:
    """A claim by IRI (full or prefixed, e.g. ``claim:desc_x``) or by a unique piece of its
    text (case-insensitive)."""
    candidates = []
    if ":" in ref and " " not in ref:
        try:
            iri = graph.namespace_manager.expand_curie(ref) if "://" not in ref else URIRef(ref)
        except ValueError:
            iri = URIRef(ref)
        if (iri, RDF.type, SCHEMA.Claim) in graph:
            return iri
    needle = " ".join(ref.split()).casefold()
    for claim in graph.subjects(RDF.type, SCHEMA.Claim):
        text = " ".join(str(graph.value(claim, SCHEMA.text) or "").split()).casefold()
        if needle and needle in text:
            candidates.append(claim)
    if len(candidates) == 1 and isinstance(candidates[0], URIRef):
        return candidates[0]
    if not candidates:
        raise ClaimgraphError(
            f"no claim is {ref!r} or has it in its text",
            hint="give a claim IRI or a piece of its text",
        )
    shown = "\n".join(f"  {graph.value(c, SCHEMA.text)}" for c in sorted(candidates, key=str)[:8])
    raise ClaimgraphError(f"{len(candidates)} claims contain {ref!r}; be more specific:\n{shown}")


def _name(graph: Graph, node: Node | None) -> str:
    if node is None:
        return "?"
    for prop in (SCHEMA.headline, SCHEMA.name):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return str(node)


def _notation(graph: Graph, node: Node | None) -> str:
    value = graph.value(node, SKOS.notation) if node is not None else None
    return str(value) if value is not None else (str(node).rsplit("#", 1)[-1] if node else "")


def trace_claim(graph: Graph, claim: URIRef, *, width: int = 100) -> str:
    """The chain of one claim as an indented tree, and a verdict."""
    out = [f"claim: {graph.value(claim, SCHEMA.text)}", f"  {claim}"]
    score = graph.value(claim, CG.supportScore)
    flags = sorted(_notation(graph, f) for f in graph.objects(claim, CG.flag))
    links = sorted(
        graph.subjects(CG.claim, claim),
        key=lambda n: (
            str(graph.value(n, CG.linkMethod)),
            -float(str(graph.value(n, CG.weight) or graph.value(n, CG.score) or 0)),
            str(n),
        ),
    )
    links = [link for link in links if (link, RDF.type, CG.Link) in graph]
    supporting, sources = 0, set()
    for i, link in enumerate(links):
        last = i == len(links) - 1
        branch, stem = ("└─ ", "   ") if last else ("├─ ", "│  ")
        method = _notation(graph, graph.value(link, CG.linkMethod))
        stance = (
            _notation(graph, graph.value(link, CG.stance))
            if graph.value(link, CG.stance) is not None
            else "no stance (inferred)"
        )
        link_score = graph.value(link, CG.score)
        head = f"{method} link, {stance}" + (f", score {link_score}" if link_score else "")
        out.append(branch + head)
        evidence = graph.value(link, CG.evidence)
        source = graph.value(evidence, OA.hasSource) if evidence is not None else None
        if stance in ("support", "no stance (inferred)"):
            supporting += 1
            sources.add(source)
        out += [stem + line for line in _evidence(graph, evidence, source, width - len(stem))]
    if not links:
        out.append("└─ (no evidence linked)")
    out.append("")
    verdict = (
        f"Verdict: supported by {supporting} quote{'s' if supporting != 1 else ''} from "
        f"{len(sources)} source{'s' if len(sources) != 1 else ''}"
        f"{f', support score {score}' if score is not None else ''}"
        f"{'; flags: ' + ', '.join(flags) if flags else '; no flags'}."
    )
    against = len(links) - supporting
    if against:
        verdict += f" {against} quote{'s' if against != 1 else ''} contradict or qualify it."
    out += textwrap.wrap(verdict, width, break_on_hyphens=False)
    return "\n".join(out) + "\n"


def _evidence(graph: Graph, evidence: Node | None, source: Node | None, width: int) -> list[str]:
    lines = []
    selector = graph.value(evidence, OA.hasSelector) if evidence is not None else None
    quote = graph.value(selector, OA.exact) if selector is not None else None
    weight = graph.value(evidence, CG.weight) if evidence is not None else None
    method = _notation(graph, graph.value(evidence, CG.method)) if evidence is not None else ""
    locator = graph.value(evidence, CG.locator) if evidence is not None else None
    lines.append(
        f"└─ evidence: weight {weight or '?'}, {method or 'no method'}"
        + (f", {locator}" if locator else "")
    )
    text = f"“{quote}”" if quote else "(no quote)"
    lines += ["   " + part for part in textwrap.wrap(text, max(width - 3, 30))]
    if source is None:
        return lines
    url = graph.value(source, SCHEMA.url)
    reliability = graph.value(source, CG.reliability)
    prior = graph.value(source, CG.typePrior)
    detail = ", ".join(
        p
        for p in (
            f"reliability {reliability}" if reliability is not None else "",
            f"prior of its kind {prior}" if prior is not None else "",
        )
        if p
    )
    lines.append(
        f"   └─ source: {_name(graph, source)}"
        + (f" <{url}>" if url else "")
        + (f" ({detail})" if detail else "")
    )
    parts = []
    for author in sorted(graph.objects(source, SCHEMA.author), key=str):
        employers = ", ".join(
            sorted(_name(graph, o) for o in graph.objects(author, SCHEMA.worksFor))
        )
        parts.append(
            f"author: {_name(graph, author)}" + (f" (works for {employers})" if employers else "")
        )
    for publisher in sorted(graph.objects(source, SCHEMA.publisher), key=str):
        parts.append(f"publisher: {_name(graph, publisher)}")
    for intake in sorted(graph.subjects(PROV.used, source), key=str):
        agent = graph.value(intake, PROV.wasAssociatedWith)
        digest = graph.value(intake, SCHEMA.sha256)
        prefix = graph.value(intake, CG.sha256Prefix)
        tool = " ".join(
            str(v)
            for v in (graph.value(agent, SCHEMA.name), graph.value(agent, SCHEMA.softwareVersion))
            if v
        )
        commit = graph.value(agent, CG.gitCommit) if agent is not None else None
        parts.append(
            f"intake: {graph.value(intake, PROV.endedAtTime) or '?'} by {tool or '?'}"
            + (f" (git {commit})" if commit else "")
            + (f", sha256 {digest}" if digest else "")
            + (f", sha256 starts {prefix}… (prefix only)" if prefix else "")
        )
    for k, part in enumerate(parts):
        lines.append(("      └─ " if k == len(parts) - 1 else "      ├─ ") + part)
    return lines


def find_source(graph: Graph, ref: str) -> URIRef:
    """A source by IRI, by URL (normalised as for identity), or by a unique piece of its
    title."""
    from .iris import url_key

    sources = [s for s in graph.subjects(RDF.type, CG.Source) if isinstance(s, URIRef)]
    if URIRef(ref) in sources:
        return URIRef(ref)
    if "://" in ref:
        key = url_key(ref)
        found = [
            s for s in sources if any(url_key(str(u)) == key for u in graph.objects(s, SCHEMA.url))
        ]
    else:
        needle = ref.casefold()
        found = [
            s
            for s in sources
            if any(
                needle in str(t).casefold()
                for p in (SCHEMA.headline, SCHEMA.name)
                for t in graph.objects(s, p)
            )
        ]
    if len(found) == 1:
        return found[0]
    raise ClaimgraphError(
        f"{len(found)} sources match {ref!r}; expected exactly one",
        hint="give the source's URL, IRI or a piece of its title",
    )
