"""How geokg.loaders.parse loads: lemmas through the cached tables, identical to simplemma's own."""
from __future__ import annotations

import pytest
import simplemma

from geokg.loaders.parse import parse


@pytest.mark.parametrize("lang,text", [
    ("de", "Die Außenminister verurteilten die Angriffe Russlands auf ukrainische Städte scharf."),
    ("en", "The ministers condemned Russia's attacks on Ukrainian cities and called for talks."),
])
def test_parse_lemmas_are_simplemmas(lang, text):
    toks = parse([text], lang)[0]
    assert toks
    for t in toks:
        expected = simplemma.lemmatize(t.text, lang=lang) if t.text[:1].isalpha() else t.text
        assert t.lemma == expected, t.text
