"""Events in a sentence: who attends, unnamed events ("Xi–Obama meeting in Beijing") and locations.
"""
from __future__ import annotations

from geokg.loaders.claims import Claim, Entity, slug
from geokg.loaders.extractor.clauses import coordination_start
from geokg.loaders.extractor.doc import (
    QUOTE_KEYS,
    Doc,
    Mention,
    coordinated,
    possessives,
    refs_of,
)
from geokg.loaders.extractor.mentions import event_kind, place_after, short_name
from geokg.loaders.extractor.qualifiers import is_negated
from geokg.loaders.extractor.triggers import relative_antecedent
from geokg.loaders.text import Sentence, Token
from geokg.ontology import GKGR
from rdflib import URIRef


def participation(sent: Sentence, ms: list[Mention], d: Doc, clauses, speaker) -> None:
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
            toks[k].text == "," and toks[k + 1].key in rel for k in range(x.end, m.start - 1))]\
            or [x for x in cands if x.start >= m.end][:1]
        if not subj and (ante := relative_antecedent(toks, ms, lo, d, sent)) is not None and ante.cls == "Person":
            subj = [ante]
        if not subj:
            continue
        if any(c.relation == "attends" and c.obj == m.refs[0] and c.char_start == sent.start for c in d.claims):
            continue  # a trigger already said who attends (or that someone does not)
        negated = is_negated(toks, [m.start], lo, d, hi=hi)
        for s in subj[:1] + _represented(toks, ms, subj[0], m, d):
            for r in s.refs:
                d.claims.append(Claim(r, "attends", m.refs[0], evidence=sent.text, char_start=sent.start,
                                      char_end=sent.end, confidence=0.6, extractor=f"{d.lang}-event-participation",
                                      attributed_to=speaker, date=d.cur_date, negated=negated))

def _represented(toks: list[Token], ms: list[Mention], subj: Mention, event: Mention, d: Doc) -> list[Mention]:
    """"Mr Straw will represent the G8 at the conference", "vertritt die EU beim Gipfel": the body a verb of
    representing names between the subject and the event attends the event too."""
    reps = d.lex.words.get("representation_verbs", set())
    lo, hi = (subj.end, event.start) if subj.end <= event.start else (event.end, subj.start)
    for k in range(lo, hi):
        if toks[k].key in reps or toks[k].lemma in reps:
            return [x for x in ms if x.is_actor and k < x.start and x.end <= hi and x is not subj
                    and x.cls in ("State", "InternationalOrganization", "Organization")][:1]
    return []

def _unnamed_events(sent: Sentence, ms: list[Mention], d: Doc, clauses) -> None:
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
        kind = event_kind(noun, d)
        lo, hi = next(((a, b) for a, b in clauses if a <= m.start < b), (0, len(toks)))
        place = place_after(toks, ms, m, d)
        before = next((x for x in ms if x.end == m.start and x.kind == "actor" and x.refs and x.via != "adj"
                       and (x.cls == "Place" or x.via in ("capital", "seat"))), None)
        name, where = None, place
        if noun.key in election or noun.lemma in election:
            if place is None or d.cls_of(place.refs[0]) != "State":
                continue
            state = d.kb.actors.get(place.refs[0])
            adj = sorted((state.adj.get("en") or []) if state else [])
            name = f"{kind} in {short_name(place.refs[0], d)}"
            alts = {f"{adj[0]} {kind}"} if adj else set()
        elif noun.key in meeting or noun.lemma in meeting:
            people = _meeting_participants(toks, ms, m, d, lo, hi)
            body = _body_after(toks, ms, m, d)
            if len(people) >= 2 and (place or before):
                name = "–".join(short_name(p, d) for p in people) + f" {kind}"
            elif body:
                name = f"{body} {kind}"
                if where is None:  # "a meeting of the Commission for Africa in Cape Town": the place after the body
                    k = m.end + 1 + (m.end + 1 < len(toks) and toks[m.end + 1].key in ("the",))
                    while k < len(toks) and (toks[k].text[:1].isupper() or toks[k].key in ("for", "of", "and")):
                        k += 1
                    where = place_after(toks, ms, Mention(m.start, k, "event", [], "Event"), d)
            elif before is not None:
                name = " ".join(t.text for t in toks[before.start:before.end]) + f" {kind}"
                where = before if before.cls == "Place" else None
                m.start = before.start  # "the Downing Street meeting": the place is part of the event's name
            if name is None:
                continue
            alts = {name}
            if where is not None:
                name += f" in {short_name(where.place or where.refs[0], d)}"
        else:
            if place is None and before is None:
                continue
            at = place or before
            name = f"{short_name(at.place or at.refs[0], d)} {kind}"
            alts = {f"{kind} in {short_name(at.place or at.refs[0], d)}"}
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

def _noun_attached(toks: list[Token], p: Mention, ms: list[Mention], d: Doc) -> bool:
    """A place whose preposition follows a common noun ("Besuch in Washington", "visit to Paris")."""
    j = p.start - 1
    while j >= 0 and toks[j].key in d.lex.words.get("determiners", set()):
        j -= 1
    if j < 1 or toks[j].key not in ("in", "im", "nach", "to"):
        return False
    prev = toks[j - 1]
    named = any(m.start <= j - 1 < m.end for m in ms if m.kind in ("actor", "event"))
    return prev.is_word and not named and (prev.text[:1].isupper() if d.lang == "de" else prev.text.islower())

def _event_prep(toks: list[Token], m: Mention, d: Doc) -> str | None:
    """The preposition before an event noun, past its article and adjectives ("at the international
    conference", "bei einer UN-Konferenz")."""
    preps = d.lex.words.get("prepositions", set())
    dets = d.lex.words.get("determiners", set()) | possessives(d)
    for j in range(m.start - 1, max(-1, m.start - 5), -1):
        t = toks[j]
        if t.key in preps:
            return t.key
        if not (t.key in dets or t.is_word and t.text.islower() or t.text == "-" or t.key in QUOTE_KEYS):
            return None
    return None

def _meeting_participants(toks: list[Token], ms: list[Mention], m: Mention, d: Doc, lo: int, hi: int) -> list[URIRef]:
    """Who meets at a meeting noun: "Xi und Obama … ihr Treffen" (the clause's coordinated subject before
    a possessive), "sein Treffen mit Xi" (the possessor, then the partner after mit/with)."""
    actors = [x for x in ms if x.is_actor and x.kind in ("actor", "pron") and x.cls == "Person" and lo <= x.start < hi]
    out: list[URIRef] = []
    poss = m.start > 0 and toks[m.start - 1].key in possessives(d)
    if poss:
        subj = [x for x in actors if x.end <= m.start and x.prep is None and not x.speaker]
        if subj:
            out += refs_of(coordinated(actors, coordination_start(actors, subj[-1], toks, d), toks, d), d)
    partner = [x for x in actors if x.start > m.start and x.prep in ("mit", "with") and x.start - m.end <= 2]
    if partner:
        out += refs_of(coordinated(actors, partner[0], toks, d), d)
    return list(dict.fromkeys(out))

def _body_after(toks: list[Token], ms: list[Mention], m: Mention, d: Doc) -> str | None:
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
        return short_name(org.refs[0], d)
    return " ".join(words) if len(words) >= 2 else None  # "Commission for Africa" is not "the Commission"

def locations(sent: Sentence, ms: list[Mention], d: Doc, clauses) -> None:
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
