"""Fetching sources with httpx into content-addressed snapshots.

Safe by default: only http(s); every host is resolved and refused when any of its addresses
is loopback, private, link-local, multicast, reserved or unspecified (unless
``allow_private``), and that check runs again on every redirect hop (redirects are followed
here, not by httpx). Bodies are streamed and cut off at ``max_bytes``. 429 and 5xx answers are
retried with exponential backoff, honouring ``Retry-After``. A re-fetch sends the stored
ETag / Last-Modified, and a 304 stores nothing new. One URL's failure never stops the others.
"""

from __future__ import annotations

import email.utils
import hashlib
import ipaddress
import json
import socket
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from claimgraph._version import __version__
from claimgraph.export import write_atomic
from claimgraph.intake.text import html_to_text
from claimgraph.iris import digest_key, url_key

USER_AGENT = f"claimgraph/{__version__} (+https://w3id.org/claimgraph; source intake)"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
Resolver = Callable[[str], list[str]]


class FetchRefusedError(Exception):
    """A URL claimgraph will not fetch (scheme, private address, too large, ...)."""


def resolve(host: str) -> list[str]:
    """The IP addresses a host name resolves to."""
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except socket.gaierror as exc:
        raise FetchRefusedError(f"cannot resolve {host!r}: {exc.strerror}") from exc


def check_url(url: str, *, allow_private: bool, resolver: Resolver = resolve) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts with non-public addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefusedError(f"{url}: only http and https are fetched, not {parts.scheme!r}")
    if not parts.hostname:
        raise FetchRefusedError(f"{url}: no host")
    if allow_private:
        return
    for address in resolver(parts.hostname):
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
        ):
            raise FetchRefusedError(
                f"{url}: {parts.hostname} resolves to {ip}, a non-public address "
                "(use --allow-private to fetch it anyway)"
            )


@dataclass
class Snapshot:
    """What one fetch of one URL gave."""

    url: str
    final_url: str
    status: int
    sha256: str
    size: int
    content_type: str
    fetched_at: str
    etag: str | None = None
    last_modified: str | None = None
    text_file: str | None = None
    history: list[str] = field(default_factory=list)  # earlier sha256s of this URL


@dataclass
class FetchOutcome:
    """The report line of one URL."""

    url: str
    status: str  # new | changed | unchanged | not-modified | error
    snapshot: Snapshot | None = None
    message: str = ""


