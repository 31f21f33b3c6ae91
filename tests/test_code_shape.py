"""The code's shape, checked: no module over 300 lines, no function over 60 (house rules).

Every module of ``bot``, ``intents`` and ``storage`` counts, except Alembic migrations (a
migration is a record of history, written once and never refactored). No allow-list: a
module or function over the limit fails here until it is split.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "intents", "storage")
EXCEPTED = (ROOT / "storage" / "migrations",)
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def modules() -> Iterator[Path]:
    """Every Python module the limits apply to."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if not any(path.is_relative_to(excepted) for excepted in EXCEPTED):
                yield path


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Every function and method, nested ones too."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_the_limits_see_every_package() -> None:
    found = {path.relative_to(ROOT).parts[0] for path in modules()}
    assert found == set(PACKAGES)
    assert not any("migrations" in path.parts for path in modules())


def test_no_module_is_over_300_lines() -> None:
    long = []
    for path in modules():
        count = len(path.read_text(encoding="utf-8").splitlines())
        if count > MAX_MODULE_LINES:
            long.append(f"{path.relative_to(ROOT)}: {count} lines")
    assert not long, f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(long)


def test_no_function_is_over_60_lines() -> None:
    long = []
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in functions(tree):
            count = (node.end_lineno or node.lineno) - node.lineno + 1
            if count > MAX_FUNCTION_LINES:
                where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
                long.append(f"{where}: {count} lines")
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)
