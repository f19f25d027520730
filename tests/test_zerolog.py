"""ZerologFormatter: rs/zerolog's JSON line and ConsoleWriter, checked against the Go oracle.

The public corpus's ``zerolog-json`` and ``zerolog-console`` cases
(``../shared/oracle-go``) and our own (``data/oracle-go-zerolog-extra.jsonl``,
whose expected output ``data/oracle-go-zerolog-extra-expected.jsonl`` the same
oracle wrote) must give Go's bytes, or the safe form listed in
:data:`DIFFERENT` with its reason and asserted in :data:`SAFE_FORMS`.
"""

from __future__ import annotations

import io
import json
import logging
import logging.config
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import prefixlog
from prefixlog import ZerologFormatter
from prefixlog._jsonwrite import RawNumber, go_json_string, go_json_text
from prefixlog._time import TimeFormat
from prefixlog._values import parse_go_duration
from prefixlog._zerolog_console import go_rel

from helpers import fresh_logger
from layouts import assert_safe
from oracle_go_cases import (
    CORPUS,
    NOT_PORTED,
    ORACLE_GO,
    cases,
    expected,
    load,
    make_record,
    options,
    oracle_go_available,
    run_oracle_go,
)

DATA = Path(__file__).resolve().parent / "data"
EXTRA = DATA / "oracle-go-zerolog-extra.jsonl"
EXTRA_EXPECTED = DATA / "oracle-go-zerolog-extra-expected.jsonl"
LOGGERS = ("zerolog-json", "zerolog-console")

_NOT_PORTED = NOT_PORTED["nolevel"] + " (not ported)"
_JSON_UNSAFE = (
    "zerolog writes U+0085, U+2028 and U+2029 raw, which split lines; escaped as \\u0085, \\u2028, \\u2029 "
    "(json.loads reads the same object)"
)
_DUPLICATE = "duplicate_keys: a key given twice is written once, at its first position, with the last value"
_TERMINAL = "a terminal layout: the message's control characters escaped, its further lines indented"
_TERMINAL_VALUE = "a terminal layout: DEL and C1 controls Go writes raw in keys and re-encoded values escaped"

#: Case id -> why prefixlog writes something else than Go (each one's own output is in SAFE_FORMS).
DIFFERENT: dict[str, str] = {
    "zerolog-json-0013": _NOT_PORTED,
    "zerolog-console-0013": _NOT_PORTED,
    "zerolog-json-0017": _JSON_UNSAFE,
    "zerolog-json-0020": _JSON_UNSAFE + ": a key U+2028",
    "zerolog-json-0040": _DUPLICATE,
    "zerolog-console-0019": _TERMINAL + ": a newline",
    "zerolog-console-0020": _TERMINAL + ": DEL",
    "zerolog-console-0056": _TERMINAL + ": a newline",
    "zerolog-console-0057": _TERMINAL + ": ESC sequences",
    "x-zerolog-values-json": _JSON_UNSAFE + ": in a Dict",
    "x-zerolog-values-console-escapes": _TERMINAL_VALUE,
    "x-zerolog-message-trailing-newline": _TERMINAL + ": a trailing newline (dropped, as in the other layouts)",
    "x-zerolog-message-cr": _TERMINAL + ": a carriage return and U+2028",
}

