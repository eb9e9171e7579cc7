"""The claim store: an rdflib ``Dataset`` over an embedded Oxigraph store, memory, or SPARQL.

>>> from geokg.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a gkg:Document }").rows[0]["n"].toPython()
0

Three kinds of store (backends, see :mod:`geokg.graph.backends`), chosen by the
``store`` argument (the CLI's ``--store``):

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
import logging
import os
from pathlib import Path
from typing import Any, Iterable

from rdflib import Dataset, Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS

from geokg.errors import StoreError, UnknownActor, UnknownDocument
from geokg.graph.backends import EXPORT_FORMATS, Backend, backend_class, backend_name, serialize_dataset
from geokg.graph.bulk import BATCH_BYTES, BulkLoader
from geokg.graph.files import atomic_write
from geokg.graph.sparql import Rows, bind_values
from geokg.graph.sparql_guard import check_sparql
from geokg.ontology import GRAPH_KB, GRAPH_ONTOLOGY, PREFIXES, data_file
from geokg.ontology.shapes import validate_graph
from geokg.ontology.terms import from_ox
from geokg.progress import Stages, bar

__all__ = ["KnowledgeGraph", "Rows", "EXPORT_FORMATS", "default_store_location", "atomic_write",
           "bind_values", "from_ox", "serialize_dataset"]

log = logging.getLogger(__name__)


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


class KnowledgeGraph:
    """A geokg store. Open it with :meth:`open`; use it as a context manager to close it."""

    def __init__(self, backend: Backend):
        self.backend = backend
        backend.bind_prefixes(PREFIXES)

    @property
    def kind(self) -> str:
        """The backend's name: ``oxigraph``, ``memory`` or ``sparql``."""
        return self.backend.name

    @property
    def dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (default graph = union of the named graphs)."""
        return self.backend.dataset

    @property
    def location(self) -> str:
        """The folder, ``memory`` or the endpoint URL."""
        return self.backend.location

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, store: str | os.PathLike | None = None, *, create: bool = True,
             wait: float | None = None, backend: str | None = None, background: bool = False) -> "KnowledgeGraph":
        """Open a store: a folder path, ``"memory"``, or an ``http(s)://`` SPARQL endpoint.

        Parameters
        ----------
        store
            Where the store is; ``None`` means :func:`default_store_location`.
        create
            Create an on-disk store that does not exist yet (else raise :class:`StoreError`).
        wait
            Seconds to wait for another process's write lock (default ``$GEOKG_WAIT``, else 0).
        backend
            A backend name (``oxigraph``, ``memory``, ``sparql`` or one added with
            :func:`geokg.graph.backends.register`); by default the location tells.
        background
            A new on-disk store starts as a copy of a template store that already holds
            the current ontology and knowledge base graphs (:func:`background_template`,
            kept in the user cache): copying takes milliseconds where writing them takes
            0.3-0.7 s. ``geokg ingest`` and ``geokg build`` ask for this.

        Raises
        ------
        StoreLocked
            Another process is writing the on-disk store.
        StoreError
            The path is not a store, or cannot be created.
        """
        location = str(store) if store is not None else default_store_location()
        wait = float(os.environ.get("GEOKG_WAIT", "0") or 0) if wait is None else wait
        cls_ = backend_class(backend or backend_name(location))
        if background and create:
            cls_.from_template(location, background_template)
        return cls(cls_.open(location, create=create, wait=wait))

    def close(self) -> None:
        """Flush and close the store (the on-disk lock is released)."""
        self.backend.close()

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def replace_graph(self, name: URIRef, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Replace a named graph's content in one transaction: all of it or nothing."""
        triples = list(triples)
        self.backend.replace_graph(name, triples)
        log.info("wrote graph %s (%d triples)", name, len(triples))

    def drop_graph(self, name: URIRef) -> None:
        """Remove one named graph and everything in it."""
        self.backend.drop_graph(name)

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update (prefixes pre-bound); one nested too deep or too long is refused."""
        check_sparql(sparql, update=True)
        self.backend.update(sparql)

    def write_document(self, graph: str, nquads: bytes) -> None:
        """Replace one document's graph with ``nquads`` (every line in ``graph``) in one transaction."""
        self.backend.write_document(graph, nquads)

    def load_batch(self, batch: dict[str, bytes]) -> None:
        """Replace many documents' graphs (IRI -> N-Quads) at once; not transactional (see :mod:`geokg.graph.bulk`)."""
        self.backend.load_batch(batch)

    def write_graph_chunks(self, graph: str, chunks: Iterable[bytes], bulk: bool = False) -> None:
        """Replace one large document's graph by N-Quads in chunks (transactional unless ``bulk``)."""
        self.backend.write_graph_chunks(graph, chunks, bulk=bulk)

    def bulk_loader(self, batch_bytes: int = BATCH_BYTES) -> BulkLoader:
        """A :class:`~geokg.graph.bulk.BulkLoader` for this store (documents written in large batches)."""
        return BulkLoader(self, batch_bytes)

    #: How many background graphs this handle wrote (tests check that a current store is left alone).
    background_writes: int = 0

    def ensure_background(self) -> bool:
        """Load (or refresh) the ontology and actor knowledge base graphs; True if anything changed.

        Each graph carries the hash of its source files (``<graph> dcterms:hasVersion "…"``):
        a graph whose version is current is left alone, so only the first ingest into a
        store, and the first after the knowledge base changed, writes it. The triples come
        pre-serialised from the user cache (:func:`geokg.loaders.kb.kb_ntriples`).
        """
        from geokg.loaders.kb import kb_files
        from geokg.loaders.kb import kb_ntriples, ontology_ntriples

        changed = False
        sources = {
            GRAPH_ONTOLOGY: ([data_file("geokg.ttl")], ontology_ntriples),
            GRAPH_KB: (kb_files(), kb_ntriples),
        }
        for graph, (files, ntriples) in sources.items():
            digest = hashlib.sha1(b"".join(f.read_bytes() for f in files)).hexdigest()
            present = self.query("ASK { GRAPH ?g { ?g dcterms:hasVersion ?v } }", g=graph, v=Literal(digest)).answer
            if not present:
                self._write_background_graph(graph, ntriples(), Literal(digest))
                changed = True
        return changed

    def _write_background_graph(self, graph: URIRef, data: bytes, version: Literal) -> None:
        """Replace a background graph by the N-Triples ``data``, its version triple written last.

        The embedded store drops the graph and bulk-loads the file (Oxigraph's bulk
        loader, 20x faster than an INSERT); a write cut short leaves no version
        triple, so the next ingest writes the graph again.
        """
        self.backend.load_graph_ntriples(graph, data)
        self.backend.update(f"INSERT DATA {{ GRAPH {graph.n3()} {{ {graph.n3()} {DCTERMS.hasVersion.n3()} {version.n3()} }} }}")
        self.background_writes += 1
        log.info("wrote background graph %s (version %s)", graph, version)

    # ------------------------------------------------------------------ reading
    def query(self, sparql: str, **bindings: Node | str | int | float) -> Rows:
        """Run a SPARQL query with the project's prefixes; values come in as bindings.

        Bindings replace the named variables before the query runs, so user
        input is never pasted into the query text:

        >>> kg = KnowledgeGraph.open("memory")
        >>> kg.query("SELECT ?x WHERE { BIND(?v AS ?x) }", v="Kasachstan").rows[0]["x"]
        rdflib.term.Literal('Kasachstan')
        """
        check_sparql(sparql)  # nested too deep or too long: refused before the engine sees it
        init = {k: (v if isinstance(v, Node) else Literal(v)) for k, v in bindings.items()}
        return self.backend.query(bind_values(sparql, init))

    def select_strings(self, sparql: str, **bindings: Node | str | int | float) -> list[dict[str, str | None]]:
        """A SELECT's rows as plain strings (IRI or lexical form), the fastest way the backend has."""
        check_sparql(sparql)
        init = {k: (v if isinstance(v, Node) else Literal(v)) for k, v in bindings.items()}
        return self.backend.select_strings(bind_values(sparql, init))

    def quads(self):
        """Every quad of the store as rdflib terms ``(s, p, o, graph IRI)``."""
        return self.backend.quads()

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
        # plain strings: the store's some 20,000 labels as rdflib terms took most of a second per call
        rows = self.select_strings("""SELECT DISTINCT ?a ?l ?cls WHERE {
            ?a rdfs:label|skos:altLabel ?l ; a ?cls .
            FILTER(?cls IN (gkg:State, gkg:InternationalOrganization, gkg:Organization, gkg:Person,
                            gkg:Region, gkg:Group, gkg:Event, gkg:Place)) }""")
        key = fold(name)
        rank = ["State", "InternationalOrganization", "Person", "Region", "Organization", "Group", "Event", "Place"]
        hits = sorted({(rank.index(r["cls"].rsplit("#", 1)[-1]), r["a"]) for r in rows
                       if fold(r["l"]) == key or r["a"].rsplit("/", 1)[-1] == key.replace(" ", "-")})
        if hits:
            return URIRef(hits[0][1])
        from geokg.loaders.kb import load_kb

        try:  # the shipped knowledge base, also before anything was loaded into this store
            return load_kb().resolve(name).iri
        except UnknownActor:
            pass
        import difflib

        labels = {fold(r["l"]): r["l"] for r in rows}
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
        skip = {URIRef(g) for g in exclude}
        data = self.backend.export(fmt, skip)
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
        return backend_class(backend_name(str(store))).restore(Path(source), str(store), replace)

    def union_graph(self) -> Graph:
        """All graphs merged into one rdflib Graph (for validation and small analyses)."""
        g = Graph()
        for s_, p_, o_, _g in bar(self.backend.quads(), desc="read store", unit="quad"):
            g.add((s_, p_, o_))
        return g

    def validate(self) -> tuple[bool, str]:
        """Validate the store against ``ontology/shapes.ttl`` with SHACL; returns (conforms, report)."""
        with Stages(["read the store", "check the shapes"], desc="validate") as stages:
            stages.next("read the store")
            graph = self.union_graph()
            stages.next("check the shapes")
            return validate_graph(graph)


def background_template() -> Path | None:
    """A closed on-disk store holding only the current ontology and knowledge base graphs, or None.

    Built once per version of the knowledge base, the ontology and pyoxigraph (a new
    store, :meth:`KnowledgeGraph.ensure_background`, closed) and kept in the user
    cache (:func:`geokg.cache.cached_dir`); None when the cache cannot be written.
    """
    import pyoxigraph

    from geokg.cache import cached_dir, source_key
    from geokg.loaders.kb import kb_files, kb_key

    key = source_key([kb_key().encode(), *(f.read_bytes() for f in kb_files()),
                      data_file("geokg.ttl").read_bytes(), Path(__file__).read_bytes(),
                      pyoxigraph.__version__.encode()])

    def build(folder: Path) -> None:
        with KnowledgeGraph.open(folder, backend="oxigraph") as kg:
            kg.ensure_background()

    return cached_dir(f"store-{key}.oxigraph", build)
