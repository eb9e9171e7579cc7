"""The ontology and the claims' provenance under an OWL 2 RL reasoner (owlrl) with PROV-O's axioms."""
from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import PROV, RDF

from geokg.graph.snapshots import write_snapshot
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.claims import Claim, Document, Entity, Extraction, extraction_triples
from geokg.ontology import GKGR

ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")
PROV_AXIOMS = Path(__file__).resolve().parents[1] / "data" / "prov-o-axioms.ttl"


@pytest.fixture
def exported(tmp_path) -> Graph:
    """A store with claims of every kind the reasoner should accept, exported and merged into one graph."""
    doc = Document(iri=GKGR["doc/flight"], title="Flight", url="https://example.org/flight", published="2022-10-01",
                   language="en", outlet="Example Wire")
    deserters = GKGR["group/russian-deserters"]
    claims = [
        Claim(deserters, "migratesTo", GKGR["central-asia"], evidence="Russian deserters fled to Central Asia.",
              char_start=0, char_end=39, confidence=0.7, extractor="test-rule", date="2022-09-30"),
        Claim(deserters, "migratesTo", GKGR["kazakhstan"], evidence="Many went to Kazakhstan.",
              char_start=40, char_end=64, confidence=0.7, extractor="test-rule"),
        Claim(GKGR["russia"], "attacks", GKGR["ukraine"], evidence="Russia attacked Ukraine.", char_start=65,
              char_end=89, confidence=0.8, extractor="test-rule"),
    ]
    ext = Extraction(doc, claims, [Entity(deserters, "Group", "Russian deserters")])
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.ensure_background()
        kg.replace_graph(doc.iri, extraction_triples(ext))
        data = write_snapshot(kg, "trig", None)
    ds = Dataset()
    ds.parse(data=data, format="trig")
    g = Graph()
    for s, p, o, _c in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    g.parse(PROV_AXIOMS, format="turtle")
    return g


def test_reasoning_owl_rl_finds_no_inconsistency(exported):
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(exported)
    errors = [str(m) for m in exported.objects(None, ERR.error)]
    assert errors == []


def test_reasoning_claims_are_generated_by_activities_not_agents(exported):
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(exported)
    makers = set(exported.objects(None, PROV.wasGeneratedBy))
    assert makers
    for m in makers:
        assert (m, RDF.type, PROV.Activity) in exported
        assert (m, RDF.type, PROV.Agent) not in exported
