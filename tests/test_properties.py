"""Property-based tests: arbitrary input never raises anything but geokg's own error type."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geokg.errors import GeokgError
from geokg.loaders.articles import extract_text
from geokg.loaders.curated import read_curated
from geokg.loaders.documents import read_path
from geokg.loaders.rdf import read_rdf

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NEWSY = st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ .,;:!?\"'()-–„“\n0123456789")),
                max_size=400)
WORDS = st.lists(st.sampled_from([
    "Russland", "die", "Ukraine", "greift", "an", "nicht", "sagt", "Putin", "er", "sie", "und", "mit", "trifft",
    "Kasachstan", "zwischen", "den", "Konfliktparteien", "vermitteln", "Gipfel", "in", "Astana", ",", ".", "\"",
    "Russia", "attacked", "Turkey", "said", "he", "they", "the", "summit", "of", "'s", "by", "was", "not",
    "Tausende", "russische", "Deserteure", "laut", "Experten", "der", "Präsident", "Hauptstadt", "Kasachstans",
]), max_size=60).map(" ".join)


@SETTINGS
@given(text=st.one_of(NEWSY, WORDS), lang=st.sampled_from(["de", "en"]))
def test_property_extractor_never_crashes(text, lang):
    ext = extract_text(text, lang, published="2022-10-12")
    for c in ext.claims:
        assert text[c.char_start:c.char_end] == c.evidence


def _file(suffix: str, data: bytes) -> Path:
    folder = Path(tempfile.mkdtemp())
    p = folder / f"input{suffix}"
    p.write_bytes(data)
    return p


@SETTINGS
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".yaml", ".tsv"]))
def test_property_curated_tables_fail_only_with_geokg_errors(data, suffix):
    try:
        read_curated(_file(suffix, data))
    except GeokgError:
        pass


@SETTINGS
@given(text=st.text(max_size=300), suffix=st.sampled_from([".csv", ".yaml"]))
def test_property_curated_text_fails_only_with_geokg_errors(text, suffix):
    try:
        read_curated(_file(suffix, text.encode("utf-8")))
    except GeokgError:
        pass


@SETTINGS
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".ttl", ".nt", ".nq", ".trig", ".jsonld"]))
def test_property_rdf_files_fail_only_with_geokg_errors(data, suffix):
    try:
        read_rdf(_file(suffix, data))
    except GeokgError:
        pass


@SETTINGS
@given(data=st.binary(max_size=400), suffix=st.sampled_from([".txt", ".md", ".html", ".jsonl", ".rss", ".atom"]))
def test_property_article_files_fail_only_with_geokg_errors(data, suffix):
    try:
        list(read_path(_file(suffix, data)))
    except GeokgError:
        pass
