"""RDF terms between pyoxigraph and rdflib.

Both the loaders (reading RDF files with Oxigraph's fast parsers) and the
store (reading the embedded Oxigraph store) hand rdflib terms to the rest of
geokg; the conversion lives here, at the bottom, so neither imports the other.

>>> import pyoxigraph as ox
>>> from_ox(ox.Literal("Kasachstan", language="de"))
rdflib.term.Literal('Kasachstan', lang='de')
>>> plain_literal(from_ox(ox.Literal("x")))
rdflib.term.Literal('x')
"""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, Node, URIRef

__all__ = ["from_ox", "to_ox", "plain_literal", "XSD_STRING"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term) -> Node:
    """A pyoxigraph term as an rdflib term (plain literals stay plain, as rdflib writes them)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.DefaultGraph):
        return None
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def plain_literal(term: Node) -> Node:
    """xsd:string literals as plain ones (RDF 1.1 says they are the same; rdflib compares them apart)."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == XSD_STRING:
        return Literal(str(term))
    return term


def to_ox(term: Node) -> "ox.NamedNode | ox.BlankNode | ox.Literal":
    """An rdflib term as a pyoxigraph term (the inverse of :func:`from_ox`)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))
