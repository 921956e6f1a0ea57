"""Build speed and memory on a generated corpus: prints figures, asserts nothing.

    python benchmarks/build.py            # 1,000 sources (a card and a digest each)
    python benchmarks/build.py --sources 5000

Each generated source is the seed pair with its URL, title, quotes and key points varied, so
the graph has the shape of the real one (about 120 triples per source).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from claimgraph.build import build_dataset, read_all
from claimgraph.export import serialise, write_atomic
from claimgraph.pipeline import BuildOptions, build_files
from claimgraph.validate import load_shapes, merge_reports, validate_graph

ROOT = Path(__file__).resolve().parent.parent
DIGEST = (ROOT / "corpus" / "000_2262235a982319d3.txt").read_text(encoding="utf-8")
CARD = (ROOT / "corpus" / "002_7e1f6717d204dd7e.txt").read_text(encoding="utf-8")
URL = "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/"
T = TypeVar("T")


def generate(folder: Path, sources: int) -> None:
    for n in range(sources):
        url = f"https://example.org/{n % 97}/post-{n}/"
        card = CARD.replace(URL, url).replace("Path Forward", f"Path Forward {n}")
        card = card.replace("Llama 3.1", f"Llama {n}").replace("src_zuckerberg", f"src_{n}")
        digest = DIGEST.replace(URL, url).replace("Llama 3.1", f"Llama {n}")
        (folder / f"{n:06d}_card.txt").write_text(card, encoding="utf-8")
        (folder / f"{n:06d}_digest.md").write_text(digest, encoding="utf-8")


def timed(label: str, work: Callable[[], T]) -> T:
    start = time.perf_counter()
    result = work()
    print(f"{label:<28} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        generate(folder, args.sources)
        print(f"{args.sources} sources, {2 * args.sources} documents")
        docs = timed("read", lambda: read_all([folder]))
        result = timed("map", lambda: build_dataset(docs))
        union = timed("merge", result.union)
        shapes = load_shapes()
        report = timed(
            "validate (per document)",
            lambda: merge_reports([validate_graph(g, shapes) for g in result.document_graphs()]),
        )
        data = timed("serialise turtle", lambda: serialise(result.dataset, union, "turtle"))
        timed("write", lambda: write_atomic(Path(tmp) / "out.ttl", data))
        print(f"{'triples':<28} {len(union):8d}")
        print(f"{'conforms':<28} {report.conforms!s:>8}")
        options = BuildOptions(output=Path(tmp) / "inc.ttl", cache=Path(tmp) / "cache")
        full = timed("full build with --cache", lambda: build_files([folder], options))
        again = timed("no-change rebuild", lambda: build_files([folder], options))
        touched = folder / "000000_card.txt"
        touched.write_text(touched.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        one = timed("one file touched", lambda: build_files([folder], options))
        for label, outcome in (("full", full), ("no change", again), ("one touched", one)):
            print(f"{label:<28} {outcome.incremental}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{'peak memory':<28} {peak:8.0f} MiB")


if __name__ == "__main__":
    main()
