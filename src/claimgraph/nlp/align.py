"""Claim <-> quote alignment (pure Python, deterministic): which quote could a claim rest on?

For every (quote, claim) pair the score in [0, 1] combines, with fixed weights:

* **coverage** (0.5): the share of the claim's content, weighted by rarity (IDF over every
  claim and quote given), that the quote also says — stemmed words and quantities;
* **mutual rank** (0.3): BM25 in both directions, each normalised by the best candidate (the
  quote's best claim scores 1, the claim's best quote scores 1), averaged — a pair that picks
  each other scores 1;
* **entities** (0.1): Jaccard overlap of the canonical entities both mention (gazetteer keys,
  so "AWS" and "Amazon" count as one);
* **quantities** (0.1): the share of the claim's numbers the quote states too ("405B",
  "~50%" = "roughly 50%").

A quote is read with its context: the words of the quote, where it stands (locator) and who
said it in what (the source's title and authors); an evidence item with no words at all is
read from its locator, the source's title, authors and notes. See :func:`evidence_passage`.

Nothing is learnt from, or tuned to, a particular corpus.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

WEIGHTS = {"coverage": 0.5, "mutual": 0.3, "entities": 0.1, "quantities": 0.1}
DEFAULT_THRESHOLD = 0.5
_K1, _B = 1.2, 0.75  # the usual BM25 constants

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)?|\d+(?:[.,]\d+)*[a-z%]*")
_STOP = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "s",
        "t",
        "don",
    ]
)
_APPROX = re.compile(r"(?:~|≈|about|around|approximately|roughly|nearly|almost|some)\s*(?=\$?\d)")
_QUANTITY = re.compile(
    r"\$?(\d+(?:[.,]\d+)*)\s*(%|percent\b|per cent\b|[kmbt]\b|thousand\b|million\b|"
    r"billion\b|trillion\b|x\b)?",
    re.IGNORECASE,
)
_SCALE = {
    "thousand": "k",
    "million": "m",
    "billion": "b",
    "trillion": "t",
    "percent": "%",
    "per cent": "%",
}


@dataclass(frozen=True)
class Passage:
    """A claim or a quote to align: its key, its text, the canonical entities it mentions and
    the kinds of those entities ("cloud provider"), which count as words of the text: a quote
    naming AWS and Azure speaks of cloud providers."""

    key: str
    text: str
    entities: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()


def claim_passage(
    key: str,
    text: str,
    *,
    label: str | None = None,
    entities: frozenset[str] = frozenset(),
    kinds: frozenset[str] = frozenset(),
) -> Passage:
    """The text a claim is aligned by: its words, and its label when it has one (an afls id
    such as ``desc_llama_31_405b_release`` reads "llama 31 405b release")."""
    words = text
    if label:
        words += " " + " ".join(re.split(r"[_\W]+", label.split("_", 1)[-1]))
    return Passage(key, words, entities, kinds)


def evidence_passage(
    key: str,
    quote: str,
    *,
    locator: str | None = None,
    title: str | None = None,
    authors: Iterable[str] = (),
    notes: str | None = None,
    entities: frozenset[str] = frozenset(),
    kinds: frozenset[str] = frozenset(),
) -> Passage:
    """The text a quote is aligned by: its words and context (see the module docstring)."""
    parts = [quote, locator or "", title or "", *authors]
    if not quote.strip():
        parts.append(notes or "")
    return Passage(key, " ".join(p for p in parts if p), entities, kinds)


def terms(text: str) -> list[str]:
    """Stemmed content words and normalised quantities of a text."""
    return list(_terms(text))


@lru_cache(maxsize=65536)
def _terms(text: str) -> tuple[str, ...]:
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 1]
    stems = [_stem(w) for w in words if not w[0].isdigit()]
    return (*stems, *sorted(quantities(text)))


@lru_cache(maxsize=262144)
def _stem(word: str) -> str:
    """A word's Snowball stem (cached: the pure-Python stemmer is the slow part of aligning)."""
    return str(_STEMMER.stemWord(word))


def quantities(text: str) -> set[str]:
    """Numbers with their unit, normalised: "405B" -> "405b", "~50%" -> "50%", "$600 billion"
    -> "600b"; approximations ("roughly", "~") are dropped so they compare equal."""
    text = _APPROX.sub("", text)
    found = set()
    for match in _QUANTITY.finditer(text):
        number = match.group(1).replace(",", "")
        unit = (match.group(2) or "").lower()
        unit = _SCALE.get(unit, unit)
        if unit or "." in number or len(number) >= 2:
            found.add(number + unit)
    return found


