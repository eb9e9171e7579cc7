"""Clauses, prepositions, genitives, coordination, the German Vorfeld and pronoun resolution, read
from word order and case.
"""
from __future__ import annotations

from geokg.loaders import coref
from geokg.loaders.extractor.doc import (
    ACTOR_CLASSES,
    QUOTE_KEYS,
    Doc,
    Mention,
    coordinated,
    main_subject_of,
    possessive_det,
    possessives,
    single,
)
from geokg.loaders.lexicon import keys
from geokg.loaders.text import Sentence, Token


def clause_spans(toks: list[Token], d: Doc) -> list[tuple[int, int]]:
    """Clause boundaries: strong punctuation, and commas before subordinate or relative clauses."""
    bounds, start = [], 0
    openers = d.lex.words.get("clause_openers", set())
    rel = d.lex.words.get("relative_pronouns", set())
    # "Since Moscow brokered a truce, the EU has …": a fronted subordinate clause ends at its first comma
    fronted = bool(toks) and toks[0].key in d.lex.words.get("fronted_openers", set())
    for i, t in enumerate(toks):
        cut = t.text in (";", ":", "–", "—", "(", ")") or (t.text == "-" and i > 0 and toks[i - 1].end < t.start
                                                           and i + 1 < len(toks) and toks[i + 1].start > t.end)
        if t.text == "," and i + 1 < len(toks):
            nxt = toks[i + 1]
            after = toks[i + 2] if i + 2 < len(toks) else None
            if nxt.key in openers or nxt.key in d.lex.words.get("attribution.verbs", set()):
                cut = True
            elif nxt.key in rel and after is not None and not after.text[:1].isupper():
                cut = True
            elif nxt.key in QUOTE_KEYS:
                cut = True
            elif fronted and not bounds and start == 0 and (toks[i - 1].text.islower() or nxt.text.islower()):
                cut = True  # not inside a list of names ("When Putin, Xi and Erdogan met, …")
        if cut:
            if i > start:
                bounds.append((start, i))
            start = i + 1 if t.text != "," else i
    if start < len(toks):
        bounds.append((start, len(toks)))
    return bounds or [(0, len(toks))]

def prep_of(toks: list[Token], m: Mention, d: Doc) -> str | None:
    preps = d.lex.words.get("prepositions", set())
    dets = d.lex.words.get("determiners", set())
    j, skipped = m.start - 1, 0
    while j >= 0 and skipped <= 3:
        t = toks[j]
        if t.key in preps:
            if t.key in ("von", "of") and j > 0 and toks[j - 1].key in d.lex.words.get("quantifiers", set()):
                return None  # "viele von ihnen", "many of them": the quantified noun phrase is bare
            return t.key
        partitives = d.lex.words.get("partitives", set())
        if t.key in partitives or t.key in ("der", "des", "of") and j > 0 and toks[j - 1].key in partitives:
            j -= 1  # "von Teilen der Ukraine", "von Teilen Georgiens": the preposition of the part
            continue
        if t.key in dets or t.key in QUOTE_KEYS or t.text[:1].isdigit() or\
                (d.lang == "de" and t.text.islower() and t.key.endswith(("e", "en", "er", "es", "em")) and skipped < 2):
            j -= 1
            skipped += 1
            continue
        if d.lang == "en" and t.key == "of":
            return "of"
        return None
    return None

def genitive_head(toks: list[Token], m: Mention, d: Doc, names: set[int] | None = None) -> int | None:
    """For a post-nominal genitive ("Angriffskrieg Russlands", "Integrität der Ukraine"), the noun's index."""
    j = m.start - 1
    quant = d.lex.words.get("quantifiers", set())
    if d.lang == "de":
        head = None
        if m.genitive and j >= 0 and toks[j].text[:1].isupper():
            head = j
        elif j >= 1 and toks[j].key in ("der", "des") and toks[j - 1].text[:1].isupper() and toks[j - 1].is_word:
            head = j - 1
        elif j >= 2 and toks[j - 1].key in ("der", "des") and toks[j].text.islower() and toks[j - 2].text[:1].isupper():
            head = j - 2
        elif m.genitive and m.via == "name" and m.end < len(toks) and toks[m.end].is_word\
                and toks[m.end].text[:1].isupper() and (names is None or m.end not in names):
            head = m.end  # "Russlands Aggression": a genitive before its noun, no subject or object of a verb
        if head is not None and toks[head].key in d.lex.words.get("partitives", set()) and m.prep is not None:
            return None  # "von Teilen der Ukraine": the part stands for the whole
        if head is None or (toks[head].key in quant and m.cls == "Group") or (names is not None and head in names):
            return None  # "ein Teil der Deserteure"; "trat Iran der SOZ bei": a name is no head noun
        return head
    if d.lang == "en" and j >= 2 and toks[j].key == "the" and toks[j - 1].key == "of":
        j -= 1  # "the visit of the Kenyan president": the article between "of" and the name
    if j >= 1 and toks[j].key == "of":
        k = j - 1
        if toks[k].key in d.lex.words.get("quantifiers", set()) or toks[k].text[:1].isdigit():
            return None  # "thousands of Russians": the quantified phrase itself
        if toks[k].text.islower() and toks[k].key not in ("the", "a"):
            return k
    return None

