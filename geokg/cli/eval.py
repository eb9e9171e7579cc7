"""``geokg evaluate``: score the store's claims against gold claims, per relation and per rule."""
from __future__ import annotations

import json
from pathlib import Path

import click

from geokg.cli.base import cli, store_option, user_errors
from geokg.cli.commands import _table
from geokg.graph.store import KnowledgeGraph


@cli.command()
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--document", default=None, metavar="TEXT",
              help="Only claims derived from a document whose IRI contains TEXT.")
@click.option("--show", is_flag=True, help="List the misses and the predictions no gold claim matched.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@user_errors
def evaluate(gold: Path, document: str | None, show: bool, fmt: str, store: str | None) -> None:
    """Precision, recall and F1 of the store's claims against GOLD claims (JSON Lines).

    Each gold line has subject, relation and object (names as a reader
    would write them), and optionally negated, subject_qid, object_qid,
    subject_aliases and object_aliases. A claim matches when relation and
    negation agree and both ends carry one of the gold names as a label or
    the gold QID. The tables give the figures per relation and per rule
    (each claim's prov:wasGeneratedBy), so a rule that misfires shows.

    \b
    Examples:
      geokg ingest seeds/ && geokg evaluate tests/data/seed-cica.gold.jsonl
      geokg evaluate gold.jsonl --document reuters --show
      geokg evaluate gold.jsonl --format json | jq .by_rule
    """
    from geokg.graph.evaluation import evaluate as run_evaluation
    from geokg.graph.evaluation import load_gold

    claims = load_gold(gold)
    with KnowledgeGraph.open(store, create=False) as kg:
        result = run_evaluation(kg, claims, document=document)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"P={result.precision:.2f} R={result.recall:.2f} F1={result.f1:.2f} "
               f"(matched {result.matched} of {result.gold} gold, {result.predicted} predicted)")
    click.echo("\n" + _table(["relation", "gold", "predicted", "matched"],
                             [[r, str(v["gold"]), str(v["predicted"]), str(v["matched"])]
                              for r, v in result.by_relation.items()]))
    click.echo("\n" + _table(["rule", "predicted", "matched", "precision"],
                             [[r, str(v["predicted"]), str(v["matched"]), f"{v['matched'] / v['predicted']:.2f}"]
                              for r, v in sorted(result.by_rule.items(),
                                                 key=lambda kv: (kv[1]["matched"] / kv[1]["predicted"], kv[0]))]))
    if show:
        click.echo("")
        for g in result.misses:
            click.echo(f"MISS  {g.subject} {g.relation} {g.object}{' (negated)' if g.negated else ''}")
        for p in result.extras:
            click.echo(f"EXTRA {p.subject_label} {p.relation} {p.object_label}{' (negated)' if p.negated else ''}"
                       f"  [{', '.join(sorted(p.rules))}]  {p.evidence[:100]}")
