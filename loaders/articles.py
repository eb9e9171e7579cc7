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
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from rdflib import Literal, URIRef

from geokg.loaders.claims import Claim, Document, Entity, Extraction, slug
from geokg.loaders.dates import find_date
from geokg.loaders.kb import ROLE_RELATION, KnowledgeBase, fold, load_kb
from geokg.loaders.lexicon import Gazetteer, Lexicon, Trigger, keys, load_gazetteer, load_lexicon
from geokg.loaders.period import infer_period, years_in_text
from geokg.loaders.places import place_claims
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
    new_persons: dict[str, URIRef] = field(default_factory=dict)  # folded name/surname -> person
    person_roles: dict[URIRef, str] = field(default_factory=dict)
    events: list[URIRef] = field(default_factory=list)
    groups_of_actors: list[tuple[int, list[URIRef]]] = field(default_factory=list)
    dyads: list[tuple[int, URIRef, URIRef]] = field(default_factory=list)
    conflicts: list[tuple[int, URIRef, URIRef]] = field(default_factory=list)
    last_speaker: tuple[int, URIRef] | None = None
    cur_date: str | None = None  # the date the sentence gives, if any (else the document's date applies)
    sentences: list[Sentence] = field(default_factory=list)
    parses: dict[int, list] | None = None  # sentence index -> dependency parse (loaders/patterns), batched
    inferred: bool = False  # ``when`` is the period inferred for an undated article, not its date

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
        for length in range(min(d.gaz.max_len, n - i), 0, -1):
            span = toks[i:i + length]
            entries = d.gaz.lookup(tuple(t.key for t in span))
            if not entries:
                continue
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
        rank = {"State": 0, "InternationalOrganization": 1, "Person": 2, "Region": 3, "Organization": 4}
        e = sorted(ok, key=lambda x: (x.kind != "name", rank.get(x.cls, 9)))[0]
        genitive = e.genitive or (d.lang == "en" and i + length < n and toks[i + length].key in ("s", "'s"))
        if e.cls == "Person" and length > 1 and _role_of(toks[i], d) is not None \
                and (_is_upper(toks[i]) or d.lang == "en"):
            # an alias with its title ("König Salman", "King Charles III"): the title stays a role,
            # so that "der saudische König Salman" still says whom he leads
            i, length = i + 1, length - 1
        m = Mention(i, i + length, "actor", [e.iri], e.cls, via=e.kind, genitive=genitive, place=e.place)
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
    ms = _gazetteer_mentions(sent, d)
    taken = {k for m in ms for k in range(m.start, m.end)}
    # doc-level names of persons the text introduced earlier
    for i, t in enumerate(toks):
        if i in taken or not _is_upper(t):
            continue
        two = f"{t.key} {toks[i + 1].key}" if i + 1 < len(toks) else None
        if i == 0 and i + 1 < len(toks) and toks[1].text.islower() and toks[1].key in \
                d.lex.words.get("prepositions", set()) | d.lex.words.get("surname_blockers", set()):
            continue  # "Kurz nach dem Treffen", "Kurz darauf": a sentence-initial adverb, not Mr Kurz
        if two and two in d.new_persons and i + 1 not in taken:
            ms.append(Mention(i, i + 2, "actor", [d.new_persons[two]], "Person"))
            taken |= {i, i + 1}
        elif t.key in d.new_persons:
            ms.append(Mention(i, i + 1, "actor", [d.new_persons[t.key]], "Person"))
            taken.add(i)
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
        parties = next((k for k in d.lex.multi("conflict_parties") if k[0] == t.key and tuple(x.key for x in toks[i:i + len(k)]) == k), None)
        if parties:
            ms.append(Mention(i, i + len(parties), "parties", [], "State", via="coref"))
            i += len(parties)
            continue
        if _single(t, d, "conflict_parties"):
            ms.append(Mention(i, i + 1, "parties", [], "State", via="coref"))
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
    return _compose(toks, ms, d, sent)


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
    taken = {k for m in ms for k in range(m.start, m.end)}
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
            continue
        # demonym / state + role (+ name): "der russische Präsident Wladimir Putin", "Russlands Präsident",
        # "US-Präsident Joe Biden", "US Secretary of State Antony Blinken"
        compound = m.end < len(toks) and toks[m.end].text == "-" and m.cls in ("State", "InternationalOrganization")
        en_title = d.lang == "en" and m.cls in ("State", "InternationalOrganization")  # "UN Secretary-General X"
        if compound or (en_title and m.via == "name"):
            nxt = _next(ms, m, toks, gap=1 if compound else 0) or nxt
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
        if m.kind == "actor" and (m.via in ("adj", "name", "seat") or m.via == "capital" and m.genitive) \
                and nxt and nxt.kind == "role" and (m.via == "adj" or m.genitive or compound or en_title):
            consumed.add(id(nxt))
            person = _role_person(toks, ms, nxt, d, sent, owner=m.refs[0], taken=taken, consumed=consumed,
                                  phrase_start=m.start)
            if person is not None:
                person.start = m.start
                out.append(person)
            continue
        if m.kind == "role":
            person = _role_person(toks, ms, m, d, sent, owner=None, taken=taken, consumed=consumed)
            if person is not None:
                out.append(person)
            continue
        # demonym + group noun: "russische Deserteure" -> a group
        if m.kind == "actor" and m.via == "adj" and nxt and nxt.kind == "group" and m.cls == "State":
            consumed.add(id(nxt))
            out.append(_group(toks[nxt.start], m.refs[0], d, m.start, nxt.end, toks))
            continue
        if m.kind == "actor" and m.via == "people" and m.cls == "State":
            out.append(_group(toks[m.start], m.refs[0], d, m.start, m.end, toks, people=True))
            continue
        # demonym + institution: "kasachischer Behörden" -> the state
        if m.kind == "actor" and (m.via == "adj" or m.genitive and m.via == "name" and m.cls == "State"
                                  and nxt is not None and nxt.start == m.end) and nxt and nxt.kind == "institution":
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
                and (nxt.start == m.end or nxt.start == m.end + 1 and toks[m.end].text == "-") and not m.genitive:
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
        if m.kind in ("group", "institution", "collective", "role"):
            continue  # unqualified: not an actor by itself
        out.append(m)
    out.sort(key=lambda x: x.start)
    _events(toks, out, d)
    return out


