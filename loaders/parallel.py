"""Extraction as a pure function, and running it on several cores or a Dask cluster.

Extracting an article needs nothing but the article: :func:`extract_nquads`
takes a :class:`~geokg.loaders.documents.SourceText` and returns the N-Quads of the
document's named graph (the graph name is the document IRI, the same triples
:func:`geokg.loaders.claims.extraction_triples` gives). That makes it safe to run
anywhere: in worker processes of this machine (:func:`extract_many` with
``workers > 1``) or on the workers of a Dask cluster (:func:`extract_dask`).
Either way the results come back in document order, so a store written from
them equals the store a serial ingest writes.

>>> from geokg.loaders.documents import SourceText
>>> src = SourceText(key="example", text="Russland greift die Ukraine an.", language="de")
>>> b"<https://w3id.org/geokg/id/doc/example> ." in extract_nquads(src)
True
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
from collections import deque
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from geokg.errors import InputError, UnsupportedLanguage
from geokg.loaders.articles import extract
from geokg.loaders.claims import Document, Extraction, extraction_triples
from geokg.loaders.documents import SourceText
from geokg.loaders.language import SUPPORTED, detect
from geokg.loaders.parse import prepare
from geokg.ontology import GKGR

__all__ = ["ExtractedDoc", "extract_nquads", "extract_document", "extract_batch", "extract_many",
           "extract_dask", "extract_source", "triples_to_nquads", "claims_to_nquads", "nquads_to_ntriples", "DEFAULT_CHUNK"]

log = logging.getLogger(__name__)

#: Documents per task sent to a worker (a process of the pool, or a Dask task).
DEFAULT_CHUNK = 8


@dataclass(frozen=True)
class ExtractedDoc:
    """One document's extraction result: its graph IRI, its N-Quads, and what to report.

    ``skipped`` holds the reason when the document was not extracted (empty,
    unsupported language); ``failed`` the error when its extraction broke
    (an internal error, named with the document's origin); ``nquads`` is
    then empty.
    """

    graph: str
    nquads: bytes
    claims: int
    origin: str
    skipped: str | None = None
    failed: str | None = None


# ---------------------------------------------------------------------- serialisation
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NAMED: dict[str, ox.NamedNode] = {}


def failure(origin: str, exc: BaseException) -> str:
    """One line for a document whose extraction broke: ``"a.txt: internal error (KeyError: 'x')"``."""
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return f"{origin}: internal error ({type(exc).__name__}{': ' + detail if detail else ''})"


def _named(iri: str) -> ox.NamedNode:
    node = _NAMED.get(iri)
    if node is None:
        if len(_NAMED) > 200_000:  # bounded: document and claim IRIs never repeat
            _NAMED.clear()
        node = _NAMED[iri] = ox.NamedNode(iri)
    return node


def _term(t):
    if isinstance(t, URIRef):
        return _named(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype is None or str(t.datatype) == _XSD_STRING:
            return ox.Literal(str(t))
        return ox.Literal(str(t), datatype=_named(str(t.datatype)))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    raise TypeError(f"cannot write {t!r} as RDF")


def triples_to_nquads(graph: str, triples: Iterable[tuple]) -> bytes:
    """N-Quads of ``triples`` in the named graph ``graph`` (Oxigraph's serializer: always valid N-Quads)."""
    g = _named(graph)
    quads = [ox.Quad(_term(s), _term(p), _term(o), g) for s, p, o in triples]
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def claims_to_nquads(claims: Sequence, document: str, graph: str) -> bytes:
    """N-Quads of ``claims`` (and their extractors) in ``graph``: the quads :func:`extraction_triples` gives them.

    Builds Oxigraph terms directly instead of going through rdflib's: about
    four times faster, which is what a table of a million claims spends its
    time on. ``tests/loaders/test_curated.py`` checks the two ways agree.
    """
    from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

    from geokg.loaders.claims import date_literal, decimal_literal
    from geokg.ontology import GKG, GKGR
    from geokg.ontology.vocab import relation

    n = _named
    g, doc = n(graph), n(document)
    a, subj, pred, obj = n(str(RDF.type)), n(str(RDF.subject)), n(str(RDF.predicate)), n(str(RDF.object))
    claim_cls, derived, generated = n(str(GKG.Claim)), n(str(PROV.wasDerivedFrom)), n(str(PROV.wasGeneratedBy))
    evidence, negated, confidence = n(str(GKG.evidence)), n(str(GKG.negated)), n(str(GKG.confidence))
    char_start, char_end, attributed = n(str(GKG.charStart)), n(str(GKG.charEnd)), n(str(GKG.attributedTo))
    modality, date_p = n(str(GKG.modality)), n(str(DCTERMS.date))
    integer, boolean = n(str(XSD.integer)), n(str(XSD.boolean))
    true, false = ox.Literal("true", datatype=boolean), ox.Literal("false", datatype=boolean)
    dates: dict[str, Any] = {}
    confs: dict[float, Any] = {}
    rels: dict[str, Any] = {}
    extractors: dict[str, Any] = {}
    quads = []
    add = quads.append
    for c in claims:
        rel = rels.get(c.relation)
        if rel is None:
            rel = rels[c.relation] = n(str(relation(c.relation).iri))
        node = n(str(c.iri(URIRef(document))))
        s, o = _term(c.subject), _term(c.obj)
        add(ox.Quad(node, a, claim_cls, g))
        add(ox.Quad(node, subj, s, g))
        add(ox.Quad(node, pred, rel, g))
        add(ox.Quad(node, obj, o, g))
        add(ox.Quad(node, derived, _term(c.source) if c.source is not None else doc, g))
        add(ox.Quad(node, evidence, ox.Literal(c.evidence), g))
        if c.char_start is not None:
            add(ox.Quad(node, char_start, ox.Literal(str(int(c.char_start)), datatype=integer), g))
        if c.char_end is not None:
            add(ox.Quad(node, char_end, ox.Literal(str(int(c.char_end)), datatype=integer), g))
        add(ox.Quad(node, negated, true if c.negated else false, g))
        if c.attributed_to is not None:
            add(ox.Quad(node, attributed, _term(c.attributed_to), g))
        if c.modality:
            add(ox.Quad(node, modality, ox.Literal(c.modality), g))
        conf = confs.get(c.confidence)
        if conf is None:
            conf = confs[c.confidence] = _term(decimal_literal(c.confidence))
        add(ox.Quad(node, confidence, conf, g))
        ex = extractors.get(c.extractor)
        if ex is None:
            ex = extractors[c.extractor] = n(str(GKGR["extractor/" + c.extractor]))
        add(ox.Quad(node, generated, ex, g))
        if c.date:
            when = dates.get(c.date)
            if when is None:
                lit = date_literal(c.date)
                when = dates[c.date] = _term(lit) if lit is not None else False
            if when is not False:
                add(ox.Quad(node, date_p, when, g))
        for es, ep, eo in c.extra:
            add(ox.Quad(node if es is None else _term(es), _term(ep), _term(eo), g))
        if not c.negated:
            add(ox.Quad(s, rel, o, g))
    label, extractor_cls = n(str(RDFS.label)), n(str(GKG.Extractor))
    for name, ex in sorted(extractors.items()):
        add(ox.Quad(ex, a, extractor_cls, g))
        add(ox.Quad(ex, label, ox.Literal(name), g))
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def nquads_to_ntriples(graph: str, nquads: bytes) -> bytes:
    """The same statements without their graph name (every line ends in `` <graph> .``).

    N-Quads escape line breaks inside literals, so `` <graph> .\\n`` can only be
    the end of a line: the replacement is exact.
    """
    return nquads.replace(f" <{graph}> .\n".encode(), b" .\n")


# ---------------------------------------------------------------------- the pure function
def extract_source(src: SourceText, language: str | None = None) -> Extraction:
    """Extract one article (a pure function: text and metadata in, claims out)."""
    lang = language or src.language or detect(src.text)
    if lang not in SUPPORTED:
        raise UnsupportedLanguage(f"{src.origin}: language {lang or 'unknown'} is not supported (German and English only)")
    prepare(lang)  # a parser process (geokg.loaders.parse.parser_process) loads this language's model meanwhile
    doc = Document(iri=GKGR["doc/" + src.key], title=src.title, url=src.url, published=src.published,
                   language=lang, outlet=src.outlet)
    return extract(doc, src.text, lang)


def extract_document(src: SourceText, language: str | None = None) -> ExtractedDoc:
    """Extract one article into its N-Quads (a pure function; safe in any process).

    Empty articles and unsupported languages come back with ``skipped`` set,
    as a serial ingest skips them.
    """
    graph = str(GKGR["doc/" + src.key])
    if not src.text.strip():
        return ExtractedDoc(graph, b"", 0, src.origin, skipped=f"{src.origin}: empty")
    try:
        ext = extract_source(src, language)
    except UnsupportedLanguage as exc:
        return ExtractedDoc(graph, b"", 0, src.origin, skipped=str(exc))
    except Exception as exc:  # one article's bug never sinks the batch (nor the worker process)
        log.debug("the error in %s", src.origin, exc_info=True)
        return ExtractedDoc(graph, b"", 0, src.origin, failed=failure(src.origin, exc))
    return ExtractedDoc(str(ext.document.iri), triples_to_nquads(str(ext.document.iri), extraction_triples(ext)),
                        len(ext.claims), src.origin)


def extract_nquads(src: SourceText, language: str | None = None) -> bytes:
    """The N-Quads of one article's named graph (graph name: the document IRI).

    Raises
    ------
    UnsupportedLanguage
        The article is not German or English.
    InputError
        The article is empty.
    """
    doc = extract_document(src, language)
    if doc.failed:
        raise RuntimeError(doc.failed)
    if doc.skipped:
        if "language" in doc.skipped:
            raise UnsupportedLanguage(doc.skipped)
        raise InputError(doc.skipped)
    return doc.nquads


def extract_batch(sources: Sequence[SourceText], language: str | None = None) -> list[ExtractedDoc]:
    """:func:`extract_document` over a few documents (one task of a pool or a cluster)."""
    return [extract_document(s, language) for s in sources]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# ---------------------------------------------------------------------- one machine: processes
def _warm_up() -> None:  # pragma: no cover - runs in the worker processes
    """Load lexicons, gazetteer and language models once per worker, before the first task."""
    extract_document(SourceText(key="warm-up", text="Russland greift die Ukraine an.", language="de"))
    extract_document(SourceText(key="warm-up", text="Russia attacks Ukraine.", language="en"))


class ExtractionPool:
    """A pool of ``workers`` processes for :func:`extract_batch`, reused across calls; close it when done.

    The start method is ``spawn`` by default (``GEOKG_MP_START`` may say
    ``fork`` or ``forkserver``): forking a process that holds an open store
    with its background threads is not safe.
    """

    def __init__(self, workers: int, start_method: str | None = None):
        if workers < 2:
            raise ValueError("a pool needs at least 2 workers; use serial extraction for 0 or 1")
        method = start_method or os.environ.get("GEOKG_MP_START") or "spawn"
        self.workers = workers
        self._pool = mp.get_context(method).Pool(workers, initializer=_warm_up)

    def imap(self, sources: Iterable[SourceText], language: str | None = None,
             chunk: int = DEFAULT_CHUNK) -> Iterator[ExtractedDoc]:
        """Extract ``sources`` on the pool; results in the order of ``sources``."""
        import functools

        fn = functools.partial(extract_batch, language=language)
        for batch in self._pool.imap(fn, _chunks(sources, chunk)):
            yield from batch

    def close(self) -> None:
        self._pool.close()
        self._pool.join()

    def terminate(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> "ExtractionPool":
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()


def extract_many(sources: Iterable[SourceText], language: str | None = None, workers: int = 0,
                 chunk: int = DEFAULT_CHUNK) -> Iterator[ExtractedDoc]:
    """Extract ``sources`` serially (``workers`` 0 or 1) or on a pool of processes; in order."""
    if workers <= 1:
        for src in sources:
            yield extract_document(src, language)
        return
    with ExtractionPool(workers) as pool:
        yield from pool.imap(sources, language, chunk)


# ---------------------------------------------------------------------- past one machine: Dask
def dask_client(address: Any):
    """A ``dask.distributed.Client`` for a scheduler address (or the client/cluster itself)."""
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - depends on the environment
        raise InputError("--dask needs dask.distributed: pip install 'geokg[scale]'") from None
    if isinstance(address, Client):
        return address, False
    target = getattr(address, "scheduler_address", address)
    try:
        return Client(target, set_as_default=False), True  # timeout: distributed.comm.timeouts.connect
    except (OSError, TimeoutError) as exc:
        raise InputError(f"cannot reach the Dask scheduler at {target}: {exc}") from None


def extract_dask(sources: Iterable[SourceText], client, language: str | None = None,
                 chunk: int = DEFAULT_CHUNK, window: int | None = None) -> Iterator[ExtractedDoc]:
    """Extract ``sources`` on a Dask cluster: tasks of ``chunk`` documents, results in order.

    At most ``window`` tasks are in flight (default: four per worker thread),
    so a corpus larger than memory streams through. The workers need geokg
    installed (the same version as here).
    """
    if window is None:
        threads = sum((client.nthreads() or {"": 1}).values())
        window = max(4, 4 * threads)
    pending: deque = deque()
    for batch in _chunks(sources, chunk):
        pending.append(client.submit(extract_batch, batch, language, pure=False))
        if len(pending) >= window:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()
