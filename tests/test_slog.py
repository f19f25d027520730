"""SlogFormatter: Go log/slog's TextHandler and JSONHandler, byte for byte.

Conformance: every ``slog-*`` case of ``../shared/oracle-go``'s public corpus,
and our own in ``data/slog-cases.jsonl`` (made by ``data/make_slog.py``, the
expected bytes by the same oracle).  A case whose Go bytes break the safety
rules is checked against its safe form (:func:`safe_form`), one with repeated
keys against Go's bytes for the case with each key once (``-unique``).
"""

from __future__ import annotations

import io
import json
import logging
import logging.config
import math
import re
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prefixlog import FieldLogger, SlogFormatter, SlogLevel, SlogSource, configure
from prefixlog._escape import go_quote
from prefixlog._gofmt import go_float

import oracle_go_cases as og
from helpers import fresh_logger, here
from layouts import assert_safe
from logfmt_reader import read_slog
from oracle_cases import DATA, GoError

# -- conformance ---------------------------------------------------------------------

EXTRA_CASES = [json.loads(line) for line in (DATA / "slog-cases.jsonl").read_text(encoding="utf-8").splitlines()]
EXTRA_EXPECTED = {
    r["id"]: r["output"]
    for r in map(json.loads, (DATA / "slog-expected.jsonl").read_text(encoding="ascii").splitlines())
}
PUBLIC = og.cases("slog-text") + og.cases("slog-json")
PUBLIC_EXPECTED = og.expected()

#: Public cases whose Go bytes hold a raw DEL (text) or a raw DEL or C1 control (JSON): the safe form instead.
SAFE_FORM = {
    "slog-text-0019": "a bare value with DEL: quoted",
    "slog-text-0026": "a bare value with DEL after a backslash: quoted",
    "slog-json-0015": "DEL and U+0085 in strings: \\u escaped",
    "slog-json-0017": "DEL in a string: \\u escaped",
    "slog-json-0019": "DEL in an array's string: \\u escaped",
}
#: Public cases where Go writes a key twice: prefixlog writes it once (first place, last value).
REPEATED = {
    "slog-text-0039": 'the empty key three times; the last value is nil, so slog.Any("", nil) is dropped',
    "slog-text-0042": "user bound twice and given again",
    "slog-json-0030": 'the empty key three times; the last value is nil, so slog.Any("", nil) is dropped',
    "slog-json-0033": "path bound twice and given again",
}


def options(case: dict[str, Any]) -> dict[str, Any]:
    """The case's handler options as SlogFormatter's keywords (``WithGroup`` is the record's, made by make_record)."""
    given = og.options(case)
    given.pop("with_group", None)
    made: dict[str, Any] = {"json": case["logger"] == "slog-json"}
    if given.pop("add_source", False):
        made["add_source"] = True
    assert not given, given
    return made


def render(case: dict[str, Any]) -> str:
    """What prefixlog writes for the case, with the handler's newline.

    A case without a caller is a record without one (Go's record without a
    PC): what ``logging`` sets when it finds no caller.
    """
    made = og.make_record(case)
    if case.get("caller") is None:
        made.pathname, made.lineno, made.funcName = "(unknown file)", 0, "(unknown function)"
    return SlogFormatter(**options(case)).format(made) + "\n"


def safe_form(go: str, json_layout: bool) -> str:
    """Go's line with what breaks the one-line rules made safe, as prefixlog writes it.

    JSON: DEL and the C1 controls ``\\u`` escaped where Go writes them raw
    (inside strings, the only place they can be).  Text: a bare value holding
    DEL quoted as slog quotes any value that needs it.
    """
    if json_layout:
        return re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", go)
    return re.sub('(?<==)([^ "\n]*\x7f[^ "\n]*)', lambda m: go_quote(m.group(1)), go)


