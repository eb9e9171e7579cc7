"""The knowledge base compiled once: a pickled index and its N-Triples, kept in the user cache.

Parsing ``ontology/kb/*.yaml`` and ``*.csv`` takes seconds (and grows with the
knowledge base); unpickling the parsed :class:`~geokg.loaders.kb.KnowledgeBase`
takes milliseconds. The index is keyed by a hash of the data files, of the code
that reads them and of geokg's version (see :mod:`geokg.cache`), so editing a
YAML file or upgrading geokg rebuilds it on the next use; the YAML stays the
source people edit.

The same key names the knowledge base as N-Triples (and the ontology's), which
a new store bulk-loads instead of inserting triple by triple
(:meth:`geokg.graph.store.KnowledgeGraph.ensure_background`).
"""
from __future__ import annotations

import logging
import pickle
from functools import cache
from pathlib import Path

from geokg.cache import EVENTS, cached_bytes, source_key, write_entry

__all__ = ["kb_key", "compiled_kb", "kb_ntriples", "ontology_ntriples", "kb_index_name"]

log = logging.getLogger(__name__)


def _code() -> list[bytes]:
    """The source of the modules whose output the index holds (a change to them rebuilds it)."""
    from geokg.loaders import claims, kb

    return [Path(kb.__file__).read_bytes(), Path(claims.__file__).read_bytes(), Path(__file__).read_bytes()]


def kb_key() -> str:
    """The hash that names this knowledge base's cache entries."""
    from geokg.loaders.kb import kb_files

    return source_key([f.read_bytes() for f in kb_files()] + _code())


def kb_index_name() -> str:
    """The cache entry of the compiled knowledge base (a file in :func:`geokg.cache.cache_dir`)."""
    return f"kb-{kb_key()}.pickle"


def compiled_kb():
    """The knowledge base from the cache, built from the data files and stored when missing or stale."""
    from geokg.loaders.kb import build_kb

    name = kb_index_name()
    built = []

    def build() -> bytes:
        built.append(build_kb())
        return pickle.dumps(built[0], protocol=pickle.HIGHEST_PROTOCOL)

    payload = cached_bytes(name, build)
    if built:
        return built[0]
    try:
        return pickle.loads(payload)
    except Exception as exc:  # an entry from another interpreter or a changed class: rebuild
        log.warning("cache entry %s does not load (%s); rebuilding it", name, exc)
        kb = build_kb()
        write_entry(name, pickle.dumps(kb, protocol=pickle.HIGHEST_PROTOCOL))
        EVENTS[name] = "rebuilt"
        return kb


def _ntriples(triples) -> bytes:
    from rdflib import Graph

    g = Graph()
    for t in triples:
        g.add(t)
    return g.serialize(format="nt", encoding="utf-8")


@cache
def kb_ntriples() -> bytes:
    """The knowledge base's RDF (:func:`geokg.loaders.kb.kb_triples`) as N-Triples, from the cache."""
    from geokg.loaders.kb import kb_triples

    return cached_bytes(f"kb-{kb_key()}.nt", lambda: _ntriples(kb_triples()))


@cache
def ontology_ntriples() -> bytes:
    """The ontology graph (``ontology/geokg.ttl`` and what vocab adds) as N-Triples, from the cache."""
    from geokg.ontology import data_file, vocab

    key = source_key([data_file("geokg.ttl").read_bytes(), Path(vocab.__file__).read_bytes()])
    return cached_bytes(f"ontology-{key}.nt", lambda: _ntriples(vocab.ontology_graph()))
