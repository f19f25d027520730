"""Hostile records: whatever a record's attributes hold, the rest of the record is written.

A ``LogRecord`` made by hand (``makeLogRecord``, a foreign producer, a queue
from another program) may hold anything.  Each attribute that no layout can
use costs only itself: it is replaced, a ``prefixlog_error`` field says what
it held, and the time, level, message and every field are still written.
"""

from __future__ import annotations

import calendar
import io
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import pytest

from prefixlog import JSONFormatter, PrefixedFormatter, TextFormatter
from prefixlog._fields import FIELDS_ATTR

from layouts import LAYOUTS, OTHER_KEYS, SLOG, level_word, read_fields, time_word
from logfmt_reader import read

# 2021-07-04T15:26:26+08:00 (the tests' time zone): "now" while these records are formatted.
NOW = float(calendar.timegm((2021, 7, 4, 7, 26, 26, 0, 0, 0)))
NOW_TEXT = "2021-07-04T15:26:26+08:00"
CREATED = NOW - 3600  # the record's own time, when it has a usable one
WHEN = "the time written is when it was formatted"


@pytest.fixture(autouse=True)
def _now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: NOW)


def make(**attrs: Any) -> logging.LogRecord:
    """A record as a producer would build it: level info, message ``m``, one field, then ``attrs`` on top."""
    base: dict[Any, Any] = {
        "name": "app",
        "msg": "m",
        "args": None,
        "levelno": logging.INFO,
        "levelname": "INFO",
        "created": CREATED,
        "msecs": 0.0,
        "relativeCreated": 1500.0,
        "user": "ana",
    }
    record = logging.makeLogRecord(base)
    for key, value in attrs.items():
        if value is _MISSING:
            del record.__dict__[key]
        else:
            record.__dict__[key] = value
    return record


_MISSING = object()


def fields_of(layout: str, line: str) -> dict[str, Any]:
    """The keys and values a reader gets from one line of ``layout`` (its time and level included)."""
    return read_fields(layout, line)


#: The level words of the table below as the record's ``(levelno, levelname)`` once repaired.
_LEVELS = {"info": (logging.INFO, "INFO"), "error": (logging.ERROR, "ERROR"), "nonsense": (0, "nonsense")}


def _written(layout: str, time_text: str, level: str, **rest: Any) -> dict[str, Any]:
    """The fields a line of ``layout`` holds: the time and the level in its words, then ``rest``."""
    return {"time": time_word(layout, time_text), "level": level_word(layout, *_LEVELS[level]), **rest}


LOGFMT_LAYOUTS = sorted(
    name for name, (kind, _) in LAYOUTS.items() if kind in ("logfmt", "json") and name not in OTHER_KEYS
)

