"""A per-user cache of data geokg compiles from its sources: the knowledge base index, lemma tables.

The sources (the YAML and CSV of ``ontology/kb/``, simplemma's dictionaries) stay
what people edit; parsing them costs seconds, so the parsed form is kept in
``$GEOKG_CACHE_DIR`` (default: the platform's user cache folder, e.g.
``~/.cache/geokg``) under a name that carries a hash of everything it was built
from. A changed source gets a new name, so a stale entry is never read.

Each entry is written through a temporary file and a rename (never half
written) and carries a SHA-256 of its payload: a damaged entry is rebuilt, never
trusted. A cache folder that cannot be written only costs speed.

>>> import tempfile, os
>>> os.environ["GEOKG_CACHE_DIR"] = tempfile.mkdtemp()
>>> cached_bytes("demo-1.bin", lambda: b"built")
b'built'
>>> EVENTS["demo-1.bin"]
'built'
>>> cached_bytes("demo-1.bin", lambda: b"never called")
b'built'
>>> EVENTS["demo-1.bin"]
'hit'
>>> del os.environ["GEOKG_CACHE_DIR"]
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterable

__all__ = ["cache_dir", "cached_bytes", "cached_dir", "read_entry", "write_entry", "source_key", "prune", "EVENTS",
           "CACHE_ENV"]

log = logging.getLogger(__name__)

#: The environment variable that moves the cache (tests point it at a temporary folder).
CACHE_ENV = "GEOKG_CACHE_DIR"

#: What the last access to each entry did: "hit", "built" or "rebuilt" (after a damaged entry).
EVENTS: dict[str, str] = {}

_MAGIC = b"GEOKG-CACHE-1\n"


def cache_dir() -> Path:
    """The cache folder: ``$GEOKG_CACHE_DIR``, else the platform's user cache folder for geokg."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    try:
        from platformdirs import user_cache_dir
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(base) / "geokg"
    return Path(user_cache_dir("geokg", appauthor=False))


def source_key(parts: Iterable[bytes]) -> str:
    """A short hash of the sources an entry is built from, with geokg's and Python's versions."""
    from geokg import __version__

    h = hashlib.sha256()
    h.update(f"{__version__}|{sys.version_info[0]}.{sys.version_info[1]}|".encode())
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:24]


def read_entry(name: str) -> bytes | None:
    """The payload of a cache entry, or None when it is missing or damaged (a damaged one is removed)."""
    path = cache_dir() / name
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 32
    if data[: len(_MAGIC)] == _MAGIC and len(data) >= head:
        payload = data[head:]
        if hashlib.sha256(payload).digest() == data[len(_MAGIC):head]:
            return payload
    log.warning("cache entry %s is damaged; rebuilding it", path)
    EVENTS[name] = "damaged"
    try:
        path.unlink()
    except OSError:
        pass
    return None


def write_entry(name: str, payload: bytes) -> Path | None:
    """Write a cache entry atomically; None (and a log line) when the cache folder is not writable."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=str(folder))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_MAGIC)
                fh.write(hashlib.sha256(payload).digest())
                fh.write(payload)
            os.replace(tmp, folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("cannot write the cache entry %s in %s: %s", name, folder, exc)
        return None
    return folder / name


def cached_bytes(name: str, build: Callable[[], bytes]) -> bytes:
    """The entry ``name``, built by ``build()`` and stored when it is missing or damaged."""
    payload = read_entry(name)
    if payload is not None:
        EVENTS[name] = "hit"
        try:
            os.utime(cache_dir() / name)  # most recently used: kept by prune()
        except OSError:
            pass
        return payload
    damaged = EVENTS.get(name) == "damaged"
    payload = build()
    if write_entry(name, payload) is not None:
        prune(name.split("-", 1)[0] + "-", name.rsplit(".", 1)[-1])
    EVENTS[name] = "rebuilt" if damaged else "built"
    log.info("built cache entry %s (%d bytes)", name, len(payload))
    return payload


#: The file that marks a folder entry as complete (it is written last, before the rename).
_DONE = "COMPLETE"


def cached_dir(name: str, build: Callable[[Path], None]) -> Path | None:
    """The folder entry ``name`` (its ``data`` subfolder), built by ``build(folder)`` when missing.

    ``build`` fills an empty folder inside a temporary one; a marker file is written
    and the temporary folder renamed into place, so an entry is never seen half
    built (two processes that build it at once keep the first). Returns None when
    the cache folder cannot be written: the caller then does without.
    """
    folder = cache_dir()
    path = folder / name
    if (path / _DONE).is_file():
        EVENTS[name] = "hit"
        try:
            os.utime(path)
        except OSError:
            pass
        return path / "data"
    damaged = path.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", dir=str(folder)))
    except OSError as exc:
        log.warning("cannot write the cache entry %s in %s: %s", name, folder, exc)
        return None
    try:
        (tmp / "data").mkdir()
        build(tmp / "data")
        (tmp / _DONE).write_bytes(b"")
        if damaged:
            shutil.rmtree(path, ignore_errors=True)
        os.rename(tmp, path)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if (path / _DONE).is_file():  # another process was first
            return path / "data"
        log.warning("cannot write the cache entry %s in %s: %s", name, folder, exc)
        return None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    EVENTS[name] = "rebuilt" if damaged else "built"
    prune(name.split("-", 1)[0] + "-", name.rsplit(".", 1)[-1], keep=KEEP_DIRS)
    log.info("built cache folder %s", path)
    return path / "data"


#: How many entries of one kind (e.g. knowledge base indexes) are kept: several checkouts or
#: versions of the knowledge base can share one cache without rebuilding each other's entries.
KEEP = 8
#: Folder entries (template stores) are larger: fewer are kept.
KEEP_DIRS = 3


def prune(prefix: str, suffix: str, keep: int = KEEP) -> list[Path]:
    """Remove all but the ``keep`` most recently used entries named ``PREFIX*.SUFFIX``; returns the removed."""
    folder = cache_dir()
    try:
        entries = sorted(folder.glob(f"{prefix}*.{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return []
    removed = []
    for path in entries[keep:]:
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed
