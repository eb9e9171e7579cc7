"""The article extractor: German and English news text into claims with evidence.

A document goes through five steps, each driven by data files:

1. sentences and tokens (:mod:`geokg.loaders.text`);
2. mentions: actor names, demonyms, capitals and seats of power from the
   gazetteer (:mod:`geokg.loaders.lexicon`), composed with role nouns ("der
   kasachische Präsident" -> the holder of that office on the article's
   date), group nouns ("russische Deserteure"), institutions ("kasachische
   Behörden" -> Kazakhstan), events ("Gipfel") and aims ("Waffenstillstand");
3. coreference: pronouns ("er", "sie", "they"), role anaphors ("der
   Experte"), "das Gastgeberland", "die Konfliktparteien";
4. relations from the patterns over the dependency parse (subject and object by
   syntactic function, ``loaders/patterns``, docs/patterns.md), then from the
   trigger lexicon, with arguments found by their position, case and
   preposition, for the predicates the patterns could not read;
5. negation, attribution of reported speech, and modality for each claim.

Every claim names the rule that made it (``prov:wasGeneratedBy``) and keeps
its sentence and character offsets.

>>> from geokg.loaders.articles import extract_text
>>> ext = extract_text("Russia attacked Ukraine.", language="en", published="2022-02-24")
>>> [(c.relation, str(c.subject).rsplit('/', 1)[1], str(c.obj).rsplit('/', 1)[1]) for c in ext.claims]
[('attacks', 'russia', 'ukraine')]
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Iterable

from rdflib import Literal, URIRef

from geokg.loaders import coref
from geokg.loaders.aims import (AimPhrase, Span, advocacy_object, content_words, english_aim, german_aim, lexicon_aims,
                                 same_aim)
from geokg.loaders.claims import Claim, Document, Entity, Extraction, slug
from geokg.loaders.dates import find_date
from geokg.loaders.gazindex import compiled_gazetteer
from geokg.loaders.groups import group_actor, group_triples, state_group_spans
from geokg.loaders.kb import ROLE_RELATION, KnowledgeBase, fold, load_kb
from geokg.loaders.lexicon import Gazetteer, Lexicon, Trigger, keys, load_lexicon
from geokg.loaders.memberships import membership_claims
from geokg.loaders.period import Period, infer_period, years_in_text
from geokg.loaders.places import place_claims, visit_places
from geokg.loaders.text import Sentence, Token, split
from geokg.ontology import GKG, GKGR, SCHEMA

__all__ = ["extract", "extract_text", "Mention"]

log = logging.getLogger(__name__)

_PLACE_RELATIONS = {"visits", "locatedIn", "migratesTo"}
ACTOR_CLASSES = {"State", "InternationalOrganization", "Organization", "Person", "Region", "Group"}
_QUOTE_KEYS = {'"', "„", "“", "”", "«", "»", "‚", "‘", "’", "'"}


@dataclass
class Mention:
    """A span of a sentence that names something, with what it refers to."""

    start: int
    end: int
    kind: str  # actor, event, aim, role, pron, parties
    refs: list[URIRef]
    cls: str
    via: str = "name"  # name, adj, genitive, capital, seat, people, institution, pron, coref, role, possessive
    genitive: bool = False
    prep: str | None = None
    gen_head: int | None = None  # token index of the noun this genitive modifies
    role: dict | None = None
    place: URIRef | None = None
    speaker: bool = False
    modifier: bool = False  # "a NATO member": the name qualifies a noun, it is no argument
    cue: int | None = None  # for a speaker: the token of the verb of saying
    fronted: bool = False  # German: inside a fronted adverbial ("Mitten im Konflikt zwischen X …"), no subject

    @property
    def is_actor(self) -> bool:
        return self.kind in ("actor", "pron", "parties") and bool(self.refs)


@dataclass
class _Doc:
    """Discourse state while reading one document."""

    lang: str
    when: date | None
    published: str | None
    kb: KnowledgeBase
    lex: Lexicon
    gaz: Gazetteer
    entities: dict[URIRef, Entity] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    history: list[tuple[int, Mention]] = field(default_factory=list)  # (sentence, mention)
    relayed: list[tuple[int, int, int]] = field(default_factory=list)  # (sentence, start, end): an appeal passed on
    aim_spans: list[tuple[int, int, int]] = field(default_factory=list)  # (sentence, start, end) of the aims read
    new_persons: dict[str, URIRef] = field(default_factory=dict)  # folded name/surname -> person
    new_orgs: dict[str, URIRef] = field(default_factory=dict)  # folded name -> organisation the text introduced
    org_short: dict[str, tuple[URIRef, str]] = field(default_factory=dict)  # "senat" -> the US-Senat named before
    person_roles: dict[URIRef, str] = field(default_factory=dict)
    person_offices: dict[URIRef, tuple[str, URIRef | None]] = field(default_factory=dict)  # the text's (role, body)
    stated_bodies: dict[int, set[URIRef]] = field(default_factory=dict)  # sentence -> bodies its titles name
    events: list[URIRef] = field(default_factory=list)
    groups_of_actors: list[tuple[int, list[URIRef]]] = field(default_factory=list)
    dyads: list[tuple[int, URIRef, URIRef]] = field(default_factory=list)
    conflicts: list[tuple[int, URIRef, URIRef]] = field(default_factory=list)
    last_speaker: tuple[int, URIRef] | None = None
    cur_date: str | None = None  # the date the sentence gives, if any (else the document's date applies)
    sentences: list[Sentence] = field(default_factory=list)
    parses: dict[int, list] | None = None  # sentence index -> dependency parse (loaders/patterns), batched
    inferred: bool = False  # ``when`` is the period inferred for an undated article, not its date
    period: Period | None = None  # that inferred period

    def cls_of(self, iri: URIRef) -> str:
        if iri in self.kb.actors:
            return self.kb.actors[iri].cls
        if iri in self.entities:
            return self.entities[iri].cls
        return "Actor"


# ---------------------------------------------------------------------------- helpers

def _is_upper(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _date(value: str | None) -> date | None:
    if not value:
        return None
    v = str(value)
    try:
        if len(v) == 4:
            return date(int(v), 7, 1)
        if len(v) == 7:
            return date(int(v[:4]), int(v[5:7]), 15)
        return date.fromisoformat(v[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------------------- mentions

def _gazetteer_mentions(sent: Sentence, d: _Doc) -> list[Mention]:
    toks, out, i = sent.tokens, [], 0
    n = len(toks)
    while i < n:
        found = None
        for length, entries in d.gaz.candidates(toks, i):  # longest first, as the compiled index has them
            span = toks[i:i + length]
            text = " ".join(t.text for t in span)
            ok = []
            for e in entries:
                if e.exact and e.exact.replace(" ", "") != text.replace(" ", ""):
                    continue
                if e.kind in ("name", "capital", "seat", "people") and not _is_upper(span[0]) \
                        and not span[0].text[:1].isdigit():
                    continue
                if e.kind == "adj" and d.lang == "en" and not _is_upper(span[0]):
                    continue
                ok.append(e)
            if ok:
                found = (length, ok)
                break
        if found is None:
            i += 1
            continue
        length, ok = found
        if d.lang == "en" and i >= 2 and toks[i - 1].key == "of" and _is_upper(toks[i - 2]) and toks[i - 2].text.isalpha() \
                and not (i >= 3 and _is_upper(toks[i - 3])) \
                and not any(_single(toks[i - 2], d, c) for c in ("institutions", "events", "collectives", "capital_nouns")) \
                and _role_of(toks[i - 2], d) is None and toks[i - 2].key not in d.lex.words.get("of_name_heads_ok", set()) \
                and toks[i - 2].key not in d.lex.words.get("remit_words", set()) \
                and all(e.kind in ("name", "capital") and e.cls in ("State", "Place", "Region") for e in ok):
            # "City of London", "University of Virginia", "Bank of England": part of a longer name (not
            # after a person's name: "President Macky Sall of Senegal")
            i += length
            continue
        rank = {"State": 0, "InternationalOrganization": 1, "Person": 2, "Region": 3, "Organization": 4}
        e = sorted(ok, key=lambda x: (x.kind != "name", rank.get(x.cls, 9)))[0]
        genitive = e.genitive or (d.lang == "en" and i + length < n and toks[i + length].key in ("s", "'s"))
        if e.cls == "Person" and length > 1 and _role_of(toks[i], d) is not None \
                and (_is_upper(toks[i]) or d.lang == "en"):
            # an alias with its title ("König Salman", "King Charles III"): the title stays a role,
            # so that "der saudische König Salman" still says whom he leads
            i, length = i + 1, length - 1
        refs = [e.iri]
        if e.cls == "Person" and length == 1 and toks[i].key in d.new_persons:
            refs = [d.new_persons[toks[i].key]]  # "George Bush … Mr Bush": the person the text named in full
        elif e.cls == "Person" and length == 1 and d.when is not None:
            period = d.period if d.inferred else None  # "President Bush" in 2004: the son
            other = d.kb.namesake_on(e.iri, toks[i].text, period.start if period else d.when,
                                     period.end if period else None)
            if other is not None:
                refs = [other]
        m = Mention(i, i + length, "actor", refs, e.cls, via=e.kind, genitive=genitive, place=e.place)
        if d.lang == "en" and i + length < n and toks[i + length].text in ("'s", "’s"):
            m.end += 1
        out.append(m)
        i = m.end
    return out


def _single(tok: Token, d: _Doc, category: str) -> bool:
    return d.lex.has(category, tok.key) or d.lex.has(category, tok.lemma)


def _role_of(tok: Token, d: _Doc) -> dict | None:
    """The role a noun names, inflected forms included ("Präsidenten", "Experten")."""
    ck = (tok.key, tok.lemma)
    if ck in d.lex.role_cache:
        return d.lex.role_cache[ck]
    spec = _find_role(tok, d)
    d.lex.role_cache[ck] = spec
    return spec


def _find_role(tok: Token, d: _Doc) -> dict | None:
    forms = {tok.key, tok.lemma}
    if d.lang == "de":
        for ending in ("en", "n", "s", "es"):
            if tok.key.endswith(ending) and len(tok.key) > len(ending) + 3:
                forms.add(tok.key[: -len(ending)])
    for f in forms:
        if f in d.lex.roles:
            return d.lex.roles[f]
    if d.lang == "de":
        for suf, spec in d.lex.role_suffixes:
            if any(f == suf or (f.endswith(suf) and len(f) > len(suf) + 2) for f in forms):
                return spec
    return None


def _multi_role(toks: list[Token], i: int, d: _Doc) -> tuple[int, dict] | None:
    for k, spec in d.lex.multi_roles:
        if toks[i].key == k[0] and tuple(t.key for t in toks[i:i + len(k)]) == k:
            return len(k), spec
    return None


def _unknown_name(toks: list[Token], i: int, d: _Doc, taken: set[int]) -> int:
    """Length of a run of 1-3 capitalised, unknown words at ``i`` that looks like a person's name."""
    stop = d.lex.words.get("determiners", set()) | d.lex.words.get("prepositions", set())
    n = words = 0
    while i + n < len(toks) and words < 3:
        t = toks[i + n]
        if i + n in taken or not t.text[:1].isupper() or not t.text.isalpha() or t.key in stop:
            break
        if _role_of(t, d) or _single(t, d, "events") or _single(t, d, "institutions"):
            break
        n, words = n + 1, words + 1
        # a hyphenated given name: "Willem-Alexander", "Kassym-Jomart"
        if i + n + 1 < len(toks) and toks[i + n].text == "-" and toks[i + n].start == t.end \
                and toks[i + n + 1].start == toks[i + n].end and toks[i + n + 1].text[:1].isupper() \
                and toks[i + n + 1].text.isalpha() and i + n + 1 not in taken:
            n += 2
    return n


def _mentions(sent: Sentence, d: _Doc) -> list[Mention]:
    toks = sent.tokens
    ms = _namesakes(toks, _gazetteer_mentions(sent, d), sent, d)
    for a, b, members in state_group_spans(toks, d.lang):  # "die fünf UN-Vetomächte und Deutschland", "the P5+1":
        ms = [m for m in ms if m.end <= a or m.start >= b]  # one mention that stands for each member
        ms.append(Mention(a, b, "actor", members, "Region", via="state-group"))  # no owner of offices
    academic = _academic_names(toks, sent, d)  # "University of Virginia", "Universität Wien": the name's places go
    if academic:
        ms = [m for m in ms if not any(a.start < m.end and m.start < a.end for a in academic)] + academic
    taken = {k for m in ms if m.kind != "aim" for k in range(m.start, m.end)}  # "elections" is also an aim word
    # doc-level names of persons the text introduced earlier
    for i, t in enumerate(toks):
        if i in taken or not _is_upper(t):
            continue
        two = f"{t.key} {toks[i + 1].key}" if i + 1 < len(toks) else None
        if i == 0 and i + 1 < len(toks) and toks[1].text.islower() and toks[1].key in \
                d.lex.words.get("prepositions", set()) | d.lex.words.get("surname_blockers", set()):
            continue  # "Kurz nach dem Treffen", "Kurz darauf": a sentence-initial adverb, not Mr Kurz
        if t.key in d.new_orgs and not (i + 1 < len(toks) and _is_upper(toks[i + 1])):
            ms.append(Mention(i, i + 1, "actor", [d.new_orgs[t.key]], "Organization"))  # "Liberty said"
            taken.add(i)
        elif t.key in d.org_short and i > 0 and not (i + 1 < len(toks) and _is_upper(toks[i + 1])) \
                and toks[i - 1].text != "-":
            iri, cls = d.org_short[t.key]  # "im Senat" after "US-Senat", "the Commission" after its full name
            ms.append(Mention(i, i + 1, "actor", [iri], cls))
            taken.add(i)
        elif two and two in d.new_persons and i + 1 not in taken:
            ms.append(Mention(i, i + 2, "actor", [d.new_persons[two]], "Person"))
            taken |= {i, i + 1}
        elif t.key in d.new_persons:
            ms.append(Mention(i, i + 1, "actor", [d.new_persons[t.key]], "Person"))
            taken.add(i)
    for m in _org_introductions(toks, sent, d, taken):  # "civil rights group Liberty", "die Gruppe Memorial"
        ms.append(m)
        taken |= set(range(m.start, m.end))
    for m in _age_introductions(toks, sent, d, taken):  # "der 21-jährige Otto Warmbier", "Otto Warmbier, 21,"
        ms.append(m)
        taken |= set(range(m.start, m.end))
    # lexicon words: roles, groups, institutions, events, aims, pronouns, conflict parties
    i = 0
    while i < len(toks):
        t = toks[i]
        if i in taken:
            i += 1
            continue
        multi = _multi_role(toks, i, d)
        if multi:
            ms.append(Mention(i, i + multi[0], "role", [], "Role", via="role", role=multi[1]))
            i += multi[0]
            continue
        pair = next((k for k in d.lex.multi("person_pairs") if k[0] == t.key
                     and tuple(x.key for x in toks[i:i + len(k)]) == k), None)
        if pair:  # "die beiden Präsidenten", "the two leaders": the last two persons named together
            ms.append(Mention(i, i + len(pair), "parties", [], "Person", via="pair"))
            i += len(pair)
            continue
        bloc = _bloc(toks, i, d)
        if bloc is not None:  # "developing countries", "die Industriestaaten": a group of states by their kind
            ms.append(bloc)
            i = bloc.end
            continue
        parties = next((k for k in d.lex.multi("conflict_parties") if k[0] == t.key and tuple(x.key for x in toks[i:i + len(k)]) == k), None)
        if parties:
            ms.append(Mention(i, i + len(parties), "parties", [], "State", via="coref"))
            i += len(parties)
            continue
        if _single(t, d, "conflict_parties"):
            ms.append(Mention(i, i + 1, "parties", [], "State", via="coref"))
        elif _single(t, d, "org_anaphors") and i > 0 and sent.tokens[i - 1].key in ("the", "die", "der") \
                and (org := coref.recent_organization(d, [x for x in ms if x.end <= i])) is not None:
            # "the charity", "die Organisation": the organisation named last
            gen = d.lang == "en" and i + 1 < len(toks) and toks[i + 1].text in ("'s", "’s")
            ms.append(Mention(i, i + 1 + gen, "actor", [org], "Organization", via="coref", genitive=gen))
            i += 1 + gen
            continue
        elif _single(t, d, "state_anaphors") and (_is_upper(t) or d.lang == "en") and i > 0 \
                and sent.tokens[i - 1].key in d.lex.words.get("determiners", set()):
            ms.append(Mention(i, i + 1, "actor", [], "State", via="coref"))
        elif (role := _role_of(t, d)) is not None and _is_upper(t) or (role and d.lang == "en"):
            ms.append(Mention(i, i + 1, "role", [], "Role", via="role", role=role))
        elif d.lex.has("groups", t.key) or d.lex.has("groups", t.lemma):
            ms.append(Mention(i, i + 1, "group", [], "Group", via="group"))
        elif _single(t, d, "institutions"):
            ms.append(Mention(i, i + 1, "institution", [], "State", via="institution"))
        elif _single(t, d, "collectives"):
            ms.append(Mention(i, i + 1, "collective", [], "Region", via="collective"))
        elif _single(t, d, "capital_nouns"):
            ms.append(Mention(i, i + 1, "capital_noun", [], "Place", via="capital"))
        elif _single(t, d, "events") and (_is_upper(t) or d.lang == "en"):
            ms.append(Mention(i, i + 1, "event", [], "Event", via="event"))
        elif d.lex.has("aims", t.key) or d.lex.has("aims", t.lemma):
            ms.append(Mention(i, i + 1, "aim", [], "Aim", via="aim"))
        elif t.key in d.lex.words.get("pronouns.possessive_male", set()) | d.lex.words.get("pronouns.possessive_plural", set()) \
                | d.lex.words.get("pronouns.possessive_female", set()) | d.lex.words.get("pronouns.possessive_neuter", set()):
            ms.append(Mention(i, i + 1, "pron", [], "Actor", via="possessive"))
        elif t.key in d.lex.words.get("pronouns.male", set()) | d.lex.words.get("pronouns.plural", set()) \
                | d.lex.words.get("pronouns.female", set()):
            ms.append(Mention(i, i + 1, "pron", [], "Actor", via="pron"))
        i += 1
    ms.sort(key=lambda m: m.start)
    dateline = _dateline_end(toks, ms)
    if dateline:  # "Warschau – Der … Parteichef hat …": the place of writing is no actor of the sentence
        ms = [m for m in ms if m.start >= dateline]
    out = _compose(toks, ms, d, sent)
    _remember_short_names(toks, out, d)
    return out


def _remember_short_names(toks: list[Token], ms: list[Mention], d: _Doc) -> None:
    """An organisation named in full ("US-Senat", "the European Commission") is later called by its
    name's last word ("im Senat", "the Commission"): remember that word for this document."""
    for m in ms:
        if m.kind == "actor" and m.cls in ("Organization", "InternationalOrganization") and m.refs \
                and m.end - m.start >= 2 and m.via == "name":
            last = toks[m.end - 1]
            if last.text.isalpha() and len(last.text) > 3 and _is_upper(last) \
                    and not d.gaz.lookup((last.key,)) and _role_of(last, d) is None \
                    and not any(_single(last, d, c) for c in ("collectives", "institutions", "events", "groups",
                                                               "org_anaphors", "body_nouns", "org_intro_nouns")):
                d.org_short[last.key] = (m.refs[0], m.cls)  # not "Staaten" of "GUS-Staaten"


def _bloc(toks: list[Token], i: int, d: _Doc) -> Mention | None:
    """A group of states named by their kind (``bloc_groups``: "developing countries", "rich nations",
    "Entwicklungsländer"): a group actor labelled in English, with the text's words as a label."""
    blocs = d.lex.data.get("bloc_groups") or {}
    if not blocs:
        return None
    table = d.lex.role_cache.setdefault(("__blocs__", d.lang), {keys(k): v for k, v in blocs.items()})  # type: ignore[arg-type]
    for k, label in sorted(table.items(), key=lambda kv: -len(kv[0])):
        if tuple(x.key for x in toks[i:i + len(k)]) == k or len(k) == 1 and toks[i].lemma == k[0]:
            known = [e for e in d.gaz.lookup(keys(label)) if e.kind == "name"]
            if known:  # the knowledge base's own ("developing countries": the Global South)
                return Mention(i, i + len(k), "actor", [known[0].iri], known[0].cls, via="name")
            iri = GKGR["group/" + slug(label)]
            surface = " ".join(x.text for x in toks[i:i + len(k)])
            ent = d.entities.setdefault(iri, Entity(iri, "Group", label, labels={}))
            if d.lang != "en":
                ent.labels.setdefault(d.lang, set()).add(surface)
            return Mention(i, i + len(k), "actor", [iri], "Group", via="group")
    return None


def _namesakes(toks: list[Token], ms: list[Mention], sent: Sentence, d: _Doc) -> list[Mention]:
    """English: a surname the knowledge base knows, joined to a capitalised word it does not know, is
    someone else of that name ("Feroz Abbasi" is not Shahid Khaqan Abbasi, "Martin Mubanga" not Paul
    Martin): a new person named in full. German capitalises every noun, so this is English only."""
    if d.lang != "en":
        return ms
    taken = {k for m in ms for k in range(m.start, m.end)}
    stop = d.lex.words.get("honorifics", set()) | d.lex.words.get("not_place_names", set()) \
        | d.lex.words.get("determiners", set())
    out = []
    for m in ms:
        if m.kind != "actor" or m.cls != "Person" or m.end - m.start != 1 or m.via != "name" \
                or toks[m.start].key in d.new_persons:
            out.append(m)
            continue

        def unknown(k: int) -> bool:
            return 0 <= k < len(toks) and k not in taken and toks[k].text[:1].isupper() and toks[k].text.isalpha() \
                and toks[k].key not in stop and _role_of(toks[k], d) is None and not d.gaz.lookup((toks[k].key,))

        if unknown(m.start - 1) and m.start >= 2 and toks[m.start - 2].key not in _QUOTE_KEYS \
                and not toks[m.start - 2].text[:1].isupper():
            s0, e0 = m.start - 1, m.end  # "and Feroz Abbasi" (a capitalised word opening a sentence may be any word)
        elif unknown(m.end) and not m.genitive and (m.end + 1 == len(toks) or not toks[m.end + 1].text[:1].isupper()):
            s0, e0 = m.start, m.end + 1  # "Martin Mubanga"
        else:
            out.append(m)
            continue
        name = sent.text[toks[s0].start - sent.start:toks[e0 - 1].end - sent.start]
        out.append(Mention(s0, e0, "actor", [_new_person(name, {}, d)], "Person", genitive=m.genitive))
        taken |= {s0, e0 - 1}
    return out


