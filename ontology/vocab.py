"""Relation metadata read from ``ontology/geokg.ttl``.

The Turtle file is the single source of truth: labels, polarity, Goldstein
weight, CAMEO codes and symmetry of each relation are read from it, never
typed again in Python.

>>> from geokg.ontology.vocab import relation
>>> r = relation("attacks")
>>> r.polarity, r.symmetric
(-1, False)
>>> relation("meetsWith").symmetric
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from geokg.errors import UnknownRelation
from geokg.ontology import GKG, data_file

__all__ = ["Relation", "ontology_graph", "relations", "relation", "CORE_RELATIONS", "UnknownRelation"]

#: The closed core set of relations (ontology-core.md); the ontology may add more.
CORE_RELATIONS: tuple[str, ...] = (
    "memberOf", "leaderOf", "officialOf", "affiliatedWith", "partOf", "locatedIn",
    "allyOf", "hosts", "attends", "visits", "meetsWith", "negotiatesWith",
    "signsAgreementWith", "mediates", "supports", "cooperatesWith", "providesAidTo",
    "seeksSupportFrom", "opposes", "tensionWith", "distancesFrom", "threatens",
    "sanctions", "attacks", "grantsRefugeTo", "migratesTo", "callsFor",
)


@dataclass(frozen=True)
class Relation:
    """One relation of the ontology with the metadata the analysis needs."""

    name: str
    iri: URIRef
    label_en: str
    label_de: str
    polarity: int
    goldstein: float
    symmetric: bool
    cameo: tuple[str, ...]
    comment: str


@cache
def ontology_graph() -> Graph:
    """The ontology as an rdflib Graph (parsed once per process)."""
    g = Graph()
    g.parse(data=data_file("geokg.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def _label(g: Graph, node: URIRef, lang: str) -> str:
    for lab in g.objects(node, RDFS.label):
        if isinstance(lab, Literal) and lab.language == lang:
            return str(lab)
    return ""


@cache
def relations() -> dict[str, Relation]:
    """All object properties in the ``gkg:`` namespace that carry a polarity, by local name."""
    g = ontology_graph()
    out: dict[str, Relation] = {}
    for prop in sorted(g.subjects(RDF.type, OWL.ObjectProperty)):
        if not str(prop).startswith(str(GKG)):
            continue
        pol = g.value(prop, GKG.polarity)
        if pol is None:
            continue
        name = str(prop)[len(str(GKG)):]
        out[name] = Relation(
            name=name,
            iri=URIRef(prop),
            label_en=_label(g, prop, "en"),
            label_de=_label(g, prop, "de"),
            polarity=int(pol),
            goldstein=float(g.value(prop, GKG.goldstein) or 0.0),
            symmetric=(prop, RDF.type, OWL.SymmetricProperty) in g,
            cameo=tuple(sorted(str(c) for c in g.objects(prop, GKG.cameoCode))),
            comment=str(g.value(prop, RDFS.comment) or ""),
        )
    return out


def relation(name: str) -> Relation:
    """Look a relation up by its local name (``"mediates"``) or full IRI.

    Raises
    ------
    UnknownRelation
        With the list of valid names, when the ontology has no such relation.
    """
    rels = relations()
    key = name[len(str(GKG)):] if name.startswith(str(GKG)) else name
    if key not in rels:
        raise UnknownRelation(f"unknown relation {name!r}; valid relations: {', '.join(sorted(rels))}")
    return rels[key]
