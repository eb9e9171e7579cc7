"""The ontology and knowledge base graphs are written into a store once per version."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS

from geokg.graph.store import KnowledgeGraph
from geokg.ontology import GRAPH_KB, GRAPH_ONTOLOGY

SENTINEL = (URIRef("https://example.org/sentinel"), RDFS.label, Literal("left alone"))


def _version(kg: KnowledgeGraph) -> str:
    rows = kg.query("SELECT ?v WHERE { GRAPH ?g { ?g dcterms:hasVersion ?v } }", g=GRAPH_KB).rows
    assert len(rows) == 1
    return str(rows[0]["v"])


def _has_sentinel(kg: KnowledgeGraph) -> bool:
    return kg.query("ASK { GRAPH ?g { ?s ?p ?o } }", g=GRAPH_KB, s=SENTINEL[0], p=SENTINEL[1], o=SENTINEL[2]).answer


def _kb_size(kg: KnowledgeGraph) -> int:
    return int(kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=GRAPH_KB).rows[0]["n"].toPython())


@pytest.mark.parametrize("kind", ["disk", "memory"])
def test_store_background_written_once_per_version(tmp_path: Path, kind):
    location = str(tmp_path / "store") if kind == "disk" else "memory"
    kg = KnowledgeGraph.open(location)
    try:
        assert kg.ensure_background() is True
        assert kg.background_writes == 2  # the ontology and the knowledge base
        version, size = _version(kg), _kb_size(kg)
        assert size > 5000
        assert kg.query("ASK { GRAPH ?g { ?a rdfs:label 'Kasachstan'@de } }", g=GRAPH_KB).answer
        kg.update(f"INSERT DATA {{ GRAPH {GRAPH_KB.n3()} {{ {' '.join(t.n3() for t in SENTINEL)} }} }}")
        if kind == "disk":  # a second process: the same store opened again
            kg.close()
            kg = KnowledgeGraph.open(location)
        assert kg.ensure_background() is False
        assert kg.background_writes in (0, 2)
        assert _version(kg) == version and _has_sentinel(kg)
    finally:
        kg.close()


def test_store_background_changed_version_is_rewritten(tmp_path: Path):
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.ensure_background()
        version, size = _version(kg), _kb_size(kg)
        # the store's copy is of an older knowledge base: another version, an extra triple
        kg.update(f"""DELETE DATA {{ GRAPH {GRAPH_KB.n3()} {{ {GRAPH_KB.n3()} dcterms:hasVersion "{version}" }} }} ;
                      INSERT DATA {{ GRAPH {GRAPH_KB.n3()} {{ {GRAPH_KB.n3()} dcterms:hasVersion "old" .
                                     {' '.join(t.n3() for t in SENTINEL)} }} }}""")
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        assert kg.ensure_background() is True
        assert kg.background_writes == 1  # the knowledge base only; the ontology is current
        assert _version(kg) == version
        assert not _has_sentinel(kg)
        assert _kb_size(kg) == size
        assert kg.query("ASK { GRAPH ?g { ?g dcterms:hasVersion ?v } }", g=GRAPH_ONTOLOGY).answer


_ = DCTERMS


def test_store_second_ingest_leaves_the_knowledge_base_alone(tmp_path: Path, seed_dir):
    from click.testing import CliRunner

    from geokg.cli import cli

    store = tmp_path / "store"
    assert CliRunner().invoke(cli, ["ingest", str(seed_dir), "--store", str(store)]).exit_code == 0
    with KnowledgeGraph.open(store) as kg:
        version = _version(kg)
        kg.update(f"INSERT DATA {{ GRAPH {GRAPH_KB.n3()} {{ {' '.join(t.n3() for t in SENTINEL)} }} }}")
    res = CliRunner().invoke(cli, ["ingest", str(seed_dir), "--store", str(store)])
    assert res.exit_code == 0 and "ingested 1 document(s)" in res.output
    with KnowledgeGraph.open(store) as kg:
        assert _version(kg) == version and _has_sentinel(kg)
