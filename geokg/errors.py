"""The project's errors: one root, specific subclasses.

Every error a user can cause (a missing file, bad SPARQL, an unknown actor)
is a :class:`GeokgError`; the CLI turns it into one line on stderr and exit
code 2. Anything else is a bug and keeps its traceback.
"""
from __future__ import annotations

__all__ = [
    "GeokgError", "StoreError", "StoreLocked", "QueryError", "InputError",
    "UnsupportedLanguage", "UnknownActor", "UnknownDocument", "UnknownRelation",
]


class GeokgError(Exception):
    """Root of every error geokg raises for a user's mistake."""


class StoreError(GeokgError):
    """The store cannot be opened or written."""


class StoreLocked(StoreError):
    """Another process holds the embedded store's write lock."""


class QueryError(GeokgError):
    """A SPARQL query or update is invalid or failed."""


class InputError(GeokgError):
    """An input file cannot be read or has the wrong format."""


class UnsupportedLanguage(InputError):
    """A document is in a language geokg does not read (only German and English)."""


class UnknownActor(GeokgError):
    """A name that no actor in the knowledge base carries."""


class UnknownDocument(GeokgError):
    """A document that is not in the store."""


class UnknownRelation(GeokgError, KeyError):
    """A relation name that the ontology does not define (still a ``KeyError`` for old callers)."""

    def __str__(self) -> str:  # KeyError quotes its message; we want plain text
        return str(self.args[0])
