"""Places stated in passing: "the Kenyan capital Nairobi", "die nordsyrische Stadt Azaz",
"Jakarta, Indonesia", "Aceh in Indonesia" give the place ``locatedIn`` its state.

The guidelines count these background facts when the text says them ("Basra in
southern Iraq" gives Basra locatedIn Iraq). Three phrasings, in both languages:

1. a state's adjective, a place noun and the name: "the Thai beach resort of
   Phuket", "im nordsyrischen Städtchen Amude" (a compass prefix, "nord-",
   "south-eastern", does not hide the state);
2. a name, a comma and a state: "in Jakarta, Indonesia, on Thursday";
3. a name after a preposition or a visit, then "in" and a state: "visit Aceh in
   Indonesia", "Basra in southern Iraq";
4. a name after a preposition with its state in brackets: "in Erbil (Irak)".

A name the knowledge base does not know becomes a new place (``gkg:Place``)
named as the text names it. The words (place nouns, compass words, the words
that may stand before a place's name) are lists in the language's lexicon.

>>> from geokg.loaders.articles import extract_text
>>> ext = extract_text("He visited slums in the Kenyan capital Nairobi.", "en")
>>> sorted((str(c.subject).rsplit("/", 1)[-1], c.relation, str(c.obj).rsplit("/", 1)[-1])
...        for c in ext.claims if c.relation == "locatedIn")
[('nairobi', 'locatedIn', 'kenya')]
"""
from __future__ import annotations

from typing import Any

from rdflib import URIRef

from geokg.loaders.claims import Claim, Entity, slug
from geokg.loaders.text import Sentence, Token
from geokg.ontology import GKGR

__all__ = ["place_claims", "visit_places"]


def _upper_name(toks: list[Token], i: int, d: Any, taken: set[int]) -> int:
    """Length of a run of one to three capitalised words at ``i`` that no mention claims
    and that is no month, weekday or other word the lexicon says is not a place."""
    stop = d.lex.words.get("not_place_names", set())
    n = 0
    while i + n < len(toks) and n < 3:
        t = toks[i + n]
        if i + n in taken or not t.text[:1].isupper() or not t.text.replace("-", "").isalpha() or t.key in stop:
            break
        n += 1
    return n


def _state_adjective(t: Token, d: Any) -> URIRef | None:
    """The state an adjective names, also behind a compass prefix ("nordsyrischen", "south-eastern")."""
    for key in _without_compass(t.key, d):
        for e in d.gaz.lookup((key,)):
            if e.kind == "adj" and e.cls == "State":
                return e.iri
    return None


def _without_compass(key: str, d: Any) -> list[str]:
    out = [key]
    for p in sorted(d.lex.words.get("compass_prefixes", set()), key=len, reverse=True):
        if key.startswith(p) and len(key) > len(p) + 3:
            out.append(key[len(p):].lstrip("-"))
            break
    return out


def _place(toks: list[Token], start: int, end: int, ms: list, d: Any) -> URIRef | None:
    """The place a span names: a known place or capital, else a new place named by the span."""
    m = next((x for x in ms if x.start == start and x.end == end and x.refs), None)
    if m is not None:
        if m.via == "capital" and m.place is not None:
            return m.place
        return m.refs[0] if d.cls_of(m.refs[0]) == "Place" else None
    for e in d.gaz.lookup(tuple(t.key for t in toks[start:end])):  # a known city the mention finder joined
        if e.kind == "capital" and e.place is not None:                # to a longer phrase ("capital Nairobi")
            return e.place
        if e.cls == "Place":
            return e.iri
    name = " ".join(t.text for t in toks[start:end])
    iri = GKGR["place/" + slug(name)]
    if iri not in d.entities and iri not in d.kb.actors:
        d.entities[iri] = Entity(iri, "Place", name, labels={d.lang: {name}})
    return iri


def _state_at(ms: list, i: int) -> Any:
    return next((m for m in ms if m.start == i and m.kind == "actor" and m.cls == "State" and m.refs
                 and m.via in ("name", "adj")), None)


