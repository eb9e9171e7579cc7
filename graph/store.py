"""The claim store: an rdflib ``Dataset`` over an embedded Oxigraph store, memory, or SPARQL.

>>> from geokg.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a gkg:Document }").rows[0]["n"].toPython()
0

Three kinds of store, chosen by the ``store`` argument (the CLI's ``--store``):

- a folder (default ``$GEOKG_STORE``, else ``./.geokg``): a persistent on-disk
  Oxigraph store through ``oxrdflib``, created on first use;
- ``memory``: rdflib's in-memory store, for tests and notebooks;
- an ``http(s)://`` SPARQL 1.1 query endpoint (the update endpoint from
  ``GEOKG_UPDATE_URL``, else the query URL with ``/query`` or ``/sparql``
  replaced by ``/update``).

Each document lives in a named graph of its own (the document's IRI);
the ontology and the actor knowledge base live in graphs of their own.
"""
from __future__ import annotations

import hashlib
import io
import itertools
import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS
from rdflib.query import Result

from geokg.errors import QueryError, StoreError, StoreLocked, UnknownActor, UnknownDocument
from geokg.graph.sparql_guard import check_sparql
from geokg.ontology import GRAPH_KB, GRAPH_ONTOLOGY, PREFIXES, data_file

__all__ = ["KnowledgeGraph", "Rows", "EXPORT_FORMATS", "default_store_location"]

log = logging.getLogger(__name__)

#: Export formats: name -> (pyoxigraph format, rdflib format, keeps named graphs).
EXPORT_FORMATS: dict[str, tuple[ox.RdfFormat, str, bool]] = {
    "nquads": (ox.RdfFormat.N_QUADS, "nquads", True),
    "trig": (ox.RdfFormat.TRIG, "trig", True),
    "turtle": (ox.RdfFormat.TURTLE, "turtle", False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "nt", False),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld", True),
}


_CLAIMS_QUERY = """
SELECT ?claim ?subject ?relation ?object ?negated ?attributedTo ?confidence ?date ?evidence ?document ?title WHERE {
  ?claim a gkg:Claim ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object ;
         gkg:negated ?negated ; gkg:evidence ?evidence ; prov:wasDerivedFrom ?document .
  OPTIONAL { ?claim gkg:attributedTo ?attributedTo }
  OPTIONAL { ?claim gkg:confidence ?confidence }
  OPTIONAL { ?claim dcterms:date ?cdate }
  OPTIONAL { ?document dcterms:date ?pub }
  OPTIONAL { ?document dcterms:title ?title }
  BIND(COALESCE(?cdate, ?pub) AS ?date)
} ORDER BY ?date ?subject ?relation ?object"""


def default_store_location() -> str:
    """``$GEOKG_STORE`` if set, else ``./.geokg``."""
    return os.environ.get("GEOKG_STORE") or ".geokg"


