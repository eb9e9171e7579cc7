"""Benchmark: projection plus all measures on a synthetic store of 1,000,000 claims over 5,000 actors.

    python bench/bench_analysis.py [--store /tmp/geokg-bench] [--claims 1000000] [--actors 5000]

Builds the store once (N-Quads from ``bench_suite.generate``, loaded with
``pyoxigraph.Store.bulk_load``; not timed), then in a fresh process opens it
with ``KnowledgeGraph.open(path)`` and times :func:`geokg.graph.projection.to_networkx`
and every measure of :func:`geokg.graph.analysis.analyze`, reporting wall time per
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
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_suite import generate  # noqa: E402  (one synthetic corpus for every benchmark)


def build(store: Path, claims: int, actors: int) -> dict:
    import pyoxigraph as ox

    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), claims, actors)
        t1 = time.perf_counter()
        st = ox.Store(str(store))
        st.bulk_load(path=str(Path(tmp) / "corpus.nq"), format=ox.RdfFormat.N_QUADS)
        st.flush()
        del st
    return {"generate_s": round(t1 - t0, 1), "bulk_load_s": round(time.perf_counter() - t1, 1)}


def measure(store: Path) -> dict:
    """Open the store and time projection and every measure (run in a fresh process)."""
    from geokg.graph import analysis as A
    from geokg.graph.projection import to_networkx
    from geokg.graph.store import KnowledgeGraph

    times = {}
    t = time.perf_counter()
    kg = KnowledgeGraph.open(store, create=False)
    G = to_networkx(kg)
    times["to_networkx"] = time.perf_counter() - t
    # the steps of graph.analysis.analyze (what `geokg analyze` runs), one by one
    t1 = time.perf_counter()
    H = A.signed_graph(G)
    times["signed_view"] = time.perf_counter() - t1
    blocs: list = []
    for name, fn in [("weighted_degree", lambda: A.weighted_degree(G)), ("pagerank", lambda: A.pagerank(G)),
                     ("betweenness", lambda: A.betweenness(H)), ("eigenvector", lambda: A.eigenvector(H)),
                     ("strongest_dyads", lambda: A.strongest_dyads(G, signed=H)), ("brokers", lambda: A.brokers(H)),
                     ("signed_blocs", lambda: blocs.extend(A.signed_blocs(H))),
                     ("modularity", lambda: A.signed_modularity(H, blocs)), ("balance", lambda: A.balance(H))]:
        t1 = time.perf_counter()
        fn()
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
