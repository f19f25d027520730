"""Reading records back (prefixlog._parse): logfmt, JSON, levels and times."""

from __future__ import annotations

import calendar
import logging
import os
import re
import time
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import prefixlog
from prefixlog import _parse
from prefixlog._parse import Parsed, level_number, make_record, parse_line, parse_time
from prefixlog._parse_logfmt import (
    _PLAIN_LINE,
    _NotLogfmtError,
    _pairs,
    _unquote,
    logfmt_fields,
    read_logfmt,
    unique_keys,
)

from helpers import logfmt

EXAMPLES = int(os.environ.get("PREFIXLOG_FUZZ_EXAMPLES", "300"))

# 2021-07-04T15:26:26+08:00
T0 = calendar.timegm((2021, 7, 4, 7, 26, 26, 0, 0, 0))


@pytest.mark.parametrize(
    ("line", "pairs"),
    [
        ("level=info msg=hi", [("level", "info"), ("msg", "hi")]),
        ('msg="a b" k=', [("msg", "a b"), ("k", "")]),
        ('msg="tab\\there \\"q\\" back\\\\slash"', [("msg", 'tab\there "q" back\\slash')]),
        ('m="\\x1b[31m \\u00e9 \\U0001f600 \\a\\b\\f\\n\\r\\v"', [("m", "\x1b[31m é \U0001f600 \a\b\f\n\r\v")]),
        ('m="caf\\303\\251"', [("m", "café")]),  # octal bytes
        ('m="\\xff"', [("m", "\ufffd")]),  # an invalid byte, as Go's %q writes it
        ('m="\\q \\x4"', [("m", "\\q \\x4")]),  # unknown or short escapes stay as they are
        ("  a=1   b=2  ", [("a", "1"), ("b", "2")]),  # runs of spaces
        ("m='it\\'s' n=`x`", [("m", "it's"), ("n", "x")]),  # x-cray's QuoteCharacter
        ("k=a=b", [("k", "a=b")]),
        ("k\\x3dv=1", [("k\\x3dv", "1")]),  # made-safe keys are kept as written
        ("it's=1 `b`=2 'c'='d'", [("it's", "1"), ("`b`", "2"), ("'c'", "d")]),  # go-logfmt: keys may hold ' and `
        ('k="\\\\" m="\\\\\\"" n="\\\\\\\\"', [("k", "\\"), ("m", '\\"'), ("n", "\\\\")]),  # runs of backslashes
    ],
)
def test_read_logfmt(line: str, pairs: list[tuple[str, str]]) -> None:
    assert read_logfmt(line) == pairs


def reference_unquote(text: str) -> str:
    """The byte-by-byte unquoting the reader had before it became one ``re.sub``: the semantics to keep."""
    if "\\" not in text:
        return text
    simple = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
    simple.update({c: c for c in "\\\"'`"})
    out = bytearray()
    i = 0
    while i < len(text):
        ch = text[i]
        if ch != "\\" or i + 1 == len(text):
            out += ch.encode("utf-8", "surrogatepass")
            i += 1
            continue
        kind = text[i + 1]
        width = {"x": 2, "u": 4, "U": 8}.get(kind, 0)
        digits = text[i + 2 : i + 2 + width]
        if kind in simple:
            out += simple[kind].encode()
            i += 2
        elif width and len(digits) == width and re.fullmatch("[0-9a-fA-F]+", digits):
            code = int(digits, 16)
            out += bytes([code]) if kind == "x" else chr(min(code, 0x10FFFF)).encode("utf-8", "surrogatepass")
            i += 2 + width
        elif re.fullmatch("[0-3][0-7][0-7]", text[i + 1 : i + 4]):
            out.append(int(text[i + 1 : i + 4], 8))
            i += 4
        else:
            out += b"\\"
            i += 1
    return out.decode("utf-8", "replace")