def segment_of(toks: list[Token], i: int) -> tuple[int, int]:
    """The comma-delimited stretch of tokens around position ``i``."""
    lo = max((k for k in range(0, i) if toks[k].text == ","), default=-1) + 1
    hi = next((k for k in range(i, len(toks)) if toks[k].text == ","), len(toks))
    return lo, hi

def de_subject(actors: list[Mention], bare: list[Mention], idx: list[int], toks: list[Token],
                d: Doc) -> list[Mention]:
    """The subject of a German verb: in a verb-final clause the first bare phrase of its comma
    segment; in a verb-second clause the phrase just before the finite verb, else just after it."""
    if not bare:
        return []
    head = idx[0]
    seg_start = max((k for k in range(0, head) if toks[k].text == ","), default=-1) + 1
    if head > 0 and toks[head - 1].key == "zu":  # "lehnt es ab, die Ukraine … zu unterstützen": the main clause's
        outside = [m for m in bare if m.end <= seg_start]
        if outside:
            subject = coordinated(actors, outside[0], toks, d)
            controller = [m for m in outside if m not in subject]
            if controller and _object_control(toks, seg_start, d):
                return coordinated(actors, controller[0], toks, d)  # "wirft Deutschland vor, Israel zu helfen"
            return subject
    seg_end = next((k for k in range(idx[-1] + 1, len(toks)) if not toks[k].is_word or toks[k].text == ","), len(toks))
    final = all(t.text.islower() for t in toks[idx[-1] + 1:seg_end])  # only verbs and particles follow
    in_seg = [m for m in bare if seg_start <= m.start and m.end <= head]
    if final and in_seg:
        return coordinated(actors, coordination_start(actors, in_seg[0], toks, d), toks, d)
    if not final and in_seg:
        return coordinated(actors, coordination_start(actors, in_seg[-1], toks, d), toks, d)
    if not final and not in_seg and head > seg_start and toks[seg_start].key in d.lex.words.get("determiners", set()):
        # verb second behind a noun phrase that names no actor ("Ein Leitartikel in der Washington Post forderte
        # Obama … auf"): that phrase is the subject, the name after the verb its object; the outlet or
        # organisation inside the phrase speaks for it
        return [m for m in actors if seg_start <= m.start and m.end <= head and m.cls == "Organization"][:1]
    right = [m for m in bare if head < m.start <= head + 3]
    if right and not final:
        return coordinated(actors, right[0], toks, d)
    return coordinated(actors, bare[0], toks, d)

def _object_control(toks: list[Token], end: int, d: Doc) -> bool:
    """A verb before ``end`` whose object does what its zu-infinitive says ("forderte Russland auf, …
    abzuziehen", "warf China vor, Russland zu unterstützen"): lexicon entries of one or more words."""
    entries = d.lex._multi.get("object_control")
    if entries is None:
        entries = d.lex._multi["object_control"] = [keys(e) for e in d.lex.data.get("object_control", [])]
    start = max((k for k in range(0, end) if toks[k].text in (";", ":")), default=-1) + 1
    words = {t.key for t in toks[start:end]} | {t.lemma for t in toks[start:end]}
    return any(all(w in words for w in e) for e in entries)

def coordination_start(ms: list[Mention], m: Mention, toks: list[Token], d: Doc) -> Mention:
    """The first mention of the coordination ``m`` ends ("Russia and China signed" -> Russia)."""
    coord = d.lex.words.get("coordinators", set()) | d.lex.words.get("determiners", set()) | possessives(d)
    cur = m
    for other in reversed([x for x in ms if x.end <= m.start and not possessive_det(x, ms)]):
        between = toks[other.end:cur.start]
        if between and all(t.key in coord or t.key in QUOTE_KEYS for t in between) and other.is_actor\
                and any(t.key in d.lex.words.get("coordinators", set()) for t in between):
            cur = other
        else:
            break
    return cur

