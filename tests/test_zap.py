"""ZapFormatter: zap 1.23's JSON and console encoders, byte for byte against ``../shared/oracle-go``.

Conformance: every public ``zap-json`` and ``zap-console`` case is logged
through a FieldLogger (``oracle_go_cases.make_record``) and formatted with
the case's options; the output must be the oracle's, except the cases of
:data:`DIFFERENT`, whose own output is asserted in :data:`SAFE`.
"""

from __future__ import annotations

import io
import json
import logging
import logging.config
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import prefixlog
from prefixlog import ZapFormatter

from helpers import fresh_logger
from layouts import COLOUR, JSON_FORBIDDEN, TERMINAL_FORBIDDEN
from oracle_go_cases import NOT_PORTED, cases, expected, make_record, options, oracle_go_available, run_oracle_go

LOGGERS = ("zap-json", "zap-console")

_DUPLICATE = "duplicate_keys: a key given twice is written once, at its first place, with the last value"
_JSON_BREAKS = "zap writes U+0085/U+2028/U+2029 raw, which break lines; written as \\u escapes"
_TERMINAL_MESSAGE = "zap-console writes the message raw; control characters escaped, continuation lines indented"
_TERMINAL_FIELDS = "zap-console's fields hold DEL/U+2028/U+2029 raw; written as JSON \\u escapes for the terminal"
_TERMINAL_STACK = "zap-console writes the stack's lines raw; each indented as a continuation line"

#: Case id -> why prefixlog writes something else than Go; :data:`SAFE` holds what it writes.
DIFFERENT: dict[str, str] = {
    "zap-json-0019": _JSON_BREAKS,
    "zap-json-0022": _JSON_BREAKS + " (in a key)",
    "zap-json-0051": _DUPLICATE + " (its safe form is Go's output for the keys once)",
    "zap-json-0055": _DUPLICATE + " (a dict given twice replaces the first)",
    "zap-console-0013": _TERMINAL_MESSAGE + ": a newline",
    "zap-console-0015": _TERMINAL_MESSAGE + ": ESC sequences",
    "zap-console-0021": _TERMINAL_FIELDS,
    "zap-console-0022": _TERMINAL_FIELDS + " (DEL)",
    "zap-console-0039": _TERMINAL_STACK,
    "zap-console-0042": _TERMINAL_STACK,
    "zap-console-0054": _DUPLICATE + " (its safe form is Go's output for the keys once)",
    "zap-console-0058": _DUPLICATE + " (a dict given twice replaces the first)",
}

_STACK = "\n  main.main\n  \t/srv/app/main.go:42\n  runtime.main\n  \t/usr/local/go/src/runtime/proc.go:250"

#: What prefixlog writes for each case of :data:`DIFFERENT` (Go's bytes up to the first unsafe character).
SAFE: dict[str, str] = {
    "zap-json-0019": '{"level":"info","ts":1154790947,"msg":"miss\x7f","user":"started\\u0085flush",'
    '"ratio":"metric\\u2028signal\\u2029"}\n',
    "zap-json-0022": '{"level":"debug","ts":1315319791.278,"msg":"Payment",'
    '"a<b>&c":"<script>alert(\'x\')</script> & more","q\\"k\\\\":1,"nl\\nkey":"config","\\u2028":false}\n',
    "zap-json-0051": '{"level":"error","ts":1404860354.928149,"msg":"served","method":"budget","msg":1,'
    '"level":"template","ts":true}\n',
    "zap-json-0055": '{"level":"debug","ts":1184963790.788,"msg":"timeout stopped session","job":{"region":null}}\n',
    "zap-console-0013": '1.615544352e+09\tdebug\tuser\t{"status": "/var/lib/login"}\n  upload\n',
    "zap-console-0015": '2017-04-15T00:31:13.800+0800\tINFO\t\\x1b[31mcheck\\x1b[0m\t{"user": 2051.746}\n',
    "zap-console-0021": "1.623181129e+09\terror\tsample database token metric socket commit\t"
    '{"size": "timeout\\u007f", '
    '"latency_ms": "served\\u2028worker\\u2029", "route": "commit\ufffd", "retry \\"k\\"": "user\\u007f"}\n',
    "zap-console-0022": '1.541913168686485e+09\twarn\tcheck flush retry health\t{"region": '
    '"<script>alert(\'x\')</script> & more", "path": "café déjà vu", "method": "\\u0001\\u001f\\u007f", '
    '"stopped \\"k\\"": "<script>alert(\'x\')</script> & more"}\n',
    "zap-console-0039": "1.683785926068863e+09\terror\tapp/main.py:728\tcache stopped cache metric user shutdown\t"
    '{"size": "queue", "port": "invalid-input"}' + _STACK + "\n",
    "zap-console-0042": '1.132507875e+09\tfatal\t\t{"http": {"user": "lookup"}}' + _STACK + "\n",
    "zap-console-0054": '1.7345993688667378e+09\tinfo\tbudget (913)\t{"status": "rollback", "msg": 1, '
    '"level": "shard", "ts": true}\n',
    "zap-console-0058": "1.0461165357529999e+09\twarn\thandshake metric miss socket check stopped\t"
    '{"job": {"ok": null}}\n',
}