# Escapes, their pieces, and what can join or break a UTF-8 sequence around them.
ESCAPE_PIECES = [
    "\\", "x", "u", "U", "0", "1", "2", "3", "4", "7", "8", "9", "a", "A", "b", "c", "C", "d", "D", "e", "E",
    "f", "F", "n", "q", '"', "'", "`", " ", "é", "€", "\U0001f600", "\ud800", "\udc80", "\udcff", "\ufffd",
    "\\xc3", "\\xa9", "\\xe2", "\\x82", "\\xac", "\\xf0", "\\x9f", "\\xff", "\\303", "\\251", "\\377",
    "\\ud800", "\\udc80", "\\u00e9", "\\U0010ffff", "\\U00110000", "\\Uffffffff", "\\U0001F600",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(ESCAPE_PIECES), max_size=24).map("".join))
def test_unquote_keeps_the_semantics_it_had(text: str) -> None:
    assert _unquote(text) == reference_unquote(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\\xc3\\xa9 \\303\\251 \\xC3\\251", "é é é"),  # bytes assembled across escape kinds
        ("\\xe2\\x82 \\xe2\\x82\\xac", "\ufffd €"),  # an incomplete sequence is one U+FFFD
        ("\\ud800|\\U00110000", "\ufffd\ufffd\ufffd|\U0010ffff"),  # a surrogate; past the last code point
        ("\\q\\x4\\8\\", "\\q\\x4\\8\\"),  # unknown, short, not octal, at the end: kept
        ("\\\\x41 \\\\\\x41", "\\x41 \\A"),
    ],
)
def test_unquote(text: str, expected: str) -> None:
    assert _unquote(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        *("", "   ", "hello world", "a=1 word", "=x", 'k="unterminated', 'k="a"b', 'k"ey=1', "a=1 =2", 'k="a\\"'),
        *("k b=1", 'k="a"\tb=1', 'k="a" =1', "k='a'b=1"),
    ],
)
def test_not_logfmt(line: str) -> None:
    assert read_logfmt(line) is None
    assert logfmt_fields(line) is None


# The characters that decide how a logfmt line reads, and a few that don't.
logfmt_texts = st.text(alphabet=st.sampled_from(list(" =\"'`\\\tabk=é\x1b")), max_size=24)


@settings(max_examples=EXAMPLES)
@given(
    line=logfmt_texts
    | st.lists(
        st.sampled_from(["k=v", 'k="a b"', "k=", 'q=""', " ", "k=a=b", 'x="\\"', "k='v'", 'k="a"\tb=1']), max_size=6
    ).map(" ".join)
)
def test_the_plain_line_reads_as_the_whole_reader_reads_it(line: str) -> None:
    """``logfmt_fields``' two regular expressions give what ``_pairs`` gives, for every line they take."""
    try:
        whole = unique_keys(lambda: _pairs(line)) or None
    except _NotLogfmtError:
        whole = None
    assert logfmt_fields(line) == whole
    if _PLAIN_LINE.fullmatch(line) is not None:
        assert whole is not None  # the quick way never takes a line that is no logfmt


