"""Check that geokg's layers import one way and that no import circle exists.

The rule (issue #17):

- ``geokg.errors`` and ``geokg.ontology`` (vocabulary, shapes, knowledge-base
  data, RDF terms) are the bottom layer: they import nothing else of geokg;
- ``geokg.loaders`` (sources to claims) sits on the bottom layer only: it never
  imports ``geokg.graph``; a loader that writes into a store is handed the store
  (a :class:`~geokg.graph.store.KnowledgeGraph`) and calls its methods;
- ``geokg.graph`` (store, queries, analysis, maps) may import the loaders and
  the bottom layer: the store writes the knowledge base the loaders read, and
  ``geokg.graph.build`` runs an ingest;
- ``geokg.cli`` is on top; nothing below imports it.

No circle: the imports between geokg modules, counting the ones inside
functions, form no cycle, so no function-level import exists to dodge one.
Imports inside functions remain for heavy or optional dependencies (pyvis,
matplotlib, pyshacl, spaCy, or a heavy geokg module such as the maps that a
light one only needs on request).

Run ``python tools/check_layers.py``: it prints each violation and exits 1,
or prints nothing and exits 0. ``tests/test_layers.py`` runs it.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Source folder -> the package it installs as (pyproject's package-dir).
PACKAGES = {"geokg": "geokg", "graph": "geokg.graph", "loaders": "geokg.loaders", "ontology": "geokg.ontology"}
#: Layer of each package prefix (longest prefix wins); a module may import its own layer or lower ones.
LAYERS = {"geokg": 0, "geokg.errors": 0, "geokg.ontology": 0, "geokg.loaders": 1, "geokg.graph": 2, "geokg.cli": 3}
LAYER_NAMES = {0: "ontology", 1: "loaders", 2: "graph", 3: "cli"}


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every geokg module name -> its source file."""
    out: dict[str, Path] = {}
    for folder, package in PACKAGES.items():
        for path in sorted((root / folder).rglob("*.py")):
            rel = path.relative_to(root / folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            name = ".".join([package, *parts])
            if folder == "geokg" and parts and parts[0] in ("graph", "loaders", "ontology"):
                continue
            out[name] = path
    return out


def layer(module: str) -> int:
    best = max((p for p in LAYERS if module == p or module.startswith(p + ".")), key=len)
    return LAYERS[best]


def imports(name: str, path: Path, known: set[str]) -> list[tuple[str, int, bool]]:
    """(imported geokg module, line, inside a function) for each import in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # type-only imports do not run
            if isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "geokg":
                        found.append((alias.name, child.lineno, in_function))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = name.split(".") if is_package else name.split(".")[:-1]
                    anchor = anchor[: len(anchor) - (child.level - 1)]
                    base = ".".join(anchor + ([base] if base else []))
                if base.split(".")[0] != "geokg":
                    continue
                for alias in child.names:
                    sub = f"{base}.{alias.name}"
                    found.append((sub if sub in known else base, child.lineno, in_function))
            visit(child, inner)

    visit(tree, False)
    return [f for f in found if f[0] != name]


def check(root: Path = ROOT) -> list[str]:
    """The violations, one line each (empty when the layers hold)."""
    mods = modules(root)
    known = set(mods)
    edges: dict[str, set[str]] = {m: set() for m in mods}
    problems: list[str] = []
    for name, path in mods.items():
        for target, line, _inner in imports(name, path, known):
            where = f"{path.relative_to(root)}:{line}"
            if target not in known:
                problems.append(f"{where}: imports {target}, which is not a geokg module")
                continue
            edges[name].add(target)
            if layer(target) > layer(name):
                problems.append(f"{where}: {name} ({LAYER_NAMES[layer(name)]}) imports {target} "
                                f"({LAYER_NAMES[layer(target)]}), a layer above it")
    for cycle in cycles(edges):
        problems.append("import circle among: " + ", ".join(cycle))
    return problems


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10000))
    for v in sorted(edges):
        if v not in index:
            strong(v)
    return out


def main() -> int:
    problems = check()
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
