"""Store backends: where a :class:`~geokg.graph.store.KnowledgeGraph` keeps its quads.

Three backends behind one interface, :class:`Backend`, chosen by name the way
rdflib chooses its store plugins (:func:`backend_class`, :func:`register`):

- ``oxigraph`` (:class:`OxigraphBackend`): a persistent on-disk Oxigraph store,
  the default for a folder path;
- ``memory`` (:class:`MemoryBackend`): rdflib's in-memory store, for tests and notebooks;
- ``sparql`` (:class:`SparqlBackend`): a SPARQL 1.1 server, for an ``http(s)://`` URL.

Everything that differs between them (how a query runs, how a batch of
documents is written, how every quad is read back) is a method here; nothing
outside this module asks which kind of store it has.

>>> backend_name("memory"), backend_name("https://example.org/sparql"), backend_name("./.geokg")
('memory', 'sparql', 'oxigraph')
>>> b = backend_class("memory").open("memory")
>>> b.query("ASK { ?s ?p ?o }").answer
False
"""
from __future__ import annotations

import base64
import io
import itertools
import logging
import os
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import ClassVar, Iterable, Iterator
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import Dataset, Graph, Node, URIRef
from rdflib.query import Result

from geokg.errors import QueryError, StoreError, StoreLocked
from geokg.graph.sparql import Rows, first_line
from geokg.ontology import PREFIXES
from geokg.ontology.terms import from_ox, plain_literal, to_ox
from geokg.progress import bar

__all__ = ["Backend", "OxigraphBackend", "MemoryBackend", "SparqlBackend", "EXPORT_FORMATS",
           "backend_name", "backend_class", "register", "serialize_dataset", "gsp_url"]

log = logging.getLogger(__name__)

Quad = tuple[Node, Node, Node, URIRef]

#: Export formats: name -> (pyoxigraph format, rdflib format, keeps named graphs).
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, str, bool]] = {
    "nquads": (ox.RdfFormat.N_QUADS, "nquads", True),
    "trig": (ox.RdfFormat.TRIG, "trig", True),
    "turtle": (ox.RdfFormat.TURTLE, "turtle", False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "nt", False),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld", True),
}

_BACKENDS: dict[str, type["Backend"]] = {}


def register(name: str, cls: type["Backend"]) -> None:
    """Make a backend class available under ``name`` (as ``rdflib.plugin.register`` does for stores)."""
    _BACKENDS[name] = cls


def backend_name(location: str) -> str:
    """The backend a location names: ``memory``, ``sparql`` for an ``http(s)://`` URL, else ``oxigraph``."""
    if location == "memory":
        return "memory"
    if location.startswith(("http://", "https://")):
        return "sparql"
    return "oxigraph"


def backend_class(name: str) -> type["Backend"]:
    """The backend class registered under ``name``; :class:`StoreError` for an unknown name."""
    try:
        return _BACKENDS[name]
    except KeyError:
        raise StoreError(f"unknown store backend {name!r}; choose one of {', '.join(sorted(_BACKENDS))}") from None


