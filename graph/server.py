"""``geokg serve``: the store as a SPARQL 1.1 Protocol endpoint, Oxigraph's server behind a small guard.

The ``oxigraph`` package (PyPI) ships the server binary; it serves the same
on-disk store geokg writes, with the union of all graphs as default graph so
that queries behave as in ``geokg query``. It listens on a private loopback
port; what users reach is a small proxy in this process that

- refuses queries and updates nested too deep or too long
  (:mod:`geokg.graph.sparql_guard`) with HTTP 400 and a clear message, before
  they reach the engine (a query of 5,000 nested braces aborted
  ``oxigraph serve`` with a stack overflow);
- answers cross-origin requests (``Access-Control-Allow-Origin``, preflight
  ``OPTIONS``) only for the origin given with ``cors``;
- on a read-only server, notices when another process changed the store on
  disk (Oxigraph's read-only view would go on answering from the old state)
  and reopens it, so queries see the new state.

Oxigraph's own ``--timeout-s`` stops a query that runs longer than
``timeout`` seconds. SIGTERM and SIGINT stop the proxy, then the server
(SIGTERM, then SIGKILL after a grace period), and wait for it: nothing is
left listening.
"""
from __future__ import annotations

import http.client
import http.server
import ipaddress
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import click

from geokg.errors import GeokgError, StoreError
from geokg.graph.sparql_guard import check_sparql
from geokg.graph.store import default_store_location

__all__ = ["serve_store", "oxigraph_binary", "server_command", "DEFAULT_TIMEOUT", "SparqlProxy"]

log = logging.getLogger(__name__)

#: Seconds a query may run before Oxigraph stops it (``geokg serve --timeout``).
DEFAULT_TIMEOUT = 30.0
#: Largest request body the proxy reads (bytes): a large ``/store`` upload on a writable server.
MAX_BODY = 1 << 30
_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
                         "trailers", "transfer-encoding", "upgrade", "host", "content-length"})


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


def server_command(location: str, host: str, port: int, writable: bool,
                   timeout: float | None = DEFAULT_TIMEOUT) -> list[str]:
    """The ``oxigraph`` command line that serves ``location`` (an embedded store folder)."""
    cmd = [oxigraph_binary(), "serve" if writable else "serve-read-only", "--location", location,
           "--bind", f"{host}:{port}", "--union-default-graph"]
    if timeout:
        cmd += ["--timeout-s", str(max(1, round(timeout)))]
    return cmd


def _free_loopback_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _store_signature(location: str) -> tuple:
    """Names, sizes and times of the store's database files: it changes when anyone writes the store."""
    out = []
    try:
        with os.scandir(location) as entries:
            for e in entries:
                if e.name.startswith("LOG") or e.name == "LOCK":
                    continue
                try:
                    st = e.stat()
                except FileNotFoundError:
                    continue
                out.append((e.name, st.st_size, st.st_mtime_ns))
    except FileNotFoundError:
        return ()
    return tuple(sorted(out))


