"""Explicit dates in a sentence ("am 24. Februar 2022", "on 24 February", "in October 2022").

Month names come from CLDR through babel, in German and English. A date
without a year takes the document's year.

>>> find_date("Am 24. Februar 2022 griff Russland die Ukraine an.", "de")
'2022-02-24'
>>> find_date("Talks began on October 12 in Astana.", "en", default_year=2022)
'2022-10-12'
>>> find_date("In March 2014 Russia annexed Crimea.", "en")
'2014-03'
>>> find_date("No date here.", "en") is None
True
"""
from __future__ import annotations

import json
import re
from datetime import date
from functools import cache

from geokg.cache import cached_bytes

__all__ = ["find_date"]


@cache
def _months(lang: str) -> dict[str, int]:
    """Month names (lower case) -> month number, from the user cache (babel's locale data takes 0.1-0.4 s)."""
    import babel

    payload = cached_bytes(f"months-{lang}-babel{babel.__version__}-1.json",
                           lambda: json.dumps(_cldr_months(lang), ensure_ascii=False).encode("utf-8"))
    return {k: int(v) for k, v in json.loads(payload).items()}


def _cldr_months(lang: str) -> dict[str, int]:
    from babel import Locale

    loc = Locale(lang)
    out: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for ctx in ("format", "stand-alone"):
            for n, name in loc.months[ctx][width].items():
                out[name.lower().rstrip(".")] = n
    if lang == "de":
        out["jänner"] = 1
        out["sept"] = 9
    return out


@cache
def _patterns(lang: str) -> list[tuple[re.Pattern, tuple[str, ...]]]:
    # English month names only capitalised ("May", not the verb "may"); German any case
    names = "|".join(sorted((re.escape(m.capitalize() if lang == "en" else m) for m in _months(lang)),
                            key=len, reverse=True))
    m = rf"(?P<month>{names})\.?"
    y = r"(?P<year>(?:19|20)\d{2})"
    d = r"(?P<day>[0-3]?\d)"
    if lang == "de":
        pats = [rf"\b{d}\.\s*{m}(?:\s+{y})?\b", rf"\b(?:im|Im|Anfang|Ende|Mitte)\s+{m}\s+{y}\b"]
    else:
        pats = [rf"\b{d}(?:st|nd|rd|th)?\s+{m}(?:,?\s+{y})?\b", rf"\b{m}\s+{d}(?:st|nd|rd|th)?(?:,\s+{y})?\b",
                rf"\b(?:in|In|early|late|mid-)\s*{m}\s+{y}\b"]
    flags = re.IGNORECASE if lang == "de" else 0
    return [(re.compile(p, flags), ()) for p in pats]


def find_date(sentence: str, lang: str, default_year: int | None = None) -> str | None:
    """The first explicit date in ``sentence`` as ``YYYY-MM-DD`` or ``YYYY-MM``, or None."""
    months = _months(lang)
    for pat, _ in _patterns(lang):
        m = pat.search(sentence)
        if not m:
            continue
        month = months.get(m.group("month").lower().rstrip("."))
        year = m.groupdict().get("year")
        year = int(year) if year else default_year
        if month is None or year is None:
            continue
        day = m.groupdict().get("day")
        if day:
            try:
                return date(year, month, int(day)).isoformat()
            except ValueError:
                continue
        return f"{year:04d}-{month:02d}"
    return None
