"""The ``geokg`` command line: one click group, each command a thin call into the library.

The group and the shared options live in :mod:`geokg.cli.base`; each command
module (:data:`geokg.cli.index.MODULES`) adds its commands to the group when
imported, which happens when one of its commands runs (:class:`~geokg.cli.base.LazyGroup`).
"""
from geokg.cli.base import cli, load_all, store_option, user_errors

__all__ = ["cli", "load_all", "main", "store_option", "user_errors"]


def main() -> None:  # pragma: no cover - console entry point
    cli(prog_name="geokg")
