"""Month names for dates come from the user cache, the same as babel's CLDR data."""
from __future__ import annotations

import pytest

from geokg import cache
from geokg.loaders import dates


@pytest.mark.parametrize("lang", ["de", "en"])
def test_cached_months_equal_cldr(tmp_path, monkeypatch, lang):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    dates._months.cache_clear()
    try:
        first = dates._months(lang)
        dates._months.cache_clear()
        again = dates._months(lang)
        [entry] = list(tmp_path.glob(f"months-{lang}-*.json"))
        assert cache.EVENTS[entry.name] == "hit"
        assert first == again == dates._cldr_months(lang)
        assert again["februar" if lang == "de" else "february"] == 2
    finally:
        dates._months.cache_clear()
