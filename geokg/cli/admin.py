"""``geokg backup`` and ``geokg restore``: portable N-Quads copies of the embedded store."""
from __future__ import annotations

from pathlib import Path

import click

from geokg.cli.base import cli, store_option, user_errors
from geokg.graph.store import KnowledgeGraph, default_store_location


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@store_option
@user_errors
def backup(file: Path, store: str | None) -> None:
    """Copy the whole store into an N-Quads FILE (written atomically).

    The embedded store's on-disk format may change between versions of
    Oxigraph; the N-Quads backup is the portable copy 'geokg restore' reads.
    """
    with KnowledgeGraph.open(store, create=False) as kg:
        n = kg.backup(file)
    click.echo(f"backed up {n} quads to {file}")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a store that is not empty.")
@store_option
@user_errors
def restore(file: Path, replace: bool, store: str | None) -> None:
    """Rebuild the embedded store from an N-Quads backup FILE.

    The backup is loaded beside the store and then swapped in, so an
    interrupted restore leaves the old store as it was.
    """
    n = KnowledgeGraph.restore(file, store or default_store_location(), replace=replace)
    click.echo(f"restored {n} quads into {store or default_store_location()}")