@pytest.mark.parametrize(
    ("line", "plain"),
    [
        ('time="2021-07-04T07:26:26Z" level=info msg="user logged in" latency_ms=12.5 user=ana', True),
        ("a=1 a=2 fields.a=3", True),  # repeated keys: renamed as the whole way renames them
        ('msg="tab\\there"', False),  # an escape to undo
        ("m='x'", False),  # x-cray's quote character
        ('"quoted key"=1', False),  # slog's quoted key
    ],
)
def test_the_common_line_is_read_the_quick_way(line: str, plain: bool) -> None:
    assert (_PLAIN_LINE.fullmatch(line) is not None) == plain
    assert logfmt_fields(line) == unique_keys(lambda: _pairs(line))


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("trace", 5), ("debug", 10), ("info", 20), ("INFO", 20), ("warning", 30), ("warn", 30),
        ("WARNING", 30), ("error", 40), ("err", 40), ("fatal", 50), ("critical", 50), ("CRITICAL", 50),
        ("crit", 50), ("panic", 60), ("notice", 20), ("alert", 60), ("emerg", 60), ("EMERGENCY", 60),
        (" info ", 20), ("verbose", None), ("", None), (20, None), (None, None),
    ],
)  # fmt: skip
def test_level_number(name: object, number: int | None) -> None:
    assert level_number(name) == number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-07-04T15:26:26+08:00", T0),
        ("2021-07-04T07:26:26Z", T0),
        ("2021-07-04T07:26:26z", T0),
        ("2021-07-04T07:26:26.123456Z", T0 + 0.123456),
        ("2021-07-04T07:26:26.123456789Z", T0 + 0.123456789),
        ("2021-07-04 07:26:26 UTC", T0),
        ("2021-07-04T02:26:26-0500", T0),
        ("2021-07-04T09:26:26+02", T0),
        ("2021-07-04T15:26:26.5+08:00", T0 + 0.5),
        ("2021-07-04 15:26:26,250", T0 + 0.25),  # python's asctime: local time (the tests' TZ is +08:00)
        ("2021-07-04 15:26:26", T0),
        (T0, T0),
        (T0 + 0.5, T0 + 0.5),
        (str(T0), T0),
        (T0 * 1000, T0),  # milliseconds
        (T0 * 1_000_000, T0),  # microseconds
        (T0 * 1_000_000_000, T0),  # nanoseconds
        ("yesterday", None),
        (-1, None),  # before 1970
        (1e30, None),  # after 9999 (as nanoseconds too)
        ("0001-01-01T00:00:00Z", None),
        ("2021-13-04T15:26:26Z", None),
        ("2021-07-04T15:26", None),
        (True, None),
        (None, None),
        (float("nan"), None),
        ([T0], None),
        # numbers and texts no reader can use are no time, and never an error
        (10**308, None),
        (int("9" * 309), None),  # float() of it overflows
        (-int("9" * 309), None),
        (2**70, None),
        (float("inf"), None),
        (float("-inf"), None),
        ("9" * 309, None),
        ("9" * 400, None),
        ("1" * 30 + ".5", None),
        ("NaN", None),
        ("inf", None),
        ("Infinity", None),
        (" " * 44 + "2021-07-04T07:26:26Z", T0),  # 64 characters: still read
        (" " * 45 + "2021-07-04T07:26:26Z", None),  # 65: too long to be a time
        ("2021-07-04T07:26:26." + "1" * 43 + "Z", T0 + 0.111111111),  # 64 characters
    ],
)
def test_parse_time(value: object, expected: float | None) -> None:
    result = parse_time(value)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected, abs=1e-6)


@settings(max_examples=EXAMPLES)
@given(
    moment=st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(9999, 12, 30)),
    minutes=st.integers(-23 * 60 - 59, 23 * 60 + 59),
    digits=st.text(alphabet="0123456789", min_size=0, max_size=12),
    zone_form=st.sampled_from(["Z", "+hh:mm", "+hhmm", "UTC"]),
)
def test_a_zoned_time_reads_as_python_reads_it_before_and_after_its_second_is_known(
    moment: datetime, minutes: int, digits: str, zone_form: str
) -> None:
    """RFC 3339 with a fraction and a zone: the same seconds the first time (read) and the next (the second kept)."""
    if zone_form in ("Z", "UTC"):
        minutes = 0
    sign, size = ("-" if minutes < 0 else "+"), abs(minutes)
    zone = {"Z": "Z", "UTC": "UTC", "+hh:mm": f"{sign}{size // 60:02}:{size % 60:02}"}.get(
        zone_form, f"{sign}{size // 60:02}{size % 60:02}"
    )
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") + ("." + digits if digits else "") + zone
    start = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes))).timestamp()
    expected = start + (float("0." + digits[:9]) if digits else 0.0)
    for _ in range(2):
        got = parse_time(text)
        if 0 <= expected < 253402300800:
            assert got == expected
        else:
            assert got is None


def test_a_kept_second_is_kept_with_its_zone() -> None:
    assert parse_time("2021-07-04T07:26:26.5Z") == T0 + 0.5
    assert parse_time("2021-07-04T07:26:26.25+08:00") == T0 - 8 * 3600 + 0.25  # the same text up to the zone
    assert parse_time("2021-07-04T07:26:26.75+0800") == T0 - 8 * 3600 + 0.75
    assert parse_time("2021-07-04T07:26:26.125") == T0 - 8 * 3600 + 0.125  # no zone: local (+08:00), never kept
    assert parse_time("2021-07-04T07:26:26.5Z") == T0 + 0.5