def _role_person(toks, ms, role_m: Mention, d: _Doc, sent: Sentence, owner: URIRef | None,
                 taken: set[int], consumed: set[int], phrase_start: int | None = None) -> Mention | None:
    """A role noun with its holder: a following name, or the knowledge base's holder on the date."""
    spec = role_m.role or {}
    if spec.get("role") == "counterpart":
        spec = _counterpart_role(ms, role_m, d)
        if spec is None:
            return None
    nxt = _next(ms, role_m, toks)
    if d.lang == "en" and nxt is None and role_m.end + 1 < len(toks) and toks[role_m.end].text == ",":
        # "his Sierra Leonean counterpart, President Julius Maada Bio,": the name in apposition
        inner = next((x for x in ms if x.start == role_m.end + 1 and x.kind == "role" and id(x) not in consumed
                      and (x.role or {}).get("rel") in ("leaderOf", "officialOf")), None)
        if inner is not None and (owner is not None or (x_of := _next(ms, inner, toks)) is not None):
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
                              and toks[role_m.end + 1].key == "the")), None)
            if of_m is not None:
                owner = of_m.refs[0]
                consumed.add(id(of_m))
                role_m = Mention(role_m.start, of_m.end, "role", [], "Role", role=spec)
                nxt = _next(ms, role_m, toks)
    if d.lang == "en" and owner is not None and nxt is None and role_m.end + 1 < len(toks) \
            and toks[role_m.end].text == ",":
        # "Russia's foreign minister, Sergei Lavrov, said": a known person in apposition after a state's office
        app = next((x for x in ms if x.start == role_m.end + 1 and x.kind == "actor" and x.cls == "Person"
                    and x.refs and id(x) not in consumed), None)
        if app is not None and (app.end == len(toks) or toks[app.end].text in (",", ".", ";")):
            nxt = app
    person: URIRef | None = None
    end = role_m.end
    remit_end: int | None = None
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
            title = " ".join(t.text for t in toks[role_m.start:role_m.end])
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
                and toks[close].text == "," and spec.get("rel") in ("leaderOf", "officialOf"):
            # "Olusegun Obasanjo, the African Union's envoy,": a person not known before, named in front of
            # a role closed by commas on both sides
            for s0 in range(max(0, k - 3), k - 1):
                if _unknown_name(toks, s0, d, taken) == k - s0 and (s0 == 0 or not toks[s0 - 1].text[:1].isupper()):
                    name = sent.text[toks[s0].start - sent.start:toks[k - 1].end - sent.start]
                    person = _new_person(name, spec, d, title=" ".join(t.text for t in toks[role_m.start:role_m.end]))
                    break
    if person is None and owner is not None and spec.get("role") in ROLE_RELATION:
        # an undated article never resolves a role to today's holder (the guidelines: offices come from
        # what the text says, never from assuming the article is from today)
        holder = d.kb.holder(spec["role"], owner, d.when) if d.when is not None else None
        if holder is not None:
            person = holder.iri
    if person is None and owner is None:
        # an anaphoric role noun: "der Experte", "the president"
        ref = _resolve_role_anaphor(spec, d)
        if ref is None:
            return None
        return Mention(role_m.start, role_m.end, "actor", [ref], "Person", via="coref")
    if person is None:  # an office holder the knowledge base does not know: the office stands for its state
        cls = d.cls_of(owner)
        return Mention(role_m.start, role_m.end, "actor", [owner], cls, via="institution")
    if spec.get("of") and owner is None:
        state = d.kb.by_iso2.get(spec["of"])
        owner = state.iri if state else None
    if spec.get("of_actor") and GKGR[spec["of_actor"]] in d.kb.actors:
        owner = GKGR[spec["of_actor"]]  # "EU-Kommissionspräsidentin": the Commission, an organ of the EU
    stated = owner is not None
    if owner is None and spec.get("role") in ROLE_RELATION:
        # the knowledge base knows which state the person served on that date
        offices = [o for o in _offices_on(d, person) if o.role == spec["role"]]
        if offices:
            owner = offices[0].of
            # the guidelines annotate a role only where the text names its state, in the sentence
            # or the one before ("Foreign Secretary Jack Straw" alone states no state)
            stated = any(owner in m.refs for m in ms) or any(
                owner in m.refs for s_idx, m in d.history if s_idx == sent.index - 1)
    rel = spec.get("rel")
    if owner is not None and stated and rel in ("leaderOf", "officialOf") and d.cls_of(person) == "Person":
        d.claims.append(Claim(person, rel, owner, evidence=sent.text, char_start=sent.start,
                              char_end=sent.end, confidence=0.9, extractor=f"{d.lang}-role-apposition",
                              date=d.cur_date))
    d.person_roles[person] = spec.get("role", "")
    return Mention(role_m.start, end, "actor", [person], "Person", via="name")


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
                ev = _event_for(m.refs[0], d, toks[m.start:m.end])
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
            org = _next(ms, m, toks, gap=1, skip_det=True, d=d)
            if org is not None and org.kind == "actor" and org.cls == "InternationalOrganization":
                m.refs = [_event_for(org.refs[0], d, toks[org.start:org.end])]
                ms.remove(org)
                m.end = org.end
            elif d.events:
                m.refs = [d.events[-1]]
            elif owners := [x for x in ms if x.kind == "actor" and x.cls == "InternationalOrganization" and x.refs
                            and x.end <= m.start]:  # "Die Mitglieder der Brics-Gruppe haben ihr Gipfeltreffen …"
                m.refs = [_event_for(owners[-1].refs[0], d, toks[owners[-1].start:owners[-1].end])]


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


