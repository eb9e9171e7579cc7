"""The core commands: ingest, query, export, diff, build, stats, validate, remove, serve."""
from __future__ import annotations

import csv
import io
import json
import logging
import sys
from pathlib import Path

import click

from geokg.cli.base import cli, store_option, user_errors
from geokg.graph.snapshots import SNAPSHOT_FORMATS
from geokg.graph.store import KnowledgeGraph
from geokg.loaders.ingest import FORMATS
from geokg.ontology import PREFIXES
from geokg.progress import enabled

log = logging.getLogger("geokg")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="What the files are; 'auto' goes by the file name.")
@click.option("--language", type=click.Choice(["de", "en"]), default=None,
              help="Language of the articles (default: detected per document).")
@click.option("--create-actors", is_flag=True, help="Curated tables: mint actors for unknown names.")
@click.option("--graph", "graph_iri", default=None, metavar="IRI", help="RDF: the named graph to load into.")
@click.option("--validate", "validate_rdf", is_flag=True, help="RDF: check the file against the shapes first.")
@click.option("--root-codes", default=None, metavar="LIST", help="GDELT: CAMEO root codes to keep, e.g. 18,19.")
@click.option("--countries", default=None, metavar="LIST", help="GDELT: CAMEO country codes to keep, e.g. RUS,UKR.")
@click.option("--since", default=None, metavar="DATE", help="GDELT: events on or after this date.")
@click.option("--until", default=None, metavar="DATE", help="GDELT: events on or before this date.")
@click.option("--min-sources", type=int, default=1, show_default=True, help="GDELT: minimum NumSources.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@click.option("--workers", type=click.IntRange(0, None), default=0, show_default=True, metavar="N",
              help="Extract articles on N processes (0 or 1: in this one). Same graph as a serial ingest.")
@click.option("--bulk", is_flag=True,
              help="Write through the store's bulk loader in large batches, for large corpora. Not "
                   "transactional: if it stops in the middle, documents of the last batch may be missing "
                   "or partly loaded; run the same ingest again to repair.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Extract articles on a Dask cluster (scheduler address, e.g. tcp://10.0.0.5:8786; "
                   "workers need geokg installed) and bulk-load the results here (implies --bulk).")
@store_option
@user_errors
def ingest(paths: tuple[Path, ...], fmt: str, language: str | None, create_actors: bool, graph_iri: str | None,
           validate_rdf: bool, root_codes: str | None, countries: str | None, since: str | None,
           until: str | None, min_sources: int, progress: bool | None, workers: int, bulk: bool,
           dask_address: str | None, store: str | None) -> None:
    """Read sources into the store, one named graph per document.

    PATHS are files or folders. By name: news articles (.txt, .md, .html,
    .jsonl with one article per line, RSS/Atom feeds .xml/.rss/.atom; a
    NAME.json next to a file gives its metadata: title, url, published,
    language, source), curated claim tables (.csv, .tsv, .yaml: subject,
    relation, object, date, source, evidence, negated, attributed_to,
    confidence), RDF (.ttl, .trig, .nt, .nq, .jsonld) and GDELT event
    exports (*.export.CSV[.zip], or --format gdelt). Loading a document
    again replaces it. An article whose extraction breaks (a bug) is named
    on stderr and the others are loaded; the exit code is then 1.

    For a large corpus: --workers N extracts on N processes, --dask on a
    Dask cluster, --bulk loads in batches (fast, not transactional).

    \b
    Examples:
      geokg ingest seeds/
      geokg ingest analyst-claims.csv --create-actors
      geokg ingest --format gdelt 20221012.export.CSV.zip --root-codes 18,19,20
      geokg ingest --workers 2 --bulk news-2022/
      geokg ingest --dask tcp://scheduler:8786 news-2022/
    """
    from geokg.loaders.ingest import ingest_paths

    gdelt = {"root_codes": _codes(root_codes), "countries": _codes(countries, upper=True), "since": since,
             "until": until, "min_sources": min_sources}
    with KnowledgeGraph.open(store, background=True) as kg, enabled(sys.stderr.isatty() if progress is None else progress):
        report = ingest_paths(kg, list(paths), fmt=fmt, language=language, create_actors=create_actors,
                              graph=graph_iri, validate=validate_rdf, gdelt=gdelt, workers=workers,
                              bulk=bulk, dask=dask_address,
                              progress=sys.stderr.isatty() if progress is None else progress)
    for note in report.notes:
        click.echo(note)
    click.echo(f"ingested {report.documents} document(s), {report.claims} claim(s)"
               + (f"; skipped {report.skipped}" if report.skipped else "")
               + (f"; {report.failed} failed" if report.failed else ""))
    if report.failed:  # the others are loaded; exit 1 (a bug to report), not 2 (the user's mistake)
        for line in report.failures:
            click.echo(f"geokg: failed: {line}", err=True)
        sys.exit(1)


