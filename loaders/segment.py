"""Sentence boundaries exactly as spaCy's blank pipeline and its rule-based sentencizer draw them,
without importing spaCy.

``import spacy`` costs 0.7-2 s of CPU (it pulls in thinc, pydantic, its CLI and a YAML
reader), and geokg needed spaCy only to split sentences: a blank pipeline (the
tokenizer and its language's rules) plus the ``sentencizer``. This module replays
both in plain Python:

- the tokenizer's *data* (prefix, suffix, infix and URL patterns, the special cases
  such as "Dr.", "z.B.", "a.m.") is read from spaCy once, on first use, and kept in the
  user cache (:mod:`geokg.cache`) under a name that carries spaCy's version and this
  module's source; later processes read the JSON and compile the patterns (about
  0.05-0.1 s) instead of importing spaCy;
- the tokenizer's *algorithm* is spaCy's own (``Tokenizer._tokenize_affixes``,
  ``_split_affixes``, ``_attach_tokens`` and the special-case matcher of
  ``spacy/tokenizer.pyx``, spaCy 3.x, MIT licence), ported line by line;
- the sentencizer's rule (``spacy/pipeline/sentencizer.pyx``): a sentence ends after a
  token in its punctuation set, at the first token after it that is neither such a
  token nor punctuation.

``tests/loaders/test_segment.py`` checks the spans against spaCy on every test, seed
and development text and on hard cases (abbreviations, ordinals, emoticons, URLs,
double spaces).

>>> spans("Dr. Müller traf am 3. Mai Putin. Dann reiste er ab.", "de")
[(0, 32), (33, 51)]
"""
from __future__ import annotations

import json
import logging
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable

from geokg.cache import cached_bytes, source_key

__all__ = ["Segmenter", "segmenter", "spans", "rules_from_spacy"]

log = logging.getLogger(__name__)

_PATTERNS = ("prefix_search", "suffix_search", "infix_finditer", "token_match", "url_match")


def rules_from_spacy(lang: str) -> dict:
    """The tokenizer data of ``spacy.blank(lang)`` and the sentencizer's punctuation (imports spaCy)."""
    import spacy
    from spacy.attrs import ORTH
    from spacy.pipeline.sentencizer import Sentencizer

    tok = spacy.blank(lang).tokenizer
    patterns = {}
    for name in _PATTERNS:
        fn = getattr(tok, name)
        pat = getattr(fn, "__self__", None)
        if fn is not None and not isinstance(pat, re.Pattern):
            raise ValueError(f"spaCy's {lang} tokenizer has a {name} that is not a regular expression")
        patterns[name] = None if fn is None else [pat.pattern, pat.flags]
    specials = {text: [piece.get(ORTH, piece.get("ORTH")) for piece in pieces] for text, pieces in tok.rules.items()}
    return {"lang": lang, "patterns": patterns, "specials": specials,
            "faster_heuristics": bool(tok.faster_heuristics),
            "punct_chars": sorted(Sentencizer.default_punct_chars)}


def _spacy_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("spacy")
    except PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        return "none"


def cached_rules(lang: str) -> dict:
    """:func:`rules_from_spacy`, read from the user cache (built, importing spaCy, when missing)."""
    key = source_key([_spacy_version().encode(), Path(__file__).read_bytes(), lang.encode()])
    payload = cached_bytes(f"segment-{lang}-{key}.json",
                           lambda: json.dumps(rules_from_spacy(lang), ensure_ascii=False).encode("utf-8"))
    return json.loads(payload)


_NEVER = re.compile("a^")


def _compile(entry: list | None, method: str) -> Callable | None:
    return None if entry is None else getattr(re.compile(entry[0], entry[1]), method)


