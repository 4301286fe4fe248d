"""No string is translated when a module is imported.

``gettext`` evaluated in a class body or at module level runs once, at import, in whatever language
is active then (English under most test orders, or the first request's): a page title set with
``extra_context = {"title": _("…")}`` then shows English to a Vietnamese user depending on which
module was imported first. Class and module attributes must use ``gettext_lazy``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "migrations", "tests", "node_modules", "bench", "scripts", "data"}


def _eager_underscore(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "django.utils.translation"
        and any(alias.asname == "_" and alias.name == "gettext" for alias in node.names)
        for node in ast.walk(tree)
    )


def _import_time_statements(tree: ast.Module):
    for top in tree.body:
        if isinstance(top, ast.ClassDef):
            yield from (b for b in top.body if not isinstance(b, ast.FunctionDef | ast.AsyncFunctionDef))
        elif not isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef | ast.Import | ast.ImportFrom):
            yield top


def _eager_calls(statement):
    """``_()`` calls run when the statement runs (a lambda's body runs later)."""
    lazy = {id(n) for lam in ast.walk(statement) if isinstance(lam, ast.Lambda) for n in ast.walk(lam.body)}
    for node in ast.walk(statement):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "_"
            and id(node) not in lazy
        ):
            yield node


def test_no_gettext_at_import_time():
    found = []
    for path in ROOT.rglob("*.py"):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not _eager_underscore(tree):
            continue
        for statement in _import_time_statements(tree):
            found += [f"{path.relative_to(ROOT)}:{call.lineno}" for call in _eager_calls(statement)]
    assert not found, "gettext at import time (use gettext_lazy): " + ", ".join(found)