def _academic_names(toks: list[Token], sent: Sentence, d: _Doc) -> list[Mention]:
    """Universities and institutes the gazetteer does not know, read from their name's head noun
    (``academic_heads``): "University of Virginia", "Harvard University", "Institute for Strategic
    Studies", "Universität Wien", "Institut für Sicherheitspolitik". An organisation labelled in
    English ("Universität Virginia" -> "University of Virginia"), with the text's words as a label."""
    heads = d.lex.words.get("academic_heads", set())
    links = d.lex.words.get("academic_links", set())
    if not heads:
        return []
    out: list[Mention] = []

    def caps(j: int, limit: int = 4) -> int:
        n = 0
        while j + n < len(toks) and n < limit and _is_upper(toks[j + n]) and toks[j + n].text.isalpha() \
                and toks[j + n].key not in heads and _role_of(toks[j + n], d) is None:
            n += 1
        return n

    i = 0
    while i < len(toks):
        t = toks[i]
        if t.key not in heads or not _is_upper(t):
            i += 1
            continue
        start, end = i, i + 1
        if i + 2 < len(toks) and toks[i + 1].key in links:  # "University of Virginia", "Institut für Sicherheit"
            n = caps(i + 2)
            if n:
                end = i + 2 + n
        elif d.lang == "de":  # "Universität Wien", "Universität Virginia"
            n = caps(i + 1, 2)
            if n:
                end = i + 1 + n
        if d.lang == "en":  # "Harvard University", "Chatham House" stays the gazetteer's
            k = i
            while k > 0 and i - k < 3 and _is_upper(toks[k - 1]) and toks[k - 1].text.isalpha() \
                    and toks[k - 1].key not in d.lex.words.get("determiners", set()) and _role_of(toks[k - 1], d) is None \
                    and not (k - 1 == 0 and end == i + 1):
                k -= 1
            start = k
        if end - start < 2:
            i += 1
            continue
        surface = sent.text[toks[start].start - sent.start:toks[end - 1].end - sent.start]
        label = surface
        if d.lang == "de" and start == i and end > i + 1 and toks[i + 1].key not in links:
            english = {fold(k): v for k, v in (d.lex.data.get("academic_heads_en") or {}).items()}
            label = f"{english.get(t.key, t.text)} of {surface.split(' ', 1)[1]}"
        iri = GKGR["organization/" + slug(label)]
        ent = d.entities.setdefault(iri, Entity(iri, "Organization", label, labels={}))
        ent.labels.setdefault(d.lang, set()).add(surface)
        out.append(Mention(start, end, "actor", [iri], "Organization", via="name"))
        i = end
    return out


def _affiliations(toks: list[Token], ms: list[Mention], d: _Doc, sent: Sentence) -> None:
    """A person before a preposition and a university or institute ("Thomas Jäger von der Universität
    Köln", "Professor Michael Cox of the University of Birmingham", "Otto Warmbier, a student at the
    University of Virginia"): the person is affiliatedWith it. A name the text does not know yet, right
    before, is a person it introduces."""
    preps = d.lex.words.get("affiliation_preps", set())
    dets = d.lex.words.get("determiners", set())
    heads = d.lex.words.get("academic_heads", set())
    nouns = d.lex.words.get("affiliation_nouns", set())
    for org in ms:
        if org.kind != "actor" or org.cls != "Organization" or not org.refs \
                or not any(toks[q].key in heads for q in range(org.start, org.end)):
            continue
        j = org.start - 1
        while j >= 0 and toks[j].key in dets:
            j -= 1
        if j < 1 or toks[j].key not in preps:
            continue
        end = j  # the person's name ends here, or an apposition "X, a student" does
        h = j - 1
        while h >= 0 and j - h <= 4 and toks[h].text.isalpha() and not _is_upper(toks[h]):
            h -= 1
        if d.lang == "en" and h >= 1 and toks[h].text == "," and h < j - 1 \
                and any(toks[q].key in nouns or _role_of(toks[q], d) for q in range(h + 1, j)):
            end = h  # "Otto Warmbier, a student at"
        person = next((x for x in ms if x.end == end and x.kind == "actor" and x.cls == "Person" and x.refs), None)
        ref = person.refs[0] if person is not None else None
        if ref is None:
            for n in (3, 2):
                s0 = end - n
                if s0 >= 0 and _unknown_name(toks, s0, d, set()) == n and not any(
                        x.start < end and s0 < x.end for x in ms) and (s0 == 0 or not _is_upper(toks[s0 - 1])
                                                                      or _role_of(toks[s0 - 1], d) is not None):
                    ref = _new_person(sent.text[toks[s0].start - sent.start:toks[end - 1].end - sent.start], {}, d)
                    break
        if ref is None:
            continue
        d.claims.append(Claim(ref, "affiliatedWith", org.refs[0], evidence=sent.text, char_start=sent.start,
                              char_end=sent.end, confidence=0.75, extractor=f"{d.lang}-academic-affiliation",
                              date=d.cur_date))


def _org_introductions(toks: list[Token], sent: Sentence, d: _Doc, taken: set[int]) -> list[Mention]:
    """Organisations the gazetteer does not know, introduced by a noun for their kind
    (``org_intro_nouns``: "civil rights group Liberty", "the charity Mines Advisory Group", "die
    Menschenrechtsorganisation Memorial"): one to three capitalised unknown words right after the
    noun, then no further capitalised word. Later mentions of the same name refer to it."""
    out: list[Mention] = []
    nouns = d.lex.words.get("org_intro_nouns", set())
    suffixes = tuple(d.lex.words.get("org_intro_suffixes", set()))
    for i, t in enumerate(toks):
        if i in taken or i + 1 >= len(toks) or not t.text.isalpha():
            continue
        if not (t.key in nouns or t.lemma in nouns or suffixes and t.key.endswith(suffixes) and d.lang == "de"):
            continue
        if d.lang == "en" and _is_upper(t) and i > 0:
            continue  # "Liberty Group", a name's own word
        k, n = i + 1, 0
        while k + n < len(toks) and n < 3 and k + n not in taken and _is_upper(toks[k + n]) \
                and toks[k + n].text.isalpha() and toks[k + n].key not in d.lex.words.get("not_place_names", set()) \
                and _role_of(toks[k + n], d) is None and not d.gaz.lookup((toks[k + n].key,)):
            n += 1
        if n == 0 or (k + n < len(toks) and _is_upper(toks[k + n]) and toks[k + n].text.isalpha()):
            continue
        name = sent.text[toks[k].start - sent.start:toks[k + n - 1].end - sent.start]
        iri = GKGR["organization/" + slug(name)]
        if iri not in d.entities:
            d.entities[iri] = Entity(iri, "Organization", name, labels={d.lang: {name}})
        d.new_orgs[fold(name)] = iri
        out.append(Mention(k, k + n, "actor", [iri], "Organization"))
        taken |= set(range(k, k + n))
    return out


def _age_introductions(toks: list[Token], sent: Sentence, d: _Doc, taken: set[int]) -> list[Mention]:
    """Persons the text introduces by their age: German "der 21-jährige Otto Frederick Warmbier" (an age
    adjective, ``age_adjective_endings``, then two or three capitalised unknown words), English "Otto
    Warmbier, 21, was …" (two or three unknown words, then a number between commas)."""
    out = []
    endings = tuple(d.lex.words.get("age_adjective_endings", set()))
    for i, t in enumerate(toks):
        if endings and t.key.endswith(endings) and i + 1 < len(toks) and (
                t.text[:1].isdigit() or i >= 2 and toks[i - 1].text == "-" and toks[i - 2].text.isdigit()):
            n = _unknown_name(toks, i + 1, d, taken)
            if n >= 2 and (i + 1 + n == len(toks) or not toks[i + 1 + n].text[:1].isupper()):
                name = sent.text[toks[i + 1].start - sent.start:toks[i + n].end - sent.start]
                out.append(Mention(i + 1, i + 1 + n, "actor", [_new_person(name, {}, d)], "Person"))
        if d.lang == "en" and t.text == "," and i + 2 < len(toks) and toks[i + 1].text.isdigit() \
                and toks[i + 2].text == "," and 0 < int(toks[i + 1].text) < 110:
            for n in (3, 2):
                s0 = i - n
                if s0 >= 0 and _unknown_name(toks, s0, d, taken) == n and (s0 == 0 or not toks[s0 - 1].text[:1].isupper()):
                    name = sent.text[toks[s0].start - sent.start:toks[i - 1].end - sent.start]
                    out.append(Mention(s0, i, "actor", [_new_person(name, {}, d)], "Person"))
                    break
    return out


def _dateline_end(toks: list[Token], ms: list[Mention]) -> int:
    """The index after a news dateline opening the sentence ("Washington/Teheran –", "Prag/Wien –"):
    place names joined by slashes, then a dash; 0 when there is none."""
    k = 0
    while True:
        m = next((x for x in ms if x.start == k and x.kind == "actor" and x.via in ("capital", "name", "seat")
                  and x.cls in ("State", "Place")), None)
        if m is None:
            if k < len(toks) and _is_upper(toks[k]) and toks[k].text.isalpha() and k + 1 < len(toks) \
                    and toks[k + 1].text in ("/", "–", "—"):
                k += 1  # a place the gazetteer does not know ("Addis Abeba/Bujumbura –")
            else:
                return 0
        else:
            k = m.end
        if k < len(toks) and toks[k].text == "/":
            k += 1
            continue
        return k + 1 if k < len(toks) and toks[k].text in ("–", "—") and k > 0 else 0


def _next(ms: list[Mention], m: Mention, toks: list[Token], gap: int = 0, skip_det: bool = False,
          d: _Doc | None = None) -> Mention | None:
    """The mention that follows ``m`` with at most ``gap`` tokens (quotes always skipped) between."""
    for other in ms:
        if other.start >= m.end:
            between = [t for t in toks[m.end:other.start] if t.key not in _QUOTE_KEYS]
            if skip_det and d is not None:
                between = [t for t in between if t.key not in d.lex.words.get("determiners", set())]
            return other if len(between) <= gap else None
    return None


def _compose(toks: list[Token], ms: list[Mention], d: _Doc, sent: Sentence) -> list[Mention]:
    """Join adjacent mentions into what they name together ("der kasachische Präsident X")."""
    out: list[Mention] = []
    consumed: set[int] = set()
    taken = {k for m in ms if m.kind != "aim" for k in range(m.start, m.end)}  # "elections" is also an aim word
    for idx, m in enumerate(ms):
        if id(m) in consumed:
            continue
        nxt = _next(ms, m, toks)
        # "Hauptstadt Kasachstans" / "capital of Kazakhstan" -> the capital city
        if m.kind == "capital_noun":
            target = _next(ms, m, toks, gap=2 if d.lang == "en" else 1)
            if target and target.cls == "State" and target.refs:
                state = d.kb.actors.get(target.refs[0])
                if state and state.capital:
                    consumed.add(id(target))
                    out.append(Mention(m.start, target.end, "actor", [state.capital], "Place", via="capital"))
            elif out and out[-1].end == m.start and out[-1].via == "adj" and out[-1].cls == "State" and out[-1].refs \
                    and not any(x.start == m.end for x in ms) \
                    and not (d.lang == "en" and m.end < len(toks) and toks[m.end].text[:1].isupper()):
                # "in der polnischen Hauptstadt", "the Polish capital" (no name after it): the capital city
                state = d.kb.actors.get(out[-1].refs[0])
                if state and state.capital:
                    out.append(Mention(out.pop().start, m.end, "actor", [state.capital], "Place", via="capital"))
            continue
        # demonym / state + role (+ name): "der russische Präsident Wladimir Putin", "Russlands Präsident",
        # "US-Präsident Joe Biden", "US Secretary of State Antony Blinken"
        bodies = ("State", "InternationalOrganization", "Organization")
        compound = m.end < len(toks) and toks[m.end].text == "-" and m.cls in bodies  # "PYD-Chef"
        en_title = d.lang == "en" and m.cls in bodies  # "UN Secretary-General X", "Tory leader X"
        if compound or (en_title and m.via in ("name", "adj")):
            nxt = _next(ms, m, toks, gap=1 if compound else 0) or nxt
            if en_title and (nxt is None or nxt.kind != "role"):
                nxt = _after_remit(ms, m, toks, d) or nxt  # "Lib Dem foreign affairs spokesman X"
        # "Russia's UN ambassador", "UN Ambassador X": in English the organisation stands before the role
        # without a hyphen; the envoy is an official of a state, not of the organisation
        en_envoy = en_title and m.via == "name" and nxt is not None and nxt.start == m.end
        if (compound or en_envoy) and m.cls == "InternationalOrganization" and nxt and nxt.kind == "role" \
                and (nxt.role or {}).get("at_organization"):
            # "Chinas UN-Botschafter Zhang Jun": a state's envoy to the organisation, an official of the state
            consumed.add(id(nxt))
            state = out[-1] if out and out[-1].end == m.start and out[-1].kind == "actor" and out[-1].cls == "State" \
                and (out[-1].via == "adj" or out[-1].genitive) else None
            if state is not None:
                out.pop()
            at = Mention(nxt.start, nxt.end, "role", [], "Role", via="role",
                         role={"role": nxt.role["at_organization"], "rel": nxt.role.get("rel")})
            person = _role_person(toks, ms, at, d, sent, owner=state.refs[0] if state else None, taken=taken,
                                  consumed=consumed, phrase_start=(state or m).start)
            if person is not None:
                person.start = (state or m).start
                out.append(person)
            continue
        if m.kind == "actor" and (m.via in ("adj", "name", "seat") or m.via in ("capital", "coref") and m.genitive) \
                and nxt and nxt.kind == "role" and (m.via == "adj" or m.genitive or compound or en_title):
            consumed.add(id(nxt))
            person = _role_person(toks, ms, nxt, d, sent, owner=m.refs[0], taken=taken, consumed=consumed,
                                  phrase_start=m.start, owner_adj=m.via == "adj")
            if person is not None:
                person.start = m.start
                out.append(person)
            continue
        if m.kind == "actor" and m.via == "adj" and m.cls == "Organization":
            # a party's adjective names no actor by itself; before a person's name it is their party
            # ("Democrat John Kerry")
            if d.lang == "en" and nxt is not None and nxt.start == m.end and nxt.kind == "actor" \
                    and nxt.cls == "Person" and nxt.refs:
                d.claims.append(Claim(nxt.refs[0], "affiliatedWith", m.refs[0], evidence=sent.text,
                                      char_start=sent.start, char_end=sent.end, confidence=0.7,
                                      extractor="en-party-attribute", date=d.cur_date))
            continue
        if m.kind == "role":
            owner = _possessive_owner(toks, ms, m, d)  # "Kroatien seine Außenministerin Vesna Pusic"
            person = _role_person(toks, ms, m, d, sent, owner=owner, taken=taken, consumed=consumed)
            if person is not None:
                out.append(person)
            continue
        # demonym + group noun: "russische Deserteure" -> a group
        if m.kind == "actor" and (m.via == "adj" or d.lang == "en" and m.via == "name" and not m.genitive
                                  and nxt is not None and nxt.start == m.end) \
                and nxt and nxt.kind == "group" and m.cls == "State":  # "UK charities", "Afghan refugees"
            consumed.add(id(nxt))
            out.append(_group(toks[nxt.start], m.refs[0], d, m.start, nxt.end, toks))
            continue
        if m.kind == "actor" and m.via == "people" and m.cls == "State":
            out.append(_group(toks[m.start], m.refs[0], d, m.start, m.end, toks, people=True))
            continue
        # demonym + institution: "kasachischer Behörden" -> the state
        if m.kind == "actor" and (m.via == "adj" or m.genitive and m.via == "name" and m.cls == "State"
                                  and nxt is not None and nxt.start == m.end) and nxt and nxt.kind == "institution" \
                and toks[nxt.start].key not in d.lex.words.get("membership.presidency_nouns", set()):
            consumed.add(id(nxt))  # "kasachischer Behörden", "Chinas Regierung"
            out.append(Mention(m.start, nxt.end, "actor", m.refs, m.cls, via="institution"))
            continue
        # region or organisation + collective: "die zentralasiatischen Staaten", "GUS-Staaten"
        if m.kind == "actor" and m.cls in ("Region", "InternationalOrganization") and nxt \
                and nxt.kind == "collective" and len([t for t in toks[m.end:nxt.start] if t.key != "-"]) == 0:
            consumed.add(id(nxt))
            out.append(Mention(m.start, nxt.end, "actor", m.refs, m.cls, via="name"))
            continue
        # state genitive + person: "Südafrikas Cyril Ramaphosa", "Russia's Putin" -> the person
        if m.kind == "actor" and m.cls == "State" and m.genitive and m.via == "name" and nxt is not None \
                and nxt.kind == "actor" and nxt.cls == "Person" and nxt.refs and nxt.start == m.end:
            consumed.add(id(nxt))
            out.append(Mention(m.start, nxt.end, "actor", nxt.refs, "Person", via="name"))
            continue
        # leader + institution: "the Biden administration" -> the state the person led on the date
        if m.kind == "actor" and m.cls == "Person" and m.refs and nxt is not None and nxt.kind == "institution" \
                and (nxt.start == m.end or nxt.start == m.end + 1 and toks[m.end].text == "-") \
                and (not m.genitive or _single(toks[nxt.start], d, "leader_government_nouns")):  # "Mr Blair's government"
            state = next((o.of for o in _offices_on(d, m.refs[0])
                          if o.role in ("head_of_state", "head_of_government") and d.cls_of(o.of) == "State"), None)
            if state is not None:
                consumed.add(id(nxt))
                out.append(Mention(m.start, nxt.end, "actor", [state], "State", via="institution"))
                continue
        # institution + capital: "die Regierung in Belgrad", "officials in Beijing" -> the state
        if m.kind == "institution" and m.end < len(toks) and toks[m.end].key in ("in", "aus"):
            seat = _next(ms, m, toks, gap=1)
            if seat is not None and seat.kind == "actor" and seat.via in ("capital", "seat") and seat.cls == "State":
                consumed.add(id(seat))
                out.append(Mention(m.start, seat.end, "actor", seat.refs, "State", via="institution"))
                continue
        if m.kind == "institution" and m.start > 0 and toks[m.start - 1].key in d.lex.words.get("determiners", set()) \
                and _single(toks[m.start], d, "government_anaphors"):
            # "die Regierung", "die Staatsführung": the state named last (resolved with "das Land")
            out.append(Mention(m.start, m.end, "actor", [], "State", via="coref"))
            continue
        if m.kind == "group" and (people := _people_group(toks, m, d)) is not None:
            out.append(people)  # "kurdische Kämpfer", "Islamist rebels": a people's or a movement's group
            continue
        if m.kind in ("group", "institution", "collective", "role"):
            continue  # unqualified: not an actor by itself
        out.append(m)
    out.sort(key=lambda x: x.start)
    _affiliations(toks, out, d, sent)
    _events(toks, out, d)
    return out


def _possessive_owner(toks: list[Token], ms: list[Mention], role_m: Mention, d: _Doc) -> URIRef | None:
    """The state a possessive before a title points to when the state stands right before it
    ("Kroatien seine Außenministerin Vesna Pusic", "Russia and its foreign minister")."""
    poss = d.lex.words.get("pronouns.possessive_male", set()) | d.lex.words.get("pronouns.possessive_neuter", set())
    if d.lang == "en":
        poss = d.lex.words.get("pronouns.possessive_neuter", set())
    k = role_m.start - 1
    while k >= 0 and role_m.start - k <= 3 and d.lang == "de" and toks[k].text.islower() and toks[k].key not in poss:
        k -= 1  # the title's adjectives ("seine frühere Außenministerin")
    if k < 1 or toks[k].key not in poss:
        return None
    j = k - 1
    if toks[j].key in ("und", "and") and j >= 1:
        j -= 1
    state = next((x for x in ms if x.end == j + 1 and x.kind == "actor" and x.cls == "State" and x.refs
                  and x.via in ("name", "capital")), None)
    return state.refs[0] if state is not None else None


def _after_remit(ms: list[Mention], m: Mention, toks: list[Token], d: _Doc) -> Mention | None:
    """English: the role noun after a body's name and up to four words of its remit ("Lib Dem foreign
    affairs spokesman", "Conservative shadow international development secretary")."""
    remit = d.lex.words.get("remit_words", set()) | d.lex.words.get("role_modifiers", set())
    k = m.end
    while k < len(toks) and k - m.end < 4 and toks[k].key in remit:
        k += 1
    if k == m.end:
        return None
    return next((x for x in ms if x.start == k and x.kind == "role"), None)


