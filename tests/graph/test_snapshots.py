"""Snapshots: time windows, self-description, Gephi and CSV formats, and diffs between snapshots."""
from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal
from rdflib.namespace import RDF, RDFS

from geokg.cli import cli
from geokg.errors import InputError
from geokg.graph.snapshots import GRAPH_SNAPSHOT, diff_snapshots, snapshot_dataset, write_snapshot
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.claims import Claim, Document, Extraction, extraction_triples
from geokg.ontology import GKG, GKGR

RU, UA, TR, KZ = GKGR["russia"], GKGR["ukraine"], GKGR["turkiye"], GKGR["kazakhstan"]


def doc(kg, name: str, published: str, claims: list[Claim]) -> None:
    ext = Extraction(Document(GKGR[f"doc/{name}"], title=name, published=published, language="en"), claims, [])
    kg.replace_graph(ext.document.iri, extraction_triples(ext))


@pytest.fixture
def kg(tmp_path):
    with KnowledgeGraph.open(tmp_path / "store") as graph:
        graph.ensure_background()
        doc(graph, "february", "2022-02-24", [Claim(RU, "attacks", UA, "Russia attacked Ukraine.")])
        doc(graph, "october", "2022-10-13", [
            Claim(TR, "mediates", RU, "Turkey mediates.", date="2022-10-12"),
            Claim(TR, "mediates", UA, "Turkey mediates."),
            Claim(RU, "attacks", UA, "The attacks go on.", date="2022-10-10")])
        yield graph


def plain(ds: Dataset, s, rel, o) -> bool:
    return any(ds.quads((s, GKG[rel], o, None)))


def test_snapshot_as_of_keeps_earlier_claims_only(kg):
    ds = snapshot_dataset(kg, as_of="2022-03-01")
    claims = set(ds.subjects(RDF.type, GKG.Claim))
    assert len(claims) == 1
    assert plain(ds, RU, "attacks", UA) and not plain(ds, TR, "mediates", RU)


def test_snapshot_plain_triple_stays_while_another_claim_supports_it(kg):
    ds = snapshot_dataset(kg, since="2022-10-01")
    assert plain(ds, RU, "attacks", UA)  # the October claim still supports it
    assert plain(ds, TR, "mediates", UA)  # undated: the document's date counts
    ds = snapshot_dataset(kg, as_of="2022-02-28")
    assert not plain(ds, TR, "mediates", UA)


def test_snapshot_describes_itself(kg):
    ds = snapshot_dataset(kg, as_of="2022-10-11")
    meta = ds.graph(GRAPH_SNAPSHOT)
    node = next(meta.subjects(RDF.type, GKG.Snapshot))
    assert str(meta.value(node, GKG.asOf)) == "2022-10-11"
    assert int(meta.value(node, GKG.claimCount)) == 2  # February, and October's dated 2022-10-10
    assert int(meta.value(node, GKG.documentCount)) == 2


def test_snapshot_full_export_has_metadata_too(kg, tmp_path):
    out = tmp_path / "all.nq"
    write_snapshot(kg, "nquads", out)
    ds = Dataset()
    ds.parse(out, format="nquads")
    meta = ds.graph(GRAPH_SNAPSHOT)
    node = next(meta.subjects(RDF.type, GKG.Snapshot))
    assert int(meta.value(node, GKG.claimCount)) == 4


def test_snapshot_bad_date_is_a_clear_error(kg):
    with pytest.raises(InputError, match="--as-of 'last week' is not a date"):
        snapshot_dataset(kg, as_of="last week")


