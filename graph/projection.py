"""Project the claims of a store into a signed, weighted networkx actor graph.

The store holds claims; analysts want actors and ties. Two steps:

1. :func:`dyads` runs one SPARQL aggregation (``graph/queries/dyads.rq``, or
   ``dyads_state.rq`` for ``level="state"``) inside the store: one row per
   (subject, relation, object) with the distinct documents and outlets behind
   it, first and last date and mean confidence. Negated claims never count.
2. :func:`to_networkx` turns the dyads between actors into an ``nx.DiGraph``
   whose edge ``weight`` is signed.

Weights
-------
For one dyad ``(s, r, o)``::

    weight = polarity(r) * |goldstein(r)| / 10 * evidence * confidence
    evidence = log2(1 + sources)
    sources = direct_outlets + attributed_discount * attributed_only_outlets

Reports are not events: ten articles about the same meeting are one dyad seen
by ten sources, and its evidence grows with the logarithm of the number of
independent outlets (one source: 1.0, two: 1.58, ten: 3.46), not linearly.
A claim attributed to a speaker ("according to X, ...") counts with
``attributed_discount`` (default 0.5). Structural relations (leaderOf,
officialOf, affiliatedWith, memberOf, partOf, locatedIn) and relations of
polarity 0 (callsFor, migratesTo) carry no signed weight: they are used for
the state roll-up and memberships only. Events, places and aims are not
actors and never become nodes.

Symmetric relations (meetsWith, allyOf, cooperatesWith, negotiatesWith,
signsAgreementWith, tensionWith) count in both directions; their share of an
edge's weight is kept in ``symmetric_positive``/``symmetric_negative`` so that the undirected view of
:func:`geokg.graph.analysis.signed_graph` counts them once.

>>> from geokg.graph.store import KnowledgeGraph
>>> from geokg.loaders.claims import Claim, Document, Extraction, extraction_triples
>>> from geokg.ontology import GKG, GKGR
>>> from rdflib.namespace import RDF
>>> kg = KnowledgeGraph.open("memory")
>>> kg.replace_graph(GKGR["graph/t"], [(GKGR[n], RDF.type, GKG.State) for n in ("a", "b")])
>>> doc = Document(GKGR["doc/1"], published="2022-10-12", outlet="Wire")
>>> ext = Extraction(doc, [Claim(GKGR["a"], "attacks", GKGR["b"], "A attacked B.")], [])
>>> kg.replace_graph(doc.iri, extraction_triples(ext))
>>> G = to_networkx(kg)
>>> round(G[str(GKGR["a"])][str(GKGR["b"])]["weight"], 3)  # nodes are IRIs as plain str
-1.0
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, Iterable

import networkx as nx
from rdflib import Literal

from geokg.errors import GeokgError
from geokg.ontology import GKG
from geokg.ontology.vocab import UnknownRelation, relation

__all__ = [
    "Dyad", "dyads", "to_networkx", "load_query", "select", "relation_weight",
    "evidence_weight", "STRUCTURAL", "ACTOR_CLASSES", "LEVELS",
]

log = logging.getLogger(__name__)

#: Relations used for roll-up and memberships, never as signed edges.
STRUCTURAL = frozenset({"leaderOf", "officialOf", "affiliatedWith", "memberOf", "partOf", "locatedIn"})
#: Classes whose members are actors (nodes of the actor graph), most specific first.
ACTOR_CLASSES = ("State", "InternationalOrganization", "Person", "Organization", "Region", "Group")
LEVELS = ("actor", "state")

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class InvalidOption(GeokgError):
    """A projection option (date, relation, level, discount) that makes no sense."""


def load_query(name: str) -> str:
    """The text of ``graph/queries/NAME.rq`` (found through importlib.resources)."""
    return files("geokg.graph").joinpath("queries", f"{name}.rq").read_text(encoding="utf-8")


def select(kg, sparql: str, **bindings: Any) -> list[dict[str, str | None]]:
    """Run a SELECT and return rows of plain strings (IRI, or a literal's lexical form).

    On an embedded Oxigraph store the query runs on the underlying
    ``pyoxigraph.Store`` (turning large results into rdflib terms makes a
    GROUP BY 3-5x slower); memory and remote stores go through
    :meth:`KnowledgeGraph.query`. Bindings become a ``VALUES`` block either
    way, so user input never becomes query text.
    """
    return kg.select_strings(sparql, **bindings)


@dataclass(frozen=True)
class Dyad:
    """The evidence for one (subject, relation, object) in the store.

    ``documents``/``outlets`` count distinct documents and outlets with a
    non-negated claim; ``direct_*`` the ones with an unattributed claim.
    ``subjects``/``objects`` are the original actors (more than one when
    persons were rolled up to their state).
    """

    subject: str
    relation: str
    object: str
    claims: int
    documents: int
    outlets: int
    direct_documents: int
    direct_outlets: int
    first: str | None
    last: str | None
    confidence: float
    subjects: tuple[str, ...] = field(default=())
    objects: tuple[str, ...] = field(default=())

    @property
    def attributed_share(self) -> float:
        """Share of the documents whose only claims of this dyad are attributed to a speaker."""
        return 0.0 if not self.documents else (self.documents - self.direct_documents) / self.documents

    def sources(self, attributed_discount: float = 0.5) -> float:
        """Independent sources: direct outlets plus discounted outlets with attributed claims only."""
        return self.direct_outlets + attributed_discount * (self.outlets - self.direct_outlets)

    def weight(self, attributed_discount: float = 0.5) -> float:
        """The signed weight of this dyad (see the module docstring)."""
        return (relation_weight(self.relation) * evidence_weight(self.sources(attributed_discount))
                * self.confidence)


def relation_weight(name: str) -> float:
    """``polarity * |goldstein| / 10``: attacks -1.0, mediates 0.5, meetsWith 0.1; structural 0.

    >>> relation_weight("attacks"), relation_weight("mediates"), relation_weight("leaderOf")
    (-1.0, 0.5, 0.0)
    """
    rel = relation(name)
    if rel.name in STRUCTURAL:
        return 0.0
    return rel.polarity * abs(rel.goldstein) / 10.0


def evidence_weight(sources: float) -> float:
    """``log2(1 + sources)``: one source 1.0, ten sources 3.46; grows with the log, not linearly.

    >>> evidence_weight(1), round(evidence_weight(10), 2), evidence_weight(0)
    (1.0, 3.46, 0.0)
    """
    return math.log2(1.0 + max(sources, 0.0))


def _date_key(value: Any, name: str, *, upper: bool) -> str | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
    if not _DATE.fullmatch(text):
        raise InvalidOption(f"--{name} must be a date like 2022, 2022-10 or 2022-10-12, not {value!r}")
    # "until 2022-10" includes "2022-10-31": dates compare as text, "~" sorts after digits.
    return text + "~" if upper else text


def _relation_names(relations: Iterable[str] | None) -> set[str] | None:
    if relations is None:
        return None
    out = set()
    for name in relations:
        try:
            out.add(relation(name).name)
        except UnknownRelation as exc:
            raise InvalidOption(str(exc)) from None
    return out


def dyads(kg, *, since=None, until=None, relations: Iterable[str] | None = None, min_evidence: int = 1,
          attributed_discount: float = 0.5, level: str = "actor") -> list[Dyad]:
    """The dyads of the store: one aggregate SPARQL query, grouped by (subject, relation, object).

    Parameters
    ----------
    kg : KnowledgeGraph
        The store.
    since, until : str or date, optional
        Keep claims dated (claim date, else document date) in this window,
        both ends included; partial dates (``2022``, ``2022-10``) compare as text.
    relations : iterable of str, optional
        Keep only these relations (local names such as ``"attacks"``).
    min_evidence : int
        Keep dyads reported by at least this many distinct documents.
    attributed_discount : float
        Not used for filtering; checked here so that a bad value fails early.
    level : {"actor", "state"}
        ``"state"`` rolls persons up to the state or organisation they lead or
        serve on the claim's date.

    Returns
    -------
    list of Dyad
        Sorted by subject, relation, object. All relations are returned,
        structural ones too, and objects that are not actors.

    Examples
    --------
    >>> from geokg.graph.store import KnowledgeGraph
    >>> dyads(KnowledgeGraph.open("memory"))
    []
    """
    if level not in LEVELS:
        raise InvalidOption(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    if not 0.0 <= attributed_discount <= 1.0:
        raise InvalidOption(f"the attributed discount must be between 0 and 1, not {attributed_discount}")
    if min_evidence < 1:
        raise InvalidOption(f"minimum evidence must be at least 1 document, not {min_evidence}")
    keep = _relation_names(relations)
    bindings = {}
    lo, hi = _date_key(since, "since", upper=False), _date_key(until, "until", upper=True)
    if lo is not None:
        bindings["since"] = Literal(lo)
    if hi is not None:
        bindings["until"] = Literal(hi)
    query = load_query("dyads_state" if level == "state" else "dyads")
    rows = select(kg, query, **bindings)
    s_var, o_var = ("S", "O") if level == "state" else ("s", "o")
    gkg = str(GKG)
    out: list[Dyad] = []
    for r in rows:
        rel = r["p"][len(gkg):] if r["p"].startswith(gkg) else r["p"]
        if keep is not None and rel not in keep:
            continue
        documents = int(r["documents"])
        if documents < min_evidence:
            continue
        out.append(Dyad(
            subject=r[s_var], relation=rel, object=r[o_var], claims=int(r["claims"]), documents=documents,
            outlets=int(r["outlets"]), direct_documents=int(r["directDocuments"]),
            direct_outlets=int(r["directOutlets"]), first=r["first"], last=r["last"],
            confidence=float(r["confidence"]) if r["confidence"] is not None else 1.0,
            subjects=tuple(sorted((r.get("subjects") or r[s_var]).split())),
            objects=tuple(sorted((r.get("objects") or r[o_var]).split())),
        ))
    out.sort(key=lambda d: (d.subject, d.relation, d.object))
    log.debug("%d dyads (level=%s)", len(out), level)
    return out


def actors(kg) -> dict[str, dict[str, str]]:
    """Actors of the store: IRI -> ``{"label": ..., "cls": ...}`` (most specific class wins)."""
    out: dict[str, dict[str, str]] = {}
    rank = {c: i for i, c in enumerate(ACTOR_CLASSES)}
    for r in select(kg, load_query("actors")):
        cls = r["cls"].rsplit("#", 1)[-1]
        old = out.get(r["a"])
        if old is None or rank[cls] < rank[old["cls"]]:
            label = r["label"] or (old or {}).get("label") or r["a"].rsplit("/", 1)[-1]
            out[r["a"]] = {"label": label, "cls": cls}
    return out


def memberships(kg) -> dict[str, set[str]]:
    """Actor IRI -> the international organisations it is a member of."""
    out: dict[str, set[str]] = {}
    for r in select(kg, load_query("memberships")):
        out.setdefault(r["a"], set()).add(r["org"])
    return out


def to_networkx(kg, *, since=None, until=None, relations: Iterable[str] | None = None, min_evidence: int = 1,
                attributed_discount: float = 0.5, level: str = "actor") -> nx.DiGraph:
    """The signed actor graph of the store.

    Parameters
    ----------
    kg : KnowledgeGraph
        The store.
    since, until, relations, min_evidence, level
        As for :func:`dyads`.
    attributed_discount : float
        Weight of a source whose claims of a dyad are all attributed to a
        speaker (0: ignore attributed claims, 1: count them fully).

    Returns
    -------
    networkx.DiGraph
        Nodes are actor IRIs (str) with ``label``, ``cls`` and ``memberships``
        (sorted list of organisation IRIs). An edge ``u -> v`` aggregates every
        signed dyad from u to v (and symmetric dyads from v to u) with:

        - ``weight``: the signed sum of the dyad weights;
        - ``positive`` / ``negative``: the sums of the cooperative and (absolute)
          conflictual parts; ``symmetric_positive`` / ``symmetric_negative``: the
          parts from symmetric relations (present in both directions);
        - ``relations``: relation -> weight; ``documents``, ``claims``: sums over dyads;
        - ``dyads``: the ``(subject, relation, object)`` keys behind the edge, with
          the original actors when persons were rolled up (for explanations).

        ``G.graph`` holds the options used and ``organisations`` (IRI -> label
        of the organisations named in ``memberships``).

    Examples
    --------
    >>> from geokg.graph.store import KnowledgeGraph
    >>> G = to_networkx(KnowledgeGraph.open("memory"), level="state")
    >>> G.number_of_nodes(), G.graph["level"]
    (0, 'state')
    """
    rows = dyads(kg, since=since, until=until, relations=relations, min_evidence=min_evidence,
                 attributed_discount=attributed_discount, level=level)
    known = actors(kg)
    member = memberships(kg)
    G = nx.DiGraph(level=level, since=since, until=until, relations=sorted(relations) if relations else None,
                   min_evidence=min_evidence, attributed_discount=attributed_discount)
    orgs = {org for orgs in member.values() for org in orgs}
    G.graph["organisations"] = {o: known[o]["label"] for o in sorted(orgs) if o in known}
    weights: dict[str, float] = {}
    symmetric: dict[str, bool] = {}
    edges: dict[tuple[str, str], dict[str, Any]] = {}  # built in plain dicts, handed to networkx once
    for d in rows:
        if d.subject not in known or d.object not in known or d.subject == d.object:
            continue
        if d.relation not in weights:
            try:
                weights[d.relation] = relation_weight(d.relation)
                symmetric[d.relation] = relation(d.relation).symmetric
            except UnknownRelation:
                weights[d.relation], symmetric[d.relation] = 0.0, False
        base = weights[d.relation]
        if base == 0.0:
            continue
        w = base * evidence_weight(d.sources(attributed_discount)) * d.confidence
        if w == 0.0:
            continue
        sym = symmetric[d.relation]
        for u, v in ((d.subject, d.object), (d.object, d.subject)) if sym else ((d.subject, d.object),):
            data = edges.get((u, v))
            if data is None:
                data = edges[(u, v)] = {"weight": 0.0, "positive": 0.0, "negative": 0.0, "symmetric_positive": 0.0,
                                        "symmetric_negative": 0.0, "relations": {}, "documents": 0, "claims": 0,
                                        "dyads": []}
            data["weight"] += w
            data["positive" if w > 0 else "negative"] += abs(w)
            if sym:
                data["symmetric_positive" if w > 0 else "symmetric_negative"] += abs(w)
            data["relations"][d.relation] = data["relations"].get(d.relation, 0.0) + w
            data["documents"] += d.documents
            data["claims"] += d.claims
            data["dyads"].append((d.subject, d.relation, d.object, d.subjects, d.objects))
    for u, v in edges:  # nodes in the order their first edge was seen, as before
        for n in (u, v):
            if n not in G:
                G.add_node(n, label=known[n]["label"], cls=known[n]["cls"], memberships=sorted(member.get(n, ())))
    G.add_edges_from((u, v, data) for (u, v), data in edges.items())
    log.info("actor graph: %d nodes, %d edges (level=%s)", G.number_of_nodes(), G.number_of_edges(), level)
    return G
