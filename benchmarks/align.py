"""Claim <-> quote alignment against real gold: every afls evidence edge names its claim.

    python benchmarks/align.py ../shared/corpus/afls/data

Hides the links, ranks every claim of the folder for each evidence item, and prints top-1
accuracy, MRR and, at the default threshold, the precision and recall of the links claimgraph
would add; beside it a plain BM25 ranking of claim texts by the quote's words. Figures are
given over all evidence items and over those that quote something (an item with an empty
quote can only be placed by its locator and its source).
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter
from pathlib import Path

from claimgraph.build import read_all
from claimgraph.entities import Gazetteer
from claimgraph.model import Document
from claimgraph.nlp.align import (
    DEFAULT_THRESHOLD,
    Passage,
    align,
    claim_passage,
    evidence_passage,
    terms,
)


def _bm25_baseline(quotes: list[str], claims: list[str]) -> list[list[float]]:
    docs = [Counter(terms(c)) for c in claims]
    n = len(docs)
    avg = sum(sum(d.values()) for d in docs) / n
    df = Counter(t for d in docs for t in d)
    idf = {t: math.log(1 + (n - k + 0.5) / (k + 0.5)) for t, k in df.items()}
    rows = []
    for quote in quotes:
        row = []
        for doc in docs:
            length = sum(doc.values())
            row.append(
                sum(
                    idf[t] * doc[t] * 2.2 / (doc[t] + 1.2 * (0.25 + 0.75 * length / avg))
                    for t in set(terms(quote))
                    if t in doc
                )
            )
        rows.append(row)
    return rows


def _rank(row: list[float], keys: list[str], gold: str) -> int:
    order = sorted(range(len(keys)), key=lambda i: (-row[i], keys[i]))
    return [keys[i] for i in order].index(gold) + 1 if gold in keys else len(keys) + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    gazetteer = Gazetteer.load()
    docs = [d for d in read_all([args.folder]) if d.record is not None]
    sources: dict[str, Document] = {
        d.record.id: d for d in docs if d.record and d.record.kind == "source"
    }

    def mentions(text: str) -> tuple[frozenset[str], frozenset[str]]:
        found = gazetteer.find(text)
        return frozenset(e.key for e in found), frozenset(k for e in found for k in e.categories)

    claims: list[Passage] = []
    for doc in docs:
        record = doc.record
        if record and record.kind in ("descriptive_claim", "normative_claim"):
            text = str(record.get("text") or "")
            claims.append(
                claim_passage(
                    record.id,
                    text,
                    label=record.id,
                    entities=mentions(text)[0],
                    kinds=mentions(text)[1],
                )
            )
    quotes: list[Passage] = []
    gold: list[str] = []
    raw_quotes: list[str] = []
    for doc in docs:
        record = doc.record
        if not record or record.evidence is None:
            continue
        source = sources.get(str(record.get("source_id")))
        info = source.source if source and source.source else None
        text = record.evidence.quote
        entities, kinds = mentions(text)
        quotes.append(
            evidence_passage(
                record.id,
                text,
                locator=record.evidence.locator,
                title=info.title if info else None,
                authors=info.authors if info else (),
                notes=info.notes if info else None,
                entities=entities,
                kinds=kinds,
            )
        )
        gold.append(str(record.get("claim_id")))
        raw_quotes.append(text)
    start = time.perf_counter()
    result = align(quotes, claims)
    seconds = time.perf_counter() - start
    keys = [c.key for c in claims]
    baseline = _bm25_baseline(raw_quotes, [c.text for c in claims])

    def report(name: str, rows: list[list[float]], subset: list[int]) -> str:
        ranks = [
            _rank(rows[i], keys, gold[i]) if raw_quotes[i] or name != "BM25" else len(keys) + 1
            for i in subset
        ]
        top1 = sum(r == 1 for r in ranks) / len(ranks)
        mrr = sum(1 / r for r in ranks) / len(ranks)
        return f"{name:<12} top-1 {top1:.3f}   MRR {mrr:.3f}"

    everything = list(range(len(quotes)))
    quoted = [i for i in everything if raw_quotes[i].strip()]
    print(
        f"{len(claims)} claims, {len(quotes)} evidence items ({len(quoted)} with a quote); "
        f"aligned in {seconds:.2f} s"
    )
    for label, subset in (("all evidence items", everything), ("items with a quote", quoted)):
        print(f"-- {label} ({len(subset)})")
        print("   " + report("claimgraph", result.scores, subset))
        print("   " + report("BM25", baseline, subset))
    links = {(q, c) for q, c, _ in result.links(args.threshold)}
    truth = {(quotes[i].key, gold[i]) for i in everything}
    hits = len(links & truth)
    print(
        f"-- links at threshold {args.threshold}: {len(links)} proposed, precision "
        f"{hits / max(len(links), 1):.2f}, recall {hits / len(truth):.2f}"
    )


if __name__ == "__main__":
    main()
