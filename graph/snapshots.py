"""Dated snapshots of the graph, their metadata, other export formats, and diffs between snapshots.

A snapshot is the store's content limited to a time window: ``as_of`` keeps
the claims dated on or before that date (an undated claim counts with its
document's publication date), ``since`` those on or after it. Plain triples
are kept only while a kept, non-negated claim still supports them. Each RDF
snapshot carries its own metadata (``gkg:Snapshot`` with ``dcterms:created``,
its window, counts and sources) in the graph ``gkgr:graph/snapshot``.

Background knowledge is trimmed to what the snapshot is about: the ontology
graph is kept whole, but of the actor knowledge base (``gkgr:graph/kb``, a
few thousand facts about every state, organisation and office holder) only
the descriptions of the things the documents name: their own triples
(labels, identifiers, memberships, tenures of office) and the labels and identifiers of
what those point to. A snapshot of one article is then about that article,
and a reader who counts relation triples of a snapshot without claims counts
none that no document asserted.

>>> from geokg.graph.store import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> ds = snapshot_dataset(kg, as_of="2022-10-31")
>>> meta = ds.graph(GRAPH_SNAPSHOT)
>>> int(next(meta.objects(None, GKG.claimCount)))
0
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from geokg.errors import InputError, StoreError
from geokg.graph.store import EXPORT_FORMATS, KnowledgeGraph, atomic_write
from geokg.loaders.claims import date_literal
from geokg.ontology import GKG, GKGR, GRAPH_KB, GRAPH_ONTOLOGY, GRAPH_SNAPSHOT, PREFIXES
from geokg.ontology.terms import to_ox
from geokg.progress import bar
from geokg.ontology.vocab import relations

__all__ = ["snapshot_dataset", "write_snapshot", "kb_descriptions", "SNAPSHOT_FORMATS", "diff_snapshots", "SnapshotDiff",
           "GRAPH_SNAPSHOT", "EXPORT_PREFIXES", "jsonld", "jsonld_context"]

SNAPSHOT_FORMATS = (*EXPORT_FORMATS, "graphml", "gexf", "csv")

#: Prefixes of the exports: the query prefixes and one per kind of resource, so that Turtle and TriG
#: write ``doc:cica-summit`` rather than ``gkgr:doc\/cica-summit`` (a ``/`` must be escaped in a local name).
EXPORT_PREFIXES: dict[str, str] = {
    **PREFIXES, **{kind: f"{GKGR}{kind}/" for kind in (
        "doc", "claim", "tenure", "person", "group", "event", "aim", "actor", "extractor", "graph", "snapshot")}}


def _day(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    lit = date_literal(value)
    if lit is None:
        raise InputError(f"--{name} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    v = str(lit)[:10]
    return v


def _in_window(when: str | None, as_of: str | None, since: str | None) -> bool:
    if when is None:
        return as_of is None and since is None
    # compare on the common prefix: "2022-10" is on or before "2022-10-31" and on or after "2022-10-01"
    if as_of is not None and when[: len(as_of)] > as_of[: len(when)]:
        return False
    if since is not None and when[: len(since)] < since[: len(when)]:
        return False
    return True


def snapshot_dataset(kg: KnowledgeGraph, as_of: str | None = None, since: str | None = None) -> Dataset:
    """The store as an rdflib Dataset limited to a time window, with the snapshot's metadata."""
    as_of, since = _day(as_of, "as-of"), _day(since, "since")
    claims = kg.query("""
        SELECT ?g ?c ?s ?p ?o ?neg ?date ?pub WHERE { GRAPH ?g {
          ?c a gkg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?d .
          OPTIONAL { ?c gkg:negated ?neg } OPTIONAL { ?c dcterms:date ?date }
          OPTIONAL { ?d dcterms:date ?pub } } }""").rows
    dropped: set = set()
    supported: set = set()
    for r in claims:
        when = str(r["date"] or r["pub"] or "") or None
        if as_of is None and since is None or _in_window(when, as_of, since):
            if not (r["neg"] is not None and r["neg"].toPython() is True):
                supported.add((r["g"], r["s"], r["p"], r["o"]))
        else:
            dropped.add(r["c"])
    rel_iris = {r.iri for r in relations().values()}
    ds = Dataset(default_union=True)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    docs: set = set()
    for s, p, o, g in _quads(kg):
        if s in dropped or g in (GRAPH_KB, GRAPH_SNAPSHOT):
            continue
        if p in rel_iris and (g, s, p, o) not in supported and str(g).startswith(str(GKGR["doc/"])):
            continue
        if p == RDF.type and o == GKG.Document:
            docs.add(s)
        ds.graph(g).add((s, p, o))
    for t in kb_descriptions(kg):
        ds.graph(GRAPH_KB).add(t)
    kept = {r["c"] for r in claims} - dropped
    meta = ds.graph(GRAPH_SNAPSHOT)
    for t in _metadata(as_of, since, len(kept), sorted(docs)):
        meta.add(t)
    return ds


