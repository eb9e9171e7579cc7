#!/usr/bin/env python3
"""Build the generated part of the actor knowledge base from public datasets.

Reads git snapshots of public data repositories (brought in with the search tool's
``fetch`` into ``/work/.mirror``; only their data files are read, never their code)
and writes

* ``ontology/kb/persons_generated.yaml``: office holders 1990-today (same schema as
  ``persons.yaml``; ``offices[].title`` and ``party`` are optional extra keys);
* ``ontology/kb/parties_generated.yaml``: political parties (same schema as
  ``organizations.yaml``, ``class: Organization``, ``kind: party``, ``country``).

Sources (see ``ontology/kb/SOURCES.md`` for commits and licences):

* Archigos 4.1 (effective leaders of every state, 1875-2015) as shipped in
  ``globalgov/manystates`` ``data-raw/leaders/archigos/arch_annual.txt``;
* the Institute for Government's UK Ministers Database (every UK minister since
  1979) in ``instituteforgov/ifg-ministers-database-public`` ``data/*.csv``;
* ``unitedstates/congress-legislators``: ``executive.yaml`` (presidents and vice
  presidents) and ``legislators-current.yaml`` at one commit per Congress since 2013;
* Party Facts (``hdigital/partyfactsdata``): core parties with Wikidata ids.

Hand-curated entries (``persons.yaml``, ``organizations.yaml``,
``organizations_more.yaml``) always win: a generated person whose id, Wikidata id or
name-and-state matches a curated one is left out, so curated entries stay editable.
German aliases for Cyrillic and Arabic names come from ``transliteration.yaml``.

Usage::

    python tools/build_kb.py                 # rewrite the generated files
    python tools/build_kb.py --check         # exit 1 if they are stale
    python tools/build_kb.py --mirror DIR    # snapshots elsewhere than /work/.mirror
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

from geokg.loaders.kb import fold  # the knowledge base's own name key, so the two never drift apart
from urllib.parse import unquote

import yaml

LOADER = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "ontology" / "kb"
SINCE = "1990-01-01"

REPOS = {
    "archigos": "globalgov+manystates",
    "ifg": "instituteforgov+ifg-ministers-database-public",
    "congress": "unitedstates+congress-legislators",
    "partyfacts": "hdigital+partyfactsdata",
    "ucdp": "skytheacademic+who_keeps_the_peace",
}

# Party Facts: parties of these states (G20, EU, and a few states the news covers a lot).
PARTY_STATES = ("AR AU BR CA CN FR DE IN ID IT JP KR MX RU SA ZA TR GB US "
                "AT BE BG HR CY CZ DK EE FI GR HU IE LV LT LU MT NL PL PT RO SK SI ES SE "
                "CH NO IL UA RS IS").split()


# --------------------------------------------------------------------------- helpers
#: Letters folding keeps ("Wałęsa"): written as the plain-letter spelling variants write them, for ids.
PLAIN = str.maketrans(yaml.safe_load((KB / "spelling_variants.yaml").read_text(encoding="utf-8"))["sets"]["plain_letters"])


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text.translate(PLAIN))).strip("-")


class Mirror:
    """Reads files from a bare git snapshot (``/work/.mirror/owner+name/repo``)."""

    def __init__(self, base: Path, key: str):
        self.git = base / REPOS[key] / "repo"
        if not self.git.exists():
            raise SystemExit(f"build_kb: snapshot {self.git} missing; fetch github:{REPOS[key].replace('+', '/')}")
        self.head = self.run("rev-parse", "HEAD").strip()

    def run(self, *args: str) -> str:
        return subprocess.run(["git", f"--git-dir={self.git}", *args], check=True,
                              capture_output=True).stdout.decode("utf-8", "replace")

    def show(self, path: str, commit: str | None = None, encoding: str = "utf-8") -> str:
        out = subprocess.run(["git", f"--git-dir={self.git}", "show", f"{commit or self.head}:{path}"],
                             check=True, capture_output=True).stdout
        return out.decode(encoding)

    def commit_before(self, day: str, path: str) -> str | None:
        out = self.run("rev-list", "-1", f"--before={day}", self.head, "--", path).strip()
        return out or None


def load_states() -> tuple[dict[str, str], dict[str, str]]:
    """ISO alpha-2 by folded name/alias, and by ISO alpha-3."""
    by_name, by_iso3 = {}, {}
    with open(KB / "states.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            by_name[fold(row["name_en"])] = row["iso2"]
            by_name[fold(row["name_de"])] = row["iso2"]
            by_iso3[row["iso3"]] = row["iso2"]
    with open(KB / "state_forms.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["kind"] == "name":
                by_name.setdefault(fold(row["form"]), row["iso2"])
    return by_name, by_iso3


class Translit:
    """German (and variant English) spellings from ``transliteration.yaml``."""

    def __init__(self):
        data = yaml.safe_load((KB / "transliteration.yaml").read_text(encoding="utf-8"))
        self.cyr_states = set(data["cyrillic"]["states"])
        self.cyr_rules = data["cyrillic"]["rules"]
        self.arab_states = set(data["arabic"]["states"])
        self.variants: dict[str, list[str]] = {}
        for group in data["arabic"]["variants"]:
            for form in group:
                self.variants[form.casefold()] = group

    def _word(self, word: str) -> str:
        low, out, i = word.lower(), [], 0
        vowels = "aeiouy"
        while i < len(low):
            for rule in self.cyr_rules:
                src = rule["from"]
                if not low.startswith(src, i):
                    continue
                if rule.get("end") and i + len(src) != len(low):
                    continue
                if rule.get("only_before_vowel") and not (i + len(src) < len(low) and low[i + len(src)] in vowels):
                    continue
                if i and low[i - 1] in rule.get("unless_after", ()):
                    continue
                out.append(rule["to"])
                i += len(src)
                break
            else:
                out.append(low[i])
                i += 1
        res = "".join(out)
        return res[:1].upper() + res[1:] if word[:1].isupper() else res

    def german(self, name: str, states: set[str]) -> list[str]:
        """German spellings of ``name`` for a person of ``states`` (empty when none differ)."""
        forms: list[str] = []
        if states & self.cyr_states:
            de = " ".join("-".join(self._word(p) for p in w.split("-")) for w in name.split())
            if de != name:
                forms.append(de)
        if states & self.arab_states:
            words = name.split()
            for i, w in enumerate(words):
                for alt in self.variants.get(w.casefold(), ()):
                    if alt.casefold() != w.casefold():
                        forms.append(" ".join(words[:i] + [alt] + words[i + 1:]))
        return forms


def last_word(name: str) -> str:
    return name.replace(".", " ").split()[-1] if name.split() else name


def person(pid: str, label_en: str, *, qid=None, label_de=None, aliases_en=(), aliases_de=(),
           offices=(), source: str, party: str | None = None) -> dict:
    entry = {"id": pid, "qid": qid, "label": {"en": label_en, "de": label_de or label_en},
             "aliases": {"en": sorted(set(aliases_en) - {label_en}), "de": sorted(set(aliases_de) - {label_de or label_en})},
             "offices": list(offices), "source": source}
    if party:
        entry["party"] = party
    return entry


def office(role: str, of: str, start: str | None, end: str | None, title: str | None = None) -> dict:
    o = {"role": role, "of": of, "start": start or None, "end": end or None}
    if title:
        o["title"] = title
    return o


# --------------------------------------------------------------------------- sources
def archigos(mirror_base: Path, curated_roles: dict[str, str]) -> tuple[list[dict], str]:
    """Effective leaders 1990-2015 (Archigos 4.1; yearly spells merged into terms)."""
    m = Mirror(mirror_base, "archigos")
    text = m.show("data-raw/leaders/archigos/arch_annual.txt", encoding="latin-1")
    cow = list(csv.DictReader(io.StringIO(m.show("data-raw/states/COW/states2016.csv"))))
    by_name, _ = load_states()
    overrides = {r["cow"]: r["iso2"] for r in csv.DictReader(open(KB / "sources" / "cow_iso2.csv", encoding="utf-8"))}
    cow_iso = {}
    for r in cow:
        iso = overrides.get(r["stateabb"]) or by_name.get(fold(r["statenme"]))
        if iso:
            cow_iso[r["stateabb"]] = iso
    spells: dict[str, dict] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        if row["enddate"] < SINCE:
            continue
        iso = cow_iso.get(row["idacr"])
        if iso is None:
            continue
        s = spells.setdefault(row["obsid"] + "|" + row["leadid"], {"rows": [], "iso": iso})
        s["rows"].append(row)
    # the role (head of state/government) of the effective leader: the curated office their
    # successor in the same country held in 2015 (the last Archigos year), else the generic "leader"
    state_role: dict[str, str] = {}
    for s in spells.values():
        for r in s["rows"]:
            if r["enddate"] == "2015-12-31":
                role = curated_roles.get((s["iso"], fold(last_word(r["leader"]))))
                if role:
                    state_role[s["iso"]] = role
    by_leader: dict[str, dict] = {}
    for s in spells.values():
        rows = sorted(s["rows"], key=lambda r: r["startdate"])
        first, last = rows[0], rows[-1]
        uri = next((r["dbpedia.uri"] for r in rows if r["dbpedia.uri"] not in ("NA", "", ".")), None)
        name = re.sub(r"\s*\(.*\)$", "", unquote(uri.rsplit("/", 1)[-1]).replace("_", " ")) if uri else first["leader"]
        end = None if last["exit"] == "Still in Office" and last["enddate"] == "2015-12-31" else last["enddate"]
        if end is None:
            end = "2015-12-31"  # end of Archigos coverage; a later curated or generated term takes over
        role = curated_roles.get((s["iso"], fold(last_word(first["leader"]))), None) or state_role.get(s["iso"], "leader")
        roles = ["head_of_state", "head_of_government"] if role == "both" else [role]
        b = by_leader.setdefault(first["leadid"], {"name": name, "short": first["leader"], "iso": s["iso"], "offices": []})
        if uri:
            b["name"] = name
        for r in roles:
            b["offices"].append(office(r, s["iso"], first["startdate"], end))
    out = []
    for lid, b in by_leader.items():
        aliases = {b["short"]} if fold(b["short"]) != fold(b["name"]) else set()
        surname = b["name"].split()[-1] if len(b["name"].split()) > 1 else None
        out.append(dict(name=b["name"], states={b["iso"]}, aliases_en=aliases | ({surname} if surname else set()),
                        offices=sorted(b["offices"], key=lambda o: o["start"]),
                        dataset="archigos", source=f"Archigos 4.1 (globalgov/manystates {m.head[:8]}, arch_annual.txt; leader id {lid})"))
    return out, m.head


def ifg(mirror_base: Path) -> tuple[list[dict], str]:
    """UK ministers since 1979 whose appointments run into 1990 or later (IfG Ministers Database)."""
    m = Mirror(mirror_base, "ifg")
    rd = lambda name: list(csv.DictReader(io.StringIO(m.show(f"data/{name}.csv"))))  # noqa: E731
    names: dict[str, list[dict]] = defaultdict(list)
    for p in rd("person"):
        names[p["id"]].append(p)
    posts = {p["id"]: p for p in rd("post")}
    by_person: dict[str, list[dict]] = defaultdict(list)
    for a in rd("appointment"):
        if a["end_date"] and a["end_date"] < SINCE:
            continue
        post = posts.get(a["post_id"])
        if post is None:
            continue
        title = post["name"]
        if title == "Prime Minister":
            role = "head_of_government"
        elif title.startswith("Secretary of State for Foreign"):
            role = "foreign_minister"
        elif title == "Secretary of State for Defence":
            role = "defence_minister"
        elif title == "Deputy Prime Minister":
            role = "deputy_head_of_government"
        else:
            role = "minister"
        by_person[a["person_id"]].append(office(role, "GB", a["start_date"], a["end_date"] or None, title))
    out = []
    for pid, offices in by_person.items():
        rows = names[pid]
        # the name without a peerage ("Lord Mandelson") is the one news uses most; prefer a plain name
        plain = [r for r in rows if not re.match(r"(Lord|Baroness|Lady|Sir|Dame|Viscount|Earl) ", r["name"])]
        main = sorted(plain or rows, key=lambda r: r["start_date"] or "0000")[-1]
        aliases = {r["name"] for r in rows} | {main["short_name"]}
        out.append(dict(name=main["name"], states={"GB"}, aliases_en=aliases,
                        offices=sorted(offices, key=lambda o: o["start"]),
                        dataset="ifg", source=f"IfG Ministers Database (instituteforgov/ifg-ministers-database-public {m.head[:8]}; person {pid})"))
    return out, m.head


def congress(mirror_base: Path) -> tuple[list[dict], str]:
    """US presidents and vice presidents since 1989, members of Congress since 2013."""
    m = Mirror(mirror_base, "congress")
    people: dict[str, dict] = {}
    plain_to: dict[str, str] = {}

    def add(rec: dict, offices: list[dict], party: str | None, label: str | None = None) -> None:
        key = rec["id"].get("bioguide") or f"govtrack-{rec['id'].get('govtrack')}"
        n = rec["name"]
        short = " ".join(x for x in (n.get("nickname") or n.get("first"), n.get("last")) if x)
        name = label or n.get("official_full") or short  # "Bill Clinton", the name news uses
        full = " ".join(x for x in (n.get("first"), n.get("middle"), n.get("last")) if x)
        if label and plain_to.get(short, key) != key:
            short = None  # "George Bush" is the son's; the father is "George H. W. Bush" (and "Bush" by date)
        p = people.setdefault(key, dict(name=name, states={"US"}, aliases_en={short, full, n["last"]} - {None}, offices=[],
                                        qid=rec["id"].get("wikidata"), party=party,
                                        dataset="congress", source=f"unitedstates/congress-legislators {m.head[:8]} ({key})"))
        p["qid"] = p["qid"] or rec["id"].get("wikidata")
        p["party"] = party or p["party"]
        for o in offices:
            if o not in p["offices"]:
                p["offices"].append(o)

    executive = yaml.safe_load(m.show("executive.yaml"))
    shorts = defaultdict(int)
    for rec in executive:
        shorts[(rec["name"].get("nickname") or rec["name"]["first"], rec["name"]["last"])] += 1
        # the plain name of namesakes ("George Bush") is the later one's (the file is in order of office)
        plain_to[" ".join((rec["name"].get("nickname") or rec["name"]["first"], rec["name"]["last"]))] = \
            rec["id"].get("bioguide") or f"govtrack-{rec['id'].get('govtrack')}"

    def exec_label(rec: dict) -> str | None:
        """The president's or vice president's own name: the Wikipedia title where the file has one
        ("George W. Bush"), else, for namesakes in the file, the middle names' initials ("George H. W. Bush")."""
        if rec["id"].get("wikipedia"):
            return re.sub(r"\s*\(.*\)$", "", rec["id"]["wikipedia"])
        n = rec["name"]
        first = n.get("nickname") or n["first"]
        if shorts[(first, n["last"])] > 1 and n.get("middle"):
            return " ".join([first, *(w[0] + "." for w in n["middle"].split()), n["last"]])
        return None

    for rec in executive:
        offs = []
        for t in rec["terms"]:
            if (t.get("end") or "9999") < SINCE:
                continue
            if t["type"] == "prez":
                offs += [office("head_of_state", "US", t["start"], t.get("end")),
                         office("head_of_government", "US", t["start"], t.get("end"))]
            elif t["type"] == "viceprez":
                offs.append(office("vice_president", "US", t["start"], t.get("end")))
        if offs:
            add(rec, offs, rec["terms"][-1].get("party"), exec_label(rec))
    commits = {m.commit_before(f"{y}-03-01", "legislators-current.yaml") for y in range(2013, 2027, 2)} | {m.head}
    for c in sorted(c for c in commits if c):
        for rec in yaml.load(m.show("legislators-current.yaml", c), Loader=LOADER):
            offs = []
            for t in rec["terms"]:
                if (t.get("end") or "9999") < SINCE:
                    continue
                title = ("United States Senator" if t["type"] == "sen" else "Member of the House of Representatives") + f" ({t.get('state')})"
                offs.append(office("legislator", "US", t["start"], t.get("end"), title))
            if offs:
                add(rec, offs, rec["terms"][-1].get("party"))
    for p in people.values():
        # merge consecutive identical terms into one office per (role, title)
        merged: dict[tuple, dict] = {}
        for o in sorted(p["offices"], key=lambda o: o["start"]):
            k = (o["role"], o.get("title"))
            prev = merged.get(k)
            if prev and prev["end"] and o["start"] <= prev["end"]:
                prev["end"] = o["end"] if (o["end"] or "9999") > prev["end"] else prev["end"]
            elif prev and prev["end"] is None:
                continue
            else:
                merged[k] = dict(o) if not prev else merged.setdefault((*k, o["start"]), dict(o))
        p["offices"] = sorted(merged.values(), key=lambda o: (o["start"], o["role"]))
    return list(people.values()), m.head


