"""Coreference inside an article (loaders/coref.py): role compatibility, a title's readings per
state, surnames after a full name, role nouns for a holder named before."""
from __future__ import annotations

from geokg.loaders.articles import extract_text
from geokg.loaders.coref import role_compatible, role_variants
from geokg.loaders.kb import load_kb


def _triples(ext) -> set[tuple[str, str, str]]:
    kb = load_kb()
    ents = {e.iri: e for e in ext.entities}

    def name(iri):
        return kb.actors[iri].label_en if iri in kb.actors else ents[iri].label_en if iri in ents else str(iri)

    return {(name(c.subject), c.relation, name(c.obj)) for c in ext.claims}


def test_vague_leader_matches_either_top_office():
    assert role_compatible("head_of_government", "leader")
    assert role_compatible("head_of_state", "leader")
    assert role_compatible("foreign_minister", "minister")
    assert not role_compatible("minister", "head_of_government")
    assert not role_compatible(None, "leader")


def test_a_title_reads_per_state():
    spec = {"role": "head_of_government", "rel": "leaderOf", "by_state": {"GB": {"role": "minister", "rel": "officialOf"}}}
    assert role_variants(spec, "GB") == [{"role": "minister", "rel": "officialOf"}]
    assert role_variants(spec, "DE") == [{"role": "head_of_government", "rel": "leaderOf"}]
    assert [v["role"] for v in role_variants(spec)] == ["head_of_government", "minister"]


def test_surname_after_full_name_is_that_person_not_a_namesake():
    ext = extract_text("George W. Bush won the election. Tony Blair said Mr Bush should lead the US.",
                       "en", published="2004-11-04")
    bushes = {str(c.subject) for c in ext.claims} | {str(c.obj) for c in ext.claims}
    assert not any(b.endswith("/g-h-w-bush") for b in bushes)


def test_uk_chancellor_named_before_is_the_minister_not_the_prime_minister():
    ext = extract_text("Gordon Brown arrived in Kenya. On the fourth day of his tour, the UK chancellor "
                       "predicted a vaccine could be found.", "en", published="2005-01-15")
    got = _triples(ext)
    assert ("Gordon Brown", "officialOf", "United Kingdom") in got
    assert not any(s == "Tony Blair" for s, _r, _o in got)