_C = "\x1b[36m"
_O = "\x1b[0m"
#: What prefixlog writes for each case of DIFFERENT that it can write (nolevel: none).
SAFE_FORMS: dict[str, str] = {
    "zerolog-json-0017": '{"level":"info","region":"flush\\u0085payment","method":"lookup\\u2028check\\u2029",'
    '"time":"2011-04-25T01:55:12+08:00","message":"check\\u007f"}\n',
    "zerolog-json-0020": '{"level":"warn","a<b>&c":"<script>alert(\'x\')</script> & more","q\\"k\\\\":1,'
    '"nl\\nkey":"budget","\\u2028":false,"tenant":["\\b\\u007f","<&>"],"time":"2013-08-20T16:06:07+08:00",'
    '"message":"flush render signal metric budget index:"}\n',
    "zerolog-json-0040": '{"level":"debug","port":"payment","time":"2018-04-17T03:35:44+08:00",'
    '"message":"shard download handshake request stopped cache"}\n',
    "zerolog-console-0019": f"\x1b[90m10:39PM{_O} \x1b[31mWRN{_O} metric {_C}path={_O}"
    f'"\\x1b[31mtoken\\x1b[0m" {_C}ratio={_O}"login\\x00shard"\n  timeout\n',
    "zerolog-console-0020": f"\x1b[90m4:56AM{_O} \x1b[32mINF{_O} template\\x7f {_C}ratio={_O}"
    f'"timeout\\u0085flush" {_C}shard={_O}"started\\u00a0served"\n',
    "zerolog-console-0056": f'\x1b[90m4:42PM{_O} \x1b[32mINF{_O} login {_C}component={_O}"permission denied"\n'
    "  database\n",
    "zerolog-console-0057": f"\x1b[90m1:16AM{_O} \x1b[32mINF{_O} \\x1b[31mlookup\\x1b[0m {_C}region={_O}replica:4065\n",
    "x-zerolog-values-json": '{"level":"info","t":"2020-01-02T18:04:05.500+08:00 CST","d":-1.5,'
    '"g":{"e":"x\\u0085y","f":0.0000001},"time":"2021-07-04T15:26:26.123+08:00 CST","message":"m"}\n',
    "x-zerolog-values-console-escapes": f"\x1b[90m3:26PM{_O} \x1b[32mINF{_O} m "
    f'{_C}g={_O}{{"s":"\\x7f\\u0085\\b\\u003c"}} '
    f'{_C}k\\x7fey={_O}"a\\u009bb" {_C}l={_O}["\\f"]\n',
    "x-zerolog-message-trailing-newline": f"\x1b[90m3:26PM{_O} \x1b[32mINF{_O} line one\n",
    "x-zerolog-message-cr": f"\x1b[90m3:26PM{_O} \x1b[32mINF{_O} a\\rb\\u2028c\n",
}


def _extra_cases() -> list[dict[str, Any]]:
    return load(EXTRA)


def _all_expected() -> dict[str, str]:
    out = expected()
    out.update({r["id"]: r["output"] for r in load(EXTRA_EXPECTED) if "output" in r})
    return out


def formatter_for(case: dict[str, Any]) -> ZerologFormatter:
    """The formatter the case's Go logger is: its options under their snake_case names."""
    opts = options(case)
    if opts.pop("caller", False):
        opts["report_caller"] = True
    if case["logger"] == "zerolog-console":
        opts["console"] = True
        opts.setdefault("no_color", False)  # the oracle's ConsoleWriter colours unless NoColor
        opts.setdefault("cwd", "/")  # the oracle runs in /
    return ZerologFormatter(stream=io.StringIO(), **opts)


def record_for(case: dict[str, Any]) -> logging.LogRecord:
    """The case's record; our cases' ``stack``/``error`` fields are the record's exception instead."""
    if not str(case["id"]).startswith("x-zerolog-exception"):
        return make_record(case)
    own = dict(case)
    trace = {key: raw for key, _, raw in case["fields"] if key in ("stack", "error")}
    own["fields"] = [f for f in case["fields"] if f[0] not in trace]
    record = make_record(own)
    error = ValueError(trace["error"])
    record.exc_info = (ValueError, error, None)
    record.exc_text = trace["stack"]
    return record


def render(case: dict[str, Any]) -> str:
    return formatter_for(case).format(record_for(case)) + "\n"


def _params() -> list[Any]:
    out = _all_expected()
    params = []
    for case in [c for logger in LOGGERS for c in cases(logger)] + _extra_cases():
        marks = []
        if case["id"] in DIFFERENT:
            marks.append(pytest.mark.skip(reason=f"{case['id']}: {DIFFERENT[case['id']]} (its own output: SAFE_FORMS)"))
        params.append(pytest.param(case, out.get(case["id"]), id=str(case["id"]), marks=marks))
    return params


@pytest.mark.parametrize(("case", "go"), _params())
def test_case_matches_go(case: dict[str, Any], go: str) -> None:
    assert render(case) == go


