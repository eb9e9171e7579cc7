"""Trigger lexicons and the gazetteer of actor names, read from data files.

The lexicons (``loaders/lexicons/de.yaml``, ``en.yaml``) hold every word the
article extractor reacts to: relation triggers, role nouns, group nouns,
cues for negation, attribution and modality. The gazetteer maps token
sequences to knowledge-base actors, generated from the knowledge base's
names, demonyms, capitals and seats of power, plus German genitive and
adjective endings.

>>> lex = load_lexicon("de")
>>> "attacks" in {t.relation for t in lex.triggers}
True
>>> gaz = load_gazetteer("de")
>>> [e.kind for e in gaz.lookup(("kasachischen",))]
['adj']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import yaml
from rdflib import URIRef

from geokg.loaders.kb import KnowledgeBase, fold, load_kb
from geokg.ontology import data_file
from geokg.ontology.vocab import relation

__all__ = ["Trigger", "Lexicon", "GazEntry", "Gazetteer", "load_lexicon", "load_gazetteer", "LANGUAGES"]

LANGUAGES = ("de", "en")
_NO_WORDS: frozenset[str] = frozenset()  # has() on a category the lexicon lacks: no set built per call
_DE_ADJ_ENDINGS = ("e", "en", "er", "es", "em")
_TOKEN = re.compile(r"\w+(?=n['’]t\b)|n['’]t\b|['’]s\b|\w+|[^\w\s]")


def keys(text: str) -> tuple[str, ...]:
    """The folded token keys of a phrase, tokenised as the extractor tokenises text."""
    return tuple(fold(m.group(0)) or m.group(0) for m in _TOKEN.finditer(text))


class Element:
    """One element of a trigger pattern: a word, ``word*`` (prefix) or ``*word`` (suffix)."""

    __slots__ = ("word", "prefix", "suffix")

    def __init__(self, spec: str):
        spec = fold(spec.replace("*", "STAR")).replace("star", "*")
        self.prefix = spec.endswith("*")
        self.suffix = spec.startswith("*")
        self.word = spec.strip("*")

    def matches(self, key: str, lemma: str) -> bool:
        for w in (key, lemma):
            if self.prefix and self.suffix and self.word in w:
                return True
            if self.prefix and not self.suffix and w.startswith(self.word):
                return True
            if self.suffix and not self.prefix and w.endswith(self.word) and len(w) > len(self.word):
                return True
            if not self.prefix and not self.suffix and w == self.word:
                return True
        return False


@dataclass
class Trigger:
    """A relation trigger: a pattern of words and how its arguments are found."""

    id: str
    relation: str
    pattern: list[list[Element] | None]  # None = gap
    kind: str
    object: list[str]
    genitive: str
    subject: str
    collective: bool
    dyad: bool
    confidence: float
    classes: dict[str, list[str]]
    relation_override: str | None = None

    @property
    def length(self) -> int:
        return sum(1 for p in self.pattern if p is not None)


@dataclass
class Lexicon:
    """Everything the extractor knows about one language's words, indexed for fast look-up."""

    language: str
    triggers: list[Trigger]
    data: dict
    words: dict[str, set[str]] = field(default_factory=dict)
    roles: dict[str, dict] = field(default_factory=dict)
    multi_roles: list[tuple[tuple[str, ...], dict]] = field(default_factory=list)
    role_suffixes: list[tuple[str, dict]] = field(default_factory=list)
    mapping: dict[str, dict[str, str]] = field(default_factory=dict)
    _multi: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    _by_word: dict[str, list[Trigger]] = field(default_factory=dict)
    _wild: list[Trigger] = field(default_factory=list)
    _at_cache: dict[tuple[str, str], list[Trigger]] = field(default_factory=dict)
    role_cache: dict[tuple[str, str], dict | None] = field(default_factory=dict)
    blocs: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # bloc_groups as keys, longest first

    def __post_init__(self) -> None:
        for name, spec in (self.data.get("roles") or {}).items():
            k = keys(name)
            if len(k) == 1:
                self.roles[k[0]] = spec
            else:
                self.multi_roles.append((k, spec))
        self.multi_roles.sort(key=lambda x: len(x[0]), reverse=True)
        self.role_suffixes = [(_wkey(k), v) for k, v in (self.data.get("role_suffixes") or {}).items()]
        self.blocs = sorted(((keys(k), v) for k, v in (self.data.get("bloc_groups") or {}).items()),
                            key=lambda kv: -len(kv[0]))
        for cat in ("groups", "aims"):
            self.mapping[cat] = {_wkey(k): v for k, v in (self.data.get(cat) or {}).items()}
        for t in self.triggers:
            first = t.pattern[0]
            if first is not None and all(not e.prefix and not e.suffix for e in first):
                for e in first:
                    self._by_word.setdefault(e.word, []).append(t)
            else:
                self._wild.append(t)

    def has(self, category: str, key: str) -> bool:
        return key in self.words.get(category, _NO_WORDS)

    def multi(self, category: str) -> list[tuple[str, ...]]:
        """Multi-word entries of a category as key tuples, longest first."""
        if category not in self._multi:
            items = [keys(w) for w in self.data.get(category, []) if " " in w]
            self._multi[category] = sorted(items, key=len, reverse=True)
        return self._multi[category]

    def triggers_at(self, key: str, lemma: str) -> list[Trigger]:
        """Triggers whose first word can match a token (the rest of the pattern is checked by the caller)."""
        hit = self._at_cache.get((key, lemma))
        if hit is None:
            hit = self._by_word.get(key, []) + (self._by_word.get(lemma, []) if lemma != key else [])
            hit += [t for t in self._wild if any(e.matches(key, lemma) for e in t.pattern[0] or [])]
            if len(self._at_cache) < 200_000:
                self._at_cache[(key, lemma)] = hit
        return hit


