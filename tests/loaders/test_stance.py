"""Aims of appeals read by aims.english_aim for the stance rules (docs/stance.md): what the relation
cases cannot show, since they compare an aim by its main label only."""
from __future__ import annotations

from geokg.loaders.aims import Span, advocacy_object, english_aim
from geokg.loaders.lexicon import load_lexicon
from geokg.loaders.text import split

EN = load_lexicon("en")


def _aim(text: str, trigger: str, spans: list[Span]):
    toks = split(text, "en")[0].tokens
    idx = [next(t.i for t in toks if t.text == trigger)]
    return english_aim(toks, idx, EN, spans)


def test_english_aim_dash_apposition_is_another_name() -> None:
    p = _aim("Merkel wants other EU states to meet her target for defence - spending 2% of national income.",
             "wants", [Span(0, 1, "Angela Merkel", True, "Person")])
    assert p is not None
    assert "spending 2% of national income" in p.alts


def test_english_aim_addressee_list_is_skipped() -> None:
    p = _aim("Scholz urged France and Italy to rebuild their alliance.", "urged",
             [Span(0, 1, "Olaf Scholz", True, "Person"), Span(2, 3, "France", True, "State"),
              Span(4, 5, "Italy", True, "State")])
    assert p is not None and p.label == "rebuilding of alliance"


def test_english_aim_relayed_appeal_marks_its_start() -> None:
    p = _aim("Oxfam wants Britain to press the United States to cut its emissions.", "wants",
             [Span(0, 1, "Oxfam", True, "Organization"), Span(2, 3, "United Kingdom", True, "State"),
              Span(6, 8, "United States", True, "State")])
    assert p is not None and p.label == "cuts in emissions" and p.relayed is not None


def test_english_aim_modal_reproach_is_no_aim() -> None:
    assert _aim("Starmer said the government should have acted sooner.", "should",
                [Span(0, 1, "Keir Starmer", True, "Person")]) is None


def test_advocacy_object_names_plans_not_actors() -> None:
    assert advocacy_object("peace plan") and advocacy_object("Iran deal")
    assert not advocacy_object("Vuk Jeremic")