def _role_person(toks, ms, role_m: Mention, d: _Doc, sent: Sentence, owner: URIRef | None,
                 taken: set[int], consumed: set[int], phrase_start: int | None = None,
                 owner_adj: bool = False) -> Mention | None:
    """A role noun with its holder: a following name, a person the text named before who holds that
    office (coreference), or the knowledge base's holder on the date. ``owner_adj``: the owner is
    named by an adjective ("der republikanische Mehrheitsführer")."""
    spec = role_m.role or {}
    if spec.get("role") == "counterpart":
        spec = _counterpart_role(ms, role_m, d)
        if spec is None:
            return None
    if owner is not None and spec.get("by_state"):  # "the UK chancellor": the Chancellor of the Exchequer
        spec = coref.role_variants(spec, d.kb.actors[owner].iso2 if owner in d.kb.actors else None)[0]
    if owner is None and spec.get("org_title") and role_m.start > 0 and toks[role_m.start - 1].key in \
            d.lex.words.get("pronouns.possessive_neuter", set()) | d.lex.words.get("pronouns.possessive_plural", set()):
        # "its director, Barbara Stocking": the organisation named last
        owner = coref.recent_organization(d, [x for x in ms if x.end <= role_m.start], window=1,
                                          sent_index=sent.index)
    owner_cls = d.cls_of(owner) if owner is not None else None
    nxt = _next(ms, role_m, toks)
    if d.lang == "en" and nxt is None and role_m.end + 1 < len(toks) and toks[role_m.end].text == ",":
        # "his Sierra Leonean counterpart, President Julius Maada Bio,": the name in apposition
        inner = next((x for x in ms if x.start == role_m.end + 1 and x.kind == "role" and id(x) not in consumed
                      and (x.role or {}).get("rel") in ("leaderOf", "officialOf")), None)
        if inner is not None and (owner is not None or _next(ms, inner, toks) is not None):
            consumed.add(id(inner))
            spec = inner.role or spec
            role_m = Mention(role_m.start, inner.end, "role", [], "Role", role=spec)
            nxt = _next(ms, role_m, toks)
    if d.lang == "en" and owner is None and nxt is None:
        # "the president of Russia", "President of Kazakhstan Tokayev"
        after = [t for t in toks[role_m.end:role_m.end + 2]]
        if after and after[0].key == "of":
            of_m = next((x for x in ms if x.start in (role_m.end + 1, role_m.end + 2) and x.refs
                         and (x.cls == "State" or x.cls == "InternationalOrganization" and x.start == role_m.end + 2
                              and toks[role_m.end + 1].key == "the"
                              # "the director of Liberty", "head of the Red Cross": an organisation's office
                              or x.cls == "Organization" and spec.get("org_title") and x.kind == "actor"
                              and (x.start == role_m.end + 1 or toks[role_m.end + 1].key == "the"))), None)
            if of_m is not None:
                owner = of_m.refs[0]
                consumed.add(id(of_m))
                role_m = Mention(role_m.start, of_m.end, "role", [], "Role", role=spec)
                nxt = _next(ms, role_m, toks)
    if d.lang == "de" and owner is None and (nxt is None or nxt.cls != "Person" or nxt.genitive):
        # "Außenminister Serbiens", "der Vorsitzende der Partei Recht und Gerechtigkeit": the body in the
        # genitive after the title (a state's own genitive form, or an article and a body's name)
        of_m = _genitive_body(toks, ms, role_m.end, d)
        if of_m is not None:
            owner = of_m.refs[0]
            owner_cls = d.cls_of(owner)
            consumed.add(id(of_m))
            role_m = Mention(role_m.start, of_m.end, "role", [], "Role", role=spec)
            nxt = _next(ms, role_m, toks)
    if owner is not None and nxt is None and role_m.end + 1 < len(toks) \
            and toks[role_m.end].text == ",":
        # "Russia's foreign minister, Sergei Lavrov, said", "den früheren Präsidenten der Uno-Vollversammlung,
        # Srgjan Kerim": a person in apposition after a body's office
        app = next((x for x in ms if x.start == role_m.end + 1 and x.kind == "actor" and x.cls == "Person"
                    and x.refs and id(x) not in consumed), None)
        if app is not None and (app.end == len(toks) or toks[app.end].text in (",", ".", ";")):
            nxt = app
        elif app is None:
            # "The charity's director, Barbara Stocking, said": a name the text introduces in apposition
            n = _unknown_name(toks, role_m.end + 1, d, taken)
            k = role_m.end + 1 + n
            if n >= 2 and (k == len(toks) or toks[k].text in (",", ".", ";")
                           or toks[k].key in d.lex.words.get("attribution.verbs", set())):
                name = sent.text[toks[role_m.end + 1].start - sent.start:toks[k - 1].end - sent.start]
                title = " ".join(t.text for t in toks[role_m.start:role_m.end])
                nxt = Mention(role_m.end + 1, k, "actor", [_new_person(name, spec, d, title=title)], "Person")
    person: URIRef | None = None
    end = role_m.end
    remit_end: int | None = None
    remit_body: Mention | None = None
    unit_remit = False  # the title heads a unit of the body ("head of policy"): a member of it, not its head
    intro_start: int | None = None  # a name the text introduces before the title ("X, die Direktorin von Y")
    if d.lang == "en" and (nxt is None or nxt.cls != "Person") and role_m.end + 3 < len(toks) \
            and toks[role_m.end].key == "for":
        # the office's remit between the title and the name: "special envoy for the Horn of Africa Mike
        # Hammer", "Minister for Trade Dan Tehan": a run of capitalised words and names after "for",
        # whose last two unknown words (or a known person) name the holder
        k, run = role_m.end + 1, []
        while k < len(toks) and len(run) < 10:
            inside = next((x for x in ms if x.start == k and x.kind == "actor"), None)
            if inside is not None:
                run.append(inside)
                k = inside.end
            elif toks[k].key in ("of", "and", "the", "&") or toks[k].text[:1].isupper() and toks[k].text.isalpha() \
                    and not _role_of(toks[k], d):
                run.append(k)
                k += 1
            else:
                break
        known = [x for x in run[1:] if isinstance(x, Mention) and x.cls == "Person" and x.refs]
        if known:
            role_m = Mention(role_m.start, known[0].start, "role", [], "Role", role=spec)
            nxt = known[0]
        elif len(run) >= 3 and all(isinstance(x, int) and toks[x].text[:1].isupper() for x in run[-2:]) \
                and toks[run[-2]].key not in d.lex.words.get("remit_words", set()):  # not "Affairs Tehan"
            role_m = Mention(role_m.start, run[-2], "role", [], "Role", role=spec)
            nxt = None
        elif k < len(toks) and toks[k].text == ",":
            remit_end = k  # "X, the AU's High Representative for the Horn of Africa,": the remit closes the apposition
    if (nxt is None or nxt.cls != "Person") and remit_end is None:
        # "der demokratische Minderheitsführer im Senat, Harry Reid", "der AU-Sondergesandte für Burundi,
        # Ibrahima Fall": the title's remit, a comma, then the holder's name
        k = _remit_apposition(toks, role_m.end, d)
        if k is None and spec.get("org_title") and owner is not None:
            # "the charity's head of HIV/Aids in Britain, Simon Wright": the head of a unit of the body
            k = _unit_remit(toks, role_m.end, d)
            unit_remit = k is not None and not any(role_m.end < x.start < k and x.kind == "actor"
                                                    and x.cls in ("Organization", "InternationalOrganization") for x in ms)
        if k is not None and (any(x.start == k and x.kind == "actor" and x.cls == "Person" for x in ms)
                              or _unknown_name(toks, k, d, taken) >= 2):
            # a body named in the remit is the one the office belongs to ("im Repräsentantenhaus")
            remit_body = next((x for x in ms if role_m.end < x.start < k and x.kind == "actor" and x.refs
                               and x.cls in ("Organization", "InternationalOrganization")), None)
            role_m = Mention(role_m.start, k, "role", [], "Role", role=spec)
            nxt = _next(ms, role_m, toks)
    if nxt is not None and nxt.cls == "Person" and nxt.kind == "actor":
        person, end = nxt.refs[0], nxt.end
        consumed.add(id(nxt))
    else:
        n = _unknown_name(toks, role_m.end, d, taken)
        following = toks[role_m.end + n] if role_m.end + n < len(toks) else None
        known = next((x for x in ms if x.start == role_m.end + n and x.kind == "actor" and x.cls == "Person"), None)
        if known is not None and n <= 2:  # "President Tayyip Erdogan": given names before a known person
            person, end = known.refs[0], known.end
            consumed.add(id(known))
            n = 0
        if n >= 2 or (n == 1 and (following is None or not following.text[:1].isupper())):
            name = sent.text[toks[role_m.end].start - sent.start:toks[role_m.end + n - 1].end - sent.start]
            title = " ".join(t.text for t in toks[role_m.start:role_m.end]).rstrip(" ,")
            person = _new_person(name, spec, d, title=title)
            end = role_m.end + n
    if d.lang == "en" and owner is None and person is not None and end + 1 < len(toks) and toks[end].key == "of":
        # "President Macky Sall of Senegal": the office's state after the name
        of_m = next((x for x in ms if x.start in (end + 1, end + 2) and x.kind == "actor" and x.refs
                     and x.cls in ("State", "InternationalOrganization")
                     and (x.start == end + 1 or toks[end + 1].key == "the")), None)
        if of_m is not None:
            owner, end = of_m.refs[0], of_m.end
            consumed.add(id(of_m))
    close = remit_end if person is None and remit_end is not None else end
    if d.lang == "de" and person is None and (close == len(toks) or toks[close].text in (",", ")", ".", ";")
                                              or toks[close].key == "und"):
        # "Vuk Jeremic, der ehemalige serbische Außenminister und …": a known person the title follows
        k = (phrase_start if phrase_start is not None else role_m.start) - 1
        while k >= 0 and toks[k].text.islower() and toks[k].text.isalpha() and k > (phrase_start or role_m.start) - 4 \
                and toks[k].key not in ("der", "die", "des", "dem", "den"):
            k -= 1  # the title's adjectives ("ehemalige")
        if k >= 1 and toks[k].key in ("der", "die") and toks[k - 1].text == ",":
            ante = next((x for x in ms if x.end == k - 1 and x.kind == "actor" and x.cls == "Person" and x.refs), None)
            if ante is not None and (owner is not None or spec.get("of")):
                person = ante.refs[0]
            elif ante is None and owner is not None and (spec.get("rel") in ("leaderOf", "officialOf") or spec.get(
                    "org_title") and d.cls_of(owner) == "Organization"):
                # "Barbara Stocking, die Direktorin von Oxfam,": a person the text introduces before the title
                for s0 in range(max(0, k - 4), k - 2):
                    if _unknown_name(toks, s0, d, taken) == k - 1 - s0 and (s0 == 0 or not _is_upper(toks[s0 - 1])):
                        name = sent.text[toks[s0].start - sent.start:toks[k - 2].end - sent.start]
                        person = _new_person(name, spec, d, title=" ".join(t.text for t in toks[role_m.start:role_m.end]))
                        intro_start = s0
                        break
    if d.lang == "en" and person is None and (close == len(toks) or toks[close].text in (",", ")", ".", ";")):
        # "Maria Zakharova, Russia's foreign ministry spokeswoman,": the name the role stands in apposition to
        k = (phrase_start if phrase_start is not None else role_m.start) - 1
        if k >= 0 and toks[k].key == "the":
            k -= 1
        ante = next((x for x in ms if k >= 1 and toks[k].text == "," and x.end == k and x.kind == "actor"
                     and x.cls == "Person" and x.refs), None)
        if ante is not None and (owner is not None or spec.get("of")):
            person = ante.refs[0]
        elif ante is None and owner is not None and k >= 2 and toks[k].text == "," and close < len(toks) \
                and toks[close].text == "," and (spec.get("rel") in ("leaderOf", "officialOf")
                                                 or spec.get("org_title") and d.cls_of(owner) == "Organization"):
            # "Olusegun Obasanjo, the African Union's envoy,": a person not known before, named in front of
            # a role closed by commas on both sides
            for s0 in range(max(0, k - 3), k - 1):
                if _unknown_name(toks, s0, d, taken) == k - s0 and (s0 == 0 or not toks[s0 - 1].text[:1].isupper()):
                    name = sent.text[toks[s0].start - sent.start:toks[k - 1].end - sent.start]
                    person = _new_person(name, spec, d, title=" ".join(t.text for t in toks[role_m.start:role_m.end]))
                    break
    before = [x for x in ms if x.end <= role_m.start and x.kind == "actor"]
    start = phrase_start if phrase_start is not None else role_m.start
    if person is None and start >= 2 and toks[start - 1].key in ("des", "der", "of", "the") \
            and (toks[start - 2].key in d.lex.words.get("office_nouns", set())
                 or start >= 3 and toks[start - 3].key in d.lex.words.get("office_nouns", set())):
        return None  # "für den Posten des UNO-Generalsekretärs", "the post of the president": the office itself
    if person is None and owner is not None:
        # "Jeremic war … Außenminister Serbiens": the subject of a copula holds the office
        person = _predicative_holder(toks, ms, role_m, phrase_start, d)
    if person is None and owner is not None:
        # "Tony Blair … the UK leader", "Gordon Brown … the UK chancellor": the holder the text named
        person = coref.recent_holder(d, spec, owner, sent.index, current=before)
    kb_role = spec.get("role")
    if owner_cls in ("Organization",) and kb_role in coref.TOP_ROLES:
        kb_role = "party_leader"  # "the Tory leader": the party's leader
    if person is None and owner is not None and kb_role in ROLE_RELATION:
        # an undated article never resolves a role to today's holder (the guidelines: offices come from
        # what the text says, never from assuming the article is from today); "leader": the effective
        # leader where the knowledge base records one, else the head of state
        for role in (["leader", "head_of_state"] if kb_role == "leader" else [kb_role]):
            holder = d.kb.holder(role, owner, d.when) if d.when is not None else None
            if holder is not None:
                person = holder.iri
                break
    if person is None and owner is not None and (spec.get("rel") not in (None, "none") or owner_cls == "Organization"):
        # "Kaczyński hat … vorgeworfen. Der Vorsitzende der Partei … sagte": a sentence opening with a
        # definite title whose holder the knowledge base does not know names the one person the
        # sentence before named
        person = _opening_title_holder(toks, role_m, phrase_start, d, sent)
    if person is None and owner is None:
        # an anaphoric role noun: "der Experte", "the president", "the prime minister"
        ref = coref.recent_holder(d, spec, None, sent.index, current=before) \
            if spec.get("role") in coref.HOME_ROLES and not _plural_role(toks, role_m, d) else None
        ref = ref or _resolve_role_anaphor(spec, d)
        if ref is None:
            return None
        _role_anaphor_claim(ref, spec, ms, d, sent)
        return Mention(role_m.start, role_m.end, "actor", [ref], "Person", via="coref")
    if person is None:  # an office holder the knowledge base does not know: the office stands for its state
        cls = d.cls_of(owner)
        return Mention(role_m.start, role_m.end, "actor", [owner], cls, via="institution")
    if spec.get("of") and owner is None:
        state = d.kb.by_iso2.get(spec["of"])
        owner = state.iri if state else None
    if spec.get("of_actor") and GKGR[spec["of_actor"]] in d.kb.actors:
        owner = GKGR[spec["of_actor"]]  # "EU-Kommissionspräsidentin": the Commission, an organ of the EU
    within = (spec.get("within") or {}).get(str(owner).rsplit("/", 1)[-1]) if owner is not None else None
    if within and GKGR[within] in d.kb.actors:
        owner = GKGR[within]  # "EU-Erweiterungskommissar": a member of the Commission, the EU's organ
    stated = owner is not None
    if stated:
        d.stated_bodies.setdefault(sent.index, set()).add(owner)  # "der serbische Präsident X" names Serbia
    known_office = False
    if owner is None and (person in d.kb.actors or person in d.person_offices):
        # the text (an earlier title) or the knowledge base says which state the person served
        # ("Chancellor Gordon Brown": of the title's readings, the one the person held)
        for variant, strict in [(v, st) for st in (True, False) for v in coref.role_variants(spec)]:
            body = coref.person_office(d, person, variant.get("role"), strict=strict)
            if body is not None:
                owner, spec, known_office = body, variant, True
                break
        if owner is not None:
            # the guidelines annotate a role only where the text names its state, in the sentence
            # or the one before ("Foreign Secretary Jack Straw" alone states no state)
            stated = _stated(owner, ms, d, sent)
    if owner is None and not known_office and spec.get("org_title"):
        # a bare title of an office inside an organisation ("Director Shami Chakrabarti", "Leiterin X")
        # right after a sentence naming one: that organisation's office (coref.recent_organization)
        owner = coref.recent_organization(d, before, window=0, sent_index=sent.index)
        stated = owner is not None
    if owner is None and not known_office and spec.get("role") in coref.HOME_ROLES \
            and spec.get("rel") in ("leaderOf", "officialOf") \
            and not any(o.role in ROLE_RELATION for o in coref.offices_of(d, person)):
        # a minister the knowledge base does not know, named with a bare title: the state the
        # sentence is about ("Innenminister Efkan Ala" beside Erdoğan); not when an adjective the
        # gazetteer does not know qualifies the title ("des sowjetischen Präsidenten")
        start = phrase_start if phrase_start is not None else role_m.start
        unknown_adj = start > 0 and toks[start - 1].text.islower() and toks[start - 1].key.endswith(
            tuple(d.lex.words.get("origin_adjective_endings", set())))
        owner = None if unknown_adj else coref.context_state(d, ms, sent.index)
        stated = owner is not None
    rel = _office_relation(spec, d.cls_of(owner) if owner is not None else None, owner_adj, d)
    if unit_remit and rel == "leaderOf":
        rel = "affiliatedWith"
    if rel == "leaderOf" and owner is not None \
            and fold(str(owner).rsplit("/", 1)[-1]) in d.lex.words.get("assemblies", set()):
        rel = "officialOf"  # the president of an assembly presides over it: an official of it, not its head
    if owner is not None and stated and rel in ("leaderOf", "officialOf", "affiliatedWith") \
            and d.cls_of(person) == "Person":
        d.claims.append(Claim(person, rel, owner, evidence=sent.text, char_start=sent.start,
                              char_end=sent.end, confidence=0.9, extractor=f"{d.lang}-role-apposition",
                              date=d.cur_date))
    if remit_body is not None and remit_body.refs[0] != owner and d.cls_of(person) == "Person" \
            and spec.get("role") not in ("expert", "journalist"):
        d.claims.append(Claim(person, "officialOf", remit_body.refs[0], evidence=sent.text, char_start=sent.start,
                              char_end=sent.end, confidence=0.8, extractor=f"{d.lang}-role-remit", date=d.cur_date))
    d.person_roles[person] = spec.get("role", "")
    if spec.get("role"):
        d.person_offices[person] = (spec["role"], owner)
    return Mention(role_m.start if intro_start is None else intro_start, end, "actor", [person], "Person", via="name")


def _genitive_body(toks: list[Token], ms: list[Mention], k: int, d: _Doc) -> Mention | None:
    """German: the state or organisation in the genitive right after a title at ``k`` ("Serbiens",
    "der Partei Recht und Gerechtigkeit", "des Kremls"); a generic noun for the body's kind may stand
    before its name (``body_nouns``: Partei, Organisation)."""
    if k >= len(toks):
        return None
    j = k
    if toks[j].key in ("von", "vom") and j + 1 < len(toks):  # "die Direktorin von Oxfam", "Chef vom Roten Kreuz"
        j += 1 + (toks[j + 1].key in ("der", "dem"))
        return next((x for x in ms if x.start == j and x.kind == "actor" and x.refs and x.via in ("name", "seat")
                     and x.cls in ("State", "InternationalOrganization", "Organization")), None)
    article = toks[j].key in ("der", "des")
    if article:
        j += 1
        if j < len(toks) and toks[j].key in d.lex.words.get("body_nouns", set()):
            j += 1
    return next((x for x in ms if x.start == j and x.kind == "actor" and x.refs and x.via in ("name", "seat")
                 and x.cls in ("State", "InternationalOrganization", "Organization")
                 and (article or x.genitive)), None)


def _predicative_holder(toks: list[Token], ms: list[Mention], role_m: Mention, phrase_start: int | None,
                        d: _Doc) -> URIRef | None:
    """"Jeremic war zwischen 2007 und 2012 Außenminister Serbiens", "Smith is the party's chairman":
    the person before a copula in the title's clause, no other actor between."""
    start = phrase_start if phrase_start is not None else role_m.start
    copulas = d.lex.words.get("copulas", set())
    cop = next((k for k in range(start - 1, max(-1, start - 8), -1) if toks[k].key in copulas), None)
    if cop is None or any(t.text in (",", ";", ":") for t in toks[cop:start]):
        return None
    subj = [x for x in ms if x.end <= cop and x.kind == "actor" and x.refs]
    if not subj or subj[-1].cls != "Person" or any(t.text in (",", ";", ":") and not t.text == ","
                                                   for t in toks[subj[-1].end:cop]):
        return None
    if any(x.kind == "actor" and x.refs and subj[-1].end <= x.start < start for x in ms):
        return None
    return subj[-1].refs[0]


def _opening_title_holder(toks: list[Token], role_m: Mention, phrase_start: int | None, d: _Doc,
                          sent: Sentence) -> URIRef | None:
    """"Der Vorsitzende der Partei X sagte …" right after a sentence about one person: that person."""
    start = phrase_start if phrase_start is not None else role_m.start
    if start != 1 or toks[0].key not in ("der", "die", "the") or sent.index == 0:
        return None
    prev = {r for s_idx, m in d.history if s_idx == sent.index - 1 and m.kind == "actor" and m.cls == "Person"
            for r in m.refs}
    return next(iter(prev)) if len(prev) == 1 else None