@pytest.fixture(autouse=True)
def _shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The oracle's zone (its README): local times and offsets print as Go printed them."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def zap_options(case: dict[str, Any]) -> dict[str, Any]:
    """The case's zap options as ZapFormatter keywords (``config`` is ``development``)."""
    out: dict[str, Any] = {"encoding": "console" if case["logger"] == "zap-console" else "json"}
    for name, value in options(case).items():
        if name == "config":
            out["development"] = value == "development"
        else:
            out[name] = value
    if not case.get("caller"):  # a zap logger without AddCaller()
        out["add_caller"] = False
    return out


def render(case: dict[str, Any]) -> str:
    return ZapFormatter(**zap_options(case)).format(make_record(case)) + "\n"


def _params() -> list[Any]:
    params = []
    for logger in LOGGERS:
        for case in cases(logger):
            marks = []
            if case["level"] in NOT_PORTED:
                marks.append(pytest.mark.skip(reason=f"{case['id']}: {NOT_PORTED[case['level']]}"))
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_case_matches_go(case: dict[str, Any]) -> None:
    go = expected()[case["id"]]
    if case["id"] in DIFFERENT:
        assert go != SAFE[case["id"]]
        assert render(case) == SAFE[case["id"]]
    else:
        assert render(case) == go


def test_the_corpus_is_all_here() -> None:
    by_logger = {logger: cases(logger) for logger in LOGGERS}
    assert (len(by_logger["zap-json"]), len(by_logger["zap-console"])) == (57, 60)
    dpanic = sorted(c["id"] for logger in LOGGERS for c in by_logger[logger] if c["level"] == "dpanic")
    assert dpanic == [
        "zap-console-0008",
        "zap-console-0012",
        "zap-console-0040",
        "zap-json-0010",
        "zap-json-0015",
        "zap-json-0039",
    ]
    assert dpanic == sorted(c["id"] for c in cases("zap-json") + cases("zap-console") if c["level"] in NOT_PORTED)
    labelled = {c["id"] for logger in LOGGERS for c in by_logger[logger] if c["duplicate_keys"]}
    assert labelled == {k for k, why in DIFFERENT.items() if why.startswith("duplicate_keys")}
    assert set(SAFE) == set(DIFFERENT)


def test_the_safe_forms_keep_the_safety_rules() -> None:
    for case_id, line in SAFE.items():
        out = line.removesuffix("\n")
        if case_id.startswith("zap-json"):
            assert len(out.splitlines()) == 1
            assert not JSON_FORBIDDEN.search(out)
            assert json.loads(out) == json.loads(expected()[case_id])  # json.loads keeps a repeated key's last value
        else:
            _, *rest = out.split("\n")
            assert all(more.startswith("  ") for more in rest)
            assert not TERMINAL_FORBIDDEN.search(COLOUR.sub("", out).replace("\n", ""))