#: Cabinet extracts of EveryPolitician (Wikidata-derived; read through the search index, see SOURCES.md):
#: file -> (state, {position label: role}); other positions become "minister" with the label as title.
CABINETS = {
    "everypolitician_de_cabinet.csv": ("DE", {"Federal Chancellor of Germany": "head_of_government",
                                              "Federal Minister for Foreign Affairs": "foreign_minister",
                                              "Federal Minister of Defence": "defence_minister",
                                              "Vice-Chancellor of Germany": "deputy_head_of_government"}),
    "everypolitician_at_cabinet.csv": ("AT", {"Federal Chancellor of Austria": "head_of_government",
                                              "Foreign Minister of Austria": "foreign_minister",
                                              "Vice-Chancellor of Austria": "deputy_head_of_government"}),
    "everypolitician_us_cabinet.csv": ("US", {"United States Secretary of State": "foreign_minister",
                                              "United States Secretary of Defense": "defence_minister"}),
}


def cabinets() -> list[dict]:
    """Ministers from the EveryPolitician cabinet extracts in ``ontology/kb/sources/`` (terms from 1990 on).

    An open end means "still in office" when the snapshot was taken; it is cut at the latest
    start date in the same file (the snapshot's last cabinet change), never left open."""
    out: dict[str, dict] = {}
    for name, (iso, roles) in CABINETS.items():
        rows = list(csv.DictReader(open(KB / "sources" / name, encoding="utf-8")))
        cut = max(r["start"] for r in rows if r["start"])
        for r in rows:
            end = r["end"] or cut
            if end < SINCE:
                continue
            role = roles.get(r["position"], "minister")
            start = r["start"] if len(r["start"]) == 10 else None
            end = end if len(end) == 10 else None
            p = out.setdefault(r["qid"], dict(name=r["name"], states={iso}, qid=r["qid"],
                                              aliases_en={last_word(r["name"])} if role != "minister" else set(),
                                              offices=[], dataset="everypolitician", source=f"EveryPolitician cabinet extract sources/{name} (Wikidata {r['qid']})"))
            p["offices"].append(office(role, iso, start, end, None if role != "minister" else r["position"]))
    return list(out.values())