@pytest.mark.parametrize("case_id", sorted(SAFE_FORMS))
def test_listed_case_writes_its_safe_form(case_id: str) -> None:
    case = next(c for c in [*cases("zerolog-json"), *cases("zerolog-console"), *_extra_cases()] if c["id"] == case_id)
    out = render(case)
    assert out == SAFE_FORMS[case_id]
    assert_safe("zerolog-console" if case["logger"] == "zerolog-console" else "zerolog", out.rstrip("\n"))
    if case["logger"] == "zerolog-json" and DIFFERENT[case_id].startswith("zerolog writes"):
        assert json.loads(out) == json.loads(_all_expected()[case_id])  # the same object as Go's line


def test_every_public_case_is_checked() -> None:
    public = [c for logger in LOGGERS for c in cases(logger)]
    assert len(public) == 109
    assert {c["id"] for c in public if c["level"] in NOT_PORTED} == {"zerolog-json-0013", "zerolog-console-0013"}
    listed = {k for k in DIFFERENT if not k.startswith("x-")}
    assert listed <= {c["id"] for c in public}
    assert set(SAFE_FORMS) == set(DIFFERENT) - {"zerolog-json-0013", "zerolog-console-0013"}
    # duplicate_keys cases: only one differs (the others collapse in the console, or repeat own keys)
    dup = {c["id"] for c in public if c.get("duplicate_keys")}
    assert {k for k, why in DIFFERENT.items() if why == _DUPLICATE} == {"zerolog-json-0040"} <= dup


def test_the_not_ported_level_cannot_be_made() -> None:
    case = next(c for c in cases("zerolog-json") if c["level"] == "nolevel")
    with pytest.raises(KeyError):
        make_record(case)


def test_stored_expectations_are_what_go_prints() -> None:
    """The expected outputs are the oracle's (re-run live where Go is here), never ours."""
    why = oracle_go_available()
    if why is not None:
        pytest.skip(f"zerolog expectations not re-checked against Go: {why}")
    public = [c for logger in LOGGERS for c in cases(logger)]
    fresh = run_oracle_go(public + _extra_cases())
    stored = _all_expected()
    assert {k: v.get("output") for k, v in fresh.items()} == {
        c["id"]: stored.get(c["id"]) for c in public + _extra_cases()
    }
    assert CORPUS.exists()


# -- options ---------------------------------------------------------------------


def _record(msg: str = "m", level: int = logging.INFO, **extra: Any) -> logging.LogRecord:
    record = logging.LogRecord("app", level, "/srv/app/main.py", 28, msg, (), None, func="run")
    record.created = 1625383586.123456  # 2021-07-04T15:26:26.123456+08:00
    record.__dict__.update(extra)
    return record


def test_json_line() -> None:
    out = ZerologFormatter(stream=io.StringIO()).format(_record(user="ana", count=5))
    assert out == '{"level":"info","user":"ana","count":5,"time":"2021-07-04T15:26:26+08:00","message":"m"}'


@pytest.mark.parametrize(
    ("levelno", "word"),
    [
        (5, "trace"),
        (10, "debug"),
        (20, "info"),
        (25, "info"),
        (30, "warn"),
        (45, "error"),
        (50, "fatal"),
        (60, "panic"),
        (1, "trace"),
    ],
)
def test_levels_are_the_nearest_at_or_below(levelno: int, word: str) -> None:
    out = ZerologFormatter(stream=io.StringIO(), disable_timestamp=True).format(_record(level=levelno))
    assert out == f'{{"level":"{word}","message":"m"}}'


def test_report_caller_and_an_empty_message() -> None:
    formatter = ZerologFormatter(stream=io.StringIO(), report_caller=True)
    out = formatter.format(_record(""))
    assert out == '{"level":"info","time":"2021-07-04T15:26:26+08:00","caller":"/srv/app/main.py:28"}'


