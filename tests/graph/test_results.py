"""Query results as other tools read them: SPARQL 1.1 Query Results JSON, typed DataFrames, ASK and CONSTRUCT."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.query import Result

from geokg.cli import cli
from geokg.graph.store import KnowledgeGraph

DATA = """INSERT DATA { GRAPH <urn:doc1> {
  <urn:c1> a gkg:Claim ; gkg:confidence 0.8 ; dcterms:date "2022-10-12"^^xsd:date ; gkg:evidence "Er sagte: \\"Frieden\\"."@de .
  <urn:c2> a gkg:Claim ; gkg:confidence 0.65 ; dcterms:date "2022"^^xsd:gYear ; gkg:evidence "plain" .
  <urn:c3> a gkg:Claim ; gkg:confidence 1 ; dcterms:date "2022-03"^^xsd:gYearMonth ; gkg:evidence "x" .
  <urn:c4> a gkg:Claim ; gkg:confidence 0.5 ; dcterms:date "2022-10-12T09:30:00+02:00"^^xsd:dateTime ; gkg:evidence "y" .
} }"""
SELECT = "SELECT ?c ?w ?d ?e WHERE { ?c a gkg:Claim ; gkg:confidence ?w ; dcterms:date ?d ; gkg:evidence ?e } ORDER BY ?c"


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    with KnowledgeGraph.open("memory" if request.param == "memory" else tmp_path / "s") as kg:
        kg.update(DATA)
        yield kg


def test_results_query_json_is_sparql_results_json(store, tmp_path):
    if store.kind == "memory":
        pytest.skip("the CLI reads an on-disk store")
    store.close()
    res = CliRunner().invoke(cli, ["query", "--format", "json", SELECT, "--store", store.location])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["head"]["vars"] == ["c", "w", "d", "e"]
    first = doc["results"]["bindings"][0]
    assert first["c"] == {"type": "uri", "value": "urn:c1"}
    assert first["e"] == {"type": "literal", "value": 'Er sagte: "Frieden".', "xml:lang": "de"}
    assert first["d"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"
    parsed = Result.parse(io.StringIO(res.output), format="json")  # rdflib's SPARQL JSON results parser
    assert len(list(parsed)) == 4
    ask = CliRunner().invoke(cli, ["query", "--format", "json", "ASK { <urn:c1> a gkg:Claim }", "--store",
                                   store.location])
    assert json.loads(ask.output) == {"head": {}, "boolean": True}
    assert Result.parse(io.StringIO(ask.output), format="json").askAnswer is True


def test_results_dataframe_has_one_type_per_column(store):
    df = store.query(SELECT).to_df()
    assert str(df["w"].dtype) == "float64" and df["w"].tolist() == [0.8, 0.65, 1.0, 0.5]
    assert str(df["d"].dtype).startswith("datetime64")
    assert df["d"].tolist() == [pd.Timestamp("2022-10-12"), pd.Timestamp("2022-01-01"), pd.Timestamp("2022-03-01"),
                                pd.Timestamp("2022-10-12 07:30:00")]
    assert df["e"].tolist()[1] == "plain"


def test_results_ask_gives_a_boolean_and_construct_a_graph(store):
    ask = store.query("ASK { <urn:c1> a gkg:Claim }")
    assert ask.answer is True and ask.to_df()["answer"].tolist() == [True]
    built = store.query("CONSTRUCT { ?c gkg:confidence ?w } WHERE { ?c gkg:confidence ?w }")
    assert len(built.graph) == 4
    df = built.to_df()
    assert list(df.columns) == ["subject", "predicate", "object"] and len(df) == 4
    assert str(df["object"].dtype) == "float64"


def test_results_a_comment_with_where_keeps_the_bindings(store):
    rows = store.query("# where { is in this comment\nSELECT ?x WHERE { BIND(?v AS ?x) }", v="kept").rows
    assert [str(r["x"]) for r in rows] == ["kept"]
    rows = store.query('SELECT ?e WHERE { ?c gkg:evidence ?e FILTER(?e != "where {") FILTER(?c = ?who) }',
                       who=URIRef("urn:c2")).rows
    assert [str(r["e"]) for r in rows] == ["plain"]
