"""Appeals and stances: the aim of a call (free phrase or lexicon aim), its addressees, and the
object of a stance word.
"""
from __future__ import annotations

from dataclasses import replace

from geokg.loaders.aims import (
    AimPhrase,
    Span,
    advocacy_object,
    content_words,
    english_aim,
    german_aim,
    lexicon_aims,
    same_aim,
)
from geokg.loaders.claims import Entity, slug
from geokg.loaders.extractor.clauses import segment_of
from geokg.loaders.extractor.doc import Doc, Mention, coordinated
from geokg.loaders.lexicon import Trigger
from geokg.loaders.text import Sentence, Token
from geokg.ontology import GKGR


def _aim_mention(p: AimPhrase, d: Doc) -> Mention:
    """An aim phrase as a mention of an ``Aim`` entity named by its English label, other renderings as
    alternative labels, the German words as the German label."""
    iri = GKGR["aim/" + slug(p.label)]
    if iri not in d.entities:  # an aim named before in other words is the same aim ("fund £5.5bn", "£5.5bn Aids fund")
        words = [content_words(x) for x in {p.label} | p.alts]
        iri = next((e.iri for e in d.entities.values() if e.cls == "Aim" and any(
            same_aim(w, content_words(x)) for w in words for x in {e.label_en} | e.alt_labels)), iri)
    if iri not in d.entities:
        d.entities[iri] = Entity(iri, "Aim", p.label, labels={})
    ent = d.entities[iri]
    ent.alt_labels = set(ent.alt_labels or set()) | {a for a in p.alts if a != p.label}
    if d.lang != "en" and p.surface:
        ent.labels.setdefault(d.lang, set()).add(p.surface)
    return Mention(p.start, p.end, "aim", [iri], "Aim", via="aim")

def _name_spans(ms: list[Mention], d: Doc, toks: list[Token]) -> list[Span]:
    """The sentence's names for the aim reader: their English labels, and whether they are actors."""
    out = []
    for m in ms:
        if m.start < 0 or not m.refs or m.kind not in ("actor", "event", "pron"):
            continue
        ref = m.place if m.via == "capital" and m.place is not None else m.refs[0]  # "in Wien": Vienna
        actor = d.kb.actors.get(ref)
        label = actor.label_en if actor else (d.entities[ref].label_en if ref in d.entities else None)
        written = " ".join(t.text for t in toks[m.start:m.end])
        if actor and written in actor.aliases.get("en", ()):
            label = written  # "Gaza" stays Gaza in an aim, not the territory's label
        out.append(Span(m.start, m.end, None if m.kind == "pron" else label, m.is_actor, d.cls_of(ref)))
    return out

def free_aim(toks: list[Token], idx: list[int], ms: list[Mention], sent: Sentence, d: Doc,
              lo: int = 0, hi: int | None = None) -> list[Mention]:
    """The aim an appeal asks for (loaders/aims.py): the phrase after the trigger in English, the
    frame's phrase translated to English in German; a pronominal adverb ("hatte sich dafür
    eingesetzt") names the aim of the sentence before; else the lexicon's aims after the trigger."""
    hi = len(toks) if hi is None else hi
    spans = _name_spans(ms, d, toks)
    if d.lang == "en" and _not_an_appeal_en(toks, idx, d):
        return []
    if d.lang == "en":
        phrase = english_aim(toks, idx, d.lex, spans, hi)
        if phrase is not None and phrase.relayed is not None:
            d.relayed.append((sent.index, phrase.relayed, phrase.start))
    else:
        pro = next((k for k in range(lo, hi) if toks[k].key in d.lex.words.get("aim_pronominal", set())), None)
        phrase = None if pro is not None and pro in idx else german_aim(toks, idx, d.lex, spans, lo, hi)
        if phrase is None and pro is not None:  # "hatte sich dafür eingesetzt": the aim named last
            recent = [m for s_idx, m in reversed(d.history) if m.kind == "aim" and s_idx >= sent.index - 2]
            if recent:
                return [Mention(pro, pro + 1, "aim", recent[0].refs, "Aim", via="coref")]
    if phrase is None:
        if toks[idx[0]].key in d.lex.words.get("aim_weak", set()):
            return []
        found = [p for p in lexicon_aims(toks, d.lex, idx[-1] + 1, hi)]
        return [_aim_mention(found[0], d)] if found else []
    ante = _aim_antecedent(phrase, toks, sent, d)
    if ante is not None:  # "backed the proposals", "die in Wien erzielte Vereinbarung": the plan named just before
        return [Mention(phrase.start, phrase.end, "aim", ante.refs, "Aim", via="coref")]
    m = _aim_mention(phrase, d)
    d.history.append((sent.index, m))
    d.aim_spans.append((sent.index, m.start, m.end))
    return [m]

