"""Benchmark: ingest throughput on real articles against a bare spaCy tokenizer on the same texts.

Run by hand (not in CI); the articles are not shipped, they are copied at run time
from the folder you name (``*.txt``, each with an optional ``NAME.json`` of metadata):

    .venv/bin/python bench/bench_throughput.py ARTICLES_DIR [--articles 320] [--workers 0 2]
        [--json bench/throughput.json] [--profile prof.out]

The texts are repeated until there are ``--articles`` of them (each copy its own
document). For each ``--workers`` value the whole corpus is ingested into a new
on-disk store with ``geokg.loaders.ingest.ingest_paths`` (the path ``geokg ingest``
takes, including writing the knowledge base into the new store), in this process;
then ``spacy.blank(lang)`` tokenizes the same texts. It reports articles/s (wall and per
CPU second: on a busy machine the CPU figures are the steadier ones), the ratio
geokg/spaCy (issue #18 asks for at least 1/100) and peak memory (this process; the
worker processes apart).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def copy_corpus(src: Path, dest: Path, n: int) -> list[tuple[str, str]]:
    """Copy ``n`` articles (the texts of ``src`` repeated) into ``dest``; returns (language, text) pairs."""
    texts = sorted(src.glob("*.txt"))
    if not texts:
        raise SystemExit(f"no *.txt articles in {src}")
    out = []
    for k in range(n):
        t = texts[k % len(texts)]
        name = f"{k:05d}-{t.stem}"
        shutil.copyfile(t, dest / f"{name}.txt")
        meta_path = t.with_suffix(".json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        lang = meta.get("lang") or meta.get("language") or ("de" if t.name.startswith("de") else "en")
        if meta_path.exists():
            (dest / f"{name}.json").write_text(json.dumps({"title": meta.get("title"), "language": lang,
                                                           "published": meta.get("date")}), encoding="utf-8")
        out.append((lang, t.read_text(encoding="utf-8")))
    return out


def bare_spacy(texts: list[tuple[str, str]]) -> dict:
    """Articles per second of ``spacy.blank(lang)`` (tokenizer only) on the same texts."""
    import spacy

    nlps = {lang: spacy.blank(lang) for lang in {lang for lang, _ in texts}}
    for lang, text in texts[:4]:  # warm up
        nlps[lang](text)
    t0, c0 = time.perf_counter(), _cpu()
    tokens = sum(len(nlps[lang](text)) for lang, text in texts)
    secs, cpu = time.perf_counter() - t0, _cpu() - c0
    return {"articles_per_s": len(texts) / secs, "seconds": secs, "cpu_s": cpu,
            "articles_per_cpu_s": len(texts) / cpu, "tokens": tokens}


def _cpu() -> float:
    """CPU seconds of this process and its finished children (steadier than wall time on a busy machine)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def geokg_ingest(folder: Path, workers: int, profile: str | None) -> dict:
    """Ingest ``folder`` into a new on-disk store; articles/s and claims."""
    from geokg.graph.store import KnowledgeGraph
    from geokg.loaders.ingest import ingest_paths

    store = Path(tempfile.mkdtemp(prefix="geokg-bench-store-"))
    try:
        prof = cProfile.Profile() if profile else None
        t0, c0 = time.perf_counter(), _cpu()
        with KnowledgeGraph.open(store / "s") as kg:
            if prof:
                prof.enable()
            report = ingest_paths(kg, [folder], workers=workers)
            if prof:
                prof.disable()
                prof.dump_stats(profile)
        secs, cpu = time.perf_counter() - t0, _cpu() - c0
    finally:
        shutil.rmtree(store, ignore_errors=True)
    return {"workers": workers, "seconds": secs, "cpu_s": cpu, "documents": report.documents,
            "claims": report.claims, "articles_per_s": report.documents / secs,
            "articles_per_cpu_s": report.documents / cpu}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("articles", type=Path, help="folder of *.txt articles (and NAME.json metadata)")
    ap.add_argument("--articles", dest="n", type=int, default=320, help="how many articles to ingest")
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--profile", default=None, help="cProfile the first (serial) run into this file")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="geokg-bench-corpus-"))
    try:
        texts = copy_corpus(args.articles, work, args.n)
        words = sum(len(t.split()) for _, t in texts)
        runs = []
        for k, w in enumerate(args.workers):
            runs.append(geokg_ingest(work, w, args.profile if k == 0 else None))
            print(f"geokg workers={w}: {runs[-1]['documents']} articles in {runs[-1]['seconds']:.1f} s = "
                  f"{runs[-1]['articles_per_s']:.1f}/s, {runs[-1]['claims']} claims", file=sys.stderr)
        base = bare_spacy(texts)
        print(f"spacy.blank: {base['articles_per_s']:.0f} articles/s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    best = max(runs, key=lambda r: r["articles_per_s"])
    result = {
        "articles": args.n, "words": words, "source_texts": len(list(args.articles.glob("*.txt"))),
        "cpus": os.cpu_count(), "load_average": os.getloadavg()[0], "python": platform.python_version(),
        "geokg": runs, "bare_spacy_tokenizer": base,
        "ratio_best_to_spacy": best["articles_per_s"] / base["articles_per_s"],
        "ratio_cpu_serial_to_spacy": runs[0]["articles_per_cpu_s"] / base["articles_per_cpu_s"],
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_children_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
