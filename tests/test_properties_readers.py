"""Property tests for the readers of ``run`` and ``pretty``: any line, any chunking, never a failure.

- ``parse_line`` never raises on any text, and reads back exactly what every
  one-line layout wrote (string fields, any key a layout writes as itself).
- ``prefixlog pretty`` turns any bytes into output without raising, and with
  escaping on and colours off writes no control character but the line ends.
- The line splitter of ``run`` gives the same lines however the bytes arrive.

Run longer than CI does (a fuzz run of the readers) with, for example:
    PREFIXLOG_FUZZ_EXAMPLES=50000 .venv/bin/python -m pytest tests/test_properties_readers.py
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prefixlog import FieldLogger, JSONFormatter, PrefixedFormatter, TextFormatter, _dialects
from prefixlog._cli import build_parser, pretty_options
from prefixlog._escape import logfmt_key
from prefixlog._parse import parse_line
from prefixlog._pretty import Pretty, run
from prefixlog._relay import Lines

from helpers import fresh_logger

EXAMPLES = int(os.environ.get("PREFIXLOG_FUZZ_EXAMPLES", "150"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that make the readers' paths meet: keys, '=', quotes, escapes, repeated keys, JSON.
PIECES = [
    "a", "b", "level", "msg", "time", "ts", "fields.", "fields.a", ".3", "=", " ", "  ", '"', "'", "`", "\\",
    '\\"', "\\\\", "\\x1b", "\\xff", "\\u00e9", "\\U0001f600", "\\377", "\\q", "info", "warn", "1625383586",
    "2021-07-04T15:26:26Z", "9" * 40, "{", "}", "[", "]", ":", ",", "null", "\n", "\r", "\t", "\x1b[2J", "é",
    "\u202e", "\x85", "\ud800",
]  # fmt: skip
lines = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    st.text(max_size=60),
)


@PROFILE
@given(lines)
def test_parse_line_never_raises(line: str) -> None:
    parsed = parse_line(line)
    if parsed is not None:
        assert isinstance(parsed.message, str)
        assert all(isinstance(key, str) for key in parsed.fields)


# Keys every layout writes as they are (no made-safe escapes), and values of any text.
plain_keys = st.text(st.characters(categories=("L", "N"), include_characters="_.-/@^+"), min_size=1, max_size=12)
any_values = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
# Every key the reader gives a meaning (_dialects), and logrus_error, which logrus's clash rule renames.
RESERVED = {
    *_dialects.LEVEL_KEYS, *_dialects.MESSAGE_KEYS, *_dialects.LOGGER_KEYS, *_dialects.EXCEPTION_KEYS,
    *_dialects.STACK_KEYS, *(key for pair in _dialects.CALLER_PAIRS for key in pair),
    "name", "caller", "source", "file", "logrus_error",
}  # fmt: skip
TIME_KEYS = set(_dialects.TIME_KEYS)

WRITERS: dict[str, Any] = {
    "text": lambda: TextFormatter(stream=io.StringIO()),
    "prefixed": lambda: PrefixedFormatter(stream=io.StringIO()),
    "json": JSONFormatter,
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
@PROFILE
@given(message=any_values, fields=st.dictionaries(plain_keys, any_values, max_size=5))
def test_the_readers_read_back_what_the_layouts_write(writer: str, message: str, fields: dict[str, str]) -> None:
    fields = {k: v for k, v in fields.items() if k not in RESERVED | TIME_KEYS and logfmt_key(k) == k}
    logger, capture = fresh_logger()
    FieldLogger(logger).warning(message, extra=fields)
    line = WRITERS[writer]().format(capture.record)
    parsed = parse_line(line)
    assert parsed is not None, line
    assert parsed.level == logging.WARNING
    assert parsed.message == message
    assert parsed.created is not None
    assert parsed.fields == fields


@PROFILE
@given(st.binary(max_size=200), st.sampled_from(["text", "prefixed"]), st.sampled_from(["0", "4", "7", "64"]))
def test_pretty_writes_no_control_character_from_any_bytes(data: bytes, layout: str, max_line: str) -> None:
    args = ["pretty", "--layout", layout, "--color", "never", "--escape", "always", "--max-line", max_line]
    options = pretty_options(build_parser().parse_args(args))
    out = io.BytesIO()
    assert run(Pretty(options, io.StringIO()), stdin=io.BytesIO(data), stdout=out) == 0
    text = out.getvalue().decode("utf-8")  # always UTF-8
    # Line ends are the input's own; records' continuation lines are indented.
    body = text.replace("\r\n", "\n").replace("\n", "")
    assert not re.search("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", body), text


@PROFILE
@given(st.lists(st.binary(max_size=30), max_size=12), st.sampled_from([0, 4, 5, 16, 1000]))
def test_lines_are_the_same_however_the_bytes_arrive(chunks: list[bytes], limit: int) -> None:
    whole = Lines(limit)
    expected = whole.feed(b"".join(chunks)) + whole.finish()
    pieces = Lines(limit)
    got = [line for chunk in chunks for line in pieces.feed(chunk)] + pieces.finish()
    if limit:
        # Parts may fall at other places when the bytes come in other pieces; the bytes may not.
        assert b"".join(line for line, _ in got) == b"".join(line for line, _ in expected)
        assert all(len(line) <= limit for line, _ in got)
    else:
        assert got == expected


@PROFILE
@given(
    st.dictionaries(
        st.text(max_size=8),
        st.recursive(
            st.none() | st.integers() | st.text(max_size=8),
            lambda x: st.lists(x, max_size=3) | st.dictionaries(st.text(max_size=5), x, max_size=3),
        ),
        max_size=6,
    )
)
def test_any_json_object_line_is_read_without_raising(data: dict[str, Any]) -> None:
    line = json.dumps(data)
    parsed = parse_line(line)
    if "msg" in data and isinstance(data["msg"], str):
        assert parsed is not None
        assert parsed.message == data["msg"]