@pytest.mark.parametrize("fmt, reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_snapshot_actor_graph_for_gephi(kg, tmp_path, fmt, reader):
    out = tmp_path / f"g.{fmt}"
    write_snapshot(kg, fmt, out)
    G = reader(out)
    assert G.number_of_nodes() >= 3
    weights = {(str(u).rsplit("/", 1)[-1], str(v).rsplit("/", 1)[-1]): float(d["weight"]) for u, v, d in G.edges(data=True)}
    assert weights[("russia", "ukraine")] < 0 < weights[("turkiye", "russia")]


def test_snapshot_csv_claims_with_evidence(kg):
    rows = list(csv.DictReader(io.StringIO(write_snapshot(kg, "csv", None, as_of="2022-03-01").decode())))
    assert [(r["relation"], r["evidence"], r["date"]) for r in rows] == [("attacks", "Russia attacked Ukraine.", "2022-02-24")]


def test_snapshot_diff_lists_added_and_removed_with_claims(kg, tmp_path):
    old, new = tmp_path / "old.trig", tmp_path / "new.trig"
    write_snapshot(kg, "trig", old, as_of="2022-03-01")
    write_snapshot(kg, "trig", new)
    d = diff_snapshots(old, new)
    assert {(a["subject"], a["relation"], a["object"]) for a in d.added} == {
        ("Türkiye", "mediates", "Russia"), ("Türkiye", "mediates", "Ukraine")}
    assert d.removed == []
    assert d.added[0]["claims"][0]["evidence"] == "Turkey mediates."
    back = diff_snapshots(new, old)
    assert len(back.removed) == 2 and back.added == []


def test_cli_export_as_of_and_diff(kg, tmp_path):
    store = kg.location
    kg.close()
    env = {"GEOKG_STORE": store}
    r = CliRunner().invoke(cli, ["export", "--format", "nquads", "--as-of", "2022-03-01", "-o", str(tmp_path / "a.nq")], env=env)
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["export", "--format", "nquads", "-o", str(tmp_path / "b.nq")], env=env)
    assert r.exit_code == 0
    r = CliRunner().invoke(cli, ["diff", str(tmp_path / "a.nq"), str(tmp_path / "b.nq")])
    assert r.exit_code == 0 and r.output.startswith("2 relation(s) added, 0 removed")
    assert "+ Türkiye mediates Russia" in r.output
    r = CliRunner().invoke(cli, ["diff", str(tmp_path / "a.nq"), str(tmp_path / "missing.nq")])
    assert r.exit_code == 2 and "no such file" in r.output


# ---------------------------------------------------------------- the knowledge base in a snapshot
CORE_PREDICATES = {GKG[r] for r in ("memberOf", "leaderOf", "officialOf", "partOf", "locatedIn", "attacks", "mediates")}


@pytest.mark.parametrize("window", [{}, {"as_of": "2030-01-01"}])
def test_snapshot_carries_the_knowledge_base_only_for_what_documents_name(kg, window):
    ds = Dataset()
    ds.parse(data=write_snapshot(kg, "nquads", None, **window), format="nquads")
    kb = ds.graph(GKGR["graph/kb"])
    assert (RU, RDFS.label, Literal("Russia", lang="en")) in kb  # named by a claim: described
    assert any(kb.triples((RU, GKG.memberOf, None)))  # with its memberships
    assert not any(kb.triples((GKGR["peru"], None, None)))  # never named: left out
    putin_tenures = set(kb.subjects(GKG.holder, GKGR["vladimir-putin"]))
    assert not putin_tenures  # Putin is not named either
    # what a kept fact points to keeps its name: the organisations Russia is a member of
    org = next(kb.objects(RU, GKG.memberOf))
    assert any(kb.triples((org, RDFS.label, None)))
    assert len(ds.graph(GKGR["graph/ontology"])) > 100  # the ontology stays whole


def test_snapshot_of_a_store_without_claims_asserts_no_relation(tmp_path):
    with KnowledgeGraph.open(tmp_path / "store") as graph:
        graph.ensure_background()
        doc(graph, "quiet", "2022-10-13", [])
        ds = Dataset()
        ds.parse(data=write_snapshot(graph, "nquads", None), format="nquads")
    # a reader of a snapshot without claims (nothing was read) finds no relation the documents did not assert
    assert not [q for q in ds.quads((None, None, None, None)) if q[1] in CORE_PREDICATES]
    assert any(ds.quads((GKGR["doc/quiet"], RDF.type, GKG.Document, None)))


def test_snapshot_names_the_tenures_of_office_of_a_named_person(tmp_path):
    with KnowledgeGraph.open(tmp_path / "store") as graph:
        graph.ensure_background()
        doc(graph, "visit", "2022-10-13", [Claim(GKGR["vladimir-putin"], "visits", KZ, "Putin visits Kazakhstan.")])
        ds = Dataset()
        ds.parse(data=write_snapshot(graph, "trig", None), format="trig")
    kb = ds.graph(GKGR["graph/kb"])
    tenures = set(kb.subjects(GKG.holder, GKGR["vladimir-putin"]))
    assert tenures and all(any(kb.triples((t, GKG.startDate, None))) for t in tenures)