#: What names and identifies a thing: kept for the things the knowledge base's kept facts point to.
_IDENTIFYING = frozenset({RDF.type, RDFS.label, SKOS.prefLabel, SKOS.altLabel, OWL.sameAs, GKG.iso3166Alpha2,
                          GKG.iso3166Alpha3})


def kb_descriptions(kg: KnowledgeGraph) -> list[tuple]:
    """The knowledge base's facts about the things other graphs name, and the names of what those point to.

    "Named" means used as subject or object in any graph but the knowledge
    base's and the ontology's; a tenure of office comes along with its holder.
    """
    kb, onto = GRAPH_KB.n3(), GRAPH_ONTOLOGY.n3()
    named = {r["x"] for r in kg.query(f"""
        SELECT DISTINCT ?x WHERE {{
          {{ SELECT DISTINCT ?x WHERE {{ GRAPH {kb} {{ ?x ?p ?y }} }} }}
          FILTER(EXISTS {{ GRAPH ?g {{ ?x ?q ?z }} FILTER(?g NOT IN ({kb}, {onto})) }}
                 || EXISTS {{ GRAPH ?g {{ ?z ?q ?x }} FILTER(?g NOT IN ({kb}, {onto})) }})
        }}""").rows}
    if not named:
        return []
    background = [(r["s"], r["p"], r["o"]) for r in kg.query(
        f"SELECT ?s ?p ?o WHERE {{ GRAPH {kb} {{ ?s ?p ?o }} }}").rows]
    tenures = {s for s, p, o in background if p == GKG.holder and o in named}
    kept = [t for t in background if t[0] in named or t[0] in tenures]
    targets = {o for _s, _p, o in kept if isinstance(o, URIRef)} - named
    kept += [t for t in background if t[0] in targets and t[1] in _IDENTIFYING]
    return kept


def _metadata(as_of: str | None, since: str | None, claims: int, docs: list) -> list[tuple]:
    """The snapshot's own description: when it was made, its window, its counts and sources."""
    now = datetime.now(timezone.utc)
    node = GKGR["snapshot/" + now.strftime("%Y%m%dT%H%M%S%fZ")]
    out = [(node, RDF.type, GKG.Snapshot),
           (node, DCTERMS.created, Literal(now.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)),
           (node, GKG.claimCount, Literal(claims)), (node, GKG.documentCount, Literal(len(docs))),
           (node, PROV.wasGeneratedBy, GKGR["extractor/geokg-export"])]
    if as_of:
        out.append((node, GKG.asOf, Literal(as_of, datatype=XSD.date)))
    if since:
        out.append((node, GKG.since, Literal(since, datatype=XSD.date)))
    out += [(node, DCTERMS.source, d) for d in docs]
    return out


def _quads(kg: KnowledgeGraph):
    return kg.quads()


