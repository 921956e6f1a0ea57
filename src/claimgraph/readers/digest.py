"""Reader for digests: markdown with YAML front matter, Summary, Key Points, Relevance.

Front matter is parsed by PyYAML (timestamps left as text so dates get our own checks),
the body by markdown-it-py, whose token line maps let every claim point at its line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from claimgraph.errors import ParseError
from claimgraph.model import Claim, Digest, ExtraField, ReadWarning, Section, SectionRole, Source

from ._text import check_url, parse_date

FRONT_MATTER_FIELDS = (
    "title",
    "url",
    "hn_id",
    "hn_url",
    "date",
    "topic",
    "tags",
    "source",
    "points",
)

_CLAIM_HEADINGS = ("key points", "key takeaways", "takeaways", "main points", "highlights")
_SUMMARY_HEADINGS = ("summary", "tl;dr", "tldr", "overview")
_RELEVANCE_HEADINGS = ("relevance", "why it matters")


class TextOnlyLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates and times as strings."""


TextOnlyLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def looks_like_digest(text: str) -> bool:
    """A digest starts with a YAML front matter fence."""
    return text.lstrip("\ufeff").startswith("---\n") or text.strip() == "---"


def has_closed_front_matter(text: str) -> bool:
    """True when a '---' fence opens the text and a second one closes it."""
    lines = text.split("\n")
    return (
        bool(lines)
        and lines[0].strip() == "---"
        and any(line.strip() in {"---", "..."} for line in lines[1:])
    )


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """(front matter, body, 1-based line where the body starts)."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise ParseError(
            "expected the file to start with a '---' front matter line", path=path, line=1
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise ParseError(
        "the YAML front matter is not closed; expected a line '---' after it",
        path=path,
        line=1,
        field="front matter",
    )


def _field_lines(front: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, line in enumerate(front.split("\n"), start=2):
        match = re.match(r"([^\s:#][^:]*):", line)
        if match and not line.startswith((" ", "\t", "-")):
            found.setdefault(match.group(1).strip(), number)
    return found


def _load_front_matter(front: str, path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(front, Loader=TextOnlyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else None
        problem = exc.problem or "invalid YAML"
        raise ParseError(
            f"broken YAML front matter: {problem}; expected 'key: value' lines",
            path=path,
            line=line,
            field="front matter",
        ) from exc
    except yaml.YAMLError as exc:
        raise ParseError(
            f"broken YAML front matter: {exc}", path=path, line=2, field="front matter"
        ) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParseError(
            f"the front matter is a YAML {type(data).__name__}; expected a mapping of "
            "'key: value' lines (title, url, ...)",
            path=path,
            line=2,
            field="front matter",
        )
    return {str(k): v for k, v in data.items()}


def _text_field(
    data: dict[str, Any], name: str, lines: dict[str, int], path: Path, *, required: bool = False
) -> str | None:
    value = data.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ParseError(
                f"missing; expected a non-empty '{name}:' line in the front matter",
                path=path,
                line=lines.get(name, 1),
                field=name,
            )
        return None
    if isinstance(value, dict | list):
        raise ParseError(
            f"is a YAML {type(value).__name__}; expected text",
            path=path,
            line=lines.get(name),
            field=name,
        )
    if isinstance(value, bool):
        raise ParseError(
            f"is {value!r}; expected text", path=path, line=lines.get(name), field=name
        )
    return str(value).strip()


def _tags(value: Any, line: int | None, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = [t for t in re.split(r"[,\s]+", value) if t]
    elif isinstance(value, list):
        items = value
    else:
        raise ParseError(
            f"is {value!r}; expected a list such as [ai, open-source]",
            path=path,
            line=line,
            field="tags",
        )
    tags = []
    for item in items:
        if isinstance(item, dict | list) or item is None:
            raise ParseError(
                f"contains {item!r}; expected plain words", path=path, line=line, field="tags"
            )
        tags.append(str(item).strip())
    return tuple(sorted({t for t in tags if t}))


def _points(value: Any, line: int | None, path: Path) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ParseError(
            f"is {value!r}; expected a whole number", path=path, line=line, field="points"
        )
    text = str(value).strip()
    if not re.fullmatch(r"\d+", text):
        raise ParseError(
            f"{text!r} is not a whole number; expected e.g. 2360",
            path=path,
            line=line,
            field="points",
        )
    return int(text)


def _role(heading: str) -> SectionRole:
    key = heading.casefold().strip()
    if key.startswith(_CLAIM_HEADINGS):
        return "claims"
    if key.startswith(_SUMMARY_HEADINGS):
        return "summary"
    if key.startswith(_RELEVANCE_HEADINGS):
        return "relevance"
    return "other"


def _plain(inline: Token) -> str:
    """The text of an inline token without markdown markup."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in {"text", "code_inline", "html_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _read_body(body: str, offset: int, path: Path) -> tuple[tuple[Section, ...], tuple[Claim, ...]]:
    tokens = MarkdownIt("commonmark").parse(body)
    body_lines = body.split("\n")
    headings: list[tuple[int, int, str, int]] = []  # token index, level, text, body line (0-based)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map is not None:
            headings.append(
                (index, int(token.tag[1:]), tokens[index + 1].content.strip(), token.map[0])
            )
    sections: list[Section] = []
    claims: list[Claim] = []
    for number, (start, level, heading, line0) in enumerate(headings):
        end_token = headings[number + 1][0] if number + 1 < len(headings) else len(tokens)
        end_line = headings[number + 1][3] if number + 1 < len(headings) else len(body_lines)
        text = "\n".join(body_lines[line0 + 1 : end_line]).strip()
        role = _role(heading)
        position = number + 1
        sections.append(Section(heading, level, position, text, role, line0 + offset))
        if role != "claims":
            continue
        depth = 0
        for token in tokens[start:end_token]:
            if token.type == "list_item_open":
                depth += 1
            elif token.type == "list_item_close":
                depth -= 1
            elif token.type == "inline" and depth > 0 and token.map is not None:
                claim_text = _plain(token)
                if claim_text:
                    claims.append(
                        Claim(claim_text, position, len(claims) + 1, token.map[0] + offset)
                    )
    return tuple(sections), tuple(claims)


