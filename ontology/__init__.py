"""The geokg ontology: namespaces, relation metadata and the shipped data files.

The Turtle file ``ontology/geokg.ttl`` is the single source of truth for the
vocabulary; :mod:`geokg.ontology.vocab` reads relation metadata (labels, polarity,
Goldstein weight, symmetry) from it. ``ontology/shapes.ttl`` holds the SHACL
shapes and ``ontology/kb/`` the actor knowledge base as data.

>>> from geokg.ontology import GKG
>>> str(GKG.mediates)
'https://w3id.org/geokg/ontology#mediates'
"""
from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

from rdflib import Namespace

__all__ = ["GKG", "GKGR", "WD", "SCHEMA", "PREFIXES", "data_file", "GRAPH_ONTOLOGY", "GRAPH_KB", "GRAPH_SNAPSHOT"]

GKG = Namespace("https://w3id.org/geokg/ontology#")
GKGR = Namespace("https://w3id.org/geokg/id/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")

#: Named graphs that hold background knowledge (never touched by document loads).
GRAPH_ONTOLOGY = GKGR["graph/ontology"]
GRAPH_KB = GKGR["graph/kb"]
#: The description a snapshot (``geokg export``) gives of itself; never loaded back into a store.
GRAPH_SNAPSHOT = GKGR["graph/snapshot"]

#: Prefixes bound in every query and export.
PREFIXES: dict[str, str] = {
    "gkg": str(GKG),
    "gkgr": str(GKGR),
    "wd": str(WD),
    "schema": str(SCHEMA),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}


def data_file(*parts: str) -> Traversable:
    """Return a data file shipped in the ``ontology`` package (found through importlib.resources)."""
    node = files(__name__)
    for part in parts:
        node = node / part
    return node