def _unit_remit(toks: list[Token], k: int, d: _Doc) -> int | None:
    """English: after an organisation's title at ``k``, "of" and up to six words of the unit it heads,
    closed by a comma ("head of HIV/Aids in Britain,", "director of policy,"); the index after the comma."""
    if d.lang != "en" or k >= len(toks) or toks[k].key != "of":
        return None
    j = k + 1
    while j < len(toks) and j - k <= 7 and toks[j].text not in (",", ".", ";", ":") and toks[j].key not in _QUOTE_KEYS:
        j += 1
    if j == k + 1 or j + 1 >= len(toks) or toks[j].text != ",":
        return None
    return j + 1


def _remit_apposition(toks: list[Token], k: int, d: _Doc) -> int | None:
    """After a title at ``k``: a remit of a preposition and up to four names or articles, closed by a
    comma ("im Repräsentantenhaus,", "für Burundi,", "in Britain,"); the index after the comma."""
    if k >= len(toks) or toks[k].key not in d.lex.words.get("remit_preps", set()):
        return None
    dets = d.lex.words.get("determiners", set())
    j = k + 1
    while j < len(toks) and j - k <= 5 and (toks[j].text[:1].isupper() or toks[j].key in dets or toks[j].text == "-"):
        j += 1
    if j == k + 1 or j + 1 >= len(toks) or toks[j].text != ",":
        return None
    return j + 1


def _plural_role(toks: list[Token], role_m: Mention, d: _Doc) -> bool:
    """A role noun in the plural ("other G8 finance ministers", "die Minister") refers to no one person."""
    last = toks[role_m.end - 1]
    if d.lang == "en":
        return last.key.endswith("s") and last.key not in d.lex.roles and not any(
            k[-1] == last.key for k, _ in d.lex.multi_roles)
    prev = toks[role_m.start - 1] if role_m.start > 0 else None
    if prev is not None and (prev.text[:1].isdigit() or prev.key in d.lex.words.get("quantifiers", set())):
        return True  # "42 Senatoren", "viele Minister"
    return prev is not None and prev.key in ("die", "den") and not last.key.endswith("in")


def _stated(owner: URIRef, ms: list[Mention], d: _Doc, sent: Sentence) -> bool:
    """Whether the text names ``owner`` in this sentence or the one before (also inside a title:
    "der serbische Präsident Tomislav Nikolic" names Serbia)."""
    return any(owner in m.refs for m in ms) or any(
        owner in m.refs for s_idx, m in d.history if s_idx == sent.index - 1) \
        or any(owner in d.stated_bodies.get(i, ()) for i in (sent.index, sent.index - 1))


def _office_relation(spec: dict, owner_cls: str | None, owner_adj: bool, d: _Doc) -> str | None:
    """The relation an office gives its holder to the body it belongs to. A state's or an
    international organisation's office: the role's own relation. A party's, a charity's, a
    company's: leaderOf for its head, officialOf for its spokespeople and front-benchers,
    affiliatedWith for members, MPs, founders (the role's ``org_rel``) and, in German, for a party
    named by an adjective ("der republikanische Mehrheitsführer": a Republican, not the party's head)."""
    if owner_cls not in ("Organization",):
        return spec.get("rel")
    if owner_adj and d.lang == "de":
        return "affiliatedWith"
    if spec.get("org_rel"):
        return spec["org_rel"]
    if spec.get("role") in coref.TOP_ROLES or spec.get("rel") == "leaderOf":
        return "leaderOf"
    return spec.get("rel") if spec.get("rel") in ("officialOf", "affiliatedWith") else "affiliatedWith"


def _role_anaphor_claim(person: URIRef, spec: dict, ms: list[Mention], d: _Doc, sent: Sentence) -> None:
    """"Tony Blair … The prime minister took charge of the UK's response": a role noun for a person
    named before states their office when the sentence (or the one before) names its state."""
    if spec.get("rel") not in ("leaderOf", "officialOf"):
        return
    readings = [(v, strict) for strict in (True, False) for v in coref.role_variants(spec)]
    for variant, strict in readings:  # the reading the person held on the date first ("the chancellor")
        body = coref.person_office(d, person, variant.get("role"), strict=strict)
        if body is None:
            continue
        rel = variant.get("rel") if d.cls_of(body) != "Organization" else _office_relation(variant, "Organization",
                                                                                           False, d)
        # the body named in this sentence on its own, not as one of a list ("the US had allowed Britain,
        # France and Germany …" says nothing about whose prime minister speaks)
        own = [m for m in ms if m.kind == "actor" and body in m.refs
               and not any(x is not m and x.kind == "actor" and x.cls == m.cls and x.refs
                           and (0 <= x.start - m.end <= 2 or 0 <= m.start - x.end <= 2) for x in ms)]
        if not own and strict and rel in ("leaderOf", "officialOf") and d.cls_of(body) == "State" \
                and d.when is not None and any(o.of == body and coref.role_compatible(o.role, variant.get("role"))
                                               for o in d.kb.offices_on(person, d.when)) \
                and not any(m.kind == "actor" and m.cls == "State" and m.refs for m in ms):
            # "Erdoğan … sagt der Staatspräsident": the office the person held on the date, of the state
            # the article is about (named most often so far), when the sentence names no other state
            ranked = sorted(coref.state_salience(d).items(), key=lambda kv: -kv[1])
            own = bool(ranked) and ranked[0][0] == body and ranked[0][1] >= 2 \
                and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
        if own and rel in ("leaderOf", "officialOf"):
            d.claims.append(Claim(person, rel, body, evidence=sent.text, char_start=sent.start,
                                  char_end=sent.end, confidence=0.7, extractor=f"{d.lang}-role-coref",
                                  date=d.cur_date))
        return


def _offices_on(d: _Doc, person: URIRef) -> list:
    """The offices a person held on the article's date; in an undated article, every office the
    knowledge base records for them, the latest first (the text names them, so some office applies)."""
    if d.when is not None:
        return d.kb.offices_on(person, d.when)
    actor = d.kb.actors.get(person)
    if actor is None:
        return []
    return sorted(actor.offices, key=lambda o: o.start or date.min, reverse=True)


def _counterpart_role(ms: list[Mention], role_m: Mention, d: _Doc) -> dict | None:
    """"his Uzbek counterpart", "seinem israelischen Amtskollegen": the office of the person named before."""
    before = [m.refs[0] for m in reversed(ms) if m.end <= role_m.start and m.kind == "actor" and m.cls == "Person"
              and m.refs]
    before += [m.refs[0] for _s, m in reversed(d.history) if m.cls == "Person" and m.refs]
    known = set(ROLE_RELATION)
    for ref in [r for r in before if r in d.person_roles or r in d.kb.actors]:
        role = d.person_roles.get(ref)
        if role not in known:
            offices = _offices_on(d, ref) if ref in d.kb.actors else []
            role = next((o.role for o in offices if o.role in known), None)
        if role in known:
            return {"role": role, "rel": ROLE_RELATION[role]}
    return None


def _new_person(name: str, spec: dict, d: _Doc, title: str | None = None) -> URIRef:
    iri = GKGR["person/" + slug(name)]
    parts = name.split()
    if iri not in d.entities:
        extra = [(iri, SCHEMA.jobTitle, Literal(title, lang=d.lang))] if title else []
        d.entities[iri] = Entity(iri, "Person", name, labels={d.lang: {name}},
                                 alt_labels={parts[-1]} if len(parts) > 1 else set(), extra=extra)
    d.new_persons[fold(name)] = iri
    if len(parts) >= 2:
        d.new_persons[fold(parts[-1])] = iri
        d.new_persons[fold(" ".join(parts[-2:]))] = iri
    return iri


def _resolve_role_anaphor(spec: dict, d: _Doc) -> URIRef | None:
    for _s, m in reversed(d.history):
        for ref in m.refs:
            if d.cls_of(ref) == "Person" and d.person_roles.get(ref) == spec.get("role"):
                return ref
    return None


def _group(tok: Token, state: URIRef, d: _Doc, start: int, end: int, toks: list[Token],
           people: bool = False) -> Mention:
    kb_state = d.kb.actors[state]
    adj_en = (kb_state.adj.get("en") or [kb_state.label_en])[0]
    if people:
        en = (kb_state.people.get("en") or [adj_en + "s"])[0]
    else:
        groups = d.lex.mapping["groups"]
        noun = groups.get(tok.key) or groups.get(tok.lemma) or tok.text.lower()
        en = f"{adj_en} {noun}"
    iri = GKGR["group/" + slug(en)]
    surface = " ".join(t.text for t in toks[start:end])
    ent = d.entities.get(iri)
    if ent is None:
        ent = Entity(iri, "Group", en, labels={}, extra=[(iri, GKG.groupOf, state)])
        d.entities[iri] = ent
    if d.lang != "en":
        ent.labels.setdefault(d.lang, set()).add(surface[:1].lower() + surface[1:] if not people else surface)
    return Mention(start, end, "actor", [iri], "Group", via="group")


def _people_group(toks: list[Token], m: Mention, d: _Doc) -> Mention | None:
    """A group noun after the adjective of a people or movement without a state of its own
    (``ontology/kb/groups.yaml`` ``peoples``: "kurdische Kämpfer", "Islamist rebels"), as a group actor."""
    k = m.start - 1
    if k < 0 or not toks[k].text.isalpha() or d.lang == "de" and k > 0 and _is_upper(toks[k]):
        return None
    g = group_actor(toks[k].text, toks[m.start].text, d.lang)
    if g is None:
        return None
    if g.iri not in d.entities:
        d.entities[g.iri] = Entity(g.iri, "Group", g.label_en, labels={"de": {g.label_de}},
                                   extra=[t for t in group_triples(g) if t[1] == GKG.groupOf])
    out = Mention(k, m.end, "actor", [g.iri], "Group", via="group")
    if d.lang == "de" and toks[k].key.endswith("er") and k > 1 and _is_upper(toks[k - 1]) and toks[k - 1].text.isalpha():
        out.genitive, out.gen_head = True, k - 1  # "in der Hand islamistischer Rebellen": a genitive, no argument
    return out


def _events(toks: list[Token], ms: list[Mention], d: _Doc) -> None:
    """Turn event nouns and organisation names used as meetings into event mentions."""
    preps = {keys(p)[0] for p in d.lex.data.get("event_name_preps", [])}
    dets = d.lex.words.get("determiners", set())
    for m in list(ms):
        if m.kind == "actor" and m.cls == "InternationalOrganization":
            before = [t for t in toks[max(0, m.start - 3):m.start] if t.key not in _QUOTE_KEYS and t.key not in dets]
            nxt = _next(ms, m, toks, gap=1)
            meeting_name = any(_single(t, d, "events") or t.key in ("conference", "konferenz", "summit", "forum")
                               for t in toks[m.start:m.end])
            if before and before[-1].key in preps and meeting_name or (
                    nxt is not None and nxt.kind == "event" and all(t.key in ("-",) for t in toks[m.end:nxt.start])):
                kind = _event_kind(toks[nxt.start], d) if nxt is not None and nxt.kind == "event" else "summit"
                ev = _event_for(m.refs[0], d, toks[m.start:m.end], kind)
                if nxt is not None and nxt.kind == "event":
                    ms.remove(nxt)
                    m.end = nxt.end
                m.kind, m.refs, m.cls, m.via = "event", [ev], "Event", "name"
                # "(CICA)" right after the name is the same thing
                after = _next(ms, m, toks, gap=1)
                if after is not None and after.kind == "actor" and after.refs and \
                        after.refs[0] == d.entities[ev].extra[0][2] and toks[m.end].text == "(":
                    ms.remove(after)
                    m.end = after.end
    for m in ms:
        if m.kind == "event" and not m.refs:
            kind = _event_kind(toks[m.start], d)
            org = _next(ms, m, toks, gap=1, skip_det=True, d=d)
            if org is not None and org.kind == "actor" and org.cls == "InternationalOrganization":
                m.refs = [_event_for(org.refs[0], d, toks[org.start:org.end], kind)]
                ms.remove(org)
                m.end = org.end
            elif _definite(toks, m, d) and d.events and kind in d.entities[d.events[-1]].label_en:
                m.refs = [d.events[-1]]  # "der Gipfel", "bei diesem Gipfeltreffen in Astana": the summit
                # named last (not the last meeting or election)
            elif _place_after(toks, ms, m, d) or not _definite(toks, m, d) and kind != "summit":
                continue  # "eine UN-Konferenz in Paris", "an international conference called in Jakarta":
                # a new event, named after its place or participants later (_unnamed_events), or none
            elif d.events and kind in d.entities[d.events[-1]].label_en:
                m.refs = [d.events[-1]]
            elif _single(toks[m.start], d, "meeting_nouns") or _single(toks[m.start], d, "election_nouns"):
                continue
            elif owners := [x for x in ms if x.kind == "actor" and x.cls == "InternationalOrganization" and x.refs
                            and x.end <= m.start]:  # "Die Mitglieder der Brics-Gruppe haben ihr Gipfeltreffen …"
                m.refs = [_event_for(owners[-1].refs[0], d, toks[owners[-1].start:owners[-1].end], kind)]


def _event_kind(tok: Token, d: _Doc) -> str:
    """The English noun for an event word ("Gipfeltreffen" -> summit, "Generaldebatte" -> general debate),
    from the lexicon's ``event_kinds``; summit where the lexicon says nothing."""
    kinds = d.lex.data.get("event_kinds") or {}
    return kinds.get(tok.key) or kinds.get(tok.lemma) or kinds.get(tok.text.lower()) or "summit"


def _definite(toks: list[Token], m: Mention, d: _Doc) -> bool:
    """An event noun after a definite article or demonstrative ("der Gipfel", "this summit", "the summit's")."""
    defs = d.lex.words.get("event_definite", set())
    before = [t for t in toks[max(0, m.start - 3):m.start] if t.is_word]
    return bool(before) and any(t.key in defs for t in before[-2:])


def _place_after(toks: list[Token], ms: list[Mention], m: Mention, d: _Doc) -> Mention | None:
    """A place named right after an event noun with "in" ("Konferenz in Paris", "conference called in
    Jakarta"): the place mention, or None."""
    for j in range(m.end, min(len(toks) - 1, m.end + 4)):
        if toks[j].key in ("in", "im"):
            k = j + 1 + (toks[j + 1].key in d.lex.words.get("determiners", set()))
            return next((x for x in ms if x.start == k and x.kind == "actor" and x.refs
                         and (x.cls in ("Place", "State") or x.via == "capital")), None)
        if not toks[j].is_word or toks[j].text[:1].isupper():
            return None
    return None


def _short_name(iri: URIRef, d: _Doc) -> str:
    """The name an event's label uses for a participant: a person's surname, else the actor's label."""
    actor = d.kb.actors.get(iri)
    label = actor.label_en if actor else (d.entities[iri].label_en if iri in d.entities else str(iri).rsplit("/", 1)[-1])
    if d.cls_of(iri) != "Person":
        return label
    # the one-word name the knowledge base knows the person by ("Xi" for Xi Jinping), else the surname
    short = sorted(a for a in (actor.aliases.get("en", ()) if actor else ()) if " " not in a and a in label.split())
    return short[0] if short else label.split()[-1]


def _meeting_event(participants: list[URIRef], d: _Doc) -> URIRef:
    """An unnamed meeting of three or more participants, minted as an event named after them
    ("Putin–Xi–Erdoğan meeting"), the way the guidelines name events without a proper name."""
    names = [_short_name(p, d) for p in participants]
    label = "–".join(names) + " meeting"
    year = d.when.year if d.when and not d.inferred else None
    iri = GKGR["event/" + slug("-".join(names) + "-meeting") + (f"-{year}" if year else "")]
    if iri not in d.entities:
        d.entities[iri] = Entity(iri, "Event", label, alt_labels={"meeting of " + ", ".join(names)})
    if iri in d.events:
        d.events.remove(iri)
    d.events.append(iri)
    return iri


def _event_for(org: URIRef, d: _Doc, surface: list[Token], kind: str = "summit") -> URIRef:
    """The event of an international organisation named by an event noun ("EU-Gipfel" -> "EU summit",
    "UN-Konferenz" -> "UN conference", "Generaldebatte der UN-Vollversammlung" -> "UNGA general debate")."""
    actor = d.kb.actors[org]
    abbrevs = sorted((a for forms in actor.aliases.values() for a in forms if a.isupper() and len(a) <= 6),
                     key=lambda a: (len(a), a))
    short = next((a for a in sorted(actor.aliases.get("en", ()), key=lambda a: (len(a), a)) if a.isupper()),
                 abbrevs[0] if abbrevs else actor.label_en)  # sorted: a set's order changes with the hash seed
    year = d.when.year if d.when and not d.inferred else None
    iri = GKGR[f"event/{slug(short)}-{slug(kind)}" + (f"-{year}" if year else "")]
    if iri not in d.entities:
        text = " ".join(t.text for t in surface)
        de = {"summit": "Gipfel", "conference": "Konferenz", "meeting": "Treffen"}.get(kind)
        ent = Entity(iri, "Event", f"{short} {kind}" + (f" {year}" if year else ""),
                     labels={"de": {f"{short}-{de}" + (f" {year}" if year else "")}} if de else {},
                     alt_labels={f"{short} {kind}", f"{actor.label_en} {kind}", text}, extra=[(iri, GKG.about, org)])
        d.entities[iri] = ent
    if iri in d.events:
        d.events.remove(iri)
    d.events.append(iri)
    return iri


# ---------------------------------------------------------------------------- clauses

def _clauses(toks: list[Token], d: _Doc) -> list[tuple[int, int]]:
    """Clause boundaries: strong punctuation, and commas before subordinate or relative clauses."""
    bounds, start = [], 0
    openers = d.lex.words.get("clause_openers", set())
    rel = d.lex.words.get("relative_pronouns", set())
    # "Since Moscow brokered a truce, the EU has …": a fronted subordinate clause ends at its first comma
    fronted = bool(toks) and toks[0].key in d.lex.words.get("fronted_openers", set())
    for i, t in enumerate(toks):
        cut = t.text in (";", ":", "–", "—", "(", ")") or (t.text == "-" and i > 0 and toks[i - 1].end < t.start
                                                           and i + 1 < len(toks) and toks[i + 1].start > t.end)
        if t.text == "," and i + 1 < len(toks):
            nxt = toks[i + 1]
            after = toks[i + 2] if i + 2 < len(toks) else None
            if nxt.key in openers or nxt.key in d.lex.words.get("attribution.verbs", set()):
                cut = True
            elif nxt.key in rel and after is not None and not after.text[:1].isupper():
                cut = True
            elif nxt.key in _QUOTE_KEYS:
                cut = True
            elif fronted and not bounds and start == 0 and (toks[i - 1].text.islower() or nxt.text.islower()):
                cut = True  # not inside a list of names ("When Putin, Xi and Erdogan met, …")
        if cut:
            if i > start:
                bounds.append((start, i))
            start = i + 1 if t.text != "," else i
    if start < len(toks):
        bounds.append((start, len(toks)))
    return bounds or [(0, len(toks))]


def _prep_of(toks: list[Token], m: Mention, d: _Doc) -> str | None:
    preps = d.lex.words.get("prepositions", set())
    dets = d.lex.words.get("determiners", set())
    j, skipped = m.start - 1, 0
    while j >= 0 and skipped <= 3:
        t = toks[j]
        if t.key in preps:
            if t.key in ("von", "of") and j > 0 and toks[j - 1].key in d.lex.words.get("quantifiers", set()):
                return None  # "viele von ihnen", "many of them": the quantified noun phrase is bare
            return t.key
        partitives = d.lex.words.get("partitives", set())
        if t.key in partitives or t.key in ("der", "des", "of") and j > 0 and toks[j - 1].key in partitives:
            j -= 1  # "von Teilen der Ukraine", "von Teilen Georgiens": the preposition of the part
            continue
        if t.key in dets or t.key in _QUOTE_KEYS or t.text[:1].isdigit() or \
                (d.lang == "de" and t.text.islower() and t.key.endswith(("e", "en", "er", "es", "em")) and skipped < 2):
            j -= 1
            skipped += 1
            continue
        if d.lang == "en" and t.key == "of":
            return "of"
        return None
    return None


def _gen_head(toks: list[Token], m: Mention, d: _Doc, names: set[int] | None = None) -> int | None:
    """For a post-nominal genitive ("Angriffskrieg Russlands", "Integrität der Ukraine"), the noun's index."""
    j = m.start - 1
    quant = d.lex.words.get("quantifiers", set())
    if d.lang == "de":
        head = None
        if m.genitive and j >= 0 and toks[j].text[:1].isupper():
            head = j
        elif j >= 1 and toks[j].key in ("der", "des") and toks[j - 1].text[:1].isupper() and toks[j - 1].is_word:
            head = j - 1
        elif j >= 2 and toks[j - 1].key in ("der", "des") and toks[j].text.islower() and toks[j - 2].text[:1].isupper():
            head = j - 2
        elif m.genitive and m.via == "name" and m.end < len(toks) and toks[m.end].is_word \
                and toks[m.end].text[:1].isupper() and (names is None or m.end not in names):
            head = m.end  # "Russlands Aggression": a genitive before its noun, no subject or object of a verb
        if head is not None and toks[head].key in d.lex.words.get("partitives", set()) and m.prep is not None:
            return None  # "von Teilen der Ukraine": the part stands for the whole
        if head is None or (toks[head].key in quant and m.cls == "Group") or (names is not None and head in names):
            return None  # "ein Teil der Deserteure"; "trat Iran der SOZ bei": a name is no head noun
        return head
    if d.lang == "en" and j >= 2 and toks[j].key == "the" and toks[j - 1].key == "of":
        j -= 1  # "the visit of the Kenyan president": the article between "of" and the name
    if j >= 1 and toks[j].key == "of":
        k = j - 1
        if toks[k].key in d.lex.words.get("quantifiers", set()) or toks[k].text[:1].isdigit():
            return None  # "thousands of Russians": the quantified phrase itself
        if toks[k].text.islower() and toks[k].key not in ("the", "a"):
            return k
    return None


