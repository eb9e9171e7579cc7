"""The analysis commands of the ``geokg`` CLI: ``analyze``, ``align``, ``explain``.

A thin layer over :mod:`geokg.graph.projection` and :mod:`geokg.graph.analysis`;
registered on the ``geokg`` group by the import at the end of ``graph/cli.py``.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Callable

import click

from geokg.graph.analysis import analyze as analyze_graph
from geokg.graph.analysis import explain_alignment, explain_edge
from geokg.cli.base import cli, store_option, user_errors
from geokg.cli.commands import _table
from geokg.errors import UnknownActor
from geokg.graph.projection import LEVELS, to_networkx
from geokg.graph.store import KnowledgeGraph
from geokg.ontology import PREFIXES

__all__ = ["analyze", "align", "explain", "projection_options"]


def projection_options(fn: Callable) -> Callable:
    """The options of :func:`geokg.graph.projection.to_networkx` as click options."""
    options = [
        click.option("--since", default=None, metavar="DATE", help="Only claims dated on or after (2022, 2022-10, 2022-10-12)."),
        click.option("--until", default=None, metavar="DATE", help="Only claims dated on or before."),
        click.option("--relation", "relations", multiple=True, metavar="NAME",
                     help="Only this relation (repeat for several), e.g. --relation attacks."),
        click.option("--min-evidence", default=1, show_default=True, type=click.IntRange(min=1),
                     help="Only dyads reported by at least this many documents."),
        click.option("--level", type=click.Choice(LEVELS), default="actor", show_default=True,
                     help="'state' rolls persons up to the state or organisation they lead or serve."),
        click.option("--attributed-discount", default=0.5, show_default=True, type=click.FloatRange(0, 1),
                     help="Weight of a source whose claims are all attributed to a speaker."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def _graph(kg: KnowledgeGraph, opts: dict[str, Any]):
    return to_networkx(kg, since=opts["since"], until=opts["until"], relations=opts["relations"] or None,
                       min_evidence=opts["min_evidence"], attributed_discount=opts["attributed_discount"],
                       level=opts["level"])


def _label(G, node) -> str:
    if node in G:
        return str(G.nodes[node].get("label") or node)
    return G.graph.get("organisations", {}).get(node) or _short_iri(str(node))


def _short_iri(text: str) -> str:
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


def _num(x: float | None, places: int = 3) -> str:
    return "-" if x is None else f"{x:.{places}f}"


def _rels(relations: dict[str, float]) -> str:
    return ", ".join(f"{r} {w:+.2f}" for r, w in sorted(relations.items(), key=lambda kv: -abs(kv[1])))


def _cut(text: str | None, n: int = 100) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 3] + "..."


def _claims_table(G, claims: list[dict[str, Any]], indent: str = "  ") -> str:
    """The claims as a table, each row followed by its full source and evidence sentence, wrapped
    to the terminal's width (never cut: the sentence is what a reader checks the claim against)."""
    import shutil
    import textwrap

    body = [[c["date"] or "", _label(G, c["subject"]), ("not " if c["negated"] else "") + c["relation"],
             _label(G, c["object"]), f"{c['weight']:+.2f}"] for c in claims]
    lines = _table(["date", "subject", "relation", "object", "weight"], body).splitlines()
    width = max(60, shutil.get_terminal_size((100, 24)).columns - len(indent))
    out = [indent + lines[0], indent + lines[1]]
    for c, row in zip(claims, lines[2:]):
        out.append(indent + row)
        source = c["outlet"] or ""
        doc = _short_iri(c["document"] or "")
        rule = f"; rule: {c['rule']}" if c.get("rule") else ""
        out += textwrap.wrap(f"source: {source + ', ' if source else ''}{doc}{rule}", width=width,
                             initial_indent=indent + "    ", subsequent_indent=indent + "      ",
                             break_on_hyphens=False)
        out += textwrap.wrap(f"\u201c{c['evidence'] or ''}\u201d", width=width, initial_indent=indent + "    ",
                             subsequent_indent=indent + "     ", break_on_hyphens=False)
    return "\n".join(out)


def _resolve(kg: KnowledgeGraph, name: str) -> str:
    return str(kg.actor(name))