def resolve_pronouns(sent: Sentence, ms: list[Mention], d: Doc, clauses: list[tuple[int, int]]) -> None:
    words = d.lex.words
    for m in ms:
        if m.kind == "actor" and m.via == "coref" and not m.refs and m.cls == "State":
            before = [x for x in ms if x.end <= m.start and x.kind == "actor" and x.cls == "State" and x.refs]
            if before:
                m.refs = list(before[-1].refs)
                continue
            government = single(sent.tokens[m.start], d, "government_anaphors")
            if not government:
                # "Kasachstan hat eine Grenze mit Russland. Das Land …": the previous sentence's subject
                subj = coref.previous_subject(d, sent.index, ("State",))
                if subj is not None:
                    m.refs = list(subj.refs)
                    continue
            if government:
                # "die Regierung": the state the last sentences are about (named most often), not
                # merely the one named last ("US-amerikanischen Diplomatenkreisen" in a story on Serbia)
                counts = coref.state_salience(d, since=sent.index - 3)
                if counts:
                    top = max(counts.values())
                    best = [r for r, c in counts.items() if c == top]
                    if len(best) == 1 and top >= 2:
                        m.refs = best
                        continue
            for s_idx, x in reversed(d.history):
                if s_idx < sent.index - 2:
                    break
                if x.cls == "State" and x.refs and not x.speaker and not (government and x.prep is not None):
                    m.refs = list(x.refs)  # "die Regierung": a state that acted, not one acted upon
                    break
            continue
        if m.kind == "parties" and m.via == "pair":
            pair = coref.last_pair(d, sent.index, [x for x in ms if x.end <= m.start])
            if pair:
                m.refs = pair
            continue
        if m.kind == "parties":
            recent = [c for c in d.conflicts if c[0] >= sent.index - 3]
            if recent:
                m.refs = [recent[-1][1], recent[-1][2]]
                m.cls = "State"
            continue
        if m.kind != "pron" or m.refs:
            continue
        key = sent.tokens[m.start].key
        plural = key in words.get("pronouns.plural", set()) | words.get("pronouns.possessive_plural", set())
        if d.lang == "de" and key in ("sie",) and m.start > 0 and sent.tokens[m.start - 1].key in ("werden", "haben", "sind", "wollen", "konnen", "mussen"):
            plural = True
        if plural:
            recent = [g for g in d.groups_of_actors if g[0] >= sent.index - 2]
            groups = [x for _, x in d.history if x.cls == "Group" and _ >= sent.index - 3]
            if key in ("ihnen", "them", "they", "their") and groups:
                m.refs, m.cls = list(groups[-1].refs), "Group"
            elif recent:
                m.refs, m.cls = list(recent[-1][1]), "State"
            elif groups:
                m.refs, m.cls = list(groups[-1].refs), "Group"
            continue
        if key in words.get("pronouns.possessive_neuter", set()) | words.get("pronouns.neuter", set()):
            cands = [x for x in ms if x.end <= m.start and x.is_actor and x.kind == "actor"
                     and x.cls in ("State", "InternationalOrganization", "Organization", "Region") and not x.speaker]
            if cands:
                m.refs, m.cls = list(cands[-1].refs), cands[-1].cls
            continue
        if m.via == "possessive":
            lo = next((a for a, b in clauses if a <= m.start < b), 0)
            cands = [x for x in ms if lo <= x.start and x.end <= m.start and x.is_actor and x.kind == "actor"
                     and x.cls in ACTOR_CLASSES and x.prep is None and not x.speaker]
            if not cands and m.fronted:  # "Zum Abschluss seines Besuchs ist Kurz …": the subject after the verb
                cands = [x for x in ms if x.start >= m.end and not x.fronted and x.is_actor and x.kind == "actor"
                         and x.cls in ("Person", "State") and x.prep is None and x.gen_head is None
                         and x.via != "adj" and not x.speaker][:1]
            if cands:
                m.refs, m.cls = list(cands[0].refs), cands[0].cls
                continue
        # singular: the most recent person, in this sentence before the pronoun or earlier
        cands = [x for x in ms if x.end <= m.start and x.is_actor and x.cls == "Person" and x.kind == "actor"
                 and not x.speaker]
        if cands:
            m.refs, m.cls = list(cands[-1].refs), "Person"
            continue
        if m.via == "possessive":
            cands = [x for x in ms if x.end <= m.start and x.is_actor and x.kind == "actor" and x.cls in ACTOR_CLASSES]
            if cands:
                m.refs, m.cls = list(cands[-1].refs), cands[-1].cls
                continue
        # "Ban said that he condemns …": the speaker himself
        own = [x for x in ms if x.speaker and x.cls == "Person" and x.refs and x.cue is not None
               and x.end <= x.cue < m.start]
        if own:
            m.refs, m.cls = list(own[-1].refs), "Person"
            continue
        if m.via == "pron":
            # "Lavrov met Wang Yi in Beijing. He then flew to Ankara": the previous sentence's subject
            subj = coref.previous_subject(d, sent.index, ("Person",),
                                          main_subject=(lambda k: main_subject_of(d, k)) if d.lang == "en" else None)
            if subj is not None:
                m.refs, m.cls = list(subj.refs), "Person"
                continue
        for s_idx, x in reversed(d.history):
            if s_idx < sent.index - 3:
                break
            if x.cls == "Person" and x.refs and not x.speaker:
                m.refs, m.cls = list(x.refs), "Person"
                break
