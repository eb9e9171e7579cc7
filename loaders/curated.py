"""Curated claim tables: CSV or YAML files an analyst writes by hand.

Columns (CSV header or YAML keys): ``subject``, ``relation``, ``object`` (required);
``date``, ``source`` (a URL or a title), ``evidence``, ``negated``,
``attributed_to``, ``confidence`` (optional). Actors are named by any label or
alias the store or the knowledge base knows ("Kasachstan", "Erdogan", "NATO").
The table is one document (its own named graph, so loading it again replaces
it); each row's ``source`` becomes a ``gkg:Document`` its claim is derived from.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "claims.csv"
>>> _ = p.write_text("subject,relation,object,date,source\\nTürkei,mediates,Russland,2022-10-13,https://example.org/a\\n")
>>> ext = read_curated(p)
>>> [(c.relation, str(c.obj).rsplit("/", 1)[1], c.date) for c in ext.claims]
[('mediates', 'russia', '2022-10-13')]
"""
from __future__ import annotations

import csv
import hashlib
import io
import logging
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable

import yaml
from rdflib import URIRef

from geokg.errors import InputError, UnknownActor
from geokg.loaders.claims import Claim, Document, Entity, Extraction, date_literal, slug
from geokg.loaders.kb import load_kb
from geokg.ontology import GKGR
from geokg.ontology.vocab import UnknownRelation, relation

__all__ = ["read_curated", "StoreNames", "CURATED_SUFFIXES", "COLUMNS"]

log = logging.getLogger(__name__)

CURATED_SUFFIXES = {".csv", ".tsv", ".yaml", ".yml"}
COLUMNS = ("subject", "relation", "object", "date", "source", "evidence", "negated", "attributed_to", "confidence")
_TRUE = {"true", "yes", "1", "y", "ja", "x"}
_FALSE = {"false", "no", "0", "n", "nein", ""}


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark else ""
            raise InputError(f"{path}: invalid YAML{where}") from None
        if isinstance(data, dict) and isinstance(data.get("claims"), list):
            data = data["claims"]
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InputError(f"{path}: expected a list of claims (mappings with subject, relation, object)")
        return [(n, {str(k).strip().lower(): v for k, v in r.items()}) for n, r in enumerate(data, 1)]
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    if not reader.fieldnames:
        raise InputError(f"{path}: empty table")
    missing = [c for c in ("subject", "relation", "object") if c not in [f.strip().lower() for f in reader.fieldnames]]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}; columns are {', '.join(COLUMNS)}")
    out = []
    for row in reader:
        if None in row:
            raise InputError(f"{path}:{reader.line_num}: more fields than columns")
        out.append((reader.line_num, {k.strip().lower(): (v or "").strip() for k, v in row.items()}))
    return out


_RANK = ["State", "InternationalOrganization", "Person", "Region", "Organization", "Group", "Event", "Place"]
_NAMES = """SELECT DISTINCT ?a ?l ?cls WHERE {
    ?a rdfs:label|skos:altLabel ?l ; a ?cls .
    FILTER(?cls IN (gkg:State, gkg:InternationalOrganization, gkg:Organization, gkg:Person,
                    gkg:Region, gkg:Group, gkg:Event, gkg:Place)) }"""


class StoreNames:
    """Name -> actor IRI against a store, with the answers of ``KnowledgeGraph.actor``, each name looked up once.

    ``kg.actor(name)`` reads every label of the store for each call (0.1 s on
    a store with the knowledge base); a table of 10,000 rows names its actors
    20,000 times. This reads the labels once into an index (folded label and
    local name -> the best-ranked actor, ranked as ``kg.actor`` ranks them)
    and remembers each answer. Names the index lacks (IRIs, prefixed names,
    ISO codes, unknown names) go to ``kg.actor`` itself, once each, so the
    errors and their hints are the store's.
    """

    def __init__(self, kg):
        from geokg.loaders.kb import fold

        self.kg = kg
        self._fold = fold
        self._index: dict[str, tuple[int, str]] = {}
        for r in kg.query(_NAMES).rows:
            hit = (_RANK.index(str(r["cls"]).rsplit("#", 1)[-1]), str(r["a"]))
            for key in (fold(str(r["l"])), "\x00" + str(r["a"]).rsplit("/", 1)[-1]):
                if key not in self._index or hit < self._index[key]:
                    self._index[key] = hit
        self._memo: dict[str, URIRef] = {}

    def __call__(self, name: str) -> URIRef:
        iri = self._memo.get(name)
        if iri is None:
            iri = self._memo[name] = self._resolve(name)
        return iri

    def _resolve(self, name: str) -> URIRef:
        if name.startswith(("http://", "https://")) or ":" in name:
            return self.kg.actor(name)
        key = self._fold(name)
        hits = [h for h in (self._index.get(key), self._index.get("\x00" + key.replace(" ", "-"))) if h]
        if hits:
            return URIRef(min(hits)[1])
        return self.kg.actor(name)  # the knowledge base, or UnknownActor with the closest names