def test_zone_less_times_are_local() -> None:
    assert time.localtime(T0).tm_gmtoff == 8 * 3600  # conftest's zone
    assert parse_time("2021-07-04T15:26:26") == T0


P = Parsed


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # logrus / prefixlog logfmt
        (
            'time="2021-07-04T15:26:26+08:00" level=warning msg="cache is cold" hit_ratio=0.125',
            P(30, "cache is cold", T0, {"hit_ratio": "0.125"}),
        ),
        ("level=info", P(20, "", None, {})),
        ("msg=hi", P(None, "hi", None, {})),
        # x-cray writes a user "time" field again: the first is the record's
        (
            'time="2021-07-04T15:26:26+08:00" level=info msg=x time=mine',
            P(20, "x", T0, {"fields.time": "mine"}),
        ),
        # an unknown level stays a field (and so does a time that isn't one)
        ("level=verbose msg=x time=soon", P(None, "x", None, {"level": "verbose", "time": "soon"})),
        # logrus JSON
        (
            '{"level":"error","msg":"boom","n":5,"f":0.5,"ok":true,"nil":null,"l":[1],"time":"2021-07-04T15:26:26+08:00"}',
            P(40, "boom", T0, {"n": 5, "f": 0.5, "ok": True, "nil": None, "l": [1]}),
        ),
        # python-json-logger: the default (message only) and the usual fmt
        ('{"message": "hi there", "n": 5}', P(None, "hi there", None, {"n": 5})),
        (
            '{"asctime": "2021-07-04 15:26:26,000", "levelname": "WARNING", "name": "app", "message": "hi"}',
            P(30, "hi", T0, {"logger": "app"}),
        ),
        ('{"message": "m", "levelname": "INFO", "timestamp": "2021-07-04T07:26:26.5+00:00"}', P(20, "m", T0 + 0.5, {})),
        # ECS, GCP, Datadog
        ('{"@timestamp":"2021-07-04T07:26:26Z","log.level":"warn","message":"m"}', P(30, "m", T0, {})),
        ('{"severity":"ERROR","message":"m","timestamp":"2021-07-04T07:26:26Z"}', P(40, "m", T0, {})),
        ('{"status":"info","message":"m","timestamp":1625383586000}', P(20, "m", T0, {})),
        # "status" that is no level stays a field; "msg" beats "message"
        ('{"msg":"a","message":"b","status":200}', P(None, "a", None, {"message": "b", "status": 200})),
        # a message that is no string stays a field (an object: its dotted keys)
        ('{"level":"info","msg":{"k":1}}', P(20, "", None, {"msg.k": 1})),
        ('  {"msg":"padded"}  ', P(None, "padded", None, {})),
    ],
)
def test_parse_line(line: str, expected: Parsed) -> None:
    parsed = parse_line(line)
    assert parsed is not None
    assert (parsed.level, parsed.message, parsed.fields) == (expected.level, expected.message, expected.fields)
    if expected.created is None:
        assert parsed.created is None
    else:
        assert parsed.created == pytest.approx(expected.created, abs=1e-6)


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        ("msg=x a=1 a=2", {"a": "1", "fields.a": "2"}),
        ("msg=x a=1 a=2 a=3 a=4", {"a": "1", "fields.a": "2", "fields.a.3": "3", "fields.a.4": "4"}),
        (
            "a=1 b=1 msg=x a=2 c=1 b=2 a=3",
            {"a": "1", "b": "1", "fields.a": "2", "c": "1", "fields.b": "2", "fields.a.3": "3"},
        ),
        # a name the line uses itself is skipped, wherever in the line it is
        ("msg=x a=1 a=2 a=3 fields.a.3=own", {"a": "1", "fields.a": "2", "fields.a.4": "3", "fields.a.3": "own"}),
        ("msg=x fields.a=own a=1 a=2 a=3", {"fields.a": "own", "a": "1", "fields.a.3": "2", "fields.a.4": "3"}),
        # ... and so is one given already: a.3's second would be a's third
        (
            "msg=x a=1 a=2 a=3 a.3=4 a.3=5",
            {"a": "1", "fields.a": "2", "fields.a.3": "3", "a.3": "4", "fields.a.3.3": "5"},
        ),
        ("msg=x fields.a=1 fields.a=2", {"fields.a": "1", "fields.fields.a": "2"}),
        ("msg=x msg=y msg=z", {"fields.msg": "y", "fields.msg.3": "z"}),  # the first is the message
    ],
)  # fmt: skip
def test_a_repeated_key_is_renamed_and_nothing_is_lost(line: str, fields: dict[str, str]) -> None:
    parsed = parse_line(line)
    assert parsed is not None
    assert parsed.message == "x"
    assert list(parsed.fields.items()) == list(fields.items())  # in the line's order


