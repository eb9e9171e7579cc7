"""One record per person: namesakes stay apart, one person's records from several datasets merge.

The build (tools/build_kb.py) merges office holders of several datasets by Wikidata id and by
dated terms, never by name alone; these tests check the shipped knowledge base and the merge.
"""
from __future__ import annotations

import importlib.util
from collections import defaultdict
from datetime import date
from pathlib import Path

from geokg.loaders.kb import fold, load_kb

KB = load_kb()
HEADS = ("head_of_state", "head_of_government", "leader")


def _build_kb_module():
    path = Path(__file__).resolve().parents[2] / "tools" / "build_kb.py"
    spec = importlib.util.spec_from_file_location("build_kb_under_test", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


BUILD = _build_kb_module()


def _persons():
    return [a for a in KB.actors.values() if a.cls == "Person"]


def test_kb_identity_no_two_persons_share_a_wikidata_id():
    owners = defaultdict(list)
    for a in _persons():
        if a.qid:
            owners[a.qid].append(str(a.iri))
    assert {q: v for q, v in owners.items() if len(v) > 1} == {}


def test_kb_identity_no_person_holds_overlapping_terms_of_one_office():
    # a person merged from two namesakes, or one term recorded twice, shows as two overlapping terms
    bad = []
    for a in _persons():
        terms = defaultdict(list)
        for o in a.offices:
            if o.role in HEADS + ("foreign_minister", "defence_minister"):
                terms[(o.role, o.of)].append(o)
        for offs in terms.values():
            offs.sort(key=lambda o: o.start or date.min)
            bad += [(str(a.iri), x.role) for x, y in zip(offs, offs[1:])
                    if (y.start or date.min) < (x.end or date.max)]
    assert bad == []


def test_kb_identity_one_head_term_is_one_person():
    # two persons of one surname heading one state over the same term are one person twice
    dupes = []
    by_state = defaultdict(list)
    for a in _persons():
        for o in a.offices:
            if o.role in HEADS:
                by_state[o.of].append((a, {"role": o.role, "of": str(o.of), "start": o.start and o.start.isoformat(),
                                           "end": o.end and o.end.isoformat()}))
    for held in by_state.values():
        for i, (a, x) in enumerate(held):
            dupes += [(str(a.iri), str(b.iri)) for b, y in held[i + 1:]
                      if a.iri != b.iri and BUILD.same_surname(a.label_en, b.label_en) and BUILD.same_term([x], [y])]
    assert dupes == []


def test_kb_identity_father_and_son_presidents_are_two_persons():
    us = KB.by_iso2["US"].iri
    father = KB.holder("head_of_state", us, date(1991, 2, 10))
    son = KB.holder("head_of_state", us, date(2004, 11, 3))
    assert father.label_en == "George H. W. Bush" and son.label_en == "George W. Bush"
    assert son.qid == "Q207" and father.qid != "Q207"
    assert not any(o.covers(date(2004, 11, 3)) for o in father.offices)
    assert KB.resolve("George Bush") == son == KB.resolve("George W. Bush")
    assert KB.resolve("G.H.W. Bush") == father
    # a bare surname picks the holder of the day, either way round
    assert KB.namesake_on(father.iri, "Bush", date(2004, 11, 3)) == son.iri
    assert KB.namesake_on(son.iri, "Bush", date(1991, 2, 10)) == father.iri


def test_kb_identity_other_father_son_leaders_stay_apart():
    for state, old, new, when_old, when_new in (("AZ", "Heydar Aliyev", "Ilham Aliyev", 1999, 2010),
                                                ("SY", "Hafez al-Assad", "Bashar al-Assad", 1995, 2010),
                                                ("GR", "Andreas Papandreou", "Georgios Papandreou", 1994, 2010)):
        a, b = KB.resolve(old), KB.resolve(new)
        assert a.iri != b.iri
        assert any(o.covers(date(when_old, 6, 1)) for o in a.offices), old
        assert not any(o.covers(date(when_old, 6, 1)) for o in b.offices), new
        assert any(o.covers(date(when_new, 6, 1)) for o in b.offices), new


def test_kb_identity_merge_keeps_one_datasets_namesakes_apart():
    def rec(name, qid, start, end, dataset, key):
        return dict(name=name, states={"ZZ"}, qid=qid, aliases_en={"George Test"}, dataset=dataset, source=key,
                    offices=[BUILD.office("head_of_state", "ZZ", start, end)])
    # two persons of one dataset sharing a name ("George Test"), labelled apart as the build does
    out = BUILD.merge([rec("George H. Test", None, "1989-01-20", "1993-01-20", "congress", "a"),
                       rec("George W. Test", "Q1", "2001-01-20", "2009-01-20", "congress", "b"),
                       # the son's term again from another dataset, a day later: the same person
                       rec("G.W. Test", None, "2001-01-21", "2009-01-20", "archigos", "c"),
                       # the father again, his term clipped to 1990 (Archigos)
                       rec("G.H. Test", None, "1990-01-01", "1993-01-20", "archigos", "d")],
                      BUILD.Translit())
    assert sorted(len(p["offices"]) for p in out) == [1, 1]
    son = next(p for p in out if p["qid"] == "Q1")
    assert "G.W. Test" in son["aliases"]["en"] and son["source"] == "b; c"
    father = next(p for p in out if p["qid"] is None)
    assert father["source"] == "a; d"


def test_kb_identity_merge_joins_records_with_one_wikidata_id():
    def rec(name, dataset, role):
        return dict(name=name, states={"ZZ"}, qid="Q42", aliases_en=set(), dataset=dataset, source=dataset,
                    offices=[BUILD.office(role, "ZZ", "2010-01-01", "2012-01-01")])
    out = BUILD.merge([rec("Jane Example", "everypolitician", "foreign_minister"),
                       rec("Jane Q. Example", "congress", "legislator")], BUILD.Translit())
    assert len(out) == 1 and {o["role"] for o in out[0]["offices"]} == {"foreign_minister", "legislator"}
    assert fold("Jane Q. Example") in {fold(a) for a in out[0]["aliases"]["en"]}
