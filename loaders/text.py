"""Sentences, tokens and lemmas for German and English, offline.

Sentence boundaries are those of spaCy's blank pipeline with its rule-based
sentencizer (it keeps "Dr.", "u. a.", "3. Mai" together), replayed without
importing spaCy by :mod:`geokg.loaders.segment`; tokens come from
a small regular expression that splits hyphenated compounds
("CICA-Gipfel" -> "CICA", "-", "Gipfel") and English clitics ("Russia's"
-> "Russia", "'s"), so that the gazetteer and the trigger lexicons match
on the same units; lemmas come from ``simplemma`` (its dictionaries read through
the cached tables of :mod:`geokg.loaders.lemmas`, which start in milliseconds).

>>> sents = split("Dr. Müller traf am 3. Mai Putin. Dann reiste er ab.", "de")
>>> [s.text for s in sents]
['Dr. Müller traf am 3. Mai Putin.', 'Dann reiste er ab.']
>>> [t.lemma for t in sents[1].tokens][:3]
['dann', 'reisen', 'er']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from geokg.loaders.kb import fold
from geokg.loaders.segment import segmenter

__all__ = ["Token", "Sentence", "split", "tokenize"]

_TOKEN = re.compile(r"\w+(?=n['’]t\b)|n['’]t\b|['’]s\b|\w+|[^\w\s]")
_QUOTES = "\"„“”«»‚‘’'"


@dataclass
class Token:
    """A token with its character offsets in the document, its folded form and lemma."""

    i: int
    text: str
    start: int
    end: int
    key: str
    lemma: str

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


@dataclass
class Sentence:
    """A sentence: its index, text, offsets and tokens."""

    index: int
    text: str
    start: int
    end: int
    tokens: list[Token]

    def text_of(self, start: int, end: int) -> str:
        """The sentence's own text of tokens ``start`` to ``end`` (exclusive), spacing kept."""
        return self.text[self.tokens[start].start - self.start:self.tokens[end - 1].end - self.start]


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    if not word[:1].isalpha():
        return fold(word)
    from geokg.loaders.lemmas import lemmatize

    try:
        return fold(lemmatize(word, lang))
    except ValueError:  # pragma: no cover - simplemma refuses odd input
        return fold(word)


#: (word, lang) -> (key, lemma): one dict look-up per token once a word was seen (news repeats its words).
_FORMS: dict[tuple[str, str], tuple[str, str]] = {}


def tokenize(text: str, lang: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` with offsets shifted by ``offset``."""
    out = []
    forms = _FORMS
    for i, m in enumerate(_TOKEN.finditer(text)):
        word = m.group(0)
        kl = forms.get((word, lang))
        if kl is None:
            if len(forms) > 500_000:
                forms.clear()
            kl = forms[(word, lang)] = (fold(word) or word, _lemma(word, lang))
        out.append(Token(i, word, m.start() + offset, m.end() + offset, kl[0], kl[1]))
    return out


def prewarm() -> None:
    """Kept for callers of older versions: there is nothing left to warm up in the background.

    It used to import spaCy on a thread while the store opened. Sentence splitting no
    longer imports spaCy (:mod:`geokg.loaders.segment`), and warming the splitter's
    rules on a thread only competed with the main thread for the interpreter
    (measured: 0.05 s more CPU per ingest).
    """


def _spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence character spans: paragraphs split at newlines, then by the sentencizer."""
    seg = segmenter(lang)
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        for a, b in seg.spans(para.group(0)):
            spans.append((para.start() + a, para.start() + b))
    # an opening quote left at the end of a sentence belongs to the next one
    fixed: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(spans):
        if fixed and fixed[-1][1] == -1:
            a = fixed[-1][0]
            fixed.pop()
        chunk = text[a:b].rstrip()
        if len(chunk) >= 2 and chunk[-1] in _QUOTES and chunk[-2].isspace() and k + 1 < len(spans):
            quote_at = a + len(chunk) - 1
            fixed.append((a, quote_at))
            fixed.append((quote_at, -1))
            continue
        fixed.append((a, b))
    if fixed and fixed[-1][1] == -1:
        fixed[-1] = (fixed[-1][0], len(text))
    out = []
    for a, b in fixed:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def split(text: str, lang: str) -> list[Sentence]:
    """Split a document into sentences of tokens (offsets into ``text``)."""
    sentences = []
    for a, b in _spans(text, lang):
        sentences.append(Sentence(len(sentences), text[a:b], a, b, tokenize(text[a:b], lang, a)))
    return sentences
