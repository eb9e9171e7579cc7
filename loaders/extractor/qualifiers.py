"""What a claim is qualified by: negation, modality and the speaker of reported speech.
"""
from __future__ import annotations

from geokg.loaders.extractor.doc import QUOTE_KEYS, Doc, Mention
from geokg.loaders.kb import fold
from geokg.loaders.lexicon import keys
from geokg.loaders.text import Sentence, Token


def is_negated(toks: list[Token], idx: list[int], lo: int, d: Doc, hi: int | None = None, verb: bool = False) -> bool:
    """A negation cue before the trigger in its clause (after a German finite verb too), or a verb of refusal."""
    neg = d.lex.words.get("negation", set())
    exceptions = d.lex._multi.get("negation_exceptions")
    if exceptions is None:
        exceptions = d.lex._multi["negation_exceptions"] = [keys(e) for e in d.lex.data.get("negation_exceptions", [])]
    span = list(range(max(lo, idx[0] - 6), idx[-1]))
    if verb and d.lang == "de" and hi is not None:  # "unterstützt die Ukraine nicht", "nimmt nicht teil"
        for j in range(idx[-1] + 1, hi):
            if toks[j].key in ("sondern", "aber", "und", "oder") or toks[j].text in (",", ";"):
                break
            span.append(j)
    for j in span:
        if j in idx:
            continue
        if toks[j].key in neg:
            if any(tuple(t.key for t in toks[j:j + len(e)]) == e for e in exceptions):
                continue
            return True
    refusals = d.lex.words.get("negating_verbs", set())
    window = toks[max(0, idx[0] - 10):idx[0]]
    particles = {t.key for t in window} | {t.key for t in toks[idx[-1] + 1:hi if hi is not None else idx[-1] + 1]}
    # ("lehnt weitere Waffenlieferungen an die Ukraine ab": the particle after the trigger)
    subjects = set().union(*(d.lex.words.get(f"pronouns.{k}", set()) for k in ("male", "female", "plural", "neuter")))
    finite = d.lex.words.get("clause_finite", set())
    for n, t in enumerate(window):
        if t.lemma in refusals or any(p + t.lemma in refusals for p in ("ab", "zuruck") if p in particles):
            rest = window[n + 1:]
            if any(a.key in subjects and b.key in finite for a, b in zip(rest, rest[1:])):
                continue  # "refused to give succour to suggestions it was preparing strikes": another clause
            return True
    return False

def modality_of(toks: list[Token], idx: list[int], lo: int, hi: int, d: Doc) -> str | None:
    mods = d.lex.data.get("modality") or {}
    window = [t for t in toks[lo:hi]]
    for name in ("hoped", "demanded", "planned", "possible"):
        cues = {fold(w) for w in mods.get(name, [])}
        if any(t.key in cues for t in window):
            return name
    return None

def attribution(sent: Sentence, ms: list[Mention], d: Doc) -> Mention | None:
    """The mention of the speaker a sentence reports, if any (marked as the speaker)."""
    toks = sent.tokens
    att = d.lex.data.get("attribution") or {}
    verbs = d.lex.words.get("attribution.verbs", set())
    before = d.lex._multi.get("attribution.before_speaker")
    if before is None:
        before = d.lex._multi["attribution.before_speaker"] = [keys(x) for x in att.get("before_speaker", []) if "…" not in x]
    after = d.lex.words.get("attribution.after_speaker", set())
    speaker_m: Mention | None = None
    cue: int | None = None
    actors = [m for m in ms if m.kind in ("actor", "pron") and (m.refs or m.kind == "pron")]
    for i, t in enumerate(toks):
        for phrase in before:
            if tuple(x.key for x in toks[i:i + len(phrase)]) == phrase:
                cands = [m for m in actors if i + len(phrase) <= m.start <= i + len(phrase) + 3]
                if cands:
                    speaker_m = cands[0]
        if t.key in after:
            cands = [m for m in actors if m.end == i]
            if cands:
                speaker_m = cands[-1]
        if t.key in verbs or t.lemma in verbs:
            # "betonte X" names the speaker after the verb; "X betonte, …" before it
            right = [m for m in actors if i < m.start <= i + 3
                     and not any(x.text in (",", ":") for x in toks[i + 1:m.start])]
            left = [m for m in actors if i - (4 if d.lang == "en" else 2) <= m.end - 1 < i
                    and not any(x.text in (",", ":", ";") for x in toks[m.end:i])]
            if d.lang == "en" and (left or (i > 0 and toks[i - 1].text[:1].isupper()))\
                    and not (i > 0 and (toks[i - 1].text == "," or toks[i - 1].key in QUOTE_KEYS)):
                right = []  # "China has repeatedly warned the U.S.", "Peskov said NATO …": the subject speaks
            if d.lang == "en" and i > 0 and toks[i - 1].text == ",":  # "Tokayev, who met Xi on Tuesday, said"
                opening = next((k for k in range(i - 2, max(-1, i - 20), -1) if toks[k].text == ","), None)
                if opening is not None:
                    before_comma = [m for m in actors if m.end == opening]
                    if before_comma:
                        left = before_comma
            if d.lang == "de" and not right:  # "…, wie Putin nach dem Treffen mit Xi sagte": its clause's subject
                lo_seg = max((k for k in range(0, i) if toks[k].text == ","), default=-1) + 1
                seg = [m for m in actors if lo_seg <= m.start < i and m.kind in ("actor", "pron")]
                left = seg[:1] or left
            pick = right[0] if d.lang == "de" and right else (left[-1] if left else (right[0] if right else None))
            if pick is not None and (pick.cls in ("Person", "State", "InternationalOrganization", "Organization")
                                     or pick.kind == "pron"):
                speaker_m, cue = pick, i
    if speaker_m is not None:
        speaker_m.speaker = True
        speaker_m.cue = cue
        return speaker_m
    subj = d.lex.words.get("attribution.subjunctive", set())
    if d.last_speaker and d.last_speaker[0] >= sent.index - 1 and any(t.key in subj for t in toks):
        return Mention(-1, -1, "actor", [d.last_speaker[1]], "Person", via="coref", speaker=True)
    return None