@dataclass
class Rows:
    """The result of a SELECT (``rows``), ASK (``answer``) or CONSTRUCT (``graph``) query.

    Rows are dicts of variable name -> rdflib term (``None`` when unbound).
    """

    vars: list[str]
    rows: list[dict[str, Node | None]]
    answer: bool | None = None
    graph: Graph | None = None

    def __iter__(self) -> Iterator[dict[str, Node | None]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        """Rows with plain Python values (str, int, float, date…), for JSON and DataFrames."""
        return [{k: (None if v is None else _plain(v)) for k, v in r.items()} for r in self.rows]

    def to_df(self):
        """A pandas DataFrame (pandas is an optional dependency), one type per column: see
        :func:`geokg.graph.results.dataframe` (ASK: an ``answer`` column; CONSTRUCT: the triples)."""
        from geokg.graph.results import dataframe

        return dataframe(self)


def _plain(term: Node) -> Any:
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


class KnowledgeGraph:
    """A geokg store. Open it with :meth:`open`; use it as a context manager to close it."""

    def __init__(self, dataset: Dataset, kind: str, location: str, ox_store: ox.Store | None = None):
        self.dataset = dataset
        self.kind = kind
        self.location = location
        self._ox = ox_store
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, store: str | os.PathLike | None = None, *, create: bool = True,
             wait: float | None = None) -> "KnowledgeGraph":
        """Open a store: a folder path, ``"memory"``, or an ``http(s)://`` SPARQL endpoint.

        Parameters
        ----------
        store
            Where the store is; ``None`` means :func:`default_store_location`.
        create
            Create an on-disk store that does not exist yet (else raise :class:`StoreError`).
        wait
            Seconds to wait for another process's write lock (default ``$GEOKG_WAIT``, else 0).

        Raises
        ------
        StoreLocked
            Another process is writing the on-disk store.
        StoreError
            The path is not a store, or cannot be created.
        """
        location = str(store) if store is not None else default_store_location()
        if location == "memory":
            return cls(Dataset(default_union=True), "memory", location)
        if location.startswith(("http://", "https://")):
            return cls._open_remote(location)
        path = Path(location)
        if path.exists() and not path.is_dir():
            raise StoreError(f"{location} is a file, not a geokg store folder")
        if path.is_dir() and any(path.iterdir()) and not (path / "CURRENT").exists():
            raise StoreError(f"{location} is a folder that is not a geokg store; name an empty or new folder")
        if not path.exists() and not create:
            raise StoreError(f"no store at {location}; create one with 'geokg ingest'")
        wait = float(os.environ.get("GEOKG_WAIT", "0") or 0) if wait is None else wait
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
        ds = Dataset(store=OxigraphStore(store=inner), default_union=True)
        return cls(ds, "oxigraph", str(path), inner)

    @classmethod
    def _open_remote(cls, query_url: str) -> "KnowledgeGraph":
        """A SPARQL 1.1 endpoint: queries to ``query_url``, updates to its update URL.

        Credentials come from ``GEOKG_USER``/``GEOKG_PASSWORD`` or ``~/.netrc``, never the URL.
        The server's default graph must be the union of its named graphs (Oxigraph
        ``--union-default-graph``, Fuseki ``tdb2:unionDefaultGraph true``, GraphDB and
        Virtuoso by default).
        """
        from urllib.parse import urlsplit

        from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

        parts = urlsplit(query_url)
        if parts.username or parts.password:
            raise StoreError("put credentials in GEOKG_USER/GEOKG_PASSWORD or ~/.netrc, not in the store URL")
        update_url = os.environ.get("GEOKG_UPDATE_URL")
        if not update_url:
            for tail in ("/query", "/sparql"):
                if query_url.rstrip("/").endswith(tail):
                    update_url = query_url.rstrip("/")[: -len(tail)] + "/update"
                    break
            else:
                update_url = query_url
        store = SPARQLUpdateStore(query_endpoint=query_url, update_endpoint=update_url,
                                  auth=_credentials(parts.hostname or ""), context_aware=True, postAsEncoded=False,
                                  method="POST")
        return cls(Dataset(store=store, default_union=True), "sparql", query_url)

    def close(self) -> None:
        """Flush and close the store (the on-disk lock is released)."""
        if self._ox is not None:
            self._ox.flush()
            self.dataset.store._store = None  # drop oxrdflib's reference
            self._ox = None

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def replace_graph(self, name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Replace a named graph's content in one transaction: all of it or nothing."""
        triples = list(triples)
        if self.kind == "memory":
            self.dataset.remove_graph(name)
            g = self.dataset.graph(name)
            for t in triples:
                g.add(t)
            return
        body = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in triples)
        update = f"DROP SILENT GRAPH {name.n3()} ;\nINSERT DATA {{ GRAPH {name.n3()} {{\n{body}\n}} }}"
        self.update(update)
        log.info("wrote graph %s (%d triples)", name, len(triples))

    def drop_graph(self, name: URIRef) -> None:
        """Remove one named graph and everything in it."""
        if self.kind == "memory":
            self.dataset.remove_graph(name)
        else:
            self.update(f"DROP SILENT GRAPH {name.n3()}")

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (prefixes pre-bound)."""
        check_sparql(sparql, update=True)
        try:
            if self._ox is not None:
                self._ox.update(sparql, prefixes=PREFIXES)
            else:
                self.dataset.update(sparql, initNs=PREFIXES)
        except Exception as exc:  # parsers raise many types; all mean the same to a user
            raise QueryError(f"SPARQL update failed: {_first_line(exc)}") from None

    def ensure_background(self) -> bool:
        """Load (or refresh) the ontology and actor knowledge base graphs; True if anything changed."""
        from geokg.loaders.kb import kb_files, kb_triples
        from geokg.ontology.vocab import ontology_graph

        changed = False
        sources = {
            GRAPH_ONTOLOGY: ([data_file("geokg.ttl")], lambda: list(ontology_graph())),
            GRAPH_KB: (kb_files(), kb_triples),
        }
        for graph, (files, build) in sources.items():
            digest = hashlib.sha1(b"".join(f.read_bytes() for f in files)).hexdigest()
            marker = (graph, DCTERMS.hasVersion, Literal(digest))
            present = self.query("ASK { GRAPH ?g { ?g dcterms:hasVersion ?v } }", g=graph, v=marker[2]).answer
            if not present:
                self.replace_graph(graph, [*build(), marker])
                changed = True
        return changed

    # ------------------------------------------------------------------ reading
    def query(self, sparql: str, **bindings: Node | str | int | float) -> Rows:
        """Run a SPARQL query with the project's prefixes; values come in as bindings.

        Bindings replace the named variables before the query runs, so user
        input is never pasted into the query text:

        >>> kg = KnowledgeGraph.open("memory")
        >>> kg.query("SELECT ?x WHERE { BIND(?v AS ?x) }", v="Kasachstan").rows[0]["x"]
        rdflib.term.Literal('Kasachstan')
        """
        check_sparql(sparql)
        init = {k: (v if isinstance(v, Node) else Literal(v)) for k, v in bindings.items()}
        if self._ox is not None:
            return self._ox_query(bind_values(sparql, init))
        try:
            result: Result = self.dataset.query(bind_values(sparql, init), initNs=PREFIXES)
            if result.type == "ASK":
                return Rows([], [], answer=bool(result.askAnswer))
            if result.type == "CONSTRUCT" or result.type == "DESCRIBE":
                return Rows([], [], graph=result.graph)
            names = [str(v) for v in result.vars]
            rows = [{n: row.get(v) if hasattr(row, "get") else row[i]
                     for i, (n, v) in enumerate(zip(names, result.vars))} for row in result]
        except StoreError:
            raise
        except Exception as exc:  # syntax errors come as SyntaxError, ParseException, ValueError…
            raise QueryError(f"invalid SPARQL query: {_first_line(exc)}") from None
        return Rows(names, rows)

    def actor(self, name: str) -> URIRef:
        """The actor a name stands for: any label or alias, in either language, or an IRI.

        Looks in the store (so persons and groups the articles introduced are
        found too), case- and accent-insensitively.

        Raises
        ------
        UnknownActor
            With the closest known names.
        """
        from geokg.loaders.kb import fold

        if name.startswith(("http://", "https://")):
            return URIRef(name)
        if ":" in name and name.split(":", 1)[0] in PREFIXES:
            prefix, local = name.split(":", 1)
            return URIRef(PREFIXES[prefix] + local)
        rows = self.query("""SELECT DISTINCT ?a ?l ?cls WHERE {
            ?a rdfs:label|skos:altLabel ?l ; a ?cls .
            FILTER(?cls IN (gkg:State, gkg:InternationalOrganization, gkg:Organization, gkg:Person,
                            gkg:Region, gkg:Group, gkg:Event, gkg:Place)) }""").rows
        key = fold(name)
        rank = ["State", "InternationalOrganization", "Person", "Region", "Organization", "Group", "Event", "Place"]
        hits = sorted({(rank.index(str(r["cls"]).rsplit("#", 1)[-1]), str(r["a"])) for r in rows
                       if fold(str(r["l"])) == key or str(r["a"]).rsplit("/", 1)[-1] == key.replace(" ", "-")})
        if hits:
            return URIRef(hits[0][1])
        from geokg.loaders.kb import load_kb

        try:  # the shipped knowledge base, also before anything was loaded into this store
            return load_kb().resolve(name).iri
        except UnknownActor:
            pass
        import difflib

        labels = {fold(str(r["l"])): str(r["l"]) for r in rows}
        close = difflib.get_close_matches(key, list(labels), n=3, cutoff=0.75)
        hint = f"; did you mean {', '.join(repr(labels[c]) for c in close)}?" if close else ""
        raise UnknownActor(f"unknown actor {name!r}{hint}")

    def claims(self, subject: str | None = None, relation: str | None = None, object: str | None = None,
               negated: bool | None = None) -> Rows:
        """Claims with their evidence, filtered by actor names (any label or alias) and relation.

        >>> kg = KnowledgeGraph.open("memory")
        >>> kg.claims(subject="Russland", relation="attacks").vars[:4]
        ['claim', 'subject', 'relation', 'object']
        """
        from geokg.ontology.vocab import relation as rel

        bindings: dict[str, Node] = {}
        if subject:
            bindings["subject"] = self.actor(subject)
        if relation:
            bindings["relation"] = rel(relation).iri
        if object:
            bindings["object"] = self.actor(object)
        if negated is not None:
            bindings["negated"] = Literal(negated)
        return self.query(_CLAIMS_QUERY, **bindings)

    def named(self, name: str, **params: str) -> Rows:
        """Run a named query (``geokg query --list`` shows them); see :mod:`geokg.graph.named`."""
        from geokg.graph.named import run_named

        return run_named(self, name, **params)

    def to_networkx(self, **options: Any):
        """The actor graph with signed weights (see :func:`geokg.graph.projection.to_networkx` for the options)."""
        from geokg.graph.projection import to_networkx

        return to_networkx(self, **options)

    def map(self, **options: Any):
        """The interactive relationship map, shown inline in a notebook (see :func:`geokg.graph.maps.write_map`)."""
        from geokg.graph.maps import MapView

        return MapView(self, **options)

    def _ox_query(self, sparql: str) -> Rows:
        """A query straight on the embedded Oxigraph store (no detour through rdflib's result objects)."""
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
            raise QueryError(f"invalid SPARQL query: {_first_line(exc)}") from None
        return Rows(names, rows)

    def documents(self) -> list[dict[str, Any]]:
        """Documents in the store with title, date, language and claim count."""
        q = """
        SELECT ?doc ?title ?date ?lang (COUNT(DISTINCT ?c) AS ?claims) WHERE {
          GRAPH ?doc { ?doc a gkg:Document .
            OPTIONAL { ?doc dcterms:title ?title } OPTIONAL { ?doc dcterms:date ?date }
            OPTIONAL { ?doc dcterms:language ?lang }
            OPTIONAL { ?c a gkg:Claim } }
        } GROUP BY ?doc ?title ?date ?lang ORDER BY ?doc"""
        return self.query(q).to_records()

    def find_document(self, ref: str) -> URIRef:
        """A document by IRI, URL, title or a unique part of its IRI or title."""
        docs = self.documents()
        exact = [d for d in docs if ref in (d["doc"], d.get("title"))]
        hits = exact or [d for d in docs if ref in d["doc"] or ref.lower() in str(d.get("title") or "").lower()]
        if not hits:
            url_hits = self.query("SELECT ?d WHERE { GRAPH ?d { ?d schema:url ?u } FILTER(STR(?u) = ?ref) }",
                                  ref=Literal(ref)).rows
            if url_hits:
                return URIRef(url_hits[0]["d"])
            raise UnknownDocument(f"no document matches {ref!r}; 'geokg stats --documents' lists them")
        if len(hits) > 1:
            raise UnknownDocument(f"{ref!r} matches {len(hits)} documents; give its full IRI")
        return URIRef(hits[0]["doc"])

    def remove_document(self, ref: str) -> URIRef:
        """Drop one document's named graph (its claims and plain triples) and nothing else."""
        doc = self.find_document(ref)
        self.drop_graph(doc)
        return doc

    def stats(self) -> dict[str, Any]:
        """Counts: documents, actors named in claims, claims (negated ones apart), claims per relation."""
        docs = self.query("SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?d { ?d a gkg:Document } }")
        per_rel = self.query("""
            SELECT ?p (COUNT(DISTINCT ?c) AS ?n) (SUM(IF(?neg, 1, 0)) AS ?negated) WHERE {
              GRAPH ?g { ?c a gkg:Claim ; rdf:predicate ?p . OPTIONAL { ?c gkg:negated ?neg } }
            } GROUP BY ?p ORDER BY DESC(?n) ?p""")
        actors = self.query("""
            SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
              GRAPH ?g { ?c a gkg:Claim . { ?c rdf:subject ?a } UNION { ?c rdf:object ?a } }
              ?a a ?cls . FILTER(?cls NOT IN (gkg:Event, gkg:Place, gkg:Aim)) }""")
        relations = {str(r["p"]).rsplit("#", 1)[-1]: int(r["n"].toPython()) for r in per_rel}
        return {
            "store": self.location,
            "documents": int(docs.rows[0]["n"].toPython()),
            "actors": int(actors.rows[0]["n"].toPython()),
            "claims": sum(relations.values()),
            "negated": sum(int(r["negated"].toPython()) for r in per_rel if r["negated"] is not None),
            "relations": relations,
        }

    # ------------------------------------------------------------------ export
    def export(self, fmt: str, dest: str | os.PathLike | None, exclude: Iterable[URIRef] = ()) -> bytes | None:
        """Write the whole store in ``fmt`` to ``dest`` (atomically), or return the bytes if ``dest`` is None.

        Formats without named graphs (turtle, ntriples) get the union of all graphs;
        claims still name their source through ``prov:wasDerivedFrom``. Graphs named
        in ``exclude`` are left out.
        """
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        ox_fmt, _rdflib_fmt, quads = EXPORT_FORMATS[fmt]
        skip = {URIRef(g) for g in exclude}
        buf = io.BytesIO()
        if self.kind == "sparql":
            ds = Dataset()
            for s_, p_, o_, g_ in self._remote_quads():
                if g_ not in skip:
                    ds.graph(g_).add((s_, p_, o_))
            buf.write(serialize_dataset(ds, fmt))
        elif self._ox is not None:
            graphs = [g for g in self._ox.named_graphs() if URIRef(g.value) not in skip]
            every = itertools.chain(self._ox.quads_for_pattern(None, None, None, ox.DefaultGraph()),
                                    *(self._ox.quads_for_pattern(None, None, None, g) for g in graphs))
            if quads:
                ox.serialize(every, buf, ox_fmt, prefixes=PREFIXES if fmt != "nquads" else None)
            else:
                triples = {ox.Triple(q.subject, q.predicate, q.object) for q in every}
                ox.serialize(sorted(triples, key=str), buf, ox_fmt,
                             prefixes=PREFIXES if fmt != "ntriples" else None)
        else:
            ds = self.dataset
            if skip:
                ds = Dataset()
                for s_, p_, o_, g_ in self.dataset.quads((None, None, None, None)):
                    name = getattr(g_, "identifier", g_)
                    if name not in skip:
                        ds.graph(name).add((s_, p_, o_))
            buf.write(serialize_dataset(ds, fmt))
        data = buf.getvalue()
        if dest is None:
            return data
        atomic_write(Path(dest), data)
        return None

    def backup(self, dest: str | os.PathLike) -> int:
        """Write every quad of the store to an N-Quads file (atomically); returns the number of quads.

        The embedded store's on-disk format may change between Oxigraph versions; an
        N-Quads backup is the portable copy that :meth:`restore` reads back.
        """
        data = self.export("nquads", None)
        atomic_write(Path(dest), data)
        return data.count(b"\n")

    @staticmethod
    def restore(source: str | os.PathLike, store: str | os.PathLike, replace: bool = False) -> int:
        """Rebuild an embedded store from an N-Quads backup; returns the number of quads.

        The backup is loaded into a new folder next to the store, which then takes the
        store's place by renaming: an interrupted restore leaves the old store as it was.
        """
        src, target = Path(source), Path(store)
        if str(store) == "memory" or str(store).startswith(("http://", "https://")):
            raise StoreError("restore rebuilds an on-disk store folder; for a SPARQL server use its own loader")
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
                raise StoreError(f"{src} is not valid N-Quads: {_first_line(exc)}") from None
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

    def union_graph(self) -> Graph:
        """All graphs merged into one rdflib Graph (for validation and small analyses)."""
        g = Graph()
        if self.kind == "sparql":
            for s_, p_, o_, _g in self._remote_quads():
                g.add((s_, p_, o_))
        elif self._ox is not None:
            for q in self._ox.quads_for_pattern(None, None, None, None):
                g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        else:
            for s, p, o, _g in self.dataset.quads((None, None, None, None)):
                g.add((s, p, o))
        return g

    def _remote_quads(self) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        """Every quad of a SPARQL endpoint, read with one SELECT over its named graphs."""
        rows = self.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }").rows
        for r in rows:
            yield r["s"], r["p"], _plain_literal(r["o"]), URIRef(r["g"])

    def validate(self) -> tuple[bool, str]:
        """Validate the store against ``ontology/shapes.ttl`` with SHACL; returns (conforms, report)."""
        from geokg.graph.validation import validate_graph

        return validate_graph(self.union_graph())


