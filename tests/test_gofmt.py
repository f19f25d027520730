"""Values to text as Go's fmt prints them (prefixlog._gofmt), and Go's JSON floats (prefixlog._gojson).

Every type's row in every layout is in test_values.py; the Go-typed ones
(datetime, timedelta, bytes) against Go's own output in test_values_go.py.
"""

from __future__ import annotations

import dataclasses
import enum
import math
import os
import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from unittest.mock import MagicMock, Mock

import pytest

from prefixlog._gofmt import GO_SPACE, go_float, go_trim_space, int_text, to_text
from prefixlog._gojson import go_json_float
from prefixlog._values import FORMLESS, go_duration, object_fields, timedelta_nanoseconds


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
        ({"when": Color.RED}, '{"when":1}'),
        (Color.RED, "1"),
        (Color, "[1]"),
        (Color.__class__, "EnumType" if hasattr(enum, "EnumType") else "EnumMeta"),
        (datetime(2024, 1, 2, 3, 4, 5, 600000, tzinfo=timezone.utc), "2024-01-02T03:04:05.6Z"),
        (date(2024, 1, 2), "2024-01-02"),
        (timedelta(minutes=-90), "-1h30m0s"),
        ({(1, 2): 3, None: 4, 1.5: 5}, '{"[1,2]":3,"null":4,"1.5":5}'),  # keys json.dumps can't write: their text
        ({"k": {2, 1}}, '{"k":[1,2]}'),
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
    assert to_text(loop) == '[1,"[...]"]'


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


def test_a_duration_beyond_gos_int64_goes_on_by_the_same_rule() -> None:
    # Go's Duration stops at 2562047h47m16.854775807s (tested against Go in test_values_go.py).
    assert timedelta_nanoseconds(timedelta.max) == 86_399_999_999_999_999_999_000
    assert go_duration(timedelta_nanoseconds(timedelta.max)) == "23999999999h59m59.999999s"
    assert to_text(timedelta.min) == "-23999999976h0m0s"


def test_naive_datetimes_at_the_ends_of_the_range_are_local_time() -> None:
    """Neither end converts to local time itself (the UTC time is out of range): the day beside it gives the offset.

    The offsets are those Go gives Asia/Shanghai then (values-fmt-expected.jsonl: LMT +08:05:43, CST +08:00).
    """
    if os.environ.get("TZ") != "Asia/Shanghai":
        pytest.skip(f"datetime.min/max as local time: the suite's zone is {os.environ.get('TZ')}, not Asia/Shanghai")
    assert to_text(datetime.min) == "0001-01-01T00:00:00+08:05"
    assert to_text(datetime.max) == "9999-12-31T23:59:59.999999+08:00"


class NoOffset(tzinfo):
    def utcoffset(self, dt: datetime | None) -> timedelta:
        raise RuntimeError("no offset")

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)

    def tzname(self, dt: datetime | None) -> str:
        return "none"


def test_a_datetime_whose_zone_fails_is_unprintable() -> None:
    assert to_text(datetime(2024, 1, 2, tzinfo=NoOffset())) == "<unprintable datetime: RuntimeError: no offset>"


def test_mocks_are_not_taken_for_objects_with_fields() -> None:
    """``_asdict``/``model_dump`` are looked up on the type: a mock answers every attribute, its type does not."""
    assert object_fields(Mock()) is None
    assert object_fields(MagicMock()) is None
    assert re.fullmatch("<Mock name='m' id='[0-9]+'>", to_text(Mock(name="m")))


@dataclasses.dataclass
class Link:
    next: Any = None


def test_a_long_chain_of_objects_is_cut_not_fatal() -> None:
    head = link = Link()
    for _ in range(5000):
        link.next = Link()
        link = link.next
    # 200 levels, then a short repr (the dataclass's own repr is as deep: reprlib's placeholder)
    assert re.fullmatch('{"next":' * 200 + '"<Link instance at 0x[0-9a-f]+>"' + "}" * 200, to_text(head))


class Loop(enum.Enum):
    ITSELF = list[object]()  # noqa: RUF012 - a value made to hold its own member (below)


Loop.ITSELF.value.append(Loop.ITSELF)


def test_an_enum_inside_its_own_value_is_cut() -> None:
    assert to_text(Loop.ITSELF) == '["[...]"]'


def test_ints_beyond_pythons_digit_limit_inside_containers_and_objects() -> None:
    big = 7**6000  # 5,071 digits
    assert to_text([big, "a"]) == f'[{int_text(big)},"a"]'
    assert to_text(Link(next={"n": big})) == f'{{"next":{{"n":{int_text(big)}}}}}'


def test_the_memo_of_formless_types_stays_bounded() -> None:
    for n in range(2000):
        kind = type(f"Plain{n}", (), {"__str__": lambda self: "plain"})
        assert to_text(kind()) == "plain"
    assert 0 < len(FORMLESS) <= 512


def test_a_formless_type_is_still_written_by_its_str_every_time() -> None:
    class Counter:
        calls = 0

        def __str__(self) -> str:
            Counter.calls += 1
            return f"call {Counter.calls}"

    assert [to_text(Counter()), to_text(Counter()), to_text(Counter())] == ["call 1", "call 2", "call 3"]
    assert Counter in FORMLESS
