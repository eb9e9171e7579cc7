"""`geokg kb update`: the Wikidata refresh of the knowledge base, tested offline.

Every test works on a copy of ``ontology/kb/`` in ``tmp_path`` and answers the queries
with the stored SPARQL JSON results in ``tests/loaders/data/wikidata/`` (see its README).
No test touches the network: the HTTP tests use a server on 127.0.0.1.
"""
from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import geokg.loaders.kb as kbmod
from geokg.cli import cli
from geokg.loaders import wikidata
from geokg.loaders.wikidata import WikidataError, WikidataUnavailable, fetch, query_text, update_kb
from geokg.ontology import GKGR

ROOT = Path(__file__).resolve().parents[2]
KB = ROOT / "ontology" / "kb"
DATA = Path(__file__).parent / "data" / "wikidata"
TODAY = date(2026, 1, 15)
OFFLINE = "geokg: Wikidata is not reachable (offline?); the knowledge base is unchanged"

#: Entries the scenario relies on, written into the copy so that curation of the real
#: files does not change what the test means. Akylbek Japarov is still in office here,
#: Kasymaliev and Cameron are unknown, Mishustin has no QID, Jeenbekov's end is a day off,
#: Kyrgyzstan has no QID, Kazakhstan is missing from the CIS and Georgia is still in it.
SCENARIO = [
    {"id": "akylbek-japarov", "qid": "Q4060344", "label": {"en": "Akylbek Japarov", "de": "Akylbek Dschaparow"},
     "aliases": {"en": ["Akylbek Zhaparov"]},
     "offices": [{"role": "head_of_government", "of": "KG", "start": "2021-10-12", "end": None}],
     "source": "hand-curated"},
    {"id": "sadyr-japarov", "qid": "Q25597826", "label": {"en": "Sadyr Japarov", "de": "Sadyr Dschaparow"},
     "aliases": {"en": ["Japarov"]},
     "offices": [{"role": "head_of_state", "of": "KG", "start": "2021-01-28", "end": None}],
     "source": "hand-curated"},
    {"id": "sooronbay-jeenbekov", "qid": "Q23810819",
     "label": {"en": "Sooronbay Jeenbekov", "de": "Sooronbai Dscheenbekow"}, "aliases": {},
     "offices": [{"role": "head_of_state", "of": "KG", "start": "2017-11-24", "end": "2020-10-16"}],
     "source": "hand-curated"},
    {"id": "mikhail-mishustin", "qid": None, "label": {"en": "Mikhail Mishustin", "de": "Michail Mischustin"},
     "aliases": {"en": ["Mishustin"]},
     "offices": [{"role": "head_of_government", "of": "RU", "start": "2020-01-16", "end": None}],
     "source": "hand-curated"},
    {"id": "kassym-jomart-tokayev", "qid": "Q200881",
     "label": {"en": "Kassym-Jomart Tokayev", "de": "Kassym-Schomart Tokajew"}, "aliases": {"en": ["Tokayev"]},
     "offices": [{"role": "head_of_state", "of": "KZ", "start": "2019-03-20", "end": None}],
     "source": "hand-curated"},
    {"id": "vladimir-putin", "qid": "Q7747", "label": {"en": "Vladimir Putin", "de": "Wladimir Putin"},
     "aliases": {"en": ["Putin"]},
     "offices": [{"role": "head_of_state", "of": "RU", "start": "2012-05-07", "end": None},
                 {"role": "head_of_government", "of": "RU", "start": "2008-05-08", "end": "2012-05-07"}],
     "source": "hand-curated"},
]
DROPPED = {"adylbek-kasymaliev", "david-cameron"}
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _dump(entries: list[dict], width: int) -> str:
    return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, default_flow_style=None, width=width)


