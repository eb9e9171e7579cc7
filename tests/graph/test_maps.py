"""The interactive map: page content, selection, layout, the CLI, and the page in a real (headless) browser.

Browser tests drive Debian's Chromium through the DevTools protocol over
``--remote-debugging-pipe`` (stdlib only), with the network blocked three
ways: every host name resolves to nothing, every request is sent to a local
proxy that records it, and the DevTools ``Network`` events are checked.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from geokg.cli import cli
from geokg.errors import UnknownActor
from geokg.graph.maps import POLARITY_COLORS, TYPE_COLORS, build_map, map_layout, select_subgraph, write_map
from geokg.graph.projection import InvalidOption
from geokg.loaders.claims import Claim, Document, Entity, Extraction, extraction_triples
from geokg.ontology import GKGR
from tests.graph.synthetic import synthetic

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_browser = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")

#: Anything that would load or link something from outside the file.
EXTERNAL = re.compile(r"""(?:\b(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//)"""
                      r"""|(?:@import\s*(?:url\()?\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)""",
                      re.IGNORECASE)

HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> javascript:window.__pwned=1 href'


# ---------------------------------------------------------------------------- a tiny DevTools client
class _Proxy:
    """A local HTTP proxy that records every request sent to it and answers none."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    data = conn.recv(4096)
                    if data:  # Chromium may open a spare connection and close it unused: it asks for nothing
                        self.seen.append(data.decode("latin-1").split("\r\n", 1)[0])
                except OSError:
                    self.seen.append("(connection)")

    def close(self) -> None:
        self.sock.close()


class Tab:
    def __init__(self, browser: "Browser", session: str) -> None:
        self.browser, self.session = browser, session

    def send(self, method: str, **params):
        return self.browser.send(method, session=self.session, **params)

    def eval(self, expression: str, timeout: float = 30):
        r = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True,
                      timeout=int(timeout * 1000))
        if "exceptionDetails" in r:
            raise AssertionError(f"{expression}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.eval(expression)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {expression}")

    def hover(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


class Browser:
    """Headless Chromium with the network blocked, driven over ``--remote-debugging-pipe``."""

    def __init__(self, width: int = 1200, height: int = 800) -> None:
        self.size = (width, height)

    def __enter__(self) -> "Browser":
        self.tmp = tempfile.TemporaryDirectory(prefix="geokg-chromium-")
        self.proxy = _Proxy()
        to_child_r, self._w = os.pipe()
        self._r, from_child_w = os.pipe()

        def fds() -> None:  # the protocol: commands on fd 3, replies on fd 4
            a = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 100)
            b = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 100)
            os.dup2(a, 3)  # inheritable
            os.dup2(b, 4)

        args = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-default-apps", "--disable-component-extensions-with-background-pages",
                "--disable-client-side-phishing-detection", "--disable-domain-reliability", "--no-pings",
                "--metrics-recording-only", "--no-service-autorun", "--password-store=basic", "--use-mock-keychain",
                "--disable-features=Translate,OptimizationHints,MediaRouter,NetworkTimeServiceQuerying,"
                "OptimizationGuideModelDownloading,AutofillServerCommunication,CertificateTransparencyComponentUpdater,"
                "InterestFeedContentSuggestions,AccountConsistency,SigninInterception,DIPS,PrivacySandboxSettings4",
                f"--user-data-dir={self.tmp.name}", "--remote-debugging-pipe",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                f"--proxy-server=http://127.0.0.1:{self.proxy.port}", "--proxy-bypass-list=<-loopback>",
                f"--window-size={self.size[0]},{self.size[1]}", "about:blank"]
        self.proc = subprocess.Popen(args, preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        os.close(to_child_r)
        os.close(from_child_w)
        self._id = 0
        self._buf = b""
        self.events: list[dict] = []
        self._replies: dict[int, dict] = {}
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        try:  # chromium's helper processes (zygote, renderers) share its process group
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for fd in (self._w, self._r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.proxy.close()
        self.tmp.cleanup()

    def _read(self, timeout: float) -> None:
        import select

        ready, _, _ = select.select([self._r], [], [], timeout)
        if not ready:
            return
        chunk = os.read(self._r, 1 << 20)
        if not chunk:
            raise AssertionError("chromium closed the DevTools pipe")
        self._buf += chunk
        while b"\0" in self._buf:
            raw, self._buf = self._buf.split(b"\0", 1)
            msg = json.loads(raw)
            if "id" in msg:
                self._replies[msg["id"]] = msg
            else:
                self.events.append(msg)

    def send(self, method: str, session: str | None = None, timeout: float = 60, **params):
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        end = time.monotonic() + timeout
        while self._id not in self._replies:
            if time.monotonic() > end:
                raise AssertionError(f"no reply to {method}")
            self._read(0.2)
        reply = self._replies.pop(self._id)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def open(self, path: Path, timeout: float = 60) -> Tab:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        tab = Tab(self, session)
        for domain in ("Network", "Page", "Runtime", "Log"):
            tab.send(f"{domain}.enable")
        tab.send("Emulation.setDeviceMetricsOverride", width=self.size[0], height=self.size[1],
                 deviceScaleFactor=1, mobile=False)
        tab.send("Page.navigate", url=Path(path).resolve().as_uri())
        end = time.monotonic() + timeout
        while not any(e.get("method") == "Page.loadEventFired" and e.get("sessionId") == session for e in self.events):
            if time.monotonic() > end:
                raise AssertionError("the page did not load")
            self._read(0.2)
        return tab

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]

    def problems(self) -> list[str]:
        """Uncaught exceptions, console errors and CSP violations."""
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(json.dumps(p["exceptionDetails"])[:300])
            elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(p["entry"]["text"][:300])
            elif m == "Runtime.consoleAPICalled" and p["type"] == "error":
                out.append(json.dumps(p["args"])[:300])
        return out


# ---------------------------------------------------------------------------- graphs
def small_graph() -> nx.DiGraph:
    G = nx.DiGraph(level="actor")
    for n, cls in (("ru", "State"), ("ua", "State"), ("kz", "State"), ("un", "InternationalOrganization"),
                   ("putin", "Person")):
        G.add_node(n, label=n.upper(), cls=cls, memberships=[])
    G.add_edge("ru", "ua", weight=-2.0, relations={"attacks": -2.0}, documents=3, dyads=[("ru", "attacks", "ua", ("ru",), ("ua",))])
    G.add_edge("kz", "ru", weight=0.1, relations={"meetsWith": 0.1}, documents=1,
               dyads=[("kz", "meetsWith", "ru", ("kz",), ("ru",))])
    G.add_edge("ru", "kz", weight=0.1, relations={"meetsWith": 0.1}, documents=1,
               dyads=[("kz", "meetsWith", "ru", ("kz",), ("ru",))])
    G.add_edge("un", "ua", weight=0.5, relations={"mediates": 0.5}, documents=1, dyads=[])
    G.add_edge("putin", "kz", weight=0.0, relations={}, documents=1, dyads=[])
    return G


def page_data(page: str) -> dict:
    return json.loads(re.search(r'id="geokg-data">(.*?)</script>', page, re.S).group(1))


@pytest.fixture
def hostile_kg(kg):
    """A store with one document whose title, outlet, sentences and a person's name are hostile HTML."""
    doc = Document(GKGR["doc/hostile"], title=f"Title {HOSTILE} <a href='javascript:window.__pwned=1'>x</a>",
                   url="javascript:window.__pwned=1", published="2022-10-12", language="en", outlet=f"Wire {HOSTILE}")
    evil = GKGR["person/evil"]
    claims = [Claim(GKGR["russia"], "attacks", GKGR["ukraine"], evidence=f"Russia attacked Ukraine. {HOSTILE}"),
              Claim(evil, "meetsWith", GKGR["russia"], evidence=f"They met. {HOSTILE}"),
              Claim(GKGR["kazakhstan"], "supports", GKGR["ukraine"], evidence=f"Support {HOSTILE}")]
    entities = [Entity(evil, "Person", f"Evil {HOSTILE}", labels={"en": {f"Evil {HOSTILE}"}})]
    kg.replace_graph(doc.iri, extraction_triples(Extraction(doc, claims, entities)))
    return kg


@pytest.fixture
def seed_store(seeded_store):
    return seeded_store


# ---------------------------------------------------------------------------- page content
def test_maps_page_loads_nothing_from_outside():
    page = build_map(small_graph(), title="t")
    assert not EXTERNAL.findall(page)
    assert "jsdelivr" not in page and "cdnjs" not in page
    assert "bootstrap" not in page.lower()
    assert len(re.findall(r"^<script", page, re.M)) == 3  # the data block, vis-network, the page's own script
    assert "default-src 'none'" in page


def test_maps_external_url_check_catches_links():
    assert EXTERNAL.search('<script src="https://cdn.x/vis.js">')
    assert EXTERNAL.search("<link href='//cdn.x/b.css'>")
    assert EXTERNAL.search("@import url(https://x/y.css)")
    assert not EXTERNAL.search('xmlns="http://www.w3.org/2000/svg"')


def test_maps_colors_sizes_and_arrows():
    page = build_map(small_graph())
    data = page_data(page)
    nodes = {n["label"]: n for n in data["nodes"]}
    assert nodes["RU"]["color"]["background"] == TYPE_COLORS["State"]
    assert nodes["UN"]["color"]["background"] == TYPE_COLORS["InternationalOrganization"]
    assert nodes["UA"]["size"] > nodes["PUTIN"]["size"]  # attacked and mediated: more central
    edges = {(data["nodes"][e["from"]]["label"], data["nodes"][e["to"]]["label"]): e for e in data["edges"]}
    assert edges[("RU", "UA")]["color"] == POLARITY_COLORS["conflictual"] and edges[("RU", "UA")]["arrows"] == "to"
    assert edges[("UN", "UA")]["color"] == POLARITY_COLORS["cooperative"]
    assert edges[("PUTIN", "KZ")]["color"] == POLARITY_COLORS["neutral"]
    meets = [k for k in edges if set(k) == {"KZ", "RU"}]
    assert len(meets) == 1 and "arrows" not in edges[meets[0]]  # symmetric: one line, no arrow
    assert edges[("RU", "UA")]["width"] > edges[("UN", "UA")]["width"]
    assert data["options"]["physics"]["enabled"] is False
    assert all("title" not in x for x in data["nodes"] + data["edges"])  # never vis.js's own tooltips
    assert "State" in page and "conflictual" in page and "5 actors, 4 ties" in page


def test_maps_bloc_colors():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("A", "B", 1), ("B", "C", 1), ("A", "C", 1), ("D", "E", 1), ("E", "F", 1),
                               ("D", "F", 1), ("A", "D", -1), ("B", "E", -1)])
    data = page_data(build_map(G, color="bloc"))
    color = {n["label"]: n["color"]["background"] for n in data["nodes"]}
    assert color["A"] == color["B"] == color["C"] != color["D"] == color["E"] == color["F"]
    with pytest.raises(InvalidOption):
        build_map(G, color="rainbow")


