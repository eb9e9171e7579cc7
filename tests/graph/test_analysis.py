"""Measures on small hand-made graphs whose values were computed by hand, on the seed, and the CLI."""
from __future__ import annotations

import json
import re
import math

import networkx as nx
import pytest
from click.testing import CliRunner

from geokg.graph.analysis import (alignment, analyze, balance, betweenness, brokers, centrality, claims_between, eigenvector,
                            explain_alignment, explain_edge, pagerank, signed_blocs, signed_graph,
                            signed_modularity, strongest_dyads, weighted_degree)
from geokg.cli import cli
from geokg.errors import UnknownActor
from geokg.graph.projection import dyads, to_networkx
from geokg.graph.store import KnowledgeGraph
from geokg.ontology import GKGR

RU, UA, TR = str(GKGR["russia"]), str(GKGR["ukraine"]), str(GKGR["turkiye"])
ERDOGAN = str(GKGR["recep-tayyip-erdogan"])


def two_camps() -> nx.Graph:
    """Two friendly triangles at odds, and a third triangle G-H-I that is unbalanced (+, +, -)."""
    G = nx.Graph()
    G.add_weighted_edges_from([("A", "B", 1), ("B", "C", 1), ("A", "C", 1), ("D", "E", 1), ("E", "F", 1),
                               ("D", "F", 1), ("A", "D", -1), ("B", "E", -1),
                               ("G", "H", 1), ("H", "I", 1), ("G", "I", -1)])
    return G


# ---------------------------------------------------------------- centrality
def test_weighted_degree_sums_absolute_weights():
    G = nx.DiGraph([("A", "B", {"weight": -2.0}), ("A", "C", {"weight": 0.5}), ("C", "B", {"weight": 1.0})])
    assert weighted_degree(G) == {"A": {"in": 0.0, "out": 2.5}, "B": {"in": 3.0, "out": 0.0},
                                  "C": {"in": 0.5, "out": 1.0}}


def test_pagerank_cycle_is_uniform_and_dangling_pair_by_hand():
    cycle = pagerank(nx.DiGraph([("A", "B"), ("B", "C"), ("C", "A")]))
    assert all(v == pytest.approx(1 / 3) for v in cycle.values())
    # A -> B, B dangling: x_A = 0.15/2 + 0.85 x_B/2, x_A + x_B = 1  =>  x_A = 0.5 / 1.425
    pr = pagerank(nx.DiGraph([("A", "B", {"weight": -3.0})]))
    assert pr["A"] == pytest.approx(0.5 / 1.425) and pr["B"] == pytest.approx(1 - 0.5 / 1.425)


def test_pagerank_follows_weights():
    # A splits its vote 3:1 between B and C; B and C send everything back to A
    G = nx.DiGraph([("A", "B", {"weight": 3.0}), ("A", "C", {"weight": 1.0}), ("B", "A", {"weight": 1.0}),
                    ("C", "A", {"weight": 1.0})])
    pr = pagerank(G)
    # x_B = 0.05 + 0.85 * 0.75 x_A, x_C = 0.05 + 0.85 * 0.25 x_A, x_A = 0.05 + 0.85 (x_B + x_C)
    xa = (0.05 + 0.85 * 0.1) / (1 - 0.85 ** 2)
    assert pr["A"] == pytest.approx(xa)
    assert pr["B"] == pytest.approx(0.05 + 0.6375 * xa)


def test_eigenvector_star_by_hand():
    # star with centre A and three leaves: lambda = sqrt(3), x_A = 1/sqrt(2), leaves 1/sqrt(6)
    ev = eigenvector(nx.Graph([("A", "B"), ("A", "C"), ("A", "D")]))
    assert ev["A"] == pytest.approx(1 / math.sqrt(2))
    assert ev["B"] == pytest.approx(1 / math.sqrt(6))


def test_eigenvector_uses_absolute_weights_of_both_directions():
    G = nx.DiGraph([("A", "B", {"weight": -1.0}), ("C", "B", {"weight": 1.0})])
    ev = eigenvector(G)
    assert ev["A"] == pytest.approx(ev["C"]) == pytest.approx(0.5)


def test_betweenness_path_exact_and_sampled():
    G = nx.path_graph(["A", "B", "C", "D", "E"])
    exact = betweenness(G)
    # B lies on A-C, A-D, A-E: 3 of the C(4,2) = 6 pairs among the others
    assert exact["B"] == pytest.approx(3 / 6) and exact["C"] == pytest.approx(4 / 6)
    sampled = betweenness(G, exact_limit=2, k=3)
    assert set(sampled) == set(G) and sampled["A"] == 0.0


