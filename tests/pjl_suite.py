"""A pytest plugin: python-json-logger's own test suite, run with ``prefixlog.JSONFormatter`` as its formatter.

``test_pjl_suite.py`` (run by ``.ci/run`` with ``PREFIXLOG_PJL_SUITE=required``)
unpacks python-json-logger's source distribution (the version the
``pjl-suite`` extra pins and ``pjl_differences.txt`` names) and runs its
``tests/`` with this plugin, from the unpacked sdist's root::

    PYTHONPATH=<prefixlog>/tests python -m pytest -p pjl_suite --rootdir=. tests

What it does:

* ``pythonjsonlogger.json.JsonFormatter`` is ``prefixlog.JSONFormatter``
  before any test module is imported, so ``from pythonjsonlogger.json import
  JsonFormatter`` and ``dictConfig``'s ``"()": "pythonjsonlogger.json.JsonFormatter"``
  both give ours, as they would a user swapping one for the other.
* python-json-logger's other formatters (``OrjsonFormatter``,
  ``MsgspecFormatter``, parametrized beside ``JsonFormatter``) are not ours:
  their runs are deselected, and the run says how many.
* The tests listed in ``pjl_differences.txt`` (or ``--pjl-differences``)
  fail because of a documented difference (docs/formatters/json.md: "Differences from
  python-json-logger"), each with the exception it fails with; they are
  expected to fail (strict ``xfail`` with ``raises``): a listed test that
  passes or fails with another exception fails the run, and so does a listed
  test the suite doesn't have, so the list can't rot.  Any other failure
  fails the run.
"""

from __future__ import annotations

import builtins
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

import pytest

import prefixlog

#: The list of python-json-logger tests that fail for a documented reason.
DIFFERENCES = Path(__file__).with_name("pjl_differences.txt")

_REASON = "reason: "
_VERSION = "python-json-logger "


@dataclass(frozen=True)
class Expected:
    """Why a listed test fails, and the exception it fails with."""

    reason: str
    raises: type[BaseException]


@dataclass(frozen=True)
class Differences:
    """The parsed list: the python-json-logger version it is for, and what each listed test id expects."""

    version: str
    tests: dict[str, Expected]


def parse_differences(text: str) -> Differences:
    """The list's text: ``python-json-logger X.Y.Z``, then ``reason: ...`` lines, each followed by its tests.

    A test is a line ``<ExceptionName> <test id>`` (a built-in exception;
    the id is the rest of the line).  Blank lines and ``#`` comments are
    ignored.  A test before the first reason, a reason with no test, an
    unknown exception name, a test listed twice or no version line is a
    ``ValueError`` naming the line.
    """
    version = ""
    tests: dict[str, Expected] = {}
    reason = ""
    counted: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith(_VERSION):
            if version:
                raise ValueError(f"line {number}: a second version line: {line!r}")
            version = line.removeprefix(_VERSION)
        elif line.startswith(_REASON):
            if reason and not counted[reason]:
                raise ValueError(f"line {number}: the reason {reason!r} lists no test")
            reason = line.removeprefix(_REASON).strip()
            if not reason or reason in counted:
                raise ValueError(f"line {number}: an empty or repeated reason: {line!r}")
            counted[reason] = 0
        elif not reason:
            raise ValueError(f"line {number}: a test before the first reason: {line!r}")
        else:
            name, _, test = line.partition(" ")
            raises = getattr(builtins, name, None)
            if not (isinstance(raises, type) and issubclass(raises, BaseException)) or not test.strip():
                raise ValueError(f"line {number}: not '<built-in exception name> <test id>': {line!r}")
            test = test.strip()
            if test in tests:
                raise ValueError(f"line {number}: {test!r} is listed twice")
            tests[test] = Expected(reason, raises)
            counted[reason] += 1
    if not version:
        raise ValueError(f"no {_VERSION.strip()!r} version line")
    if reason and not counted[reason]:
        raise ValueError(f"the last reason {reason!r} lists no test")
    return Differences(version, tests)


def _test_id(item: pytest.Item, root: str) -> str:
    """The id a test has in the list: its node id, with the sdist's directory (in some parameters) as ``<sdist>``."""
    return item.nodeid.replace(root, "<sdist>")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pjl-differences",
        default=str(DIFFERENCES),
        help="the list of python-json-logger tests expected to fail, and why (default: %(default)s)",
    )


def pytest_configure(config: pytest.Config) -> None:
    path = Path(config.getoption("--pjl-differences"))
    try:
        differences = parse_differences(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise pytest.UsageError(f"{path}: {error}") from error
    installed = importlib.metadata.version("python-json-logger")
    if installed != differences.version:
        raise pytest.UsageError(
            f"{path.name} lists the differences of python-json-logger {differences.version}'s suite, "
            f"but {installed} is installed: run that version's suite with that version"
        )
    import pythonjsonlogger.json

    pythonjsonlogger.json.JsonFormatter = prefixlog.JSONFormatter  # type: ignore[misc,assignment]  # the swap: a subclass, for the suite
    config.stash[_KEY] = differences


_KEY = pytest.StashKey[Differences]()


@pytest.hookimpl(tryfirst=True)  # before -k or -m deselect anything: every listed test must exist
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    differences = config.stash[_KEY]
    ours: list[pytest.Item] = []
    others: list[pytest.Item] = []
    for item in items:
        callspec = getattr(item, "callspec", None)
        formatter = callspec.params.get("class_", prefixlog.JSONFormatter) if callspec else prefixlog.JSONFormatter
        (ours if formatter is prefixlog.JSONFormatter else others).append(item)
    root = str(config.rootpath)
    missing = sorted(set(differences.tests) - {_test_id(item, root) for item in ours})
    if missing:
        raise pytest.UsageError(
            f"the list of differences names tests python-json-logger {differences.version}'s suite doesn't have "
            f"(for JSONFormatter): {', '.join(missing)}"
        )
    for item in ours:
        expected = differences.tests.get(_test_id(item, root))
        if expected is not None:
            item.add_marker(pytest.mark.xfail(reason=expected.reason, raises=expected.raises, strict=True))
    if others:
        config.hook.pytest_deselected(items=others)
        items[:] = ours
        config.stash[_OTHERS] = len(others)


_OTHERS = pytest.StashKey[int]()


def pytest_report_header(config: pytest.Config) -> str:
    differences = config.stash[_KEY]
    return (
        f"python-json-logger {differences.version}'s suite with prefixlog.JSONFormatter as its JsonFormatter; "
        f"{len(differences.tests)} tests expected to fail ({config.getoption('--pjl-differences')})"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    others = config.stash.get(_OTHERS, 0)
    if others:
        terminalreporter.write_line(
            f"pjl_suite: {others} runs of python-json-logger's other formatters (OrjsonFormatter, "
            "MsgspecFormatter) deselected: they are not the class swapped"
        )
