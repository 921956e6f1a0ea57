"""Commands that fetch sources and check quotes against them: fetch, verify."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .build import read_all
from .cli_options import report_format_option, snapshots_option
from .intake.verify import run_verify


@click.command()
@click.argument("targets", nargs=-1, required=True)
@snapshots_option
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also fetch hosts on loopback, private, link-local or multicast addresses.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=10 * 1024 * 1024,
    show_default=True,
    help="Cut bodies off (and report them) past this size.",
)
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True)
@click.option("--timeout", type=float, default=20.0, show_default=True, help="Seconds.")
def fetch(
    targets: tuple[str, ...],
    snapshots: Path,
    allow_private: bool,
    max_bytes: int,
    workers: int,
    timeout: float,
) -> None:
    """Fetch the sources of documents (or URLs) into content-addressed snapshots.

    TARGETS are document files or folders (their sources' URLs are fetched) or URLs. Each URL
    gets one line: new, changed, unchanged (same sha256), not-modified (304) or error. Exit 1
    when any URL failed; the others are fetched all the same.

    \b
    Examples:
      claimgraph fetch corpus/
      claimgraph fetch https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/
    """
    from .intake.fetch import Fetcher, SnapshotStore, new_client

    urls = [t for t in targets if t.startswith(("http://", "https://"))]
    paths = [Path(t) for t in targets if not t.startswith(("http://", "https://"))]
    if paths:
        for doc in read_all(paths):
            if doc.source is not None and doc.source.url:
                urls.append(doc.source.url)
    with new_client(timeout) as client:
        fetcher = Fetcher(
            client, SnapshotStore(snapshots), allow_private=allow_private, max_bytes=max_bytes
        )
        outcomes = fetcher.fetch_all(
            urls,
            workers=workers,
            progress=lambda o: click.echo(
                f"{o.status:<13} {o.url}"
                + (f"  sha256 {o.snapshot.sha256[:16]}…" if o.snapshot else "")
                + (f"  {o.message}" if o.message else ""),
                err=o.status == "error",
            ),
        )
    failed = sum(o.status == "error" for o in outcomes)
    click.echo(f"fetched {len(outcomes)} URL(s): {failed} failed", err=True)
    sys.exit(1 if failed else 0)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@snapshots_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("graph/anchors.ttl"),
    show_default=True,
    help="Turtle file of the anchors and intake activities.",
)
@report_format_option
def verify(paths: tuple[Path, ...], snapshots: Path, output: Path, fmt: str) -> None:
    """Check every quote of the documents against the stored snapshot of its source (offline).

    Prints one line per quote: exact, exact-with-elisions, fuzzy (score, real wording),
    not-found, or no-snapshot; "drifted" when it anchored before and no longer does. Writes the
    anchors (selectors, positions, status, paragraph) and intake activities as RDF, checked
    against the shapes together with the documents' graph. Exit 1 on not-found or drift.

    \b
    Example:
      claimgraph fetch corpus/ && claimgraph verify corpus/
    """
    outcome = run_verify(list(paths), snapshots, output)
    rows = outcome.rows
    for row in rows:
        a = row.anchor
        status = "no-snapshot" if a is None else a.status + (" DRIFTED" if row.drifted else "")
        if fmt == "table":
            detail = (
                ""
                if a is None
                else (
                    f" score {a.score:.2f}, paragraph {a.paragraph}"
                    + (
                        ""
                        if a.locator_agrees is None
                        else f" (locator {'agrees' if a.locator_agrees else 'disagrees'})"
                    )
                    + (f", really: “{a.wording}”" if a.status == "fuzzy" else "")
                )
            )
            click.echo(f"{status:<20} {row.quote[:60]!r}{detail}")
    if fmt == "json":
        click.echo(
            json.dumps(
                [
                    {
                        "evidence": r.evidence,
                        "url": r.url,
                        "quote": r.quote,
                        "drifted": r.drifted,
                        **({} if r.anchor is None else r.anchor.__dict__),
                    }
                    for r in rows
                ],
                indent=1,
                ensure_ascii=False,
            )
        )
    click.echo(
        f"wrote {output}: {len(rows)} quote(s), {outcome.problems} not found or drifted; "
        f"{'conforms' if outcome.conforms else 'does NOT conform'} to the shapes",
        err=True,
    )
    if not outcome.conforms:
        click.echo(outcome.report_text, err=True)
    sys.exit(1 if outcome.problems or not outcome.conforms else 0)