def _progress(flag: bool | None) -> bool:
    """--progress/--no-progress, else bars only when stderr is a terminal."""
    return sys.stderr.isatty() if flag is None else flag


def _codes(value: str | None, upper: bool = False) -> list[str] | None:
    if not value:
        return None
    items = [v.strip() for v in value.split(",") if v.strip()]
    return [v.upper() for v in items] if upper else items


def _render(rows, fmt: str) -> str:
    from geokg.graph.results import sparql_json

    if fmt == "json" and rows.graph is None:  # the W3C SPARQL 1.1 Query Results JSON format
        return json.dumps(sparql_json(rows), ensure_ascii=False, indent=2)
    if rows.answer is not None:
        return ("answer\n" if fmt == "csv" else "") + ("true" if rows.answer else "false")
    if rows.graph is not None:
        if fmt == "json":
            from geokg.graph.snapshots import EXPORT_PREFIXES

            return rows.graph.serialize(format="json-ld", context=dict(EXPORT_PREFIXES), auto_compact=True)
        return rows.graph.serialize(format="turtle")
    records = rows.to_records()
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=rows.vars, lineterminator="\n")
        w.writeheader()
        for r in records:
            w.writerow({k: "" if v is None else v for k, v in r.items()})
        return buf.getvalue().rstrip("\n")
    return _table(rows.vars, [[_short(r[v]) for v in rows.vars] for r in records])


def _short(value) -> str:
    """A table cell: IRIs in prefixed form (gkgr:russia), long text cut."""
    if value is None:
        return ""
    text = str(value)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and len(text) > len(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text if len(text) <= 120 else text[:117] + "..."


def _table(header: list[str], body: list[list[str]]) -> str:
    widths = [max([len(h)] + [len(row[i]) for row in body]) for i, h in enumerate(header)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    rows = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in body]
    return "\n".join([line, rule, *rows])


@cli.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "file", type=click.File("r", encoding="utf-8"), help="Read the query from a .rq file.")
@click.option("-n", "--name", "name", default=None, help="Run a named query (see --list).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query, e.g. --param actor=Kasachstan (repeatable).")
@click.option("--list", "list_", is_flag=True, help="List the named queries and their parameters.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="json: SPARQL 1.1 Query Results JSON (CONSTRUCT: JSON-LD); CONSTRUCT as table: Turtle.")
@store_option
@user_errors
def query(sparql: str | None, file, name: str | None, params: tuple[str, ...], list_: bool, fmt: str,
          store: str | None) -> None:
    """Run a SPARQL query; the prefixes gkg:, gkgr:, wd:, rdfs:, prov:, dcterms:… are pre-bound.

    Queries see the union of all graphs; use GRAPH ?doc { … } to ask which
    document a triple comes from. Named queries (--name) take their values
    as parameters, which are bound, never pasted into the query.

    \b
    Examples:
      geokg query 'SELECT ?a ?b WHERE { ?a gkg:mediates ?b }'
      geokg query --list
      geokg query --name actor-claims --param actor=Kasachstan --format csv
    """
    from geokg.graph.named import named_queries

    if list_:
        rows = [[q.name, ", ".join(f"{k} ({kind}{', optional' if opt else ''})" for k, (kind, opt) in q.params.items()),
                 q.description] for q in named_queries().values()]
        click.echo(_table(["name", "parameters", "what it does"], rows))
        return
    if file is not None:
        sparql = file.read()
    if not sparql and not name:
        raise click.UsageError("give a query, -f FILE.rq, or --name NAME")
    values = {}
    for item in params:
        if "=" not in item:
            raise click.UsageError(f"--param takes KEY=VALUE, not {item!r}")
        key, value = item.split("=", 1)
        values[key.strip()] = value.strip()
    if values and not name:
        raise click.UsageError("--param goes with --name")
    with KnowledgeGraph.open(store, create=False) as kg:
        rows = kg.named(name, **values) if name else kg.query(sparql)
        click.echo(_render(rows, fmt))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(list(SNAPSHOT_FORMATS)), default="trig", show_default=True)
