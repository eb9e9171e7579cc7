"""One sentence's claims: the patterns over the dependency parse first, the trigger lexicon after.
"""
from __future__ import annotations

from geokg.loaders.extractor.clauses import (
    clause_spans,
    genitive_head,
    prep_of,
    resolve_pronouns,
)
from geokg.loaders.extractor.doc import (
    QUOTE_KEYS,
    Doc,
    Mention,
    has_trigger,
    is_upper,
    parse_of,
    patterns_for,
    possessives,
    single,
)
from geokg.loaders.extractor.events import locations, participation
from geokg.loaders.extractor.qualifiers import attribution, is_negated
from geokg.loaders.extractor.triggers import apply_trigger, emit
from geokg.loaders.lexicon import Trigger
from geokg.loaders.text import Sentence, Token
from rdflib import URIRef


def _match_trigger(trig: Trigger, toks: list[Token], lo: int, hi: int,
                   only_at: bool = False) -> list[tuple[int, int, list[int]]]:
    """Every place the pattern matches in toks[lo:hi] (or only at ``lo``): (first, last, token indices)."""
    out = []
    pat = trig.pattern
    for i in range(lo, lo + 1 if only_at else hi):
        if pat[0] is None or not any(e.matches(toks[i].key, toks[i].lemma) for e in pat[0]):
            continue
        idx, j, ok, gap = [i], i + 1, True, False
        for n_el, el in enumerate(pat[1:], 1):
            if el is None:
                gap = True
                continue
            last = n_el == len(pat) - 1
            k, skipped = None, 0  # a gap spans up to eight words; numbers and punctuation ("14,42") are free
            for cand in range(j, hi if gap else min(hi, j + 1)):
                if cand > j and toks[cand - 1].is_word and not toks[cand - 1].text[:1].isdigit():
                    skipped += 1
                if skipped >= 9 and not last:
                    break
                if any(e.matches(toks[cand].key, toks[cand].lemma) for e in el)\
                        and (skipped < 9 or cand + 1 >= hi or not toks[cand + 1].is_word):
                    k = cand
                    break
            if k is None:
                ok = False
                break
            idx.append(k)
            j, gap = k + 1, False
        if ok:
            out.append((idx[0], idx[-1], idx))
    return out

