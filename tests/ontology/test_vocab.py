"""The ontology file implements the fixed core of ontology-core.md, and the shapes check it."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from geokg.ontology import GKG, data_file
from geokg.ontology.vocab import CORE_RELATIONS, UnknownRelation, ontology_graph, relation, relations

SYMMETRIC = {"allyOf", "meetsWith", "negotiatesWith", "signsAgreementWith", "cooperatesWith", "tensionWith"}
CLASSES = ["Actor", "State", "InternationalOrganization", "Organization", "Person", "Region", "Group",
           "Place", "Event", "Claim", "Document", "Aim"]


def test_vocab_has_all_27_core_relations():
    assert len(CORE_RELATIONS) == 27
    assert set(CORE_RELATIONS) <= set(relations())


@pytest.mark.parametrize("name", CORE_RELATIONS)
def test_vocab_relation_has_labels_polarity_and_weight(name):
    r = relation(name)
    assert r.label_en and r.label_de and r.comment
    assert r.polarity in (-1, 0, 1)
    assert -10.0 <= r.goldstein <= 10.0
    assert r.symmetric == (name in SYMMETRIC)
    g = ontology_graph()
    assert (r.iri, RDFS.domain, None) in g and (r.iri, RDFS.range, None) in g


def test_vocab_conflict_relations_are_negative_and_cooperation_positive():
    assert relation("attacks").polarity == -1 and relation("attacks").goldstein == -10.0
    assert relation("sanctions").goldstein == -8.0
    assert relation("mediates").polarity == 1 and relation("mediates").cameo == ("045",)
    assert relation("signsAgreementWith").goldstein == 8.0


def test_vocab_unknown_relation_lists_the_valid_ones():
    with pytest.raises(UnknownRelation, match="valid relations: .*attacks"):
        relation("invades")


@pytest.mark.parametrize("cls", CLASSES)
def test_vocab_classes_exist(cls):
    assert (GKG[cls], RDF.type, OWL.Class) in ontology_graph()


def test_vocab_claim_is_an_rdf_statement():
    assert (GKG.Claim, RDFS.subClassOf, RDF.Statement) in ontology_graph()


def test_vocab_shapes_parse_and_target_claims_documents_actors():
    shapes = Graph().parse(data=data_file("shapes.ttl").read_text(encoding="utf-8"), format="turtle")
    targets = set(shapes.objects(None, URIRef_SH("targetClass")))
    assert {GKG.Claim, GKG.Document, GKG.State, GKG.Person} <= targets


def URIRef_SH(local: str):
    from rdflib import URIRef

    return URIRef("http://www.w3.org/ns/shacl#" + local)


_ = Literal
