"""The GDELT events loader on rows laid out exactly as GDELT's own export files.

Fixtures (``tests/loaders/data/``, see ``loaders/data/SOURCES.md``):

- ``20220224061500.export.CSV``: GDELT 2.0, 61 columns, 13 rows (one
  verbatim public row, a US-domestic event; twelve constructed events);
- ``20220224.export.CSV``: GDELT 1.0 daily file, 58 columns (two verbatim
  public rows whose actors have no country, two constructed events);
- ``200603.csv``: GDELT 1.0 historical backfile, 57 columns, no SOURCEURL;
- ``20220224063000.export.CSV``: GDELT 2.0 with six malformed rows between
  two good ones.
"""
from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from geokg.errors import InputError
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.claims import extraction_triples
from geokg.loaders.ingest import ingest_paths
from geokg.loaders.streams import InputLimits
from geokg.loaders.gdelt import COLUMNS_V1, COLUMNS_V2, cameo_codes, cameo_countries, read_gdelt
from geokg.loaders.kb import load_kb
from geokg.ontology import GKG
from geokg.ontology.vocab import CORE_RELATIONS, relation

DATA = Path(__file__).parent / "data"
V2 = DATA / "20220224061500.export.CSV"
V1 = DATA / "20220224.export.CSV"
V1_HISTORY = DATA / "200603.csv"
MALFORMED = DATA / "20220224063000.export.CSV"


def by_event(load) -> dict[str, object]:
    """Claims by GLOBALEVENTID."""
    return {c.event_id: c for e in load.extractions for c in e.claims}


def extra(claim) -> dict:
    return {p: o for _, p, o in claim.extra}


def iso(code: str):
    return load_kb().by_iso3[code].iri


# --------------------------------------------------------------------- layouts

def test_gdelt_column_lists_follow_the_codebooks():
    assert len(COLUMNS_V2) == 61 and len(COLUMNS_V1) == 58
    assert COLUMNS_V2[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert COLUMNS_V2[25:35] == ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                                 "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone")
    assert COLUMNS_V2[-2:] == ("DATEADDED", "SOURCEURL") and COLUMNS_V1[-2:] == ("DATEADDED", "SOURCEURL")
    assert "Actor1Geo_ADM2Code" in COLUMNS_V2 and not any("ADM2" in c for c in COLUMNS_V1)


def test_gdelt_v2_export_rows_counts_and_documents():
    load = read_gdelt(V2)
    assert (load.rows, load.loaded, load.filtered, load.malformed, load.unlinked, load.domestic) == (13, 10, 0, 0, 2, 1)
    assert load.rows == load.loaded + load.filtered + load.malformed + load.unlinked + load.domestic
    assert load.claims == 10 and load.layouts == {"2.0": 10} and load.problems == []
    assert {c.extractor for e in load.extractions for c in e.claims} == {"gdelt-2.0"}
    attack = by_event(load)["1030413101"]
    assert (attack.subject, attack.relation, attack.obj) == (iso("RUS"), "attacks", iso("UKR"))
    assert attack.date == "2022-02-24" and attack.negated is False
    assert attack.evidence == "GDELT event 1030413101: RUS 190 UKR (Use conventional military force)"
    [ext] = [e for e in load.extractions if attack in e.claims]
    assert str(ext.document.iri).endswith("/doc/gdelt-event-1030413101")
    assert ext.document.published == "2022-02-24T06:15:00Z"  # DATEADDED
    [article] = ext.sources
    assert attack.source == article.iri
    assert article.url == "https://news.example.org/world/2022/02/24/russia-launches-attack-on-ukraine"
    assert article.outlet == "news.example.org" and article.published is None


def test_gdelt_v1_daily_file_58_columns():
    load = read_gdelt(V1)
    assert (load.rows, load.loaded, load.unlinked, load.malformed) == (4, 2, 2, 0)
    claims = by_event(load)
    assert {c.extractor for c in claims.values()} == {"gdelt-1.0"}
    praise = claims["1030500777"]
    assert (praise.subject, praise.relation, praise.obj) == (iso("CHN"), "supports", iso("RUS"))
    doc = next(e.document for e in load.extractions if praise in e.claims)
    assert doc.published == "2022-02-24"  # GDELT 1.0 DATEADDED is YYYYMMDD
    # the two verbatim public rows: GOV/MIL and USA/COP actors without a country are not states
    assert load.unlinked_codes == {"GOV": 1, "MIL": 1, "COP": 1}


