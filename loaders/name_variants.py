"""Spelling variants of the knowledge base's names, added to the gazetteer when it is compiled.

Folding (:func:`geokg.loaders.kb.fold`) already makes "Erdogan" match "Erdoğan" and "Jose"
match "José": it drops accents that Unicode decomposes. Two kinds of spelling it does not
cover are common in news: the German umlaut written out ("Gerhard Schroeder", "Juergen")
and letters with no decomposition written as plain ASCII ("Lech Walesa" for Wałęsa,
"Lars Lokke Rasmussen" for Løkke). The letter maps are data
(``ontology/kb/spelling_variants.yaml``); each set gives one variant per name, with all of
its letters mapped at once.

A variant is added only where its token keys are free: a key some entry of the gazetteer
already has keeps its entries, so a variant never adds a second reading to a name.

>>> rules = load_rules()
>>> sorted(variants("Gerhard Schröder", rules))
['Gerhard Schroeder']
>>> sorted(variants("Lech Wałęsa", rules))
['Lech Walęsa']
>>> variants("Recep Tayyip Erdoğan", rules)
set()
"""
from __future__ import annotations

import logging
from functools import cache

import yaml

from geokg.loaders.kb import KnowledgeBase
from geokg.loaders.lexicon import GazEntry, Gazetteer, keys
from geokg.ontology import data_file

__all__ = ["RULES_FILE", "load_rules", "variants", "add_variants"]

log = logging.getLogger(__name__)

RULES_FILE = "spelling_variants.yaml"


@cache
def load_rules() -> tuple[dict[str, str], ...]:
    """The letter maps of ``spelling_variants.yaml``, one per set."""
    data = yaml.safe_load(data_file("kb", RULES_FILE).read_text(encoding="utf-8"))
    return tuple(dict(m) for m in data["sets"].values())


def variants(name: str, rules: tuple[dict[str, str], ...]) -> set[str]:
    """The spellings of ``name`` with each set's letters mapped (the name itself left out)."""
    out = set()
    for table in rules:
        if any(ch in table for ch in name):
            out.add("".join(table.get(ch, ch) for ch in name))
    out.discard(name)
    return out


def add_variants(gaz: Gazetteer, kb: KnowledgeBase) -> int:
    """Add the variants of every actor's names (not places') whose keys are free; returns how many."""
    rules = load_rules()
    letters = set().union(*rules)
    added: dict[tuple[str, ...], list[GazEntry]] = {}
    for a in kb.actors.values():
        if a.cls == "Place":
            continue
        names = {n for n in a.names() if letters & set(n)}
        if a.cls == "Person":  # "Recep Tayyip Erdoğan" is also "Tayyip Erdoğan" (as the gazetteer has it)
            names |= {" ".join(n.split()[1:]) for n in list(names) if len(n.split()) >= 3}
        for name in names:
            for form in variants(name, rules):
                k = keys(form)
                if not k or k in gaz.entries:
                    continue
                bucket = added.setdefault(k, [])
                entry = GazEntry("name", a.iri, a.cls)
                if entry not in bucket:
                    bucket.append(entry)
    # a key two actors' variants share ("Mueller") names neither: left out, as a clash would be
    clean = {k: v for k, v in added.items() if len({e.iri for e in v}) == 1}
    gaz.entries.update(clean)
    gaz.max_len = max(gaz.max_len, *(len(k) for k in clean)) if clean else gaz.max_len
    log.debug("spelling variants: %d added, %d left out (shared)", len(clean), len(added) - len(clean))
    return len(clean)
