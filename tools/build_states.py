#!/usr/bin/env python3
"""Build ontology/kb/states.csv from CLDR (via babel) and ontology/kb/state_qids.csv.

Usage (from the repository root):

    python tools/build_states.py            # writes ontology/kb/states.csv
    python tools/build_states.py --check    # exit 1 if states.csv is out of date

Inputs:
  * ISO 3166-1 codes (alpha-2, alpha-3, numeric) from pycountry (build-time only),
    plus XK/XKX (Kosovo, user-assigned code used by CLDR and the EU).
  * English and German short names from CLDR, as shipped with babel
    (``babel.Locale('en').territories`` / ``babel.Locale('de').territories``).
  * Wikidata QIDs from ontology/kb/state_qids.csv (iso2,qid).

Output columns: iso2,iso3,numeric,qid,kind,name_en,name_de
``kind`` is ``state`` for the 193 UN member states plus Palestine, Kosovo,
Taiwan and Vatican City, ``territory`` for everything else.
Rows are sorted by iso2; output is deterministic (UTF-8, LF).
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

import babel
import pycountry

ROOT = Path(__file__).resolve().parent.parent
KB = ROOT / "ontology" / "kb"
QIDS = KB / "state_qids.csv"
OUT = KB / "states.csv"

# The 193 member states of the United Nations (ISO 3166-1 alpha-2).
UN_MEMBERS = frozenset("""
AD AE AF AG AL AM AO AR AT AU AZ BA BB BD BE BF BG BH BI BJ BN BO BR BS BT BW
BY BZ CA CD CF CG CH CI CL CM CN CO CR CU CV CY CZ DE DJ DK DM DO DZ EC EE EG
ER ES ET FI FJ FM FR GA GB GD GE GH GM GN GQ GR GT GW GY HN HR HT HU ID IE IL
IN IQ IR IS IT JM JO JP KE KG KH KI KM KN KP KR KW KZ LA LB LC LI LK LR LS LT
LU LV LY MA MC MD ME MG MH MK ML MM MN MR MT MU MV MW MX MY MZ NA NE NG NI NL
NO NP NR NZ OM PA PE PG PH PK PL PT PW PY QA RO RS RU RW SA SB SC SD SE SG SI
SK SL SM SN SO SR SS ST SV SY SZ TD TG TH TJ TL TM TN TO TR TT TV TZ UA UG US
UY UZ VC VE VN VU WS YE ZA ZM ZW
""".split())

# Observer / partially recognised states treated as states.
OTHER_STATES = frozenset({"PS", "XK", "TW", "VA"})

# Codes not in ISO 3166-1 proper but used by CLDR for a state.
EXTRA = {"XK": ("XKX", "")}  # Kosovo: no ISO numeric code

HEADER = ["iso2", "iso3", "numeric", "qid", "kind", "name_en", "name_de"]


def load_qids() -> dict[str, str]:
    with QIDS.open(encoding="utf-8", newline="") as fh:
        return {row["iso2"]: row["qid"].strip() for row in csv.DictReader(fh)}


def build_rows() -> list[list[str]]:
    en = babel.Locale("en").territories
    de = babel.Locale("de").territories
    qids = load_qids()

    codes: dict[str, tuple[str, str]] = {
        c.alpha_2: (c.alpha_3, c.numeric) for c in pycountry.countries
    }
    codes.update(EXTRA)

    assert len(UN_MEMBERS) == 193, len(UN_MEMBERS)
    rows = []
    for iso2 in sorted(codes):
        iso3, numeric = codes[iso2]
        if iso2 not in en or iso2 not in de:
            raise SystemExit(f"CLDR has no name for {iso2}")
        kind = "state" if iso2 in UN_MEMBERS or iso2 in OTHER_STATES else "territory"
        rows.append([iso2, iso3, numeric, qids.get(iso2, ""), kind, en[iso2], de[iso2]])
    missing = sorted(UN_MEMBERS - set(codes))
    if missing:
        raise SystemExit(f"UN members missing from ISO list: {missing}")
    return rows


def render(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(rows)
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only verify states.csv is current")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    text = render(build_rows())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run tools/build_states.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    print(f"wrote {args.out} ({text.count(chr(10)) - 1} rows, babel {babel.__version__}, "
          f"pycountry {getattr(pycountry, '__version__', '?')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
