"""Values Go has no type for, written as python-json-logger writes them, in every layout (docs/values.md).

Each row gives the value's text as logrus quotes it (logfmt and colored
layouts), as x-cray's logfmt quotes it, as the formatted layout writes it
(raw, terminal-safe), and its JSON; every layout's whole line is compared.
The Go-typed rows (``datetime``, ``timedelta``, ``bytes``) are in
``test_values_go.py``, against Go's own output.
"""

from __future__ import annotations

import dataclasses
import enum
import io
import logging
import typing
import uuid
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import PurePosixPath
from types import TracebackType
from typing import Any

import pytest

import prefixlog

from helpers import record
from oracle_cases import parse_time

LAYOUTS: dict[str, Callable[..., logging.Formatter]] = {
    "text-logfmt": lambda **o: prefixlog.TextFormatter(stream=io.StringIO(), **o),
    "text-colored": lambda **o: prefixlog.TextFormatter(force_colors=True, **o),
    "prefixed-logfmt": lambda **o: prefixlog.PrefixedFormatter(stream=io.StringIO(), **o),
    "prefixed-colored": lambda **o: prefixlog.PrefixedFormatter(force_formatting=True, force_colors=True, **o),
    "json": lambda **o: prefixlog.JSONFormatter(stream=io.StringIO(), **o),
}


def lines(logrus: str, xcray: str, raw: str, json_value: str) -> dict[str, str]:
    """The record ``m`` with the field ``v`` written as given, in each layout."""
    return {
        "text-logfmt": 'time="2021-07-04T15:26:26+08:00" level=info msg=m v=' + logrus,
        "text-colored": "\x1b[36mINFO\x1b[0m[0001] m" + " " * 45 + "\x1b[36mv\x1b[0m=" + logrus,
        "prefixed-logfmt": 'time="2021-07-04T15:26:26+08:00" level=info msg=m v=' + xcray,
        "prefixed-colored": "\x1b[0;90m[0001]\x1b[0m \x1b[0;32m INFO\x1b[0m m \x1b[0;32mv\x1b[0m=" + raw,
        "json": '{"level":"info","msg":"m","time":"2021-07-04T15:26:26+08:00","v":' + json_value + "}",
    }


def _record(value: object) -> logging.LogRecord:
    made = record("m", v=value)
    made.created = parse_time("2021-07-04T15:26:26.123456+08:00")
    return made


def written(value: object) -> dict[str, str]:
    made = _record(value)
    return {name: factory().format(made) for name, factory in LAYOUTS.items()}


def json_line(value: object, **options: Any) -> str:
    return LAYOUTS["json"](**options).format(_record(value))


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Shape(enum.Enum):
    SQUARE = (1, 2)


class Level(enum.IntEnum):
    HIGH = 3


@dataclasses.dataclass
class User:
    name: str
    id: int
    tags: list[Any] = dataclasses.field(default_factory=list)
    kind: typing.ClassVar[str] = "not a field"


class Pair(typing.NamedTuple):
    right: str
    left: int


class Row:
    """An object with ``_asdict()`` that is no tuple (an SQLAlchemy ``Row``, say)."""

    def _asdict(self) -> dict[str, Any]:
        return {"b": 2, "a": None}


class Model:
    """An object with ``model_dump()`` (a pydantic model)."""

    def model_dump(self) -> dict[str, Any]:
        return {"when": date(2024, 1, 2), "n": 1}