def test_stored_expectations_are_what_go_prints() -> None:
    why = oracle_go_available()
    if why is not None:
        pytest.skip(f"zap-json/zap-console expectations not re-checked against Go: {why}")
    corpus = cases("zap-json") + cases("zap-console")
    fresh = run_oracle_go(corpus)
    assert {c["id"]: fresh[c["id"]]["output"] for c in corpus} == {c["id"]: expected()[c["id"]] for c in corpus}


#: Our own cases (the schema of ``../shared/oracle-go``) and what the oracle printed for each.
EXTRA: list[tuple[dict[str, Any], str]] = [
    (
        {
            "id": "x-zap-console-empty-elements",
            "logger": "zap-console",
            "options": {"TimeKey": "", "LevelKey": "", "CallerKey": "", "FunctionKey": "F"},
            "level": "info",
            "message": "hi",
            "time": "2021-07-04T15:26:26.123456+08:00",
            "caller": {"file": "/srv/app/main.py", "line": 28, "function": ""},
            "fields": [["k", "int", 1]],
        },
        'hi\t{"k": 1}\n',
    ),
    (
        {
            "id": "x-zap-console-nothing-before",
            "logger": "zap-console",
            "options": {"TimeKey": "", "LevelKey": "", "MessageKey": ""},
            "level": "info",
            "message": "hi",
            "time": "2021-07-04T15:26:26.123456+08:00",
            "fields": [["k", "int", 1]],
        },
        '{"k": 1}\n',
    ),
    (
        {
            "id": "x-zap-console-empty-message-only",
            "logger": "zap-console",
            "options": {"TimeKey": "", "LevelKey": ""},
            "level": "info",
            "message": "",
            "time": "2021-07-04T15:26:26.123456+08:00",
            "fields": [["k", "int", 1]],
        },
        '{"k": 1}\n',
    ),
    (
        {
            "id": "x-zap-json-all-keys-empty",
            "logger": "zap-json",
            "options": {"TimeKey": "", "LevelKey": "", "MessageKey": "", "NameKey": "", "CallerKey": ""},
            "level": "info",
            "message": "hi",
            "time": "2021-07-04T15:26:26.123456+08:00",
            "name": "app",
            "caller": {"file": "/srv/app/main.py", "line": 28, "function": "main.run"},
            "stack": "main.main",
            "fields": [["k", "int", 1]],
        },
        '{"k":1,"stacktrace":"main.main"}\n',
    ),
    (
        {
            "id": "x-zap-json-only-stack",
            "logger": "zap-json",
            "options": {"TimeKey": "", "LevelKey": "", "MessageKey": ""},
            "level": "info",
            "message": "hi",
            "time": "2021-07-04T15:26:26.123456+08:00",
            "stack": "main.main",
        },
        '{"stacktrace":"main.main"}\n',
    ),
    (
        {
            "id": "x-zap-json-nothing",
            "logger": "zap-json",
            "options": {"TimeKey": "", "LevelKey": "", "MessageKey": ""},
            "level": "info",
            "message": "hi",
            "time": "2021-07-04T15:26:26.123456+08:00",
        },
        "{}\n",
    ),
    (
        {
            "id": "x-zap-console-full-caller-func",
            "logger": "zap-console",
            "options": {"CallerEncoder": "full", "FunctionKey": "fn", "ConsoleSeparator": " "},
            "level": "error",
            "message": "a b",
            "time": "2021-07-04T15:26:26.5+08:00",
            "name": "n",
            "caller": {"file": "/srv/my app/x.py", "line": 3, "function": "m.f"},
            "fields": [["d", "duration", -999000], ["g", "group", [["x", "ints", []], ["y", "strs", ["a\u2028"]]]]],
        },
        '1.6253835865e+09 error n /srv/my app/x.py:3 m.f a b {"d": -0.000999, "g": {"x": [], "y": ["a\u2028"]}}\n',
    ),
    (
        {
            "id": "x-zap-json-ms-negative",
            "logger": "zap-json",
            "options": {"DurationEncoder": "ms"},
            "level": "debug",
            "message": "",
            "time": "2021-07-04T15:26:26+08:00",
            "fields": [["d", "duration", -1999000], ["e", "duration", 999000]],
        },
        '{"level":"debug","ts":1625383586,"msg":"","d":-1,"e":0}\n',
    ),
    (
        {
            "id": "x-zap-json-millis-times",
            "logger": "zap-json",
            "options": {"TimeEncoder": "millis"},
            "level": "info",
            "message": "m",
            "time": "1969-12-31T23:59:59.999999Z",
            "fields": [["t", "time", "1900-01-01T00:00:00.5Z"]],
        },
        '{"level":"info","ts":-0.001,"msg":"m","t":-2208988799500}\n',
    ),
    (
        {
            "id": "x-zap-console-millis",
            "logger": "zap-console",
            "options": {"TimeEncoder": "millis"},
            "level": "info",
            "message": "m",
            "time": "1969-12-31T23:59:59.999999Z",
        },
        "-0.001\tinfo\tm\n",
    ),
]
#: Our cases whose Go bytes break the safety rules, and what prefixlog writes.
EXTRA_SAFE = {
    # U+2028 in the console's fields
    "x-zap-console-full-caller-func": "1.6253835865e+09 error n /srv/my app/x.py:3 m.f a b "
    '{"d": -0.000999, "g": {"x": [], "y": ["a\\u2028"]}}\n',
}


