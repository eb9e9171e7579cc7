"""Peoples without a state (ontology/kb/peoples.yaml): Group actors named in both languages."""
from __future__ import annotations

import pytest

from geokg.loaders.articles import extract_text
from geokg.loaders.kb import kb_triples, load_kb
from geokg.ontology import GKG

KB = load_kb()


@pytest.mark.parametrize("en,de", [("Kurds", "Kurden"), ("Uyghurs", "Uiguren"), ("Tamils", "Tamilen"),
                                   ("Rohingya", "Rohingya"), ("Yazidis", "Jesiden"), ("Chechens", "Tschetschenen")])
def test_kb_peoples_are_groups_in_both_languages(en, de):
    a = KB.resolve(en)
    assert a.cls == "Group" and KB.resolve(de) == a and a.labels["de"] == de
    assert a.source


def test_kb_peoples_link_to_the_states_they_live_in():
    kurds = KB.resolve("Kurds").iri
    states = {o for s, p, o in kb_triples(KB) if s == kurds and p == GKG.groupOf}
    assert states == {KB.by_iso2[c].iri for c in ("TR", "SY", "IQ", "IR")}
    # a people is not a member of anything
    assert not any(o == kurds for _s, _p, o in kb_triples(KB))


def _triples(text, lang, when):
    return {(str(c.subject).rsplit("/", 1)[-1], c.relation, str(c.obj).rsplit("/", 1)[-1])
            for c in extract_text(text, lang, published=when).claims}


def test_kb_peoples_read_in_sentences():
    assert ("turkiye", "attacks", "kurds") in _triples(
        "Turkey has launched a new offensive against the Kurds in northern Syria.", "en", "2019-10-10")
    assert ("united-states", "supports", "kurds") in _triples(
        "Die USA unterstützen die Kurden in Syrien.", "de", "2016-10-10")
    assert ("bangladesh", "grantsRefugeTo", "rohingya") in _triples(
        "Bangladesh has taken in 700,000 Rohingya who fled Myanmar.", "en", "2018-10-10")
