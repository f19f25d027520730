"""The package's namespace: every public name, imported when first used."""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
from pathlib import Path

import pytest

import prefixlog
from prefixlog._registry import FORMATS

FORMATTER_MODULES = ["_text", "_prefixed", "_json", "_slog", "_zap", "_zerolog"]


def modules_after(code: str) -> set[str]:
    """The prefixlog modules (and python-json-logger) a fresh interpreter has imported after ``code``."""
    shown = "import sys; print(' '.join(m for m in sys.modules if m.startswith(('prefixlog', 'pythonjsonlogger'))))"
    proc = subprocess.run(
        [sys.executable, "-c", f"{code}\n{shown}"], check=False, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


def test_importing_the_package_imports_no_formatter() -> None:
    loaded = modules_after("import prefixlog")
    assert "prefixlog" in loaded
    assert loaded.isdisjoint({f"prefixlog.{name}" for name in FORMATTER_MODULES} | {"pythonjsonlogger"})


def test_a_name_imports_its_own_module_only_when_used() -> None:
    loaded = modules_after("from prefixlog import SlogFormatter")
    assert "prefixlog._slog" in loaded
    assert loaded.isdisjoint({"prefixlog._zap", "prefixlog._json", "pythonjsonlogger"})


def test_pretty_imports_only_the_formatter_it_writes_with() -> None:
    code = "from prefixlog._cli import main\nmain(['pretty', '--color', 'never', '/dev/null'])"
    loaded = modules_after(code)
    assert "prefixlog._text" in loaded
    assert loaded.isdisjoint({"prefixlog._zap", "prefixlog._slog", "prefixlog._zerolog", "pythonjsonlogger"})


@pytest.mark.parametrize("name", prefixlog.__all__)
def test_every_public_name_is_its_modules_object(name: str) -> None:
    value = getattr(prefixlog, name)
    module = sys.modules[getattr(value, "__module__", "prefixlog")]
    assert name in dir(prefixlog)
    if name != "__version__" and not isinstance(value, int):
        assert getattr(module, name) is value


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from prefixlog import *", namespace)
    assert set(prefixlog.__all__) <= set(namespace)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'prefixlog' has no attribute 'TextFormater'"):
        prefixlog.TextFormater  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_names_a_formatter_it_imports_when_asked(name: str) -> None:
    entry = FORMATS[name]
    assert issubclass(entry.formatter, logging.Formatter)
    assert entry.formatter is getattr(prefixlog, entry.source.split(".")[1])


def test_type_checkers_see_each_lazy_name_where_it_is_imported_from() -> None:
    """The imports under ``TYPE_CHECKING`` and the table ``__getattr__`` reads name the same modules."""
    tree = ast.parse(Path(prefixlog.__file__).read_text())
    guarded = next(
        node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "_typing.TYPE_CHECKING"
    )
    seen = {
        alias.name: f"{node.module}"
        for node in guarded.body
        if isinstance(node, ast.ImportFrom) and node.module != "typing"
        for alias in node.names
    }
    assert seen == prefixlog._LAZY
    assert set(prefixlog.__all__) == set(seen) | {"FATAL", "PANIC", "TRACE", "__version__"}


def test_dir_shows_the_public_names_and_no_helper_of_the_package() -> None:
    code = "import prefixlog; print(' '.join(n for n in dir(prefixlog) if not n.startswith('_')))"
    proc = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    shown = set(proc.stdout.split())  # in a fresh interpreter: no submodule imported by another test
    assert shown == (set(prefixlog.__all__) - {"__version__"}) | {"register_level_names", "annotations"}