class Backend:
    """One kind of store. Subclasses override what their store does differently.

    The defaults go through the rdflib ``Dataset`` (``self.dataset``), which
    every backend has, so that rdflib users can reach the data too.
    """

    name: ClassVar[str] = ""

    def __init__(self, dataset: Dataset, location: str):
        self.dataset = dataset
        self.location = location

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, location: str, *, create: bool = True, wait: float = 0.0) -> "Backend":
        """Open the store at ``location`` (raises :class:`StoreError` if it cannot)."""
        raise NotImplementedError

    def bind_prefixes(self, prefixes: dict[str, str]) -> None:
        """Bind namespace prefixes on the rdflib view (for its serialisations and queries)."""
        for prefix, ns in prefixes.items():
            self.dataset.bind(prefix, ns)

    @classmethod
    def from_template(cls, location: str, template) -> bool:
        """Start a new store at ``location`` as a copy of a template store; True if it did.

        ``template()`` returns the folder of a closed store of this kind, or None. Only
        on-disk stores can (the others return False and are filled as usual).
        """
        return False

    @classmethod
    def restore(cls, source: Path, location: str, replace: bool = False) -> int:
        """Rebuild the store from an N-Quads backup; only on-disk stores can."""
        raise StoreError("restore rebuilds an on-disk store folder; for a SPARQL server use its own loader")

    @property
    def closed(self) -> bool:
        return False

    def close(self) -> None:
        """Release the store (flush, drop locks)."""

    # ------------------------------------------------------------ reading
    def query(self, sparql: str) -> Rows:
        """Run a query whose values are already bound (see :func:`geokg.graph.sparql.bind_values`)."""
        try:
            result: Result = self.dataset.query(sparql, initNs=PREFIXES)
            if result.type == "ASK":
                return Rows([], [], answer=bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return Rows([], [], graph=result.graph)
            names = [str(v) for v in result.vars]
            rows = [{n: row.get(v) if hasattr(row, "get") else row[i]
                     for i, (n, v) in enumerate(zip(names, result.vars))} for row in result]
        except StoreError:
            raise
        except Exception as exc:  # syntax errors come as SyntaxError, ParseException, ValueError…
            raise QueryError(f"invalid SPARQL query: {first_line(exc)}") from None
        return Rows(names, rows)

    def select_strings(self, sparql: str) -> list[dict[str, str | None]]:
        """A SELECT's rows as plain strings (an IRI, or a literal's lexical form); fast on Oxigraph."""
        return [{k: (None if v is None else str(v)) for k, v in r.items()} for r in self.query(sparql).rows]

    def quads(self) -> Iterator[Quad]:
        """Every quad of the store as rdflib terms (``g`` is the graph's IRI)."""
        for s, p, o, g in self.dataset.quads((None, None, None, None)):
            yield s, p, o, getattr(g, "identifier", g)

    def ox_quads(self, skip: set[str]) -> Iterator[ox.Quad]:
        """Every quad as a pyoxigraph quad, graph by graph in a stable order, leaving out the graphs
        whose IRIs are in ``skip`` (what an export writes)."""
        for s_, p_, o_, g_ in sorted(self.quads(), key=lambda q: (str(q[3]), str(q[0]), str(q[1]), str(q[2]))):
            if str(g_) not in skip:
                yield ox.Quad(to_ox(s_), to_ox(p_), to_ox(plain_literal(o_)), to_ox(g_))

    def export(self, fmt: str, skip: set[URIRef]) -> bytes:
        """The store in one of :data:`EXPORT_FORMATS`, leaving out the graphs in ``skip``."""
        ds = Dataset()
        for s, p, o, g in self.quads():
            if g not in skip:
                ds.graph(g).add((s, p, o))
        return serialize_dataset(ds, fmt)

    # ------------------------------------------------------------ writing
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (prefixes pre-bound)."""
        try:
            self.dataset.update(sparql, initNs=PREFIXES)
        except Exception as exc:  # parsers raise many types; all mean the same to a user
            raise QueryError(f"SPARQL update failed: {first_line(exc)}") from None

    def replace_graph(self, name: URIRef, triples: list[tuple[Node, Node, Node]]) -> None:
        """Replace a named graph's content in one transaction."""
        body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)
        self.update(f"DROP SILENT GRAPH {name.n3()} ;\nINSERT DATA {{ GRAPH {name.n3()} {{\n{body}\n}} }}")

    def drop_graph(self, name: URIRef) -> None:
        """Remove one named graph."""
        self.update(f"DROP SILENT GRAPH {name.n3()}")

    def load_graph_ntriples(self, name: URIRef, data: bytes) -> None:
        """Replace a named graph by the N-Triples ``data`` (the background graphs, written once per version)."""
        triples = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))
                   for t in ox.parse(data, ox.RdfFormat.N_TRIPLES)]
        self.replace_graph(name, triples)

    def write_document(self, graph: str, nquads: bytes) -> None:
        """Replace one document's graph with its N-Quads (every line in ``graph``) in one transaction."""
        body = nquads.replace(f" <{graph}> .\n".encode(), b" .\n").decode("utf-8")
        self.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}")

    def load_batch(self, batch: dict[str, bytes]) -> None:
        """Replace many documents' graphs with their N-Quads, as fast as the store allows (not transactional)."""
        raise NotImplementedError

    def write_graph_chunks(self, graph: str, chunks: Iterable[bytes], bulk: bool = False) -> None:
        """Replace one large document's graph by N-Quads arriving in chunks (a curated table of many rows)."""
        self.write_document(graph, b"".join(chunks))


