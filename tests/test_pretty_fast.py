"""``pretty``'s quick ways give what the whole way gives: the fast line (no ``LogRecord``), orjson's reading."""

from __future__ import annotations

import io
import json
import logging
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prefixlog import _parse, _pretty
from prefixlog._cli import build_parser, pretty_options
from prefixlog._fastline import FastLine
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
    assert FastLine.of(_pretty.Pretty(options, io.StringIO()).timed) is None
    fast = TOOLS[0]._fast_timed
    assert fast is not None
    for parsed in [
        Parsed(logging.INFO, "two\nlines", 0.0, {}),
        Parsed(25, "slog's INFO+2", 0.0, {}),
        Parsed(logging.ERROR, "with a traceback", 0.0, {}, exception="Traceback"),
        Parsed(logging.INFO, "a field named like the layout's", 0.0, {"msg": "x"}),
    ]:
        assert fast.write(parsed) is None


# -- the JSON reader is json.loads's scanner without its wrappers --------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@PROFILE
@given(data=st.dictionaries(st.text(max_size=5), json_values, max_size=5), pad=st.sampled_from(["", " ", "\t"]))
def test_the_json_reader_reads_as_json_loads(data: dict[str, Any], pad: str) -> None:
    text = json.dumps(data, separators=("," + pad, ":" + pad))
    expected = json.loads(text)
    got, nested = _parse.json_object(text)
    assert got is not None
    assert json.dumps(got) == json.dumps(expected)  # the same values, types and order (NaN too)
    assert nested == any(type(value) is dict for value in expected.values())


@pytest.mark.parametrize("text", ['{"a":1} x', '{"a":1}{}', "{", '{"a":}', '{"a":1', "{}" + "]"])
def test_what_json_loads_refuses_is_no_object(text: str) -> None:
    with pytest.raises(ValueError, match=r"Expecting|Extra data"):
        json.loads(text)
    assert _parse.json_object(text) == (None, False)
