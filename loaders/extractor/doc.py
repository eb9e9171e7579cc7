"""The state of one document's reading (:class:`Doc`) and its mentions (:class:`Mention`), with the
token helpers every later step shares.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from geokg.loaders.claims import Claim, Entity
from geokg.loaders.kb import KnowledgeBase
from geokg.loaders.lexicon import Gazetteer, Lexicon, Trigger
from geokg.loaders.period import Period
from geokg.loaders.text import Sentence, Token
from rdflib import URIRef

PLACE_RELATIONS = {"visits", "locatedIn", "migratesTo"}

ACTOR_CLASSES = {"State", "InternationalOrganization", "Organization", "Person", "Region", "Group"}

QUOTE_KEYS = {'"', "„", "“", "”", "«", "»", "‚", "‘", "’", "'"}

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
class Doc:
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

def is_upper(tok: Token) -> bool:
    return tok.text[:1].isupper()

def date_of(value: str | None) -> date | None:
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

def gazetteer_mentions(sent: Sentence, d: Doc) -> list[Mention]:
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
                if e.kind in ("name", "capital", "seat", "people") and not is_upper(span[0])\
                        and not span[0].text[:1].isdigit():
                    continue
                if e.kind == "adj" and d.lang == "en" and not is_upper(span[0]):
                    continue
                ok.append(e)
            if ok:
                found = (length, ok)
                break
        if found is None:
            i += 1
            continue
        length, ok = found
        if d.lang == "en" and i >= 2 and toks[i - 1].key == "of" and is_upper(toks[i - 2]) and toks[i - 2].text.isalpha()\
                and not (i >= 3 and is_upper(toks[i - 3]))\
                and not any(single(toks[i - 2], d, c) for c in ("institutions", "events", "collectives", "capital_nouns"))\
                and role_of(toks[i - 2], d) is None and toks[i - 2].key not in d.lex.words.get("of_name_heads_ok", set())\
                and toks[i - 2].key not in d.lex.words.get("remit_words", set())\
                and all(e.kind in ("name", "capital") and e.cls in ("State", "Place", "Region") for e in ok):
            # "City of London", "University of Virginia", "Bank of England": part of a longer name (not
            # after a person's name: "President Macky Sall of Senegal")
            i += length
            continue
        rank = {"State": 0, "InternationalOrganization": 1, "Person": 2, "Region": 3, "Organization": 4}
        e = sorted(ok, key=lambda x: (x.kind != "name", rank.get(x.cls, 9)))[0]
        genitive = e.genitive or (d.lang == "en" and i + length < n and toks[i + length].key in ("s", "'s"))
        if e.cls == "Person" and length > 1 and role_of(toks[i], d) is not None\
                and (is_upper(toks[i]) or d.lang == "en"):
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

def single(tok: Token, d: Doc, category: str) -> bool:
    return d.lex.has(category, tok.key) or d.lex.has(category, tok.lemma)

def role_of(tok: Token, d: Doc) -> dict | None:
    """The role a noun names, inflected forms included ("Präsidenten", "Experten")."""
    ck = (tok.key, tok.lemma)
    if ck in d.lex.role_cache:
        return d.lex.role_cache[ck]
    spec = _find_role(tok, d)
    d.lex.role_cache[ck] = spec
    return spec

def _find_role(tok: Token, d: Doc) -> dict | None:
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

def multi_role(toks: list[Token], i: int, d: Doc) -> tuple[int, dict] | None:
    for k, spec in d.lex.multi_roles:
        if toks[i].key == k[0] and tuple(t.key for t in toks[i:i + len(k)]) == k:
            return len(k), spec
    return None

def unknown_name(toks: list[Token], i: int, d: Doc, taken: set[int]) -> int:
    """Length of a run of 1-3 capitalised, unknown words at ``i`` that looks like a person's name."""
    stop = d.lex.words.get("determiners", set()) | d.lex.words.get("prepositions", set())
    n = words = 0
    while i + n < len(toks) and words < 3:
        t = toks[i + n]
        if i + n in taken or not t.text[:1].isupper() or not t.text.isalpha() or t.key in stop:
            break
        if role_of(t, d) or single(t, d, "events") or single(t, d, "institutions"):
            break
        n, words = n + 1, words + 1
        # a hyphenated given name: "Willem-Alexander", "Kassym-Jomart"
        if i + n + 1 < len(toks) and toks[i + n].text == "-" and toks[i + n].start == t.end\
                and toks[i + n + 1].start == toks[i + n].end and toks[i + n + 1].text[:1].isupper()\
                and toks[i + n + 1].text.isalpha() and i + n + 1 not in taken:
            n += 2
    return n

def next_mention(ms: list[Mention], m: Mention, toks: list[Token], gap: int = 0, skip_det: bool = False,
          d: Doc | None = None) -> Mention | None:
    """The mention that follows ``m`` with at most ``gap`` tokens (quotes always skipped) between."""
    for other in ms:
        if other.start >= m.end:
            between = [t for t in toks[m.end:other.start] if t.key not in QUOTE_KEYS]
            if skip_det and d is not None:
                between = [t for t in between if t.key not in d.lex.words.get("determiners", set())]
            return other if len(between) <= gap else None
    return None

