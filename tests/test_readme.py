"""The README's set-up commands are the ones CI runs, its examples are real, and its links lead somewhere."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from geokg.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = sorted((ROOT / "docs").glob("*.md"))


def setup_commands() -> list[str]:
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_readme_has_exactly_two_setup_commands():
    cmds = setup_commands()
    assert len(cmds) == 2
    assert "geokg" in cmds[0] and "seeds/" in cmds[0]
    assert "pytest" in cmds[1]


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci


def test_readme_names_the_seed_article_that_ships():
    assert (ROOT / "seeds" / "cica-summit-astana.de.txt").exists()
    assert (ROOT / "seeds" / "cica-summit-astana.de.json").exists()


def test_readme_is_short_and_shows_each_way_to_use_geokg():
    assert len(README.splitlines()) <= 300
    for heading in ("### From the shell", "### From a notebook", "### As a SPARQL endpoint", "### A map"):
        assert heading in README
    assert "](docs/seed-map.png)" in README


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [m for m in re.findall(r"\]\(([^)\s]+)\)", text) if not m.startswith(("http://", "https://", "mailto:"))]


@pytest.mark.parametrize("path", [ROOT / "README.md", *DOCS], ids=lambda p: p.name)
def test_readme_and_docs_links_resolve(path):
    for link in _links(path):
        target, _, anchor = link.partition("#")
        dest = (path.parent / target) if target else path
        assert dest.exists(), f"{path.name}: {link} leads nowhere"
        if anchor and dest.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", dest.read_text(encoding="utf-8"), flags=re.MULTILINE)
            assert anchor in {_slug(h) for h in headings}, f"{path.name}: no heading for #{anchor} in {dest.name}"


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[str]:
    out: list[str] = []
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            out += _commands(cmd, (*prefix, name))
        else:
            out.append(" ".join(("geokg", *prefix, name)))
    return out


def test_docs_cli_describes_every_command():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [c for c in _commands(cli) if f"`{c}" not in text]
    assert missing == []


def test_readme_shell_examples_run(tmp_path, monkeypatch):
    """Each ``$ geokg …`` line of the README (but ``serve``, which runs until stopped), in order, on a new store."""
    blocks = re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL)
    lines = [ln[2:] for b in blocks for ln in b.splitlines() if ln.startswith("$ geokg ")]
    lines = [ln for ln in lines if not ln.startswith("geokg serve") and not ln.startswith("geokg build")]
    assert any(ln.startswith("geokg ingest") for ln in lines) and len(lines) >= 5
    monkeypatch.chdir(tmp_path)
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    env = {"GEOKG_STORE": str(tmp_path / "store")}
    for line in lines:
        res = CliRunner().invoke(cli, shlex.split(line)[1:], env=env)
        assert res.exit_code == 0, (line, res.output)
