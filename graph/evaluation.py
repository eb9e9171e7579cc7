"""Score the claims of a store against gold claims: precision, recall and F1, per relation and per rule.

Gold claims are JSON lines, one claim each (the format of
``seeds/cica-summit-astana.de.gold.jsonl``)::

    {"subject": "Vladimir Putin", "relation": "leaderOf", "object": "Russia",
     "subject_qid": "Q7747", "object_qid": "Q159", "negated": false,
     "subject_aliases": ["Putin"], "object_aliases": [], "attributed_to": null}

``subject``, ``relation`` and ``object`` are required; the rest is optional.
A predicted claim matches a gold claim when the relation and the negation
agree and both ends name the same thing: the same Wikidata item (the actor's
``owl:sameAs``), or one of the gold names equal to one of the actor's labels
(case, accents and punctuation ignored). Symmetric relations match in either
order; the aims of ``callsFor`` match when half of their content words agree.
Matching is one to one, gold claims in file order. Predictions are the
store's claims of the core relations, one per (subject, relation, object,
negation), however many sentences say it.

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
SELECT ?c ?s ?p ?o ?neg ?rule ?evidence ?doc WHERE {
  ?c a gkg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?c gkg:negated ?neg } OPTIONAL { ?c prov:wasGeneratedBy ?rule } OPTIONAL { ?c gkg:evidence ?evidence }
}"""

_NAMES = """
SELECT ?x ?name WHERE {
  VALUES ?p { rdfs:label skos:prefLabel skos:altLabel owl:sameAs }
  ?x ?p ?name
}"""


def predictions(kg, document: str | None = None) -> tuple[list[Prediction], dict[str, tuple[set, set]]]:
    """The store's claims of the core relations, one per (subject, relation, object, negation).

    Returns the predictions and, for every subject and object, its names and QIDs.
    ``document`` keeps the claims derived from a document whose IRI contains it.
    """
    core = {relation(name).iri: name for name in CORE_RELATIONS}
    preds: dict[tuple, Prediction] = {}
    for r in kg.query(_CLAIMS).rows:
        rel = core.get(r["p"])
        if rel is None or (document and document not in str(r["doc"])):
            continue
        neg = r["neg"] is not None and str(r["neg"]).lower() in ("true", "1")
        key = (str(r["s"]), rel, str(r["o"]), neg)
        p = preds.get(key)
        if p is None:
            p = preds[key] = Prediction(key[0], rel, key[2], neg, key[0], key[2], evidence=str(r["evidence"] or ""))
        if r["rule"] is not None:
            p.rules.add(str(r["rule"]).rsplit("/", 1)[-1])
    ends = {x for p in preds.values() for x in (p.subject, p.object)}
    names: dict[str, tuple[set, set]] = {x: ({norm(re.split(r"[/#]", x)[-1].replace("_", " ").replace("-", " "))},
                                             {x[len(WD):]} if x.startswith(WD) else set()) for x in ends}
    labels: dict[str, str] = {}
    for r in kg.query(_NAMES).rows:
        x = str(r["x"])
        if x not in names:
            continue
        value = str(r["name"])
        if value.startswith(WD):
            names[x][1].add(value[len(WD):])
        else:
            names[x][0].add(norm(value))
            if getattr(r["name"], "language", None) in ("en", None):
                labels.setdefault(x, value)
    for p in preds.values():
        p.subject_label, p.object_label = labels.get(p.subject, p.subject), labels.get(p.object, p.object)
    return list(preds.values()), names


def _same(gold_names: frozenset, qid: str | None, names: tuple[set, set], aim: bool) -> bool:
    if (qid is not None and qid in names[1]) or gold_names & names[0]:
        return True
    return aim and any(_similar(a, b) for a in gold_names for b in names[0])


def _similar(a: str, b: str) -> bool:
    ca, cb = set(a.split()) - _STOP, set(b.split()) - _STOP
    return bool(ca and cb) and len(ca & cb) / len(ca | cb) >= 0.5


def _matches(g: GoldClaim, p: Prediction, names: dict) -> bool:
    if g.relation != p.relation or g.negated != p.negated:
        return False
    aim = g.relation == "callsFor"
    if _same(g.subject_names, g.subject_qid, names[p.subject], False) and \
            _same(g.object_names, g.object_qid, names[p.object], aim):
        return True
    return relation(g.relation).symmetric and _same(g.subject_names, g.subject_qid, names[p.object], False) \
        and _same(g.object_names, g.object_qid, names[p.subject], False)


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

