"""Spelling variants of names in the compiled gazetteer: "Schroeder" for Schröder, "Walesa" for Wałęsa."""
from __future__ import annotations

import pytest

from geokg.loaders.articles import extract_text
from geokg.loaders.gazindex import build_gazetteer, compiled_gazetteer
from geokg.loaders.kb import load_kb
from geokg.loaders.lexicon import keys, load_gazetteer
from geokg.loaders.name_variants import load_rules, variants

KB = load_kb()


def _names(gaz, form: str) -> set[str]:
    return {str(e.iri) for e in gaz.lookup(keys(form)) if e.kind == "name"}


def test_kb_variants_rules_map_letters_folding_keeps():
    rules = load_rules()
    assert variants("Jürgen Möllemann", rules) == {"Juergen Moellemann"}
    assert variants("Lars Løkke Rasmussen", rules) == {"Lars Lokke Rasmussen"}
    assert variants("Franjo Tuđman", rules) == {"Franjo Tudjman"}
    assert variants("Davíð Oddsson", rules) == {"Davíd Oddsson"}  # í folds by itself
    assert variants("Jacques Chirac", rules) == set()


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("written,known", [
    ("Gerhard Schroeder", "Gerhard Schröder"),
    ("Schroeder", "Gerhard Schröder"),
    ("Lech Walesa", "Lech Wałęsa"),
    ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
    ("Tayyip Erdogan", "Recep Tayyip Erdoğan"),
    ("Jose Manuel Barroso", "José Manuel Barroso"),
    ("Oesterreich", "Österreich"),
])
def test_kb_variants_news_spellings_name_the_same_actor(lang, written, known):
    gaz = compiled_gazetteer(lang)
    assert _names(gaz, written) == {str(KB.resolve(known).iri)}


@pytest.mark.parametrize("lang", ["en", "de"])
def test_kb_variants_never_add_a_reading_to_a_known_name(lang):
    base = load_gazetteer(lang)
    full = build_gazetteer(lang)
    assert all(full.entries[k] == v for k, v in base.entries.items())
    added = set(full.entries) - set(base.entries)
    assert len(added) > 100
    assert all(len({e.iri for e in full.entries[k]}) == 1 for k in added)


def test_kb_variants_read_in_sentences():
    def triples(text, lang, when):
        return {(str(c.subject).rsplit("/", 1)[-1], c.relation, str(c.obj).rsplit("/", 1)[-1])
                for c in extract_text(text, lang, published=when).claims}

    assert ("gerhard-schroder", "meetsWith", "lech-walesa") in triples(
        "Chancellor Gerhard Schroeder met Lech Walesa in Gdansk.", "en", "2000-08-31")
    assert ("lech-walesa", "leaderOf", "poland") in triples(
        "Der polnische Präsident Lech Walesa kritisierte Russland.", "de", "1993-05-01")
    # the written-out umlaut of a surname alone, too
    got = triples("Schroeder criticised Russia over Chechnya on Monday.", "en", "2004-11-03")
    assert ("gerhard-schroder", "opposes", "russia") in got