def ucdp(mirror_base: Path, taken_names: set[str], taken_ids: set[str]) -> tuple[list[dict], str]:
    """Armed groups: UCDP actor list 22.1 (``Org`` 1, formally organised non-state actors).

    An actor any of whose names the knowledge base already has (FARC, PKK, Hamas: curated) is
    left out; acronyms of three letters or fewer are not used as aliases ("IS", "UCK", "DPR").
    The list has no years, so groups of every period since 1946 are included."""
    m = Mirror(mirror_base, "ucdp")
    text = m.show("data/ucdp_ged/ucdp-actor-221.csv", encoding="utf-8-sig")
    by_name, _ = load_states()
    out, seen = [], set()
    for r in csv.DictReader(io.StringIO(text)):
        if r["Org"] != "1":
            continue
        label = (r["NameOrigFullEng"] or r["NameData"]).strip()
        names = {n.strip() for n in (label, r["NameData"]) if n and n.strip()}
        if not label or any(fold(n) in taken_names or fold(n) in seen for n in names):
            continue
        seen |= {fold(n) for n in names}
        place = re.sub(r"\s*\(.*?\)", "", r["Location"].split(",")[0]).strip()
        iso = by_name.get(fold(place))
        pid = f"armed-group-{slug(label)}"[:80].rstrip("-")
        if pid in taken_ids:
            pid = f"{pid}-{r['ActorId']}"
        taken_ids.add(pid)
        aliases = sorted(n for n in names if n != label and len(n) > 3)
        entry = {"id": pid, "qid": None, "class": "Organization", "kind": "armed_group",
                 "label": {"en": label, "de": label}, "aliases": {"en": aliases, "de": aliases}}
        if iso:
            entry["country"] = iso
        entry["source"] = (f"UCDP Actor Dataset 22.1 (actor {r['ActorId']}; copy in "
                           f"skytheacademic/who_keeps_the_peace {m.head[:8]} data/ucdp_ged/ucdp-actor-221.csv); CC BY 4.0")
        out.append(entry)
    return sorted(out, key=lambda e: e["id"]), m.head


