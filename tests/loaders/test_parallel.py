"""Parallel and distributed extraction: the same graph as a serial ingest, on processes and on Dask.

Starting worker processes is the expensive part (each imports geokg and loads its
lexicons and models), so each way of starting them runs once: ``extract_many`` on a
pool, ``geokg ingest --workers 2`` (the pool of an ingest; each document written in
its own transaction) and a Dask cluster (its results bulk-loaded). The ingests are
compared with the serial ingest of the same corpus (made once per session:
``corpus_serial``); the bulk loader is also tested with serial extraction.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef

from geokg.cli import cli
from geokg.errors import InputError, UnsupportedLanguage
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.documents import SourceText
from geokg.loaders.ingest import ingest_paths
from geokg.loaders.parallel import (ExtractedDoc, extract_batch, extract_document, extract_many, extract_nquads,
                              nquads_to_ntriples)
from tests.conftest import articles, copy_store, same_store, write_corpus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus(corpus_template: Path) -> Path:
    """The session's corpus, read only (documents of plain-text files are named by their path, so a
    store compared with ``corpus_serial`` must be ingested from this very folder)."""
    return corpus_template


@pytest.fixture
def own_corpus(tmp_path: Path) -> Path:
    """A private corpus that a test may change."""
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def serial(corpus_serial):
    """The serial ingest of the corpus (read only) and its report."""
    path, report = corpus_serial
    with KnowledgeGraph.open(path) as kg:
        yield kg, report


# ---------------------------------------------------------------------- the pure function
def test_extract_nquads_is_the_documents_graph_in_nquads():
    src = SourceText(key="x", text="Russland greift die Ukraine an.", language="de", title="X")
    data = extract_nquads(src)
    graph = "https://w3id.org/geokg/id/doc/x"
    lines = data.decode().splitlines()
    assert lines and all(line.endswith(f" <{graph}> .") for line in lines)
    assert extract_nquads(src) == data  # pure: the same input gives the same bytes
    ds = Dataset()
    ds.parse(data=data, format="nquads")
    nt = Graph().parse(data=nquads_to_ntriples(graph, data), format="nt")
    assert len(nt) == len(lines) and set(nt) == set(ds.graph(URIRef(graph)))


def test_extract_document_reports_skips_and_extract_nquads_raises():
    empty = SourceText(key="e", text="  ", origin="e.txt")
    assert extract_document(empty).skipped == "e.txt: empty"
    with pytest.raises(InputError):
        extract_nquads(empty)
    french = SourceText(key="f", text="La Russie attaque l'Ukraine.", language="fr", origin="f.txt")
    assert "not supported" in extract_document(french).skipped
    with pytest.raises(UnsupportedLanguage):
        extract_nquads(french)


def test_pool_returns_results_in_document_order():
    srcs = [SourceText(key=f"k{i}", text=d["text"], language=d["language"]) for i, d in enumerate(articles(7))]
    serial = [d.graph for d in extract_many(srcs)]
    pooled = list(extract_many(srcs, workers=2, chunk=2))
    assert [d.graph for d in pooled] == serial
    assert [d.nquads for d in pooled] == [d.nquads for d in extract_batch(srcs)]
    assert all(isinstance(d, ExtractedDoc) and d.claims > 0 for d in pooled)


# ---------------------------------------------------------------------- ingest on processes
def test_workers_give_the_same_graph_as_a_serial_ingest(corpus, serial, kb_store):
    """``geokg ingest --workers 2``: documents extracted on a pool, each written in its own transaction."""
    kg_s, rep_s = serial
    res = CliRunner().invoke(cli, ["ingest", "--workers", "2", str(corpus)], env={"GEOKG_STORE": str(kb_store)})
    assert res.exit_code == 0, res.output
    assert f"ingested {rep_s.documents} document(s), {rep_s.claims} claim(s); skipped 1" in res.output
    assert rep_s.skipped == 1 and "empty" in rep_s.reasons[0]
    with KnowledgeGraph.open(kb_store) as kg:
        assert same_store(kg, kg_s)


def test_bulk_gives_the_same_graph_and_reloading_replaces(own_corpus, kb_template, tmp_path):
    """The bulk loader, from the library and from ``geokg ingest --bulk`` (serial extraction here; the
    Dask test bulk-loads what workers extracted)."""
    corpus = own_corpus  # changed below; plain-text documents are named by their path, so its own serial store
    bulk = copy_store(kb_template, tmp_path / "bulk")
    with KnowledgeGraph.open(copy_store(kb_template, tmp_path / "serial")) as kg_s:
        rep_s = ingest_paths(kg_s, [corpus])
        with KnowledgeGraph.open(bulk) as kg:
            rep = ingest_paths(kg, [corpus], bulk=True)
            assert (rep.documents, rep.claims, rep.skipped) == (rep_s.documents, rep_s.claims, rep_s.skipped)
            assert same_store(kg, kg_s)
        # a changed article replaces its graph; nothing of the old version stays
        lines = (corpus / "a-news.jsonl").read_text(encoding="utf-8").splitlines()
        first = json.loads(lines[0])
        first["text"] = "Frankreich unterstützt die Ukraine."
        lines[0] = json.dumps(first, ensure_ascii=False)
        (corpus / "a-news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        res = CliRunner().invoke(cli, ["ingest", "--bulk", str(corpus)], env={"GEOKG_STORE": str(bulk)})
        assert res.exit_code == 0, res.output
        assert "bulk-loaded" in res.output
        ingest_paths(kg_s, [corpus])
        with KnowledgeGraph.open(bulk) as kg:
            assert same_store(kg, kg_s)


def test_bulk_into_memory_store(corpus):
    kg_s = KnowledgeGraph.open("memory")  # (memory and on-disk stores write some decimals differently)
    ingest_paths(kg_s, [corpus])
    kg = KnowledgeGraph.open("memory")
    ingest_paths(kg, [corpus], bulk=True)
    ingest_paths(kg, [corpus], bulk=True)  # loading twice changes nothing
    assert same_store(kg, kg_s)


def test_cli_help_says_bulk_is_not_transactional():
    res = CliRunner().invoke(cli, ["ingest", "--help"])
    assert "Not transactional" in res.output and "--workers" in res.output and "--dask" in res.output


def test_cli_errors_are_clear(corpus, tmp_path):
    env = {"GEOKG_STORE": str(tmp_path / "s")}
    res = CliRunner().invoke(cli, ["ingest", "--workers", "2", "--dask", "tcp://127.0.0.1:9", str(corpus)], env=env)
    assert res.exit_code == 2 and "exclude each other" in res.output
    res = CliRunner().invoke(cli, ["ingest", "--workers", "-1", str(corpus)], env=env)
    assert res.exit_code == 2


# ---------------------------------------------------------------------- past one machine: Dask
def test_dask_localcluster_gives_the_same_graph(corpus, serial, kb_store):
    distributed = pytest.importorskip("distributed")
    kg_s, rep_s = serial
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        store = kb_store
        res = CliRunner().invoke(cli, ["ingest", "--dask", cluster.scheduler_address, str(corpus)],
                                 env={"GEOKG_STORE": str(store)})
        assert res.exit_code == 0, res.output
        assert f"ingested {rep_s.documents} document(s), {rep_s.claims} claim(s)" in res.output
        with distributed.Client(cluster) as client:
            workers = client.run(lambda: __import__("os").getpid())
        assert len(set(workers.values())) == 2
    with KnowledgeGraph.open(store) as kg:
        assert same_store(kg, kg_s)


def test_dask_unreachable_scheduler_is_a_clear_error(corpus, tmp_path):
    pytest.importorskip("distributed")
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        res = CliRunner().invoke(cli, ["ingest", "--dask", "tcp://127.0.0.1:9", str(corpus)],
                                 env={"GEOKG_STORE": str(tmp_path / "s")})
    assert res.exit_code == 2 and "Dask scheduler" in res.output
