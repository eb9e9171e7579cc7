#!/usr/bin/env python3
# A copy of the evaluation's scorer (../shared/eval/score.py, 2026-12-07), kept here so that the tests
# can check that geokg evaluate (graph/evaluation.py) gives its numbers without reading ../shared.
"""Score an exported graph against gold claims.

    python score.py GRAPH_FILE GOLD.jsonl [--document IRI_SUBSTRING] [--show]

GRAPH_FILE is any RDF file rdflib reads (.nq .trig .nt .ttl .jsonld).
Gold lines: {"subject", "relation", "object", "subject_qid", "object_qid",
"negated", "attributed_to", "evidence", "subject_aliases", "object_aliases"}.

Predictions are the gkg:Claim nodes of the graph (see ../ontology-core.md)
whose predicate is one of the core relations; a graph without claims is
read through its plain triples instead (then nothing can be negated).
A prediction matches a gold claim when the relation and the negation agree
and both ends name the same thing: the same Wikidata item through
owl:sameAs, or one of the gold names equal to one of the entity's labels
(case, accents and punctuation ignored). Symmetric relations match in
either order, and count once whichever order they are predicted in. Ends
named by a free phrase (the aims of callsFor, the events of attends and
hosts, the subjects of locatedIn) also match when half of their content
words agree. Matching is one to one.

The last line printed is the summary: P, R and F1.
"""
import argparse
import json
import re
import sys
import unicodedata

from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

GKG = Namespace("https://w3id.org/geokg/ontology#")
WD = "http://www.wikidata.org/entity/"
CORE = {
    "memberOf", "leaderOf", "officialOf", "affiliatedWith", "partOf", "locatedIn",
    "allyOf", "hosts", "attends", "visits", "meetsWith", "negotiatesWith",
    "signsAgreementWith", "mediates", "supports", "cooperatesWith", "providesAidTo",
    "seeksSupportFrom", "opposes", "tensionWith", "distancesFrom", "threatens",
    "sanctions", "attacks", "grantsRefugeTo", "migratesTo", "callsFor",
}
SYMMETRIC = {"allyOf", "meetsWith", "negotiatesWith", "signsAgreementWith",
             "cooperatesWith", "tensionWith"}


def norm(text):
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    text = re.sub(r"\s+", " ", text).strip()
    return text[4:] if text.startswith("the ") else text


def load(path):
    fmt = {"nq": "nquads", "trig": "trig", "nt": "nt", "ttl": "turtle",
           "jsonld": "json-ld", "json": "json-ld"}.get(path.rsplit(".", 1)[-1], "turtle")
    ds = Dataset(default_union=True)
    ds.parse(path, format=fmt)
    return ds


def names_of(g, node):
    """Normalised labels and Wikidata ids of a node."""
    names, qids = set(), set()
    if not isinstance(node, URIRef):
        names.add(norm(node))
        return names, qids
    if str(node).startswith(WD):
        qids.add(str(node)[len(WD):])
    for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for lab in g.objects(node, p):
            names.add(norm(lab))
    for same in g.objects(node, OWL.sameAs):
        if str(same).startswith(WD):
            qids.add(str(same)[len(WD):])
    local = re.split(r"[/#]", str(node))[-1]
    names.add(norm(local.replace("_", " ").replace("-", " ")))
    return names, qids


def predictions(g, document=None):
    preds = []
    claims = set(g.subjects(RDF.type, GKG.Claim))
    if claims:
        for c in claims:
            p = g.value(c, RDF.predicate)
            if p is None or not str(p).startswith(str(GKG)):
                continue
            rel = str(p)[len(str(GKG)):]
            if rel not in CORE:
                continue
            if document:
                srcs = [str(d) for d in g.objects(c, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))]
                if not any(document in s for s in srcs):
                    continue
            neg = any(str(v).lower() in ("true", "1") for v in g.objects(c, GKG.negated))
            s, o = g.value(c, RDF.subject), g.value(c, RDF.object)
            preds.append({"s": s, "rel": rel, "o": o, "neg": neg,
                          "attr": g.value(c, GKG.attributedTo),
                          "evidence": str(g.value(c, GKG.evidence) or "")})
    else:
        for rel in CORE:
            for s, o in g.subject_objects(GKG[rel]):
                preds.append({"s": s, "rel": rel, "o": o, "neg": False, "attr": None, "evidence": ""})
    seen, unique = set(), []
    for p in preds:
        ends = (p["s"], p["o"])
        if p["rel"] in SYMMETRIC:  # "A meetsWith B" and "B meetsWith A" are one claim
            ends = tuple(sorted(ends, key=str))
        key = (ends, p["rel"], p["neg"])
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def gold_names(gold, end):
    names = {norm(gold[end])} | {norm(a) for a in gold.get(end + "_aliases", [])}
    return names, gold.get(end + "_qid")


