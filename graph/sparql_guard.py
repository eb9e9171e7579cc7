"""Limits a SPARQL text must keep before it reaches a query engine: nesting depth and length.

Oxigraph's and rdflib's SPARQL parsers descend recursively: a query of a few
thousand nested braces overflows the native stack (``geokg query`` died with
a segmentation fault, ``oxigraph serve`` aborted). Real queries nest a dozen
levels at most, so anything deeper than :data:`MAX_DEPTH` is refused with a
clear error instead. Brackets inside strings, IRIs and comments do not count.

>>> check_sparql("SELECT * WHERE { ?s ?p '{{{{' }")
>>> check_sparql("SELECT * WHERE " + "{" * 500 + "}" * 500)
Traceback (most recent call last):
...
geokg.errors.QueryError: query refused: it nests brackets 500 levels deep; the limit is 100
"""
from __future__ import annotations

import re

from geokg.errors import QueryError

__all__ = ["check_sparql", "MAX_DEPTH", "MAX_QUERY_CHARS", "MAX_UPDATE_CHARS"]

#: Deepest nesting of ``{``, ``(`` and ``[`` accepted (the parsers survive several hundred on a 2 MiB stack).
MAX_DEPTH = 100
#: Longest query text accepted (characters).
MAX_QUERY_CHARS = 1_000_000
#: Longest update text accepted (characters): ``INSERT DATA`` of a large document is long but flat.
MAX_UPDATE_CHARS = 256_000_000

# strings (long forms first), IRIs (no spaces, braces or quotes inside), comments, and the brackets themselves
_TOKENS = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'''
                     r"""'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*|[{}()\[\]]""", re.DOTALL)
_OPEN = frozenset("{([")


def nesting_depth(sparql: str) -> int:
    """The deepest bracket nesting of a SPARQL text, outside strings, IRIs and comments."""
    depth = deepest = 0
    for m in _TOKENS.finditer(sparql):
        tok = m.group()
        if len(tok) != 1:
            continue
        if tok in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def code_only(sparql: str) -> str:
    r"""The text with every comment, string and IRI blanked out (same length, so positions still hold).

    >>> code_only('SELECT * # where {\nWHERE { ?s ?p "{" }')
    'SELECT *          \nWHERE { ?s ?p     }'
    """
    out, last = [], 0
    for m in _TOKENS.finditer(sparql):
        if len(m.group()) == 1:
            continue
        out.append(sparql[last:m.start()])
        out.append(re.sub(r"[^\n]", " ", m.group()))
        last = m.end()
    out.append(sparql[last:])
    return "".join(out)


def check_sparql(sparql: str, update: bool = False, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`QueryError` for a text too long or nested too deep to hand to a parser."""
    limit = MAX_UPDATE_CHARS if update else MAX_QUERY_CHARS
    kind = "update" if update else "query"
    if len(sparql) > limit:
        raise QueryError(f"{kind} refused: it is {len(sparql):,} characters long; the limit is {limit:,}")
    depth = nesting_depth(sparql)
    if depth > max_depth:
        raise QueryError(f"{kind} refused: it nests brackets {depth} levels deep; the limit is {max_depth}")