class MemoryBackend(Backend):
    """rdflib's in-memory ``Dataset`` (default graph = union of the named graphs)."""

    name = "memory"

    @classmethod
    def open(cls, location: str = "memory", *, create: bool = True, wait: float = 0.0) -> "MemoryBackend":
        return cls(Dataset(default_union=True), "memory")

    def replace_graph(self, name: URIRef, triples: list[tuple[Node, Node, Node]]) -> None:
        self.dataset.remove_graph(name)
        g = self.dataset.graph(name)
        for t in triples:
            g.add(t)

    def drop_graph(self, name: URIRef) -> None:
        self.dataset.remove_graph(name)

    def write_document(self, graph: str, nquads: bytes) -> None:
        self.load_batch({graph: nquads})

    def load_batch(self, batch: dict[str, bytes]) -> None:
        for graph in batch:
            self.dataset.remove_graph(URIRef(graph))
        data = b"".join(batch.values())
        if data:
            try:
                self.dataset.parse(data=data, format="nquads")
            except Exception as exc:  # rdflib parsers raise several types
                raise StoreError(f"bulk load failed: {str(exc).splitlines()[0]}") from None

    def export(self, fmt: str, skip: set[URIRef]) -> bytes:
        if skip:
            return super().export(fmt, skip)
        return serialize_dataset(self.dataset, fmt)


