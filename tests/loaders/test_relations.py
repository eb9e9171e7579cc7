"""The 27 core relations, one sentence at a time: what each must give and what it must not.

The cases live in ``relation_cases.yaml`` next to this file (see its header for the schema).
Each case runs the article extractor on its text and checks that every ``expect`` claim is
among the claims and that no ``reject`` claim is. Actors are compared by their English label
(the knowledge base's, else the entity's), as in ``test_articles.py``. A case marked ``xfail``
fails for a reason in the extractor's code; the mark is strict, so a fixed case shows up as
XPASS and its mark must be removed.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from geokg.loaders.articles import extract_text
from tests.conftest import label_of
from geokg.loaders.kb import load_kb
from geokg.ontology.vocab import CORE_RELATIONS, relations

KB = load_kb()
CASES_FILE = Path(__file__).with_name("relation_cases.yaml")
CASES: list[dict] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
SYMMETRIC = {name for name, rel in relations().items() if rel.symmetric}
FLAGS = ("negated", "attributed_to", "modality")
ANY = "*"


name = label_of


def spec(item) -> dict:
    """A claim pattern from the short form [s, rel, o] or the long form {s, rel, o, flags…}."""
    if isinstance(item, list):
        s, rel, o = item
        return {"s": s, "rel": rel, "o": o}
    return dict(item)


def matches(c, ext, want: dict) -> bool:
    if c.relation != want["rel"]:
        return False
    s, o = name(c.subject, ext), name(c.obj, ext)
    pairs = [(s, o)] + ([(o, s)] if want["rel"] in SYMMETRIC else [])  # direction means nothing there
    if not any(want["s"] in (ANY, a) and want["o"] in (ANY, b) for a, b in pairs):
        return False
    for flag in FLAGS:
        if flag in want:
            got = name(c.attributed_to, ext) if flag == "attributed_to" else getattr(c, flag)
            if got != want[flag]:
                return False
    return True


def show(ext) -> str:
    lines = []
    for c in ext.claims:
        flags = [f"negated={c.negated}"]
        if c.attributed_to is not None:
            flags.append(f"attributed_to={name(c.attributed_to, ext)}")
        if c.modality:
            flags.append(f"modality={c.modality}")
        lines.append(f"  {name(c.subject, ext)} {c.relation} {name(c.obj, ext)} ({', '.join(flags)})")
    return "\n".join(lines) or "  (no claims)"


def _param(case: dict):
    marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_relation_case(case: dict) -> None:
    ext = extract_text(case["text"], case["lang"], published=case.get("published"))
    problems = []
    for item in case.get("expect", []):
        want = spec(item)
        if not any(matches(c, ext, want) for c in ext.claims):
            problems.append(f"missing {want}")
    for item in case.get("reject", []):
        want = spec(item)
        if any(matches(c, ext, want) for c in ext.claims):
            problems.append(f"unwanted {want}")
    assert not problems, f"{case['text']}\n" + "\n".join(problems) + "\ngot:\n" + show(ext)


def test_relation_cases_are_well_formed() -> None:
    ids = Counter(c["id"] for c in CASES)
    assert not [i for i, n in ids.items() if n > 1], "duplicate case ids"
    for c in CASES:
        assert c["lang"] in ("de", "en"), c["id"]
        assert c.get("expect") or c.get("reject"), c["id"]
        for item in c.get("expect", []) + c.get("reject", []):
            want = spec(item)
            assert want["rel"] in CORE_RELATIONS, (c["id"], want["rel"])
            assert set(want) <= {"s", "rel", "o", *FLAGS}, (c["id"], want)
        assert not any(ANY in (spec(i)["s"], spec(i)["o"]) for i in c.get("expect", [])), \
            f"{c['id']}: a wildcard only makes sense in reject"


def test_every_relation_has_two_positive_cases_per_language() -> None:
    """The issue's floor: each relation produced by at least two passing sentences in each language."""
    count: Counter = Counter()
    for c in CASES:
        if c.get("xfail"):
            continue
        for rel in {spec(i)["rel"] for i in c.get("expect", []) if spec(i).get("negated") is not True}:
            count[(rel, c["lang"])] += 1
    short = [(rel, lang, count[(rel, lang)]) for rel in CORE_RELATIONS for lang in ("de", "en")
             if count[(rel, lang)] < 2]
    assert not short, short