class Segmenter:
    """spaCy's tokenizer and sentencizer for one language, in plain Python (see the module's text)."""

    def __init__(self, rules: dict):
        p = rules["patterns"]
        self.prefix_search = _compile(p["prefix_search"], "search")
        self.suffix_search = _compile(p["suffix_search"], "search")
        self.infix_finditer = _compile(p["infix_finditer"], "finditer")
        self.token_match = _compile(p["token_match"], "match")
        self.url_match = _compile(p["url_match"], "match")
        self.specials: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in rules["specials"].items()}
        self.punct_chars = frozenset(rules["punct_chars"])
        self._cache: dict[str, tuple[str, ...]] = {}
        # the special-case matcher: special cases that affixes would split, as the tokens they split into
        self._patterns: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for text in sorted(self.specials):
            if not rules["faster_heuristics"] or self._find_prefix(text) or self._find_suffix(text) \
                    or (self.infix_finditer and list(self.infix_finditer(text))) or " " in text:
                pattern = tuple(t for t, _ in self._tokenize_affixes(text, False))
                if pattern:
                    self._patterns.setdefault(pattern[0], []).append((pattern, text))

    # -------------------------------------------------------------- spaCy's Tokenizer
    def _find_prefix(self, s: str) -> int:
        m = self.prefix_search(s) if self.prefix_search else None
        return m.end() - m.start() if m is not None else 0

    def _find_suffix(self, s: str) -> int:
        m = self.suffix_search(s) if self.suffix_search else None
        return m.end() - m.start() if m is not None else 0

    def _tokenize_affixes(self, text: str, with_specials: bool) -> list[list]:
        """``[text, space_after]`` per token, as ``Tokenizer._tokenize_affixes``."""
        out: list[list] = []
        if not text:
            return out
        start = 0
        in_ws = text[0].isspace()
        for i, uc in enumerate(text):
            if uc.isspace() != in_ws:
                if start < i:
                    self._span(text[start:i], out, with_specials)
                if uc == " ":
                    out[-1][1] = True
                    start = i + 1
                else:
                    start = i
                in_ws = not in_ws
        if start < len(text):
            self._span(text[start:], out, with_specials)
            out[-1][1] = text[-1] == " " and not in_ws
        return out

    def _span(self, span: str, out: list[list], with_specials: bool) -> None:
        if with_specials and span in self.specials:
            out.extend([t, False] for t in self.specials[span])
            return
        key = span if with_specials else "\0" + span
        toks = self._cache.get(key)
        if toks is None:
            toks = self._tokenize(span, with_specials)
            if len(self._cache) < 200_000:
                self._cache[key] = toks
        out.extend([t, False] for t in toks)

    def _tokenize(self, span: str, with_specials: bool) -> tuple[str, ...]:
        prefixes: list[str] = []
        suffixes: list[str] = []
        string = self._split_affixes(span, prefixes, suffixes, with_specials)
        out = list(prefixes)
        if string:
            if with_specials and string in self.specials:
                out.extend(self.specials[string])
            elif (self.token_match and self.token_match(string)) or (self.url_match and self.url_match(string)):
                out.append(string)
            else:
                matches = list(self.infix_finditer(string)) if self.infix_finditer else []
                if not matches:
                    out.append(string)
                else:
                    start = 0
                    for m in matches:
                        a, b = m.start(), m.end()
                        if a == 0:
                            continue
                        if a != start:
                            out.append(string[start:a])
                        if a != b:
                            out.append(string[a:b])
                        start = b
                    if string[start:]:
                        out.append(string[start:])
        out.extend(reversed(suffixes))
        return tuple(out)

    def _split_affixes(self, string: str, prefixes: list[str], suffixes: list[str], with_specials: bool) -> str:
        specials = self.specials if with_specials else {}
        last_size = 0
        while string and len(string) != last_size:
            if self.token_match and self.token_match(string):
                break
            if string in specials:
                break
            last_size = len(string)
            pre_len = self._find_prefix(string)
            if pre_len:
                prefix, minus_pre = string[:pre_len], string[pre_len:]
                if minus_pre and minus_pre in specials:
                    prefixes.append(prefix)
                    string = minus_pre
                    break
            suf_len = self._find_suffix(string[pre_len:])
            if suf_len:
                suffix, minus_suf = string[-suf_len:], string[:-suf_len]
                if minus_suf and minus_suf in specials:
                    suffixes.append(suffix)
                    string = minus_suf
                    break
            if pre_len and suf_len and pre_len + suf_len <= len(string):
                string = string[pre_len:-suf_len]
                prefixes.append(prefix)
                suffixes.append(suffix)
            elif pre_len:
                string = minus_pre
                prefixes.append(prefix)
            elif suf_len:
                string = minus_suf
                suffixes.append(suffix)
        return string

    def _apply_special_cases(self, toks: list[list]) -> list[list]:
        """The special-case matcher: token runs that spell a special case become its tokens."""
        if not self._patterns:
            return toks
        texts = [t[0] for t in toks]
        matches = []
        for i, t in enumerate(texts):
            for pattern, special in self._patterns.get(t, ()):
                if tuple(texts[i:i + len(pattern)]) == pattern:
                    matches.append((i, i + len(pattern), special))
        if not matches:
            return toks
        # longest first, then leftmost; a match overlapping a kept one's first or last token is dropped
        matches.sort(key=lambda m: (m[1] - m[0], -m[0]))
        seen: set[int] = set()
        kept = {}
        for a, b, special in reversed(matches):
            if a not in seen and b - 1 not in seen:
                kept[a] = (b, special)
            seen.update(range(a, b))
        out: list[list] = []
        i = 0
        while i < len(toks):
            if i not in kept:
                out.append(toks[i])
                i += 1
                continue
            b, special = kept[i]
            pieces = [[p, False] for p in self.specials[special]]
            pieces[-1][1] = toks[b - 1][1]
            out.extend(pieces)
            i = b
        return out

    def tokens(self, text: str) -> list[tuple[str, int]]:
        """spaCy's tokens of ``text`` as ``(text, character offset)``, whitespace tokens included."""
        out = []
        idx = 0
        for t, space in self._apply_special_cases(self._tokenize_affixes(text, True)):
            out.append((t, idx))
            idx += len(t) + (1 if space else 0)
        return out

    # -------------------------------------------------------------- spaCy's Sentencizer
    def spans(self, text: str) -> list[tuple[int, int]]:
        """Sentence ``(start, end)`` character offsets, as ``doc.sents`` of the blank pipeline gives them."""
        toks = self.tokens(text)
        if not toks:
            return []
        starts = [0]
        seen_period = False
        for i, (t, _) in enumerate(toks):
            in_punct_chars = t in self.punct_chars
            if seen_period and not in_punct_chars and not _is_punct(t):
                starts.append(i)
                seen_period = False
            elif in_punct_chars:
                seen_period = True
        ends = starts[1:] + [len(toks)]
        return [(toks[a][1], toks[b - 1][1] + len(toks[b - 1][0])) for a, b in zip(starts, ends)]


@lru_cache(maxsize=50_000)
def _is_punct(text: str) -> bool:
    """spaCy's ``is_punct``: every character is Unicode punctuation (category P*)."""
    return all(unicodedata.category(c).startswith("P") for c in text)


@lru_cache(maxsize=4)
def segmenter(lang: str) -> Segmenter:
    """The :class:`Segmenter` for ``lang``, once per process (its rules from the user cache)."""
    return Segmenter(cached_rules(lang))


def spans(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph of ``text`` (see :meth:`Segmenter.spans`)."""
    return segmenter(lang).spans(text)
