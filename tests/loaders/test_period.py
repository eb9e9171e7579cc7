"""Period inference for undated articles: from the persons named together and the years mentioned."""
from __future__ import annotations

from datetime import date

from geokg.loaders.kb import load_kb
from geokg.loaders.period import infer_period, years_in_text

KB = load_kb()


def iris(*names: str):
    return [KB.resolve(n).iri for n in names]


def test_period_persons_named_together_give_their_common_term():
    p = infer_period([], iris("Tony Blair", "Jacques Chirac", "Gerhard Schröder"), KB)
    assert (p.start, p.end, p.basis) == (date(1998, 10, 27), date(2005, 11, 22), "persons")


def test_period_one_person_out_of_place_does_not_empty_the_range():
    p = infer_period([], iris("Tony Blair", "Jacques Chirac", "Gerhard Schröder", "Keir Starmer"), KB)
    assert (p.start, p.end) == (date(1998, 10, 27), date(2005, 11, 22))


def test_period_years_narrow_the_persons_range():
    p = infer_period([2003], iris("Tony Blair", "Jacques Chirac"), KB)
    assert (p.start, p.end, p.basis) == (date(2002, 1, 1), date(2004, 12, 31), "persons+years")


def test_period_years_alone_give_a_window_around_the_latest():
    p = infer_period([1991, 1995], [], KB, today=date(2026, 1, 1))
    assert (p.start, p.end, p.basis) == (date(1994, 1, 1), date(1996, 12, 31), "years")


def test_period_nothing_to_date_the_article_gives_none_not_today():
    assert infer_period([], [], KB) is None


def test_period_roles_resolve_to_the_holders_of_the_period():
    p = infer_period(years_in_text("Talks resumed in 2004 after the 2003 war."), iris("Jacques Chirac"), KB)
    uk = KB.by_iso2["GB"].iri
    assert KB.holder("head_of_government", uk, p.when).label_en == "Tony Blair"
    assert KB.holder("foreign_minister", uk, p.when).label_en == "Jack Straw"


def test_period_years_in_text_reads_four_digit_years_only():
    assert years_in_text("Im Jahr 2015 kamen 1.200 Menschen; 1999 und 20150 nicht, 3,2015 auch nicht.") == [2015, 1999]
