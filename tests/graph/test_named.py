"""The named queries (graph/queries/named) on hand-made stores whose answers were worked out by hand.

Each runs on an embedded Oxigraph store and on the in-memory rdflib store:
the two engines must agree, since a notebook user may have either.
"""
from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from geokg.graph.store import KnowledgeGraph
from geokg.loaders.claims import Claim, Document, Extraction, extraction_triples
from geokg.ontology import GKG, GKGR

A, B, C = GKGR["state-a"], GKGR["state-b"], GKGR["state-c"]
X = GKGR["state-x"]  # an actor without an English label


def add_doc(kg, name, claims, published="2022-10-12"):
    doc = Document(GKGR[f"doc/{name}"], title=name, published=published, outlet="Wire", language="en")
    kg.replace_graph(doc.iri, extraction_triples(Extraction(doc, claims, [])))


@pytest.fixture(params=["oxigraph", "memory"])
def store(request, tmp_path):
    kg = KnowledgeGraph.open(tmp_path / "store" if request.param == "oxigraph" else "memory")
    kg.replace_graph(GKGR["graph/test-actors"],
                     [(x, RDF.type, GKG.State) for x in (A, B, C, X)]
                     + [(x, RDFS.label, Literal(n, lang="en")) for x, n in ((A, "A"), (B, "B"), (C, "C"))])
    # the knowledge base's graph is background, not a report, even where it uses a relation claims use
    kg.replace_graph(GKGR["graph/kb"], [(A, GKG.allyOf, C), (B, GKG.attacks, C)])
    add_doc(kg, "d1", [Claim(A, "attacks", B, "A attacked B.", char_start=0),
                       Claim(A, "attacks", B, "A attacked B again.", char_start=20),
                       Claim(C, "mediates", A, "C mediates.", char_start=40, date="2022-09-30")])
    add_doc(kg, "d2", [Claim(A, "attacks", B, "A attacked B.", char_start=0),
                       Claim(B, "supports", A, "B does not support A.", char_start=20, negated=True),
                       Claim(X, "meetsWith", A, "X met A.", char_start=40)], published="2022-11-02")
    yield kg
    kg.close()


def by(rows, key):
    return {r[key]: r for r in rows}


def test_actors_by_degree_counts_partners_ties_and_documents(store):
    rows = by([{k: (None if v is None else str(v)) for k, v in r.items()} for r in store.named("actors-by-degree")],
              "actor")
    a = rows[str(A)]
    # A: partners B (attacks), C (mediated by C), X (met); ties: d1 attacks + d1 mediates + d2 attacks + d2 meets
    assert (a["partners"], a["ties"], a["documents"]) == ("3", "4", "2")
    # B: the negated support never counts; the KB's triple about C is not a document's tie
    assert (rows[str(B)]["partners"], rows[str(B)]["ties"], rows[str(B)]["documents"]) == ("1", "2", "2")
    assert rows[str(C)]["partners"] == "1"
    assert list(rows)[0] == str(A)  # most partners first


def test_actor_claims_reads_both_directions_once(store):
    rows = store.named("actor-claims", actor="A")
    relations = sorted(str(r["relation"]).rsplit("#", 1)[-1] for r in rows)
    # A as subject (3 attacks), as object (mediates, negated supports, meetsWith)
    assert relations == ["attacks", "attacks", "attacks", "mediates", "meetsWith", "supports"]
    negated = [r for r in rows if str(r["negated"]) == "true"]
    assert len(negated) == 1 and str(negated[0]["evidence"]) == "B does not support A."


def test_dyads_over_time_by_claim_date_else_document_date(store):
    rows = [{k: str(v) for k, v in r.items()} for r in store.named("dyads-over-time")]
    got = {(r["subjectLabel"], r["relation"].rsplit("#", 1)[-1], r["objectLabel"], r["month"]):
           (r["claims"], r["documents"]) for r in rows}
    assert got == {
        ("A", "attacks", "B", "2022-10"): ("2", "1"),
        ("A", "attacks", "B", "2022-11"): ("1", "1"),
        ("C", "mediates", "A", "2022-09"): ("1", "1"),  # the claim's own date, not the article's
        (str(X), "meetsWith", "A", "2022-11"): ("1", "1"),  # no English label: the IRI, not a blank
    }


@pytest.mark.parametrize("value", ["https://x.example/a b", "https://x.example/a>b", "gkgr:a b"])
def test_cli_query_named_param_not_a_valid_iri_is_one_line_and_exit_2(tmp_path, value):
    from click.testing import CliRunner

    from geokg.cli import cli

    with KnowledgeGraph.open(tmp_path / "store") as kg:
        add_doc(kg, "d1", [Claim(A, "supports", B, "A supports B.")])
    result = CliRunner().invoke(cli, ["query", "--store", str(tmp_path / "store"), "--name", "actor-claims",
                                      "--param", f"actor={value}"])
    assert result.exit_code == 2, result.output
    assert result.stderr == f"geokg: error: {value!r} is not a valid IRI (no spaces or any of <>\"{{}}|^`\\ in an IRI)\n"
    assert "Traceback" not in result.output
