"""Ingest: files and folders -> documents -> claims -> the store, one named graph per document.

This is what ``geokg ingest`` runs. The format of each file comes from its
suffix (or ``fmt``): articles (``.txt``, ``.md``, ``.html``, ``.jsonl``, feeds),
curated claim tables (``.csv``, ``.tsv``, ``.yaml``), RDF (``.ttl``, ``.trig``,
``.nt``, ``.nq``, ``.jsonld``) and GDELT event exports (``--format gdelt``, or
files named ``*.export.CSV[.zip]``). Every document is read completely first and
then written in one transaction, so a failure never leaves half a document.

One bad article never sinks a batch: an internal error while extracting an
article is reported with the article's name (:attr:`IngestReport.failures`)
and the other articles are loaded. GDELT files are streamed, one small graph
per event, 1,000 events to a transaction. A curated table of more than 2,000
rows is written from N-Quads chunks straight into the store, through the
bulk loader past 50,000 rows.

For large corpora, ``workers`` extracts articles on several processes,
``dask`` on a Dask cluster (:mod:`geokg.loaders.parallel`), and ``bulk`` writes
through the store's bulk loader (:mod:`geokg.graph.bulk`, not transactional); the
graph is the same as from a serial ingest.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from geokg.errors import InputError, UnsupportedLanguage
from geokg.loaders.claims import Extraction, extraction_triples
from geokg.loaders.curated import CURATED_SUFFIXES, StoreNames, read_curated
from geokg.loaders.documents import ARTICLE_SUFFIXES, read_path
from geokg.loaders.gdelt import GdeltLoad, iter_gdelt
from geokg.loaders.parse import parser_process
from geokg.loaders.parallel import (DEFAULT_CHUNK, ExtractionPool, claims_to_nquads, dask_client, extract_dask,
                                    extract_source, failure, nquads_to_ntriples, triples_to_nquads)
from geokg.loaders.rdf import RDF_FORMATS, read_rdf, read_rdf_graphs
from geokg.ontology import GRAPH_KB, GRAPH_ONTOLOGY, GRAPH_SNAPSHOT
from geokg.ontology.shapes import validate_graph
from geokg.ontology.terms import plain_literal

__all__ = ["IngestReport", "ingest_paths", "extract_source", "FORMATS", "format_of"]  # extract_source lives in parallel

log = logging.getLogger(__name__)

FORMATS = ("auto", "article", "curated", "rdf", "gdelt")
_GDELT_GROUP = 1000  # GDELT events (one small graph each) per transaction


@dataclass
class IngestReport:
    """What an ingest did: documents and claims written, documents skipped (with the reason), notes.

    ``failed`` counts the documents whose extraction broke with an internal
    error (a bug, not the user's mistake); ``failures`` names each one with
    its error. The other documents are loaded all the same; ``geokg ingest``
    then exits with 1.
    """

    documents: int = 0
    claims: int = 0
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    failed: int = 0
    failures: list[str] = field(default_factory=list)


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
                 validate: bool = False, gdelt: dict[str, Any] | None = None, workers: int = 0,
                 bulk: bool = False, dask: Any = None, chunk: int | None = None) -> IngestReport:
    """Ingest every file under ``paths`` into ``kg``.

    Files are checked (existence, type) before anything is written; each
    document is then written in one transaction. Documents in unsupported
    languages and empty ones are skipped with a warning.

    Scale options (all give the same graph as the default serial ingest):

    ``workers``
        Extract articles on this many processes (0 or 1: in this process).
        The results are written by this process in document order. The
        processes are started with ``spawn``: a script that calls this with
        ``workers > 1`` needs the usual ``if __name__ == "__main__":`` guard.
    ``bulk``
        Write through the store's bulk loader (:mod:`geokg.graph.bulk`) in large
        batches instead of one transaction per document: several times
        faster for large corpora, but not transactional (a crash in the
        middle can leave the last batch's documents missing or partial;
        ingesting again repairs it).
    ``dask``
        A ``dask.distributed`` scheduler address (or ``Client``): articles are
        extracted on that cluster and bulk-loaded here (implies ``bulk``).
    """
    files = _expand(paths, fmt)
    if not files:
        raise InputError("no files geokg reads in " + ", ".join(map(str, paths)))
    if graph and len(files) > 1:
        raise InputError("--graph names one graph: give a single RDF file")
    if workers < 0:
        raise InputError("--workers takes 0 or more")
    if workers > 1 and dask is not None:
        raise InputError("--workers and --dask exclude each other: the Dask cluster has its own workers")
    bulk = bulk or dask is not None
    # articles extracted here: the parser process of `geokg ingest` (parse.start_process) parses them; else it ends
    serial_articles = workers <= 1 and dask is None and any(kind == "article" for _, kind in files)
    with parser_process(enabled=serial_articles):
        return _ingest_files(kg, files, language, progress, create_actors, graph, validate, gdelt, workers,
                             bulk, dask, chunk)


def _ingest_files(kg, files: list[tuple[Path, str]], language: str | None, progress: bool, create_actors: bool,
                  graph: str | None, validate: bool, gdelt: dict[str, Any] | None, workers: int, bulk: bool,
                  dask: Any, chunk: int | None) -> IngestReport:
    kg.ensure_background()
    report = IngestReport()
    writer = _BulkWriter(kg, report, progress) if bulk else _Writer(kg, report, progress)
    extractor = _Extractor(workers, dask, chunk or DEFAULT_CHUNK)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", desc="ingest")
    ok = False
    try:
        i = 0
        while i < len(files):
            path, kind = files[i]
            if kind == "article" and extractor.parallel:
                j = i
                while j < len(files) and files[j][1] == "article":
                    j += 1
                extractor.run([f for f, _ in files[i:j]], language, writer, bar)
                i = j
                continue
            if kind == "article":
                _articles(writer, path, language, report)
            elif kind == "curated":
                writer.flush()  # actor names resolve against the store: earlier documents first
                writer.extraction(read_curated(path, resolve=StoreNames(kg), create_actors=create_actors,
                                               progress=progress))
            elif kind == "rdf":
                _rdf(writer, path, graph, validate, report)
            elif kind == "gdelt":
                _gdelt(writer, path, gdelt or {}, report)
            else:  # pragma: no cover - format_of only returns the kinds above
                raise InputError(f"unknown format {kind}")
            if bar is not None:
                bar.update(1)
            i += 1
        writer.flush()
        ok = True
    finally:
        extractor.close(ok)
        if bar is not None:
            bar.close()
    if bulk:
        report.notes.append(f"bulk-loaded {writer.loader.report.documents} document(s), "
                            f"{writer.loader.report.quads} quads in {writer.loader.report.batches} batch(es)")
    return report


#: A document with more claims than this (a curated table) is written in chunks straight into the store (_write_large).
LARGE_DOCUMENT = 2_000
#: ... and with more than this, through the store's bulk loader even without ``bulk``: ``Store.load`` (one
#: transaction) takes 400 s for 100,000 rows, ``Store.bulk_load`` 90 s. Not transactional; the ingest says so.
BULK_DOCUMENT = 50_000
_CHUNK = 5_000


def _nquads_chunks(ext: Extraction, progress: bool = False) -> Iterator[bytes]:
    """The N-Quads of a large document, ``_CHUNK`` claims at a time (the document's own triples repeat; harmless)."""
    graph = str(ext.document.iri)
    yield triples_to_nquads(graph, extraction_triples(Extraction(ext.document, [], ext.entities, ext.sources)))
    starts = range(0, len(ext.claims), _CHUNK)
    if progress:
        from tqdm import tqdm

        starts = tqdm(starts, unit="chunk", desc=f"write {len(ext.claims)} claims", leave=False)
    for i in starts:
        yield claims_to_nquads(ext.claims[i:i + _CHUNK], str(ext.document.iri), graph)


class _Writer:
    """One transaction per document (the default): a failure never leaves half a document."""

    bulk = False

    def __init__(self, kg, report: IngestReport, progress: bool = False):
        self.kg = kg
        self.report = report
        self.progress = progress

    def extraction(self, ext: Extraction) -> None:
        if len(ext.claims) > LARGE_DOCUMENT:
            self.flush()
            bulk = self.bulk or len(ext.claims) > BULK_DOCUMENT
            if bulk and not self.bulk:
                self.report.notes.append(f"{ext.document.title or ext.document.iri}: {len(ext.claims)} claims "
                                         f"bulk-loaded (not transactional: if the ingest stops during the load, "
                                         f"load the table again)")
            # N-Quads chunks straight into the store: several times faster than one SPARQL INSERT DATA
            # (16 s for the 112,000 triples of 10,000 rows, against 4.7 s)
            self.kg.write_graph_chunks(str(ext.document.iri), _nquads_chunks(ext, self.progress), bulk=bulk)
            log.info("wrote graph %s (%d claims)", ext.document.iri, len(ext.claims))
        else:
            self.triples(ext.document.iri, extraction_triples(ext))
        self.report.documents += 1
        self.report.claims += len(ext.claims)

    def triples(self, name, triples) -> None:
        # Oxigraph's serializer, several times faster than rdflib's n3() for a large table; one transaction
        nquads = triples_to_nquads(str(name), triples)
        self.kg.write_document(str(name), nquads)
        log.info("wrote graph %s (%d triples)", name, nquads.count(b"\n"))

    def extractions(self, exts: list[Extraction]) -> None:
        """Several small documents (GDELT events) in one transaction: all of them or none."""
        parts = []
        for ext in exts:
            g = str(ext.document.iri)
            body = nquads_to_ntriples(g, triples_to_nquads(g, extraction_triples(ext))).decode("utf-8")
            parts.append(f"DROP SILENT GRAPH <{g}> ;\nINSERT DATA {{ GRAPH <{g}> {{\n{body}\n}} }}")
        self.kg.update(" ;\n".join(parts))
        log.info("wrote %d graphs %s … %s", len(exts), exts[0].document.iri, exts[-1].document.iri)
        self.report.documents += len(exts)
        self.report.claims += sum(len(e.claims) for e in exts)

    def extracted(self, doc) -> None:
        """A document extracted elsewhere (:class:`geokg.loaders.parallel.ExtractedDoc`), or its reason to skip."""
        if self._skip(doc):
            return
        self.kg.write_document(doc.graph, doc.nquads)
        self.report.documents += 1
        self.report.claims += doc.claims

    def _skip(self, doc) -> bool:
        if doc.failed is not None:
            log.error("%s; the other documents are loaded", doc.failed)
            self.report.failed += 1
            self.report.failures.append(doc.failed)
            return True
        if doc.skipped is None:
            return False
        self.report.skipped += 1
        self.report.reasons.append(doc.skipped)
        log.warning("%s; skipped", doc.skipped)
        return True

    def flush(self) -> None:
        pass


class _BulkWriter(_Writer):
    """Documents queued for :class:`geokg.graph.bulk.BulkLoader` (not transactional)."""

    bulk = True

    def __init__(self, kg, report: IngestReport, progress: bool = False):
        super().__init__(kg, report, progress)
        self.loader = kg.bulk_loader()

    def triples(self, name, triples) -> None:
        self.loader.add(str(name), triples_to_nquads(str(name), triples))

    def extracted(self, doc) -> None:
        if self._skip(doc):
            return
        self.loader.add(doc.graph, doc.nquads)
        self.report.documents += 1
        self.report.claims += doc.claims

    def extractions(self, exts: list[Extraction]) -> None:
        for ext in exts:
            self.extraction(ext)

    def flush(self) -> None:
        self.loader.flush()


class _Extractor:
    """Where articles are extracted: here (serial), on a process pool, or on a Dask cluster."""

    def __init__(self, workers: int, dask: Any, chunk: int):
        self.workers, self.dask, self.chunk = workers, dask, chunk
        self.parallel = workers > 1 or dask is not None
        self._pool = None
        self._client = None
        self._own_client = False

    def run(self, paths: list[Path], language: str | None, writer: _Writer, bar) -> None:
        """Extract the articles of ``paths`` elsewhere; write them here in document order."""
        per_file: list[list] = []  # documents still expected per file, for the progress bar

        def sources():
            for path in paths:
                per_file.append([0])
                for src in read_path(path):
                    per_file[-1][0] += 1
                    yield src
                per_file[-1].append(True)  # the file is read completely

        def advance() -> None:
            while bar is not None and per_file and len(per_file[0]) == 2 and per_file[0][0] == 0:
                per_file.pop(0)
                bar.update(1)

        if self.dask is not None:
            if self._client is None:
                self._client, self._own_client = dask_client(self.dask)
            results = extract_dask(sources(), self._client, language, self.chunk)
        else:
            if self._pool is None:
                self._pool = ExtractionPool(self.workers)
            results = self._pool.imap(sources(), language, self.chunk)
        for doc in results:
            writer.extracted(doc)
            if per_file:
                per_file[0][0] -= 1
            advance()
        advance()

    def close(self, ok: bool) -> None:
        if self._pool is not None:
            self._pool.close() if ok else self._pool.terminate()
            self._pool = None
        if self._client is not None and self._own_client:
            self._client.close()
        self._client = None


def _articles(writer: _Writer, path: Path, language: str | None, report: IngestReport) -> None:
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
        except Exception as exc:  # one article's bug never sinks the batch: report it, load the others
            log.error("%s; the other documents are loaded", failure(src.origin, exc))
            log.debug("the error in %s", src.origin, exc_info=True)
            report.failed += 1
            report.failures.append(failure(src.origin, exc))
            continue
        writer.extraction(ext)


def _rdf(writer: _Writer, path: Path, graph: str | None, validate: bool, report: IngestReport) -> None:
    """An RDF file: with ``graph``, all of it into that graph; else each named graph of a quad file as
    itself (the file's default graph, and triple files, into a graph named after the file).

    The background graphs (ontology, knowledge base) a geokg export carries are merged into the
    store's own, never replace them; an export's description of itself (``graph/snapshot``) is not loaded.
    """
    graphs = [read_rdf(path, graph)] if graph else read_rdf_graphs(path)
    if validate:
        from rdflib import Graph

        g = Graph()
        for _name, triples in graphs:
            for t in triples:
                g.add(t)
        conforms, text = validate_graph(g)
        if not conforms:
            raise InputError(f"{path} does not conform to the shapes; nothing was loaded:\n{text}")
    background: list[tuple] = []
    for name, triples in graphs:
        if name == GRAPH_SNAPSHOT and not graph:
            report.notes.append(f"{path}: the export's own description (graph <{name}>) is not loaded")
            continue
        if name in (GRAPH_KB, GRAPH_ONTOLOGY) and not graph:
            background.append((name, triples))
            continue
        writer.triples(name, triples)
        report.documents += 1
        report.notes.append(f"{path}: {len(triples)} triples into graph <{name}>")
    if background:
        writer.flush()
        for name, triples in background:
            added = _merge_background(writer.kg, name, triples)
            report.notes.append(f"{path}: graph <{name}> merged into the store's: {added} triple(s) it lacked")


def _merge_background(kg, name, triples) -> int:
    """Add to a background graph the triples it lacks; returns how many.

    A graph with the same version marker (``dcterms:hasVersion``, the digest of its source files)
    as the store's is the same graph: nothing is added (its blank nodes would otherwise be copied).
    """
    from rdflib.namespace import DCTERMS

    versions = [o for s, p, o in triples if s == name and p == DCTERMS.hasVersion]
    if versions and kg.query("ASK { GRAPH ?g { ?g dcterms:hasVersion ?v } }", g=name, v=versions[0]).answer:
        return 0
    present = {(r["s"], r["p"], r["o"]) for r in kg.query(
        f"SELECT ?s ?p ?o WHERE {{ GRAPH {name.n3()} {{ ?s ?p ?o }} }}").rows}
    present = {(s, p, plain_literal(o)) for s, p, o in present}
    missing = [t for t in triples if (t[0], t[1], plain_literal(t[2])) not in present]
    for i in range(0, len(missing), 5000):
        body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in missing[i:i + 5000])
        kg.update(f"INSERT DATA {{ GRAPH {name.n3()} {{\n{body}\n}} }}")
    return len(missing)


def _gdelt(writer: _Writer, path: Path, options: dict[str, Any], report: IngestReport) -> None:
    """Stream a GDELT file: one graph per event, written in groups so memory stays flat."""
    load = GdeltLoad()
    group: list[Extraction] = []
    for ext in iter_gdelt(path, load, **options):
        group.append(ext)
        if len(group) >= _GDELT_GROUP:
            writer.extractions(group)
            group = []
    if group:
        writer.extractions(group)
    report.notes.append(f"{path}: {load.summary()}")
    for problem in load.problems:
        report.notes.append(f"  {path}: {problem}")