@pytest.mark.parametrize("trial", range(12))
def test_betweenness_equals_networkx_with_tied_paths(trial):
    """The sparse Brandes gives networkx's figures, tied shortest paths and sampled sources included."""
    import random

    rnd = random.Random(trial)
    G = nx.gnm_random_graph(rnd.randint(3, 40), rnd.randint(2, 120), seed=trial)
    G.add_edge(0, 0, weight=1.0)  # a loop lies on no shortest path
    for u, v in G.edges:
        G[u][v].setdefault("weight", rnd.choice([1, 2, -1, 0.5, -2, 0]))  # many equal lengths: many ties
    D = nx.Graph()
    D.add_nodes_from(G)
    D.add_edges_from((u, v, {"d": 1.0 / abs(w) if (w := x["weight"]) else 1.0e9}) for u, v, x in G.edges(data=True))
    for k in (None, min(5, len(G) - 1)):
        ours = betweenness(G, k=k, exact_limit=0 if k else 10_000, seed=trial)
        theirs = nx.betweenness_centrality(D, k=k, weight="d", normalized=True, seed=trial)
        assert ours.keys() == theirs.keys()
        for n in ours:
            assert ours[n] == pytest.approx(theirs[n], rel=1e-9, abs=1e-12, nan_ok=True)


def test_betweenness_prefers_strong_ties():
    # A-B-C strong (weight 2: distance 0.5 each), A-D-C weak (distance 2 each): B carries A-C
    G = nx.Graph([("A", "B", {"weight": 2}), ("B", "C", {"weight": 2}), ("A", "D", {"weight": 0.5}),
                  ("D", "C", {"weight": 0.5})])
    bc = betweenness(G)
    assert bc["B"] > 0 and bc["D"] == 0


def test_centrality_has_every_measure():
    c = centrality(nx.DiGraph([("A", "B", {"weight": 1.0})]))
    assert set(c["A"]) == {"in", "out", "pagerank", "betweenness", "eigenvector"}


# ---------------------------------------------------------------- views, dyads, brokers
def test_signed_graph_counts_symmetric_relations_once():
    G = nx.DiGraph()
    G.add_edge("A", "B", weight=0.1 - 0.5, positive=0.1, negative=0.5, symmetric_positive=0.1)
    G.add_edge("B", "A", weight=0.1, positive=0.1, negative=0.0, symmetric_positive=0.1)
    e = signed_graph(G)["A"]["B"]
    assert (e["weight"], e["positive"], e["negative"]) == pytest.approx((-0.4, 0.1, 0.5))


def test_strongest_dyads_sorted_by_sign_and_strength():
    G = nx.DiGraph([("A", "B", {"weight": -1.0}), ("B", "C", {"weight": -3.0}), ("A", "C", {"weight": 2.0}),
                    ("C", "A", {"weight": 0.5})])
    d = strongest_dyads(G, n=5)
    assert [(x["a"], x["b"], x["weight"]) for x in d["conflictual"]] == [("B", "C", -3.0), ("A", "B", -1.0)]
    assert [(x["a"], x["b"], x["weight"]) for x in d["cooperative"]] == [("A", "C", 2.5)]


def test_brokers_need_cooperative_ties_to_both_sides():
    G = nx.DiGraph([("A", "B", {"weight": -2.0}), ("C", "A", {"weight": 0.5}), ("B", "C", {"weight": 1.0}),
                    ("D", "A", {"weight": 3.0}), ("E", "A", {"weight": 1.0}), ("E", "B", {"weight": -1.0})])
    # C: min(0.5, 1.0) * 2 = 1.0; D has no tie to B; E is hostile to B
    assert brokers(G) == [{"actor": "C", "score": 1.0, "pairs": [("A", "B")]}]