@pytest.mark.parametrize(("case", "go"), EXTRA, ids=[case["id"] for case, _ in EXTRA])
def test_our_case_matches_go(case: dict[str, Any], go: str) -> None:
    if case["id"] in EXTRA_SAFE:
        assert go != EXTRA_SAFE[case["id"]]
    assert render(case) == EXTRA_SAFE.get(case["id"], go)


def test_our_cases_are_what_go_prints() -> None:
    why = oracle_go_available()
    if why is not None:
        pytest.skip(f"our zap cases not re-checked against Go: {why}")
    fresh = run_oracle_go([case for case, _ in EXTRA])
    assert {case["id"]: fresh[case["id"]]["output"] for case, _ in EXTRA} == {case["id"]: go for case, go in EXTRA}


# -- the record: level, name, caller, exception, stack ---------------------------


def _record(msg: str = "hi", level: int = logging.INFO, name: str = "app.db", **fields: Any) -> logging.LogRecord:
    logger, capture = fresh_logger(name)
    prefixlog.FieldLogger(logger).with_fields(fields).log(level, msg)
    made = capture.record
    made.created = 1625383586.123456
    made.pathname, made.lineno, made.module, made.funcName = "/srv/app/main.py", 28, "main", "run"
    return made


@pytest.mark.parametrize(
    ("level", "name"),
    [
        (prefixlog.TRACE, "debug"),
        (logging.DEBUG, "debug"),
        (logging.INFO, "info"),
        (25, "info"),
        (logging.WARNING, "warn"),
        (45, "error"),
        (logging.CRITICAL, "fatal"),
        (prefixlog.PANIC, "panic"),
        (1, "debug"),
    ],
)
def test_levels_are_the_nearest_zap_level_at_or_below(level: int, name: str) -> None:
    line = ZapFormatter(time_key="", add_caller=False).format(_record(level=level, name="root"))
    assert line == f'{{"level":"{name}","msg":"hi"}}'


def test_the_production_json_line() -> None:
    line = ZapFormatter(function_key="func").format(_record(user="ana", count=5))
    assert line == (
        '{"level":"info","ts":1625383586.123456,"logger":"app.db","caller":"app/main.py:28",'
        '"func":"main.run","msg":"hi","user":"ana","count":5}'
    )


def test_the_development_console_line() -> None:
    line = ZapFormatter(encoding="console", development=True).format(_record(user="ana"))
    assert line == '2021-07-04T15:26:26.123+0800\tINFO\tapp.db\tapp/main.py:28\thi\t{"user": "ana"}'


def test_the_root_logger_has_no_name_and_add_caller_false_no_caller() -> None:
    line = ZapFormatter(add_caller=False).format(_record(name="root"))
    assert line == '{"level":"info","ts":1625383586.123456,"msg":"hi"}'


