"""Offices and roles: a title or role noun composed with a person, the state or body it serves, and
the holder on the article's date ("der kasachische Präsident", "Tory leader X", "the UK chancellor").
"""
from __future__ import annotations

from datetime import date

from geokg.loaders import coref
from geokg.loaders.claims import Claim, Entity, slug
from geokg.loaders.extractor.doc import (
    QUOTE_KEYS,
    Doc,
    Mention,
    is_upper,
    next_mention,
    role_of,
    unknown_name,
)
from geokg.loaders.kb import ROLE_RELATION, fold
from geokg.loaders.text import Sentence, Token
from geokg.ontology import GKGR, SCHEMA
from rdflib import Literal, URIRef


def role_person(toks, ms, role_m: Mention, d: Doc, sent: Sentence, owner: URIRef | None,
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
    if owner is None and spec.get("org_title") and role_m.start > 0 and toks[role_m.start - 1].key in\
            d.lex.words.get("pronouns.possessive_neuter", set()) | d.lex.words.get("pronouns.possessive_plural", set()):
        # "its director, Barbara Stocking": the organisation named last
        owner = coref.recent_organization(d, [x for x in ms if x.end <= role_m.start], window=1,
                                          sent_index=sent.index)
    owner_cls = d.cls_of(owner) if owner is not None else None
    nxt = next_mention(ms, role_m, toks)
    if d.lang == "en" and nxt is None and role_m.end + 1 < len(toks) and toks[role_m.end].text == ",":
        # "his Sierra Leonean counterpart, President Julius Maada Bio,": the name in apposition
        inner = next((x for x in ms if x.start == role_m.end + 1 and x.kind == "role" and id(x) not in consumed
                      and (x.role or {}).get("rel") in ("leaderOf", "officialOf")), None)
        if inner is not None and (owner is not None or next_mention(ms, inner, toks) is not None):
            consumed.add(id(inner))
            spec = inner.role or spec
            role_m = Mention(role_m.start, inner.end, "role", [], "Role", role=spec)
            nxt = next_mention(ms, role_m, toks)
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
                nxt = next_mention(ms, role_m, toks)
    if d.lang == "de" and owner is None and (nxt is None or nxt.cls != "Person" or nxt.genitive):
        # "Außenminister Serbiens", "der Vorsitzende der Partei Recht und Gerechtigkeit": the body in the
        # genitive after the title (a state's own genitive form, or an article and a body's name)
        of_m = _genitive_body(toks, ms, role_m.end, d)
        if of_m is not None:
            owner = of_m.refs[0]
            owner_cls = d.cls_of(owner)
            consumed.add(id(of_m))
            role_m = Mention(role_m.start, of_m.end, "role", [], "Role", role=spec)
            nxt = next_mention(ms, role_m, toks)
    if owner is not None and nxt is None and role_m.end + 1 < len(toks)\
            and toks[role_m.end].text == ",":
        # "Russia's foreign minister, Sergei Lavrov, said", "den früheren Präsidenten der Uno-Vollversammlung,
        # Srgjan Kerim": a person in apposition after a body's office
        app = next((x for x in ms if x.start == role_m.end + 1 and x.kind == "actor" and x.cls == "Person"
                    and x.refs and id(x) not in consumed), None)
        if app is not None and (app.end == len(toks) or toks[app.end].text in (",", ".", ";")):
            nxt = app
        elif app is None:
            # "The charity's director, Barbara Stocking, said": a name the text introduces in apposition
            n = unknown_name(toks, role_m.end + 1, d, taken)
            k = role_m.end + 1 + n
            if n >= 2 and (k == len(toks) or toks[k].text in (",", ".", ";")
                           or toks[k].key in d.lex.words.get("attribution.verbs", set())):
                name = sent.text_of(role_m.end + 1, k)
                title = " ".join(t.text for t in toks[role_m.start:role_m.end])
                nxt = Mention(role_m.end + 1, k, "actor", [new_person(name, spec, d, title=title)], "Person")
    person: URIRef | None = None
    end = role_m.end
    remit_end: int | None = None
    remit_body: Mention | None = None
    unit_remit = False  # the title heads a unit of the body ("head of policy"): a member of it, not its head
    intro_start: int | None = None  # a name the text introduces before the title ("X, die Direktorin von Y")
    if d.lang == "en" and (nxt is None or nxt.cls != "Person") and role_m.end + 3 < len(toks)\
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
            elif toks[k].key in ("of", "and", "the", "&") or toks[k].text[:1].isupper() and toks[k].text.isalpha()\
                    and not role_of(toks[k], d):
                run.append(k)
                k += 1
            else:
                break
        known = [x for x in run[1:] if isinstance(x, Mention) and x.cls == "Person" and x.refs]
        if known:
            role_m = Mention(role_m.start, known[0].start, "role", [], "Role", role=spec)
            nxt = known[0]
        elif len(run) >= 3 and all(isinstance(x, int) and toks[x].text[:1].isupper() for x in run[-2:])\
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
                              or unknown_name(toks, k, d, taken) >= 2):
            # a body named in the remit is the one the office belongs to ("im Repräsentantenhaus")
            remit_body = next((x for x in ms if role_m.end < x.start < k and x.kind == "actor" and x.refs
                               and x.cls in ("Organization", "InternationalOrganization")), None)
            role_m = Mention(role_m.start, k, "role", [], "Role", role=spec)
            nxt = next_mention(ms, role_m, toks)
    if nxt is not None and nxt.cls == "Person" and nxt.kind == "actor":
        person, end = nxt.refs[0], nxt.end
        consumed.add(id(nxt))
    else:
        n = unknown_name(toks, role_m.end, d, taken)
        following = toks[role_m.end + n] if role_m.end + n < len(toks) else None
        known = next((x for x in ms if x.start == role_m.end + n and x.kind == "actor" and x.cls == "Person"), None)
        if known is not None and n <= 2:  # "President Tayyip Erdogan": given names before a known person
            person, end = known.refs[0], known.end
            consumed.add(id(known))
            n = 0
        if n >= 2 or (n == 1 and (following is None or not following.text[:1].isupper())):
            name = sent.text_of(role_m.end, role_m.end + n)
            title = " ".join(t.text for t in toks[role_m.start:role_m.end]).rstrip(" ,")
            person = new_person(name, spec, d, title=title)
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
        while k >= 0 and toks[k].text.islower() and toks[k].text.isalpha() and k > (phrase_start or role_m.start) - 4\
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
                    if unknown_name(toks, s0, d, taken) == k - 1 - s0 and (s0 == 0 or not is_upper(toks[s0 - 1])):
                        name = sent.text_of(s0, k - 1)
                        person = new_person(name, spec, d, title=" ".join(t.text for t in toks[role_m.start:role_m.end]))
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
        elif ante is None and owner is not None and k >= 2 and toks[k].text == "," and close < len(toks)\
                and toks[close].text == "," and (spec.get("rel") in ("leaderOf", "officialOf")
                                                 or spec.get("org_title") and d.cls_of(owner) == "Organization"):
            # "Olusegun Obasanjo, the African Union's envoy,": a person not known before, named in front of
            # a role closed by commas on both sides
            for s0 in range(max(0, k - 3), k - 1):
                if unknown_name(toks, s0, d, taken) == k - s0 and (s0 == 0 or not toks[s0 - 1].text[:1].isupper()):
                    name = sent.text_of(s0, k)
                    person = new_person(name, spec, d, title=" ".join(t.text for t in toks[role_m.start:role_m.end]))
                    break
    before = [x for x in ms if x.end <= role_m.start and x.kind == "actor"]
    start = phrase_start if phrase_start is not None else role_m.start
    if person is None and start >= 2 and toks[start - 1].key in ("des", "der", "of", "the")\
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
        ref = coref.recent_holder(d, spec, None, sent.index, current=before)\
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
    if owner is None and not known_office and spec.get("role") in coref.HOME_ROLES\
            and spec.get("rel") in ("leaderOf", "officialOf")\
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
    if rel == "leaderOf" and owner is not None\
            and fold(str(owner).rsplit("/", 1)[-1]) in d.lex.words.get("assemblies", set()):
        rel = "officialOf"  # the president of an assembly presides over it: an official of it, not its head
    if owner is not None and stated and rel in ("leaderOf", "officialOf", "affiliatedWith")\
            and d.cls_of(person) == "Person":
        d.claims.append(Claim(person, rel, owner, evidence=sent.text, char_start=sent.start,
                              char_end=sent.end, confidence=0.9, extractor=f"{d.lang}-role-apposition",
                              date=d.cur_date))
    if remit_body is not None and remit_body.refs[0] != owner and d.cls_of(person) == "Person"\
            and spec.get("role") not in ("expert", "journalist"):
        d.claims.append(Claim(person, "officialOf", remit_body.refs[0], evidence=sent.text, char_start=sent.start,
                              char_end=sent.end, confidence=0.8, extractor=f"{d.lang}-role-remit", date=d.cur_date))
    d.person_roles[person] = spec.get("role", "")
    if spec.get("role"):
        d.person_offices[person] = (spec["role"], owner)
    return Mention(role_m.start if intro_start is None else intro_start, end, "actor", [person], "Person", via="name")