@pytest.fixture(scope="session")
def kb_scenario(tmp_path_factory) -> Path:
    """ontology/kb/ with the scenario's starting point, written once per session; tests never write into it."""
    dest = tmp_path_factory.mktemp("wikidata") / "kb"
    shutil.copytree(KB, dest)
    persons = yaml.load((dest / "persons.yaml").read_text(encoding="utf-8"), Loader=LOADER)
    by_id = {e["id"]: e for e in SCENARIO}
    qids = {e["qid"] for e in SCENARIO if e["qid"]} | {"Q4298520", "Q112703041", "Q192"}
    persons = [by_id.pop(e["id"], e) for e in persons if e["id"] not in DROPPED]
    persons = [e for e in persons if e["id"] in {s["id"] for s in SCENARIO} or e.get("qid") not in qids]
    persons += list(by_id.values())
    (dest / "persons.yaml").write_text("# test copy\n" + _dump(persons, 100), encoding="utf-8")
    orgs = yaml.load((dest / "organizations.yaml").read_text(encoding="utf-8"), Loader=LOADER)
    for o in orgs:
        if o["id"] == "cis":
            o["members"] = sorted((set(o["members"]) - {"KZ"}) | {"GE", "KG"})
    (dest / "organizations.yaml").write_text("# test copy\n" + _dump(orgs, 200), encoding="utf-8")
    for name, col in (("state_qids.csv", 1), ("states.csv", 3)):
        lines = (dest / name).read_text(encoding="utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith("KG,"):
                cells = line.split(",")
                cells[col] = "" if col != 1 else "\n"
                lines[i] = ",".join(cells)
        (dest / name).write_text("".join(lines), encoding="utf-8")
    return dest


@pytest.fixture
def kb_copy(kb_scenario: Path, tmp_path: Path) -> Path:
    """A private copy of :func:`kb_scenario` (the update rewrites it)."""
    return Path(shutil.copytree(kb_scenario, tmp_path / "kb"))


def stored(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


class StoredFetch:
    """Answers each query with the stored response named by its ``#geokg-query:`` marker."""

    def __init__(self, fail_on: str | None = None):
        self.queries: dict[str, str] = {}
        self.fail_on = fail_on

    def __call__(self, query: str) -> dict:
        name = query.splitlines()[0].removeprefix("#geokg-query:").strip()
        self.queries[name] = query
        if name == self.fail_on:
            raise WikidataUnavailable("Wikidata is not reachable (offline?)")
        return stored(name)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def entry_chunks(path: Path) -> dict[str, str]:
    """Each entry's exact text, by id."""
    parts = re.split(r"(?m)^(?=- id: )", path.read_text(encoding="utf-8"))
    return {p.split("\n", 1)[0].removeprefix("- id: "): p for p in parts if p.startswith("- id: ")}


def load_copy(folder: Path, monkeypatch) -> kbmod.KnowledgeBase:
    """Parse ``folder`` with the real loader (``loaders.kb``), pointed at the copy."""
    monkeypatch.setattr(kbmod, "data_file", lambda *parts: folder.joinpath(*parts[1:]))
    return kbmod.load_kb.__wrapped__()


# --------------------------------------------------------------------------- update_kb

def test_update_rewrites_the_files_and_reports(kb_copy, monkeypatch):
    before = snapshot(kb_copy)
    persons_before = entry_chunks(kb_copy / "persons.yaml")
    orgs_before = entry_chunks(kb_copy / "organizations.yaml")
    fetcher = StoredFetch()
    changes = update_kb(kb_copy, fetch=fetcher, today=TODAY)

    assert changes.written
    assert changes.files == ["organizations.yaml", "persons.yaml", "state_qids.csv", "states.csv"]
    assert changes.summary() == [
        "states: 1 QID added",
        "organizations: +1 member, -1 member",
        "persons: +2 new, 2 offices changed, 2 offices added, 1 QID added",
    ]
    assert "Kyrgyzstan: QID Q813 (Wikidata P297 KG)" in changes.lines
    assert "Commonwealth of Independent States: +KZ (since 1991-12-21), -GE (left 2009-08-18)" in changes.lines
    assert "Kyrgyzstan head_of_government: Akylbek Japarov left office 2024-12-16" in changes.lines
    assert "Kyrgyzstan head_of_state: Sooronbay Jeenbekov end 2020-10-16 → 2020-10-15" in changes.lines
    assert ("Kyrgyzstan head_of_government: Akylbek Japarov → Adylbek Kasymaliev from 2024-12-16 (new person)"
            in changes.lines)
    assert any(line.startswith("United Kingdom foreign_minister: ") and "→ David Cameron from 2023-11-13 to "
               "2024-07-05 (new person)" in line for line in changes.lines)
    assert "Mikhail Mishustin: QID Q4298520" in changes.lines
    assert len(changes.lines) == 7

    # the queries carry the KB's QIDs (KG's freshly filled one too) in VALUES blocks
    assert "wd:Q813" in fetcher.queries["heads"] and "wd:Q7779" in fetcher.queries["memberships"]
    assert '"2014-01-01T00:00:00Z"' in fetcher.queries["foreign_ministers"]

    # the rewritten files: new office, changed end, new person, filled QIDs ...
    persons = {e["id"]: e for e in yaml.safe_load((kb_copy / "persons.yaml").read_text(encoding="utf-8"))}
    assert persons["akylbek-japarov"]["offices"] == [
        {"role": "head_of_government", "of": "KG", "start": "2021-10-12", "end": "2024-12-16"}]
    assert persons["akylbek-japarov"]["source"] == "hand-curated; kb update 2026-01-15"
    assert persons["sooronbay-jeenbekov"]["offices"][0]["end"] == "2020-10-15"
    assert persons["adylbek-kasymaliev"] == {
        "id": "adylbek-kasymaliev", "qid": "Q112703041",
        "label": {"en": "Adylbek Kasymaliev", "de": "Adylbek Kassymalijew"}, "aliases": {},
        "offices": [{"role": "head_of_government", "of": "KG", "start": "2024-12-16", "end": None}],
        "source": "Wikidata Q112703041, kb update 2026-01-15"}
    assert persons["david-cameron"]["offices"] == [
        {"role": "foreign_minister", "of": "GB", "start": "2023-11-13", "end": "2024-07-05"}]
    assert persons["mikhail-mishustin"]["qid"] == "Q4298520"
    # ... curated labels win over Wikidata's (Tokayev's German label differs there)
    assert persons["kassym-jomart-tokayev"]["label"]["de"] == "Kassym-Schomart Tokajew"

    # ... and everything else keeps its exact text
    persons_after = entry_chunks(kb_copy / "persons.yaml")
    changed = {k for k in persons_after if persons_after[k] != persons_before.get(k)}
    assert changed == {"akylbek-japarov", "sooronbay-jeenbekov", "mikhail-mishustin",
                       "adylbek-kasymaliev", "david-cameron"}
    orgs_after = entry_chunks(kb_copy / "organizations.yaml")
    assert {k for k in orgs_after if orgs_after[k] != orgs_before.get(k)} == {"cis"}
    cis = next(o for o in yaml.safe_load((kb_copy / "organizations.yaml").read_text(encoding="utf-8"))
               if o["id"] == "cis")
    assert "KZ" in cis["members"] and "GE" not in cis["members"] and cis["members"] == sorted(cis["members"])
    assert "KG,Q813\n" in (kb_copy / "state_qids.csv").read_text(encoding="utf-8")
    states_diff = [(a, b) for a, b in zip(before["states.csv"].decode().splitlines(),
                                         (kb_copy / "states.csv").read_text(encoding="utf-8").splitlines()) if a != b]
    assert [b for _, b in states_diff] == ["KG,KGZ,417,Q813,state,Kyrgyzstan,Kirgisistan"]
    for name in ("regions.yaml", "capitals.csv", "state_forms.csv", "SOURCES.md"):
        assert (kb_copy / name).read_bytes() == before[name]
    assert not list(kb_copy.glob(".*.tmp"))


def test_rewritten_files_load_through_the_real_loader(kb_copy, monkeypatch):
    update_kb(kb_copy, fetch=StoredFetch(), today=TODAY)
    kb = load_copy(kb_copy, monkeypatch)
    kg = kb.by_iso2["KG"]
    assert kg.qid == "Q813"
    assert kb.holder("head_of_government", kg.iri, date(2023, 6, 1)).label_en == "Akylbek Japarov"
    assert kb.holder("head_of_government", kg.iri, date(2025, 6, 1)).label_en == "Adylbek Kasymaliev"
    assert kb.holder("head_of_government", kg.iri, None).label_en == "Adylbek Kasymaliev"
    assert kb.holder("foreign_minister", kb.by_iso2["GB"].iri, date(2024, 1, 1)).label_en == "David Cameron"
    assert kb.resolve("Adylbek Kasymaliev").qid == "Q112703041"
    assert kb.by_iso2["KZ"].iri in kb.actors[GKGR["cis"]].members
    assert kb.by_iso2["GE"].iri not in kb.actors[GKGR["cis"]].members


def test_second_run_changes_nothing(kb_copy):
    update_kb(kb_copy, fetch=StoredFetch(), today=TODAY)
    after = snapshot(kb_copy)
    again = update_kb(kb_copy, fetch=StoredFetch(), today=date(2026, 3, 1))
    assert again.files == [] and again.lines == [] and not again.written
    assert snapshot(kb_copy) == after


def test_dry_run_writes_nothing(kb_copy):
    before = snapshot(kb_copy)
    changes = update_kb(kb_copy, fetch=StoredFetch(), dry_run=True, today=TODAY)
    assert changes.files == ["organizations.yaml", "persons.yaml", "state_qids.csv", "states.csv"]
    assert not changes.written and len(changes.lines) == 7
    assert snapshot(kb_copy) == before


@pytest.mark.parametrize("failing", wikidata.QUERY_NAMES)
def test_a_failing_query_leaves_every_file_byte_identical(kb_copy, failing):
    before = snapshot(kb_copy)
    with pytest.raises(WikidataUnavailable):
        update_kb(kb_copy, fetch=StoredFetch(fail_on=failing), today=TODAY)
    assert snapshot(kb_copy) == before


def test_since_leaves_out_terms_that_ended_before(kb_copy):
    changes = update_kb(kb_copy, fetch=StoredFetch(), since="2025-01-01", dry_run=True, today=TODAY)
    # Cameron's term (to 2024-07-05) and Jeenbekov's are out of range; Kasymaliev's is not
    assert not any("David Cameron" in line or "Jeenbekov" in line for line in changes.lines)
    assert any("Adylbek Kasymaliev" in line for line in changes.lines)


def test_a_malformed_answer_is_an_error_and_writes_nothing(kb_copy):
    before = snapshot(kb_copy)
    with pytest.raises(WikidataError, match="not SPARQL JSON results"):
        update_kb(kb_copy, fetch=lambda q: {"error": "timeout"}, today=TODAY)
    assert snapshot(kb_copy) == before


def test_the_real_knowledge_base_is_unchanged_by_the_suite():
    # update_kb only ever ran on copies; the shipped files still parse
    assert kbmod.load_kb().by_iso2["KG"].qid == "Q813"


# --------------------------------------------------------------------------- queries

def test_queries_are_valid_sparql_with_generated_values_blocks():
    from rdflib.plugins.sparql import prepareQuery
    for name in wikidata.QUERY_NAMES:
        text = query_text(name, states=["Q232", "Q159"], orgs=["Q7779"], iso2=["KZ", "RU"],
                          since=date(2014, 1, 1))
        assert text.startswith(f"#geokg-query: {name}\n") and "__" not in text
        prepareQuery(text)
    assert "VALUES ?state { wd:Q232 wd:Q159 }" in query_text("heads", states=["Q232", "Q159"])


@pytest.mark.parametrize("bad", ["Q232 } ?x ?y ?z", "wd:Q1", "q1", "Q", ""])
def test_untrusted_qids_never_reach_a_query(bad):
    with pytest.raises(ValueError):
        query_text("heads", states=["Q232", bad])


def test_untrusted_iso_codes_never_reach_a_query():
    with pytest.raises(ValueError):
        query_text("states", iso2=['KZ" } #'])


# --------------------------------------------------------------------------- HTTP

class _Handler(http.server.BaseHTTPRequestHandler):
    seen: list[dict] = []
    status = 200
    body = b""

    def do_GET(self):  # noqa: N802
        type(self).seen.append({"path": self.path, **dict(self.headers)})
        self.send_response(self.status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(self.body)

    do_POST = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture
def local_endpoint():
    _Handler.seen, _Handler.status, _Handler.body = [], 200, (DATA / "heads.json").read_bytes()
    server = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_fetch_sends_the_headers_wikidata_asks_for(local_endpoint):
    answer = fetch(query_text("heads", states=["Q813"]), url=local_endpoint)
    assert answer == stored("heads")
    request = _Handler.seen[0]
    assert request["Accept"] == "application/sparql-results+json"
    assert request["User-Agent"].startswith("geokg/") and "kb update" in request["User-Agent"]
    assert request["path"].startswith("/sparql?query=")


def test_fetch_honours_the_environment_url(local_endpoint, monkeypatch):
    monkeypatch.setenv("GEOKG_WIKIDATA_URL", local_endpoint)
    assert fetch("#geokg-query: heads\nSELECT * {}") == stored("heads")


def test_fetch_http_errors_and_junk(local_endpoint):
    _Handler.status = 429
    with pytest.raises(WikidataUnavailable, match="HTTP 429"):
        fetch("SELECT * {}", url=local_endpoint)
    _Handler.status, _Handler.body = 200, b"<html>busy</html>"
    with pytest.raises(WikidataError, match="not SPARQL JSON results"):
        fetch("SELECT * {}", url=local_endpoint)


def test_fetch_unreachable_is_one_line():
    with pytest.raises(WikidataUnavailable) as exc:
        fetch("SELECT * {}", url="http://127.0.0.1:9/sparql", timeout=5)
    assert str(exc.value) == "Wikidata is not reachable (offline?)"


# --------------------------------------------------------------------------- CLI

def test_cli_offline_says_so_in_one_line_and_changes_nothing(kb_copy):
    before = snapshot(kb_copy)
    result = CliRunner().invoke(cli, ["kb", "update"], env={
        "GEOKG_KB_DIR": str(kb_copy), "GEOKG_WIKIDATA_URL": "http://127.0.0.1:9/sparql"})
    assert result.exit_code == 1
    assert result.stderr == OFFLINE + "\n"
    assert result.stdout == ""
    assert snapshot(kb_copy) == before


def test_cli_update_and_dry_run(kb_copy, monkeypatch):
    monkeypatch.setattr(wikidata, "fetch", StoredFetch())
    before = snapshot(kb_copy)
    runner = CliRunner()
    dry = runner.invoke(cli, ["kb", "update", "--dry-run"], env={"GEOKG_KB_DIR": str(kb_copy)})
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[2].startswith("persons: +2 new, 2 offices changed")
    assert "  Kyrgyzstan head_of_government: Akylbek Japarov → Adylbek Kasymaliev from 2024-12-16" in dry.stdout
    assert dry.stdout.rstrip().endswith(
        f"dry run: would rewrite organizations.yaml, persons.yaml, state_qids.csv, states.csv in {kb_copy}")
    assert snapshot(kb_copy) == before
    real = runner.invoke(cli, ["kb", "update", "--kb-dir", str(kb_copy)])
    assert real.exit_code == 0 and "rewrote organizations.yaml" in real.stdout
    assert snapshot(kb_copy) != before
    again = runner.invoke(cli, ["kb", "update", "--kb-dir", str(kb_copy)])
    assert again.stdout.rstrip().endswith("the knowledge base is up to date; nothing written")


def test_cli_rejects_a_bad_since(kb_copy):
    result = CliRunner().invoke(cli, ["kb", "update", "--since", "last year", "--kb-dir", str(kb_copy)])
    assert result.exit_code == 2 and "is not a date" in result.output


def test_cli_stats(kb_copy):
    result = CliRunner().invoke(cli, ["kb", "stats", "--kb-dir", str(kb_copy)])
    assert result.exit_code == 0
    assert "states: 197" in result.stdout and "persons with QID: " in result.stdout


def test_a_year_precision_date_does_not_overwrite_a_curated_day(kb_copy):
    answer = stored("heads")
    for b in answer["results"]["bindings"]:
        if b["person"]["value"].endswith("/Q200881"):  # Tokayev: "2019" only
            b["start"]["value"], b["startPrecision"]["value"] = "2019-01-01T00:00:00Z", "9"

    def fetcher(query: str) -> dict:
        return answer if query.startswith("#geokg-query: heads") else StoredFetch()(query)

    changes = update_kb(kb_copy, fetch=fetcher, dry_run=True, today=TODAY)
    assert not any("Tokayev" in line for line in changes.lines)
