"""Interactive relationship maps: one self-contained HTML file per map.

The page is a vis-network canvas (pyvis's page model and its bundled copy
of vis-network 9.1.2, inlined) that needs no network at all: every script
and style is in the file, and a Content-Security-Policy forbids loading
anything else. Positions are computed here (physics is off in the
browser), so a 5,000-actor map opens in seconds instead of never settling.

Safety: every text that comes from articles (labels, titles, sentences)
reaches the page as JSON inside a ``<script type="application/json">``
block (``<``, ``>`` and ``&`` escaped) and is shown with ``textContent``,
never ``innerHTML``; vis.js's own ``title`` tooltips are not used. Only the
two inline scripts of the page may run (the CSP lists their hashes).

>>> import networkx as nx
>>> G = nx.DiGraph()
>>> G.add_node("a", label="Russia", cls="State")
>>> G.add_node("b", label="Ukraine <b>", cls="State")
>>> G.add_edge("a", "b", weight=-1.0, relations={"attacks": -1.0}, documents=1)
>>> page = build_map(G, title="Test")
>>> "Ukraine \\\\u003cb\\\\u003e" in page, "Ukraine <b>" in page
(True, False)
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import math
import re
import time
from collections import defaultdict
from importlib.resources import files
from pathlib import Path
from typing import Any, Hashable, Iterable, Mapping

import networkx as nx
import numpy as np

from geokg.errors import UnknownActor
from geokg.graph.analysis import pagerank, signed_blocs
from geokg.graph.files import atomic_write
from geokg.graph.projection import _date_key, InvalidOption, select, to_networkx
from geokg.ontology import GKG
from geokg.ontology.vocab import UnknownRelation, relation

__all__ = [
    "build_map", "write_map", "render_map", "MapView", "select_subgraph", "map_layout", "map_evidence", "COLOR_MODES",
    "TYPE_COLORS", "POLARITY_COLORS", "BLOC_COLORS", "VIS_VERSION",
]

log = logging.getLogger(__name__)

#: How nodes can be coloured.
COLOR_MODES = ("type", "bloc")
#: Node colour per actor class (Okabe-Ito palette, readable with colour blindness).
TYPE_COLORS = {
    "State": "#0072B2", "InternationalOrganization": "#E69F00", "Person": "#CC79A7",
    "Organization": "#009E73", "Region": "#56B4E9", "Group": "#D55E00", "other": "#999999",
}
#: Edge colour per polarity of the net tie.
POLARITY_COLORS = {"cooperative": "#1a9850", "conflictual": "#d73027", "neutral": "#9e9e9e"}
#: Colours of the ten largest blocs (the rest are grey).
BLOC_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
               "#7f7f7f", "#bcbd22", "#17becf")
#: The vis-network copy inlined into every map (the one pyvis ships).
VIS_VERSION = "9.1.2"
#: Above this many edges: straight edges and no labels while dragging (drawing cost).
_LARGE = 2000
_SPRING_LIMIT = 300


# ---------------------------------------------------------------------------- selection
def select_subgraph(G: nx.DiGraph, *, focus: Hashable | None = None, depth: int = 1, min_weight: float = 0.0,
                    top: int | None = None, weight: str = "weight") -> nx.DiGraph:
    """The part of the actor graph a map shows.

    Parameters
    ----------
    G : nx.DiGraph
        The signed actor graph (:func:`geokg.graph.projection.to_networkx`).
    focus : node, optional
        Keep only actors within ``depth`` ties of this one (either direction).
    depth : int
        Radius around ``focus``.
    min_weight : float
        Drop ties whose absolute weight is below this, then actors left without ties.
    top : int, optional
        Keep the ``top`` actors by PageRank (the focus actor always stays).

    Returns
    -------
    nx.DiGraph
        A copy; ``G.graph`` is kept, with the options used added.

    Raises
    ------
    UnknownActor
        If ``focus`` is not a node of G.

    Examples
    --------
    >>> G = nx.DiGraph([("A", "B", {"weight": 1.0}), ("B", "C", {"weight": -0.1}), ("C", "D", {"weight": 2.0})])
    >>> sorted(select_subgraph(G, focus="A", depth=2))
    ['A', 'B', 'C']
    >>> sorted(select_subgraph(G, min_weight=0.5).edges())
    [('A', 'B'), ('C', 'D')]
    """
    if depth < 0:
        raise InvalidOption(f"depth must be 0 or more, not {depth}")
    if top is not None and top < 1:
        raise InvalidOption(f"top must be at least 1, not {top}")
    H = G
    if min_weight > 0:
        H = nx.DiGraph()
        H.graph.update(G.graph)
        H.add_nodes_from(G.nodes(data=True))
        H.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if abs(d.get(weight, 0.0)) >= min_weight)
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0 and n != focus])
    if focus is not None:
        if focus not in H:
            raise UnknownActor(f"{focus} has no ties in this map (check --min-weight, --level, dates)")
        keep = nx.single_source_shortest_path_length(H.to_undirected(as_view=True), focus, cutoff=depth)
        H = H.subgraph(keep)
    if top is not None and H.number_of_nodes() > top:
        pr = pagerank(H, weight=weight)
        ranked = sorted(H, key=lambda n: (n != focus, -pr[n], str(n)))[:top]
        H = H.subgraph(ranked)
    out = nx.DiGraph(H) if H is not G else G.copy()
    out.graph.update(G.graph)
    out.graph.update(focus=focus, depth=depth if focus is not None else None, min_weight=min_weight, top=top)
    return out


# ---------------------------------------------------------------------------- layout
def map_layout(G: nx.Graph, *, seed: int = 0, weight: str = "weight", iterations: int | None = None,
               spacing: float = 300.0) -> dict[Hashable, tuple[float, float]]:
    """Positions for every node, in screen pixels.

    Each connected component is laid out on its own and the components are
    packed in rows, largest first (so small islands do not fly off screen).
    Components up to 300 nodes: networkx's ``spring_layout``
    (Fruchterman-Reingold, stronger ties pull closer). Larger ones: the same
    forces in numpy with the repulsion of each node estimated from a random
    sample of 192 others per iteration (O(n) per step instead of O(n^2);
    networkx's own sparse version needs scipy). Deterministic for a given ``seed``.

    Parameters
    ----------
    spacing : float
        About the distance between neighbouring nodes, in pixels.

    Examples
    --------
    >>> pos = map_layout(nx.path_graph(3))
    >>> sorted(pos), all(isinstance(x, float) for p in pos.values() for x in p)
    ([0, 1, 2], True)
    """
    nodes = list(G)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    pairs: dict[tuple[int, int], float] = defaultdict(float)
    for u, v, d in G.edges(data=True):
        if u != v:
            i, j = sorted((index[u], index[v]))
            pairs[(i, j)] += abs(d.get(weight, 1.0) or 0.0)
    top = max(pairs.values(), default=1.0) or 1.0
    U = nx.Graph()
    U.add_nodes_from(range(n))
    U.add_weighted_edges_from((i, j, 0.3 + math.sqrt(w / top)) for (i, j), w in pairs.items())
    xy = np.zeros((n, 2))
    comps = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(c)))
    boxes = []
    for comp in comps:
        members = sorted(comp)
        m = len(members)
        if m == 1:
            local = np.zeros((1, 2))
        elif m <= _SPRING_LIMIT:
            raw = nx.spring_layout(U.subgraph(members), seed=seed, weight="weight", iterations=iterations or 100)
            local = np.array([raw[i] for i in members], dtype=np.float64)
        else:
            sub = {v: k for k, v in enumerate(members)}
            edges = [(sub[a], sub[b], d["weight"]) for a, b, d in U.subgraph(members).edges(data=True)]
            src = np.array([e[0] for e in edges], dtype=np.int64)
            dst = np.array([e[1] for e in edges], dtype=np.int64)
            w = np.array([e[2] for e in edges], dtype=np.float64)
            local = _sampled_spring(m, src, dst, w, seed=seed, iterations=iterations or 80)
        local = local - local.mean(axis=0)
        spread = np.sqrt((local ** 2).sum(axis=1)).max()
        radius = 0.45 * spacing * math.sqrt(m)
        if spread > 0:
            local *= radius / spread
        boxes.append((members, local, radius + 0.5 * spacing))
    # shelf packing: rows of components, the row width about that of a square
    area = sum((2 * r) ** 2 for *_, r in boxes)
    width = max(math.sqrt(area) * 1.6, 2 * boxes[0][2])
    x = y = row_h = 0.0
    for members, local, r in boxes:
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        xy[members] = local + np.array([x + r, y + r])
        x += 2 * r
        row_h = max(row_h, 2 * r)
    xy -= (xy.min(axis=0) + xy.max(axis=0)) / 2
    return {v: (float(xy[i, 0]), float(xy[i, 1])) for i, v in enumerate(nodes)}


def _sampled_spring(n: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray, *, seed: int,
                    iterations: int, sample: int = 192) -> np.ndarray:
    """Fruchterman-Reingold with sampled repulsion and a weak pull to the centre (for components)."""
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, size=(n, 2))
    k = 2.0 / math.sqrt(n)  # ideal distance in a 2x2 box
    s = min(sample, n)
    temp = 0.2
    cool = (0.005 / temp) ** (1.0 / max(iterations - 1, 1))
    for _ in range(iterations):
        idx = rng.choice(n, size=s, replace=False)
        delta = pos[:, None, :] - pos[None, idx, :]
        d2 = np.einsum("ijk,ijk->ij", delta, delta)
        d2 = np.maximum(d2, 1e-6)
        disp = np.einsum("ijk,ij->ik", delta, (k * k) / d2) * (n / s)
        if len(w):
            dv = pos[src] - pos[dst]
            dist = np.sqrt(np.einsum("ij,ij->i", dv, dv)) + 1e-9
            f = dv * (dist * w / k)[:, None]
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(src, weights=f[:, axis], minlength=n)
                disp[:, axis] += np.bincount(dst, weights=f[:, axis], minlength=n)
        disp -= pos * (0.05 * n * k)  # gravity keeps isolated components on screen
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-12
        pos += disp * (np.minimum(length, temp) / length)[:, None]
        temp *= cool
    return pos


# ---------------------------------------------------------------------------- evidence
_EVIDENCE_QUERY = """
SELECT ?c ?s ?p ?o ?negated ?speaker ?speakerLabel ?when ?doc ?title ?outlet ?url ?evidence WHERE {
  VALUES (?s ?o) { %s }
  ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?c gkg:evidence ?evidence }
  OPTIONAL { ?c gkg:negated ?negated }
  OPTIONAL { ?c gkg:attributedTo ?speaker
             OPTIONAL { ?speaker rdfs:label ?speakerLabel FILTER(LANGMATCHES(LANG(?speakerLabel), "en")) } }
  OPTIONAL { ?c dcterms:date ?cdate }
  OPTIONAL { ?doc dcterms:date ?ddate }
  OPTIONAL { ?doc dcterms:title ?title }
  OPTIONAL { ?doc dcterms:source ?outlet }
  OPTIONAL { ?doc schema:url ?url }
  BIND(STR(COALESCE(?cdate, ?ddate)) AS ?when)
}"""
_IRI = re.compile(r"[^\s<>\"{}|^`\\]+")


def map_evidence(kg, G: nx.DiGraph, *, batch: int = 400) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """The claims behind every tie of G: ``(subject, relation, object) -> claims``, newest first.

    Only non-negated claims of the relations behind each edge (the
    ``dyads`` edge attribute of :func:`geokg.graph.projection.to_networkx`, with
    the persons rolled up at state level), dated inside ``G.graph``'s
    ``since``/``until``. Runs one query per ``batch`` actor pairs.

    Each claim: ``date, relation, evidence, title, outlet, url, document, attributed_to``.

    Examples
    --------
    >>> from geokg.graph.store import KnowledgeGraph
    >>> map_evidence(KnowledgeGraph.open("memory"), nx.DiGraph())
    {}
    """
    wanted: set[tuple[str, str, str]] = set()
    for _u, _v, d in G.edges(data=True):
        for _s, rel, _o, subs, objs in d.get("dyads") or ():
            wanted |= {(s, rel, o) for s in subs for o in objs}
    pairs = sorted({(s, o) for s, _r, o in wanted if _IRI.fullmatch(s) and _IRI.fullmatch(o)})
    lo = _date_key(G.graph.get("since"), "since", upper=False)
    hi = _date_key(G.graph.get("until"), "until", upper=True)
    gkg = str(GKG)
    out: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    seen: set[str] = set()
    for start in range(0, len(pairs), batch):
        values = " ".join(f"(<{s}> <{o}>)" for s, o in pairs[start:start + batch])
        for r in select(kg, _EVIDENCE_QUERY % values):
            rel = r["p"][len(gkg):] if r["p"].startswith(gkg) else r["p"]
            key = (r["s"], rel, r["o"])
            if key not in wanted or r["c"] in seen or (r["negated"] or "false") in ("true", "1"):
                continue
            when = r["when"] or ""
            if (lo and when < lo) or (hi and when > hi):
                continue
            seen.add(r["c"])
            out[key].append({"date": r["when"], "relation": rel, "evidence": r["evidence"], "title": r["title"],
                             "outlet": r["outlet"], "url": r["url"], "document": r["doc"],
                             "attributed_to": r["speaker"], "attributed_label": r.get("speakerLabel")})
    for claims in out.values():
        claims.sort(key=lambda c: (c["date"] or "", c["document"]), reverse=True)
    return dict(out)


# ---------------------------------------------------------------------------- page model
def _symmetric(name: str) -> bool:
    try:
        return relation(name).symmetric
    except UnknownRelation:
        return False


def _polarity(w: float) -> str:
    return "cooperative" if w > 1e-9 else "conflictual" if w < -1e-9 else "neutral"


def _cut(text: Any, n: int = 280) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _ties(G: nx.DiGraph, weight: str) -> list[dict[str, Any]]:
    """Drawn ties: symmetric relations once per pair (no arrow), directed ones with an arrow."""
    sym_memo: dict[str, bool] = {}

    def sym(r: str) -> bool:
        if r not in sym_memo:
            sym_memo[r] = _symmetric(r)
        return sym_memo[r]

    ties = []
    done: set[tuple] = set()
    for u, v, d in G.edges(data=True):
        rels = d.get("relations")
        if not rels:  # a plain weighted graph
            ties.append({"u": u, "v": v, "directed": True, "weight": d.get(weight, 0.0), "relations": {},
                         "documents": d.get("documents"), "dyads": []})
            continue
        dyads = d.get("dyads") or []
        directed = {r: x for r, x in rels.items() if not sym(r)}
        if directed:
            ties.append({"u": u, "v": v, "directed": True, "weight": sum(directed.values()), "relations": directed,
                         "documents": None, "dyads": [t for t in dyads if t[1] in directed]})
        symmetric = {r: x for r, x in rels.items() if sym(r)}
        key = tuple(sorted((str(u), str(v))))
        if symmetric and key not in done:
            done.add(key)
            ties.append({"u": u, "v": v, "directed": False, "weight": sum(symmetric.values()),
                         "relations": symmetric, "documents": None, "dyads": [t for t in dyads if t[1] in symmetric]})
    return ties


def _tie_claims(tie: dict[str, Any], evidence: Mapping) -> list[dict[str, Any]]:
    claims, seen = [], set()
    for _s, rel, _o, subs, objs in tie["dyads"]:
        for s in subs:
            for o in objs:
                for c in evidence.get((s, rel, o), ()):
                    key = (c.get("document"), c.get("evidence"), rel)
                    if key not in seen:
                        seen.add(key)
                        claims.append(c)
    claims.sort(key=lambda c: (c.get("date") or "", c.get("document") or ""), reverse=True)
    return claims


def _name_of(iri: str | None, label: str | None) -> str:
    """A readable name for a tooltip: the label, else the IRI's last part without dashes and hashes
    ("temur-umarov" -> "Temur Umarov"), never the raw IRI."""
    if label:
        return label
    if not iri:
        return "unknown source"
    last = str(iri).rstrip("/").rsplit("/", 1)[-1]
    last = re.sub(r"-[0-9a-f]{8,}$", "", last)  # the digest that keeps document IRIs apart
    return " ".join(w.capitalize() if w.islower() else w for w in re.split(r"[-_]+", last) if w) or str(iri)


def _edge_tip(label_u: str, label_v: str, tie: dict[str, Any], claims: list[dict[str, Any]], per_edge: int) -> str:
    arrow = "→" if tie["directed"] else "↔"
    w = tie["weight"]
    lines = [f"{label_u} {arrow} {label_v}", f"{_polarity(w)}, weight {w:+.2f}"]
    if tie["relations"]:
        lines.append("relations: " + ", ".join(f"{r} {x:+.2f}" for r, x in
                                               sorted(tie["relations"].items(), key=lambda kv: -abs(kv[1]))))
    if claims:
        dates = sorted(c["date"] for c in claims if c.get("date"))
        docs = {c.get("document") for c in claims}
        span = f"{dates[0]} – {dates[-1]}" if dates and dates[0] != dates[-1] else (dates[0] if dates else "undated")
        lines.append(f"{len(claims)} claim(s) in {len(docs)} document(s), dated {span}")
        for c in claims[:per_edge]:
            source = ", ".join(x for x in (_cut(c.get("outlet"), 60), c.get("date"), _cut(c.get("title"), 90)) if x)
            said = f" (according to {_name_of(c['attributed_to'], c.get('attributed_label'))})" \
                if c.get("attributed_to") else ""
            lines += ["", f"“{_cut(c.get('evidence') or '(no sentence)')}”{said}",
                      f"  — {source or _name_of(c.get('document'), None)}"]
        if len(claims) > per_edge:
            lines.append(f"… and {len(claims) - per_edge} more (geokg explain)")
    elif tie.get("documents"):
        lines.append(f"{tie['documents']} document(s)")
    return "\n".join(lines)


def _vis_js() -> tuple[str, str]:
    base = files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}")
    js = base.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # pragma: no cover - would break inlining
        raise RuntimeError("the bundled vis-network cannot be inlined")
    return js, css


def _json_for_html(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def build_map(G: nx.DiGraph, *, color: str = "type", title: str = "geokg relationship map",
              meta: Mapping[str, Any] | None = None, evidence: Mapping[tuple[str, str, str], list] | None = None,
              weight: str = "weight", per_edge: int = 3, seed: int = 0,
              positions: Mapping[Hashable, tuple[float, float]] | None = None,
              stats: dict[str, Any] | None = None) -> str:
    """The HTML of an interactive map of the actor graph: one self-contained file.

    Parameters
    ----------
    G : nx.DiGraph
        The signed actor graph (nodes with ``label`` and ``cls``; edges with a
        signed ``weight`` and, as :func:`geokg.graph.projection.to_networkx` sets
        them, ``relations``, ``documents`` and ``dyads``).
    color : {"type", "bloc"}
        Colour nodes by actor class or by signed bloc (:func:`geokg.graph.analysis.signed_blocs`).
    title : str
        Shown on top of the page and as its ``<title>``.
    meta : mapping, optional
        Shown under the title: ``since``, ``until``, ``level``, ``documents``,
        ``outlets`` (defaults from ``G.graph`` and ``evidence``).
    evidence : mapping, optional
        ``(subject, relation, object) -> claims`` as :func:`map_evidence` returns;
        the tooltips then show dates and the newest ``per_edge`` sentences with their sources.
    positions : mapping, optional
        Node positions in pixels; default :func:`map_layout` with ``seed``.
    stats : dict, optional
        Filled with ``nodes, ties, documents, outlets, layout_seconds, page_seconds``.

    Returns
    -------
    str
        The page. Nodes are sized by PageRank; edges coloured by polarity of
        the net tie (cooperative, conflictual, neutral), as wide as the
        absolute weight, with an arrow for directed relations (symmetric
        ones, such as meetsWith, are one line without arrow).

    Raises
    ------
    InvalidOption
        For an unknown ``color``.

    Examples
    --------
    >>> G = nx.DiGraph([("A", "B", {"weight": 0.5})])
    >>> page = build_map(G, color="bloc")
    >>> page.startswith("<!DOCTYPE html>"), '"from":0' in page
    (True, True)
    """
    if color not in COLOR_MODES:
        raise InvalidOption(f"color must be one of {', '.join(COLOR_MODES)}, not {color!r}")
    t0 = time.perf_counter()
    from pyvis.network import Network

    evidence = evidence or {}
    meta = dict(meta or {})
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    label = {n: str(G.nodes[n].get("label") or str(n).rsplit("/", 1)[-1]) for n in nodes}
    pr = pagerank(G, weight=weight) if nodes else {}
    top_pr = max(pr.values(), default=1.0) or 1.0
    rank = {n: i for i, n in enumerate(sorted(nodes, key=lambda n: (-pr[n], str(n))))}
    pos = dict(positions) if positions is not None else map_layout(G, seed=seed, weight=weight)
    t_layout = time.perf_counter()

    legend_nodes: list[tuple[str, str]] = []
    bloc_of: dict[Hashable, int] = {}
    if color == "bloc":
        blocs = signed_blocs(G, weight=weight) if G.number_of_edges() else [{n} for n in nodes]
        bloc_of = {n: i for i, b in enumerate(blocs) for n in b}
        for i, b in enumerate(blocs[:len(BLOC_COLORS)]):
            if len(b) > 1:
                head = sorted(b, key=lambda n: -pr.get(n, 0))[:2]
                legend_nodes.append((BLOC_COLORS[i], f"bloc {i + 1}: {', '.join(label[n] for n in head)}"
                                     + (f" +{len(b) - 2}" if len(b) > 2 else "")))
        legend_nodes.append(("#cccccc", "smaller blocs / alone"))

        def fill(n: Hashable) -> str:
            i = bloc_of.get(n, len(BLOC_COLORS))
            size = len(blocs[i]) if i < len(blocs) else 1
            return BLOC_COLORS[i] if i < len(BLOC_COLORS) and size > 1 else "#cccccc"
    else:
        present = sorted({G.nodes[n].get("cls") if G.nodes[n].get("cls") in TYPE_COLORS else "other" for n in nodes},
                         key=list(TYPE_COLORS).index)
        legend_nodes = [(TYPE_COLORS[c], c) for c in present]

        def fill(n: Hashable) -> str:
            return TYPE_COLORS.get(G.nodes[n].get("cls"), TYPE_COLORS["other"])

    # strongest ties per node for the node tooltips
    strongest: dict[Hashable, list[tuple[float, str, str]]] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        w = float(d.get(weight, 0.0))
        strongest[u].append((w, "→", label[v]))
        strongest[v].append((w, "←", label[u]))

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading=title)
    for n in nodes:
        cls = G.nodes[n].get("cls") or "actor"
        tip = [label[n], str(cls) + (f" · bloc {bloc_of[n] + 1}" if bloc_of else ""),
               f"PageRank {pr[n]:.4f} (rank {rank[n] + 1} of {len(nodes)})",
               f"{G.out_degree(n)} tie(s) out, {G.in_degree(n)} in"]
        ties = sorted(strongest[n], key=lambda t: -abs(t[0]))[:6]
        if ties:
            tip += ["", "strongest ties:"] + [f"  {w:+.2f} {a} {other}" for w, a, other in ties]
        x, y = pos[n]
        c = fill(n)
        net.nodes.append({
            "id": index[n], "label": label[n], "x": round(x, 1), "y": round(y, 1),
            "size": round(8 + 32 * math.sqrt(pr[n] / top_pr), 1),
            "color": {"background": c, "border": "#333333", "highlight": {"background": c, "border": "#000000"},
                      "hover": {"background": c, "border": "#000000"}},
            "tip": "\n".join(tip),
        })
    ties = _ties(G, weight)
    top_w = max((abs(t["weight"]) for t in ties), default=1.0) or 1.0
    documents: set[str] = set()
    outlets: set[str] = set()
    dates: list[str] = []
    large = len(ties) > _LARGE
    for t in ties:
        claims = _tie_claims(t, evidence) if evidence else []
        for c in claims:
            documents.add(c.get("document"))
            outlets.add(c.get("outlet") or c.get("document"))
            if c.get("date"):
                dates.append(c["date"])
        pol = _polarity(t["weight"])
        edge = {"from": index[t["u"]], "to": index[t["v"]], "color": POLARITY_COLORS[pol],
                "width": round(1 + 7 * abs(t["weight"]) / top_w, 2),
                "tip": _edge_tip(label[t["u"]], label[t["v"]], t, claims, per_edge)}
        if t["directed"]:
            edge["arrows"] = "to"
            if not large:
                edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.12}
        if pol == "conflictual" and not large:
            edge["dashes"] = [8, 4]
        net.edges.append(edge)
    net.options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 60, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "multiselect": False, "navigationButtons": False, "keyboard": False},
        "nodes": {"shape": "dot", "borderWidth": 1,
                  "font": {"size": 20, "face": "sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "scaling": {"label": {"enabled": True, "drawThreshold": 6}}},
        "edges": {"smooth": False, "color": {"inherit": False, "opacity": 0.75 if large else 0.9},
                  "arrows": {"to": {"enabled": False, "scaleFactor": 0.6}}, "selectionWidth": 2, "hoverWidth": 1},
    }
    # --------------------------------------------------------------- header and legend
    level = meta.get("level", G.graph.get("level"))
    since, until = meta.get("since", G.graph.get("since")), meta.get("until", G.graph.get("until"))
    if since or until:
        span = f"{since or '…'} – {until or '…'}"
    elif dates:
        span = f"claims dated {min(dates)} – {max(dates)}"
    else:
        span = "all dates"
    n_docs = meta.get("documents", len(documents) if evidence else None)
    n_out = meta.get("outlets", len(outlets) if evidence else None)
    facts = [f"{len(nodes)} actors, {len(ties)} ties", span]
    if level:
        facts.append(f"level {level}")
    if n_docs is not None:
        facts.append(f"{n_docs} document(s)" + (f" from {n_out} source(s)" if n_out is not None else ""))
    for key in ("focus", "relations", "min_weight", "top"):
        value = meta.get(key, G.graph.get(key))
        if value and key != "focus":
            facts.append(f"{key.replace('_', ' ')} {', '.join(value) if isinstance(value, list) else value}")
        elif value:
            facts.append(f"around {label.get(value, value)} (depth {G.graph.get('depth') or meta.get('depth')})")
    legend = "".join(f'<div><span class="dot" style="background:{c}"></span>{html.escape(t)}</div>'
                     for c, t in legend_nodes)
    legend += "".join(
        f'<div><span class="line{" dash" if p == "conflictual" else ""}" style="border-color:{c}"></span>{p}</div>'
        for p, c in POLARITY_COLORS.items())
    legend += ('<div class="small">size: PageRank · width: |weight| · arrow: directed relation, '
               'no arrow: symmetric (meets, allies, negotiates…)</div>')
    data = _json_for_html({"nodes": net.nodes, "edges": net.edges, "options": net.options})
    js, css = _vis_js()
    csp = (f"default-src 'none'; script-src {_csp_hash(js)} {_csp_hash(_PAGE_JS)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'")
    parts = {
        "CSP": html.escape(csp, quote=False).replace('"', "&quot;"), "TITLE": html.escape(title), "FACTS": html.escape(" · ".join(facts)),
        "LEGEND": legend, "VIS_CSS": css, "PAGE_CSS": _PAGE_CSS, "VIS_JS": js, "DATA": data, "PAGE_JS": _PAGE_JS,
    }
    page = re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: parts[m.group(1)], _PAGE)
    log.info("map: %d nodes, %d ties, %d bytes (layout %.2fs, page %.2fs)", len(nodes), len(ties), len(page),
             t_layout - t0, time.perf_counter() - t_layout)
    if stats is not None:
        stats.update(nodes=len(nodes), ties=len(ties), documents=len(documents), outlets=len(outlets),
                     layout_seconds=t_layout - t0, page_seconds=time.perf_counter() - t_layout)
    return page


def write_map(kg, path: str | Path, *, color: str = "type", title: str | None = None, focus: str | None = None,
              depth: int = 1, relations: Iterable[str] | None = None, since=None, until=None,
              min_weight: float = 0.0, top: int | None = None, level: str = "actor", min_evidence: int = 1,
              attributed_discount: float = 0.5, per_edge: int = 3, seed: int = 0) -> dict[str, Any]:
    """Write the interactive map of a store to ``path`` (one self-contained HTML file, written atomically).

    Parameters
    ----------
    kg : KnowledgeGraph
    path : str or Path
    focus : str, optional
        An actor name (any label or alias) or IRI; with ``depth``.
    relations, since, until, level, min_evidence, attributed_discount
        As for :func:`geokg.graph.projection.to_networkx`.
    min_weight, top
        As for :func:`select_subgraph`.
    color, title, per_edge, seed
        As for :func:`build_map`.

    Returns
    -------
    dict
        ``path, nodes, ties, documents, bytes, seconds``.

    Examples
    --------
    >>> import tempfile, os
    >>> from geokg.graph.store import KnowledgeGraph
    >>> with tempfile.TemporaryDirectory() as d:
    ...     r = write_map(KnowledgeGraph.open("memory"), os.path.join(d, "m.html"))
    >>> r["nodes"], r["ties"]
    (0, 0)
    """
    t0 = time.perf_counter()
    page, stats = render_map(kg, color=color, title=title, focus=focus, depth=depth, relations=relations,
                             since=since, until=until, min_weight=min_weight, top=top, level=level,
                             min_evidence=min_evidence, attributed_discount=attributed_discount,
                             per_edge=per_edge, seed=seed)
    data = page.encode("utf-8")
    atomic_write(Path(path), data)
    return {"path": str(path), "nodes": stats["nodes"], "ties": stats["ties"], "documents": stats["documents"],
            "outlets": stats["outlets"], "bytes": len(data), "seconds": time.perf_counter() - t0}


def render_map(kg, *, color: str = "type", title: str | None = None, focus: str | None = None, depth: int = 1,
               relations: Iterable[str] | None = None, since=None, until=None, min_weight: float = 0.0,
               top: int | None = None, level: str = "actor", min_evidence: int = 1,
               attributed_discount: float = 0.5, per_edge: int = 3, seed: int = 0) -> tuple[str, dict[str, Any]]:
    """The map page of a store and its counts (what :func:`write_map` writes, :class:`MapView` shows)."""
    G = to_networkx(kg, since=since, until=until, relations=relations, min_evidence=min_evidence,
                    attributed_discount=attributed_discount, level=level)
    centre = str(kg.actor(focus)) if focus else None
    if centre is not None and centre not in G:
        raise UnknownActor(f"{focus!r} has no signed ties in this projection"
                           + (" (try --level actor)" if level == "state" else ""))
    H = select_subgraph(G, focus=centre, depth=depth, min_weight=min_weight, top=top)
    evidence = map_evidence(kg, H)
    stats: dict[str, Any] = {}
    page = build_map(H, color=color, title=title or "geokg relationship map", evidence=evidence,
                     per_edge=per_edge, seed=seed, stats=stats)
    return page, stats


class MapView:
    """The interactive map shown inline in a notebook (``kg.map()``), or saved with :meth:`save`.

    The page goes into a sandboxed ``<iframe srcdoc>``, so it keeps its own
    Content-Security-Policy and scripts inside the notebook.

    >>> from geokg.graph.store import KnowledgeGraph
    >>> view = MapView(KnowledgeGraph.open("memory"))
    >>> view._repr_html_().startswith("<iframe")
    True
    """

    def __init__(self, kg, height: int = 650, **options: Any):
        self.page, self.stats = render_map(kg, **options)
        self.height = height

    def _repr_html_(self) -> str:
        import html as _html

        return (f'<iframe sandbox="allow-scripts" style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
                f'srcdoc="{_html.escape(self.page, quote=True)}"></iframe>')

    def save(self, path: str | Path) -> None:
        """Write the page to ``path`` (atomically)."""
        atomic_write(Path(path), self.page.encode("utf-8"))


_PAGE_CSS = """
html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; color: #222; background: #fff; }
#head { position: absolute; top: 0; left: 0; right: 0; padding: 8px 14px; background: rgba(255,255,255,.92);
        border-bottom: 1px solid #ddd; z-index: 2; }
