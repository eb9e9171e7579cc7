"""Relations from the trigger lexicon, with arguments found by position, case and preposition:
the fallback that reads what the parse patterns (:mod:`geokg.loaders.patterns`) do not.
"""
from __future__ import annotations

from dataclasses import replace

from geokg.loaders.claims import Claim
from geokg.loaders.extractor.appeals import free_aim, proxy_objects, stance_object
from geokg.loaders.extractor.clauses import coordination_start, de_subject, segment_of
from geokg.loaders.extractor.doc import (
    PLACE_RELATIONS,
    QUOTE_KEYS,
    Doc,
    Mention,
    all_coordinations,
    allowed,
    coordinated,
    is_bare,
    possessives,
    refs_of,
)
from geokg.loaders.extractor.mentions import meeting_event
from geokg.loaders.extractor.qualifiers import is_negated, modality_of
from geokg.loaders.kb import fold
from geokg.loaders.lexicon import Trigger
from geokg.loaders.text import Sentence, Token
from rdflib import URIRef


def apply_trigger(trig: Trigger, idx: list[int], ms: list[Mention], sent: Sentence, d: Doc,
                   speaker: URIRef | None, lo: int, hi: int, all_ms: list[Mention] | None = None,
                   others: list[tuple[int, str]] | None = None) -> None:
    toks = sent.tokens
    # a verb of saying that is itself the trigger ("Tokayev warned Russia"): its speaker is the subject
    cue_speaker = next((m for m in ms if m.speaker and m.cue is not None and m.cue in idx), None)
    if cue_speaker is not None:
        cue_speaker.speaker = False
        try:
            return apply_trigger(trig, idx, ms, sent, d, None, lo, hi, all_ms, others)
        finally:
            cue_speaker.speaker = True
    for m in ms:  # "die Konfliktparteien": both sides of the latest conflict, this sentence included
        if m.kind == "parties" and not m.refs and d.conflicts:
            m.refs = [d.conflicts[-1][1], d.conflicts[-1][2]]
        elif m.kind == "parties" and not m.refs:  # no war in sight: the last pair named before this clause
            earlier = [x for x in (all_ms or ms) if x.end <= lo]  # ("between Armenia and Azerbaijan, … the two sides")
            pairs = [g for g in all_coordinations(sent, earlier, d) if len(g) == 2] or\
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
            close_before = m.end <= anchor and len([t for t in toks[m.end:anchor] if t.key not in QUOTE_KEYS
                                                    and not (t.text.islower() and d.lang == "de")]) == 0\
                and anchor - m.end <= 2
            if d.lang == "en" and not close_before and m.end <= anchor and anchor - m.end <= 3\
                    and (m.genitive or m.via == "possessive")\
                    and all(t.text == "-" or t.text.isalpha() and t.text.islower() for t in toks[m.end:anchor]):
                close_before = True  # "Russia's full-scale invasion", "its unprovoked attack": adjectives between
            if close_before and (m.via == "adj" or m.genitive or m.via == "possessive"):
                agent = m
            elif d.lang == "en" and m.end == anchor and m.via == "name" and m.prep is None and not m.speaker\
                    and m.cls in ("State", "InternationalOrganization") and "compound" not in trig.object:
                agent = m  # an attributive name: "U.S. sanctions against Venezuela", "NATO support for Kyiv"
            elif m.gen_head in idx and trig.genitive == "agent":
                agent = agent or m
        if agent is None:  # "the annexation by Russia", "die Annexion durch Russland", "attacks from Gaza"
            agent_preps = d.lex.words.get("agent_preps", set()) |\
                (d.lex.words.get("source_preps", set()) if trig.relation == "attacks" else set())
            by = [m for m in actors if m.prep in agent_preps and 0 < m.start - idx[-1] <= 6]
            if by:
                agent = by[0]
    # objects
    for spec in trig.object:
        if spec == "genitive" or (trig.kind == "noun" and trig.genitive == "object" and spec == trig.object[0] and not objects):
            cands = [m for m in actors if m.gen_head in idx or (m.genitive and m.end <= idx[0] and idx[0] - m.end <= 1)]
            if cands:
                objects = coordinated(actors, cands[0], toks, d)
        if objects:
            break
        if spec == "compound":
            if compound is not None:
                objects = [compound]
            continue
        if spec == "modifier":  # "NATO member Turkey", "EU-Mitglied Ungarn": the name before the noun
            mod = [m for m in actors if m.end <= idx[0] and m.kind == "actor"
                   and all(t.text == "-" for t in toks[m.end:idx[0]])]
            if mod and allowed(trig, "object", mod[-1].cls):
                objects, by_modifier = mod[-1:], True
        elif spec == "event":
            evs = [m for m in ms if m.kind == "event" and m.refs]
            if evs:
                objects = [min(evs, key=lambda m: abs(m.start - head))]
        elif spec == "aim":
            objects = free_aim(toks, idx, ms, sent, d, lo, hi)
        elif spec == "direct" and trig.kind == "noun":
            continue  # a noun takes its object through a preposition or a genitive
        elif spec == "direct":
            cands = [m for m in actors if is_bare(m, idx) and m.via != "possessive"]
            proxied = proxy_objects(actors, idx, toks, d)  # "die Kandidatur von Jeremic unterstützen"
            if proxied:
                cands = proxied
            elif d.lang == "en":
                cands = [m for m in cands if m.start > idx[0]]
            else:  # German: whatever is not the subject, after the verb first
                group = de_subject(actors, cands, idx, toks, d) if trig.kind == "verb" else\
                    (coordinated(actors, cands[0], toks, d) if cands else [])
                cands = [m for m in cands if m not in group]
                if idx[0] > 0 and toks[idx[0] - 1].key == "zu":  # "…, kurdische Gruppen zu unterstützen"
                    seg = segment_of(toks, idx[0])
                    cands = [m for m in cands if seg[0] <= m.start < seg[1]]
                elif len([p for p in trig.pattern if p is not None]) > 1 and any(p is None for p in trig.pattern):
                    seg = segment_of(toks, idx[0])  # "greift X an": X is inside, or at least in its comma segment
                    cands = [m for m in cands if idx[0] < m.start < idx[-1]] or\
                        [m for m in cands if seg[0] <= m.start < seg[1]]
                else:  # the verb's own comma segment first ("haben China vorgeworfen, Russland zu …")
                    seg = segment_of(toks, idx[0])
                    cands = sorted(cands, key=lambda m: (not seg[0] <= m.start < seg[1], m.start < idx[0], m.start))
            if not cands:  # "bedroht die Sicherheit Russlands": the genitive of the noun after the verb
                cands = [m for m in actors if m.gen_head is not None and m.gen_head > idx[0]
                         and m.gen_head - idx[0] <= 3 and m.start > idx[0]]
            if not cands and d.lang == "en":  # "criticized U.S. sanctions": the name that modifies the object
                cands = [m for m in actors if m.modifier and m.via == "name" and m.prep is None and m.start > idx[-1]
                         and m.start - idx[-1] <= 2]
            if not cands:  # "condemned the Russian invasion": the state behind the act
                seg = segment_of(toks, idx[0])  # German verb-final: "hat die iranischen Angriffe verurteilt"
                cands = [m for m in actors if m.via == "adj" and m.prep is None and m.start > idx[0]
                         and m.end < len(toks) and toks[m.end].is_word and not toks[m.end].text[:1].isupper()
                         or m.via == "adj" and m.prep is None and d.lang == "de"
                         and (m.start > idx[-1] or seg[0] <= m.start and m.gen_head is None)]
            if cands:
                objects = coordinated(actors, cands[0], toks, d)
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
                objects = [best] + [x for x in coordinated(actors, best, toks, d, same_prep=False)[1:]]
        if objects:
            break
    if not objects and trig.relation in ("callsFor", "supports"):
        switched = stance_object(trig, idx, ms, actors, sent, d, lo, hi)
        if switched is not None:
            trig, objects = switched
    if trig.kind == "noun" and trig.relation == "attacks" and objects and (agent is None or agent.via == "possessive")\
            and objects[0].prep in d.lex.words.get("locative_preps", set()):
        return  # "des Krieges in der Ukraine", "seinen Krieg in der Ukraine": only "der russische Krieg in …" names the attacker
    if trig.kind == "noun" and trig.genitive == "object" and not objects:
        cands = [m for m in actors if m.gen_head in idx]
        if cands:
            objects = [cands[0]]
    # English passive: "was attacked by Russia"
    if d.lang == "en" and trig.kind == "verb" and idx[0] > 0 and toks[idx[0] - 1].key in ("was", "were", "been", "being", "is", "are", "be")\
            and not toks[idx[0]].key.endswith("ing"):  # "is pressing the US to …" is no passive
        by = [m for m in actors if m.prep == "by" and m.start > idx[-1]]
        if trig.relation == "callsFor" and not by:
            return  # "Mr Blair was being urged to act": he is asked, the one who asks is not named
        before = [m for m in actors if m.end <= idx[0] and is_bare(m, idx)]
        if by and before:
            subjects, objects = coordinated(actors, by[0], toks, d, same_prep=False), coordinated(actors, before[-1], toks, d)
    # a fronted German participle with its agent after it: "Unterstützt durch die Luftangriffe der Russen,
    # nutzt die YPG …" (Russia supports the YPG, the main clause's subject)
    if d.lang == "de" and trig.kind == "verb" and idx[-1] + 1 < len(toks)\
            and toks[idx[-1] + 1].key in d.lex.words.get("participle_agent_preps", set())\
            and (idx[0] == 0 or toks[idx[0] - 1].text == ","):
        seg = segment_of(toks, idx[0])
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
              and m not in proxy_objects(actors, idx, toks, d)]  # "die Kandidatur von X unterstützen": no agent
        if by and any(t.key in ("und", "oder", "sowie") for t in toks[by[-1].end:idx[0]]):
            by = []  # "wird von Li empfangen und später Xi treffen": the passive ended before the trigger
        if by and (aux or idx[0] - by[-1].end <= 1):
            rest = [m for m in actors if is_bare(m, idx) and m not in by and m.kind in ("actor", "pron")]
            if rest:
                subjects, objects = coordinated(actors, by[-1], toks, d, same_prep=False), coordinated(actors, rest[0], toks, d)
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
            bare = [m for m in actors if is_bare(m, idx) and m not in objects
                    and (m.kind != "event" or "Event" in trig.classes.get("subject", []))]
            if d.lang == "en":  # SVO: the subject is the coordination just before the verb; a noun's
                before = [m for m in bare if m.end <= idx[0] and not (trig.kind == "verb" and m.genitive)]  # implicit agent is the clause's subject
                if before:  # ("Erdogan is due to visit Russia for talks with Putin")
                    bare = [coordination_start(actors, before[-1 if trig.kind == "verb" else 0], toks, d)]
                elif trig.kind == "verb" and trig.relation == "callsFor":
                    bare = []  # "urged Europe and the US to …": the addressees after an appeal are not its subject
            if _relative_to_a_thing(toks, all_ms or ms, lo, d) or _relative_to_a_thing(toks, all_ms or ms, next(
                    (k for k in range(idx[0] - 1, max(lo, idx[0] - 3) - 1, -1)
                     if toks[k].key in d.lex.words.get("relative_subjects", set())), 0), d):
                return  # "the Tsunami which struck south Asia": the relative clause's subject is no actor
            rel_ante = relative_antecedent(toks, all_ms or ms, lo, d, sent)
            if rel_ante is not None:
                subjects = [rel_ante]
                if rel_ante.speaker:  # "…, meint Umarov, der bei X forscht": narration, not his statement
                    speaker = None
            elif bare:
                if d.lang == "de" and trig.kind == "verb":
                    subjects = de_subject(actors, bare, idx, toks, d)
                    subjects = _list_head(subjects, all_ms or ms, toks, lo, d) + subjects
                else:
                    subjects = coordinated(actors, bare[0], toks, d)
                subjects = [s for s in subjects if s not in objects]
            elif agent is not None and agent.refs:
                subjects = [agent]
            elif lo > 0 and toks[lo + (toks[lo].text == "," and lo + 1 < hi)].key\
                    in d.lex.words.get("clause_coordinators", set()) and\
                    (shared := _shared_subject(toks, all_ms or ms, lo, idx, objects, d)):
                subjects = shared  # "China did not confirm it, but accused India …": the first clause's subject
            else:  # the speaker did it: "wie Putin nach dem Treffen mit Xi sagte", "China warned … and accused X"
                own = [m for m in ms if m.speaker and m.refs and m.prep is None and m not in objects
                       and (trig.kind == "noun" or not any(t.text in (",", ":") or t.key in ("that", "dass")
                                                           for t in toks[m.end:idx[0]]))]
                if own:
                    subjects = own[:1]
    if trig.kind == "noun" and agent is None and not subjects and trig.genitive == "agent"\
            and not ((trig.collective or trig.dyad) and len(objects) >= 2):
        return
    emit(trig, subjects, objects, agent, idx, sent, d, speaker, lo, hi)
    if d.lang == "de" and trig.kind == "verb" and subjects and objects and objects[0].kind == "actor":
        for s2, o2 in _gapped(objects, all_ms or ms, toks, d):  # "Ljubljana nominierte X, Kroatien seine Y, …"
            emit(trig, [s2], [o2], agent, idx, sent, d, speaker, lo, hi)
    if trig.relation == "callsFor" and objects and subjects:
        addressees = _appeal_addressees(actors, idx, toks, d, hi)
        if addressees:  # "Cafod wants Britain to use its influence": it seeks Britain's support
            emit(replace(trig, id=f"{d.lang}-seeksSupportFrom-appeal", relation="seeksSupportFrom", classes={}),
                  subjects, addressees, agent, idx, sent, d, speaker, lo, hi)