def test_maps_text_is_escaped_and_never_markup():
    G = nx.DiGraph()
    G.add_node("x", label=HOSTILE, cls="Person")
    G.add_node("y", label="Y", cls="State")
    G.add_edge("x", "y", weight=1.0, relations={"supports": 1.0}, dyads=[("x", "supports", "y", ("x",), ("y",))])
    evidence = {("x", "supports", "y"): [{"date": "2022-01-01", "relation": "supports", "evidence": HOSTILE,
                                          "title": HOSTILE, "outlet": HOSTILE, "url": "javascript:x", "document": "d"}]}
    page = build_map(G, title=HOSTILE, evidence=evidence)
    assert "<script>window" not in page and "<img" not in page and "onerror=\"" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page  # the title, as text
    tips = [x["tip"] for x in page_data(page)["edges"]]
    assert HOSTILE in tips[0]  # the JSON holds the text itself, shown with textContent


def test_maps_tooltips_have_relations_dates_and_sources(seed_store):
    from geokg.graph.store import KnowledgeGraph

    with KnowledgeGraph.open(seed_store) as kg:
        r = write_map(kg, seed_store.parent / "m.html", per_edge=2)
    page = (seed_store.parent / "m.html").read_text(encoding="utf-8")
    data = page_data(page)
    assert r["nodes"] == len(data["nodes"]) > 5 and r["ties"] == len(data["edges"]) and r["documents"] == 1
    tip = next(e["tip"] for e in data["edges"] if "Russia" in e["tip"] and "Ukraine" in e["tip"]
               and "attacks" in e["tip"])
    assert "2022-10" in tip and "watson.de" in tip and "“" in tip
    assert "1 document(s) from 1 source(s)" in page


