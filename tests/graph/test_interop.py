"""Exports other tools read, and that geokg reads back: round trips through the CLI, parsed by rdflib and Oxigraph."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Dataset

from geokg.cli import cli
from tests.conftest import same_rdf

ROOT = Path(__file__).resolve().parents[2]
SUFFIX = {"trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld", "turtle": ".ttl", "ntriples": ".nt"}
OX_FORMAT = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD,
             "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}
RDFLIB_FORMAT = {"trig": "trig", "nquads": "nquads", "jsonld": "json-ld", "turtle": "turtle", "ntriples": "nt"}


def geokg(*args: str):
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("interop") / "store"
    geokg("ingest", str(ROOT / "seeds"), "--store", str(store))
    return store


@pytest.fixture(scope="module")
def exports(seeded, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    files = {}
    for fmt, suffix in SUFFIX.items():
        files[fmt] = out / f"graph{suffix}"
        geokg("export", "--format", fmt, "-o", str(files[fmt]), "--store", str(seeded))
    return files


def graphs_of(store: Path) -> dict[str, set[ox.Triple]]:
    """Every named graph of an on-disk store as a set of Oxigraph triples."""
    s = ox.Store.read_only(str(store))
    out: dict[str, set[ox.Triple]] = {}
    for q in s:
        out.setdefault(q.graph_name.value, set()).add(q.triple)
    return out


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_export_reingests_into_a_new_store_with_the_same_quads_and_graphs(seeded, exports, tmp_path, fmt):
    copy = tmp_path / ("export" + SUFFIX[fmt])
    shutil.copy(exports[fmt], copy)
    fresh = tmp_path / "fresh"
    out = geokg("ingest", str(copy), "--store", str(fresh)).output
    assert "graph/snapshot>) is not loaded" in out
    before, after = graphs_of(seeded), graphs_of(fresh)
    assert sorted(after) == sorted(before)
    assert sum(len(g) for g in after.values()) == sum(len(g) for g in before.values())
    for name, g in before.items():  # the same triples, up to the labels of the ontology's blank nodes
        assert same_rdf(g, after[name]), name


def test_export_trig_of_a_reingested_store_is_the_same_export(seeded, exports, tmp_path):
    copy = tmp_path / "export.trig"
    shutil.copy(exports["trig"], copy)
    geokg("ingest", str(copy), "--store", str(tmp_path / "fresh"))
    again = tmp_path / "again.trig"
    geokg("export", "--format", "trig", "-o", str(again), "--store", str(tmp_path / "fresh"))

    def without_snapshot(path: Path) -> set[ox.Quad]:
        from geokg.graph.snapshots import GRAPH_SNAPSHOT

        snapshot = ox.NamedNode(str(GRAPH_SNAPSHOT))
        return {q for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG) if q.graph_name != snapshot}

    a, b = without_snapshot(exports["trig"]), without_snapshot(again)
    assert {q.graph_name for q in a} == {q.graph_name for q in b}
    assert len(a) == len(b)


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_export_every_rdf_format_parses_with_rdflib_and_oxigraph_alike(exports, fmt):
    path = exports[fmt]
    quads = list(ox.parse(path=str(path), format=OX_FORMAT[fmt]))
    ds = Dataset()
    ds.parse(path, format=RDFLIB_FORMAT[fmt])
    n_rdflib = len(list(ds.quads((None, None, None, None))))
    assert n_rdflib == len(quads) > 1000
    graphs = {q.graph_name.value for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
    if fmt in ("trig", "nquads", "jsonld"):
        assert any("/doc/" in g for g in graphs) and any(g.endswith("graph/snapshot") for g in graphs)
    else:
        assert graphs == set()


def test_export_jsonld_has_a_compact_context(exports):
    doc = json.loads(exports["jsonld"].read_text())
    ctx = doc["@context"]
    assert ctx["gkg"] == "https://w3id.org/geokg/ontology#" and ctx["doc"] == "https://w3id.org/geokg/id/doc/"
    body = json.dumps(doc["@graph"])
    # every term and resource compacted through the context (the ontology's own IRI has no prefix)
    assert '"https://w3id.org/geokg/ontology#' not in body and '"https://w3id.org/geokg/id/' not in body
    graph_ids = {g["@id"] for g in doc["@graph"]}
    assert "graph:kb" in graph_ids and any(i.startswith("doc:") for i in graph_ids)


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_export_turtle_and_trig_use_prefixes_and_readable_names(exports, fmt):
    text = exports[fmt].read_text()
    assert "\\/" not in text  # no escaped local names such as gkgr:doc\/...
    full = [ln for ln in text.splitlines() if re.match(r"\s*<https://w3id\.org/geokg/id/", ln)]
    assert full == []
    assert re.search(r"^\s*claim:[0-9a-f]+ ", text, re.M) and "doc:cica-summit" in text


# ---------------------------------------------------------------------------- the actor graph for Gephi
GEXF = "{http://www.gexf.net/1.2draft}"
VIZ = "{http://www.gexf.net/1.2draft/viz}"
#: The attributes GEXF 1.2's schema (gexf.xsd, graph-content) allows on <graph>.
GRAPH_ATTRIBUTES = {"timeformat", "start", "startopen", "end", "endopen", "defaultedgetype", "idtype", "mode"}


def actor_export(store: Path, tmp_path: Path, fmt: str, *options: str) -> Path:
    out = tmp_path / f"actors-{len(options)}.{fmt}"
    geokg("export", "--format", fmt, "-o", str(out), "--store", str(store), *options)
    return out


def test_export_gexf_has_schema_attributes_labels_and_colours_by_sign(seeded, tmp_path):
    import xml.etree.ElementTree as ET

    root = ET.parse(actor_export(seeded, tmp_path, "gexf")).getroot()
    assert root.tag == GEXF + "gexf" and root.get("version") == "1.2"
    graph = root.find(GEXF + "graph")
    assert set(graph.attrib) <= GRAPH_ATTRIBUTES  # no empty name="" (not in the schema)
    nodes = graph.findall(f"{GEXF}nodes/{GEXF}node")
    assert nodes and all(n.get("label") and not n.get("label").startswith("http") for n in nodes)
    assert all(n.find(VIZ + "color") is not None for n in nodes)
    edges = graph.findall(f"{GEXF}edges/{GEXF}edge")
    signs = set()
    for e in edges:
        c = e.find(VIZ + "color")
        w = float(e.get("weight"))
        rgb = (int(c.get("r")), int(c.get("g")), int(c.get("b")))
        signs.add(w > 0)
        if w > 0:
            assert rgb[1] > rgb[0]  # green
        elif w < 0:
            assert rgb[0] > rgb[1]  # red
        assert e.get("label")
    assert signs == {True, False}


def test_export_actor_graph_loads_in_networkx_and_igraph(seeded, tmp_path):
    import igraph as ig
    import networkx as nx

    gexf, graphml = actor_export(seeded, tmp_path, "gexf"), actor_export(seeded, tmp_path, "graphml")
    G = nx.read_gexf(gexf)
    H = nx.read_graphml(graphml)
    assert G.number_of_edges() == H.number_of_edges() > 5
    assert {d["label"] for _n, d in G.nodes(data=True)} >= {"Russia", "Ukraine", "Kazakhstan"}
    g = ig.Graph.Read_GraphML(str(graphml))  # igraph reads GraphML itself
    assert (g.vcount(), g.ecount()) == (H.number_of_nodes(), H.number_of_edges())
    g2 = ig.Graph.from_networkx(G)  # and GEXF through networkx (igraph has no GEXF reader)
    assert g2.ecount() == G.number_of_edges() and "Russia" in g2.vs["label"]


def test_export_actor_graph_writes_a_symmetric_tie_once(seeded, tmp_path):
    import networkx as nx

    G = nx.read_gexf(actor_export(seeded, tmp_path, "gexf"))
    symmetric = [(u, v) for u, v, d in G.edges(data=True) if d["symmetric"]]
    assert symmetric
    assert all(not G.has_edge(v, u) for u, v in symmetric)
    assert all(d["symmetric"] is False for u, v, d in G.edges(data=True) if G.has_edge(v, u))


def test_export_gexf_level_and_relation_filters(seeded, tmp_path):
    import networkx as nx

    G = nx.read_gexf(actor_export(seeded, tmp_path, "gexf", "--relation", "attacks"))
    assert G.number_of_edges() >= 1 and {d["label"] for *_e, d in G.edges(data=True)} == {"attacks"}
    full = nx.read_gexf(actor_export(seeded, tmp_path, "gexf"))
    assert any(d["cls"] == "Person" for _n, d in full.nodes(data=True))
    state = nx.read_gexf(actor_export(seeded, tmp_path, "gexf", "--level", "state", "--relation", "meetsWith"))
    assert not any(d["cls"] == "Person" for _n, d in state.nodes(data=True))
    res = CliRunner().invoke(cli, ["export", "--format", "trig", "--level", "state", "--store", str(seeded)])
    assert res.exit_code == 2 and "go with --format gexf or graphml" in res.output


# ---------------------------------------------------------------------------- Apache Jena's riot
JENA_CORE = Path("/usr/share/java/jena-core.jar")


@pytest.fixture(scope="module")
def riot(tmp_path_factory):
    """A command line for Jena's `riot` from Debian's libapache-jena-java, or a skip if it is not installed.

    Debian's 4.5.0 package relocates the bundled Xerces to the package ``xerces`` but leaves its
    message files under ``org/apache/jena/ext/xerces``: riot then stops at start-up with
    "internal error". The fixture copies those files (from the installed jar, nothing downloaded)
    to where the classes look for them. Debian has no JSON-P provider, so riot reads no JSON-LD.
    """
    import subprocess
    import zipfile

    if not JENA_CORE.exists() or not shutil.which("java"):
        pytest.skip("Apache Jena is not installed (apt-get install libapache-jena-java)")
    fix = tmp_path_factory.mktemp("jena-fix")
    with zipfile.ZipFile(JENA_CORE) as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                dest = fix / name[len("org/apache/jena/ext/"):]
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(jar.read(name))
    deps = subprocess.run(["apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--installed",
                           "libapache-jena-java"], capture_output=True, text=True).stdout
    packages = {"libapache-jena-java"} | {ln.strip() for ln in deps.splitlines() if ln and not ln[0].isspace()}
    jars: set[str] = set()
    for pkg in sorted(packages):
        listing = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True).stdout.splitlines()
        jars |= {p for p in listing if re.fullmatch(r"/usr/share/java/[^/]+\.jar", p)
                 and not re.search(r"-\d[\d.]*(-[a-z0-9]+)?\.jar$", p)}
    clash = ("log4j-over-slf4j", "slf4j-log4j12", "slf4j-jdk14", "slf4j-simple", "slf4j-jcl", "jcl-over-slf4j")
    cp = ":".join([str(fix), *sorted(j for j in jars if not any(c in j for c in clash))])
    return ["java", "-cp", cp, "riotcmd.riot"]


@pytest.mark.parametrize("fmt", ["trig", "nquads", "turtle", "ntriples"])
def test_export_parses_with_jena_riot(riot, exports, fmt):
    import subprocess

    res = subprocess.run([*riot, "--validate", "--count", str(exports[fmt])], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    n = len(list(ox.parse(path=str(exports[fmt]), format=OX_FORMAT[fmt])))
    assert re.search(rf"(Quads|Triples) = {n:,}\b", res.stdout + res.stderr), res.stdout + res.stderr
