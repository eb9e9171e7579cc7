"""A real SPARQL server: geokg against `oxigraph serve`, and `geokg serve` queried with SPARQLWrapper."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli import cli
from tests.conftest import free_port, same_rdf, stop_group, wait_for, without_snapshot

ROOT = Path(__file__).resolve().parents[2]


def geokg(*args: str, store: str):
    res = CliRunner().invoke(cli, list(args), env={"GEOKG_STORE": store}, catch_exceptions=False)
    return res


def triples_of(path: Path) -> set:
    """The triples of an N-Quads export, without the snapshot's own description (it carries the time of export)."""
    return {q.triple for q in without_snapshot(path.read_bytes())}


def test_remote_store_works_as_the_embedded_one(oxigraph_server, seed_dir, seeded_store, tmp_path):
    """One server, one seed ingest: the same graph as the embedded store, named queries and stats, re-ingest, remove."""
    res = geokg("ingest", str(seed_dir), store=oxigraph_server)
    assert res.exit_code == 0, res.output
    # the same graph as the same articles ingested into an embedded store
    local = str(seeded_store)
    remote_nq, local_nq = tmp_path / "remote.nq", tmp_path / "local.nq"
    assert geokg("export", "--format", "nquads", "-o", str(remote_nq), store=oxigraph_server).exit_code == 0
    assert geokg("export", "--format", "nquads", "-o", str(local_nq), store=local).exit_code == 0
    assert same_rdf(triples_of(remote_nq), triples_of(local_nq))
    # named queries and stats
    res = geokg("query", "--name", "mediators", "--format", "json", store=oxigraph_server)
    assert res.exit_code == 0
    assert "Russia / Ukraine" in res.output or "Ukraine / Russia" in res.output
    res = geokg("query", "--name", "actor-claims", "--param", "actor=Kasachstan", store=oxigraph_server)
    assert res.exit_code == 0 and "hosts" in res.output
    first = geokg("stats", "--format", "json", store=oxigraph_server).output
    assert '"documents": 1' in first
    # ingesting again changes nothing; removing the document leaves no claim
    assert geokg("ingest", str(seed_dir), store=oxigraph_server).exit_code == 0
    assert geokg("stats", "--format", "json", store=oxigraph_server).output == first
    assert geokg("remove", "Putin reist", store=oxigraph_server).exit_code == 0
    assert '"claims": 0' in geokg("stats", "--format", "json", store=oxigraph_server).output


def test_remote_store_refuses_credentials_in_the_url(seed_dir):
    res = CliRunner().invoke(cli, ["stats"], env={"GEOKG_STORE": "http://alice:s3cret@127.0.0.1:9/query"})
    assert res.exit_code == 2 and "GEOKG_USER" in res.output and "s3cret" not in res.output


def test_remote_store_errors_never_show_the_password(seed_dir):
    env = {"GEOKG_STORE": f"http://127.0.0.1:{free_port()}/query", "GEOKG_USER": "alice", "GEOKG_PASSWORD": "s3cret"}
    res = CliRunner().invoke(cli, ["stats"], env=env)
    assert res.exit_code == 2 and "s3cret" not in res.output and "Traceback" not in res.output


def test_serve_answers_sparql_read_only(seeded_store):
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    store = seeded_store  # the seed article ingested
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "geokg.cli", "serve", "--port", str(port), "--store", str(store)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ},
                            start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/query")
        client = SPARQLWrapper(f"http://127.0.0.1:{port}/query")
        client.setQuery("PREFIX gkg: <https://w3id.org/geokg/ontology#> "
                        "SELECT ?a ?b WHERE { ?a gkg:mediates ?b }")
        client.setReturnFormat(JSON)
        rows = client.queryAndConvert()["results"]["bindings"]
        assert {r["b"]["value"].rsplit("/", 1)[1] for r in rows} == {"russia", "ukraine"}
        writer = SPARQLWrapper(f"http://127.0.0.1:{port}/update")
        writer.setMethod("POST")
        writer.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        with pytest.raises((SPARQLWrapperException, OSError)):
            writer.query()
    finally:
        stop_group(proc)


def test_serve_stops_its_oxigraph_child_on_sigterm(tmp_path, seeded_store):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "geokg.cli", "serve", "--port", str(port),
                             "--store", str(seeded_store)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/query")
        children = _children(proc.pid)
        assert children, "geokg serve runs oxigraph as its child"
        proc.send_signal(signal.SIGTERM)  # only geokg, not its group: it must pass the signal on
        assert proc.wait(timeout=30) == 0
        for pid in children:
            assert not _alive(pid), f"oxigraph child {pid} outlived geokg serve"
    finally:
        stop_group(proc)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    for _ in range(100):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except FileNotFoundError:
            return False
        if state == "Z":  # a zombie has exited; its parent is gone, init reaps it
            return False
        time.sleep(0.1)
    return True


def test_serve_warns_when_not_on_loopback(tmp_path, seed_dir):
    from geokg.graph.server import _is_loopback

    assert _is_loopback("127.0.0.1") and _is_loopback("::1") and _is_loopback("localhost")
    assert not _is_loopback("0.0.0.0") and not _is_loopback("192.0.2.1")


def test_serve_without_a_store_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "none")])
    assert res.exit_code == 2 and "no store at" in res.output


def test_serve_warns_on_writable_and_public_host(seeded_store):
    store = seeded_store  # the seed article ingested
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: geokg cannot listen on it and stops at once,
    # after the warnings; no traffic is sent anywhere
    res = subprocess.run([sys.executable, "-m", "geokg.cli", "serve", "--writable", "--host", "192.0.2.1",
                          "--port", str(free_port()), "--store", str(store)], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert "warning: --writable" in res.stderr
    assert "warning: listening on 192.0.2.1, not loopback" in res.stderr
    assert res.returncode == 2 and "cannot listen on 192.0.2.1" in res.stderr
