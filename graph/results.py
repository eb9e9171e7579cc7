"""Query results for other tools: the SPARQL 1.1 Query Results JSON format, and typed pandas DataFrames.

``geokg query --format json`` writes the W3C format (``head``/``results``/
``bindings``, or ``boolean`` for ASK) that SPARQL clients read, the same
a SPARQL endpoint answers. :func:`dataframe` gives columns of one type each:
numbers as ``float64`` (never ``Decimal`` objects), dates and times as
``datetime64`` (``xsd:gYear`` and ``xsd:gYearMonth`` as their first day,
times with a zone in UTC), booleans as ``bool``.

>>> from rdflib import Literal, URIRef
>>> from geokg.graph.store import Rows
>>> rows = Rows(["a", "w"], [{"a": URIRef("urn:x"), "w": Literal("0.5", datatype=XSD.decimal)}])
>>> sparql_json(rows)["results"]["bindings"][0]["w"]
{'type': 'literal', 'value': '0.5', 'datatype': 'http://www.w3.org/2001/XMLSchema#decimal'}
>>> dataframe(rows).dtypes["w"]
dtype('float64')
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from geokg.errors import StoreError

if TYPE_CHECKING:  # pragma: no cover
    from geokg.graph.store import Rows

__all__ = ["sparql_json", "dataframe", "term_json"]

_DATES = {XSD.date, XSD.dateTime, XSD.gYear, XSD.gYearMonth, XSD.dateTimeStamp}
_NUMBERS = {XSD.decimal, XSD.double, XSD.float, XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte,
            XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger,
            XSD.unsignedInt, XSD.unsignedLong, XSD.unsignedShort, XSD.unsignedByte}
_XSD_STRING = XSD.string


def term_json(term) -> dict[str, str]:
    """One RDF term as a SPARQL 1.1 Query Results JSON binding."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and term.datatype != _XSD_STRING:
        out["datatype"] = str(term.datatype)
    return out


def sparql_json(rows: "Rows") -> dict[str, Any]:
    """A SELECT's rows or an ASK's answer in the SPARQL 1.1 Query Results JSON format."""
    if rows.answer is not None:
        return {"head": {}, "boolean": bool(rows.answer)}
    return {"head": {"vars": list(rows.vars)},
            "results": {"bindings": [{k: term_json(v) for k, v in r.items() if v is not None} for r in rows.rows]}}


def _timestamp(term: Literal):
    import pandas as pd

    text = str(term).strip()
    try:
        if term.datatype == XSD.gYear:
            return pd.Timestamp(year=int(text[:4]), month=1, day=1)
        if term.datatype == XSD.gYearMonth:
            return pd.Timestamp(year=int(text[:4]), month=int(text[5:7]), day=1)
        ts = pd.Timestamp(text)
    except (ValueError, TypeError):
        return pd.NaT
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


def _column(values: list, terms: list):
    """One column with a single type: datetime64 for date literals, float64 for numbers, else as is."""
    import pandas as pd

    present = [t for t in terms if t is not None]
    if present and all(isinstance(t, Literal) and t.datatype in _DATES for t in present):
        return pd.to_datetime(pd.Series([None if t is None else _timestamp(t) for t in terms], dtype=object))
    if present and all(isinstance(t, Literal) and t.datatype in _NUMBERS for t in present):
        nums = [None if t is None else float(t.toPython()) if not isinstance(t.toPython(), Literal) else None
                for t in terms]
        ints = all(isinstance(t.toPython(), int) and not isinstance(t.toPython(), bool) for t in present)
        if ints and len(present) == len(terms):
            return pd.Series([int(t.toPython()) for t in terms], dtype="int64")
        return pd.Series(nums, dtype="float64")
    if present and all(isinstance(t, Literal) and t.datatype == XSD.boolean for t in present) \
            and len(present) == len(terms):
        return pd.Series([bool(t.toPython()) for t in terms], dtype="bool")
    return pd.Series([float(v) if isinstance(v, Decimal) else v for v in values], dtype=object)


def dataframe(rows: "Rows"):
    """A DataFrame of a query's result: rows for SELECT, one ``answer`` column for ASK, and
    ``subject``, ``predicate``, ``object`` for CONSTRUCT and DESCRIBE."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise StoreError("to_df() needs pandas: pip install 'geokg[notebook]'") from exc
    if rows.answer is not None:
        return pd.DataFrame({"answer": pd.Series([bool(rows.answer)], dtype="bool")})
    if rows.graph is not None:
        triples = sorted(rows.graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
        return pd.DataFrame({"subject": [str(s) for s, _p, _o in triples],
                             "predicate": [str(p) for _s, p, _o in triples],
                             "object": _column([_plain(o) for _s, _p, o in triples], [o for _s, _p, o in triples])})
    records = rows.to_records()
    cols = {}
    for v in rows.vars:
        cols[v] = _column([r.get(v) for r in records], [r.get(v) for r in rows.rows])
    return pd.DataFrame(cols, columns=list(rows.vars))


def _plain(term):
    if isinstance(term, Literal):
        value = term.toPython()
        return str(value) if isinstance(value, Literal) else value
    return str(term)
