"""Generic groups as actors: "Syrian rebels", "Uyghur refugees", "kurdische Kämpfer".

A group is a nationality (or people/movement) adjective plus a group noun. The nouns
and the stateless peoples live in ``ontology/kb/groups.yaml``; the state adjectives
are the knowledge base's own (``state_forms.csv`` ``adj``). A group actor is of class
``gkg:Group`` and points with ``gkg:groupOf`` to its state or movement.

>>> g = group_actor("Syrian", "rebels", "en")
>>> g.label_en, str(g.group_of).rsplit("/", 1)[-1]
('Syrian rebels', 'syria')
>>> group_actor("kurdische", "Kämpfer", "de").label_en
'Kurdish fighters'
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from geokg.loaders.claims import Triple
from geokg.loaders.kb import fold, load_kb
from geokg.ontology import GKG, GKGR, data_file

log = logging.getLogger(__name__)

__all__ = ["GroupActor", "group_actor", "group_triples", "group_nouns", "state_group_spans"]

# German adjective endings after the stem ("syrisch-e", "kurdisch-en", "russisch-er", ...)
_DE_ENDINGS = ("", "e", "en", "er", "es", "em")


@dataclass(frozen=True)
class GroupActor:
    """A generic group: ``iri`` (``gkgr:group/<who>-<kind>``), English label, ``group_of``."""

    iri: URIRef
    label_en: str
    label_de: str
    kind: str
    group_of: URIRef | None
    members_of: tuple[URIRef, ...] = ()  # for peoples across several states (Kurdish: TR, SY, IQ, IR)


@cache
def _data() -> dict:
    return yaml.safe_load(data_file("kb", "groups.yaml").read_text(encoding="utf-8"))


@cache
def group_nouns() -> dict[str, dict[str, str]]:
    """``{lang: {folded noun: kind}}``: every group noun the data knows."""
    out: dict[str, dict[str, str]] = {"en": {}, "de": {}}
    for kind, forms in _data()["nouns"].items():
        for lang, nouns in forms.items():
            for n in nouns:
                out[lang][fold(n)] = kind
    return out


@cache
def _adjectives() -> dict[str, dict[str, tuple[str, str, str, URIRef | None, tuple[URIRef, ...]]]]:
    """``{lang: {folded adjective: (key, label_en, label_de, group_of, members_of)}}``."""
    kb = load_kb()
    out: dict[str, dict] = {"en": {}, "de": {}}
    for state in kb.by_iso2.values():
        de_name = state.labels.get("de", state.label_en)
        en_adj = (state.adj.get("en") or [state.label_en])[0]
        de_adj = (state.adj.get("de") or [de_name])[0]
        entry = (slug_key(state.label_en), en_adj, de_adj, state.iri, ())
        for lang in ("en", "de"):
            for form in state.adj.get(lang, []):
                out[lang].setdefault(fold(form), entry)
            out[lang].setdefault(fold(state.label_en if lang == "en" else de_name), entry)
    for p in _data()["peoples"]:
        of = p.get("of")
        target = (kb.by_iso2[of].iri if of in kb.by_iso2 else GKGR[of]) if of else None
        members = tuple(kb.by_iso2[s].iri for s in p.get("states", []) if s in kb.by_iso2)
        entry = (p["key"], p["label"]["en"], p["label"]["de"], target, members)
        for lang in ("en", "de"):
            for form in p["adj"].get(lang, []):
                out[lang][fold(form)] = entry
    return out


def slug_key(text: str) -> str:
    return fold(text).replace(" ", "-")


def _adjective(word: str, lang: str):
    table = _adjectives()[lang]
    key = fold(word)
    if lang == "de":
        for end in _DE_ENDINGS:
            if end and key.endswith(end) and key[: -len(end)] in table:
                return table[key[: -len(end)]]
        return table.get(key)
    return table.get(key)


def group_actor(adjective_or_state: str, noun: str, lang: str) -> GroupActor | None:
    """The group actor for an adjective (or state name) and a group noun, or None.

    ``adjective_or_state``: "Syrian", "syrische", "Syria", "Kurdish"; ``noun``: "rebels",
    "Kämpfer", "refugees" (see ``groups.yaml``); ``lang``: "en" or "de". Equal groups
    get equal IRIs whatever the language ("kurdische Kämpfer" = "Kurdish fighters").
    """
    lang = "de" if lang.startswith("de") else "en"
    kind = group_nouns()[lang].get(fold(noun))
    who = _adjective(adjective_or_state, lang)
    if kind is None or who is None:
        return None
    key, en, de, of, members = who
    en_noun = _data()["nouns"][kind]["en"][0]
    de_noun = _data()["nouns"][kind]["de"][0]
    de_adj = de + "e" if de and de[0].islower() else de
    return GroupActor(iri=GKGR[f"group/{key}-{kind}"], label_en=f"{en} {en_noun}", label_de=f"{de_adj} {de_noun}",
                      kind=kind, group_of=of, members_of=members)


def group_triples(group: GroupActor) -> list[Triple]:
    """RDF for a group actor: ``gkg:Group``, labels, ``gkg:groupOf`` (its state or movement)."""
    out: list[Triple] = [(group.iri, RDF.type, GKG.Group),
                         (group.iri, RDFS.label, Literal(group.label_en, lang="en")),
                         (group.iri, RDFS.label, Literal(group.label_de, lang="de"))]
    for target in ([group.group_of] if group.group_of else list(group.members_of)):
        out.append((group.iri, GKG.groupOf, target))
    return out


# ---------------------------------------------------------------------------- groups of states

@cache
def _state_group_names(lang: str) -> tuple[tuple[tuple[tuple[str, str], ...], bool, tuple[URIRef, ...]], ...]:
    """The names of the informal groups of states (``state_groups`` in groups.yaml) as token forms
    ``((key, lemma), ...)``, whether the name must match case-exactly, and the members' IRIs; longest
    names first."""
    from geokg.loaders.text import split
    kb = load_kb()
    out = []
    for g in _data().get("state_groups", []):
        members = []
        for m in g["members"]:
            iri = kb.by_iso2[m].iri if m in kb.by_iso2 else GKGR[m]
            if iri not in kb.actors:
                log.warning("state group %s: unknown member %s", g["id"], m)
                continue
            members.append(iri)
        for name in g["names"].get(lang, []):
            toks = [t for s in split(name, lang) for t in s.tokens]
            exact = lang == "en" and len(toks) == 1 and name[:1].isupper()
            out.append((tuple((t.key, t.lemma) for t in toks), exact, tuple(members)))
    return tuple(sorted(out, key=lambda x: -len(x[0])))


@cache
def _state_group_index(lang: str) -> dict[str, tuple[int, ...]]:
    """The positions in :func:`_state_group_names` of the names, by their first word's form and lemma."""
    index: dict[str, list[int]] = {}
    for n, (forms, _exact, _members) in enumerate(_state_group_names(lang)):
        key, lemma = forms[0]
        for k in {key, lemma} - {None, ""}:
            index.setdefault(k, []).append(n)
    return {k: tuple(v) for k, v in index.items()}


