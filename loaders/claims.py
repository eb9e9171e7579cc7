"""The shared claim model: documents, entities and claims, and their RDF form.

Every loader (articles, curated tables, GDELT) produces an :class:`Extraction`:
one :class:`Document`, the :class:`Entity` descriptions it introduces, and its
:class:`Claim` s. :func:`extraction_triples` turns it into the triples of the
document's named graph, following ``ontology-core.md``:

- each claim is a ``gkg:Claim`` node (``rdf:subject``/``rdf:predicate``/
  ``rdf:object``, evidence, offsets, negation, attribution, modality,
  confidence, extractor, date, source document);
- a claim's ``dcterms:date`` is the date of the event when the source gives
  one of its own ("on 3 March", a GDELT event's day, a table's date column);
  otherwise the document's date applies and is not repeated on the claim.
  Every reader takes the claim's date, else its document's;
- a claim that is not negated is also asserted as the plain triple.

>>> from rdflib import URIRef
>>> from geokg.ontology import GKGR
>>> doc = Document(iri=GKGR["doc/example"], title="Example", language="en")
>>> c = Claim(GKGR["russia"], "attacks", GKGR["ukraine"], evidence="Russia attacked Ukraine.")
>>> triples = extraction_triples(Extraction(doc, [c], []))
>>> (GKGR["russia"], URIRef("https://w3id.org/geokg/ontology#attacks"), GKGR["ukraine"]) in set(triples)
True
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Iterator

from rdflib import Literal, Node, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from geokg.ontology import GKG, GKGR, SCHEMA, WD
from geokg.ontology.vocab import relation

__all__ = [
    "Claim", "Document", "Entity", "Extraction", "extraction_triples", "slug",
    "date_literal", "decimal_literal", "Triple",
]

Triple = tuple[Node, Node, Node]


def slug(text: str) -> str:
    """An IRI-safe, lowercase, ASCII slug: ``"Recep Tayyip Erdoğan"`` -> ``"recep-tayyip-erdogan"``."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("ß", "ss").replace("ı", "i").replace("ł", "l").replace("ø", "o")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or "x"


def date_literal(value: str | date | None) -> Literal | None:
    """A typed date literal from ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO date-time.

    >>> date_literal("2022-10").datatype.endswith("gYearMonth")
    True
    >>> date_literal("nonsense") is None
    True
    """
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=XSD.date)
    v = str(value).strip()
    if re.fullmatch(r"\d{4}", v):
        return Literal(v, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", v):
        return Literal(v, datatype=XSD.gYearMonth)
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?", v)
    if m:
        try:
            date.fromisoformat(m.group(1))
        except ValueError:
            return None
        if m.group(2):
            return Literal(v, datatype=XSD.dateTime)
        return Literal(v, datatype=XSD.date)
    return None


def decimal_literal(value: float) -> Literal:
    """An xsd:decimal in canonical form with two places at most: 0.8 -> "0.8", 1 -> "1.0"."""
    text = f"{value:.2f}".rstrip("0")
    return Literal(text + "0" if text.endswith(".") else text, datatype=XSD.decimal)


@dataclass
class Document:
    """A source document: an article, a curated table, a GDELT source URL."""

    iri: URIRef
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    outlet: str | None = None
    kind: str = "article"

    def triples(self) -> Iterator[Triple]:
        yield self.iri, RDF.type, GKG.Document
        if self.title:
            yield self.iri, DCTERMS.title, Literal(self.title)
        if self.url:
            yield self.iri, SCHEMA.url, URIRef(self.url)
        pub = date_literal(self.published)
        if pub is not None:
            yield self.iri, DCTERMS.date, pub
        if self.language:
            yield self.iri, DCTERMS.language, Literal(self.language)
        if self.outlet:
            yield self.iri, DCTERMS.source, Literal(self.outlet)


@dataclass
class Entity:
    """An actor, place, event, group or aim that a document introduces.

    Entities already in the knowledge base need no description here; new ones
    (a person the text introduces, a summit, "Russian deserters") carry their
    class and labels into the document's graph.
    """

    iri: URIRef
    cls: str
    label_en: str
    labels: dict[str, set[str]] = field(default_factory=dict)
    alt_labels: set[str] = field(default_factory=set)
    qid: str | None = None
    extra: list[Triple] = field(default_factory=list)

    def triples(self) -> Iterator[Triple]:
        yield self.iri, RDF.type, GKG[self.cls]
        yield self.iri, RDFS.label, Literal(self.label_en, lang="en")
        for lang, labs in sorted(self.labels.items()):
            if lang == "en":
                continue
            for lab in sorted(labs):
                yield self.iri, RDFS.label, Literal(lab, lang=lang)
        for alt in sorted(self.alt_labels):
            yield self.iri, SKOS.altLabel, Literal(alt)
        if self.qid:
            yield self.iri, OWL.sameAs, WD[self.qid]
        yield from self.extra


@dataclass(frozen=True)
class Claim:
    """One statement read from a source, with its evidence.

    ``relation`` is the local name of a ``gkg:`` relation (``"mediates"``);
    ``obj`` is an IRI (an actor, event, aim).
    """

    subject: URIRef
    relation: str
    obj: URIRef
    evidence: str
    char_start: int | None = None
    char_end: int | None = None
    negated: bool = False
    attributed_to: URIRef | None = None
    modality: str | None = None
    confidence: float = 1.0
    extractor: str = "curated"
    date: str | None = None  # the event's own date when the source gives one (else the document's applies)
    extra: tuple[Triple, ...] = ()
    source: URIRef | None = None  # the document it was read from, when not the graph's own document

    def iri(self, document: URIRef) -> URIRef:
        """A stable IRI: the same claim read again from the same document gets the same IRI."""
        key = "\x1f".join(map(str, (document, self.subject, self.relation, self.obj,
                                     self.char_start, self.negated, self.source or "", self.date or "")))
        return GKGR["claim/" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]]


