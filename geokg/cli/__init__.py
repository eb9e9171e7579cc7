"""The ``geokg`` command line: one click group, each command a thin call into the library.

The group and the shared options live in :mod:`geokg.cli.base`; each command
module (:data:`geokg.cli.index.MODULES`) adds its commands to the group when
imported, which happens when one of its commands runs (:class:`~geokg.cli.base.LazyGroup`).
"""
import sys

from geokg.cli.base import cli, load_all, store_option, user_errors

__all__ = ["cli", "load_all", "main", "store_option", "user_errors"]


#: Commands that extract articles: the parser process starts before their imports (issue #18).
_PARSING = frozenset({"ingest", "build"})


def main() -> None:  # pragma: no cover - console entry point
    args = sys.argv[1:]
    if args and args[0] in _PARSING and not {"-h", "--help"} & set(args):
        # spaCy and the parser model load on the other core while the command imports rdflib, the store
        # and the extractor (geokg.loaders.parse.parser_process takes the process over, or ends it)
        from geokg.loaders.parse import start_process

        start_process()
    cli(prog_name="geokg")
