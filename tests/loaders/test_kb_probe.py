"""Probe sentences (written for these tests, not taken from any evaluation set) through the public
ingest API into a memory store: persons and organisations 1990-today from the larger knowledge base."""
from __future__ import annotations

import json

import pytest

from geokg.graph.store import KnowledgeGraph
from geokg.loaders.ingest import ingest_paths
from geokg.loaders.kb import load_kb


def _claims(tmp_path, articles: list[dict]) -> set[tuple[str, str, str]]:
    path = tmp_path / "probes.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in articles), encoding="utf-8")
    kg = KnowledgeGraph.open("memory")
    report = ingest_paths(kg, [path])
    assert report is not None
    kb = load_kb()

    def label(node) -> str:
        actor = kb.actors.get(node)
        return actor.label_en if actor else str(node).rsplit("/", 1)[-1]

    return {(label(r["subject"]), str(r["relation"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1], label(r["object"]))
            for r in kg.claims().rows}


@pytest.fixture(scope="module")
def probes(tmp_path_factory):
    arts = [
        {"text": "Kofi Annan met Ariel Sharon in Jerusalem.", "language": "en"},
        {"text": "The British prime minister met the French president in Paris on Monday.",
         "language": "en", "published": "2003-03-03"},
        {"text": "The German chancellor met the British prime minister in Bonn.",
         "language": "en", "published": "1994-06-01"},
        {"text": "Boris Jelzin traf Helmut Kohl in Moskau.", "language": "de", "published": "1996-02-01"},
        {"text": "Ärzte ohne Grenzen kritisierte die FPÖ.", "language": "de", "published": "2016-05-01"},
        {"text": "Jack Straw criticised Iran.", "language": "en", "published": "2004-10-01"},
        {"text": "IAEA chief Mohamed ElBaradei met Hassan Rouhani in Tehran.", "language": "en",
         "published": "2004-09-01"},
        {"text": "Der österreichische Außenminister traf den deutschen Außenminister in Wien.", "language": "de",
         "published": "2016-02-10"},
        {"text": "The US secretary of state met the Israeli foreign minister.", "language": "en",
         "published": "2005-06-01"},
        {"text": "Yevgeny Primakov met Madeleine Albright in Moscow.", "language": "en", "published": "1997-05-01"},
    ]
    return _claims(tmp_path_factory.mktemp("probes"), arts)


def test_kb_probe_undated_article_finds_leaders_of_the_2000s(probes):
    assert ("Kofi Annan", "meetsWith", "Ariel Sharon") in probes


def test_kb_probe_roles_resolve_to_the_holders_of_the_publication_year(probes):
    assert ("Tony Blair", "meetsWith", "Jacques Chirac") in probes
    assert ("Helmut Kohl", "meetsWith", "John Major") in probes
    assert not any("Starmer" in s or "Macron" in o for s, _r, o in probes)


def test_kb_probe_german_transliteration_finds_the_person(probes):
    assert ("Boris Yeltsin", "meetsWith", "Helmut Kohl") in probes


def test_kb_probe_ngo_and_party_are_actors(probes):
    assert ("Médecins Sans Frontières", "opposes", "Freedom Party of Austria") in probes


def test_kb_probe_uk_minister_of_2004_is_known(probes):
    assert ("Jack Straw", "opposes", "Iran") in probes


def test_kb_probe_head_of_international_organisation(probes):
    assert ("Mohamed ElBaradei", "meetsWith", "Hassan Rouhani") in probes


def test_kb_probe_austrian_and_german_ministers_of_2016(probes):
    assert ("Sebastian Kurz", "meetsWith", "Frank-Walter Steinmeier") in probes


def test_kb_probe_us_and_israeli_foreign_ministers_of_2005(probes):
    assert ("Condoleezza Rice", "meetsWith", "Silvan Shalom") in probes


def test_kb_probe_foreign_ministers_of_the_1990s(probes):
    assert ("Yevgeny Primakov", "meetsWith", "Madeleine Albright") in probes
