"""GDELT event exports into claims: one named graph per event (GLOBALEVENTID), one claim per event.

Reads the GDELT 2.0 event table (``YYYYMMDDHHMMSS.export.CSV[.zip]``, 61
tab-separated columns, GDELT Event Codebook V2.0) and the GDELT 1.0 daily and
historical files (``YYYYMMDD.export.CSV[.zip]``: 58 columns, or 57 in the
historical backfile, which has no ``SOURCEURL``; GDELT Data Format Codebook
V1.03). The number of columns of each row decides its layout; any other
count makes the row malformed. A ``.zip`` must hold exactly one file.

Each event becomes one :class:`~geokg.loaders.claims.Claim`:

- **subject / object**: the states of Actor1 and Actor2, from
  ``Actor1CountryCode``/``Actor2CountryCode`` or, when that is empty, from the
  first three letters of ``Actor1Code``/``Actor2Code`` if they are a country
  code. CAMEO country codes are ISO 3166-1 alpha-3 codes except for the
  handful in ``loaders/data/cameo_countries.csv`` (``ROM`` -> ``ROU``,
  ``TMP`` -> ``TLS``, ``MTN`` -> ``MNE``, ``IMY`` -> ``IMN``, ``WSB``/``GZS`` ->
  ``PSE``, ``BAG`` -> ``IRQ``). Non-state actors are rolled up to their country, as GDELT's
  CountryCode does (``RUSOPP`` is Russia). Rows where either actor has no
  state (regions such as ``EUR``, bare types such as ``GOV``, a missing
  Actor2) are counted as ``unlinked`` and rows whose two actors are the same
  state as ``domestic``; both are skipped and reported, never dropped
  silently.
- **relation**: from ``loaders/data/cameo_relations.csv`` (every CAMEO 1.1b3
  event code with its label), looked up by ``EventCode``, then
  ``EventBaseCode``, then ``EventRootCode``. CAMEO codes that have a core
  relation map to it (``19x`` attacks, ``046`` negotiatesWith, ``057``
  signsAgreementWith...). No event is dropped for lack of one: codes without a
  core relation are mapped to the closest relation of the same sign (column
  ``match`` = ``closest``, reason in ``note``): statements (01) meetsWith,
  yielding (08) cooperatesWith, investigating (09), demanding (10) and
  protesting (14) opposes, shows of force (15) threatens, coercion (17)
  sanctions; intents to cooperate (03) take the relation they announce with
  modality ``intended``. Every claim keeps the exact code as
  ``gkg:cameoEvent``, so queries can always tell a GDELT "engage in
  negotiation" from a "demand".
- **kept on the claim**: ``gkg:cameoEvent`` (EventCode), ``gkg:goldsteinScale``
  (GoldsteinScale), ``gkg:avgTone`` (AvgTone), ``gkg:numSources``,
  ``gkg:numArticles``; date = ``SQLDATE``; evidence a readable line
  (``GDELT event 1042374568: RUS 190 UKR (Use conventional military force)``);
  extractor ``gdelt-2.0`` or ``gdelt-1.0``; never negated.
- **confidence** grows with the number of independent sources:
  ``min(1, 0.5 + 0.1 * log2(1 + NumSources))`` (1 source 0.6, 3 sources 0.7,
  7 sources 0.8, 31 or more 1.0).
- **one named graph per event**: each event is written as its own document,
  ``gkgr:doc/gdelt-event-<GLOBALEVENTID>`` (title ``GDELT event N``, date its
  ``DATEADDED``), holding the claim and the description of the article it
  was read from. The article is a document of its own,
  ``gkgr:doc/gdelt-<sha1 of SOURCEURL>`` (its URL, its outlet the URL's host,
  so the projection counts outlets), and the claim is derived from it
  (``prov:wasDerivedFrom``). Events of one article in several files
  therefore all point at the same article node, and none replaces another:
  loading a file again, or a later file that repeats an event, replaces
  that event's graph only (idempotent). A row without URL (the 1.0
  backfile) is derived from its event document alone.

Input safety: a ``.zip`` is read as a stream, never unpacked into memory or
onto disk. The uncompressed bytes are capped (``max_bytes``, default 2 GiB,
or ``GEOKG_MAX_INPUT_BYTES``), as is the uncompressed/compressed ratio once
past 64 MiB (``max_ratio``, default 100; GDELT's zips are about 8), and a
line longer than ``max_line`` (64 KiB; a GDELT row is under 2 KiB) ends the
read: all three raise :class:`~geokg.errors.InputError` instead of filling
memory or running for minutes on a zip bomb. Runs of blank lines are
skipped a block at a time.

Filters (``root_codes``, ``countries``, ``since``/``until`` on SQLDATE,
``min_sources``) are applied while reading; filtered rows are counted.
Malformed rows (wrong column count, bad date, bad number, unknown CAMEO code)
are counted and the first ten reported as ``line N: reason``; the load goes
on.

>>> import io, zipfile
>>> row = ["1042374568", "20220224", "202202", "2022", "2022.1507", "RUS", "RUSSIA", "RUS"] + [""] * 7
>>> row += ["UKR", "UKRAINE", "UKR"] + [""] * 7 + ["1", "190", "190", "19", "4", "-10.0", "10", "2", "10",
...         "-8.1"] + ["4", "Kyiv, Kyyiv, Misto, Ukraine", "UP", "UP12", "", "50.4333", "30.5167", "-1044367"] * 3
>>> row += ["20220224061500", "https://news.example.org/2022/02/24/invasion"]
>>> len(row)
61
>>> load = read_gdelt(io.BytesIO(("\\t".join(row) + "\\n").encode()), name="20220224061500.export.CSV")
>>> (load.rows, load.loaded, load.malformed)
(1, 1, 0)
>>> claim = load.extractions[0].claims[0]
>>> claim.relation, claim.date, claim.confidence, claim.evidence
('attacks', '2022-02-24', 0.66, 'GDELT event 1042374568: RUS 190 UKR (Use conventional military force)')
"""
from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO, Iterable, Iterator
from urllib.parse import urlsplit

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from geokg.errors import InputError
from geokg.loaders.claims import Claim, Document, Extraction
from geokg.loaders.kb import load_kb
from geokg.loaders.streams import InputLimits, capped_lines, open_input
from geokg.ontology import GKG, GKGR
from geokg.ontology.vocab import relation as ontology_relation