def coordinated(ms: list[Mention], first: Mention, toks: list[Token], d: Doc, same_prep: bool = True) -> list[Mention]:
    """``first`` and the mentions joined to it by "und", "and", commas and articles."""
    group = [first]
    coord = d.lex.words.get("coordinators", set()) | d.lex.words.get("determiners", set()) | possessives(d)
    cur = first
    words = {w for w in d.lex.words.get("coordinators", set()) if w.isalpha()}
    closed = False
    for m in ms:
        if m.start < cur.end or m is first or possessive_det(m, ms):
            continue
        between = toks[cur.end:m.start]
        if closed:  # "A, B and C" ends at C: "… between Armenia and Azerbaijan, the EU and the US …"
            break
        if between and all(t.key in coord or t.key in QUOTE_KEYS for t in between) and\
                any(t.key in d.lex.words.get("coordinators", set()) for t in between) and m.is_actor and\
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

def possessives(d: Doc) -> set[str]:
    w = d.lex.words
    return w.get("pronouns.possessive_male", set()) | w.get("pronouns.possessive_female", set())\
        | w.get("pronouns.possessive_plural", set()) | w.get("pronouns.possessive_neuter", set())

def possessive_det(m: Mention, ms: list[Mention]) -> bool:
    """"his" in "and his Uzbek counterpart X": a determiner of the next phrase, no member of a list."""
    return m.via == "possessive" and any(0 <= x.start - m.end <= 1 for x in ms)  # "his visiting counterpart X"

def allowed(trig: Trigger, role: str, cls: str) -> bool:
    want = trig.classes.get(role)
    if want:
        return cls in want
    if role == "subject":
        return cls in ACTOR_CLASSES
    return cls in ACTOR_CLASSES or cls in ("Place", "Event")

def parse_of(sent: Sentence, d: Doc) -> list:
    """The sentence's dependency parse, from the document's batch or parsed now (and kept)."""
    from geokg.loaders.parse import parse
    if d.parses is None:  # one batch for the document: every sentence with a trigger (a parse call has overhead)
        ps = patterns_for(d.lang)
        todo = [s for s in d.sentences if ps is not None and has_trigger(s, ps, d)]
        d.parses = dict(zip((s.index for s in todo), parse([s.text for s in todo], d.lang))) if todo else {}
    if sent.index not in d.parses:
        d.parses[sent.index] = parse([sent.text], d.lang)[0]
    return d.parses[sent.index]

def main_subject_of(d: Doc, index: int) -> set[int]:
    """Text tokens heading the subjects of a sentence's main clause, by its parse (empty when the parse
    has none). Used where only the subject will do: a pronoun opening the next sentence continues it."""
    from geokg.loaders.parse import clauses
    sent = next((s for s in d.sentences if s.index == index), None)
    if sent is None:
        return set()
    ptoks = parse_of(sent, d)
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

def patterns_for(lang: str):
    """The language's relation patterns, or None. Imported on first use: the parser and its lemmatiser
    are heavy, and commands that only read a store import this module without needing them."""
    from geokg.loaders.patterns import LANGS, load_patterns
    return load_patterns(lang) if lang in LANGS else None

def has_trigger(sent: Sentence, ps, d: Doc) -> bool:
    """Whether a pattern's trigger word is in the sentence (German: a separable verb joined with its
    particle before punctuation, "warf ... vor" -> vorwerfen)."""
    toks = sent.tokens
    forms = [t.key for t in toks] + [t.lemma for t in toks]
    if d.lang == "de":
        parts = [t.key for j, t in enumerate(toks[:-1]) if t.text.islower() and not toks[j + 1].is_word]
        forms += [p + t.lemma for p in parts for t in toks if t.is_word and t.text.islower()]
    return ps.triggered(forms)

def is_bare(m: Mention, trig_idx: list[int]) -> bool:
    return m.prep is None and m.gen_head is None and not m.speaker and not m.modifier and not m.fronted\
        and m.via not in ("adj",) and m.start not in trig_idx

def refs_of(ms: list[Mention], d: Doc) -> list[URIRef]:
    out: list[URIRef] = []
    for m in ms:
        for r in m.refs:
            if r not in out:
                out.append(r)
    return out

def all_coordinations(sent: Sentence, ms: list[Mention], d: Doc) -> list[list[URIRef]]:
    actors = [m for m in ms if m.is_actor and m.kind == "actor" and m.cls in ("State", "Person", "InternationalOrganization", "Region")]
    out, seen = [], set()
    for m in actors:
        if id(m) in seen:
            continue
        group = coordinated(actors, m, sent.tokens, d, same_prep=False)
        for g in group:
            seen.add(id(g))
        if len(group) >= 2:
            out.append(refs_of(group, d))
    return out
