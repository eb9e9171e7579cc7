"""Benchmark: what `geokg serve`'s guarding proxy costs per query, against Oxigraph's server alone.

    python bench/bench_serve.py --store STORE [--queries 200]

Starts `oxigraph serve-read-only` on the store and `geokg serve` on the same store (one after the
other), sends the same small SELECT ``--queries`` times to each over one keep-alive connection
each, and prints one JSON object: median and 95th-percentile latency in milliseconds, for the
direct server and through the proxy. Build a store first with ``geokg ingest seeds/ --store STORE``.
"""
from __future__ import annotations

import argparse
import http.client
import json
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

QUERY = "SELECT ?a ?b WHERE { ?a <https://w3id.org/geokg/ontology#mediates> ?b }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(port: int) -> None:
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def latencies(port: int, n: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    body = urllib.parse.urlencode({"query": QUERY})
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        conn.request("POST", "/query", body=body, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                           "Accept": "application/sparql-results+json"})
        resp = conn.getresponse()
        resp.read()
        assert resp.status == 200, resp.status
        out.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return out


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"median_ms": round(statistics.median(ms), 2), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", required=True)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    from geokg.graph.server import oxigraph_binary

    result = {}
    for name, cmd in (("oxigraph", lambda p: [oxigraph_binary(), "serve-read-only", "--location", args.store,
                                              "--bind", f"127.0.0.1:{p}", "--union-default-graph"]),
                      ("geokg-serve", lambda p: [sys.executable, "-m", "geokg.cli", "serve", "--port", str(p),
                                                 "--store", args.store])):
        port = free_port()
        proc = subprocess.Popen(cmd(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                cwd=Path(__file__).resolve().parents[1])
        try:
            wait(port)
            latencies(port, 10)  # warm up
            result[name] = summary(latencies(port, args.queries))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(json.dumps({"queries": args.queries, **result}))


if __name__ == "__main__":
    main()