def _coordinated(ms: list[Mention], first: Mention, toks: list[Token], d: _Doc, same_prep: bool = True) -> list[Mention]:
    """``first`` and the mentions joined to it by "und", "and", commas and articles."""
    group = [first]
    coord = d.lex.words.get("coordinators", set()) | d.lex.words.get("determiners", set()) | _possessives(d)
    cur = first
    words = {w for w in d.lex.words.get("coordinators", set()) if w.isalpha()}
    closed = False
    for m in ms:
        if m.start < cur.end or m is first or _possessive_det(m, ms):
            continue
        between = toks[cur.end:m.start]
        if closed:  # "A, B and C" ends at C: "… between Armenia and Azerbaijan, the EU and the US …"
            break
        if between and all(t.key in coord or t.key in _QUOTE_KEYS for t in between) and \
                any(t.key in d.lex.words.get("coordinators", set()) for t in between) and m.is_actor and \
                not m.modifier and (not same_prep or m.prep is None or m.prep == first.prep):
            group.append(m)
            cur = m
            closed = any(t.key in words for t in between)
        elif m.start >= cur.end:
            break
    # commas alone make an apposition ("Turkey, a NATO member,"); a list ends with "und"/"and"
    if len(group) > 1 and not any(t.key in words for t in toks[group[0].end:group[-1].start]):
        return [first]
    return group


def _possessives(d: _Doc) -> set[str]:
    w = d.lex.words
    return w.get("pronouns.possessive_male", set()) | w.get("pronouns.possessive_female", set()) \
        | w.get("pronouns.possessive_plural", set()) | w.get("pronouns.possessive_neuter", set())


def _possessive_det(m: Mention, ms: list[Mention]) -> bool:
    """"his" in "and his Uzbek counterpart X": a determiner of the next phrase, no member of a list."""
    return m.via == "possessive" and any(0 <= x.start - m.end <= 1 for x in ms)  # "his visiting counterpart X"


def _segment(toks: list[Token], i: int) -> tuple[int, int]:
    """The comma-delimited stretch of tokens around position ``i``."""
    lo = max((k for k in range(0, i) if toks[k].text == ","), default=-1) + 1
    hi = next((k for k in range(i, len(toks)) if toks[k].text == ","), len(toks))
    return lo, hi


def _de_subject(actors: list[Mention], bare: list[Mention], idx: list[int], toks: list[Token],
                d: _Doc) -> list[Mention]:
    """The subject of a German verb: in a verb-final clause the first bare phrase of its comma
    segment; in a verb-second clause the phrase just before the finite verb, else just after it."""
    if not bare:
        return []
    head = idx[0]
    seg_start = max((k for k in range(0, head) if toks[k].text == ","), default=-1) + 1
    if head > 0 and toks[head - 1].key == "zu":  # "lehnt es ab, die Ukraine … zu unterstützen": the main clause's
        outside = [m for m in bare if m.end <= seg_start]
        if outside:
            subject = _coordinated(actors, outside[0], toks, d)
            controller = [m for m in outside if m not in subject]
            if controller and _object_control(toks, seg_start, d):
                return _coordinated(actors, controller[0], toks, d)  # "wirft Deutschland vor, Israel zu helfen"
            return subject
    seg_end = next((k for k in range(idx[-1] + 1, len(toks)) if not toks[k].is_word or toks[k].text == ","), len(toks))
    final = all(t.text.islower() for t in toks[idx[-1] + 1:seg_end])  # only verbs and particles follow
    in_seg = [m for m in bare if seg_start <= m.start and m.end <= head]
    if final and in_seg:
        return _coordinated(actors, _coordination_start(actors, in_seg[0], toks, d), toks, d)
    if not final and in_seg:
        return _coordinated(actors, _coordination_start(actors, in_seg[-1], toks, d), toks, d)
    if not final and not in_seg and head > seg_start and toks[seg_start].key in d.lex.words.get("determiners", set()):
        # verb second behind a noun phrase that names no actor ("Ein Leitartikel in der Washington Post forderte
        # Obama … auf"): that phrase is the subject, the name after the verb its object; the outlet or
        # organisation inside the phrase speaks for it
        return [m for m in actors if seg_start <= m.start and m.end <= head and m.cls == "Organization"][:1]
    right = [m for m in bare if head < m.start <= head + 3]
    if right and not final:
        return _coordinated(actors, right[0], toks, d)
    return _coordinated(actors, bare[0], toks, d)


def _object_control(toks: list[Token], end: int, d: _Doc) -> bool:
    """A verb before ``end`` whose object does what its zu-infinitive says ("forderte Russland auf, …
    abzuziehen", "warf China vor, Russland zu unterstützen"): lexicon entries of one or more words."""
    entries = d.lex._multi.get("object_control")
    if entries is None:
        entries = d.lex._multi["object_control"] = [keys(e) for e in d.lex.data.get("object_control", [])]
    start = max((k for k in range(0, end) if toks[k].text in (";", ":")), default=-1) + 1
    words = {t.key for t in toks[start:end]} | {t.lemma for t in toks[start:end]}
    return any(all(w in words for w in e) for e in entries)


def _coordination_start(ms: list[Mention], m: Mention, toks: list[Token], d: _Doc) -> Mention:
    """The first mention of the coordination ``m`` ends ("Russia and China signed" -> Russia)."""
    coord = d.lex.words.get("coordinators", set()) | d.lex.words.get("determiners", set()) | _possessives(d)
    cur = m
    for other in reversed([x for x in ms if x.end <= m.start and not _possessive_det(x, ms)]):
        between = toks[other.end:cur.start]
        if between and all(t.key in coord or t.key in _QUOTE_KEYS for t in between) and other.is_actor \
                and any(t.key in d.lex.words.get("coordinators", set()) for t in between):
            cur = other
        else:
            break
    return cur


# ---------------------------------------------------------------------------- coreference

def _resolve_pronouns(sent: Sentence, ms: list[Mention], d: _Doc, clauses: list[tuple[int, int]]) -> None:
    words = d.lex.words
    for m in ms:
        if m.kind == "actor" and m.via == "coref" and not m.refs and m.cls == "State":
            before = [x for x in ms if x.end <= m.start and x.kind == "actor" and x.cls == "State" and x.refs]
            if before:
                m.refs = list(before[-1].refs)
                continue
            government = _single(sent.tokens[m.start], d, "government_anaphors")
            if not government:
                # "Kasachstan hat eine Grenze mit Russland. Das Land …": the previous sentence's subject
                subj = coref.previous_subject(d, sent.index, ("State",))
                if subj is not None:
                    m.refs = list(subj.refs)
                    continue
            if government:
                # "die Regierung": the state the last sentences are about (named most often), not
                # merely the one named last ("US-amerikanischen Diplomatenkreisen" in a story on Serbia)
                counts = coref.state_salience(d, since=sent.index - 3)
                if counts:
                    top = max(counts.values())
                    best = [r for r, c in counts.items() if c == top]
                    if len(best) == 1 and top >= 2:
                        m.refs = best
                        continue
            for s_idx, x in reversed(d.history):
                if s_idx < sent.index - 2:
                    break
                if x.cls == "State" and x.refs and not x.speaker and not (government and x.prep is not None):
                    m.refs = list(x.refs)  # "die Regierung": a state that acted, not one acted upon
                    break
            continue
        if m.kind == "parties" and m.via == "pair":
            pair = coref.last_pair(d, sent.index, [x for x in ms if x.end <= m.start])
            if pair:
                m.refs = pair
            continue
        if m.kind == "parties":
            recent = [c for c in d.conflicts if c[0] >= sent.index - 3]
            if recent:
                m.refs = [recent[-1][1], recent[-1][2]]
                m.cls = "State"
            continue
        if m.kind != "pron" or m.refs:
            continue
        key = sent.tokens[m.start].key
        plural = key in words.get("pronouns.plural", set()) | words.get("pronouns.possessive_plural", set())
        if d.lang == "de" and key in ("sie",) and m.start > 0 and sent.tokens[m.start - 1].key in ("werden", "haben", "sind", "wollen", "konnen", "mussen"):
            plural = True
        if plural:
            recent = [g for g in d.groups_of_actors if g[0] >= sent.index - 2]
            groups = [x for _, x in d.history if x.cls == "Group" and _ >= sent.index - 3]
            if key in ("ihnen", "them", "they", "their") and groups:
                m.refs, m.cls = list(groups[-1].refs), "Group"
            elif recent:
                m.refs, m.cls = list(recent[-1][1]), "State"
            elif groups:
                m.refs, m.cls = list(groups[-1].refs), "Group"
            continue
        if key in words.get("pronouns.possessive_neuter", set()) | words.get("pronouns.neuter", set()):
            cands = [x for x in ms if x.end <= m.start and x.is_actor and x.kind == "actor"
                     and x.cls in ("State", "InternationalOrganization", "Organization", "Region") and not x.speaker]
            if cands:
                m.refs, m.cls = list(cands[-1].refs), cands[-1].cls
            continue
        if m.via == "possessive":
            lo = next((a for a, b in clauses if a <= m.start < b), 0)
            cands = [x for x in ms if lo <= x.start and x.end <= m.start and x.is_actor and x.kind == "actor"
                     and x.cls in ACTOR_CLASSES and x.prep is None and not x.speaker]
            if not cands and m.fronted:  # "Zum Abschluss seines Besuchs ist Kurz …": the subject after the verb
                cands = [x for x in ms if x.start >= m.end and not x.fronted and x.is_actor and x.kind == "actor"
                         and x.cls in ("Person", "State") and x.prep is None and x.gen_head is None
                         and x.via != "adj" and not x.speaker][:1]
            if cands:
                m.refs, m.cls = list(cands[0].refs), cands[0].cls
                continue
        # singular: the most recent person, in this sentence before the pronoun or earlier
        cands = [x for x in ms if x.end <= m.start and x.is_actor and x.cls == "Person" and x.kind == "actor"
                 and not x.speaker]
        if cands:
            m.refs, m.cls = list(cands[-1].refs), "Person"
            continue
        if m.via == "possessive":
            cands = [x for x in ms if x.end <= m.start and x.is_actor and x.kind == "actor" and x.cls in ACTOR_CLASSES]
            if cands:
                m.refs, m.cls = list(cands[-1].refs), cands[-1].cls
                continue
        # "Ban said that he condemns …": the speaker himself
        own = [x for x in ms if x.speaker and x.cls == "Person" and x.refs and x.cue is not None
               and x.end <= x.cue < m.start]
        if own:
            m.refs, m.cls = list(own[-1].refs), "Person"
            continue
        if m.via == "pron":
            # "Lavrov met Wang Yi in Beijing. He then flew to Ankara": the previous sentence's subject
            subj = coref.previous_subject(d, sent.index, ("Person",),
                                          main_subject=(lambda k: _main_subject(d, k)) if d.lang == "en" else None)
            if subj is not None:
                m.refs, m.cls = list(subj.refs), "Person"
                continue
        for s_idx, x in reversed(d.history):
            if s_idx < sent.index - 3:
                break
            if x.cls == "Person" and x.refs and not x.speaker:
                m.refs, m.cls = list(x.refs), "Person"
                break


# ---------------------------------------------------------------------------- triggers

def _match_trigger(trig: Trigger, toks: list[Token], lo: int, hi: int,
                   only_at: bool = False) -> list[tuple[int, int, list[int]]]:
    """Every place the pattern matches in toks[lo:hi] (or only at ``lo``): (first, last, token indices)."""
    out = []
    pat = trig.pattern
    for i in range(lo, lo + 1 if only_at else hi):
        if pat[0] is None or not any(e.matches(toks[i].key, toks[i].lemma) for e in pat[0]):
            continue
        idx, j, ok, gap = [i], i + 1, True, False
        for n_el, el in enumerate(pat[1:], 1):
            if el is None:
                gap = True
                continue
            last = n_el == len(pat) - 1
            k, skipped = None, 0  # a gap spans up to eight words; numbers and punctuation ("14,42") are free
            for cand in range(j, hi if gap else min(hi, j + 1)):
                if cand > j and toks[cand - 1].is_word and not toks[cand - 1].text[:1].isdigit():
                    skipped += 1
                if skipped >= 9 and not last:
                    break
                if any(e.matches(toks[cand].key, toks[cand].lemma) for e in el) \
                        and (skipped < 9 or cand + 1 >= hi or not toks[cand + 1].is_word):
                    k = cand
                    break
            if k is None:
                ok = False
                break
            idx.append(k)
            j, gap = k + 1, False
        if ok:
            out.append((idx[0], idx[-1], idx))
    return out


def _allowed(trig: Trigger, role: str, cls: str) -> bool:
    want = trig.classes.get(role)
    if want:
        return cls in want
    if role == "subject":
        return cls in ACTOR_CLASSES
    return cls in ACTOR_CLASSES or cls in ("Place", "Event")


def _claims_for_sentence(sent: Sentence, ms: list[Mention], d: _Doc) -> None:
    toks = sent.tokens
    names = {k for m in ms if m.kind in ("actor", "event") and m.via in ("name", "capital", "seat")
             for k in range(m.start, m.end)}
    for m in ms:
        m.prep = _prep_of(toks, m, d)
        m.gen_head = _gen_head(toks, m, d, names)
        if d.lang == "en" and m.start > 0 and toks[m.start - 1].key in ("a", "an") and m.kind == "actor" \
                and m.end < len(toks) and toks[m.end].text[:1].islower():
            m.modifier = True
        if d.lang == "de" and m.kind == "actor" and m.end + 1 < len(toks) and toks[m.end].text == "-" \
                and toks[m.end].start == toks[m.end - 1].end and toks[m.end + 1].start == toks[m.end].end \
                and toks[m.end + 1].is_word and not any(x.start == m.end + 1 for x in ms):
            m.modifier = True  # "EU-Diplomaten", "Russland-Politik": the name qualifies a noun, it is no argument
    clauses = _clauses(toks, d)
    vorfeld = _vorfeld(toks, d)
    for m in ms:
        m.fronted = vorfeld is not None and vorfeld[0] <= m.start and m.end <= vorfeld[1]
    speaker_m = _attribution(sent, ms, d)
    _resolve_pronouns(sent, ms, d, clauses)
    speaker = speaker_m.refs[0] if speaker_m is not None and speaker_m.refs else None
    if speaker is not None:
        d.last_speaker = (sent.index, speaker)
    # the dependency patterns first; the trigger lexicon reads only the predicates they leave
    used_tokens: set[int] = _syntax_claims(sent, ms, d, speaker, clauses)
    ps = _patterns(d.lang)
    replaced = {p.relation for p in ps.patterns} if ps is not None and ps.mode == "replace" else set()
    nominal = d.lex.words.get("noun_markers", set())
    hits = []
    for lo, hi in clauses:
        for i in range(lo, hi):
            for trig in d.lex.triggers_at(toks[i].key, toks[i].lemma):
                if trig.relation in replaced:
                    continue  # the patterns alone read this relation (mode: replace)
                if trig.kind == "verb" and i > 0 and toks[i - 1].key in nominal and (d.lang == "en" or _is_upper(toks[i])):
                    continue  # "a meeting in Tehran", "Aliyev's demand": a noun, whatever its lemma
                if trig.kind == "verb" and d.lang == "en" and trig.length == 1 and i + 1 < hi \
                        and toks[i + 1].key == "of":
                    continue  # "the state visit of X to Y": a verb form followed by "of" is a noun with its genitive
                if trig.kind == "noun" and i > 0 and _single(toks[i], d, "partitives") \
                        and toks[i - 1].key in d.lex.words.get("prepositions", set()):
                    continue  # "die Annexion von Teilen der Ukraine": a part, no relation of its own
                for first, last, idx in _match_trigger(trig, toks, i, hi, only_at=True):
                    hits.append((-(trig.length), -(last - first), first, trig, lo, hi, idx))
    hits.sort(key=lambda h: (h[0], h[2]))
    chosen = []
    for _neg_len, _span, first, trig, lo, hi, idx in hits:
        if any(k in used_tokens for k in idx):
            continue
        if any(m.start <= k < m.end for m in ms for k in idx if m.kind in ("actor", "event") and m.refs
               and trig.subject != "self"):
            continue  # the word is part of a name
        wanted = trig.classes.get("object")
        if wanted and trig.relation != "callsFor" and not any(
                m.cls in wanted or m.kind not in ("actor", "event") for m in ms
                if lo <= m.start < hi and m.start not in idx and (m.is_actor or m.kind == "event")):
            continue  # no possible object here ("ruft den UN-Sicherheitsrat an" is no phone call): another reading may fit
        used_tokens.update(idx)
        chosen.append((first, trig, lo, hi, idx))
    chosen.sort(key=lambda c: c[0])
    if d.lang == "en":  # "U.S. sanctions against X": a name before a noun trigger modifies it, it is no subject
        starts = {c[0] for c in chosen if c[1].kind == "noun" and "compound" not in c[1].object}
        for m in ms:
            if m.end in starts and m.via == "name" and m.cls in ("State", "InternationalOrganization") \
                    and toks[m.end].text[:1].islower():
                m.modifier = True
    for first, trig, lo, hi, idx in chosen:
        in_clause = [m for m in ms if lo <= m.start and m.end <= hi]
        others = [(c[0], c[1].kind) for c in chosen if c[0] != first and lo <= c[0] < hi and c[1].relation != trig.relation]
        _apply_trigger(trig, idx, in_clause, sent, d, speaker, lo, hi, all_ms=ms, others=others)
    _participation(sent, ms, d, clauses, speaker)
    _locations(sent, ms, d, clauses)


def _syntax_claims(sent: Sentence, ms: list[Mention], d: _Doc, speaker: URIRef | None,
                   clauses: list[tuple[int, int]]) -> set[int]:
    """Claims from the relation patterns over the sentence's dependency parse (``loaders/patterns``).
    Only a sentence with two mentions and a trigger lemma is parsed. Returns the tokens of the
    predicates the patterns read (their subject and object found), which the trigger lexicon skips."""
    ps = _patterns(d.lang)
    args = [m for m in ms if (m.is_actor or m.kind == "event") and m.refs]
    toks = sent.tokens
    if ps is None or ps.mode == "off" or len(args) < 2 or not _triggered(sent, ps, d):
        return set()
    from geokg.loaders.patterns import match
    ptoks = _parse_of(sent, d)
    # parse token -> text token, by character offsets
    to_text: list[int | None] = []
    k = 0
    for p in ptoks:
        a = p.start + sent.start
        while k < len(toks) and toks[k].end <= a:
            k += 1
        to_text.append(k if k < len(toks) and toks[k].start < p.end + sent.start else None)
    owner = {i: m for m in args for i in range(m.start, m.end)}

    def mentions(heads: list[int]) -> list[Mention]:
        out: list[Mention] = []
        for h in heads:
            m = owner.get(to_text[h]) if to_text[h] is not None else None
            if m is None and ptoks[h].pos == "ADJ" and to_text[h] is not None:  # "the Russian ambassador"
                m = next((Mention(x.start, x.end, "actor", [e.iri], "State", via="adj")
                          for x in [Mention(to_text[h], to_text[h] + 1, "actor", [], "State")]
                          for e in d.gaz.lookup((toks[to_text[h]].key,)) if e.cls == "State"), None)
            if m is not None and m not in out:
                out.append(m)
        return out

    def keep(i: int) -> bool:  # a mention, a relative pronoun, or a demonym ("the Russian ambassador")
        return (to_text[i] in owner or ptoks[i].pos in ("ADJ", "PRON")) if to_text[i] is not None else False

    covered: set[int] = set()
    read: set[tuple[int, str]] = set()  # (token, relation): one pattern per relation and predicate
    for mt in match(ptoks, d.lang, ps, keep):
        p = mt.pattern
        idx = sorted({to_text[i] for i in mt.tokens if to_text[i] is not None})
        if not idx or any((i, p.relation) in read or (i, "*") in read for i in idx):
            continue
        if mt.blocked:
            covered.update(idx)
            read.update((i, "*") for i in idx)
            continue
        subjects, objects = mentions(mt.subjects), mentions(mt.objects)
        objects = [o for o in objects if o not in subjects]
        if p.symmetric and not subjects and len(objects) >= 2:  # "tensions between X and Y"
            subjects, objects = objects[:1], objects[1:]
        if not subjects or not (objects or (p.collective and len(subjects) >= 2)):
            continue
        lo, hi = next(((a, b) for a, b in clauses if a <= idx[0] < b), (0, len(toks)))
        trig = Trigger(id=p.id, relation=p.relation, pattern=[], kind=p.pos, object=[], genitive="agent",
                       subject="default", collective=p.collective, dyad=p.relation == "tensionWith",
                       confidence=p.confidence, classes=p.classes)
        agent = subjects[0] if p.pos == "noun" else None
        negated = mt.negated or (d.lang == "de" and _negated(toks, idx, lo, d, hi=hi, verb=p.pos == "verb"))
        _emit(trig, subjects, objects, agent, idx, sent, d, speaker, lo, hi, negated=negated)
        covered.update(idx)
        read.update((i, p.relation) for i in idx)
    return covered


def _parse_of(sent: Sentence, d: _Doc) -> list:
    """The sentence's dependency parse, from the document's batch or parsed now (and kept)."""
    from geokg.loaders.parse import parse
    if d.parses is None:  # one batch for the document: every sentence with a trigger (a parse call has overhead)
        ps = _patterns(d.lang)
        todo = [s for s in d.sentences if ps is not None and _triggered(s, ps, d)]
        d.parses = dict(zip((s.index for s in todo), parse([s.text for s in todo], d.lang))) if todo else {}
    if sent.index not in d.parses:
        d.parses[sent.index] = parse([sent.text], d.lang)[0]
    return d.parses[sent.index]


