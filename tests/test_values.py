"""Values to text: Go's %q, Go's float layouts, and how Python values render."""

from __future__ import annotations

import enum
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prefixlog._values import (
    _LINE_UNSAFE,
    _TERMINAL_UNSAFE,
    GO_SPACE,
    escape_rune,
    go_float,
    go_json_float,
    go_quote,
    go_trim_space,
    is_printable,
    line_escape,
    logfmt_key,
    terminal_escape,
    to_text,
)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("", '""'),
        ("plain", '"plain"'),
        ('say "hi"', r'"say \"hi\""'),
        ("back\\slash", r'"back\\slash"'),
        ("\a\b\f\n\r\t\v", r'"\a\b\f\n\r\t\v"'),
        ("\x00\x1b\x7f", r'"\x00\x1b\x7f"'),
        ("\x85\xa0\u200b\u2028", r'"\u0085\u00a0\u200b\u2028"'),
        ("\U000e0001", r'"\U000e0001"'),
        ("日志 é 🎉 'single'", "\"日志 é 🎉 'single'\""),
        ("\udc80\udcff", r'"\x80\xff"'),  # surrogateescape'd bytes, as Go prints raw bytes
        ("\ud800", r'"\ufffd"'),  # any other lone surrogate: Go's invalid rune
    ],
)
def test_go_quote(text: str, quoted: str) -> None:
    assert go_quote(text) == quoted


def test_go_quote_with_another_quote_character() -> None:
    assert go_quote('it\'s "x"', "'") == "'it\\'s \"x\"'"


@pytest.mark.parametrize(
    ("value", "text", "json_text"),
    [
        (3.0, "3", "3"),
        (-0.0, "-0", "-0"),
        (0.25, "0.25", "0.25"),
        (1e6, "1e+06", "1000000"),
        (123456.7, "123456.7", "123456.7"),
        (1234567.5, "1.2345675e+06", "1234567.5"),
        (1.234e-05, "1.234e-05", "0.00001234"),
        (1e-7, "1e-07", "1e-7"),
        (1e21, "1e+21", "1e+21"),
        (1e20, "1e+20", "100000000000000000000"),
        (5e-324, "5e-324", "5e-324"),
    ],
)
def test_go_float_layouts(value: float, text: str, json_text: str) -> None:
    assert go_float(value) == text
    assert go_json_float(value) == json_text


def test_go_float_specials() -> None:
    assert [go_float(v) for v in (math.inf, -math.inf, math.nan)] == ["+Inf", "-Inf", "NaN"]


class Color(enum.Enum):
    RED = 1


class Level(enum.IntEnum):
    HIGH = 3


class Name(str, enum.Enum):
    ANA = "ana"


class Boom:
    def __str__(self) -> str:
        raise ValueError("boom")


class Silent:
    def __str__(self) -> str:
        raise ValueError


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("s", "s"),
        (True, "true"),
        (False, "false"),
        (-12, "-12"),
        (2**70, "1180591620717411303424"),
        (2.5, "2.5"),
        (None, "<nil>"),
        (ValueError("bad input"), "bad input"),
        (b"caf\xc3\xa9 \xff", "café \\xff"),
        (bytearray(b"ab"), "ab"),
        ([1, "a", None, 2.5], '[1,"a",null,2.5]'),
        ((1, 2), "[1,2]"),
        ({"k": [1, {"n": True}]}, '{"k":[1,{"n":true}]}'),
        ({3, 1, 2}, "[1,2,3]"),
        ({"when": Color.RED}, '{"when":"Color.RED"}'),
        (Color.RED, "Color.RED"),
        (Level.HIGH, "3"),
        (Name.ANA, "ana"),
        (Boom(), "<unprintable Boom: ValueError: boom>"),
        (Silent(), "<unprintable Silent: ValueError>"),
    ],
)
def test_to_text(value: object, text: str) -> None:
    assert to_text(value) == text


def test_to_text_of_a_recursive_container_does_not_raise() -> None:
    loop: list[object] = [1]
    loop.append(loop)
    assert to_text(loop) == "[1, [...]]"


