"""Shared fixtures: real on-disk stores in tmp_path, the seed article, hand-made claims, a small corpus, a SPARQL server.

What is slow is made once per test session and copied per test (a closed Oxigraph
store is a folder; a copy of it is a store of its own):

- :func:`kb_template`: a store holding only the ontology and the knowledge base
  (writing them takes a second or more); :func:`kb_store` and :func:`kg` hand a
  test its own copy, so an ingest into it finds them current and does not write
  them again;
- :func:`seed_template`: the seed article ingested; :func:`seeded_store` copies it;
- :func:`corpus_template` / :func:`corpus_serial`: the small corpus and its serial
  ingest, for the tests that compare another way of ingesting with it.

:func:`same_store` and :func:`same_rdf` compare stores exactly (up to blank node
labels, as ``rdflib.compare.isomorphic`` does) without building rdflib graphs
of the knowledge base's 40,000 triples.
"""
from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from geokg.graph.server import oxigraph_binary
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.claims import Claim, Document, Entity, Extraction
from geokg.ontology import GKGR

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# The suite's process holds the knowledge base, the language models and many stores' rdflib graphs at
# once; with Python's default thresholds (700, 10, 10) the cyclic collector walked them so often that it
# took about a quarter of the suite's CPU time (measured per test). Collecting young objects every
# 10,000 allocations instead leaves what the tests check unchanged (it costs some memory: cyclic
# garbage lives a little longer).
gc.set_threshold(10_000, 10, 10)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A fresh folder for an embedded Oxigraph store."""
    return tmp_path / "store"


@pytest.fixture(scope="session")
def kb_template(tmp_path_factory) -> Path:
    """A closed on-disk store holding the ontology and knowledge base graphs only; never written by tests.

    A copy of the library's own template store (``KnowledgeGraph.open(..., background=True)``,
    kept in the user cache: see :func:`geokg.graph.store.background_template`), as ``geokg ingest``
    makes a new store; tests/startup/test_store_template.py tests that template itself.
    """
    path = tmp_path_factory.mktemp("kb-store") / "store"
    with KnowledgeGraph.open(path, background=True) as graph:
        assert graph.ensure_background() is False  # current: the template holds both graphs
    return path


def copy_store(template: Path, dest: Path) -> Path:
    """A private copy of a closed store folder (``dest`` must not exist); returns ``dest``."""
    shutil.copytree(template, dest)
    return dest


@pytest.fixture
def kb_store(kb_template: Path, tmp_path: Path) -> Path:
    """A folder holding a new store with the ontology and knowledge base already in it (as after a first ingest)."""
    return copy_store(kb_template, tmp_path / "kb-store")


@pytest.fixture
def kg(kb_template: Path, store_dir: Path):
    """An open embedded store with the ontology and knowledge base loaded (a copy of :func:`kb_template`)."""
    with KnowledgeGraph.open(copy_store(kb_template, store_dir)) as graph:
        assert graph.ensure_background() is False  # current: nothing written again
        yield graph


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory) -> Path:
    """A copy of seeds/ (the seed article and its metadata), one per session: tests must not write into it."""
    dest = tmp_path_factory.mktemp("seed-dir") / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory, seed_dir: Path, kb_template: Path) -> Path:
    """An on-disk store with ``seed_dir`` ingested, made once per session and closed; never written by tests."""
    from geokg.loaders.ingest import ingest_paths

    path = copy_store(kb_template, tmp_path_factory.mktemp("seed-store") / "store")
    with KnowledgeGraph.open(path) as graph:
        report = ingest_paths(graph, [seed_dir])
    assert report.documents == 1 and report.claims > 0
    return path


@pytest.fixture
def seeded_store(seed_template: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the ingested seed store (the same as ``geokg ingest SEED_DIR``)."""
    return copy_store(seed_template, tmp_path / "seeded")


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


def write_corpus(folder: Path) -> Path:
    """Write the small corpus into the new folder ``folder``; returns it."""
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


