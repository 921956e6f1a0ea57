"""Reader for one YAML file of an afls data folder (the "ai-for-less-suffering" claims graph).

Every file is one record with a ``kind`` (source, descriptive_claim, normative_claim, evidence,
camp, intervention, bridge, convergence, blindspot, friction/harm/suffering layer, operator
positions) and an ``id``. Fields are checked where claimgraph gives them meaning; the rest are
kept as they are. References to other records by id are collected so the whole folder can be
checked for dangling ones once every file is read.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from claimgraph.errors import ParseError
from claimgraph.model import (
    AflsRecord,
    Evidence,
    ExtraField,
    Intake,
    PartialDate,
    ReadWarning,
    Reference,
    Source,
)
from claimgraph.readers._text import check_datetime, check_url, parse_date, parse_weight
from claimgraph.readers.digest import TextOnlyLoader

KNOWN_KINDS = (
    "source",
    "descriptive_claim",
    "normative_claim",
    "evidence",
    "camp",
    "intervention",
    "bridge",
    "convergence",
    "blindspot",
    "friction_layer",
    "harm_layer",
    "suffering_layer",
    "operator_positions",
)
CLAIM_KINDS = ("descriptive_claim", "normative_claim")
LAYER_KINDS = ("friction_layer", "harm_layer", "suffering_layer")
STANCES = ("support", "contradict", "qualify")
_KIND_LINE = re.compile(r"^kind:\s*['\"]?[A-Za-z_][\w-]*['\"]?\s*$", re.MULTILINE)


def looks_like_afls(text: str) -> bool:
    """An afls record has a top-level ``kind:`` line."""
    return _KIND_LINE.search(text) is not None


def _field_lines(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        match = re.match(r"([A-Za-z_][\w-]*):", line)
        if match:
            found.setdefault(match.group(1), number)
    return found


class _Record:
    def __init__(self, data: dict[str, Any], lines: dict[str, int], path: Path) -> None:
        self.data = data
        self.lines = lines
        self.path = path
        self.refs: list[Reference] = []
        self.warnings: list[ReadWarning] = []

    def error(self, field: str, message: str) -> ParseError:
        return ParseError(message, path=self.path, line=self.lines.get(field), field=field)

    def text(self, field: str, *, required: bool = False) -> str | None:
        value = self.data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise self.error(field, "missing; expected text")
            return None
        if isinstance(value, dict | list | bool):
            raise self.error(field, f"is {value!r}; expected text")
        return str(value).strip()

    def texts(self, field: str) -> list[str]:
        value = self.data.get(field)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            raise self.error(field, f"is {value!r}; expected a list of text items")
        return [str(v).strip() for v in value if str(v).strip()]

    def mapping(self, field: str) -> dict[str, Any]:
        value = self.data.get(field)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(field, f"is {type(value).__name__}; expected a mapping")
        return {str(k): v for k, v in value.items()}

    def number(self, field: str, *, required: bool = False) -> Decimal | None:
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                raise self.error(field, "missing; expected a number between 0 and 1")
            return None
        if isinstance(value, bool):
            raise self.error(field, f"is {value!r}; expected a number between 0 and 1")
        return parse_weight(str(value), path=self.path, line=self.lines.get(field), field=field)

    def date(self, field: str) -> PartialDate | None:
        value = self.text(field)
        if value is None:
            return None
        return parse_date(value, path=self.path, line=self.lines.get(field), field=field)

    def datetime(self, field: str) -> str | None:
        value = self.text(field)
        if value is None:
            return None
        return check_datetime(value, path=self.path, line=self.lines.get(field), field=field)

    def url(self, field: str) -> str | None:
        value = self.text(field)
        if value is None:
            return None
        return check_url(value, path=self.path, line=self.lines.get(field), field=field)

    def ref(self, field: str, target: str | None, kinds: tuple[str, ...]) -> None:
        if target:
            self.refs.append(Reference(field, target, kinds, self.lines.get(field)))


def _source(rec: _Record, identifier: str) -> Source:
    prov = rec.mapping("provenance")
    intake = None
    if prov:
        sha = str(prov.get("raw_content_hash") or "").strip().lower() or None
        if sha is not None and not re.fullmatch(r"[0-9a-f]{1,64}", sha):
            raise rec.error("provenance", f"raw_content_hash {sha!r} is not a hex SHA-256")
        git_sha = str(prov.get("git_sha") or "").strip().lower() or None
        if git_sha is not None and not re.fullmatch(r"[0-9a-f]{4,40}", git_sha):
            raise rec.error("provenance", f"git_sha {git_sha!r} is not a hex commit id")
        at = str(prov.get("at") or "").strip() or None
        if at is not None:
            at = check_datetime(
                at, path=rec.path, line=rec.lines.get("provenance"), field="provenance.at"
            )
        extra = tuple(
            ExtraField(k, str(v))
            for k, v in sorted(prov.items())
            if k not in {"method", "tool", "git_sha", "raw_content_hash", "at"}
        )
        intake = Intake(
            method=str(prov.get("method") or "").strip() or None,
            tool=str(prov.get("tool") or "").strip() or None,
            git_sha=git_sha,
            at=at,
            sha256=sha,
            sha256_is_prefix=sha is not None and len(sha) < 64,
            line=rec.lines.get("provenance"),
            extra=extra,
        )
    return Source(
        url=rec.url("url"),
        title=rec.text("title", required=True),
        identifier=identifier,
        source_type=rec.text("source_kind"),
        authors=tuple(rec.texts("authors")),
        published=rec.date("published_at"),
        accessed=rec.date("accessed_at"),
        notes=rec.text("notes"),
        intake=intake,
    )


def _evidence(rec: _Record) -> tuple[Evidence, str]:
    rec.ref("claim_id", rec.text("claim_id", required=True), CLAIM_KINDS)
    rec.ref("source_id", rec.text("source_id", required=True), ("source",))
    stance = rec.text("supports", required=True)
    if stance not in STANCES:
        raise rec.error(
            "supports", f"{stance!r} is not a stance; expected one of {', '.join(STANCES)}"
        )
    quote = rec.text("quote") or ""
    if not quote:
        rec.warnings.append(
            ReadWarning(
                rec.path,
                rec.lines.get("quote"),
                "the quote is empty: the evidence is kept, but nothing anchors it",
            )
        )
    weight = rec.number("weight", required=True)
    evidence = Evidence(
        quote=quote,
        weight=weight,
        method=rec.text("method_tag"),
        locator=rec.text("locator"),
        line=rec.lines.get("kind", 1),
    )
    return evidence, stance


def read_afls(text: str, path: Path) -> tuple[AflsRecord, Source | None, tuple[ReadWarning, ...]]:
    """Parse one afls YAML record; raise ParseError naming the file, line and field."""
    try:
        data = yaml.load(text, Loader=TextOnlyLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ParseError(
            f"invalid YAML: {exc.problem or exc}", path=path, line=mark.line + 1 if mark else None
        ) from exc
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML: {exc}", path=path) from exc
    if not isinstance(data, dict):
        raise ParseError("expected a YAML mapping with 'kind' and 'id'", path=path, line=1)
    data = {str(k): v for k, v in data.items()}
    rec = _Record(data, _field_lines(text), path)
    kind = rec.text("kind", required=True)
    assert kind is not None
    if kind == "operator_positions" and not data.get("id"):
        identifier = "operator_positions_" + (rec.text("operator") or path.stem)
    else:
        identifier = rec.text("id", required=True) or ""
    if not re.fullmatch(r"[A-Za-z0-9][\w.:-]*", identifier):
        raise rec.error("id", f"{identifier!r} is not an id; expected letters, digits, '_', '-'")
    rec.datetime("created_at")
    rec.datetime("updated_at")
    rec.url("provenance_url")

    source = evidence = stance = None
    if kind not in KNOWN_KINDS:
        rec.warnings.append(
            ReadWarning(
                path,
                rec.lines.get("kind"),
                f"unknown kind {kind!r}; kept as a generic record with its fields",
            )
        )
    elif kind == "source":
        source = _source(rec, identifier)
        rec.number("reliability")
    elif kind in CLAIM_KINDS:
        rec.text("text", required=True)
        rec.number("confidence")
    elif kind == "evidence":
        evidence, stance = _evidence(rec)
    elif kind == "camp":
        rec.text("name", required=True)
        rec.texts("agents")
        for field in ("held_descriptive", "held_normative"):
            for target in rec.texts(field):
                rec.ref(field, target, CLAIM_KINDS)
        for target in rec.texts("disputed_evidence"):
            rec.ref("disputed_evidence", target, ("evidence",))
    else:
        _other_references(rec, kind)
    record = AflsRecord(kind, identifier, data, rec.lines, tuple(rec.refs), evidence, stance)
    return record, source, tuple(rec.warnings)


def _other_references(rec: _Record, kind: str) -> None:
    for field in ("from_camp", "to_camp", "flagged_camp_id"):
        rec.ref(field, rec.text(field), ("camp",))
    for target in rec.texts("camps") if kind == "convergence" else []:
        rec.ref("camps", target, ("camp",))
    rec.ref("intervention_id", rec.text("intervention_id"), ("intervention",))
    for camp, claim in rec.mapping("divergent_reasons").items():
        rec.ref("divergent_reasons", camp, ("camp",))
        rec.ref("divergent_reasons", str(claim), CLAIM_KINDS)
    for field in ("friction_scores", "harm_scores", "suffering_reduction_scores"):
        for layer, value in rec.mapping(field).items():
            rec.ref(field, layer, LAYER_KINDS)
            parse_weight(str(value), path=rec.path, line=rec.lines.get(field), field=field)
    rec.number("leverage_score")
    for intervention in rec.mapping("positions"):
        rec.ref("positions", intervention, ("intervention",))
