"""Actors the knowledge base does not list, read from how the text introduces them: organisations
by their kind ("civil rights group Liberty"), universities, affiliations, persons with their age, bloc
groups, and the short names of bodies named before ("the Commission").
"""
from __future__ import annotations

from geokg.loaders.claims import Claim, Entity, slug
from geokg.loaders.extractor.doc import (
    QUOTE_KEYS,
    Doc,
    Mention,
    is_upper,
    role_of,
    single,
    unknown_name,
)
from geokg.loaders.extractor.offices import new_person
from geokg.loaders.kb import fold
from geokg.loaders.lexicon import keys
from geokg.loaders.text import Sentence, Token
from geokg.ontology import GKGR


def remember_short_names(toks: list[Token], ms: list[Mention], d: Doc) -> None:
    """An organisation named in full ("US-Senat", "the European Commission") is later called by its
    name's last word ("im Senat", "the Commission"): remember that word for this document."""
    for m in ms:
        if m.kind == "actor" and m.cls in ("Organization", "InternationalOrganization") and m.refs\
                and m.end - m.start >= 2 and m.via == "name":
            last = toks[m.end - 1]
            if last.text.isalpha() and len(last.text) > 3 and is_upper(last)\
                    and not d.gaz.lookup((last.key,)) and role_of(last, d) is None\
                    and not any(single(last, d, c) for c in ("collectives", "institutions", "events", "groups",
                                                               "org_anaphors", "body_nouns", "org_intro_nouns")):
                d.org_short[last.key] = (m.refs[0], m.cls)  # not "Staaten" of "GUS-Staaten"

def bloc_group(toks: list[Token], i: int, d: Doc) -> Mention | None:
    """A group of states named by their kind (``bloc_groups``: "developing countries", "rich nations",
    "Entwicklungsländer"): a group actor labelled in English, with the text's words as a label."""
    first = (toks[i].key, toks[i].lemma)
    for k, label in d.lex.blocs:
        if k[0] not in first:
            continue
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

def namesakes(toks: list[Token], ms: list[Mention], sent: Sentence, d: Doc) -> list[Mention]:
    """English: a surname the knowledge base knows, joined to a capitalised word it does not know, is
    someone else of that name ("Feroz Abbasi" is not Shahid Khaqan Abbasi, "Martin Mubanga" not Paul
    Martin): a new person named in full. German capitalises every noun, so this is English only."""
    if d.lang != "en":
        return ms
    taken = {k for m in ms for k in range(m.start, m.end)}
    stop = d.lex.words.get("honorifics", set()) | d.lex.words.get("not_place_names", set())\
        | d.lex.words.get("determiners", set())
    out = []
    for m in ms:
        if m.kind != "actor" or m.cls != "Person" or m.end - m.start != 1 or m.via != "name"\
                or toks[m.start].key in d.new_persons:
            out.append(m)
            continue

        def unknown(k: int) -> bool:
            return 0 <= k < len(toks) and k not in taken and toks[k].text[:1].isupper() and toks[k].text.isalpha()\
                and toks[k].key not in stop and role_of(toks[k], d) is None and not d.gaz.lookup((toks[k].key,))

        if unknown(m.start - 1) and m.start >= 2 and toks[m.start - 2].key not in QUOTE_KEYS\
                and not toks[m.start - 2].text[:1].isupper():
            s0, e0 = m.start - 1, m.end  # "and Feroz Abbasi" (a capitalised word opening a sentence may be any word)
        elif unknown(m.end) and not m.genitive and (m.end + 1 == len(toks) or not toks[m.end + 1].text[:1].isupper()):
            s0, e0 = m.start, m.end + 1  # "Martin Mubanga"
        else:
            out.append(m)
            continue
        name = sent.text_of(s0, e0)
        out.append(Mention(s0, e0, "actor", [new_person(name, {}, d)], "Person", genitive=m.genitive))
        taken |= {s0, e0 - 1}
    return out

def academic_names(toks: list[Token], sent: Sentence, d: Doc) -> list[Mention]:
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
        while j + n < len(toks) and n < limit and is_upper(toks[j + n]) and toks[j + n].text.isalpha()\
                and toks[j + n].key not in heads and role_of(toks[j + n], d) is None:
            n += 1
        return n

    i = 0
    while i < len(toks):
        t = toks[i]
        if t.key not in heads or not is_upper(t):
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
            while k > 0 and i - k < 3 and is_upper(toks[k - 1]) and toks[k - 1].text.isalpha()\
                    and toks[k - 1].key not in d.lex.words.get("determiners", set()) and role_of(toks[k - 1], d) is None\
                    and not (k - 1 == 0 and end == i + 1):
                k -= 1
            start = k
        if end - start < 2:
            i += 1
            continue
        surface = sent.text_of(start, end)
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

