"""claimgraph: which claim rests on which quote, from which source, by whom, fetched when."""

from ._version import __version__ as __version__
from .build import BuildResult as BuildResult
from .build import BuildSummary as BuildSummary
from .build import build_dataset as build_dataset
from .build import read_all as read_all
from .entities import Gazetteer as Gazetteer
from .errors import ClaimgraphError as ClaimgraphError
from .errors import ParseError as ParseError
from .export import serialise as serialise
from .export import write_atomic as write_atomic
from .model import Document as Document
from .pipeline import BuildOptions as BuildOptions
from .pipeline import BuildOutcome as BuildOutcome
from .pipeline import build_files as build_files
from .readers import read_document as read_document
from .readers import read_text as read_text
from .store import load_graph as load_graph
from .validate import ValidationReport as ValidationReport
from .validate import load_shapes as load_shapes
from .validate import validate_graph as validate_graph

__all__ = [
    "BuildOptions",
    "BuildOutcome",
    "BuildResult",
    "BuildSummary",
    "ClaimgraphError",
    "Document",
    "Gazetteer",
    "ParseError",
    "ValidationReport",
    "build_dataset",
    "build_files",
    "load_graph",
    "load_shapes",
    "read_all",
    "read_document",
    "read_text",
    "serialise",
    "validate_graph",
    "write_atomic",
]
