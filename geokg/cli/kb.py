"""``geokg kb``: the actor knowledge base (``ontology/kb/``) — ``update`` from Wikidata, ``stats``.

Registered on :data:`geokg.cli.cli` when :mod:`geokg.cli` imports this module.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from geokg.cli.base import cli, user_errors
from geokg.loaders import wikidata
from geokg.ontology import data_file


def default_kb_dir() -> Path:
    """The knowledge base folder of the installed ``ontology`` package."""
    return Path(str(data_file("kb")))


def kb_dir_option(fn):
    """``--kb-dir``: the knowledge base folder to work on (default: the installed one)."""
    return click.option(
        "--kb-dir", envvar="GEOKG_KB_DIR", show_envvar=True, default=None, metavar="DIR",
        type=click.Path(path_type=Path, file_okay=False, exists=True),
        help="Knowledge base folder (default: ontology/kb of the installed package).",
    )(fn)


def _since(ctx, param, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@cli.group()
def kb() -> None:
    """The actor knowledge base: states, organisations, persons and their offices."""


@kb.command()
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option("--since", default="2014-01-01", show_default=True, metavar="DATE", callback=_since,
              help="Only office terms running on or after this date.")
@click.option("--all-states", is_flag=True,
              help="Office holders of every state (default: the states persons.yaml already covers).")
@kb_dir_option
@user_errors
def update(dry_run: bool, since: date, all_states: bool, kb_dir: Path | None) -> None:
    """Refresh the knowledge base files from Wikidata's SPARQL endpoint and report what changed.

    Fills missing state QIDs, updates organisation members (P463) and heads of state (P35),
    heads of government (P6) and foreign ministers (P39) with their terms. Offline, it says
    so and changes nothing (exit 1).
    """
    folder = kb_dir or default_kb_dir()
    try:
        changes = wikidata.update_kb(folder, since=since, dry_run=dry_run, all_states=all_states)
    except wikidata.WikidataUnavailable as exc:
        click.echo(f"geokg: {exc}; the knowledge base is unchanged", err=True)
        sys.exit(1)
    for line in changes.summary():
        click.echo(line)
    for line in changes.lines:
        click.echo(f"  {line}")
    for line in changes.notes:
        click.echo(f"  note: {line}")
    if not changes.files:
        click.echo("the knowledge base is up to date; nothing written")
    elif dry_run:
        click.echo(f"dry run: would rewrite {', '.join(changes.files)} in {folder}")
    else:
        click.echo(f"rewrote {', '.join(changes.files)} in {folder}")


@kb.command()
@kb_dir_option
@user_errors
def stats(kb_dir: Path | None) -> None:
    """Counts of states, organisations, persons, offices and Wikidata QIDs."""
    for name, count in wikidata.kb_stats(kb_dir or default_kb_dir()).items():
        click.echo(f"{name}: {count}")
