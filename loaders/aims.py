"""Aims of appeals (the objects of ``callsFor``) as free phrases, in English for both languages.

The guidelines name an aim by the phrase the appeal asks for ("called for a freeze on the
debts" -> "freeze on the debts"; "urged Europe and the US to build anew their alliance" ->
"build anew alliance"), in English even when the article is German ("sich für das Abkommen mit
dem Iran stark gemacht" -> "agreement with Iran"). This module finds that phrase next to a
trigger and renders it:

- English: the noun phrase or to-infinitive after the trigger, past an addressee ("called on rich
  nations to fund …"), cut at a clause boundary; a verb phrase is also nominalised from the
  lexicon's ``aim_nominals`` ("double world aid" -> "doubling of world aid"), the verbal form
  kept as an alternative label.
- German: the phrase after the frame's preposition ("für", "zu", "nach", "auf") or the
  accusative noun phrase of "fordern"/"verlangen", cut where the noun phrase ends, then
  translated word by word with ``lexicons/aims_de_en.yaml`` (phrases first, then words, then
  the parts of a compound), names in their English form.

Where the phrase's head is one of the lexicon's fixed ``aims`` ("eine sofortige Waffenruhe",
"an immediate ceasefire in Gaza") the aim keeps the lexicon's label ("ceasefire") and the phrase
becomes an alternative label. The module knows tokens, the lexicon and the spans of names only;
:mod:`geokg.loaders.articles` turns its :class:`AimPhrase` into a mention and an entity.

>>> from geokg.loaders.lexicon import load_lexicon
>>> from geokg.loaders.text import split
>>> toks = split("Brown wants rich nations to double world aid.", "en")[0].tokens
>>> p = english_aim(toks, [1], load_lexicon("en"), [Span(0, 1, "Gordon Brown", True)])
>>> p.label, sorted(p.alts)
('doubling of world aid', ['double world aid'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import yaml

from geokg.loaders.kb import fold
from geokg.loaders.lexicon import Lexicon, keys
from geokg.loaders.text import Token

__all__ = ["AimPhrase", "Span", "advocacy_object", "content_words", "english_aim", "german_aim", "lexicon_aims", "same_aim",
           "translate"]

_QUOTES = {'"', "„", "“", "”", "«", "»", "‚", "‘", "’", "'"}
_MAX_WORDS = 10
_WORD = re.compile(r"\w+")
_FUNCTION = {"a", "an", "and", "at", "for", "from", "in", "of", "on", "the", "to", "with", "by", "or"}
_ATTACHED = {"-", "%", ".", "/", "£", "$", "€", ","}  # inside a word when written without spaces: "Kyoto-lite", "0.7%"


@dataclass
class Span:
    """A name in the sentence: token range, its English label, and whether it names an actor."""

    start: int
    end: int
    label: str | None
    actor: bool = True
    cls: str = "Actor"


@dataclass
class AimPhrase:
    """An aim found next to a trigger: its token range, English label and alternative labels."""

    start: int
    end: int
    label: str
    alts: set[str] = field(default_factory=set)
    surface: str = ""
    relayed: int | None = None  # where the passed-on appeal starts ("to pressure the US to …"): no appeal of its own


@cache
def _de_en() -> dict:
    """The German-English aim lexicon (``lexicons/aims_de_en.yaml``), keys folded."""
    text = files("geokg.loaders.lexicons").joinpath("aims_de_en.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml: 10x faster, same data
    out: dict = {}
    for section in ("words", "function_words", "adjectives"):
        out[section] = {fold(str(k)): str(v) for k, v in (data.get(section) or {}).items()}
    out["phrases"] = {keys(str(k)): str(v) for k, v in (data.get("phrases") or {}).items()}
    out["advocacy_objects"] = {fold(str(x)) for x in data.get("advocacy_objects") or []}
    out["verb_nominals"] = {fold(str(k)): str(v) for k, v in (data.get("verb_nominals") or {}).items()}
    out["max_phrase"] = max((len(k) for k in out["phrases"]), default=1)
    return out


def _attached(toks: list[Token], k: int) -> bool:
    """A punctuation token written without spaces between two words ("Kyoto-lite", "0.7")."""
    t = toks[k]
    if t.text in ("£", "$", "€") and k + 1 < len(toks) and toks[k + 1].start == t.end:
        return True  # "£5.5bn"
    if t.text == "%" and k > 0 and toks[k - 1].end == t.start:
        return True  # "0.7% of national income"
    if t.text not in _ATTACHED or k == 0 or k + 1 >= len(toks):
        return t.text in ("%",) and k > 0 and toks[k - 1].end == t.start
    return toks[k - 1].end == t.start and toks[k + 1].start == t.end and toks[k + 1].is_word


def _span_at(spans: list[Span], k: int) -> Span | None:
    return next((s for s in spans if s.start <= k < s.end), None)


def _between_names(spans: list[Span], k: int) -> bool:
    """Token k joins two actor names ("Europe and the US", "France, Germany"): a name ends just
    before it and another starts within two tokens after it (past an article)."""
    return any(s.actor and s.end == k for s in spans) and any(s.actor and k < s.start <= k + 2 for s in spans)


def lexicon_aims(toks: list[Token], lex: Lexicon, lo: int = 0, hi: int | None = None) -> list[AimPhrase]:
    """The fixed aims of the lexicon (``aims``: "Waffenruhe" -> ceasefire) in toks[lo:hi]."""
    aims = lex.mapping["aims"]
    multi = lex._multi.get("aims.multi")
    if multi is None:
        multi = lex._multi["aims.multi"] = sorted((keys(k) for k in aims if " " in k), key=len, reverse=True)
    hi = len(toks) if hi is None else hi
    out, i = [], lo
    while i < hi:
        hit = next((k for k in multi if tuple(t.key for t in toks[i:i + len(k)]) == k), None)
        if hit:
            out.append(AimPhrase(i, i + len(hit), aims[" ".join(hit)], set(),
                                 " ".join(t.text for t in toks[i:i + len(hit)])))
            i += len(hit)
            continue
        t = toks[i]
        # "Aids" is no "aid": a capitalised word inside an English sentence is a name, not the common noun
        label = aims.get(t.key) or (aims.get(t.lemma) if not (lex.language == "en" and t.text[:1].isupper()
                                                               and i > 0) else None)
        if label:
            out.append(AimPhrase(i, i + 1, label, set(), t.text))
        i += 1
    return out


def _head_aim(toks: list[Token], start: int, end: int, lex: Lexicon) -> AimPhrase | None:
    """A fixed aim at the head of a phrase's first noun group (past its adjectives, before a
    preposition or the end: "an immediate ceasefire in Gaza", not "a G8 aid package"): its lexicon label."""
    preps = lex.words.get("prepositions", set()) | lex.words.get("aim_np_preps", set())
    for p in lexicon_aims(toks, lex, start, min(end, start + 4)):
        if any(toks[k].key in preps or (lex.language == "de" and toks[k].text[:1].isupper())
               for k in range(start, p.start)):
            return None  # "die Verschärfung der Sanktionen", "the lifting of sanctions": the head comes first
        if p.end >= end or toks[p.end].key in preps or not toks[p.end].is_word \
                or toks[p.end].key in ("und", "oder", "and", "or") \
                or toks[p.end].key in lex.words.get("determiners", set()):
            return p
        if lex.language == "de" and toks[p.end].text[:1].isupper() and p.end == start + 1:
            return p  # "Waffenruhe Russlands": a genitive name after the noun
    return None


def advocacy_object(label: str) -> bool:
    """Whether an aim's English label names a plan, deal or proposal, which one backs by calling for it
    ("support for the Iran deal" -> callsFor; the list is ``advocacy_objects`` of ``aims_de_en.yaml``)."""
    return bool(content_words(label) & _de_en()["advocacy_objects"])


def content_words(text: str) -> set[str]:
    """The words of a label that say something (as the scorer compares free phrases): folded, no
    punctuation, no function words."""
    words = {fold(w) for w in _WORD.findall(text)}
    return {w for w in words if w and w not in _FUNCTION}


def same_aim(a: set[str], b: set[str], threshold: float = 0.6) -> bool:
    """Two aims named by these content words are one (most of their words agree): "£5.5bn Aids fund"
    and "fund £5.5bn"."""
    return bool(a and b) and len(a & b) / len(a | b) >= threshold


# ---------------------------------------------------------------------------- English

def english_aim(toks: list[Token], idx: list[int], lex: Lexicon, spans: list[Span],
                hi: int | None = None) -> AimPhrase | None:
    """The phrase an English appeal asks for, starting after the trigger ``idx``."""
    w = lex.words
    hi = len(toks) if hi is None else hi
    start = idx[-1] + 1
    trig_lemmas = {toks[k].lemma for k in idx} | {toks[k].key for k in idx}
    stops = w.get("aim_stops", set())
    # "urge X to do Y", "called on rich nations to fund …": the aim is the infinitive after the addressee
    to = None
    coord = w.get("coordinators", set())
    for k in range(start, min(hi, start + 9)):
        if toks[k].key in coord and _between_names(spans, k):
            continue  # "urged Europe and the US to …": the addressees are a list of names
        if toks[k].key in stops - {"to"} or (not toks[k].is_word and not _attached(toks, k)):
            break
        if toks[k].key == "to":
            to = k
            break
    controlled = False
    if to is not None and to > start:
        addressee = any(s.actor and s.start >= start and s.end <= to for s in spans)
        if addressee or trig_lemmas & w.get("aim_control", set()):
            start, controlled = to + 1, True
    weak = bool(trig_lemmas & w.get("aim_weak", set()))
    if weak and not controlled:  # "wants to see a withdrawal" is an appeal, "wants to know" is none
        if not (start + 1 < hi and toks[start].key == "to" and toks[start + 1].key in w.get("aim_lead", set())):
            return None
    if controlled:  # "wants Britain to use its influence to pressure the US to make firm commitments": the
        for k in range(start, min(hi, start + 6)):  # aim of the appeal it passes on
            if toks[k].key in stops or not toks[k].is_word:
                break
            if toks[k].lemma in w.get("aim_relay", set()) or toks[k].key in w.get("aim_relay", set()):
                inner = english_aim(toks, [k], lex, spans, hi)
                if inner is not None and inner.start > k + 1:
                    inner.relayed = idx[-1] + 1
                    return inner
    patient = None
    if trig_lemmas & w.get("aim_modal", set()) and (
            start >= hi or toks[start].key in w.get("aim_modal_blockers", set())
            or any(toks[j].key in w.get("aim_modal_blockers", set()) for j in range(max(0, idx[0] - 12), idx[0]))):
        return None  # "should have acted" (a reproach), "if they have done wrong, they should be punished"
    if trig_lemmas & w.get("aim_modal", set()):  # "British troops … should be replaced with …": the
        while start + 1 < hi and toks[start].key in w.get("aim_drop", set()):
            start += 1  # "must also be done"
        if start + 1 < hi and toks[start].key == "be":  # act done to the clause's subject
            patient = _clause_subject(toks, idx[0], lex, spans)
            start += 1
            if toks[start].key in w.get("aim_lead", set()) or toks[start].lemma in w.get("aim_lead", set()):
                patient, start = None, start + 1  # "more must be done to finance …": the infinitive is the aim
    while start < hi and (toks[start].key == "to" or toks[start].key in w.get("aim_lead", set())):
        start += 1  # "urged to push for …", "wants to see a phased withdrawal", "do more to help …"
    drop = w.get("determiners", set()) | w.get("aim_drop", set())
    pronouns = set().union(*(w.get(f"pronouns.{k}", set()) for k in ("male", "female", "plural", "neuter")))
    words: list[Token] = []
    k = start
    while k < hi and len(words) < _MAX_WORDS:
        t = toks[k]
        if t.key in stops or k in idx or t.key in _QUOTES and words:
            break
        if t.key in ("on", "at", "in") and k + 1 < hi and toks[k + 1].key in w.get("aim_time_words", set()):
            break  # "called for talks on Monday"
        if not t.is_word and not _attached(toks, k):
            if t.key in _QUOTES:
                k += 1
                continue
            break
        if t.key not in drop and t.key not in pronouns:
            words.append(t)
        k += 1
    while words and not words[-1].is_word:
        words.pop()
    if not words or all(t.key in drop for t in words):
        return None
    while len(words) > 1 and words[-1].key in w.get("aim_trailing", set()):
        words.pop()  # "… in the wake of [next Sunday's elections]": cut before a stop word
        k = words[-1].i + 1
    if words[-1].key in w.get("aim_dangling", set()):
        return None  # cut inside a clause ("to \"practise what it preaches\"": "practise what") is no aim
    if all(_span_at(spans, t.i) is not None and _span_at(spans, t.i).actor or t.key in w.get("coordinators", set())
           for t in words):
        return None  # "urged Europe …" cut short: an addressee is no aim
    if patient is None and len(words) == 1 and trig_lemmas & w.get("aim_modal", set()):
        return None  # "the Security Council must act", "he should resign": a bare verb names no aim
    if patient is not None:  # "should be replaced with forces" -> "replacement of British troops … with forces"
        noun = _nominal_of(words[0], lex)
        if noun is None or not patient:
            return None
        phrase = " ".join(x for x in (noun, _join(patient, spans), _join(words[1:], spans)) if x)
        return AimPhrase(start, k, phrase, set(), phrase)
    phrase = _join(words, spans)
    head = _head_aim(toks, start, k, lex)
    nominal = _nominalise(words, spans, lex)
    appos = _apposition(toks, k, len(toks), lex, spans)  # past the clause: "his target for overseas aid - spending 0.7% of national income"
    if nominal:  # a verb phrase: its object is no head ("double world aid" is no "aid")
        return AimPhrase(start, k, nominal, {phrase} | appos, phrase)
    if head is not None:
        return AimPhrase(start, k, head.label, {phrase} | appos, phrase)
    return AimPhrase(start, k, phrase, appos, phrase)


def _apposition(toks: list[Token], k: int, hi: int, lex: Lexicon, spans: list[Span]) -> set[str]:
    """A dash after the aim opens a phrase that says what it is ("match his target for overseas aid -
    spending 0.7% of national income"): that phrase, as another name of the aim."""
    if k + 1 >= hi or toks[k].text not in ("-", "–", "—") or _attached(toks, k):
        return set()
    words, j = [], k + 1
    drop = lex.words.get("determiners", set()) | lex.words.get("aim_drop", set())
    while j < hi and len(words) < _MAX_WORDS and (toks[j].is_word or _attached(toks, j)) \
            and toks[j].key not in lex.words.get("aim_stops", set()):
        if toks[j].key not in drop:
            words.append(toks[j])
        j += 1
    return {_join(words, spans)} if len(words) >= 2 else set()


def _join(words: list[Token], spans: list[Span]) -> str:
    """Tokens back into a phrase: names keep their case, other words are lower case, attached marks stay."""
    out = ""
    for n, t in enumerate(words):
        text = t.text if _span_at(spans, t.i) is not None or (t.text[:1].isupper() and n > 0) else t.text.lower()
        glued = n > 0 and words[n - 1].end == t.start and (not t.is_word or not words[n - 1].is_word)
        out += ("" if glued or not out else " ") + text
    return out


def _nominal_of(t: Token, lex: Lexicon) -> str | None:
    """The noun phrase head of one verb, from ``aim_nominals`` ("replaced" -> "replacement of")."""
    nominals = lex.data.get("aim_nominals") or {}
    return nominals.get(t.key) or nominals.get(t.lemma)


def _clause_subject(toks: list[Token], k: int, lex: Lexicon, spans: list[Span]) -> list[Token]:
    """The words of the subject before a modal at k, back to the clause's start ("that", a comma, a
    quote); empty when it is a pronoun or there is none."""
    w = lex.words
    j = k
    while j > 0 and toks[j - 1].is_word and toks[j - 1].key not in w.get("aim_stops", set()) \
            and toks[j - 1].key not in w.get("attribution.verbs", set()):
        j -= 1
    out = [t for t in toks[j:k] if t.key not in w.get("determiners", set()) and t.key not in w.get("aim_drop", set())]
    return out if len(out) >= 1 and k - j <= _MAX_WORDS else []


def _nominalise(words: list[Token], spans: list[Span], lex: Lexicon) -> str | None:
    """A verb phrase as a noun phrase, from the lexicon's ``aim_nominals`` ("cut X" -> "cuts in X")."""
    nominals = lex.data.get("aim_nominals") or {}
    for n in (2, 1):  # "shut down", "phase out" before "shut"
        if len(words) < n:
            continue
        key = " ".join(t.key for t in words[:n])
        lemma = " ".join(t.lemma for t in words[:n])
        if words[0].key != words[0].lemma and words[0].key.endswith("s"):
            lemma = key  # "sanctions against Russia": a plural noun, not the verb "sanction"
        noun = nominals.get(key) or nominals.get(lemma)
        if noun and len(words) > n:
            return f"{noun} {_join(words[n:], spans)}"
    return None


# ---------------------------------------------------------------------------- German

def german_aim(toks: list[Token], idx: list[int], lex: Lexicon, spans: list[Span], lo: int, hi: int,
               ) -> AimPhrase | None:
    """The phrase a German appeal asks for, in English: after the frame's preposition ("sich für X
    einsetzen", "zu X aufrufen", "Forderung nach X"), else the accusative object of "fordern"."""
    w = lex.words
    preps, dets = w.get("aim_preps", set()), w.get("determiners", set())
    if {toks[k].key for k in idx} & w.get("aim_modal", set()):
        return _german_modal_aim(toks, idx, lex, spans, lo, hi)

    def np_start(k: int) -> bool:
        """A noun phrase begins at k: an article, a common noun, an adjective before a noun."""
        while k < hi and toks[k].key in _QUOTES:
            k += 1
        if k >= hi or k in idx or _span_at(spans, k) is not None:
            return False
        t = toks[k]
        return t.key in dets or (t.text[:1].isupper() and t.is_word) or _adjective_before_noun(toks, k, hi)

    start = None
    own = [k for k in idx if toks[k].key in preps and np_start(k + 1)]
    if own:
        start = own[-1] + 1  # the trigger holds its preposition: "drängen auf", "Forderung nach", "sich für … stark"
    elif {toks[k].lemma for k in idx} & w.get("aim_accusative", set()) and (acc := next(
            (k for k in (idx[0] + 1, idx[0] + 2) if k < hi and np_start(k) and toks[k].key not in preps
             and all(toks[j].is_word and toks[j].text.islower() and toks[j].key not in preps
                     for j in range(idx[0] + 1, k))), None)) is not None:
        start = acc  # "fordert eine sofortige Waffenruhe", "fordert dafür eine Konferenz": the accusative
    else:
        inside = [k for k in range(lo, hi) if toks[k].key in preps and k not in idx and _span_at(spans, k) is None
                  and np_start(k + 1)]
        after = [k for k in inside if k > idx[0]]
        before = [k for k in inside if k < idx[0]]
        # verb second: the phrase follows the verb ("ruft beide Seiten zu Gesprächen auf"); verb last
        # ("… sich für das Abkommen stark gemacht"): it precedes it
        pick = after[0] if after else (before[-1] if before and idx[-1] >= hi - 2 else None)
        if pick is not None:
            start = pick + 1
    if start is None and {toks[k].lemma for k in idx} & w.get("aim_accusative", set()) and idx[-1] >= hi - 2:
        # verb last ("die EU hat eine Waffenruhe gefordert"): the noun phrase after the subject or auxiliary
        stops = w.get("aim_stops", set())
        j = max([s.end for s in spans if lo <= s.start and s.end <= idx[0]]
                + [k + 1 for k in range(lo, idx[0]) if toks[k].key in stops], default=lo)
        start = next((k for k in range(j, idx[0]) if np_start(k)), None)
    if start is None:
        return None
    end = _de_np_end(toks, start, hi, idx, lex, spans)
    if end <= start or _only_an_actor(toks, start, end, lex, spans):
        return None
    surface = " ".join(t.text for t in toks[start:end])
    english = translate(toks, start, end, lex, spans)
    if not english:
        return None
    head = _head_aim(toks, start, end, lex)
    if head is not None:
        return AimPhrase(start, end, head.label, {english} - {head.label}, surface)
    return AimPhrase(start, end, english, set(), surface)


def _german_modal_aim(toks: list[Token], idx: list[int], lex: Lexicon, spans: list[Span], lo: int, hi: int,
                      ) -> AimPhrase | None:
    """What a speaker says must or should be done ("Russland müsse seine Truppen aus der Ukraine abziehen,
    sagte Merkel"): the infinitive closing the clause as an English noun (``verb_nominals`` of
    ``aims_de_en.yaml``: "withdrawal of"), with the phrase before it in English. None for a condition
    ("Sollte Russland …"), a reproach ("hätte … müssen"), or a verb without a noun."""
    w = lex.words
    k = idx[-1]
    if k == lo or toks[k - 1].text == "," or any(toks[j].key in w.get("aim_modal_blockers", set()) for j in range(lo, hi)):
        return None
    end = next((j for j in range(k + 1, hi) if not toks[j].is_word and not _attached(toks, j)), hi)
    v = end - 1
    noun = _de_en()["verb_nominals"].get(toks[v].key) if v > k and toks[v].text[:1].islower() else None
    if noun is None:
        return None
    start = k + 1
    first = _span_at(spans, start)
    before = _span_at(spans, k - 1)
    if first is not None and first.actor and before is None and toks[k - 1].text[:1].isupper():
        start = first.end  # "Deshalb müsse Russland seine Truppen abziehen": the subject after the modal
    while start < v and toks[start].key in w.get("aim_stops", set()):
        start += 1
    english = translate(toks, start, v, lex, spans)
    label = f"{noun} {english}".strip() if english else ""
    if not english or any(toks[j].key in w.get("negation", set()) for j in range(start, v)):
        return None
    return AimPhrase(start, end, label, set(), " ".join(t.text for t in toks[start:end]))


def _only_an_actor(toks: list[Token], start: int, end: int, lex: Lexicon, spans: list[Span]) -> bool:
    """"sich für den früheren Chefdiplomaten Vuk Jeremic einsetzen", "für die Ukraine": support for
    a person or a state, no aim (a person named in the phrase, or nothing but a name and its articles)."""
    inside = [s for s in spans if start <= s.start < end and s.actor]
    if any(s.cls == "Person" for s in inside):
        return True
    rest = [k for k in range(start, end) if _span_at(inside, k) is None and toks[k].is_word
            and toks[k].key not in lex.words.get("determiners", set())]
    return bool(inside) and not rest


def _de_np_end(toks: list[Token], start: int, hi: int, idx: list[int], lex: Lexicon, spans: list[Span]) -> int:
    """Where a German noun phrase starting at ``start`` ends: before a verb, a comma, the trigger,
    a conjunction that starts a clause; adjectives (lower case before a noun) and attached
    prepositional phrases and genitives stay in."""
    w = lex.words
    dets = w.get("determiners", set())
    preps = w.get("prepositions", set()) | w.get("aim_np_preps", set())
    k, count = start, 0
    while k < hi and count < _MAX_WORDS:
        t = toks[k]
        if k in idx or t.key in w.get("aim_stops", set()):
            break
        if t.key in _QUOTES:
            k += 1
            continue
        if not t.is_word:
            if _attached(toks, k) and t.text != "," or t.key in _QUOTES:
                k += 1
                continue
            break
        if _span_at(spans, k) is not None or t.text[:1].isupper() or t.text[:1].isdigit():
            k, count = k + 1, count + 1
            continue
        if t.key in dets or t.key in preps:
            n = k + 1
            while n < hi and toks[n].key in _QUOTES:
                n += 1
            if n < hi and (toks[n].is_word or toks[n].text[:1].isdigit()) and n not in idx:
                # "zu errichten": a preposition before a verb ends the phrase
                nxt = toks[n]
                if t.key in preps and nxt.text.islower() and nxt.key not in dets and not _adjective_before_noun(toks, n, hi):
                    break
                k, count = k + 1, count + 1
                continue
            break
        if t.key in ("und", "oder", "sowie") and k + 1 < hi and (toks[k + 1].text[:1].isupper()
                                                                    or toks[k + 1].key in dets
                                                                    or _adjective_before_noun(toks, k + 1, hi)):
            k += 1
            continue
        if _adjective_before_noun(toks, k, hi):
            k, count = k + 1, count + 1
            continue
        break
    while k > start and (toks[k - 1].key in dets or toks[k - 1].key in preps or toks[k - 1].key in ("und", "oder")):
        k -= 1
    return k


def _adjective_before_noun(toks: list[Token], k: int, hi: int) -> bool:
    """A lower-case word followed, past other such words and numbers, by a capitalised noun."""
    j = k
    while j < hi and j - k < 4 and toks[j].is_word and toks[j].text[:1].islower():
        if not toks[j].text.endswith(("e", "en", "er", "es", "em")) and not toks[j].text[:1].isdigit():
            return False
        j += 1
    return j > k and j < hi and toks[j].text[:1].isupper()


def translate(toks: list[Token], start: int, end: int, lex: Lexicon, spans: list[Span]) -> str:
    """A German phrase in English, word by word: lexicon phrases, words, adjectives by their stem, the
    parts of a compound; articles dropped, a genitive after a noun read as "of", names in English."""
    lexd = _de_en()
    dets = lex.words.get("determiners", set())
    out: list[str] = []
    k, prev_noun = start, False
    while k < end and toks[k].key in dets:
        k += 1
    ext = _extended_attribute(toks, k, end, lexd, dets)
    if ext is not None:  # "die in Wien erzielte Vereinbarung": "agreement reached in Vienna"
        attr_end, noun = ext
        head = translate(toks, noun, end, lex, spans)
        attr = translate(toks, k, attr_end, lex, spans)
        part = translate(toks, attr_end, noun, lex, spans)
        return " ".join(x for x in (head.split(" ", 1)[0], part, attr, head.split(" ", 1)[1] if " " in head else "")
                        if x).strip()
    while k < end:
        t = toks[k]
        span = _span_at(spans, k)
        if span is not None:
            if span.label:
                if prev_noun and (t.text.endswith("s") or toks[k - 1].key in ("des", "der")):
                    out.append("of")  # "Zerstörung Israels" -> "destruction of Israel"
                out.append(span.label)
            k, prev_noun = span.end, False
            if k < end and toks[k].text == "-":  # "Iran-Deal": the name qualifies the noun
                k += 1
            continue
        phrase = next((n for n in range(min(lexd["max_phrase"], end - k), 1, -1)
                       if tuple(x.key for x in toks[k:k + n]) in lexd["phrases"]), None)
        if phrase:
            out.append(lexd["phrases"][tuple(x.key for x in toks[k:k + phrase])])
            k, prev_noun = k + phrase, True
            continue
        if not t.is_word:
            if t.text in ("%",) or _attached(toks, k):
                out[-1:] = [(out[-1] if out else "") + t.text + (toks[k + 1].text if k + 1 < end else "")]
                k += 2
            else:
                k += 1
            continue
        if t.key in dets:
            if prev_noun and t.key in ("des", "der") and k + 1 < end:
                out.append("of")  # "Abzug der Truppen": a genitive after a noun
            k += 1
            prev_noun = False
            continue
        fw = lexd["function_words"].get(t.key)
        if fw is not None:
            if fw:
                out.append(fw)
            k, prev_noun = k + 1, False
            continue
        if t.text[:1].isupper() or t.text[:1].isdigit():
            out.append(_noun(t, lexd) if not t.text[:1].isdigit() else t.text)
            prev_noun = True
        else:
            out.append(_adjective(t, lexd))
            prev_noun = False
        k += 1
    return " ".join(x for x in out if x).strip()


def _extended_attribute(toks: list[Token], k: int, end: int, lexd: dict, dets: set[str] = frozenset()
                        ) -> tuple[int, int] | None:
    """A prepositional phrase between an article and its noun, closed by a participle ("[die] in Wien
    erzielte Vereinbarung"): (end of the phrase, index of the noun), or None."""
    if k >= end or toks[k].key not in lexd["function_words"]:
        return None
    for j in range(k + 1, min(end, k + 8)):
        t = toks[j]
        if t.is_word and t.text[:1].islower() and t.key not in lexd["function_words"] and t.key not in dets \
                and j + 1 < end and toks[j + 1].text[:1].isupper():
            return j, j + 1
    return None


def _noun(t: Token, lexd: dict) -> str:
    """A German noun in English: the word, its lemma, else the parts of the compound ("Truppenabzug" ->
    "troop withdrawal"), else the word itself."""
    words = lexd["words"]
    for key in (t.key, t.lemma):
        if key in words:
            return words[key]
    for key in (t.key, t.lemma):
        for cut in range(3, len(key) - 3):  # the longest known last part first
            head, mod = key[cut:], key[:cut]
            if head in words:
                for m in (mod, mod[:-1] if mod.endswith(("s", "n")) else None, mod[:-2] if mod.endswith("en") else None):
                    if m and m in words:
                        return f"{words[m]} {words[head]}"
                    if m and m in lexd["adjectives"]:
                        return f"{lexd['adjectives'][m]} {words[head]}"
                return words[head] if len(head) >= 5 else t.text
    return t.text


def _adjective(t: Token, lexd: dict) -> str:
    """A German adjective in English, by its form, lemma or stem without its ending."""
    adjs = lexd["adjectives"]
    if t.key in adjs:
        return adjs[t.key]
    for ending in ("en", "em", "er", "es", "e"):  # the stem before the lemma: "härteren" -> "härter", not "hart"
        if t.key.endswith(ending) and t.key[:-len(ending)] in adjs:
            return adjs[t.key[:-len(ending)]]
    if t.lemma in adjs:
        return adjs[t.lemma]
    return lexd["words"].get(t.key, t.text)