def _genitive_body(toks: list[Token], ms: list[Mention], k: int, d: Doc) -> Mention | None:
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
                        d: Doc) -> URIRef | None:
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

def _opening_title_holder(toks: list[Token], role_m: Mention, phrase_start: int | None, d: Doc,
                          sent: Sentence) -> URIRef | None:
    """"Der Vorsitzende der Partei X sagte …" right after a sentence about one person: that person."""
    start = phrase_start if phrase_start is not None else role_m.start
    if start != 1 or toks[0].key not in ("der", "die", "the") or sent.index == 0:
        return None
    prev = {r for s_idx, m in d.history if s_idx == sent.index - 1 and m.kind == "actor" and m.cls == "Person"
            for r in m.refs}
    return next(iter(prev)) if len(prev) == 1 else None

def _unit_remit(toks: list[Token], k: int, d: Doc) -> int | None:
    """English: after an organisation's title at ``k``, "of" and up to six words of the unit it heads,
    closed by a comma ("head of HIV/Aids in Britain,", "director of policy,"); the index after the comma."""
    if d.lang != "en" or k >= len(toks) or toks[k].key != "of":
        return None
    j = k + 1
    while j < len(toks) and j - k <= 7 and toks[j].text not in (",", ".", ";", ":") and toks[j].key not in QUOTE_KEYS:
        j += 1
    if j == k + 1 or j + 1 >= len(toks) or toks[j].text != ",":
        return None
    return j + 1