def write_snapshot(kg: KnowledgeGraph, fmt: str, dest: str | Path | None, as_of: str | None = None,
                   since: str | None = None, **graph_options: Any) -> bytes | None:
    """Write a snapshot in ``fmt`` (RDF formats, ``graphml``/``gexf`` actor graphs, ``csv`` claims).

    Without a window, RDF formats are the plain export of :meth:`KnowledgeGraph.export`
    (the knowledge base trimmed as the module says) plus the snapshot's metadata. Files are written atomically; ``dest=None`` returns the bytes.
    """
    if fmt not in SNAPSHOT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(SNAPSHOT_FORMATS)}")
    if fmt in ("graphml", "gexf"):
        data = _actor_graph(kg, fmt, as_of, since, **graph_options)
    elif fmt == "csv":
        data = _claims_csv(kg, as_of, since)
    elif as_of is None and since is None and fmt != "jsonld":
        data = _serialize_quads(_export_quads(kg), fmt)
    elif fmt == "jsonld":
        ds = _export_dataset(kg) if as_of is None and since is None else snapshot_dataset(kg, as_of, since)
        data = jsonld(ds)
    else:
        data = _serialize_quads(_dataset_quads(snapshot_dataset(kg, as_of, since)), fmt)
    if dest is None:
        return data
    atomic_write(Path(dest), data)
    return None


def _background_and_metadata(kg: KnowledgeGraph, claims: int | None = None):
    """The trimmed knowledge base and the snapshot's description, as pyoxigraph quads."""
    kb = ox.NamedNode(str(GRAPH_KB))
    for s_, p_, o_ in kb_descriptions(kg):
        yield ox.Quad(to_ox(s_), to_ox(p_), to_ox(o_), kb)
    if claims is None:
        claims = int(kg.query("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a gkg:Claim } }")
                     .rows[0]["n"].toPython())
    docs = [r["d"] for r in kg.query("SELECT DISTINCT ?d WHERE { GRAPH ?d { ?d a gkg:Document } } ORDER BY ?d").rows]
    meta = ox.NamedNode(str(GRAPH_SNAPSHOT))
    for s_, p_, o_ in _metadata(None, None, claims, docs):
        yield ox.Quad(to_ox(s_), to_ox(p_), to_ox(o_), meta)


def _export_quads(kg: KnowledgeGraph):
    """Every quad of the store but its knowledge base and old snapshot descriptions, then the trimmed
    knowledge base and this snapshot's description: what a full export holds."""
    skip = {str(GRAPH_KB), str(GRAPH_SNAPSHOT)}
    yield from bar(kg.backend.ox_quads(skip), desc="export", unit="quad")
    yield from _background_and_metadata(kg)


def _dataset_quads(ds: Dataset):
    for s_, p_, o_, g_ in sorted(ds.quads((None, None, None, None)),
                                 key=lambda q: (str(getattr(q[3], "identifier", q[3])), str(q[0]), str(q[1]),
                                                str(q[2]))):
        g_ = getattr(g_, "identifier", g_)
        graph = ox.DefaultGraph() if g_ is None or isinstance(g_, BNode) else to_ox(g_)
        yield ox.Quad(to_ox(s_), to_ox(p_), to_ox(o_), graph)


def _serialize_quads(quads, fmt: str) -> bytes:
    """Quads in an RDF format, by Oxigraph's serialisers, with :data:`EXPORT_PREFIXES` where the format has them.

    Turtle and N-Triples get the union of the graphs (each triple once), sorted by subject.
    """
    ox_fmt, _rdflib_fmt, keeps_graphs = EXPORT_FORMATS[fmt]
    prefixes = EXPORT_PREFIXES if fmt in ("turtle", "trig") else None
    buf = io.BytesIO()
    if keeps_graphs:
        ox.serialize(quads, buf, ox_fmt, prefixes=prefixes)
    else:
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
        ox.serialize(sorted(triples, key=str), buf, ox_fmt, prefixes=prefixes)
    return buf.getvalue()


def _export_dataset(kg: KnowledgeGraph) -> Dataset:
    from geokg.graph.store import from_ox

    ds = Dataset()
    for q in _export_quads(kg):
        g = ds.default_context if isinstance(q.graph_name, ox.DefaultGraph) else ds.graph(from_ox(q.graph_name))
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return ds


def jsonld_context() -> dict[str, str]:
    """The JSON-LD ``@context`` of geokg's exports: the export prefixes."""
    return dict(EXPORT_PREFIXES)