@pytest.mark.parametrize(
    ("path", "caller"),
    [("/srv/app/main.py", "app/main.py:28"), ("main.py", "main.py:28"), ("app/main.py", "app/main.py:28")],
)
def test_the_short_caller_is_the_last_directory_and_file(path: str, caller: str) -> None:
    record = _record()
    record.pathname = path
    assert (
        ZapFormatter(time_key="").format(record)
        == f'{{"level":"info","logger":"app.db","caller":"{caller}","msg":"hi"}}'
    )


def test_an_unknown_caller_is_no_caller() -> None:
    record = _record()
    record.pathname, record.lineno, record.funcName = "(unknown file)", 0, "(unknown function)"
    assert ZapFormatter(time_key="", name_key="").format(record) == '{"level":"info","msg":"hi"}'


def _exception_record() -> logging.LogRecord:
    logger, capture = fresh_logger("root")
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        logger.exception("failed", extra={"k": 1})
    made = capture.record
    made.exc_text = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: bad\nvalue'
    return made


def test_an_exception_is_the_error_field_and_the_stack() -> None:
    line = ZapFormatter(time_key="", add_caller=False).format(_exception_record())
    assert line == (
        '{"level":"error","msg":"failed","k":1,"error":"bad\\nvalue","stacktrace":'
        '"Traceback (most recent call last):\\n  File \\"x.py\\", line 1\\nValueError: bad\\nvalue"}'
    )


def test_the_console_writes_the_stack_on_indented_lines() -> None:
    line = ZapFormatter(encoding="console", time_key="", add_caller=False).format(_exception_record())
    assert line == (
        'error\tfailed\t{"k": 1, "error": "bad\\nvalue"}\n  Traceback (most recent call last):\n'
        '    File "x.py", line 1\n  ValueError: bad\n  value'
    )
    assert ZapFormatter(encoding="console", time_key="", add_caller=False, stacktrace_key="").format(
        _exception_record()
    ) == ('error\tfailed\t{"k": 1, "error": "bad\\nvalue"}')


def test_stack_info_is_the_stack_and_follows_a_traceback() -> None:
    record = _record(name="root")
    record.stack_info = "Stack (most recent call last):\n  here"
    formatter = ZapFormatter(time_key="", add_caller=False)
    assert (
        formatter.format(record) == '{"level":"info","msg":"hi","stacktrace":"Stack (most recent call last):\\n  here"}'
    )
    both = _exception_record()
    both.stack_info = "Stack:\n  here"
    assert formatter.format(both).endswith('ValueError: bad\\nvalue\\nStack:\\n  here"}')


def test_with_error_writes_the_error_field_once() -> None:
    logger, capture = fresh_logger("root")
    try:
        raise KeyError("walrus")
    except KeyError as error:
        prefixlog.FieldLogger(logger).with_error(error).error("lookup")
    record = capture.record
    record.exc_text = "Traceback"
    line = ZapFormatter(time_key="", add_caller=False).format(record)
    assert line == '{"level":"error","msg":"lookup","error":"\'walrus\'","stacktrace":"Traceback"}'


# -- values ----------------------------------------------------------------------


def test_values_as_zap_writes_them() -> None:
    moment = datetime(2021, 7, 4, 15, 26, 26, 500000, tzinfo=timezone(timedelta(hours=8), "CST"))
    loop: dict[str, Any] = {"a": 1}
    loop["self"] = loop
    record = _record(
        name="root",
        t=moment,
        d=timedelta(milliseconds=1, microseconds=500),
        group={"n": {"x": [1.5, 2.0]}, 7: None},
        strs=["a", "b"],
        mixed=[1, "a", {"z": 1, "a": 2}],
        loop=loop,
        err=OSError("disk"),
        nan=float("nan"),
    )
    production = ZapFormatter(time_key="", add_caller=False).format(record)
    assert production == (
        '{"level":"info","msg":"hi","t":1625383586.5,"d":0.0015,"group":{"n":{"x":[1.5,2]},"7":null},'
        '"strs":["a","b"],"mixed":[1,"a",{"a":2,"z":1}],"loop":{"a":1,"self":"{...}"},"err":"disk","nan":"NaN"}'
    )
    development = ZapFormatter(encoding="console", development=True, time_key="", add_caller=False)
    assert development.format(record) == (
        'INFO\thi\t{"t": "2021-07-04T15:26:26.500+0800", "d": "1.5ms", "group": {"n": {"x": [1.5, 2]}, "7": null}, '
        '"strs": ["a", "b"], "mixed": [1,"a",{"a":2,"z":1}], "loop": {"a": 1, "self": "{...}"}, "err": "disk", '
        '"nan": "NaN"}'
    )


