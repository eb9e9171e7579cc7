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



def __getattr__(name: str):
    """``__version__`` is looked up on first use (importlib.metadata costs 40-80 ms at start-up)."""
    if name == "__version__":
        try:
            from importlib.metadata import version as _version

            value = _version("geokg")
        except Exception:  # pragma: no cover - running from a source tree that is not installed
            value = "0+unknown"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'geokg' has no attribute {name!r}")