def _event_for(org: URIRef, d: _Doc, surface: list[Token]) -> URIRef:
    actor = d.kb.actors[org]
    abbrevs = sorted((a for forms in actor.aliases.values() for a in forms if a.isupper() and len(a) <= 6),
                     key=lambda a: (len(a), a))
    short = next((a for a in sorted(actor.aliases.get("en", ()), key=lambda a: (len(a), a)) if a.isupper()),
                 abbrevs[0] if abbrevs else actor.label_en)  # sorted: a set's order changes with the hash seed
    year = d.when.year if d.when and not d.inferred else None
    iri = GKGR[f"event/{slug(short)}-summit" + (f"-{year}" if year else "")]
    if iri not in d.entities:
        text = " ".join(t.text for t in surface)
        ent = Entity(iri, "Event", f"{short} summit" + (f" {year}" if year else ""),
                     labels={"de": {f"{short}-Gipfel" + (f" {year}" if year else "")}},
                     alt_labels={f"{short} summit", text}, extra=[(iri, GKG.about, org)])
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
            for s_idx, x in reversed(d.history):
                if s_idx < sent.index - 2:
                    break
                if x.cls == "State" and x.refs and not x.speaker and not (government and x.prep is not None):
                    m.refs = list(x.refs)  # "die Regierung": a state that acted, not one acted upon
                    break
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
    from geokg.loaders.parse import parse
    from geokg.loaders.patterns import match
    if d.parses is None:  # one batch for the document: every sentence with a trigger (a parse call has overhead)
        todo = [s for s in d.sentences if _triggered(s, ps, d)]
        d.parses = dict(zip((s.index for s in todo), parse([s.text for s in todo], d.lang)))
    ptoks = d.parses.get(sent.index) or parse([sent.text], d.lang)[0]
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
            objects = [m for m in _aims(sent, d) if m.start > idx[0]] or _aims(sent, d)
            if not objects and d.lang == "en":
                objects = _free_aim(toks, idx, ms, sent, d)
        elif spec == "direct" and trig.kind == "noun":
            continue  # a noun takes its object through a preposition or a genitive
        elif spec == "direct":
            cands = [m for m in actors if _bare(m, idx) and m.via != "possessive"]
            if d.lang == "en":
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
            cands = [m for m in actors if m.prep == spec and not any(  # another relation's trigger owns what lies beyond it
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
    if trig.kind == "noun" and trig.relation == "attacks" and objects and (agent is None or agent.via == "possessive") \
            and objects[0].prep in d.lex.words.get("locative_preps", set()):
        return  # "des Krieges in der Ukraine", "seinen Krieg in der Ukraine": only "der russische Krieg in …" names the attacker
    if trig.kind == "noun" and trig.genitive == "object" and not objects:
        cands = [m for m in actors if m.gen_head in idx]
        if cands:
            objects = [cands[0]]
    # English passive: "was attacked by Russia"
    if d.lang == "en" and trig.kind == "verb" and idx[0] > 0 and toks[idx[0] - 1].key in ("was", "were", "been", "being", "is", "are", "be"):
        by = [m for m in actors if m.prep == "by" and m.start > idx[-1]]
        if trig.relation == "callsFor" and not by:
            return  # "Mr Blair was being urged to act": he is asked, the one who asks is not named
        before = [m for m in actors if m.end <= idx[0] and _bare(m, idx)]
        if by and before:
            subjects, objects = _coordinated(actors, by[0], toks, d, same_prep=False), _coordinated(actors, before[-1], toks, d)
    # German passive: "Scholz wurde von Xi empfangen", "die von Russland angegriffene Ukraine"
    if d.lang == "de" and trig.kind == "verb" and "von" not in trig.object and "vom" not in trig.object:
        aux = [k for k in range(lo, idx[0]) if toks[k].lemma == "werden" or toks[k].key in ("wurde", "wurden", "worden")]
        by = [m for m in actors if m.prep in ("von", "vom") and m.end <= idx[0] and (not aux or m.start > aux[0])
              and m.cls in ("Person", "State", "InternationalOrganization", "Organization")]
        if by and any(t.key in ("und", "oder", "sowie") for t in toks[by[-1].end:idx[0]]):
            by = []  # "wird von Li empfangen und später Xi treffen": the passive ended before the trigger
        if by and (aux or idx[0] - by[-1].end <= 1):
            rest = [m for m in actors if _bare(m, idx) and m not in by and m.kind in ("actor", "pron")]
            if rest:
                subjects, objects = _coordinated(actors, by[-1], toks, d, same_prep=False), _coordinated(actors, rest[0], toks, d)
    # subjects
    if not subjects:
        if trig.subject == "self" or by_modifier:
            subjects = _self_subject(trig, idx, ms, objects, sent, d)
        elif agent is not None and (agent.refs or agent.kind == "event") and (objects or trig.genitive == "agent"):
            subjects = [agent]
        else:
            bare = [m for m in actors if _bare(m, idx) and m not in objects
                    and (m.kind != "event" or "Event" in trig.classes.get("subject", []))]
            if d.lang == "en":  # SVO: the subject is the coordination just before the verb; a noun's
                before = [m for m in bare if m.end <= idx[0]]  # implicit agent is the clause's subject
                if before:  # ("Erdogan is due to visit Russia for talks with Putin")
                    bare = [_coordination_start(actors, before[-1 if trig.kind == "verb" else 0], toks, d)]
                elif trig.kind == "verb" and trig.relation == "callsFor":
                    bare = []  # "urged Europe and the US to …": the addressees after an appeal are not its subject
            rel_ante = _relative_antecedent(toks, all_ms or ms, lo, d, sent)
            if rel_ante is not None:
                subjects = [rel_ante]
                if rel_ante.speaker:  # "…, meint Umarov, der bei X forscht": narration, not his statement
                    speaker = None
            elif bare:
                if d.lang == "de" and trig.kind == "verb":
                    subjects = _de_subject(actors, bare, idx, toks, d)
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
    if (trig.collective or trig.dyad) and not subj_refs and len(obj_refs) >= 2 and (between or trig.kind == "verb"):
        subj_refs, obj_refs = obj_refs[:1], obj_refs[1:]
    # a gathering: several participants and no partner
    pairs: list[tuple[URIRef, URIRef]] = []
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
        if rel == trig.relation and not (_allowed(trig, "subject", d.cls_of(s)) and
                                         (rel == "callsFor" or _allowed(trig, "object", d.cls_of(o)))):
            continue
        conf = trig.confidence - (0.1 if any(m.via in ("pron", "coref", "possessive") for m in subjects) else 0)
        d.claims.append(Claim(s, rel, o, evidence=sent.text, char_start=sent.start, char_end=sent.end,
                              negated=negated, attributed_to=speaker if speaker != s or True else None,
                              modality=modality, confidence=round(max(conf, 0.1), 2),
                              extractor=trig.id, date=d.cur_date))
        if rel in ("attacks",) and not negated:
            d.conflicts.append((sent.index, s, o))
        if rel != "attacks" and d.cls_of(s) != "Event" and d.cls_of(o) not in ("Event", "Aim", "Place") \
                and not negated:
            d.dyads.append((sent.index, s, o))


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


def _relative_antecedent(toks: list[Token], ms: list[Mention], lo: int, d: _Doc, sent: Sentence) -> Mention | None:
    if lo == 0 or lo >= len(toks):
        return None
    first = toks[lo] if toks[lo].text != "," else (toks[lo + 1] if lo + 1 < len(toks) else None)
    if first is None or first.key not in d.lex.words.get("relative_pronouns", set()):
        return None
    if d.lang == "de" and lo + 2 < len(toks) and toks[lo + 2].text[:1].isupper() and toks[lo].text == ",":
        return None
    before = [m for m in ms if m.end <= lo and m.is_actor and m.kind == "actor"]
    return before[-1] if before else None


def _aims(sent: Sentence, d: _Doc) -> list[Mention]:
    out = []
    aims = d.lex.mapping["aims"]
    multi = d.lex._multi.get("aims.multi")
    if multi is None:
        multi = d.lex._multi["aims.multi"] = sorted((keys(k) for k in aims if " " in k), key=len, reverse=True)
    toks, i = sent.tokens, 0
    found: list[tuple[int, int, str, str]] = []
    while i < len(toks):
        hit = next((k for k in multi if tuple(t.key for t in toks[i:i + len(k)]) == k), None)
        if hit:
            found.append((i, i + len(hit), aims[" ".join(hit)], " ".join(t.text for t in toks[i:i + len(hit)])))
            i += len(hit)
            continue
        label = aims.get(toks[i].key) or aims.get(toks[i].lemma)
        if label:
            found.append((i, i + 1, label, toks[i].text))
        i += 1
    for start, end, label, surface in found:
        iri = GKGR["aim/" + slug(label)]
        if iri not in d.entities:
            d.entities[iri] = Entity(iri, "Aim", label, labels={})
        if d.lang != "en":
            d.entities[iri].labels.setdefault(d.lang, set()).add(surface)
        out.append(Mention(start, end, "aim", [iri], "Aim", via="aim"))
    return out


def _free_aim(toks: list[Token], idx: list[int], ms: list[Mention], sent: Sentence, d: _Doc) -> list[Mention]:
    """An aim the lexicon does not name, read as the phrase the appeal asks for (English): "called for
    a freeze on the debts" -> "freeze on the debts", "urged Europe and the US to build anew their
    alliance" -> "build anew alliance". The guidelines name aims by free phrases; determiners and
    possessives are left out, the phrase stops at a clause boundary (the lexicon's ``aim_stops``)."""
    start = idx[-1] + 1
    # "urge X to do Y", "call on X to do Y": the aim is the infinitive after the addressee
    to = next((k for k in range(start, min(len(toks), start + 10)) if toks[k].key == "to"), None)
    if to is not None and any(m.start >= start and m.end <= to and m.is_actor for m in ms):
        start = to + 1
    while start < len(toks) and toks[start].key == "to":  # "urged to push for …"
        start += 1
    stops = d.lex.words.get("aim_stops", set())
    drop = d.lex.words.get("determiners", set()) | d.lex.words.get("aim_drop", set())
    words: list[Token] = []
    k = start
    while k < len(toks) and len(words) < 8:
        t = toks[k]
        if t.key in stops or not t.text[:1].isalnum():
            break
        if t.key not in drop:
            words.append(t)
        k += 1
    pronouns = set().union(*(d.lex.words.get(f"pronouns.{k}", set()) for k in ("male", "female", "plural", "neuter")))
    content = [w for w in words if w.key not in pronouns]
    if not content or all(w.key in drop for w in content):
        return []
    label = " ".join(w.text for w in words).lower()
    iri = GKGR["aim/" + slug(label)]
    if iri not in d.entities:
        d.entities[iri] = Entity(iri, "Aim", label, labels={})
    return [Mention(start, k, "aim", [iri], "Aim", via="aim")]


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
    for t in window:
        if t.lemma in refusals or any(p + t.lemma in refusals for p in ("ab", "zuruck") if p in particles):
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
    """"bei diesem Gipfeltreffen", "at the summit": the clause's subject attends the event."""
    preps = d.lex.words.get("participation_preps", set())
    for m in ms:
        if m.kind != "event" or not m.refs or m.prep not in preps:
            continue
        lo, hi = next(((a, b) for a, b in clauses if a <= m.start < b), (0, len(sent.tokens)))
        cands = [x for x in ms if lo <= x.start < hi and x.is_actor and not x.speaker and x.prep is None
                 and x.gen_head is None and x.cls in ("Person", "State", "InternationalOrganization")
                 and x.via != "adj"]
        # the clause's subject: before the event, or after it ("Beim Gipfel forderte Selenskyj …")
        subj = [x for x in cands if x.end <= m.start] or [x for x in cands if x.start >= m.end][:1]
        if not subj:
            continue
        if any(c.relation == "attends" and c.obj == m.refs[0] and c.char_start == sent.start for c in d.claims):
            continue  # a trigger already said who attends (or that someone does not)
        for s in subj[:1]:
            for r in s.refs:
                d.claims.append(Claim(r, "attends", m.refs[0], evidence=sent.text, char_start=sent.start,
                                      char_end=sent.end, confidence=0.6, extractor=f"{d.lang}-event-participation",
                                      attributed_to=speaker, date=d.cur_date))


def _locations(sent: Sentence, ms: list[Mention], d: _Doc, clauses) -> None:
    """An event and a place in the same clause, the place after "in": the event is located there."""
    for lo, hi in clauses:
        evs = [m for m in ms if m.kind == "event" and m.refs and lo <= m.start < hi]
        places = [m for m in ms if lo <= m.start < hi and m.kind == "actor" and m.prep in ("in", "im")
                  and (m.cls == "Place" or m.via == "capital")]
        for e in evs:
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
             lex=load_lexicon(language), gaz=load_gazetteer(language))
    sentences = split(text, language)
    d.sentences = sentences
    if d.when is None:
        # an undated article: its period from the years it names and the persons it names together
        # (Blair with Chirac: 1998-2005), never today; roles resolve to the holders of that period
        persons = {r for sent in sentences for m in _gazetteer_mentions(sent, d)
                   if m.cls == "Person" for r in m.refs}
        period = infer_period(years_in_text(text), sorted(persons), d.kb)
        if period is not None:
            d.when, d.inferred = period.when, True
    for sent in sentences:
        # A claim carries a date of its own only when its sentence gives one; otherwise the
        # document's date applies and is not repeated on every claim (readers use the claim's
        # date, else the document's).
        d.cur_date = find_date(sent.text, language, d.when.year if d.when and not d.inferred else None)
        ms = _mentions(sent, d)
        _claims_for_sentence(sent, ms, d)
        d.claims.extend(place_claims(sent, ms, d))
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
                or last.key in d.new_persons or d.gaz.lookup((last.key,)):
            continue
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

