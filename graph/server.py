"""``geokg serve``: the store as a SPARQL 1.1 Protocol endpoint, through Oxigraph's own server.

The ``oxigraph`` package (PyPI) ships the server binary; it serves the same
on-disk store geokg writes, with the union of all graphs as default graph so
that queries behave as in ``geokg query``.
"""
from __future__ import annotations

import ipaddress
import logging
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import click

from geokg.errors import StoreError
from geokg.graph.store import default_store_location

__all__ = ["serve_store", "oxigraph_binary", "server_command"]

log = logging.getLogger(__name__)


def oxigraph_binary() -> str:
    """Path of the ``oxigraph`` server binary (next to this Python, else on PATH)."""
    local = Path(sys.executable).parent / "oxigraph"
    if local.exists():
        return str(local)
    found = shutil.which("oxigraph")
    if not found:
        raise StoreError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def server_command(location: str, host: str, port: int, writable: bool) -> list[str]:
    """The command line that serves ``location`` (an embedded store folder)."""
    return [oxigraph_binary(), "serve" if writable else "serve-read-only", "--location", location,
            "--bind", f"{host}:{port}", "--union-default-graph"]


def serve_store(store: str | None, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> None:
    """Run the endpoint in the foreground until interrupted."""
    location = store or default_store_location()
    if location == "memory" or location.startswith(("http://", "https://")):
        raise StoreError("geokg serve serves an on-disk store folder; this store is already an endpoint or in memory")
    if not (Path(location) / "CURRENT").exists():
        raise StoreError(f"no store at {location}; create one with 'geokg ingest'")
    if writable:
        click.echo("geokg: warning: --writable: anyone who reaches the endpoint can change the store", err=True)
    if not _is_loopback(host):
        click.echo(f"geokg: warning: listening on {host}, not loopback: other machines can query the store", err=True)
    url = f"http://{host}:{port}"
    click.echo(f"SPARQL endpoint {url}/query" + (f", updates {url}/update" if writable else " (read-only)")
               + f" over {location}; Ctrl-C stops it", err=True)
    proc = subprocess.Popen(server_command(location, host, port, writable))
    stopped: list[int] = []

    def forward(signum, _frame) -> None:  # SIGTERM/SIGINT to geokg stops the server too, never orphans it
        stopped.append(signum)
        proc.send_signal(signum)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            previous[sig] = signal.signal(sig, forward)
        except ValueError:  # not the main thread: nothing to forward from
            pass
    try:
        code = proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        code = proc.wait()
        return
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stopped:
        return
    if code != 0:
        raise StoreError(f"the oxigraph server stopped with exit code {code} (is port {port} in use, "
                         f"or the store open in another process?)")
