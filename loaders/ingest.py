"""Ingest: files and folders -> documents -> claims -> the store, one named graph per document.

This is what ``geokg ingest`` runs. The format of each file comes from its
suffix (or ``fmt``): articles (``.txt``, ``.md``, ``.html``, ``.jsonl``, feeds),
curated claim tables (``.csv``, ``.tsv``, ``.yaml``), RDF (``.ttl``, ``.trig``,
``.nt``, ``.nq``, ``.jsonld``) and GDELT event exports (``--format gdelt``, or
files named ``*.export.CSV[.zip]``). Every document is read completely first and
then written in one transaction, so a failure never leaves half a document.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InputError, UnsupportedLanguage
from loaders.articles import extract
from loaders.claims import Document, Extraction, extraction_triples
from loaders.curated import CURATED_SUFFIXES, read_curated
from loaders.documents import ARTICLE_SUFFIXES, SourceText, read_path
from loaders.language import SUPPORTED, detect
from loaders.rdf import RDF_FORMATS, read_rdf
from ontology import GKGR

__all__ = ["IngestReport", "ingest_paths", "extract_source", "FORMATS", "format_of"]

log = logging.getLogger(__name__)

FORMATS = ("auto", "article", "curated", "rdf", "gdelt")


@dataclass
class IngestReport:
    """What an ingest did: documents and claims written, documents skipped (with the reason), notes."""

    documents: int = 0
    claims: int = 0
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def extract_source(src: SourceText, language: str | None = None) -> Extraction:
    """Extract one article (a pure function: text and metadata in, claims out)."""
    lang = language or src.language or detect(src.text)
    if lang not in SUPPORTED:
        raise UnsupportedLanguage(f"{src.origin}: language {lang or 'unknown'} is not supported (German and English only)")
    doc = Document(iri=GKGR["doc/" + src.key], title=src.title, url=src.url, published=src.published,
                   language=lang, outlet=src.outlet)
    return extract(doc, src.text, lang)


def format_of(path: Path, fmt: str = "auto") -> str:
    """The loader for a file: the given format, or the one its name says."""
    if fmt != "auto":
        return fmt
    name = path.name.lower()
    if name.endswith((".export.csv", ".export.csv.zip", ".csv.zip")):
        return "gdelt"
    suffix = path.suffix.lower()
    if suffix in CURATED_SUFFIXES:
        return "curated"
    if suffix in RDF_FORMATS:
        return "rdf"
    if suffix in ARTICLE_SUFFIXES:
        return "article"
    raise InputError(f"{path}: unknown file type {suffix or '(none)'}; articles are "
                     f"{', '.join(sorted(ARTICLE_SUFFIXES))}, curated tables {', '.join(sorted(CURATED_SUFFIXES))}, "
                     f"RDF {', '.join(sorted(RDF_FORMATS))}; GDELT needs --format gdelt")


def _expand(paths: list[Path], fmt: str) -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"no such file or folder: {p}")
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or f.name.startswith("."):
                    continue
                if f.suffix.lower() == ".json" and any(f.with_suffix(s).exists() for s in ARTICLE_SUFFIXES):
                    continue  # a sidecar: metadata of an article next to it
                try:
                    files.append((f, format_of(f, fmt)))
                except InputError:
                    log.info("%s: not a file geokg reads; left alone", f)
        else:
            files.append((p, format_of(p, fmt)))
    return files


def ingest_paths(kg, paths: list[Path], fmt: str = "auto", language: str | None = None,
                 progress: bool = False, create_actors: bool = False, graph: str | None = None,
                 validate: bool = False, gdelt: dict[str, Any] | None = None) -> IngestReport:
    """Ingest every file under ``paths`` into ``kg``.

    Files are checked (existence, type) before anything is written; each
    document is then written in one transaction. Documents in unsupported
    languages and empty ones are skipped with a warning.
    """
    files = _expand(paths, fmt)
    if not files:
        raise InputError("no files geokg reads in " + ", ".join(map(str, paths)))
    if graph and len(files) > 1:
        raise InputError("--graph names one graph: give a single RDF file")
    kg.ensure_background()
    report = IngestReport()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", desc="ingest")
    try:
        for path, kind in files:
            if kind == "article":
                _articles(kg, path, language, report)
            elif kind == "curated":
                ext = read_curated(path, resolve=kg.actor, create_actors=create_actors)
                _write(kg, ext, report)
            elif kind == "rdf":
                _rdf(kg, path, graph, validate, report)
            elif kind == "gdelt":
                _gdelt(kg, path, gdelt or {}, report)
            else:  # pragma: no cover - format_of only returns the kinds above
                raise InputError(f"unknown format {kind}")
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return report


def _write(kg, ext: Extraction, report: IngestReport) -> None:
    kg.replace_graph(ext.document.iri, extraction_triples(ext))
    report.documents += 1
    report.claims += len(ext.claims)


def _articles(kg, path: Path, language: str | None, report: IngestReport) -> None:
    for src in read_path(path):
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
        _write(kg, ext, report)


def _rdf(kg, path: Path, graph: str | None, validate: bool, report: IngestReport) -> None:
    name, triples = read_rdf(path, graph)
    if validate:
        from rdflib import Graph

        from graph.validation import validate_graph

        g = Graph()
        for t in triples:
            g.add(t)
        conforms, text = validate_graph(g)
        if not conforms:
            raise InputError(f"{path} does not conform to the shapes; nothing was loaded:\n{text}")
    kg.replace_graph(name, triples)
    report.documents += 1
    report.notes.append(f"{path}: {len(triples)} triples into graph <{name}>")


def _gdelt(kg, path: Path, options: dict[str, Any], report: IngestReport) -> None:
    from loaders.gdelt import read_gdelt

    load = read_gdelt(path, **options)
    for ext in load.extractions:
        _write(kg, ext, report)
    report.notes.append(f"{path}: {load.summary()}")
    for problem in load.problems:
        report.notes.append(f"  {path}: {problem}")
