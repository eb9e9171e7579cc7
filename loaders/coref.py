"""Coreference inside one article: who a surname, a role noun or a bare office refers to.

The article extractor (:mod:`geokg.loaders.articles`) keeps a discourse state per
document (its ``_Doc``: the mentions read so far, the persons the text introduced
and the offices it gave them). The functions here read that state; they never
write claims. They answer three questions:

* which person a role noun refers to when the text named them earlier ("Tony
  Blair … the prime minister", "Gordon Brown … the UK chancellor", "Kaczyński …
  der ehemalige Ministerpräsident"): :func:`recent_holder`;
* which state an office belongs to when the text names the holder with a bare
  title ("Innenminister Efkan Ala" beside "Erdoğan", "Außenminister Ivica Dacic"
  after a sentence about Serbia): :func:`context_state`;
* which office of a known person a title names, with the title's meaning in that
  state ("Chancellor Gordon Brown": the UK's chancellor is the Chancellor of the
  Exchequer, a minister, not the head of government): :func:`role_variants`.

Roles are compatible when they name the same office, or when the text's word is
vague about which of the top offices it means: "leader" and "the UK leader" name
the head of state or of government, whichever the person held.

>>> role_compatible("head_of_government", "leader")
True
>>> role_compatible("foreign_minister", "head_of_state")
False
"""
from __future__ import annotations

from datetime import date
from typing import Callable, Any

from rdflib import URIRef

__all__ = ["role_compatible", "role_variants", "offices_of", "recent_holder", "context_state", "person_office",
           "state_salience", "recent_organization", "previous_subject", "last_pair"]

#: Offices a vague word for "the one at the top" may name ("leader", "Chef", "Machthaber").
TOP_ROLES = frozenset({"head_of_state", "head_of_government", "leader", "party_leader"})
#: Ministerial offices: a "minister" of the text may be any of them.
MINISTER_ROLES = frozenset({"minister", "foreign_minister", "defence_minister", "deputy_head_of_government"})
#: Offices whose holder works for their own state (a bare title in an article about that state names
#: it); ambassadors and envoys serve abroad, experts and journalists serve no state.
HOME_ROLES = TOP_ROLES | MINISTER_ROLES | frozenset({"vice_president", "spokesperson", "military_chief"})


def role_compatible(held: str | None, named: str | None) -> bool:
    """Whether an office the knowledge base records (``held``) is one the text's role word names."""
    if not held or not named:
        return False
    if held == named:
        return True
    if named in ("leader", "party_leader") and held in TOP_ROLES:
        return True
    if held == "leader" and named in TOP_ROLES:
        return True  # Archigos' effective leader: whatever the top office was called
    return named == "minister" and held in MINISTER_ROLES


def role_variants(spec: dict, owner_iso2: str | None = None) -> list[dict]:
    """The readings of a role word: the lexicon's own, the state-specific one first when the state is
    known (``by_state``: "chancellor" of GB is a minister), else every state-specific one after it."""
    by_state = spec.get("by_state") or {}
    base = {k: v for k, v in spec.items() if k != "by_state"}
    if owner_iso2 is not None:
        if owner_iso2 in by_state:
            return [{**base, **by_state[owner_iso2]}]
        return [base]
    return [base] + [{**base, **alt} for alt in by_state.values()]


def offices_of(d: Any, person: URIRef) -> list:
    """The offices of a known person that may apply in this article: those held on its date; in an
    undated article (or one whose date is only inferred and no office covers it), every office, the
    latest first (the text names the person with a title, so one of them applies)."""
    actor = d.kb.actors.get(person)
    if actor is None:
        return []
    if d.when is not None:
        on = d.kb.offices_on(person, d.when)
        if on or not d.inferred:
            return on
    return sorted(actor.offices, key=lambda o: o.start or date.min, reverse=True)


def person_office(d: Any, person: URIRef, role: str | None, owner: URIRef | None = None,
                  strict: bool = False) -> URIRef | None:
    """The body whose office ``role`` the person holds (in this article's text, else the knowledge
    base), optionally only ``owner``; None when they hold no such office. ``strict``: only offices
    held on the article's date, even when that date is inferred."""
    stated = getattr(d, "person_offices", {}).get(person)
    if stated is not None and role_compatible(stated[0], role) and (owner is None or stated[1] == owner):
        return stated[1] or owner
    actor = d.kb.actors.get(person)
    if actor is None:
        return None
    candidates = offices_of(d, person)
    if d.inferred and not strict:  # the date is a guess: a title the text gives wins over it ("Foreign Secretary Jack Straw")
        candidates = candidates + sorted(actor.offices, key=lambda o: o.start or date.min, reverse=True)
    for o in candidates:
        if role_compatible(o.role, role) and (owner is None or o.of == owner):
            return o.of
    return None


def recent_holder(d: Any, spec: dict, owner: URIRef | None, sent_index: int, current: list | None = None,
                  window: int = 6) -> URIRef | None:
    """The person named in the last ``window`` sentences who holds the office ``spec`` names (of
    ``owner`` when given): "Tony Blair … the UK leader", "Gordon Brown … the UK chancellor". The most
    recent such person wins; ``current``: the mentions of this sentence before the role, which count
    first."""
    owner_iso2 = None
    if owner is not None and owner in d.kb.actors:
        owner_iso2 = d.kb.actors[owner].iso2
    roles = [v.get("role") for v in role_variants(spec, owner_iso2)]
    seen: set[URIRef] = set()
    here = [(sent_index, m) for m in (current or [])]
    for s_idx, m in reversed(d.history + here):
        if s_idx < sent_index - window:
            break
        if m.kind != "actor":
            continue
        for ref in m.refs:
            if ref in seen or d.cls_of(ref) != "Person":
                continue
            seen.add(ref)
            if any(person_office(d, ref, role, owner) is not None for role in roles):
                return ref
    return None


