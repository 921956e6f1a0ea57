"""Plain, frozen data objects that readers produce and the RDF mapping consumes.

Readers know file formats; the mapping knows vocabularies; these classes are the contract
between them. Every object keeps the line it came from so later stages can point back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

DocumentKind = Literal["digest", "card", "afls"]
SectionRole = Literal["summary", "claims", "relevance", "other"]


@dataclass(frozen=True)
class ReadWarning:
    """Something a reader kept or skipped that a person should know about."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line) if p is not None)
        return f"{where}: {self.message}"


DatePrecision = Literal["day", "month", "year", "range", "note"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date as precise as the input gives it: ``2024-07-23``, ``2024-07``, ``2024``, a year
    range ``2025-2026``, or a word such as ``ongoing``."""

    text: str
    precision: DatePrecision

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class ExtraField:
    """A field the reader does not map to a dedicated term; kept as a literal."""

    name: str
    value: str
    line: int | None = None


@dataclass(frozen=True)
class Intake:
    """How a source was fetched (the card's "Intake provenance")."""

    method: str | None
    tool: str | None
    git_sha: str | None
    at: str | None
    sha256: str | None
    sha256_is_prefix: bool
    line: int | None = None
    extra: tuple[ExtraField, ...] = ()

    @property
    def tool_name(self) -> str | None:
        if self.tool is None:
            return None
        return self.tool.split("/", 1)[0]

    @property
    def tool_version(self) -> str | None:
        if self.tool is None or "/" not in self.tool:
            return None
        return self.tool.split("/", 1)[1]


@dataclass(frozen=True)
class Evidence:
    """One quote taken from a source, with how much it is worth."""

    quote: str
    weight: Decimal | None
    method: str | None
    locator: str | None
    line: int
    extra: tuple[ExtraField, ...] = ()


@dataclass(frozen=True)
class Source:
    """What a document says about the source (article, post, paper) it describes."""

    url: str | None
    title: str | None
    identifier: str | None = None
    source_type: str | None = None
    authors: tuple[str, ...] = ()
    published: PartialDate | None = None
    accessed: PartialDate | None = None
    notes: str | None = None
    intake: Intake | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A statement a document makes, e.g. one key point of a digest."""

    text: str
    section: int
    position: int
    line: int


@dataclass(frozen=True)
class Section:
    """A headed part of a markdown document."""

    heading: str
    level: int
    position: int
    text: str
    role: SectionRole
    line: int


@dataclass(frozen=True)
class Digest:
    """A markdown digest of a story: front matter, summary, key points, relevance."""

    title: str
    date: PartialDate | None
    hn_id: str | None
    hn_url: str | None
    topic: str | None
    tags: tuple[str, ...]
    via: str | None
    points: int | None
    sections: tuple[Section, ...]
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Reference:
    """A pointer from one afls record to another by id (``claim_id: desc_x``)."""

    field: str
    target: str
    kinds: tuple[str, ...]  # the record kinds it may point at
    line: int | None = None


@dataclass(frozen=True, eq=False)
class AflsRecord:
    """One YAML file of an afls data folder: its kind, id and fields as parsed."""

    kind: str
    id: str
    fields: dict[str, Any]
    lines: dict[str, int]
    references: tuple[Reference, ...] = ()
    evidence: Evidence | None = None  # for kind "evidence"
    stance: str | None = None  # support | contradict | qualify

    def get(self, name: str) -> Any:
        return self.fields.get(name)


@dataclass(frozen=True)
class Document:
    """One input file, read."""

    path: Path
    sha256: str
    kind: DocumentKind
    source: Source | None
    digest: Digest | None = None
    record: AflsRecord | None = None
    extra: tuple[ExtraField, ...] = ()
    warnings: tuple[ReadWarning, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def stem(self) -> str:
        return self.path.stem

    def section(self, role: str) -> Section | None:
        """The first section with this role, if the document has one."""
        if self.digest is None:
            return None
        return next((s for s in self.digest.sections if s.role == role), None)
