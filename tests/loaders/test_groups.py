"""Generic groups ("Syrian rebels", "kurdische Kämpfer") as gkg:Group actors linked to their state."""
from __future__ import annotations

from rdflib.namespace import RDF

from geokg.loaders.groups import group_actor, group_triples
from geokg.loaders.kb import load_kb
from geokg.ontology import GKG

KB = load_kb()


def test_groups_english_and_german_give_the_same_actor():
    en, de = group_actor("Syrian", "rebels", "en"), group_actor("syrischen", "Rebellen", "de")
    assert en is not None and en.iri == de.iri
    assert (en.label_en, en.label_de) == ("Syrian rebels", "syrische Rebellen")


def test_groups_group_of_links_the_state():
    g = group_actor("afghanische", "Flüchtlinge", "de")
    triples = set(group_triples(g))
    assert (g.iri, RDF.type, GKG.Group) in triples
    assert (g.iri, GKG.groupOf, KB.by_iso2["AF"].iri) in triples


def test_groups_people_without_a_state_link_each_state():
    g = group_actor("kurdische", "Kämpfer", "de")
    assert g.label_en == "Kurdish fighters" and g == group_actor("Kurdish", "fighters", "en")
    linked = {o for _s, p, o in group_triples(g) if p == GKG.groupOf}
    assert linked == {KB.by_iso2[c].iri for c in ("TR", "SY", "IQ", "IR")}


def test_groups_state_name_works_as_the_adjective():
    assert group_actor("Syria", "rebels", "en") == group_actor("Syrian", "rebels", "en")
    assert group_actor("Uyghur", "refugees", "en").group_of == KB.by_iso2["CN"].iri


def test_groups_unknown_adjective_or_noun_is_none():
    assert group_actor("Blue", "rebels", "en") is None
    assert group_actor("Syrian", "bananas", "en") is None