def claims_for_sentence(sent: Sentence, ms: list[Mention], d: Doc) -> None:
    toks = sent.tokens
    names = {k for m in ms if m.kind in ("actor", "event") and m.via in ("name", "capital", "seat")
             for k in range(m.start, m.end)}
    for m in ms:
        m.prep = prep_of(toks, m, d)
        m.gen_head = genitive_head(toks, m, d, names)
        if d.lang == "en" and m.start > 0 and toks[m.start - 1].key in ("a", "an") and m.kind == "actor"\
                and m.end < len(toks) and toks[m.end].text[:1].islower():
            m.modifier = True
        if d.lang == "de" and m.kind == "actor" and m.end + 1 < len(toks) and toks[m.end].text == "-"\
                and toks[m.end].start == toks[m.end - 1].end and toks[m.end + 1].start == toks[m.end].end\
                and toks[m.end + 1].is_word and not any(x.start == m.end + 1 for x in ms):
            m.modifier = True  # "EU-Diplomaten", "Russland-Politik": the name qualifies a noun, it is no argument
    clauses = clause_spans(toks, d)
    vorfeld = _vorfeld(toks, d)
    for m in ms:
        m.fronted = vorfeld is not None and vorfeld[0] <= m.start and m.end <= vorfeld[1]
    speaker_m = attribution(sent, ms, d)
    resolve_pronouns(sent, ms, d, clauses)
    speaker = speaker_m.refs[0] if speaker_m is not None and speaker_m.refs else None
    if speaker is not None:
        d.last_speaker = (sent.index, speaker)
    # the dependency patterns first; the trigger lexicon reads only the predicates they leave
    used_tokens: set[int] = _syntax_claims(sent, ms, d, speaker, clauses)
    ps = patterns_for(d.lang)
    replaced = {p.relation for p in ps.patterns} if ps is not None and ps.mode == "replace" else set()
    nominal = d.lex.words.get("noun_markers", set())
    hits = []
    for lo, hi in clauses:
        for i in range(lo, hi):
            for trig in d.lex.triggers_at(toks[i].key, toks[i].lemma):
                if trig.relation in replaced:
                    continue  # the patterns alone read this relation (mode: replace)
                if trig.kind == "verb" and i > 0 and toks[i - 1].key in nominal and (d.lang == "en" or is_upper(toks[i])):
                    continue  # "a meeting in Tehran", "Aliyev's demand": a noun, whatever its lemma
                if trig.kind == "verb" and d.lang == "en" and trig.length == 1 and i + 1 < hi\
                        and toks[i + 1].key == "of":
                    continue  # "the state visit of X to Y": a verb form followed by "of" is a noun with its genitive
                if trig.kind == "noun" and i > 0 and single(toks[i], d, "partitives")\
                        and toks[i - 1].key in d.lex.words.get("prepositions", set()):
                    continue  # "die Annexion von Teilen der Ukraine": a part, no relation of its own
                for first, last, idx in _match_trigger(trig, toks, i, hi, only_at=True):
                    hits.append((-(trig.length), -(last - first), first, trig, lo, hi, idx))
    hits.sort(key=lambda h: (h[0], h[2]))
    chosen = []
    for _neg_len, _span, first, trig, lo, hi, idx in hits:
        if any(k in used_tokens for k in idx):
            continue
        if any(m.start <= k < m.end for m in ms for k in idx if m.kind in ("actor", "event") and m.refs
               and trig.subject != "self"):
            continue  # the word is part of a name
        wanted = trig.classes.get("object")
        if wanted and trig.relation != "callsFor" and not any(
                m.cls in wanted or m.kind not in ("actor", "event") for m in ms
                if lo <= m.start < hi and m.start not in idx and (m.is_actor or m.kind == "event")):
            continue  # no possible object here ("ruft den UN-Sicherheitsrat an" is no phone call): another reading may fit
        used_tokens.update(idx)
        chosen.append((first, trig, lo, hi, idx))
    chosen.sort(key=lambda c: c[0])
    if d.lang == "en":  # "U.S. sanctions against X": a name before a noun trigger modifies it, it is no subject
        starts = {c[0] for c in chosen if c[1].kind == "noun" and "compound" not in c[1].object}
        for m in ms:
            if m.end in starts and m.via == "name" and m.cls in ("State", "InternationalOrganization")\
                    and toks[m.end].text[:1].islower():
                m.modifier = True
    for first, trig, lo, hi, idx in chosen:
        in_clause = [m for m in ms if lo <= m.start and m.end <= hi]
        others = [(c[0], c[1].kind) for c in chosen if c[0] != first and lo <= c[0] < hi and c[1].relation != trig.relation]
        apply_trigger(trig, idx, in_clause, sent, d, speaker, lo, hi, all_ms=ms, others=others)
    participation(sent, ms, d, clauses, speaker)
    locations(sent, ms, d, clauses)