def _main_subject(d: _Doc, index: int) -> set[int]:
    """Text tokens heading the subjects of a sentence's main clause, by its parse (empty when the parse
    has none). Used where only the subject will do: a pronoun opening the next sentence continues it."""
    from geokg.loaders.parse import clauses
    sent = next((s for s in d.sentences if s.index == index), None)
    if sent is None:
        return set()
    ptoks = _parse_of(sent, d)
    cs = clauses(ptoks, d.lang)
    heads = [i for c in cs if c.relation == "root" for i in c.subjects]
    if not heads:  # a root misread as a noun ("the re-election …, Blair said"): the first verb beside it
        heads = next((c.subjects for c in cs if c.relation in ("parataxis", "conj") and c.subjects
                      and ptoks[c.predicate].pos in ("VERB", "AUX")), [])
    out = set()
    for h in heads:
        a, b = ptoks[h].start + sent.start, ptoks[h].end + sent.start
        out |= {k for k, t in enumerate(sent.tokens) if t.start < b and a < t.end}
    return out


def _patterns(lang: str):
    """The language's relation patterns, or None. Imported on first use: the parser and its lemmatiser
    are heavy, and commands that only read a store import this module without needing them."""
    from geokg.loaders.patterns import LANGS, load_patterns
    return load_patterns(lang) if lang in LANGS else None


def _triggered(sent: Sentence, ps, d: _Doc) -> bool:
    """Whether a pattern's trigger word is in the sentence (German: a separable verb joined with its
    particle before punctuation, "warf ... vor" -> vorwerfen)."""
    toks = sent.tokens
    forms = [t.key for t in toks] + [t.lemma for t in toks]
    if d.lang == "de":
        parts = [t.key for j, t in enumerate(toks[:-1]) if t.text.islower() and not toks[j + 1].is_word]
        forms += [p + t.lemma for p in parts for t in toks if t.is_word and t.text.islower()]
    return ps.triggered(forms)


def _bare(m: Mention, trig_idx: list[int]) -> bool:
    return m.prep is None and m.gen_head is None and not m.speaker and not m.modifier and not m.fronted \
        and m.via not in ("adj",) and m.start not in trig_idx


def _vorfeld(toks: list[Token], d: _Doc) -> tuple[int, int] | None:
    """German verb-second: a sentence opening with a prepositional phrase ("Mitten im Konflikt zwischen
    Katar und … hat der Bundessicherheitsrat …") holds no subject before its finite verb. The span of
    that phrase, which ends at the first lower-case word after a noun that is no article, preposition
    or conjunction (the finite verb), or None."""
    if d.lang != "de":
        return None
    w = d.lex.words
    preps = w.get("prepositions", set())
    k = 0
    while k < len(toks) and toks[k].key in _QUOTE_KEYS:
        k += 1
    start = k
    if k < len(toks) and toks[k].key in w.get("vorfeld_adverbs", set()):
        k += 1
    if k >= len(toks) or toks[k].key not in preps:
        return None
    skip = preps | w.get("determiners", set()) | w.get("coordinators", set()) | _possessives(d)
    for j in range(k + 1, len(toks)):
        t, prev = toks[j], toks[j - 1]
        if t.text in (",", ";", ":", "(", "–", "—"):
            return None  # a list or an insertion: no plain verb-second clause
        if t.is_word and t.text.islower() and t.key not in skip and not t.text[:1].isdigit() \
                and (prev.text[:1].isupper() or prev.text[:1].isdigit()):
            return (start, j)
    return None


def _apply_trigger(trig: Trigger, idx: list[int], ms: list[Mention], sent: Sentence, d: _Doc,
                   speaker: URIRef | None, lo: int, hi: int, all_ms: list[Mention] | None = None,
                   others: list[tuple[int, str]] | None = None) -> None:
    toks = sent.tokens
    # a verb of saying that is itself the trigger ("Tokayev warned Russia"): its speaker is the subject
    cue_speaker = next((m for m in ms if m.speaker and m.cue is not None and m.cue in idx), None)
    if cue_speaker is not None:
        cue_speaker.speaker = False
        try:
            return _apply_trigger(trig, idx, ms, sent, d, None, lo, hi, all_ms, others)
        finally:
            cue_speaker.speaker = True
    for m in ms:  # "die Konfliktparteien": both sides of the latest conflict, this sentence included
        if m.kind == "parties" and not m.refs and d.conflicts:
            m.refs = [d.conflicts[-1][1], d.conflicts[-1][2]]
        elif m.kind == "parties" and not m.refs:  # no war in sight: the last pair named before this clause
            earlier = [x for x in (all_ms or ms) if x.end <= lo]  # ("between Armenia and Azerbaijan, … the two sides")
            pairs = [g for g in _all_coordinations(sent, earlier, d) if len(g) == 2] or \
                [g for s_idx, g in d.groups_of_actors if s_idx >= sent.index - 2 and len(g) == 2]
            if pairs:
                m.refs, m.cls = list(pairs[-1]), "State"
    if trig.relation == "callsFor" and any(i == sent.index and a <= idx[0] < b for i, a, b in d.relayed):
        return  # "wants Britain to use its influence to pressure the US to …": the outer caller's appeal
    if trig.kind == "noun" and fold(trig.relation) in d.lex.words.get("acts_called_for", set()) and any(
            i == sent.index and a <= idx[0] < b for i, a, b in d.aim_spans):
        return  # "sich für das Abkommen mit dem Iran stark machen": an agreement called for, not signed
    head = idx[-1] if trig.kind == "noun" else idx[0]
    actors = [m for m in ms if (m.is_actor or m.kind == "event") and not m.speaker]
    objects: list[Mention] = []
    subjects: list[Mention] = []
    by_modifier = False
    agent: Mention | None = None

    # a place named in the noun itself: "seinem Deutschland-Besuch", "his Moscow trip" (the place is the object)
    compound = None
    if trig.kind == "noun" and "compound" in trig.object:
        compound = next((m for m in actors if m.kind == "actor" and m.via in ("name", "capital") and m.end <= idx[0]
                         and m.cls in ("State", "Place", "Region") and 0 <= idx[0] - m.end <= 1
                         and all(t.text == "-" for t in toks[m.end:idx[0]])), None)
    # the agent of a noun trigger: adjective, Saxon or post-nominal genitive, possessive
    if trig.kind == "noun":
        anchor = compound.start if compound is not None else idx[0]
        for m in actors:
            if m is compound:
                continue
            close_before = m.end <= anchor and len([t for t in toks[m.end:anchor] if t.key not in _QUOTE_KEYS
                                                    and not (t.text.islower() and d.lang == "de")]) == 0 \
                and anchor - m.end <= 2
            if d.lang == "en" and not close_before and m.end <= anchor and anchor - m.end <= 3 \
                    and (m.genitive or m.via == "possessive") \
                    and all(t.text == "-" or t.text.isalpha() and t.text.islower() for t in toks[m.end:anchor]):
                close_before = True  # "Russia's full-scale invasion", "its unprovoked attack": adjectives between
            if close_before and (m.via == "adj" or m.genitive or m.via == "possessive"):
                agent = m
            elif d.lang == "en" and m.end == anchor and m.via == "name" and m.prep is None and not m.speaker \
                    and m.cls in ("State", "InternationalOrganization") and "compound" not in trig.object:
                agent = m  # an attributive name: "U.S. sanctions against Venezuela", "NATO support for Kyiv"
            elif m.gen_head in idx and trig.genitive == "agent":
                agent = agent or m
        if agent is None:  # "the annexation by Russia", "die Annexion durch Russland", "attacks from Gaza"
            agent_preps = d.lex.words.get("agent_preps", set()) | \
                (d.lex.words.get("source_preps", set()) if trig.relation == "attacks" else set())
            by = [m for m in actors if m.prep in agent_preps and 0 < m.start - idx[-1] <= 6]
            if by:
                agent = by[0]
    # objects
    for spec in trig.object:
        if spec == "genitive" or (trig.kind == "noun" and trig.genitive == "object" and spec == trig.object[0] and not objects):
            cands = [m for m in actors if m.gen_head in idx or (m.genitive and m.end <= idx[0] and idx[0] - m.end <= 1)]
            if cands:
                objects = _coordinated(actors, cands[0], toks, d)
        if objects:
            break
        if spec == "compound":
            if compound is not None:
                objects = [compound]
            continue
        if spec == "modifier":  # "NATO member Turkey", "EU-Mitglied Ungarn": the name before the noun
            mod = [m for m in actors if m.end <= idx[0] and m.kind == "actor"
                   and all(t.text == "-" for t in toks[m.end:idx[0]])]
            if mod and _allowed(trig, "object", mod[-1].cls):
                objects, by_modifier = mod[-1:], True
        elif spec == "event":
            evs = [m for m in ms if m.kind == "event" and m.refs]
            if evs:
                objects = [min(evs, key=lambda m: abs(m.start - head))]
        elif spec == "aim":
            objects = _free_aim(toks, idx, ms, sent, d, lo, hi)
        elif spec == "direct" and trig.kind == "noun":
            continue  # a noun takes its object through a preposition or a genitive
        elif spec == "direct":
            cands = [m for m in actors if _bare(m, idx) and m.via != "possessive"]
            proxied = _proxy_objects(actors, idx, toks, d)  # "die Kandidatur von Jeremic unterstützen"
            if proxied:
                cands = proxied
            elif d.lang == "en":
                cands = [m for m in cands if m.start > idx[0]]
            else:  # German: whatever is not the subject, after the verb first
                group = _de_subject(actors, cands, idx, toks, d) if trig.kind == "verb" else \
                    (_coordinated(actors, cands[0], toks, d) if cands else [])
                cands = [m for m in cands if m not in group]
                if idx[0] > 0 and toks[idx[0] - 1].key == "zu":  # "…, kurdische Gruppen zu unterstützen"
                    seg = _segment(toks, idx[0])
                    cands = [m for m in cands if seg[0] <= m.start < seg[1]]
                elif len([p for p in trig.pattern if p is not None]) > 1 and any(p is None for p in trig.pattern):
                    seg = _segment(toks, idx[0])  # "greift X an": X is inside, or at least in its comma segment
                    cands = [m for m in cands if idx[0] < m.start < idx[-1]] or \
                        [m for m in cands if seg[0] <= m.start < seg[1]]
                else:  # the verb's own comma segment first ("haben China vorgeworfen, Russland zu …")
                    seg = _segment(toks, idx[0])
                    cands = sorted(cands, key=lambda m: (not seg[0] <= m.start < seg[1], m.start < idx[0], m.start))
            if not cands:  # "bedroht die Sicherheit Russlands": the genitive of the noun after the verb
                cands = [m for m in actors if m.gen_head is not None and m.gen_head > idx[0]
                         and m.gen_head - idx[0] <= 3 and m.start > idx[0]]
            if not cands and d.lang == "en":  # "criticized U.S. sanctions": the name that modifies the object
                cands = [m for m in actors if m.modifier and m.via == "name" and m.prep is None and m.start > idx[-1]
                         and m.start - idx[-1] <= 2]
            if not cands:  # "condemned the Russian invasion": the state behind the act
                seg = _segment(toks, idx[0])  # German verb-final: "hat die iranischen Angriffe verurteilt"
                cands = [m for m in actors if m.via == "adj" and m.prep is None and m.start > idx[0]
                         and m.end < len(toks) and toks[m.end].is_word and not toks[m.end].text[:1].isupper()
                         or m.via == "adj" and m.prep is None and d.lang == "de"
                         and (m.start > idx[-1] or seg[0] <= m.start and m.gen_head is None)]
            if cands:
                objects = _coordinated(actors, cands[0], toks, d)
        elif spec:
            cands = [m for m in actors if m.prep == spec and not (d.lang == "de" and m.modifier) and not any(  # another relation's trigger owns what lies beyond it
                (idx[-1] < k < m.start) or (m.end <= k < idx[0] and kind == "verb") for k, kind in (others or []))]
            if trig.kind == "noun":  # the object of a noun follows it closely: "Angriff Russlands auf die Ukraine"
                # (after its post-nominal genitive agent: "the visit of Tajik President X to Uzbekistan")
                near = agent.end if agent is not None and agent.gen_head in idx and agent.start > idx[-1] else idx[-1]
                cands = [m for m in cands if m.start > idx[-1] and m.start - near <= 6 and not any(
                    t.is_word and t.text[:1].isupper() and not any(x.start <= k < x.end for x in ms)
                    and t.key not in d.lex.words.get("partitives", set())
                    for k, t in enumerate(toks[idx[-1] + 1:m.start], idx[-1] + 1))]
            if cands:
                best = min(cands, key=lambda m: (m.start < head, abs(m.start - head)))
                objects = [best] + [x for x in _coordinated(actors, best, toks, d, same_prep=False)[1:]]
        if objects:
            break
    if not objects and trig.relation in ("callsFor", "supports"):
        switched = _stance_object(trig, idx, ms, actors, sent, d, lo, hi)
        if switched is not None:
            trig, objects = switched
    if trig.kind == "noun" and trig.relation == "attacks" and objects and (agent is None or agent.via == "possessive") \
            and objects[0].prep in d.lex.words.get("locative_preps", set()):
        return  # "des Krieges in der Ukraine", "seinen Krieg in der Ukraine": only "der russische Krieg in …" names the attacker
    if trig.kind == "noun" and trig.genitive == "object" and not objects:
        cands = [m for m in actors if m.gen_head in idx]
        if cands:
            objects = [cands[0]]
    # English passive: "was attacked by Russia"
    if d.lang == "en" and trig.kind == "verb" and idx[0] > 0 and toks[idx[0] - 1].key in ("was", "were", "been", "being", "is", "are", "be") \
            and not toks[idx[0]].key.endswith("ing"):  # "is pressing the US to …" is no passive
        by = [m for m in actors if m.prep == "by" and m.start > idx[-1]]
        if trig.relation == "callsFor" and not by:
            return  # "Mr Blair was being urged to act": he is asked, the one who asks is not named
        before = [m for m in actors if m.end <= idx[0] and _bare(m, idx)]
        if by and before:
            subjects, objects = _coordinated(actors, by[0], toks, d, same_prep=False), _coordinated(actors, before[-1], toks, d)
    # a fronted German participle with its agent after it: "Unterstützt durch die Luftangriffe der Russen,
    # nutzt die YPG …" (Russia supports the YPG, the main clause's subject)
    if d.lang == "de" and trig.kind == "verb" and idx[-1] + 1 < len(toks) \
            and toks[idx[-1] + 1].key in d.lex.words.get("participle_agent_preps", set()) \
            and (idx[0] == 0 or toks[idx[0] - 1].text == ","):
        seg = _segment(toks, idx[0])
        agents = [m for m in (all_ms or ms) if idx[-1] < m.start < seg[1] and m.kind == "actor" and m.refs]
        main = [m for m in (all_ms or ms) if m.start > seg[1] and m.kind == "actor" and m.refs and m.prep is None
                and not m.genitive and not m.modifier]
        if not agents or not main:
            return
        subjects, objects = agents[:1], main[:1]
    if d.lang == "de" and trig.kind == "verb" and "von" not in trig.object and "vom" not in trig.object:
        aux = [k for k in range(lo, idx[0]) if toks[k].lemma == "werden" or toks[k].key in ("wurde", "wurden", "worden")]
        by = [m for m in actors if m.prep in ("von", "vom") and m.end <= idx[0] and (not aux or m.start > aux[0])
              and m.cls in ("Person", "State", "InternationalOrganization", "Organization")
              and m not in _proxy_objects(actors, idx, toks, d)]  # "die Kandidatur von X unterstützen": no agent
        if by and any(t.key in ("und", "oder", "sowie") for t in toks[by[-1].end:idx[0]]):
            by = []  # "wird von Li empfangen und später Xi treffen": the passive ended before the trigger
        if by and (aux or idx[0] - by[-1].end <= 1):
            rest = [m for m in actors if _bare(m, idx) and m not in by and m.kind in ("actor", "pron")]
            if rest:
                subjects, objects = _coordinated(actors, by[-1], toks, d, same_prep=False), _coordinated(actors, rest[0], toks, d)
    # subjects
    if trig.subject == "speaker":  # "the prime minister should make a statement, Mr Kennedy said": his appeal
        subjects = [m for m in (all_ms or ms) if m.speaker and m.refs and m.refs[0] == speaker][:1]
        if not subjects or not objects:
            return
        speaker = None  # his own speech act: not attributed
    if not subjects:
        if trig.subject == "agent":  # "das Freihandelsabkommen der EU mit Neuseeland": only the noun's own
            subjects = [agent] if agent is not None and agent.refs else []  # genitive, never the clause's subject
        elif trig.subject == "self" or by_modifier:
            subjects = _self_subject(trig, idx, ms, objects, sent, d)
        elif agent is not None and (agent.refs or agent.kind == "event") and (objects or trig.genitive == "agent"):
            subjects = [agent]
        else:
            bare = [m for m in actors if _bare(m, idx) and m not in objects
                    and (m.kind != "event" or "Event" in trig.classes.get("subject", []))]
            if d.lang == "en":  # SVO: the subject is the coordination just before the verb; a noun's
                before = [m for m in bare if m.end <= idx[0] and not (trig.kind == "verb" and m.genitive)]  # implicit agent is the clause's subject
                if before:  # ("Erdogan is due to visit Russia for talks with Putin")
                    bare = [_coordination_start(actors, before[-1 if trig.kind == "verb" else 0], toks, d)]
                elif trig.kind == "verb" and trig.relation == "callsFor":
                    bare = []  # "urged Europe and the US to …": the addressees after an appeal are not its subject
            if _relative_to_a_thing(toks, all_ms or ms, lo, d) or _relative_to_a_thing(toks, all_ms or ms, next(
                    (k for k in range(idx[0] - 1, max(lo, idx[0] - 3) - 1, -1)
                     if toks[k].key in d.lex.words.get("relative_subjects", set())), 0), d):
                return  # "the Tsunami which struck south Asia": the relative clause's subject is no actor
            rel_ante = _relative_antecedent(toks, all_ms or ms, lo, d, sent)
            if rel_ante is not None:
                subjects = [rel_ante]
                if rel_ante.speaker:  # "…, meint Umarov, der bei X forscht": narration, not his statement
                    speaker = None
            elif bare:
                if d.lang == "de" and trig.kind == "verb":
                    subjects = _de_subject(actors, bare, idx, toks, d)
                    subjects = _list_head(subjects, all_ms or ms, toks, lo, d) + subjects
                else:
                    subjects = _coordinated(actors, bare[0], toks, d)
                subjects = [s for s in subjects if s not in objects]
            elif agent is not None and agent.refs:
                subjects = [agent]
            elif lo > 0 and toks[lo + (toks[lo].text == "," and lo + 1 < hi)].key \
                    in d.lex.words.get("clause_coordinators", set()) and \
                    (shared := _shared_subject(toks, all_ms or ms, lo, idx, objects, d)):
                subjects = shared  # "China did not confirm it, but accused India …": the first clause's subject
            else:  # the speaker did it: "wie Putin nach dem Treffen mit Xi sagte", "China warned … and accused X"
                own = [m for m in ms if m.speaker and m.refs and m.prep is None and m not in objects
                       and (trig.kind == "noun" or not any(t.text in (",", ":") or t.key in ("that", "dass")
                                                           for t in toks[m.end:idx[0]]))]
                if own:
                    subjects = own[:1]
    if trig.kind == "noun" and agent is None and not subjects and trig.genitive == "agent" \
            and not ((trig.collective or trig.dyad) and len(objects) >= 2):
        return
    _emit(trig, subjects, objects, agent, idx, sent, d, speaker, lo, hi)
    if d.lang == "de" and trig.kind == "verb" and subjects and objects and objects[0].kind == "actor":
        for s2, o2 in _gapped(objects, all_ms or ms, toks, d):  # "Ljubljana nominierte X, Kroatien seine Y, …"
            _emit(trig, [s2], [o2], agent, idx, sent, d, speaker, lo, hi)
    if trig.relation == "callsFor" and objects and subjects:
        addressees = _appeal_addressees(actors, idx, toks, d, hi)
        if addressees:  # "Cafod wants Britain to use its influence": it seeks Britain's support
            _emit(replace(trig, id=f"{d.lang}-seeksSupportFrom-appeal", relation="seeksSupportFrom", classes={}),
                  subjects, addressees, agent, idx, sent, d, speaker, lo, hi)


def _gapped(objects: list[Mention], ms: list[Mention], toks: list[Token], d: _Doc) -> list[tuple[Mention, Mention]]:
    """German gapping after a verb's object: comma segments that repeat the frame without the verb
    ("Ljubljana nominierte den früheren Präsidenten Danilo Türk, Kroatien seine Außenministerin Vesna
    Pusić, Mazedonien den früheren Präsidenten der Uno-Vollversammlung, Srgjan Kerim"): each segment's
    first name is a subject, the next name of the object's class (in it, or as the apposition
    after it) its object. Only segments whose lower-case words are articles, possessives and
    adjectives (no verb) count."""
    w = d.lex.words
    closed = w.get("determiners", set()) | _possessives(d)
    out: list[tuple[Mention, Mention]] = []
    k = max(m.end for m in objects)
    cls = objects[0].cls
    while k < len(toks) and toks[k].text == ",":
        seg = (k + 1, next((j for j in range(k + 1, len(toks)) if toks[j].text in (",", ".", ";", ":")), len(toks)))
        inside = [m for m in ms if seg[0] <= m.start < seg[1] and m.kind == "actor" and m.refs]
        words = [t for t in toks[seg[0]:seg[1]] if t.is_word and t.text[:1].islower()]
        if not inside or inside[0].start != seg[0] or inside[0].prep is not None or any(
                t.key not in closed and not t.key.endswith(("e", "en", "er", "es", "em")) for t in words):
            break
        obj = next((m for m in inside[1:] if m.cls == cls and not m.genitive and m.prep is None), None)
        end = seg[1]
        if obj is None and end < len(toks) and toks[end].text == ",":  # ", Srgjan Kerim": the apposition
            nxt = next((m for m in ms if m.start == end + 1 and m.kind == "actor" and m.refs and m.cls == cls), None)
            if nxt is not None and (nxt.end >= len(toks) or not toks[nxt.end].is_word):
                obj, end = nxt, nxt.end
        if obj is None:
            break
        out.append((inside[0], obj))
        k = end
    return out