# Every rune for which Go 1.19's unicode.IsSpace is true (printed by a Go program
# looping over U+0000..U+10FFFF): the Go side of go_trim_space.
GO_IS_SPACE = [0x9, 0xA, 0xB, 0xC, 0xD, 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029]
GO_IS_SPACE += [0x202F, 0x205F, 0x3000]


def test_go_space_is_gos_unicode_is_space() -> None:
    assert sorted(map(ord, GO_SPACE)) == GO_IS_SPACE


@pytest.mark.parametrize(
    ("text", "trimmed"),
    [
        ("  a b  ", "a b"),
        ("\x85\xa0a\u3000\u2028", "a"),
        ("\x1ca\x1f", "\x1ca\x1f"),  # str.strip() would remove these; Go does not
        ("\u200ba\u200b", "\u200ba\u200b"),  # ZERO WIDTH SPACE is not White_Space
        ("\t\n\v\f\r", ""),
        ("", ""),
    ],
)
def test_go_trim_space(text: str, trimmed: str) -> None:
    assert go_trim_space(text) == trimmed


@given(st.text(st.sampled_from([*'ab \t\x00\x1b\x7f\x85é日\u2028\u202e"\\']), max_size=40), st.integers(1, 20))
def test_long_text_shortcuts_agree_with_the_character_tests(text: str, times: int) -> None:
    """Long ASCII text takes a quicker path in these functions; it must give the same result."""
    long = text * times
    assert is_printable(long) == long.isprintable()
    assert terminal_escape(long) == _TERMINAL_UNSAFE.sub(lambda m: escape_rune(m.group()), long)
    assert line_escape(long) == _LINE_UNSAFE.sub(lambda m: escape_rune(m.group()), long)


def _quote_by_character(text: str, quote: str = '"') -> str:
    """Go's ``%q``, one character at a time: the definition the fast paths must agree with."""
    inner = "".join(("\\" + ch if ch in ("\\", quote) else ch) if ch.isprintable() else escape_rune(ch) for ch in text)
    return quote + inner + quote


_PIECES = ["a", "é", "\x1b", "\t", '"', "'", "\\", "=", " ", "\u202e", "\u2028", "\x85", "\ue000", "\U000e0001",
           "\U0001f600", "\udc80", "\ud800", "\x7f", "\xa0"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40), st.integers(1, 9000))
def test_sliced_escaping_agrees_with_escaping_by_character(pieces: list[str], times: int) -> None:
    """Text long enough to be escaped in slices (64 Ki characters) and short text give the same escapes."""
    text = "".join(pieces) * times
    assert go_quote(text) == _quote_by_character(text)
    assert go_quote(text, "'") == _quote_by_character(text, "'")
    terminal = set("\x1b\u202e\u2028\x85\udc80\ud800\x7f")  # a set literal: ruff takes two surrogates for one
    assert terminal_escape(text) == "".join(escape_rune(ch) if ch in terminal else ch for ch in text)
    line = set("\x1b\t\u2028\x85\udc80\ud800\x7f")
    assert line_escape(text) == "".join(escape_rune(ch) if ch in line else ch for ch in text)
    key = {**{ch: escape_rune(ch) for ch in terminal | line}, " ": "\\x20", '"': "\\x22", "=": "\\x3d", "\\": "\\\\"}
    assert logfmt_key(text) == "".join(key.get(ch, ch) for ch in text)


def test_each_escape_table_maps_exactly_what_its_pattern_matches() -> None:
    from prefixlog import _values

    for pattern, table in (
        (_values._TERMINAL_UNSAFE, _values._TERMINAL_TABLE),
        (_values._LINE_UNSAFE, _values._LINE_TABLE),
        (_values._KEY_UNSAFE, _values._KEY_TABLE),
    ):
        assert {c for c in range(0x10000) if pattern.match(chr(c))} == set(table), pattern.pattern
        assert not any(pattern.match(chr(c)) for c in range(0x10000, 0x110000, 97)), pattern.pattern