def partyfacts(mirror_base: Path, taken: set[str]) -> tuple[list[dict], str]:
    """Political parties of PARTY_STATES active since 1990 with at least 4 % of the vote (Party Facts)."""
    m = Mirror(mirror_base, "partyfacts")
    _, by_iso3 = load_states()
    core = list(csv.DictReader(io.StringIO(m.show("import/elecglob/partyfacts-core-parties.csv"))))
    wd = {r["partyfacts_id"]: r["wikidata_id"] for r in csv.DictReader(io.StringIO(m.show("import/wikipedia/wikidata.csv")))}
    out = []
    for r in core:
        iso = by_iso3.get(r["country"])
        if iso not in PARTY_STATES or r["technical"]:
            continue
        if r["year_last"] and int(r["year_last"]) < 1990:
            continue
        if float(r["share"] or 0) < 4.0:
            continue
        en = r["name_english"] or r["name"]
        pid = f"party-{iso.lower()}-{slug(r['name_short'] or en)}"
        if pid in taken:
            pid = f"{pid}-{r['partyfacts_id']}"
        if pid in taken or fold(en) in taken:
            continue
        taken.add(pid)
        # short names of three letters or fewer ("PP", "SD") are left out: too many clash with other names
        aliases_en = {x for x in (r["name"], r["name_short"]) if x and x != en and len(x) > 3}
        de = r["name"] if iso in ("DE", "AT", "CH") else en
        out.append({"id": pid, "qid": wd.get(r["partyfacts_id"]) or None, "class": "Organization", "kind": "party",
                    "country": iso, "label": {"en": en, "de": de},
                    "aliases": {"en": sorted(aliases_en), "de": sorted(aliases_en | ({en} if de != en else set()) - {de})},
                    "source": f"Party Facts core parties (hdigital/partyfactsdata {m.head[:8]}; id {r['partyfacts_id']}; "
                              f"Wikidata id from import/wikipedia/wikidata.csv); MIT"})
    return sorted(out, key=lambda o: o["id"]), m.head


