"""Check every quote of a graph against the stored snapshot of its source (offline).

For each evidence item whose source has a snapshot with text, the quote is anchored
(:mod:`claimgraph.intake.anchor`) and the result becomes triples: ``oa:prefix`` /
``oa:suffix`` on its quote selector, an ``oa:TextPositionSelector``, ``cg:anchorStatus``,
``cg:anchorScore``, the real wording of a fuzzy match, the paragraph number and whether the
locator agrees. Each snapshot becomes an intake ``prov:Activity`` by claimgraph (httpx) with
the snapshot's full SHA-256, and says whether it starts with a digest prefix a document
recorded. A quote that anchored before and no longer does is reported as drifted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from claimgraph._version import __version__
from claimgraph.export import write_atomic
from claimgraph.intake.anchor import Anchor, anchor_quote
from claimgraph.intake.fetch import SnapshotStore
from claimgraph.iris import digest_key
from claimgraph.rdf import Minter, Triple
from claimgraph.vocab import CG, DEFAULT_BASE, OA, PROV, RDF, SCHEMA, XSD

STATUS = {
    "exact": CG.Exact,
    "exact-with-elisions": CG.ExactWithElisions,
    "fuzzy": CG.Fuzzy,
    "not-found": CG.NotFound,
}
FOUND = {"exact", "exact-with-elisions", "fuzzy"}
ANCHORS_FILE = "anchors.json"


@dataclass(frozen=True)
class AnchorRow:
    """The verification of one quote."""

    evidence: str
    url: str
    quote: str
    anchor: Anchor | None  # None: no snapshot text for the source
    drifted: bool = False


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.nonNegativeInteger)


def verify_graph(
    graph: Graph, store: SnapshotStore, *, base: str
) -> tuple[list[AnchorRow], list[Triple]]:
    """Anchor every quote of ``graph`` in its source's latest snapshot."""
    mint = Minter(base)
    previous = _previous(store)
    rows: list[AnchorRow] = []
    triples: list[Triple] = []
    intakes: dict[str, URIRef] = {}
    for evidence in sorted(graph.subjects(RDF.type, CG.Evidence), key=str):
        source = graph.value(evidence, OA.hasSource)
        url = graph.value(source, SCHEMA.url) if source is not None else None
        selector = graph.value(evidence, OA.hasSelector)
        quote = graph.value(selector, OA.exact) if selector is not None else None
        if url is None or quote is None or not isinstance(evidence, URIRef):
            continue
        text = store.text(str(url))
        if text is None:
            rows.append(AnchorRow(str(evidence), str(url), str(quote), None))
            continue
        snapshot = store.latest(str(url))
        assert snapshot is not None
        assert source is not None
        if str(url) not in intakes:
            intakes[str(url)] = _intake_triples(graph, source, snapshot, mint, triples)
        locator = graph.value(evidence, CG.locator)
        anchor = anchor_quote(str(quote), text, locator=str(locator) if locator else None)
        before = previous.get(str(evidence))
        drifted = before in FOUND and anchor.status not in FOUND
        rows.append(AnchorRow(str(evidence), str(url), str(quote), anchor, drifted))
        triples += _anchor_triples(evidence, selector, anchor, mint(f"snapshot/{snapshot.sha256}"))
    return rows, triples


def _anchor_triples(
    evidence: URIRef, selector: Node | None, anchor: Anchor, snapshot: URIRef
) -> list[Triple]:
    out: list[Triple] = [
        (evidence, CG.anchorStatus, STATUS[anchor.status]),
        (
            evidence,
            CG.anchorScore,
            Literal(format(Decimal(str(anchor.score)), "f"), datatype=XSD.decimal),
        ),
        (evidence, CG.anchoredIn, snapshot),
    ]
    if anchor.status == "not-found" or anchor.start is None or anchor.end is None:
        return out
    position = URIRef(f"{evidence}-position")
    out += [
        (evidence, OA.hasSelector, position),
        (position, RDF.type, OA.TextPositionSelector),
        (position, OA.start, _int(anchor.start)),
        (position, OA.end, _int(anchor.end)),
    ]
    if isinstance(selector, URIRef):
        out += [
            (selector, OA.prefix, Literal(anchor.prefix)),
            (selector, OA.suffix, Literal(anchor.suffix)),
        ]
    if anchor.status == "fuzzy":
        out.append((evidence, CG.anchoredText, Literal(anchor.wording)))
    if anchor.paragraph is not None:
        out.append((evidence, CG.paragraph, Literal(str(anchor.paragraph), datatype=XSD.integer)))
    if anchor.locator_agrees is not None:
        out.append((evidence, CG.locatorAgrees, Literal(anchor.locator_agrees)))
    return out


