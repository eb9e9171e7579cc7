"""Curated claim tables (CSV, YAML) and RDF files through the loaders and the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli import cli
from geokg.errors import InputError, UnknownActor
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.curated import read_curated
from geokg.loaders.ingest import ingest_paths
from geokg.loaders.rdf import read_rdf

CSV = """subject,relation,object,date,source,evidence,negated,attributed_to,confidence
Türkei,mediates,Russland,2022-10-13,https://example.org/a,Ankara vermittelt.,false,,0.9
Kasachstan,supports,Russia,2022-10-14,Analyst notes,Astana backs Moscow?,true,Temur Umarov,0.5
Turkey,callsFor,ceasefire,2022-10-15,https://example.org/a,,no,,
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_curated_csv_rows_become_claims_with_sources(tmp_path):
    ext = read_curated(write(tmp_path, "t.csv", CSV), create_actors=True)
    rels = [(str(c.subject).rsplit("/", 1)[1], c.relation, str(c.obj).rsplit("/", 1)[1]) for c in ext.claims]
    assert rels == [("turkiye", "mediates", "russia"), ("kazakhstan", "supports", "russia"),
                    ("turkiye", "callsFor", "ceasefire")]
    neg = ext.claims[1]
    assert neg.negated and neg.confidence == 0.5 and str(neg.attributed_to).endswith("actor/temur-umarov")
    assert {d.url or d.title for d in ext.sources} == {"https://example.org/a", "Analyst notes"}
    assert ext.claims[0].source == ext.claims[2].source


def test_curated_yaml_table(tmp_path):
    p = write(tmp_path, "t.yaml", "claims:\n  - {subject: NATO, relation: opposes, object: Russland, date: 2022-03}\n")
    [c] = read_curated(p).claims
    assert (c.relation, c.date) == ("opposes", "2022-03")


def test_curated_unknown_relation_lists_valid_ones(tmp_path):
    p = write(tmp_path, "t.csv", "subject,relation,object\nRussia,invades,Ukraine\n")
    with pytest.raises(InputError, match=r"t.csv:2: unknown relation 'invades'; valid relations: .*attacks"):
        read_curated(p)


def test_curated_unknown_actor_suggests_close_names(tmp_path):
    p = write(tmp_path, "t.csv", "subject,relation,object\nKazakstan,supports,Russia\n")
    with pytest.raises(UnknownActor, match=r"t.csv:2: unknown actor 'Kazakstan'; did you mean 'Kazakhstan'"):
        read_curated(p)


def test_curated_create_actors_mints_new_ones(tmp_path):
    p = write(tmp_path, "t.csv", "subject,relation,object\nAtlantis Council,supports,Ukraine\n")
    ext = read_curated(p, create_actors=True)
    assert [e.label_en for e in ext.entities] == ["Atlantis Council"]