# (attributes, what prefixlog_error says, the level written)
HOSTILE: dict[str, tuple[dict[str, Any], str, str]] = {
    "created NaN": ({"created": float("nan")}, f"created: nan is not a time; {WHEN}", "info"),
    "created inf": ({"created": float("inf")}, f"created: inf is not a time; {WHEN}", "info"),
    "created huge": ({"created": 1e300}, f"created: 1e+300 is not a time; {WHEN}", "info"),
    "created text": ({"created": "yesterday"}, f"created: 'yesterday' is not a time; {WHEN}", "info"),
    "created None": ({"created": None}, f"created: None is not a time; {WHEN}", "info"),
    "created missing": ({"created": _MISSING}, f"created: None is not a time; {WHEN}", "info"),
    "levelno text": ({"levelno": "40", "levelname": "ERROR"}, "levelno: '40' is not a level number", "error"),
    "levelno list": ({"levelno": [], "levelname": "nonsense"}, "levelno: [] is not a level number", "nonsense"),
    "exc_info int": ({"exc_info": 5}, "exc_info: 5 is not an exception", "info"),
    "exc_info True": ({"exc_info": True}, "exc_info: True is not an exception", "info"),
    "exc_info text": ({"exc_info": "boom"}, "exc_info: 'boom' is not an exception", "info"),
    "exc_info short tuple": (
        {"exc_info": (ValueError,)},
        "exc_info: (<class 'ValueError'>,) is not an exception",
        "info",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("layout", LOGFMT_LAYOUTS)
def test_a_hostile_attribute_costs_only_itself(layout: str, case: str) -> None:
    attrs, error, level = HOSTILE[case]
    line = LAYOUTS[layout][1]().format(make(**attrs))
    got = fields_of(layout, line)
    time_text = NOW_TEXT if case.startswith("created") else "2021-07-04T14:26:26+08:00"
    assert got == _written(layout, time_text, level, msg="m", user="ana", prefixlog_error=error)


@pytest.mark.parametrize("layout", LOGFMT_LAYOUTS)
def test_a_record_without_msg_has_the_empty_message(layout: str) -> None:
    got = fields_of(layout, LAYOUTS[layout][1]().format(make(msg=_MISSING)))
    expected = _written(layout, "2021-07-04T14:26:26+08:00", "info", user="ana")
    kind = LAYOUTS[layout][0]
    if (
        kind == "json" and layout != "zerolog"
    ) or layout in SLOG:  # they write an empty message (zerolog leaves it out)
        expected["msg"] = ""
    assert got == expected


def test_a_hostile_record_in_logfmt_whole() -> None:
    record = make(created=float("nan"), relativeCreated=float("nan"), exc_info=5)
    assert TextFormatter(stream=io.StringIO()).format(record) == (
        f'time="{NOW_TEXT}" level=info msg=m prefixlog_error="created: nan is not a time; {WHEN}; '
        'relativeCreated: nan is not a number of milliseconds; exc_info: 5 is not an exception" user=ana'
    )


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (
            lambda: TextFormatter(force_colors=True),
            "\x1b[36mINFO\x1b[0m[0000] m" + " " * 44 + ' \x1b[36mprefixlog_error\x1b[0m="relativeCreated: nan is not '
            'a number of milliseconds" \x1b[36muser\x1b[0m=ana',
        ),
        (
            lambda: PrefixedFormatter(force_formatting=True),
            "[0000]  INFO m prefixlog_error=relativeCreated: nan is not a number of milliseconds user=ana",
        ),
    ],
)
def test_the_terminal_layouts_count_from_zero_when_relative_created_is_no_number(
    factory: Callable[[], logging.Formatter], expected: str
) -> None:
    assert factory().format(make(relativeCreated=float("nan"))) == expected


def test_a_hostile_record_in_json_whole() -> None:
    record = make(created="yesterday", msg=_MISSING)
    assert JSONFormatter().format(record) == (
        '{"level":"info","msg":"","prefixlog_error":"created: \'yesterday\' is not a time; '
        f'{WHEN}; msg: missing","time":"{NOW_TEXT}","user":"ana"}}'
    )


def test_our_error_never_replaces_a_field_of_the_same_name() -> None:
    record = make(created=None, prefixlog_error="the app's own")
    got = fields_of("json", JSONFormatter().format(record))
    assert got["prefixlog_error"] == "the app's own"
    assert got["fields.prefixlog_error"] == f"created: None is not a time; {WHEN}"


@pytest.mark.parametrize("layout", LOGFMT_LAYOUTS)
def test_text_attributes_of_other_types_are_written_as_text(layout: str) -> None:
    record = make(name=7, levelname=None, funcName=3.5, pathname=None, exc_text=b"raw", stack_info=["frame"])
    got = fields_of(layout, LAYOUTS[layout][1]().format(record))
    # Nothing here is unusable: no prefixlog_error, and every field is written.
    if layout in SLOG or layout == "zerolog":  # slog's and zerolog's stack: the traceback, then the stack
        assert got.pop("stack") == 'raw\n["frame"]'
    else:
        assert got.pop("exc_info") == "raw"
        assert got.pop("stack_info") == '["frame"]'
    assert got == _written(layout, "2021-07-04T14:26:26+08:00", "info", msg="m", user="ana")


