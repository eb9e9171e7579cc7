"""The ``geokg`` command line: one click group, each command a thin call into the library.

The group and the shared options live in :mod:`geokg.cli.base`; each module
below adds its commands to the group when imported.
"""
from geokg.cli.base import cli, store_option, user_errors
from geokg.cli import admin, analysis, commands, eval, kb, maps  # noqa: F401  (register the commands)

__all__ = ["cli", "main", "store_option", "user_errors"]


def main() -> None:  # pragma: no cover - console entry point
    cli(prog_name="geokg")
