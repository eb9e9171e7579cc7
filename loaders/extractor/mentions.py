"""Mentions in one sentence: actor names from the gazetteer, new persons, titles composed with
names, group nouns ("russische Deserteure"), institutions and events.
"""
from __future__ import annotations

from geokg.loaders import coref
from geokg.loaders.claims import Claim, Entity, slug
from geokg.loaders.extractor.doc import (
    QUOTE_KEYS,
    Doc,
    Mention,
    gazetteer_mentions,
    is_upper,
    multi_role,
    next_mention,
    role_of,
    single,
)
from geokg.loaders.extractor.introduced import (
    academic_names,
    affiliations,
    age_introductions,
    bloc_group,
    dateline_end,
    namesakes,
    org_introductions,
    remember_short_names,
)
from geokg.loaders.extractor.offices import offices_held, role_person
from geokg.loaders.groups import group_actor, group_triples, state_group_spans
from geokg.loaders.lexicon import keys
from geokg.loaders.text import Sentence, Token
from geokg.ontology import GKG, GKGR
from rdflib import URIRef


def find_mentions(sent: Sentence, d: Doc) -> list[Mention]:
    toks = sent.tokens
    ms = namesakes(toks, gazetteer_mentions(sent, d), sent, d)
    for a, b, members in state_group_spans(toks, d.lang):  # "die fünf UN-Vetomächte und Deutschland", "the P5+1":
        ms = [m for m in ms if m.end <= a or m.start >= b]  # one mention that stands for each member
        ms.append(Mention(a, b, "actor", members, "Region", via="state-group"))  # no owner of offices
    academic = academic_names(toks, sent, d)  # "University of Virginia", "Universität Wien": the name's places go
    if academic:
        ms = [m for m in ms if not any(a.start < m.end and m.start < a.end for a in academic)] + academic
    taken = {k for m in ms if m.kind != "aim" for k in range(m.start, m.end)}  # "elections" is also an aim word
    # doc-level names of persons the text introduced earlier
    for i, t in enumerate(toks):
        if i in taken or not is_upper(t):
            continue
        two = f"{t.key} {toks[i + 1].key}" if i + 1 < len(toks) else None
        if i == 0 and i + 1 < len(toks) and toks[1].text.islower() and toks[1].key in\
                d.lex.words.get("prepositions", set()) | d.lex.words.get("surname_blockers", set()):
            continue  # "Kurz nach dem Treffen", "Kurz darauf": a sentence-initial adverb, not Mr Kurz
        if t.key in d.new_orgs and not (i + 1 < len(toks) and is_upper(toks[i + 1])):
            ms.append(Mention(i, i + 1, "actor", [d.new_orgs[t.key]], "Organization"))  # "Liberty said"
            taken.add(i)
        elif t.key in d.org_short and i > 0 and not (i + 1 < len(toks) and is_upper(toks[i + 1]))\
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
    for m in org_introductions(toks, sent, d, taken):  # "civil rights group Liberty", "die Gruppe Memorial"
        ms.append(m)
        taken |= set(range(m.start, m.end))
    for m in age_introductions(toks, sent, d, taken):  # "der 21-jährige Otto Warmbier", "Otto Warmbier, 21,"
        ms.append(m)
        taken |= set(range(m.start, m.end))
    # lexicon words: roles, groups, institutions, events, aims, pronouns, conflict parties
    i = 0
    while i < len(toks):
        t = toks[i]
        if i in taken:
            i += 1
            continue
        multi = multi_role(toks, i, d)
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
        bloc = bloc_group(toks, i, d)
        if bloc is not None:  # "developing countries", "die Industriestaaten": a group of states by their kind
            ms.append(bloc)
            i = bloc.end
            continue
        parties = next((k for k in d.lex.multi("conflict_parties") if k[0] == t.key and tuple(x.key for x in toks[i:i + len(k)]) == k), None)
        if parties:
            ms.append(Mention(i, i + len(parties), "parties", [], "State", via="coref"))
            i += len(parties)
            continue
        if single(t, d, "conflict_parties"):
            ms.append(Mention(i, i + 1, "parties", [], "State", via="coref"))
        elif single(t, d, "org_anaphors") and i > 0 and sent.tokens[i - 1].key in ("the", "die", "der")\
                and (org := coref.recent_organization(d, [x for x in ms if x.end <= i])) is not None:
            # "the charity", "die Organisation": the organisation named last
            gen = d.lang == "en" and i + 1 < len(toks) and toks[i + 1].text in ("'s", "’s")
            ms.append(Mention(i, i + 1 + gen, "actor", [org], "Organization", via="coref", genitive=gen))
            i += 1 + gen
            continue
        elif single(t, d, "state_anaphors") and (is_upper(t) or d.lang == "en") and i > 0\
                and sent.tokens[i - 1].key in d.lex.words.get("determiners", set()):
            ms.append(Mention(i, i + 1, "actor", [], "State", via="coref"))
        elif (role := role_of(t, d)) is not None and is_upper(t) or (role and d.lang == "en"):
            ms.append(Mention(i, i + 1, "role", [], "Role", via="role", role=role))
        elif d.lex.has("groups", t.key) or d.lex.has("groups", t.lemma):
            ms.append(Mention(i, i + 1, "group", [], "Group", via="group"))
        elif single(t, d, "institutions"):
            ms.append(Mention(i, i + 1, "institution", [], "State", via="institution"))
        elif single(t, d, "collectives"):
            ms.append(Mention(i, i + 1, "collective", [], "Region", via="collective"))
        elif single(t, d, "capital_nouns"):
            ms.append(Mention(i, i + 1, "capital_noun", [], "Place", via="capital"))
        elif single(t, d, "events") and (is_upper(t) or d.lang == "en"):
            ms.append(Mention(i, i + 1, "event", [], "Event", via="event"))
        elif d.lex.has("aims", t.key) or d.lex.has("aims", t.lemma):
            ms.append(Mention(i, i + 1, "aim", [], "Aim", via="aim"))
        elif t.key in d.lex.words.get("pronouns.possessive_male", set()) | d.lex.words.get("pronouns.possessive_plural", set())\
                | d.lex.words.get("pronouns.possessive_female", set()) | d.lex.words.get("pronouns.possessive_neuter", set()):
            ms.append(Mention(i, i + 1, "pron", [], "Actor", via="possessive"))
        elif t.key in d.lex.words.get("pronouns.male", set()) | d.lex.words.get("pronouns.plural", set())\
                | d.lex.words.get("pronouns.female", set()):
            ms.append(Mention(i, i + 1, "pron", [], "Actor", via="pron"))
        i += 1
    ms.sort(key=lambda m: m.start)
    dateline = dateline_end(toks, ms)
    if dateline:  # "Warschau – Der … Parteichef hat …": the place of writing is no actor of the sentence
        ms = [m for m in ms if m.start >= dateline]
    out = _compose(toks, ms, d, sent)
    remember_short_names(toks, out, d)
    return out

