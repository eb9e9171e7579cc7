"""Every geokg command, given a user's mistake, says so in one line and exits 2 (no traceback).

The cases run against a private copy of the ingested seed store, through click's
CliRunner (stderr apart from stdout). A last test checks the cases cover every
command of the group, so a new command cannot go without one.
"""
from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from geokg.cli import cli

MISSING = "no-such-file.txt"

#: (name, command line); ``STORE`` is replaced by the seeded store, ``TMP`` by a fresh folder.
CASES: list[tuple[str, list[str]]] = [
    ("ingest-missing-file", ["ingest", "TMP/" + MISSING]),
    ("ingest-bad-format", ["ingest", "--format", "xml", "TMP"]),
    ("query-bad-sparql", ["query", "SELEKT ?x WHERE { ?x ?y ?z }"]),
    ("query-unknown-relation", ["query", "--name", "relation", "--param", "relation=invades"]),
    ("query-unknown-actor", ["query", "--name", "actor-claims", "--param", "actor=Atlantis"]),
    ("query-unknown-name", ["query", "--name", "no-such-query"]),
    ("query-bad-output-format", ["query", "--format", "xml", "SELECT * WHERE { ?s ?p ?o }"]),
    ("stats-unknown-store", ["stats", "--store", "TMP/a-file.txt"]),
    ("stats-store-not-a-store", ["stats", "--store", "TMP"]),
    ("export-bad-format", ["export", "--format", "xml", "-o", "TMP/out.xml"]),
    ("export-missing-folder", ["export", "--format", "nquads", "-o", "TMP/no/such/folder/out.nq"]),
    ("diff-missing-file", ["diff", "TMP/" + MISSING, "TMP/" + MISSING]),
    ("build-missing-source", ["build", "TMP/" + MISSING, "-o", "TMP/out"]),
    ("validate-unknown-store", ["validate", "--store", "TMP/a-file.txt"]),
    ("remove-unknown-document", ["remove", "no document is called this"]),
    ("serve-no-store", ["serve", "--store", "TMP/none"]),
    ("evaluate-missing-gold", ["evaluate", "TMP/" + MISSING]),
    ("backup-missing-folder", ["backup", "TMP/no/such/folder/backup.nq"]),
    ("restore-missing-backup", ["restore", "TMP/" + MISSING, "--store", "TMP/restored"]),
    ("analyze-unknown-relation", ["analyze", "--relation", "invades"]),
    ("analyze-bad-date", ["analyze", "--since", "yesterday"]),
    ("align-unknown-actor", ["align", "Atlantis", "Ukraine"]),
    ("explain-unknown-actor", ["explain", "Russia", "Atlantis"]),
    ("map-unknown-actor", ["map", "-o", "TMP/m.html", "--focus", "Atlantis"]),
    ("map-unknown-relation", ["map", "-o", "TMP/m.html", "--relations", "invades"]),
    ("plot-map-bad-format", ["plot", "map", "-o", "TMP/m.bmp"]),
    ("plot-alignment-unknown-relation", ["plot", "alignment", "-o", "TMP/a.png", "--relations", "invades"]),
    ("kb-stats-missing-folder", ["kb", "stats", "--kb-dir", "TMP/" + MISSING]),
    ("kb-update-bad-date", ["kb", "update", "--dry-run", "--since", "yesterday"]),
    ("no-such-command", ["invade"]),
    ("no-such-option", ["stats", "--colour"]),
]


def _expand(args: list[str], tmp: Path) -> list[str]:
    return [a.replace("TMP", str(tmp)) for a in args]


@pytest.mark.parametrize("args", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_cli_user_mistake_is_one_line_and_exit_2(args, seeded_store, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    (work / "a-file.txt").write_text("not a store\n", encoding="utf-8")
    res = CliRunner().invoke(cli, _expand(args, work), env={"GEOKG_STORE": str(seeded_store)})
    lines = res.stderr.splitlines()
    assert res.exit_code == 2, (res.exit_code, res.output, res.exception)
    assert len(lines) == 1 and lines[0].startswith("geokg: error: "), res.stderr
    assert "Traceback" not in res.output


def test_cli_unknown_relation_names_the_valid_ones(seeded_store):
    res = CliRunner().invoke(cli, ["query", "--name", "relation", "--param", "relation=invades"],
                             env={"GEOKG_STORE": str(seeded_store)})
    assert res.exit_code == 2
    assert res.stderr.startswith("geokg: error: unknown relation 'invades'") and "attacks" in res.stderr


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> set[str]:
    out: set[str] = set()
    for name, cmd in group.commands.items():
        if isinstance(cmd, click.Group):
            out |= _commands(cmd, (*prefix, name))
        else:
            out.add(" ".join((*prefix, name)))
    return out


def test_cli_error_cases_cover_every_command():
    covered = set()
    for _name, args in CASES:
        for n in (2, 1):
            if " ".join(args[:n]) in _commands(cli):
                covered.add(" ".join(args[:n]))
                break
    assert _commands(cli) - covered == set()
