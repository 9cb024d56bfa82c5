"""The layer rules of the README, checked on the source: every import (also those inside functions) runs down
the layers, no package below the pages imports Streamlit, and no two modules import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# What each package may import of the project's own packages (lowest first). Pages (app_pages/, dashboard.py)
# stand on top and may import everything.
MAY_IMPORT = {
    "indicators": set(),
    "store": {"indicators"},
    "etl": {"store", "indicators"},
    "charts": {"indicators"},
    "exports": {"charts", "etl", "store", "indicators"},
    "api": {"exports", "charts", "store", "indicators"},
    "ui": {"api", "exports", "charts", "etl", "store", "indicators"},
    "asker2030": {"exports", "etl", "store", "indicators"},
}
WITHOUT_STREAMLIT = ("indicators", "store", "etl", "charts", "exports", "api", "asker2030")
# Entry points stand above every package whatever folder they are in: `python -m etl` is the whole command line
# (asker2030.cli) under its first name.
ENTRY_POINTS = {"etl.__main__"}
# Known, listed so that no new one comes in unseen: the dashboard's Streamlit helpers call each other (the state
# module clears the backup reminder, components draw the meeting view's comments, those read the state). To be
# untangled when ui/ is split by what it does (issue 17, item 6); nothing below ui/ has a cycle.
KNOWN_CYCLES = [["ui.backup", "ui.components", "ui.meetings_view", "ui.state"]]


def modules() -> dict[str, Path]:
    out = {}
    for package in MAY_IMPORT:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


MODULES = modules()


def imports(path: Path, name: str) -> list[tuple[int, str]]:
    """(line, module) of every import in the file, relative ones resolved, `from p import m` as p.m if m is
    a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for a in node.names:
                full = f"{base}.{a.name}"
                found.append((node.lineno, full if full in MODULES else base))
    return found


def test_every_package_of_the_rules_exists():
    assert all((ROOT / p / "__init__.py").is_file() for p in MAY_IMPORT)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_run_down_the_layers(name):
    package = name.split(".")[0]
    if name in ENTRY_POINTS:
        return
    wrong = [
        f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}"
        for line, target in imports(MODULES[name], name)
        if (top := target.split(".")[0]) in MAY_IMPORT and top != package and top not in MAY_IMPORT[package]
    ]
    streamlit = [
        f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}"
        for line, target in imports(MODULES[name], name)
        if package in WITHOUT_STREAMLIT and target.split(".")[0] == "streamlit"
    ]
    assert not wrong + streamlit, "\n".join(wrong + streamlit)


def test_no_two_modules_import_each_other():
    """No cycle of modules (imports inside functions count: a cycle hidden in a function is still one)."""
    graph = {name: {t for _, t in imports(path, name) if t in MODULES and t != name} for name, path in MODULES.items()}
    # A module imports its package's __init__ on the way; that is not an arrow of the design.
    for name in graph:
        graph[name] = {t for t in graph[name] if not name.startswith(t + ".")}
    cycles, index, low, stack, on_stack, counter = [], {}, {}, [], set(), [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    cycles = [c for c in cycles if c not in KNOWN_CYCLES]
    assert not cycles, "modules that import each other: " + "; ".join(" <-> ".join(c) for c in cycles)


def test_the_rules_catch_an_upward_import(tmp_path):
    """The checker itself: an import of store in indicators is found."""
    path = tmp_path / "bad.py"
    path.write_text("def f():\n    from store import queries\n    import streamlit as st\n", encoding="utf-8")
    assert imports(path, "indicators.bad") == [(2, "store.queries"), (3, "streamlit")]
