"""Quote anchoring: find each quote in the text of its source, and say how well it is there.

Both sides are normalised the same way — Unicode NFKC, typographic quotes and dashes made
plain, white space collapsed, case folded — with a map back to the original offsets. Then:

* **exact**: the whole quote stands in the text;
* **exact-with-elisions**: the quote has "..." or "…"; its parts stand, *in order*, within one
  paragraph (a quote splicing two sentences in reverse order is not exact);
* **fuzzy**: the best approximate match within a paragraph (rapidfuzz's partial-ratio
  alignment) scores at least the threshold; the real wording is kept;
* **not-found** otherwise.

The result carries the position (start, end) in the text, 32 characters of prefix and suffix
taken from the text, the paragraph number, and whether a locator such as "paragraph 3 ..."
agrees with it. Pure: text in, result out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from claimgraph.iris import PLAIN_PUNCTUATION

FUZZY_THRESHOLD = 85.0
CONTEXT = 32
_ELISION = re.compile(r"\s*(?:\.\.\.|…)\s*")
_LOCATOR_PARAGRAPH = re.compile(r"\bparagraph\s+(\d+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Anchor:
    """Where and how a quote stands in a text."""

    status: str  # exact | exact-with-elisions | fuzzy | not-found
    score: float  # 0..1 (1 for exact matches)
    start: int | None = None
    end: int | None = None
    paragraph: int | None = None
    prefix: str = ""
    suffix: str = ""
    wording: str = ""  # the text as it stands at that place
    locator_agrees: bool | None = None  # None: the locator names no paragraph


def normalise(text: str) -> tuple[str, list[int]]:
    """The comparable form of ``text`` and, for each of its characters, the offset in
    ``text`` it comes from."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for index, char in enumerate(text):
        for piece in unicodedata.normalize("NFKC", char).translate(PLAIN_PUNCTUATION):
            if piece.isspace():
                if out and not space:
                    out.append(" ")
                    where.append(index)
                space = True
                continue
            space = False
            for folded in piece.casefold():
                out.append(folded)
                where.append(index)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of every block of the text: blocks are separated by blank lines (snapshot
    texts write headings as "# ..." blocks and list items as "- ..." blocks)."""
    spans = []
    for match in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def _paragraph_at(text: str, spans: list[tuple[int, int]], offset: int) -> int | None:
    """The number of the paragraph holding ``offset``; headings ("# ...") are not counted."""
    number = 0
    for start, end in spans:
        heading = text[start:end].lstrip().startswith("#")
        number += 0 if heading else 1
        if start <= offset < end:
            return None if heading else number
    return None


def _result(
    text: str,
    status: str,
    score: float,
    start: int,
    end: int,
    spans: list[tuple[int, int]],
    locator: str | None,
) -> Anchor:
    paragraph = _paragraph_at(text, spans, start)
    named = _LOCATOR_PARAGRAPH.search(locator or "")
    agrees = (int(named.group(1)) == paragraph) if named and paragraph else None
    return Anchor(
        status,
        round(score, 4),
        start,
        end,
        paragraph,
        text[max(0, start - CONTEXT) : start],
        text[end : end + CONTEXT],
        text[start:end],
        agrees,
    )


def anchor_quote(
    quote: str, text: str, *, locator: str | None = None, threshold: float = FUZZY_THRESHOLD
) -> Anchor:
    """Anchor one quote in one text (see the module docstring)."""
    norm_text, where = normalise(text)
    spans = paragraphs_of(text)
    parts = [normalise(p)[0] for p in _ELISION.split(quote) if normalise(p)[0]]
    if not parts:
        return Anchor("not-found", 0.0)
    if len(parts) == 1:
        found = norm_text.find(parts[0])
        if found >= 0:
            end = where[found + len(parts[0]) - 1] + 1
            return _result(text, "exact", 1.0, where[found], end, spans, locator)
    else:
        for start, end in spans:
            lo = bisect_left(where, start)
            hi = bisect_left(where, end)
            cursor, first, last = lo, None, None
            for part in parts:
                found = norm_text.find(part, cursor, hi)
                if found < 0:
                    break
                first = found if first is None else first
                last = found + len(part)
                cursor = last
            else:
                assert first is not None
                assert last is not None
                return _result(
                    text,
                    "exact-with-elisions",
                    1.0,
                    where[first],
                    where[last - 1] + 1,
                    spans,
                    locator,
                )
    whole = " ".join(parts)
    best: tuple[float, int, int] | None = None
    for start, end in spans:
        lo, hi = bisect_left(where, start), bisect_left(where, end)
        match = fuzz.partial_ratio_alignment(whole, norm_text[lo:hi])
        if match is not None and (best is None or match.score > best[0]):
            best = (match.score, lo + match.dest_start, lo + match.dest_end)
    if best is None or best[0] < threshold or best[2] <= best[1]:
        return Anchor("not-found", round((best[0] if best else 0.0) / 100, 4))
    start, end = _snap(text, where[best[1]], where[best[2] - 1] + 1)
    return _result(text, "fuzzy", best[0] / 100, start, end, spans, locator)


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen or narrow an approximate match to whole words."""
    while start < end and (not text[start].isalnum() or (start > 0 and text[start - 1].isalnum())):
        start += 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, max(end, start)


def bisect_left(values: list[int], target: int) -> int:
    """The first index whose value is at least ``target`` (``values`` is sorted)."""
    import bisect

    return bisect.bisect_left(values, target)