def _compose(toks: list[Token], ms: list[Mention], d: Doc, sent: Sentence) -> list[Mention]:
    """Join adjacent mentions into what they name together ("der kasachische Präsident X")."""
    out: list[Mention] = []
    consumed: set[int] = set()
    taken = {k for m in ms if m.kind != "aim" for k in range(m.start, m.end)}  # "elections" is also an aim word
    for idx, m in enumerate(ms):
        if id(m) in consumed:
            continue
        nxt = next_mention(ms, m, toks)
        # "Hauptstadt Kasachstans" / "capital of Kazakhstan" -> the capital city
        if m.kind == "capital_noun":
            target = next_mention(ms, m, toks, gap=2 if d.lang == "en" else 1)
            if target and target.cls == "State" and target.refs:
                state = d.kb.actors.get(target.refs[0])
                if state and state.capital:
                    consumed.add(id(target))
                    out.append(Mention(m.start, target.end, "actor", [state.capital], "Place", via="capital"))
            elif out and out[-1].end == m.start and out[-1].via == "adj" and out[-1].cls == "State" and out[-1].refs\
                    and not any(x.start == m.end for x in ms)\
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
            nxt = next_mention(ms, m, toks, gap=1 if compound else 0) or nxt
            if en_title and (nxt is None or nxt.kind != "role"):
                nxt = _after_remit(ms, m, toks, d) or nxt  # "Lib Dem foreign affairs spokesman X"
        # "Russia's UN ambassador", "UN Ambassador X": in English the organisation stands before the role
        # without a hyphen; the envoy is an official of a state, not of the organisation
        en_envoy = en_title and m.via == "name" and nxt is not None and nxt.start == m.end
        if (compound or en_envoy) and m.cls == "InternationalOrganization" and nxt and nxt.kind == "role"\
                and (nxt.role or {}).get("at_organization"):
            # "Chinas UN-Botschafter Zhang Jun": a state's envoy to the organisation, an official of the state
            consumed.add(id(nxt))
            state = out[-1] if out and out[-1].end == m.start and out[-1].kind == "actor" and out[-1].cls == "State"\
                and (out[-1].via == "adj" or out[-1].genitive) else None
            if state is not None:
                out.pop()
            at = Mention(nxt.start, nxt.end, "role", [], "Role", via="role",
                         role={"role": nxt.role["at_organization"], "rel": nxt.role.get("rel")})
            person = role_person(toks, ms, at, d, sent, owner=state.refs[0] if state else None, taken=taken,
                                  consumed=consumed, phrase_start=(state or m).start)
            if person is not None:
                person.start = (state or m).start
                out.append(person)
            continue
        if m.kind == "actor" and (m.via in ("adj", "name", "seat") or m.via in ("capital", "coref") and m.genitive)\
                and nxt and nxt.kind == "role" and (m.via == "adj" or m.genitive or compound or en_title):
            consumed.add(id(nxt))
            person = role_person(toks, ms, nxt, d, sent, owner=m.refs[0], taken=taken, consumed=consumed,
                                  phrase_start=m.start, owner_adj=m.via == "adj")
            if person is not None:
                person.start = m.start
                out.append(person)
            continue
        if m.kind == "actor" and m.via == "adj" and m.cls == "Organization":
            # a party's adjective names no actor by itself; before a person's name it is their party
            # ("Democrat John Kerry")
            if d.lang == "en" and nxt is not None and nxt.start == m.end and nxt.kind == "actor"\
                    and nxt.cls == "Person" and nxt.refs:
                d.claims.append(Claim(nxt.refs[0], "affiliatedWith", m.refs[0], evidence=sent.text,
                                      char_start=sent.start, char_end=sent.end, confidence=0.7,
                                      extractor="en-party-attribute", date=d.cur_date))
            continue
        if m.kind == "role":
            owner = _possessive_owner(toks, ms, m, d)  # "Kroatien seine Außenministerin Vesna Pusic"
            person = role_person(toks, ms, m, d, sent, owner=owner, taken=taken, consumed=consumed)
            if person is not None:
                out.append(person)
            continue
        # demonym + group noun: "russische Deserteure" -> a group
        if m.kind == "actor" and (m.via == "adj" or d.lang == "en" and m.via == "name" and not m.genitive
                                  and nxt is not None and nxt.start == m.end)\
                and nxt and nxt.kind == "group" and m.cls == "State":  # "UK charities", "Afghan refugees"
            consumed.add(id(nxt))
            out.append(_group(toks[nxt.start], m.refs[0], d, m.start, nxt.end, toks))
            continue
        if m.kind == "actor" and m.via == "people" and m.cls == "State":
            out.append(_group(toks[m.start], m.refs[0], d, m.start, m.end, toks, people=True))
            continue
        # demonym + institution: "kasachischer Behörden" -> the state
        if m.kind == "actor" and (m.via == "adj" or m.genitive and m.via == "name" and m.cls == "State"
                                  and nxt is not None and nxt.start == m.end) and nxt and nxt.kind == "institution"\
                and toks[nxt.start].key not in d.lex.words.get("membership.presidency_nouns", set()):
            consumed.add(id(nxt))  # "kasachischer Behörden", "Chinas Regierung"
            out.append(Mention(m.start, nxt.end, "actor", m.refs, m.cls, via="institution"))
            continue
        # region or organisation + collective: "die zentralasiatischen Staaten", "GUS-Staaten"
        if m.kind == "actor" and m.cls in ("Region", "InternationalOrganization") and nxt\
                and nxt.kind == "collective" and len([t for t in toks[m.end:nxt.start] if t.key != "-"]) == 0:
            consumed.add(id(nxt))
            out.append(Mention(m.start, nxt.end, "actor", m.refs, m.cls, via="name"))
            continue
        # state genitive + person: "Südafrikas Cyril Ramaphosa", "Russia's Putin" -> the person
        if m.kind == "actor" and m.cls == "State" and m.genitive and m.via == "name" and nxt is not None\
                and nxt.kind == "actor" and nxt.cls == "Person" and nxt.refs and nxt.start == m.end:
            consumed.add(id(nxt))
            out.append(Mention(m.start, nxt.end, "actor", nxt.refs, "Person", via="name"))
            continue
        # leader + institution: "the Biden administration" -> the state the person led on the date
        if m.kind == "actor" and m.cls == "Person" and m.refs and nxt is not None and nxt.kind == "institution"\
                and (nxt.start == m.end or nxt.start == m.end + 1 and toks[m.end].text == "-")\
                and (not m.genitive or single(toks[nxt.start], d, "leader_government_nouns")):  # "Mr Blair's government"
            state = next((o.of for o in offices_held(d, m.refs[0])
                          if o.role in ("head_of_state", "head_of_government") and d.cls_of(o.of) == "State"), None)
            if state is not None:
                consumed.add(id(nxt))
                out.append(Mention(m.start, nxt.end, "actor", [state], "State", via="institution"))
                continue
        # institution + capital: "die Regierung in Belgrad", "officials in Beijing" -> the state
        if m.kind == "institution" and m.end < len(toks) and toks[m.end].key in ("in", "aus"):
            seat = next_mention(ms, m, toks, gap=1)
            if seat is not None and seat.kind == "actor" and seat.via in ("capital", "seat") and seat.cls == "State":
                consumed.add(id(seat))
                out.append(Mention(m.start, seat.end, "actor", seat.refs, "State", via="institution"))
                continue
        if m.kind == "institution" and m.start > 0 and toks[m.start - 1].key in d.lex.words.get("determiners", set())\
                and single(toks[m.start], d, "government_anaphors"):
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
    affiliations(toks, out, d, sent)
    _events(toks, out, d)
    return out