@pytest.fixture(scope="session")
def corpus_template(tmp_path_factory) -> Path:
    """The small corpus, once per session: tests must not write into it (:func:`corpus` is a private copy)."""
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder: a JSON Lines file of twelve articles, one plain-text article, an empty one, the seed article."""
    return write_corpus(tmp_path / "corpus")


@pytest.fixture(scope="session")
def corpus_serial(tmp_path_factory, corpus_template: Path, kb_template: Path):
    """``(store folder, report)``: the corpus ingested serially (the plain ``geokg ingest``), once per session.

    The store is closed; a test opens it to read, or copies it (:func:`copy_store`) to write.
    """
    from geokg.loaders.ingest import ingest_paths

    path = copy_store(kb_template, tmp_path_factory.mktemp("corpus-serial") / "store")
    with KnowledgeGraph.open(path) as graph:
        report = ingest_paths(graph, [corpus_template])
    assert report.documents > 10 and report.skipped == 1
    return path, report


def without_snapshot(nquads: bytes) -> list[ox.Quad]:
    """The quads of an N-Quads export but its snapshot description (which carries the time of export)."""
    from geokg.graph.snapshots import GRAPH_SNAPSHOT

    snapshot = ox.NamedNode(str(GRAPH_SNAPSHOT))
    return [q for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS) if q.graph_name != snapshot]


def export_quads(kg: KnowledgeGraph) -> list[ox.Quad]:
    """Every quad of a store (without the snapshot description), through its N-Quads export.

    For a store on an ``oxigraph serve`` endpoint, straight from the server (a GET on its
    Graph Store Protocol URL): what the server holds, without geokg's slower generic
    export of a remote store (``tests/graph/test_remote.py`` tests that one).
    """
    if kg.kind == "sparql":
        from geokg.graph.bulk import gsp_url

        req = urllib.request.Request(gsp_url(kg), headers={"Accept": "application/n-quads"})
        with urllib.request.urlopen(req, timeout=120) as resp:
            return without_snapshot(resp.read())
    return without_snapshot(kg.export("nquads", None))


def _rdflib_graph(triples) -> Graph:
    from geokg.ontology.terms import from_ox

    g = Graph()
    for s, p, o in triples:
        g.add((from_ox(s), from_ox(p), from_ox(o)))
    return g


def same_rdf(a, b) -> bool:
    """Whether two collections of Oxigraph triples are the same graph, up to blank node labels.

    What ``rdflib.compare.isomorphic`` answers for the same triples as rdflib terms,
    but in a fraction of the time for a store with the knowledge base in it: an
    isomorphism maps each triple without blank nodes to itself, so those must be the
    same set (the few that differ as Oxigraph terms are compared again as rdflib
    terms, which normalise some lexical forms), and only the triples with blank
    nodes go through ``isomorphic``.
    """
    def split(triples):
        ground, blank = set(), []
        for t in triples:
            if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
                blank.append(t)
            else:
                ground.add(t)
        return ground, blank

    (ga, ba), (gb, bb) = split(a), split(b)
    if len(ba) != len(bb) or len(ga) != len(gb):
        return False
    only_a, only_b = ga - gb, gb - ga
    if only_a or only_b:
        ra, rb = _rdflib_graph(only_a), _rdflib_graph(only_b)
        if set(ra) != set(rb):
            return False
    if not ba:
        return True
    ra, rb = _rdflib_graph(ba), _rdflib_graph(bb)
    return isomorphic(ra, rb)


def same_store(a: KnowledgeGraph, b: KnowledgeGraph) -> bool:
    """The same named graphs and, over all of them, the same triples up to blank node labels (no snapshot record)."""
    qa, qb = export_quads(a), export_quads(b)
    names_a, names_b = {q.graph_name for q in qa}, {q.graph_name for q in qb}
    return names_a == names_b and same_rdf({q.triple for q in qa}, {q.triple for q in qb})