class OxigraphBackend(Backend):
    """An on-disk Oxigraph store, reached through ``oxrdflib`` for rdflib and directly for speed."""

    name = "oxigraph"

    def __init__(self, dataset: Dataset | None, location: str, store: ox.Store):
        self.location = location
        self._dataset = dataset
        self._prefixes: dict[str, str] = {}
        self._store: ox.Store | None = store

    @property
    def dataset(self) -> Dataset:
        """The rdflib view (through ``oxrdflib``), made on first use: importing oxrdflib pulls in
        rdflib's SPARQL engine and pyparsing (0.2 s), which ingest and the direct queries never need."""
        if self._dataset is None:
            from oxrdflib import OxigraphStore

            self._dataset = Dataset(store=OxigraphStore(store=self._ox), default_union=True)
            for prefix, ns in self._prefixes.items():
                self._dataset.bind(prefix, ns)
        return self._dataset

    def bind_prefixes(self, prefixes: dict[str, str]) -> None:
        """Bound on the rdflib view when it is made."""
        self._prefixes = dict(prefixes)
        if self._dataset is not None:
            super().bind_prefixes(prefixes)

    @classmethod
    def open(cls, location: str, *, create: bool = True, wait: float = 0.0) -> "OxigraphBackend":
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{location} is a file, not a geokg store folder")
        if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
            raise StoreError(f"{location} is a folder that is not a geokg store; name an empty or new folder")
        if not path.exists() and not create:
            raise StoreError(f"no store at {location}; create one with 'geokg ingest'")
        deadline = time.monotonic() + max(wait, 0)
        while True:
            try:
                path.mkdir(parents=True, exist_ok=True)
                inner = ox.Store(str(path))
                break
            except OSError as exc:
                text = str(exc)
                if "lock" not in text.lower():
                    raise StoreError(f"cannot open store {location}: {text.splitlines()[0]}") from None
                if time.monotonic() >= deadline:
                    raise StoreLocked(
                        f"store {location} is in use by another geokg process; wait for it to finish "
                        f"(or set GEOKG_WAIT=SECONDS to wait for it)") from None
                time.sleep(0.25)
        return cls(None, str(path), inner)

    @classmethod
    def from_template(cls, location: str, template) -> bool:
        """Copy a closed template store into a new (missing or empty) folder; False when the folder is in use.

        A failed copy leaves no half store behind: the folder is removed and the caller
        fills the store as usual.
        """
        path = Path(location)
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            return False
        src = template()
        if src is None:
            return False
        try:
            shutil.copytree(src, path, dirs_exist_ok=True)
        except OSError as exc:
            log.warning("cannot copy the template store %s: %s", src, exc)
            shutil.rmtree(path, ignore_errors=True)
            return False
        return True

    @property
    def closed(self) -> bool:
        return self._store is None

    def close(self) -> None:
        if self._store is not None:
            self._store.flush()
            if self._dataset is not None:
                self._dataset.store._store = None  # drop oxrdflib's reference
            self._store = None

    @property
    def _ox(self) -> ox.Store:
        # Never bind the store to a local name in a method that can raise: a traceback keeps its
        # frames' locals alive, and a live ox.Store keeps the on-disk lock after close().
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def query(self, sparql: str) -> Rows:
        """The query straight on the Oxigraph store (no detour through rdflib's result objects)."""
        try:
            result = self._ox.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
            if isinstance(result, ox.QueryBoolean):
                return Rows([], [], answer=bool(result))
            if isinstance(result, ox.QueryTriples):
                g = Graph()
                for t in result:
                    g.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
                return Rows([], [], graph=g)
            names = [v.value for v in result.variables]
            rows = [{n: (None if term is None else from_ox(term)) for n, term in zip(names, solution)}
                    for solution in result]
        except Exception as exc:  # SyntaxError for the text, OSError or ValueError from the evaluation
            raise QueryError(f"invalid SPARQL query: {first_line(exc)}") from None
        return Rows(names, rows)

    def select_strings(self, sparql: str) -> list[dict[str, str | None]]:
        """Plain strings straight from Oxigraph (rdflib terms make a large GROUP BY 3-5x slower)."""
        try:
            solutions = self._ox.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"invalid SPARQL query: {str(exc).splitlines()[0]}") from None
        names = [v.value for v in solutions.variables]
        cols = range(len(names))
        return [dict(zip(names, [None if (t := sol[i]) is None else t.value for i in cols])) for sol in solutions]

    def quads(self) -> Iterator[Quad]:
        for q in self._ox.quads_for_pattern(None, None, None, None):
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), from_ox(q.graph_name)

    def ox_quads(self, skip: set[str]) -> Iterator[ox.Quad]:
        yield from self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())
        for g in sorted(self._ox.named_graphs(), key=lambda n: n.value):
            if g.value not in skip:
                yield from self._ox.quads_for_pattern(None, None, None, g)

    def export(self, fmt: str, skip: set[URIRef]) -> bytes:
        ox_fmt, _rdflib_fmt, quads = EXPORT_FORMATS[fmt]
        graphs = [g for g in self._ox.named_graphs() if URIRef(g.value) not in skip]
        every = itertools.chain(self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph()),
                                *(self._ox.quads_for_pattern(None, None, None, g) for g in graphs))
        every = bar(every, desc="export", unit="quad")
        buf = io.BytesIO()
        if quads:
            ox.serialize(every, buf, ox_fmt, prefixes=PREFIXES if fmt != "nquads" else None)
        else:
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in every}
            ox.serialize(sorted(triples, key=str), buf, ox_fmt, prefixes=PREFIXES if fmt != "ntriples" else None)
        return buf.getvalue()

    def update(self, sparql: str) -> None:
        try:
            self._ox.update(sparql, prefixes=PREFIXES)
        except Exception as exc:  # parsers raise many types; all mean the same to a user
            raise QueryError(f"SPARQL update failed: {first_line(exc)}") from None

    def load_graph_ntriples(self, name: URIRef, data: bytes) -> None:
        """Drop the graph and bulk-load the file (Oxigraph's bulk loader, 20x faster than an INSERT)."""
        self._ox.update(f"DROP SILENT GRAPH {name.n3()}")
        self._ox.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(name)))

    def write_graph_chunks(self, graph: str, chunks: Iterable[bytes], bulk: bool = False) -> None:
        """Drop the graph, then load the chunks: ``Store.load`` (one transaction, all of it or nothing) by
        default, ``Store.bulk_load`` (streamed, not transactional) with ``bulk``. A failure between the two
        leaves the document absent, never half there; loading the file again restores it."""
        node = ox.NamedNode(graph)
        if self._ox.contains_named_graph(node):
            self._ox.remove_graph(node)
        data = _Joined(chunks)
        if bulk:
            self._ox.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        else:
            self._ox.load(input=data, format=ox.RdfFormat.N_QUADS)

    def load_batch(self, batch: dict[str, bytes]) -> None:
        """Drop the documents' graphs, then ``Store.bulk_load`` (sorted files straight into RocksDB)."""
        for graph in batch:
            node = ox.NamedNode(graph)
            if self._ox.contains_named_graph(node):
                self._ox.remove_graph(node)
        try:
            self._ox.bulk_load(input=_Joined(batch.values()), format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"bulk load failed in the batch starting with <{next(iter(batch))}>: "
                             f"{str(exc).splitlines()[0]}") from None

    @classmethod
    def restore(cls, source: Path, location: str, replace: bool = False) -> int:
        """Load the backup into a new folder next to the store, then swap it in by renaming."""
        src, target = Path(source), Path(location)
        if not src.is_file():
            raise StoreError(f"no backup file {src}")
        if target.exists() and any(target.iterdir()) and not replace:
            raise StoreError(f"{target} is not empty; restore --replace overwrites it")
        building = target.with_name(target.name + ".restoring")
        if building.exists():
            shutil.rmtree(building)
        try:
            fresh = ox.Store(str(building))
            try:
                fresh.bulk_load(path=str(src), format=ox.RdfFormat.N_QUADS)
            except SyntaxError as exc:
                raise StoreError(f"{src} is not valid N-Quads: {first_line(exc)}") from None
            fresh.flush()
            n = sum(1 for _ in fresh.quads_for_pattern(None, None, None, None))
            del fresh
        except BaseException:
            shutil.rmtree(building, ignore_errors=True)
            raise
        old = target.with_name(target.name + ".old")
        if target.exists():
            try:  # holding the lock while swapping: no writer is inside the old store
                probe = ox.Store(str(target))
                del probe
            except OSError:
                shutil.rmtree(building, ignore_errors=True)
                raise StoreLocked(f"store {target} is in use by another geokg process") from None
            if old.exists():
                shutil.rmtree(old)
            os.replace(target, old)
        os.replace(building, target)
        shutil.rmtree(old, ignore_errors=True)
        return n