@pytest.mark.parametrize("row, message", [
    ("Russia,attacks,Ukraine,24.02.2022", "date .24.02.2022. is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("Russia,attacks,Ukraine,2022-02-24,,,maybe", "negated must be true or false"),
    ("Russia,attacks,Ukraine,2022-02-24,,,false,,high", "confidence must be a number"),
    ("Russia,attacks,Ukraine,2022-02-24,,,false,,1.5", "confidence must be from 0 to 1"),
])
def test_curated_bad_values_name_the_line(tmp_path, row, message):
    p = write(tmp_path, "t.csv", "subject,relation,object,date,source,evidence,negated,attributed_to,confidence\n" + row + "\n")
    with pytest.raises(InputError, match=rf"t.csv:2: {message}"):
        read_curated(p)


def test_curated_missing_columns(tmp_path):
    with pytest.raises(InputError, match="missing column"):
        read_curated(write(tmp_path, "t.csv", "who,what\nRussia,Ukraine\n"))


def test_curated_malformed_yaml(tmp_path):
    with pytest.raises(InputError, match="invalid YAML"):
        read_curated(write(tmp_path, "t.yaml", "claims: [subject: {\n"))


def claim_rows(kg) -> list[tuple]:
    rows = kg.query("SELECT ?c ?p WHERE { ?c a gkg:Claim ; rdf:predicate ?p } ORDER BY ?c").rows
    return [(r["c"], r["p"]) for r in rows]


def test_curated_loading_twice_changes_nothing(tmp_path):
    p = write(tmp_path, "t.csv", CSV)
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        ingest_paths(kg, [p], create_actors=True)
        before = claim_rows(kg)
        ingest_paths(kg, [p], create_actors=True)
        assert claim_rows(kg) == before and len(before) == 3
        assert kg.query("ASK { ?s gkg:supports ?o }", s=kg.actor("Kasachstan"), o=kg.actor("Russia")).answer is False
        conforms, report = kg.validate()
        assert conforms, report


def test_curated_resolves_actors_the_articles_introduced(tmp_path, seeded_store):
    with KnowledgeGraph.open(seeded_store) as kg:  # the seed article ingested
        p = write(tmp_path, "t.csv", "subject,relation,object\nTemur Umarov,opposes,Russia\n")
        [c] = read_curated(p, resolve=kg.actor).claims
        assert str(c.subject).endswith("person/temur-umarov")


def test_rdf_turtle_into_its_own_graph_and_reload_replaces(tmp_path):
    ttl = write(tmp_path, "extra.ttl", "@prefix gkg: <https://w3id.org/geokg/ontology#> .\n"
                "@prefix gkgr: <https://w3id.org/geokg/id/> .\ngkgr:russia gkg:memberOf gkgr:csto .\n")
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        ingest_paths(kg, [ttl])
        ingest_paths(kg, [ttl])
        name, _ = read_rdf(ttl)
        n = kg.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=name).rows[0]["n"]
        assert int(n) == 1


@pytest.mark.parametrize("suffix, text", [
    (".nt", "<https://w3id.org/geokg/id/a> <https://w3id.org/geokg/ontology#allyOf> <https://w3id.org/geokg/id/b> .\n"),
    (".nq", "<https://w3id.org/geokg/id/a> <https://w3id.org/geokg/ontology#allyOf> <https://w3id.org/geokg/id/b> <https://x.org/g> .\n"),
    (".trig", "<https://x.org/g> { <https://w3id.org/geokg/id/a> <https://w3id.org/geokg/ontology#allyOf> <https://w3id.org/geokg/id/b> }\n"),
    (".jsonld", json.dumps({"@id": "https://w3id.org/geokg/id/a",
                            "https://w3id.org/geokg/ontology#allyOf": {"@id": "https://w3id.org/geokg/id/b"}})),
])
def test_rdf_every_format_reads_one_triple(tmp_path, suffix, text):
    name, triples = read_rdf(write(tmp_path, "f" + suffix, text), graph="https://example.org/mine")
    assert str(name) == "https://example.org/mine" and len(triples) == 1


def test_rdf_syntax_error_is_clear(tmp_path):
    with pytest.raises(InputError, match=r"bad.ttl: invalid Turtle: .*line 1"):
        read_rdf(write(tmp_path, "bad.ttl", "<a> <b> .\n"))


def test_rdf_validate_refuses_a_broken_claim_and_writes_nothing(tmp_path):
    bad = write(tmp_path, "bad.ttl", "@prefix gkg: <https://w3id.org/geokg/ontology#> .\n"
                "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
                "<https://x.org/c> a gkg:Claim ; rdf:subject <https://x.org/a> .\n")
    store = tmp_path / "store"
    res = CliRunner().invoke(cli, ["ingest", str(bad), "--validate"], env={"GEOKG_STORE": str(store)})
    assert res.exit_code == 2 and "does not conform" in res.output
    with KnowledgeGraph.open(store) as kg:
        assert kg.query("ASK { ?c a gkg:Claim }").answer is False


def test_cli_ingest_curated_table(tmp_path):
    p = write(tmp_path, "t.csv", CSV)
    res = CliRunner().invoke(cli, ["ingest", str(p), "--create-actors"], env={"GEOKG_STORE": str(tmp_path / "s")})
    assert res.exit_code == 0 and "ingested 1 document(s), 3 claim(s)" in res.output


