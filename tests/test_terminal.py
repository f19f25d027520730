"""Colour and terminal rules: explicit options, NO_COLOR, FORCE_COLOR, TERM=dumb, CLICOLOR, Windows."""

from __future__ import annotations

import io
import sys
from unittest import mock

import pytest

from prefixlog import TextFormatter
from prefixlog._terminal import Layout, is_terminal, logrus_layout, xcray_layout

from helpers import FakeTTY

PIPE, TTY = io.StringIO, FakeTTY


def text(stream: object, **options: bool) -> Layout:
    defaults = {"force_colors": False, "disable_colors": False, "force_formatting": False}
    return logrus_layout(terminal=is_terminal(stream), environment_override_colors=False, **{**defaults, **options})


@pytest.mark.parametrize(
    ("env", "stream", "options", "expected"),
    [
        ({}, TTY, {}, Layout(True, True)),
        ({}, PIPE, {}, Layout(False, False)),
        ({"NO_COLOR": "1"}, TTY, {}, Layout(True, False)),  # colours off, the layout stays
        ({"NO_COLOR": ""}, TTY, {}, Layout(True, True)),  # empty means unset
        ({"FORCE_COLOR": "1"}, PIPE, {}, Layout(True, True)),
        ({"FORCE_COLOR": "0"}, PIPE, {}, Layout(False, False)),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, PIPE, {}, Layout(False, False)),  # NO_COLOR first
        ({"TERM": "dumb"}, TTY, {}, Layout(True, False)),
        ({"TERM": "dumb", "FORCE_COLOR": "1"}, TTY, {}, Layout(True, True)),
        ({"NO_COLOR": "1"}, PIPE, {"force_colors": True}, Layout(True, True)),  # explicit wins
        ({"FORCE_COLOR": "1"}, TTY, {"disable_colors": True}, Layout(False, False)),  # logrus: logfmt
        ({}, TTY, {"disable_colors": True, "force_formatting": True}, Layout(True, False)),
        ({}, PIPE, {"force_formatting": True}, Layout(True, False)),
        ({"FORCE_COLOR": "1"}, PIPE, {"force_formatting": True}, Layout(True, True)),
    ],
)
def test_text_layout_rules(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], stream: type, options: dict[str, bool], expected: Layout
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert text(stream(), **options) == expected


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CLICOLOR_FORCE": "1"}, Layout(True, True)),
        ({"CLICOLOR_FORCE": "0"}, Layout(False, False)),
        ({"CLICOLOR": "0"}, Layout(False, False)),
        ({"CLICOLOR": "1"}, Layout(False, False)),
    ],
)
def test_clicolor_only_with_environment_override_colors(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: Layout
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    options = {"force_colors": False, "disable_colors": False, "force_formatting": False}
    assert logrus_layout(terminal=False, environment_override_colors=True, **options) == expected
    assert logrus_layout(terminal=False, environment_override_colors=False, **options) == Layout(False, False)


def test_clicolor_zero_on_a_terminal_keeps_the_readable_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLICOLOR", "0")
    formatter = TextFormatter(stream=TTY(), environment_override_colors=True)
    assert (formatter.readable, formatter.colored) == (True, False)


@pytest.mark.parametrize(
    ("env", "stream", "options", "expected"),
    [
        ({}, TTY, {}, Layout(True, True)),
        ({}, PIPE, {}, Layout(False, False)),
        ({}, PIPE, {"force_colors": True}, Layout(False, False)),  # x-cray: forced colours alone stay logfmt
        ({}, PIPE, {"force_formatting": True}, Layout(True, False)),
        ({}, PIPE, {"force_formatting": True, "force_colors": True}, Layout(True, True)),
        ({"NO_COLOR": "1"}, TTY, {}, Layout(True, False)),
        ({"FORCE_COLOR": "1"}, PIPE, {"force_formatting": True}, Layout(True, True)),
        ({}, TTY, {"disable_colors": True}, Layout(True, False)),
    ],
)
def test_xcray_layout_rules(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], stream: type, options: dict[str, bool], expected: Layout
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    defaults = {"force_colors": False, "disable_colors": False, "force_formatting": False}
    assert xcray_layout(terminal=is_terminal(stream()), **{**defaults, **options}) == expected


def test_readable_layout_without_colours_is_the_colored_one_minus_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    record = logging.LogRecord("x", logging.WARNING, "/app/main.py", 7, "careful", (), None, "run")
    record.k = "v"
    colored = TextFormatter(stream=TTY(), disable_timestamp=True).format(record)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = TextFormatter(stream=TTY(), disable_timestamp=True).format(record)
    assert colored == "\x1b[33mWARN\x1b[0m careful" + " " * 39 + "\x1b[33mk\x1b[0m=v"
    assert plain == "WARN careful" + " " * 39 + "k=v"


def test_palette_v1_10_dims_trace_and_debug() -> None:
    import logging

    record = logging.LogRecord("x", logging.DEBUG, "/app/main.py", 7, "m", (), None, "run")
    out = TextFormatter(force_colors=True, disable_timestamp=True, palette="v1.10").format(record)
    assert out.startswith("\x1b[2;36mDEBU\x1b[0m m")
    with pytest.raises(ValueError, match=r"palette must be one of 'v1.9', 'v1.10', not 'v2'"):
        TextFormatter(palette="v2")  # type: ignore[arg-type] # an unknown palette, on purpose


def test_windows_consoles_get_colours_through_colorama() -> None:
    with mock.patch.object(sys, "platform", "win32"), mock.patch("colorama.just_fix_windows_console") as fix:
        TextFormatter(stream=TTY())
        TextFormatter(stream=PIPE(), force_colors=True)  # not a console: nothing to fix
    assert fix.call_count == 1


def test_colorama_is_not_called_elsewhere() -> None:
    with mock.patch.object(sys, "platform", "linux"), mock.patch("colorama.just_fix_windows_console") as fix:
        TextFormatter(stream=TTY())
    fix.assert_not_called()
