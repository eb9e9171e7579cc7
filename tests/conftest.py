"""Shared fixtures: real on-disk stores in tmp_path, the seed article, hand-made claims."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.store import KnowledgeGraph
from loaders.claims import Claim, Document, Entity, Extraction
from ontology import GKGR

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


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A copy of seeds/ (the seed article and its metadata)."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
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
    from loaders.kb import load_kb

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