def _appeal_addressees(actors: list[Mention], idx: list[int], toks: list[Token], d: _Doc, hi: int) -> list[Mention]:
    """The actors a ``seek_support_appeals`` verb wants something of: the names between it and the
    to-infinitive ("wants other G8 nations to match his target")."""
    if not (toks[idx[0]].key in d.lex.words.get("seek_support_appeals", set())
            or toks[idx[0]].lemma in d.lex.words.get("seek_support_appeals", set())):
        return []
    to = next((k for k in range(idx[-1] + 1, min(hi, idx[-1] + 9)) if toks[k].key == "to"), None)
    if to is None:
        return []
    first = next((m for m in actors if m.kind == "actor" and idx[-1] < m.start and m.end <= to and m.prep is None), None)
    return _coordinated(actors, first, toks, d) if first is not None else []


def _emit(trig: Trigger, subjects: list[Mention], objects: list[Mention], agent: Mention | None, idx: list[int],
          sent: Sentence, d: _Doc, speaker: URIRef | None, lo: int, hi: int, negated: bool | None = None) -> None:
    """Write the claims of one trigger (or pattern) whose arguments were found: pairs of a collective
    relation, places for visits, class checks, negation and modality."""
    toks = sent.tokens
    rel = trig.relation
    subj_refs = _refs(subjects, d)
    obj_refs = _refs(objects, d)
    # "Spannungen zwischen X und Y", "tensions between X and Y": the pair is the dyad, whoever else
    # the clause names ("denounced U.S. interference in tensions between X and Y"); "calls with X and Y"
    # have a subject of their own, so only "between" makes a pair
    between = bool(objects) and objects[0].prep in ("between", "zwischen")
    if (trig.collective or trig.dyad) and between and len(obj_refs) >= 2 and agent is None:
        subj_refs = []
    elif trig.collective and not trig.dyad and between and trig.kind == "noun" and agent is None:
        return  # "Vereinbarungen zwischen dem Iran und der [unknown body]": one party found, the clause's
        # subject is not the other
    if (trig.collective or trig.dyad) and not subj_refs and len(obj_refs) >= 2 and (between or trig.kind == "verb"):
        subj_refs, obj_refs = obj_refs[:1], obj_refs[1:]
    # a gathering: several participants and no partner
    pairs: list[tuple[URIRef, URIRef]] = []
    if trig.collective and not obj_refs and len(subjects) == 2 and len(subj_refs) > 2 \
            and any(m.via == "state-group" for m in subjects):
        # "Iran and the P5+1 reached a deal": each member of the group with the other side, not with each other
        subj_refs, obj_refs = list(subjects[0].refs), list(subjects[1].refs)
    if trig.collective and not obj_refs:
        if len(subj_refs) >= 3 and d.events:
            rel, obj_refs = "attends", [d.events[-1]]
        elif len(subj_refs) >= 3 and rel == "cooperatesWith":
            # a joint act the text states of the list itself ("A, B and C agreed to co-operate"):
            # every pair of them. A gathering of three or more without an event ("die
            # Verhandlungspartner A, B, C und D") makes them each other's partners no more than
            # the participants of a summit are (the guidelines' list rule): no pairs.
            pairs = [(a, b) for n, a in enumerate(subj_refs) for b in subj_refs[n + 1:]]
            subj_refs, obj_refs = subj_refs[:1], subj_refs[1:]
        elif len(subj_refs) >= 3 and rel == "meetsWith":
            # "Putin, Xi and Erdogan met in Astana": a meeting without a name is an event of its own
            # ("Putin–Xi–Erdoğan meeting"), which each participant attends
            rel, obj_refs = "attends", [_meeting_event(subj_refs, d)]
        elif len(subj_refs) >= 3:
            return  # "die Verhandlungspartner A, B, C und D einigten sich": no partner named, no claim
        elif len(subj_refs) == 2:
            subj_refs, obj_refs = subj_refs[:1], subj_refs[1:]
        elif trig.dyad and not subj_refs:
            recent = [x for x in d.dyads if x[0] >= sent.index - 2]
            if recent:
                subj_refs, obj_refs = [recent[-1][1]], [recent[-1][2]]
    if not subj_refs or not obj_refs:
        if trig.dyad and not subj_refs and not obj_refs:
            recent = [x for x in d.dyads if x[0] >= sent.index - 2]
            if recent:
                subj_refs, obj_refs = [recent[-1][1]], [recent[-1][2]]
        if not subj_refs or not obj_refs:
            return
    if rel in _PLACE_RELATIONS:  # "besuchte Kiew", "fled to Moscow": the city, not the government
        places = {m.refs[0]: m.place for m in objects if m.via == "capital" and m.place is not None and m.refs}
        obj_refs = [places.get(o, o) for o in obj_refs]
    neg_lo = lo
    if trig.kind == "noun" and agent is not None and agent.end <= idx[0]:
        neg_lo = max(lo, agent.start)  # "has not joined Western sanctions": the 'not' is the verb's
        if agent.start > lo and toks[agent.start - 1].key in d.lex.words.get("negation_determiners", set()):
            neg_lo = agent.start - 1  # "keinerlei deutschen Boykott": the noun phrase itself is denied
    if negated is None:
        negated = _negated(toks, idx, neg_lo, d, hi=hi, verb=trig.kind == "verb")
    modality = _modality(toks, idx, lo, hi, d)
    if rel == "signsAgreementWith" and any(toks[k].key in d.lex.words.get("agreement_intent", set())
                                           or toks[k].lemma in d.lex.words.get("agreement_intent", set())
                                           for k in range(idx[0] + 1, idx[-1])):
        rel, modality = "negotiatesWith", "planned"  # "agreed to start work on a peace treaty": not signed yet
    for s, o in pairs or [(s, o) for s in subj_refs for o in obj_refs]:
        if s == o:
            continue
        met = rel == "visits" == trig.relation and d.cls_of(o) == "Person" and d.cls_of(s) == "Person"
        if rel == "visits" and not met and _at_home(s, o, d):
            continue  # "Merkel führte in Berlin Gespräche", "Obama returned to Washington": no visit
        # "McCain visited Mr Blair", "besuchte Merkel": a person visited is met
        if rel == trig.relation and not met and not (_allowed(trig, "subject", d.cls_of(s)) and
                                                     (rel == "callsFor" or _allowed(trig, "object", d.cls_of(o)))):
            continue
        conf = trig.confidence - (0.1 if any(m.via in ("pron", "coref", "possessive") for m in subjects) else 0)
        d.claims.append(Claim(s, "meetsWith" if met else rel, o, evidence=sent.text, char_start=sent.start, char_end=sent.end,
                              negated=negated, attributed_to=speaker if speaker != s or True else None,
                              modality=modality, confidence=round(max(conf, 0.1), 2),
                              extractor=trig.id, date=d.cur_date))
        if rel in ("attacks",) and not negated:
            d.conflicts.append((sent.index, s, o))
        if rel != "attacks" and d.cls_of(s) != "Event" and d.cls_of(o) not in ("Event", "Aim", "Place") \
                and not negated:
            d.dyads.append((sent.index, s, o))


def _at_home(person: URIRef, place: URIRef, d: _Doc) -> bool:
    """Whether a place is a person's own state, its capital, or in it, by the offices the text states and
    the knowledge base's offices on the article's date: a person acting there visits nothing."""
    if d.cls_of(person) != "Person":
        return False
    states = {c.obj for c in d.claims if c.subject == person and c.relation in ("leaderOf", "officialOf")
              and not c.negated}
    states |= {o.of for o in (d.kb.offices_on(person, d.when) if d.when is not None else [])}
    states = {x for x in states if d.cls_of(x) == "State"}
    if not states:
        return False
    actor = d.kb.actors.get(place)
    within = actor.located_in if actor is not None else None
    return place in states or within in states or any(
        (st := d.kb.actors.get(x)) is not None and st.capital == place for x in states)


def _shared_subject(toks: list[Token], ms: list[Mention], lo: int, idx: list[int], objects: list[Mention],
                    d: _Doc) -> list[Mention]:
    """The subject of the clause before a coordinated clause that names none ("… but accused India")."""
    start = max((k for k in range(0, lo) if toks[k].text in (";", ":")), default=-1) + 1
    bare = [m for m in ms if start <= m.start and m.end <= lo and m.kind in ("actor", "pron") and m.refs
            and _bare(m, idx) and m not in objects and m.via != "possessive"]
    if not bare:
        return []
    return _coordinated(ms, bare[0], toks, d)


def _refs(ms: list[Mention], d: _Doc) -> list[URIRef]:
    out: list[URIRef] = []
    for m in ms:
        for r in m.refs:
            if r not in out:
                out.append(r)
    return out


def _self_subject(trig: Trigger, idx: list[int], ms: list[Mention], objects: list[Mention], sent: Sentence,
                  d: _Doc) -> list[Mention]:
    """The actor a noun like "Gastgeberland" or "mediator" stands for."""
    obj_refs = set(_refs(objects, d))
    own = [m for m in ms if m.start <= idx[-1] < m.end and m.is_actor]
    if own:
        return own
    after = [m for m in ms if m.start == idx[-1] + 1 and m.is_actor and m.kind == "actor"]
    if after and not set(after[0].refs) & obj_refs:
        return [after[0]]
    before = [m for m in ms if m.end <= idx[0] and m.is_actor and m.kind == "actor" and not set(m.refs) & obj_refs
              and m.cls in ("State", "Person", "InternationalOrganization")]
    if before:
        return [before[-1]]
    for s_idx, m in reversed(d.history):
        if s_idx < sent.index - 2:
            break
        if m.cls == "State" and m.refs and not set(m.refs) & obj_refs:
            return [m]
    return []


def _list_head(subjects: list[Mention], ms: list[Mention], toks: list[Token], lo: int, d: _Doc) -> list[Mention]:
    """The first members of a list the clause splitter cut off at its commas ("Angela Merkel, der britische
    Premierminister David Cameron und … hatten sich …": Merkel), when the clause opens with the rest of
    the list ending in "und"."""
    if len(subjects) < 2 or not any(t.key in ("und", "and") for t in toks[subjects[0].end:subjects[-1].start]):
        return []
    out: list[Mention] = []
    comma = lo if toks[lo].text == "," else lo - 1
    first = subjects[0].start
    while 0 < comma < len(toks) and toks[comma].text == "," and first - comma <= 3:
        prev = next((m for m in ms if m.end == comma and m.kind == "actor" and m.refs and m.prep is None
                     and not m.genitive and not m.speaker), None)
        if prev is None or prev in subjects:
            break
        out.insert(0, prev)
        first, comma = prev.start, prev.start - 1
        while comma > 0 and toks[comma].key in d.lex.words.get("determiners", set()):
            comma -= 1
    return out


def _relative_to_a_thing(toks: list[Token], ms: list[Mention], lo: int, d: _Doc) -> bool:
    """English: the clause opens with "which"/"who" right after a noun that is no mention ("died in the
    Tsunami which struck …"): its subject is that thing, not an actor named earlier."""
    if d.lang != "en" or lo == 0 or lo >= len(toks):
        return False
    k = lo + (toks[lo].text == ",")
    if k >= len(toks) or toks[k].key not in d.lex.words.get("relative_subjects", set()):
        return False
    j = k - 1 - (toks[k - 1].text == ",")
    return j >= 0 and toks[j].is_word and not any(m.start <= j < m.end for m in ms)


def _relative_antecedent(toks: list[Token], ms: list[Mention], lo: int, d: _Doc, sent: Sentence) -> Mention | None:
    if lo == 0 or lo >= len(toks):
        return None
    first = toks[lo] if toks[lo].text != "," else (toks[lo + 1] if lo + 1 < len(toks) else None)
    if first is None or first.key not in d.lex.words.get("relative_pronouns", set()):
        return None
    if d.lang == "de" and lo + 2 < len(toks) and toks[lo + 2].text[:1].isupper() and toks[lo].text == ",":
        return None
    if d.lang == "de" and toks[lo].text == "," and any(
            m.start == lo + 2 and m.cls == "Person" and m.kind == "actor" and m.end < len(toks)
            and toks[m.end].key in ("und", "sowie") for m in ms):
        return None  # "…, der britische Premierminister David Cameron und …": an article, no relative pronoun
    before = [m for m in ms if m.end <= lo and m.is_actor and m.kind == "actor"]
    return before[-1] if before else None


def _aim_mention(p: AimPhrase, d: _Doc) -> Mention:
    """An aim phrase as a mention of an ``Aim`` entity named by its English label, other renderings as
    alternative labels, the German words as the German label."""
    iri = GKGR["aim/" + slug(p.label)]
    if iri not in d.entities:  # an aim named before in other words is the same aim ("fund £5.5bn", "£5.5bn Aids fund")
        words = [content_words(x) for x in {p.label} | p.alts]
        iri = next((e.iri for e in d.entities.values() if e.cls == "Aim" and any(
            same_aim(w, content_words(x)) for w in words for x in {e.label_en} | e.alt_labels)), iri)
    if iri not in d.entities:
        d.entities[iri] = Entity(iri, "Aim", p.label, labels={})
    ent = d.entities[iri]
    ent.alt_labels = set(ent.alt_labels or set()) | {a for a in p.alts if a != p.label}
    if d.lang != "en" and p.surface:
        ent.labels.setdefault(d.lang, set()).add(p.surface)
    return Mention(p.start, p.end, "aim", [iri], "Aim", via="aim")


def _name_spans(ms: list[Mention], d: _Doc, toks: list[Token]) -> list[Span]:
    """The sentence's names for the aim reader: their English labels, and whether they are actors."""
    out = []
    for m in ms:
        if m.start < 0 or not m.refs or m.kind not in ("actor", "event", "pron"):
            continue
        ref = m.place if m.via == "capital" and m.place is not None else m.refs[0]  # "in Wien": Vienna
        actor = d.kb.actors.get(ref)
        label = actor.label_en if actor else (d.entities[ref].label_en if ref in d.entities else None)
        written = " ".join(t.text for t in toks[m.start:m.end])
        if actor and written in actor.aliases.get("en", ()):
            label = written  # "Gaza" stays Gaza in an aim, not the territory's label
        out.append(Span(m.start, m.end, None if m.kind == "pron" else label, m.is_actor, d.cls_of(ref)))
    return out


def _free_aim(toks: list[Token], idx: list[int], ms: list[Mention], sent: Sentence, d: _Doc,
              lo: int = 0, hi: int | None = None) -> list[Mention]:
    """The aim an appeal asks for (loaders/aims.py): the phrase after the trigger in English, the
    frame's phrase translated to English in German; a pronominal adverb ("hatte sich dafür
    eingesetzt") names the aim of the sentence before; else the lexicon's aims after the trigger."""
    hi = len(toks) if hi is None else hi
    spans = _name_spans(ms, d, toks)
    if d.lang == "en" and _not_an_appeal_en(toks, idx, d):
        return []
    if d.lang == "en":
        phrase = english_aim(toks, idx, d.lex, spans, hi)
        if phrase is not None and phrase.relayed is not None:
            d.relayed.append((sent.index, phrase.relayed, phrase.start))
    else:
        pro = next((k for k in range(lo, hi) if toks[k].key in d.lex.words.get("aim_pronominal", set())), None)
        phrase = None if pro is not None and pro in idx else german_aim(toks, idx, d.lex, spans, lo, hi)
        if phrase is None and pro is not None:  # "hatte sich dafür eingesetzt": the aim named last
            recent = [m for s_idx, m in reversed(d.history) if m.kind == "aim" and s_idx >= sent.index - 2]
            if recent:
                return [Mention(pro, pro + 1, "aim", recent[0].refs, "Aim", via="coref")]
    if phrase is None:
        if toks[idx[0]].key in d.lex.words.get("aim_weak", set()):
            return []
        found = [p for p in lexicon_aims(toks, d.lex, idx[-1] + 1, hi)]
        return [_aim_mention(found[0], d)] if found else []
    ante = _aim_antecedent(phrase, toks, sent, d)
    if ante is not None:  # "backed the proposals", "die in Wien erzielte Vereinbarung": the plan named just before
        return [Mention(phrase.start, phrase.end, "aim", ante.refs, "Aim", via="coref")]
    m = _aim_mention(phrase, d)
    d.history.append((sent.index, m))
    d.aim_spans.append((sent.index, m.start, m.end))
    return [m]


def _aim_antecedent(phrase: AimPhrase, toks: list[Token], sent: Sentence, d: _Doc) -> Mention | None:
    """A definite plan, deal or proposal ("the proposals", "die Vereinbarung") is the aim of that kind named
    in this or the two sentences before: the latest aim at all when the phrase says nothing more than
    its noun, else the latest that shares the noun ("the agreement reached in Vienna" after "the agreement
    with Iran")."""
    if phrase.start >= len(toks) or toks[phrase.start].key not in d.lex.words.get("aim_definite", set()):
        return None
    words = content_words(phrase.label)
    kinds = {w for w in words if advocacy_object(w)}
    if not kinds:
        return None
    recent = [m for s_idx, m in reversed(d.history) if m.kind == "aim" and m.refs and m.refs[0] in d.entities
              and sent.index - 2 <= s_idx and (s_idx < sent.index or m.end <= phrase.start)]
    for m in recent:
        label = d.entities[m.refs[0]].label_en
        if words <= kinds or kinds & content_words(label):
            return m
    return None


def _proxy_objects(actors: list[Mention], idx: list[int], toks: list[Token], d: _Doc) -> list[Mention]:
    """The actor behind a candidacy or bid that is the object ("unterstützt die Kandidatur von Jeremic",
    "opposed the candidacy of X"): a name after a ``proxy_nouns`` noun and its preposition, in the
    trigger's comma segment."""
    proxy = d.lex.words.get("proxy_nouns", set())
    seg = _segment(toks, idx[0])
    hit = [m for m in actors if m.kind == "actor" and m.start >= 2 and seg[0] <= m.start < seg[1]
           and m.start not in idx and m.prep in d.lex.words.get("proxy_preps", set())
           and (toks[m.start - 2].key in proxy or toks[m.start - 2].lemma in proxy)]
    return _coordinated(actors, hit[0], toks, d) if hit else []


def _stance_object(trig: Trigger, idx: list[int], ms: list[Mention], actors: list[Mention], sent: Sentence,
                   d: _Doc, lo: int, hi: int) -> tuple[Trigger, list[Mention]] | None:
    """Backing and advocacy are one frame with two kinds of object (the guidelines): backing a person,
    state or group is ``supports`` ("sich für Jeremic stark machen"), backing a plan or deal is
    ``callsFor`` it ("ihre Unterstützung für den Iran-Deal erklärt", "support for the peace plan").
    When a trigger of one kind found no object of its own, the other kind's object: (trigger, objects)."""
    toks = sent.tokens
    if trig.relation == "callsFor":
        preps = d.lex.words.get("advocacy_preps", set())
        if not any(e is not None and any(x.word in preps for x in e) for e in trig.pattern):
            return None
        cands = [m for m in actors if m.kind == "actor" and m.refs and m.prep in preps and lo <= m.start < hi
                 and not m.modifier and m.cls in ("Person", "State", "Organization", "InternationalOrganization", "Group")]
        found = _coordinated(actors, cands[0], toks, d) if cands else _proxy_objects(actors, idx, toks, d)
        if not found:  # "sich für die Kandidatur von X stark machen": the candidate
            return None
        return replace(trig, id=f"{d.lang}-supports-advocacy", relation="supports"), found
    aims = [m for m in _free_aim(toks, idx, ms, sent, d, lo, hi) if m.refs and m.refs[0] in d.entities]
    if not aims or not (aims[0].via == "coref" or advocacy_object(d.entities[aims[0].refs[0]].label_en)):
        return None
    label = d.entities[aims[0].refs[0]].label_en
    if aims[0].via != "coref" and toks[aims[0].start].key in d.lex.words.get("aim_definite", set()) \
            and all(advocacy_object(w) for w in content_words(label)):
        return None  # "backed the proposals" with no proposal named before: which one is unknown
    return replace(trig, id=f"{d.lang}-callsFor-support", relation="callsFor"), aims[:1]


def _not_an_appeal_en(toks: list[Token], idx: list[int], d: _Doc) -> bool:
    """English appeals whose grammatical subject is no caller: a gerund after a preposition ("spending
    £60m on seeking an inoculation") and an appeal someone else asks for ("Mr Blair was being urged to
    push for action": he is urged, the urging party is not named)."""
    k = idx[0]
    if k > 0 and toks[k].key.endswith("ing") and toks[k - 1].key in d.lex.words.get("prepositions", set()):
        return True
    be = {"is", "are", "was", "were", "be", "been", "being"}
    control = d.lex.words.get("aim_control", set())
    return k >= 3 and toks[k - 1].key == "to" and (toks[k - 2].lemma in control or toks[k - 2].key in control) \
        and toks[k - 3].key in be


