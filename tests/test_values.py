"""Values to text: Go's %q, Go's float layouts, and how Python values render."""

from __future__ import annotations

import enum
import math

import pytest

from prefixlog._values import go_float, go_json_float, go_quote, to_text


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
