"""Places stated in passing give ``locatedIn`` claims (loaders/places.py)."""
from __future__ import annotations

import pytest

from geokg.loaders.articles import extract_text
from tests.conftest import label_of


def located(text: str, lang: str) -> set[tuple[str, str]]:
    ext = extract_text(text, lang)
    return {(label_of(c.subject, ext), label_of(c.obj, ext)) for c in ext.claims if c.relation == "locatedIn"}


@pytest.mark.parametrize("lang, text, place, state", [
    ("en", "Aid workers reached the Sri Lankan port of Galle on Monday.", "Galle", "Sri Lanka"),
    ("en", "The minister flew on to the Afghan capital Kabul.", "Kabul", "Afghanistan"),
    ("en", "Talks were held in Geneva, Switzerland, last week.", "Geneva", "Switzerland"),
    ("en", "Fighting flared near Mosul in northern Iraq.", "Mosul", "Iraq"),
    ("en", "The envoy will visit Darfur in Sudan next month.", "Darfur", "Sudan"),
    ("de", "Die Armee rückte in die ostukrainische Stadt Awdijiwka vor.", "Awdijiwka", "Ukraine"),
    ("de", "Im südlibanesischen Dorf Kfar Kila schlugen Raketen ein.", "Kfar Kila", "Lebanon"),
    ("de", "Die Delegation reiste weiter in die kenianische Hauptstadt Nairobi.", "Nairobi", "Kenya"),
])
def test_places_in_passing_are_located_in_their_state(lang, text, place, state):
    assert (place, state) in located(text, lang)


@pytest.mark.parametrize("lang, text", [
    ("en", "The talks resumed on Monday in Iraq."),          # a weekday is no place
    ("en", "Mr Blair in Iraq said the troops would stay."),   # a person is no place
    ("de", "Die Kinder kamen nach Hause in Deutschland."),    # German nouns are capitalised: known places only
])
def test_places_not_read_into_other_capitalised_words(lang, text):
    assert located(text, lang) == set()
