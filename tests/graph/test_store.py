"""The claim store: round trips, named graphs, validation and export on a real on-disk Oxigraph store."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from geokg.errors import QueryError, StoreError, UnknownDocument
from geokg.graph.store import EXPORT_FORMATS, KnowledgeGraph
from geokg.loaders.claims import extraction_triples
from geokg.ontology import GKG, GKGR, GRAPH_KB, GRAPH_ONTOLOGY
from geokg.ontology.terms import to_ox

from tests.conftest import make_extraction, same_rdf

RUSSIA, UKRAINE, KAZ = GKGR["russia"], GKGR["ukraine"], GKGR["kazakhstan"]


def load(kg: KnowledgeGraph, ext) -> None:
    kg.replace_graph(ext.document.iri, extraction_triples(ext))


def claim_of(kg: KnowledgeGraph, subject: URIRef, relation: str, obj: URIRef) -> dict:
    q = """SELECT ?c ?evidence ?start ?end ?neg ?attr ?mod ?conf ?gen ?date ?doc WHERE {
             GRAPH ?g { ?c a gkg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                gkg:evidence ?evidence ; gkg:negated ?neg ; gkg:confidence ?conf ;
                prov:wasGeneratedBy ?gen ; prov:wasDerivedFrom ?doc .
                OPTIONAL { ?c gkg:charStart ?start ; gkg:charEnd ?end }
                OPTIONAL { ?c gkg:attributedTo ?attr } OPTIONAL { ?c gkg:modality ?mod }
                OPTIONAL { ?c dcterms:date ?date } } }"""
    rows = kg.query(q, s=subject, p=GKG[relation], o=obj).rows
    assert len(rows) == 1, rows
    return rows[0]


def test_store_claim_round_trip_keeps_every_property(store_dir):
    ext = make_extraction()
    with KnowledgeGraph.open(store_dir) as kg:
        load(kg, ext)
    with KnowledgeGraph.open(store_dir) as kg:  # reopened from disk
        row = claim_of(kg, KAZ, "supports", RUSSIA)
        assert str(row["evidence"]) == "Kazakhstan does not support Russia's war."
        assert row["start"].toPython() == 25 and row["end"].toPython() == 66
        assert row["neg"].toPython() is True
        assert row["attr"] == GKGR["person/temur-umarov"]
        assert str(row["mod"]) == "intended"
        assert row["conf"].datatype == XSD.decimal and float(row["conf"]) == pytest.approx(0.6)
        assert row["gen"] == GKGR["extractor/test-rule"]
        assert row["date"] == Literal("2022-10-12", datatype=XSD.date)
        assert row["doc"] == ext.document.iri
        doc = kg.query("SELECT ?t ?u ?l WHERE { ?d dcterms:title ?t ; schema:url ?u ; dcterms:language ?l }",
                       d=ext.document.iri).rows[0]
        assert (str(doc["t"]), str(doc["u"]), str(doc["l"])) == ("Example example", "https://example.org/example", "en")


def test_store_negated_claim_is_never_a_plain_triple(kg):
    load(kg, make_extraction())
    assert kg.query("ASK { ?s gkg:attacks ?o }", s=RUSSIA, o=UKRAINE).answer is True
    assert kg.query("ASK { ?s gkg:supports ?o }", s=KAZ, o=RUSSIA).answer is False
    assert kg.query("ASK { ?c gkg:negated true ; rdf:subject ?s }", s=KAZ).answer is True


def test_store_each_document_in_its_own_named_graph(kg):
    ext = make_extraction()
    load(kg, ext)
    graphs = {r["g"] for r in kg.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?c a gkg:Claim } }")}
    assert graphs == {ext.document.iri}
    assert kg.query("ASK { GRAPH ?g { ?o a owl:Ontology } }", g=GRAPH_ONTOLOGY).answer
    assert kg.query("ASK { GRAPH ?g { ?k gkg:iso3166Alpha3 'KAZ' } }", g=GRAPH_KB).answer


def count_claims(kg) -> int:
    return int(kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?c a gkg:Claim } }").rows[0]["n"])


def test_store_reloading_a_document_is_idempotent(kg):
    ext = make_extraction()
    load(kg, ext)
    before = count_claims(kg)
    load(kg, ext)
    load(kg, ext)
    assert count_claims(kg) == before == 2


def test_store_reloading_replaces_a_documents_claims(kg):
    load(kg, make_extraction())
    smaller = make_extraction()
    smaller.claims = smaller.claims[:1]
    load(kg, smaller)
    assert count_claims(kg) == 1
    assert kg.query("ASK { ?c rdf:subject ?s }", s=KAZ).answer is False


def test_store_remove_drops_exactly_one_document(kg):
    a, b = make_extraction("a"), make_extraction("b")
    load(kg, a)
    load(kg, b)
    kb_before = kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=GRAPH_KB).rows[0]["n"]
    assert kg.remove_document("Example a") == a.document.iri
    docs = [d["doc"] for d in kg.documents()]
    assert docs == [str(b.document.iri)]
    assert count_claims(kg) == 2
    kb_after = kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=GRAPH_KB).rows[0]["n"]
    assert kb_before == kb_after


def test_store_remove_unknown_document_raises(kg):
    load(kg, make_extraction())
    with pytest.raises(UnknownDocument, match="no document matches"):
        kg.remove_document("nothing like this")


# The shapes are about claims, documents and actors: a store of one document's claims is enough here
# (validating the 40,000 triples of the knowledge base takes seconds; test_cli_validate_passes_on_seed does).
def test_store_validate_accepts_real_claims(store_dir):
    with KnowledgeGraph.open(store_dir) as kg:
        load(kg, make_extraction())
        conforms, report = kg.validate()
        assert conforms, report


def test_store_validate_catches_a_broken_claim(store_dir):
    with KnowledgeGraph.open(store_dir) as kg:
        load(kg, make_extraction())
        bad = GKGR["claim/broken"]
        kg.update(f"INSERT DATA {{ GRAPH <{GKGR['doc/broken']}> {{ <{bad}> a gkg:Claim ; "
                  f"rdf:subject gkgr:russia , gkgr:china ; rdf:predicate gkg:attacks ; rdf:object gkgr:ukraine . }} }}")
        conforms, report = kg.validate()
        assert not conforms
        assert "claim/broken" in report


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_store_export_reimport_is_isomorphic(kg, tmp_path, fmt):
    load(kg, make_extraction())
    out = tmp_path / f"out.{fmt}"
    kg.export(fmt, out)
    _ox_fmt, rdflib_fmt, quads = EXPORT_FORMATS[fmt]
    original = {ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o, _g in kg.quads()}  # the union of the graphs
    if quads:
        ds = Dataset()
        ds.parse(out, format=rdflib_fmt)  # read back by rdflib
        doc_graph = ds.graph(make_extraction().document.iri)
        expected = Graph()
        for t in extraction_triples(make_extraction()):
            expected.add(t)
        assert isomorphic(doc_graph, expected)
        reread = ds.quads((None, None, None, None))
    else:
        reread = Graph().parse(out, format=rdflib_fmt)
    assert same_rdf({ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o, *_g in reread}, original)


def test_store_export_is_atomic_and_leaves_no_temp_files(kg, tmp_path):
    load(kg, make_extraction())
    kg.export("nquads", tmp_path / "a.nq")
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["a.nq"]


def test_store_memory_store_holds_claims_too(extraction):
    kg = KnowledgeGraph.open("memory")
    load(kg, extraction)
    assert kg.query("ASK { ?s gkg:attacks ?o }", s=RUSSIA, o=UKRAINE).answer
    assert kg.query("ASK { ?s gkg:supports ?o }", s=KAZ, o=RUSSIA).answer is False


def test_store_query_bindings_are_values_not_sparql(kg):
    load(kg, make_extraction())
    payload = 'x" } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    rows = kg.query("SELECT ?d WHERE { ?d dcterms:title ?t }", t=payload).rows
    assert rows == []
    assert count_claims(kg) == 2


def test_store_invalid_sparql_raises_query_error(kg):
    with pytest.raises(QueryError, match="invalid SPARQL"):
        kg.query("SELEC ?x WHERE {")


def test_store_refuses_a_file_as_store(tmp_path):
    f = tmp_path / "not-a-store"
    f.write_text("hello")
    with pytest.raises(StoreError, match="is a file"):
        KnowledgeGraph.open(f)


def test_store_refuses_a_foreign_folder(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a geokg store"):
        KnowledgeGraph.open(tmp_path / "docs")
    assert (tmp_path / "docs" / "notes.txt").read_text() == "mine"


def test_store_background_graphs_load_once(kg):
    assert kg.ensure_background() is False
    n = kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=GRAPH_ONTOLOGY).rows[0]["n"]
    assert int(n) > 500


_ = (DCTERMS, PROV, RDF)


def test_store_backend_chosen_by_name(tmp_path):
    from geokg.graph.backends import MemoryBackend, backend_class, register

    class Recording(MemoryBackend):
        name = "recording"
        updates: list[str] = []

        def update(self, sparql):
            self.updates.append(sparql)
            super().update(sparql)

    register("recording", Recording)
    kg = KnowledgeGraph.open("memory", backend="recording")
    assert kg.kind == "recording" and backend_class("recording") is Recording
    kg.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    assert Recording.updates and kg.query("ASK { <urn:a> <urn:b> <urn:c> }").answer
    with pytest.raises(StoreError, match="unknown store backend 'nosuch'"):
        KnowledgeGraph.open("memory", backend="nosuch")
    with KnowledgeGraph.open(tmp_path / "disk") as disk:
        assert disk.kind == "oxigraph"


def test_store_restore_refuses_a_server_or_memory(tmp_path):
    for store in ("memory", "http://127.0.0.1:9/query"):
        with pytest.raises(StoreError, match="on-disk store folder"):
            KnowledgeGraph.restore(tmp_path / "b.nq", store)


@pytest.mark.parametrize("where", [
    pytest.param("memory", id="memory"),
    pytest.param("disk", id="oxigraph", marks=pytest.mark.xfail(
        strict=True, reason="Oxigraph's union default graph is a multiset: oxigraph/oxigraph#1919, "
        "fixed upstream by #1920 for 0.6; pyoxigraph 0.5.13 is the newest release")),
])
def test_store_union_default_graph_counts_a_shared_triple_once(where, tmp_path):
    """An aggregate outside GRAPH counts a triple asserted by two documents once (the RDF merge).

    When this starts to pass on Oxigraph (XPASS), drop the mark and the limitation in docs/interop.md.
    """
    location = "memory" if where == "memory" else tmp_path / "store"
    with KnowledgeGraph.open(location) as kg:
        kg.update("""INSERT DATA { GRAPH <urn:doc:1> { gkgr:russia gkg:attacks gkgr:ukraine }
                                   GRAPH <urn:doc:2> { gkgr:russia gkg:attacks gkgr:ukraine } }""")
        rows = kg.query("SELECT (COUNT(*) AS ?n) WHERE { ?a gkg:attacks ?b }").rows
        assert rows[0]["n"].toPython() == 1
