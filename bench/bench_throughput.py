"""Benchmark: ingest throughput on real articles, with and without the parser, against a bare spaCy tokenizer.

Run by hand (not in CI); the articles are not shipped, they are copied at run time
from the folders you name (``*.txt``, each with an optional ``NAME.json`` of metadata):

    .venv/bin/python bench/bench_throughput.py /work/shared/eval/dev/articles seeds \\
        [--articles 340] [--workers 0 2] [--modes extract parse-all] [--json bench/throughput.json]

The texts are repeated until there are ``--articles`` of them (each copy its own
document). Each (mode, workers) pair ingests the whole corpus into a new on-disk
store with ``geokg.loaders.ingest.ingest_paths`` (the path ``geokg ingest`` takes,
the knowledge base written into the new store included) in a fresh process, so its
peak memory is its own. Modes:

- ``extract``: the extractor as it is (it parses what it chooses to parse);
- ``parse-all``: the extractor, plus :func:`geokg.loaders.parse.parse` on *every*
  sentence of every article: the upper bound of a parser-based extractor, whatever
  it ends up parsing;
- ``parse-triggered``: the extractor, plus the parse of the sentences that have a
  trigger word of the lexicon and at least two gazetteer names (an estimate of what
  the extraction issue's rule, "a trigger and two mentions", parses).

The parse is patched in at this module's top level, so the worker processes
(spawned: they import this file as ``__mp_main__``) patch it too.

In the same run ``spacy.blank(lang)`` tokenizes the same texts. Reported: articles/s
(wall, and per CPU second of the process and its workers: on a busy machine the CPU
figure is the steadier one), the ratio geokg/tokenizer (issue #18 asks for at least
1/100 with the parser on), and peak memory (the main process; the largest worker).
"""
from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

PARSE_ENV = "GEOKG_BENCH_PARSE"
MODES = {"extract": "", "parse-all": "all", "parse-triggered": "triggered"}


def triggered(sents: list, lang: str) -> list[str]:
    """The sentences with a trigger word of the lexicon and at least two gazetteer names."""
    from geokg.loaders.gazindex import compiled_gazetteer
    from geokg.loaders.lexicon import load_lexicon

    lex, gaz = load_lexicon(lang), compiled_gazetteer(lang)
    out = []
    for s in sents:
        toks = s.tokens
        names, i = 0, 0
        while i < len(toks) and names < 2:
            hit = next(iter(gaz.candidates(toks, i)), None)
            names, i = (names + 1, i + hit[0]) if hit else (names, i + 1)
        if names >= 2 and any(lex.triggers_at(t.key, t.lemma) for t in toks):
            out.append(s.text)
    return out


def _patch_parse(which: str) -> None:
    """Make every extraction also parse all, or the triggered, sentences of its article."""
    import geokg.loaders.parallel as par
    from geokg.loaders.parse import parse
    from geokg.loaders.text import split

    if getattr(par.extract, "parses", None):
        return
    extract = par.extract

    def extract_and_parse(document, text, language):
        ext = extract(document, text, language)
        sents = split(text, language)
        chosen = [s.text for s in sents] if which == "all" else triggered(sents, language)
        if chosen:
            parse(chosen, language)
        return ext

    extract_and_parse.parses = which  # type: ignore[attr-defined]
    par.extract = extract_and_parse


if os.environ.get(PARSE_ENV) in ("all", "triggered"):  # in the measuring process and in each of its workers
    _patch_parse(os.environ[PARSE_ENV])


def copy_corpus(sources: list[Path], dest: Path, n: int) -> list[tuple[str, str]]:
    """Copy ``n`` articles (the texts of ``sources`` repeated) into ``dest``; returns (language, text) pairs."""
    texts = sorted(p for src in sources for p in src.glob("*.txt"))
    if not texts:
        raise SystemExit(f"no *.txt articles in {', '.join(map(str, sources))}")
    out = []
    for k in range(n):
        t = texts[k % len(texts)]
        name = f"{k:05d}-{t.stem}"
        shutil.copyfile(t, dest / f"{name}.txt")
        meta_path = t.with_suffix(".json")
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        lang = meta.get("lang") or meta.get("language") or ("de" if t.name.startswith("de") or ".de." in t.name
                                                              else "en")
        (dest / f"{name}.json").write_text(json.dumps({"title": meta.get("title"), "language": lang,
                                                       "published": meta.get("date") or meta.get("published")}),
                                           encoding="utf-8")
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


