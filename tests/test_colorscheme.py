"""mgutz/ansi styles and ColorScheme: the escape codes are the ones the real Go wrote.

The expected bytes come from the oracle cases ``x-prefixed-style-*`` in
``data/corpus-extra-prefixed.jsonl``: each puts one style in x-cray's info,
prefix and timestamp slots, and Go printed
``<ts>[0000]<reset> <info> INFO<reset><prefix> p:<reset> m <info>k<reset>=v``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from prefixlog import ColorScheme
from prefixlog._colorscheme import (
    DEFAULT_SCHEME,
    PLAIN,
    RESET,
    Painter,
    check_color_scheme,
    compile_scheme,
    painter,
    style_code,
)
from prefixlog._levels import DEBUG, ERROR, FATAL, INFO, PANIC, TRACE, WARNING

from oracle_cases import load_cases, load_expected

STYLE_CASES = [c for c in load_cases("corpus-extra-prefixed.jsonl") if c["category"] == "x-prefixed-style"]
GO = load_expected("expected-extra-prefixed.jsonl")
SINGLE_STYLE = [c for c in STYLE_CASES if c["id"].startswith("x-prefixed-style-")]


def _style(case: dict[str, Any]) -> str:
    return str(case["options"]["ColorScheme"]["InfoLevelStyle"])


def test_every_style_form_has_a_go_case() -> None:
    styles = {_style(c) for c in SINGLE_STYLE}
    assert {"green", "red+b", "black+h", "white:blue", "208", "+b", "reset", "off", ""} <= styles
    assert {"white:blue+h", "208:17", "red+bdBuish", "default", ":blue", "white:"} <= styles
    assert len(SINGLE_STYLE) == 52


@pytest.mark.parametrize("case", SINGLE_STYLE, ids=lambda c: repr(_style(c)))
def test_style_paints_as_go(case: dict[str, Any]) -> None:
    style = _style(case)
    palette = compile_scheme(ColorScheme(info_level_style=style, prefix_style=style, timestamp_style=style))
    line = palette.timestamp("[0000]") + " " + palette.info(" INFO") + palette.prefix(" p:") + " m "
    line += palette.info("k") + "=v\n"
    assert line == GO[case["id"]]["output"]


@pytest.mark.parametrize("case", [c for c in SINGLE_STYLE if _style(c) not in ("", "off")], ids=lambda c: c["id"])
def test_style_code_is_mgutz_color_code(case: dict[str, Any]) -> None:
    assert GO[case["id"]]["output"].startswith(style_code(_style(case)) + "[0000]" + RESET + " ")


def test_off_has_no_code_but_still_resets_as_mgutz() -> None:
    assert style_code("off") == ""
    assert painter("off")("x") == "x" + RESET


def test_the_empty_style_leaves_text_alone_and_empty_text_is_never_wrapped() -> None:
    assert painter("")("x") == "x"
    assert painter("red")("") == ""
    assert Painter(None)("x") == "x"
    assert PLAIN.info("x") == "x"
    assert all(getattr(PLAIN, f.name).code is None for f in dataclasses.fields(PLAIN))


@pytest.mark.parametrize(
    ("style", "message"),
    [
        ("Red", "unknown foreground colour 'Red'"),
        ("nosuch", "unknown foreground colour 'nosuch'"),
        (" red", "unknown foreground colour ' red'"),
        ("256", "unknown foreground colour '256'"),
        ("-1", "unknown foreground colour '-1'"),
        ("white:purple", "unknown background colour 'purple'"),
        ("red+z", "unknown foreground attribute 'z'"),
        ("red:blue+q", "unknown background attribute 'q'"),
        ("red+b+u", "more than one '+' in the foreground"),
        ("a:b:c", "more than one ':'"),
        ("reset+b", "unknown foreground colour 'reset'"),
    ],
)
def test_styles_mgutz_would_guess_at_are_refused(style: str, message: str) -> None:
    with pytest.raises(ValueError, match="style") as error:
        style_code(style)
    assert message in str(error.value)
    assert "'fg+attrs:bg+attrs'" in str(error.value)  # and says what is allowed


def test_color_scheme_defaults_are_x_crays() -> None:
    assert dataclasses.asdict(ColorScheme()) == {
        "info_level_style": "green",
        "warn_level_style": "yellow",
        "error_level_style": "red",
        "fatal_level_style": "red",
        "panic_level_style": "red",
        "debug_level_style": "blue",
        "prefix_style": "cyan",
        "timestamp_style": "black+h",
    }


def test_color_scheme_checks_its_styles_when_made() -> None:
    with pytest.raises(ValueError, match=r"ColorScheme\.prefix_style: unknown foreground colour 'purple'"):
        ColorScheme(prefix_style="purple")
    with pytest.raises(TypeError, match=r"ColorScheme\.info_level_style must be a str"):
        ColorScheme(info_level_style=1)  # type: ignore[arg-type]  # an int, on purpose


def test_color_scheme_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        ColorScheme().info_level_style = "red"  # type: ignore[misc]  # frozen, on purpose


def test_empty_styles_fall_back_to_the_defaults() -> None:
    empty = compile_scheme(ColorScheme(**{f.name: "" for f in dataclasses.fields(ColorScheme)}))
    codes = {f.name: getattr(empty, f.name).code for f in dataclasses.fields(empty)}
    assert codes == {
        "info": "\x1b[0;32m",
        "warn": "\x1b[0;33m",
        "error": "\x1b[0;31m",
        "fatal": "\x1b[0;31m",
        "panic": "\x1b[0;31m",
        "debug": "\x1b[0;34m",
        "prefix": "\x1b[0;36m",
        "timestamp": "\x1b[0;90m",
    }


def test_a_dict_is_a_color_scheme() -> None:
    assert check_color_scheme("color_scheme", {"info_level_style": "red+b"}) == ColorScheme(info_level_style="red+b")
    assert check_color_scheme("color_scheme", {}) == ColorScheme()
    assert check_color_scheme("color_scheme", None) is DEFAULT_SCHEME == ColorScheme()
    scheme = ColorScheme(timestamp_style="208")
    assert check_color_scheme("color_scheme", scheme) is scheme


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        ({"InfoLevelStyle": "red"}, ValueError, "color_scheme: unknown key 'InfoLevelStyle'; allowed keys are info_"),
        ({"info_level_style": "bogus"}, ValueError, "color_scheme: ColorScheme.info_level_style: unknown foreground"),
        ({"info_level_style": None}, TypeError, "color_scheme: ColorScheme.info_level_style must be a str"),
        ("red", TypeError, "color_scheme must be a prefixlog.ColorScheme or a dict"),
    ],
)
def test_bad_color_schemes_name_the_option(value: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        check_color_scheme("color_scheme", value)
    assert str(raised.value).startswith(message)


def test_trace_and_other_levels_use_the_debug_style() -> None:
    palette = compile_scheme(ColorScheme(debug_level_style="1", info_level_style="2", warn_level_style="3"))
    assert palette.level(TRACE) is palette.debug
    assert palette.level(DEBUG) is palette.debug
    assert palette.level(25) is palette.debug
    assert palette.level(INFO) is palette.info
    assert palette.level(WARNING) is palette.warn
    assert palette.level(ERROR) is palette.error
    assert palette.level(FATAL) is palette.fatal
    assert palette.level(PANIC) is palette.panic