class _Backend:
    """The ``oxigraph`` child process on a private loopback port; (re)started from the main thread only."""

    def __init__(self, location: str, writable: bool, timeout: float | None):
        self.location, self.writable, self.timeout = location, writable, timeout
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.signature: tuple = ()
        self.ready = threading.Event()
        self.errors = tempfile.TemporaryFile()  # the server's own messages, for the error when it fails

    def last_error(self) -> str:
        """The last line the server wrote to stderr."""
        self.errors.seek(0)
        lines = self.errors.read()[-4000:].decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def start(self) -> None:
        self.port = _free_loopback_port()
        self.signature = _store_signature(self.location)
        # a session of its own: a Ctrl-C in the terminal reaches geokg, which stops the server itself
        self.errors.seek(0)
        self.errors.truncate()
        cmd = server_command(self.location, "127.0.0.1", self.port, self.writable, self.timeout)
        if shutil.which("setpriv"):  # should geokg itself be killed (SIGKILL), the kernel stops the server too
            cmd = ["setpriv", "--pdeathsig", "TERM", *cmd]
        self.proc = subprocess.Popen(cmd,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.errors,
                                     start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise StoreError(f"the oxigraph server stopped with exit code {self.proc.returncode}: "
                                 f"{self.last_error() or 'is the store open in another process?'}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    self.ready.set()
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise StoreError("the oxigraph server did not start within 60 s")

    def stop(self) -> None:
        self.ready.clear()
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def changed(self) -> bool:
        """Whether a read-only server's store was written since the server opened it."""
        return not self.writable and _store_signature(self.location) != self.signature


class SparqlProxy(http.server.ThreadingHTTPServer):
    """The public endpoint: checks each SPARQL request, adds CORS headers, forwards to the backend."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], backend: _Backend, cors: str | None, timeout: float | None,
                 request_restart):
        self.backend, self.cors, self.query_timeout = backend, cors, timeout
        self.request_restart = request_restart
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.address_family = family
        super().__init__(address, _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: SparqlProxy
    server_version = "geokg-serve"

    def setup(self) -> None:
        super().setup()
        # headers and body go out in separate writes: without this, Nagle's algorithm and delayed
        # ACKs hold each response back some 40 ms
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        log.debug("%s %s", self.address_string(), format % args)

    # --------------------------------------------------------------- verbs
    def do_GET(self) -> None:  # noqa: N802 - http.server's names
        self._forward(b"")

    def do_HEAD(self) -> None:  # noqa: N802
        self._forward(b"")

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        if body is not None:
            self._forward(body)

    do_PUT = do_POST
    do_DELETE = do_GET

    def do_OPTIONS(self) -> None:  # noqa: N802
        if not self.server.cors:
            self._forward(b"")
            return
        self.send_response(204)
        self._cors_headers()
        methods = "GET, HEAD, POST, OPTIONS" + (", PUT, DELETE" if self.server.backend.writable else "")
        self.send_header("Access-Control-Allow-Methods", methods)
        self.send_header("Access-Control-Allow-Headers",
                         self.headers.get("Access-Control-Request-Headers") or "Content-Type, Accept")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # --------------------------------------------------------------- helpers
    def _cors_headers(self) -> None:
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            if self.server.cors != "*":
                self.send_header("Vary", "Origin")

    def _fail(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self._cors_headers()
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self._fail(411, "geokg serve: send the request body with a Content-Length")
            return None
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._fail(400, "geokg serve: bad Content-Length")
            return None
        if length > MAX_BODY:
            self._fail(413, f"geokg serve: the request body is larger than {MAX_BODY:,} bytes")
            return None
        return self.rfile.read(length) if length else b""

    def _sparql_texts(self, body: bytes) -> list[tuple[str, bool]]:
        """Every SPARQL text of the request, with whether it is an update."""
        texts: list[tuple[str, bool]] = []
        params = parse_qs(urlsplit(self.path).query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded" and body:
            for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            texts.append((body.decode("utf-8", "replace"), False))
        elif ctype == "application/sparql-update":
            texts.append((body.decode("utf-8", "replace"), True))
        texts += [(q, False) for q in params.get("query", [])]
        texts += [(u, True) for u in params.get("update", [])]
        return texts

    def _forward(self, body: bytes) -> None:
        texts = self._sparql_texts(body)
        try:
            for text, update in texts:
                check_sparql(text, update=update)
        except GeokgError as exc:
            self._fail(400, f"geokg serve: {exc}")
            return
        backend = self.server.backend
        if backend.changed():
            backend.ready.clear()
            self.server.request_restart("the store changed on disk while serving read-only; reopened it to "
                                        "serve the new state")
        if not backend.ready.wait(60):
            self._fail(503, "geokg serve: the SPARQL server is not available")
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        if self.command in ("POST", "PUT"):
            headers["Content-Length"] = str(len(body))
        conn = http.client.HTTPConnection("127.0.0.1", backend.port)
        expired = threading.Event()
        timer = None
        if self.server.query_timeout and any(not update for _text, update in texts):
            def expire() -> None:
                expired.set()
                sock = conn.sock
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

            timer = threading.Timer(self.server.query_timeout, expire)
            timer.daemon = True
            timer.start()
        started = False
        try:
            conn.connect()
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            conn.request(self.command, self.path, body=body or None, headers=headers)
            resp = conn.getresponse()
            self.send_response(resp.status, resp.reason)
            started = True
            for k, v in resp.getheaders():
                if k.lower() not in _HOP_BY_HOP and not k.lower().startswith("access-control-"):
                    self.send_header(k, v)
            self._cors_headers()
            length = resp.getheader("Content-Length")
            chunked = length is None and self.command != "HEAD" and resp.status not in (204, 304)
            if chunked:
                self.send_header("Transfer-Encoding", "chunked")
            elif length is not None:
                self.send_header("Content-Length", length)
            self.end_headers()
            if self.command == "HEAD":
                return
            while True:
                chunk = resp.read1(65536)
                if not chunk:
                    break
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
            if expired.is_set():
                raise ConnectionAbortedError("the time limit was reached")
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except (OSError, http.client.HTTPException) as exc:
            self.close_connection = True
            if expired.is_set():
                # the engine may go on computing a result nobody reads: start it afresh
                backend.ready.clear()
                self.server.request_restart(f"a query ran longer than {self.server.query_timeout:g} s; stopped it "
                                            f"(and the queries running with it)")
                message = (f"geokg serve: the query ran longer than the time limit of "
                           f"{self.server.query_timeout:g} s and was stopped (geokg serve --timeout)")
                status = 503
            else:
                log.info("request ended early: %s", exc)
                message = f"geokg serve: the SPARQL server did not answer ({exc.__class__.__name__})"
                status = 502
            if not started:
                try:
                    self._fail(status, message)
                except OSError:
                    pass
        finally:
            if timer is not None:
                timer.cancel()
            conn.close()


def serve_store(store: str | None, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                timeout: float | None = DEFAULT_TIMEOUT, cors: str | None = None) -> None:
    """Run the endpoint in the foreground until SIGINT or SIGTERM; the server is stopped before it returns.

    ``timeout`` is the longest a query may run (seconds; ``None`` or 0: no limit);
    ``cors`` the origin allowed to query from a browser (``*`` any), ``None`` none.
    """
    location = store or default_store_location()
    if location == "memory" or location.startswith(("http://", "https://")):
        raise StoreError("geokg serve serves an on-disk store folder; this store is already an endpoint or in memory")
    if not (Path(location) / "CURRENT").exists():
        raise StoreError(f"no store at {location}; create one with 'geokg ingest'")
    if timeout is not None and timeout < 0:
        raise StoreError("--timeout takes a number of seconds, 0 for no limit")
    if writable:
        click.echo("geokg: warning: --writable: anyone who reaches the endpoint can change the store", err=True)
    if not _is_loopback(host):
        click.echo(f"geokg: warning: listening on {host}, not loopback: other machines can query the store", err=True)
    if cors == "*":
        click.echo("geokg: warning: --cors '*': web pages of any site can query the store from a browser", err=True)

    backend = _Backend(location, writable, timeout)
    restart = threading.Event()
    reasons: list[str] = []
    stop = threading.Event()

    def request_restart(reason: str) -> None:
        reasons.append(reason)
        restart.set()

    try:
        proxy = SparqlProxy((host, port), backend, cors, timeout, request_restart)
    except OSError as exc:
        raise StoreError(f"cannot listen on {host}:{port}: {exc.strerror or exc} (is the port in use?)") from None

    def on_signal(signum, _frame) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    thread = threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    try:
        backend.start()
        thread.start()
        url = f"http://{host}:{port}"
        msg = f"SPARQL endpoint {url}/query" + (f", updates {url}/update" if writable else " (read-only)")
        msg += f" over {location}" + (f"; queries stop after {timeout:g} s" if timeout else "")
        msg += f"; browsers may query it from {cors}" if cors else ""
        click.echo(msg + "; Ctrl-C stops it", err=True)
        while not stop.is_set():
            stop.wait(0.2)
            if restart.is_set():
                backend.ready.clear()
                restart.clear()
                for reason in dict.fromkeys(reasons[:]):
                    click.echo(f"geokg: warning: {reason}", err=True)
                reasons.clear()
                backend.stop()
                backend.start()
            elif backend.proc is not None and backend.proc.poll() is not None and not stop.is_set():
                raise StoreError(f"the oxigraph server stopped with exit code {backend.proc.returncode}: "
                                 f"{backend.last_error()}")
    finally:
        if thread.is_alive():
            proxy.shutdown()
        proxy.server_close()
        backend.stop()
        for s, handler in previous.items():
            signal.signal(s, handler)
