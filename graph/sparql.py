"""Query results and safe value binding, shared by the store and its backends.

>>> print(bind_values('SELECT ?d WHERE { ?d dcterms:title ?t }', {"t": Literal('x" } DROP ALL {')}))
SELECT ?d WHERE { VALUES (?t) { ("x\\" } DROP ALL {") } ?d dcterms:title ?t }
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from rdflib import Graph, Literal, Node

from geokg.errors import QueryError
from geokg.graph.sparql_guard import code_only

__all__ = ["Rows", "bind_values", "first_line"]


@dataclass
class Rows:
    """The result of a SELECT (``rows``), ASK (``answer``) or CONSTRUCT (``graph``) query.

    Rows are dicts of variable name -> rdflib term (``None`` when unbound).
    """

    vars: list[str]
    rows: list[dict[str, Node | None]]
    answer: bool | None = None
    graph: Graph | None = None

    def __iter__(self) -> Iterator[dict[str, Node | None]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_records(self) -> list[dict[str, Any]]:
        """Rows with plain Python values (str, int, float, date…), for JSON and DataFrames."""
        return [{k: (None if v is None else _plain(v)) for k, v in r.items()} for r in self.rows]

    def to_df(self):
        """A pandas DataFrame (pandas is an optional dependency), one type per column: see
        :func:`geokg.graph.results.dataframe` (ASK: an ``answer`` column; CONSTRUCT: the triples)."""
        from geokg.graph.results import dataframe

        return dataframe(self)


def _plain(term: Node) -> Any:
    if isinstance(term, Literal):
        value = term.toPython()
        return value if not isinstance(value, Literal) else str(value)
    return str(term)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: dict[str, Node]) -> str:
    """Bind variables to values with an inline ``VALUES`` block at the start of the WHERE clause.

    Values are written as escaped RDF terms, so a user's string can never
    change the query's structure (see the module example).
    """
    if not bindings:
        return sparql
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid variable name {name!r}")
    names = " ".join(f"?{k}" for k in bindings)
    values = " ".join(v.n3() for v in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }}"
    code = code_only(sparql)  # comments, strings and IRIs blanked: a '# where {' comment is no WHERE
    m = _WHERE.search(code)
    pos = m.end() if m else code.find("{") + 1
    if pos <= 0:
        raise QueryError("invalid SPARQL query: no graph pattern to bind values in")
    return sparql[:pos] + block + sparql[pos:]


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message, at most 160 characters (for one-line errors)."""
    text = (str(exc).strip() or type(exc).__name__).splitlines()[0]
    return text if len(text) <= 160 else text[:157] + "..."
