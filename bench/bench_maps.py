"""Benchmark of the interactive map (run by hand): HTML generation time and size, and browser draw time.

    .venv/bin/python bench/bench_maps.py [--sizes 100,1000,5000] [--edges-per-node 5] [--browser]

Graphs are synthetic (networkx, fixed seed) with the attributes of
``graph.projection.to_networkx``: node ``label``/``cls``, edge ``weight``,
``relations``, ``documents``. With ``--browser`` each map is opened in headless
Chromium with the network blocked and the time until vis.js first drew is read
from the page (``data-draw-ms``), plus the wall time from navigation to that point.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geokg.graph.maps import build_map  # noqa: E402
from tests.graph.synthetic import synthetic  # noqa: E402  (the same graphs the tests draw)

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100,1000,5000")
    ap.add_argument("--edges-per-node", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--browser", action="store_true", help="Also time the first draw in headless Chromium.")
    args = ap.parse_args()
    out = Path(tempfile.mkdtemp(prefix="geokg-bench-maps-"))
    print(f"{'nodes':>6} {'edges':>7} {'ties':>7} {'layout s':>9} {'page s':>7} {'total s':>8} {'MB':>6}"
          + ("  browser draw ms  wall s" if args.browser else ""))
    for n in (int(x) for x in args.sizes.split(",")):
        G = synthetic(n, args.edges_per_node)
        totals, stats = [], {}
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            page = build_map(G, title=f"bench {n}", stats=stats)
            totals.append(time.perf_counter() - t0)
        path = out / f"map-{n}.html"
        path.write_text(page, encoding="utf-8")
        line = (f"{n:>6} {G.number_of_edges():>7} {stats['ties']:>7} {stats['layout_seconds']:>9.2f} "
                f"{stats['page_seconds']:>7.2f} {statistics.median(totals):>8.2f} {len(page.encode()) / 1e6:>6.1f}")
        if args.browser:
            from tests.graph.test_maps import Browser

            with Browser() as b:
                t0 = time.perf_counter()
                tab = b.open(path)
                drawn = tab.wait_for("document.body.getAttribute('data-draw-ms')", timeout=120)
                wall = time.perf_counter() - t0
                count = tab.eval("geokgMap.network.body.data.nodes.length")
            line += f"  {drawn:>16}  {wall:>6.1f}  ({count} nodes drawn)"
        print(line, flush=True)
    print(f"maps in {out}")


if __name__ == "__main__":
    main()
