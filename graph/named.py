"""Named queries: a library of SPARQL ``.rq`` files, usable from Python and the CLI.

Each file in ``graph/queries/named/`` starts with comment lines: the first says
what the query does; ``# param NAME: KIND`` lines declare parameters, where
KIND is ``actor`` (any label or alias, resolved to the actor's IRI),
``relation`` (a relation name), ``date`` or ``text``; ``(optional)`` marks a
parameter that may be left out. Values are bound with ``VALUES``, never
pasted into the query text.

>>> from geokg.graph.store import KnowledgeGraph
>>> sorted(named_queries())[:3]
['actor-claims', 'actors-by-degree', 'attributed']
>>> run_named(KnowledgeGraph.open("memory"), "mediators").vars[:2]
['mediator', 'mediatorLabel']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from rdflib import Literal, Node

from geokg.errors import QueryError
from geokg.graph.sparql import Rows
from geokg.loaders.claims import date_literal
from geokg.ontology.vocab import relation

if TYPE_CHECKING:
    from geokg.graph.store import KnowledgeGraph

__all__ = ["NamedQuery", "named_queries", "run_named"]

_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_PARAM = re.compile(r"^#\s*param\s+(\w+)\s*:\s*(\w+)\s*(\(optional\))?", re.MULTILINE)


@dataclass(frozen=True)
class NamedQuery:
    """A named query: its SPARQL, what it does, and its parameters (name -> (kind, optional))."""

    name: str
    description: str
    sparql: str
    params: dict[str, tuple[str, bool]]


@cache
def named_queries() -> dict[str, NamedQuery]:
    """All named queries shipped in ``graph/queries/named/``, by name."""
    out = {}
    folder = files("geokg.graph").joinpath("queries", "named")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".rq"):
            continue
        text = entry.read_text(encoding="utf-8")
        first = next((ln for ln in text.splitlines() if ln.startswith("#")), "# ")
        params = {m.group(1): (m.group(2), bool(m.group(3))) for m in _PARAM.finditer(text)}
        name = entry.name[:-3]
        out[name] = NamedQuery(name, first.lstrip("# ").strip(), text, params)
    return out


def _value(kg: KnowledgeGraph, kind: str, value: str) -> Node:
    if kind == "actor":
        iri = kg.actor(value)
        if _NOT_IN_IRI.search(str(iri)):  # a pasted IRI with a space: rdflib cannot write it into the query
            raise QueryError(f"{value!r} is not a valid IRI (no spaces or any of <>\"{{}}|^`\\ in an IRI)")
        return iri
    if kind == "relation":
        return relation(value).iri
    if kind == "date":
        lit = date_literal(value)
        if lit is None:
            raise QueryError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        return lit
    return Literal(value)


def run_named(kg: KnowledgeGraph, name: str, **params: str) -> Rows:
    """Run a named query with its parameters (actor names are resolved first).

    Raises
    ------
    QueryError
        Unknown query name or parameter, or a required parameter missing.
    """
    queries = named_queries()
    if name not in queries:
        raise QueryError(f"no named query {name!r}; 'geokg query --list' shows them: {', '.join(queries)}")
    q = queries[name]
    unknown = set(params) - set(q.params)
    if unknown:
        raise QueryError(f"query {name!r} has no parameter {', '.join(sorted(unknown))}; "
                         f"its parameters: {', '.join(q.params) or 'none'}")
    bindings = {}
    for pname, (kind, optional) in q.params.items():
        if pname in params and params[pname] not in (None, ""):
            bindings[pname] = _value(kg, kind, params[pname])
        elif not optional:
            raise QueryError(f"query {name!r} needs --param {pname}=… ({kind})")
    return kg.query(q.sparql, **bindings)
