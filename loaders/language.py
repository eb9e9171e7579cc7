"""Offline language detection restricted to the languages geokg reads (German, English).

lingua's detector, limited to German and English plus a few neighbours so
that a French or Spanish article is recognised as such and skipped rather
than read as German or English.

>>> detect("Tokajew empfängt Erdoğan in Astana und spricht über den Krieg.")
'de'
>>> detect("The president met the prime minister in Ankara on Tuesday.")
'en'
"""
from __future__ import annotations

from functools import cache

__all__ = ["detect", "SUPPORTED"]

SUPPORTED = ("de", "en")


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    langs = [Language.GERMAN, Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.ITALIAN,
             Language.DUTCH, Language.RUSSIAN, Language.TURKISH, Language.POLISH, Language.PORTUGUESE]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of the text's language (``"de"``, ``"en"``, ``"fr"``…), or None if unsure."""
    sample = text[:5000]
    if not sample.strip():
        return None
    lang = _detector().detect_language_of(sample)
    if lang is None:
        return None
    return lang.iso_code_639_1.name.lower()