def _gapped(objects: list[Mention], ms: list[Mention], toks: list[Token], d: Doc) -> list[tuple[Mention, Mention]]:
    """German gapping after a verb's object: comma segments that repeat the frame without the verb
    ("Ljubljana nominierte den früheren Präsidenten Danilo Türk, Kroatien seine Außenministerin Vesna
    Pusić, Mazedonien den früheren Präsidenten der Uno-Vollversammlung, Srgjan Kerim"): each segment's
    first name is a subject, the next name of the object's class (in it, or as the apposition
    after it) its object. Only segments whose lower-case words are articles, possessives and
    adjectives (no verb) count."""
    w = d.lex.words
    closed = w.get("determiners", set()) | possessives(d)
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

def _appeal_addressees(actors: list[Mention], idx: list[int], toks: list[Token], d: Doc, hi: int) -> list[Mention]:
    """The actors a ``seek_support_appeals`` verb wants something of: the names between it and the
    to-infinitive ("wants other G8 nations to match his target")."""
    if not (toks[idx[0]].key in d.lex.words.get("seek_support_appeals", set())
            or toks[idx[0]].lemma in d.lex.words.get("seek_support_appeals", set())):
        return []
    to = next((k for k in range(idx[-1] + 1, min(hi, idx[-1] + 9)) if toks[k].key == "to"), None)
    if to is None:
        return []
    first = next((m for m in actors if m.kind == "actor" and idx[-1] < m.start and m.end <= to and m.prep is None), None)
    return coordinated(actors, first, toks, d) if first is not None else []