def test_values() -> None:
    zone = timezone(timedelta(hours=-5))
    record = _record(
        group={"a": 1, "b": {"c": [1, 2]}},
        words=["x", "<y>"],
        when=datetime(2020, 1, 2, 3, 4, 5, 500000, tzinfo=zone),
        took=timedelta(milliseconds=1.5),
        err=ValueError("boom"),
        other=[1.5, None, "<&>"],
        big=2**70,
        nan=float("nan"),
    )
    out = ZerologFormatter(stream=io.StringIO(), disable_timestamp=True).format(record)
    assert out == (
        '{"level":"info","group":{"a":1,"b":{"c":[1,2]}},"words":["x","<y>"],"when":"2020-01-02T03:04:05-05:00",'
        '"took":1.5,"err":"boom","other":[1.5,null,"\\u003c\\u0026\\u003e"],"big":1180591620717411303424,'
        '"nan":"NaN","message":"m"}'
    )


def test_time_field_format_and_durations() -> None:
    record = _record(took=timedelta(seconds=-1.5))
    formatter = ZerologFormatter(
        stream=io.StringIO(),
        time_field_format="unixMs",
        duration_field_unit=timedelta(seconds=1),
        duration_field_integer=True,
    )
    assert formatter.format(record) == '{"level":"info","took":-1,"time":1625383586123,"message":"m"}'
    assert formatter.time_field_format == "UNIXMS"
    unix = ZerologFormatter(stream=io.StringIO(), time_field_format="", duration_field_unit="1us")
    assert unix.format(record) == '{"level":"info","took":-1500000,"time":1625383586,"message":"m"}'


def test_an_exception_is_stack_and_error() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record(exc_info=sys.exc_info(), k="v")
    out = ZerologFormatter(stream=io.StringIO(), disable_timestamp=True).format(record)
    data = json.loads(out)
    assert list(data) == ["level", "k", "stack", "error", "message"]
    assert data["error"] == "boom"
    assert data["stack"].startswith("Traceback (most recent call last):\n")
    assert data["stack"].endswith("ValueError: boom")


def test_with_error_writes_error_once() -> None:
    logger, capture = fresh_logger("zl")
    error = ValueError("boom")
    prefixlog.FieldLogger(logger).with_error(error).error("failed")
    out = ZerologFormatter(stream=io.StringIO(), disable_timestamp=True).format(capture.record)
    assert json.loads(out)["error"] == "boom"
    assert out.count('"error":') == 1


def test_stack_info_alone_is_the_stack() -> None:
    out = ZerologFormatter(stream=io.StringIO(), disable_timestamp=True).format(
        _record(stack_info="Stack (most recent call last):\n  x")
    )
    assert out == '{"level":"info","stack":"Stack (most recent call last):\\n  x","message":"m"}'


def test_console_line_and_indented_message() -> None:
    formatter = ZerologFormatter(console=True, no_color=True, stream=io.StringIO(), report_caller=True, cwd="/srv")
    out = formatter.format(_record("one\ntwo\x1b", zeta=1, error="bad", alpha="a b", **{"new\nkey": 1}))
    assert out == '3:26PM INF app/main.py:28 > one error=bad alpha="a b" new\\nkey=1 zeta=1\n  two\\x1b'
    assert_safe("zerolog-console", out)


