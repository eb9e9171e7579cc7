"""Every document format the article loader reads, with its metadata."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geokg.errors import InputError
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.documents import iter_sources, read_path
from geokg.loaders.ingest import ingest_paths

DE = "Der russische Präsident Wladimir Putin reist nach Kasachstan. Dort trifft er Tokajew."
EN = "Turkey's foreign minister met his Ukrainian counterpart in Ankara. Turkey supports Ukraine."


def test_documents_plain_text_title_and_sidecar(tmp_path: Path):
    p = tmp_path / "story.txt"
    p.write_text("Putin in Astana\n\n" + DE, encoding="utf-8")
    (tmp_path / "story.json").write_text(json.dumps({"url": "https://example.org/s", "published": "2022-10-12",
                                                     "source": "Example", "language": "de"}))
    [src] = list(read_path(p))
    assert src.title == "Putin in Astana" and src.text == DE
    assert (src.url, src.published, src.outlet, src.language) == ("https://example.org/s", "2022-10-12", "Example", "de")


def test_documents_plain_text_without_title(tmp_path: Path):
    p = tmp_path / "story.txt"
    p.write_text(DE, encoding="utf-8")
    [src] = list(read_path(p))
    assert src.title is None and src.text == DE


def test_documents_markdown_heading_is_the_title(tmp_path: Path):
    p = tmp_path / "story.md"
    p.write_text("# Turkey and Ukraine\n\n**Turkey** supports [Ukraine](https://x.org).\n", encoding="utf-8")
    [src] = list(read_path(p))
    assert src.title == "Turkey and Ukraine" and src.text == "Turkey supports Ukraine."


def test_documents_html_main_text_without_boilerplate(tmp_path: Path):
    p = tmp_path / "page.html"
    body = " ".join([EN] * 4)
    p.write_text(f"""<html><head><title>Talks in Ankara</title><script>alert(1)</script></head>
      <body><nav>Home | World | Sport</nav><article><h1>Talks in Ankara</h1><p>{body}</p></article>
      <footer>Copyright Example Media</footer></body></html>""", encoding="utf-8")
    [src] = list(read_path(p))
    assert "Turkey supports Ukraine" in src.text
    assert "alert" not in src.text and "Copyright" not in src.text and "Sport" not in src.text
    assert src.title == "Talks in Ankara"


def test_documents_jsonl_one_article_per_line(tmp_path: Path):
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join(json.dumps(x) for x in [
        {"text": DE, "title": "A", "language": "de", "published": "2022-10-12"},
        {"text": EN, "title": "B", "url": "https://example.org/b"},
    ]) + "\n", encoding="utf-8")
    a, b = list(read_path(p))
    assert (a.title, a.language, a.published) == ("A", "de", "2022-10-12")
    assert (b.title, b.url) == ("B", "https://example.org/b") and a.key != b.key


def test_documents_jsonl_bad_line_names_its_number(tmp_path: Path):
    p = tmp_path / "batch.jsonl"
    p.write_text(json.dumps({"text": EN}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"batch.jsonl:2: not valid JSON"):
        list(read_path(p))


def test_documents_rss_feed_items(tmp_path: Path):
    p = tmp_path / "feed.rss"
    p.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
      <language>en</language>
      <item><title>Ankara talks</title><link>https://example.org/1</link>
        <pubDate>Wed, 12 Oct 2022 10:00:00 GMT</pubDate><description>{EN}</description></item>
      <item><title>Second</title><link>https://example.org/2</link><description>Russia attacked Ukraine.</description></item>
      </channel></rss>""", encoding="utf-8")
    items = list(read_path(p))
    assert [i.title for i in items] == ["Ankara talks", "Second"]
    assert items[0].published == "2022-10-12" and items[0].outlet == "Example Wire" and items[0].url == "https://example.org/1"


def test_documents_atom_feed(tmp_path: Path):
    p = tmp_path / "feed.atom"
    p.write_text(f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
      <title>Atom Wire</title><entry><title>Talks</title><link href="https://example.org/a"/>
      <updated>2022-10-12T10:00:00Z</updated><published>2022-10-12T10:00:00Z</published>
      <summary>{EN}</summary></entry></feed>""", encoding="utf-8")
    [item] = list(read_path(p))
    assert item.title == "Talks" and item.url == "https://example.org/a" and item.published == "2022-10-12"


def test_documents_folder_expands_and_skips_sidecars(tmp_path: Path):
    (tmp_path / "a.txt").write_text(DE, encoding="utf-8")
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(EN, encoding="utf-8")
    assert [p.name for p in iter_sources([tmp_path])] == ["a.txt", "b.md"]


def test_documents_latin1_text_is_decoded(tmp_path: Path):
    p = tmp_path / "alt.txt"
    p.write_bytes("Die Türkei unterstützt die Ukraine. Außenminister Çavuşoğlu".encode("cp1252", errors="replace"))
    [src] = list(read_path(p))
    assert "Türkei" in src.text and "Außenminister" in src.text


def test_documents_binary_file_is_refused(tmp_path: Path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError, match="binary"):
        list(read_path(p))


def test_ingest_skips_unsupported_language_with_a_warning(tmp_path: Path, caplog):
    (tmp_path / "fr.txt").write_text("Le président russe Vladimir Poutine s'est rendu au Kazakhstan pour "
                                     "rencontrer son homologue kazakh lors du sommet.", encoding="utf-8")
    (tmp_path / "de.txt").write_text(DE, encoding="utf-8")
    kg = KnowledgeGraph.open("memory")
    report = ingest_paths(kg, [tmp_path])
    assert report.documents == 1 and report.skipped == 1
    assert "language fr is not supported" in caplog.text


def test_ingest_language_detected_when_not_given(tmp_path: Path):
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    kg = KnowledgeGraph.open("memory")
    ingest_paths(kg, [tmp_path])
    assert str(kg.query("SELECT ?l WHERE { ?d dcterms:language ?l }").rows[0]["l"]) == "en"