# --------------------------------------------------------------------------- assembly
def curated_index() -> tuple[set[str], set[str], set[tuple[str, str]], dict[str, str]]:
    """Ids, QIDs, (folded name, state) pairs of curated persons, and each state's leader role."""
    persons = yaml.safe_load((KB / "persons.yaml").read_text(encoding="utf-8")) or []
    ids, qids, names = set(), set(), set()
    lead: dict[str, set[str]] = defaultdict(set)
    for p in persons:
        ids.add(p["id"])
        if p.get("qid"):
            qids.add(p["qid"])
        states = {o["of"] for o in p.get("offices") or []}
        for n in [p["label"]["en"], *p["label"].values()]:
            for s in states:
                names.add((fold(n), s))
        for o in p.get("offices") or []:
            if o["role"] in ("head_of_state", "head_of_government") and len(o["of"]) == 2 \
                    and str(o.get("start") or "") <= "2015-12-31" <= str(o.get("end") or "9999"):
                lead[(o["of"], fold(last_word(p["label"]["en"])))].add(o["role"])
                names.add((fold(last_word(p["label"]["en"])), o["of"]))
    roles = {k: "both" if len(v) == 2 else next(iter(v)) for k, v in lead.items()}
    return ids, qids, names, roles


#: Datasets whose record ids are spells, not persons: their records of one name and state may merge.
SPELL_DATASETS = {"archigos"}

