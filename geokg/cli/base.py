"""The ``geokg`` command line: a thin layer over the library.

Each command parses its options, calls one library function and turns the
library's :class:`~geokg.errors.GeokgError` into one line on stderr and exit
code 2.
"""
from __future__ import annotations

import functools
import importlib
import logging
import sys
from typing import Callable

import click

from geokg.errors import GeokgError

log = logging.getLogger("geokg")


def store_option(fn: Callable) -> Callable:
    """``--store``: the store every command works on."""
    return click.option(
        "--store", envvar="GEOKG_STORE", default=None, show_envvar=True, metavar="DIR|memory|URL",
        help="Store folder (default ./.geokg), 'memory', or a SPARQL endpoint URL.",
    )(fn)


def user_errors(fn: Callable) -> Callable:
    """Turn the library's errors into one clear line and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except GeokgError as exc:
            click.echo(f"geokg: error: {exc}", err=True)
            sys.exit(2)
        except BrokenPipeError:  # `geokg export -o - | head`
            sys.exit(0)

    return wrapper


class _OneLine(click.ClickException):
    """A click usage error (missing argument, bad choice, no such option) shown as one line."""

    def __init__(self, exc: click.ClickException):
        super().__init__(exc.format_message())
        ctx = getattr(exc, "ctx", None)
        self.hint = f" (see '{ctx.command_path} --help')" if isinstance(exc, click.UsageError) and ctx else ""
        self.exit_code = 2

    def show(self, file=None) -> None:
        text = " ".join(self.message.split())
        click.echo(f"geokg: error: {text}{self.hint}", err=True)


class Group(click.Group):
    """The ``geokg`` group: click's own usage errors come out as ``geokg: error: ...`` and exit 2, like the library's."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            if isinstance(exc, _OneLine):
                raise
            raise _OneLine(exc) from None

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            if isinstance(exc, _OneLine):
                raise
            raise _OneLine(exc) from None


class LazyGroup(Group):
    """The top-level group: a command's module is imported only when that command runs.

    ``geokg --help`` lists the commands from :data:`geokg.cli.index.COMMANDS`
    (written by ``tools/build_cli_index.py``) without importing rdflib, spaCy or
    networkx, so it answers in a fraction of a second.
    """

    def _index(self) -> dict[str, tuple[str, str]]:
        from geokg.cli.index import COMMANDS

        return COMMANDS

    def list_commands(self, ctx: click.Context | None) -> list[str]:
        return sorted(set(self.commands) | set(self._index()))

    def get_command(self, ctx: click.Context | None, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self._index():
            importlib.import_module(self._index()[cmd_name][0])
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from click.utils import make_default_short_help

        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(n) for n in names)
        rows = []
        for name in names:
            cmd = self.commands.get(name)
            if cmd is not None and cmd.hidden:
                continue
            text = cmd.get_short_help_str(limit) if cmd is not None else \
                make_default_short_help(self._index()[name][1], limit)
            rows.append((name, text))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def load_all() -> None:
    """Import every command module (tests and ``tools/build_cli_index.py`` need the real commands)."""
    from geokg.cli.index import MODULES

    for module in MODULES:
        importlib.import_module(module)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="geokg")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """geokg: a geopolitical knowledge graph from news articles.

    Read German and English articles (and GDELT events, claim tables,
    RDF) into claims with their evidence (ingest); see who is central,
    aligned and brokering (analyze, align, explain); draw the map (map,
    plot); query with SPARQL (query, serve); hand snapshots on (export,
    diff); score the claims against gold ones (evaluate). 'geokg build
    SOURCES -o OUT/' does the whole job. The store is
    a folder (./.geokg unless --store or GEOKG_STORE says otherwise), or
    a SPARQL endpoint URL.

    \b
    Example:
      geokg build seeds/ -o out/
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")