def _traceback() -> TracebackType:
    """A traceback of two frames in a file that doesn't exist (so no source lines)."""
    source = (
        "def fail():\n    raise ValueError('x')\ntry:\n    fail()\nexcept ValueError as e:\n    tb = e.__traceback__\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, "/srv/app/job.py", "exec"), namespace)  # a fixed test string
    tb: TracebackType = namespace["tb"]
    return tb


TB = 'File "/srv/app/job.py", line 4, in <module>\n  File "/srv/app/job.py", line 2, in fail'
TB_GO = 'File \\"/srv/app/job.py\\", line 4, in <module>\\n  File \\"/srv/app/job.py\\", line 2, in fail'
TB_JSON = 'File \\"/srv/app/job.py\\", line 4, in \\u003cmodule\\u003e\\n  File \\"/srv/app/job.py\\", line 2, in fail'

ROWS: list[tuple[str, Any, tuple[str, str, str, str]]] = [
    # (row id, value, (logrus's text, x-cray's logfmt, formatted, JSON))
    ("date", date(2024, 1, 2), ("2024-01-02", "2024-01-02", "2024-01-02", '"2024-01-02"')),
    ("time", time(3, 4, 5, 123000), ('"03:04:05.123000"', '"03:04:05.123000"', "03:04:05.123000", '"03:04:05.123000"')),
    ("time-whole", time(3, 4, 5), ('"03:04:05"', '"03:04:05"', "03:04:05", '"03:04:05"')),
    (
        "time-aware",
        time(3, 4, 5, tzinfo=timezone(timedelta(hours=-2))),
        ('"03:04:05-02:00"', '"03:04:05-02:00"', "03:04:05-02:00", '"03:04:05-02:00"'),
    ),
    ("enum", Color.RED, ("red", "red", "red", '"red"')),
    ("enum-tuple", Shape.SQUARE, ('"[1,2]"', '"[1,2]"', "[1,2]", "[1,2]")),
    ("int-enum", Level.HIGH, ("3", "3", "3", "3")),
    (
        "enum-class",
        Color,
        ('"[\\"red\\",\\"green\\"]"', '"[\\"red\\",\\"green\\"]"', '["red","green"]', '["red","green"]'),
    ),
    ("class", User, ("User", "User", "User", '"User"')),
    ("exception-class", ValueError, ("ValueError", "ValueError", "ValueError", '"ValueError"')),
    ("traceback", _traceback(), (f'"{TB_GO}"', f'"{TB_GO}"', TB.replace("\n", "\\n"), f'"{TB_JSON}"')),
    (
        "dataclass",
        User("ana", 7, [Color.GREEN, (1.5, None)]),
        (
            '"{\\"name\\":\\"ana\\",\\"id\\":7,\\"tags\\":[\\"green\\",[1.5,null]]}"',
            '"{\\"name\\":\\"ana\\",\\"id\\":7,\\"tags\\":[\\"green\\",[1.5,null]]}"',
            '{"name":"ana","id":7,"tags":["green",[1.5,null]]}',
            '{"id":7,"name":"ana","tags":["green",[1.5,null]]}',
        ),
    ),
    (
        "namedtuple",
        Pair("b", 1),
        (
            '"{\\"right\\":\\"b\\",\\"left\\":1}"',
            '"{\\"right\\":\\"b\\",\\"left\\":1}"',
            '{"right":"b","left":1}',
            '{"left":1,"right":"b"}',
        ),
    ),
    (
        "asdict",
        Row(),
        ('"{\\"b\\":2,\\"a\\":null}"', '"{\\"b\\":2,\\"a\\":null}"', '{"b":2,"a":null}', '{"a":null,"b":2}'),
    ),
    (
        "model-dump",
        Model(),
        (
            '"{\\"when\\":\\"2024-01-02\\",\\"n\\":1}"',
            '"{\\"when\\":\\"2024-01-02\\",\\"n\\":1}"',
            '{"when":"2024-01-02","n":1}',
            '{"n":1,"when":"2024-01-02"}',
        ),
    ),
    (
        "uuid",
        uuid.UUID(int=0x12345678123456781234567812345678),
        (
            "12345678-1234-5678-1234-567812345678",
            "12345678-1234-5678-1234-567812345678",
            "12345678-1234-5678-1234-567812345678",
            '"12345678-1234-5678-1234-567812345678"',
        ),
    ),
    (
        "path",
        PurePosixPath("/srv/app/x.log"),
        ("/srv/app/x.log", '"/srv/app/x.log"', "/srv/app/x.log", '"/srv/app/x.log"'),
    ),
    ("decimal", Decimal("1.10"), ("1.10", "1.10", "1.10", '"1.10"')),
    ("set", {"b", "a"}, ('"[\\"a\\",\\"b\\"]"', '"[\\"a\\",\\"b\\"]"', '["a","b"]', '["a","b"]')),
    ("frozenset", frozenset({3, 1, 2}), ('"[1,2,3]"', '"[1,2,3]"', "[1,2,3]", "[1,2,3]")),
    (
        # Inside a container every value follows its own row; the Go types keep their text form in the
        # text layouts (a duration "1.5s") and their JSON form in JSON (integer nanoseconds, base64).
        "nested",
        {
            "d": timedelta(seconds=1.5),
            "t": datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
            "b": b"hi",
            "e": Color.RED,
        },
        (
            '"{\\"d\\":\\"1.5s\\",\\"t\\":\\"2024-01-02T03:04:05Z\\",\\"b\\":\\"hi\\",\\"e\\":\\"red\\"}"',
            '"{\\"d\\":\\"1.5s\\",\\"t\\":\\"2024-01-02T03:04:05Z\\",\\"b\\":\\"hi\\",\\"e\\":\\"red\\"}"',
            '{"d":"1.5s","t":"2024-01-02T03:04:05Z","b":"hi","e":"red"}',
            '{"b":"aGk=","d":1500000000,"e":"red","t":"2024-01-02T03:04:05Z"}',
        ),
    ),
    (
        "nested-namedtuple",
        [Pair("b", 1), {frozenset({2, 1})}],
        (
            '"[{\\"right\\":\\"b\\",\\"left\\":1},[[1,2]]]"',
            '"[{\\"right\\":\\"b\\",\\"left\\":1},[[1,2]]]"',
            '[{"right":"b","left":1},[[1,2]]]',
            '[{"left":1,"right":"b"},[[1,2]]]',
        ),
    ),
]


@pytest.mark.parametrize(("value", "expected"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_value_in_every_layout(value: object, expected: tuple[str, str, str, str]) -> None:
    assert written(value) == lines(*expected)


@dataclasses.dataclass
class Node:
    name: str
    next: Any = None


def test_an_object_inside_itself_is_cut_as_a_container_is() -> None:
    node = Node("a")
    node.next = node
    assert written(node) == lines(
        '"{\\"name\\":\\"a\\",\\"next\\":\\"{...}\\"}"',
        '"{\\"name\\":\\"a\\",\\"next\\":\\"{...}\\"}"',
        '{"name":"a","next":"{...}"}',
        '{"name":"a","next":"{...}"}',
    )


class Broken:
    def _asdict(self) -> dict[str, Any]:
        raise RuntimeError("no fields")


def test_an_object_whose_fields_fail_is_unprintable_not_fatal() -> None:
    text = "<unprintable Broken: RuntimeError: no fields>"
    assert written(Broken()) == lines(
        f'"{text}"', f'"{text}"', text, '"\\u003cunprintable Broken: RuntimeError: no fields\\u003e"'
    )


def test_json_default_is_asked_first_in_json() -> None:
    """python-json-logger's ``json_default`` gets every value JSON has no type for, before prefixlog's rules."""
    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    out = json_line({"when": when, "user": User("ana", 7), "raw": b"hi", "pair": Pair("b", 1)}, json_default=repr)
    assert out == (
        '{"level":"info","msg":"m","time":"2021-07-04T15:26:26+08:00",'
        '"v":{"pair":{"left":1,"right":"b"},"raw":"b\'hi\'",'  # a NamedTuple is a tuple: JSON has a type for it
        '"user":"User(name=\'ana\', id=7, tags=[])",'
        '"when":"datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)"}}'
    )


def test_a_json_default_for_some_types_leaves_the_others_to_prefixlog() -> None:
    def default(value: object) -> Any:
        if isinstance(value, Decimal):
            return float(value)
        raise TypeError(f"{type(value).__name__} is not JSON serializable")

    value = {"n": Decimal("2.5"), "d": timedelta(seconds=1), "user": User("ana", 7, [Decimal("0.5")])}
    assert json_line(value, json_default=default) == (
        '{"level":"info","msg":"m","time":"2021-07-04T15:26:26+08:00",'
        '"v":{"d":1000000000,"n":2.5,"user":{"id":7,"name":"ana","tags":[0.5]}}}'
    )


def test_a_value_whose_form_fails_inside_a_container_is_its_placeholder_and_the_rest_stays() -> None:
    text = "<unprintable Broken: RuntimeError: no fields>"
    assert written([Broken(), 1]) == lines(
        f'"[\\"{text}\\",1]"',
        f'"[\\"{text}\\",1]"',
        f'["{text}",1]',
        '["\\u003cunprintable Broken: RuntimeError: no fields\\u003e",1]',
    )


class Empty(typing.NamedTuple):
    pass


def test_a_namedtuple_without_fields_is_an_empty_object() -> None:
    assert written(Empty()) == lines('"{}"', '"{}"', "{}", "{}")


def test_a_memoryview_of_any_shape_is_its_bytes() -> None:
    view = memoryview(b"abcd")[::2]  # not contiguous: b"ac"
    assert written(view) == lines("ac", "ac", "ac", '"YWM="')


@dataclasses.dataclass
class FailureError(Exception):
    code: int

    def __str__(self) -> str:
        return f"failed with {self.code}"


def test_an_exception_is_its_text_even_when_it_is_a_dataclass() -> None:
    assert written(FailureError(7)) == lines('"failed with 7"', '"failed with 7"', "failed with 7", '"failed with 7"')


class UnhashableMeta(type):
    __hash__ = None  # type: ignore[assignment]


class Odd(metaclass=UnhashableMeta):
    def __str__(self) -> str:
        return "odd"


def test_a_value_whose_type_is_unhashable_is_its_text_and_the_record_stays() -> None:
    made = record("m", v=Odd(), w=[Odd()], n=1)
    made.created = parse_time("2021-07-04T15:26:26.123456+08:00")
    assert {name: factory().format(made) for name, factory in LAYOUTS.items()} == {
        "text-logfmt": 'time="2021-07-04T15:26:26+08:00" level=info msg=m n=1 v=odd w="[\\"odd\\"]"',
        "text-colored": "\x1b[36mINFO\x1b[0m[0001] m"
        + " " * 45
        + '\x1b[36mn\x1b[0m=1 \x1b[36mv\x1b[0m=odd \x1b[36mw\x1b[0m="[\\"odd\\"]"',
        "prefixed-logfmt": 'time="2021-07-04T15:26:26+08:00" level=info msg=m n=1 v=odd w="[\\"odd\\"]"',
        "prefixed-colored": "\x1b[0;90m[0001]\x1b[0m \x1b[0;32m INFO\x1b[0m m \x1b[0;32mn\x1b[0m=1 "
        '\x1b[0;32mv\x1b[0m=odd \x1b[0;32mw\x1b[0m=["odd"]',
        "json": '{"level":"info","msg":"m","n":1,"time":"2021-07-04T15:26:26+08:00","v":"odd","w":["odd"]}',
    }