@pytest.mark.parametrize("case", PUBLIC, ids=[c["id"] for c in PUBLIC])
def test_public_case(case: dict[str, Any]) -> None:
    go = PUBLIC_EXPECTED[case["id"]]
    written = render(case)
    if case["id"] in REPEATED:
        assert written == EXTRA_EXPECTED[case["id"] + "-unique"], REPEATED[case["id"]]
    elif case["id"] in SAFE_FORM:
        json_layout = case["logger"] == "slog-json"
        assert written == safe_form(go, json_layout) != go, SAFE_FORM[case["id"]]
        assert_safe("slog-json" if json_layout else "slog", written.rstrip("\n"))
        if json_layout:  # every reader gets what it gets from Go's bytes
            assert json.loads(written) == json.loads(go)
        else:
            assert read_slog(written.rstrip("\n")) == read_slog(go.rstrip("\n"), strict=False)
    else:
        assert written == go


@pytest.mark.parametrize("case", EXTRA_CASES, ids=[c["id"] for c in EXTRA_CASES])
def test_our_case(case: dict[str, Any]) -> None:
    assert render(case) == EXTRA_EXPECTED[case["id"]]


def test_the_listed_differences_are_exactly_those_of_the_corpus() -> None:
    """No case is let off silently: the unsafe ones hold DEL or C1, the repeated ones are Go's duplicate_keys."""
    unsafe = {c["id"] for c in PUBLIC if re.search("[\x7f-\x9f]", PUBLIC_EXPECTED[c["id"]])}
    assert unsafe == set(SAFE_FORM)
    assert {c["id"] for c in PUBLIC if c["duplicate_keys"]} == set(REPEATED)
    assert len(PUBLIC) == 105
    unique = {c["id"] for c in EXTRA_CASES if c["id"].endswith("-unique")}
    assert unique == {f"{cid}-unique" for cid in REPEATED}


def test_the_stored_expectations_are_what_go_prints() -> None:
    """``data/slog-expected.jsonl`` is the oracle's own output, not ours (where Go is here)."""
    why = og.oracle_go_available()
    if why is not None:
        pytest.skip(f"stored slog expectations not re-checked against Go: {why}")
    fresh = og.run_oracle_go(EXTRA_CASES)
    assert {cid: result.get("output") for cid, result in fresh.items()} == EXTRA_EXPECTED
    public = og.run_oracle_go(PUBLIC)
    assert {cid: result.get("output") for cid, result in public.items()} == {
        c["id"]: PUBLIC_EXPECTED[c["id"]] for c in PUBLIC
    }


# -- the record's parts ----------------------------------------------------------------


def record(*args: Any, level: int = logging.INFO, **fields: Any) -> logging.LogRecord:
    """A record logged through a FieldLogger at 2021-07-04T15:26:26.123456+08:00."""
    logger, capture = fresh_logger("app")
    FieldLogger(logger).with_fields(fields).log(level, *args or ("m",))
    made = capture.record
    made.created = 1625383586.123456
    return made


TEXT = SlogFormatter(disable_timestamp=True)
JSON = SlogFormatter(json=True, disable_timestamp=True)


@pytest.mark.parametrize(
    ("levelno", "name"),
    [
        *[(5, "DEBUG-2"), (10, "DEBUG"), (15, "DEBUG+2"), (20, "INFO"), (25, "INFO+2"), (30, "WARN"), (35, "WARN+2")],
        *[(40, "ERROR"), (45, "ERROR+2"), (50, "ERROR+4"), (60, "ERROR+8"), (1, "DEBUG-4"), (0, "DEBUG-4")],
    ],
)
def test_levels_are_slogs(levelno: int, name: str) -> None:
    made = record(level=max(levelno, 1))
    made.levelno = levelno
    assert TEXT.format(made) == f"level={name} msg=m"
    assert JSON.format(made) == f'{{"level":"{name}","msg":"m"}}'


