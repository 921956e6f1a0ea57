"""Reader for source cards: the plain-text page of one source in an afls claims graph.

The layout, line by line::

    source · blog                       <- kind of source
    Open Source AI is the Path Forward  <- title
    src_zuckerberg_open_source_ai       <- id (optional)
    https://about.fb.com/news/...       <- url (optional when an id is given)
    authors: Mark Zuckerberg            <- "key: value" lines
    published: 2024-07-23
    accessed: 2026-04-19
    Notes                               <- section: free text
    Intake provenance                   <- section: "- key" / "- value" line pairs
    Evidence from this source (5)       <- section: N items of
    - weight0.95                           weight,
    method: primary_testimony · locator: paragraph 3 (...)
    “We're releasing Llama 3.1 405B ...”   and the quote, in typographic quotes
"""

from __future__ import annotations

import re
from pathlib import Path

from claimgraph.errors import ParseError
from claimgraph.model import Evidence, ExtraField, Intake, PartialDate, ReadWarning, Source

from ._text import check_datetime, check_url, parse_date, parse_weight

_HEADER = re.compile(r"source\s*[·•|:-]\s*(?P<kind>\S.*)", re.IGNORECASE)
_EVIDENCE_HEADER = re.compile(r"Evidence from this source\s*\((?P<count>\d+)\)", re.IGNORECASE)
_SECTIONS = {"notes": "notes", "intake provenance": "intake"}
_ITEM = re.compile(r"-\s*weight\s*:?\s*(?P<weight>.*)", re.IGNORECASE)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")
_SNAKE_ID = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")
_FIELDS = ("authors:", "published:", "accessed:")
_HEX = re.compile(r"[0-9a-f]+")
_OPEN_QUOTES = "“\"‘'«„"
_CLOSE_QUOTES = "”\"’'»“"
_INTAKE_KEYS = {
    "method": "method",
    "tool": "tool",
    "git sha": "git_sha",
    "git_sha": "git_sha",
    "at": "at",
    "sha256": "sha256",
    "raw content hash": "sha256",
}


def looks_like_card(text: str) -> bool:
    """A card's first non-blank line is ``source · <kind>``."""
    for line in text.split("\n"):
        if line.strip():
            return _HEADER.fullmatch(line.strip()) is not None
    return False


def _section_of(line: str) -> str | None:
    if _EVIDENCE_HEADER.fullmatch(line):
        return "evidence"
    return _SECTIONS.get(line.casefold())


