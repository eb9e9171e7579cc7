"""Parsing in a second process (geokg.loaders.parse.parser_process): the same parses, and never a leftover process.

An ingest opens ``parser_process`` so that spaCy loads on the other core while the knowledge
base, the gazetteer and the lexicons load here. What a user relies on: the parses and so the
claims are exactly the in-process ones, a dead or failing process costs only speed, and no
process outlives the ingest. The sentences are written for these tests.
"""
from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from geokg.errors import UnsupportedLanguage
from geokg.graph.store import KnowledgeGraph
from geokg.loaders import parse as parse_mod
from geokg.loaders.ingest import ingest_paths
from geokg.loaders.parse import PROCESS_ENV, parse, parser_process, prepare
from tests.conftest import copy_store

DE = ["Die Regierung in Berlin kritisierte am Montag die Sanktionen gegen Serbien.",
      "Polen und Litauen schlossen ein Abkommen über die Grenzsicherung.",
      "Der Minister warf der Opposition vor, die Gespräche zu blockieren."]
EN = ["The prime minister of Portugal visited Angola last week.",
      "Officials in Manila accused Beijing of harassing fishing boats."]


@pytest.fixture(autouse=True)
def process_allowed(monkeypatch):
    monkeypatch.delenv(PROCESS_ENV, raising=False)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_parser_process_parses_like_in_process():
    expected = parse(DE, "de"), parse(EN, "en")
    parse_mod.start_process()
    with parser_process():
        proc = parse_mod._PROCESS
        assert proc is not None and proc.alive
        prepare("de")
        got = parse(DE, "de"), parse(EN, "en")
        assert proc.alive  # the parses came from the process, not from the fallback
    assert got == expected


def test_parser_process_ends_with_the_block():
    parse_mod.start_process()
    with parser_process():
        proc = parse_mod._PROCESS
        pid = proc.pid
        parse(EN[:1], "en")
    assert parse_mod._PROCESS is None
    assert not proc.alive and _gone(pid)


def test_parser_process_unused_ends_at_once():
    parse_mod.start_process()
    with parser_process():
        proc = parse_mod._PROCESS
        pid = proc.pid
        prepare("en")
    assert not proc.alive and _gone(pid)


def test_parser_process_dead_falls_back_to_in_process():
    expected = parse(DE, "de")
    parse_mod.start_process()
    with parser_process():
        proc = parse_mod._PROCESS
        os.kill(proc.pid, signal.SIGKILL)
        proc._proc.wait()
        assert parse(DE, "de") == expected
        assert not proc.alive


def test_parser_process_unsupported_language_raises():
    parse_mod.start_process()
    with parser_process():
        prepare("fr")  # not a language with a parser: nothing is sent
        with pytest.raises(UnsupportedLanguage):
            parse(["Le président a visité Alger."], "fr")


def test_parser_process_off_by_environment(monkeypatch):
    monkeypatch.setenv(PROCESS_ENV, "0")
    parse_mod.start_process()
    with parser_process():
        assert parse_mod._PROCESS is None
        assert parse(EN[:1], "en")[0][0].text == "The"


def _nquads(store: Path) -> list[str]:
    with KnowledgeGraph.open(str(store)) as kg:
        rows = kg.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
                        "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/geokg/id/doc/')) }").rows
    return sorted(" ".join(r[k].n3() for k in ("g", "s", "p", "o")) for r in rows)


def test_ingest_parser_process_same_claims(tmp_path, monkeypatch, kb_template):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.de.txt").write_text(" ".join(DE) + "\n", encoding="utf-8")
    (folder / "b.en.txt").write_text(" ".join(EN) + "\n", encoding="utf-8")
    stores = {}
    for mode in ("1", "0"):
        monkeypatch.setenv(PROCESS_ENV, mode)
        store = copy_store(kb_template, tmp_path / f"store-{mode}")
        parse_mod.start_process()  # as `geokg ingest` does (nothing starts with "0")
        with KnowledgeGraph.open(str(store)) as kg:
            report = ingest_paths(kg, [folder])
        assert report.documents == 2 and parse_mod._PROCESS is None
        stores[mode] = _nquads(store)
    assert stores["1"] == stores["0"] and stores["1"]


def test_parser_process_started_early_is_taken_over():
    parse_mod.start_process()
    early = parse_mod._PROCESS
    assert early is not None and early.alive
    with parser_process():
        assert parse_mod._PROCESS is early
        with parser_process():  # an inner block changes nothing
            assert parse(EN[:1], "en")
        assert parse_mod._PROCESS is early and early.alive
    assert parse_mod._PROCESS is None and not early.alive


def test_parser_process_started_early_ends_when_not_needed():
    parse_mod.start_process()
    early = parse_mod._PROCESS
    pid = early.pid
    with parser_process(enabled=False):  # e.g. an ingest of a table, or with --workers 2
        assert parse_mod._PROCESS is None
    assert not early.alive and _gone(pid)


def test_parser_process_none_started_parses_in_process():
    with parser_process():  # a library caller: no process of its own
        assert parse_mod._PROCESS is None
        assert parse(EN[:1], "en")[0][0].text == "The"