__all__ = [
    "read_gdelt", "iter_gdelt", "GdeltLoad", "GdeltClaim", "CameoCode", "cameo_codes", "cameo_countries",
    "COLUMNS_V2", "COLUMNS_V1", "confidence_from_sources",
]

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO_V2 = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")

#: The 61 columns of a GDELT 2.0 event record (GDELT Event Codebook V2.0, 2015).
COLUMNS_V2: tuple[str, ...] = (
    ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    + tuple(f"Actor1{c}" for c in _ACTOR) + tuple(f"Actor2{c}" for c in _ACTOR)
    + ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
       "NumMentions", "NumSources", "NumArticles", "AvgTone")
    + tuple(f"{g}Geo_{c}" for g in ("Actor1", "Actor2", "Action") for c in _GEO_V2)
    + ("DATEADDED", "SOURCEURL")
)

#: The 58 columns of a GDELT 1.0 daily file (Data Format Codebook V1.03): 2.0 without the ADM2 codes.
#: The historical backfile (events before April 2013) has the first 57 (no SOURCEURL).
COLUMNS_V1: tuple[str, ...] = tuple(c for c in COLUMNS_V2 if not c.endswith("ADM2Code"))

_LAYOUTS = {61: ("2.0", COLUMNS_V2), 58: ("1.0", COLUMNS_V1), 57: ("1.0", COLUMNS_V1[:57])}
_MAX_PROBLEMS = 10


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO event code with its label and the core relation it is loaded as."""

    code: str
    label: str
    relation: str
    modality: str | None
    match: str  # "exact" or "closest"
    note: str


@dataclass(frozen=True)
class GdeltClaim(Claim):
    """A claim read from one GDELT event.

    Its IRI is the GLOBALEVENTID: two events of the same article with the
    same subject, relation and object (two attacks reported in one article)
    stay two claims, and each keeps its own CAMEO code, Goldstein value and
    counts.
    """

    event_id: str = ""

    def iri(self, document: URIRef) -> URIRef:
        """``gkgr:claim/gdelt-<GLOBALEVENTID>``: one event, one claim, whichever file it is read from."""
        return GKGR["claim/gdelt-" + self.event_id]


@dataclass
class GdeltLoad:
    """What :func:`read_gdelt` read from one file.

    ``rows`` counts the data lines; each ends up in exactly one of
    ``loaded`` (a claim), ``filtered``, ``malformed``, ``unlinked`` (an actor
    without a state in the knowledge base) or ``domestic`` (both actors the
    same state). ``problems`` holds the first ten malformed rows as
    ``"line N: reason"``; ``unlinked_codes`` the actor codes that could not be
    linked, with their counts.
    """

    extractions: list[Extraction] = field(default_factory=list)
    rows: int = 0
    loaded: int = 0
    filtered: int = 0
    malformed: int = 0
    unlinked: int = 0
    domestic: int = 0
    problems: list[str] = field(default_factory=list)
    layouts: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    unlinked_codes: Counter = field(default_factory=Counter)

    @property
    def claims(self) -> int:
        """The number of claims read (one per loaded event; equals ``loaded``)."""
        return self.loaded

    def summary(self) -> str:
        """One line: rows and where they went."""
        parts = [f"{self.loaded} loaded (one graph per event)", f"{self.filtered} filtered out",
                 f"{self.malformed} malformed", f"{self.unlinked} not linked to a state",
                 f"{self.domestic} domestic (both actors the same state)"]
        return f"{self.rows} rows: " + ", ".join(parts)


def confidence_from_sources(num_sources: int) -> float:
    """Claim confidence from GDELT's NumSources: ``min(1, 0.5 + 0.1 * log2(1 + n))``, two decimals.

    >>> [confidence_from_sources(n) for n in (0, 1, 3, 7, 31, 100)]
    [0.5, 0.6, 0.7, 0.8, 1.0, 1.0]
    """
    return round(min(1.0, 0.5 + 0.1 * math.log2(1 + max(0, num_sources))), 2)


@cache
def cameo_codes() -> dict[str, CameoCode]:
    """The CAMEO event codes of ``loaders/data/cameo_relations.csv``, checked against the ontology.

    Raises
    ------
    ValueError
        When the table names a relation the ontology does not define or lacks a root code.
    """
    text = files("geokg.loaders.data").joinpath("cameo_relations.csv").read_text(encoding="utf-8")
    out: dict[str, CameoCode] = {}
    for n, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        code = row["cameo_code"].strip()
        rel = row["relation"].strip()
        ontology_relation(rel)  # raises UnknownRelation for a name the ontology lacks
        if not re.fullmatch(r"\d{2,4}", code) or code in out:
            raise ValueError(f"cameo_relations.csv line {n}: bad or repeated CAMEO code {code!r}")
        if row["match"] not in ("exact", "closest"):
            raise ValueError(f"cameo_relations.csv line {n}: match must be exact or closest")
        out[code] = CameoCode(code, row["label"].strip(), rel, row["modality"].strip() or None, row["match"],
                              row["note"].strip())
    missing = [f"{r:02d}" for r in range(1, 21) if f"{r:02d}" not in out]
    if missing:
        raise ValueError(f"cameo_relations.csv lacks the root codes {', '.join(missing)}")
    return out


@cache
def cameo_countries() -> dict[str, str]:
    """CAMEO country codes that are not the ISO 3166-1 alpha-3 code of their state: CAMEO -> ISO."""
    text = files("geokg.loaders.data").joinpath("cameo_countries.csv").read_text(encoding="utf-8")
    return {r["cameo_code"].strip(): r["iso3"].strip() for r in csv.DictReader(io.StringIO(text))}


def _iso3(code: str) -> str | None:
    """The knowledge base ISO-3 code a CAMEO country code stands for, or None."""
    code = code.strip().upper()
    code = cameo_countries().get(code, code)
    return code if code in load_kb().by_iso3 else None


def _state(row: dict[str, str], actor: str) -> tuple[str | None, str]:
    """(ISO-3 of the actor's state or None, the code shown in evidence)."""
    code = row[f"{actor}Code"].strip()
    country = row[f"{actor}CountryCode"].strip()
    shown = code or country or "-"
    if country:
        return _iso3(country), shown
    if len(code) >= 3:
        return _iso3(code[:3]), shown
    return None, shown


def _date(value: str) -> date | None:
    v = value.strip()
    if not re.fullmatch(r"\d{8}", v):
        return None
    try:
        return date(int(v[:4]), int(v[4:6]), int(v[6:]))
    except ValueError:
        return None


def _when(value: date | str | None, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    v = str(value).strip()
    d = _date(v.replace("-", "")) if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{8}", v) else None
    if d is None:
        raise InputError(f"--{what}: {value!r} is not a date (YYYY-MM-DD)")
    return d


def _root_codes(values: Iterable[str | int] | None) -> set[str] | None:
    if values is None:
        return None
    out = set()
    for v in values:
        s = str(v).strip()
        if not s.isdigit() or not 1 <= int(s) <= 20:
            raise InputError(f"--root-codes: {v!r} is not a CAMEO root code (01 to 20)")
        out.add(f"{int(s):02d}")
    return out or None


def _countries(values: Iterable[str] | None) -> set[str] | None:
    if values is None:
        return None
    out = set()
    for v in values:
        iso = _iso3(str(v))
        if iso is None:
            raise InputError(f"--countries: {v!r} is not a CAMEO country code of a state in the knowledge base "
                             f"(ISO 3166-1 alpha-3 such as RUS, UKR, USA; CAMEO exceptions: "
                             f"{', '.join(sorted(cameo_countries()))})")
        out.add(iso)
    return out or None


def _decimal(value: str, name: str) -> Decimal:
    try:
        d = Decimal(value.strip())
    except InvalidOperation:
        raise ValueError(f"{name} {value!r} is not a number") from None
    if not d.is_finite():
        raise ValueError(f"{name} {value!r} is not a number")
    return d


def _int(value: str, name: str) -> int:
    v = value.strip()
    if not v.isdigit():
        raise ValueError(f"{name} {value!r} is not a whole number")
    return int(v)


@dataclass
class _Event:
    event_id: str
    when: date
    code: CameoCode
    event_code: str
    root: str
    goldstein: Decimal
    tone: Decimal
    num_sources: int
    num_articles: int
    added: str | None
    url: str
    version: str


def _parse(fields: list[str]) -> tuple[_Event, dict[str, str]]:
    """One row -> event; ValueError with the reason when the row is malformed."""
    if len(fields) not in _LAYOUTS:
        raise ValueError(f"{len(fields)} tab-separated columns; GDELT 2.0 events have 61, GDELT 1.0 58 "
                         f"(57 before April 2013)")
    version, columns = _LAYOUTS[len(fields)]
    row = dict(zip(columns, fields))
    event_id = row["GLOBALEVENTID"].strip()
    if not event_id.isdigit():
        raise ValueError(f"GLOBALEVENTID {event_id!r} is not a number")
    when = _date(row["SQLDATE"])
    if when is None:
        raise ValueError(f"SQLDATE {row['SQLDATE']!r} is not a date (YYYYMMDD)")
    event_code, base, root = (row[c].strip() for c in ("EventCode", "EventBaseCode", "EventRootCode"))
    codes = cameo_codes()
    if root not in codes or len(root) != 2:
        raise ValueError(f"EventRootCode {root!r} is not a CAMEO root code (01 to 20)")
    if not re.fullmatch(r"\d{2,4}", event_code) or not event_code.startswith(root):
        raise ValueError(f"EventCode {event_code!r} is not a CAMEO code under root {root}")
    code = codes.get(event_code) or codes.get(base if base.startswith(root) else "") or codes[root]
    goldstein = _decimal(row["GoldsteinScale"], "GoldsteinScale")
    if not -10 <= goldstein <= 10:
        raise ValueError(f"GoldsteinScale {row['GoldsteinScale']!r} is outside -10..10")
    tone = _decimal(row["AvgTone"], "AvgTone")
    _int(row["NumMentions"], "NumMentions")
    num_sources = _int(row["NumSources"], "NumSources")
    num_articles = _int(row["NumArticles"], "NumArticles")
    added = row["DATEADDED"].strip()
    if added and not re.fullmatch(r"\d{8}(\d{6})?", added):
        raise ValueError(f"DATEADDED {added!r} is not YYYYMMDD[HHMMSS]")
    url = row.get("SOURCEURL", "").strip()
    ev = _Event(event_id, when, code, event_code, root, goldstein, tone, num_sources, num_articles,
                added or None, url, version)
    return ev, row


def _open(source: str | Path | IO[bytes], name: str | None,
          limits: InputLimits) -> tuple[IO[bytes], str, int | None]:
    """A binary stream of the event table, the file name, and a zip member's compressed size."""
    if not isinstance(source, (str, Path)):
        return source, name or "stream", None
    stream, file_name, compressed = open_input(Path(source), "GDELT", limits)
    return stream, name or file_name, compressed


def _article_key(url: str) -> str:
    return "gdelt-" + hashlib.sha1(url.encode("utf-8")).hexdigest()[:20]


def _published(added: str | None) -> str | None:
    if not added:
        return None
    d = _date(added[:8])
    if d is None:
        return None
    if len(added) == 14:
        return f"{d.isoformat()}T{added[8:10]}:{added[10:12]}:{added[12:14]}Z"
    return d.isoformat()


def _outlet(url: str) -> str | None:
    host = urlsplit(url).hostname if url else None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def read_gdelt(path: str | Path | IO[bytes], *, root_codes: Iterable[str | int] | None = None,
               countries: Iterable[str] | None = None, since: date | str | None = None,
               until: date | str | None = None, min_sources: int = 1, name: str | None = None,
               limits: InputLimits | None = None) -> GdeltLoad:
    """Read a GDELT 1.0 or 2.0 event export (``.CSV`` or ``.CSV.zip``) into extractions, all in memory.

    The same as :func:`iter_gdelt` with the extractions collected in
    ``GdeltLoad.extractions`` (one per event); for files larger than memory
    iterate :func:`iter_gdelt` instead.
    """
    load = GdeltLoad()
    load.extractions = list(iter_gdelt(path, load, root_codes=root_codes, countries=countries, since=since,
                                       until=until, min_sources=min_sources, name=name, limits=limits))
    return load


def iter_gdelt(path: str | Path | IO[bytes], load: GdeltLoad | None = None, *,
               root_codes: Iterable[str | int] | None = None, countries: Iterable[str] | None = None,
               since: date | str | None = None, until: date | str | None = None, min_sources: int = 1,
               name: str | None = None, limits: InputLimits | None = None) -> Iterator[Extraction]:
    """Read a GDELT 1.0 or 2.0 event export and yield one extraction per event, as it reads.

    Parameters
    ----------
    path
        The export file (tab-separated despite the name), a ``.zip`` holding
        one, or a binary stream.
    load
        Filled with the row counts as the rows are read (complete when the
        iterator is exhausted).
    root_codes
        Keep only events with these CAMEO root codes (``"19"``, ``"18"``; ``9``
        and ``"09"`` are the same code).
    countries
        Keep only events with at least one actor in these states (CAMEO or
        ISO-3 codes: ``"RUS"``, ``"UKR"``; ``"ROM"`` is Romania).
    since, until
        Keep only events whose SQLDATE is on or after / on or before this date
        (``date`` or ``"YYYY-MM-DD"``).
    min_sources
        Keep only events reported by at least this many sources (NumSources).
    name
        The file name shown in messages (default: the file's name without
        ``.zip``; for a stream, ``"stream"``).
    limits
        Caps on the uncompressed size, a zip's compression ratio and the line
        length (:class:`~geokg.loaders.streams.InputLimits`; default 2 GiB,
        100 times, 64 KiB).

    Yields
    ------
    Extraction
        One per event: the event's document (``gkgr:doc/gdelt-event-<GLOBALEVENTID>``,
        the named graph), its claim, and the article the claim is derived from.

    Raises
    ------
    InputError
        When the file is missing, a zip does not hold exactly one file, a
        filter value is invalid, a cap is passed, or no line of the file has
        a GDELT layout.
    """
    roots = _root_codes(root_codes)
    wanted = _countries(countries)
    first, last = _when(since, "since"), _when(until, "until")
    if min_sources is None:
        min_sources = 1
    if int(min_sources) < 0:
        raise InputError(f"--min-sources: {min_sources} is negative")
    limits = limits or InputLimits.default()
    stream, file_name, compressed = _open(path, name, limits)
    load = load if load is not None else GdeltLoad()
    articles: dict[str, Document] = {}
    width_errors = 0
    first_width: int | None = None

    def problem(n: int, reason: str) -> None:
        load.malformed += 1
        if len(load.problems) < _MAX_PROBLEMS:
            load.problems.append(f"line {n}: {reason}")

    with stream:
        for n, raw in capped_lines(stream, file_name, limits, compressed):
            line = raw.decode("utf-8", errors="replace")
            fields = line.split("\t")
            if n == 1 and fields[0].strip().upper() == "GLOBALEVENTID":
                continue  # a header line (BigQuery exports); GDELT's own files have none
            load.rows += 1
            first_width = len(fields) if first_width is None else first_width
            try:
                ev, row = _parse(fields)
            except ValueError as exc:
                width_errors += len(fields) not in _LAYOUTS
                problem(n, str(exc))
                continue
            s_iso, s_shown = _state(row, "Actor1")
            o_iso, o_shown = _state(row, "Actor2")
            if (roots is not None and ev.root not in roots
                    or wanted is not None and not {s_iso, o_iso} & wanted
                    or first is not None and ev.when < first
                    or last is not None and ev.when > last
                    or ev.num_sources < int(min_sources)):
                load.filtered += 1
                continue
            if s_iso is None or o_iso is None:
                load.unlinked += 1
                for iso, shown in ((s_iso, s_shown), (o_iso, o_shown)):
                    if iso is None:
                        load.unlinked_codes[shown] += 1
                continue
            if s_iso == o_iso:
                load.domestic += 1
                continue
            kb = load_kb()
            article = None
            if ev.url:
                key = _article_key(ev.url)
                article = articles.get(key)
                if article is None:
                    if len(articles) > 100_000:  # bounded: the same description is rebuilt if needed
                        articles.clear()
                    article = articles[key] = Document(iri=GKGR["doc/" + key], title=None, url=ev.url,
                                                       outlet=_outlet(ev.url), kind="gdelt article")
            event_doc = Document(iri=GKGR["doc/gdelt-event-" + ev.event_id], title=f"GDELT event {ev.event_id}",
                                 published=_published(ev.added), kind="gdelt event")
            extra = (
                (None, GKG.cameoEvent, Literal(ev.event_code)),
                (None, GKG.goldsteinScale, Literal(ev.goldstein, datatype=XSD.decimal)),
                (None, GKG.avgTone, Literal(ev.tone, datatype=XSD.decimal)),
                (None, GKG.numSources, Literal(ev.num_sources, datatype=XSD.integer)),
                (None, GKG.numArticles, Literal(ev.num_articles, datatype=XSD.integer)),
            )
            label = ev.code.label.removesuffix(", not specified below")  # the most specific code the table has
            claim = GdeltClaim(
                subject=kb.by_iso3[s_iso].iri, relation=ev.code.relation, obj=kb.by_iso3[o_iso].iri,
                evidence=f"GDELT event {ev.event_id}: {s_shown} {ev.event_code} {o_shown} ({label})",
                modality=ev.code.modality, confidence=confidence_from_sources(ev.num_sources),
                extractor=f"gdelt-{ev.version}", date=ev.when.isoformat(), extra=extra, event_id=ev.event_id,
                source=article.iri if article is not None else None)
            load.loaded += 1
            load.layouts[ev.version] += 1
            load.relations[ev.code.relation] += 1
            yield Extraction(event_doc, [claim], [], sources=[article] if article is not None else [])
    if load.rows and width_errors == load.rows:
        raise InputError(f"{file_name}: not a GDELT event export: line 1 has {first_width} tab-separated columns "
                         f"(GDELT 2.0 events have 61, GDELT 1.0 58, or 57 before April 2013)")
