"""Lemmas from simplemma that start in milliseconds: its dictionaries as SQLite tables in the user cache.

simplemma keeps each language's dictionary lzma-compressed and decodes all of it
(1.1 million German entries) on the first look-up: 2-4 s before the first
lemma. Here the dictionary of a language is decoded once, the first time it is
needed, into an SQLite table in :func:`geokg.cache.cache_dir` (about 40 MB for
German), and later processes look words up in it directly (one indexed read per
new word; :func:`geokg.loaders.text` caches the lemmas per word). simplemma's
rules and strategies are used unchanged, so the lemmas are the same.

When the cache folder cannot be written, simplemma's own in-memory dictionaries
are used.

>>> lemmatize("Gesprächen", "de")
'Gespräch'
"""
from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.metadata import version
from pathlib import Path

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DEFAULT_DICTIONARY_FACTORY
from simplemma.strategies.dictionaries.dictionary_factory import CachingDictionaryFactory, DecodedStrMapping

from geokg.cache import EVENTS, cache_dir

__all__ = ["lemmatize", "lemma_table"]

log = logging.getLogger(__name__)

_FORMAT = 1


class _SqliteMap(DecodedStrMapping):
    """One language's dictionary as a read-only view of an SQLite table (reopened after a fork)."""

    __slots__ = ("_path", "_con", "_pid")

    def __init__(self, path: Path) -> None:
        self._path = path
        self._con: sqlite3.Connection | None = None
        self._pid = -1

    def _db(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():
            self._con = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._con

    def _lookup(self, key: str) -> str | None:
        row = self._db().execute("SELECT v FROM lemma WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def __iter__(self) -> Iterator[str]:
        return (k for (k,) in self._db().execute("SELECT k FROM lemma"))

    def __len__(self) -> int:
        return self._db().execute("SELECT COUNT(*) FROM lemma").fetchone()[0]


def _complete(path: Path) -> bool:
    """Whether ``path`` is a finished table of this format (a damaged or partial file is not)."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            con.execute("SELECT v FROM lemma LIMIT 1").fetchall()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == str(_FORMAT)


def _build(lang: str, path: Path) -> None:
    """Decode simplemma's dictionary for ``lang`` into a new SQLite file, renamed into place when done."""
    source: Mapping[str, str] = DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("CREATE TABLE lemma (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
        con.executemany("INSERT INTO lemma VALUES (?, ?)", ((k, source[k]) for k in source))
        con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        con.execute("INSERT INTO meta VALUES ('format', ?)", (str(_FORMAT),))
        con.commit()
        con.close()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def lemma_table(lang: str) -> Path | None:
    """The SQLite table of ``lang``'s dictionary, built when missing or damaged; None if it cannot be."""
    folder = cache_dir()
    path = folder / f"lemmas-{lang}-simplemma{version('simplemma')}-{_FORMAT}.sqlite"
    if _complete(path):
        EVENTS[path.name] = "hit"
        return path
    existed = path.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _build(lang, path)  # replaces a damaged file by renaming over it
    except (OSError, sqlite3.Error) as exc:
        log.warning("cannot write the lemma table %s (%s); using simplemma's in-memory dictionary", path, exc)
        return None
    EVENTS[path.name] = "rebuilt" if existed else "built"
    log.info("built lemma table %s", path)
    return path


class _CachedTables(CachingDictionaryFactory):
    """simplemma's dictionary factory over :func:`lemma_table` (its in-memory one as a fallback)."""

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        path = lemma_table(lang)
        return _SqliteMap(path) if path is not None else DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang)


@cache
def _lemmatizer() -> Lemmatizer:
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_CachedTables()))


def lemmatize(word: str, lang: str) -> str:
    """simplemma's lemma of ``word`` in ``lang`` (``"de"``, ``"en"``), from the cached tables."""
    return _lemmatizer().lemmatize(word, lang)
