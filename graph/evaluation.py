"""Score the claims of a store against gold claims: precision, recall and F1, per relation and per rule.

Gold claims are JSON lines, one claim each (the format of
``seeds/cica-summit-astana.de.gold.jsonl``)::

    {"subject": "Vladimir Putin", "relation": "leaderOf", "object": "Russia",
     "subject_qid": "Q7747", "object_qid": "Q159", "negated": false,
     "subject_aliases": ["Putin"], "object_aliases": [], "attributed_to": null}

``subject``, ``relation`` and ``object`` are required; the rest is optional.
The rules are the evaluation's scorer's (``score.py``), to the letter, so that
``geokg evaluate`` gives its numbers:

- A predicted claim matches a gold claim when the relation and the negation
  agree and both ends name the same thing: the same Wikidata item (the
  actor's ``owl:sameAs``, or the IRI itself), or one of the gold names equal
  to one of the end's labels (``rdfs:label``, ``skos:prefLabel``,
  ``skos:altLabel``, its local name; case, accents and punctuation ignored).
- Symmetric relations match in either order, and count once whichever order
  they are predicted in ("A meetsWith B" and "B meetsWith A" are one
  prediction).
- Ends named by a free phrase (the objects of ``callsFor``, ``attends`` and
  ``hosts``, the subjects of ``locatedIn``) also match when half of their
  content words agree: Jaccard >= 0.5 over the words without stopwords.
- Matching is one to one, gold claims in file order, each taking the first
  unused prediction that matches. Predictions are the store's claims of the
  core relations, one per (subject, relation, object, negation), however
  many sentences say it; a store without any claim is read through its
  plain triples of the core relations.

Every claim names its rule (``prov:wasGeneratedBy``), so each rule gets its
own precision: how many of the predictions it made were right. That is how a
lexicon entry that misfires shows up.

>>> norm("  The Türkiye's ")
'turkiye s'
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Node, URIRef
from rdflib.namespace import OWL, RDFS

from geokg.errors import InputError
from geokg.ontology.vocab import CORE_RELATIONS, UnknownRelation, relation

__all__ = ["GoldClaim", "Prediction", "Evaluation", "load_gold", "predictions", "evaluate", "norm"]

WD = "http://www.wikidata.org/entity/"
_STOP = {"a", "an", "and", "at", "for", "from", "in", "of", "on", "the", "to", "with", "by"}


def norm(text: str) -> str:
    """A name for comparison: no accents, no case, no punctuation, no leading "the".

    Not :func:`geokg.loaders.kb.fold`: this one must equal the eval's ``score.py`` to the
    letter (it keeps the dotless "ı" and drops a leading "the").
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    text = re.sub(r"\s+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text


@dataclass(frozen=True)
class GoldClaim:
    """One gold claim, its ends as sets of normalised names plus an optional QID."""

    subject: str
    relation: str
    object: str
    negated: bool = False
    subject_names: frozenset[str] = frozenset()
    object_names: frozenset[str] = frozenset()
    subject_qid: str | None = None
    object_qid: str | None = None
    line: int = 0


@dataclass
class Prediction:
    """One (subject, relation, object, negation) the store asserts, with the rules and sentences behind it."""

    subject: str
    relation: str
    object: str
    negated: bool
    subject_label: str
    object_label: str
    rules: set[str] = field(default_factory=set)
    evidence: str = ""
    subject_node: Node | None = field(default=None, repr=False)
    object_node: Node | None = field(default=None, repr=False)


@dataclass
class Evaluation:
    """The scores, and what was matched, missed and predicted in excess."""

    gold: int
    predicted: int
    matched: int
    by_relation: dict[str, dict[str, int]]
    by_rule: dict[str, dict[str, int]]
    misses: list[GoldClaim]
    extras: list[Prediction]

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: scores, per relation, per rule, misses and extras."""
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "by_relation": self.by_relation, "by_rule": self.by_rule,
            "misses": [{"subject": g.subject, "relation": g.relation, "object": g.object, "negated": g.negated}
                       for g in self.misses],
            "extras": [{"subject": p.subject_label, "relation": p.relation, "object": p.object_label,
                        "negated": p.negated, "rules": sorted(p.rules), "evidence": p.evidence}
                       for p in self.extras],
        }


def load_gold(path: str | Path) -> list[GoldClaim]:
    """Read gold claims from a JSON Lines file; a malformed line is an :class:`InputError` naming it."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such gold file: {path}")
    out = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            g = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not JSON ({exc.msg})") from None
        if not isinstance(g, dict) or not all(isinstance(g.get(k), str) and g[k] for k in
                                               ("subject", "relation", "object")):
            raise InputError(f"{path}:{n}: a gold claim needs the strings subject, relation and object")
        try:
            rel = relation(g["relation"]).name
        except UnknownRelation:
            raise InputError(f"{path}:{n}: unknown relation {g['relation']!r}") from None
        names = {end: frozenset({norm(g[end])} | {norm(a) for a in g.get(f"{end}_aliases") or []})
                 for end in ("subject", "object")}
        out.append(GoldClaim(g["subject"], rel, g["object"], bool(g.get("negated")), names["subject"],
                             names["object"], g.get("subject_qid") or None, g.get("object_qid") or None, n))
    return out