# ---------------------------------------------------------------------------- selection and layout
def test_maps_select_subgraph_focus_depth_top_min_weight():
    G = small_graph()
    assert set(select_subgraph(G, focus="kz", depth=1)) == {"kz", "ru", "putin"}
    assert set(select_subgraph(G, focus="kz", depth=2)) == {"kz", "ru", "putin", "ua"}
    assert set(select_subgraph(G, min_weight=0.4)) == {"ru", "ua", "un"}
    top = select_subgraph(G, top=2)
    assert len(top) == 2 and "ua" in top
    assert "kz" in select_subgraph(G, focus="kz", top=1)
    with pytest.raises(UnknownActor):
        select_subgraph(G, focus="nobody")
    assert select_subgraph(G, focus="kz").graph["focus"] == "kz"


def test_maps_layout_is_deterministic_and_spreads_nodes():
    G = nx.barabasi_albert_graph(400, 2, seed=3)
    G.add_edge(1000, 1001)  # a second component stays near the first
    a, b = map_layout(G, seed=1), map_layout(G, seed=1)
    assert a == b and len(a) == len(G)
    xs = [p[0] for p in a.values()]
    ys = [p[1] for p in a.values()]
    distinct = {(round(x), round(y)) for x, y in a.values()}
    assert len(distinct) > 0.95 * len(G)
    assert max(xs) - min(xs) < 20_000 and max(ys) - min(ys) < 20_000


