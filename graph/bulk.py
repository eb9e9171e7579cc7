"""Bulk loading: many documents' N-Quads into a store at once, replacing their graphs.

:func:`bulk_load` takes ``(graph IRI, N-Quads)`` pairs (what
:func:`geokg.loaders.parallel.extract_nquads` and the ingest workers produce) and
writes them in large batches:

- embedded Oxigraph store: the documents' graphs that exist are dropped,
  then the batch goes through ``pyoxigraph.Store.bulk_load`` (it writes
  sorted files straight into RocksDB, several times faster than inserts);
- SPARQL server (``kind == "sparql"``): the graphs are dropped with one
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

import base64
import io
import logging
import os
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlsplit

import pyoxigraph as ox

from geokg.errors import StoreError

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
    if os.environ.get("GEOKG_GSP_URL"):
        return os.environ["GEOKG_GSP_URL"]
    url = kg.location.rstrip("/")
    for tail in ("/query", "/sparql"):
        if url.endswith(tail):
            return url[: -len(tail)] + "/store"
    raise StoreError(f"cannot tell the Graph Store Protocol URL of {kg.location}; set GEOKG_GSP_URL")


class BulkLoader:
    """Collects documents and writes them in batches of about ``batch_bytes``; call :meth:`flush` at the end.

    Used as a context manager it flushes on a normal exit and drops the
    unwritten batch when an exception leaves the block.
    """

    def __init__(self, kg, batch_bytes: int = BATCH_BYTES):
        if kg.kind not in ("memory", "sparql") and getattr(kg, "_ox", None) is None:
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
        if self.kg.kind == "memory":
            _load_memory(self.kg, batch)
        elif self.kg.kind == "sparql":
            _load_remote(self.kg, batch)
        else:
            _load_embedded(self.kg, batch)
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
    if kg.kind == "memory":
        _load_memory(kg, {graph: nquads})
        return
    from geokg.loaders.parallel import nquads_to_ntriples

    body = nquads_to_ntriples(graph, nquads).decode("utf-8")
    kg.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")


def _load_embedded(kg, batch: dict[str, bytes]) -> None:
    store: ox.Store = kg._ox
    if store is None:
        raise StoreError("the store is closed")
    for graph in batch:
        node = ox.NamedNode(graph)
        if store.contains_named_graph(node):
            store.remove_graph(node)
    try:
        store.bulk_load(input=_Joined(batch.values()), format=ox.RdfFormat.N_QUADS)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"bulk load failed in the batch starting with <{next(iter(batch))}>: "
                         f"{str(exc).splitlines()[0]}") from None


def _load_memory(kg, batch: dict[str, bytes]) -> None:
    from rdflib import URIRef

    for graph, data in batch.items():
        kg.dataset.remove_graph(URIRef(graph))
    data = b"".join(batch.values())
    if data:
        try:
            kg.dataset.parse(data=data, format="nquads")
        except Exception as exc:  # rdflib parsers raise several types
            raise StoreError(f"bulk load failed: {str(exc).splitlines()[0]}") from None


def _load_remote(kg, batch: dict[str, bytes]) -> None:
    drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in batch)
    kg.update(drops)
    data = b"".join(batch.values())
    if not data:
        return
    url = gsp_url(kg)
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/n-quads"})
    auth = _auth(url)
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        raise StoreError(f"the server at {url} refused the bulk load: HTTP {exc.code}"
                         + (f": {detail[0][:200]}" if detail else "")) from None
    except OSError as exc:
        raise StoreError(f"cannot reach {url}: {exc}") from None


def _auth(url: str) -> str | None:
    from geokg.graph.store import _credentials

    creds = _credentials(urlsplit(url).hostname or "")
    if not creds:
        return None
    return "Basic " + base64.b64encode(f"{creds[0]}:{creds[1]}".encode()).decode()


class _Joined(io.RawIOBase):
    """A readable stream over several byte strings, without joining them in memory."""

    def __init__(self, parts: Iterable[bytes]):
        self._parts = iter(parts)
        self._current = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._current:
            try:
                self._current = memoryview(next(self._parts))
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._current))
        buffer[:n] = self._current[:n]
        self._current = self._current[n:]
        return n
