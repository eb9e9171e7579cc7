"""Packaged model files (the dependency parsers of :mod:`geokg.loaders.parse`); data only."""
