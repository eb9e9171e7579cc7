"""Shared fixtures: real on-disk stores in tmp_path, the seed article, hand-made claims, a small corpus, a SPARQL server.

The seed article is extracted once per test session (:func:`seed_template`); a test
that needs the ingested seed gets its own copy of that store folder
(:func:`seeded_store`), which costs a folder copy instead of an extraction.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from geokg.graph.server import oxigraph_binary
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.claims import Claim, Document, Entity, Extraction
from geokg.ontology import GKGR

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A fresh folder for an embedded Oxigraph store."""
    return tmp_path / "store"


@pytest.fixture
def kg(store_dir: Path):
    """An open embedded store with the ontology and knowledge base loaded."""
    with KnowledgeGraph.open(store_dir) as graph:
        graph.ensure_background()
        yield graph


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory) -> Path:
    """A copy of seeds/ (the seed article and its metadata), one per session: tests must not write into it."""
    dest = tmp_path_factory.mktemp("seed-dir") / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory, seed_dir: Path) -> Path:
    """An on-disk store with ``seed_dir`` ingested, made once per session and closed; never written by tests."""
    from geokg.loaders.ingest import ingest_paths

    path = tmp_path_factory.mktemp("seed-store") / "store"
    with KnowledgeGraph.open(path) as graph:
        report = ingest_paths(graph, [seed_dir])
    assert report.documents == 1 and report.claims > 0
    return path


@pytest.fixture
def seeded_store(seed_template: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the ingested seed store (the same as ``geokg ingest SEED_DIR``)."""
    dest = tmp_path / "seeded"
    shutil.copytree(seed_template, dest)
    return dest


def make_extraction(name: str = "example", negated_too: bool = True) -> Extraction:
    """A document with two claims that use every property of the claim model."""
    doc = Document(iri=GKGR[f"doc/{name}"], title=f"Example {name}", url=f"https://example.org/{name}",
                   published="2022-10-12", language="en", outlet="Example Wire")
    umarov = GKGR["person/temur-umarov"]
    claims = [
        Claim(GKGR["russia"], "attacks", GKGR["ukraine"], evidence="Russia attacked Ukraine.",
              char_start=0, char_end=24, confidence=0.8, extractor="test-rule", date="2022-02-24"),
        Claim(GKGR["kazakhstan"], "supports", GKGR["russia"], evidence="Kazakhstan does not support Russia's war.",
              char_start=25, char_end=66, negated=negated_too, attributed_to=umarov, modality="intended",
              confidence=0.6, extractor="test-rule", date="2022-10-12"),
    ]
    entities = [Entity(umarov, "Person", "Temur Umarov", labels={"de": {"Temur Umarov"}})]
    return Extraction(doc, claims, entities)


def label_of(iri, ext: Extraction | None = None) -> str | None:
    """An IRI's English label: the knowledge base's, else the extraction's own entity's, else its last part."""
    from geokg.loaders.kb import load_kb

    if iri is None:
        return None
    a = load_kb().actors.get(iri)
    if a:
        return a.label_en
    for e in (ext.entities if ext else []):
        if e.iri == iri:
            return e.label_en
    return str(iri).rsplit("/", 1)[-1]


@pytest.fixture
def extraction() -> Extraction:
    return make_extraction()


# ---------------------------------------------------------------------- a real SPARQL server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def stop_group(proc: subprocess.Popen, timeout: float = 10) -> None:
    """Stop a process started with ``start_new_session=True`` and every child of it (its process group)."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)
    try:  # the children, if the leader went first
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture
def oxigraph_server(tmp_path):
    """`oxigraph serve` on loopback with a temporary store; stopped by its PID."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "server"),
                             "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_for(url)
        yield url
    finally:
        stop_group(proc)


# ---------------------------------------------------------------------- a small corpus and store comparison
STATES = [("Russland", "Russia"), ("Kasachstan", "Kazakhstan"), ("China", "China"), ("Türkei", "Turkey"),
          ("Ukraine", "Ukraine"), ("Iran", "Iran"), ("Indien", "India"), ("Frankreich", "France")]
DE = ["{A} hat die Sanktionen gegen {B} verlängert, teilte das Außenministerium mit.",
      "{A} und {B} unterzeichneten ein Abkommen über Energielieferungen.",
      "Beobachter sehen wachsende Spannungen zwischen {A} und {B}.",
      "{A} bemüht sich, zwischen {B} und seinen Nachbarn zu vermitteln."]
EN = ["{A} extended its sanctions against {B}, the foreign ministry said.",
      "{A} and {B} signed an agreement on energy supplies.",
      "Observers see growing tensions between {A} and {B}.",
      "{A} refused to provide military support to {B}."]


def articles(n: int = 12) -> list[dict]:
    """``n`` short articles, German and English alternating, each naming a few pairs of states."""
    out = []
    for k in range(n):
        de = k % 2 == 0
        sents = []
        for j in range(4):
            a, b = STATES[(k + j) % len(STATES)], STATES[(k + 3 * j + 1) % len(STATES)]
            t = (DE if de else EN)[(k + j) % 4]
            sents.append(t.format(A=a[0] if de else a[1], B=b[0] if de else b[1]))
        out.append({"title": f"Article {k}", "text": " ".join(sents), "published": f"2022-10-{1 + k:02d}",
                    "language": "de" if de else "en", "url": f"https://example.org/{k}"})
    return out


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder: a JSON Lines file of twelve articles, one plain-text article, the seed article."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    docs = articles(12)
    with open(folder / "a-news.jsonl", "w", encoding="utf-8") as fh:
        for d in docs[:10]:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    (folder / "b-single.txt").write_text("Single\n\n" + docs[10]["text"], encoding="utf-8")
    (folder / "c-empty.txt").write_text("", encoding="utf-8")
    shutil.copy(ROOT / "seeds" / "cica-summit-astana.de.txt", folder / "d-seed.txt")
    shutil.copy(ROOT / "seeds" / "cica-summit-astana.de.json", folder / "d-seed.json")
    return folder


def store_quads(kg: KnowledgeGraph) -> tuple[Graph, set[str]]:
    """The union of a store's graphs (without the snapshot description) and the names of its graphs."""
    from geokg.graph.snapshots import GRAPH_SNAPSHOT

    ds = Dataset()
    ds.parse(data=kg.export("nquads", None), format="nquads")
    g, names = Graph(), set()
    for s, p, o, c in ds.quads((None, None, None, None)):
        name = getattr(c, "identifier", c)
        if name == GRAPH_SNAPSHOT:
            continue
        names.add(str(name))
        g.add((s, p, o))
    return g, names


def same_store(a: KnowledgeGraph, b: KnowledgeGraph) -> bool:
    ga, na = store_quads(a)
    gb, nb = store_quads(b)
    return na == nb and len(ga) == len(gb) and isomorphic(ga, gb)