def _syntax_claims(sent: Sentence, ms: list[Mention], d: Doc, speaker: URIRef | None,
                   clauses: list[tuple[int, int]]) -> set[int]:
    """Claims from the relation patterns over the sentence's dependency parse (``loaders/patterns``).
    Only a sentence with two mentions and a trigger lemma is parsed. Returns the tokens of the
    predicates the patterns read (their subject and object found), which the trigger lexicon skips."""
    ps = patterns_for(d.lang)
    args = [m for m in ms if (m.is_actor or m.kind == "event") and m.refs]
    toks = sent.tokens
    if ps is None or ps.mode == "off" or len(args) < 2 or not has_trigger(sent, ps, d):
        return set()
    from geokg.loaders.patterns import match
    ptoks = parse_of(sent, d)
    # parse token -> text token, by character offsets
    to_text: list[int | None] = []
    k = 0
    for p in ptoks:
        a = p.start + sent.start
        while k < len(toks) and toks[k].end <= a:
            k += 1
        to_text.append(k if k < len(toks) and toks[k].start < p.end + sent.start else None)
    owner = {i: m for m in args for i in range(m.start, m.end)}

    def mentions(heads: list[int]) -> list[Mention]:
        out: list[Mention] = []
        for h in heads:
            m = owner.get(to_text[h]) if to_text[h] is not None else None
            if m is None and ptoks[h].pos == "ADJ" and to_text[h] is not None:  # "the Russian ambassador"
                m = next((Mention(x.start, x.end, "actor", [e.iri], "State", via="adj")
                          for x in [Mention(to_text[h], to_text[h] + 1, "actor", [], "State")]
                          for e in d.gaz.lookup((toks[to_text[h]].key,)) if e.cls == "State"), None)
            if m is not None and m not in out:
                out.append(m)
        return out

    def keep(i: int) -> bool:  # a mention, a relative pronoun, or a demonym ("the Russian ambassador")
        return (to_text[i] in owner or ptoks[i].pos in ("ADJ", "PRON")) if to_text[i] is not None else False

    covered: set[int] = set()
    read: set[tuple[int, str]] = set()  # (token, relation): one pattern per relation and predicate
    for mt in match(ptoks, d.lang, ps, keep):
        p = mt.pattern
        idx = sorted({to_text[i] for i in mt.tokens if to_text[i] is not None})
        if not idx or any((i, p.relation) in read or (i, "*") in read for i in idx):
            continue
        if mt.blocked:
            covered.update(idx)
            read.update((i, "*") for i in idx)
            continue
        subjects, objects = mentions(mt.subjects), mentions(mt.objects)
        objects = [o for o in objects if o not in subjects]
        if p.symmetric and not subjects and len(objects) >= 2:  # "tensions between X and Y"
            subjects, objects = objects[:1], objects[1:]
        if not subjects or not (objects or (p.collective and len(subjects) >= 2)):
            continue
        lo, hi = next(((a, b) for a, b in clauses if a <= idx[0] < b), (0, len(toks)))
        trig = Trigger(id=p.id, relation=p.relation, pattern=[], kind=p.pos, object=[], genitive="agent",
                       subject="default", collective=p.collective, dyad=p.relation == "tensionWith",
                       confidence=p.confidence, classes=p.classes)
        agent = subjects[0] if p.pos == "noun" else None
        negated = mt.negated or (d.lang == "de" and is_negated(toks, idx, lo, d, hi=hi, verb=p.pos == "verb"))
        emit(trig, subjects, objects, agent, idx, sent, d, speaker, lo, hi, negated=negated)
        covered.update(idx)
        read.update((i, p.relation) for i in idx)
    return covered

def _vorfeld(toks: list[Token], d: Doc) -> tuple[int, int] | None:
    """German verb-second: a sentence opening with a prepositional phrase ("Mitten im Konflikt zwischen
    Katar und … hat der Bundessicherheitsrat …") holds no subject before its finite verb. The span of
    that phrase, which ends at the first lower-case word after a noun that is no article, preposition
    or conjunction (the finite verb), or None."""
    if d.lang != "de":
        return None
    w = d.lex.words
    preps = w.get("prepositions", set())
    k = 0
    while k < len(toks) and toks[k].key in QUOTE_KEYS:
        k += 1
    start = k
    if k < len(toks) and toks[k].key in w.get("vorfeld_adverbs", set()):
        k += 1
    if k >= len(toks) or toks[k].key not in preps:
        return None
    skip = preps | w.get("determiners", set()) | w.get("coordinators", set()) | possessives(d)
    for j in range(k + 1, len(toks)):
        t, prev = toks[j], toks[j - 1]
        if t.text in (",", ";", ":", "(", "–", "—"):
            return None  # a list or an insertion: no plain verb-second clause
        if t.is_word and t.text.islower() and t.key not in skip and not t.text[:1].isdigit()\
                and (prev.text[:1].isupper() or prev.text[:1].isdigit()):
            return (start, j)
    return None
