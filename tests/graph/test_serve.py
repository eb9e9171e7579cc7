"""`geokg serve` as a user runs it: a real server on loopback, SPARQLWrapper, curl, signals, a real browser.

Every server is started in a session of its own and stopped in the fixture's
finalizer (SIGTERM, then SIGKILL for the whole process tree), so no test
leaves a process listening.
"""
from __future__ import annotations

import html
import http.server
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from geokg.cli import cli
from tests.conftest import free_port, wait_for
from tests.graph.test_maps import CHROMIUM, needs_browser

ROOT = Path(__file__).resolve().parents[2]
GKG = "PREFIX gkg: <https://w3id.org/geokg/ontology#> "
DEEP = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def seed_store_master(seed_template) -> Path:
    """The seed article ingested once per session (copied by each test that uses it)."""
    return seed_template


@pytest.fixture
def seed_store(seed_store_master, tmp_path) -> Path:
    dest = tmp_path / "store"
    shutil.copytree(seed_store_master, dest)
    return dest


class Server:
    """One `geokg serve` process and what it printed."""

    def __init__(self, store: Path, *args: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        self.log = open(store.parent / f"serve-{self.port}.log", "w+")
        self.proc = subprocess.Popen([sys.executable, "-m", "geokg.cli", "serve", "--port", str(self.port),
                                      "--store", str(store), *args], cwd=ROOT, stdout=self.log, stderr=self.log,
                                     start_new_session=True)
        wait_for(self.url)

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.proc.pid).children(recursive=True)

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def kill(self) -> None:
        """SIGTERM, then SIGKILL for everything still alive (the fixture's finalizer)."""
        procs = []
        try:
            procs = [psutil.Process(self.proc.pid), *self.descendants()]
        except psutil.NoSuchProcess:
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                pass
        for p in procs:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait(timeout=15)
        self.log.close()


@pytest.fixture
def serve():
    started: list[Server] = []

    def start(store: Path, *args: str) -> Server:
        server = Server(store, *args)
        started.append(server)
        return server

    yield start
    for server in started:
        server.kill()


def sparql(url: str, query: str):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    client.setMethod("POST")
    return client.queryAndConvert()


