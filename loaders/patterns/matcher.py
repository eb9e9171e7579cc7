"""Relation patterns over a dependency parse: who does what to whom, read from syntax.

Each pattern is a record in ``loaders/patterns/{lang}.yaml`` (format: ``docs/patterns.md``):
a stable id that says what it is (``en.opposes.accuse``), the trigger lemmas, the
syntactic functions that carry the subject and the object (``nsubj``, ``obj``, ``iobj``,
``obl:with``, ``nmod:against``, ``poss``, ``agent``...), the relation, whether it is
symmetric, and example sentences with the claims they must give (run by
``tests/loaders/test_patterns.py``). The matcher here knows nothing of mentions or claims:
it takes the parsed tokens of one sentence (:mod:`geokg.loaders.parse`) and returns, for
each predicate a pattern fits, the argument *tokens*; the article extractor maps those to
its mentions and writes the claims.

General syntax is handled once for every pattern: conjuncts ("France and Germany" -> each),
the passive ("Y was attacked by X": X is the subject), relative pronouns ("X, who met Y":
X), subject sharing of coordinated verbs and of open complements ("X agreed to cooperate
with Y": X), light verbs with their noun ("imposed sanctions on Y", "held talks with Y"),
and negation from the parse ("did not attack", "refused to attack", "no sanctions").

>>> from geokg.loaders.parse import parse
>>> toks = parse(["Ukraine was attacked by Russia and Belarus."], "en")[0]
>>> [(m.pattern.id, [toks[i].text for i in m.subjects], [toks[i].text for i in m.objects])
...  for m in match(toks, "en")]
[('en.attacks.attack', ['Russia', 'Belarus'], ['Ukraine'])]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Callable, Sequence

import yaml

from geokg.errors import UnsupportedLanguage
from geokg.loaders.kb import fold
from geokg.loaders.parse import ParsedToken, clauses
from geokg.ontology.vocab import relation

__all__ = ["Pattern", "PatternSet", "Match", "load_patterns", "match", "LANGS"]

LANGS = ("en", "de")
_SUBJ = frozenset({"nsubj", "nsubj:pass", "csubj"})
_OBLIQUE = ("obl", "nmod")  # with subtypes: obl:tmod, nmod:poss (the latter is no oblique, see _obliques)


@dataclass(frozen=True)
class Pattern:
    """One relation pattern (a record of the data file)."""

    id: str
    relation: str
    lemmas: frozenset[str]
    pos: str  # verb | noun
    subject: tuple[str, ...]
    object: tuple[str, ...]
    nouns: frozenset[str] = frozenset()  # a light verb's noun ("impose" + "sanction")
    symmetric: bool = False
    collective: bool = False  # "X and Y met": the subjects pair up when there is no object
    negation: str = "claim"  # claim: a negated claim; drop: no claim at all
    modality: str | None = None
    classes: dict = field(default_factory=dict, hash=False, compare=False)
    confidence: float = 0.75
    examples: tuple = field(default=(), hash=False, compare=False)

    def fits(self, lemma: str) -> bool:
        return lemma in self.lemmas


@dataclass
class PatternSet:
    """The patterns of one language, indexed by trigger lemma, plus the language's word lists."""

    lang: str
    patterns: list[Pattern]
    words: dict[str, frozenset[str]]
    mode: str = "first"  # first: the patterns, then the trigger lexicon for what they leave; off: not used
    check_case: bool = False  # German: arguments must agree in case with their function
    by_lemma: dict[str, list[Pattern]] = field(default_factory=dict)

    suffixes: list[tuple[str, Pattern]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for p in self.patterns:
            for lem in p.lemmas:
                if lem.startswith("*"):  # a German compound's head: "*sanktion" fits "Strafsanktion"
                    self.suffixes.append((lem[1:], p))
                else:
                    self.by_lemma.setdefault(lem, []).append(p)

    def lookup(self, *forms: str) -> list[Pattern]:
        """The patterns a token can trigger, by its lemma, word form or the head of a compound."""
        out: list[Pattern] = []
        for f in forms:
            for p in self.by_lemma.get(f, []):
                if p not in out:
                    out.append(p)
            for suf, p in self.suffixes:
                if f.endswith(suf) and len(f) > len(suf) + 2 and p not in out:
                    out.append(p)
        return sorted(out, key=lambda p: not p.nouns)  # a light verb's frame before the plain verb

    def triggered(self, lemmas: Sequence[str]) -> bool:
        """Whether any of these (folded) lemmas or word forms can trigger a pattern (a light verb
        only with one of its nouns: "held talks", not every "held")."""
        forms = set(lemmas)
        return any(not p.nouns or p.nouns & forms or any(n.startswith("*") for n in p.nouns)
                   for x in forms for p in self.lookup(x))


@dataclass
class Match:
    """A pattern that fits a predicate, with its argument tokens (heads, conjuncts included)."""

    pattern: Pattern
    predicate: int
    subjects: list[int]
    objects: list[int]
    negated: bool
    tokens: list[int]  # the trigger's own tokens (predicate, and a light verb's noun)
    modality: str | None = None
    blocked: bool = False  # the syntax says no claim here ("urged X to cooperate"): nobody else reads it


def _key(text: str) -> str:
    return fold(text) or text.lower()


@cache
def load_patterns(lang: str) -> PatternSet:
    """Read ``loaders/patterns/{lang}.yaml``; each relation name is checked against the ontology."""
    if lang not in LANGS:
        raise UnsupportedLanguage(f"no relation patterns for language {lang!r}")
    text = files("geokg.loaders.patterns").joinpath(f"{lang}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}  # libyaml: 10x faster, same data
    out: list[Pattern] = []
    seen: set[str] = set()
    for rec in data.get("patterns") or []:
        pid = rec["id"]
        if pid in seen or not pid.startswith(f"{lang}.{rec['relation']}."):
            raise ValueError(f"pattern id {pid!r}: must be unique and start with '{lang}.{rec['relation']}.'")
        seen.add(pid)
        relation(rec["relation"])  # fails loudly on a typo
        out.append(Pattern(
            id=pid, relation=rec["relation"], lemmas=frozenset(("*" + _key(x[1:])) if x.startswith("*") else _key(x) for x in rec["lemmas"]),
            pos=rec.get("pos", "verb"), subject=tuple(rec.get("subject", ["nsubj"])),
            object=tuple(rec.get("object", ["obj"])), nouns=frozenset(_key(x) for x in rec.get("nouns", [])),
            symmetric=bool(rec.get("symmetric")), collective=bool(rec.get("collective", rec.get("symmetric"))),
            negation=rec.get("negation", "claim"), modality=rec.get("modality"),
            classes=rec.get("classes") or {}, confidence=float(rec.get("confidence", 0.75)),
            examples=tuple(rec.get("examples") or ()),
        ))
    words = {k: frozenset(_key(x) for x in v) for k, v in (data.get("words") or {}).items()}
    mode = data.get("mode", "first")
    mode = "off" if mode is False else str(mode)  # YAML 1.1 reads a bare off as false
    if mode not in ("first", "replace", "off"):
        raise ValueError(f"patterns/{lang}.yaml: mode must be first, replace or off, not {mode!r}")
    return PatternSet(lang, out, words, mode=mode, check_case=bool(data.get("check_case")))


# ---------------------------------------------------------------------------- the matcher

class _Tree:
    """Children and clause facts of one parsed sentence."""

    def __init__(self, toks: Sequence[ParsedToken], lang: str, ps: PatternSet):
        self.toks, self.lang, self.ps = toks, lang, ps
        self.kids: dict[int, list[ParsedToken]] = {}
        for t in toks:
            self.kids.setdefault(t.head, []).append(t)
        self.clause = {c.predicate: c for c in clauses(toks, lang)}

    def children(self, i: int, *deps: str) -> list[int]:
        return [k.i for k in self.kids.get(i, ()) if not deps or k.dep in deps or k.dep.split(":")[0] in deps]

    def conj(self, heads: list[int]) -> list[int]:
        out = []
        for h in heads:
            if h not in out:
                out.append(h)
            for k in self.kids.get(h, ()):
                if k.dep == "conj" and k.pos not in ("VERB", "AUX") and k.i not in out:
                    out.append(k.i)
                    out += [x for x in self.conj([k.i]) if x not in out]
        return out

    def case(self, i: int) -> str | None:
        """The preposition of an oblique or nominal modifier ("on" in "sanctions on Iran")."""
        cs = [k for k in self.kids.get(i, ()) if k.dep in ("case", "mark") and k.pos == "ADP"]
        return _key(cs[0].text) if cs else None

    def obliques(self, i: int, preps: set[str]) -> list[int]:
        out = []
        for k in self.kids.get(i, ()):
            base = k.dep.split(":")[0]
            if base in _OBLIQUE and k.dep not in ("nmod:poss", "obl:tmod", "nmod:tmod") \
                    and (self.case(k.i) in preps or (k.dep == "obl:agent" and "by" in preps)):
                out.append(k.i)
        return self.conj(out)

    def word(self, i: int) -> str:
        return _key(self.toks[i].text)

    def lemma(self, i: int) -> str:
        return _key(self.toks[i].lemma)


def _relative(tree: _Tree, i: int, pred: int) -> int:
    """A relative pronoun stands for the noun its clause modifies ("Blair, who met Bush": Blair)."""
    if tree.word(i) not in tree.ps.words.get("relative_pronouns", frozenset()):
        return i
    c = tree.clause.get(pred)
    if c is not None and c.relation in ("acl:relcl", "acl") and c.parent >= 0:
        return c.parent
    # the parser may attach the relative clause elsewhere: the noun just before "," + pronoun
    j = i - 1
    while j >= 0 and tree.toks[j].pos == "PUNCT":
        j -= 1
    return j if j >= 0 and tree.toks[j].pos in ("PROPN", "NOUN") else -1


def _role(tree: _Tree, spec: str, heads: list[int], pred: int) -> list[int]:
    """The tokens that fill one argument role of the predicate (or of a light verb's noun)."""
    c = tree.clause.get(pred)
    out: list[int] = []
    if ">" in spec:  # "obj>nmod:in": a modifier of the object ("visited an orphanage in Tanzania")
        first, rest = spec.split(">", 1)
        inner = _role(tree, first, heads, pred)
        got = _role(tree, rest, inner, -1) if inner else []
        # "an orphanage in Tanzania and a credit union in Mozambique": a second object the parser hung
        # on the first one's place is a common noun with a modifier of its own
        nouns = [x for x in got if tree.toks[x].pos == "NOUN" and x not in inner]
        return got + [x for x in (_role(tree, rest, nouns, -1) if nouns else []) if x not in got]
    if spec == "nsubj":
        if c is not None and not c.passive:
            out = list(c.subjects)
        elif c is None:
            out = tree.conj(tree.children(pred, "nsubj"))
    elif spec == "patient":  # the passive subject
        if c is not None and c.passive:
            out = list(c.subjects)
    elif spec == "obj":
        if c is not None and not c.passive:
            out = list(c.objects)
    elif spec == "iobj":  # German datives the parser calls obl:arg ("warf Deutschland ... vor")
        out = list(c.indirect) if c is not None else []
        out += [k.i for k in tree.kids.get(pred, ()) if k.dep == "obl:arg" and tree.case(k.i) is None]
    elif spec == "agent":
        for h in heads:
            out += [k for k in tree.obliques(h, {"by"} if tree.lang == "en" else {"von", "vom", "durch"})]
    elif spec in ("poss", "compound", "amod"):
        dep = {"poss": ("nmod:poss", "det:poss"), "compound": ("compound",), "amod": ("amod",)}[spec]
        for h in heads:
            out += [k.i for k in tree.kids.get(h, ()) if k.dep in dep and k.text not in ("'s", "’s")]
        out = tree.conj(out)
    elif spec == "gen":  # a German genitive after its noun: "die Unterstützung Belgrads"
        for h in heads:
            out += [k.i for k in tree.kids.get(h, ()) if k.dep.split(":")[0] in ("nmod", "appos")
                    and k.dep != "nmod:poss" and k.i > h and tree.case(k.i) is None
                    and _case(tree, k.i) in ("Gen", None) or (k.dep.split(":")[0] in ("nmod", "appos")
                    and k.i == h + 1 and tree.case(k.i) is None and k.pos == "PROPN")]
        out = tree.conj(out)
    elif spec == "obj.mod":  # "summoned the Russian ambassador": the state the object belongs to
        objs = list(c.objects) if c is not None and not c.passive else []
        gov = tree.ps.words.get("government_nouns", frozenset())
        for o in objs:
            if tree.lemma(o) in gov:
                continue  # "Mr Blair's government" is the state, not Mr Blair: no claim on him
            out += [k.i for k in tree.kids.get(o, ()) if k.dep in ("amod", "compound", "nmod:poss")
                    or (k.dep == "nmod" and tree.case(k.i) == "of")]
    elif spec == "up":  # the word a noun hangs from: "die Verhandlungspartner X … mit dem Iran geeinigt"
        out = [tree.toks[h].head for h in heads[:1] if tree.toks[h].head >= 0]
    elif spec == "xcomp.obj":
        for x in tree.children(pred, "xcomp"):
            cx = tree.clause.get(x)
            if cx is not None:
                out += list(cx.objects)
    elif ":" in spec:  # obl:with, nmod:against, prep:on (either)
        _, prep = spec.split(":", 1)
        preps = set(prep.split("|"))
        for h in heads:
            out += tree.obliques(h, preps)
    return [x for x in dict.fromkeys(out) if x >= 0]


def _governors(tree: _Tree, pred: int, deps: tuple[str, ...] = ("xcomp", "ccomp")) -> list[int]:
    """The verbs a complement hangs from ("refused to attack": refused)."""
    out, k = [], pred
    while 0 <= k < len(tree.toks) and tree.toks[k].dep in deps and len(out) < 4:
        k = tree.toks[k].head
        out.append(k)
    return out


def _negated(tree: _Tree, pred: int, noun: int | None) -> bool:
    neg = tree.ps.words.get("negation", frozenset())
    refusals = tree.ps.words.get("negating_verbs", frozenset())
    not_really = tree.ps.words.get("negation_exceptions_next", frozenset())
    t = tree.toks[pred]
    if t.pos in ("NOUN", "PROPN") and t.dep in ("obj", "obl") and t.head >= 0 \
            and tree.toks[t.head].pos in ("VERB", "AUX"):
        pred = t.head  # a noun trigger as the object of a verb: "did not join the strikes", "refused to join …"
    for h in [pred] + ([noun] if noun is not None else []) + ([t.i] if t.i != pred else []):
        for k in tree.kids.get(h, ()):
            if k.dep in ("advmod", "det", "neg", "advmod:neg", "cc:preconj") and _key(k.text) in neg \
                    and not (k.i + 1 < len(tree.toks) and tree.word(k.i + 1) in not_really):
                return True  # "not only supports": no denial
    for g in _governors(tree, pred):
        gc = tree.clause.get(g)
        if tree.lemma(g) in refusals or (gc is not None and _key(gc.lemma) in refusals):
            return True
        if any(k.dep == "advmod" and _key(k.text) in neg for k in tree.kids.get(g, ())):
            return True
    return False


def _appeal(tree: _Tree, pred: int) -> bool:
    """An act someone is asked to do ("urged the US to cooperate"): no fact, no claim."""
    appeals = tree.ps.words.get("appeal_verbs", frozenset())
    return any(tree.lemma(g) in appeals for g in _governors(tree, pred, ("xcomp",)))


def match(toks: Sequence[ParsedToken], lang: str, ps: PatternSet | None = None,
          keep: Callable[[int], bool] | None = None) -> list[Match]:
    """Every pattern that fits a predicate of the parsed sentence, with its argument tokens.

    ``keep`` says which tokens can be arguments at all (the caller's mentions): a role whose
    tokens are none of them counts as empty, and the next role of the pattern is tried."""
    ps = ps or load_patterns(lang)
    if not any(ps.lookup(_key(t.lemma), _key(t.text)) for t in toks):
        return []
    tree = _Tree(toks, lang, ps)
    out: list[Match] = []
    for t in toks:
        c = tree.clause.get(t.i)  # the clause's lemma joins a separable particle: "warf ... vor" -> vorwerfen
        forms = ([_key(c.lemma)] if c is not None and c.lemma != t.lemma else []) + [_key(t.lemma), _key(t.text)]
        for p in ps.lookup(*forms):
            m = _match_one(tree, p, t.i, keep or (lambda i: True))
            if m is not None:
                out.append(m)
    return out


def _match_one(tree: _Tree, p: Pattern, i: int, keep: Callable[[int], bool]) -> Match | None:
    t = tree.toks[i]
    c = tree.clause.get(i)
    verbal = t.pos in ("VERB", "AUX") or (c is not None and bool(c.objects))  # "support" tagged a noun, with its object
    if p.pos == "verb" and not verbal:
        return None
    if p.pos == "noun" and (t.pos not in ("NOUN", "PROPN") or verbal):
        return None
    if _appeal(tree, i):
        return Match(p, i, [], [], False, [i], blocked=True)
    noun = None
    heads = [i]
    if p.nouns:  # a light verb: its object (or passive subject) must be one of the nouns
        c = tree.clause.get(i)
        args = (list(c.objects) + (list(c.subjects) if c.passive else [])) if c is not None else []
        args += tree.obliques(i, set(tree.ps.words.get("light_preps", frozenset())))
        args = [_relative(tree, a, i) for a in args]  # "the sanctions that X imposed on Y"
        near = [k.i for a in args for k in tree.kids.get(a, ()) if k.dep.split(":")[0] in ("nmod", "compound")]
        light = tree.ps.words.get("light_preps", frozenset())  # "mit Waffen" hung one step too low
        near += [t2.i for t2 in tree.toks if t2.head >= 0 and tree.toks[t2.head].head == i and tree.case(t2.i) in light]
        noun = next((a for a in args + near if tree.lemma(a) in p.nouns or tree.word(a) in p.nouns), None)
        if noun is None:
            return None
        heads = [i, noun]
    if p.pos == "noun":  # a prepositional phrase the parser hung on the noun's genitive ("Kritik Polens an X")
        heads = [i] + [k.i for k in tree.kids.get(i, ()) if k.dep.split(":")[0] in ("nmod", "appos")
                       and k.dep != "nmod:poss" and tree.case(k.i) is None and k.i > i]
    pred = i
    passive = c is not None and c.passive and p.pos == "verb"

    def fill(specs: Sequence[str], taken: list[int]) -> list[int]:
        for spec in specs:
            if p.pos == "noun" and spec == "nsubj":
                continue
            if passive and spec == "nsubj":
                spec = "agent"  # "Y was attacked by X", "sanctions were imposed on Y by X"
            elif passive and spec == "obj" and not p.nouns:
                spec = "patient"
            got = [_relative(tree, x, pred) for x in _role(tree, spec, heads, pred)]
            got = [y for x in got for y in ([x] if x < 0 or keep(x) else _named_list(tree, x))]
            got = [x for x in got if x >= 0 and x not in (i, noun) and x not in taken and keep(x)
                   and _case_agrees(tree, spec, x)]
            if got:
                return got
        return []

    subjects = fill(p.subject, [])
    if p.pos == "noun" and not subjects:
        subjects = [x for x in _noun_agent_from_verb(tree, i) if keep(x)]
    objects = fill(p.object, subjects)
    return Match(p, i, subjects, objects, _negated(tree, i, noun), [i] + ([noun] if noun is not None else []),
                 modality=p.modality)


def _named_list(tree: _Tree, i: int) -> list[int]:
    """A common noun that is no argument itself, with names in apposition right after it ("die
    Verhandlungspartner USA, Russland und China", "the negotiating partners Britain, France and
    Germany"): the names, with their conjuncts, stand for it. Empty when none follows."""
    if tree.toks[i].pos != "NOUN":
        return []
    names = [k.i for k in tree.kids.get(i, ()) if k.dep.split(":")[0] in ("nmod", "appos", "flat", "compound")
             and k.i == i + 1 and k.pos == "PROPN" and tree.case(k.i) is None]
    return tree.conj(names)


def _case(tree: _Tree, i: int) -> str | None:
    """The case of a noun phrase: its article's or adjective's (more reliable on names), else its own."""
    for k in tree.kids.get(i, ()):
        if k.dep in ("det", "amod") and "Case=" in k.morph:
            return k.morph.split("Case=")[1].split("|")[0]
    m = tree.toks[i].morph
    return m.split("Case=")[1].split("|")[0] if "Case=" in m else None


_WANT_CASE = {"nsubj": {"Nom"}, "obj": {"Acc"}, "iobj": {"Dat"}, "patient": {"Nom"}}


def _case_agrees(tree: _Tree, spec: str, i: int) -> bool:
    """German (``case_check`` in the data): a subject must be nominative, an object accusative, an
    indirect object dative, where an article or adjective shows the case; names without one pass."""
    if not tree.ps.check_case or spec not in _WANT_CASE:
        return True
    dets = [k for k in tree.kids.get(i, ()) if k.dep in ("det", "amod") and "Case=" in k.morph]
    if not dets:
        return True
    if spec in ("nsubj", "obj", "patient") and any(tree.word(k.i) in tree.ps.words.get("nom_acc_forms", ()) for k in dets):
        return True  # "die", "das", "eine": nominative and accusative look alike
    return _case(tree, i) in _WANT_CASE[spec]


def _noun_agent_from_verb(tree: _Tree, i: int) -> list[int]:
    """A noun trigger without an agent of its own, as the subject of a verb of doing with it ("X
    launched an attack on Y", "X announced sanctions on Y"): that verb's subject, if the verb is one
    of the language's ``support_verbs``."""
    t = tree.toks[i]
    if t.dep not in ("obj",) or t.head < 0:
        return []
    if tree.lemma(t.head) not in tree.ps.words.get("support_verbs", frozenset()):
        return []
    c = tree.clause.get(t.head)
    return list(c.subjects) if c is not None and not c.passive else []
