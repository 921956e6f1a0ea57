"""Intake: fetching with httpx against a real local HTTP server, snapshots, quote anchoring,
and `claimgraph verify` offline. Never the internet."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from claimgraph.cli import cli
from claimgraph.intake.anchor import anchor_quote
from claimgraph.intake.fetch import (
    Fetcher,
    FetchRefusedError,
    Snapshot,
    SnapshotStore,
    check_url,
)
from claimgraph.intake.text import html_to_text
from claimgraph.readers import read_document
from claimgraph.validate import validate_graph

from .conftest import CARD_SEED, CORPUS, ROOT

PAGE = (ROOT / "tests" / "fixtures" / "pages" / "open-source-ai.html").read_bytes()
SEED_URL = "https://about.fb.com/news/2024/07/open-source-ai-is-the-path-forward/"
CALLS: dict[str, int] = {}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        CALLS[self.path] = CALLS.get(self.path, 0) + 1
        if self.path == "/essay":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            self._send(200, PAGE, "text/html; charset=utf-8", {"ETag": '"v1"'})
        elif self.path == "/redirect":
            self._send(302, b"", "text/plain", {"Location": "/essay"})
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(11 * 16 + 1):  # 11 MB and a bit, no Content-Length
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/busy":
            if CALLS[self.path] == 1:
                self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            else:
                self._send(200, b"fine now", "text/plain", {})
        elif self.path == "/slow":
            import time

            time.sleep(1.5)
            self._send(200, b"late", "text/plain", {})
        elif self.path == "/json":
            self._send(200, b'{"a": 1}', "application/json", {})
        else:
            self._send(500, b"broken", "text/plain", {})

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


CLIENTS: list[httpx.Client] = []


@pytest.fixture(autouse=True)
def close_clients() -> Iterator[None]:
    yield
    while CLIENTS:
        CLIENTS.pop().close()


def fetcher(tmp_path: Path, *, allow_private: bool = False, backoff: float = 0.5) -> Fetcher:
    sleeps: list[float] = []
    CLIENTS.append(httpx.Client(timeout=10))
    return Fetcher(
        CLIENTS[-1],
        SnapshotStore(tmp_path / "snap"),
        sleep=sleeps.append,
        allow_private=allow_private,
        backoff=backoff,
    )


def test_fetch_store_and_refetch_with_304(tmp_path: Path, server: str) -> None:
    f = fetcher(tmp_path, allow_private=True)
    first = f.fetch(server + "/essay")
    assert first.status == "new", first.message
    assert first.snapshot is not None
    stored = sorted(p.relative_to(tmp_path) for p in (tmp_path / "snap").rglob("*"))
    text = f.store.text(server + "/essay")
    assert text is not None
    assert "# Open Source AI is the Path Forward" in text
    again = f.fetch(server + "/essay")
    assert again.status == "not-modified"
    assert again.snapshot is not None
    assert again.snapshot.sha256 == first.snapshot.sha256
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "snap").rglob("*")) == stored


def test_redirects_retries_sizes_and_types(tmp_path: Path, server: str) -> None:
    f = fetcher(tmp_path, allow_private=True, backoff=0.0)
    outcomes = {
        o.url.rsplit("/", 1)[1]: o
        for o in f.fetch_all(
            [server + p for p in ("/redirect", "/big", "/busy", "/broken", "/json")], workers=3
        )
    }
    assert outcomes["redirect"].status == "new"
    assert outcomes["redirect"].snapshot is not None
    assert outcomes["redirect"].snapshot.final_url.endswith("/essay")
    assert outcomes["big"].status == "error"
    assert "cut off after 10485760 bytes" in outcomes["big"].message
    assert outcomes["busy"].status == "new"  # retried after the 429
    assert outcomes["broken"].status == "error"
    assert outcomes["broken"].message == "HTTP 500"
    assert CALLS["/broken"] == 4  # the first try and three retries
    assert outcomes["json"].status == "new"
    assert f.store.text(server + "/json") is None  # not text: body kept, no text


def test_a_slow_server_times_out_and_is_reported(tmp_path: Path, server: str) -> None:
    client = httpx.Client(timeout=0.3)
    CLIENTS.append(client)
    f = Fetcher(client, SnapshotStore(tmp_path / "snap"), allow_private=True, retries=0)
    outcome = f.fetch(server + "/slow")
    assert outcome.status == "error"
    assert "Timeout" in outcome.message


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data",
        "http://intranet.example/",
    ],
)
def test_private_addresses_are_refused(url: str) -> None:
    def resolver(host: str) -> list[str]:
        return {"intranet.example": ["10.1.2.3"]}.get(host, [host.strip("[]")])

    with pytest.raises(FetchRefusedError, match="non-public address"):
        check_url(url, allow_private=False, resolver=resolver)
    check_url(url, allow_private=True, resolver=resolver)
    with pytest.raises(FetchRefusedError, match="only http and https"):
        check_url("file:///etc/passwd", allow_private=True)


def test_a_redirect_to_a_private_address_is_refused(tmp_path: Path) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "http://127.0.0.1/admin"})

    CLIENTS.append(httpx.Client(transport=httpx.MockTransport(answer)))
    f = Fetcher(
        CLIENTS[-1],
        SnapshotStore(tmp_path / "snap"),
        resolver=lambda host: ["93.184.216.34"] if host == "example.org" else [host],
    )
    outcome = f.fetch("http://example.org/start")
    assert outcome.status == "error"
    assert "127.0.0.1" in outcome.message


def test_the_cli_refuses_loopback_without_allow_private(tmp_path: Path, server: str) -> None:
    result = CliRunner().invoke(
        cli, ["fetch", server + "/essay", "--snapshots", str(tmp_path / "s")]
    )
    assert result.exit_code == 1
    assert "non-public address" in result.output
    allowed = CliRunner().invoke(
        cli, ["fetch", server + "/essay", "--snapshots", str(tmp_path / "s"), "--allow-private"]
    )
    assert allowed.exit_code == 0, allowed.output


TEXT = html_to_text(PAGE.decode("utf-8"))


def test_the_five_seed_quotes_anchor_with_status_paragraph_and_context() -> None:
    card = read_document(CARD_SEED)
    assert card.source is not None
    found = [anchor_quote(e.quote, TEXT, locator=e.locator) for e in card.source.evidence]
    assert [a.status for a in found] == [
        "exact",
        "exact-with-elisions",
        "exact-with-elisions",
        "exact",
        "exact",
    ]
    assert [a.paragraph for a in found[:2]] == [3, 4]
    assert [a.locator_agrees for a in found[:2]] == [True, True]
    assert found[0].prefix.endswith("the industry standard. ")
    assert found[0].suffix.startswith(" In addition to having")
    for anchor in found:
        assert anchor.start is not None
        assert anchor.end is not None
        assert TEXT[anchor.start - len(anchor.prefix) : anchor.start] == anchor.prefix


def test_changed_absent_and_reordered_quotes() -> None:
    changed = anchor_quote(
        "We're releasing Llama 3.1 405B, the first frontier-level open "
        "source AI system, as well as new and improved Llama 3.1 70B and 8B "
        "models.",
        TEXT,
    )
    assert changed.status == "fuzzy"
    assert 0.85 <= changed.score < 1
    assert changed.wording.startswith("We’re releasing Llama 3.1 405B")
    assert "open source AI model" in changed.wording
    absent = anchor_quote("Closed models will always be safer than open ones.", TEXT)
    assert absent.status == "not-found"
    spliced = anchor_quote(
        "The models will be available on all major clouds... Amazon, "
        "Databricks, and NVIDIA are launching full suites of services",
        TEXT,
    )
    assert spliced.status != "exact-with-elisions"


def test_verify_offline_anchors_writes_rdf_and_conforms(tmp_path: Path) -> None:
    store = SnapshotStore(tmp_path / "snap")
    import hashlib

    sha = hashlib.sha256(PAGE).hexdigest()
    store.save(
        Snapshot(
            url=SEED_URL,
            final_url=SEED_URL,
            status=200,
            sha256=sha,
            size=len(PAGE),
            content_type="text/html",
            fetched_at="2026-11-24T10:00:00Z",
        ),
        PAGE,
    )
    out = tmp_path / "anchors.ttl"
    result = CliRunner().invoke(
        cli, ["verify", str(CORPUS), "--snapshots", str(tmp_path / "snap"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("exact-with-elisions") == 2
    assert "paragraph 3 (locator agrees)" in result.stdout
    assert "conforms to the shapes" in result.stderr
    anchors = Graph().parse(out)
    assert len(set(anchors.subjects(None, None))) > 10
    text = out.read_text()
    assert "oa:TextPositionSelector" in text
    assert "cg:matchesRecordedPrefix false" in text  # the fixture is not the page afls hashed
    report = validate_graph(anchors)
    assert report.conforms, report.render()