class _CardParser:
    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        self.lines = [
            (n, raw.strip()) for n, raw in enumerate(text.split("\n"), start=1) if raw.strip()
        ]
        self.pos = 0
        self.warnings: list[ReadWarning] = []
        self.extra: list[ExtraField] = []

    def error(self, message: str, line: int | None, field: str | None = None) -> ParseError:
        return ParseError(message, path=self.path, line=line, field=field)

    def peek(self) -> tuple[int, str] | None:
        return self.lines[self.pos] if self.pos < len(self.lines) else None

    def take(self) -> tuple[int, str]:
        item = self.lines[self.pos]
        self.pos += 1
        return item

    def parse(self) -> tuple[Source, tuple[ExtraField, ...], tuple[ReadWarning, ...]]:
        number, first = self.take()
        header = _HEADER.fullmatch(first)
        if header is None:
            raise self.error(
                "expected a first line 'source · <kind>', e.g. 'source · blog'",
                number,
                "source type",
            )
        kind = header.group("kind").strip()
        title = self._title()
        identifier = self._identifier()
        url = self._url()
        if url is None and identifier is None:
            raise self.error(
                "missing; expected the source URL (https://...) on the line after the title or id",
                title[0] + 1,
                "url",
            )
        if url is None:
            self.warnings.append(
                ReadWarning(self.path, title[0], "no url: the source is identified by its id only")
            )
        authors, published, accessed = self._key_values()
        notes = intake = None
        evidence: tuple[Evidence, ...] = ()
        seen: set[str] = set()
        while self.peek() is not None:
            number, line = self.take()
            section = _section_of(line)
            if section is None:
                raise self.error(
                    f"unexpected line {line[:60]!r}; expected a section "
                    "'Notes', 'Intake provenance' or 'Evidence from this source (N)'",
                    number,
                )
            if section in seen:
                raise self.error(f"section '{line}' appears twice", number, section)
            seen.add(section)
            if section == "notes":
                notes = self._notes()
            elif section == "intake":
                intake = self._intake(number)
            else:
                match = _EVIDENCE_HEADER.fullmatch(line)
                assert match is not None
                evidence = self._evidence(int(match.group("count")), number)
        source = Source(
            url=url,
            title=title[1],
            identifier=identifier,
            source_type=kind,
            authors=authors,
            published=published,
            accessed=accessed,
            notes=notes,
            intake=intake,
            evidence=evidence,
        )
        return source, tuple(self.extra), tuple(self.warnings)

    def _title(self) -> tuple[int, str]:
        item = self.peek()
        if (
            item is None
            or _section_of(item[1])
            or item[1].lower().startswith(("http://", "https://", *_FIELDS))
        ):
            line = item[0] if item else self.lines[-1][0] + 1
            raise self.error(
                "missing; expected the source title on the line after 'source · <kind>'",
                line,
                "title",
            )
        following = self.lines[self.pos + 1][1] if self.pos + 1 < len(self.lines) else ""
        if _SNAKE_ID.fullmatch(item[1]) and following.lower().startswith(
            ("http://", "https://", *_FIELDS)
        ):
            raise self.error(
                f"missing; {item[1]!r} is the source id, expected the title on the line before it",
                item[0],
                "title",
            )
        return self.take()

    def _identifier(self) -> str | None:
        item = self.peek()
        if (
            item
            and _ID.fullmatch(item[1])
            and not _section_of(item[1])
            and not item[1].lower().startswith(("http:", "https:"))
        ):
            return self.take()[1]
        return None

    def _url(self) -> str | None:
        item = self.peek()
        if item and re.match(r"[a-z][a-z0-9+.-]*://", item[1], re.IGNORECASE):
            number, line = self.take()
            return check_url(line, path=self.path, line=number, field="url")
        return None

    def _key_values(self) -> tuple[tuple[str, ...], PartialDate | None, PartialDate | None]:
        authors: tuple[str, ...] = ()
        dates: dict[str, PartialDate | None] = {}
        while (item := self.peek()) is not None and _section_of(item[1]) is None:
            number, line = self.take()
            key, sep, value = line.partition(":")
            if not sep:
                raise self.error(
                    f"unexpected line {line[:60]!r}; expected 'key: value' "
                    "(authors, published, accessed)",
                    number,
                )
            key, value = key.strip().casefold(), value.strip()
            if key == "authors":
                authors = tuple(n.strip() for n in re.split(r"[;,]", value) if n.strip())
            elif key in {"published", "accessed"}:
                dates[key] = (
                    parse_date(value, path=self.path, line=number, field=key) if value else None
                )
            else:
                self.extra.append(ExtraField(key, value, number))
                self.warnings.append(
                    ReadWarning(
                        self.path,
                        number,
                        f"field '{key}' has no dedicated term; kept as cg:unmappedField",
                    )
                )
        return authors, dates.get("published"), dates.get("accessed")

    def _notes(self) -> str | None:
        parts = []
        while (item := self.peek()) is not None and _section_of(item[1]) is None:
            parts.append(self.take()[1])
        return "\n".join(parts) or None

    def _intake(self, header_line: int) -> Intake:
        items: list[tuple[int, str]] = []
        while (item := self.peek()) is not None and _section_of(item[1]) is None:
            number, line = self.take()
            if not line.startswith("-"):
                raise self.error(
                    f"unexpected line {line[:60]!r}; expected '- key' and '- value' lines",
                    number,
                    "intake provenance",
                )
            items.append((number, line[1:].strip()))
        if len(items) % 2:
            raise self.error(
                "a key has no value; expected '- key' and '- value' line pairs",
                items[-1][0],
                "intake provenance",
            )
        values: dict[str, str] = {}
        extra: list[ExtraField] = []
        for (number, key), (_, value) in zip(items[::2], items[1::2], strict=True):
            name = _INTAKE_KEYS.get(key.casefold())
            if name is None:
                extra.append(ExtraField(key, value, number))
                self.warnings.append(
                    ReadWarning(
                        self.path,
                        number,
                        f"intake field '{key}' has no dedicated term; kept as cg:unmappedField",
                    )
                )
            else:
                values[name] = value
        sha, is_prefix = self._digest(values.get("sha256"), header_line)
        git_sha = values.get("git_sha")
        if git_sha is not None:
            git_sha = git_sha.rstrip("…").rstrip(".").lower()
            if not _HEX.fullmatch(git_sha):
                raise self.error(
                    f"{git_sha!r} is not a hexadecimal commit id", header_line, "git sha"
                )
        at = values.get("at")
        if at is not None:
            at = check_datetime(at, path=self.path, line=header_line, field="at")
        return Intake(
            method=values.get("method"),
            tool=values.get("tool"),
            git_sha=git_sha,
            at=at,
            sha256=sha,
            sha256_is_prefix=is_prefix,
            line=header_line,
            extra=tuple(extra),
        )

    def _digest(self, raw: str | None, line: int) -> tuple[str | None, bool]:
        if raw is None:
            return None, False
        truncated = raw.endswith(("…", "..."))
        value = raw.rstrip("…").rstrip(".").strip().lower()
        if not _HEX.fullmatch(value) or len(value) > 64:
            raise self.error(
                f"{raw!r} is not a sha256 digest; expected 64 hexadecimal "
                "characters, or a prefix ending in '…'",
                line,
                "sha256",
            )
        return value, truncated or len(value) < 64

    def _evidence(self, announced: int, header_line: int) -> tuple[Evidence, ...]:
        items: list[Evidence] = []
        while (item := self.peek()) is not None and _section_of(item[1]) is None:
            number, line = self.take()
            match = _ITEM.fullmatch(line)
            if match is None:
                raise self.error(
                    f"unexpected line {line[:60]!r}; expected an evidence item "
                    "starting '- weight0.95'",
                    number,
                    "evidence",
                )
            items.append(self._item(number, match.group("weight")))
        if len(items) != announced:
            raise self.error(
                f"the card announces {announced} evidence items but lists {len(items)}",
                header_line,
                "Evidence from this source",
            )
        return tuple(items)

    def _item(self, start: int, raw_weight: str) -> Evidence:
        if not raw_weight.strip():
            raise self.error(
                "missing; expected a number between 0 and 1 after 'weight'", start, "weight"
            )
        weight = parse_weight(raw_weight, path=self.path, line=start)
        method = locator = None
        extra: list[ExtraField] = []
        quote_lines: list[str] = []
        while (
            (item := self.peek()) is not None
            and _section_of(item[1]) is None
            and not _ITEM.fullmatch(item[1])
        ):
            number, line = self.take()
            if not quote_lines and line[0] not in _OPEN_QUOTES and re.match(r"\w[\w ]*:", line):
                for part in re.split(r"\s+·\s+", line):
                    key, _, value = part.partition(":")
                    key, value = key.strip().casefold(), value.strip()
                    if key == "method":
                        method = value or None
                    elif key == "locator":
                        locator = value or None
                    else:
                        extra.append(ExtraField(key, value, number))
                        self.warnings.append(
                            ReadWarning(
                                self.path,
                                number,
                                f"evidence field '{key}' kept as cg:unmappedField",
                            )
                        )
            else:
                quote_lines.append(line)
        if not quote_lines:
            raise self.error(
                "missing; expected the quote in “…” after the method line", start, "quote"
            )
        quote = _unquote(" ".join(quote_lines))
        if not quote:
            self.warnings.append(
                ReadWarning(
                    self.path,
                    start,
                    "the quote is empty (“”): the "
                    "evidence is kept, but nothing anchors it in its "
                    "source",
                )
            )
        return Evidence(
            quote=quote,
            weight=weight,
            method=method,
            locator=locator,
            line=start,
            extra=tuple(extra),
        )


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] in _OPEN_QUOTES and text[-1] in _CLOSE_QUOTES:
        text = text[1:-1].strip()
    return text


def read_card(
    text: str, path: Path
) -> tuple[Source, tuple[ExtraField, ...], tuple[ReadWarning, ...]]:
    """Parse a source card; raise ParseError naming the file, line and field on bad input."""
    return _CardParser(text, path).parse()
