"""``pretty``'s quick ways give what the whole way gives: the fast line (no ``LogRecord``), FastJson."""

from __future__ import annotations

import io
import json
import logging
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pythonjsonlogger.json import JsonFormatter

from prefixlog import _fastline, _parse, _pretty
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


# -- the fast way for JSON lines: from the decoded object, what the whole way writes -------------------

json_keys = st.one_of(
    st.text(max_size=6),
    st.sampled_from(
        [
            *("level", "msg", "message", "event", "time", "ts", "timestamp", "L", "M", "name", "logger", "caller"),
            *("error", "exception", "stack", "fields.msg", "args", "levelname", "severity", "user", "pid"),
        ]
    ),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=12),
    st.sampled_from(["info", "INFO", "warning", "Error", "info+2", "bogus", "2021-07-04T15:26:26.5+08:00"]),
    st.sampled_from([10, 20, 30, 40, 50, 60, 35, 1625383586123, 1625383586.5, 1e300]),
)
json_lines = st.dictionaries(
    json_keys, st.one_of(json_scalars, st.dictionaries(st.text(max_size=2), json_scalars, max_size=2)), max_size=6
)


def tool_pairs() -> list[tuple[_pretty.Pretty, _pretty.Pretty]]:
    pairs = []
    for args in [
        ["--color", "never"],
        ["--color", "always", "--level", "warning"],
        ["--full-timestamp", "--fields", "user,pid,error,msg"],
        ["--timestamp-format", "2006-01-02 15:04:05.000"],
    ]:
        options = pretty_options(build_parser().parse_args(["pretty", *args]))
        fast, whole = _pretty.Pretty(options, io.StringIO()), _pretty.Pretty(options, io.StringIO())
        assert fast._fast_json is not None
        whole._fast_json = None
        pairs.append((fast, whole))
    return pairs


PAIRS = tool_pairs()


@PROFILE
@given(data=json_lines, level_first=st.booleans())
def test_the_fast_way_for_json_writes_what_the_whole_way_writes(data: dict[str, Any], level_first: bool) -> None:
    if level_first and "level" in data:  # the usual order: level first (logrus sorts it later)
        data = {"level": data.pop("level"), **data}
    raw = (json.dumps(data) + "\n").encode()
    for fast, whole in PAIRS:
        assert fast.line(raw) == whole.line(raw)
        assert fast.line(raw) == whole.line(raw)  # again: the shape is known now


def named_lines() -> list[str]:
    """Lines whose ``name`` is the logger's: bunyan's (node, stored) and python-json-logger's (made here)."""
    stored = (Path(__file__).resolve().parent / "data" / "node-logs.jsonl").read_text().splitlines()
    bunyan = next(line for line in stored if line.startswith('{"name":') and '"v":0' in line)
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger = logging.Logger("app")
    logger.addHandler(handler)
    logger.info("made by python-json-logger", extra={"user": "ana"})
    stream = handler.stream
    assert isinstance(stream, io.StringIO)
    return [bunyan, stream.getvalue().strip()]


NAMED = named_lines()


@pytest.mark.parametrize(
    "line",
    [
        '{"level":30,"time":1625383586123,"pid":4242,"hostname":"api-7d9f","user":"ana","msg":"user logged in"}',
        '{"level":"info","msg":"no time","n":5}',
        '{"latency_ms":12.5,"level":"info","msg":"in","time":"2021-07-04T07:26:26Z","user":"ana"}',
        '{"time":"2021-07-04T07:26:26.5Z","level":"INFO","msg":"slog","n":1}',
        '{"level":"info","ts":1625383586.5,"logger":"api","caller":"app/main.go:28","msg":"zap","n":1}',
        '{"event":"structlog","level":"info","logger":"api","timestamp":"2021-07-04T07:26:26Z"}',
        *NAMED,
    ],
)
def test_the_common_json_line_takes_the_fast_way(line: str) -> None:
    data = json.loads(line)
    for fast, whole in PAIRS:
        assert fast._fast_json is not None
        text = fast._fast_json.write(dict(data))
        assert text is not None
        expected = whole.line(line.encode() + b"\n")
        assert (text + "\n").encode() == expected if text else expected is None


def test_json_shapes_are_kept_within_bounds() -> None:
    fast = PAIRS[0][0]
    assert fast._fast_json is not None
    for n in range(1200):  # every line a new shape
        fast.line(json.dumps({"level": "info", "msg": "m", f"k{n}": n}).encode() + b"\n")
    assert 0 < len(fast._fast_json.shapes) <= _fastline._SHAPES_KEPT
    odd: list[dict[str, object]] = [
        {"level": "info", "msg": "m", "k" * 5000: 1},  # keys this long: read every time, never kept
        {"level": "info", "msg": "m", **{f"k{n}": n for n in range(100)}},  # this many keys: the same
    ]
    assert fast._fast_json.write({"msg": "no level: the whole way"}) is None
    for line in odd:
        assert fast.line(json.dumps(line).encode() + b"\n") == PAIRS[0][1].line(json.dumps(line).encode() + b"\n")
        assert tuple(line) not in fast._fast_json.shapes


def test_json_shapes_take_little_memory_however_many_keys_lines_have() -> None:
    """Hostile shapes (every line new keys, one character each, many of them) keep memory flat."""
    options = pretty_options(build_parser().parse_args(["pretty", "--color", "never"]))
    tool = _pretty.Pretty(options, io.StringIO())
    lines = [
        json.dumps({"level": "info", "msg": "m", **{chr(0x4E00 + n * 70 + k): 1 for k in range(width)}}).encode()
        for n in range(600)
        for width in (60, 1000)
    ]
    tracemalloc.start()
    try:
        for line in lines:
            tool.line(line + b"\n")
        peak = tracemalloc.get_traced_memory()[1]  # the cache at its fullest
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, f"{peak / (1 << 20):.1f} MB at the peak for {len(lines)} lines"  # unbounded: 50 MB
