"""Static pictures: real PNG/SVG files of the right size with something drawn on them."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import numpy as np
import pytest
from click.testing import CliRunner

from geokg.cli import cli
from geokg.errors import InputError
from geokg.graph.plots import alignment_matrix, plot_alignment, plot_map

PNG = b"\x89PNG\r\n\x1a\n"


def graph() -> nx.DiGraph:
    G = nx.DiGraph(level="actor")
    for n, cls in (("ru", "State"), ("ua", "State"), ("kz", "State"), ("un", "InternationalOrganization"),
                   ("putin", "Person"), ("x", "Group"), ("y", "Group")):
        G.add_node(n, label=n.upper(), cls=cls, memberships=["un"] if cls == "State" else [])
    G.add_weighted_edges_from([("ru", "ua", -2.0), ("kz", "ru", 0.3), ("un", "ua", 0.5), ("putin", "kz", 0.2),
                               ("kz", "ua", 0.4), ("x", "y", -0.5)])
    return G


def png_pixels(path):
    from PIL import Image

    with Image.open(path) as im:
        return im.format, im.size, np.asarray(im.convert("RGB"))


def test_plots_map_png_is_a_real_picture(tmp_path):
    out = tmp_path / "map.png"
    info = plot_map(graph(), out, size=(8, 6), dpi=100)
    assert out.read_bytes()[:8] == PNG
    fmt, size, px = png_pixels(out)
    assert fmt == "PNG" and size == (800, 600) == (info["width"], info["height"])
    assert (px.min(axis=2) < 200).mean() > 0.01  # ink: nodes, ties, labels
    red = (px[..., 0] > 180) & (px[..., 1] < 90) & (px[..., 2] < 90)
    green = (px[..., 1] > 120) & (px[..., 0] < 90) & (px[..., 2] < 120)
    assert red.sum() > 50 and green.sum() > 50  # conflictual and cooperative ties
    assert info["nodes"] == 7


@pytest.mark.parametrize("color", ["type", "bloc"])
def test_plots_map_svg_has_an_svg_root(tmp_path, color):
    out = tmp_path / "map.svg"
    plot_map(graph(), out, color=color, title="A <test> & map")
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(list(root.iter())) > 50
    assert root.get("width", "").startswith("864")  # 12 in at 72 pt


def test_plots_refuse_unknown_format(tmp_path):
    with pytest.raises(InputError):
        plot_map(graph(), tmp_path / "map.gif")


def test_plots_empty_graph_still_writes_a_picture(tmp_path):
    info = plot_map(nx.DiGraph(), tmp_path / "empty.png")
    assert (tmp_path / "empty.png").read_bytes()[:8] == PNG and info["nodes"] == 0


def test_plots_alignment_matrix_is_symmetric_with_unit_diagonal():
    actors, m = alignment_matrix(graph(), top=5)
    assert len(actors) == 5 and m.shape == (5, 5)
    assert np.allclose(np.diag(m), 1.0)
    assert np.allclose(np.nan_to_num(m), np.nan_to_num(m.T))
    i, j = actors.index("ru"), actors.index("ua")
    assert m[i, j] < 0  # at war


def test_plots_alignment_heatmap(tmp_path):
    out = tmp_path / "heat.png"
    info = plot_alignment(graph(), out, top=6, dpi=80)
    fmt, size, px = png_pixels(out)
    assert fmt == "PNG" and size == (info["width"], info["height"]) and info["actors"] == 6
    blue = (px[..., 2] > 120) & (px[..., 0] < 80)
    assert blue.sum() > 500  # the diagonal at least


def test_plots_cli(tmp_path, seeded_store):
    env = {"GEOKG_STORE": str(seeded_store)}
    runner = CliRunner()
    res = runner.invoke(cli, ["plot", "map", "-o", str(tmp_path / "m.svg"), "--level", "state"], env=env)
    assert res.exit_code == 0, res.output
    assert ET.parse(tmp_path / "m.svg").getroot().tag.endswith("svg")
    res = runner.invoke(cli, ["plot", "alignment", "-o", str(tmp_path / "a.png"), "--top", "8"], env=env)
    assert res.exit_code == 0, res.output
    assert (tmp_path / "a.png").read_bytes()[:8] == PNG and "8 actors" in res.output
    res = runner.invoke(cli, ["plot", "map", "-o", str(tmp_path / "m.bmp")], env=env)
    assert res.exit_code == 2 and "use a file ending in" in res.output
