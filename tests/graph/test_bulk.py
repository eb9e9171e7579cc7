"""Bulk loading (graph.bulk): embedded Oxigraph, memory, and a real `oxigraph serve` through the Graph Store Protocol."""
from __future__ import annotations

import pytest
from rdflib import URIRef

from geokg.graph.bulk import BulkLoader, bulk_load, gsp_url, write_document
from geokg.errors import StoreError
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.ingest import ingest_paths
from tests.conftest import same_store

G1 = "https://w3id.org/geokg/id/doc/one"
G2 = "https://w3id.org/geokg/id/doc/two"
TITLE = "<http://purl.org/dc/terms/title>"


def doc(graph: str, *titles: str) -> bytes:
    return "".join(f'<{graph}> {TITLE} "{t}" <{graph}> .\n' for t in titles).encode()


def titles(kg: KnowledgeGraph, graph: str) -> set[str]:
    rows = kg.query("SELECT ?t WHERE { GRAPH ?g { ?g dcterms:title ?t } }", g=URIRef(graph)).rows
    return {str(r["t"]) for r in rows}


@pytest.fixture(params=["oxigraph", "memory"])
def store(request, tmp_path):
    with KnowledgeGraph.open("memory" if request.param == "memory" else tmp_path / "store") as kg:
        yield kg


def test_bulk_load_writes_and_reloading_replaces(store):
    report = bulk_load(store, [(G1, doc(G1, "a", "b")), (G2, doc(G2, "c"))])
    assert (report.documents, report.quads, report.batches) == (2, 3, 1)
    assert titles(store, G1) == {"a", "b"} and titles(store, G2) == {"c"}
    bulk_load(store, [(G1, doc(G1, "new"))])
    assert titles(store, G1) == {"new"} and titles(store, G2) == {"c"}


def test_a_graph_given_twice_keeps_its_last_content_across_batches(store):
    report = bulk_load(store, [(G1, doc(G1, "old")), (G2, doc(G2, "x" * 50)), (G1, doc(G1, "last"))], batch_bytes=150)
    assert report.batches == 2
    assert titles(store, G1) == {"last"}
    bulk_load(store, [(G1, doc(G1, "p")), (G1, doc(G1, "q"))])  # the same batch
    assert titles(store, G1) == {"q"}


def test_write_document_replaces_in_one_update(store):
    write_document(store, G1, doc(G1, "a", 'with \\"quotes\\" and\\nline break'))
    assert titles(store, G1) == {"a", 'with "quotes" and\nline break'}
    write_document(store, G1, doc(G1, "b"))
    assert titles(store, G1) == {"b"}


def test_invalid_nquads_are_a_clear_error(store):
    with pytest.raises(StoreError, match="bulk load failed"):
        bulk_load(store, [(G1, b"<not an nquads line\n")])


def test_an_exception_drops_the_unwritten_batch(tmp_path):
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        with pytest.raises(RuntimeError):
            with BulkLoader(kg) as loader:
                loader.add(G1, doc(G1, "a"))
                raise RuntimeError("stop")
        assert titles(kg, G1) == set()


def test_closed_store_is_refused(tmp_path):
    kg = KnowledgeGraph.open(tmp_path / "s")
    kg.close()
    with pytest.raises(StoreError, match="closed"):
        bulk_load(kg, [(G1, doc(G1, "a"))])


def test_gsp_url(monkeypatch):
    class Remote:
        kind, location = "sparql", "http://127.0.0.1:7878/query"

    assert gsp_url(Remote()) == "http://127.0.0.1:7878/store"
    monkeypatch.setenv("GEOKG_GSP_URL", "http://h/ds/data")
    assert gsp_url(Remote()) == "http://h/ds/data"


def test_bulk_ingest_into_a_sparql_server_through_the_graph_store_protocol(oxigraph_server, corpus_template,
                                                                          corpus_serial):
    kg = KnowledgeGraph.open(oxigraph_server)
    report = ingest_paths(kg, [corpus_template], bulk=True)
    bulk_load(kg, [(G1, doc(G1, "a"))])
    bulk_load(kg, [(G1, doc(G1, "b"))])  # replaces on the server too
    assert titles(kg, G1) == {"b"}
    kg.drop_graph(URIRef(G1))
    path, expected = corpus_serial  # the same corpus ingested into an embedded store
    assert (report.documents, report.claims) == (expected.documents, expected.claims)
    with KnowledgeGraph.open(path) as local:
        assert same_store(kg, local)


def test_unreachable_server_is_a_clear_error(monkeypatch):
    kg = KnowledgeGraph.open("http://127.0.0.1:9/query")
    monkeypatch.setattr(kg.backend, "update", lambda sparql: None)  # the drops; the upload then fails
    with pytest.raises(StoreError, match="cannot reach http://127.0.0.1:9/store"):
        bulk_load(kg, [(G1, doc(G1, "a"))])