def state_group_spans(tokens: list, lang: str) -> list[tuple[int, int, list[URIRef]]]:
    """Where a sentence's tokens name a group of states that stands for its members ("die fünf
    UN-Vetomächte und Deutschland", "the P5+1", "the Quartet"): ``(start, end, member IRIs)``, the
    longest name first, spans not overlapping. A word matches a name's word by its form or its lemma.

    >>> from geokg.loaders.text import split
    >>> toks = split("Die fünf UN-Vetomächte und Deutschland verhandeln mit dem Iran.", "de")[0].tokens
    >>> [(a, b, len(refs)) for a, b, refs in state_group_spans(toks, "de")]
    [(1, 7, 6)]
    """
    lang = "de" if lang.startswith("de") else "en"
    names, by_first = _state_group_names(lang), _state_group_index(lang)
    out: list[tuple[int, int, list[URIRef]]] = []
    taken: set[int] = set()
    for i in range(len(tokens)):
        if i in taken:
            continue
        # only the names whose first word is this token's form or lemma, in their longest-first order
        candidates = sorted(set(by_first.get(tokens[i].key, ())) | set(by_first.get(tokens[i].lemma, ())))
        for forms, exact, members in (names[c] for c in candidates):
            n = len(forms)
            if i + n > len(tokens) or any(k in taken for k in range(i, i + n)):
                continue
            if all(tokens[i + k].key == key or (lemma and tokens[i + k].lemma == lemma)
                   for k, (key, lemma) in enumerate(forms)) and \
                    (not exact or tokens[i].text[:1].isupper()) and \
                    (i + n == len(tokens) or tokens[i + n].text not in ("-",)):  # "E3-Staaten" is fine, "P5-Gruppe" no
                out.append((i, i + n, list(members)))
                taken.update(range(i, i + n))
                break
    return out