@pytest.mark.parametrize(
    ("encoder", "text"),
    [("seconds", "-0.0015"), ("nanos", "-1500000"), ("ms", "-1"), ("string", '"-1.5ms"')],
)
def test_duration_encoders(encoder: Any, text: str) -> None:
    record = _record(name="root", d=-timedelta(microseconds=1500))
    line = ZapFormatter(time_key="", add_caller=False, duration_encoder=encoder).format(record)
    assert line == f'{{"level":"info","msg":"hi","d":{text}}}'


@pytest.mark.parametrize(
    ("encoder", "json_text", "console_text"),
    [
        ("epoch", "1625383586.123456", "1.625383586123456e+09"),
        ("millis", "1625383586123.456", "1.625383586123456e+12"),
        ("nanos", "1625383586123456000", "1625383586123456000"),
        ("iso8601", '"2021-07-04T15:26:26.123+0800"', "2021-07-04T15:26:26.123+0800"),
        ("rfc3339", '"2021-07-04T15:26:26+08:00"', "2021-07-04T15:26:26+08:00"),
        ("rfc3339nano", '"2021-07-04T15:26:26.123456+08:00"', "2021-07-04T15:26:26.123456+08:00"),
        ({"layout": "Jan _2 15:04:05.000000"}, '"Jul  4 15:26:26.123456"', "Jul  4 15:26:26.123456"),
    ],
)
def test_time_encoders(encoder: Any, json_text: str, console_text: str) -> None:
    record = _record(name="root")
    assert ZapFormatter(level_key="", add_caller=False, time_encoder=encoder).format(record) == (
        f'{{"ts":{json_text},"msg":"hi"}}'
    )
    console = ZapFormatter(encoding="console", level_key="", add_caller=False, time_encoder=encoder)
    assert console.format(record) == f"{console_text}\thi"


def test_tz_and_datefmt() -> None:
    record = _record(name="root")
    assert ZapFormatter(time_encoder="rfc3339", tz="UTC", level_key="", add_caller=False).format(record) == (
        '{"ts":"2021-07-04T07:26:26Z","msg":"hi"}'
    )
    assert ZapFormatter(None, "15:04", level_key="", add_caller=False).format(record) == '{"ts":"15:26","msg":"hi"}'


def test_console_layout_is_a_terminal_layout() -> None:
    record = _record("one\x1b[2J\ntwo\u202e", name="n\x07ame", k="v\x9b\u2028")
    record.pathname = "/srv/a\rb/main.py"
    line = ZapFormatter(encoding="console", time_key="", function_key="f").format(record)
    assert line == 'info\tn\\aame\ta\\rb/main.py:28\tmain.run\tone\\x1b[2J\t{"k": "v\\u009b\\u2028"}\n  two\\u202e'


def test_console_separator_and_empty_parts() -> None:
    record = _record("", name="root")
    formatter = ZapFormatter(encoding="console", console_separator=" | ", time_key="", add_caller=False)
    assert formatter.format(record) == "info | "
    assert (
        ZapFormatter(encoding="console", console_separator="", time_key="", add_caller=False).format(
            _record(name="root", k=1)
        )
        == 'info\thi\t{"k": 1}'
    )
    bare = ZapFormatter(encoding="console", time_key="", level_key="", message_key="", add_caller=False)
    assert bare.format(_record(name="root", k=1)) == '{"k": 1}'