def read_digest(
    text: str, path: Path
) -> tuple[Source, Digest, tuple[ExtraField, ...], tuple[ReadWarning, ...]]:
    """Parse a digest; raise ParseError naming the file, line and field on bad input."""
    front, body, body_line = split_front_matter(text, path)
    data = _load_front_matter(front, path)
    lines = _field_lines(front)
    warnings: list[ReadWarning] = []

    title = _text_field(data, "title", lines, path, required=True)
    url_text = _text_field(data, "url", lines, path, required=True)
    assert title is not None
    assert url_text is not None
    url = check_url(url_text, path=path, line=lines.get("url"), field="url")
    hn_url_text = _text_field(data, "hn_url", lines, path)
    hn_url = (
        check_url(hn_url_text, path=path, line=lines.get("hn_url"), field="hn_url")
        if hn_url_text
        else None
    )
    date_text = _text_field(data, "date", lines, path)
    day = (
        parse_date(date_text, path=path, line=lines.get("date"), field="date")
        if date_text
        else None
    )

    extra = tuple(
        ExtraField(key, str(value), lines.get(key))
        for key, value in sorted(data.items())
        if key not in FRONT_MATTER_FIELDS and value is not None
    )
    for item in extra:
        warnings.append(
            ReadWarning(
                path,
                item.line,
                f"front matter field '{item.name}' has no dedicated term; kept as cg:unmappedField",
            )
        )

    sections, claims = _read_body(body, body_line, path)
    roles = {s.role for s in sections}
    if "summary" not in roles:
        warnings.append(ReadWarning(path, None, "no Summary section"))
    if "claims" not in roles:
        warnings.append(
            ReadWarning(path, None, "no Key Points / Key Takeaways section: no claims read")
        )
    digest = Digest(
        title=title,
        date=day,
        hn_id=_text_field(data, "hn_id", lines, path),
        hn_url=hn_url,
        topic=_text_field(data, "topic", lines, path),
        tags=_tags(data.get("tags"), lines.get("tags"), path),
        via=_text_field(data, "source", lines, path),
        points=_points(data.get("points"), lines.get("points"), path),
        sections=sections,
        claims=claims,
    )
    return Source(url=url, title=title), digest, extra, tuple(warnings)