def test_the_time_is_local_with_milliseconds_in_text_and_nanoseconds_in_json() -> None:
    made = record()
    assert SlogFormatter().format(made) == "time=2021-07-04T15:26:26.123+08:00 level=INFO msg=m"
    assert (
        SlogFormatter(json=True).format(made) == '{"time":"2021-07-04T15:26:26.123456+08:00","level":"INFO","msg":"m"}'
    )
    assert SlogFormatter(tz="UTC").format(made).startswith("time=2021-07-04T07:26:26.123Z ")
    made.created = 1625383586.0
    assert SlogFormatter(json=True, tz="Asia/Kolkata").format(made).startswith('{"time":"2021-07-04T12:56:26+05:30",')


def test_the_converter_picks_the_zone_as_in_the_stdlib() -> None:
    formatter = SlogFormatter()
    formatter.converter = __import__("time").gmtime
    assert formatter.format(record()).startswith("time=2021-07-04T07:26:26.123Z ")


def test_fields_in_the_order_given_named_like_slogs_keys_too() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_fields({"user": "ana", "msg": "bound", "level": 3}).info("m", extra={"time": "t", "a": 1})
    assert TEXT.format(capture.record) == "level=INFO msg=m user=ana msg=bound level=3 time=t a=1"
    assert (
        JSON.format(capture.record)
        == '{"level":"INFO","msg":"m","user":"ana","msg":"bound","level":3,"time":"t","a":1}'
    )


class Color:
    def __str__(self) -> str:
        return "red"


@dataclass
class Point:
    x: int
    y: float


@pytest.mark.parametrize(
    ("value", "text", "json_text"),
    [
        ("a b", '"a b"', '"a b"'),
        ("C:\\dir", "C:\\dir", '"C:\\\\dir"'),
        ("", '""', '""'),
        (7, "7", "7"),
        (10**30, "1000000000000000000000000000000", "1000000000000000000000000000000"),
        (True, "true", "true"),
        (0.1, "0.1", "0.1"),
        (1e21, "1e+21", "1e+21"),
        (1e-7, "1e-07", "1e-7"),
        (100000.0, "100000", "100000"),
        (1e6, "1e+06", "1000000"),
        (math.nan, "NaN", '"!ERROR:json: unsupported value: NaN"'),
        (-math.inf, "-Inf", '"!ERROR:json: unsupported value: -Inf"'),
        (None, "<nil>", "null"),
        (GoError("disk full"), '"disk full"', '"disk full"'),
        (timedelta(milliseconds=1.5), "1.5ms", "1500000"),
        (timedelta(hours=-1), "-1h0m0s", "-3600000000000"),
        (
            datetime(2024, 2, 29, 23, 59, 59, 999999, timezone(timedelta(hours=-7))),
            "2024-02-29T23:59:59.999-07:00",
            '"2024-02-29T23:59:59.999999-07:00"',
        ),
        (["a", "b c"], '"[a b c]"', '["a","b c"]'),
        ([1, -2], '"[1 -2]"', "[1,-2]"),
        ([], "[]", "[]"),
        (
            ("x", 1, None, 0.5, [True], {"k": "v", "a": 2}),
            '"[x 1 <nil> 0.5 [true] map[a:2 k:v]]"',
            '["x",1,null,0.5,[true],{"a":2,"k":"v"}]',
        ),
        ({3, 1, 2}, '"[1 2 3]"', "[1,2,3]"),
        (["<a&b>", "\b\f\x7f"], '"[<a&b> \\b\\f\\x7f]"', '["<a&b>","\\b\\f\\u007f"]'),
        ([math.nan], "[NaN]", '"!ERROR:json: unsupported value: NaN"'),
        (b"ok\xff", '"ok\\xff"', '"b2v/"'),
        (SlogLevel(2), "INFO+2", '"INFO+2"'),
        (Color(), "red", '"red"'),
        (Point(1, 0.5), '"{\\"x\\":1,\\"y\\":0.5}"', '{"x":1,"y":0.5}'),
    ],
)
def test_values_as_slog_writes_each_go_type(value: Any, text: str, json_text: str) -> None:
    made = record(v=value)
    assert TEXT.format(made) == f"level=INFO msg=m v={text}"
    assert JSON.format(made) == f'{{"level":"INFO","msg":"m","v":{json_text}}}'


