"""The package's layers import one way (tools/check_layers.py), and the tests stand on their own."""
from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check_layers():
    spec = importlib.util.spec_from_file_location("check_layers", ROOT / "tools" / "check_layers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_layers_no_violation_and_no_circle():
    assert _check_layers().check() == []


def test_layers_checker_finds_an_upward_import_and_a_circle(tmp_path):
    checker = _check_layers()
    for folder in ("geokg", "graph", "loaders", "ontology"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("")
    (tmp_path / "ontology" / "vocab.py").write_text("from geokg.graph.store import KnowledgeGraph\n")
    (tmp_path / "graph" / "store.py").write_text("def f():\n    from geokg.ontology.vocab import x\n")
    (tmp_path / "loaders" / "kb.py").write_text("import geokg.graph.store\n")
    problems = checker.check(tmp_path)
    assert any("geokg.ontology.vocab (ontology) imports geokg.graph.store" in p for p in problems)
    assert any("geokg.loaders.kb (loaders) imports geokg.graph.store" in p for p in problems)
    assert any(p.startswith("import circle among: geokg.graph.store, geokg.ontology.vocab") for p in problems)


def test_layers_tests_do_not_import_bench():
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] != "bench", path
            elif isinstance(node, ast.Import):
                assert all(a.name.split(".")[0] != "bench" for a in node.names), path


def test_layers_only_the_backends_know_the_kind_of_store():
    """No module but graph/backends.py asks which kind of store it has or reaches into one."""
    import re

    pattern = re.compile(r"\b(kg|self\.kg|graph)\.kind\b|\._ox\b|\.backend\._\w+|\.store\._store\b")
    offenders = []
    for folder in ("geokg", "graph", "loaders", "ontology"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "backends.py":
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []
