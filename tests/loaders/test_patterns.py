"""The relation patterns (``loaders/patterns/{lang}.yaml``): every example of every pattern.

Each pattern record carries example sentences with the claims they must give (``claims``)
and must not give (``reject``); this runs the whole extractor on each example (the parse,
the mention finder and the patterns together) and checks them, and checks that the claim
names the pattern that read it. It also checks the records themselves: ids unique and
saying what they are, relations in the ontology, every pattern with at least one example.
"""
from __future__ import annotations

import pytest

from geokg.errors import UnsupportedLanguage
from geokg.loaders.articles import extract_text
from geokg.loaders.patterns import LANGS, load_patterns
from geokg.ontology.vocab import relations
from tests.conftest import label_of

SYMMETRIC = {name for name, rel in relations().items() if rel.symmetric}


def _examples():
    for lang in LANGS:
        for p in load_patterns(lang).patterns:
            for n, ex in enumerate(p.examples):
                yield pytest.param(lang, p, ex, id=f"{p.id}-{n + 1}")


def _spec(item) -> dict:
    if isinstance(item, list):
        return {"s": item[0], "rel": item[1], "o": item[2]}
    return dict(item)


def _found(claims, ext, want: dict):
    for c in claims:
        if c.relation != want["rel"]:
            continue
        s, o = label_of(c.subject, ext), label_of(c.obj, ext)
        pairs = [(s, o)] + ([(o, s)] if want["rel"] in SYMMETRIC else [])
        if (want["s"], want["o"]) in pairs and all(getattr(c, f) == want[f] for f in ("negated", "modality") if f in want):
            return c
    return None


@pytest.mark.parametrize("lang,pattern,example", list(_examples()))
def test_pattern_example(lang, pattern, example):
    ext = extract_text(example["text"], language=lang)
    got = [(label_of(c.subject, ext), c.relation, label_of(c.obj, ext), c.negated, c.extractor) for c in ext.claims]
    for item in example.get("claims") or []:
        want = _spec(item)
        c = _found(ext.claims, ext, want)
        assert c is not None, f"{pattern.id}: missing {want} in {got}"
        if want["rel"] == pattern.relation and example.get("read_by") == "lexicon":
            # the parse misses it (weak German parser): the trigger lexicon reads it instead
            assert c.extractor.startswith(f"{lang}-"), f"{want} read by {c.extractor}, not the lexicon"
        elif want["rel"] == pattern.relation:
            assert c.extractor == pattern.id, f"{want} read by {c.extractor}, not {pattern.id}"
    for item in example.get("reject") or []:
        assert _found(ext.claims, ext, _spec(item)) is None, f"{pattern.id}: unwanted {item} in {got}"


@pytest.mark.parametrize("lang", LANGS)
def test_pattern_records(lang):
    ps = load_patterns(lang)
    ids = [p.id for p in ps.patterns]
    assert len(ids) == len(set(ids))
    for p in ps.patterns:
        assert p.id.split(".")[:2] == [lang, p.relation], p.id
        assert p.examples, f"{p.id} has no example"
        assert p.pos in ("verb", "noun")
        assert p.lemmas


def test_unknown_language_is_a_one_line_error():
    with pytest.raises(UnsupportedLanguage):
        load_patterns("fr")