@pytest.mark.parametrize("layout", LOGFMT_LAYOUTS)
def test_non_str_attribute_names_are_written_as_text(layout: str) -> None:
    record = make(**{"zz": "last"})
    attrs: dict[Any, Any] = record.__dict__
    attrs[5] = "nine"
    attrs[None] = "nil"
    attrs[2.5] = "float"
    got = fields_of(layout, LAYOUTS[layout][1]().format(record))
    assert got == _written(
        layout,
        "2021-07-04T14:26:26+08:00",
        "info",
        msg="m",
        user="ana",
        zz="last",
        **{"5": "nine", "<nil>": "nil", "2.5": "float"},
    )


def test_a_foreign_object_in_the_fields_carrier_is_shown_with_the_other_names() -> None:
    record = make()
    attrs: dict[Any, Any] = record.__dict__
    attrs[FIELDS_ATTR] = "not a dict"
    attrs[5] = "nine"
    got = fields_of("json", JSONFormatter().format(record))
    assert got[FIELDS_ATTR] == "not a dict"
    assert got["5"] == "nine"


# -- sorting_func -----------------------------------------------------------------------


def _sorted_by(result: Any) -> Callable[[list[str]], Any]:
    return lambda keys: result


@pytest.mark.parametrize(
    ("result", "error"),
    [
        (
            [["unhashable"], "user", "b"],
            "sorting_func: returned 1 item(s) that are not str keys, such as ['unhashable']",
        ),
        ([{"a": 1}, 7, None, "b"], "sorting_func: returned 3 item(s) that are not str keys, such as {'a': 1}"),
        (5, "sorting_func: <unprintable function: TypeError: 'int' object is not iterable>"),
        (iter(["b", "user"]), None),
        (["nope", "b"], None),
    ],
)
def test_a_sorting_func_that_returns_anything_costs_only_the_order(result: Any, error: str | None) -> None:
    record = make(b=2)
    formatter = TextFormatter(stream=io.StringIO(), disable_timestamp=True, sorting_func=_sorted_by(result))
    pairs = read(formatter.format(record))
    keys = [k for k, _ in pairs]
    assert sorted(keys) == sorted(["level", "msg", "user", "b", *(["prefixlog_error"] if error else [])])
    assert dict(pairs).get("prefixlog_error") == error
    assert dict(pairs)["user"] == "ana"


def test_a_sorting_func_result_orders_the_colored_layout_too() -> None:
    formatter = TextFormatter(force_colors=True, disable_timestamp=True, sorting_func=_sorted_by([["x"], "user", "b"]))
    assert formatter.format(make(b=2)) == (
        "\x1b[36mINFO\x1b[0m m" + " " * 44 + " \x1b[36muser\x1b[0m=ana \x1b[36mb\x1b[0m=2 \x1b[36mprefixlog_error"
        "\x1b[0m=\"sorting_func: returned 1 item(s) that are not str keys, such as ['x']\""
    )


# -- the last resort ------------------------------------------------------------------------


class _BadName:
    def __str__(self) -> str:
        raise ValueError("boom")


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_when_the_layout_fails_on_a_sound_record_the_last_resort_line_says_why(layout: str) -> None:
    formatter: Any = LAYOUTS[layout][1]()

    def broken(record: logging.LogRecord) -> str:
        raise RuntimeError("layout bug")

    formatter._layout = broken
    line = formatter.format(make())
    level = level_word(layout, logging.INFO, "INFO")
    if layout in OTHER_KEYS and LAYOUTS[layout][0] == "json":  # the layout's own level and message keys
        assert list(json.loads(line).values()) == ["info", "m", "RuntimeError('layout bug')"]
    elif LAYOUTS[layout][0] == "json":
        assert read_fields(layout, line) == {
            "level": level,
            "msg": "m",
            "prefixlog_error": "RuntimeError('layout bug')",
        }
    else:
        assert line == f"level={level} msg=m prefixlog_error=\"RuntimeError('layout bug')\""


def test_the_last_resort_line_never_raises() -> None:
    formatter: Any = TextFormatter(stream=io.StringIO())
    formatter._layout = lambda record: 1 / 0
    line = formatter.format(make(levelno=25, levelname=_BadName()))
    assert line == (
        'level="<unprintable _badname: valueerror: boom>" msg=m '
        "prefixlog_error=\"ZeroDivisionError('division by zero')\""
    )
