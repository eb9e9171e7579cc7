"""A new on-disk store starts as a copy of the cached template store (ontology and knowledge base in it)."""
from __future__ import annotations

from pathlib import Path

import pytest

from geokg import cache
from geokg.graph.store import KnowledgeGraph, background_template
from geokg.ontology import GRAPH_KB, GRAPH_ONTOLOGY


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    cache.EVENTS.clear()
    return folder


def _versions(kg: KnowledgeGraph) -> dict[str, str]:
    rows = kg.query("SELECT ?g ?v WHERE { GRAPH ?g { ?g dcterms:hasVersion ?v } }").rows
    return {str(r["g"]): str(r["v"]) for r in rows}


def test_new_store_is_a_copy_of_the_template(tmp_path, cache_dir):
    with KnowledgeGraph.open(tmp_path / "a", background=True) as kg:
        assert kg.ensure_background() is False  # already current: nothing written
        assert kg.background_writes == 0
        versions = _versions(kg)
        assert set(versions) == {str(GRAPH_KB), str(GRAPH_ONTOLOGY)}
        assert kg.query("ASK { GRAPH ?g { ?a rdfs:label 'Kasachstan'@de } }", g=GRAPH_KB).answer
    [entry] = list(cache_dir.glob("store-*.oxigraph"))
    assert cache.EVENTS[entry.name] == "built"
    # the same graphs as a store that wrote them itself
    with KnowledgeGraph.open(tmp_path / "b") as kg:
        assert kg.ensure_background() is True
        assert _versions(kg) == versions
        size = kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=GRAPH_KB).rows[0]["n"]
    with KnowledgeGraph.open(tmp_path / "c", background=True) as kg:
        assert cache.EVENTS[entry.name] == "hit"
        assert kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=GRAPH_KB).rows[0]["n"] == size


def test_an_existing_store_is_never_replaced(tmp_path, cache_dir):
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as kg:
        kg.update("INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/s> rdfs:label 'mine' } }")
    with KnowledgeGraph.open(path, background=True) as kg:
        assert kg.query("ASK { GRAPH ?g { ?s rdfs:label 'mine' } }").answer
        assert _versions(kg) == {}  # no template copied over it
    assert not list(cache_dir.glob("store-*.oxigraph"))


def test_an_empty_folder_gets_the_template(tmp_path, cache_dir):
    path = tmp_path / "empty"
    path.mkdir()
    with KnowledgeGraph.open(path, background=True) as kg:
        assert set(_versions(kg)) == {str(GRAPH_KB), str(GRAPH_ONTOLOGY)}


def test_memory_stores_are_filled_as_before(cache_dir):
    with KnowledgeGraph.open("memory", background=True) as kg:
        assert _versions(kg) == {}
        assert kg.ensure_background() is True


def test_without_a_writable_cache_the_store_is_written_as_before(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker))
    assert background_template() is None
    with KnowledgeGraph.open(tmp_path / "store", background=True) as kg:
        assert kg.ensure_background() is True


def test_a_damaged_template_is_rebuilt(tmp_path, cache_dir):
    background_template()
    [entry] = list(cache_dir.glob("store-*.oxigraph"))
    (entry / "COMPLETE").unlink()  # as if a build was cut short
    with KnowledgeGraph.open(tmp_path / "store", background=True) as kg:
        assert kg.ensure_background() is False
    assert cache.EVENTS[entry.name] == "rebuilt"


def test_cached_dir_builds_once_and_keeps_the_newest(cache_dir):
    calls = []

    def build(folder: Path) -> None:
        calls.append(folder)
        (folder / "payload").write_text("x")

    first = cache.cached_dir("demo-a.dir", build)
    assert first is not None and (first / "payload").read_text() == "x"
    assert cache.cached_dir("demo-a.dir", build) == first and len(calls) == 1
    assert cache.EVENTS["demo-a.dir"] == "hit"
    for name in ("demo-b.dir", "demo-c.dir", "demo-d.dir"):
        cache.cached_dir(name, build)
    kept = sorted(p.name for p in cache_dir.glob("demo-*.dir"))
    assert len(kept) == cache.KEEP_DIRS and "demo-d.dir" in kept
    assert not list(cache_dir.glob(".demo-*"))  # no temporary folders left behind


def test_cached_dir_leaves_nothing_when_the_build_fails(cache_dir):
    def build(folder: Path) -> None:
        raise RuntimeError("broken build")

    with pytest.raises(RuntimeError):
        cache.cached_dir("demo-broken.dir", build)
    assert not list(cache_dir.glob("*demo-broken*"))
