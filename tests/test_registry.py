"""The registry of formats (prefixlog._registry) drives every list of formats.

Each test fails when a format of the registry is missing from one of its users:
configure() and PREFIXLOG_FORMAT, the command line's --format and --layout, the
demo, and the tests' layout table.
"""

from __future__ import annotations

import io
import logging

import pytest

from prefixlog import _demo, configure
from prefixlog._cli import build_parser
from prefixlog._config import make_formatter
from prefixlog._registry import AUTO, FORMATS, NAMES, READABLE

from helpers import here
from layouts import LAYOUTS, assert_safe


def _choices(argv: list[str], option: str) -> list[str]:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    sub = dict(commands.choices or {})[argv[0]]
    action = next(a for a in sub._actions if option in a.option_strings)
    return list(action.choices or ())


def test_the_names() -> None:
    assert (AUTO, *FORMATS) == NAMES
    assert set(READABLE) == {name for name, entry in FORMATS.items() if entry.lines == "terminal" and entry.pretty}


def test_the_command_line_offers_every_format() -> None:
    assert _choices(["run"], "--format") == list(NAMES)
    assert _choices(["pretty"], "--layout") == list(READABLE)


def test_the_demo_shows_every_format() -> None:
    assert {name for _, name, _ in _demo.LAYOUTS} == set(FORMATS)
    assert all(FORMATS[name].demos for name in FORMATS)


def test_the_tests_layout_table_has_every_format() -> None:
    for name, entry in FORMATS.items():
        assert name in LAYOUTS
        assert LAYOUTS[name][0] == entry.lines


@pytest.mark.parametrize("name", list(FORMATS))
def test_configure_and_make_formatter_make_each_format(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    entry = FORMATS[name]
    made = make_formatter(name, io.StringIO())
    assert type(made) is entry.formatter
    for option, value in entry.options.items():
        assert getattr(made, option) == value
    monkeypatch.setenv("PREFIXLOG_FORMAT", name)
    out = io.StringIO()
    handler = configure(stream=out, disable_timestamp=True)
    assert type(handler.formatter) is entry.formatter
    called = here() + 1  # the caller's line, in the layouts that write it (zap's)
    logging.getLogger("registry").warning("m", extra={"k": "v"})
    line = out.getvalue().rstrip("\n")
    assert_safe(name, line)
    assert line == WRITTEN[name].replace("{line}", str(called))


#: What ``logging.getLogger(...).warning("m", extra={"k": "v"})`` writes in each format (no time).
WRITTEN = {
    "text": f"WARN {'m':<44}  k=v",
    "logfmt": "level=warning msg=m k=v",
    "prefixed": " WARN m k=v",
    "json": '{"k":"v","level":"warning","msg":"m"}',
    "slog": "level=WARN msg=m k=v",
    "slog-json": '{"level":"WARN","msg":"m","k":"v"}',
    "zerolog": '{"level":"warn","k":"v","message":"m"}',
    "zerolog-console": "<nil> WRN m k=v",  # zerolog's ConsoleWriter shows a missing time as <nil>
    "zap": '{"level":"warn","logger":"registry","caller":"tests/test_registry.py:{line}","msg":"m","k":"v"}',
    "zap-console": 'WARN\tregistry\ttests/test_registry.py:{line}\tm\t{"k": "v"}',
}


def test_every_format_has_its_written_line() -> None:
    assert set(WRITTEN) == set(FORMATS)


def test_auto_is_text_on_a_terminal_and_logfmt_elsewhere() -> None:
    class TTY(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert make_formatter(AUTO, TTY()).readable  # type: ignore[attr-defined]
    assert not make_formatter(AUTO, io.StringIO()).readable  # type: ignore[attr-defined]
