"""Synthetic actor graphs (fixed seed) with the attributes of ``geokg.graph.projection.to_networkx``.

``bench/bench_maps.py`` times maps of these graphs (bench/ imports tests/, never the reverse).
"""
from __future__ import annotations

import random

import networkx as nx

RELATIONS = [("attacks", -1.0), ("threatens", -0.7), ("criticizes", -0.2), ("meetsWith", 0.1),
             ("supports", 0.35), ("cooperatesWith", 0.3), ("mediates", 0.5)]
CLASSES = ["State", "Person", "Organization", "InternationalOrganization", "Group", "Region"]


def synthetic(n: int, edges_per_node: int = 5, seed: int = 1) -> nx.DiGraph:
    rng = random.Random(seed)
    U = nx.barabasi_albert_graph(n, max(1, edges_per_node // 2), seed=seed) if n > 2 else nx.path_graph(n)
    G = nx.DiGraph(level="actor")
    for i in U:
        G.add_node(f"https://example.org/a{i}", label=f"Actor {i}", cls=rng.choice(CLASSES), memberships=[])
    pairs = list(U.edges())
    while len(pairs) < n * edges_per_node:
        pairs.append((rng.randrange(n), rng.randrange(n)))
    for a, b in pairs:
        if a == b:
            continue
        if rng.random() < 0.5:
            a, b = b, a
        rel, w = rng.choice(RELATIONS)
        w *= 1 + rng.random()
        u, v = f"https://example.org/a{a}", f"https://example.org/a{b}"
        G.add_edge(u, v, weight=w, positive=max(w, 0), negative=max(-w, 0), symmetric_positive=0.0,
                   symmetric_negative=0.0, relations={rel: w}, documents=rng.randint(1, 9), claims=1,
                   dyads=[(u, rel, v, (u,), (v,))])
    return G
