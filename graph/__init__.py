"""geokg's graph layer: the claim store, queries, analysis, maps and the CLI.

>>> from graph import KnowledgeGraph
>>> KnowledgeGraph.open("memory").kind
'memory'
"""
from graph.errors import GeokgError
from graph.store import KnowledgeGraph, Rows

__all__ = ["KnowledgeGraph", "Rows", "GeokgError"]
