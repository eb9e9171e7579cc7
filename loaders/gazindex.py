"""The gazetteer compiled once per knowledge base: token-key sequences -> candidates, from the user cache.

:func:`geokg.loaders.lexicon.load_gazetteer` builds the gazetteer from the knowledge
base on every run (27,000 names, adjectives and capitals folded into token keys: 0.6-1.2 s
of CPU, a third of one article's ingest). :func:`compiled_gazetteer` keeps the result in
the user cache (:mod:`geokg.cache`) as a pickle named after the knowledge base's key and
the source of the code that builds it, so a changed name list or builder gives a new
entry and a stale one is never read.

The compiled gazetteer also indexes each entry's first token key with the lengths of the
entries that start with it (:attr:`GazIndex.starts`). The matcher in
``loaders/articles.py`` used to build a key tuple for every length from the longest name
down to one at every token; :meth:`GazIndex.candidates` tries only the lengths some entry
of that first key has, longest first, so the matches are the same.

>>> gaz = compiled_gazetteer("de")
>>> [(n, sorted({e.cls for e in es})) for n, es in gaz.candidates(["die", "europaische", "union"], 1)]
[(2, ['InternationalOrganization']), (1, ['Region'])]
>>> list(gaz.candidates(["die", "europaische", "union"], 0))
[]
"""
from __future__ import annotations

import logging
import pickle
from functools import cache
from pathlib import Path
from typing import Sequence

from geokg.cache import cached_bytes, source_key, write_entry
from geokg.loaders import lexicon, name_variants
from geokg.loaders.kb import kb_key, load_kb
from geokg.loaders.lexicon import GazEntry, Gazetteer
from geokg.ontology import data_file

__all__ = ["GazIndex", "compiled_gazetteer", "build_gazetteer", "build_index", "canonical"]

log = logging.getLogger(__name__)


class GazIndex:
    """A gazetteer whose entries are decoded on demand, grouped by their first token key.

    It answers what :class:`~geokg.loaders.lexicon.Gazetteer` answers (``lookup``,
    ``max_len``, ``entries``) and :meth:`candidates`. Loading it unpickles one small
    blob per first key (not 26,000 entries); a group is decoded the first time a
    token with its key is looked up, and kept.
    """

    def __init__(self, max_len: int, starts: dict[str, tuple[int, ...]], blobs: dict[str, bytes]):
        self.max_len = max_len
        #: first token key -> the lengths of the entries it starts, longest first
        self.starts = starts
        self._blobs = blobs
        self._groups: dict[str, dict[tuple[str, ...], list[GazEntry]]] = {}

    def __reduce__(self):
        return (GazIndex, (self.max_len, self.starts, self._blobs))

    def _group(self, first: str) -> dict[tuple[str, ...], list[GazEntry]]:
        group = self._groups.get(first)
        if group is None:
            blob = self._blobs.get(first)
            group = self._groups[first] = pickle.loads(blob) if blob is not None else {}
        return group

    def lookup(self, key: tuple[str, ...]) -> list[GazEntry]:
        """The entries a token-key sequence spells (an empty list when none)."""
        return self._group(key[0]).get(key, []) if key else []

    @property
    def entries(self) -> dict[tuple[str, ...], list[GazEntry]]:
        """Every entry (decodes all groups: for inspection, not for the matcher)."""
        out: dict[tuple[str, ...], list[GazEntry]] = {}
        for first in self._blobs:
            out.update(self._group(first))
        return out

    def candidates(self, tokens: Sequence, i: int) -> list[tuple[int, list[GazEntry]]]:
        """``(length, entries)`` of every entry the keys of ``tokens[i:i + length]`` spell, longest first.

        ``tokens`` are :class:`~geokg.loaders.text.Token` (anything with a ``key``) or plain keys.
        Most tokens start no entry: for them this is one dictionary look-up.
        """
        tok = tokens[i]
        first = tok if tok.__class__ is str else tok.key
        lengths = self.starts.get(first)
        if lengths is None:
            return []
        group = self._group(first)
        room = len(tokens) - i
        out = []
        for length in lengths:
            if length <= room:
                span = tokens[i:i + length]
                entries = group.get(tuple(span) if tok.__class__ is str else tuple(t.key for t in span))
                if entries:
                    out.append((length, entries))
        return out