def _aim_antecedent(phrase: AimPhrase, toks: list[Token], sent: Sentence, d: Doc) -> Mention | None:
    """A definite plan, deal or proposal ("the proposals", "die Vereinbarung") is the aim of that kind named
    in this or the two sentences before: the latest aim at all when the phrase says nothing more than
    its noun, else the latest that shares the noun ("the agreement reached in Vienna" after "the agreement
    with Iran")."""
    if phrase.start >= len(toks) or toks[phrase.start].key not in d.lex.words.get("aim_definite", set()):
        return None
    words = content_words(phrase.label)
    kinds = {w for w in words if advocacy_object(w)}
    if not kinds:
        return None
    recent = [m for s_idx, m in reversed(d.history) if m.kind == "aim" and m.refs and m.refs[0] in d.entities
              and sent.index - 2 <= s_idx and (s_idx < sent.index or m.end <= phrase.start)]
    for m in recent:
        label = d.entities[m.refs[0]].label_en
        if words <= kinds or kinds & content_words(label):
            return m
    return None

def proxy_objects(actors: list[Mention], idx: list[int], toks: list[Token], d: Doc) -> list[Mention]:
    """The actor behind a candidacy or bid that is the object ("unterstützt die Kandidatur von Jeremic",
    "opposed the candidacy of X"): a name after a ``proxy_nouns`` noun and its preposition, in the
    trigger's comma segment."""
    proxy = d.lex.words.get("proxy_nouns", set())
    seg = segment_of(toks, idx[0])
    hit = [m for m in actors if m.kind == "actor" and m.start >= 2 and seg[0] <= m.start < seg[1]
           and m.start not in idx and m.prep in d.lex.words.get("proxy_preps", set())
           and (toks[m.start - 2].key in proxy or toks[m.start - 2].lemma in proxy)]
    return coordinated(actors, hit[0], toks, d) if hit else []

def stance_object(trig: Trigger, idx: list[int], ms: list[Mention], actors: list[Mention], sent: Sentence,
                   d: Doc, lo: int, hi: int) -> tuple[Trigger, list[Mention]] | None:
    """Backing and advocacy are one frame with two kinds of object (the guidelines): backing a person,
    state or group is ``supports`` ("sich für Jeremic stark machen"), backing a plan or deal is
    ``callsFor`` it ("ihre Unterstützung für den Iran-Deal erklärt", "support for the peace plan").
    When a trigger of one kind found no object of its own, the other kind's object: (trigger, objects)."""
    toks = sent.tokens
    if trig.relation == "callsFor":
        preps = d.lex.words.get("advocacy_preps", set())
        if not any(e is not None and any(x.word in preps for x in e) for e in trig.pattern):
            return None
        cands = [m for m in actors if m.kind == "actor" and m.refs and m.prep in preps and lo <= m.start < hi
                 and not m.modifier and m.cls in ("Person", "State", "Organization", "InternationalOrganization", "Group")]
        found = coordinated(actors, cands[0], toks, d) if cands else proxy_objects(actors, idx, toks, d)
        if not found:  # "sich für die Kandidatur von X stark machen": the candidate
            return None
        return replace(trig, id=f"{d.lang}-supports-advocacy", relation="supports"), found
    aims = [m for m in free_aim(toks, idx, ms, sent, d, lo, hi) if m.refs and m.refs[0] in d.entities]
    if not aims or not (aims[0].via == "coref" or advocacy_object(d.entities[aims[0].refs[0]].label_en)):
        return None
    label = d.entities[aims[0].refs[0]].label_en
    if aims[0].via != "coref" and toks[aims[0].start].key in d.lex.words.get("aim_definite", set())\
            and all(advocacy_object(w) for w in content_words(label)):
        return None  # "backed the proposals" with no proposal named before: which one is unknown
    return replace(trig, id=f"{d.lang}-callsFor-support", relation="callsFor"), aims[:1]

def _not_an_appeal_en(toks: list[Token], idx: list[int], d: Doc) -> bool:
    """English appeals whose grammatical subject is no caller: a gerund after a preposition ("spending
    £60m on seeking an inoculation") and an appeal someone else asks for ("Mr Blair was being urged to
    push for action": he is urged, the urging party is not named)."""
    k = idx[0]
    if k > 0 and toks[k].key.endswith("ing") and toks[k - 1].key in d.lex.words.get("prepositions", set()):
        return True
    be = {"is", "are", "was", "were", "be", "been", "being"}
    control = d.lex.words.get("aim_control", set())
    return k >= 3 and toks[k - 1].key == "to" and (toks[k - 2].lemma in control or toks[k - 2].key in control)\
        and toks[k - 3].key in be
