"""The period of an article without a publication date, from its years and its people.

An undated article must never resolve "the prime minister" to today's holder. Its
period is inferred from what it says: the years it mentions and the persons it names
together, with their office terms from the knowledge base (Blair with Chirac and
Schröder: 1998-10-27 to 2005-11-22). Roles then resolve to the holders of that
period (``KnowledgeBase.holder(role, of, period.when)``).

>>> from geokg.loaders.kb import load_kb
>>> kb = load_kb()
>>> names = ["Tony Blair", "Jacques Chirac", "Gerhard Schröder"]
>>> p = infer_period([], [kb.resolve(n).iri for n in names], kb)
>>> p.start.isoformat(), p.end.isoformat()
('1998-10-27', '2005-11-22')
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

from rdflib import URIRef

from geokg.loaders.kb import KnowledgeBase, load_kb

log = logging.getLogger(__name__)

__all__ = ["Period", "infer_period", "years_in_text"]

_YEAR = re.compile(r"(?<![\d.,/-])(19[5-9]\d|20\d\d)(?![\d.,/-]?\d)")


@dataclass(frozen=True)
class Period:
    """A date range an undated article most likely falls in, and why."""

    start: date
    end: date
    basis: str  # "persons+years", "persons" or "years"

    @property
    def when(self) -> date:
        """One date to resolve roles on: the middle of the range."""
        return date.fromordinal((self.start.toordinal() + self.end.toordinal()) // 2)


def years_in_text(text: str) -> list[int]:
    """Four-digit years (1950-2099) written in ``text``, in order ("1998", "in 2004")."""
    return [int(y) for y in _YEAR.findall(text)]


def _span(kb: KnowledgeBase, person: URIRef, today: date) -> tuple[date, date] | None:
    actor = kb.actors.get(person)
    if actor is None or not actor.offices:
        return None
    starts = [o.start for o in actor.offices if o.start]
    if not starts:
        return None
    ends = [o.end or today for o in actor.offices]
    return min(starts), max(ends)


def _best_overlap(spans: list[tuple[date, date]]) -> tuple[date, date, int]:
    """The range covered by the most spans at once (ties: the latest), and how many cover it."""
    points = sorted({s for s, _ in spans} | {e for _, e in spans})
    best: tuple[int, date, date] | None = None
    for p in points:
        cover = [(s, e) for s, e in spans if s <= p <= e]
        lo, hi = max(s for s, _ in cover), min(e for _, e in cover)
        if best is None or len(cover) > best[0] or (len(cover) == best[0] and lo >= best[1]):
            best = (len(cover), lo, hi)
    assert best is not None
    return best[1], best[2], best[0]


def infer_period(years: Iterable[int], persons: Iterable[URIRef], kb: KnowledgeBase | None = None,
                 today: date | None = None) -> Period | None:
    """The likely period of an undated article, or None when nothing dates it.

    ``years``: the years the text mentions (:func:`years_in_text`); ``persons``: the
    IRIs of the persons recognised in it. Each person contributes the span of their
    offices in the knowledge base (first start to last end; an open term ends
    ``today``). The range covered by the most persons at once is kept, so one person
    out of place does not empty it. The years narrow it: an article most often
    mentions its own year, the year before or the next one, so the latest year
    mentioned +-1 is intersected with the persons' range when they overlap. Without
    persons, that year window is the period. Never returns "today" for lack of data.
    """
    kb = kb or load_kb()
    today = today or date.today()
    spans = [s for p in dict.fromkeys(persons) if (s := _span(kb, p, today))]
    ys = sorted(y for y in years if 1900 < y <= today.year + 5)
    window = (date(ys[-1] - 1, 1, 1), date(ys[-1] + 1, 12, 31)) if ys else None
    if spans:
        lo, hi, _n = _best_overlap(spans)
        if window and window[0] <= hi and lo <= window[1]:
            return Period(max(lo, window[0]), min(hi, window[1]), "persons+years")
        return Period(lo, hi, "persons")
    if window:
        return Period(window[0], min(window[1], today), "years")
    return None
