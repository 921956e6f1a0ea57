"""Shared helpers for text readers: decoding with clear errors, field checks."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

from claimgraph.errors import ParseError
from claimgraph.model import PartialDate

DEFAULT_MAX_BYTES = 5 * 1024 * 1024


def decode_text(data: bytes, path: Path) -> str:
    """Bytes of an input file as text with ``\\n`` line ends, or a ParseError saying why not."""
    if not data.strip():
        raise ParseError(
            "the file is empty; expected a digest (markdown with YAML front matter) "
            "or a source card",
            path=path,
        )
    if b"\x00" in data[:8192]:
        raise ParseError(
            "this is a binary file, not a text document; expected UTF-8 text", path=path
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParseError(
            f"not valid UTF-8 text (byte {exc.start}); expected a UTF-8 encoded document",
            path=path,
            line=line,
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_weight(raw: str, *, path: Path, line: int | None, field: str = "weight") -> Decimal:
    """A weight in [0, 1] in canonical decimal form (``0.90`` -> ``0.9``)."""
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise ParseError(
            f"{raw.strip()!r} is not a number; expected a decimal between 0 and 1",
            path=path,
            line=line,
            field=field,
        )
    if not Decimal(0) <= value <= Decimal(1):
        raise ParseError(
            f"{raw.strip()} is out of range; expected a decimal between 0 and 1",
            path=path,
            line=line,
            field=field,
        )
    return canonical_decimal(value)


def canonical_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros but keep one digit after the point: 0.90 -> 0.9, 1 -> 1.0."""
    text = format(value.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Decimal(text)


_DATE_WORDS = frozenset({"ongoing", "unknown", "undated", "n.d.", "n/a", "various"})


def parse_date(raw: str, *, path: Path, line: int | None, field: str) -> PartialDate:
    """A date as precise as given: YYYY-MM-DD, YYYY-MM, YYYY, a year range YYYY-YYYY, or one
    of the words "ongoing", "unknown", "undated", "n.d.", "n/a", "various"."""
    text = raw.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            date.fromisoformat(text)
            return PartialDate(text, "day")
        if re.fullmatch(r"\d{4}-\d{2}", text):
            date.fromisoformat(text + "-01")
            return PartialDate(text, "month")
        if re.fullmatch(r"\d{4}", text):
            return PartialDate(text, "year")
        match = re.fullmatch(r"(\d{4})\s*[-–/]\s*(\d{4})", text)
        if match and match.group(1) <= match.group(2):
            return PartialDate(text, "range")
        if text.casefold() in _DATE_WORDS:
            return PartialDate(text, "note")
        raise ValueError(text)
    except ValueError as exc:
        raise ParseError(
            f"{text!r} is not a valid date; expected YYYY-MM-DD (e.g. 2024-07-23), YYYY-MM or YYYY",
            path=path,
            line=line,
            field=field,
        ) from exc


def check_url(raw: str, *, path: Path, line: int | None, field: str) -> str:
    """An absolute http(s) URL, stripped of surrounding white space."""
    text = raw.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or " " in text:
        raise ParseError(
            f"{text!r} is not an absolute http(s) URL; expected e.g. https://example.org/page",
            path=path,
            line=line,
            field=field,
        )
    return text


def line_of(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def check_datetime(raw: str, *, path: Path, line: int | None, field: str) -> str:
    """An ISO date and time such as ``2026-04-19T20:22:45.301355Z``, kept as written."""
    text = raw.strip()
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
        if "T" not in text:
            raise ValueError(text)
    except ValueError as exc:
        raise ParseError(
            f"{text!r} is not a date and time; expected e.g. 2026-04-19T20:22:45Z",
            path=path,
            line=line,
            field=field,
        ) from exc
    return text