def _possessive_owner(toks: list[Token], ms: list[Mention], role_m: Mention, d: Doc) -> URIRef | None:
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

def _after_remit(ms: list[Mention], m: Mention, toks: list[Token], d: Doc) -> Mention | None:
    """English: the role noun after a body's name and up to four words of its remit ("Lib Dem foreign
    affairs spokesman", "Conservative shadow international development secretary")."""
    remit = d.lex.words.get("remit_words", set()) | d.lex.words.get("role_modifiers", set())
    k = m.end
    while k < len(toks) and k - m.end < 4 and toks[k].key in remit:
        k += 1
    if k == m.end:
        return None
    return next((x for x in ms if x.start == k and x.kind == "role"), None)

def _group(tok: Token, state: URIRef, d: Doc, start: int, end: int, toks: list[Token],
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

def _people_group(toks: list[Token], m: Mention, d: Doc) -> Mention | None:
    """A group noun after the adjective of a people or movement without a state of its own
    (``ontology/kb/groups.yaml`` ``peoples``: "kurdische Kämpfer", "Islamist rebels"), as a group actor."""
    k = m.start - 1
    if k < 0 or not toks[k].text.isalpha() or d.lang == "de" and k > 0 and is_upper(toks[k]):
        return None
    g = group_actor(toks[k].text, toks[m.start].text, d.lang)
    if g is None:
        return None
    if g.iri not in d.entities:
        d.entities[g.iri] = Entity(g.iri, "Group", g.label_en, labels={"de": {g.label_de}},
                                   extra=[t for t in group_triples(g) if t[1] == GKG.groupOf])
    out = Mention(k, m.end, "actor", [g.iri], "Group", via="group")
    if d.lang == "de" and toks[k].key.endswith("er") and k > 1 and is_upper(toks[k - 1]) and toks[k - 1].text.isalpha():
        out.genitive, out.gen_head = True, k - 1  # "in der Hand islamistischer Rebellen": a genitive, no argument
    return out

def _events(toks: list[Token], ms: list[Mention], d: Doc) -> None:
    """Turn event nouns and organisation names used as meetings into event mentions."""
    preps = {keys(p)[0] for p in d.lex.data.get("event_name_preps", [])}
    dets = d.lex.words.get("determiners", set())
    for m in list(ms):
        if m.kind == "actor" and m.cls == "InternationalOrganization":
            before = [t for t in toks[max(0, m.start - 3):m.start] if t.key not in QUOTE_KEYS and t.key not in dets]
            nxt = next_mention(ms, m, toks, gap=1)
            meeting_name = any(single(t, d, "events") or t.key in ("conference", "konferenz", "summit", "forum")
                               for t in toks[m.start:m.end])
            if before and before[-1].key in preps and meeting_name or (
                    nxt is not None and nxt.kind == "event" and all(t.key in ("-",) for t in toks[m.end:nxt.start])):
                kind = event_kind(toks[nxt.start], d) if nxt is not None and nxt.kind == "event" else "summit"
                ev = _event_for(m.refs[0], d, toks[m.start:m.end], kind)
                if nxt is not None and nxt.kind == "event":
                    ms.remove(nxt)
                    m.end = nxt.end
                m.kind, m.refs, m.cls, m.via = "event", [ev], "Event", "name"
                # "(CICA)" right after the name is the same thing
                after = next_mention(ms, m, toks, gap=1)
                if after is not None and after.kind == "actor" and after.refs and\
                        after.refs[0] == d.entities[ev].extra[0][2] and toks[m.end].text == "(":
                    ms.remove(after)
                    m.end = after.end
    for m in ms:
        if m.kind == "event" and not m.refs:
            kind = event_kind(toks[m.start], d)
            org = next_mention(ms, m, toks, gap=1, skip_det=True, d=d)
            if org is not None and org.kind == "actor" and org.cls == "InternationalOrganization":
                m.refs = [_event_for(org.refs[0], d, toks[org.start:org.end], kind)]
                ms.remove(org)
                m.end = org.end
            elif _definite(toks, m, d) and d.events and kind in d.entities[d.events[-1]].label_en:
                m.refs = [d.events[-1]]  # "der Gipfel", "bei diesem Gipfeltreffen in Astana": the summit
                # named last (not the last meeting or election)
            elif place_after(toks, ms, m, d) or not _definite(toks, m, d) and kind != "summit":
                continue  # "eine UN-Konferenz in Paris", "an international conference called in Jakarta":
                # a new event, named after its place or participants later (_unnamed_events), or none
            elif d.events and kind in d.entities[d.events[-1]].label_en:
                m.refs = [d.events[-1]]
            elif single(toks[m.start], d, "meeting_nouns") or single(toks[m.start], d, "election_nouns"):
                continue
            elif owners := [x for x in ms if x.kind == "actor" and x.cls == "InternationalOrganization" and x.refs
                            and x.end <= m.start]:  # "Die Mitglieder der Brics-Gruppe haben ihr Gipfeltreffen …"
                m.refs = [_event_for(owners[-1].refs[0], d, toks[owners[-1].start:owners[-1].end], kind)]

def event_kind(tok: Token, d: Doc) -> str:
    """The English noun for an event word ("Gipfeltreffen" -> summit, "Generaldebatte" -> general debate),
    from the lexicon's ``event_kinds``; summit where the lexicon says nothing."""
    kinds = d.lex.data.get("event_kinds") or {}
    return kinds.get(tok.key) or kinds.get(tok.lemma) or kinds.get(tok.text.lower()) or "summit"

def _definite(toks: list[Token], m: Mention, d: Doc) -> bool:
    """An event noun after a definite article or demonstrative ("der Gipfel", "this summit", "the summit's")."""
    defs = d.lex.words.get("event_definite", set())
    before = [t for t in toks[max(0, m.start - 3):m.start] if t.is_word]
    return bool(before) and any(t.key in defs for t in before[-2:])

def place_after(toks: list[Token], ms: list[Mention], m: Mention, d: Doc) -> Mention | None:
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

def short_name(iri: URIRef, d: Doc) -> str:
    """The name an event's label uses for a participant: a person's surname, else the actor's label."""
    actor = d.kb.actors.get(iri)
    label = actor.label_en if actor else (d.entities[iri].label_en if iri in d.entities else str(iri).rsplit("/", 1)[-1])
    if d.cls_of(iri) != "Person":
        return label
    # the one-word name the knowledge base knows the person by ("Xi" for Xi Jinping), else the surname
    short = sorted(a for a in (actor.aliases.get("en", ()) if actor else ()) if " " not in a and a in label.split())
    return short[0] if short else label.split()[-1]

def meeting_event(participants: list[URIRef], d: Doc) -> URIRef:
    """An unnamed meeting of three or more participants, minted as an event named after them
    ("Putin–Xi–Erdoğan meeting"), the way the guidelines name events without a proper name."""
    names = [short_name(p, d) for p in participants]
    label = "–".join(names) + " meeting"
    year = d.when.year if d.when and not d.inferred else None
    iri = GKGR["event/" + slug("-".join(names) + "-meeting") + (f"-{year}" if year else "")]
    if iri not in d.entities:
        d.entities[iri] = Entity(iri, "Event", label, alt_labels={"meeting of " + ", ".join(names)})
    if iri in d.events:
        d.events.remove(iri)
    d.events.append(iri)
    return iri

def _event_for(org: URIRef, d: Doc, surface: list[Token], kind: str = "summit") -> URIRef:
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