STOP = {"a", "an", "and", "at", "for", "from", "in", "of", "on", "the", "to", "with", "by"}


def content(name):
    return {w for w in name.split() if w not in STOP}


def similar_aims(gnames, names):
    """Aims (callsFor objects) are free phrases: half of their content words must agree."""
    for a in gnames:
        for b in names:
            ca, cb = content(a), content(b)
            if ca and cb and len(ca & cb) / len(ca | cb) >= 0.5:
                return True
    return False


def same(gold, end, g, node, cache):
    if node not in cache:
        cache[node] = names_of(g, node)
    names, qids = cache[node]
    gnames, gqid = gold_names(gold, end)
    if (gqid is not None and gqid in qids) or bool(gnames & names):
        return True
    return free_phrase(gold, end) and similar_aims(gnames, names)


# Ends named by a free phrase rather than a proper name: aims, and the events
# that are attended, hosted or located ("EU summit in Brussels" ~ "EU summit").
FREE_PHRASE = {("object", "callsFor"), ("object", "attends"), ("object", "hosts"), ("subject", "locatedIn")}


def free_phrase(gold, end):
    return (end, gold["relation"]) in FREE_PHRASE


def matches(gold, pred, g, cache):
    if gold["relation"] != pred["rel"] or bool(gold.get("negated")) != pred["neg"]:
        return False
    if same(gold, "subject", g, pred["s"], cache) and same(gold, "object", g, pred["o"], cache):
        return True
    return gold["relation"] in SYMMETRIC and same(gold, "subject", g, pred["o"], cache) \
        and same(gold, "object", g, pred["s"], cache)


def label(g, node):
    for lab in g.objects(node, RDFS.label):
        if getattr(lab, "language", None) in ("en", None):
            return str(lab)
    return re.split(r"[/#]", str(node))[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("graph")
    ap.add_argument("gold")
    ap.add_argument("--document", help="only claims derived from a document whose IRI contains this")
    ap.add_argument("--show", action="store_true", help="list misses and unmatched predictions")
    ap.add_argument("--name", default=None, help="name for the summary line")
    args = ap.parse_args()

    g = load(args.graph)
    golds = [json.loads(line) for line in open(args.gold, encoding="utf-8") if line.strip()]
    preds = predictions(g, args.document)
    cache, used, hit = {}, set(), []
    for gold in golds:
        for i, pred in enumerate(preds):
            if i not in used and matches(gold, pred, g, cache):
                used.add(i)
                hit.append((gold, pred))
                break
        else:
            hit.append((gold, None))
    tp = sum(1 for _, p in hit if p is not None)
    prec = tp / len(preds) if preds else 0.0
    rec = tp / len(golds) if golds else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    attr_gold = [(gd, p) for gd, p in hit if p is not None and gd.get("attributed_to")]
    attr_ok = sum(1 for _, p in attr_gold if p["attr"] is not None)
    if args.show:
        for gold, pred in hit:
            if pred is None:
                neg = " (negated)" if gold.get("negated") else ""
                print(f"MISS  {gold['subject']} {gold['relation']} {gold['object']}{neg}")
        for i, pred in enumerate(preds):
            if i not in used:
                neg = " (negated)" if pred["neg"] else ""
                print(f"EXTRA {label(g, pred['s'])} {pred['rel']} {label(g, pred['o'])}{neg}"
                      f"  <- {pred['evidence'][:100]}")
        if attr_gold:
            print(f"attribution kept on {attr_ok} of {len(attr_gold)} matched reported claims")
    name = args.name or args.gold.rsplit("/", 1)[-1].split(".")[0]
    print(f"{name}: P={prec:.2f} R={rec:.2f} F1={f1:.2f} "
          f"(matched {tp} of {len(golds)} gold, {len(preds)} predicted)")


if __name__ == "__main__":
    sys.exit(main())