def test_color_level_encoders() -> None:
    record = _record(level=logging.ERROR, name="root")
    formatter = ZapFormatter(time_key="", add_caller=False, level_encoder="capitalColor")
    assert formatter.format(record) == '{"level":"\\u001b[31mERROR\\u001b[0m","msg":"hi"}'
    console = ZapFormatter(encoding="console", time_key="", add_caller=False, level_encoder="color")
    assert console.format(_record(level=logging.DEBUG, name="root")) == "\x1b[35mdebug\x1b[0m\thi"


def test_a_json_line_for_a_terminal_escapes_del_and_c1() -> None:
    class TTY(io.StringIO):
        def isatty(self) -> bool:
            return True

    record = _record("a\x7fb\x9b", name="root")
    assert ZapFormatter(time_key="", add_caller=False).format(record) == '{"level":"info","msg":"a\x7fb\x9b"}'
    assert ZapFormatter(time_key="", add_caller=False, stream=TTY()).format(record) == (
        '{"level":"info","msg":"a\\u007fb\\u009b"}'
    )


# -- options -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "error", "named"),
    [
        ({"encoding": "text"}, ValueError, "encoding"),
        ({"development": "yes"}, TypeError, "development"),
        ({"add_caller": 1}, TypeError, "add_caller"),
        ({"time_key": 1}, TypeError, "time_key"),
        ({"time_encoder": "iso"}, ValueError, "time_encoder"),
        ({"time_encoder": {"format": "x"}}, ValueError, "time_encoder"),
        ({"time_encoder": {"layout": 1}}, TypeError, "time_encoder"),
        ({"level_encoder": "upper"}, ValueError, "level_encoder"),
        ({"duration_encoder": "s"}, ValueError, "duration_encoder"),
        ({"caller_encoder": "long"}, ValueError, "caller_encoder"),
        ({"console_separator": "\n"}, ValueError, "console_separator"),
        ({"tz": "Mars/Base"}, ValueError, "tz"),
        ({"stream": 3}, TypeError, "stream"),
        ({"exclude_fields": "k"}, TypeError, "exclude_fields"),
    ],
)
def test_a_wrong_option_is_an_error_naming_it(options: dict[str, Any], error: type[Exception], named: str) -> None:
    with pytest.raises(error, match=named):
        ZapFormatter(**options)


def test_options_are_keyword_only_and_fixed() -> None:
    formatter = ZapFormatter(development=True)
    assert (formatter.time_key, formatter.level_encoder, formatter.duration_encoder) == ("T", "capital", "string")
    with pytest.raises(AttributeError, match="development"):
        formatter.development = False
    layout = ZapFormatter(time_encoder={"layout": "15:04"})
    with pytest.raises(TypeError):
        layout.time_encoder["layout"] = "15"  # type: ignore[index]
    with pytest.raises(TypeError):
        ZapFormatter(None, None, "%", True, "console")


def test_dict_config_in_both_forms() -> None:
    out = io.StringIO()
    config: dict[str, Any] = {
        "version": 1,
        "formatters": {
            "call": {"()": "prefixlog.ZapFormatter", "encoding": "console", "time_key": "", "add_caller": False},
            "class": {"class": "prefixlog.ZapFormatter", "datefmt": "15:04"},
        },
        "handlers": {
            "a": {"class": "logging.StreamHandler", "stream": out, "formatter": "call"},
            "b": {"class": "logging.StreamHandler", "stream": out, "formatter": "class"},
        },
        "loggers": {"zapdict": {"handlers": ["a", "b"], "level": "INFO", "propagate": False}},
    }
    logging.config.dictConfig(config)
    try:
        logger = logging.getLogger("zapdict")
        logger.info("hi", extra={"k": 1})
        lines = out.getvalue().splitlines()
        assert lines[0] == 'info\tzapdict\thi\t{"k": 1}'
        assert json.loads(lines[1])["logger"] == "zapdict"
        assert json.loads(lines[1])["caller"].startswith("tests/test_zap.py:")
    finally:
        logging.getLogger("zapdict").handlers.clear()


def test_format_never_raises() -> None:
    record = _record(name="root")
    record.levelno = "loud"  # type: ignore[assignment]
    line = ZapFormatter(time_key="", add_caller=False).format(record)
    assert json.loads(line)["prefixlog_error"] == "levelno: 'loud' is not a level number"


