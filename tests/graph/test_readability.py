"""What a reader sees: explain and align print the whole evidence, wrapped; map tooltips name things by label."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from geokg.cli import cli
from geokg.graph.maps import write_map
from geokg.loaders.claims import Claim, Document, Entity, Extraction, extraction_triples
from geokg.ontology import GKGR
from tests.graph.test_maps import page_data

LONG = ("Russia attacked Ukraine again on Monday morning, the ministry of defence in Kyiv said, adding that "
        "the strikes on the energy grid of the eastern regions had left hundreds of thousands of households "
        "without electricity or heating as winter approached.")
SPEAKER = GKGR["person/temur-umarov"]


@pytest.fixture
def store(kg, store_dir):
    doc = Document(iri=GKGR["doc/long-sentence-0123456789abcdef"], title="Strikes on the grid",
                   url="https://example.org/grid", published="2022-10-12", language="en", outlet="Example Wire")
    claims = [Claim(GKGR["russia"], "attacks", GKGR["ukraine"], evidence=LONG, char_start=0, char_end=len(LONG),
                    confidence=0.8, extractor="test-rule", date="2022-10-10", attributed_to=SPEAKER),
              Claim(GKGR["russia"], "meetsWith", GKGR["kazakhstan"], evidence="Putin met Tokayev in Astana.",
                    confidence=0.8, extractor="test-rule", date="2022-10-12")]
    ext = Extraction(doc, claims, [Entity(SPEAKER, "Person", "Temur Umarov")])
    kg.replace_graph(doc.iri, extraction_triples(ext))
    kg.close()
    return store_dir


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_readability_explain_prints_the_whole_sentence_wrapped(store):
    res = CliRunner().invoke(cli, ["explain", "Russia", "Ukraine", "--store", str(store)], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    assert LONG in words(res.output)  # all of it, not cut at 100 characters
    wrapped = [line for line in res.output.splitlines() if line.startswith("    ")]
    assert len(wrapped) >= 3 and max(len(line) for line in wrapped) <= 80
    assert "Example Wire" in res.output and "..." not in res.output


def test_readability_align_lists_every_shared_organisation(store):
    res = CliRunner().invoke(cli, ["align", "Russia", "Kazakhstan", "--store", str(store)], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    text = words(res.output)
    assert "Collective Security Treaty Organization" in text and "Shanghai Cooperation Organisation" in text
    assert "Putin met Tokayev in Astana." in text and "..." not in res.output


def test_readability_map_tooltips_use_labels_not_iris(store, tmp_path):
    from geokg.graph.store import KnowledgeGraph

    with KnowledgeGraph.open(store) as kg:
        write_map(kg, tmp_path / "m.html", per_edge=3)
    data = page_data((tmp_path / "m.html").read_text(encoding="utf-8"))
    tips = [n["tip"] for n in data["nodes"]] + [e["tip"] for e in data["edges"]]
    assert tips and not any("https://w3id.org/" in t for t in tips)
    attack = next(e["tip"] for e in data["edges"] if "attacks" in e["tip"])
    assert "according to Temur Umarov" in attack and "temur-umarov" not in attack