def one_run(folder: Path, workers: int, profile: str | None) -> dict:
    """Ingest ``folder`` into a new on-disk store in this process (and its workers); the figures."""
    from geokg.graph.store import KnowledgeGraph
    from geokg.loaders.ingest import ingest_paths

    store = Path(tempfile.mkdtemp(prefix="geokg-bench-store-"))
    try:
        prof = cProfile.Profile() if profile else None
        t0, c0 = time.perf_counter(), _cpu()
        try:
            kg = KnowledgeGraph.open(store / "s", background=True)
        except TypeError:  # a geokg from before the template store (for before/after figures)
            kg = KnowledgeGraph.open(store / "s")
        with kg:
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
            "claims": report.claims, "failed": report.failed, "articles_per_s": report.documents / secs,
            "articles_per_cpu_s": report.documents / cpu,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_rss_worker_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def run_in_subprocess(folder: Path, mode: str, workers: int, profile: str | None) -> dict:
    """:func:`one_run` in a fresh interpreter (its own imports, caches and peak memory)."""
    env = {**os.environ, PARSE_ENV: MODES[mode]}
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one-run", str(folder), "--workers", str(workers)]
    if profile:
        cmd += ["--profile", profile]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{mode} workers={workers} failed:\n{out.stderr[-2000:]}")
    return {"mode": mode, **json.loads(out.stdout.strip().splitlines()[-1])}


def sentences(texts: list[tuple[str, str]]) -> tuple[int, int]:
    """How many sentences the corpus has, and how many of them ``parse-triggered`` parses."""
    from geokg.loaders.text import split

    total = chosen = 0
    for lang, text in texts:
        sents = split(text, lang)
        total += len(sents)
        try:
            chosen += len(triggered(sents, lang))
        except ImportError:  # a geokg from before the compiled gazetteer (for before/after figures)
            chosen = -1
    return total, chosen


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sources", type=Path, nargs="+", help="folders of *.txt articles (and NAME.json metadata)")
    ap.add_argument("--articles", dest="n", type=int, default=340, help="how many articles to ingest")
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    ap.add_argument("--modes", nargs="+", default=list(MODES), choices=list(MODES))
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--profile", default=None, help="cProfile the first run into this file")
    ap.add_argument("--one-run", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one_run:  # the measuring child: one ingest of a prepared folder
        print(json.dumps(one_run(args.sources[0], args.workers[0], args.profile)))
        return

    work = Path(tempfile.mkdtemp(prefix="geokg-bench-corpus-"))
    warm = Path(tempfile.mkdtemp(prefix="geokg-bench-warm-"))
    try:
        texts = copy_corpus(args.sources, work, args.n)
        copy_corpus(args.sources, warm, 2)
        for mode in args.modes:  # fill the user cache (KB index, gazetteer, lemma tables, template store)
            run_in_subprocess(warm, mode, 0, None)
        words = sum(len(t.split()) for _, t in texts)
        n_sents, n_triggered = sentences(texts)
        runs = []
        for k, (mode, w) in enumerate((m, w) for m in args.modes for w in args.workers):
            runs.append(run_in_subprocess(work, mode, w, args.profile if k == 0 else None))
            r = runs[-1]
            print(f"geokg {mode} workers={w}: {r['documents']} articles in {r['seconds']:.1f} s = "
                  f"{r['articles_per_s']:.1f}/s ({r['articles_per_cpu_s']:.1f} per CPU s), {r['claims']} claims, "
                  f"peak {r['peak_rss_mib']:.0f} MiB + worker {r['peak_rss_worker_mib']:.0f} MiB", file=sys.stderr)
        base = bare_spacy(texts)
        print(f"spacy.blank: {base['articles_per_s']:.0f} articles/s", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(warm, ignore_errors=True)
    for r in runs:
        r["ratio_to_tokenizer"] = r["articles_per_s"] / base["articles_per_s"]
        r["ratio_cpu_to_tokenizer"] = r["articles_per_cpu_s"] / base["articles_per_cpu_s"]
        r["one_in"] = round(base["articles_per_s"] / r["articles_per_s"], 1)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "articles": args.n, "words": words, "sentences": n_sents, "sentences_triggered": n_triggered,
        "source_texts": len({p for src in args.sources for p in src.glob("*.txt")}),
        "cpus": os.cpu_count(), "load_average": os.getloadavg()[0], "python": platform.python_version(),
        "geokg": runs, "bare_spacy_tokenizer": base,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
