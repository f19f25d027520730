"""Values to text as Go's fmt prints them (prefixlog._gofmt), and Go's JSON floats (prefixlog._gojson)."""

from __future__ import annotations

import enum
import math

import pytest

from prefixlog._gofmt import GO_SPACE, go_float, go_trim_space, to_text
from prefixlog._gojson import go_json_float


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