def test_console_colours_follow_the_destination(monkeypatch: pytest.MonkeyPatch) -> None:
    class TTY(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = ZerologFormatter(console=True, stream=TTY(), disable_timestamp=True)
    assert tty.format(_record()) == "\x1b[90m<nil>\x1b[0m \x1b[32mINF\x1b[0m m"
    assert (
        ZerologFormatter(console=True, stream=io.StringIO(), disable_timestamp=True).format(_record()) == "<nil> INF m"
    )
    monkeypatch.setenv("NO_COLOR", "1")
    assert ZerologFormatter(console=True, stream=TTY(), disable_timestamp=True).format(_record()) == "<nil> INF m"
    assert (
        ZerologFormatter(console=True, no_color=False, stream=io.StringIO(), disable_timestamp=True)
        .format(_record())
        .startswith("\x1b[90m<nil>")
    )


def test_console_cwd_is_the_working_directory_when_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    formatter = ZerologFormatter(
        console=True, no_color=True, stream=io.StringIO(), report_caller=True, time_format="15:04"
    )
    record = _record()
    record.pathname = str(tmp_path / "pkg" / "mod.py")
    monkeypatch.delenv("PWD", raising=False)
    monkeypatch.chdir(tmp_path)
    assert formatter.format(record) == "15:26 INF pkg/mod.py:28 > m"
    monkeypatch.chdir(tmp_path / "..")
    assert formatter.format(record) == f"15:26 INF {tmp_path.name}/pkg/mod.py:28 > m"


def test_json_to_a_terminal_escapes_bidi_controls() -> None:
    class TTY(io.StringIO):
        def isatty(self) -> bool:
            return True

    record = _record("a\u202eb")
    assert (
        ZerologFormatter(stream=TTY(), disable_timestamp=True).format(record)
        == '{"level":"info","message":"a\\u202eb"}'
    )
    assert (
        ZerologFormatter(stream=io.StringIO(), disable_timestamp=True).format(record)
        == '{"level":"info","message":"a\u202eb"}'
    )


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        ("console", "yes", TypeError),
        ("no_color", 1, TypeError),
        ("report_caller", None, TypeError),
        ("time_field_format", 3, TypeError),
        ("time_field_format", "%Y", ValueError),
        ("time_field_format", '15:04 "x"', ValueError),
        ("duration_field_unit", "1 ms", ValueError),
        ("duration_field_unit", "0s", ValueError),
        ("duration_field_unit", 5, TypeError),
        ("duration_field_integer", "no", TypeError),
        ("time_format", 1, TypeError),
        ("cwd", "relative/dir", ValueError),
        ("cwd", 3, TypeError),
        ("tz", "Nowhere/Else", ValueError),
    ],
)
def test_a_wrong_option_names_itself(option: str, value: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=option):
        ZerologFormatter(**{option: value})


def test_options_are_keyword_only_and_fixed() -> None:
    formatter = ZerologFormatter(console=True, no_color=True)
    with pytest.raises(AttributeError, match="console"):
        formatter.console = False
    with pytest.raises(TypeError):
        ZerologFormatter(None, None, "%", True, True)


@pytest.mark.parametrize("form", ["()", "class"])
def test_dict_config_both_forms(form: str, restore_root_logging: None) -> None:
    stream = io.StringIO()
    if form == "()":
        spec: dict[str, Any] = {
            "()": "prefixlog.ZerologFormatter",
            "console": True,
            "no_color": True,
            "time_format": "15:04",
        }
    else:
        spec = {"class": "prefixlog.ZerologFormatter", "datefmt": "2006"}
    logging.config.dictConfig(
        {
            "version": 1,
            "formatters": {"z": spec},
            "handlers": {"h": {"class": "logging.StreamHandler", "stream": stream, "formatter": "z"}},
            "root": {"handlers": ["h"], "level": "INFO"},
        }
    )
    logging.getLogger(f"dc.{form}").info("hi", extra={"k": 1})
    line = stream.getvalue()
    if form == "()":
        assert re.fullmatch(r"\d\d:\d\d INF hi k=1\n", line), line
    else:
        year = datetime.now().year
        assert line == f'{{"level":"info","k":1,"time":"{year}","message":"hi"}}\n'


def test_format_never_raises() -> None:
    record = _record()
    record.levelno = "high"  # type: ignore[assignment]
    record.created = float("nan")
    out = ZerologFormatter(stream=io.StringIO()).format(record)
    data = json.loads(out)
    assert data["level"] == "info"  # the level its name gives
    assert data["prefixlog_error"].startswith("created: nan is not a time; ")
    assert data["message"] == "m"


# -- the shared helpers this formatter added -------------------------------------------


@pytest.mark.parametrize(
    ("text", "nanoseconds"),
    [
        ("1ms", 1_000_000),
        ("1.5s", 1_500_000_000),
        ("-2h45m", -9_900_000_000_000),
        ("0", 0),
        ("1µs", 1000),
        ("1μs", 1000),
        ("+3m", 180_000_000_000),
        ("0.1ns", 0),
        ("1.s", 1_000_000_000),
    ],
)
def test_parse_go_duration(text: str, nanoseconds: int) -> None:
    assert parse_go_duration(text) == nanoseconds


