"""Refresh the actor knowledge base (``ontology/kb/``) from Wikidata: ``geokg kb update``.

Four SPARQL queries (``loaders/queries/*.rq``) ask Wikidata's public endpoint for

* the items that carry the KB's ISO 3166-1 alpha-2 codes (P297): fills missing state QIDs;
* membership (P463, with P580/P582 qualifiers) of the KB's states in the KB's international
  organisations: adds current members, removes members whose membership ended;
* heads of state (P35) and government (P6) recorded on the KB's states and foreign ministers
  (P39 of a position that is a minister of foreign affairs, Q7330070, of the state, P1001),
  with their terms: fills and corrects the dated ``offices`` in ``persons.yaml`` and adds
  office holders the KB does not know yet.

Every QID and code that goes into a query comes from the knowledge base and is checked
(``^Q[0-9]+$``, ``^[A-Z]{2}$``) before it is written into a ``VALUES`` block. All queries
run before anything is written; a failing query leaves every file as it was. Entries the
update does not change keep their exact text; files are replaced atomically.

>>> values_block("state", ["Q232", "Q159"])
'VALUES ?state { wd:Q232 wd:Q159 }'
>>> values_block("state", ["Q232 } DROP"])
Traceback (most recent call last):
...
ValueError: not a Wikidata QID: 'Q232 } DROP'
"""
from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import shutil
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import PackageNotFoundError, version
from importlib.resources import files
from pathlib import Path
from typing import Callable, Iterable

import yaml

from geokg.errors import GeokgError
from geokg.loaders.claims import slug
from geokg.loaders.kb import fold

__all__ = [
    "ENDPOINT", "WikidataError", "WikidataUnavailable", "KbChanges", "fetch", "query_text",
    "update_kb", "kb_stats", "values_block", "QUERY_NAMES", "ROLES",
]