@click.option("-o", "--output", default="-", show_default=True, help="File to write, '-' for stdout.")
@click.option("--as-of", "as_of", default=None, metavar="DATE",
              help="Keep the claims dated (or, undated, published) on or before DATE.")
@click.option("--since", default=None, metavar="DATE", help="Keep the claims dated on or after DATE.")
@click.option("--level", type=click.Choice(["actor", "state"]), default=None,
              help="gexf/graphml: 'state' rolls persons up to the state or organisation they lead or serve "
                   "[default: actor].")
@click.option("--relation", "relation", multiple=True, metavar="NAME",
              help="gexf/graphml: only this relation (repeatable, or comma-separated), e.g. attacks.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@store_option
@user_errors
def export(fmt: str, output: str, as_of: str | None, since: str | None, level: str | None,
           relation: tuple[str, ...], progress: bool | None, store: str | None) -> None:
    """Write a snapshot of the store: RDF, the actor graph for Gephi, or the claims as CSV.

    nquads, trig and jsonld keep the named graphs (one per document);
    turtle and ntriples merge them. Every RDF snapshot describes itself
    (gkg:Snapshot: created, window, counts, sources). graphml and gexf
    carry the signed actor graph with its weights (labels, colours by
    class and by sign; a symmetric tie once), filtered with --level and
    --relation; csv the claims with their evidence. Files are written
    atomically. 'geokg ingest' reads the RDF formats back (named graphs
    kept).

    \b
    Examples:
      geokg export --format nquads -o graph.nq
      geokg export --format trig --as-of 2022-10-31 -o october.trig
      geokg export --format gexf -o actors.gexf
      geokg export --format gexf --level state --relation attacks,threatens -o war.gexf
    """
    from geokg.graph.snapshots import write_snapshot

    relations = [r.strip() for item in relation for r in item.split(",") if r.strip()]
    options = {}
    if level is not None or relations:
        if fmt not in ("gexf", "graphml"):
            raise click.UsageError("--level and --relation go with --format gexf or graphml")
        options = {"level": level or "actor", "relations": relations or None}
    with KnowledgeGraph.open(store, create=False) as kg, enabled(_progress(progress)):
        data = write_snapshot(kg, fmt, None if output == "-" else output, as_of=as_of, since=since, **options)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        click.echo(f"wrote {output}", err=True)


@cli.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@user_errors
def diff(old: Path, new: Path, fmt: str) -> None:
    """Relations added and removed between two snapshots, with the claims behind each change.

    OLD and NEW are files written by 'geokg export' (.nq, .trig, .ttl,
    .nt, .jsonld). A relation is a subject-relation-object triple that at
    least one non-negated claim supports.
    """
    from geokg.graph.snapshots import diff_snapshots

    d = diff_snapshots(old, new)
    if fmt == "json":
        click.echo(json.dumps({"added": d.added, "removed": d.removed}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{len(d.added)} relation(s) added, {len(d.removed)} removed")
    for sign, items in (("+", d.added), ("-", d.removed)):
        for item in items:
            click.echo(f"{sign} {item['subject']} {item['relation']} {item['object']}")
            for c in item["claims"][:2]:
                click.echo(f"    {c['date'] or 'undated'} {c['title'] or c['document']}: {c['evidence'][:140]}")


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Folder for graph.trig, report.md, map.html and map.png.")
@click.option("--title", default=None, help="Title of the report and map (default: from the sources).")
@click.option("--top", type=int, default=10, show_default=True, help="How many actors and dyads the report lists.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@store_option
@user_errors
def build(sources: tuple[Path, ...], out: Path, title: str | None, top: int, progress: bool | None,
          store: str | None) -> None:
    """The whole job: ingest SOURCES, then write the graph, a report and the map.

    Writes OUT/graph.trig (the snapshot), OUT/report.md (stats, centrality,
    brokers, blocs, strongest dyads with their evidence), OUT/map.html (the
    interactive map, works offline) and OUT/map.png (a picture for reports).

    \b
    Example:
      geokg build seeds/ -o out/
    """
    from geokg.graph.build import build_outputs

    with KnowledgeGraph.open(store, background=True) as kg:
        written = build_outputs(kg, list(sources), out, title=title, top=top,
                                progress=sys.stderr.isatty() if progress is None else progress)
    for line in written:
        click.echo(line)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--documents", is_flag=True, help="List the documents too.")
@store_option
@user_errors
def stats(fmt: str, documents: bool, store: str | None) -> None:
    """Count documents, actors and claims per relation."""
    with KnowledgeGraph.open(store, create=False) as kg:
        s = kg.stats()
        docs = kg.documents() if documents else []
    if fmt == "json":
        if documents:
            s["document_list"] = docs
        click.echo(json.dumps(s, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"store      {s['store']}\ndocuments  {s['documents']}\nactors     {s['actors']}\n"
               f"claims     {s['claims']} ({s['negated']} negated)")
    if s["relations"]:
        click.echo(_table(["relation", "claims"], [[k, str(v)] for k, v in s["relations"].items()]))
    if docs:
        click.echo(_table(["document", "claims", "date", "title"],
                          [[d["doc"], str(d["claims"]), str(d.get("date") or ""), str(d.get("title") or "")]
                           for d in docs]))


@cli.command()
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: on a terminal).")
@store_option
@user_errors
def validate(progress: bool | None, store: str | None) -> None:
    """Check the store against the SHACL shapes; exit 1 with a report on violations."""
    with KnowledgeGraph.open(store, create=False) as kg, enabled(_progress(progress)):
        conforms, report = kg.validate()
    if conforms:
        click.echo("valid: the store conforms to ontology/shapes.ttl")
        return
    click.echo(report)
    sys.exit(1)


@cli.command()
@click.argument("document")
@store_option
@user_errors
def remove(document: str, store: str | None) -> None:
    """Remove one document (by IRI, URL, or a unique part of its title) and its claims."""
    with KnowledgeGraph.open(store, create=False) as kg:
        doc = kg.remove_document(document)
    click.echo(f"removed {doc}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--writable", is_flag=True, help="Accept SPARQL updates too (default: read-only).")
@click.option("--timeout", type=click.FloatRange(0, None), default=30, show_default=True, metavar="SECONDS",
              help="Stop a query that runs longer than this (0: no limit).")
@click.option("--cors", default=None, metavar="ORIGIN",
              help="Let web pages from ORIGIN (e.g. http://localhost:8000, or '*' for any) query the "
                   "endpoint from a browser. Off by default.")
@store_option
@user_errors
def serve(host: str, port: int, writable: bool, timeout: float, cors: str | None, store: str | None) -> None:
    """Serve the store as a SPARQL 1.1 Protocol endpoint (Oxigraph's server behind a guard).

    Read-only and bound to loopback unless told otherwise. The endpoint
    answers at /query (and /update with --writable); its default graph is
    the union of all graphs, as in 'geokg query'. Queries nested more than
    100 brackets deep or longer than 1,000,000 characters are refused
    (HTTP 400); a query stops after --timeout seconds. If another process
    writes the store while it serves read-only, the server reopens it.
    SIGINT (Ctrl-C) or SIGTERM stops it and its Oxigraph process.

    \b
    Example:
      geokg serve --port 7878 &
      curl -H 'Accept: text/csv' --data-urlencode 'query=PREFIX gkg: <https://w3id.org/geokg/ontology#>
           SELECT * WHERE { ?a gkg:mediates ?b }' http://127.0.0.1:7878/query
    """
    from geokg.graph.server import serve_store

    serve_store(store, host=host, port=port, writable=writable, timeout=timeout or None, cors=cors)
