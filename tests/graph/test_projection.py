"""Projection of claims into the actor graph, on real stores built from hand-made extractions and the seed."""
from __future__ import annotations

import math

import pytest
from rdflib.namespace import RDF

from geokg.graph.projection import InvalidOption, dyads, evidence_weight, relation_weight, to_networkx
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.claims import Claim, Document, Extraction, extraction_triples
from geokg.loaders.ingest import ingest_paths
from geokg.ontology import GKG, GKGR

A, B, C = GKGR["state-a"], GKGR["state-b"], GKGR["state-c"]
P = GKGR["person/p"]
EVENT = GKGR["event/summit"]
a, b, c = str(A), str(B), str(C)  # graph nodes are plain strings


def add_doc(kg, name, claims, outlet="Wire", published="2022-10-12"):
    doc = Document(GKGR[f"doc/{name}"], title=name, published=published, outlet=outlet, language="en")
    kg.replace_graph(doc.iri, extraction_triples(Extraction(doc, claims, [])))


@pytest.fixture
def mem():
    kg = KnowledgeGraph.open("memory")
    kg.replace_graph(GKGR["graph/test-actors"],
                     [(x, RDF.type, GKG.State) for x in (A, B, C)]
                     + [(P, RDF.type, GKG.Person), (EVENT, RDF.type, GKG.Event)])
    return kg


def test_dyads_count_documents_and_outlets_not_reports(mem):
    # the same attack reported by ten articles from two outlets, twice in one article
    for i in range(10):
        add_doc(mem, f"d{i}", [Claim(A, "attacks", B, "A attacked B.", char_start=0),
                               Claim(A, "attacks", B, "Again, A attacked B.", char_start=30)],
                outlet="Wire" if i < 5 else "Post")
    (d,) = dyads(mem)
    assert (d.claims, d.documents, d.outlets) == (20, 10, 2)
    G = to_networkx(mem)
    # weight grows with the log of independent sources: 2 outlets -> log2(3), not 10 or 20
    assert G[a][b]["weight"] == pytest.approx(-1.0 * math.log2(3))


def test_dyads_negated_claims_never_count(mem):
    add_doc(mem, "d1", [Claim(A, "supports", B, "A does not support B.", negated=True)])
    assert dyads(mem) == []
    assert to_networkx(mem).number_of_edges() == 0


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_claims_without_a_negation_flag_count_as_asserted(where, tmp_path):
    """The ontology writes ``gkg:negated true`` only when the text denies: a claim from an RDF file
    without the flag counts everywhere (dyads, state level, named queries); a negated one nowhere."""
    from rdflib import Literal

    kg = KnowledgeGraph.open("memory" if where == "memory" else tmp_path / "store")
    kg.replace_graph(GKGR["graph/test-actors"], [(x, RDF.type, GKG.State) for x in (A, B, C)])
    add_doc(kg, "d1", [Claim(A, "mediates", B, "A mediates between B and C."),
                       Claim(A, "mediates", C, "A does not mediate for C.", negated=True)])
    graph = GKGR["doc/d1"]
    flags = [(s, p, o) for s, p, o in kg.query("CONSTRUCT { ?c gkg:negated ?n } WHERE { ?c gkg:negated ?n }").graph]
    kg.replace_graph(graph, [t for t in kg.dataset.graph(graph)
                             if not (t[1] == GKG.negated and t[2] == Literal(False))])
    assert len(flags) == 2 and len(kg.query("SELECT ?c WHERE { ?c gkg:negated ?n }").rows) == 1
    assert [(d.subject, d.relation, d.object) for d in dyads(kg)] == [(a, "mediates", b)]
    assert [(d.subject, d.object) for d in dyads(kg, level="state")] == [(a, b)]
    assert len(kg.named("relation", relation="mediates").rows) == 1
    assert [(r["mediator"], int(r["documents"])) for r in kg.named("mediators").rows] == [(A, 1)]
    assert [(str(r["relation"]), str(r["month"])) for r in kg.named("dyads-over-time").rows] == [(str(GKG.mediates), "2022-10")]
    kg.close()


def test_projection_attributed_claims_are_discounted(mem):
    add_doc(mem, "d1", [Claim(A, "supports", B, "X says A supports B.", attributed_to=C, confidence=0.5)])
    (d,) = dyads(mem)
    assert d.attributed_share == 1.0 and d.direct_outlets == 0
    w = relation_weight("supports") * 0.5
    assert to_networkx(mem)[a][b]["weight"] == pytest.approx(w * evidence_weight(0.5))
    assert to_networkx(mem, attributed_discount=1.0)[a][b]["weight"] == pytest.approx(w)
    assert to_networkx(mem, attributed_discount=0.0).number_of_edges() == 0