def _progress(rows: list, show: bool, name: str) -> Iterable:
    if not show or len(rows) <= 5000:
        return rows
    from tqdm import tqdm

    return tqdm(rows, unit="row", desc=name, leave=False)


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InputError(f"{where}: negated must be true or false, not {value!r}")


def read_curated(path: Path, resolve: Callable[[str], URIRef] | None = None,
                 create_actors: bool = False, progress: bool = False) -> Extraction:
    """Read a curated table into one :class:`Extraction`.

    Parameters
    ----------
    path
        A ``.csv``, ``.tsv``, ``.yaml`` or ``.yml`` file.
    resolve
        Name -> actor IRI (``KnowledgeGraph.actor``); by default the shipped knowledge base.
    create_actors
        Mint a new ``gkg:Actor`` for an unknown name instead of failing.
    progress
        Show a progress bar (tqdm, on stderr) over the rows of a table of more than 5,000 rows.

    Raises
    ------
    InputError
        On a malformed file, an unknown relation (listing the valid ones), a bad date,
        negation flag or confidence; all with the file and line.
    UnknownActor
        On an unknown name, with the closest known names, unless ``create_actors``.
    """
    path = Path(path)
    if resolve is None:
        kb = load_kb()
        memo: dict[str, URIRef] = {}

        def resolve(name: str) -> URIRef:
            if name not in memo:
                memo[name] = kb.resolve(name).iri
            return memo[name]

    rows = _rows(path)
    table_iri = GKGR["doc/curated-" + slug(path.stem) + "-" + hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]]
    table = Document(iri=table_iri, title=path.name, kind="curated table")
    sources: dict[str, Document] = {}
    entities: dict[URIRef, Entity] = {}
    claims: list[Claim] = []

    def actor(name: Any, where: str) -> URIRef:
        text = str(name or "").strip()
        if not text:
            raise InputError(f"{where}: empty actor name")
        try:
            return resolve(text)
        except UnknownActor as exc:
            if not create_actors:
                raise UnknownActor(f"{where}: {exc} (or load with --create-actors)") from None
            iri = GKGR["actor/" + slug(text)]
            entities.setdefault(iri, Entity(iri, "Actor", text))
            return iri

    for line, row in _progress(rows, progress, path.name):
        where = f"{path}:{line}"
        rel_name = str(row.get("relation") or "").strip()
        try:
            rel = relation(rel_name)
        except UnknownRelation as exc:
            raise InputError(f"{where}: {exc}") from None
        subject = actor(row.get("subject"), where)
        if rel.name == "callsFor":
            aim = str(row.get("object") or "").strip().lower()
            if not aim:
                raise InputError(f"{where}: empty aim")
            obj = GKGR["aim/" + slug(aim)]
            entities.setdefault(obj, Entity(obj, "Aim", aim))
        else:
            obj = actor(row.get("object"), where)
        when = row.get("date")
        when = str(when).strip() if when not in (None, "") else None
        if when and date_literal(when) is None:
            raise InputError(f"{where}: date {when!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if when and when[:10] > date.today().isoformat()[: len(when[:10])]:
            raise InputError(f"{where}: date {when} is in the future")
        conf = row.get("confidence")
        try:
            confidence = 1.0 if conf in (None, "") else float(conf)
        except (TypeError, ValueError):
            raise InputError(f"{where}: confidence must be a number from 0 to 1, not {conf!r}") from None
        if not 0 <= confidence <= 1:
            raise InputError(f"{where}: confidence must be from 0 to 1, not {confidence}")
        src_text = str(row.get("source") or "").strip()
        source = None
        if src_text:
            if src_text not in sources:
                is_url = src_text.startswith(("http://", "https://"))
                key = hashlib.sha1(src_text.encode("utf-8")).hexdigest()[:16]
                sources[src_text] = Document(iri=GKGR["doc/source-" + key], url=src_text if is_url else None,
                                             title=None if is_url else src_text, kind="source")
            source = sources[src_text].iri
        speaker = row.get("attributed_to")
        evidence = str(row.get("evidence") or "").strip() or \
            f"{row.get('subject')} {rel.name} {row.get('object')} (curated, {path.name} line {line})"
        claims.append(Claim(subject, rel.name, obj, evidence=evidence, negated=_bool(row.get("negated"), where),
                            attributed_to=actor(speaker, where) if speaker not in (None, "") else None,
                            confidence=confidence, extractor="curated", date=when, source=source))
    if not claims:
        raise InputError(f"{path}: no claims in the table")
    log.info("%s: %d claims, %d distinct sources", path, len(claims), len(sources))
    return Extraction(table, claims, list(entities.values()), sources=list(sources.values()))
