"""Dependency parses of sentences: who does what to whom, from syntax rather than word order.

The extractor needs the subject, the object and the clause they sit in (issue #15). This
module is the one place that parses: :func:`parse` turns sentences into tokens with UD
heads and relations, :func:`clauses` reads predicates with their subjects and objects off
such a parse. Everything behind these two functions (today: small spaCy pipelines trained
on Universal Dependencies by ``tools/train_parser.py`` and shipped in
``geokg/loaders/models/{en,de}_parser``) can be replaced by a better parser later.

Models are found through :mod:`importlib.resources`, loaded lazily once per process and
never downloaded; a missing model raises :class:`ParserModelMissing`. ``geokg ingest`` parses
in a second process that it starts first thing (:func:`start_process`, :func:`parser_process`,
:mod:`geokg.loaders.parse_server`), so that loading spaCy overlaps its other start-up work; the
parses are the same either way.

>>> toks = parse(["Russia attacked Ukraine in 2022."], "en")[0]
>>> [(t.text, t.dep, t.head) for t in toks][:3]
[('Russia', 'nsubj', 1), ('attacked', 'root', -1), ('Ukraine', 'obj', 1)]
>>> c = clauses(toks, "en")[0]
>>> toks[c.predicate].lemma, [toks[i].text for i in c.subjects], [toks[i].text for i in c.objects]
('attack', ['Russia'], ['Ukraine'])
"""
from __future__ import annotations

import atexit
import logging
import os
import pickle
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterator, Sequence

from geokg.errors import GeokgError, UnsupportedLanguage

__all__ = ["ParsedToken", "Clause", "ParserModelMissing", "parse", "clauses", "subtree",
           "model_path", "parser_process", "prepare", "start_process", "ParserProcess", "PROCESS_ENV"]

log = logging.getLogger(__name__)

LANGS = ("en", "de")
SUBJECTS = frozenset({"nsubj", "nsubj:pass", "csubj", "csubj:pass"})
OBJECTS = frozenset({"obj"})
INDIRECT = frozenset({"iobj"})
_LOCK = threading.RLock()
#: Set to "0" to parse in-process even inside :func:`parser_process` (benchmarks, debugging).
PROCESS_ENV = "GEOKG_PARSER_PROCESS"


class ParserModelMissing(GeokgError):
    """The packaged parser model for a language is not installed (a broken install)."""


@dataclass(frozen=True, slots=True)
class ParsedToken:
    """One token of a parsed sentence.

    ``head`` is the index (in the sentence) of the token this one depends on, ``-1`` for the
    root; ``dep`` is the Universal Dependencies relation (``root`` for the root, subtypes
    such as ``nsubj:pass`` kept); ``start``/``end`` are character offsets in the sentence
    string that was parsed; ``pos`` is the UPOS tag and ``morph`` the UD features
    (``Case=Nom|Number=Sing``); ``lemma`` comes from simplemma (through :mod:`geokg.loaders.lemmas`).
    """

    i: int
    text: str
    lemma: str
    pos: str
    morph: str
    head: int
    dep: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Clause:
    """A predicate with its core arguments, as token indices into the parsed sentence.

    ``lemma`` is the predicate's lemma with a separable or phrasal particle joined
    ("warf ... vor" -> "vorwerfen", "called off" -> "call off"). Subjects and objects
    include their conjuncts ("Russia and China"). A predicate without a subject of its own
    shares the subject of the verb it is coordinated with ("attacked and occupied") and an
    open complement (xcomp) takes its head's object, else its head's subject ("urged X to
    leave", "wants to join"); ``shared_subject`` says so. ``relation`` is how the clause
    attaches (``root``, ``ccomp``, ``acl:relcl``, ...) and ``parent`` the predicate it
    attaches to (``-1`` for the root clause).
    """

    predicate: int
    lemma: str
    subjects: tuple[int, ...]
    objects: tuple[int, ...]
    indirect: tuple[int, ...]
    passive: bool
    negated: bool
    relation: str
    parent: int
    shared_subject: bool = False


