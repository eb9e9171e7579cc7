"""Relation patterns over a dependency parse (issue #15): the matcher and its data files.

``en.yaml`` and ``de.yaml`` in this folder hold the patterns (format: ``docs/patterns.md``);
:mod:`geokg.loaders.patterns.matcher` reads them and matches them against parsed sentences.
"""
from geokg.loaders.patterns.matcher import LANGS, Match, Pattern, PatternSet, load_patterns, match

__all__ = ["LANGS", "Match", "Pattern", "PatternSet", "load_patterns", "match"]
