"""`geokg build`: the whole job on the seed article, as the README's first command runs it."""
from __future__ import annotations

import re

from click.testing import CliRunner
from rdflib import Dataset

from geokg.cli import cli


def test_build_writes_graph_report_map_and_picture(tmp_path, seed_dir):
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["build", str(seed_dir), "-o", str(out)], env={"GEOKG_STORE": str(tmp_path / "s")})
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["graph.trig", "map.html", "map.png", "report.md"]
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    assert len(list(ds.graphs())) >= 4
    report = (out / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Putin reist nach Zentralasien")
    assert "## Brokers" in report and "Recep Tayyip Erdoğan" in report.split("## Brokers", 1)[1]
    conflict = report.split("## Strongest conflictual ties", 1)[1]
    assert conflict.split("\n- ", 1)[1].startswith("**Russia – Ukraine**")
    html = (out / "map.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']https?://""", html)
    assert (out / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_build_output_must_be_a_folder(tmp_path, seed_dir):
    f = tmp_path / "out"
    f.write_text("x")
    res = CliRunner().invoke(cli, ["build", str(seed_dir), "-o", str(f)], env={"GEOKG_STORE": str(tmp_path / "s")})
    assert res.exit_code == 2 and "is a file" in res.output
