"""One bad article never sinks a batch: it is named, the others load, the exit code says so.

The failure is injected by replacing the article extractor with one that
breaks on one specific text; the store, rdflib and Oxigraph are the real ones.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import geokg.loaders.parallel as extract_module  # extract_source, and the extractor it calls, live here
from geokg.cli import cli
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.ingest import ingest_paths

GOOD = {"a.en.txt": "Russia attacked Ukraine on Monday.", "c.de.txt": "Frankreich unterstützt die Ukraine."}
BAD = ("b.en.txt", "Turkey mediates between Russia and Ukraine. MARKER-THAT-BREAKS-THE-EXTRACTOR")


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in [*GOOD.items(), BAD]:
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def broken_extractor(monkeypatch):
    real = extract_module.extract

    def extract(doc, text, lang):
        if "MARKER-THAT-BREAKS-THE-EXTRACTOR" in text:
            raise KeyError("no such token")  # stands for any bug in the extractor
        return real(doc, text, lang)

    monkeypatch.setattr(extract_module, "extract", extract)


def _titles(kg: KnowledgeGraph) -> set[str]:
    return {str(d["doc"]).rsplit("/", 1)[-1].split("-")[0] for d in kg.documents()}


def test_ingest_one_failing_article_is_named_and_the_others_load(tmp_path, articles, broken_extractor):
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        report = ingest_paths(kg, [articles])
        assert (report.documents, report.failed, report.skipped) == (2, 1, 0)
        assert report.failures == [f"{articles / BAD[0]}: internal error (KeyError: 'no such token')"]
        assert _titles(kg) == {"a", "c"}
        assert kg.stats()["claims"] >= 2


def test_ingest_failing_article_on_worker_processes(tmp_path, articles, broken_extractor, monkeypatch):
    monkeypatch.setenv("GEOKG_MP_START", "fork")  # the workers inherit the broken extractor
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        report = ingest_paths(kg, [articles], workers=2)
        assert (report.documents, report.failed) == (2, 1)
        assert report.failures[0].endswith(f"{BAD[0]}: internal error (KeyError: 'no such token')")
        assert _titles(kg) == {"a", "c"}


def test_cli_ingest_failing_article_exit_1_with_its_name(tmp_path, articles, broken_extractor):
    result = CliRunner().invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(articles)])
    assert result.exit_code == 1, result.output
    assert "ingested 2 document(s)" in result.stdout and "; 1 failed" in result.stdout
    assert f"geokg: failed: {articles / BAD[0]}: internal error (KeyError: 'no such token')" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_ingest_without_failures_exits_0(tmp_path, articles):
    result = CliRunner().invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(articles)])
    assert result.exit_code == 0, result.output
    assert "ingested 3 document(s)" in result.stdout