#: Offices one person holds at a time per state (the same term from two sources is one person).
HEAD_ROLES = ("head_of_state", "head_of_government", "leader")


def _day(value: str | None, default: str) -> date:
    text = str(value or default)
    return date.fromisoformat(text if len(text) == 10 else text[:4] + "-01-01")


def _overlap_days(a: dict, b: dict) -> int:
    start = max(_day(a["start"], "1900-01-01"), _day(b["start"], "1900-01-01"))
    end = min(_day(a["end"], "2100-01-01"), _day(b["end"], "2100-01-01"))
    return (end - start).days


def _span(o: dict) -> int:
    return max(1, (_day(o["end"], "2100-01-01") - _day(o["start"], "1900-01-01")).days)


def same_term(a_offices: list[dict], b_offices: list[dict]) -> bool:
    """Whether two records name one head of state or government in one term: the same office
    (Archigos's generic ``leader`` matches either head role) of the same state, their dates
    overlapping over at least half of the shorter term (sources differ by days: the day of
    the election or of the oath; Archigos starts its spells on 1 January 1990 at the earliest)."""
    for a in a_offices:
        if a["role"] not in HEAD_ROLES:
            continue
        for b in b_offices:
            if b["role"] not in HEAD_ROLES or b["of"] != a["of"]:
                continue
            if a["role"] != b["role"] and "leader" not in (a["role"], b["role"]):
                continue
            if _overlap_days(a, b) * 2 >= min(_span(a), _span(b)):
                return True
    return False


def same_surname(a: str, b: str) -> bool:
    """The last word of one name is a word of the other ("Mansour" / "Adly Mansour";
    "Fidel Castro" / "Fidel Castro Ruz")."""
    fa, fb = fold(a).split(), fold(b).split()
    return bool(fa and fb) and (fa[-1] in fb or fb[-1] in fa)


