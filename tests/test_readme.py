"""The README's set-up commands are the ones CI runs, and its examples are real."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


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
