"""The actor knowledge base: names from CLDR, identities, organisations, and dated offices."""
from __future__ import annotations

from datetime import date

import pytest

from geokg.errors import UnknownActor
from geokg.loaders.kb import kb_triples, load_kb


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
    ("defence_minister", "RU", date(2023, 1, 1), "Sergei Shoigu"),
    ("defence_minister", "RU", date(2025, 1, 1), "Andrei Belousov"),
    ("defence_minister", "DE", date(2016, 6, 1), "Ursula von der Leyen"),
    ("defence_minister", "UA", date(2022, 10, 12), "Oleksii Reznikov"),
    ("defence_minister", "US", date(2018, 1, 1), "Jim Mattis"),
    ("un_ambassador", "RU", date(2022, 10, 12), "Vassily Nebenzia"),
    ("un_ambassador", "US", date(2022, 10, 12), "Linda Thomas-Greenfield"),
    ("national_security_adviser", "US", date(2022, 10, 12), "Jake Sullivan"),
    ("security_council_secretary", "RU", date(2022, 10, 12), "Nikolai Patrushev"),
    ("security_council_secretary", "RU", date(2025, 1, 1), "Sergei Shoigu"),
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


@pytest.mark.parametrize("name, label", [
    ("Peskow", "Dmitry Peskov"), ("Dmitri Peskow", "Dmitry Peskov"), ("Peskov", "Dmitry Peskov"),
    ("Sacharowa", "Maria Zakharova"), ("Schoigu", "Sergei Shoigu"), ("Beloussow", "Andrei Belousov"),
    ("Resnikow", "Oleksii Reznikov"), ("Umjerow", "Rustem Umerov"), ("Nebensja", "Vassily Nebenzia"),
    ("Jermak", "Andriy Yermak"), ("Kramp-Karrenbauer", "Annegret Kramp-Karrenbauer"),
])
def test_kb_resolves_officials_in_german_spelling(kb, name, label):
    assert kb.resolve(name).label_en == label


def test_kb_new_roles_are_officials(kb):
    from geokg.loaders.kb import ROLE_RELATION

    peskov = kb.resolve("Peskow")
    assert [o.role for o in kb.offices_on(peskov.iri, date(2023, 1, 1))] == ["spokesperson"]
    shoigu = kb.resolve("Schoigu")
    assert [o.role for o in kb.offices_on(shoigu.iri, date(2023, 1, 1))] == ["defence_minister"]
    roles = {o.role for a in kb.actors.values() for o in a.offices}
    assert roles <= set(ROLE_RELATION)
    for role in ("defence_minister", "spokesperson", "un_ambassador", "national_security_adviser",
                 "security_council_secretary", "chief_of_staff"):
        assert ROLE_RELATION[role] == "officialOf" and role in roles


def test_kb_person_names_are_unambiguous(kb):
    """No name, label or alias stands for two persons."""
    clashes = {k: [a.label_en for a in hits] for k, hits in kb._names.items()
               if len({a.iri for a in hits if a.cls == "Person"}) > 1}
    assert not clashes


def test_kb_rejects_unknown_office_roles(monkeypatch):
    import geokg.loaders.kb as kbmod

    real = kbmod._yaml
    bad = [{"id": "x-y", "label": {"en": "X Y"}, "offices": [{"role": "defense_minister", "of": "US"}]}]
    monkeypatch.setattr(kbmod, "_yaml", lambda name: bad if name == "persons.yaml" else real(name))
    with pytest.raises(ValueError, match="unknown office role 'defense_minister'"):
        kbmod.load_kb.__wrapped__()


def test_kb_holder_is_nobody_in_particular_when_several_serve_at_once():
    kb = load_kb()
    ru = kb.by_iso2["RU"].iri
    # the Kremlin's and the foreign ministry's spokespeople serve at the same time
    assert kb.holder("spokesperson", ru, date(2023, 1, 1)) is None
    # one head of state at a time still resolves, also on the day of a handover
    us = kb.by_iso2["US"].iri
    assert kb.holder("head_of_state", us, date(2021, 1, 20)).label_en == "Joe Biden"
    assert kb.holder("head_of_state", us, date(2021, 1, 19)).label_en == "Donald Trump"