def test_a_dict_is_a_group_flattened_in_text_and_nested_in_json() -> None:
    made = record(req={"id": 7, "": {"inline": True}, "db": {"n": 2}, "none": {}, "drop": {"": None}}, after=1)
    assert TEXT.format(made) == "level=INFO msg=m req.id=7 req.inline=true req.db.n=2 after=1"
    assert JSON.format(made) == '{"level":"INFO","msg":"m","req":{"id":7,"inline":true,"db":{"n":2}},"after":1}'


def test_a_group_inside_itself_or_too_deep_is_written_as_its_text() -> None:
    loop: dict[str, Any] = {"a": 1}
    loop["self"] = loop
    text = TEXT.format(record(loop=loop))
    assert text.startswith("level=INFO msg=m loop.a=1 loop.self=")
    assert json.loads(JSON.format(record(loop=loop)))["loop"]["a"] == 1
    deep: dict[str, Any] = {}
    inner = deep
    for _ in range(300):
        inner["d"] = {}
        inner = inner["d"]
    inner["x"] = 1
    assert_safe("slog", TEXT.format(record(deep=deep)))
    json.loads(JSON.format(record(deep=deep)))


def test_with_group_is_with_group() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_field("user", "ana").with_group("req").with_field("id", 7)
    log.info("m", extra={"path": "/"})
    log.with_group("").info("n")
    first, second = capture.records
    assert TEXT.format(first) == "level=INFO msg=m user=ana req.id=7 req.path=/"
    assert JSON.format(second) == '{"level":"INFO","msg":"n","user":"ana","req":{"id":7}}'


# -- add_source ---------------------------------------------------------------------------


def test_add_source_writes_the_callers_file_and_line_and_its_function_in_json() -> None:
    logger, capture = fresh_logger()
    line = here() + 1
    FieldLogger(logger).with_group("g").info("m", extra={"k": 1})
    made = capture.record
    file = __file__
    assert SlogFormatter(add_source=True, disable_timestamp=True).format(made) == (
        f"level=INFO source={file}:{line} msg=m g.k=1"
    )
    source = json.dumps({"function": f"test_slog.{sys._getframe().f_code.co_name}", "file": file, "line": line})
    assert SlogFormatter(json=True, add_source=True, disable_timestamp=True).format(made) == (
        f'{{"level":"INFO","source":{source.replace(", ", ",").replace(": ", ":")},"msg":"m","g":{{"k":1}}}}'
    )


def test_a_source_is_quoted_when_it_needs_it() -> None:
    made = record()
    made.pathname, made.lineno = "/srv/my app/x.py", 3
    assert SlogFormatter(add_source=True, disable_timestamp=True).format(made) == (
        'level=INFO source="/srv/my app/x.py:3" msg=m'
    )


# -- exceptions ---------------------------------------------------------------------------


def _failing() -> logging.LogRecord:
    logger, capture = fresh_logger()
    try:
        raise ValueError("disk full")
    except ValueError:
        FieldLogger(logger).exception("write failed", extra={"k": 1})
    return capture.record


def test_an_exception_adds_error_and_the_traceback_as_stack() -> None:
    made = _failing()
    pairs = read_slog(TEXT.format(made))
    assert pairs[:4] == [("level", "ERROR"), ("msg", "write failed"), ("k", "1"), ("error", "disk full")]
    assert pairs[4][0] == "stack"
    assert pairs[4][1].startswith("Traceback (most recent call last):\n")
    assert pairs[4][1].endswith("ValueError: disk full")
    data = json.loads(JSON.format(made))
    assert list(data) == ["level", "msg", "k", "error", "stack"]
    assert data["stack"] == pairs[4][1]


def test_with_error_writes_its_error_field_once() -> None:
    logger, capture = fresh_logger()
    try:
        raise ValueError("disk full")
    except ValueError as error:
        caught = error
    FieldLogger(logger).with_error(caught).error("write failed")
    keys = [key for key, _ in read_slog(TEXT.format(capture.record))]
    assert keys == ["level", "msg", "error", "stack"]