def count(url: str) -> int:
    return int(sparql(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")["results"]["bindings"][0]["n"]["value"])


def request(url: str, method: str = "GET", headers: dict | None = None, data: bytes | None = None):
    req = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


# ---------------------------------------------------------------------------- stopping
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_signal_stops_it_and_its_oxigraph_process(seed_store, serve, signum):
    server = serve(seed_store)
    rows = sparql(server.url, GKG + "SELECT ?a ?b WHERE { ?a gkg:mediates ?b }")["results"]["bindings"]
    assert {r["b"]["value"].rsplit("/", 1)[1] for r in rows} == {"russia", "ukraine"}
    family = [psutil.Process(server.proc.pid), *server.descendants()]
    assert any("oxigraph" in " ".join(p.cmdline()) for p in family[1:])
    server.proc.send_signal(signum)
    assert server.proc.wait(timeout=30) == 0
    gone, alive = psutil.wait_procs(family, timeout=15)
    assert alive == []
    with pytest.raises(OSError):
        urllib.request.urlopen(server.url + "?query=ASK%7B%7D", timeout=5)


# ---------------------------------------------------------------------------- queries a parser cannot take
def test_serve_refuses_a_deeply_nested_query_and_keeps_serving(seed_store, serve):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    server = serve(seed_store)
    oxigraph = server.descendants()
    with pytest.raises(QueryBadFormed, match="nests brackets 5000 levels deep; the limit is 100"):
        sparql(server.url, DEEP)
    status, _h, body = request(server.url + "?" + urllib.parse.urlencode({"query": DEEP}))
    assert status == 400 and b"nests brackets" in body
    status, _h, body = request(server.url, "POST", {"Content-Type": "application/sparql-query"}, DEEP.encode())
    assert status == 400 and b"nests brackets" in body
    assert count(server.url) > 1000
    assert all(p.is_running() for p in oxigraph)  # the same server answered: it never saw the query


def test_query_cli_refuses_a_deeply_nested_query(seed_store, tmp_path):
    rq = tmp_path / "deep.rq"
    rq.write_text(DEEP)
    res = subprocess.run([sys.executable, "-m", "geokg.cli", "query", "-f", str(rq), "--store", str(seed_store)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert res.stderr.strip() == "geokg: error: query refused: it nests brackets 5000 levels deep; the limit is 100"


def test_serve_stops_a_runaway_query_at_the_time_limit(seed_store, serve):
    server = serve(seed_store, "--timeout", "2")
    first = server.descendants()
    status, _h, body = request(server.url, "POST", {"Content-Type": "application/sparql-query",
                                                 "Accept": "text/csv"}, RUNAWAY.encode())
    assert status == 503 and b"time limit of 2 s" in body
    psutil.wait_procs(first, timeout=30)
    assert not any(p.is_running() for p in first)  # the engine that ran it is stopped, not left computing
    assert count(server.url) > 1000
    assert "a query ran longer than 2 s" in server.output()


def test_serve_rejects_a_negative_timeout(seed_store):
    res = CliRunner().invoke(cli, ["serve", "--timeout", "-1", "--store", str(seed_store)])
    assert res.exit_code == 2 and "--timeout" in res.output


# ---------------------------------------------------------------------------- a store written under it
def test_serve_read_only_serves_what_another_process_wrote(seed_store, serve):
    import pyoxigraph as ox

    server = serve(seed_store)
    before = count(server.url)
    writer = ox.Store(str(seed_store))
    writer.update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    writer.flush()
    del writer
    assert count(server.url) == before + 1
    assert "the store changed on disk" in server.output()


# ---------------------------------------------------------------------------- CORS
def test_serve_cors_is_off_by_default(seed_store, serve):
    server = serve(seed_store)
    status, headers, _b = request(server.url + "?query=ASK%7B%7D", headers={"Origin": "http://127.0.0.1:1"})
    assert status == 200 and "Access-Control-Allow-Origin" not in headers


def test_serve_cors_answers_the_origin_and_preflight(seed_store, serve):
    origin = "http://127.0.0.1:8123"
    server = serve(seed_store, "--cors", origin)
    status, headers, _b = request(server.url + "?query=ASK%7B%7D", headers={"Origin": origin})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == origin
    status, headers, _b = request(server.url, "OPTIONS", {"Origin": origin, "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == origin
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()


PAGE = """<!doctype html><html><body><pre id="out">waiting</pre><script>
fetch(%(endpoint)s, {method: "POST", headers: {"Content-Type": "application/sparql-query",
      "Accept": "application/sparql-results+json"}, body: %(query)s})
  .then(r => r.json())
  .then(j => { document.getElementById("out").textContent = "mediated: " +
               j.results.bindings.map(b => b.b.value.split("/").pop()).sort().join(","); })
  .catch(e => { document.getElementById("out").textContent = "failed: " + e; });
</script></body></html>"""


def _page_server(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    handler = partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def _dump_dom(url: str, profile: Path) -> str:
    res = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--disable-background-networking", "--disable-component-update", "--disable-sync",
                          f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom", url],
                         capture_output=True, text=True, timeout=120)
    return res.stdout


@needs_browser
def test_serve_cors_lets_a_page_of_another_origin_query_it_in_chromium(seed_store, serve, tmp_path):
    import json

    site = tmp_path / "site"
    site.mkdir()
    httpd = _page_server(site)
    try:
        origin = f"http://127.0.0.1:{httpd.server_address[1]}"
        allowed = serve(seed_store, "--cors", origin)
        query = GKG + "SELECT ?a ?b WHERE { ?a gkg:mediates ?b }"
        (site / "page.html").write_text(PAGE % {"endpoint": json.dumps(allowed.url), "query": json.dumps(query)})
        dom = _dump_dom(f"{origin}/page.html", tmp_path / "profile")
        assert "mediated: russia,ukraine" in html.unescape(dom)
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------------------------------------------------------------------------- the documented example
def test_serve_help_curl_example_works_as_written(seed_store, serve):
    helptext = CliRunner().invoke(cli, ["serve", "--help"]).output
    m = re.search(r"(curl .*?/query)\s*$", helptext, re.S | re.M)
    assert m, helptext
    command = m.group(1)
    server = serve(seed_store)
    command = command.replace("127.0.0.1:7878", f"127.0.0.1:{server.port}")
    res = subprocess.run(["bash", "-c", command + " --fail --silent --show-error"], capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.strip().splitlines()
    assert lines[0].strip() == "a,b" and len(lines) == 3