def model_path(lang: str) -> Path:
    """The folder of the packaged model for ``lang``; :class:`ParserModelMissing` if absent."""
    if lang not in LANGS:
        raise UnsupportedLanguage(f"no parser for language {lang!r} (only {', '.join(LANGS)})")
    root = resources.files("geokg.loaders.models") / f"{lang}_parser"
    path = Path(str(root))
    if not (path / "config.cfg").is_file() or not (path / "meta.json").is_file():
        raise ParserModelMissing(
            f"the {lang} parser model is missing at {path}; reinstall geokg "
            f"or rebuild it with tools/train_parser.py {lang}")
    return path


@lru_cache(maxsize=None)
def _nlp(lang: str):
    """The spaCy pipeline for ``lang``, loaded once per process."""
    import spacy

    path = model_path(lang)
    log.info("loading %s parser from %s", lang, path)
    try:
        return spacy.load(path)
    except (OSError, ValueError) as e:
        raise ParserModelMissing(f"the {lang} parser model at {path} cannot be loaded: {e}") from e


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    # simplemma's lemma through the cached tables of geokg.loaders.lemmas: the same lemma,
    # without decoding simplemma's whole dictionary in each process (1-3 s, 140 MB)
    if not word[:1].isalpha():
        return word
    from geokg.loaders.lemmas import lemmatize  # here: the parser process needs no lemmas (nor simplemma)

    try:
        return lemmatize(word, lang)
    except ValueError:  # pragma: no cover - simplemma refuses odd input
        return word


def _sentence_doc(nlp, text: str):
    """A Doc for one sentence, marked as one sentence so the parser keeps it whole. Runs of spaces
    ("am  Montagabend", common in wire copy) would be whitespace tokens the parser was never trained
    on and hangs into the tree: they are left out, the words' offsets kept in ``user_data``."""
    doc = nlp.make_doc(text)
    if any(t.is_space for t in doc):
        from spacy.tokens import Doc

        kept = [t for t in doc if not t.is_space]
        spaces = [bool(t.whitespace_) or (t.i + 1 < len(doc) and doc[t.i + 1].is_space) for t in kept]
        offsets = [t.idx for t in kept]
        doc = Doc(nlp.vocab, words=[t.text for t in kept], spaces=spaces)
        doc.user_data["offsets"] = offsets
    for k, tok in enumerate(doc):
        tok.is_sent_start = k == 0
    return doc


def _raw_parse(nlp, sentences: Sequence[str], batch_size: int) -> list[list[tuple]]:
    """What the pipeline says of each sentence: ``(text, pos, morph, head, dep, start)`` per token.

    Plain tuples, so that the parser process (:mod:`geokg.loaders.parse_server`) can send them;
    :func:`_tokens` turns them into :class:`ParsedToken` the same way in either process.
    """
    out: list[list[tuple]] = []
    with _LOCK:  # a spaCy pipeline is not safe to share between threads
        docs = (_sentence_doc(nlp, s) for s in sentences)
        for doc in nlp.pipe(docs, batch_size=batch_size):
            offsets = doc.user_data.get("offsets")  # the words' places in the sentence (runs of spaces left out)
            out.append([(t.text, t.pos_, str(t.morph), t.head.i, t.dep_, offsets[t.i] if offsets else t.idx)
                        for t in doc])
    return out


def _tokens(raw: list[tuple], lang: str) -> list[ParsedToken]:
    toks = []
    for i, (text, pos, morph, head, dep, start) in enumerate(raw):
        is_root = head == i
        toks.append(ParsedToken(
            i=i, text=text, lemma=_lemma(text, lang), pos=pos, morph=morph,
            head=-1 if is_root else head, dep="root" if is_root else dep, start=start,
            end=start + len(text)))
    return toks