#: Wikidata's public SPARQL endpoint (``GEOKG_WIKIDATA_URL`` overrides it).
ENDPOINT = "https://query.wikidata.org/sparql"
TIMEOUT = 60.0
QUERY_NAMES = ("states", "memberships", "heads", "foreign_ministers")
#: The office roles the update maintains (other roles in ``persons.yaml`` are never touched).
ROLES = ("head_of_state", "head_of_government", "foreign_minister")
ENTITY = "http://www.wikidata.org/entity/"
_QID = re.compile(r"^Q[0-9]+$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_ENTITY_IRI = re.compile(r"^http://www\.wikidata\.org/entity/(Q[0-9]+)$")
_UPDATE_MARK = re.compile(r";? ?kb update \d{4}-\d{2}-\d{2}$")
#: Line width the YAML files are written with (what reproduces the shipped files exactly).
YAML_WIDTH = {"persons.yaml": 100, "organizations.yaml": 200, "regions.yaml": 200}

#: libyaml's loader where PyYAML has it: the same entries as ``yaml.safe_load`` in a tenth of the time
#: (reading persons.yaml entry by entry took seconds with the pure-Python one).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(text: str):
    return yaml.load(text, Loader=_LOADER)


class WikidataError(GeokgError):
    """Wikidata answered, but not with what a query expects."""


class WikidataUnavailable(WikidataError):
    """Wikidata's query service cannot be reached (offline, timeout, refused, overloaded)."""


# --------------------------------------------------------------------------- fetching

def _user_agent() -> str:
    try:
        ver = version("geokg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        ver = "0"
    return (f"geokg/{ver} (geopolitical knowledge graph; `geokg kb update` knowledge base refresh) "
            f"Python-urllib")


def fetch(query: str, *, url: str | None = None, timeout: float = TIMEOUT) -> dict:
    """Run one SELECT query on Wikidata and return the SPARQL 1.1 JSON results.

    The endpoint is ``url``, else ``$GEOKG_WIKIDATA_URL``, else :data:`ENDPOINT`.

    Raises
    ------
    WikidataUnavailable
        The service cannot be reached or answered with an HTTP error (one-line message).
    WikidataError
        The answer is not SPARQL JSON results.
    """
    endpoint = url or os.environ.get("GEOKG_WIKIDATA_URL") or ENDPOINT
    headers = {"Accept": "application/sparql-results+json", "User-Agent": _user_agent()}
    get_url = f"{endpoint}?{urllib.parse.urlencode({'query': query})}"
    if len(get_url) <= 7000:  # GET answers are cached by the query service
        request = urllib.request.Request(get_url, headers=headers)
    else:
        body = urllib.parse.urlencode({"query": query}).encode("utf-8")
        request = urllib.request.Request(endpoint, data=body, method="POST", headers={
            **headers, "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise WikidataUnavailable(f"Wikidata's query service answered HTTP {exc.code} ({exc.reason})") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError):
        raise WikidataUnavailable("Wikidata is not reachable (offline?)") from None
    try:
        return _check_results(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise WikidataError("Wikidata's answer is not SPARQL JSON results") from None


def _check_results(data) -> dict:
    if not (isinstance(data, dict) and isinstance(data.get("results"), dict)
            and isinstance(data["results"].get("bindings"), list)):
        raise WikidataError("Wikidata's answer is not SPARQL JSON results")
    return data


def values_block(var: str, qids: Iterable[str]) -> str:
    """A ``VALUES ?var { wd:Q… }`` block; every QID is checked against ``^Q[0-9]+$``."""
    out = []
    for q in qids:
        if not isinstance(q, str) or not _QID.match(q):
            raise ValueError(f"not a Wikidata QID: {q!r}")
        out.append(f"wd:{q}")
    return f"VALUES ?{var} {{ {' '.join(out)} }}"


def _iso2_block(codes: Iterable[str]) -> str:
    out = []
    for c in codes:
        if not isinstance(c, str) or not _ISO2.match(c):
            raise ValueError(f"not an ISO 3166-1 alpha-2 code: {c!r}")
        out.append(f'"{c}"')
    return f"VALUES ?iso2 {{ {' '.join(out)} }}"


def query_text(name: str, *, states: Iterable[str] = (), orgs: Iterable[str] = (),
               iso2: Iterable[str] = (), since: date = date(2014, 1, 1)) -> str:
    """The query ``loaders/queries/<name>.rq`` with its ``VALUES`` blocks filled in.

    The first line of every query is the marker ``#geokg-query: <name>``.
    """
    if name not in QUERY_NAMES:
        raise ValueError(f"unknown query {name!r}")
    text = files("geokg.loaders.queries").joinpath(f"{name}.rq").read_text(encoding="utf-8")
    return (text.replace("__STATES__", values_block("state", states))
                .replace("__ORGS__", values_block("org", orgs))
                .replace("__ISO2__", _iso2_block(iso2))
                .replace("__SINCE__", date.fromisoformat(since.isoformat()).isoformat()))


# --------------------------------------------------------------------------- reading answers

def _qid(binding: dict, var: str) -> str | None:
    cell = binding.get(var)
    if not cell or cell.get("type") != "uri":
        return None
    m = _ENTITY_IRI.match(cell.get("value", ""))
    return m.group(1) if m else None


def _literal(binding: dict, var: str) -> str | None:
    cell = binding.get(var)
    if not cell or cell.get("type") not in ("literal", "typed-literal"):
        return None
    return cell.get("value")


def _time(binding: dict, var: str) -> date | None:
    """A Wikidata time value (``2019-03-20T00:00:00Z``) as a date; BCE and odd values: None."""
    value = _literal(binding, var)
    m = re.match(r"^\+?(\d{4})-(\d{2})-(\d{2})T", value or "")
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    try:
        return date(y, max(mo, 1), max(d, 1))
    except ValueError:
        return None


def _precise(binding: dict, var: str) -> bool:
    """Day precision (11) or better; a missing precision counts as precise."""
    value = _literal(binding, var + "Precision")
    try:
        return value is None or int(value) >= 11
    except ValueError:
        return False


def _label(binding: dict, var: str) -> str | None:
    value = _literal(binding, var)
    if value is None:
        return None
    value = re.sub(r"\s+", " ", value).strip()
    return value[:200] or None


@dataclass
class Term:
    """One office term from Wikidata: ``person`` held ``role`` of ``state`` from ``start`` to ``end``."""

    person: str
    role: str
    state: str
    start: date | None
    end: date | None
    start_precise: bool = True
    end_precise: bool = True
    label_en: str | None = None
    label_de: str | None = None


def _terms(answer: dict, since: date) -> list[Term]:
    """Statements -> terms: one per statement, adjacent terms of one person and office merged."""
    by_statement: dict[tuple, Term] = {}
    for b in answer["results"]["bindings"]:
        person, state, role = _qid(b, "person"), _qid(b, "state"), _literal(b, "role")
        if not person or not state or role not in ROLES:
            continue
        start, end = _time(b, "start"), _time(b, "end")
        st = (b.get("st") or {}).get("value") or (person, role, state, start)
        t = by_statement.get(st)
        if t is None:
            by_statement[st] = Term(person, role, state, start, end, _precise(b, "start"), _precise(b, "end"),
                                    _label(b, "labelEn"), _label(b, "labelDe"))
            continue
        if start and (t.start is None or start < t.start):  # several qualifiers: the widest term
            t.start, t.start_precise = start, _precise(b, "start")
        if end and (t.end is None or end > t.end):
            t.end, t.end_precise = end, _precise(b, "end")
        t.label_en, t.label_de = t.label_en or _label(b, "labelEn"), t.label_de or _label(b, "labelDe")
    groups: dict[tuple, list[Term]] = {}
    for t in by_statement.values():
        groups.setdefault((t.person, t.role, t.state), []).append(t)
    out: list[Term] = []
    for terms in groups.values():
        terms.sort(key=lambda t: (t.start or date.min, t.end or date.max))
        merged = [terms[0]]
        for t in terms[1:]:
            prev = merged[-1]
            if prev.end is None or (t.start is not None and (t.start - prev.end).days <= 1):
                if prev.end is not None and (t.end is None or t.end > prev.end):
                    prev.end, prev.end_precise = t.end, t.end_precise
                continue
            merged.append(t)
        out += merged
    return [t for t in out if t.end is None or t.end >= since]


# --------------------------------------------------------------------------- files

def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _csv_text(fields: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@dataclass
class _YamlFile:
    """A list-of-entries YAML file, kept as text chunks so untouched entries keep their exact text."""

    header: str
    chunks: list[str]       # one per entry, as written
    entries: list[dict]     # the parsed entries (edited in place by the update)
    original: list[dict]    # a deep copy, to tell which entries changed
    width: int

    @classmethod
    def read(cls, path: Path) -> "_YamlFile":
        text = path.read_text(encoding="utf-8")
        header, chunks = [], []
        for line in text.splitlines(keepends=True):
            if line.startswith("- "):
                chunks.append(line)
            elif chunks:
                chunks[-1] += line
            else:
                header.append(line)
        entries = [e for c in chunks for e in (_load(c) or [])]
        if len(entries) != len(chunks) or entries != (_load(text) or []):
            chunks = []  # unusual layout: the whole file is rewritten on change
            entries = _load(text) or []
            header = [line for line in text.splitlines(keepends=True) if line.startswith("#")]
        return cls("".join(header), chunks, entries, copy.deepcopy(entries), YAML_WIDTH.get(path.name, 100))

    def _dump(self, entry: dict) -> str:
        return yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, default_flow_style=None,
                              width=self.width)

    def text(self) -> str:
        out = [self.header]
        for i, entry in enumerate(self.entries):
            if self.chunks and i < len(self.original) and entry == self.original[i]:
                out.append(self.chunks[i])
            else:
                out.append(self._dump(entry))
        return "".join(out)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --------------------------------------------------------------------------- the update

@dataclass
class KbChanges:
    """What ``update_kb`` changed (or, with ``dry_run``, would change)."""

    state_qids: int = 0
    members_added: int = 0
    members_removed: int = 0
    persons_added: int = 0
    person_qids_added: int = 0
    offices_added: int = 0
    offices_changed: int = 0
    skipped: int = 0
    lines: list[str] = field(default_factory=list)   # one per change, human-readable
    notes: list[str] = field(default_factory=list)   # disagreements left alone
    files: list[str] = field(default_factory=list)   # files rewritten (dry run: that would be)
    written: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.files)

    def summary(self) -> list[str]:
        """Counts per file kind: ``persons: +3 new, 5 offices changed, 2 offices added, 1 QID added``."""
        return [
            f"states: {self.state_qids} QID{'s' * (self.state_qids != 1)} added",
            f"organizations: +{self.members_added} member{'s' * (self.members_added != 1)}, "
            f"-{self.members_removed} member{'s' * (self.members_removed != 1)}",
            f"persons: +{self.persons_added} new, {self.offices_changed} office{'s' * (self.offices_changed != 1)} "
            f"changed, {self.offices_added} office{'s' * (self.offices_added != 1)} added, "
            f"{self.person_qids_added} QID{'s' * (self.person_qids_added != 1)} added"
            + (f", {self.skipped} skipped" if self.skipped else ""),
        ]


def _d(value) -> date | None:
    if value in (None, "", "null"):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _overlap(s1, e1, s2, e2) -> bool:
    """Two terms share more than a single day (open ends are unbounded)."""
    return (s1 or date.min) < (e2 or date.max) and (s2 or date.min) < (e1 or date.max)


def _fold(text: str) -> str:
    return fold(text)


def update_kb(kb_dir: Path, fetch: Callable[[str], dict] | None = None, since: str | date = "2014-01-01",
              dry_run: bool = False, *, all_states: bool = False, today: date | None = None) -> KbChanges:
    """Refresh the knowledge base files in ``kb_dir`` from Wikidata; return what changed.

    ``since``: only office terms that were running on or after this date. ``all_states``:
    ask for the office holders of every state (default: the states ``persons.yaml`` already
    covers). ``today`` dates the ``source`` of new entries and decides which memberships ended.
    With ``dry_run`` nothing is written. If any query fails, nothing is written at all.
    ``fetch`` runs one query (default: :func:`fetch`, the real endpoint).
    """
    fetch = fetch or globals()["fetch"]  # looked up per call, so tests can replace it
    kb_dir = Path(kb_dir)
    since = _d(since)
    today = today or date.today()
    stamp = f"kb update {today.isoformat()}"
    changes = KbChanges()

    state_fields, states = _read_csv(kb_dir / "states.csv")
    qid_fields, state_qids = _read_csv(kb_dir / "state_qids.csv")
    orgs = _YamlFile.read(kb_dir / "organizations.yaml")
    persons = _YamlFile.read(kb_dir / "persons.yaml")
    regions = _YamlFile.read(kb_dir / "regions.yaml")
    _, capitals = _read_csv(kb_dir / "capitals.csv")
    by_iso = {r["iso2"]: r for r in states}
    name_of = {r["iso2"]: r["name_en"] for r in states}
    org_ids = {o["id"] for o in orgs.entries}

    # --- all queries first: a failure leaves everything untouched
    iso_codes = sorted(c for c in by_iso if _ISO2.match(c))
    answer_states = fetch(query_text("states", iso2=iso_codes, since=since))
    state_qid = {r["iso2"]: r["qid"] for r in states if _QID.match(r.get("qid") or "")}
    candidates: dict[str, list[str]] = {}
    for b in _check_results(answer_states)["results"]["bindings"]:
        item, code = _qid(b, "item"), _literal(b, "iso2")
        if item and code in by_iso:
            candidates.setdefault(code, []).append(item)
    for code, items in sorted(candidates.items()):
        current = state_qid.get(code)
        if current in items:
            continue
        if not current and len(set(items)) == 1:
            state_qid[code] = items[0]
            changes.state_qids += 1
            changes.lines.append(f"{name_of[code]}: QID {items[0]} (Wikidata P297 {code})")
        elif current:
            changes.notes.append(f"{name_of[code]}: keeps {current} (Wikidata P297 {code}: {', '.join(sorted(set(items)))})")
    qid_to_iso = {q: c for c, q in state_qid.items()}

    member_orgs = [o for o in orgs.entries if _QID.match(str(o.get("qid") or ""))
                   and o.get("class", "InternationalOrganization") == "InternationalOrganization"
                   and o.get("members")]  # organisations whose members the KB lists
    answer_members = fetch(query_text("memberships", orgs=[o["qid"] for o in member_orgs],
                                      states=sorted(state_qid.values()), since=since))

    covered = sorted({o["of"] for e in persons.entries for o in e.get("offices") or []
                      if o.get("role") in ROLES and o.get("of") in state_qid})
    if all_states:
        covered = sorted(c for c in state_qid if by_iso[c].get("kind", "state") == "state")
    holder_states = [state_qid[c] for c in covered]
    answers_terms = [fetch(query_text(name, states=holder_states, since=since))
                     for name in ("heads", "foreign_ministers")]
    terms = [t for a in answers_terms for t in _terms(_check_results(a), since) if t.state in qid_to_iso]

    # --- states
    for r in states:
        if state_qid.get(r["iso2"]) and r.get("qid") != state_qid[r["iso2"]]:
            r["qid"] = state_qid[r["iso2"]]
    listed = {r["iso2"] for r in state_qids}
    for r in state_qids:
        if state_qid.get(r["iso2"]) and r["qid"] != state_qid[r["iso2"]]:
            r["qid"] = state_qid[r["iso2"]]
    for code in sorted(set(state_qid) - listed):
        state_qids.append({"iso2": code, "qid": state_qid[code]})
    state_qids.sort(key=lambda r: r["iso2"])

    # --- memberships
    spans: dict[tuple[str, str], list[tuple[date | None, date | None]]] = {}
    for b in _check_results(answer_members)["results"]["bindings"]:
        org, state = _qid(b, "org"), _qid(b, "state")
        if org and state in qid_to_iso:
            spans.setdefault((org, qid_to_iso[state]), []).append((_time(b, "start"), _time(b, "end")))
    for o in member_orgs:
        members = list(o.get("members") or [])
        was_sorted = members == sorted(members)
        added, removed = [], []
        for (org, code), terms_ in sorted(spans.items()):
            if org != o["qid"]:
                continue
            current = any((s is None or s <= today) and (e is None or e > today) for s, e in terms_)
            ended = [e for s, e in terms_ if e is not None and e <= today]
            if current and code not in members:
                members.append(code)
                since_ = max((s for s, e in terms_ if s and (e is None or e > today)), default=None)
                added.append(f"+{code}" + (f" (since {since_.isoformat()})" if since_ else ""))
            elif not current and ended and code in members:
                members.remove(code)
                removed.append(f"-{code} (left {max(ended).isoformat()})")
        if added or removed:
            o["members"] = sorted(members) if was_sorted else members
            changes.members_added += len(added)
            changes.members_removed += len(removed)
            changes.lines.append(f"{o['label']['en']}: {', '.join(added + removed)}")

    # --- persons and offices
    by_qid = {e["qid"]: e for e in persons.entries if e.get("qid")}
    taken = ({slug(r["name_en"]) for r in states} | {slug(r["name_en"]) for r in capitals}
             | {slug(r["name_en"]) + "-city" for r in capitals} | org_ids
             | {e["id"] for e in regions.entries} | {e["id"] for e in persons.entries})
    events: list[tuple[str, dict, dict]] = []   # (kind, person entry, office)
    touched: set[int] = set()
    for t in sorted(terms, key=lambda t: (qid_to_iso[t.state], t.role, t.start or date.min, t.person)):
        iso2 = qid_to_iso[t.state]
        entry = by_qid.get(t.person)
        if entry is None and t.label_en:
            key = _fold(t.label_en)
            hits = [e for e in persons.entries if not e.get("qid") and _fold(e["label"]["en"]) == key]
            if len(hits) == 1:
                entry = hits[0]
                entry["qid"] = t.person
                by_qid[t.person] = entry
                changes.person_qids_added += 1
                changes.lines.append(f"{entry['label']['en']}: QID {t.person}")
        if entry is None:
            if not t.label_en:
                changes.skipped += 1
                changes.notes.append(f"skipped {t.person} ({name_of[iso2]} {t.role}): no English label")
                continue
            pid = slug(t.label_en)
            if pid in taken:
                pid = f"{pid}-{t.person.lower()}"
            taken.add(pid)
            entry = {"id": pid, "qid": t.person, "label": {"en": t.label_en, "de": t.label_de or t.label_en},
                     "aliases": {}, "offices": [], "source": f"Wikidata {t.person}, {stamp}"}
            if not (t.start_precise and t.end_precise):
                entry["note"] = "Wikidata gives a term date to the month or year only (verify)"
            persons.entries.append(entry)
            by_qid[t.person] = entry
            changes.persons_added += 1
            events.append(("person", entry, {}))
        offices = entry.setdefault("offices", [])
        same = [o for o in offices if o.get("role") == t.role and o.get("of") == iso2]
        match = next((o for o in same if t.start and _d(o.get("start")) == t.start), None)
        if match is None:
            overlapping = [o for o in same if _overlap(_d(o.get("start")), _d(o.get("end")), t.start, t.end)]
            free = [o for o in overlapping if id(o) not in touched]
            if free:
                match = min(free, key=lambda o: abs(((_d(o.get("start")) or date.min) - (t.start or date.min)).days))
            elif overlapping:
                continue  # a second Wikidata statement for a term the KB records once
        if match is None:
            office = {"role": t.role, "of": iso2, "start": _iso(t.start), "end": _iso(t.end)}
            offices.append(office)
            touched.add(id(office))
            changes.offices_added += 1
            events.append(("office", entry, office))
            continue
        touched.add(id(match))
        what = f"{name_of[iso2]} {t.role}: {entry['label']['en']}"
        old_start, old_end = _d(match.get("start")), _d(match.get("end"))
        changed = False
        if t.start and t.start != old_start and (t.start_precise or old_start is None):
            match["start"] = t.start.isoformat()
            changes.lines.append(f"{what} start {_iso(old_start) or '?'} → {t.start.isoformat()}")
            changed = True
        if t.end and t.end != old_end and (t.end_precise or old_end is None):
            match["end"] = t.end.isoformat()
            changes.lines.append(f"{what} left office {t.end.isoformat()}" if old_end is None
                                 else f"{what} end {old_end.isoformat()} → {t.end.isoformat()}")
            changed = True
        changes.offices_changed += changed

    # succession lines for added offices, against the merged data
    for kind, entry, office in events:
        if kind == "person":
            continue
        iso2, role, start = office["of"], office["role"], _d(office["start"])
        before = [(_d(o.get("start")), e) for e in persons.entries if e is not entry
                  for o in e.get("offices") or [] if o.get("role") == role and o.get("of") == iso2
                  and start and _d(o.get("start")) and _d(o.get("start")) < start]
        prev = max(before, key=lambda x: x[0])[1]["label"]["en"] if before else None
        when = f" from {office['start']}" if office["start"] else ""
        until = f" to {office['end']}" if office["end"] else ""
        new = " (new person)" if any(k == "person" and e is entry for k, e, _ in events) else ""
        who = f"{prev} → {entry['label']['en']}" if prev else entry["label"]["en"]
        changes.lines.append(f"{name_of[iso2]} {role}: {who}{when}{until}{new}")

    # mark changed persons' provenance
    originals = {id(e): o for e, o in zip(persons.entries, persons.original)}
    for e in persons.entries:
        if id(e) in originals and e != originals[id(e)]:
            src = _UPDATE_MARK.sub("", str(e.get("source") or "")).rstrip("; ")
            e["source"] = f"{src}; {stamp}" if src else stamp

    _check_consistency(persons.entries, set(by_iso), org_ids)

    # --- write
    outputs = {
        "states.csv": _csv_text(state_fields, states),
        "state_qids.csv": _csv_text(qid_fields, state_qids),
        "organizations.yaml": orgs.text(),
        "persons.yaml": persons.text(),
    }
    pending = {name: text for name, text in outputs.items()
               if text != (kb_dir / name).read_text(encoding="utf-8")}
    changes.files = sorted(pending)
    if pending and not dry_run:
        for name, text in pending.items():
            _write_atomic(kb_dir / name, text)
        changes.written = True
    return changes


def _check_consistency(entries: list[dict], iso: set[str], org_ids: set[str]) -> None:
    """What the loader needs: unique ids, offices of known states/organisations, ISO dates."""
    seen: set[str] = set()
    for e in entries:
        if e["id"] in seen:
            raise WikidataError(f"kb update would duplicate person id {e['id']!r}; nothing written")
        seen.add(e["id"])
        for o in e.get("offices") or []:
            if o.get("of") not in iso and o.get("of") not in org_ids:
                raise WikidataError(f"kb update: {e['id']} office of unknown {o.get('of')!r}; nothing written")
            for k in ("start", "end"):
                _d(o.get(k))


def kb_stats(kb_dir: Path) -> dict[str, int]:
    """Counts of the knowledge base in ``kb_dir``: states, organisations, persons, offices, QIDs.

    Curated and generated files are counted together (curated first; a generated entry
    whose id is already curated is not counted twice), as :func:`geokg.loaders.kb.load_kb`
    reads them; "... with source" counts entries that name where they come from.
    """
    kb_dir = Path(kb_dir)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def entries(*names: str) -> list[dict]:
        out, seen = [], set()
        for name in names:
            path = kb_dir / name
            for e in (yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or []) if path.exists() else []:
                if e["id"] not in seen:
                    seen.add(e["id"])
                    out.append(e)
        return out

    _, states = _read_csv(kb_dir / "states.csv")
    orgs = entries("organizations.yaml", "organizations_more.yaml", "parties_generated.yaml", "armed_groups_generated.yaml")
    persons = entries("persons.yaml", "persons_generated.yaml")
    regions = yaml.safe_load((kb_dir / "regions.yaml").read_text(encoding="utf-8")) or []
    offices = [o for p in persons for o in p.get("offices") or []]
    return {
        "states": sum(r.get("kind") == "state" for r in states),
        "territories": sum(r.get("kind") != "state" for r in states),
        "states with QID": sum(bool(r.get("qid")) for r in states),
        "regions": len(regions),
        "organizations": len(orgs),
        "organizations with QID": sum(bool(o.get("qid")) for o in orgs),
        "organizations with source": sum(bool(o.get("source")) for o in orgs),
        "political parties": sum(o.get("kind") == "party" for o in orgs),
        "armed groups": sum(o.get("kind") == "armed_group" for o in orgs),
        "persons": len(persons),
        "persons with QID": sum(bool(p.get("qid")) for p in persons),
        "persons with source": sum(bool(p.get("source")) for p in persons),
        "offices": len(offices),
        "offices held (no end date)": sum(o.get("end") in (None, "") for o in offices),
    }
