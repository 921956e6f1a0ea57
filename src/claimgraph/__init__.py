"""claimgraph: which claim rests on which quote, from which source, by whom, fetched when."""

from ._version import __version__ as __version__
from .build import BuildResult as BuildResult
from .build import BuildSummary as BuildSummary
from .build import build_dataset as build_dataset
from .build import read_all as read_all
from .entities import Gazetteer as Gazetteer
from .errors import ClaimgraphError as ClaimgraphError
from .errors import ParseError as ParseError
from .explain import find_claim as find_claim
from .explain import trace_claim as trace_claim
from .export import serialise as serialise
from .export import write_atomic as write_atomic
from .intake.anchor import anchor_quote as anchor_quote
from .intake.fetch import Fetcher as Fetcher
from .intake.fetch import SnapshotStore as SnapshotStore
from .intake.verify import run_verify as run_verify
from .model import Document as Document
from .pipeline import BuildOptions as BuildOptions
from .pipeline import BuildOutcome as BuildOutcome
from .pipeline import build_files as build_files
from .query import format_result as format_result
from .query import list_queries as list_queries
from .query import load_query as load_query
from .query import run_query as run_query
from .readers import read_document as read_document
from .readers import read_text as read_text
from .store import load_graph as load_graph
from .trace import graph_figures as graph_figures
from .trace import provenance_graph as provenance_graph
from .trace_render import write_graph as write_graph
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
    "Fetcher",
    "Gazetteer",
    "ParseError",
    "SnapshotStore",
    "ValidationReport",
    "anchor_quote",
    "build_dataset",
    "build_files",
    "find_claim",
    "format_result",
    "graph_figures",
    "list_queries",
    "load_graph",
    "load_query",
    "load_shapes",
    "provenance_graph",
    "read_all",
    "read_document",
    "read_text",
    "run_query",
    "run_verify",
    "serialise",
    "trace_claim",
    "validate_graph",
    "write_atomic",
    "write_graph",
]