def merge(records: list[dict], tr: Translit, extra_taken: set[str] = frozenset()) -> list[dict]:
    """One record per person, from records of several datasets.

    Two records are one person when they carry the same Wikidata id, or when they come from
    different datasets, carry no conflicting Wikidata ids, have the same surname and either
    hold the same head office in one term (``same_term``) or have the same full name and state.
    Two records of one dataset are never merged without a shared Wikidata id: each dataset
    keeps its own person ids (Congress's two George Bushes are two persons), except Archigos,
    whose ids are spells. A record that
    is one of the curated persons by the same rules is left out (the curated entry wins)."""
    ids, qids, cnames, _ = curated_index()
    curated = [p for p in yaml.load((KB / "persons.yaml").read_text(encoding="utf-8"), Loader=LOADER) or []]
    merged: list[dict] = []
    by_qid: dict[str, int] = {}
    by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_head: dict[str, list[int]] = defaultdict(list)  # state -> records holding a head office of it

    def compatible(cur: dict, rec: dict) -> bool:
        if cur.get("qid") and rec.get("qid"):
            return cur["qid"] == rec["qid"]
        # Archigos's leader ids are not one per person (a later spell or version brings a new id)
        return rec["dataset"] not in cur["datasets"] or rec["dataset"] in SPELL_DATASETS

    def is_curated(rec: dict) -> bool:
        if rec.get("qid") in qids or any((fold(rec["name"]), s) in cnames for s in rec["states"]):
            return True
        return any((not p.get("qid") or not rec.get("qid")) and same_surname(p["label"]["en"], rec["name"])
                   and same_term(p.get("offices") or [], rec["offices"]) for p in curated)

    for rec in records:
        states = sorted(rec["states"])
        if is_curated(rec):
            continue
        cur = merged[by_qid[rec["qid"]]] if rec.get("qid") in by_qid else None
        if cur is None:
            heads = {o["of"] for o in rec["offices"] if o["role"] in HEAD_ROLES}
            cands = [merged[i] for s in sorted(heads) for i in by_head[s]]
            cur = next((c for c in cands if compatible(c, rec) and same_surname(c["name"], rec["name"])
                        and same_term(c["offices"], rec["offices"])), None)
        if cur is None:
            cur = next((merged[i] for s in states for i in by_name[(fold(rec["name"]), s)]
                        if compatible(merged[i], rec)), None)
        if cur is None and len(rec["name"].split()) == 1:
            # an Archigos surname-only leader ("Sarkozy"): the full-named head of that state
            cur = next((c for c in merged if states[0] in c["states"] and compatible(c, rec)
                        and fold(last_word(c["name"])) == fold(rec["name"])
                        and any(o["role"] in HEAD_ROLES for o in c["offices"])), None)
        if cur is None:
            cur = dict(rec, aliases_en=set(rec.get("aliases_en", ())), sources=[rec["source"]],
                       datasets={rec["dataset"]}, states=set(rec["states"]), idx=len(merged))
            merged.append(cur)
        else:
            cur["aliases_en"].add(rec["name"])
            cur["aliases_en"] |= set(rec.get("aliases_en", ()))

            def overlaps(o: dict) -> bool:  # the same term from another source, perhaps with other dates
                return any(c["role"] == o["role"] and c["of"] == o["of"] and (c["start"] or "") <= (o["end"] or "9999")
                           and (o["start"] or "") <= (c["end"] or "9999") for c in cur["offices"])
            cur["offices"] = cur["offices"] + [o for o in rec["offices"] if not overlaps(o)]
            cur["qid"] = cur.get("qid") or rec.get("qid")
            cur["sources"].append(rec["source"])
            cur["datasets"].add(rec["dataset"])
            cur["states"] |= set(rec["states"])
        i = cur["idx"]
        if cur.get("qid"):
            by_qid.setdefault(cur["qid"], i)
        for s in states:
            if i not in by_name[(fold(rec["name"]), s)]:
                by_name[(fold(rec["name"]), s)].append(i)
        for s in {o["of"] for o in rec["offices"] if o["role"] in HEAD_ROLES}:
            if i not in by_head[s]:
                by_head[s].append(i)
    out, used = [], set(ids) | taken_slugs() | set(extra_taken)
    for r in merged:
        pid = slug(r["name"])
        if pid in used:
            pid = f"{pid}-{sorted(r['states'])[0].lower()}"
        n = 2
        while pid in used:
            pid, n = f"{slug(r['name'])}-{n}", n + 1
        used.add(pid)
        de_forms = []
        for form in [r["name"], *sorted(r["aliases_en"])]:
            de_forms += tr.german(form, r["states"])
        aliases_en = {a for a in r["aliases_en"] if a and len(a) > 2}
        label_de = de_forms[0] if de_forms and r["states"] & tr.cyr_states else r["name"]
        aliases_de = (aliases_en | set(de_forms) | {r["name"]}) - {label_de}
        out.append(person(pid, r["name"], qid=r.get("qid"), label_de=label_de, aliases_en=aliases_en | {
            f for f in de_forms if r["states"] & tr.arab_states}, aliases_de=aliases_de,
            offices=sorted(r["offices"], key=lambda o: (o["start"] or "", o["role"])),
            source="; ".join(r["sources"]), party=r.get("party")))
    return sorted(unambiguous(out), key=lambda p: p["id"])


RANK = {"head_of_state": 0, "head_of_government": 0, "leader": 0, "secretary_general": 0, "director_general": 0,
        "foreign_minister": 1, "defence_minister": 1, "vice_president": 1, "deputy_head_of_government": 1,
        "minister": 2, "legislator": 3}


# States whose leaders' bare surnames are kept as aliases (G20, EU, and states at war or under
# sanctions the news names often); elsewhere "Ortiz", "Sein", "Bio" would take over namesakes and words.
PROMINENT = set(PARTY_STATES) | set("IL PS IR SY IQ LY AF UA BY KP YE LB EG SD SO PK VE CU "
                                    "GE AZ AM KZ KG TJ UZ TM MD BA HR XK MK ME AL ZW CD RW NG KE ET".split())


FOCUS = {"GB", "DE", "AT", "US"}


def unambiguous(generated: list[dict]) -> list[dict]:
    """No name may stand for two persons: curated names are taken first, then generated persons
    by rank (heads before ministers before legislators); a clashing alias is dropped, and a
    generated person whose label is taken (a namesake) is left out."""
    owner: dict[str, str] = {}
    for p in yaml.load((KB / "persons.yaml").read_text(encoding="utf-8"), Loader=LOADER) or []:
        for n in [*p["label"].values(), *[a for v in (p.get("aliases") or {}).values() for a in (v or [])]]:
            owner.setdefault(fold(n), p["id"])
    out, dropped = [], 0
    def order(p: dict) -> tuple:
        # the news this KB serves is mostly British, German, Austrian and American: their people first
        focus = not {o["of"] for o in p["offices"]} & FOCUS
        return (focus, min(RANK.get(o["role"], 2) for o in p["offices"]), p["id"])

    for p in sorted(generated, key=order):
        labels = {fold(v) for v in p["label"].values()}
        if any(owner.get(n, p["id"]) != p["id"] for n in labels):
            dropped += 1
            continue
        for n in labels:
            owner[n] = p["id"]
        states = {o["of"] for o in p["offices"]}
        if len(p["label"]["en"].split()) == 1 and not states & PROMINENT:
            dropped += 1  # a surname-only Archigos leader of a state the news rarely covers: too ambiguous
            continue
        minor = min(RANK.get(o["role"], 2) for o in p["offices"]) >= 2 or not states & PROMINENT
        for lang, forms in p["aliases"].items():
            # a bare surname only for heads and foreign/defence ministers: a junior minister's or a
            # legislator's surname ("Hughes") would take over every namesake in the news
            keep = [f for f in forms if not (minor and len(f.split()) == 1)
                    and owner.setdefault(fold(f), p["id"]) == p["id"]]
            p["aliases"][lang] = keep
        out.append(p)
    print(f"build_kb: {dropped} generated persons left out (namesakes of earlier ones, or surname-only leaders of rarely covered states)", file=sys.stderr)
    return out