def emit(trig: Trigger, subjects: list[Mention], objects: list[Mention], agent: Mention | None, idx: list[int],
          sent: Sentence, d: Doc, speaker: URIRef | None, lo: int, hi: int, negated: bool | None = None) -> None:
    """Write the claims of one trigger (or pattern) whose arguments were found: pairs of a collective
    relation, places for visits, class checks, negation and modality."""
    toks = sent.tokens
    rel = trig.relation
    subj_refs = refs_of(subjects, d)
    obj_refs = refs_of(objects, d)
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
    if trig.collective and not obj_refs and len(subjects) == 2 and len(subj_refs) > 2\
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
            rel, obj_refs = "attends", [meeting_event(subj_refs, d)]
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
    if rel in PLACE_RELATIONS:  # "besuchte Kiew", "fled to Moscow": the city, not the government
        places = {m.refs[0]: m.place for m in objects if m.via == "capital" and m.place is not None and m.refs}
        obj_refs = [places.get(o, o) for o in obj_refs]
    neg_lo = lo
    if trig.kind == "noun" and agent is not None and agent.end <= idx[0]:
        neg_lo = max(lo, agent.start)  # "has not joined Western sanctions": the 'not' is the verb's
        if agent.start > lo and toks[agent.start - 1].key in d.lex.words.get("negation_determiners", set()):
            neg_lo = agent.start - 1  # "keinerlei deutschen Boykott": the noun phrase itself is denied
    if negated is None:
        negated = is_negated(toks, idx, neg_lo, d, hi=hi, verb=trig.kind == "verb")
    modality = modality_of(toks, idx, lo, hi, d)
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
        if rel == trig.relation and not met and not (allowed(trig, "subject", d.cls_of(s)) and
                                                     (rel == "callsFor" or allowed(trig, "object", d.cls_of(o)))):
            continue
        conf = trig.confidence - (0.1 if any(m.via in ("pron", "coref", "possessive") for m in subjects) else 0)
        d.claims.append(Claim(s, "meetsWith" if met else rel, o, evidence=sent.text, char_start=sent.start, char_end=sent.end,
                              negated=negated, attributed_to=speaker if speaker != s or True else None,
                              modality=modality, confidence=round(max(conf, 0.1), 2),
                              extractor=trig.id, date=d.cur_date))
        if rel in ("attacks",) and not negated:
            d.conflicts.append((sent.index, s, o))
        if rel != "attacks" and d.cls_of(s) != "Event" and d.cls_of(o) not in ("Event", "Aim", "Place")\
                and not negated:
            d.dyads.append((sent.index, s, o))

