"""The Markdown report of ``geokg build``: stats, centrality, brokers, blocs and dyads, each with evidence.

>>> from geokg.graph.store import KnowledgeGraph
>>> text = markdown_report(KnowledgeGraph.open("memory"), title="Empty")
>>> text.splitlines()[0]
'# Empty'
"""
from __future__ import annotations

import html
from typing import Any

from geokg.graph.analysis import analyze, explain_edge
from geokg.graph.store import KnowledgeGraph

__all__ = ["markdown_report"]


def _cell(value: Any) -> str:
    """Text for a Markdown line or table cell: HTML escaped (article text never becomes markup)."""
    text = "" if value is None else html.escape(str(value), quote=False)
    return text.replace("|", "\\|").replace("\n", " ").replace("*", "\\*").replace("`", "\\`")


def _name(G, node) -> str:
    return _cell(G.nodes[node].get("label", str(node).rsplit("/", 1)[-1])) if node in G else _cell(node)


def _evidence(kg: KnowledgeGraph, G, a, b, n: int = 2) -> list[str]:
    lines = []
    for c in explain_edge(kg, G, a, b, top=n):
        src = c.get("title") or c.get("url") or c.get("document") or ""
        neg = " (denied)" if c.get("negated") else ""
        lines.append(f"  - {c['relation']}{neg}, {c.get('date') or 'undated'}, *{_cell(src)}*: "
                     f"“{_cell(c.get('evidence'))}”")
    return lines


def markdown_report(kg: KnowledgeGraph, title: str = "geokg report", top: int = 10, **options: Any) -> str:
    """The report as Markdown (article text is escaped for tables; no HTML is emitted)."""
    stats = kg.stats()
    G = kg.to_networkx(**options)
    out = [f"# {_cell(title)}", "",
           f"{stats['documents']} document(s), {stats['claims']} claims ({stats['negated']} negated), "
           f"{stats['actors']} actors; actor graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges.", ""]
    if stats["relations"]:
        out += ["## Claims per relation", "", "| relation | claims |", "| --- | ---: |"]
        out += [f"| {r} | {n} |" for r, n in stats["relations"].items()]
        out.append("")
    if G.number_of_nodes() == 0:
        out.append("No actor relations to analyse yet.")
        return "\n".join(out) + "\n"
    res = analyze(G, top=top)
    out += ["## Who is central", "", "| actor | PageRank | betweenness | eigenvector | in | out |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in res["centrality"]:
        out.append(f"| {_name(G, row['actor'])} | {row['pagerank']:.3f} | {row['betweenness']:.3f} | "
                   f"{row['eigenvector']:.3f} | {row['in']:.2f} | {row['out']:.2f} |")
    for key, head in (("cooperative", "Strongest cooperative ties"), ("conflictual", "Strongest conflictual ties")):
        out += ["", f"## {head}", ""]
        if not res[key]:
            out.append("None.")
        for d in res[key]:
            a, b = d["a"], d["b"]
            out.append(f"- **{_name(G, a)} – {_name(G, b)}** ({d['weight']:+.2f})")
            out += _evidence(kg, G, a, b)
    out += ["", "## Brokers", "", "Actors with cooperative ties to both sides of a conflictual pair.", ""]
    if not res["brokers"]:
        out.append("None.")
    for br in res["brokers"]:
        pairs = br.get("between") or br.get("pairs") or []
        shown = "; ".join(" – ".join(_name(G, x) for x in p) for p in pairs[:3]) if pairs else ""
        out.append(f"- **{_name(G, br.get('actor'))}**" + (f" between {shown}" if shown else ""))
    out += ["", "## Blocs", "", f"Signed modularity {res['modularity']:.3f}; structural balance: "
            + (f"{res['balance']['index']:.2f} of signed triads balanced" if res["balance"].get("index") is not None
               else "no signed triads"), ""]
    for i, bloc in enumerate(res["blocs"], 1):
        out.append(f"{i}. " + ", ".join(_name(G, n) for n in bloc))
    return "\n".join(out) + "\n"