@pytest.mark.parametrize(
    ("attrs", "error"),
    [
        ({"created": float("nan")}, "created: nan is not a time"),
        ({"created": "yesterday"}, "created: 'yesterday' is not a time"),
        ({"levelno": "40", "levelname": "ERROR"}, "levelno: '40' is not a level number"),
        ({"exc_info": 5}, "exc_info: 5 is not an exception"),
        ({"lineno": 10**5000, "pathname": 7}, None),  # the caller is written as text: nothing to repair
    ],
)
def test_a_hostile_attribute_costs_only_itself(attrs: dict[str, Any], error: str | None) -> None:
    base = {"msg": "m", "user": "ana", "name": "root", "levelno": 20, "levelname": "INFO", "created": 1625383586.0}
    record = logging.makeLogRecord({**base, **attrs})
    data = json.loads(ZapFormatter().format(record))
    assert isinstance(data.pop("ts"), (int, float))
    said = data.pop("prefixlog_error", None)
    if error is None:
        assert said is None
        assert data.pop("caller") == "7:1" + "0" * 5000
    else:
        assert said.startswith(error)
    assert data == {"level": "error" if "levelno" in attrs else "info", "msg": "m", "user": "ana"}
    console = ZapFormatter(encoding="console", time_key="", add_caller=False).format(record)
    assert console.startswith(('info\tm\t{"user": "ana"', 'error\tm\t{"user": "ana"'))


def test_configure_and_the_environment_give_zap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFIXLOG_FORMAT", "zap-console")
    out = io.StringIO()
    handler = prefixlog.configure(stream=out, disable_timestamp=True, add_caller=False, capture=False)
    try:
        logging.getLogger("envzap").warning("m", extra={"k": "v"})
        assert out.getvalue() == 'WARN\tenvzap\tm\t{"k": "v"}\n'
        assert isinstance(handler.formatter, ZapFormatter)
    finally:
        logging.getLogger().removeHandler(handler)


def test_the_module_is_documented() -> None:
    assert ZapFormatter.__doc__
    assert "development" in ZapFormatter.__doc__
    assert "ZapFormatter" in prefixlog.__all__
    assert sys.modules["prefixlog._zap"].__doc__


@pytest.mark.parametrize(
    ("encoding", "line"),
    [
        ("json", '{"L":"INFO","T":"1970-01-01T00:00:00.000Z","C":"a/b.py:\\u001f\\"x","M":"m"}'),
        ("console", '1970-01-01T00:00:00.000Z\tINFO\ta/b.py:\\x1f"x\tm'),
    ],
)
def test_a_line_number_that_is_text_is_escaped_as_the_caller(encoding: str, line: str) -> None:
    """Found by the hostile-record properties: an odd ``lineno`` was written raw into the caller."""
    made = logging.makeLogRecord({"msg": "m", "levelno": logging.INFO, "lineno": '\x1f"x', "pathname": "/a/b.py"})
    made.created, made.msecs = 0.0, 0.0
    formatter = ZapFormatter(encoding=encoding, development=True, tz="UTC")  # type: ignore[arg-type]
    assert formatter.format(made) == line


def test_values_through_encoding_json_write_b_and_f_as_go_1_22_does() -> None:
    """zap.Any's encoding/json path (a mixed list, a map) writes \\b and \\f; zap's own strings \\u0008, \\u000c.

    Expected bytes: tests/data/zap_reflect.go run with Go 1.27.3 and zap 1.23 (its header says how).
    """
    expected = (Path(__file__).parent / "data" / "zap-reflect-expected.txt").read_text(encoding="utf-8").splitlines()
    values = (["a\bb\fc", 1], {"x": "a\bb\fc\x01\\b", "y": ["\b", 2.5]}, "a\bb\fc")
    lines = []
    for formatter in (
        ZapFormatter(time_key="", add_caller=False),
        ZapFormatter(encoding="console", development=True, time_key="", add_caller=False),
    ):
        for value in values:
            record = logging.LogRecord("root", logging.INFO, __file__, 1, "m", None, None)
            record.k = value
            lines.append(formatter.format(record))
    assert lines == expected
