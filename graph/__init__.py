"""geokg's graph layer: the claim store, queries, analysis, maps and the CLI.

>>> from geokg.graph import KnowledgeGraph
>>> KnowledgeGraph.open("memory").kind
'memory'
"""
from geokg.errors import GeokgError
from geokg.graph.store import KnowledgeGraph, Rows

__all__ = ["KnowledgeGraph", "Rows", "GeokgError"]