def jsonld(ds: Dataset) -> bytes:
    """A dataset as compact JSON-LD: an ``@context`` of the prefixes, one ``@graph`` entry per named graph."""
    return ds.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, indent=1).encode("utf-8")


def _rgb(hex_color: str) -> dict[str, int]:
    h = hex_color.lstrip("#")
    return {"r": int(h[0:2], 16), "g": int(h[2:4], 16), "b": int(h[4:6], 16)}


def _symmetric_only(attrs: dict[str, Any]) -> bool:
    """Whether an edge of the actor graph holds nothing but symmetric relations (present both ways)."""
    return (abs(attrs.get("positive", 0) - attrs.get("symmetric_positive", 0)) < 1e-12
            and abs(attrs.get("negative", 0) - attrs.get("symmetric_negative", 0)) < 1e-12)


def _actor_graph(kg: KnowledgeGraph, fmt: str, as_of: str | None, since: str | None, **options: Any) -> bytes:
    """The signed actor graph for Gephi (GEXF 1.2) or GraphML.

    Nodes carry their label and class (GEXF: coloured by class, as on the map); edges their
    signed ``weight``, ``sign``, a ``label`` (the relations) and the parts of the weight
    (GEXF: green cooperative, red conflictual, grey neutral). A tie made only of symmetric
    relations (meetsWith, allyOf…) is written once, with ``symmetric`` true, instead of once
    in each direction (not as a GEXF undirected edge: networkx cannot read mixed graphs).
    """
    import networkx as nx

    from geokg.graph.maps import POLARITY_COLORS, TYPE_COLORS

    G = kg.to_networkx(since=_day(since, "since"), until=_day(as_of, "as-of"), **options)
    H = nx.DiGraph()
    for n, attrs in G.nodes(data=True):
        data = {k: _scalar(v) for k, v in attrs.items()}
        data.setdefault("label", str(n).rsplit("/", 1)[-1])
        if fmt == "gexf":
            data["viz"] = {"color": _rgb(TYPE_COLORS.get(attrs.get("cls"), TYPE_COLORS["other"]))}
        H.add_node(str(n), **data)
    written: set[tuple[str, str]] = set()
    for u, v, attrs in G.edges(data=True):
        if (v, u) in written:
            continue
        back = G.get_edge_data(v, u)
        symmetric = (back is not None and _symmetric_only(attrs) and _symmetric_only(back)
                     and abs(attrs.get("weight", 0) - back.get("weight", 0)) < 1e-12)
        data = {k: _scalar(x) for k, x in attrs.items()}
        w = float(attrs.get("weight", 0.0))
        sign = "cooperative" if w > 0 else "conflictual" if w < 0 else "neutral"
        rels = attrs.get("relations") or {}
        data.update(sign=sign, symmetric=symmetric,
                    label=", ".join(sorted(rels, key=lambda r: -abs(rels[r]))) if isinstance(rels, dict) else "")
        if fmt == "gexf":
            data["viz"] = {"color": _rgb(POLARITY_COLORS[sign])}
        H.add_edge(str(u), str(v), **data)
        if symmetric:
            written.add((u, v))
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(H, buf)
        return buf.getvalue()
    nx.write_gexf(H, buf, version="1.2draft")
    # networkx writes <graph name=""> (G.graph["name"]), which GEXF 1.2's schema has no attribute for
    return re.sub(rb'(<graph\b[^>]*?) name="[^"]*"', rb"\1", buf.getvalue(), count=1)


