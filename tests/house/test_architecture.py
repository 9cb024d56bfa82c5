"""docs/architecture.md lists every module of the application once, and nothing that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("asker2030", "app_pages", "ui", "api", "exports", "charts", "etl", "store", "indicators")


def test_every_module_is_listed_once_with_what_it_is_for():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- `([^`]+\.py)`: (.*)$", text, flags=re.M)
    names = [name for name, _ in listed]
    modules = {"dashboard.py"} | {str(p.relative_to(ROOT)) for f in FOLDERS for p in (ROOT / f).rglob("*.py")}
    assert sorted(set(modules) - set(names)) == [], "add these to docs/architecture.md"
    assert sorted(set(names) - modules) == [], "these are listed in docs/architecture.md but do not exist"
    assert len(names) == len(set(names)), "a module is listed twice"
    assert all(len(what.split()) >= 3 for _, what in listed), "say in a few words what each module is for"
