"""Reading article files: plain text, Markdown, saved HTML, JSON Lines, RSS/Atom, folders.

Each input becomes one or more :class:`SourceText` (the text plus its
metadata). A sidecar ``NAME.json`` next to a file supplies metadata
(``title``, ``url``, ``published``, ``language``, ``source``), as in ``seeds/``.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_text("Russia attacks Ukraine\\n\\nRussian troops crossed the border.", encoding="utf-8")
>>> [(s.title, s.text) for s in read_path(p)]
[('Russia attacks Ukraine', 'Russian troops crossed the border.')]
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from geokg.errors import InputError
from geokg.loaders.claims import date_literal

__all__ = ["SourceText", "read_path", "iter_sources", "ARTICLE_SUFFIXES"]

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".rss", ".atom", ".xml"}
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class SourceText:
    """An article's text and metadata, with a stable key for its document IRI."""

    key: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    outlet: str | None = None
    origin: str = ""


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path} is {len(data) // (1024 * 1024)} MB; articles over {MAX_BYTES // (1024 * 1024)} MB are refused")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path} is a binary file, not a text article")
    for enc in ("utf-8-sig",):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{path} is neither UTF-8 nor Latin-1 (cp1252) text") from None
    log.warning("%s is not UTF-8; read it as Latin-1 (cp1252)", path)
    return text


def _sidecar(path: Path) -> dict:
    side = path.with_suffix(".json")
    if side == path or not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"metadata file {side} is not valid JSON: {exc}") from None
    return meta if isinstance(meta, dict) else {}


def _key(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def _looks_like_title(line: str, rest: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) <= 160 and not line.endswith((".", ":", ",", ";")) and bool(rest.strip())


def _from_meta(meta: dict, **kw) -> dict:
    out = dict(kw)
    for field, names in {"title": ("title",), "url": ("url", "link"), "published": ("published", "date"),
                         "language": ("language", "lang"), "outlet": ("source", "outlet")}.items():
        for n in names:
            if meta.get(n):
                out[field] = str(meta[n])
                break
    if out.get("published"):
        out["published"] = _published(out["published"], out.get("origin", ""))
    return out


def _published(value: str, origin: str) -> str | None:
    """A publication date as YYYY[-MM[-DD]]; nonsense or a future date is dropped with a warning."""
    from datetime import date as _date

    v = value.strip()
    if date_literal(v) is None:
        m = re.match(r"(\d{4}-\d{2}-\d{2})[T ]", v)
        v = m.group(1) if m else v
    if date_literal(v) is None:
        log.warning("%s: publication date %r is not a date; left out", origin, value)
        return None
    if v[:10] > _date.today().isoformat()[: len(v[:10])]:
        log.warning("%s: publication date %s is in the future; left out", origin, value)
        return None
    return v


def _plain(path: Path, markdown: bool) -> Iterator[SourceText]:
    text = _read_text(path)
    meta = _sidecar(path)
    title = None
    if markdown:
        m = re.match(r"\s*#\s+(.+)\n", text)
        if m:
            title, text = m.group(1).strip(), text[m.end():]
        text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
        text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
        text = re.sub(r"[*_`]{1,3}([^*_`]+)[*_`]{1,3}", r"\1", text)
    elif "title" not in meta:
        first, _, rest = text.lstrip().partition("\n")
        if _looks_like_title(first, rest):
            title, text = first.strip(), rest.lstrip("\n")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", path.stem).strip("-").lower() or "doc"
    base = dict(key=f"{stem}-{_key(str(path.resolve()))}", text=text.strip(), title=title, origin=str(path))
    yield SourceText(**_from_meta(meta, **base))


def _html(path: Path) -> Iterator[SourceText]:
    import trafilatura

    raw = _read_text(path)
    text = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_precision=True)
    meta_obj = trafilatura.extract_metadata(raw)
    if not text:
        raise InputError(f"{path}: no article text found in the HTML")
    meta = {}
    if meta_obj is not None:
        meta = {"title": meta_obj.title, "url": meta_obj.url, "published": meta_obj.date,
                "source": meta_obj.sitename}
    meta.update(_sidecar(path))
    stem = re.sub(r"[^A-Za-z0-9]+", "-", path.stem).strip("-").lower() or "doc"
    yield SourceText(**_from_meta(meta, key=f"{stem}-{_key(str(path.resolve()))}", text=text, origin=str(path)))


def _jsonl(path: Path) -> Iterator[SourceText]:
    text = _read_text(path)
    stem = re.sub(r"[^A-Za-z0-9]+", "-", path.stem).strip("-").lower() or "doc"
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict) or not str(obj.get("text") or "").strip():
            raise InputError(f"{path}:{n}: each line needs a non-empty \"text\" field")
        key = obj.get("url") or f"{path.resolve()}#{n}"
        yield SourceText(**_from_meta(obj, key=f"{stem}-{n}-{_key(str(key))}", text=str(obj["text"]).strip(),
                                      origin=f"{path}:{n}"))


def _feed(path: Path) -> Iterator[SourceText]:
    import feedparser

    raw = _read_text(path)
    feed = feedparser.parse(raw)
    if feed.bozo and not feed.entries:
        raise InputError(f"{path}: not a readable RSS or Atom feed")
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        body = ""
        if entry.get("content"):
            body = entry["content"][0].get("value", "")
        body = body or entry.get("summary", "")
        body = re.sub(r"<[^>]+>", " ", body)
        body = re.sub(r"\s+", " ", body).strip()
        if not body:
            continue
        published = None
        if entry.get("published_parsed"):
            p = entry["published_parsed"]
            published = f"{p.tm_year:04d}-{p.tm_mon:02d}-{p.tm_mday:02d}"
        link = entry.get("link")
        yield SourceText(key=f"feed-{_key(link or f'{path.resolve()}#{n}')}", text=body,
                         title=entry.get("title"), url=link, published=published,
                         language=(feed.feed.get("language") or "")[:2] or None, outlet=outlet,
                         origin=f"{path}#{n}")


def read_path(path: Path) -> Iterator[SourceText]:
    """The articles in one file, by its suffix."""
    suffix = path.suffix.lower()
    if suffix in (".txt", ".text"):
        yield from _plain(path, markdown=False)
    elif suffix in (".md", ".markdown"):
        yield from _plain(path, markdown=True)
    elif suffix in (".html", ".htm"):
        yield from _html(path)
    elif suffix == ".jsonl":
        yield from _jsonl(path)
    elif suffix in (".rss", ".atom", ".xml"):
        yield from _feed(path)
    else:
        raise InputError(f"{path}: unknown file type {suffix or '(none)'}; "
                         f"articles are {', '.join(sorted(ARTICLE_SUFFIXES))}")


def iter_sources(paths: list[Path]) -> list[Path]:
    """Expand folders into the article files they hold (sidecar .json files are metadata, not articles)."""
    files: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"no such file or folder: {p}")
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES and not f.name.startswith("."):
                    files.append(f)
        else:
            files.append(p)
    return files
