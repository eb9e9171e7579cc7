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
from typing import Iterable

from geokg.loaders.claims import Claim, Document, Extraction
from geokg.loaders.dates import find_date
from geokg.loaders.extractor.doc import (
    Doc,
    Mention,
    all_coordinations,
    date_of,
    gazetteer_mentions,
    role_of,
)
from geokg.loaders.extractor.mentions import find_mentions
from geokg.loaders.extractor.sentence import claims_for_sentence
from geokg.loaders.gazindex import compiled_gazetteer
from geokg.loaders.kb import load_kb
from geokg.loaders.lexicon import load_lexicon
from geokg.loaders.memberships import membership_claims
from geokg.loaders.period import infer_period, years_in_text
from geokg.loaders.places import place_claims, visit_places
from geokg.loaders.text import Sentence, split
from geokg.ontology import GKGR

__all__ = ["extract", "extract_text", "Mention"]


def extract(document: Document, text: str, language: str) -> Extraction:
    """Read one document's text into an :class:`Extraction` (claims plus new entities)."""
    d = Doc(lang=language, when=date_of(document.published), published=document.published, kb=load_kb(),
            lex=load_lexicon(language), gaz=compiled_gazetteer(language))
    sentences = split(text, language)
    d.sentences = sentences
    if d.when is None:
        # an undated article: its period from the years it names and the persons it names together
        # (Blair with Chirac: 1998-2005), never today; roles resolve to the holders of that period
        persons = {r for sent in sentences for m in gazetteer_mentions(sent, d)
                   if m.cls == "Person" for r in m.refs}
        period = infer_period(years_in_text(text), sorted(persons), d.kb)
        if period is not None:
            d.when, d.inferred, d.period = period.when, True, period
    for sent in sentences:
        # A claim carries a date of its own only when its sentence gives one; otherwise the
        # document's date applies and is not repeated on every claim (readers use the claim's
        # date, else the document's).
        d.cur_date = find_date(sent.text, language, d.when.year if d.when and not d.inferred else None)
        ms = find_mentions(sent, d)
        claims_for_sentence(sent, ms, d)
        d.claims.extend(place_claims(sent, ms, d))
        d.claims.extend(visit_places(sent, d.claims, d))
        d.claims.extend(membership_claims(sent, ms, d))
        _remember_surnames(sent, ms, d)
        for m in ms:
            if m.refs and m.kind in ("actor", "pron", "event"):
                d.history.append((sent.index, m))
        coord_groups = all_coordinations(sent, ms, d)
        for g in coord_groups:
            d.groups_of_actors.append((sent.index, g))
    claims = _dedupe(d.claims)
    used = {c.subject for c in claims} | {c.obj for c in claims} | {c.attributed_to for c in claims if c.attributed_to}
    entities = [e for iri, e in d.entities.items() if iri in used]
    # events keep the organisation they are about
    return Extraction(document, claims, entities)

def _remember_surnames(sent: Sentence, ms: list[Mention], d: Doc) -> None:
    """"Sebastian Kurz … Kurz hatte …": once a known person is named in full, the surname alone names him
    in the rest of the document (the knowledge base leaves out surnames that are common words)."""
    for m in ms:
        if m.kind != "actor" or m.cls != "Person" or not m.refs or m.via != "name" or m.end - m.start < 2:
            continue
        last = sent.tokens[m.end - 1]
        if not last.text[:1].isupper() or not last.text.isalpha() or len(last.text) < 3\
                or last.key in d.new_persons or role_of(last, d) is not None:
            continue  # "US-Präsident" resolved to its holder: the title is no surname
        if any(e.cls != "Person" for e in d.gaz.lookup((last.key,))):
            continue  # a surname that also names a state or an organisation stays that name
        d.new_persons[last.key] = m.refs[0]

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
