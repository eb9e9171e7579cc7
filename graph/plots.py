"""Static pictures for reports: the relationship map and the alignment matrix (matplotlib, Agg backend).

The format follows the file's suffix (``.png``, ``.svg``, ``.pdf``).

>>> import os, tempfile
>>> import networkx as nx
>>> G = nx.DiGraph([("A", "B", {"weight": -1.0}), ("B", "C", {"weight": 0.5})])
>>> with tempfile.TemporaryDirectory() as d:
...     info = plot_map(G, os.path.join(d, "m.png"))
...     open(os.path.join(d, "m.png"), "rb").read(4)
b'\\x89PNG'
"""
from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Any, Hashable

import networkx as nx
import numpy as np

from geokg.errors import InputError
from geokg.graph.analysis import alignment, pagerank, signed_blocs, signed_graph
from geokg.graph.maps import BLOC_COLORS, COLOR_MODES, POLARITY_COLORS, TYPE_COLORS, map_layout
from geokg.graph.projection import InvalidOption

__all__ = ["plot_map", "plot_alignment", "alignment_matrix", "FORMATS"]

log = logging.getLogger(__name__)

#: File suffixes the pictures can be written as.
FORMATS = ("png", "svg", "pdf")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"cannot write a picture as {path.name!r}: use a file ending in "
                         + ", ".join(f".{f}" for f in FORMATS))
    return fmt


def _label(G: nx.Graph, n: Hashable) -> str:
    return str(G.nodes[n].get("label") or str(n).rsplit("/", 1)[-1])


