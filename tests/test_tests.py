"""The tests as a codebase: what several test modules share lives in helper modules, never in a test module."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_test_module_imports_another() -> None:
    importing = []
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            importing += [f"{path.name} imports {name}" for name in names if name.startswith(("test_", "conftest"))]
    assert importing == []


def test_the_helper_modules_are_sorted_as_local_imports() -> None:
    """ruff's isort knows every helper module as local (pyproject.toml), so imports group alike everywhere."""
    pyproject = (TESTS.parent / "pyproject.toml").read_text(encoding="utf-8")
    local = pyproject.split("known-local-folder = [", 1)[1].split("]", 1)[0]
    helpers = {path.stem for path in TESTS.glob("*.py") if not path.stem.startswith(("test_", "conftest"))}
    # pjl_suite is a pytest plugin for python-json-logger's own suite: no test imports it.
    assert helpers - {"pjl_suite"} <= {name.strip().strip('"') for name in local.split(",") if name.strip()}
