"""RDF files (Turtle, TriG, N-Triples, N-Quads, JSON-LD) into a named graph of their own.

Parsed with Oxigraph's parsers (fast, strict); every triple of the file, from
whichever graph of a quad file, goes into one named graph: the IRI given, or
one named after the file, so loading the same file again replaces it.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "extra.ttl"
>>> _ = p.write_text("@prefix gkg: <https://w3id.org/geokg/ontology#> . "
...                  "<https://w3id.org/geokg/id/russia> gkg:memberOf <https://w3id.org/geokg/id/csto> .")
>>> name, triples = read_rdf(p)
>>> str(name).startswith("https://w3id.org/geokg/id/graph/file-extra"), len(triples)
(True, 1)
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from geokg.errors import InputError
from geokg.loaders.claims import Triple, slug
from geokg.ontology import GKGR
from geokg.ontology.terms import from_ox

__all__ = ["read_rdf", "read_rdf_graphs", "RDF_FORMATS"]

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD,
    ".json-ld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML,
}


def read_rdf(path: Path, graph: str | None = None) -> tuple[URIRef, list[Triple]]:
    """The graph name and the triples of an RDF file (all its graphs merged into one).

    Raises
    ------
    InputError
        For an unknown suffix, an unreadable file or a syntax error (with its position).
    """
    path = Path(path)
    quads = _parse(path)
    name = URIRef(graph) if graph else _file_graph(path)
    triples = {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)) for q in quads}
    return name, sorted(triples)


def read_rdf_graphs(path: Path) -> list[tuple[URIRef, list[Triple]]]:
    """The graphs of an RDF file, each with its triples: a TriG, N-Quads or JSON-LD file's named graphs
    keep their names (so that ``geokg export`` re-ingests as it was), its default graph and a
    triple format's triples go into the graph named after the file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "two.trig"
    >>> _ = p.write_text("<urn:g1> { <urn:a> <urn:b> <urn:c> } <urn:g2> { <urn:a> <urn:b> <urn:d> }")
    >>> [(str(g), len(t)) for g, t in read_rdf_graphs(p)]
    [('urn:g1', 1), ('urn:g2', 1)]
    """
    path = Path(path)
    graphs: dict[URIRef, set] = {}
    for q in _parse(path):
        name = _file_graph(path) if isinstance(q.graph_name, ox.DefaultGraph) else from_ox(q.graph_name)
        graphs.setdefault(URIRef(str(name)), set()).add((from_ox(q.subject), from_ox(q.predicate),
                                                        from_ox(q.object)))
    return [(name, sorted(triples)) for name, triples in graphs.items()]


def _file_graph(path: Path) -> URIRef:
    return GKGR[f"graph/file-{slug(path.stem)}-{hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]}"]


def _parse(path: Path) -> list:
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: not an RDF file ({', '.join(sorted(RDF_FORMATS))})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        quads = list(ox.parse(data, fmt, base_iri=path.resolve().as_uri()))
    except SyntaxError as exc:
        raise InputError(f"{path}: invalid {fmt.name}: {str(exc).splitlines()[0]}") from None
    if not quads:
        raise InputError(f"{path}: no triples in the file")
    return quads
