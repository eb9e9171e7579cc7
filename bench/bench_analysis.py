"""Benchmark: projection plus all measures on a synthetic store of 1,000,000 claims over 5,000 actors.

    python bench/bench_analysis.py [--store /tmp/geokg-bench] [--claims 1000000] [--actors 5000]

Builds the store once (N-Quads generated here, loaded with
``pyoxigraph.Store.bulk_load``; not timed), then in a fresh process opens it
with ``KnowledgeGraph.open(path)`` and times :func:`graph.projection.to_networkx`
and every measure of :func:`graph.analysis.analyze`, reporting wall time per
phase and peak RSS (``resource.getrusage``). Target: <= 30 s and <= 4 GB on a
2-core machine. Prints one JSON object.

The synthetic corpus: claims are reports of 100,000 underlying events
(subject, relation, object) picked with a skew (a few actors are in much of
the news), 5 claims per document, 50 outlets, 5 % negated, 10 % attributed to
a speaker, dates over 2015-2024; 20 international organisations with
random members; a tenth of the actors are persons.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RELATIONS = ["allyOf", "attacks", "cooperatesWith", "distancesFrom", "grantsRefugeTo", "hosts", "mediates",
             "meetsWith", "negotiatesWith", "opposes", "providesAidTo", "sanctions", "seeksSupportFrom",
             "signsAgreementWith", "supports", "tensionWith", "threatens", "visits"]
GKG = "https://w3id.org/geokg/ontology#"
ID = "https://w3id.org/geokg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def generate(path: Path, claims: int, actors: int, events: int = 100_000, per_doc: int = 5, seed: int = 1) -> None:
    """Write the synthetic corpus as N-Quads to ``path``."""
    rnd = random.Random(seed)
    kb = f"<{ID}graph/kb>"
    with open(path, "w", encoding="utf-8") as out:
        w = out.write
        for i in range(actors):
            cls = "Person" if i % 10 == 9 else "State"
            w(f"<{ID}a{i}> <{RDF}type> <{GKG}{cls}> {kb} .\n")
            w(f'<{ID}a{i}> <http://www.w3.org/2000/01/rdf-schema#label> "Actor {i}"@en {kb} .\n')
        for j in range(20):
            w(f"<{ID}io{j}> <{RDF}type> <{GKG}InternationalOrganization> {kb} .\n")
            w(f'<{ID}io{j}> <http://www.w3.org/2000/01/rdf-schema#label> "Organisation {j}"@en {kb} .\n')
            for i in rnd.sample(range(actors), actors // 10):
                w(f"<{ID}a{i}> <{GKG}memberOf> <{ID}io{j}> {kb} .\n")
        # underlying events, skewed toward a few busy actors
        pool = []
        for _ in range(events):
            s = min(int(rnd.paretovariate(0.9)) - 1, actors - 1) if rnd.random() < 0.5 else rnd.randrange(actors)
            o = rnd.randrange(actors)
            if o == s:
                o = (o + 1) % actors
            pool.append((s, rnd.choice(RELATIONS), o))
        weights = [1.0 / (k + 1) ** 0.6 for k in range(events)]
        picks = rnd.choices(pool, weights=weights, k=claims)
        for n, (s, p, o) in enumerate(picks):
            d = n // per_doc
            doc = f"<{ID}doc/{d}>"
            day = f"{2015 + d % 10}-{1 + d % 12:02d}-{1 + d % 28:02d}"
            if n % per_doc == 0:
                w(f"{doc} <{RDF}type> <{GKG}Document> {doc} .\n")
                w(f'{doc} <http://purl.org/dc/terms/date> "{day}"^^<{XSD}date> {doc} .\n')
                w(f'{doc} <http://purl.org/dc/terms/source> "outlet {d % 50}" {doc} .\n')
            c = f"<{ID}claim/{n}>"
            neg = "true" if n % 20 == 7 else "false"
            w(f"{c} <{RDF}type> <{GKG}Claim> {doc} .\n")
            w(f"{c} <{RDF}subject> <{ID}a{s}> {doc} .\n")
            w(f"{c} <{RDF}predicate> <{GKG}{p}> {doc} .\n")
            w(f"{c} <{RDF}object> <{ID}a{o}> {doc} .\n")
            w(f"{c} <http://www.w3.org/ns/prov#wasDerivedFrom> {doc} {doc} .\n")
            w(f'{c} <{GKG}evidence> "Sentence {n} of the synthetic corpus." {doc} .\n')
            w(f'{c} <{GKG}negated> "{neg}"^^<{XSD}boolean> {doc} .\n')
            w(f'{c} <{GKG}confidence> "0.{5 + n % 5}"^^<{XSD}decimal> {doc} .\n')
            w(f'{c} <http://purl.org/dc/terms/date> "{day}"^^<{XSD}date> {doc} .\n')
            if n % 10 == 3:
                w(f"{c} <{GKG}attributedTo> <{ID}a{(s + 7) % actors}> {doc} .\n")
            if neg == "false":
                w(f"<{ID}a{s}> <{GKG}{p}> <{ID}a{o}> {doc} .\n")


def build(store: Path, claims: int, actors: int) -> dict:
    import pyoxigraph as ox

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        nq = Path(tmp) / "corpus.nq"
        generate(nq, claims, actors)
        t1 = time.perf_counter()
        st = ox.Store(str(store))
        st.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        st.flush()
        del st
    return {"generate_s": round(t1 - t0, 1), "bulk_load_s": round(time.perf_counter() - t1, 1)}


def measure(store: Path) -> dict:
    """Open the store and time projection and every measure (run in a fresh process)."""
    from graph import analysis as A
    from graph.projection import to_networkx
    from graph.store import KnowledgeGraph

    times = {}
    t = time.perf_counter()
    kg = KnowledgeGraph.open(store, create=False)
    G = to_networkx(kg)
    times["to_networkx"] = time.perf_counter() - t
    for name, fn in [("weighted_degree", A.weighted_degree), ("pagerank", A.pagerank),
                     ("betweenness", A.betweenness), ("eigenvector", A.eigenvector),
                     ("strongest_dyads", A.strongest_dyads), ("brokers", A.brokers),
                     ("signed_blocs", A.signed_blocs), ("balance", A.balance)]:
        t1 = time.perf_counter()
        fn(G)
        times[name] = time.perf_counter() - t1
    t1 = time.perf_counter()
    busiest = max(G.degree, key=lambda nd: nd[1])[0]
    other = next(iter(G[busiest]))
    A.alignment(G, busiest, other)
    times["alignment"] = time.perf_counter() - t1
    total = time.perf_counter() - t
    kg.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 ** 2  # KiB on Linux -> GiB
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
            "phases_s": {k: round(v, 2) for k, v in times.items()},
            "total_s": round(total, 1), "peak_rss_gib": round(rss, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", default="/tmp/geokg-bench")
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--actors", type=int, default=5_000)
    ap.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    store = Path(args.store)
    if args.measure_only:
        print(json.dumps(measure(store)))
        return
    report = {"claims": args.claims, "actors": args.actors, "store": str(store)}
    if not (store / "CURRENT").exists():
        report["build"] = build(store, args.claims, args.actors)
    size = sum(f.stat().st_size for f in store.rglob("*") if f.is_file())
    report["store_gib"] = round(size / 1024 ** 3, 2)
    child = subprocess.run([sys.executable, __file__, "--store", str(store), "--measure-only"],
                           check=True, capture_output=True, text=True, env={**os.environ})
    report.update(json.loads(child.stdout.strip().splitlines()[-1]))
    report["target_met"] = report["total_s"] <= 30 and report["peak_rss_gib"] <= 4
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