class ParserProcess:
    """A running parser process (:mod:`geokg.loaders.parse_server`). Not thread-safe: callers hold a lock."""

    def __init__(self) -> None:
        # -P: the working folder is not put on sys.path (a folder named geokg or spacy there is not imported)
        self._proc: subprocess.Popen | None = subprocess.Popen(
            [sys.executable, "-P", "-m", "geokg.loaders.parse_server"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=None, close_fds=True)
        self._loading: set[str] = set()
        self._asked = False  # has it been asked to parse? (if not, close() need not wait for it)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _send(self, message: tuple) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        pickle.dump(message, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self._proc.stdin.flush()

    def prepare(self, lang: str) -> bool:
        """Ask the process to load ``lang``'s model now; False if the process is gone."""
        if lang in self._loading:
            return self.alive
        if not self.alive:
            return False
        try:
            self._send(("load", lang))
        except (OSError, ValueError, pickle.PicklingError) as e:
            log.info("the parser process is gone (%s)", e)
            self.close()
            return False
        self._loading.add(lang)
        return True

    def parse(self, lang: str, sentences: Sequence[str], batch_size: int) -> list[list[tuple]] | None:
        """The raw parses of ``sentences``, or None when the process cannot give them."""
        if not self.alive:
            return None
        self._asked = True
        try:
            self._send(("parse", lang, list(sentences), batch_size))
            assert self._proc is not None and self._proc.stdout is not None
            status, payload = pickle.load(self._proc.stdout)
        except (OSError, EOFError, ValueError, pickle.PickleError) as e:
            log.info("the parser process is gone (%s); parsing in this process", e)
            self.close()
            return None
        if status != "ok":
            log.info("the parser process could not parse (%s); parsing in this process", payload)
            self.close()
            return None
        return payload

    def close(self, timeout: float = 5.0) -> None:
        """End the process: close its input (it exits on end of file), kill it if it lingers.

        A process that never parsed is killed at once: it may still be importing spaCy, and
        the ingest (no sentence needed a parse) should not wait for that.
        """
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if not self._asked and proc.poll() is None:
            proc.kill()
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:  # pragma: no cover - a broken pipe on close
                pass
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:  # pragma: no cover - a process stuck in an import
            proc.kill()
            proc.wait()


_PROCESS: ParserProcess | None = None  # the running parser process, if any
_OWNED = False  # is a parser_process() block in charge of it? (if not, it was started early by start_process)


def start_process() -> None:
    """Start the parser process now, before the caller's own imports (see :func:`parser_process`).

    ``geokg ingest`` and ``geokg build`` call this first thing, so that spaCy loads while the
    command imports rdflib, the store and the extractor. The next :func:`parser_process` block
    takes the process over and ends it; one that is not enabled (no articles to extract here)
    ends it at once, and so does the end of the interpreter. Nothing starts with
    ``GEOKG_PARSER_PROCESS=0`` or when a process already runs. Library code does not call
    this: a long-lived process parses in-process, where the model stays loaded.
    """
    global _PROCESS
    if _PROCESS is not None or os.environ.get(PROCESS_ENV, "1") == "0":
        return
    try:
        proc = ParserProcess()
    except OSError as e:  # pragma: no cover - no process can be started (limits)
        log.info("no parser process (%s); parsing in this process", e)
        return
    with _LOCK:
        _PROCESS = proc
    atexit.unregister(_end_process)  # once, however often a process is started
    atexit.register(_end_process)


def _end_process() -> None:
    global _PROCESS, _OWNED
    with _LOCK:
        proc, _PROCESS, _OWNED = _PROCESS, None, False
    if proc is not None:
        proc.close()


@contextmanager
def parser_process(enabled: bool = True) -> Iterator[None]:
    """Within this block, :func:`parse` asks the parser process started by :func:`start_process`.

    ``geokg ingest`` starts the process first thing and its ingest runs in this block, so that
    spaCy's import and the model's loading run on the other core while this process loads the
    knowledge base, the gazetteer and the lexicons (:mod:`geokg.loaders.parse_server`).
    :func:`prepare` names the language as soon as it is known. The parses are identical to
    in-process ones; if the process fails, :func:`parse` falls back to parsing in-process.
    The process ends with the block; with ``enabled`` False (nothing to parse here) it ends at
    once. Without a started process this block changes nothing: a library caller (a notebook,
    the tests) keeps parsing in-process, where the model stays loaded from one call to the
    next. Inside another such block, this one changes nothing either.
    """
    global _OWNED
    if _OWNED:
        yield
        return
    if not enabled or _PROCESS is None:
        _end_process()
        yield
        return
    with _LOCK:
        _OWNED = True
    try:
        yield
    finally:
        _end_process()


def prepare(lang: str) -> None:
    """Say that ``lang`` will be parsed: the parser process (if any) loads its model now."""
    proc = _PROCESS
    if proc is not None and lang in LANGS:
        with _LOCK:
            proc.prepare(lang)


def parse(sentences: Sequence[str], lang: str, batch_size: int = 256) -> list[list[ParsedToken]]:
    """Parse each sentence on its own; one list of :class:`ParsedToken` per sentence.

    Offsets are relative to each sentence string. The parser treats every string as one
    sentence (it never splits it further), so there is exactly one ``root`` per non-empty
    sentence. Raises :class:`UnsupportedLanguage` for a language other than en/de and
    :class:`ParserModelMissing` if the packaged model is absent.
    """
    raw = None
    proc = _PROCESS
    if proc is not None and lang in LANGS:
        with _LOCK:
            raw = proc.parse(lang, sentences, batch_size)
    if raw is None:
        raw = _raw_parse(_nlp(lang), sentences, batch_size)
    return [_tokens(r, lang) for r in raw]


def subtree(tokens: Sequence[ParsedToken], i: int) -> tuple[int, int]:
    """The token range ``[first, last + 1)`` covered by token ``i`` and its dependents."""
    children: dict[int, list[int]] = {}
    for t in tokens:
        children.setdefault(t.head, []).append(t.i)
    lo = hi = i
    stack = [i]
    while stack:
        k = stack.pop()
        lo, hi = min(lo, k), max(hi, k)
        stack.extend(children.get(k, ()))
    return lo, hi + 1


def _with_conjuncts(tokens: Sequence[ParsedToken], heads: list[int]) -> tuple[int, ...]:
    out = list(heads)
    for h in heads:
        out += [t.i for t in tokens if t.head == h and t.dep == "conj"
                and t.pos not in ("VERB", "AUX")]
    return tuple(sorted(set(out)))


def clauses(tokens: Sequence[ParsedToken], lang: str) -> list[Clause]:
    """The clauses of one parsed sentence, in the order of their predicates.

    A predicate is the root, a verb, or any token with a core argument of its own
    (a nominal predicate such as "Russia is a threat" has its subject on "threat").
    ``lang`` decides how a particle joins the lemma (German "vor" + "werfen").
    """
    kids: dict[int, list[ParsedToken]] = {}
    for t in tokens:
        kids.setdefault(t.head, []).append(t)

    def is_pred(t: ParsedToken) -> bool:
        if t.dep == "root" or t.pos == "VERB":
            return t.dep not in ("amod", "compound", "aux", "aux:pass", "cop", "case")
        return any(k.dep in SUBJECTS | OBJECTS for k in kids.get(t.i, ()))

    def depth(t: ParsedToken) -> int:
        d, k = 0, t
        while k.head >= 0 and d <= len(tokens):
            d, k = d + 1, tokens[k.head]
        return d

    found: dict[int, Clause] = {}
    # heads first, so that a conjoined verb or an open complement can share their arguments
    for p in sorted((t for t in tokens if is_pred(t)), key=depth):
        ks = kids.get(p.i, [])
        subj = [k.i for k in ks if k.dep in SUBJECTS]
        obj = [k.i for k in ks if k.dep in OBJECTS]
        iobj = [k.i for k in ks if k.dep in INDIRECT]
        passive = any(k.dep in ("nsubj:pass", "aux:pass", "csubj:pass") for k in ks)
        negated = any(k.dep == "advmod" and k.lemma.lower() in _NEGATIONS for k in ks)
        particles = [k.text.lower() for k in ks if k.dep == "compound:prt"]
        lemma = p.lemma
        if particles:
            lemma = particles[0] + lemma.lower() if lang == "de" else f"{lemma} {' '.join(particles)}"
        head_clause = found.get(p.head)
        shared = False
        if not subj and head_clause is not None:
            if p.dep == "conj":
                subj, shared = list(head_clause.subjects), bool(head_clause.subjects)
                passive = passive or (head_clause.passive and not obj)
            elif p.dep == "xcomp":
                control = head_clause.objects or head_clause.subjects
                subj, shared = list(control), bool(control)
        found[p.i] = Clause(
            predicate=p.i, lemma=lemma, subjects=_with_conjuncts(tokens, subj),
            objects=_with_conjuncts(tokens, obj), indirect=_with_conjuncts(tokens, iobj),
            passive=passive, negated=negated, relation=p.dep, parent=p.head,
            shared_subject=shared)
    return [found[i] for i in sorted(found)]


_NEGATIONS = frozenset({"not", "never", "n't", "nicht", "nie", "niemals", "kein"})
