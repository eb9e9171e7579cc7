"""geokg: a geopolitical relationship knowledge graph from German and English news.

The package has three layers that import one way only:

- :mod:`geokg.ontology`: the vocabulary, the SHACL shapes and the actor
  knowledge base as data (the bottom layer; it imports nothing of geokg but
  :mod:`geokg.errors`);
- :mod:`geokg.loaders` (sources to claims) and :mod:`geokg.graph` (the store,
  queries, analysis, maps) above it;
- :mod:`geokg.cli`, the ``geokg`` command, on top. The library never imports it.

Importing ``geokg`` is cheap: the subpackages load when first used.

>>> import geokg
>>> geokg.GeokgError.__name__
'GeokgError'
"""
from geokg.errors import GeokgError

__all__ = ["GeokgError", "__version__"]

try:
    from importlib.metadata import version as _version

    __version__ = _version("geokg")
except Exception:  # pragma: no cover - running from a source tree that is not installed
    __version__ = "0+unknown"