def affiliations(toks: list[Token], ms: list[Mention], d: Doc, sent: Sentence) -> None:
    """A person before a preposition and a university or institute ("Thomas Jäger von der Universität
    Köln", "Professor Michael Cox of the University of Birmingham", "Otto Warmbier, a student at the
    University of Virginia"): the person is affiliatedWith it. A name the text does not know yet, right
    before, is a person it introduces."""
    preps = d.lex.words.get("affiliation_preps", set())
    dets = d.lex.words.get("determiners", set())
    heads = d.lex.words.get("academic_heads", set())
    nouns = d.lex.words.get("affiliation_nouns", set())
    for org in ms:
        if org.kind != "actor" or org.cls != "Organization" or not org.refs\
                or not any(toks[q].key in heads for q in range(org.start, org.end)):
            continue
        j = org.start - 1
        while j >= 0 and toks[j].key in dets:
            j -= 1
        if j < 1 or toks[j].key not in preps:
            continue
        end = j  # the person's name ends here, or an apposition "X, a student" does
        h = j - 1
        while h >= 0 and j - h <= 4 and toks[h].text.isalpha() and not is_upper(toks[h]):
            h -= 1
        if d.lang == "en" and h >= 1 and toks[h].text == "," and h < j - 1\
                and any(toks[q].key in nouns or role_of(toks[q], d) for q in range(h + 1, j)):
            end = h  # "Otto Warmbier, a student at"
        person = next((x for x in ms if x.end == end and x.kind == "actor" and x.cls == "Person" and x.refs), None)
        ref = person.refs[0] if person is not None else None
        if ref is None:
            for n in (3, 2):
                s0 = end - n
                if s0 >= 0 and unknown_name(toks, s0, d, set()) == n and not any(
                        x.start < end and s0 < x.end for x in ms) and (s0 == 0 or not is_upper(toks[s0 - 1])
                                                                      or role_of(toks[s0 - 1], d) is not None):
                    ref = new_person(sent.text_of(s0, end), {}, d)
                    break
        if ref is None:
            continue
        d.claims.append(Claim(ref, "affiliatedWith", org.refs[0], evidence=sent.text, char_start=sent.start,
                              char_end=sent.end, confidence=0.75, extractor=f"{d.lang}-academic-affiliation",
                              date=d.cur_date))

def org_introductions(toks: list[Token], sent: Sentence, d: Doc, taken: set[int]) -> list[Mention]:
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
        if d.lang == "en" and is_upper(t) and i > 0:
            continue  # "Liberty Group", a name's own word
        k, n = i + 1, 0
        while k + n < len(toks) and n < 3 and k + n not in taken and is_upper(toks[k + n])\
                and toks[k + n].text.isalpha() and toks[k + n].key not in d.lex.words.get("not_place_names", set())\
                and role_of(toks[k + n], d) is None and not d.gaz.lookup((toks[k + n].key,)):
            n += 1
        if n == 0 or (k + n < len(toks) and is_upper(toks[k + n]) and toks[k + n].text.isalpha()):
            continue
        name = sent.text_of(k, k + n)
        iri = GKGR["organization/" + slug(name)]
        if iri not in d.entities:
            d.entities[iri] = Entity(iri, "Organization", name, labels={d.lang: {name}})
        d.new_orgs[fold(name)] = iri
        out.append(Mention(k, k + n, "actor", [iri], "Organization"))
        taken |= set(range(k, k + n))
    return out

def age_introductions(toks: list[Token], sent: Sentence, d: Doc, taken: set[int]) -> list[Mention]:
    """Persons the text introduces by their age: German "der 21-jährige Otto Frederick Warmbier" (an age
    adjective, ``age_adjective_endings``, then two or three capitalised unknown words), English "Otto
    Warmbier, 21, was …" (two or three unknown words, then a number between commas)."""
    out = []
    endings = tuple(d.lex.words.get("age_adjective_endings", set()))
    for i, t in enumerate(toks):
        if endings and t.key.endswith(endings) and i + 1 < len(toks) and (
                t.text[:1].isdigit() or i >= 2 and toks[i - 1].text == "-" and toks[i - 2].text.isdigit()):
            n = unknown_name(toks, i + 1, d, taken)
            if n >= 2 and (i + 1 + n == len(toks) or not toks[i + 1 + n].text[:1].isupper()):
                name = sent.text_of(i + 1, i + n + 1)
                out.append(Mention(i + 1, i + 1 + n, "actor", [new_person(name, {}, d)], "Person"))
        if d.lang == "en" and t.text == "," and i + 2 < len(toks) and toks[i + 1].text.isdigit()\
                and toks[i + 2].text == "," and 0 < int(toks[i + 1].text) < 110:
            for n in (3, 2):
                s0 = i - n
                if s0 >= 0 and unknown_name(toks, s0, d, taken) == n and (s0 == 0 or not toks[s0 - 1].text[:1].isupper()):
                    name = sent.text_of(s0, i)
                    out.append(Mention(s0, i, "actor", [new_person(name, {}, d)], "Person"))
                    break
    return out

def dateline_end(toks: list[Token], ms: list[Mention]) -> int:
    """The index after a news dateline opening the sentence ("Washington/Teheran –", "Prag/Wien –"):
    place names joined by slashes, then a dash; 0 when there is none."""
    k = 0
    while True:
        m = next((x for x in ms if x.start == k and x.kind == "actor" and x.via in ("capital", "name", "seat")
                  and x.cls in ("State", "Place")), None)
        if m is None:
            if k < len(toks) and is_upper(toks[k]) and toks[k].text.isalpha() and k + 1 < len(toks)\
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
