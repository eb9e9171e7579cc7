"""Reliability and security: bad input, crashes, concurrent writers, hostile text, injection, no network."""
from __future__ import annotations

import json
import os
import signal
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli import cli
from geokg.errors import UnknownActor
from geokg.graph.store import KnowledgeGraph

ROOT = Path(__file__).resolve().parent.parent
GOOD = "Die Türkei unterstützt die Ukraine. Russland greift die Ukraine an."


def geokg(store: Path, *args: str):
    return CliRunner().invoke(cli, list(args), env={"GEOKG_STORE": str(store)})


def fingerprint(store: Path) -> str:
    """Documents and claims of a store (what a bad input must leave unchanged)."""
    res = geokg(store, "query", "--format", "json",
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")
    assert res.exit_code == 0, res.output
    return res.output


@pytest.fixture
def store(tmp_path) -> Path:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    s = tmp_path / "store"
    assert geokg(s, "ingest", str(good)).exit_code == 0
    return s


def bad_inputs(tmp: Path) -> list[tuple[str, list[str], str]]:
    """(name, geokg arguments, expected message) for inputs that must fail with exit 2."""
    f = {}

    def w(name: str, data: bytes | str) -> str:
        p = tmp / name
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        f[name] = str(p)
        return str(p)

    return [
        ("binary", ["ingest", w("binary.txt", b"\x00\x01\x02\xff" * 100)], "binary file"),
        ("undecodable", ["ingest", w("broken.txt", b"Die T\x81rkei \x8d\x8f\x90\x9d")], "neither UTF-8 nor Latin-1"),
        ("huge", ["ingest", w("huge.txt", b"Russland greift an. " * (50 * 1024 * 1024 // 20))], "refused"),
        ("bad turtle", ["ingest", w("bad.ttl", "<a> <b> .")], "invalid Turtle"),
        ("bad json-ld", ["ingest", w("bad.jsonld", "{ not json")], "invalid JSON-LD"),
        ("bad csv", ["ingest", w("bad.csv", "who,what\nx,y\n")], "missing column"),
        ("bad yaml", ["ingest", w("bad.yaml", "claims: [subject: {\n")], "invalid YAML"),
        ("unknown relation", ["ingest", w("rel.csv", "subject,relation,object\nRussia,invades,Ukraine\n")],
         "unknown relation 'invades'"),
        ("unknown actor", ["ingest", w("act.csv", "subject,relation,object\nAtlantis,attacks,Ukraine\n")],
         "unknown actor 'Atlantis'"),
        ("future date", ["ingest", w("fut.csv", "subject,relation,object,date\nRussia,attacks,Ukraine,2999-01-01\n")],
         "in the future"),
        ("nonsense date", ["ingest", w("non.csv", "subject,relation,object,date\nRussia,attacks,Ukraine,soon\n")],
         "is not YYYY"),
        ("bad jsonl", ["ingest", w("bad.jsonl", '{"text": "ok"}\n{oops\n')], "not valid JSON"),
        ("gdelt garbage", ["ingest", "--format", "gdelt", w("garbage.export.CSV", "a\tb\tc\n")], "not a GDELT"),
        ("invalid sparql", ["query", "SELECT ?x WHERE {"], "invalid SPARQL"),
        ("missing file", ["ingest", str(tmp / "nope.txt")], "no such file"),
        ("unknown type", ["ingest", w("x.docx", b"PK")], "unknown file type"),
    ]


def test_reliability_bad_inputs_fail_clearly_and_change_nothing(store, tmp_path):
    before = fingerprint(store)
    for name, args, message in bad_inputs(tmp_path):
        res = geokg(store, *args)
        assert res.exit_code == 2, (name, res.output)
        lines = [ln for ln in res.output.splitlines() if ln.strip()]
        assert len(lines) == 1 and message in lines[0], (name, res.output)
        assert "Traceback" not in res.output
        assert fingerprint(store) == before, name


@pytest.mark.parametrize("name, data, reason", [
    ("empty.txt", b"", "empty"),
    ("french.txt", "Le président russe Vladimir Poutine s'est rendu au Kazakhstan pour rencontrer son homologue "
                   "lors du sommet de la CICA à Astana.".encode(), "language fr is not supported"),
])
def test_reliability_skips_with_a_warning_and_changes_nothing(store, tmp_path, name, data, reason, caplog):
    before = fingerprint(store)
    p = tmp_path / name
    p.write_bytes(data)
    res = geokg(store, "ingest", str(p))
    assert res.exit_code == 0 and "skipped 1" in res.output
    assert reason in caplog.text
    assert fingerprint(store) == before


def test_reliability_latin1_german_is_read_correctly(tmp_path):
    p = tmp_path / "alt.txt"
    p.write_bytes("Die Türkei unterstützt die Ukraine.".encode("latin-1"))
    s = tmp_path / "s"
    assert geokg(s, "ingest", str(p)).exit_code == 0
    out = geokg(s, "query", "--format", "json", "SELECT ?e WHERE { ?c gkg:evidence ?e }").output
    assert "Die Türkei unterstützt die Ukraine." in json.loads(out)["results"]["bindings"][0]["e"]["value"]


def test_reliability_html_scripts_never_reach_the_text(tmp_path):
    p = tmp_path / "page.html"
    body = " ".join([GOOD] * 5)
    p.write_text(f"<html><head><script>var x = 'Russland greift Deutschland an';</script></head><body>"
                 f"<article><p>{body}</p><script>alert('Frankreich greift Spanien an')</script></article></body></html>")
    s = tmp_path / "s"
    assert geokg(s, "ingest", str(p)).exit_code == 0
    out = geokg(s, "query", "--format", "json", "SELECT DISTINCT ?o WHERE { ?c rdf:object ?o }").output
    assert "spain" not in out and "germany" not in out and "ukraine" in out


def test_reliability_kill_9_during_ingest_keeps_every_reported_document(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(80):
        (corpus / f"a{i:03d}.txt").write_text(f"Artikel {i}. " + GOOD * 20, encoding="utf-8")
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "geokg.cli", "-v", "ingest", str(corpus), "--store", str(store)],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    written = []
    deadline = time.time() + 120
    while len(written) < 10 and time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        if "wrote graph" in line and "/doc/" in line:
            written.append(line.split("wrote graph ", 1)[1].split(" ", 1)[0])
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert len(written) >= 10
    with KnowledgeGraph.open(store) as kg:
        docs = {d["doc"] for d in kg.documents()}
        assert set(written) <= docs
        conforms, report = kg.validate()
        assert conforms, report


def test_reliability_second_writer_can_wait_for_the_lock(tmp_path):
    store = tmp_path / "store"
    KnowledgeGraph.open(store).close()
    holder = subprocess.Popen([sys.executable, "-c",
                               "import time; from geokg.graph.store import KnowledgeGraph; "
                               f"kg = KnowledgeGraph.open({str(store)!r}); print('open', flush=True); "
                               "time.sleep(2); kg.close()"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    t0 = time.time()
    with KnowledgeGraph.open(store, wait=30) as kg:
        assert kg.kind == "oxigraph"
    assert time.time() - t0 >= 0.5
    holder.wait()


def test_reliability_report_escapes_hostile_text(tmp_path):
    from geokg.graph.report import markdown_report
    from geokg.loaders.claims import Claim, Document, Extraction, extraction_triples
    from geokg.ontology import GKGR

    kg = KnowledgeGraph.open("memory")
    kg.ensure_background()
    evil = '<script>alert(1)</script> <img src=x onerror="alert(2)"> [x](javascript:alert(3))'
    ext = Extraction(Document(GKGR["doc/evil"], title=evil), [Claim(GKGR["russia"], "attacks", GKGR["ukraine"], evil)], [])
    kg.replace_graph(ext.document.iri, extraction_triples(ext))
    text = markdown_report(kg, title=evil)
    assert "<script>" not in text and "<img" not in text and "&lt;script&gt;" in text


def test_reliability_actor_names_cannot_inject_sparql(store):
    payload = 'Russia" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    before = fingerprint(store)
    with KnowledgeGraph.open(store) as kg:
        with pytest.raises(UnknownActor):
            kg.claims(subject=payload)
        assert kg.query("SELECT ?d WHERE { ?d dcterms:title ?t }", t=payload).rows == []
    res = geokg(store, "query", "--name", "actor-claims", "--param", f"actor={payload}")
    assert res.exit_code == 2 and "unknown actor" in res.output
    assert fingerprint(store) == before


def test_reliability_ingest_never_touches_the_network(tmp_path):
    from geokg.loaders.ingest import ingest_paths
    from tests.conftest import SEEDS

    seed_dir = tmp_path / "seeds"
    shutil.copytree(SEEDS, seed_dir)
    (seed_dir / "page.html").write_text(f"<html><body><article><p>{GOOD * 5}</p>"
                                        "<img src='https://example.org/x.png'></article></body></html>")
    (seed_dir / "feed.rss").write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>A</title><link>https://example.org/a</link><description>{GOOD}</description></item>
      </channel></rss>""")
    calls = []

    def audit(event, args):
        if event in ("socket.connect", "socket.getaddrinfo", "urllib.Request", "http.client.connect"):
            calls.append((event, args))

    sys.addaudithook(audit)
    kg = KnowledgeGraph.open(tmp_path / "store")
    calls.clear()
    report = ingest_paths(kg, [seed_dir])
    kg.close()
    assert report.documents == 3
    assert calls == []