class SparqlBackend(Backend):
    """A SPARQL 1.1 server: queries to its query URL, updates to its update URL.

    Credentials come from ``GEOKG_USER``/``GEOKG_PASSWORD`` or ``~/.netrc``, never the URL.
    The server's default graph must be the union of its named graphs (Oxigraph
    ``--union-default-graph``, Fuseki ``tdb2:unionDefaultGraph true``, GraphDB and
    Virtuoso by default).
    """

    name = "sparql"

    @classmethod
    def open(cls, location: str, *, create: bool = True, wait: float = 0.0) -> "SparqlBackend":
        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        parts = urlsplit(location)
        if parts.username or parts.password:
            raise StoreError("put credentials in GEOKG_USER/GEOKG_PASSWORD or ~/.netrc, not in the store URL")
        update_url = os.environ.get("GEOKG_UPDATE_URL")
        if not update_url:
            for tail in ("/query", "/sparql"):
                if location.rstrip("/").endswith(tail):
                    update_url = location.rstrip("/")[: -len(tail)] + "/update"
                    break
            else:
                update_url = location
        store = SPARQLUpdateStore(query_endpoint=location, update_endpoint=update_url,
                                  auth=credentials(parts.hostname or ""), context_aware=True, postAsEncoded=False,
                                  method="POST")
        return cls(Dataset(store=store, default_union=True), location)

    def quads(self) -> Iterator[Quad]:
        """Every quad, read with one SELECT over the named graphs."""
        for r in self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows:
            yield r["s"], r["p"], plain_literal(r["o"]), URIRef(r["g"])

    def load_batch(self, batch: dict[str, bytes]) -> None:
        """Drop the graphs with one update, then POST the N-Quads with the Graph Store Protocol."""
        self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in batch))
        data = b"".join(batch.values())
        if not data:
            return
        url = gsp_url(self.location)
        request = urllib.request.Request(url, data=data, method="POST",
                                         headers={"Content-Type": "application/n-quads"})
        creds = credentials(urlsplit(url).hostname or "")
        if creds:
            request.add_header("Authorization",
                               "Basic " + base64.b64encode(f"{creds[0]}:{creds[1]}".encode()).decode())
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace").strip().splitlines()
            raise StoreError(f"the server at {url} refused the bulk load: HTTP {exc.code}"
                             + (f": {detail[0][:200]}" if detail else "")) from None
        except OSError as exc:
            raise StoreError(f"cannot reach {url}: {exc}") from None


for _cls in (OxigraphBackend, MemoryBackend, SparqlBackend):
    register(_cls.name, _cls)


def gsp_url(location: str) -> str:
    """The Graph Store Protocol URL of a SPARQL store: ``GEOKG_GSP_URL``, else ``…/store`` beside ``…/query``."""
    if os.environ.get("GEOKG_GSP_URL"):
        return os.environ["GEOKG_GSP_URL"]
    url = location.rstrip("/")
    for tail in ("/query", "/sparql"):
        if url.endswith(tail):
            return url[: -len(tail)] + "/store"
    raise StoreError(f"cannot tell the Graph Store Protocol URL of {location}; set GEOKG_GSP_URL")


def credentials(host: str) -> tuple[str, str] | None:
    """(user, password) for a SPARQL server: the environment first, then ~/.netrc."""
    if os.environ.get("GEOKG_USER"):
        return os.environ["GEOKG_USER"], os.environ.get("GEOKG_PASSWORD", "")
    import netrc

    try:
        entry = netrc.netrc().authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    if entry:
        return entry[0] or "", entry[2] or ""
    return None


def serialize_dataset(ds: Dataset, fmt: str) -> bytes:
    """An rdflib Dataset in one of :data:`EXPORT_FORMATS`: named graphs kept, or merged for triple formats."""
    _ox_fmt, rdflib_fmt, quads = EXPORT_FORMATS[fmt]
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    buf = io.BytesIO()
    if quads:
        ds.serialize(buf, format=rdflib_fmt)
    else:
        union = Graph()
        for prefix, ns in PREFIXES.items():
            union.bind(prefix, ns)
        for s, p, o, _g in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        union.serialize(buf, format=rdflib_fmt)
    return buf.getvalue()


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