def taken_slugs() -> set[str]:
    """IRIs of states, capitals, regions and organisations (a person id must not reuse one)."""
    out = set()
    for f in ("states.csv", "capitals.csv"):
        with open(KB / f, encoding="utf-8") as fh:
            out |= {slug(r["name_en"]) for r in csv.DictReader(fh)}
    out |= {slug(r["name_en"]) + "-city" for r in csv.DictReader(open(KB / "capitals.csv", encoding="utf-8"))}
    for f in ("regions.yaml", "organizations.yaml", "organizations_more.yaml", "parties_generated.yaml",
              "armed_groups_generated.yaml"):
        if (KB / f).exists():
            out |= {o["id"] for o in yaml.safe_load((KB / f).read_text(encoding="utf-8")) or []}
    return out


def dump(data, header: str) -> str:
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def build(mirror_base: Path) -> dict[str, str]:
    _, _, _, roles = curated_index()
    tr = Translit()
    arch, arch_c = archigos(mirror_base, roles)
    uk, uk_c = ifg(mirror_base)
    us, us_c = congress(mirror_base)
    org_ids = {o["id"] for f in ("organizations.yaml", "organizations_more.yaml") if (KB / f).exists()
               for o in yaml.safe_load((KB / f).read_text(encoding="utf-8")) or []}
    org_names = {fold(o["label"]["en"]) for f in ("organizations.yaml", "organizations_more.yaml") if (KB / f).exists()
                 for o in yaml.safe_load((KB / f).read_text(encoding="utf-8")) or []}
    parties, pf_c = partyfacts(mirror_base, org_ids | org_names)
    state_names, _ = load_states()
    taken_names = org_names | set(state_names) | {fold(a) for f in ("organizations.yaml", "organizations_more.yaml")
                                                   for o in yaml.safe_load((KB / f).read_text(encoding="utf-8")) or []
                                                   for v in (o.get("aliases") or {}).values() for a in (v or [])}
    taken_names |= {fold(p["label"]["en"]) for p in parties}
    groups, ucdp_c = ucdp(mirror_base, taken_names, org_ids | {p["id"] for p in parties})
    persons = merge(uk + us + cabinets() + arch, tr, extra_taken={g["id"] for g in groups})
    ghead = (f"# GENERATED by tools/build_kb.py - do not edit; curated organisations go into organizations_more.yaml.\n"
             f"# Source: UCDP Actor Dataset 22.1 (copy in skytheacademic/who_keeps_the_peace {ucdp_c}), CC BY 4.0. See SOURCES.md.\n")
    head = (f"# GENERATED by tools/build_kb.py - do not edit; curated entries go into persons.yaml (they take precedence).\n"
            f"# Sources: Archigos 4.1 via globalgov/manystates {arch_c}; IfG Ministers Database {uk_c}; "
            f"unitedstates/congress-legislators {us_c}. See SOURCES.md.\n")
    phead = (f"# GENERATED by tools/build_kb.py - do not edit; curated parties go into organizations_more.yaml.\n"
             f"# Source: Party Facts (hdigital/partyfactsdata {pf_c}), MIT licence. See SOURCES.md.\n")
    return {"persons_generated.yaml": dump(persons, head), "parties_generated.yaml": dump(parties, phead),
            "armed_groups_generated.yaml": dump(groups, ghead)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"), help="folder of fetched git snapshots")
    ap.add_argument("--check", action="store_true", help="exit 1 if the generated files are stale")
    args = ap.parse_args(argv)
    files = build(args.mirror)
    stale = [n for n, text in files.items() if not (KB / n).exists() or (KB / n).read_text(encoding="utf-8") != text]
    if args.check:
        print("stale: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale else 0
    for name, text in files.items():
        (KB / name).write_text(text, encoding="utf-8")
        print(f"wrote {name}: {text.count(chr(10) + '- id:') + text.startswith('- id:')} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
