"""The actor knowledge base: names from CLDR, identities, organisations, and dated offices."""
from __future__ import annotations

from datetime import date

import pytest

from graph.errors import UnknownActor
from loaders.kb import kb_triples, load_kb


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize("name, label", [
    ("Kasachstan", "Kazakhstan"), ("Kazakhstan", "Kazakhstan"), ("Türkei", "Türkiye"), ("Turkey", "Türkiye"),
    ("Russland", "Russia"), ("USA", "United States"), ("GUS", "Commonwealth of Independent States"),
    ("SOZ", "Shanghai Cooperation Organisation"), ("Zentralasien", "Central Asia"), ("the West", "Western world"),
    ("Tokajew", "Kassym-Jomart Tokayev"), ("Erdogan", "Recep Tayyip Erdoğan"), ("KAZ", "Kazakhstan"),
])
def test_kb_resolves_names_in_both_languages(kb, name, label):
    assert kb.resolve(name).label_en == label


def test_kb_unknown_actor_suggests_close_names(kb):
    with pytest.raises(UnknownActor, match="did you mean .*Kazakhstan"):
        kb.resolve("Kazakstan")


def test_kb_states_have_iso_qid_and_both_names(kb):
    states = [a for a in kb.actors.values() if a.cls == "State"]
    assert len(states) >= 240
    un = [a for a in states if a.iso2 in {"KZ", "RU", "TR", "CN", "UA", "AZ", "IQ", "IR", "QA", "KG", "UZ", "TJ", "TM", "US", "DE"}]
    assert len(un) == 15
    for a in un:
        assert a.qid and a.iso3 and a.labels["de"]
    assert kb.by_iso2["KZ"].qid == "Q232" and kb.by_iso2["TR"].qid == "Q43"


def test_kb_demonyms_cover_every_state_with_a_capital(kb):
    for a in kb.actors.values():
        if a.cls == "State" and a.capital:
            assert a.adj.get("de") and a.adj.get("en"), a.label_en


@pytest.mark.parametrize("role, iso, when, holder", [
    ("head_of_state", "KZ", date(2022, 10, 12), "Kassym-Jomart Tokayev"),
    ("head_of_state", "KZ", date(2018, 6, 1), "Nursultan Nazarbayev"),
    ("head_of_state", "RU", date(2022, 10, 12), "Vladimir Putin"),
    ("foreign_minister", "TR", date(2022, 10, 12), "Mevlüt Çavuşoğlu"),
    ("head_of_state", "US", date(2019, 1, 1), "Donald Trump"),
    ("head_of_state", "US", date(2022, 1, 1), "Joe Biden"),
])
def test_kb_office_holder_on_a_date(kb, role, iso, when, holder):
    assert kb.holder(role, kb.by_iso2[iso].iri, when).label_en == holder


def test_kb_organisations_have_members(kb):
    cis = kb.resolve("GUS")
    assert kb.by_iso2["KZ"].iri in cis.members and kb.by_iso2["RU"].iri in cis.members
    cica = kb.resolve("CICA")
    assert kb.by_iso2["TR"].iri in cica.members


def test_kb_rdf_has_one_english_label_per_actor(kb):
    from rdflib import Literal
    from rdflib.namespace import RDFS

    en = {}
    for s, p, o in kb_triples():
        if p == RDFS.label and isinstance(o, Literal) and o.language == "en":
            en.setdefault(s, []).append(o)
    assert all(len(v) == 1 for v in en.values())
    assert len(en) == len(kb.actors)
