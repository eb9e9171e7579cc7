"""Benchmark: how long geokg's commands take to start, wall and CPU, medians of several runs.

Run by hand (not in CI):

    .venv/bin/python bench/bench_startup.py [--runs 5] [--json bench/startup.json]

Each run is a new process (the installed ``geokg`` console script):

- ``geokg --help``;
- ``geokg ingest seeds/`` into a new store, with the user cache warm (the usual case)
  and, once, with an empty cache (the first run after installing or after the
  knowledge base changed: the index and lemma tables are built then); the warm runs
  alternate with runs that parse in-process (``GEOKG_PARSER_PROCESS=0``: no second
  process loading spaCy meanwhile, :func:`geokg.loaders.parse.parser_process`);
- ``geokg ingest seeds/`` again into the same store (the knowledge base is not rewritten);
- ``geokg validate`` of that store;
- loading the dependency parser in a new process (``import`` of :mod:`geokg.loaders.parse`,
  the German model, the first parse of one sentence): what the parser process of an ingest
  does (or, in-process, what the ingest pays on top).

CPU time is the child's user+system time, the parser process's included: on a busy machine it
is the steadier figure. The wall time of the two ways depends on a free second core: compare
them in the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEOKG = str(Path(sys.executable).with_name("geokg"))


PARSER_LOAD = ("from geokg.loaders.parse import parse; "
               "parse(['Russland greift die Ukraine an.'], 'de')")


def timed(args: list[str], env: dict[str, str], command: list[str] | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``geokg ARGS`` process (or of ``command``)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(command or [GEOKG, *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"geokg {' '.join(args)} failed: {proc.stderr.read().decode()[-500:]}")
    return wall, usage.ru_utime + usage.ru_stime


def median(runs: list[tuple[float, float]]) -> dict[str, float]:
    return {"wall_s": round(statistics.median(r[0] for r in runs), 3),
            "cpu_s": round(statistics.median(r[1] for r in runs), 3), "runs": len(runs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="geokg-bench-startup-"))
    env = {**os.environ, "GEOKG_CACHE_DIR": str(tmp / "cache"), "GEOKG_STORE": ""}
    try:
        out: dict[str, object] = {"cpus": os.cpu_count(), "load_average_start": os.getloadavg()[0]}
        out["help"] = median([timed(["--help"], env) for _ in range(args.runs)])
        cold = timed(["ingest", "seeds/", "--store", str(tmp / "cold")], env)
        out["ingest_seed_new_store_cold_cache"] = median([cold])
        warm, inproc = [], []
        env_inproc = {**env, "GEOKG_PARSER_PROCESS": "0"}
        for k in range(args.runs):  # the two ways in turn, so that both see the same machine load
            warm.append(timed(["ingest", "seeds/", "--store", str(tmp / f"s{k}")], env))
            inproc.append(timed(["ingest", "seeds/", "--store", str(tmp / f"i{k}")], env_inproc))
        out["ingest_seed_new_store"] = median(warm)
        out["ingest_seed_new_store_parser_in_process"] = median(inproc)
        out["ingest_seed_same_store"] = median([timed(["ingest", "seeds/", "--store", str(tmp / "s0")], env)
                                                for _ in range(args.runs)])
        out["validate_seed_store"] = median([timed(["validate", "--store", str(tmp / "s0")], env)
                                             for _ in range(max(1, args.runs // 2))])
        out["parser_load_new_process"] = median([timed([], env, [sys.executable, "-c", PARSER_LOAD])
                                                 for _ in range(max(1, args.runs // 2))])
        out["python_startup"] = median([timed([], env, [sys.executable, "-c", "pass"]) for _ in range(args.runs)])
        out["load_average_end"] = os.getloadavg()[0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
