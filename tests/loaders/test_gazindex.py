"""The compiled gazetteer (geokg.loaders.gazindex): the same entries as the built one, cached, lazily decoded."""
from __future__ import annotations

import pickle

import pytest

from geokg import cache
from geokg.loaders import gazindex
from geokg.loaders.gazindex import GazIndex, build_gazetteer, build_index, canonical, compiled_gazetteer
from geokg.loaders.lexicon import load_gazetteer
from geokg.loaders.text import split


@pytest.mark.parametrize("lang", ["de", "en"])
def test_compiled_equals_built(lang):
    built = build_gazetteer(lang)  # load_gazetteer and the spelling variants
    gaz = compiled_gazetteer(lang)
    assert gaz.max_len == built.max_len
    # the same entries; where one actor has several for a sequence, in one fixed order (see canonical)
    assert gaz.entries == {k: canonical(v) for k, v in built.entries.items()}
    for key in list(built.entries)[:500]:
        assert sorted(map(repr, gaz.lookup(key))) == sorted(map(repr, built.lookup(key)))
    assert gaz.lookup(("no-such-name-anywhere",)) == []


@pytest.mark.parametrize("lang,text", [
    ("de", "Die Europäische Union und die Vereinigten Staaten stützen Kasachstan; Recep Tayyip Erdoğan vermittelt."),
    ("en", "The European Union and the United States back Kazakhstan, Recep Tayyip Erdoğan said in Astana."),
])
def test_candidates_are_every_length_that_matches_longest_first(lang, text):
    built = build_gazetteer(lang)
    gaz = compiled_gazetteer(lang)
    toks = split(text, lang)[0].tokens
    keys = [t.key for t in toks]
    found = 0
    for i in range(len(toks)):
        expected = [(n, canonical(built.lookup(tuple(keys[i:i + n]))))
                    for n in range(min(built.max_len, len(toks) - i), 0, -1)]
        expected = [(n, es) for n, es in expected if es]
        assert list(gaz.candidates(toks, i)) == expected
        assert list(gaz.candidates(keys, i)) == expected
        found += bool(expected)
    assert found >= 4


def test_index_is_cached_and_survives_pickling(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    compiled_gazetteer.cache_clear()
    try:
        first = compiled_gazetteer("en")
        [entry] = list(tmp_path.glob("gaz-en-*.pickle"))
        assert cache.EVENTS[entry.name] == "built"
        compiled_gazetteer.cache_clear()
        again = compiled_gazetteer("en")
        assert cache.EVENTS[entry.name] == "hit"
        assert again.entries == first.entries
        copy = pickle.loads(pickle.dumps(again))
        assert isinstance(copy, GazIndex) and copy.starts == first.starts
    finally:
        compiled_gazetteer.cache_clear()


def test_a_damaged_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    compiled_gazetteer.cache_clear()
    try:
        compiled_gazetteer("de")
        [entry] = list(tmp_path.glob("gaz-de-*.pickle"))
        entry.write_bytes(entry.read_bytes()[:1000])
        compiled_gazetteer.cache_clear()
        gaz = compiled_gazetteer("de")
        assert cache.EVENTS[entry.name] == "rebuilt"
        assert gaz.lookup(("kasachstan",))
    finally:
        compiled_gazetteer.cache_clear()


def test_the_key_follows_the_builder_code(monkeypatch):
    before = gazindex._key("de")
    assert gazindex._key("en") != before
    monkeypatch.setattr(gazindex, "kb_key", lambda: "another knowledge base")
    assert gazindex._key("de") != before


def test_build_index_groups_by_first_key():
    gaz = build_index(load_gazetteer("de"))
    assert all(list(n) == sorted(n, reverse=True) for n in gaz.starts.values())
    assert set(gaz.starts) == {k[0] for k in load_gazetteer("de").entries}


def test_canonical_order_keeps_actors_and_kinds_in_builder_order():
    built = load_gazetteer("de")
    for entries in built.entries.values():
        ordered = canonical(entries)
        assert sorted(map(repr, ordered)) == sorted(map(repr, entries))
        iris = list(dict.fromkeys(e.iri for e in entries))
        assert list(dict.fromkeys(e.iri for e in ordered)) == iris
    assert canonical(canonical(built.lookup(("spo",)))) == canonical(built.lookup(("spo",)))


def test_the_same_index_under_any_hash_seed(tmp_path):
    """Two processes with different hash seeds build the same compiled gazetteer."""
    import os
    import subprocess
    import sys

    code = ("import pickle, sys; from geokg.loaders.gazindex import build_index; "
            "from geokg.loaders.lexicon import load_gazetteer; g = build_index(load_gazetteer('en')); "
            "sys.stdout.write(repr(sorted((k, [repr(e) for e in v]) for k, v in g.entries.items())))")
    outs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed, cache.CACHE_ENV: str(tmp_path)}).stdout
            for seed in ("1", "2")]
    assert outs[0] == outs[1] and len(outs[0]) > 10000