def _scalar(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _claims_csv(kg: KnowledgeGraph, as_of: str | None, since: str | None) -> bytes:
    as_of, since = _day(as_of, "as-of"), _day(since, "since")
    rows = kg.query("""
        SELECT ?claim ?subject ?subjectLabel ?relation ?object ?objectLabel ?negated ?attributedTo ?confidence
               ?date ?pub ?document ?title ?url ?evidence WHERE {
          ?claim a gkg:Claim ; rdf:subject ?subject ; rdf:predicate ?relation ; rdf:object ?object ;
                 gkg:evidence ?evidence ; prov:wasDerivedFrom ?document .
          OPTIONAL { ?claim gkg:negated ?negated } OPTIONAL { ?claim gkg:attributedTo ?attributedTo }
          OPTIONAL { ?claim gkg:confidence ?confidence } OPTIONAL { ?claim dcterms:date ?date }
          OPTIONAL { ?document dcterms:date ?pub } OPTIONAL { ?document dcterms:title ?title }
          OPTIONAL { ?document schema:url ?url }
          OPTIONAL { ?subject rdfs:label ?subjectLabel FILTER(LANG(?subjectLabel) = "en") }
          OPTIONAL { ?object rdfs:label ?objectLabel FILTER(LANG(?objectLabel) = "en") }
        } ORDER BY ?date ?subjectLabel ?relation""").to_records()
    buf = io.StringIO()
    cols = ["claim", "subject", "subjectLabel", "relation", "object", "objectLabel", "negated", "attributedTo",
            "confidence", "date", "document", "title", "url", "evidence"]
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        when = str(r.get("date") or r.get("pub") or "") or None
        if (as_of or since) and not _in_window(when, as_of, since):
            continue
        r["relation"] = str(r["relation"]).rsplit("#", 1)[-1]
        if r.get("date") is None and r.get("pub") is not None:
            r["date"] = r["pub"]
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in cols})
    return buf.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------- diff

@dataclass
class SnapshotDiff:
    """Relations added and removed between two snapshots, each with the claims behind it."""

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)


def _load(path: Path) -> Dataset:
    fmt = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}.get(
        Path(path).suffix.lower())
    if fmt is None:
        raise InputError(f"{path}: a snapshot is .nq, .trig, .ttl, .nt or .jsonld")
    if not Path(path).exists():
        raise InputError(f"no such file: {path}")
    ds = Dataset(default_union=True)
    try:
        ds.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many types
        raise InputError(f"{path}: cannot read it as {fmt}: {str(exc).splitlines()[0][:160]}") from None
    return ds


def _relations_with_claims(ds: Dataset) -> dict[tuple, list[dict[str, Any]]]:
    rel_iris = {r.iri: r.name for r in relations().values()}
    out: dict[tuple, list[dict[str, Any]]] = {}
    for c in set(ds.subjects(RDF.type, GKG.Claim)):
        p = ds.value(c, RDF.predicate)
        if p not in rel_iris:
            continue
        neg = ds.value(c, GKG.negated)
        if neg is not None and neg.toPython() is True:
            continue
        key = (ds.value(c, RDF.subject), rel_iris[p], ds.value(c, RDF.object))
        doc = ds.value(c, PROV.wasDerivedFrom)
        out.setdefault(key, []).append({
            "evidence": str(ds.value(c, GKG.evidence) or ""),
            "date": str(ds.value(c, DCTERMS.date) or (ds.value(doc, DCTERMS.date) if doc else None) or ""),
            "document": str(doc or ""), "title": str(ds.value(doc, DCTERMS.title) or "") if doc else ""})
    return out


def _label(ds: Dataset, node: URIRef) -> str:
    from rdflib.namespace import RDFS

    for lab in ds.objects(node, RDFS.label):
        if getattr(lab, "language", None) == "en":
            return str(lab)
    return str(node).rsplit("/", 1)[-1]


def diff_snapshots(old: str | Path, new: str | Path) -> SnapshotDiff:
    """The relations (non-negated claims' triples) added and removed from ``old`` to ``new``."""
    a, b = _load(Path(old)), _load(Path(new))
    ra, rb = _relations_with_claims(a), _relations_with_claims(b)
    diff = SnapshotDiff()
    for key in sorted(set(rb) - set(ra), key=str):
        diff.added.append({"subject": _label(b, key[0]), "relation": key[1], "object": _label(b, key[2]),
                           "claims": rb[key]})
    for key in sorted(set(ra) - set(rb), key=str):
        diff.removed.append({"subject": _label(a, key[0]), "relation": key[1], "object": _label(a, key[2]),
                             "claims": ra[key]})
    return diff
