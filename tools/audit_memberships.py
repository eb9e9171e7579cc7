#!/usr/bin/env python3
"""Print each international organisation's member count today and on 1 January of 1995, 2005 and 2015,
with the dated changes (``memberships.csv``) behind them, and flag organisations without a member list.

A reading aid for auditing ``ontology/kb/organizations*.yaml`` and ``memberships.csv`` against the
organisations' own member lists; it changes nothing. Usage: ``python tools/audit_memberships.py``.
"""
from __future__ import annotations

from datetime import date

from geokg.loaders.kb import load_kb


def main() -> int:
    kb = load_kb()
    iso = {a.iri: code for code, a in kb.by_iso2.items()}
    years = (1995, 2005, 2015)
    print(f"{'organisation':32} {'today':>5} " + " ".join(f"{y:>5}" for y in years) + "  dated changes")
    for a in sorted(kb.actors.values(), key=lambda a: str(a.iri)):
        if a.cls != "InternationalOrganization":
            continue
        key = str(a.iri).rsplit("/", 1)[-1]
        if not a.members and not a.member_terms:
            print(f"{key:32} {'-':>5}  (no member list: a body or agency, or not yet curated)")
            continue
        counts = [len(kb.members_on(a.iri, date(y, 1, 1))) for y in years]
        changes = ", ".join(f"{iso.get(m, '?')} {s or ''}..{e or ''}" for m, s, e in a.member_terms)
        print(f"{key:32} {len(kb.members_on(a.iri, None)):>5} " + " ".join(f"{c:>5}" for c in counts)
              + (f"  {changes}" if changes else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