def context_state(d: Any, ms: list, sent_index: int) -> URIRef | None:
    """The state a title named without its state belongs to: the state of the one head of state or
    government this sentence names ("Innenminister Efkan Ala und … nimmt auch Erdoğan …"), else the
    state the article is about so far (named at least three times, half again as often as any other).
    A state merely named in the sentence is no evidence: "Russland soll sich für den früheren
    Chefdiplomaten X einsetzen" is about Serbia's former minister. None when nothing decides."""
    leaders = set()
    for m in ms:
        if m.kind == "actor" and m.cls == "Person" and m.refs:
            for o in offices_of(d, m.refs[0]):
                if o.role in ("head_of_state", "head_of_government") and d.cls_of(o.of) == "State":
                    leaders.add(o.of)
                    break
    if len(leaders) == 1:
        return next(iter(leaders))
    if leaders:
        return None
    if any(m.kind == "actor" and m.cls == "State" and m.refs and m.via != "coref" for m in ms):
        return None  # the sentence names a state of its own: the article's state is no safe guess
    counts = state_salience(d)
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and ranked[0][1] >= 3 and (len(ranked) == 1 or 2 * ranked[0][1] >= 3 * ranked[1][1]):
        return ranked[0][0]
    return None


def state_salience(d: Any, since: int | None = None) -> dict[URIRef, int]:
    """How often the article (from sentence ``since`` on) names each state, by name, adjective,
    capital or seat, or through the state office of a person it introduced."""
    counts: dict[URIRef, int] = {}
    for s_idx, m in d.history:
        if since is not None and s_idx < since:
            continue
        if m.kind == "actor" and m.cls == "State" and m.via != "coref":
            for r in m.refs:
                counts[r] = counts.get(r, 0) + 1
    if since is None:
        for _role, body in getattr(d, "person_offices", {}).values():
            if body is not None and d.cls_of(body) == "State":
                counts[body] = counts.get(body, 0) + 1
    else:
        for s_idx, bodies in getattr(d, "stated_bodies", {}).items():
            for body in bodies if s_idx >= since else ():
                if d.cls_of(body) == "State":
                    counts[body] = counts.get(body, 0) + 1
    return counts


def recent_organization(d: Any, current: list, window: int = 3, sent_index: int | None = None) -> URIRef | None:
    """The organisation (a charity, party, group) named last, in this sentence before the anaphor or
    in the last ``window`` sentences: what "the charity", "the group", "die Organisation" refer to.
    ``sent_index``: count the window back from this sentence, not from the last that named anything."""
    for m in reversed(current):
        if m.kind == "actor" and m.cls == "Organization" and m.refs:
            return m.refs[0]
    last = max((s for s, _m in d.history), default=0) if sent_index is None else sent_index - 1
    for s_idx, m in reversed(d.history):
        if s_idx < last - window:
            break
        if m.kind == "actor" and m.cls == "Organization" and m.refs:
            return m.refs[0]
    return None


def previous_subject(d: Any, sent_index: int, classes: tuple[str, ...], window: int = 3,
                     main_subject: Callable[[int], set[int]] | None = None) -> Any:
    """The subject of the last sentence (within ``window``) that names an actor of ``classes``: its
    first mention of those classes that stands bare (no preposition, no genitive, no modifier). A
    pronoun or "das Land" opening a sentence continues the topic, which is the subject before
    ("Lavrov met Wang Yi in Beijing. He then flew to Ankara": Lavrov, not Wang Yi). None when that
    sentence names none bare."""
    by_sentence: dict[int, list] = {}
    for s_idx, m in d.history:
        if sent_index - window <= s_idx < sent_index and m.kind in ("actor", "pron") and m.refs \
                and m.cls in classes:
            by_sentence.setdefault(s_idx, []).append(m)
    if not by_sentence:
        return None
    first = sorted(by_sentence[max(by_sentence)], key=lambda m: m.start)
    bare = [m for m in first if m.prep is None and m.gen_head is None and not m.modifier
            and not (m.genitive and m.via == "name") and m.via != "adj"]
    if main_subject is not None and bare:
        # the subject of that sentence's main verb, where a parse tells it ("In a speech on the
        # re-election of George W Bush, Mr Kennedy said …. He wants …": Kennedy, not Bush)
        subject = main_subject(max(by_sentence))
        parsed = [m for m in bare if subject & set(range(m.start, m.end))]
        if parsed:
            return parsed[0]
    return bare[0] if bare else None


def last_pair(d: Any, sent_index: int, current: list, window: int = 2) -> list[URIRef]:
    """The two persons "the two leaders", "die beiden Präsidenten" refer to: the last two persons
    named together (a coordination "Putin und Xi"), else the last two distinct persons of the last
    ``window`` sentences (this sentence first: "Putin met Xi; the two leaders signed …"). Empty when
    fewer than two persons were named."""
    for s_idx, group in reversed(d.groups_of_actors):
        if s_idx < sent_index - window:
            break
        people = [r for r in group if d.cls_of(r) == "Person"]
        if len(people) == 2:
            return people
    seen: list[URIRef] = []
    here = [(sent_index, m) for m in current]
    for s_idx, m in reversed(d.history + here):
        if s_idx < sent_index - window:
            break
        for r in m.refs:
            if m.kind in ("actor", "pron") and d.cls_of(r) == "Person" and r not in seen:
                seen.append(r)
        if len(seen) >= 2:
            return list(reversed(seen[:2]))
    return []
