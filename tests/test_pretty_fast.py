"""``pretty``'s quick ways give what the whole way gives: the fast line (no ``LogRecord``), orjson's reading."""

from __future__ import annotations

import io
import json
import logging
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prefixlog import _parse, _pretty
from prefixlog._cli import build_parser, pretty_options
from prefixlog._parse import Parsed, make_record, parse_line

from helpers import FakeTTY

EXAMPLES = int(os.environ.get("PREFIXLOG_FUZZ_EXAMPLES", "150"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Names of every kind: plain, the layout's own (time, msg, level), record attributes (name, args), carriers.
keys = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["time", "msg", "level", "name", "args", "message", "_prefixlog_fields", "fields.msg", "a.b"]),
)
values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=6,
)
parsed_records = st.builds(
    Parsed,
    level=st.sampled_from([None, 5, 10, 20, 25, 30, 40, 50, 60]),
    message=st.text(max_size=60),
    created=st.none() | st.floats(min_value=0, max_value=4e9),
    fields=st.dictionaries(keys, values, max_size=5),
    exception=st.none() | st.text(max_size=20),
    stack=st.none() | st.text(max_size=20),
)


def tools() -> list[_pretty.Pretty]:
    made = []
    for args, terminal in [
        (["--color", "never"], io.StringIO()),
        (["--color", "always"], io.StringIO()),
        (["--color", "auto"], FakeTTY()),
        (["--full-timestamp"], io.StringIO()),
        (["--timestamp-format", "2006-01-02 15:04:05.000"], io.StringIO()),
    ]:
        options = pretty_options(build_parser().parse_args(["pretty", *args]))
        made.append(_pretty.Pretty(options, terminal))
    return made


TOOLS = tools()


@PROFILE
@given(parsed=parsed_records)
def test_the_fast_line_is_the_formatters_line(parsed: Parsed) -> None:
    for tool in TOOLS:
        fast = tool._fast_untimed if parsed.created is None else tool._fast_timed
        formatter = tool.untimed if parsed.created is None else tool.timed
        assert fast is not None
        text = fast.write(parsed)
        if text is not None:
            assert text == formatter.format(make_record(parsed, name="prefixlog.pretty"))


@pytest.mark.parametrize(
    "line",
    [
        '{"level":30,"time":1625383586123,"pid":4242,"hostname":"api-7d9f","user":"ana","msg":"user logged in"}',
        'time="2021-07-04T15:26:26+08:00" level=warning msg="cache is cold" hit_ratio=0.125',
        '{"level":"info","msg":"no time","n":5}',
    ],
)
def test_the_common_line_takes_the_fast_way(line: str) -> None:
    parsed = parse_line(line)
    assert parsed is not None
    for tool in TOOLS:
        fast = tool._fast_untimed if parsed.created is None else tool._fast_timed
        assert fast is not None
        assert fast.write(parsed) is not None


def test_other_layouts_and_records_go_the_whole_way() -> None:
    options = pretty_options(build_parser().parse_args(["pretty", "--layout", "prefixed"]))
    assert _pretty.FastLine.of(_pretty.Pretty(options, io.StringIO()).timed) is None
    fast = TOOLS[0]._fast_timed
    assert fast is not None
    for parsed in [
        Parsed(logging.INFO, "two\nlines", 0.0, {}),
        Parsed(25, "slog's INFO+2", 0.0, {}),
        Parsed(logging.ERROR, "with a traceback", 0.0, {}, exception="Traceback"),
        Parsed(logging.INFO, "a field named like the layout's", 0.0, {"msg": "x"}),
    ]:
        assert fast.write(parsed) is None


# -- orjson reads first, Python's reader decides where they differ ----------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too: orjson makes floats of those
    | st.integers(min_value=2**63 - 5, max_value=2**64 + 5)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@PROFILE
@given(data=st.dictionaries(st.text(max_size=5), json_values, max_size=5))
def test_the_json_reader_reads_as_json_loads(data: dict[str, Any]) -> None:
    text = json.dumps(data)
    expected = json.loads(text)
    got, nested = _parse.json_object(text)
    assert got is not None
    assert json.dumps(got) == json.dumps(expected)  # the same values, types and order (1 is not 1.0)
    assert nested == any(type(value) is dict for value in expected.values())


@pytest.mark.parametrize(
    "text",
    [
        '{"n":18446744073709551616}',  # orjson: a float
        '{"n":[-9223372036854775809]}',
        '{"a":{"b":{"n":123456789012345678901234567890}}}',
        '{"n":NaN,"i":-Infinity}',  # only Python's reader takes these
        '{"s":"\\ud800"}',  # a lone surrogate: Python's reader keeps it
        '{"f":1e400}',
        '{"a":1} x',  # more after the object
        '{"a":1,"a":2}',
    ],
)
def test_where_orjson_differs_pythons_reader_decides(text: str) -> None:
    got, _ = _parse.json_object(text)
    try:
        expected = json.loads(text)
    except ValueError:
        expected = None
    assert got == expected or json.dumps(got) == json.dumps(expected)  # NaN is no NaN's equal
    assert type(got.get("n") if got else None) is type(expected.get("n") if expected else None)


def test_orjson_is_there_for_the_speed() -> None:
    """The test extra installs orjson: these tests read with it (without it, only Python's reader is used)."""
    assert _parse._fast_loads is not None


def test_without_orjson_the_lines_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = (Path(__file__).resolve().parent / "data" / "node-logs.jsonl").read_text(encoding="utf-8").splitlines()
    with_orjson = [parse_line(line) for line in lines]
    monkeypatch.setattr(_parse, "_fast_loads", None)
    assert [parse_line(line) for line in lines] == with_orjson
