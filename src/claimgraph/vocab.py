"""Namespaces and the own terms of ``graph/vocab.ttl``, for use in Python code."""

from __future__ import annotations

from rdflib import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace

CG = Namespace("https://w3id.org/claimgraph/ns#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = SDO
#: schema.org as a plain Namespace, for terms chosen at run time
SCHEMA_NS = Namespace("https://schema.org/")
DEFAULT_BASE = "https://w3id.org/claimgraph/id/"

#: prefix -> namespace, bound in every output so files read the same everywhere
PREFIXES: dict[str, str] = {
    "cg": str(CG),
    "dcterms": str(DCTERMS),
    "oa": str(OA),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "schema": str(SDO),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

#: instance prefixes, relative to the base IRI
INSTANCE_PREFIXES: dict[str, str] = {
    "agent": "agent/",
    "claim": "claim/",
    "doc": "doc/",
    "ev": "evidence/",
    "intake": "intake/",
    "link": "link/",
    "org": "org/",
    "person": "person/",
    "product": "product/",
    "src": "source/",
}

#: afls source kinds -> (concept in vocab.ttl, schema.org class of such a source)
SOURCE_TYPES: dict[str, tuple[str, str]] = {
    "blog": ("Blog", "BlogPosting"),
    "press": ("Press", "NewsArticle"),
    "paper": ("Paper", "ScholarlyArticle"),
    "primary_doc": ("PrimaryDoc", "DigitalDocument"),
    "dataset": ("DatasetSource", "Dataset"),
    "filing": ("Filing", "Report"),
    "dashboard": ("Dashboard", "WebPage"),
}

#: evidence method tags -> concept in vocab.ttl
METHODS: dict[str, str] = {
    "primary_testimony": "PrimaryTestimony",
    "journalistic_report": "JournalisticReport",
    "expert_estimate": "ExpertEstimate",
    "direct_measurement": "DirectMeasurement",
    "modeled_projection": "ModeledProjection",
    "triangulation": "Triangulation",
    "leaked_document": "LeakedDocument",
}

__all__ = [
    "CG",
    "DCTERMS",
    "DEFAULT_BASE",
    "INSTANCE_PREFIXES",
    "METHODS",
    "OA",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SDO",
    "SKOS",
    "SOURCE_TYPES",
    "XSD",
]
