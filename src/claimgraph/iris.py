"""Stable IRIs from stable keys: the same input always gets the same names.

Keys are normalised first (URL case, default ports, ``utm_*`` parameters, trailing slashes,
typographic quotes and white space in quotes), then hashed, so two documents about one URL
describe one source and two copies of one quote are one evidence node.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": "80", "https": "443"}
_TRACKING = re.compile(r"(utm_[a-z_]+|fbclid|gclid|mc_eid|mc_cid)", re.IGNORECASE)
#: typographic quotes, dashes and no-break spaces made plain (identity keys, quote anchoring)
PLAIN_PUNCTUATION = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "‑": "-",
        "\u00a0": " ",
    }
)


def clean_url(url: str) -> str:
    """The URL as it should be shown: scheme and host lower-cased, default port, fragment and
    tracking parameters removed; the path kept as written."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or str(port) == _DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.fullmatch(k)
        ]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def url_key(url: str) -> str:
    """Identity key of a URL: :func:`clean_url`, ``http`` as ``https``, no ``www.``, no trailing
    slash, query parameters sorted."""
    parts = urlsplit(clean_url(url))
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return urlunsplit(("https", host, path, query, ""))


def normalise_text(text: str) -> str:
    """Text compared for identity: NFKC, plain quotes and dashes, one space, case-folded."""
    text = unicodedata.normalize("NFKC", text).translate(PLAIN_PUNCTUATION).replace("…", "...")
    text = re.sub(r"\s+", " ", text).strip().strip("\"'").strip()
    return text.casefold()


def digest_key(*parts: str) -> str:
    """A 16-hex-digit name from key parts (64 bits: collisions need ~4 billion items)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens, for readable IRIs of names."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words) or "x" + digest_key(text)[:12]