def test_stack_info_is_the_stack_too() -> None:
    logger, capture = fresh_logger()
    logger.info("m", stack_info=True)
    stack = dict(read_slog(TEXT.format(capture.record)))["stack"]
    assert stack.startswith("Stack (most recent call last):\n")
    assert "error" not in dict(read_slog(TEXT.format(capture.record)))


# -- replace_attr ---------------------------------------------------------------------------

Seen = list[tuple[tuple[str, ...], str, Any]]


def test_replace_attr_sees_every_attribute_but_groups_with_the_groups_it_is_in() -> None:
    seen: Seen = []

    def keep(groups: tuple[str, ...], key: str, value: Any) -> tuple[str, Any]:
        seen.append((groups, key, value))
        return key, value

    made = record(user="ana", req={"id": 7, "db": {"n": 2}})
    made.created = 1625383586.0
    line = SlogFormatter(add_source=True, replace_attr=keep).format(made)
    assert line == SlogFormatter(add_source=True).format(made)  # nothing changed, nothing changes
    (time_attr, level, source, msg, *rest) = seen
    assert time_attr == ((), "time", datetime(2021, 7, 4, 15, 26, 26, tzinfo=timezone(timedelta(hours=8), "CST")))
    assert level == ((), "level", 0)
    assert type(level[2]) is SlogLevel
    assert source == ((), "source", SlogSource("test_slog.record", made.pathname, made.lineno))
    assert msg == ((), "msg", "m")
    assert rest == [((), "user", "ana"), (("req",), "id", 7), (("req", "db"), "n", 2)]


def _rewrite(groups: tuple[str, ...], key: str, value: Any) -> tuple[str, Any] | None:
    if not groups and key == "time":
        return None  # Go's idiom to drop the time
    if key == "level" and value == SlogLevel(-6):
        return key, "TRACE"
    if key == "password":
        return key, "[redacted]"
    if groups == ("req",) and key == "id":
        return "request_id", {"n": value}  # a group replaces a value
    if key == "drop":
        return None
    return key, value


def test_replace_attr_drops_renames_and_rewrites() -> None:
    made = record(level=5, password="x", drop=1, req={"id": 7, "drop": 2}, empty={"drop": 3})
    assert SlogFormatter(replace_attr=_rewrite).format(made) == (
        "level=TRACE msg=m password=[redacted] req.request_id.n=7"
    )
    assert SlogFormatter(json=True, replace_attr=_rewrite).format(made) == (
        '{"level":"TRACE","msg":"m","password":"[redacted]","req":{"request_id":{"n":7}}}'
    )


def test_replace_attr_as_a_dotted_path() -> None:
    formatter = SlogFormatter(replace_attr="test_slog._rewrite")
    assert formatter.replace_attr is _rewrite


def test_a_level_replaced_by_an_int_is_a_number() -> None:
    formatter = SlogFormatter(
        json=True, disable_timestamp=True, replace_attr=lambda g, k, v: (k, int(v) if k == "level" else v)
    )
    assert formatter.format(record(level=logging.WARNING)) == '{"level":4,"msg":"m"}'


def _boom(groups: tuple[str, ...], key: str, value: Any) -> Any:
    if key == "user":
        raise ValueError("boom")
    if key == "odd":
        return "not a pair"
    return key, value


def test_a_failing_replace_attr_costs_only_the_change() -> None:
    made = record(user="ana", odd=1)
    assert SlogFormatter(disable_timestamp=True, replace_attr=_boom).format(made) == (
        'level=INFO msg=m user=ana odd=1 prefixlog_error="replace_attr: <unprintable function: ValueError: boom>; '
        'replace_attr: returned str, not a (key, value) tuple or None"'
    )
    data = json.loads(SlogFormatter(json=True, disable_timestamp=True, replace_attr=_boom).format(made))
    assert data["user"] == "ana"
    assert data["prefixlog_error"].startswith("replace_attr: <unprintable function: ValueError: boom>")