def _intake_triples(
    graph: Graph, source: Node, snapshot: object, mint: Minter, out: list[Triple]
) -> URIRef:
    from claimgraph.intake.fetch import Snapshot

    assert isinstance(snapshot, Snapshot)
    entity = mint(f"snapshot/{snapshot.sha256}")
    intake = mint("intake/" + digest_key(str(source), snapshot.fetched_at, "claimgraph"))
    agent = mint("agent/claimgraph-" + __version__.replace(".", "-"))
    out += [
        (entity, RDF.type, PROV.Entity),
        (entity, RDF.type, CG.Snapshot),
        (entity, SCHEMA.sha256, Literal(snapshot.sha256)),
        (entity, SCHEMA.url, URIRef(snapshot.final_url)),
        (entity, SCHEMA.encodingFormat, Literal(snapshot.content_type or "unknown")),
        (entity, PROV.wasGeneratedBy, intake),
        (intake, RDF.type, PROV.Activity),
        (intake, RDF.type, CG.Intake),
        (intake, PROV.used, source),
        (URIRef(str(source)), RDF.type, PROV.Entity),
        (intake, PROV.generated, entity),
        (intake, CG.fetchMethod, Literal("httpx")),
        (
            intake,
            PROV.endedAtTime,
            Literal(snapshot.fetched_at, datatype=XSD.dateTime, normalize=False),
        ),
        (intake, SCHEMA.sha256, Literal(snapshot.sha256)),
        (intake, PROV.wasAssociatedWith, agent),
        (agent, RDF.type, PROV.SoftwareAgent),
        (agent, RDF.type, SCHEMA.SoftwareApplication),
        (agent, SCHEMA.name, Literal("claimgraph")),
        (agent, SCHEMA.softwareVersion, Literal(__version__)),
    ]
    commit = claimgraph_commit()
    if commit:
        out.append((agent, CG.gitCommit, Literal(commit)))
    for earlier in graph.subjects(PROV.used, source):
        prefix = graph.value(earlier, CG.sha256Prefix)
        if prefix is not None:
            out.append(
                (intake, CG.matchesRecordedPrefix, Literal(snapshot.sha256.startswith(str(prefix))))
            )
    return intake


def claimgraph_commit() -> str | None:
    """The git commit claimgraph runs from, when it runs from a checkout (read from .git)."""
    from claimgraph.resources import _CHECKOUT

    git = _CHECKOUT / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if head.startswith("ref: "):
            ref = git / head[5:]
            if ref.is_file():
                head = ref.read_text(encoding="utf-8").strip()
            else:
                packed = (git / "packed-refs").read_text(encoding="utf-8")
                head = next(
                    line.split()[0] for line in packed.splitlines() if line.endswith(" " + head[5:])
                )
    except (OSError, StopIteration):
        return None
    return head.lower() if re.fullmatch(r"[0-9a-fA-F]{40}", head) else None


def _previous(store: SnapshotStore) -> dict[str, str]:
    path = store.root / ANCHORS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def remember(store: SnapshotStore, rows: list[AnchorRow]) -> None:
    """Keep this verification's statuses, to report drift next time."""
    data = {r.evidence: r.anchor.status for r in rows if r.anchor is not None}
    write_atomic(
        store.root / ANCHORS_FILE,
        (json.dumps(data, indent=1, sort_keys=True) + "\n").encode("utf-8"),
    )


@dataclass
class VerifyOutcome:
    """What `claimgraph verify` found and wrote."""

    rows: list[AnchorRow]
    conforms: bool
    report_text: str

    @property
    def problems(self) -> int:
        """Quotes not found, or drifted since the last verification."""
        return sum(
            r.anchor is not None and (r.anchor.status == "not-found" or r.drifted)
            for r in self.rows
        )


def run_verify(
    paths: list[Path], snapshots: Path, output: Path, *, base: str = DEFAULT_BASE
) -> VerifyOutcome:
    """Build the documents' graph, anchor its quotes in the stored snapshots, write the anchors
    and intake activities to ``output`` (Turtle), and check them against the shapes together
    with the graph."""
    from claimgraph.build import new_graph
    from claimgraph.pipeline import BuildOptions, build_files
    from claimgraph.validate import load_shapes, validate_graph

    outcome = build_files(paths, BuildOptions(output=None, fmt="nt", validate=False, base=base))
    assert outcome.data is not None
    graph = Graph().parse(data=outcome.data.decode("utf-8"), format="nt")
    store = SnapshotStore(snapshots)
    rows, triples = verify_graph(graph, store, base=base)
    anchors = new_graph(base)
    for triple in triples:
        anchors.add(triple)
    write_atomic(output, anchors.serialize(format="turtle").encode("utf-8"))
    report = validate_graph(graph + anchors, load_shapes())
    remember(store, rows)
    return VerifyOutcome(rows, report.conforms, "" if report.conforms else report.render())
