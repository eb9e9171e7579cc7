"""Progress bars on stderr: with --progress, never with --no-progress, never mixed into stdout."""
from __future__ import annotations

from click.testing import CliRunner

from geokg.cli import cli
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.claims import extraction_triples
from geokg.progress import bar, enabled, is_enabled

from tests.conftest import make_extraction


def test_progress_export_and_validate_draw_on_stderr_only(kb_store, tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["export", "--store", str(kb_store), "--format", "nquads", "--progress"])
    assert res.exit_code == 0, res.output
    assert "export" in res.stderr and "quad" in res.stderr
    assert "quad/s" not in res.stdout and "<https://w3id.org/geokg/id/graph/ontology>" in res.stdout
    small = tmp_path / "small"  # one document's claims: the bars, without seconds of SHACL over the KB
    with KnowledgeGraph.open(small) as kg:
        ext = make_extraction()
        kg.replace_graph(ext.document.iri, extraction_triples(ext))
    res = runner.invoke(cli, ["validate", "--store", str(small), "--progress"])
    assert res.exit_code == 0, res.output
    assert "validate" in res.stderr and "valid:" in res.stdout


def test_progress_off_without_a_terminal_or_with_no_progress(kb_store):
    store = kb_store
    runner = CliRunner()
    for extra in ([], ["--no-progress"]):
        res = runner.invoke(cli, ["export", "--store", str(store), "--format", "nquads", *extra])
        assert res.exit_code == 0 and res.stderr == ""


def test_progress_build_shows_its_stages(tmp_path, seed_dir):
    res = CliRunner().invoke(cli, ["build", str(seed_dir), "-o", str(tmp_path / "out"), "--store",
                                   str(tmp_path / "store"), "--progress"])
    assert res.exit_code == 0, res.output
    assert "build" in res.stderr and "map.png" in res.stderr
    assert (tmp_path / "out" / "map.png").is_file()


def test_progress_library_default_is_off():
    assert not is_enabled()
    items = [1, 2]
    assert bar(items, desc="x") is items
    with enabled(True):
        assert is_enabled() and list(bar(items, desc="x")) == items
    assert not is_enabled()
