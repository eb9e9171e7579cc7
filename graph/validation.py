"""SHACL validation: kept for old imports; the shapes and the validator live in :mod:`geokg.ontology.shapes`."""
from geokg.ontology.shapes import shapes_graph, validate_graph

__all__ = ["validate_graph", "shapes_graph"]