def test_maps_5000_nodes_all_on_the_page():
    # how long this takes is measured in bench/bench_maps.py, not asserted here
    G = synthetic(5000, 5)
    data = page_data(build_map(G))
    assert len(data["nodes"]) == 5000 and len(data["edges"]) == G.number_of_edges()


# ---------------------------------------------------------------------------- CLI
def test_maps_cli_map_writes_one_file(seed_store, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "map.html"
    res = CliRunner().invoke(cli, ["map", "-o", str(out), "--color", "bloc", "--title", "Seed"],
                             env={"GEOKG_STORE": str(seed_store)})
    assert res.exit_code == 0, res.output
    assert "wrote" in res.output and "actors" in res.output
    assert out.exists() and not EXTERNAL.findall(out.read_text(encoding="utf-8"))
    assert os.listdir(tmp_path / "out") == ["map.html"]


def test_maps_cli_map_focus_and_filters(seed_store, tmp_path):
    out = tmp_path / "kz.html"
    env = {"GEOKG_STORE": str(seed_store)}
    res = CliRunner().invoke(cli, ["map", "-o", str(out), "--focus", "Kasachstan", "--depth", "1",
                                   "--relations", "attacks,meetsWith,supports,allyOf", "--since", "2022",
                                   "--until", "2022-12", "--min-weight", "0.01", "--top", "5", "--level", "state"],
                             env=env)
    assert res.exit_code == 0, res.output
    labels = {n["label"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]}
    assert "Kazakhstan" in labels and len(labels) <= 5


@pytest.mark.parametrize("args, message", [
    (["--focus", "Atlantis"], "unknown actor"),
    (["--since", "last year"], "--since must be a date"),
    (["--relations", "likes"], "likes"),
])
def test_maps_cli_map_user_errors_are_one_line(seed_store, tmp_path, args, message):
    res = CliRunner().invoke(cli, ["map", "-o", str(tmp_path / "m.html"), *args], env={"GEOKG_STORE": str(seed_store)})
    assert res.exit_code == 2 and message in res.output
    assert "Traceback" not in res.output


# ---------------------------------------------------------------------------- in a real browser
NODE_SCREEN = """(() => { const m = window.geokgMap; return m.nodes.getIds().map(id => {
  const p = m.network.canvasToDOM(m.network.getPosition(id)); const r = document.getElementById('map').getBoundingClientRect();
  return [id, p.x + r.left, p.y + r.top]; }); })()"""
CANVAS_INK = """(() => { const c = document.querySelector('#map canvas'); const d = c.getContext('2d')
  .getImageData(0, 0, c.width, c.height).data; let ink = 0;
  for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) ink++; }
  return ink; })()"""


#: Chromium's own background services (component updater, sign-in), which some builds call whatever the flags:
#: they come from the browser, not the page (the page's requests are the DevTools Network events).
BROWSER_SERVICES = re.compile(r"^\S+ (?:https?://)?[\w.-]*\.(?:google\.com|googleapis\.com|gstatic\.com)[:/]")


def _assert_offline(b: Browser) -> None:
    """No request of the page left file:// (DevTools), and nothing but Chromium's own services hit the proxy."""
    outside = [u for u in b.requests() if not u.startswith(("file://", "data:"))]
    assert outside == [], outside
    assert [r for r in b.proxy.seen if not BROWSER_SERVICES.match(r)] == [], b.proxy.seen


@needs_browser
def test_maps_browser_draws_every_node_offline(seed_store, tmp_path):
    out = tmp_path / "seed.html"
    res = CliRunner().invoke(cli, ["map", "-o", str(out)], env={"GEOKG_STORE": str(seed_store)})
    assert res.exit_code == 0, res.output
    expected = len(page_data(out.read_text(encoding="utf-8"))["nodes"])
    with Browser() as b:
        tab = b.open(out)
        assert int(tab.wait_for("document.body.getAttribute('data-drawn-nodes')")) == expected
        assert tab.eval("geokgMap.network.body.data.nodes.length") == expected
        assert tab.eval("Object.keys(geokgMap.network.body.nodes).length") == expected
        assert tab.eval("geokgMap.network.body.data.edges.length") > 0
        assert tab.eval(CANVAS_INK) > 2000  # the canvas is not blank
        # hovering a node shows its tooltip, as text
        _id, x, y = tab.eval(NODE_SCREEN)[0]
        tab.hover(x, y)
        tab.wait_for("document.getElementById('tip').style.display === 'block'")
        assert "PageRank" in tab.eval("document.getElementById('tip').textContent")
        entries = tab.eval("performance.getEntriesByType('resource').map(e => e.name)")
        assert [e for e in entries if not e.startswith(("file:", "data:"))] == []
        _assert_offline(b)
        assert b.problems() == []  # no errors, no CSP violations (vis.js runs under the page's policy)


@needs_browser
def test_maps_browser_hostile_text_never_runs(hostile_kg, tmp_path):
    out = tmp_path / "hostile.html"
    write_map(hostile_kg, out, title=f"Map {HOSTILE}")
    page = out.read_text(encoding="utf-8")
    assert "href" in page  # the text that switched pyvis to its innerHTML popup is there
    with Browser() as b:
        tab = b.open(out)
        tab.wait_for("document.body.getAttribute('data-drawn-nodes')")
        # every tooltip, through the page's own functions ...
        shown = tab.eval("""(() => { const m = window.geokgMap, tip = document.getElementById('tip'), out = [];
            m.nodes.getIds().forEach(id => { m.showNode(id, 10, 10); out.push(tip.textContent); });
            m.edges.getIds().forEach(id => { m.showEdge(id, 10, 10); out.push(tip.textContent); });
            return out; })()""")
        assert any("<script>window.__pwned=1</script>" in t for t in shown)  # shown as text
        # ... and by really hovering and clicking every node and every edge's midpoint
        for _id, x, y in tab.eval(NODE_SCREEN):
            tab.hover(x, y)
            tab.click(x, y)
        mids = tab.eval("""(() => { const m = window.geokgMap, r = document.getElementById('map').getBoundingClientRect();
            return m.edges.get().map(e => { const a = m.network.canvasToDOM(m.network.getPosition(e.from)),
              b = m.network.canvasToDOM(m.network.getPosition(e.to)); return [(a.x + b.x) / 2 + r.left, (a.y + b.y) / 2 + r.top]; }); })()""")
        for x, y in mids:
            tab.hover(x, y)
            tab.click(x, y)
        tab.send("Runtime.evaluate", expression="void 0")
        time.sleep(0.5)
        assert tab.eval("typeof window.__pwned") == "undefined"
        assert tab.eval("document.querySelectorAll('img, a, iframe, object, embed').length") == 0
        assert tab.eval("document.querySelectorAll('script').length") == 3
        assert "<script>" in tab.eval("document.querySelector('#head h1').textContent")
        assert b.problems() == []  # a CSP violation here would mean markup got into the page
        _assert_offline(b)


@needs_browser
def test_maps_browser_draws_5000_nodes(tmp_path):
    # the draw time is measured in bench/bench_maps.py --browser, not asserted here
    out = tmp_path / "big.html"
    out.write_text(build_map(synthetic(5000, 5)), encoding="utf-8")
    with Browser() as b:
        tab = b.open(out)
        tab.wait_for("document.body.getAttribute('data-drawn-nodes')", timeout=120)
        assert tab.eval("Object.keys(geokgMap.network.body.nodes).length") == 5000
        _assert_offline(b)