def from_ox(term) -> Node:
    """A pyoxigraph term as an rdflib term (plain literals stay plain, as rdflib writes them)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _plain_literal(term: Node) -> Node:
    """xsd:string literals as plain ones (RDF 1.1 says they are the same; rdflib compares them apart)."""
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == _XSD_STRING:
        return Literal(str(term))
    return term
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: dict[str, Node]) -> str:
    """Bind variables to values with an inline ``VALUES`` block at the start of the WHERE clause.

    Values are written as escaped RDF terms, so a user's string can never
    change the query's structure:

    >>> print(bind_values('SELECT ?d WHERE { ?d dcterms:title ?t }', {"t": Literal('x" } DROP ALL {')}))
    SELECT ?d WHERE { VALUES (?t) { ("x\\" } DROP ALL {") } ?d dcterms:title ?t }
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid variable name {name!r}")
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(v.n3() for v in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    from geokg.graph.sparql_guard import code_only

    code = code_only(sparql)  # comments, strings and IRIs blanked: a '# where {' comment is no WHERE
    m = _WHERE.search(code)
    pos = m.end() if m else code.find("{") + 1
    if pos <= 0:
        raise QueryError("invalid SPARQL query: no graph pattern to bind values in")
    return sparql[:pos] + block + sparql[pos:]


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


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: never a half-written file."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError(f"folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", dir=str(path.parent or "."))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _credentials(host: str) -> tuple[str, str] | None:
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


def _first_line(exc: BaseException) -> str:
    text = (str(exc).strip() or type(exc).__name__).splitlines()[0]
    return text if len(text) <= 160 else text[:157] + "..."
