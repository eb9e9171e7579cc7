"""The spaCy-free sentence splitter (geokg.loaders.segment) draws exactly spaCy's boundaries and tokens.

The extractor's claims depend on sentence boundaries, so the replay is compared with
``spacy.blank(lang)`` plus its ``sentencizer`` on every text the tests and the seed
hold, on hard cases, and on the development set when it is on this machine.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from geokg import cache
from geokg.loaders import segment
from geokg.loaders.segment import Segmenter, rules_from_spacy

spacy = pytest.importorskip("spacy")

ROOT = Path(__file__).resolve().parents[2]
DEV = Path("/work/shared/eval/dev/articles")

HARD = [
    "Dr. Müller traf am 3. Mai Putin. Dann reiste er ab.",
    "z.B. die USA. Aber auch u. a. Frankreich!",
    "Er kam um 10a.m. an. Sie nicht.",
    "Look :) at this. And (Dr. Who) said no.",
    "Visit www.example.com. Then http://x.org/a.b?c=d. Ok.",
    "Two  spaces.  Here\tand  there .  ",
    'He said: "Stop." Then left.',
    "U.S. troops left. The U.N. said so.",
    "Mr. Smith vs. Mrs. Jones... Really?! Yes.",
    "Es ist 3.5 Mio. Euro wert. Etc. pp.",
    'Yahoo! is a company. "Is it?" he asked.',
    "  leading space. ",
    "Nr. 5 und Abs. 3 gilt. Ende.",
    "(Dr. ... )",
    "‚Ja.‘ Nein.",
    "A.B.C. D. E. F.",
    ":-) :-(. ok.",
    "Am 24.02.2022 griff Russland an.Die Ukraine wehrte sich.",
    "Bundeskanzler Olaf Scholz (SPD) sagte: „Wir stehen an der Seite der Ukraine.“ Danach reiste er ab.",
]


def _strings(node, lang: str | None, out: dict[str, list[str]]) -> None:
    if isinstance(node, dict):
        lang = node.get("lang") or node.get("language") or lang
        for k, v in node.items():
            _strings(v, k if k in ("de", "en") else lang, out)
    elif isinstance(node, list):
        for v in node:
            _strings(v, lang, out)
    elif isinstance(node, str) and lang in ("de", "en") and len(node) > 3:
        out[lang].append(node)


def _texts() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"de": list(HARD), "en": list(HARD)}
    out["de"] += [p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")]
    for f in (ROOT / "tests/loaders/relation_cases.yaml", ROOT / "bench/templates.yaml"):
        _strings(yaml.safe_load(f.read_text(encoding="utf-8")), None, out)
    if DEV.is_dir():  # the shared development set, where this machine has it
        for p in sorted(DEV.glob("*.txt")):
            out["de" if p.name.startswith("de-") else "en"].append(p.read_text(encoding="utf-8"))
    return out


@pytest.mark.parametrize("lang", ["de", "en"])
def test_sentences_and_tokens_equal_spacy(lang):
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    seg = Segmenter(rules_from_spacy(lang))
    texts = _texts()[lang]
    assert len(texts) > 100
    paragraphs = 0
    for text in texts:
        for para in re.finditer(r"[^\n]+", text):
            p = para.group(0)
            doc = nlp(p)
            assert seg.tokens(p) == [(t.text, t.idx) for t in doc], p
            assert seg.spans(p) == [(s.start_char, s.end_char) for s in doc.sents], p
            paragraphs += 1
    assert paragraphs > 100


def test_split_keeps_abbreviations_and_ordinals():
    from geokg.loaders.text import split

    sents = split("Dr. Müller traf am 3. Mai Putin. Dann reiste er ab.\nNeuer Absatz. Ende.", "de")
    assert [s.text for s in sents] == ["Dr. Müller traf am 3. Mai Putin.", "Dann reiste er ab.",
                                       "Neuer Absatz.", "Ende."]


def test_rules_come_from_the_cache_the_second_time(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    cache.EVENTS.clear()
    first = segment.cached_rules("en")
    names = [p.name for p in tmp_path.glob("segment-en-*.json")]
    assert len(names) == 1 and cache.EVENTS[names[0]] == "built"
    assert segment.cached_rules("en") == first
    assert cache.EVENTS[names[0]] == "hit"
    assert "Dr." in first["specials"] and "." in first["punct_chars"]


def test_a_damaged_rules_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    segment.cached_rules("de")
    entry = next(tmp_path.glob("segment-de-*.json"))
    entry.write_bytes(entry.read_bytes()[:-20])
    rules = segment.cached_rules("de")
    assert cache.EVENTS[entry.name] == "rebuilt"
    assert Segmenter(rules).spans("Er kam. Sie ging.") == [(0, 7), (8, 17)]


def test_split_does_not_import_spacy(tmp_path, monkeypatch):
    """With the rules in the cache (the usual case), splitting sentences never imports spaCy."""
    import os
    import subprocess
    import sys

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    segment.cached_rules("de")  # the first use builds the entry (importing spaCy, once)
    code = ("import sys; from geokg.loaders.text import split; split('Er kam. Sie ging.', 'de'); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, cache.CACHE_ENV: str(tmp_path)})
    assert out.stdout.strip() == "False"
