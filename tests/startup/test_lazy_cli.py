"""`geokg --help` and the store commands start without the text tools (checked in fresh interpreters)."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from geokg.cli import cli
from geokg.graph.store import KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent.parent
TEXT_TOOLS = ["spacy", "HanTa", "simplemma", "pyshacl", "matplotlib", "pyvis", "lingua", "trafilatura"]

_PROBE = """
import json, os, sys
from geokg.cli import cli, load_all
if os.environ.get("PROBE_LOAD_ALL"):
    load_all()
try:
    cli(sys.argv[1:], prog_name="geokg")
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(*args: str, load_everything: bool = False) -> tuple[str, set[str]]:
    """Run ``geokg ARGS`` in a new interpreter; its stdout and the modules it imported."""
    env = {**os.environ, "COLUMNS": "100", "PROBE_LOAD_ALL": "1" if load_everything else ""}
    proc = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env=env)
    return proc.stdout, set(json.loads(proc.stderr.strip().splitlines()[-1]))


def test_cli_help_imports_no_library_behind_the_commands():
    out, modules = _modules_after("--help")
    assert "ingest" in out and "validate" in out
    loaded = [m for m in [*TEXT_TOOLS, "rdflib", "networkx", "pyoxigraph", "numpy"] if m in modules]
    assert loaded == []
    assert not any(m.startswith(("geokg.graph", "geokg.loaders")) for m in modules)


def test_cli_store_commands_import_no_text_tools(tmp_path):
    store = tmp_path / "store"
    KnowledgeGraph.open(store).close()
    for args in (["stats", "--store", str(store)], ["query", "--store", str(store), "ASK { ?s ?p ?o }"],
                 ["export", "--store", str(store), "--format", "nquads", "-o", str(tmp_path / "x.nq")],
                 ["ingest", "--help"], ["validate", "--help"], ["map", "--help"]):
        _out, modules = _modules_after(*args)
        assert [m for m in TEXT_TOOLS if m in modules] == [], args
    assert (tmp_path / "x.nq").is_file()


def test_cli_lazy_help_lists_what_the_loaded_commands_say():
    lazy, _modules = _modules_after("--help")
    loaded, modules = _modules_after("--help", load_everything=True)
    assert "geokg.cli.maps" in modules
    assert "Commands:" in lazy and loaded == lazy


def test_cli_index_matches_the_commands():
    spec = importlib.util.spec_from_file_location("build_cli_index", ROOT / "tools" / "build_cli_index.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert (ROOT / "geokg" / "cli" / "index.py").read_text(encoding="utf-8") == tool.render(), \
        "run python tools/build_cli_index.py"


def test_cli_unknown_command_is_a_usage_error():
    res = CliRunner().invoke(cli, ["ingets"])
    assert res.exit_code == 2 and "No such command" in res.output