def _wkey(value: object) -> str:
    """The lookup key of a lexicon word (punctuation such as "," stays itself)."""
    return fold(str(value)) or str(value)


def _parse_pattern(spec: str) -> list[list[Element] | None]:
    out: list[list[Element] | None] = []
    for part in spec.split():
        if part in ("...", "…"):
            out.append(None)
        else:
            out.append([Element(alt) for alt in part.split("|")])
    return out


@cache
def load_lexicon(lang: str) -> Lexicon:
    """Read ``loaders/lexicons/{lang}.yaml``; every relation name is checked against the ontology."""
    text = files("geokg.loaders.lexicons").joinpath(f"{lang}.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 4x faster
    triggers: list[Trigger] = []
    for rel, entries in (data.get("relations") or {}).items():
        relation(rel)  # fails loudly on a typo in the data file
        for n, e in enumerate(entries):
            if e.get("relation_override"):
                relation(e["relation_override"])
            obj = e.get("object", [])
            triggers.append(Trigger(
                id=f"{lang}-{rel}-{n + 1}", relation=e.get("relation_override") or rel,
                pattern=_parse_pattern(e["pattern"]), kind=e.get("kind", "verb"),
                object=[fold(o) if o not in ("direct", "aim", "event", "genitive") else o for o in obj],
                genitive=e.get("genitive", "agent"), subject=e.get("subject", "default"),
                collective=bool(e.get("collective")), dyad=bool(e.get("dyad")),
                confidence=float(e.get("confidence", 0.7)), classes=e.get("classes") or {},
            ))
    words: dict[str, set[str]] = {}
    for cat, value in data.items():
        if cat == "relations":
            continue
        if isinstance(value, list):
            words[cat] = {_wkey(v) for v in value}
        elif isinstance(value, dict):
            words[cat] = {_wkey(k) for k in value}
            for sub, vals in value.items():
                if isinstance(vals, list):
                    words[f"{cat}.{sub}"] = {_wkey(v) for v in vals}
    _add_group_nouns(lang, data, words)
    return Lexicon(lang, triggers, data, words)


def _add_group_nouns(lang: str, data: dict, words: dict[str, set[str]]) -> None:
    """The knowledge base's group nouns (``ontology/kb/groups.yaml``: "rebels", "Rebellen",
    "separatists") join the lexicon's ``groups``, each naming its kind in English, so that
    "syrische Rebellen" and "Syrian rebels" are one group. Words the lexicon reads as a state's
    institutions ("troops", "Diplomaten": a state's army is the state) stay institutions."""
    source = data_file("kb", "groups.yaml")
    if not source.is_file():
        return
    kinds = (yaml.load(source.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
             or {}).get("nouns") or {}
    groups = data.setdefault("groups", {})
    blocked = words.get("institutions", set()) | words.get("groups", set())
    for kind, forms in kinds.items():
        label = (forms.get("en") or [kind])[0]
        for noun in forms.get(lang) or []:
            key = _wkey(noun)
            if " " in noun or key in blocked:
                continue
            groups[noun] = label
            words.setdefault("groups", set()).add(key)


@dataclass(frozen=True)
class GazEntry:
    """What a token sequence names: ``kind`` is name, adj, people, capital or seat."""

    kind: str
    iri: URIRef
    cls: str
    place: URIRef | None = None  # for capitals: the city
    genitive: bool = False
    exact: str | None = None  # abbreviations must match case exactly


@dataclass
class Gazetteer:
    """Token-key sequences -> entries, with the longest sequence length for the matcher."""

    entries: dict[tuple[str, ...], list[GazEntry]]
    max_len: int

    def lookup(self, key: tuple[str, ...]) -> list[GazEntry]:
        return self.entries.get(key, [])


def _de_genitive(name: str) -> str | None:
    if re.search(r"[sxzß]$", name) or " " in name and not name.split()[-1][:1].isupper():
        return None
    return name + "s"


def _de_inflections(name: str) -> list[str]:
    """Inflected forms of a German multi-word name whose adjectives end in -e.

    >>> _de_inflections("Europäische Union")
    ['Europäischen Union']
    >>> _de_inflections("Vereinigte Arabische Emirate")
    ['Vereinigten Arabischen Emirate']
    """
    words = name.split()
    if len(words) < 2:
        return []
    changed = [w + "n" if i < len(words) - 1 and w.endswith("e") and w[:1].isalpha() else w
               for i, w in enumerate(words)]
    return [" ".join(changed)] if changed != words else []


@cache
def load_gazetteer(lang: str) -> Gazetteer:
    """The gazetteer for one language: names of both languages, adjectives of this one."""
    kb: KnowledgeBase = load_kb()
    entries: dict[tuple[str, ...], list[GazEntry]] = {}

    def add(form: str, entry: GazEntry) -> None:
        form = form.strip()
        if not form:
            return
        k = keys(form)
        if not k:
            return
        if len(form) <= 5 and form.isupper() and entry.kind == "name":
            entry = GazEntry(entry.kind, entry.iri, entry.cls, entry.place, entry.genitive, exact=form)
        bucket = entries.setdefault(k, [])
        if entry not in bucket:
            bucket.append(entry)

    for a in kb.actors.values():
        if a.cls == "Place":
            continue
        names = set(a.names())
        if a.cls == "Person":  # "Recep Tayyip Erdoğan" is also "Tayyip Erdoğan" in the wires
            names |= {" ".join(n.split()[1:]) for n in list(names) if len(n.split()) >= 3}
        for name in names:
            add(name, GazEntry("name", a.iri, a.cls))
            if lang == "de":
                for variant in _de_inflections(name):  # "der Europäischen Union", "die Vereinigten Staaten"
                    add(variant, GazEntry("name", a.iri, a.cls))
                gen = _de_genitive(name)
                if gen:
                    add(gen, GazEntry("name", a.iri, a.cls, genitive=True))
        for stem in a.adj.get(lang, []):
            if lang == "de":
                for ending in _DE_ADJ_ENDINGS:
                    add(stem + ending, GazEntry("adj", a.iri, a.cls))
            else:
                add(stem, GazEntry("adj", a.iri, a.cls))
        for form in a.people.get(lang, []):
            add(form, GazEntry("people", a.iri, a.cls))
        for form in a.seats.get(lang, []):
            add(form, GazEntry("seat", a.iri, a.cls))
            if lang == "de":
                gen = _de_genitive(form)
                if gen:
                    add(gen, GazEntry("seat", a.iri, a.cls, genitive=True))
        if a.capital:
            place = kb.actors[a.capital]
            for form in place.names() | set(a.capitals.get(lang, [])):
                add(form, GazEntry("capital", a.iri, a.cls, place=a.capital))
                if lang == "de":  # "die Unterstützung Belgrads", "die schwarze Liste Moskaus"
                    gen = _de_genitive(form)
                    if gen:
                        add(gen, GazEntry("capital", a.iri, a.cls, place=a.capital, genitive=True))
    max_len = max(len(k) for k in entries)
    return Gazetteer(entries, max_len)
