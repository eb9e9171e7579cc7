"""Bulk loading: many documents' N-Quads into a store at once, replacing their graphs.

:func:`bulk_load` takes ``(graph IRI, N-Quads)`` pairs (what
:func:`geokg.loaders.parallel.extract_nquads` and the ingest workers produce) and
writes them in large batches:

- embedded Oxigraph store: the documents' graphs that exist are dropped,
  then the batch goes through ``pyoxigraph.Store.bulk_load`` (it writes
  sorted files straight into RocksDB, several times faster than inserts);
- SPARQL server: the graphs are dropped with one
  SPARQL update per batch, then the batch is sent with the Graph Store
  Protocol (HTTP ``POST`` of ``application/n-quads`` to the server's store URL:
  ``GEOKG_GSP_URL``, else the query URL with ``/query`` or ``/sparql`` replaced
  by ``/store``, which is where ``oxigraph serve`` answers);
- memory store: plain adds.

Not transactional
-----------------
A bulk load is not one transaction, and neither is each batch: the
documents' old graphs are dropped first, then their new content is written.
If the process dies in the middle (killed, out of disk), documents of the
unfinished batch may be missing or partly loaded, while earlier batches are
complete. Running the same ingest again repairs it, because loading a
document replaces its graph. The default ingest (one transaction per
document) never leaves half a document; use the bulk path for large corpora.

>>> from geokg.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> g = "https://w3id.org/geokg/id/doc/x"
>>> nq = f'<{g}> <http://purl.org/dc/terms/title> "X" <{g}> .\\n'.encode()
>>> bulk_load(kg, [(g, nq)]).quads
1
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Iterable

from geokg.errors import StoreError
from geokg.graph.backends import gsp_url as _gsp_url

__all__ = ["bulk_load", "write_document", "BulkLoader", "BulkReport", "gsp_url", "BATCH_BYTES", "NOT_TRANSACTIONAL"]

log = logging.getLogger(__name__)

#: N-Quads bytes per batch (the memory a batch costs is about this much plus the loader's buffers).
BATCH_BYTES = 64 * 1024 * 1024

NOT_TRANSACTIONAL = ("A bulk load is not transactional: if it stops in the middle, documents of the "
                     "last batch may be missing or partly loaded; run the same ingest again to repair.")


@dataclass
class BulkReport:
    """What a bulk load wrote: documents (graphs), quads (lines of N-Quads), batches, seconds."""

    documents: int = 0
    quads: int = 0
    batches: int = 0
    seconds: float = 0.0


def gsp_url(kg) -> str:
    """The Graph Store Protocol URL of a SPARQL store: ``GEOKG_GSP_URL``, else ``…/store`` beside ``…/query``."""
    return _gsp_url(kg.location)


class BulkLoader:
    """Collects documents and writes them in batches of about ``batch_bytes``; call :meth:`flush` at the end.

    Used as a context manager it flushes on a normal exit and drops the
    unwritten batch when an exception leaves the block.
    """

    def __init__(self, kg, batch_bytes: int = BATCH_BYTES):
        if kg.backend.closed:
            raise StoreError("the store is closed")
        self.kg = kg
        self.batch_bytes = batch_bytes
        self.report = BulkReport()
        self._batch: dict[str, bytes] = {}
        self._size = 0

    def add(self, graph: str, nquads: bytes) -> None:
        """Queue one document; a graph queued twice keeps its last content (as a serial ingest does)."""
        if graph in self._batch:
            self._size -= len(self._batch[graph])
        self._batch[graph] = nquads
        self._size += len(nquads)
        if self._size >= self.batch_bytes:
            self.flush()

    def flush(self) -> None:
        """Write the queued documents now."""
        if not self._batch:
            return
        batch, self._batch, self._size = self._batch, {}, 0
        t0 = time.perf_counter()
        self.kg.load_batch(batch)
        self.report.seconds += time.perf_counter() - t0
        self.report.batches += 1
        self.report.documents += len(batch)
        self.report.quads += sum(d.count(b"\n") for d in batch.values())

    def __enter__(self) -> "BulkLoader":
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.flush()
        else:
            self._batch, self._size = {}, 0


def bulk_load(kg, docs: Iterable[tuple[str, bytes]], batch_bytes: int = BATCH_BYTES) -> BulkReport:
    """Load documents (``(graph IRI, N-Quads bytes)`` pairs) into ``kg``, replacing their graphs.

    Every quad of a document must be in its own graph (as extraction writes
    them). Not transactional: see the module documentation.

    Raises
    ------
    StoreError
        The store rejected the data (a syntax error names the batch's first document) or
        the server could not be reached.
    """
    with BulkLoader(kg, batch_bytes) as loader:
        for graph, data in docs:
            loader.add(graph, data)
    return loader.report


def write_document(kg, graph: str, nquads: bytes) -> None:
    """Replace one document's graph with ``nquads`` in one transaction (the default ingest's write).

    Every line of ``nquads`` must end in the graph ``graph``; an embedded or
    remote store gets one SPARQL update (``DROP`` then ``INSERT DATA``), a memory
    store the parsed triples.
    """
    kg.write_document(graph, nquads)