def _at_home(person: URIRef, place: URIRef, d: Doc) -> bool:
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
                    d: Doc) -> list[Mention]:
    """The subject of the clause before a coordinated clause that names none ("… but accused India")."""
    start = max((k for k in range(0, lo) if toks[k].text in (";", ":")), default=-1) + 1
    bare = [m for m in ms if start <= m.start and m.end <= lo and m.kind in ("actor", "pron") and m.refs
            and is_bare(m, idx) and m not in objects and m.via != "possessive"]
    if not bare:
        return []
    return coordinated(ms, bare[0], toks, d)

def _self_subject(trig: Trigger, idx: list[int], ms: list[Mention], objects: list[Mention], sent: Sentence,
                  d: Doc) -> list[Mention]:
    """The actor a noun like "Gastgeberland" or "mediator" stands for."""
    obj_refs = set(refs_of(objects, d))
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

def _list_head(subjects: list[Mention], ms: list[Mention], toks: list[Token], lo: int, d: Doc) -> list[Mention]:
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

def _relative_to_a_thing(toks: list[Token], ms: list[Mention], lo: int, d: Doc) -> bool:
    """English: the clause opens with "which"/"who" right after a noun that is no mention ("died in the
    Tsunami which struck …"): its subject is that thing, not an actor named earlier."""
    if d.lang != "en" or lo == 0 or lo >= len(toks):
        return False
    k = lo + (toks[lo].text == ",")
    if k >= len(toks) or toks[k].key not in d.lex.words.get("relative_subjects", set()):
        return False
    j = k - 1 - (toks[k - 1].text == ",")
    return j >= 0 and toks[j].is_word and not any(m.start <= j < m.end for m in ms)

def relative_antecedent(toks: list[Token], ms: list[Mention], lo: int, d: Doc, sent: Sentence) -> Mention | None:
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