_CLAIMS = """
SELECT ?c ?p ?s ?o ?neg ?rule ?evidence ?doc WHERE {
  ?c a gkg:Claim .
  OPTIONAL { ?c rdf:predicate ?p } OPTIONAL { ?c rdf:subject ?s } OPTIONAL { ?c rdf:object ?o }
  OPTIONAL { ?c gkg:negated ?neg } OPTIONAL { ?c prov:wasGeneratedBy ?rule } OPTIONAL { ?c gkg:evidence ?evidence }
  OPTIONAL { ?c prov:wasDerivedFrom ?doc }
}"""

_PLAIN = "SELECT ?s ?o WHERE { ?s ?p ?o }"

_NAMES = """
SELECT ?x ?p ?name WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel owl:sameAs }
  ?x ?p ?name
}"""

#: Ends named by a free phrase rather than a proper name: they also match when half of their content words
#: agree ("EU summit in Brussels" ~ "EU summit"). (end, relation) pairs, as in the eval's scorer.
FREE_PHRASE = frozenset({("object", "callsFor"), ("object", "attends"), ("object", "hosts"),
                         ("subject", "locatedIn")})


def _node_names(node: Node | None) -> tuple[set, set]:
    """The names a node has before its labels are read: a literal its text, an IRI its local name (and QID)."""
    if not isinstance(node, URIRef):
        return {norm(str(node))}, set()
    x = str(node)
    local = re.split(r"[/#]", x)[-1]
    return {norm(local.replace("_", " ").replace("-", " "))}, ({x[len(WD):]} if x.startswith(WD) else set())


def predictions(kg, document: str | None = None) -> tuple[list[Prediction], dict[Node, tuple[set, set]]]:
    """The store's claims of the core relations, one per (subject, relation, object, negation).

    A symmetric relation counts once whichever order its ends are in
    ("A meetsWith B" and "B meetsWith A" are one prediction). A store
    without any ``gkg:Claim`` is read through its plain triples of the core
    relations instead (nothing is negated then). Returns the predictions and,
    for every subject and object, its names and QIDs.
    ``document`` keeps the claims derived from a document whose IRI contains it.
    """
    core = {relation(name).iri: name for name in CORE_RELATIONS}
    claims: dict[str, dict[str, Any]] = {}
    for r in kg.query(_CLAIMS).rows:
        c = claims.setdefault(str(r["c"]), {"p": None, "s": None, "o": None, "neg": False, "rules": set(),
                                             "evidence": None, "docs": set()})
        for k in ("p", "s", "o"):
            if c[k] is None and r[k] is not None:
                c[k] = r[k]
        c["neg"] = c["neg"] or (r["neg"] is not None and str(r["neg"]).lower() in ("true", "1"))
        if r["rule"] is not None:
            c["rules"].add(str(r["rule"]).rsplit("/", 1)[-1])
        if c["evidence"] is None and r["evidence"] is not None:
            c["evidence"] = str(r["evidence"])
        if r["doc"] is not None:
            c["docs"].add(str(r["doc"]))
    found: list[tuple[Node, str, Node, bool, set, str]] = []
    if claims:
        for _, c in sorted(claims.items()):
            rel = core.get(c["p"])
            if rel is None or (document and not any(document in d for d in c["docs"])):
                continue
            found.append((c["s"], rel, c["o"], c["neg"], c["rules"], c["evidence"] or ""))
    else:
        for iri, rel in sorted(core.items(), key=lambda kv: kv[1]):
            for r in sorted(kg.query(_PLAIN, p=iri).rows, key=lambda r: (str(r["s"]), str(r["o"]))):
                found.append((r["s"], rel, r["o"], False, set(), ""))
    preds: dict[tuple, Prediction] = {}
    for s, rel, o, neg, rules, evidence in found:
        ends = (s, o)
        if relation(rel).symmetric:  # one claim, whichever order
            ends = tuple(sorted(ends, key=str))
        key = (ends, rel, neg)
        p = preds.get(key)
        if p is None:
            p = preds[key] = Prediction(str(s), rel, str(o), neg, str(s), str(o), evidence=evidence,
                                        subject_node=s, object_node=o)
        p.rules |= rules
    ends_all = {x for p in preds.values() for x in (p.subject_node, p.object_node)}
    names: dict[Node, tuple[set, set]] = {x: _node_names(x) for x in ends_all}
    labels: dict[Node, str] = {}
    sameas = OWL.sameAs
    for r in kg.query(_NAMES).rows:
        x = r["x"]
        if x not in names or not isinstance(x, URIRef):
            continue
        value = str(r["name"])
        if r["p"] == sameas:
            if value.startswith(WD):
                names[x][1].add(value[len(WD):])
            continue
        names[x][0].add(norm(value))
        if r["p"] == RDFS.label and getattr(r["name"], "language", None) in ("en", None):
            labels.setdefault(x, value)
    for p in preds.values():
        p.subject_label = labels.get(p.subject_node, p.subject)
        p.object_label = labels.get(p.object_node, p.object)
    return list(preds.values()), names