def test_cli_ingest_unknown_actor_exits_2(tmp_path):
    p = write(tmp_path, "t.csv", "subject,relation,object\nKazakstan,supports,Russia\n")
    res = CliRunner().invoke(cli, ["ingest", str(p)], env={"GEOKG_STORE": str(tmp_path / "s")})
    assert res.exit_code == 2 and "did you mean 'Kazakhstan'" in res.output


NAMES = ["Temur Umarov", "Umarov", "Tokayev", "Kasachstan", "KAZ", "kz", "Türkei", "Turkey", "Erdoğan", "erdogan",
         "NATO", "UN", "Vereinte Nationen", "CICA", "gkgr:russia", "https://w3id.org/geokg/id/ukraine", "Putin"]


def test_curated_store_names_answer_as_the_store_does(seeded_store):
    from geokg.loaders.curated import StoreNames

    with KnowledgeGraph.open(seeded_store) as kg:  # the seed article ingested
        names = StoreNames(kg)
        assert [names(n) for n in NAMES] == [kg.actor(n) for n in NAMES]
        with pytest.raises(UnknownActor, match="unknown actor 'Kasachstn'; did you mean 'Kasachstan'"):
            names("Kasachstn")


def _table(rows: int) -> str:
    """Every column in use: negated rows, speakers, confidences, evidence, months and days, aims, sources."""
    import csv
    import io

    states = ["Turkey", "Russland", "Kasachstan", "Ukraine", "France", "China", "Deutschland"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["subject", "relation", "object", "date", "source", "evidence", "negated", "attributed_to",
                "confidence"])
    for k in range(rows):
        rel, obj = ("callsFor", "a lasting ceasefire") if k % 9 == 0 else ("supports", states[(k + 1 + k // 7) % 7])
        when = f"2022-{1 + k % 12:02d}" if k % 5 == 0 else ("" if k % 11 == 0 else f"2022-10-{1 + k % 28:02d}")
        w.writerow([states[k % 7], rel, obj, when, "" if k % 6 == 0 else f"https://example.org/{k // 4}",
                    "" if k % 2 else f'Row {k} says "so", with a comma', "true" if k % 4 == 0 else "",
                    "Erdoğan" if k % 3 == 0 else "", "" if k % 7 else 0.35])
    return buf.getvalue()


def _table_quads(kg) -> list[bytes]:
    return sorted(line for line in kg.export("nquads", None).splitlines() if b"/id/doc/curated-t-" in line)


@pytest.mark.parametrize("bulk, bulk_document", [(False, 10**9), (True, 10**9), (False, 30)])
def test_curated_large_table_is_written_in_chunks_to_the_same_graph(tmp_path, monkeypatch, bulk, bulk_document):
    import geokg.loaders.ingest as ingest_module

    table = write(tmp_path, "t.csv", _table(40))
    with KnowledgeGraph.open(tmp_path / "small") as kg:
        ingest_paths(kg, [table])
        expected = _table_quads(kg)
        assert len(expected) > 40 * 10
    monkeypatch.setattr(ingest_module, "LARGE_DOCUMENT", 10)  # 40 rows count as a large table
    monkeypatch.setattr(ingest_module, "_CHUNK", 7)
    monkeypatch.setattr(ingest_module, "BULK_DOCUMENT", bulk_document)  # 30: 40 rows are bulk-loaded anyway
    with KnowledgeGraph.open(tmp_path / "large") as kg:
        report = ingest_paths(kg, [table], bulk=bulk, progress=True)
        assert _table_quads(kg) == expected
        assert any("40 claims bulk-loaded (not transactional" in n for n in report.notes) == (bulk_document == 30)
        write(tmp_path, "t.csv", _table(25))  # the analyst shortens the table: loading it replaces the graph
        report = ingest_paths(kg, [table], bulk=bulk)
        assert report.claims == 25 and kg.stats()["claims"] == 25