def test_gdelt_v1_history_57_columns_without_url_keyed_by_event():
    load = read_gdelt(V1_HISTORY)
    assert (load.rows, load.loaded, load.malformed) == (2, 2, 0)
    docs = [e.document for e in load.extractions]
    assert len(docs) == 2 and all(d.url is None for d in docs)
    assert all(e.sources == [] and e.claims[0].source is None for e in load.extractions)  # no article to cite
    assert len({d.iri for d in docs}) == 2
    # the key is the GLOBALEVENTID, so reading the file again gives the same documents
    assert [e.document.iri for e in read_gdelt(V1_HISTORY).extractions] == [d.iri for d in docs]


def test_gdelt_zip_is_read_like_the_csv_inside(tmp_path: Path):
    zipped = tmp_path / (V2.name + ".zip")
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(V2, V2.name)
    plain, packed = read_gdelt(V2), read_gdelt(zipped)
    assert packed.summary() == plain.summary()
    assert [extraction_triples(e) for e in packed.extractions] == [extraction_triples(e) for e in plain.extractions]


def test_gdelt_zip_without_exactly_one_file_is_a_clear_error(tmp_path: Path):
    two = tmp_path / "two.export.CSV.zip"
    with zipfile.ZipFile(two, "w") as zf:
        zf.write(V2, "a.CSV")
        zf.write(V1, "b.CSV")
    with pytest.raises(InputError, match="exactly one file; this one holds 2"):
        read_gdelt(two)
    broken = tmp_path / "broken.export.CSV.zip"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="not a zip archive"):
        read_gdelt(broken)
    with pytest.raises(InputError, match="no such file"):
        read_gdelt(tmp_path / "missing.export.CSV")


def test_gdelt_file_that_is_not_an_event_export_is_a_clear_error(tmp_path: Path):
    gkg = tmp_path / "20220224061500.gkg.csv"
    gkg.write_text("20220224061500-0\t20220224061500\t1\texample.org\thttps://example.org/a\t\t\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a GDELT event export: line 1 has 7 tab-separated columns"):
        read_gdelt(gkg)


