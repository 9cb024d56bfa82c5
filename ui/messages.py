"""Babel extraction method for the interface's message ids (`pybabel extract -F pyproject.toml`, the catalog test):
every `t("id")` and `N_("id")` with a literal id, also those inside f-strings, which Babel's own Python extractor
does not look into on Python 3.11."""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from typing import IO, Any


def extract(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extractor interface: (line, keyword, message id, comments) for each marked call."""
    tree = ast.parse(fileobj.read().decode(options.get("encoding", "utf-8")))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        first = node.args[0]
        if name in keywords and isinstance(first, ast.Constant) and isinstance(first.value, str):
            found.append((node.lineno, node.col_offset, name, first.value))
    for lineno, _, name, message_id in sorted(found):  # in the order of the source, as Babel's own extractor
        yield lineno, name, message_id, []