@pytest.mark.parametrize(
    "line",
    [
        "",
        "plain text",
        "a=1 b=2",  # logfmt without level or message
        "{not json",
        '["level", "info"]',
        '{"n": 5}',
        "[" * 100_000,
        "{" * 100_000,
        "level=info and then words",
    ],
)
def test_lines_that_hold_no_record(line: str) -> None:
    assert parse_line(line) is None


def test_make_record_carries_level_message_time_and_fields() -> None:
    parsed = Parsed(30, "disk %s full", T0 + 0.25, {"msg": "clash", "n": 5, "prefix": "child"})
    record = make_record(
        parsed, name="job", pathname="/bin/job", func="job", more={"prefix": "ours", "stream": "stdout"}
    )
    assert (record.levelno, record.levelname, record.name) == (30, "WARNING", "job")
    assert record.getMessage() == "disk %s full"  # no %-formatting of someone else's text
    assert (record.created, record.msecs) == (T0 + 0.25, 250.0)
    assert (record.pathname, record.funcName, record.lineno) == ("/bin/job", "job", 0)
    line = logfmt().format(record)
    assert line == (
        'time="2021-07-04T15:26:26+08:00" level=warning msg="disk %s full" '
        "fields.msg=clash n=5 prefix=child stream=stdout"
    )


def test_make_record_default_level_and_now() -> None:
    before = time.time()
    record = make_record(Parsed(None, "x", None, {}), name="n", default_level=logging.ERROR)
    assert record.levelno == logging.ERROR
    assert before <= record.created <= time.time()


def test_the_reader_reads_what_the_text_formatter_writes() -> None:
    logger = logging.Logger("t")
    values: dict[str, Any] = {"s": "a b", "q": 'say "hi"', "e": "", "u": "é\x1b", "n": 5, "t": True, "it's": "`x`"}
    record = logger.makeRecord("t", logging.INFO, "f", 1, "hello\nworld", (), None, extra=values)
    line = prefixlog.TextFormatter(stream=None, disable_colors=True, disable_timestamp=True).format(record)
    assert line == """level=info msg="hello\\nworld" e= it's="`x`" n=5 q="say \\"hi\\"" s="a b" t=true u="é\\x1b\""""
    parsed = parse_line(line)
    assert parsed is not None
    assert parsed.message == "hello\nworld"
    assert parsed.fields == {"s": "a b", "q": 'say "hi"', "e": "", "u": "é\x1b", "n": "5", "t": "true", "it's": "`x`"}


@pytest.mark.parametrize("line", ["level=info msg=x", '{"level":"info","msg":"x"}'])
@pytest.mark.parametrize("error", [RuntimeError("a bug in the reader"), MemoryError(), RecursionError()])
def test_a_reader_that_fails_makes_the_line_no_record(
    monkeypatch: pytest.MonkeyPatch, line: str, error: Exception
) -> None:
    def broken(data: object) -> None:
        raise error

    assert parse_line(line) is not None
    monkeypatch.setattr(_parse, "from_mapping", broken)
    assert parse_line(line) is None
