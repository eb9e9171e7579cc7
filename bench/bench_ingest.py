"""Benchmark: article extraction and ingest speed on a generated corpus of 500-word articles.

Run by hand (not in CI):

    .venv/bin/python bench/bench_ingest.py [--articles 400] [--json bench/ingest.json]

The corpus is made from the sentence templates in ``bench/templates.yaml``
(filled with states, demonyms and heads of state from the knowledge base) plus
the seed article, half German and half English, about 500 words each. It
reports extraction speed (articles per second on one core, the pure function),
end-to-end ingest into an on-disk store, and peak memory.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geokg.graph.store import KnowledgeGraph  # noqa: E402
from geokg.loaders.documents import SourceText  # noqa: E402
from geokg.loaders.ingest import extract_source, ingest_paths  # noqa: E402
from geokg.loaders.kb import load_kb  # noqa: E402


def corpus(n: int, seed: int = 7) -> list[SourceText]:
    """``n`` articles of about 500 words, alternating German and English."""
    rng = random.Random(seed)
    templates = yaml.safe_load((ROOT / "bench" / "templates.yaml").read_text(encoding="utf-8"))
    kb = load_kb()
    states = [a for a in kb.actors.values() if a.cls == "State" and a.adj.get("de") and a.adj.get("en")]
    seed_text = (ROOT / "seeds" / "cica-summit-astana.de.txt").read_text(encoding="utf-8")
    out = []
    for k in range(n):
        lang = "de" if k % 2 == 0 else "en"
        words, sents = 0, []
        if lang == "de" and k % 10 == 0:
            sents.append(seed_text)
            words += len(seed_text.split())
        while words < 500:
            a, b = rng.sample(states, 2)
            t = rng.choice(templates[lang]).format(
                A=a.labels.get("de", a.label_en) if lang == "de" else a.label_en,
                B=b.labels.get("de", b.label_en) if lang == "de" else b.label_en,
                AA=(a.adj[lang][0].capitalize() if lang == "en" else a.adj["de"][0]))
            sents.append(t)
            words += len(t.split())
        out.append(SourceText(key=f"bench-{k}", text=" ".join(sents), title=f"Bench {k}",
                              published="2022-10-12", language=lang))
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    docs = corpus(args.articles)
    words = sum(len(d.text.split()) for d in docs) / len(docs)
    extract_source(docs[0])  # warm-up: models, lexicons, gazetteer
    extract_source(docs[1])
    t0 = time.perf_counter()
    claims = sum(len(extract_source(d).claims) for d in docs)
    extraction = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        with open(folder / "corpus.jsonl", "w", encoding="utf-8") as fh:
            for d in docs:
                fh.write(json.dumps({"text": d.text, "title": d.title, "published": d.published,
                                     "language": d.language}) + "\n")
        t0 = time.perf_counter()
        with KnowledgeGraph.open(Path(tmp) / "store") as kg:
            report = ingest_paths(kg, [folder])
        ingest = time.perf_counter() - t0
    result = {
        "articles": len(docs), "mean_words": round(words), "claims": claims,
        "extract_articles_per_s_per_core": round(len(docs) / extraction, 1),
        "ingest_articles_per_s": round(report.documents / ingest, 1),
        "ingest_seconds": round(ingest, 1), "peak_memory_mb": round(peak_mb()),
    }
    width = max(map(len, result))
    for k, v in result.items():
        print(f"{k:<{width}}  {v}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
