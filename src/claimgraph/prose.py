"""Claims from prose: which sentences of a Summary or Relevance section say something checkable.

The rule, deliberately simple (and switched off with ``--no-prose-claims``): a sentence is a
claim when it is a statement (not a question) of at least five words and it

* states a quantity ("405B parameters", "roughly 50%", "$600 billion"), or
* names a known entity (an organisation, person or product of the gazetteer), or
* makes a comparison ("cheaper than", "more ... than", "compared to", "the first", "largest").

Sentences come from the spaCy pipeline's sentencizer when the entity finder has one, else from a
plain punctuation rule.
"""

from __future__ import annotations

import re
from typing import Protocol

from .entities import EntityFinder
from .nlp.align import quantities

_COMPARISON = re.compile(
    r"\b(than|compared (?:to|with)|versus|vs\.?|the (?:first|largest|biggest|most|least|"
    r"fastest|best|worst|only)|outperform\w*|surpass\w*|beat|exceed\w*)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")


class _Splitter(Protocol):
    def sentences(self, text: str) -> list[str]: ...


def split_sentences(text: str, finder: EntityFinder) -> list[str]:
    """The sentences of ``text``, paragraph by paragraph."""
    if hasattr(finder, "sentences"):
        splitter: _Splitter = finder  # type: ignore[assignment]
        return [s for p in text.split("\n\n") for s in splitter.sentences(p.strip()) if s]
    return [
        s.strip() for p in text.split("\n\n") for s in _SENTENCE_END.split(p.strip()) if s.strip()
    ]


def is_checkable(sentence: str, finder: EntityFinder) -> bool:
    """Whether a sentence asserts something one could check (see the module docstring)."""
    words = sentence.split()
    if len(words) < 5 or sentence.rstrip().endswith("?"):
        return False
    return bool(quantities(sentence) or finder.find(sentence) or _COMPARISON.search(sentence))


def prose_claims(text: str, finder: EntityFinder) -> list[str]:
    """The checkable sentences of a prose section, in order."""
    return [s for s in split_sentences(text, finder) if is_checkable(s, finder)]