def test_gdelt_header_line_of_bigquery_exports_is_skipped(tmp_path: Path):
    with_header = tmp_path / "events.tsv"
    with_header.write_text("\t".join(COLUMNS_V2) + "\n" + V2.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_gdelt(with_header).summary() == read_gdelt(V2).summary()


# --------------------------------------------------------------------- mapping

def test_gdelt_cameo_table_covers_every_root_and_uses_ontology_relations():
    codes = cameo_codes()
    assert {f"{r:02d}" for r in range(1, 21)} <= set(codes)
    assert all(c.relation in CORE_RELATIONS for c in codes.values())
    assert len(codes) > 300  # every CAMEO 1.1b3 event code has a row (and its label)
    # where the ontology names a CAMEO code for a relation and the table calls it exact, they agree
    for c in codes.values():
        if c.match == "exact" and len(c.code) <= 3:
            assert c.code in relation(c.relation).cameo or c.code[:2] in relation(c.relation).cameo, c


@pytest.mark.parametrize("code, rel, modality", [
    ("190", "attacks", None), ("1384", "threatens", None), ("163", "sanctions", None),
    ("046", "negotiatesWith", None), ("045", "mediates", None), ("057", "signsAgreementWith", None),
    ("042", "visits", None), ("0231", "seeksSupportFrom", None), ("051", "supports", None),
    ("036", "negotiatesWith", "intended"), ("0332", "providesAidTo", "intended"), ("161", "distancesFrom", None),
])
def test_gdelt_event_codes_map_to_core_relations(code, rel, modality):
    entry = cameo_codes()[code]
    assert (entry.relation, entry.modality) == (rel, modality)


def test_gdelt_relations_of_the_fixture_events():
    claims = by_event(read_gdelt(V2))
    got = {k: (c.relation, c.modality) for k, c in claims.items()}
    assert got == {
        "1030413101": ("attacks", None), "1030413102": ("attacks", None), "1030413187": ("sanctions", None),
        "1032265410": ("mediates", None), "1032265411": ("negotiatesWith", None),
        "1031630522": ("seeksSupportFrom", None), "1062817390": ("negotiatesWith", "intended"),
        "1062817391": ("meetsWith", None), "1031793010": ("visits", None), "1029001234": ("threatens", None),
    }


def test_gdelt_unmapped_codes_are_kept_as_cameo_event_claims():
    statement = by_event(read_gdelt(V2))["1062817391"]  # CAMEO 010 Make statement: no core relation
    assert cameo_codes()["010"].match == "closest"
    assert statement.relation == "meetsWith"
    assert extra(statement)[GKG.cameoEvent] == Literal("010")
    truce = by_event(read_gdelt(V1_HISTORY))["498311200"]  # 0871 Declare truce, ceasefire (08 Yield)
    assert truce.relation == "cooperatesWith" and extra(truce)[GKG.cameoEvent] == Literal("0871")
    assert "Declare truce, ceasefire" in truce.evidence


def test_gdelt_code_missing_from_the_table_falls_back_to_base_then_root():
    fields = V2.read_text(encoding="utf-8").splitlines()[1].split("\t")
    fields[26:29] = ["1935", "193", "19"]  # a 4-digit code CAMEO 1.1b3 does not list, under 193
    load = read_gdelt(io.BytesIO(("\t".join(fields) + "\n").encode()), name="x.export.CSV")
    [claim] = load.extractions[0].claims
    assert claim.relation == "attacks" and extra(claim)[GKG.cameoEvent] == Literal("1935")
    assert claim.evidence.endswith("RUS 1935 UKR (Fight with small arms and light weapons)")


def test_gdelt_goldstein_tone_and_counts_are_kept_on_the_claim():
    attack = by_event(read_gdelt(V2))["1030413101"]
    kept = extra(attack)
    assert kept[GKG.goldsteinScale] == Literal(Decimal("-10.0"), datatype=XSD.decimal)
    assert kept[GKG.avgTone] == Literal(Decimal("-8.09716599190283"), datatype=XSD.decimal)
    assert kept[GKG.numSources] == Literal(10, datatype=XSD.integer)
    assert kept[GKG.numArticles] == Literal(40, datatype=XSD.integer)
    assert attack.confidence == 0.85  # 0.5 + 0.1 * log2(11)
    assert by_event(read_gdelt(V2))["1031630522"].confidence == 0.6  # one source


def test_gdelt_cameo_country_exceptions_and_actor_code_fallback():
    assert cameo_countries()["ROM"] == "ROU" and cameo_countries()["TMP"] == "TLS"
    claims = by_event(read_gdelt(V2))
    assert claims["1031793010"].subject == iso("ROU")  # Actor1CountryCode ROM
    # Actor1CountryCode empty, Actor1Code UKRGOV: the first three letters name the state
    assert claims["1029001234"].subject == iso("UKR")


def test_gdelt_unlinked_and_domestic_rows_are_counted_and_reported():
    load = read_gdelt(V2)
    assert load.unlinked == 2 and load.unlinked_codes == {"-": 1, "EUR": 1}  # no Actor2; the region Europe
    assert load.domestic == 1  # the verbatim public USAGOV-USA row
    assert "2 not linked to a state" in load.summary() and "1 domestic" in load.summary()


def test_gdelt_rows_sharing_a_url_share_an_article_but_not_a_graph():
    load = read_gdelt(V2)
    assert len(load.extractions) == 10  # one per loaded event
    exts = [e for e in load.extractions if e.sources and e.sources[0].url.endswith("russia-launches-attack-on-ukraine")]
    assert sorted(e.claims[0].event_id for e in exts) == ["1030413101", "1030413102"]
    assert len({e.sources[0].iri for e in exts}) == 1  # one article
    assert len({e.document.iri for e in exts}) == 2  # two graphs
    # same subject, relation and object in one article: still two claim nodes
    assert len({e.claims[0].iri(e.document.iri) for e in exts}) == 2
    # the article IRI is a hash of the URL, the same in the 1.0 file that reports the same article
    v1_article = next(e.sources[0] for e in read_gdelt(V1).extractions if e.sources[0].url == exts[0].sources[0].url)
    assert v1_article.iri == exts[0].sources[0].iri


# --------------------------------------------------------------------- filters

def test_gdelt_filter_root_codes():
    load = read_gdelt(V2, root_codes=["19", "18"])
    assert {c.relation for e in load.extractions for c in e.claims} == {"attacks"}
    assert (load.loaded, load.filtered, load.unlinked) == (2, 10, 1)  # the third 190 lacks Actor2
    assert read_gdelt(V2, root_codes=[4]).loaded == 3  # 4 and "04" are the same root (045, 046, 042)
    with pytest.raises(InputError, match="not a CAMEO root code"):
        read_gdelt(V2, root_codes=["21"])


def test_gdelt_filter_countries():
    load = read_gdelt(V2, countries=["KAZ"])
    assert [c.event_id for e in load.extractions for c in e.claims] == ["1062817390"]
    assert read_gdelt(V2, countries=["ROM"]).loaded == 1  # the CAMEO code of Romania
    assert read_gdelt(V2, countries=["ROU"]).loaded == 1
    with pytest.raises(InputError, match="not a CAMEO country code"):
        read_gdelt(V2, countries=["XXX"])


def test_gdelt_filter_since_until():
    load = read_gdelt(V2, since="2022-03-01", until="2022-03-10")
    assert sorted(c.date for e in load.extractions for c in e.claims) == [
        "2022-03-01", "2022-03-02", "2022-03-10", "2022-03-10"]
    assert read_gdelt(V2, until=date(2021, 12, 31)).loaded == 1
    with pytest.raises(InputError, match="not a date"):
        read_gdelt(V2, since="24.02.2022")


def test_gdelt_filter_min_sources():
    load = read_gdelt(V2, min_sources=5)
    assert sorted(c.event_id for e in load.extractions for c in e.claims) == ["1030413101", "1032265410",
                                                                               "1032265411"]
    assert all(extra(c)[GKG.numSources].toPython() >= 5 for e in load.extractions for c in e.claims)


# --------------------------------------------------------------------- malformed rows

def test_gdelt_malformed_rows_are_counted_with_line_numbers_and_the_load_goes_on():
    load = read_gdelt(MALFORMED)
    assert (load.rows, load.loaded, load.malformed) == (8, 2, 6)
    assert load.problems == [
        "line 2: 60 tab-separated columns; GDELT 2.0 events have 61, GDELT 1.0 58 (57 before April 2013)",
        "line 3: SQLDATE '20220231' is not a date (YYYYMMDD)",
        "line 4: 62 tab-separated columns; GDELT 2.0 events have 61, GDELT 1.0 58 (57 before April 2013)",
        "line 5: NumSources 'ten' is not a whole number",
        "line 6: GoldsteinScale '-10,0' is not a number",
        "line 7: EventRootCode '21' is not a CAMEO root code (01 to 20)",
    ]
    assert sorted(c.event_id for e in load.extractions for c in e.claims) == ["1030413101", "1030413187"]


def test_gdelt_only_the_first_ten_problems_are_listed(tmp_path: Path):
    good = V2.read_text(encoding="utf-8").splitlines()[1]
    short = "\t".join(good.split("\t")[:50])
    f = tmp_path / "many.export.CSV"
    f.write_text("\n".join([good] + [short] * 25) + "\n", encoding="utf-8")
    load = read_gdelt(f)
    assert (load.malformed, load.loaded, len(load.problems)) == (25, 1, 10)
    assert load.problems[0].startswith("line 2: 50 tab-separated columns")
    assert load.problems[-1].startswith("line 11:")


# --------------------------------------------------------------------- store

def test_gdelt_reload_into_a_store_changes_nothing(tmp_path: Path):
    def load_into(kg: KnowledgeGraph, path: Path) -> None:
        for ext in read_gdelt(path).extractions:
            kg.replace_graph(ext.document.iri, extraction_triples(ext))

    copy = tmp_path / "in" / V2.name
    copy.parent.mkdir()
    shutil.copy(V2, copy)
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        kg.ensure_background()
        load_into(kg, V2)
        first = kg.stats()
        load_into(kg, V2)
        load_into(kg, copy)  # the same file from another folder
        again = kg.stats()
        assert first["claims"] == again["claims"] == 10
        assert first["documents"] == again["documents"] == 10  # one graph per event
        assert first["relations"] == again["relations"]
        rows = kg.query("""SELECT ?code ?g ?tone ?n WHERE { GRAPH ?d {
                             ?c gkg:cameoEvent ?code ; gkg:goldsteinScale ?g ; gkg:avgTone ?tone ;
                                gkg:numSources ?n ; rdf:predicate gkg:sanctions } }""").rows
        assert [(str(r["code"]), r["g"].toPython(), r["n"].toPython()) for r in rows] == [
            ("163", Decimal("-8.0"), 3)]
        assert kg.query("ASK { GRAPH ?d { ?s gkg:attacks ?o } }", s=iso("RUS"), o=iso("UKR")).answer is True


# --------------------------------------------------------------------- events keyed by GLOBALEVENTID

def gdelt_row(event_id: str, url: str, code: str = "190", actor1: str = "RUS", actor2: str = "UKR",
              added: str = "20220224061500") -> str:
    """One GDELT 2.0 event row (61 tab-separated columns), as GDELT writes them."""
    row = [event_id, "20220224", "202202", "2022", "2022.1507", actor1, actor1, actor1] + [""] * 7
    row += [actor2, actor2, actor2] + [""] * 7 + ["1", code, code, code[:2], "4", "-10.0", "10", "2", "10", "-8.1"]
    row += ["4", "Kyiv, Kyyiv, Misto, Ukraine", "UP", "UP12", "", "50.4333", "30.5167", "-1044367"] * 3
    row += [added, url]
    assert len(row) == 61
    return "\t".join(row) + "\n"


URL = "https://news.example.org/2022/02/24/invasion"


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    """Two 15-minute files whose three events come from one article (one SOURCEURL)."""
    first = tmp_path / "20220224061500.export.CSV"
    first.write_text(gdelt_row("1042374568", URL) + gdelt_row("1042374569", URL, code="173"), encoding="utf-8")
    second = tmp_path / "20220224063000.export.CSV"
    second.write_text(gdelt_row("1042374601", URL, code="163", actor1="USA", actor2="RUS", added="20220224063000"),
                      encoding="utf-8")
    return first, second


def _claims_and_articles(kg: KnowledgeGraph) -> tuple[set[str], set[str]]:
    rows = kg.query("SELECT ?c ?a WHERE { ?c a gkg:Claim ; prov:wasDerivedFrom ?a . ?a schema:url ?u }").rows
    return {str(r["c"]) for r in rows}, {str(r["a"]) for r in rows}


def test_gdelt_two_files_sharing_a_source_url_keep_every_event(tmp_path: Path, two_files):
    first, second = two_files
    apart, together = tmp_path / "apart", tmp_path / "together"
    with KnowledgeGraph.open(apart) as kg:
        ingest_paths(kg, [first], fmt="gdelt")
        ingest_paths(kg, [second], fmt="gdelt")
        claims_apart, articles = _claims_and_articles(kg)
        assert kg.stats()["claims"] == 3
    with KnowledgeGraph.open(together) as kg:
        ingest_paths(kg, [first, second], fmt="gdelt")
        claims_together, _ = _claims_and_articles(kg)
    assert claims_apart == claims_together and len(claims_apart) == 3
    assert len(articles) == 1  # the article is one node, cited by all three events


def test_gdelt_loading_a_file_again_changes_nothing(tmp_path: Path, two_files):
    first, second = two_files
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        ingest_paths(kg, [first, second], fmt="gdelt")
        before = kg.export("nquads", None)
        ingest_paths(kg, [second], fmt="gdelt")
        ingest_paths(kg, [first], fmt="gdelt")
        ingest_paths(kg, [first, second], fmt="gdelt", bulk=True)
        after = kg.export("nquads", None)
    assert sorted(before.splitlines()) == sorted(after.splitlines())


def test_gdelt_a_later_file_with_an_updated_event_replaces_that_event_only(tmp_path: Path, two_files):
    first, second = two_files
    update = tmp_path / "20220224064500.export.CSV"
    update.write_text(gdelt_row("1042374569", URL, code="190"), encoding="utf-8")  # event 569 re-coded
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        ingest_paths(kg, [first, second, update], fmt="gdelt")
        assert kg.stats()["claims"] == 3
        codes = {str(r["c"]).rsplit("-", 1)[-1]: str(r["code"]) for r in kg.query(
            "SELECT ?c ?code WHERE { ?c gkg:cameoEvent ?code }").rows}
    assert codes == {"1042374568": "190", "1042374569": "190", "1042374601": "163"}


# --------------------------------------------------------------------- zip inputs within limits

def _zip(path: Path, member: str, chunks) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open(member, "w") as out:
        for chunk in chunks:
            out.write(chunk)
    return path


SMALL = InputLimits(max_bytes=4 * 1024 * 1024, max_ratio=50, ratio_floor=1024 * 1024, max_line=64 * 1024)


def test_gdelt_zip_of_zeros_is_refused_before_memory_fills(tmp_path: Path):
    bomb = _zip(tmp_path / "zeros.export.CSV.zip", "zeros.export.CSV", [b"\0" * (1024 * 1024)] * 3)
    assert bomb.stat().st_size < 20_000
    with pytest.raises(InputError, match="longer than 65536 bytes"):
        read_gdelt(bomb, limits=SMALL)


def test_gdelt_zip_of_newlines_is_refused_by_its_ratio(tmp_path: Path):
    bomb = _zip(tmp_path / "lines.export.CSV.zip", "lines.export.CSV", [b"\n" * (1024 * 1024)] * 3)
    with pytest.raises(InputError, match="times its .* compressed bytes; refused as a zip bomb"):
        read_gdelt(bomb, limits=SMALL)


def test_gdelt_zip_larger_than_the_cap_is_refused(tmp_path: Path):
    rows = V2.read_bytes()
    big = _zip(tmp_path / "big.export.CSV.zip", "big.export.CSV", [rows] * (5 * 1024 * 1024 // len(rows) + 1))
    with pytest.raises(InputError, match="unpacks to .* bytes, more than the limit of 4194304"):
        read_gdelt(big, limits=SMALL)
    # a header that lies about the size is caught while reading
    with pytest.raises(InputError, match="more than 4194304 bytes uncompressed"):
        read_gdelt(io.BytesIO(rows * (5 * 1024 * 1024 // len(rows) + 1)), limits=SMALL)


def test_gdelt_zip_within_the_caps_reads_with_blank_lines_and_line_numbers(tmp_path: Path):
    body = [b"\n" * 3, V2.read_bytes(), b"\n" * (2 * 1024 * 1024), b"garbage\tline\n"]
    packed = _zip(tmp_path / "ok.export.CSV.zip", "ok.export.CSV", body)
    load = read_gdelt(packed, limits=InputLimits(max_bytes=8 * 1024 * 1024, max_ratio=10_000, ratio_floor=1024))
    assert load.loaded == read_gdelt(V2).loaded == 10
    assert load.problems == [f"line {3 + 13 + 2 * 1024 * 1024 + 1}: 2 tab-separated columns; GDELT 2.0 events "
                             f"have 61, GDELT 1.0 58 (57 before April 2013)"]


def test_cli_ingest_zip_bomb_is_one_line_and_exit_2(tmp_path: Path):
    from click.testing import CliRunner

    from geokg.cli import cli

    bomb = _zip(tmp_path / "lines.export.CSV.zip", "lines.export.CSV", [b"\n" * (1024 * 1024)] * 3)
    result = CliRunner().invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(bomb)],
                                env={"GEOKG_MAX_INPUT_BYTES": "2M"})
    assert result.exit_code == 2
    assert result.stderr.startswith("geokg: error: ") and result.stderr.strip().count("\n") == 0
    assert "unpacks to 3145728 bytes, more than the limit of 2097152" in result.stderr
    assert "Traceback" not in result.output


def test_gdelt_plain_file_larger_than_the_cap_is_refused_before_reading(tmp_path: Path):
    big = tmp_path / "big.export.CSV"
    big.write_bytes(V2.read_bytes() * 2)
    with pytest.raises(InputError, match="is .* bytes, more than the limit of 1000"):
        read_gdelt(big, limits=InputLimits(max_bytes=1000))