#head h1 { font-size: 18px; margin: 0 0 2px 0; }
#head .facts { font-size: 13px; color: #555; }
#find { position: absolute; top: 10px; right: 14px; }
#find input { font-size: 13px; padding: 3px 6px; width: 200px; }
#map { position: absolute; top: 58px; left: 0; right: 0; bottom: 0; }
#legend { position: absolute; right: 10px; bottom: 10px; width: 230px; background: rgba(255,255,255,.92); border: 1px solid #ccc;
          border-radius: 4px; padding: 6px 10px; font-size: 12px; z-index: 2; }
#legend .dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px;
               border: 1px solid #333; vertical-align: middle; }
#legend .line { display: inline-block; width: 22px; margin-right: 6px; border-top: 3px solid; vertical-align: middle; }
#legend .line.dash { border-top-style: dashed; }
#legend .small { color: #666; margin-top: 4px; }
#tip { position: absolute; display: none; z-index: 3; max-width: 460px; white-space: pre-wrap; font-size: 12px;
       background: #fffff4; border: 1px solid #999; border-radius: 4px; padding: 6px 8px;
       box-shadow: 0 2px 6px rgba(0,0,0,.25); pointer-events: none; }
"""

_PAGE_JS = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("geokg-data").textContent);
  var nodes = new vis.DataSet(data.nodes), edges = new vis.DataSet(data.edges);
  var box = document.getElementById("map"), tip = document.getElementById("tip");
  var network = new vis.Network(box, {nodes: nodes, edges: edges}, data.options);
  var pinned = false;
  function fitAll() {  // the whole map, with room for the legend
    network.fit({animation: false});
    network.moveTo({scale: network.getScale() * 0.9, animation: false});
  }
  fitAll();
  window.addEventListener("resize", fitAll);
  function show(text, x, y) {
    tip.textContent = text || "";
    tip.style.display = text ? "block" : "none";
    var r = box.getBoundingClientRect();
    var left = Math.min(r.left + x + 14, window.innerWidth - tip.offsetWidth - 8);
    var top = Math.min(r.top + y + 14, window.innerHeight - tip.offsetHeight - 8);
    tip.style.left = Math.max(left, 4) + "px";
    tip.style.top = Math.max(top, 4) + "px";
  }
  function hide() { if (!pinned) { tip.style.display = "none"; } }
  function showNode(id, x, y) { var n = nodes.get(id); if (n) { show(n.tip, x, y); } }
  function showEdge(id, x, y) { var e = edges.get(id); if (e) { show(e.tip, x, y); } }
  network.on("hoverNode", function (p) { if (!pinned) { showNode(p.node, p.pointer.DOM.x, p.pointer.DOM.y); } });
  network.on("hoverEdge", function (p) { if (!pinned) { showEdge(p.edge, p.pointer.DOM.x, p.pointer.DOM.y); } });
  network.on("blurNode", hide);
  network.on("blurEdge", hide);
  network.on("click", function (p) {
    pinned = false;
    if (p.nodes.length) { showNode(p.nodes[0], p.pointer.DOM.x, p.pointer.DOM.y); pinned = true; }
    else if (p.edges.length) { showEdge(p.edges[0], p.pointer.DOM.x, p.pointer.DOM.y); pinned = true; }
    else { hide(); }
  });
  network.on("dragStart", function () { pinned = false; hide(); });
  var input = document.getElementById("find-input"), list = document.getElementById("find-list");
  var byLabel = {};
  nodes.forEach(function (n) {
    byLabel[n.label.toLowerCase()] = n.id;
    var o = document.createElement("option");
    o.value = n.label;
    list.appendChild(o);
  });
  input.addEventListener("change", function () {
    var id = byLabel[input.value.trim().toLowerCase()];
    if (id === undefined) { return; }
    network.selectNodes([id]);
    network.focus(id, {scale: 1.2, animation: false});
    var p = network.canvasToDOM(network.getPosition(id));
    showNode(id, p.x, p.y);
    pinned = true;
  });
  network.once("afterDrawing", function () {  // for tests and benchmarks: drawn, and ms since navigation
    document.body.setAttribute("data-drawn-nodes", String(nodes.length));
    document.body.setAttribute("data-draw-ms", String(Math.round(performance.now())));
  });
  window.geokgMap = {network: network, nodes: nodes, edges: edges, showNode: showNode, showEdge: showEdge, hide: hide};
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="geokg (vis-network 9.1.2 via pyvis)">
<title>{{TITLE}}</title>
<style>{{VIS_CSS}}</style>
<style>{{PAGE_CSS}}</style>
</head>
<body>
<div id="head"><h1>{{TITLE}}</h1><div class="facts">{{FACTS}}</div></div>
<div id="find"><input id="find-input" list="find-list" placeholder="find an actor…" aria-label="find an actor"><datalist id="find-list"></datalist></div>
<div id="map"></div>
<div id="legend">{{LEGEND}}</div>
<div id="tip" role="tooltip"></div>
<script type="application/json" id="geokg-data">{{DATA}}</script>
<script>{{VIS_JS}}</script>
<script>{{PAGE_JS}}</script>
</body>
</html>
"""