@dataclass
class _Index:
    docs: list[Counter[str]]
    idf: dict[str, float]
    avg: float

    @classmethod
    def build(cls, docs: Sequence[list[str]], idf: dict[str, float]) -> _Index:
        counters = [Counter(d) for d in docs]
        avg = sum(len(d) for d in docs) / max(len(docs), 1) or 1.0
        return cls(counters, idf, avg)

    def bm25(self, query: Iterable[str], doc: int) -> float:
        counts, length = self.docs[doc], sum(self.docs[doc].values())
        score = 0.0
        for term in set(query):
            tf = counts.get(term, 0)
            if tf:
                norm = tf + _K1 * (1 - _B + _B * length / self.avg)
                score += self.idf.get(term, 0.0) * tf * (_K1 + 1) / norm
        return score


@dataclass
class Alignment:
    """Scores of every (quote, claim) pair, with their parts."""

    quotes: list[Passage]
    claims: list[Passage]
    scores: list[list[float]] = field(default_factory=list)  # [quote][claim]

    def ranked(self, quote: int) -> list[tuple[float, str]]:
        """The claims for one quote, best first (ties by key, so the order is stable)."""
        row = self.scores[quote]
        return sorted(
            ((row[c], self.claims[c].key) for c in range(len(self.claims))),
            key=lambda item: (-item[0], item[1]),
        )

    def links(self, threshold: float = DEFAULT_THRESHOLD) -> list[tuple[str, str, float]]:
        """(quote key, claim key, score) for every pair at or above ``threshold``."""
        found = []
        for q, quote in enumerate(self.quotes):
            for c, claim in enumerate(self.claims):
                if self.scores[q][c] >= threshold:
                    found.append((quote.key, claim.key, self.scores[q][c]))
        return sorted(found, key=lambda item: (item[0], item[1]))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def align(quotes: Sequence[Passage], claims: Sequence[Passage]) -> Alignment:
    """Score every quote against every claim (see the module docstring)."""
    q_terms = [terms(" ".join((q.text, *sorted(q.kinds)))) for q in quotes]
    c_terms = [terms(" ".join((c.text, *sorted(c.kinds)))) for c in claims]
    n = len(q_terms) + len(c_terms)
    df = Counter(t for doc in (*q_terms, *c_terms) for t in set(doc))
    idf = {t: math.log(1 + (n - k + 0.5) / (k + 0.5)) for t, k in df.items()}
    claim_index = _Index.build(c_terms, idf)
    quote_index = _Index.build(q_terms, idf)
    forward = [
        [claim_index.bm25(q_terms[q], c) for c in range(len(claims))] for q in range(len(quotes))
    ]
    reverse = [
        [quote_index.bm25(c_terms[c], q) for c in range(len(claims))] for q in range(len(quotes))
    ]
    best_claim = [max(row, default=0.0) or 1.0 for row in forward]
    best_quote = [
        max((reverse[q][c] for q in range(len(quotes))), default=0.0) or 1.0
        for c in range(len(claims))
    ]
    q_sets = [set(t) for t in q_terms]
    c_weight = [sum(idf[t] for t in set(t_)) or 1.0 for t_ in c_terms]
    q_numbers = [quantities(q.text) for q in quotes]
    c_numbers = [quantities(c.text) for c in claims]
    scores = []
    for q, quote in enumerate(quotes):
        row = []
        for c, claim in enumerate(claims):
            coverage = sum(idf[t] for t in set(c_terms[c]) & q_sets[q]) / c_weight[c]
            mutual = (forward[q][c] / best_claim[q] + reverse[q][c] / best_quote[c]) / 2
            entities = _jaccard(quote.entities, claim.entities)
            numbers = len(q_numbers[q] & c_numbers[c]) / len(c_numbers[c]) if c_numbers[c] else 0.0
            row.append(
                round(
                    WEIGHTS["coverage"] * coverage
                    + WEIGHTS["mutual"] * mutual
                    + WEIGHTS["entities"] * entities
                    + WEIGHTS["quantities"] * numbers,
                    4,
                )
            )
        scores.append(row)
    return Alignment(list(quotes), list(claims), scores)
