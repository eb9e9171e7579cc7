"""Benchmark: how long geokg's commands take to start, wall and CPU, medians of several runs.

Run by hand (not in CI):

    .venv/bin/python bench/bench_startup.py [--runs 5] [--json bench/startup.json] [--before COMMIT]

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


def export_commit(commit: str, dest: Path) -> Path:
    """An importable copy of geokg at ``commit`` (``git archive``, laid out as the installed package).

    Put first on ``PYTHONPATH``, it runs in place of the working tree through the same console
    script and the same installed libraries: "before" and "after" in one run of this script.
    """
    src, pkg = dest / "src", dest / "pkg"
    src.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", commit], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(src)], input=archive, check=True)
    shutil.copytree(src / "geokg", pkg / "geokg")
    for sub in ("graph", "loaders", "ontology"):  # pyproject's package-dir: graph/ -> geokg.graph, ...
        shutil.copytree(src / sub, pkg / "geokg" / sub)
    return pkg


def median(runs: list[tuple[float, float]]) -> dict[str, float]:
    return {"wall_s": round(statistics.median(r[0] for r in runs), 3),
            "cpu_s": round(statistics.median(r[1] for r in runs), 3), "runs": len(runs)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--before", metavar="COMMIT", default=None,
                    help="also time this commit's code (an export of it), interleaved with the working tree's")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="geokg-bench-startup-"))
    # as a user runs it: with Python's bytecode cache (some shells set PYTHONDONTWRITEBYTECODE, and every
    # run then compiles geokg's modules again: 0.1-0.3 s of CPU)
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env = {**base, "GEOKG_CACHE_DIR": str(tmp / "cache"), "GEOKG_STORE": ""}
    try:
        out: dict[str, object] = {"cpus": os.cpu_count(), "load_average_start": os.getloadavg()[0]}
        out["help"] = median([timed(["--help"], env) for _ in range(args.runs)])
        cold = timed(["ingest", "seeds/", "--store", str(tmp / "cold")], env)
        out["ingest_seed_new_store_cold_cache"] = median([cold])
        ways = {"ingest_seed_new_store": env,
                "ingest_seed_new_store_parser_in_process": {**env, "GEOKG_PARSER_PROCESS": "0"}}
        if args.before:
            env_before = {**env, "PYTHONPATH": str(export_commit(args.before, tmp / "before"))}
            timed(["ingest", "seeds/", "--store", str(tmp / "before-warm-up")], env_before)  # its bytecode
            ways[f"before_{args.before}_ingest_seed_new_store"] = env_before
            out[f"before_{args.before}_help"] = median([timed(["--help"], env_before) for _ in range(args.runs)])
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
        for k in range(args.runs):  # the ways in turn, so that all see the same machine load
            for j, (name, way_env) in enumerate(ways.items()):
                runs[name].append(timed(["ingest", "seeds/", "--store", str(tmp / f"s{k}-{j}")], way_env))
        out.update({name: median(r) for name, r in runs.items()})
        out["ingest_seed_same_store"] = median([timed(["ingest", "seeds/", "--store", str(tmp / "s0-0")], env)
                                                for _ in range(args.runs)])
        out["validate_seed_store"] = median([timed(["validate", "--store", str(tmp / "s0-0")], env)
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