# ---------------------------------------------------------------- alignment
def test_alignment_parts_by_hand():
    G = nx.DiGraph()
    G.add_node("A", memberships=["UN", "NATO", "OSCE"])
    G.add_node("B", memberships=["UN", "OSCE"])
    G.add_edge("A", "B", weight=3.0, positive=3.0, negative=0.0)
    G.add_edge("B", "A", weight=-1.0, positive=0.0, negative=1.0)
    G.add_edge("A", "X", weight=1.0)
    G.add_edge("B", "X", weight=1.0)
    G.add_edge("A", "Y", weight=1.0)
    G.add_edge("Y", "B", weight=-1.0)
    r = alignment(G, "A", "B")
    assert r["direct"] == pytest.approx((3 - 1) / (3 + 1))
    # a = (X: 1, Y: 1), b = (X: 1, Y: -1): cosine 0
    assert r["stance"] == pytest.approx(0.0)
    assert r["membership"] == pytest.approx(2 / 3)
    assert r["score"] == pytest.approx(0.5 * 0.5 + 0.3 * 0.0 + 0.2 * 2 / 3)
    assert r["shared_memberships"] == ["OSCE", "UN"]


def test_alignment_without_evidence_leaves_parts_out():
    G = nx.Graph([("A", "X", {"weight": 1.0}), ("B", "X", {"weight": -2.0})])
    r = alignment(G, "A", "B")
    assert r["direct"] is None and r["membership"] is None
    assert r["stance"] == pytest.approx(-1.0) and r["score"] == pytest.approx(-1.0)


def test_alignment_unknown_node_raises():
    with pytest.raises(UnknownActor):
        alignment(nx.Graph([("A", "B")]), "A", "Z")


# ---------------------------------------------------------------- blocs and balance
def test_signed_blocs_separate_hostile_camps():
    blocs = [sorted(b) for b in signed_blocs(two_camps())]
    assert blocs[:2] == [["A", "B", "C"], ["D", "E", "F"]]
    assert ["G", "H", "I"] not in blocs  # G and I are at odds: never in one bloc
    assert not any({"G", "I"} <= set(b) for b in blocs)


def test_signed_blocs_refinement_moves_out_a_hostile_member():
    # X's only positive tie is to A, so Louvain on positive ties puts X in A's camp;
    # X is hostile to B and C: the signed refinement leaves it alone
    G = nx.Graph()
    G.add_weighted_edges_from([("A", "B", 1), ("B", "C", 1), ("A", "C", 1), ("X", "A", 0.5),
                               ("X", "B", -3), ("X", "C", -3)])
    assert [sorted(b) for b in signed_blocs(G)] == [["A", "B", "C"], ["X"]]


def test_signed_modularity_by_hand():
    G = nx.Graph([("A", "B", {"weight": 1.0}), ("B", "C", {"weight": -1.0})])
    # w+ = w- = 1. Bloc {A, B}: inside 2, expected+ (1 + 1)^2 / 2 = 2, expected- (0 + 1)^2 / 2 = 0.5;
    # bloc {C}: expected- 1^2 / 2 = 0.5.  Q = [(2 - 2 + 0.5) + (0 - 0 + 0.5)] / (2 + 2) = 0.25
    assert signed_modularity(G, [{"A", "B"}, {"C"}]) == pytest.approx(0.25)
    assert signed_modularity(G, [{"A", "B", "C"}]) == pytest.approx((0 - 2 + 2) / 4)


def test_balance_share_of_balanced_triads():
    assert balance(two_camps()) == {"triads": 3, "balanced": 2, "unbalanced": 1, "index": pytest.approx(2 / 3)}
    enemies = nx.Graph([("A", "B", {"weight": -1}), ("B", "C", {"weight": -1}), ("A", "C", {"weight": 1})])
    assert balance(enemies)["index"] == 1.0  # the enemy of my enemy is my friend
    assert balance(nx.Graph([("A", "B", {"weight": 1})]))["index"] is None


def test_analyze_returns_plain_data():
    r = analyze(nx.DiGraph(two_camps()), top=3)
    json.dumps(r, default=sorted)
    assert len(r["centrality"]) == 3 and r["balance"]["triads"] == 3


# ---------------------------------------------------------------- the seed
@pytest.fixture
def seed_kg(seeded_store):
    kg = KnowledgeGraph.open(seeded_store)
    yield kg
    kg.close()