class SnapshotStore:
    """``objects/<sha>`` bodies and ``<sha>.txt`` texts, ``urls/<key>.json`` per URL."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _meta(self, url: str) -> Path:
        return self.root / "urls" / (digest_key(url_key(url)) + ".json")

    def body_path(self, sha: str) -> Path:
        return self.root / "objects" / sha[:2] / sha

    def latest(self, url: str) -> Snapshot | None:
        path = self._meta(url)
        if not path.is_file():
            return None
        try:
            return Snapshot(**json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, TypeError):
            return None

    def text(self, url: str) -> str | None:
        snapshot = self.latest(url)
        if snapshot is None or snapshot.text_file is None:
            return None
        path = self.root / snapshot.text_file
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def save(self, snapshot: Snapshot, body: bytes) -> None:
        path = self.body_path(snapshot.sha256)
        if not path.exists():
            write_atomic(path, body)
        if snapshot.content_type.startswith(("text/html", "application/xhtml")):
            text = html_to_text(body.decode("utf-8", "replace"))
        elif snapshot.content_type.startswith("text/"):
            text = body.decode("utf-8", "replace")
        else:
            text = None
        if text is not None:
            text_path = path.with_name(path.name + ".txt")
            if not text_path.exists():
                write_atomic(text_path, text.encode("utf-8"))
            snapshot.text_file = str(text_path.relative_to(self.root))
        self.record(snapshot)

    def record(self, snapshot: Snapshot) -> None:
        data = json.dumps(asdict(snapshot), indent=1, sort_keys=True) + "\n"
        write_atomic(self._meta(snapshot.url), data.encode("utf-8"))


def _retry_after(value: str | None, attempt: int, backoff: float) -> float:
    if value:
        if value.strip().isdigit():
            return min(float(value.strip()), 60.0)
        when = email.utils.parsedate_to_datetime(value)
        if when is not None:
            return max(0.0, min((when - datetime.now(UTC)).total_seconds(), 60.0))
    return float(backoff * (2**attempt))


@dataclass
class Fetcher:
    """Fetches URLs into a snapshot store (see the module docstring)."""

    client: httpx.Client
    store: SnapshotStore
    allow_private: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 0.5
    resolver: Resolver = resolve
    sleep: Callable[[float], None] = time.sleep

    def fetch(self, url: str) -> FetchOutcome:
        try:
            return self._fetch(url)
        except FetchRefusedError as exc:
            return FetchOutcome(url, "error", message=str(exc))
        except httpx.HTTPError as exc:
            return FetchOutcome(url, "error", message=f"{type(exc).__name__}: {exc}")

    def _fetch(self, url: str) -> FetchOutcome:
        previous = self.store.latest(url)
        headers = {"User-Agent": USER_AGENT}
        if previous is not None:
            if previous.etag:
                headers["If-None-Match"] = previous.etag
            if previous.last_modified:
                headers["If-Modified-Since"] = previous.last_modified
        current = url
        for _hop in range(self.max_redirects + 1):
            check_url(current, allow_private=self.allow_private, resolver=self.resolver)
            response_status, location, body, meta = self._get(current, headers)
            if response_status in (301, 302, 303, 307, 308) and location:
                current = urljoin(current, location)
                continue
            if response_status == 304 and previous is not None:
                return FetchOutcome(url, "not-modified", previous, "304: unchanged")
            if response_status >= 400:
                return FetchOutcome(url, "error", message=f"HTTP {response_status}")
            sha = hashlib.sha256(body).hexdigest()
            history = list(previous.history) if previous else []
            if previous is not None and previous.sha256 == sha:
                return FetchOutcome(url, "unchanged", previous, "same sha256")
            if previous is not None:
                history.append(previous.sha256)
            snapshot = Snapshot(
                url=url,
                final_url=current,
                status=response_status,
                sha256=sha,
                size=len(body),
                content_type=meta["content_type"] or "",
                fetched_at=meta["fetched_at"] or "",
                etag=meta["etag"],
                last_modified=meta["last_modified"],
                history=history,
            )
            self.store.save(snapshot, body)
            return FetchOutcome(url, "changed" if previous else "new", snapshot)
        return FetchOutcome(url, "error", message=f"more than {self.max_redirects} redirects")

    def _get(
        self, url: str, headers: dict[str, str]
    ) -> tuple[int, str | None, bytes, dict[str, str | None]]:
        for attempt in range(self.retries + 1):
            with self.client.stream("GET", url, headers=headers, follow_redirects=False) as resp:
                if (resp.status_code == 429 or resp.status_code >= 500) and attempt < self.retries:
                    self.sleep(_retry_after(resp.headers.get("Retry-After"), attempt, self.backoff))
                    continue
                location = resp.headers.get("Location")
                chunks, size = [], 0
                if 200 <= resp.status_code < 300:
                    declared = resp.headers.get("Content-Length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        raise FetchRefusedError(
                            f"{url}: body of {int(declared)} bytes is over the "
                            f"{self.max_bytes}-byte limit"
                        )
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise FetchRefusedError(
                                f"{url}: body cut off after {self.max_bytes} "
                                "bytes (over the size limit)"
                            )
                        chunks.append(chunk)
                meta = {
                    "content_type": resp.headers.get("Content-Type", "").split(";")[0].strip(),
                    "fetched_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
                    "etag": resp.headers.get("ETag"),
                    "last_modified": resp.headers.get("Last-Modified"),
                }
                return resp.status_code, location, b"".join(chunks), meta
        raise FetchRefusedError(f"{url}: no answer after {self.retries} retries")

    def fetch_all(
        self,
        urls: Iterable[str],
        *,
        workers: int = 4,
        progress: Callable[[FetchOutcome], None] | None = None,
    ) -> list[FetchOutcome]:
        """Fetch many URLs with a bounded pool; results in the order of ``urls``."""
        urls = list(dict.fromkeys(urls))
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            outcomes = []
            for outcome in pool.map(self.fetch, urls):
                if progress is not None:
                    progress(outcome)
                outcomes.append(outcome)
        return outcomes


def new_client(timeout: float = 20.0) -> httpx.Client:
    """The HTTP client claimgraph fetches with."""
    return httpx.Client(timeout=httpx.Timeout(timeout), headers={"User-Agent": USER_AGENT})