# -- options ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"json": "yes"}, TypeError, "json must be True or False"),
        ({"add_source": 1}, TypeError, "add_source must be True or False"),
        ({"replace_attr": 5}, TypeError, "replace_attr must be callable"),
        ({"replace_attr": "no.such.module.func"}, ValueError, "replace_attr: cannot import"),
        ({"datefmt": "%H:%M"}, ValueError, "datefmt='%H:%M' is not supported"),
        ({"tz": "Mars/Olympus"}, ValueError, "unknown time zone"),
        ({"stream": 5}, TypeError, "stream must be a stream"),
    ],
)
def test_wrong_options_fail_when_made(kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        SlogFormatter(**kwargs)


def test_options_are_fixed_once_made() -> None:
    formatter = SlogFormatter()
    with pytest.raises(AttributeError, match="json is fixed"):
        formatter.json = True  # on purpose


def test_fmt_and_the_field_options_work_as_in_the_other_layouts() -> None:
    formatter = SlogFormatter("%(name)s", disable_timestamp=True, static_fields={"app": "shop"}, exclude_fields=["k"])
    assert formatter.format(record(k=1, v=2)) == "level=INFO msg=m name=app app=shop v=2"


def test_dictconfig_both_ways(restore_root_logging: None) -> None:
    out = io.StringIO()
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "text": {"()": "prefixlog.SlogFormatter", "add_source": False, "disable_timestamp": True},
                "json": {"class": "prefixlog.SlogFormatter", "format": "%(name)s"},
            },
            "handlers": {
                "a": {"class": "logging.StreamHandler", "stream": out, "formatter": "text"},
                "b": {"class": "logging.StreamHandler", "stream": out, "formatter": "json"},
            },
            "root": {"level": "INFO", "handlers": ["a", "b"]},
        }
    )
    logging.getLogger("prefixlog.test.slog.dc").info("m", extra={"k": "v"})
    first, second = out.getvalue().splitlines()
    assert first == "level=INFO msg=m k=v"
    assert second.endswith(" level=INFO msg=m name=prefixlog.test.slog.dc k=v")


@pytest.mark.parametrize(
    ("name", "line"), [("slog", "level=INFO msg=m k=v"), ("slog-json", '{"level":"INFO","msg":"m","k":"v"}')]
)
def test_configure_by_name(name: str, line: str, restore_root_logging: None) -> None:
    out = io.StringIO()
    configure(format=name, stream=out, disable_timestamp=True, queue=False, capture=False)
    logging.getLogger("cfg").info("m", extra={"k": "v"})
    assert out.getvalue() == line + "\n"


# -- reading back ------------------------------------------------------------------------------

_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
_values = st.one_of(_text, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False, allow_infinity=False))
_keys = _text.filter(lambda key: key not in ("time", "level", "msg"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(message=_text, fields=st.dictionaries(_keys, _values, max_size=5))
def test_every_line_reads_back_exactly(message: str, fields: dict[str, Any]) -> None:
    """Any message, keys and values: one safe line each, read back to what was logged."""
    logger, capture = fresh_logger()
    FieldLogger(logger).with_fields(fields).info(message)
    made = capture.record
    text, data = TEXT.format(made), JSON.format(made)
    assert_safe("slog", text)
    assert_safe("slog-json", data)
    expected: list[tuple[str, Any]] = [("level", "INFO"), ("msg", message)]
    expected += [(key, value) for key, value in fields.items() if key or value is not None]
    read = list(json.loads(data).items())
    assert [(k, float(v) if type(w) is float else v) for (k, v), (_, w) in zip(read, expected, strict=True)] == expected
    as_text = [(key, value if type(value) is str else slog_text(value)) for key, value in expected]
    assert read_slog(text) == as_text


def slog_text(value: Any) -> str:
    """A non-str value's text in slog's text layout."""
    if value is None:
        return "<nil>"
    if type(value) is bool:
        return "true" if value else "false"
    if isinstance(value, float):
        return go_float(value)
    return str(value)
