"""The scale benchmark: ingest, store loading, queries, analysis and maps at several sizes, in one table.

Run by hand (not in CI); the 1M-claim size takes several minutes:

    .venv/bin/python bench/bench_suite.py [--sizes 10000,100000,1000000] [--articles 1000]
                                          [--json bench/results.json] [--skip ingest,maps]

Sections:

- ingest: a generated corpus of about 500-word German and English articles
  (``bench/bench_ingest.py``'s generator: the project's sentence templates plus
  the seed article). Extraction speed of the pure function on one core, then
  ``ingest_paths`` end to end into an on-disk store, serial and with
  ``workers=2``, per-document transactions and ``bulk=True``; each in a fresh
  process, with the peak RSS of the main process and of the largest worker.
- store: synthetic claims (the shape the extractor writes: 5 claims per
  document, 5,000 actors, skewed; see ``generate``) loaded with
  :func:`geokg.graph.bulk.bulk_load` into a fresh embedded store, against the same
  documents loaded into rdflib's in-memory store (10k and 100k claims only:
  at 1M claims rdflib would need about 13 GB and 4 minutes).
- queries: every named query (``graph/queries/named``) and the dyad
  aggregation (:func:`geokg.graph.projection.dyads`), each in a fresh process.
- analysis: :func:`geokg.graph.projection.to_networkx` plus every measure (as
  ``bench/bench_analysis.py``).
- map: :func:`geokg.graph.maps.build_map` on synthetic graphs of 100, 1,000 and
  5,000 nodes (``bench/bench_maps.py``'s generator), time and HTML size.

Prints one table and writes everything as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

RELATIONS = ["allyOf", "attacks", "cooperatesWith", "distancesFrom", "grantsRefugeTo", "hosts", "mediates",
             "meetsWith", "negotiatesWith", "opposes", "providesAidTo", "sanctions", "seeksSupportFrom",
             "signsAgreementWith", "supports", "tensionWith", "threatens", "visits"]
GKG = "https://w3id.org/geokg/ontology#"
ID = "https://w3id.org/geokg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
ACTORS_GRAPH = f"{ID}graph/bench-actors"
TIMEOUT = 600


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


# ---------------------------------------------------------------------- synthetic store
def generate(folder: Path, claims: int, actors: int = 5_000, events: int = 100_000, per_doc: int = 5,
             seed: int = 1) -> dict:
    """Write ``corpus.nq`` (one named graph per document, as extraction writes them) and ``index.tsv``.

    The index lists each graph with its byte offset and length, so the loader
    can hand documents to :func:`geokg.graph.bulk.bulk_load` one by one without
    parsing. Claims report ``events`` underlying (subject, relation, object)
    events with a skew (a few actors are in much of the news), 5 % negated,
    10 % attributed, dates over 2015-2024, 50 outlets; 20 international
    organisations with members; a tenth of the actors are persons; one claim in ten
    has a date of its own (a month its sentence names), the others take their document's.
    """
    rnd = random.Random(seed)
    nq, index = folder / "corpus.nq", folder / "index.tsv"
    with open(nq, "wb") as out, open(index, "w", encoding="utf-8") as idx:
        def emit(graph: str, lines: list[str]) -> None:
            data = "".join(lines).encode()
            idx.write(f"{graph}\t{out.tell()}\t{len(data)}\n")
            out.write(data)

        g = f"<{ACTORS_GRAPH}>"
        lines = []
        for i in range(actors):
            cls = "Person" if i % 10 == 9 else "State"
            lines.append(f"<{ID}a{i}> <{RDF}type> <{GKG}{cls}> {g} .\n")
            lines.append(f'<{ID}a{i}> <http://www.w3.org/2000/01/rdf-schema#label> "Actor {i}"@en {g} .\n')
        for j in range(20):
            lines.append(f"<{ID}io{j}> <{RDF}type> <{GKG}InternationalOrganization> {g} .\n")
            lines.append(f'<{ID}io{j}> <http://www.w3.org/2000/01/rdf-schema#label> "Organisation {j}"@en {g} .\n')
            for i in rnd.sample(range(actors), actors // 10):
                lines.append(f"<{ID}a{i}> <{GKG}memberOf> <{ID}io{j}> {g} .\n")
        emit(ACTORS_GRAPH, lines)
        pool = []
        for _ in range(events):
            s = min(int(rnd.paretovariate(0.9)) - 1, actors - 1) if rnd.random() < 0.5 else rnd.randrange(actors)
            o = rnd.randrange(actors)
            if o == s:
                o = (o + 1) % actors
            pool.append((s, rnd.choice(RELATIONS), o))
        weights = [1.0 / (k + 1) ** 0.6 for k in range(events)]
        picks = rnd.choices(pool, weights=weights, k=claims)
        lines = []
        for n, (s, p, o) in enumerate(picks):
            d = n // per_doc
            doc_iri = f"{ID}doc/bench-{d}"
            doc = f"<{doc_iri}>"
            day = f"{2015 + d % 10}-{1 + d % 12:02d}-{1 + d % 28:02d}"
            if n % per_doc == 0:
                lines = [f"{doc} <{RDF}type> <{GKG}Document> {doc} .\n",
                         f'{doc} <{DCT}title> "Synthetic article {d}" {doc} .\n',
                         f'{doc} <{DCT}date> "{day}"^^<{XSD}date> {doc} .\n',
                         f'{doc} <{DCT}language> "{"de" if d % 2 else "en"}" {doc} .\n',
                         f'{doc} <{DCT}source> "outlet {d % 50}" {doc} .\n']
            c = f"<{ID}claim/bench-{n}>"
            neg = "true" if n % 20 == 7 else "false"
            lines += [f"{c} <{RDF}type> <{GKG}Claim> {doc} .\n",
                      f"{c} <{RDF}subject> <{ID}a{s}> {doc} .\n",
                      f"{c} <{RDF}predicate> <{GKG}{p}> {doc} .\n",
                      f"{c} <{RDF}object> <{ID}a{o}> {doc} .\n",
                      f"{c} <http://www.w3.org/ns/prov#wasDerivedFrom> {doc} {doc} .\n",
                      f'{c} <{GKG}evidence> "Sentence {n} of the synthetic corpus, about actors {s} and {o}." {doc} .\n',
                      f'{c} <{GKG}negated> "{neg}"^^<{XSD}boolean> {doc} .\n',
                      f'{c} <{GKG}confidence> "0.{5 + n % 5}"^^<{XSD}decimal> {doc} .\n',
                      f'{c} <{GKG}extractor> <{ID}extractor/bench> {doc} .\n']
            if n % 10 == 5:  # the sentence gives a date of its own (extraction writes it only then)
                lines.append(f'{c} <{DCT}date> "{2015 + d % 10}-{1 + d % 12:02d}"^^<{XSD}gYearMonth> {doc} .\n')
            if n % 10 == 3:
                lines.append(f"{c} <{GKG}attributedTo> <{ID}a{(s + 7) % actors}> {doc} .\n")
            if neg == "false":
                lines.append(f"<{ID}a{s}> <{GKG}{p}> <{ID}a{o}> {doc} .\n")
            if n % per_doc == per_doc - 1 or n == claims - 1:
                emit(doc_iri, lines)
    quads = sum(1 for _ in open(nq, "rb"))
    return {"quads": quads, "bytes": nq.stat().st_size}


def iter_docs(folder: Path):
    """``(graph, N-Quads bytes)`` per document of a generated corpus."""
    import mmap

    with open(folder / "corpus.nq", "rb") as fh, open(folder / "index.tsv", encoding="utf-8") as idx:
        mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            for line in idx:
                graph, off, length = line.rstrip("\n").split("\t")
                off, length = int(off), int(length)
                yield graph, mm[off:off + length]
        finally:
            mm.close()


# ---------------------------------------------------------------------- child tasks (fresh processes)
def task_load(folder: Path, store: str) -> dict:
    from geokg.graph.bulk import bulk_load
    from geokg.graph.store import KnowledgeGraph

    with KnowledgeGraph.open(store) as kg:
        if kg.kind != "memory":
            kg.ensure_background()
        t = time.perf_counter()
        report = bulk_load(kg, iter_docs(folder))
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "documents": report.documents, "quads": report.quads,
            "batches": report.batches, "peak_rss_mb": peak_rss_mb()}


def task_query(store: str, name: str) -> dict:
    from geokg.graph.store import KnowledgeGraph

    params = {"actor-claims": {"actor": "Actor 0"}, "relation": {"relation": "mediates"}}.get(name, {})
    with KnowledgeGraph.open(store, create=False) as kg:
        kg.named("hosts")  # warm-up: the store's caches, the query parser
        t = time.perf_counter()
        rows = kg.named(name, **params)
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "rows": len(rows), "params": params, "peak_rss_mb": peak_rss_mb()}


def task_dyads(store: str) -> dict:
    from geokg.graph.projection import dyads
    from geokg.graph.store import KnowledgeGraph

    with KnowledgeGraph.open(store, create=False) as kg:
        t = time.perf_counter()
        rows = dyads(kg)
        seconds = time.perf_counter() - t
    return {"seconds": seconds, "dyads": len(rows), "peak_rss_mb": peak_rss_mb()}


def task_analysis(store: str) -> dict:
    from bench_analysis import measure

    out = measure(Path(store))
    out["seconds"] = out.pop("total_s")
    out["peak_rss_mb"] = out.pop("peak_rss_gib") * 1024
    return out


def task_ingest(corpus: Path, store: str, workers: int, bulk: bool) -> dict:
    from geokg.graph.store import KnowledgeGraph
    from geokg.loaders.ingest import ingest_paths

    # no warm-up: the times include loading lexicons and models (once here, or once per worker)
    load = os.getloadavg()[0]
    with KnowledgeGraph.open(store) as kg:
        kg.ensure_background()
        t = time.perf_counter()
        cpu0 = _cpu()
        report = ingest_paths(kg, [corpus], workers=workers, bulk=bulk)
        seconds = time.perf_counter() - t
        cpu = _cpu() - cpu0
    return {"seconds": seconds, "cpu_seconds": cpu, "loadavg_before": load, "documents": report.documents, "claims": report.claims,
            "articles_per_s": report.documents / seconds, "peak_rss_mb": peak_rss_mb(),
            "peak_rss_worker_mb": peak_rss_mb(resource.RUSAGE_CHILDREN)}


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def task_extract(corpus_json: Path) -> dict:
    from geokg.loaders.documents import SourceText
    from geokg.loaders.ingest import extract_source
    from geokg.loaders.parallel import extract_document

    docs = [SourceText(**d) for d in json.loads(corpus_json.read_text(encoding="utf-8"))]
    extract_source(docs[0])
    extract_source(docs[1])
    t = time.perf_counter()
    claims = sum(len(extract_source(d).claims) for d in docs)
    pure = time.perf_counter() - t
    t = time.perf_counter()
    size = sum(len(extract_document(d).nquads) for d in docs)
    nq = time.perf_counter() - t
    return {"articles": len(docs), "claims": claims, "seconds": pure,
            "articles_per_s_per_core": len(docs) / pure, "with_nquads_articles_per_s": len(docs) / nq,
            "nquads_bytes": size, "peak_rss_mb": peak_rss_mb()}


TASKS = {"load": task_load, "query": task_query, "dyads": task_dyads, "analysis": task_analysis,
         "ingest": task_ingest, "extract": task_extract}


def child(task: str, *args) -> dict:
    """Run one task in a fresh process (clean peak memory, cold caches of Python objects)."""
    cmd = [sys.executable, __file__, "--task", task, "--args", json.dumps([str(a) for a in args])]
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, env={**os.environ})
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {TIMEOUT} s"}
    if res.returncode != 0:
        return {"error": (res.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(res.stdout.strip().splitlines()[-1])


def run_task(task: str, args: list[str]) -> None:
    fn = TASKS[task]
    conv = []
    for a in args:
        conv.append(int(a) if a.isdigit() else (a == "True") if a in ("True", "False") else a)
    if task == "load" or task == "extract" or task == "ingest":
        conv[0] = Path(conv[0])
    print(json.dumps(fn(*conv), default=str))


# ---------------------------------------------------------------------- sections
def bench_ingest(n: int, tmp: Path) -> dict:
    from bench_ingest import corpus

    docs = corpus(n)
    folder = tmp / "articles"
    folder.mkdir()
    with open(folder / "corpus.jsonl", "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({"text": d.text, "title": d.title, "published": d.published,
                                 "language": d.language}, ensure_ascii=False) + "\n")
    as_json = tmp / "articles.json"
    as_json.write_text(json.dumps([d.__dict__ for d in docs], ensure_ascii=False), encoding="utf-8")
    out = {"articles": n, "mean_words": round(sum(len(d.text.split()) for d in docs) / n)}
    out["extract"] = child("extract", as_json)
    for name, workers, bulk in [("serial", 0, False), ("serial_bulk", 0, True), ("workers2", 2, False),
                                ("workers2_bulk", 2, True)]:
        out[name] = child("ingest", folder, tmp / f"store-{name}", workers, bulk)
        print(f"  ingest {name}: {out[name]}", file=sys.stderr, flush=True)
    for base, par in [("serial", "workers2"), ("serial_bulk", "workers2_bulk")]:
        if "seconds" in out[base] and "seconds" in out[par]:
            out[f"speedup_{par}"] = out[base]["seconds"] / out[par]["seconds"]
    return out


def bench_size(claims: int, tmp: Path, rdflib_limit: int) -> dict:
    from geokg.graph.named import named_queries

    folder = tmp / f"gen-{claims}"
    folder.mkdir()
    t = time.perf_counter()
    out = {"claims": claims, "generate": generate(folder, claims)}
    out["generate"]["seconds"] = time.perf_counter() - t
    store = tmp / f"store-{claims}"
    out["load"] = child("load", folder, store)
    if "seconds" in out["load"]:
        out["load"]["claims_per_s"] = claims / out["load"]["seconds"]
        out["load"]["quads_per_s"] = out["load"]["quads"] / out["load"]["seconds"]
    print(f"  {claims}: load {out['load']}", file=sys.stderr, flush=True)
    if claims <= rdflib_limit:
        mem = child("load", folder, "memory")
        if "seconds" in mem:
            mem["claims_per_s"] = claims / mem["seconds"]
            out["load"]["rdflib_memory"] = mem
            out["load"]["ratio_vs_rdflib"] = mem["seconds"] / out["load"]["seconds"]
        else:
            out["load"]["rdflib_memory"] = mem
    out["store_mb"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 1e6
    (folder / "corpus.nq").unlink()
    out["queries"] = {}
    for name in named_queries():
        out["queries"][name] = child("query", store, name)
        print(f"  {claims}: query {name}: {out['queries'][name]}", file=sys.stderr, flush=True)
    out["dyads"] = child("dyads", store)
    print(f"  {claims}: dyads {out['dyads']}", file=sys.stderr, flush=True)
    out["analysis"] = child("analysis", store)
    print(f"  {claims}: analysis {out['analysis']}", file=sys.stderr, flush=True)
    return out


def bench_maps(sizes=(100, 1000, 5000)) -> dict:
    try:
        from bench_maps import synthetic
        from geokg.graph.maps import build_map
    except ImportError as exc:
        return {"note": f"graph.maps is not available ({exc}); no map figures"}
    out = {}
    for n in sizes:
        G = synthetic(n)
        t = time.perf_counter()
        page = build_map(G, title=f"bench {n}")
        out[str(n)] = {"nodes": n, "edges": G.number_of_edges(), "seconds": time.perf_counter() - t,
                       "mb": len(page.encode()) / 1e6,
                       "physics_off": bool(re.search(r'"physics"\s*:\s*(false|\{\s*"enabled"\s*:\s*false)', page))}
    return out


def machine() -> dict:
    cpu = next((ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name")), "?")
    mem = next((int(ln.split()[1]) for ln in open("/proc/meminfo") if ln.startswith("MemTotal")), 0)
    import pyoxigraph
    import rdflib

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 1024 ** 2, 1),
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__}


# ---------------------------------------------------------------------- the table
def fmt(v, unit="", nd=1) -> str:
    if v is None:
        return "-"
    return f"{v:,.{nd}f}{unit}"


def table(res: dict) -> str:
    rows = [("figure", "value", "target", "met")]

    def add(name, value, target="", met=None):
        rows.append((name, value, target, "" if met is None else ("yes" if met else "NO")))

    ing = res.get("ingest")
    if ing:
        ex = ing["extract"]
        add(f"extract, articles/s/core ({ing['mean_words']} words)", fmt(ex.get("articles_per_s_per_core")),
            ">= 50", ex.get("articles_per_s_per_core", 0) >= 50)
        for name in ("serial", "serial_bulk", "workers2", "workers2_bulk"):
            r = ing[name]
            if "error" in r:
                add(f"ingest {name}", r["error"])
                continue
            per_core = r["articles_per_s"] / (2 if name.startswith("workers2") else 1)
            mem = r["peak_rss_mb"] + (2 * r["peak_rss_worker_mb"] if name.startswith("workers2") else 0)
            add(f"ingest {name}, articles/s (per core)", f"{r['articles_per_s']:.1f} ({per_core:.1f})", ">= 50/core",
                per_core >= 50)
            add(f"ingest {name}, peak memory (all processes)", fmt(mem, " MB", 0), "< 1 GB", mem < 1024)
        for key in ("speedup_workers2", "speedup_workers2_bulk"):
            if key in ing:
                add(f"{key.replace('_', ' ')} (2 cores)", fmt(ing[key], "x", 2), ">= 1.7x", ing[key] >= 1.7)
    for s in res.get("sizes", []):
        n = s["claims"]
        tag = f"{n // 1000}k" if n < 1_000_000 else f"{n // 1_000_000}M"
        ld = s["load"]
        if "seconds" in ld:
            met = None if n < 1_000_000 else (ld["seconds"] <= 120 and ld["peak_rss_mb"] <= 4096)
            add(f"{tag}: bulk load ({s['generate']['quads']:,} quads)",
                f"{ld['seconds']:.1f} s, {ld['claims_per_s']:,.0f} claims/s, {ld['peak_rss_mb']:,.0f} MB",
                "1M: <= 120 s, <= 4 GB" if n >= 1_000_000 else "", met)
            if "ratio_vs_rdflib" in ld:
                rm = ld["rdflib_memory"]
                add(f"{tag}: rdflib in-memory load", f"{rm['seconds']:.1f} s, {rm['claims_per_s']:,.0f} claims/s, "
                    f"{rm['peak_rss_mb']:,.0f} MB; Oxigraph {ld['ratio_vs_rdflib']:.1f}x faster")
        else:
            add(f"{tag}: bulk load", ld.get("error", "?"))
        for q, r in s["queries"].items():
            if "seconds" in r:
                add(f"{tag}: query {q} ({r['rows']:,} rows)", fmt(r["seconds"], " s", 2), "<= 1 s",
                    r["seconds"] <= 1 if n >= 1_000_000 else None)
            else:
                add(f"{tag}: query {q}", r.get("error", "?"), "<= 1 s", False if n >= 1_000_000 else None)
        d = s["dyads"]
        add(f"{tag}: dyad aggregation ({d.get('dyads', 0):,} dyads)", fmt(d.get("seconds"), " s", 2) if "seconds" in d
            else d.get("error"), "<= 10 s", (d.get("seconds", 1e9) <= 10) if n >= 1_000_000 else None)
        a = s["analysis"]
        if "seconds" in a:
            add(f"{tag}: analysis ({a['nodes']:,} nodes, {a['edges']:,} edges)",
                f"{a['seconds']:.1f} s, {a['peak_rss_mb']:,.0f} MB", "<= 30 s",
                a["seconds"] <= 30 if n >= 1_000_000 else None)
        else:
            add(f"{tag}: analysis", a.get("error", "?"), "<= 30 s", False if n >= 1_000_000 else None)
    maps = res.get("maps", {})
    if "note" in maps:
        add("map", maps["note"])
    for n, m in maps.items():
        if n == "note":
            continue
        add(f"map {int(n):,} nodes ({m['edges']:,} edges)",
            f"{m['seconds']:.2f} s, {m['mb']:.1f} MB" + (", physics off" if m.get("physics_off") else ""),
            "5,000: <= 5 s" if n == "5000" else "", m["seconds"] <= 5 if n == "5000" else None)
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--rdflib-limit", type=int, default=100_000,
                    help="Largest size also loaded into rdflib's memory store.")
    ap.add_argument("--skip", default="", help="Sections to leave out: ingest, sizes, maps.")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json")
    ap.add_argument("--tmp", type=Path, default=None, help="Folder for stores and corpora (default: a temporary one).")
    ap.add_argument("--task", help=argparse.SUPPRESS)
    ap.add_argument("--args", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.task:
        run_task(args.task, json.loads(args.args))
        return
    skip = set(filter(None, args.skip.split(",")))
    res: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        tmp = Path(tmp)
        if "ingest" not in skip:
            print("ingest ...", file=sys.stderr, flush=True)
            res["ingest"] = bench_ingest(args.articles, tmp)
        if "maps" not in skip:
            print("maps ...", file=sys.stderr, flush=True)
            res["maps"] = bench_maps()
        if "sizes" not in skip:
            res["sizes"] = []
            for n in (int(x) for x in args.sizes.split(",")):
                print(f"{n} claims ...", file=sys.stderr, flush=True)
                res["sizes"].append(bench_size(n, tmp, args.rdflib_limit))
                import shutil

                shutil.rmtree(tmp / f"store-{n}", ignore_errors=True)
    res["table"] = table(res)
    args.json.write_text(json.dumps(res, indent=2, default=str) + "\n", encoding="utf-8")
    print(res["table"])
    print(f"\nmachine: {res['machine']}\nwritten: {args.json}")


if __name__ == "__main__":
    main()