def _negated(toks: list[Token], idx: list[int], lo: int, d: _Doc, hi: int | None = None, verb: bool = False) -> bool:
    """A negation cue before the trigger in its clause (after a German finite verb too), or a verb of refusal."""
    neg = d.lex.words.get("negation", set())
    exceptions = d.lex._multi.get("negation_exceptions")
    if exceptions is None:
        exceptions = d.lex._multi["negation_exceptions"] = [keys(e) for e in d.lex.data.get("negation_exceptions", [])]
    span = list(range(max(lo, idx[0] - 6), idx[-1]))
    if verb and d.lang == "de" and hi is not None:  # "unterstützt die Ukraine nicht", "nimmt nicht teil"
        for j in range(idx[-1] + 1, hi):
            if toks[j].key in ("sondern", "aber", "und", "oder") or toks[j].text in (",", ";"):
                break
            span.append(j)
    for j in span:
        if j in idx:
            continue
        if toks[j].key in neg:
            if any(tuple(t.key for t in toks[j:j + len(e)]) == e for e in exceptions):
                continue
            return True
    refusals = d.lex.words.get("negating_verbs", set())
    window = toks[max(0, idx[0] - 10):idx[0]]
    particles = {t.key for t in window} | {t.key for t in toks[idx[-1] + 1:hi if hi is not None else idx[-1] + 1]}
    # ("lehnt weitere Waffenlieferungen an die Ukraine ab": the particle after the trigger)
    subjects = set().union(*(d.lex.words.get(f"pronouns.{k}", set()) for k in ("male", "female", "plural", "neuter")))
    finite = d.lex.words.get("clause_finite", set())
    for n, t in enumerate(window):
        if t.lemma in refusals or any(p + t.lemma in refusals for p in ("ab", "zuruck") if p in particles):
            rest = window[n + 1:]
            if any(a.key in subjects and b.key in finite for a, b in zip(rest, rest[1:])):
                continue  # "refused to give succour to suggestions it was preparing strikes": another clause
            return True
    return False


def _modality(toks: list[Token], idx: list[int], lo: int, hi: int, d: _Doc) -> str | None:
    mods = d.lex.data.get("modality") or {}
    window = [t for t in toks[lo:hi]]
    for name in ("hoped", "demanded", "planned", "possible"):
        cues = {fold(w) for w in mods.get(name, [])}
        if any(t.key in cues for t in window):
            return name
    return None


# ---------------------------------------------------------------------------- attribution

def _attribution(sent: Sentence, ms: list[Mention], d: _Doc) -> Mention | None:
    """The mention of the speaker a sentence reports, if any (marked as the speaker)."""
    toks = sent.tokens
    att = d.lex.data.get("attribution") or {}
    verbs = d.lex.words.get("attribution.verbs", set())
    before = d.lex._multi.get("attribution.before_speaker")
    if before is None:
        before = d.lex._multi["attribution.before_speaker"] = [keys(x) for x in att.get("before_speaker", []) if "…" not in x]
    after = d.lex.words.get("attribution.after_speaker", set())
    speaker_m: Mention | None = None
    cue: int | None = None
    actors = [m for m in ms if m.kind in ("actor", "pron") and (m.refs or m.kind == "pron")]
    for i, t in enumerate(toks):
        for phrase in before:
            if tuple(x.key for x in toks[i:i + len(phrase)]) == phrase:
                cands = [m for m in actors if i + len(phrase) <= m.start <= i + len(phrase) + 3]
                if cands:
                    speaker_m = cands[0]
        if t.key in after:
            cands = [m for m in actors if m.end == i]
            if cands:
                speaker_m = cands[-1]
        if t.key in verbs or t.lemma in verbs:
            # "betonte X" names the speaker after the verb; "X betonte, …" before it
            right = [m for m in actors if i < m.start <= i + 3
                     and not any(x.text in (",", ":") for x in toks[i + 1:m.start])]
            left = [m for m in actors if i - (4 if d.lang == "en" else 2) <= m.end - 1 < i
                    and not any(x.text in (",", ":", ";") for x in toks[m.end:i])]
            if d.lang == "en" and (left or (i > 0 and toks[i - 1].text[:1].isupper())) \
                    and not (i > 0 and (toks[i - 1].text == "," or toks[i - 1].key in _QUOTE_KEYS)):
                right = []  # "China has repeatedly warned the U.S.", "Peskov said NATO …": the subject speaks
            if d.lang == "en" and i > 0 and toks[i - 1].text == ",":  # "Tokayev, who met Xi on Tuesday, said"
                opening = next((k for k in range(i - 2, max(-1, i - 20), -1) if toks[k].text == ","), None)
                if opening is not None:
                    before_comma = [m for m in actors if m.end == opening]
                    if before_comma:
                        left = before_comma
            if d.lang == "de" and not right:  # "…, wie Putin nach dem Treffen mit Xi sagte": its clause's subject
                lo_seg = max((k for k in range(0, i) if toks[k].text == ","), default=-1) + 1
                seg = [m for m in actors if lo_seg <= m.start < i and m.kind in ("actor", "pron")]
                left = seg[:1] or left
            pick = right[0] if d.lang == "de" and right else (left[-1] if left else (right[0] if right else None))
            if pick is not None and (pick.cls in ("Person", "State", "InternationalOrganization", "Organization")
                                     or pick.kind == "pron"):
                speaker_m, cue = pick, i
    if speaker_m is not None:
        speaker_m.speaker = True
        speaker_m.cue = cue
        return speaker_m
    subj = d.lex.words.get("attribution.subjunctive", set())
    if d.last_speaker and d.last_speaker[0] >= sent.index - 1 and any(t.key in subj for t in toks):
        return Mention(-1, -1, "actor", [d.last_speaker[1]], "Person", via="coref", speaker=True)
    return None


# ---------------------------------------------------------------------------- events

def _participation(sent: Sentence, ms: list[Mention], d: _Doc, clauses, speaker) -> None:
    """"bei diesem Gipfeltreffen", "at the summit": the clause's subject attends the event (in a relative
    clause, its antecedent: "Mr Brown, who was not at the Downing Street meeting" - negated)."""
    _unnamed_events(sent, ms, d, clauses)
    preps = d.lex.words.get("participation_preps", set())
    toks = sent.tokens
    verbs = d.lex.words.get("participation_verbs", set())
    for m in ms:
        if m.kind != "event" or not m.refs:
            continue
        prep = m.prep or _event_prep(toks, m, d)
        # "chairing a meeting of …", "leitete das Treffen": a verb of taking part right before the event
        by_verb = any(toks[k].key in verbs or toks[k].lemma in verbs for k in range(max(0, m.start - 3), m.start))
        if prep not in preps and not by_verb:
            continue
        lo, hi = next(((a, b) for a, b in clauses if a <= m.start < b), (0, len(sent.tokens)))
        cands = [x for x in ms if lo <= x.start < hi and x.is_actor and not x.speaker and x.prep is None
                 and x.gen_head is None and x.cls in ("Person", "State", "InternationalOrganization")
                 and x.via != "adj"]
        # the clause's subject: before the event, or after it ("Beim Gipfel forderte Selenskyj …")
        rel = d.lex.words.get("relative_pronouns", set())
        subj = [x for x in cands if x.end <= m.start and not any(  # not across ", das … beschlossen werden soll"
            toks[k].text == "," and toks[k + 1].key in rel for k in range(x.end, m.start - 1))] \
            or [x for x in cands if x.start >= m.end][:1]
        if not subj and (ante := _relative_antecedent(toks, ms, lo, d, sent)) is not None and ante.cls == "Person":
            subj = [ante]
        if not subj:
            continue
        if any(c.relation == "attends" and c.obj == m.refs[0] and c.char_start == sent.start for c in d.claims):
            continue  # a trigger already said who attends (or that someone does not)
        negated = _negated(toks, [m.start], lo, d, hi=hi)
        for s in subj[:1] + _represented(toks, ms, subj[0], m, d):
            for r in s.refs:
                d.claims.append(Claim(r, "attends", m.refs[0], evidence=sent.text, char_start=sent.start,
                                      char_end=sent.end, confidence=0.6, extractor=f"{d.lang}-event-participation",
                                      attributed_to=speaker, date=d.cur_date, negated=negated))


def _represented(toks: list[Token], ms: list[Mention], subj: Mention, event: Mention, d: _Doc) -> list[Mention]:
    """"Mr Straw will represent the G8 at the conference", "vertritt die EU beim Gipfel": the body a verb of
    representing names between the subject and the event attends the event too."""
    reps = d.lex.words.get("representation_verbs", set())
    lo, hi = (subj.end, event.start) if subj.end <= event.start else (event.end, subj.start)
    for k in range(lo, hi):
        if toks[k].key in reps or toks[k].lemma in reps:
            return [x for x in ms if x.is_actor and k < x.start and x.end <= hi and x is not subj
                    and x.cls in ("State", "InternationalOrganization", "Organization")][:1]
    return []


def _unnamed_events(sent: Sentence, ms: list[Mention], d: _Doc, clauses) -> None:
    """Events without a proper name, named as the guidelines name them: a meeting by its participants
    and place ("Xi–Obama meeting in Beijing": "Xi und Obama hatten ihr Treffen in Peking genutzt"), by the
    body that meets ("a meeting of the Commission for Africa in Cape Town"), or by a place written before
    it ("the Downing Street meeting"); a conference or summit by its place ("an international conference
    called in Jakarta" -> "Jakarta conference"); elections by their country ("elections in Iraq"). A noun
    with none of these in its sentence makes no event."""
    toks = sent.tokens
    meeting, election = d.lex.words.get("meeting_nouns", set()), d.lex.words.get("election_nouns", set())
    nouns = [m for m in ms if m.kind == "event" and not m.refs]
    taken = {k for m in ms if m.kind != "aim" for k in range(m.start, m.end)}  # "elections" is also an aim word
    for i, t in enumerate(toks):  # English meetings and elections are no mentions (they would swallow "a meeting with X")
        if i not in taken and (t.key in meeting or t.key in election) and d.lang == "en":
            nouns.append(Mention(i, i + 1, "event", [], "Event", via="event"))
    for m in nouns:
        noun = toks[m.start]
        kind = _event_kind(noun, d)
        lo, hi = next(((a, b) for a, b in clauses if a <= m.start < b), (0, len(toks)))
        place = _place_after(toks, ms, m, d)
        before = next((x for x in ms if x.end == m.start and x.kind == "actor" and x.refs and x.via != "adj"
                       and (x.cls == "Place" or x.via in ("capital", "seat"))), None)
        name, where = None, place
        if noun.key in election or noun.lemma in election:
            if place is None or d.cls_of(place.refs[0]) != "State":
                continue
            state = d.kb.actors.get(place.refs[0])
            adj = sorted((state.adj.get("en") or []) if state else [])
            name = f"{kind} in {_short_name(place.refs[0], d)}"
            alts = {f"{adj[0]} {kind}"} if adj else set()
        elif noun.key in meeting or noun.lemma in meeting:
            people = _meeting_participants(toks, ms, m, d, lo, hi)
            body = _body_after(toks, ms, m, d)
            if len(people) >= 2 and (place or before):
                name = "–".join(_short_name(p, d) for p in people) + f" {kind}"
            elif body:
                name = f"{body} {kind}"
                if where is None:  # "a meeting of the Commission for Africa in Cape Town": the place after the body
                    k = m.end + 1 + (m.end + 1 < len(toks) and toks[m.end + 1].key in ("the",))
                    while k < len(toks) and (toks[k].text[:1].isupper() or toks[k].key in ("for", "of", "and")):
                        k += 1
                    where = _place_after(toks, ms, Mention(m.start, k, "event", [], "Event"), d)
            elif before is not None:
                name = " ".join(t.text for t in toks[before.start:before.end]) + f" {kind}"
                where = before if before.cls == "Place" else None
                m.start = before.start  # "the Downing Street meeting": the place is part of the event's name
            if name is None:
                continue
            alts = {name}
            if where is not None:
                name += f" in {_short_name(where.place or where.refs[0], d)}"
        else:
            if place is None and before is None:
                continue
            at = place or before
            name = f"{_short_name(at.place or at.refs[0], d)} {kind}"
            alts = {f"{kind} in {_short_name(at.place or at.refs[0], d)}"}
            where = at
        year = d.when.year if d.when and not d.inferred else None
        iri = GKGR["event/" + slug(name) + (f"-{year}" if year else "")]
        if iri not in d.entities:
            d.entities[iri] = Entity(iri, "Event", name, alt_labels=alts - {name})
        if iri in d.events:
            d.events.remove(iri)
        d.events.append(iri)
        m.refs = [iri]
        if m not in ms:
            ms.append(m)
        m.prep = _event_prep(toks, m, d)
        if before is not None and before.cls == "Place" and where is before:
            d.claims.append(Claim(iri, "locatedIn", before.place or before.refs[0], evidence=sent.text,
                                  char_start=sent.start, char_end=sent.end, confidence=0.6,
                                  extractor=f"{d.lang}-event-location", date=d.cur_date))


def _noun_attached(toks: list[Token], p: Mention, ms: list[Mention], d: _Doc) -> bool:
    """A place whose preposition follows a common noun ("Besuch in Washington", "visit to Paris")."""
    j = p.start - 1
    while j >= 0 and toks[j].key in d.lex.words.get("determiners", set()):
        j -= 1
    if j < 1 or toks[j].key not in ("in", "im", "nach", "to"):
        return False
    prev = toks[j - 1]
    named = any(m.start <= j - 1 < m.end for m in ms if m.kind in ("actor", "event"))
    return prev.is_word and not named and (prev.text[:1].isupper() if d.lang == "de" else prev.text.islower())


def _event_prep(toks: list[Token], m: Mention, d: _Doc) -> str | None:
    """The preposition before an event noun, past its article and adjectives ("at the international
    conference", "bei einer UN-Konferenz")."""
    preps = d.lex.words.get("prepositions", set())
    dets = d.lex.words.get("determiners", set()) | _possessives(d)
    for j in range(m.start - 1, max(-1, m.start - 5), -1):
        t = toks[j]
        if t.key in preps:
            return t.key
        if not (t.key in dets or t.is_word and t.text.islower() or t.text == "-" or t.key in _QUOTE_KEYS):
            return None
    return None


def _meeting_participants(toks: list[Token], ms: list[Mention], m: Mention, d: _Doc, lo: int, hi: int) -> list[URIRef]:
    """Who meets at a meeting noun: "Xi und Obama … ihr Treffen" (the clause's coordinated subject before
    a possessive), "sein Treffen mit Xi" (the possessor, then the partner after mit/with)."""
    actors = [x for x in ms if x.is_actor and x.kind in ("actor", "pron") and x.cls == "Person" and lo <= x.start < hi]
    out: list[URIRef] = []
    poss = m.start > 0 and toks[m.start - 1].key in _possessives(d)
    if poss:
        subj = [x for x in actors if x.end <= m.start and x.prep is None and not x.speaker]
        if subj:
            out += _refs(_coordinated(actors, _coordination_start(actors, subj[-1], toks, d), toks, d), d)
    partner = [x for x in actors if x.start > m.start and x.prep in ("mit", "with") and x.start - m.end <= 2]
    if partner:
        out += _refs(_coordinated(actors, partner[0], toks, d), d)
    return list(dict.fromkeys(out))


def _body_after(toks: list[Token], ms: list[Mention], m: Mention, d: _Doc) -> str | None:
    """The body whose meeting it is: "a meeting of the Commission for Africa" -> "Commission for Africa"
    (a known organisation's label, else the capitalised name as written)."""
    j = m.end
    if j >= len(toks) or toks[j].key not in ("of", "der", "des"):
        return None
    j += 1 + (j + 1 < len(toks) and toks[j + 1].key in ("the",))
    org = next((x for x in ms if x.start == j and x.kind == "actor" and x.refs
                and x.cls in ("InternationalOrganization", "Organization")), None)
    words: list[str] = []
    k = j
    while k < len(toks) and (toks[k].text[:1].isupper() or toks[k].key in ("for", "of", "and") and words):
        words.append(toks[k].text)
        k += 1
    while words and words[-1].lower() in ("for", "of", "and"):
        words.pop()
    if org is not None and org.end - org.start >= len(words):
        return _short_name(org.refs[0], d)
    return " ".join(words) if len(words) >= 2 else None  # "Commission for Africa" is not "the Commission"


def _locations(sent: Sentence, ms: list[Mention], d: _Doc, clauses) -> None:
    """An event and a place in the same clause, the place after "in" (or after "nach"/"to" when one
    travels to the event: "reiste zur Generaldebatte nach New York"): the event is located there."""
    travel = d.lex.words.get("event_travel_preps", set())
    for lo, hi in clauses:
        evs = [m for m in ms if m.kind == "event" and m.refs and lo <= m.start < hi]
        for e in evs:
            after_only = e.prep in travel  # "nach seinem Besuch in Washington … zur Generaldebatte nach New York"
            preps = ("in", "im") + (("nach", "to") if after_only else ())
            places = [m for m in ms if lo <= m.start < hi and m.kind == "actor" and m.prep in preps
                      and (m.cls == "Place" or m.via == "capital" or d.cls_of(e.refs[0]) == "Event"
                           and m.cls == "State" and any(w in d.entities.get(e.refs[0], Entity(e.refs[0], "", "")).label_en
                                                        for w in ("election",)))]
            places.sort(key=lambda p: (p.start < e.start, abs(p.start - e.start)))  # the place after the event first
            if after_only and any(p.start > e.start and p.prep in ("nach", "to") for p in places):
                places = [p for p in places if p.start > e.start]
            elif after_only:
                places = [p for p in places if p.prep in ("in", "im")]
            # "nach seinem Besuch in Washington … zur Generaldebatte": a place before the event that belongs to
            # another noun ("Besuch in") is not the event's
            places = [p for p in places if p.start > e.start or not _noun_attached(sent.tokens, p, ms, d)]
            for p in places[:1]:
                target = p.place or p.refs[0]
                if d.cls_of(target) != "Place" and target not in d.kb.actors:
                    continue
                d.claims.append(Claim(e.refs[0], "locatedIn", target, evidence=sent.text,
                                      char_start=sent.start, char_end=sent.end, confidence=0.7,
                                      extractor=f"{d.lang}-event-location", date=d.cur_date))


# ---------------------------------------------------------------------------- entry points

def extract(document: Document, text: str, language: str) -> Extraction:
    """Read one document's text into an :class:`Extraction` (claims plus new entities)."""
    d = _Doc(lang=language, when=_date(document.published), published=document.published, kb=load_kb(),
             lex=load_lexicon(language), gaz=compiled_gazetteer(language))
    sentences = split(text, language)
    d.sentences = sentences
    if d.when is None:
        # an undated article: its period from the years it names and the persons it names together
        # (Blair with Chirac: 1998-2005), never today; roles resolve to the holders of that period
        persons = {r for sent in sentences for m in _gazetteer_mentions(sent, d)
                   if m.cls == "Person" for r in m.refs}
        period = infer_period(years_in_text(text), sorted(persons), d.kb)
        if period is not None:
            d.when, d.inferred, d.period = period.when, True, period
    for sent in sentences:
        # A claim carries a date of its own only when its sentence gives one; otherwise the
        # document's date applies and is not repeated on every claim (readers use the claim's
        # date, else the document's).
        d.cur_date = find_date(sent.text, language, d.when.year if d.when and not d.inferred else None)
        ms = _mentions(sent, d)
        _claims_for_sentence(sent, ms, d)
        d.claims.extend(place_claims(sent, ms, d))
        d.claims.extend(visit_places(sent, d.claims, d))
        d.claims.extend(membership_claims(sent, ms, d))
        _remember_surnames(sent, ms, d)
        for m in ms:
            if m.refs and m.kind in ("actor", "pron", "event"):
                d.history.append((sent.index, m))
        coord_groups = _all_coordinations(sent, ms, d)
        for g in coord_groups:
            d.groups_of_actors.append((sent.index, g))
    claims = _dedupe(d.claims)
    used = {c.subject for c in claims} | {c.obj for c in claims} | {c.attributed_to for c in claims if c.attributed_to}
    entities = [e for iri, e in d.entities.items() if iri in used]
    # events keep the organisation they are about
    return Extraction(document, claims, entities)


def _remember_surnames(sent: Sentence, ms: list[Mention], d: _Doc) -> None:
    """"Sebastian Kurz … Kurz hatte …": once a known person is named in full, the surname alone names him
    in the rest of the document (the knowledge base leaves out surnames that are common words)."""
    for m in ms:
        if m.kind != "actor" or m.cls != "Person" or not m.refs or m.via != "name" or m.end - m.start < 2:
            continue
        last = sent.tokens[m.end - 1]
        if not last.text[:1].isupper() or not last.text.isalpha() or len(last.text) < 3 \
                or last.key in d.new_persons or _role_of(last, d) is not None:
            continue  # "US-Präsident" resolved to its holder: the title is no surname
        if any(e.cls != "Person" for e in d.gaz.lookup((last.key,))):
            continue  # a surname that also names a state or an organisation stays that name
        d.new_persons[last.key] = m.refs[0]


def _all_coordinations(sent: Sentence, ms: list[Mention], d: _Doc) -> list[list[URIRef]]:
    actors = [m for m in ms if m.is_actor and m.kind == "actor" and m.cls in ("State", "Person", "InternationalOrganization", "Region")]
    out, seen = [], set()
    for m in actors:
        if id(m) in seen:
            continue
        group = _coordinated(actors, m, sent.tokens, d, same_prep=False)
        for g in group:
            seen.add(id(g))
        if len(group) >= 2:
            out.append(_refs(group, d))
    return out


def _dedupe(claims: Iterable[Claim]) -> list[Claim]:
    best: dict[tuple, Claim] = {}
    for c in claims:
        key = (c.subject, c.relation, c.obj, c.negated, c.char_start)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return list(best.values())


def extract_text(text: str, language: str, title: str | None = None, published: str | None = None,
                 url: str | None = None) -> Extraction:
    """Extract claims from a string (handy in notebooks and tests)."""
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    doc = Document(iri=GKGR["doc/text-" + key], title=title, url=url, published=published, language=language)
    return extract(doc, text, language)