@dataclass
class Extraction:
    """What a loader read from one document (the named graph's document).

    ``sources`` are further documents its claims cite (the rows of a curated
    table name their own sources); they live in the same named graph.
    """

    document: Document
    claims: list[Claim]
    entities: list[Entity]
    sources: list[Document] = field(default_factory=list)


def _claim_triples(claim: Claim, doc: URIRef) -> Iterator[Triple]:
    rel = relation(claim.relation)
    node = claim.iri(doc)
    yield node, RDF.type, GKG.Claim
    yield node, RDF.subject, claim.subject
    yield node, RDF.predicate, rel.iri
    yield node, RDF.object, claim.obj
    yield node, PROV.wasDerivedFrom, claim.source or doc
    yield node, GKG.evidence, Literal(claim.evidence)
    if claim.char_start is not None:
        yield node, GKG.charStart, Literal(claim.char_start, datatype=XSD.integer)
    if claim.char_end is not None:
        yield node, GKG.charEnd, Literal(claim.char_end, datatype=XSD.integer)
    yield node, GKG.negated, Literal(claim.negated)
    if claim.attributed_to is not None:
        yield node, GKG.attributedTo, claim.attributed_to
    if claim.modality:
        yield node, GKG.modality, Literal(claim.modality)
    yield node, GKG.confidence, decimal_literal(claim.confidence)
    yield node, PROV.wasGeneratedBy, GKGR["extractor/" + claim.extractor]
    when = date_literal(claim.date)
    if when is not None:
        yield node, DCTERMS.date, when
    for s, p, o in claim.extra:
        yield (node if s is None else s), p, o
    if not claim.negated:
        yield claim.subject, rel.iri, claim.obj


def extraction_triples(ext: Extraction) -> list[Triple]:
    """All triples of a document's named graph, deduplicated, in a stable order."""
    out: dict[Triple, None] = {}
    doc = ext.document.iri
    for d in [ext.document, *ext.sources]:
        for t in d.triples():
            out[t] = None
    for e in ext.entities:
        for t in e.triples():
            out[t] = None
    extractors: set[str] = set()
    for c in ext.claims:
        extractors.add(c.extractor)
        for t in _claim_triples(c, doc):
            out[t] = None
    for name in sorted(extractors):
        ex = GKGR["extractor/" + name]
        out[(ex, RDF.type, GKG.Extractor)] = None
        out[(ex, RDFS.label, Literal(name))] = None
    return list(out)


def iter_triples(exts: Iterable[Extraction]) -> Iterator[Triple]:
    for ext in exts:
        yield from extraction_triples(ext)