def _remit_apposition(toks: list[Token], k: int, d: Doc) -> int | None:
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

def _plural_role(toks: list[Token], role_m: Mention, d: Doc) -> bool:
    """A role noun in the plural ("other G8 finance ministers", "die Minister") refers to no one person."""
    last = toks[role_m.end - 1]
    if d.lang == "en":
        return last.key.endswith("s") and last.key not in d.lex.roles and not any(
            k[-1] == last.key for k, _ in d.lex.multi_roles)
    prev = toks[role_m.start - 1] if role_m.start > 0 else None
    if prev is not None and (prev.text[:1].isdigit() or prev.key in d.lex.words.get("quantifiers", set())):
        return True  # "42 Senatoren", "viele Minister"
    return prev is not None and prev.key in ("die", "den") and not last.key.endswith("in")

def _stated(owner: URIRef, ms: list[Mention], d: Doc, sent: Sentence) -> bool:
    """Whether the text names ``owner`` in this sentence or the one before (also inside a title:
    "der serbische Präsident Tomislav Nikolic" names Serbia)."""
    return any(owner in m.refs for m in ms) or any(
        owner in m.refs for s_idx, m in d.history if s_idx == sent.index - 1)\
        or any(owner in d.stated_bodies.get(i, ()) for i in (sent.index, sent.index - 1))

def _office_relation(spec: dict, owner_cls: str | None, owner_adj: bool, d: Doc) -> str | None:
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

def _role_anaphor_claim(person: URIRef, spec: dict, ms: list[Mention], d: Doc, sent: Sentence) -> None:
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
        if not own and strict and rel in ("leaderOf", "officialOf") and d.cls_of(body) == "State"\
                and d.when is not None and any(o.of == body and coref.role_compatible(o.role, variant.get("role"))
                                               for o in d.kb.offices_on(person, d.when))\
                and not any(m.kind == "actor" and m.cls == "State" and m.refs for m in ms):
            # "Erdoğan … sagt der Staatspräsident": the office the person held on the date, of the state
            # the article is about (named most often so far), when the sentence names no other state
            ranked = sorted(coref.state_salience(d).items(), key=lambda kv: -kv[1])
            own = bool(ranked) and ranked[0][0] == body and ranked[0][1] >= 2\
                and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
        if own and rel in ("leaderOf", "officialOf"):
            d.claims.append(Claim(person, rel, body, evidence=sent.text, char_start=sent.start,
                                  char_end=sent.end, confidence=0.7, extractor=f"{d.lang}-role-coref",
                                  date=d.cur_date))
        return

def offices_held(d: Doc, person: URIRef) -> list:
    """The offices a person held on the article's date; in an undated article, every office the
    knowledge base records for them, the latest first (the text names them, so some office applies)."""
    if d.when is not None:
        return d.kb.offices_on(person, d.when)
    actor = d.kb.actors.get(person)
    if actor is None:
        return []
    return sorted(actor.offices, key=lambda o: o.start or date.min, reverse=True)

def _counterpart_role(ms: list[Mention], role_m: Mention, d: Doc) -> dict | None:
    """"his Uzbek counterpart", "seinem israelischen Amtskollegen": the office of the person named before."""
    before = [m.refs[0] for m in reversed(ms) if m.end <= role_m.start and m.kind == "actor" and m.cls == "Person"
              and m.refs]
    before += [m.refs[0] for _s, m in reversed(d.history) if m.cls == "Person" and m.refs]
    known = set(ROLE_RELATION)
    for ref in [r for r in before if r in d.person_roles or r in d.kb.actors]:
        role = d.person_roles.get(ref)
        if role not in known:
            offices = offices_held(d, ref) if ref in d.kb.actors else []
            role = next((o.role for o in offices if o.role in known), None)
        if role in known:
            return {"role": role, "rel": ROLE_RELATION[role]}
    return None

def new_person(name: str, spec: dict, d: Doc, title: str | None = None) -> URIRef:
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

def _resolve_role_anaphor(spec: dict, d: Doc) -> URIRef | None:
    for _s, m in reversed(d.history):
        for ref in m.refs:
            if d.cls_of(ref) == "Person" and d.person_roles.get(ref) == spec.get("role"):
                return ref
    return None