@pytest.mark.parametrize("level,broker", [("actor", ERDOGAN), ("state", TR)])
def test_analyze_seed_conflict_and_broker(seed_kg, level, broker):
    G = to_networkx(seed_kg, level=level)
    r = analyze(G)
    worst = r["conflictual"][0]
    # one source (evidence 1.0), attacks weighs -1.0: the weight is minus the attack claims' mean confidence
    (attack,) = [d for d in dyads(seed_kg) if (d.subject, d.relation, d.object) == (RU, "attacks", UA)]
    assert {worst["a"], worst["b"]} == {RU, UA}
    assert worst["relations"] == {"attacks": pytest.approx(-attack.confidence, abs=1e-6)}
    assert r["brokers"][0]["actor"] == broker and (RU, UA) in r["brokers"][0]["pairs"]


def test_explain_alignment_seed_turkey_ukraine_shows_claims(seed_kg):
    G = to_networkx(seed_kg)
    r = explain_alignment(seed_kg, G, str(seed_kg.actor("Turkey")), str(seed_kg.actor("Ukraine")))
    assert r["direct"] == 1.0
    (claim,) = r["evidence"]["direct"]
    assert claim["relation"] == "supports" and "Waffenstillstand" in claim["evidence"]
    assert claim["attributed_to"] == str(GKGR["mevlut-cavusoglu"]) and claim["outlet"].startswith("watson.de")


def test_explain_edge_state_level_includes_rolled_up_persons(seed_kg):
    G = to_networkx(seed_kg, level="state")
    claims = explain_edge(seed_kg, G, TR, UA)
    assert {(c["subject"], c["relation"]) for c in claims} == {(ERDOGAN, "mediates"), (TR, "supports")}
    assert claims[0]["relation"] == "mediates"  # strongest first


# ---------------------------------------------------------------- CLI
@pytest.fixture
def seeded(seeded_store):
    return seeded_store


def run(store, *args):
    return CliRunner().invoke(cli, list(args), env={"GEOKG_STORE": str(store)}, catch_exceptions=False)


def test_cli_analyze_table_json_csv(seeded):
    table = run(seeded, "analyze", "--top", "3")
    assert table.exit_code == 0, table.output
    assert "Russia          Ukraine" in table.output.split("most conflictual dyads")[1].splitlines()[3]
    assert "Recep Tayyip Erdoğan" in table.output.split("brokers")[1]
    data = json.loads(run(seeded, "analyze", "--format", "json", "--level", "state").output)
    assert data["brokers"][0]["actor"] == TR and data["options"]["level"] == "state"
    rows = run(seeded, "analyze", "--format", "csv").output.splitlines()
    assert rows[0].startswith("actor,label,class,in,out,pagerank") and len(rows) == 1 + 12


def test_cli_align_turkey_ukraine_shows_score_parts_and_claims(seeded):
    res = run(seeded, "align", "Turkey", "Ukraine")
    assert res.exit_code == 0, res.output
    assert res.output.startswith("alignment Türkiye - Ukraine: 0.5")
    for part in ("direct", "stance", "membership"):
        assert f"\n{part} " in res.output
    assert "supports" in res.output and "Waffenstillstand" in res.output


def test_cli_align_accepts_german_names(seeded):
    res = run(seeded, "align", "Türkei", "Ukraine", "--format", "json")
    assert json.loads(res.output)["a"] == TR


def test_cli_explain_russia_ukraine_lists_every_claim(seeded):
    res = run(seeded, "explain", "Russia", "Ukraine")
    assert res.exit_code == 0
    with KnowledgeGraph.open(seeded) as kg:
        claims = claims_between(kg, str(kg.actor("Russia")), str(kg.actor("Ukraine")))
    assert len(claims) >= 2 and {c["relation"] for c in claims} == {"attacks"}
    assert res.output.startswith(f"{len(claims)} claim(s) between Russia and Ukraine")
    # each claim once as a row (its rule, "rule: de-attacks-4", names the relation too)
    assert len(re.findall(r"(?<![-.])attacks(?![-.])", res.output)) == len(claims) and "Angriffskrieg" in res.output
    assert res.output.count("rule:") == len(claims)  # the rule or pattern that read each claim


def test_cli_unknown_actor_suggests_close_names(seeded):
    res = CliRunner().invoke(cli, ["align", "Turkye", "Ukraine"], env={"GEOKG_STORE": str(seeded)})
    assert res.exit_code == 2
    assert "unknown actor 'Turkye'" in res.output and "Türkiye" in res.output


def test_cli_bad_projection_option_is_one_line(seeded):
    res = CliRunner().invoke(cli, ["analyze", "--since", "yesterday"], env={"GEOKG_STORE": str(seeded)})
    assert res.exit_code == 2 and "--since must be a date" in res.output