def place_claims(sent: Sentence, ms: list, d: Any) -> list[Claim]:
    """The ``locatedIn`` claims a sentence states of places in passing (see the module's doc).

    ``ms`` are the sentence's mentions and ``d`` the article extractor's document state
    (knowledge base, lexicon, gazetteer, the document's new entities).
    """
    toks = sent.tokens
    # words that name something other than a place (a capital's mention names its state but is a place)
    taken = {k for m in ms if m.refs and m.via != "capital" and d.cls_of(m.refs[0]) != "Place"
             for k in range(m.start, m.end)}
    nouns = d.lex.words.get("place_nouns", set())
    before = d.lex.words.get("place_name_preps", set())
    compass = d.lex.words.get("compass_words", set())
    found: list[tuple[URIRef, URIRef]] = []
    adjectives = {m.start: (m.end, m.refs[0]) for m in ms
                  if m.via == "adj" and m.cls == "State" and m.refs}  # "Sri Lankan" is two words
    for i, t in enumerate(toks):
        # 1. "the Kenyan capital Nairobi", "der nordsyrischen Provinz Idlib", "the Thai beach resort of Phuket"
        end, state = adjectives.get(i, (i + 1, _state_adjective(t, d)))
        if state is not None:
            k = end
            while k < len(toks) and k <= i + 3 and not (toks[k].key in nouns or toks[k].lemma in nouns) \
                    and toks[k].text[:1].islower():
                k += 1
            if k < len(toks) and (toks[k].key in nouns or toks[k].lemma in nouns):
                k += 1
                if k < len(toks) and toks[k].key == "of":
                    k += 1
                n = _upper_name(toks, k, d, taken)
                if n:
                    place = _place(toks, k, k + n, ms, d)
                    if place is not None:
                        found.append((place, state))
            continue
        if t.key not in before or i + 1 >= len(toks):
            continue
        n = _upper_name(toks, i + 1, d, taken)
        j = i + 1 + n
        # 4. "in Erbil (Irak)", "in Galle (Sri Lanka)": a state in brackets right after the name
        if n and j + 2 < len(toks) and toks[j].text == "(":
            st = _state_at(ms, j + 1)
            if st is not None and st.via == "name" and st.end < len(toks) and toks[st.end].text == ")":
                place = _place(toks, i + 1, j, ms, d)
                if place is not None:
                    found.append((place, st.refs[0]))
                continue
        if not n or d.lang == "de" and not _known_place(ms, i + 1, i + 1 + n, d):
            continue  # German capitalises every noun: only a place the knowledge base knows
        # 2. "in Jakarta, Indonesia"
        if j + 1 < len(toks) and toks[j].text == ",":
            st = _state_at(ms, j + 1)
            if st is not None and st.via == "name" and (st.end == len(toks) or not toks[st.end].text[:1].isupper()):
                place = _place(toks, i + 1, j, ms, d)
                if place is not None:
                    found.append((place, st.refs[0]))
                continue
        # 3. "visit Aceh in Indonesia", "Basra in southern Iraq"
        if j + 1 < len(toks) and toks[j].key in d.lex.words.get("locative_preps", set()):
            k = j + 1
            if toks[k].key in compass:
                k += 1
            st = _state_at(ms, k)
            if st is not None and st.via == "name":
                place = _place(toks, i + 1, j, ms, d)
                if place is not None:
                    found.append((place, st.refs[0]))
    claims, seen = [], set()
    for place, state in found:
        if (place, state) in seen or place == state:
            continue
        seen.add((place, state))
        claims.append(Claim(place, "locatedIn", state, evidence=sent.text, char_start=sent.start,
                            char_end=sent.end, confidence=0.6, extractor=f"{d.lang}-place-in-passing",
                            date=d.cur_date))
    return claims



def _known_place(ms: list, start: int, end: int, d: Any) -> bool:
    return any(m.start == start and m.end == end and m.refs and (m.via == "capital" or d.cls_of(m.refs[0]) == "Place")
               for m in ms)


def visit_places(sent: Sentence, claims: list[Claim], d: Any) -> list[Claim]:
    """A visit to a place the sentence locates also visits what it is located in, and the other way
    round: "visited slums in the Kenyan capital Nairobi" (Nairobi and Kenya), "will visit Aceh in
    Indonesia" (Indonesia and Aceh), "the Thai beach resort of Phuket" (Thailand and Phuket). Only the
    sentence's own ``locatedIn`` claims of places in passing link the two; the new claim copies the
    visit's qualifiers."""
    here = [c for c in claims if c.char_start == sent.start]
    links = [(c.subject, c.obj) for c in here if c.relation == "locatedIn" and c.extractor.endswith("place-in-passing")]
    visits = [c for c in here if c.relation == "visits"]
    have = {(c.subject, c.obj, c.negated) for c in visits}
    out: list[Claim] = []
    for v in visits:
        for place, state in links:
            other = state if v.obj == place else place if v.obj == state else None
            if other is None or (v.subject, other, v.negated) in have:
                continue
            have.add((v.subject, other, v.negated))
            out.append(Claim(v.subject, "visits", other, evidence=v.evidence, char_start=v.char_start,
                             char_end=v.char_end, negated=v.negated, attributed_to=v.attributed_to,
                             modality=v.modality, confidence=min(v.confidence, 0.6),
                             extractor=f"{d.lang}-visit-place-in-passing", date=v.date))
    return out
