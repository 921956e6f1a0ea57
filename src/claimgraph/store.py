"""Loading RDF files into rdflib, with parse errors turned into our own errors.

The store sits behind this small module so that a faster one (Oxigraph) can take its place
for large corpora without the rest of the code changing.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.util import guess_format

from .errors import ParseError

_QUAD_FORMATS = {"trig", "nquads", "json-ld"}
_SUFFIX_FORMATS = {".jsonld": "json-ld", ".json": "json-ld", ".nq": "nquads"}


def rdf_format(path: Path) -> str:
    """rdflib's format name for a file, from its suffix (Turtle when unknown)."""
    return _SUFFIX_FORMATS.get(path.suffix.lower()) or guess_format(str(path)) or "turtle"


def load_graph(path: Path, *, fmt: str | None = None) -> Graph:
    """Read an RDF file into one graph (named graphs merged), or raise a ParseError with the
    line where the parser stopped."""
    fmt = fmt or rdf_format(path)
    try:
        if fmt in _QUAD_FORMATS:
            dataset = Dataset()
            with warnings.catch_warnings():  # rdflib's quad parsers use its deprecated API
                warnings.simplefilter("ignore", DeprecationWarning)
                dataset.parse(path, format=fmt)
            graph = Graph()
            for prefix, namespace in dataset.namespaces():
                graph.bind(prefix, namespace, override=True)
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt)
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    except Exception as exc:  # rdflib's parsers raise many exception types
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        match = re.search(r"line (\d+)", str(exc))
        raise ParseError(
            f"not valid {fmt}: {message}", path=path, line=int(match.group(1)) if match else None
        ) from exc
