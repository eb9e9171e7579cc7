"""The geokg CLI, driven as a user drives it: CliRunner for the commands, a real second process for the lock."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli import cli, load_all

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, store: Path | None = None):
    env = {"GEOKG_STORE": str(store)} if store else {}
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def seeded(seeded_store):
    return seeded_store


def test_cli_ingest_reports_documents_and_claims(store_dir, seed_dir):
    res = run("ingest", str(seed_dir), store=store_dir)
    assert res.exit_code == 0
    m = re.search(r"ingested 1 document\(s\), (\d+) claim\(s\)", res.output)
    assert m and int(m.group(1)) >= 30


def test_cli_ingest_twice_changes_nothing(seeded, seed_dir):
    first = json.loads(run("stats", "--format", "json", store=seeded).output)
    assert run("ingest", str(seed_dir), store=seeded).exit_code == 0
    second = json.loads(run("stats", "--format", "json", store=seeded).output)
    assert first == second and first["documents"] == 1


def test_cli_stats_counts_claims_per_relation(seeded):
    res = run("stats", store=seeded)
    assert res.exit_code == 0
    assert re.search(r"documents\s+1", res.output)
    assert re.search(r"mediates\s+2", res.output)


def test_cli_query_formats(seeded):
    q = "SELECT ?a ?b WHERE { ?a gkg:mediates ?b } ORDER BY ?b"
    table = run("query", q, store=seeded)
    assert table.exit_code == 0 and "gkgr:recep-tayyip-erdogan" in table.output and "gkgr:ukraine" in table.output
    as_json = json.loads(run("query", q, "--format", "json", store=seeded).output)
    assert as_json["head"]["vars"] == ["a", "b"]
    assert {r["b"]["value"] for r in as_json["results"]["bindings"]} == {"https://w3id.org/geokg/id/russia",
                                                                       "https://w3id.org/geokg/id/ukraine"}
    as_csv = run("query", q, "--format", "csv", store=seeded).output.splitlines()
    assert as_csv[0] == "a,b" and len(as_csv) == 3


def test_cli_query_from_file(seeded, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?a gkg:hosts ?e }")
    res = run("query", "-f", str(rq), store=seeded)
    assert res.exit_code == 0 and res.output.strip() == "true"


def test_cli_export_and_reimport(seeded, tmp_path):
    out = tmp_path / "out.nq"
    res = run("export", "--format", "nquads", "-o", str(out), store=seeded)
    assert res.exit_code == 0 and out.stat().st_size > 0
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(out, format="nquads")
    assert len(list(ds.graphs())) >= 3


def test_cli_export_to_stdout(seeded):
    res = run("export", "--format", "turtle", store=seeded)
    assert res.exit_code == 0 and "gkg:Claim" in res.output


def test_cli_validate_passes_on_seed(seeded):
    res = run("validate", store=seeded)
    assert res.exit_code == 0 and "conforms" in res.output


def test_cli_remove_one_document(seeded):
    doc = json.loads(run("stats", "--documents", "--format", "json", store=seeded).output)["document_list"][0]["doc"]
    res = run("remove", doc, store=seeded)
    assert res.exit_code == 0 and doc in res.output
    assert json.loads(run("stats", "--format", "json", store=seeded).output)["claims"] == 0


@pytest.mark.parametrize("args, message", [
    (["ingest", "/no/such/file.txt"], "no such file or folder"),
    (["query", "SELEC ?x WHERE {"], "invalid SPARQL query"),
    (["remove", "no-such-document"], "no document matches"),
    (["export", "--format", "nquads", "-o", "/no/such/dir/out.nq"], "does not exist"),
])
def test_cli_user_errors_exit_2_with_one_line(seeded, args, message):
    res = CliRunner().invoke(cli, args, env={"GEOKG_STORE": str(seeded)})
    assert res.exit_code == 2
    assert message in res.output
    assert "Traceback" not in res.output
    assert len([ln for ln in res.output.splitlines() if ln.strip()]) == 1


def test_cli_unknown_format_exits_2(seeded):
    res = CliRunner().invoke(cli, ["export", "--format", "docx"], env={"GEOKG_STORE": str(seeded)})
    assert res.exit_code == 2 and "docx" in res.output


def test_cli_unknown_file_type_exits_2(store_dir, tmp_path):
    f = tmp_path / "table.xlsx"
    f.write_bytes(b"PK\x03\x04")
    res = CliRunner().invoke(cli, ["ingest", str(f)], env={"GEOKG_STORE": str(store_dir)})
    assert res.exit_code == 2 and "unknown file type" in res.output


def test_cli_store_that_is_a_file_exits_2(tmp_path, seed_dir):
    f = tmp_path / "store"
    f.write_text("x")
    res = CliRunner().invoke(cli, ["ingest", str(seed_dir)], env={"GEOKG_STORE": str(f)})
    assert res.exit_code == 2 and "is a file" in res.output


def test_cli_second_writer_gets_a_clear_message(store_dir, seed_dir):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys,time; from geokg.graph.store import KnowledgeGraph; "
         f"kg = KnowledgeGraph.open({str(store_dir)!r}); print('open', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "open"
        res = CliRunner().invoke(cli, ["ingest", str(seed_dir)], env={"GEOKG_STORE": str(store_dir)})
        assert res.exit_code == 2
        assert "in use by another geokg process" in res.output
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.2)
    assert run("ingest", str(seed_dir), store=store_dir).exit_code == 0


def commands(group=cli, prefix=()):
    load_all()  # the group imports a command's module when it runs; load them all to list them
    for name, cmd in group.commands.items():
        yield prefix + (name,), cmd
        if hasattr(cmd, "commands"):
            yield from commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path", [p for p, _ in commands()], ids=lambda p: " ".join(p))
def test_cli_every_command_has_help_and_is_in_the_docs(path):
    res = CliRunner().invoke(cli, [*path, "--help"])
    assert res.exit_code == 0 and "Usage:" in res.output
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"geokg {' '.join(path)}" in reference


@pytest.mark.parametrize("args", [
    ["stats"], ["query", "SELECT * WHERE { ?s ?p ?o }"], ["export", "--format", "nquads"], ["validate"],
    ["remove", "x"], ["backup", "b.nq"], ["analyze"], ["align", "Russia", "Ukraine"], ["explain", "Russia", "Ukraine"],
    ["map", "-o", "m.html"], ["plot", "map", "-o", "m.png"], ["evaluate", "gold.jsonl"], ["serve"],
])
def test_cli_reading_a_store_that_is_not_there_is_an_error_not_a_new_store(tmp_path, args, monkeypatch):
    # a mistyped --store must not answer "0 documents" from a store made on the spot
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gold.jsonl").write_text('{"subject": "A", "relation": "attacks", "object": "B"}\n', encoding="utf-8")
    missing = tmp_path / "no-such-store"
    res = run(*args, store=missing)
    assert res.exit_code == 2, res.output
    assert f"no store at {missing}" in res.output and "Traceback" not in res.output
    assert not missing.exists()
