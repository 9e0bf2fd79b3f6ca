"""The layers of the package: no import cycle, no private name used across modules.

The import graph is read from the source (every ``import`` statement, also those
inside functions, except under ``if TYPE_CHECKING``), so a cycle hidden in a
function-level import is found too; then each module is imported alone in a fresh
interpreter.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "translit"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports(module: str) -> list[tuple[str, str]]:
    """(imported module, imported name or "") for every import of ``module``."""
    path = MODULES[module]
    tree = ast.parse(path.read_text("utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, path.name == "__init__.py")
            for a in node.names:
                if f"{target}.{a.name}" in MODULES:
                    found.append((f"{target}.{a.name}", ""))
                else:
                    found.append((target, a.name))
    return [(m, n) for m, n in found if m.startswith("translit")]


def _graph() -> dict[str, set[str]]:
    return {m: {t for t, _ in _imports(m) if t in MODULES and t != m} for m in MODULES}


def test_core_has_no_import_cycle() -> None:
    graph = _graph()
    # translit/__init__ re-exports the API and lazily imports batch: leave the package
    # modules themselves out, as Python imports them first anyway.
    graph = {m: {t for t in ts if MODULES[t].name != "__init__.py"} for m, ts in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycle = [*stack[stack.index(t):], t]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_core_knows_nothing_of_the_layers_above() -> None:
    for m in MODULES:
        if m.startswith("translit.core."):
            above = {
                t for t in _graph()[m] if not t.startswith("translit.core") and t != "translit"
            }
            allowed = {"translit.errors"}
            assert above <= allowed, f"{m} imports {above - allowed}"


def test_no_private_name_crosses_a_module() -> None:
    bad = []
    for m in MODULES:
        for target, name in _imports(m):
            if name.startswith("_") and not name.startswith("__") and target != m:
                bad.append(f"{m} imports {target}.{name}")
        source = MODULES[m].read_text("utf-8")
        tree = ast.parse(source)
        imported = {
            a.asname or a.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for a in node.names
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in imported
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                bad.append(f"{m} uses {node.value.id}.{node.attr}")
    assert bad == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("translit.core")))
def test_each_core_module_imports_alone(module: str) -> None:
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)
