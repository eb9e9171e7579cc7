"""Benchmark: loading a curated claim table (CSV) into an on-disk store.

Run by hand (not in CI):

    .venv/bin/python bench/bench_curated.py [--rows 10000 100000] [--bulk] [--json FILE]

The table is generated: subjects and objects are labels and aliases of the
knowledge base's states, organisations and persons (German and English, as an
analyst writes them), relations from the ontology's core, dates over three
years, a source URL per ten rows. Each size is ingested into a fresh store
with ``ingest_paths`` (as ``geokg ingest TABLE.csv`` does) and timed; the
claim count in the store is checked. Peak memory is the process's maximum
resident set size.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geokg.graph.store import KnowledgeGraph  # noqa: E402
from geokg.loaders.ingest import ingest_paths  # noqa: E402
from geokg.loaders.kb import load_kb  # noqa: E402

RELATIONS = ["meetsWith", "supports", "opposes", "attacks", "sanctions", "cooperatesWith", "negotiatesWith",
             "mediates", "threatens", "providesAidTo", "tensionWith", "visits", "signsAgreementWith"]


def table(path: Path, rows: int, seed: int = 11) -> int:
    """Write ``rows`` claims to ``path``; the number of distinct actor names used."""
    rng = random.Random(seed)
    kb = load_kb()
    names = []
    for a in kb.actors.values():
        if a.cls not in ("State", "InternationalOrganization", "Person"):
            continue
        names.append(a.label_en)
        names += [lab for lab in a.labels.values() if lab]
        names += sorted(f for forms in a.aliases.values() for f in forms)[:2]
    names = sorted(set(names))
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["subject", "relation", "object", "date", "source", "confidence"])
        for k in range(rows):
            s, o = rng.sample(names, 2)
            day = f"{2021 + k % 3}-{1 + k % 12:02d}-{1 + k % 28:02d}"
            w.writerow([s, rng.choice(RELATIONS), o, day, f"https://news.example.org/{k // 10}",
                        f"{rng.uniform(0.5, 1):.2f}"])
    return len(names)


def run(rows: int, bulk: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / f"claims-{rows}.csv"
        distinct = table(csv_path, rows)
        with KnowledgeGraph.open(Path(tmp) / "store") as kg:
            kg.ensure_background()
            t0 = time.perf_counter()
            report = ingest_paths(kg, [csv_path], bulk=bulk)
            seconds = time.perf_counter() - t0
            claims = kg.stats()["claims"]
    assert report.claims == rows, (report.claims, rows)
    return {"rows": rows, "bulk": bulk, "distinct_names": distinct, "seconds": round(seconds, 2),
            "rows_per_second": round(rows / seconds), "claims_in_store": claims,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[10_000])
    ap.add_argument("--bulk", action="store_true", help="ingest with --bulk")
    ap.add_argument("--json", type=Path, default=None, help="write the results here too")
    args = ap.parse_args()
    results = []
    for n in args.rows:
        r = run(n, args.bulk)
        results.append(r)
        print(json.dumps(r))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