def plot_map(G: nx.DiGraph, path: str | Path, *, color: str = "type", title: str | None = None,
             labels: int = 40, weight: str = "weight", seed: int = 0, size: tuple[float, float] = (12, 9),
             dpi: int = 150) -> dict[str, Any]:
    """Draw the signed actor graph as a static map.

    Same layout as the interactive map (:func:`geokg.graph.maps.map_layout`):
    nodes coloured by actor class (or bloc) and sized by PageRank; ties
    green (cooperative), red and dashed (conflictual) or grey, as wide as
    their absolute weight; the ``labels`` most central actors are named.

    Parameters
    ----------
    G : nx.DiGraph
    path : str or Path
        ``.png``, ``.svg`` or ``.pdf``.
    color : {"type", "bloc"}
    labels : int
        How many actors (by PageRank) get a name on the picture.

    Returns
    -------
    dict
        ``path, format, nodes, ties, width, height`` (pixels at ``dpi``).

    Raises
    ------
    InputError
        For an unknown file suffix.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D
    import matplotlib.patheffects as pe

    if color not in COLOR_MODES:
        raise InvalidOption(f"color must be one of {', '.join(COLOR_MODES)}, not {color!r}")
    path = Path(path)
    fmt = _format(path)
    plt = _pyplot()
    pos = map_layout(G, seed=seed, weight=weight)
    pr = pagerank(G, weight=weight) if len(G) else {}
    top_pr = max(pr.values(), default=1.0) or 1.0
    H = signed_graph(G, weight) if G.is_directed() else G
    fig, ax = plt.subplots(figsize=size, dpi=dpi, layout="constrained")
    try:
        ties = [(u, v, d.get("weight", 0.0)) for u, v, d in H.edges(data=True) if u != v]
        top_w = max((abs(w) for *_, w in ties), default=1.0) or 1.0
        for pol, style in (("neutral", "solid"), ("cooperative", "solid"), ("conflictual", (0, (4, 2)))):
            sel = [(u, v, w) for u, v, w in ties
                   if (w > 1e-9 and pol == "cooperative") or (w < -1e-9 and pol == "conflictual")
                   or (abs(w) <= 1e-9 and pol == "neutral")]
            if sel:
                lc = LineCollection([[pos[u], pos[v]] for u, v, _ in sel], colors=POLARITY_COLORS[pol],
                                    linewidths=[0.6 + 3.5 * abs(w) / top_w for *_, w in sel], linestyles=style,
                                    alpha=0.75, zorder=1)
                ax.add_collection(lc)
        nodes = list(G)
        if color == "bloc":
            blocs = signed_blocs(G, weight=weight) if G.number_of_edges() else [{n} for n in nodes]
            of = {n: i for i, b in enumerate(blocs) for n in b}
            fills = [BLOC_COLORS[of[n]] if of[n] < len(BLOC_COLORS) and len(blocs[of[n]]) > 1 else "#cccccc"
                     for n in nodes]
            handles = [Line2D([], [], marker="o", ls="", color=BLOC_COLORS[i], markeredgecolor="#333",
                              label=f"bloc {i + 1} ({len(b)})")
                       for i, b in enumerate(blocs[:len(BLOC_COLORS)]) if len(b) > 1]
        else:
            fills = [TYPE_COLORS.get(G.nodes[n].get("cls"), TYPE_COLORS["other"]) for n in nodes]
            present = {G.nodes[n].get("cls") if G.nodes[n].get("cls") in TYPE_COLORS else "other" for n in nodes}
            handles = [Line2D([], [], marker="o", ls="", color=c, markeredgecolor="#333", label=cls)
                       for cls, c in TYPE_COLORS.items() if cls in present]
        if nodes:
            xy = np.array([pos[n] for n in nodes])
            sizes = [40 + 900 * math.sqrt(pr[n] / top_pr) for n in nodes]
            ax.scatter(xy[:, 0], xy[:, 1], s=sizes, c=fills, edgecolors="#333333", linewidths=0.6, zorder=2)
        named = sorted(nodes, key=lambda n: (-pr[n], str(n)))[:labels]
        for n in named:
            ax.annotate(_label(G, n), pos[n], xytext=(0, 9 + 14 * math.sqrt(pr[n] / top_pr)),
                        textcoords="offset points", ha="center", fontsize=9, zorder=3,
                        path_effects=[pe.withStroke(linewidth=3, foreground="white")])
        handles += [Line2D([], [], color=c, lw=2, ls="--" if p == "conflictual" else "-", label=p)
                    for p, c in POLARITY_COLORS.items()]
        ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
        graph = G.graph
        facts = [f"{len(nodes)} actors, {len(ties)} ties"]
        if graph.get("level"):
            facts.append(f"level {graph['level']}")
        if graph.get("since") or graph.get("until"):
            facts.append(f"{graph.get('since') or '…'} – {graph.get('until') or '…'}")
        fig.suptitle(title or "geokg relationship map", fontsize=14, x=0.01, ha="left")
        ax.set_title(" · ".join(facts) + "  (node size: PageRank; line width: |weight|)", fontsize=9,
                     color="#555555", loc="left")
        ax.set_axis_off()
        ax.autoscale()
        ax.margins(0.06)
        ax.set_aspect("equal", adjustable="datalim")
        fig.savefig(path, format=fmt)
        width, height = fig.get_size_inches() * dpi
    finally:
        plt.close(fig)
    log.info("plot map: %s (%d actors)", path, len(G))
    return {"path": str(path), "format": fmt, "nodes": len(G), "ties": len(ties), "width": int(round(width)),
            "height": int(round(height))}


def alignment_matrix(G: nx.DiGraph, *, top: int = 15, actors: list[Hashable] | None = None,
                     weight: str = "weight") -> tuple[list[Hashable], np.ndarray]:
    """Alignment scores (:func:`geokg.graph.analysis.alignment`) between the ``top`` actors by PageRank.

    Returns
    -------
    (actors, matrix)
        ``matrix[i, j]`` in [-1, 1], NaN where the score is undefined; the diagonal is 1.

    Examples
    --------
    >>> G = nx.DiGraph([("A", "B", {"weight": 1.0}), ("A", "C", {"weight": -1.0})])
    >>> names, m = alignment_matrix(G, actors=["A", "B", "C"])
    >>> float(m[0, 1]), float(m[0, 2]), float(m[1, 1])
    (1.0, -1.0, 1.0)
    """
    if top < 1:
        raise InvalidOption(f"top must be at least 1, not {top}")
    if actors is None:
        pr = pagerank(G, weight=weight)
        actors = sorted(G, key=lambda n: (-pr[n], str(n)))[:top]
    H = signed_graph(G, weight) if G.is_directed() else G
    # alignment(a, b) reads only a's and b's ties and memberships: a small subgraph gives the same scores.
    near = set(actors).union(*(H[a] for a in actors)) if actors else set()
    S = H.subgraph(near)
    m = np.full((len(actors), len(actors)), np.nan)
    for i, a in enumerate(actors):
        m[i, i] = 1.0
        for j in range(i + 1, len(actors)):
            score = alignment(S, a, actors[j], weight=weight)["score"]
            m[i, j] = m[j, i] = np.nan if score is None else score
    return list(actors), m


def plot_alignment(G, path: str | Path, *, top: int = 15, title: str | None = None, weight: str = "weight",
                   dpi: int = 150) -> dict[str, Any]:
    """A heat map of the alignment between the ``top`` actors (by PageRank): -1 opposed (red) .. +1 aligned (blue).

    Parameters
    ----------
    G : nx.DiGraph or KnowledgeGraph
        The signed actor graph, or a store (its actor-level graph is used).
    path : str or Path
        ``.png``, ``.svg`` or ``.pdf``.

    Returns
    -------
    dict
        ``path, format, actors, width, height``.
    """
    if not isinstance(G, nx.Graph):
        G = G.to_networkx()
    path = Path(path)
    fmt = _format(path)
    actors, m = alignment_matrix(G, top=top, weight=weight)
    plt = _pyplot()
    n = len(actors)
    side = max(5.0, 2.5 + 0.45 * n)
    fig, ax = plt.subplots(figsize=(side + 1.2, side), dpi=dpi, layout="constrained")
    try:
        cmap = plt.get_cmap("RdBu").with_extremes(bad="#eeeeee")
        im = ax.imshow(np.ma.masked_invalid(m), cmap=cmap, vmin=-1, vmax=1)
        names = [_label(G, a) for a in actors]
        ax.set_xticks(range(n), labels=names, rotation=45, ha="right", fontsize=9)
        ax.set_yticks(range(n), labels=names, fontsize=9)
        if n <= 25:
            for i in range(n):
                for j in range(n):
                    if i != j and not np.isnan(m[i, j]):
                        ax.text(j, i, f"{m[i, j]:+.2f}", ha="center", va="center", fontsize=7,
                                color="white" if abs(m[i, j]) > 0.6 else "black")
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="alignment (-1 opposed .. +1 aligned; grey: no basis)")
        ax.set_title(title or f"alignment of the {n} most central actors", fontsize=12, loc="left")
        fig.savefig(path, format=fmt)
        width, height = fig.get_size_inches() * dpi
    finally:
        plt.close(fig)
    return {"path": str(path), "format": fmt, "actors": n, "width": int(round(width)), "height": int(round(height))}