#: The order in which the gazetteer's builder adds an actor's entries of each kind.
_KIND_ORDER = {"name": 0, "adj": 1, "people": 2, "seat": 3, "capital": 4}


def canonical(entries: list[GazEntry]) -> list[GazEntry]:
    """One token sequence's entries in a fixed order: actors as the builder met them, then by kind, then the rest.

    :func:`~geokg.loaders.lexicon.load_gazetteer` adds an actor's names from a set, so
    two entries of one actor (``"Balkans"`` as a name and as a genitive; ``"SPÖ"`` and
    ``"SPO"`` as exact forms) come in an order that changes with Python's hash seed.
    The matcher takes the first entry that fits, so the compiled gazetteer puts them in
    one order, the same in every process and on every machine. Entries of different
    actors and of different kinds keep the builder's order.
    """
    first: dict[object, int] = {}
    for e in entries:
        first.setdefault(e.iri, len(first))
    return sorted(entries, key=lambda e: (first[e.iri], _KIND_ORDER.get(e.kind, 9), e.genitive,
                                          e.exact or "", str(e.place or "")))


def build_index(gaz: Gazetteer) -> GazIndex:
    """The :class:`GazIndex` of a gazetteer: the same entries (:func:`canonical` order), grouped by first key."""
    groups: dict[str, dict[tuple[str, ...], list[GazEntry]]] = {}
    for k, entries in gaz.entries.items():
        groups.setdefault(k[0], {})[k] = canonical(entries)
    starts = {first: tuple(sorted({len(k) for k in g}, reverse=True)) for first, g in groups.items()}
    blobs = {first: pickle.dumps(g, protocol=pickle.HIGHEST_PROTOCOL) for first, g in groups.items()}
    return GazIndex(gaz.max_len, starts, blobs)


def _key(lang: str) -> str:
    code = b"".join(Path(m.__file__).read_bytes() for m in (lexicon, name_variants)) + Path(__file__).read_bytes()
    rules = data_file("kb", name_variants.RULES_FILE).read_bytes()
    return source_key([kb_key().encode(), code, rules, lang.encode()])


def build_gazetteer(lang: str) -> Gazetteer:
    """The gazetteer of :func:`~geokg.loaders.lexicon.load_gazetteer` with the names' spelling
    variants (:mod:`geokg.loaders.name_variants`: "Schroeder", "Walesa") where their keys are free."""
    base = lexicon.load_gazetteer(lang)  # cached and shared: copied, not changed
    gaz = Gazetteer(dict(base.entries), base.max_len)
    name_variants.add_variants(gaz, load_kb())
    return gaz


@cache
def compiled_gazetteer(lang: str) -> GazIndex:
    """The gazetteer for ``lang`` with its index, from the user cache (built and stored when missing)."""
    name = f"gaz-{lang}-{_key(lang)}.pickle"

    def build() -> bytes:
        return pickle.dumps(build_index(build_gazetteer(lang)), protocol=pickle.HIGHEST_PROTOCOL)

    payload = cached_bytes(name, build)
    try:
        gaz = pickle.loads(payload)
        if isinstance(gaz, GazIndex):
            return gaz
        raise TypeError(f"not a GazIndex: {type(gaz).__name__}")
    except Exception as exc:  # an entry another version of the code wrote: rebuild it
        log.warning("cache entry %s does not load (%s); rebuilding it", name, exc)
        gaz = build_index(build_gazetteer(lang))
        write_entry(name, pickle.dumps(gaz, protocol=pickle.HIGHEST_PROTOCOL))
        return gaz
