"""SHACL validation against ``ontology/shapes.ttl`` (pyshacl, imported when first used).

>>> from rdflib import Graph
>>> validate_graph(Graph())[0]
True
"""
from __future__ import annotations

from functools import cache

from rdflib import Graph

from geokg.ontology import data_file

__all__ = ["validate_graph", "shapes_graph"]


@cache
def shapes_graph() -> Graph:
    """The project's SHACL shapes (parsed once)."""
    return Graph().parse(data=data_file("shapes.ttl").read_text(encoding="utf-8"), format="turtle")


def validate_graph(graph: Graph) -> tuple[bool, str]:
    """Validate ``graph`` against the shapes; returns (conforms, readable report)."""
    from pyshacl import validate

    conforms, _report_graph, text = validate(graph, shacl_graph=shapes_graph(), inference="none",
                                             advanced=True, allow_warnings=True)
    return bool(conforms), str(text)
