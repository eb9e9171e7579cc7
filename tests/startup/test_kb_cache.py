"""The compiled knowledge base index in the user cache: used, invalidated, rebuilt (no timing asserts)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import geokg.loaders.kb as kbmod
from geokg import cache
from geokg.loaders import kb as kb_index


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch) -> Path:
    """An empty cache folder, and no knowledge base cached in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    kbmod.load_kb.cache_clear()
    kb_index.kb_ntriples.cache_clear()
    cache.EVENTS.clear()
    yield folder
    kbmod.load_kb.cache_clear()
    kb_index.kb_ntriples.cache_clear()


@pytest.fixture(scope="session")
def built_index() -> Path | None:
    """The compiled index of the shipped knowledge base, built once per session (in the user cache)."""
    kbmod.load_kb()
    path = cache.cache_dir() / kb_index.kb_index_name()
    return path if path.is_file() else None


@pytest.fixture
def cache_with_index(built_index: Path | None, cache_dir: Path) -> Path:
    """:func:`cache_dir` already holding the index of the shipped knowledge base (as after a first load):
    a test of what happens to an existing index does not build it first (seconds)."""
    if built_index is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(built_index, cache_dir / built_index.name)
    return cache_dir


@pytest.fixture
def kb_copy(tmp_path: Path, monkeypatch) -> Path:
    """A copy of ontology/kb that the loader reads instead of the shipped one."""
    src = Path(kbmod.__file__).resolve().parent.parent / "ontology" / "kb"
    dest = tmp_path / "kb"
    shutil.copytree(src, dest)
    monkeypatch.setattr(kbmod, "data_file", lambda *parts: dest.joinpath(*parts[1:]))
    return dest


def test_kb_cache_second_load_reads_the_index(cache_dir):
    first = kbmod.load_kb()
    name = kb_index.kb_index_name()
    assert (cache_dir / name).is_file()
    assert cache.EVENTS[name] == "built"
    kbmod.load_kb.cache_clear()
    second = kbmod.load_kb()
    assert cache.EVENTS[name] == "hit"
    assert second is not first
    assert second.resolve("Kasachstan").label_en == "Kazakhstan"
    assert len(second.actors) == len(first.actors)


def test_kb_cache_changed_file_builds_a_new_index(cache_with_index, kb_copy):
    kbmod.load_kb()
    old = kb_index.kb_index_name()
    with (kb_copy / "persons.yaml").open("a", encoding="utf-8") as fh:
        fh.write("\n- id: person/test-cache-person\n  label: {en: Testa Cachewitz}\n  source: test\n")
    kbmod.load_kb.cache_clear()
    kb = kbmod.load_kb()
    new = kb_index.kb_index_name()
    assert new != old
    assert cache.EVENTS[new] == "built"
    assert kb.resolve("Testa Cachewitz").cls == "Person"


def test_kb_cache_corrupt_index_is_rebuilt(cache_with_index):
    kbmod.load_kb()
    path = cache_with_index / kb_index.kb_index_name()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    kbmod.load_kb.cache_clear()
    kb = kbmod.load_kb()
    assert cache.EVENTS[path.name] == "rebuilt"
    assert kb.resolve("Kasachstan").label_en == "Kazakhstan"
    assert cache.read_entry(path.name) is not None  # a sound entry again


def test_kb_cache_truncated_index_is_rebuilt(cache_with_index):
    kbmod.load_kb()
    path = cache_with_index / kb_index.kb_index_name()
    path.write_bytes(path.read_bytes()[:100])
    kbmod.load_kb.cache_clear()
    assert kbmod.load_kb().by_iso2["KZ"].label_en == "Kazakhstan"
    assert cache.EVENTS[path.name] == "rebuilt"


def test_kb_cache_unwritable_folder_still_loads(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "cache"))
    kbmod.load_kb.cache_clear()
    try:
        assert kbmod.load_kb().by_iso2["KZ"].label_en == "Kazakhstan"
    finally:
        kbmod.load_kb.cache_clear()


def test_kb_cache_index_equals_a_fresh_parse(cache_with_index):
    kbmod.load_kb()
    kbmod.load_kb.cache_clear()
    cached = kbmod.load_kb()
    fresh = kbmod.build_kb()
    assert set(kbmod.kb_triples(cached)) == set(kbmod.kb_triples(fresh))


def test_kb_cache_keeps_only_the_recent_entries_of_a_kind(cache_dir):
    for k in range(cache.KEEP + 3):
        cache.cached_bytes(f"demo-{k:02d}.bin", lambda k=k: str(k).encode())
    left = sorted(p.name for p in cache_dir.glob("demo-*.bin"))
    assert len(left) == cache.KEEP
    assert "demo-00.bin" not in left and f"demo-{cache.KEEP + 2:02d}.bin" in left