def _same(gold_names: frozenset, qid: str | None, names: tuple[set, set], free: bool) -> bool:
    if (qid is not None and qid in names[1]) or gold_names & names[0]:
        return True
    return free and any(_similar(a, b) for a in gold_names for b in names[0])


def _similar(a: str, b: str) -> bool:
    """Half of the content words agree: Jaccard >= 0.5 over the words that are not stopwords."""
    ca, cb = set(a.split()) - _STOP, set(b.split()) - _STOP
    return bool(ca and cb) and len(ca & cb) / len(ca | cb) >= 0.5


def _matches(g: GoldClaim, p: Prediction, names: dict) -> bool:
    if g.relation != p.relation or g.negated != p.negated:
        return False
    free_s, free_o = ("subject", g.relation) in FREE_PHRASE, ("object", g.relation) in FREE_PHRASE
    if _same(g.subject_names, g.subject_qid, names[p.subject_node], free_s) and \
            _same(g.object_names, g.object_qid, names[p.object_node], free_o):
        return True
    return relation(g.relation).symmetric and _same(g.subject_names, g.subject_qid, names[p.object_node], free_s) \
        and _same(g.object_names, g.object_qid, names[p.subject_node], free_o)


def evaluate(kg, gold: list[GoldClaim], document: str | None = None) -> Evaluation:
    """Match the store's predictions against ``gold``; see the module documentation for the rules.

    Examples
    --------
    >>> from geokg.graph.store import KnowledgeGraph
    >>> evaluate(KnowledgeGraph.open("memory"), []).f1
    0.0
    """
    preds, names = predictions(kg, document)
    used: set[int] = set()
    misses: list[GoldClaim] = []
    by_relation: dict[str, dict[str, int]] = defaultdict(lambda: {"gold": 0, "predicted": 0, "matched": 0})
    for g in gold:
        by_relation[g.relation]["gold"] += 1
        hit = next((i for i, p in enumerate(preds) if i not in used and _matches(g, p, names)), None)
        if hit is None:
            misses.append(g)
        else:
            used.add(hit)
    by_rule: dict[str, dict[str, int]] = defaultdict(lambda: {"predicted": 0, "matched": 0})
    for i, p in enumerate(preds):
        by_relation[p.relation]["predicted"] += 1
        by_relation[p.relation]["matched"] += i in used
        for rule in p.rules or {"(none)"}:
            by_rule[rule]["predicted"] += 1
            by_rule[rule]["matched"] += i in used
    extras = [p for i, p in enumerate(preds) if i not in used]
    return Evaluation(len(gold), len(preds), len(used), dict(sorted(by_relation.items())),
                      dict(sorted(by_rule.items())), misses, extras)

