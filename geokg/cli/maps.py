"""The picture commands of the ``geokg`` CLI: ``map`` (interactive HTML) and ``plot map|alignment``.

A thin layer over :mod:`geokg.graph.maps` and :mod:`geokg.graph.plots`; registered on
the ``geokg`` group by the import at the end of ``graph/cli.py``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import click

from geokg.cli.base import cli, store_option, user_errors
from geokg.errors import UnknownActor
from geokg.graph.maps import COLOR_MODES
from geokg.graph.projection import LEVELS
from geokg.graph.store import KnowledgeGraph

__all__ = ["map_", "plot", "plot_map_cmd", "plot_alignment_cmd"]


def _relations(value: str | None) -> list[str] | None:
    items = [v.strip() for v in (value or "").split(",") if v.strip()]
    return items or None


def map_options(fn: Callable) -> Callable:
    """What to show: the projection and selection options shared by ``map`` and ``plot map``."""
    options = [
        click.option("--focus", default=None, metavar="ACTOR",
                     help="Only actors within --depth ties of this one (any label or alias)."),
        click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0), help="Radius around --focus."),
        click.option("--relations", default=None, metavar="LIST",
                     help="Only these relations, comma-separated, e.g. attacks,threatens."),
        click.option("--since", default=None, metavar="DATE", help="Only claims dated on or after (2022, 2022-10, 2022-10-12)."),
        click.option("--until", default=None, metavar="DATE", help="Only claims dated on or before."),
        click.option("--min-weight", default=0.0, show_default=True, type=click.FloatRange(min=0),
                     help="Only ties whose absolute weight is at least this."),
        click.option("--top", default=None, type=click.IntRange(min=1), metavar="N",
                     help="Only the N most central actors (PageRank)."),
        click.option("--level", type=click.Choice(LEVELS), default="actor", show_default=True,
                     help="'state' rolls persons up to the state or organisation they lead or serve."),
        click.option("--min-evidence", default=1, show_default=True, type=click.IntRange(min=1),
                     help="Only dyads reported by at least this many documents."),
        click.option("--color", type=click.Choice(COLOR_MODES), default="type", show_default=True,
                     help="Colour actors by type or by signed bloc."),
        click.option("--title", default=None, help="Title on the page or picture."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _selected(kg: KnowledgeGraph, opts: dict[str, Any]):
    from geokg.graph.maps import select_subgraph

    G = kg.to_networkx(since=opts["since"], until=opts["until"], relations=_relations(opts["relations"]),
                       min_evidence=opts["min_evidence"], level=opts["level"])
    focus = None
    if opts["focus"]:
        focus = str(kg.actor(opts["focus"]))
        if focus not in G:
            raise UnknownActor(f"{opts['focus']!r} has no signed ties in this projection"
                               + (" (try --level actor)" if opts["level"] == "state" else ""))
    return select_subgraph(G, focus=focus, depth=opts["depth"], min_weight=opts["min_weight"], top=opts["top"])


@cli.command("map")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@map_options
@store_option
@user_errors
def map_(output: Path, store: str | None, **opts: Any) -> None:
    """Write an interactive relationship map: one HTML file that works offline.

    Actors are coloured by type (or --color bloc) and sized by PageRank;
    ties are green (cooperative), red and dashed (conflictual) or grey, as
    wide as their weight, with an arrow for directed relations. Hover or
    click an actor or tie for its relations, dates and the sentences behind
    it with their sources. The layout is computed up front, so maps of
    thousands of actors open in seconds.

    \b
    Examples:
      geokg map -o map.html
      geokg map -o kz.html --focus Kasachstan --depth 2 --color bloc
      geokg map -o war.html --relations attacks,threatens --since 2022-02 --level state
    """
    from geokg.graph.maps import write_map

    with KnowledgeGraph.open(store, create=False) as kg:
        r = write_map(kg, output, color=opts["color"], title=opts["title"], focus=opts["focus"], depth=opts["depth"],
                      relations=_relations(opts["relations"]), since=opts["since"], until=opts["until"],
                      min_weight=opts["min_weight"], top=opts["top"], level=opts["level"],
                      min_evidence=opts["min_evidence"])
    click.echo(f"wrote {output}: {r['nodes']} actors, {r['ties']} ties, {r['documents']} document(s), "
               f"{r['bytes'] / 1e6:.1f} MB in {r['seconds']:.1f} s")


@cli.group()
def plot() -> None:
    """Static pictures for reports (PNG, SVG or PDF, by the file's suffix)."""


@plot.command("map")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The picture to write: .png, .svg or .pdf.")
@click.option("--labels", default=40, show_default=True, type=click.IntRange(min=0),
              help="Name this many actors (the most central).")
@map_options
@store_option
@user_errors
def plot_map_cmd(output: Path, labels: int, store: str | None, **opts: Any) -> None:
    """A static relationship map, with the same options as 'geokg map'.

    \b
    Example:
      geokg plot map -o map.svg --level state
    """
    from geokg.graph.plots import plot_map

    with KnowledgeGraph.open(store, create=False) as kg:
        G = _selected(kg, opts)
    r = plot_map(G, output, color=opts["color"], title=opts["title"], labels=labels)
    click.echo(f"wrote {output}: {r['nodes']} actors, {r['ties']} ties ({r['width']}x{r['height']} px)")


@plot.command("alignment")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The picture to write: .png, .svg or .pdf.")
@click.option("--top", default=15, show_default=True, type=click.IntRange(min=2),
              help="How many of the most central actors (PageRank).")
@click.option("--since", default=None, metavar="DATE", help="Only claims dated on or after.")
@click.option("--until", default=None, metavar="DATE", help="Only claims dated on or before.")
@click.option("--relations", default=None, metavar="LIST", help="Only these relations, comma-separated.")
@click.option("--level", type=click.Choice(LEVELS), default="actor", show_default=True)
@click.option("--title", default=None, help="Title of the picture.")
@store_option
@user_errors
def plot_alignment_cmd(output: Path, top: int, since: str | None, until: str | None, relations: str | None,
                       level: str, title: str | None, store: str | None) -> None:
    """A heat map of how far the most central actors side with each other (-1 opposed .. +1 aligned).

    Each cell is the score of 'geokg align A B'.

    \b
    Example:
      geokg plot alignment -o alignment.png --top 12 --level state
    """
    from geokg.graph.plots import plot_alignment

    with KnowledgeGraph.open(store, create=False) as kg:
        G = kg.to_networkx(since=since, until=until, relations=_relations(relations), level=level)
    r = plot_alignment(G, output, top=top, title=title)
    click.echo(f"wrote {output}: {r['actors']} actors ({r['width']}x{r['height']} px)")
