"""The gazetteer (``graph/entities.ttl``): canonical organisations and people, found in text.

A simple, deterministic match: every name and alias as a whole word, case-sensitive, longest
first, so "Meta Platforms" wins over "Meta" and "AWS" resolves to Amazon without a second node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from rdflib import Graph, URIRef

from .errors import ShapesError
from .iris import slug
from .resources import entities_file
from .vocab import CG, DEFAULT_BASE, RDF, SCHEMA

EntityKind = Literal["organization", "person", "product"]

_ORG_WORDS = frozenset(
    [
        "inc",
        "ltd",
        "llc",
        "llp",
        "plc",
        "corp",
        "corporation",
        "company",
        "co",
        "institute",
        "institution",
        "university",
        "college",
        "foundation",
        "lab",
        "labs",
        "laboratory",
        "association",
        "council",
        "agency",
        "department",
        "ministry",
        "committee",
        "commission",
        "group",
        "research",
        "center",
        "centre",
        "project",
        "initiative",
        "team",
        "office",
        "bureau",
        "board",
        "authority",
        "society",
        "network",
        "alliance",
        "coalition",
        "consortium",
        "trust",
        "fund",
        "bank",
        "press",
        "media",
        "news",
        "times",
        "journal",
        "magazine",
        "gmbh",
        "ag",
        "sa",
        "bv",
    ]
)


@dataclass(frozen=True)
class Entity:
    """One canonical organisation or person."""

    key: str  # IRI path below the base, e.g. "org/meta"
    kind: EntityKind
    name: str
    aliases: tuple[str, ...] = ()
    same_as: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    works_for: tuple[str, ...] = ()  # keys of organisations (employer; a product's maker)
    categories: tuple[str, ...] = ()  # what kind of organisation: "cloud provider", ...
    known: bool = True  # False for names not in the gazetteer


class EntityFinder(Protocol):
    """Anything that finds entities in text: the gazetteer itself, or a spaCy pipeline."""

    def find(self, text: str) -> list[Entity]: ...


class Gazetteer:
    """Look up entities by name, alias or web domain, and find them in text."""

    def __init__(self, entities: list[Entity]) -> None:
        self.entities = {e.key: e for e in entities}
        self._names: dict[str, Entity] = {}
        for entity in sorted(entities, key=lambda e: e.key):
            for name in (entity.name, *entity.aliases):
                self._names.setdefault(name, entity)
        names = sorted(self._names, key=lambda n: (-len(n), n))
        self._pattern = (
            re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
            if names
            else None
        )

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read a gazetteer file (default: the shipped ``graph/entities.ttl``)."""
        path = path or entities_file()
        graph = Graph()
        try:
            graph.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many types for bad Turtle
            raise ShapesError(f"{path}: cannot read the gazetteer: {exc}") from exc
        entities = []
        kinds: dict[URIRef, EntityKind] = {
            SCHEMA.Organization: "organization",
            SCHEMA.Person: "person",
            SCHEMA.Product: "product",
        }
        for cls_iri, kind in kinds.items():
            for subject in sorted(graph.subjects(RDF.type, cls_iri), key=str):
                if not isinstance(subject, URIRef) or not str(subject).startswith(DEFAULT_BASE):
                    raise ShapesError(f"{path}: entity {subject} is not under {DEFAULT_BASE}")
                name = graph.value(subject, SCHEMA.name)
                if name is None:
                    raise ShapesError(f"{path}: entity {subject} has no schema:name")

                def values(prop: URIRef, s: URIRef = subject) -> tuple[str, ...]:
                    return tuple(sorted(str(o) for o in graph.objects(s, prop)))

                entities.append(
                    Entity(
                        key=str(subject)[len(DEFAULT_BASE) :],
                        kind=kind,
                        name=str(name),
                        aliases=values(SCHEMA.alternateName),
                        same_as=values(SCHEMA.sameAs),
                        domains=values(CG.webDomain),
                        works_for=tuple(
                            v[len(DEFAULT_BASE) :]
                            for v in values(SCHEMA.worksFor) + values(SCHEMA.manufacturer)
                        ),
                        categories=values(CG.category),
                    )
                )
        return cls(entities)

    def lookup(self, name: str) -> Entity | None:
        """The entity with this exact name or alias."""
        return self._names.get(name.strip())

    def find(self, text: str) -> list[Entity]:
        """Entities named in ``text``, each once, in key order."""
        if self._pattern is None or not text:
            return []
        found = {self._names[m.group(1)].key for m in self._pattern.finditer(text)}
        return [self.entities[key] for key in sorted(found)]

    def publisher_of(self, host: str) -> Entity | None:
        """The organisation publishing on ``host`` (or a parent domain of it)."""
        host = host.lower().rstrip(".")
        best: tuple[int, str] | None = None
        for entity in self.entities.values():
            for domain in entity.domains:
                if (
                    (host == domain or host.endswith("." + domain))
                    and entity.kind == "organization"
                    and (best is None or len(domain) > best[0])
                ):
                    best = (len(domain), entity.key)
        return self.entities[best[1]] if best else None

    def person_or_org(self, name: str) -> Entity:
        """The entity for an author name.

        A name outside the gazetteer becomes an organisation when its last word is one that
        names an organisation ("Institute", "Inc.", "Labs", ...), a person otherwise; either
        way it is marked ``known=False``.
        """
        found = self.lookup(name)
        if found is not None:
            return found
        name = name.strip()
        words = re.findall(r"[A-Za-z]+", name)
        if words and words[-1].casefold() in _ORG_WORDS:
            return Entity(key="org/" + slug(name), kind="organization", name=name, known=False)
        return Entity(key="person/" + slug(name), kind="person", name=name, known=False)

    def closure(self, entities: list[Entity]) -> list[Entity]:
        """``entities`` plus the organisations their people work for, in key order."""
        keys = {e.key for e in entities}
        extra = {k for e in entities for k in e.works_for if k in self.entities}
        merged = {e.key: e for e in entities}
        for key in sorted(extra - keys):
            merged[key] = self.entities[key]
        return [merged[k] for k in sorted(merged)]