@cli.command()
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="Rows per table.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="csv writes the centrality table of every actor.")
@projection_options
@store_option
@user_errors
def analyze(top: int, fmt: str, store: str | None, **opts: Any) -> None:
    """Who matters, who sides with whom: centrality, strongest dyads, brokers, blocs, balance.

    \b
    Example:
      geokg analyze --top 5
      geokg analyze --level state --since 2022-01 --format json
    """
    with KnowledgeGraph.open(store, create=False) as kg:
        G = _graph(kg, opts)
    result = analyze_graph(G, top=G.number_of_nodes() if fmt == "csv" else top)
    if fmt == "json":
        result["labels"] = {n: G.nodes[n].get("label") for n in G}
        result["options"] = dict(G.graph)
        click.echo(json.dumps(result, ensure_ascii=False, indent=2, default=str))
        return
    header = ["actor", "label", "class", "in", "out", "pagerank", "betweenness", "eigenvector"]
    rows = [[_short_iri(str(r["actor"])), _label(G, r["actor"]), str(G.nodes[r["actor"]].get("cls", "")),
             _num(r["in"]), _num(r["out"]), _num(r["pagerank"]), _num(r["betweenness"]), _num(r["eigenvector"])]
            for r in result["centrality"]]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        click.echo(buf.getvalue().rstrip("\n"))
        return
    out = [f"actor graph: {result['nodes']} actors, {result['edges']} ties (level {G.graph['level']})", "",
           f"centrality (top {top} by PageRank)", _table(header[1:], [r[1:] for r in rows])]
    for key, title in (("conflictual", "most conflictual dyads"), ("cooperative", "most cooperative dyads")):
        out += ["", title, _table(["a", "b", "weight", "relations"],
                                  [[_label(G, d["a"]), _label(G, d["b"]), f"{d['weight']:+.3f}", _rels(d["relations"])]
                                   for d in result[key]])]
    out += ["", "brokers (cooperative ties to both sides of a conflictual dyad)",
            _table(["actor", "score", "between"],
                   [[_label(G, b["actor"]), _num(b["score"]),
                     "; ".join(f"{_label(G, x)} / {_label(G, y)}" for x, y in b["pairs"][:3])
                     + (f" (+{len(b['pairs']) - 3} more)" if len(b["pairs"]) > 3 else "")]
                    for b in result["brokers"]])]
    blocs = [b for b in result["blocs"] if len(b) > 1]
    out += ["", f"blocs (signed modularity {result['modularity']:.3f}; {len(result['blocs']) - len(blocs)} actor(s) alone)",
            _table(["bloc", "size", "members"],
                   [[str(i), str(len(b)), _cut(", ".join(sorted(_label(G, n) for n in b)), 100)]
                    for i, b in enumerate(blocs[:top], 1)])]
    bal = result["balance"]
    out += ["", f"structural balance: {_num(bal['index'])} ({bal['balanced']} of {bal['triads']} signed triads balanced)"]
    click.echo("\n".join(out))


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--top", default=5, show_default=True, type=click.IntRange(min=1),
              help="Third parties (and claims per tie) to show.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@projection_options
@store_option
@user_errors
def align(a: str, b: str, top: int, fmt: str, store: str | None, **opts: Any) -> None:
    """How far A and B side with each other: the score, its three parts, and the claims behind it.

    A and B are any label or alias, in English or German (Turkey, Türkei, Erdoğan).

    \b
    Example:
      geokg align Turkey Ukraine
    """
    with KnowledgeGraph.open(store, create=False) as kg:
        ia, ib = _resolve(kg, a), _resolve(kg, b)
        G = _graph(kg, opts)
        for name, iri in ((a, ia), (b, ib)):
            if iri not in G:
                raise UnknownActor(f"{name!r} ({_short_iri(iri)}) has no signed ties in this projection"
                                   + (" (try --level actor)" if opts["level"] == "state" else ""))
        r = explain_alignment(kg, G, ia, ib, top=top)
    if fmt == "json":
        click.echo(json.dumps(r, ensure_ascii=False, indent=2, default=str))
        return
    la, lb = _label(G, ia), _label(G, ib)
    w = r["weights"]
    third = r["third_parties"]
    shared = ", ".join(_label(G, o) for o in r["shared_memberships"]) or "none"
    out = [f"alignment {la} - {lb}: {_num(r['score'])}  (level {G.graph['level']}; -1 opposed .. +1 aligned)",
           _table(["part", "value", "weight", "basis"], [
               ["direct", _num(r["direct"]), f"{w['direct']:.2f}",
                f"cooperation {r['cooperation']:.3f}, conflict {r['conflict']:.3f}"],
               ["stance", _num(r["stance"]), f"{w['stance']:.2f}",
                f"cosine of stances toward {len(third)} third part{'y' if len(third) == 1 else 'ies'}"],
               ["membership", _num(r["membership"]), f"{w['membership']:.2f}",
                f"{len(r['shared_memberships'])} shared organisation(s), listed below"],
           ])]
    import textwrap

    out += textwrap.wrap(f"shared organisations: {shared}", width=100, subsequent_indent="  ")
    out += ["", f"direct: claims between {la} and {lb}"]
    ev = r["evidence"]
    out.append(_claims_table(G, ev["direct"]) if ev["direct"] else "  (none)")
    out += ["", f"stance: third parties that move the score most (net tie of {la} / of {lb})"]
    if not ev["stance"]:
        out.append("  (none)")
    for s in ev["stance"]:
        out.append(f"  {s['label']}: {s['a']:+.3f} / {s['b']:+.3f}")
        for side, claims in ((la, s["claims_a"]), (lb, s["claims_b"])):
            if claims:
                out.append(_claims_table(G, claims, indent="    "))
    click.echo("\n".join(out))


@cli.command()
@click.argument("a")
@click.argument("b")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@projection_options
@store_option
@user_errors
def explain(a: str, b: str, fmt: str, store: str | None, **opts: Any) -> None:
    """All claims between A and B (both directions, negated ones too), strongest first.

    Each claim shows its date, relation, weight in the actor graph, source and
    sentence. With --level state the claims of the persons who lead or serve
    A and B are included.

    \b
    Example:
      geokg explain Russia Ukraine
    """
    with KnowledgeGraph.open(store, create=False) as kg:
        ia, ib = _resolve(kg, a), _resolve(kg, b)
        G = _graph(kg, opts)
        claims = explain_edge(kg, G, ia, ib)
    if fmt == "json":
        click.echo(json.dumps(claims, ensure_ascii=False, indent=2, default=str))
        return
    la, lb = _label(G, ia), _label(G, ib)
    out = [f"{len(claims)} claim(s) between {la} and {lb}; tie weight {la} -> {lb} "
           f"{(G[ia][ib]['weight'] if G.has_edge(ia, ib) else 0.0):+.3f}, {lb} -> {la} "
           f"{(G[ib][ia]['weight'] if G.has_edge(ib, ia) else 0.0):+.3f}"]
    if claims:
        out.append(_claims_table(G, claims, indent=""))
    click.echo("\n".join(out))
