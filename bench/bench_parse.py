"""Benchmark: dependency-parse speed of geokg.loaders.parse on a folder of articles.

Run by hand (not in CI), naming a folder of plain-text articles (``*.txt``; the language is
taken from the file name prefix ``en-``/``de-``, or given with ``--lang``):

    .venv/bin/python bench/bench_parse.py ARTICLES_DIR [--lang en] [--repeat 3] [--json out.json]

Sentences come from geokg.loaders.text.split (as in ingest); only the parse is timed. It
reports sentences/s, words/s and articles/s for one process, both in wall-clock time and in
CPU time of this process (the CPU figure is the one to trust on a shared, loaded machine:
it is what one free core would do; two cores with one process each do about twice that).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geokg.loaders.parse import parse  # noqa: E402
from geokg.loaders.text import split  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--lang", choices=["en", "de"], default=None)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    results = {}
    for lang in ([a.lang] if a.lang else ["en", "de"]):
        files = sorted(a.folder.glob(f"{lang}-*.txt")) or (sorted(a.folder.glob("*.txt")) if a.lang else [])
        if not files:
            continue
        articles = [[s.text for s in split(f.read_text(encoding="utf-8"), lang)] for f in files]
        n_sents = sum(len(x) for x in articles)
        n_words = sum(len(s.split()) for x in articles for s in x)
        parse(articles[0], lang)  # warm-up: load the model once
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(a.repeat):
            for sents in articles:
                parse(sents, lang)
        wall = (time.perf_counter() - w0) / a.repeat
        cpu = (time.process_time() - c0) / a.repeat
        results[lang] = {
            "articles": len(files), "sentences": n_sents, "words": n_words,
            "wall_s": round(wall, 3), "cpu_s": round(cpu, 3),
            "sentences_per_s_wall": round(n_sents / wall, 1),
            "sentences_per_cpu_s": round(n_sents / cpu, 1),
            "words_per_cpu_s": round(n_words / cpu),
            "articles_per_s_wall": round(len(files) / wall, 1),
            "articles_per_cpu_s": round(len(files) / cpu, 1),
        }
    print(json.dumps(results, indent=2))
    if a.json:
        a.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
