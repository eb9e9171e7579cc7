"""The examples in the library's docstrings run, each module imported under its geokg.* name.

pytest's ``--doctest-modules`` would import ``graph/store.py`` as ``graph.store`` (from the
source folder), a second copy of ``geokg.graph.store`` with its own registries; running the
doctests from the installed package avoids that.
"""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest


PACKAGES = ("geokg", "geokg.cli", "geokg.graph", "geokg.loaders", "geokg.ontology")


def _modules() -> list[str]:
    """Every module of the installed package (the subpackages come from folders of their own: walk each)."""
    names = set()
    for package in PACKAGES:
        names.add(package)
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(module.__path__, package + "."):
            if not info.name.endswith("__main__"):
                names.add(info.name)
    return sorted(names)


MODULES = _modules()


def test_doctests_find_every_layer():
    for package in ("geokg.graph.store", "geokg.loaders.ingest", "geokg.ontology.vocab", "geokg.cli.base"):
        assert package in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, verbose=False, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
