"""Ingest: files and folders -> documents -> claims -> the store, one named graph per document.

This is what ``geokg ingest`` runs. Every document is extracted first and then
written in one transaction, so a failure never leaves half a document.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import GeokgError, InputError, UnsupportedLanguage
from loaders.articles import extract
from loaders.claims import Document, Extraction, extraction_triples
from loaders.documents import SourceText, iter_sources, read_path
from loaders.language import SUPPORTED, detect
from ontology import GKGR

__all__ = ["IngestReport", "ingest_paths", "extract_source"]

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What an ingest did: documents and claims written, documents skipped (with the reason)."""

    documents: int = 0
    claims: int = 0
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)


def extract_source(src: SourceText, language: str | None = None) -> Extraction:
    """Extract one article (a pure function: text and metadata in, claims out)."""
    lang = language or src.language or detect(src.text)
    if lang not in SUPPORTED:
        raise UnsupportedLanguage(f"{src.origin}: language {lang or 'unknown'} is not supported (German and English only)")
    doc = Document(iri=GKGR["doc/" + src.key], title=src.title, url=src.url, published=src.published,
                   language=lang, outlet=src.outlet)
    return extract(doc, src.text, lang)


def ingest_paths(kg, paths: list[Path], language: str | None = None, progress: bool = False) -> IngestReport:
    """Ingest every article under ``paths`` into ``kg``.

    Documents in unsupported languages and unreadable entries of a feed are
    skipped with a warning; a missing path or unknown file type is an error
    raised before anything is written.
    """
    files = iter_sources(paths)
    for f in files:  # fail before writing anything on a file type we cannot read
        if f.suffix.lower() not in {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".jsonl", ".rss", ".atom", ".xml"}:
            read_path(f)
    if not files:
        raise InputError("no article files found in " + ", ".join(map(str, paths)))
    kg.ensure_background()
    report = IngestReport()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", desc="ingest")
    try:
        for f in files:
            for src in read_path(f):
                if not src.text.strip():
                    report.skipped += 1
                    report.reasons.append(f"{src.origin}: empty")
                    log.warning("%s: empty document skipped", src.origin)
                    continue
                try:
                    ext = extract_source(src, language)
                except UnsupportedLanguage as exc:
                    report.skipped += 1
                    report.reasons.append(str(exc))
                    log.warning("%s; skipped", exc)
                    continue
                kg.replace_graph(ext.document.iri, extraction_triples(ext))
                report.documents += 1
                report.claims += len(ext.claims)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return report


_ = GeokgError