def test_projection_weight_is_polarity_goldstein_evidence_confidence(mem):
    add_doc(mem, "d1", [Claim(A, "sanctions", B, "A sanctions B.", confidence=0.5)])
    add_doc(mem, "d2", [Claim(A, "sanctions", B, "A sanctions B.", confidence=1.0)], outlet="Post")
    G = to_networkx(mem)
    # -1 * 8/10 * log2(1 + 2) * mean(0.5, 1.0)
    assert G[a][b]["weight"] == pytest.approx(-0.8 * math.log2(3) * 0.75)
    assert G[a][b]["relations"] == {"sanctions": pytest.approx(G[a][b]["weight"])}
    assert G.nodes[a]["cls"] == "State"


def test_projection_symmetric_relations_count_both_ways(mem):
    add_doc(mem, "d1", [Claim(A, "meetsWith", B, "A met B.")])
    G = to_networkx(mem)
    assert G[a][b]["weight"] == G[b][a]["weight"] == pytest.approx(0.1)


def test_projection_keeps_events_and_structural_relations_out(mem):
    add_doc(mem, "d1", [Claim(A, "attends", EVENT, "A attends the summit."),
                        Claim(P, "leaderOf", A, "P, leader of A."),
                        Claim(A, "hosts", B, "A hosts B.")])
    G = to_networkx(mem)
    assert set(G) == {str(A), str(B)}


def test_projection_time_window_relation_filter_and_min_evidence(mem):
    add_doc(mem, "old", [Claim(A, "attacks", B, "A attacked B.", date="2014")], published="2014-05-01")
    add_doc(mem, "new", [Claim(A, "supports", C, "A supports C.")], published="2022-10-12")
    add_doc(mem, "new2", [Claim(A, "supports", C, "A supports C.")], published="2022-10-13", outlet="Post")
    assert set(to_networkx(mem, since="2022").edges) == {(str(A), str(C))}
    assert set(to_networkx(mem, until="2022-10-12").edges) == {(str(A), str(B)), (str(A), str(C))}
    assert set(to_networkx(mem, until="2014").edges) == {(str(A), str(B))}
    assert set(to_networkx(mem, relations=["attacks"]).edges) == {(str(A), str(B))}
    assert set(to_networkx(mem, min_evidence=2).edges) == {(str(A), str(C))}


def test_projection_rejects_bad_options(mem):
    with pytest.raises(InvalidOption, match="date"):
        to_networkx(mem, since="last year")
    with pytest.raises(InvalidOption, match="unknown relation"):
        to_networkx(mem, relations=["likes"])
    with pytest.raises(InvalidOption, match="level"):
        to_networkx(mem, level="planet")


def test_projection_state_level_rolls_persons_up_on_the_claim_date(kg):
    putin, russia, ukraine = GKGR["vladimir-putin"], GKGR["russia"], GKGR["ukraine"]
    add_doc(kg, "d1", [Claim(putin, "threatens", ukraine, "Putin threatened Ukraine.", date="2022-10-01")])
    # in 1995 Putin held no office the knowledge base knows of: he stays himself
    add_doc(kg, "d2", [Claim(putin, "visits", ukraine, "Putin visited Ukraine.", date="1995-05-17")],
            published="1995-05-17")
    actor = to_networkx(kg)
    assert actor.has_edge(str(putin), str(ukraine))
    state = to_networkx(kg, level="state")
    assert state[str(russia)][str(ukraine)]["relations"].keys() == {"threatens"}
    assert state[str(putin)][str(ukraine)]["relations"].keys() == {"visits"}
    assert state[str(russia)][str(ukraine)]["dyads"][0][3] == (str(putin),)


def test_projection_state_level_uses_the_documents_own_offices(mem):
    add_doc(mem, "d1", [Claim(P, "officialOf", A, "P, A's envoy, ..."), Claim(P, "supports", B, "P backs B.")])
    add_doc(mem, "d2", [Claim(P, "opposes", C, "P opposes C.")], outlet="Post")
    G = to_networkx(mem, level="state")
    assert G.has_edge(str(A), str(B))  # same document: rolled up
    assert G.has_edge(str(P), str(C))  # another document says nothing of P's office


@pytest.mark.parametrize("store", ["memory", "disk"])
def test_projection_seed_russia_ukraine_is_the_most_conflictual(store, seed_dir, request):
    if store == "memory":
        kg = KnowledgeGraph.open("memory")
        ingest_paths(kg, [seed_dir])
    else:  # the seed article ingested into an on-disk store
        kg = KnowledgeGraph.open(request.getfixturevalue("seeded_store"))
    G = to_networkx(kg)
    u, v, w = min(G.edges(data="weight"), key=lambda e: e[2])
    assert (u, v) == (str(GKGR["russia"]), str(GKGR["ukraine"])) and w < 0
    assert not any(G.nodes[n]["cls"] in ("Event", "Place") for n in G)
    kg.close()