@pytest.mark.parametrize("text", ["", "1", "ms", "1x", ".s", "-", "9999999h"])
def test_parse_go_duration_refuses_what_go_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="time: "):
        parse_go_duration(text)


def test_go_json_text_is_go_1_22_encoding_json() -> None:
    value = {"zeta": "payment", "alpha": RawNumber("1"), "mid": "<a&b>\u2028\b\x7f\x85", "n": None, "l": [1.5e-8, True]}
    assert go_json_text(value) == (
        '{"alpha":1,"l":[1.5e-8,true],"mid":"\\u003ca\\u0026b\\u003e\\u2028\\b\x7f\x85","n":null,"zeta":"payment"}'
    )
    assert go_json_string("<\ud800>", escape_html=False) == '"<\\ufffd>"'


@pytest.mark.parametrize(
    ("base", "target", "rel"),
    [
        ("/", "/srv/a.py:1", "srv/a.py:1"),
        ("/usr", "/usr/./lib//x/../config.py:5", "lib/config.py:5"),
        ("/tmp", "token dir/x.py:1", None),
        ("/a/b", "/a/c/d", "../c/d"),
        ("/a/b", "/a/b", "."),
        ("/a", "/", ".."),
        ("//a", "/a/b", "b"),
    ],
)
def test_go_rel(base: str, target: str, rel: str | None) -> None:
    assert go_rel(base, target) == rel


def test_format_struct_writes_the_fields_given() -> None:
    tm = time.struct_time((0, 7, 4, 15, 26, 26, 1, 186, -1), {"tm_zone": "UTC", "tm_gmtoff": 0})
    assert TimeFormat("2006-01-02 15:04:05.000 MST Z07:00 Mon").format_struct(tm, 123456) == (
        "0000-07-04 15:26:26.123 UTC Z Tue"
    )


# -- tz: Go's time.Local ------------------------------------------------------------

#: What oracle-go printed for these cases with ``ORACLE_TZ=UTC`` (Go's time.Local is UTC).
IN_UTC = {
    "zerolog-json-0005": '{"level":"info","user":"login","count":5,"time":"2021-07-04T07:26:26Z",'
    '"message":"have a nice day"}\n',
    "zerolog-console-0053": "\x1b[90m2004-08-05T15:34:14Z\x1b[0m \x1b[32mINF\x1b[0m sample commit "
    '\x1b[36msize=\x1b[0m"connection refused"\n',
    "x-zerolog-tff-zone": "\x1b[90m0000-01-01 07:26:26.123 UTC Z\x1b[0m \x1b[32mINF\x1b[0m m\n",
    "x-zerolog-tff-mst-date-less": "\x1b[90m0000-01-01 07:26:26 UTC +0000\x1b[0m \x1b[32mINF\x1b[0m m\n",
}


def _case(case_id: str) -> dict[str, Any]:
    return next(c for c in [*cases("zerolog-json"), *cases("zerolog-console"), *_extra_cases()] if c["id"] == case_id)


@pytest.mark.parametrize("case_id", sorted(IN_UTC))
def test_tz_is_gos_time_local(case_id: str) -> None:
    case = _case(case_id)
    formatter = formatter_for(case)
    options = {name: getattr(formatter, name) for name in ("console", "no_color", "report_caller", "cwd")}
    options["time_field_format"] = formatter.time_field_format
    options["time_format"] = formatter.time_format
    utc = ZerologFormatter(stream=io.StringIO(), tz="UTC", **options)
    assert utc.format(record_for(case)) + "\n" == IN_UTC[case_id]


def test_in_utc_is_what_go_prints() -> None:
    why = oracle_go_available()
    if why is not None:
        pytest.skip(f"IN_UTC not re-checked against Go: {why}")
    data = "".join(json.dumps(_case(case_id)) + "\n" for case_id in sorted(IN_UTC)).encode("utf-8")
    env = {**os.environ, "ORACLE_TZ": "UTC"}
    proc = subprocess.run([str(ORACLE_GO)], input=data, capture_output=True, check=True, env=env)
    results = [json.loads(line) for line in proc.stdout.decode("ascii").splitlines()]
    assert {r["id"]: r["output"] for r in results} == IN_UTC
