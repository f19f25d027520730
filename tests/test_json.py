"""JSONFormatter beyond the conformance corpus: options, values, exceptions, safety."""

from __future__ import annotations

import decimal
import enum
import importlib.metadata
import io
import json
import logging
import logging.config
import traceback
from typing import Any

import pytest

import prefixlog
from prefixlog import FieldLogger, JSONFormatter
from prefixlog._jsonwrite import BACKENDS, Encoder

from helpers import fresh_logger, record
from oracle_cases import load_cases, load_expected, make_formatter, make_record, render


def fields_record(fields: dict[Any, Any], msg: str = "x") -> logging.LogRecord:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_fields(fields).info(msg)
    return capture.record


def fmt(**options: Any) -> JSONFormatter:
    options.setdefault("disable_timestamp", True)
    return JSONFormatter(**options)


def backend_formatter(backend: str, **options: Any) -> JSONFormatter:
    formatter = fmt(**options)
    formatter._encoder = Encoder(
        escape_html=not formatter.disable_html_escape,
        indent=formatter.pretty_print,
        ensure_ascii=formatter.json_ensure_ascii,
        backend=backend,
    )
    return formatter


# -- deliberate differences from Go --------------------------------------------


def test_nel_is_escaped_where_go_writes_it_raw() -> None:
    """json-0068 (in oracle_cases.DIFFERENT): Go writes U+0085 raw, a line break to many readers."""
    (case,) = [c for c in load_cases("corpus-public.jsonl") if c["id"] == "json-0068"]
    go = load_expected("expected-public.jsonl")["json-0068"]["output"]
    assert "\x85" in go
    # The one deliberate difference: the raw U+0085 becomes the escape \u0085.
    assert render(case) == go.replace("\x85", "\\u0085")


def test_backspace_and_form_feed_as_go_1_19_writes_them() -> None:
    # Go < 1.22 (the oracle's Go 1.19) writes \u0008 and \u000c; Go >= 1.22 writes \b and \f.
    # The two go_version_dependent corpus cases (json-0080, json-0081) hold the Go 1.19 form.
    assert fmt().format(record("a\bb\fc")) == '{"level":"info","msg":"a\\u0008b\\u000cc"}'


def test_nan_and_infinity_are_strings() -> None:
    out = fmt().format(record("m", nan=float("nan"), inf=float("inf"), ninf=float("-inf")))
    assert out == '{"inf":"+Inf","level":"info","msg":"m","nan":"NaN","ninf":"-Inf"}'


# -- values --------------------------------------------------------------------


class Color(enum.Enum):
    RED = "red"


class Number(enum.IntEnum):
    ONE = 1


class Text(str):
    def __str__(self) -> str:
        return "overridden"


class Count:
    """An integer of another library (as numpy.int64): it has ``__index__``."""

    def __index__(self) -> int:
        return 7


class Broken:
    def __str__(self) -> str:
        raise RuntimeError("no text")


class Shown:
    def __str__(self) -> str:
        return "<shown>"


def test_values_json_can_hold_are_written_as_json() -> None:
    out = fmt().format(
        record(
            "m",
            big=2**80,
            neg=-(2**70),
            flag=False,
            none=None,
            half=0.5,
            whole=2.0,
            tiny=1e-7,
            nested={"b": [1, 2.5, {"z": None, "a": True}], "a": ()},
            tup=("t", 1),
        )
    )
    assert out == (
        '{"big":1208925819614629174706176,"flag":false,"half":0.5,"level":"info","msg":"m",'
        '"neg":-1180591620717411303424,"nested":{"a":[],"b":[1,2.5,{"a":true,"z":null}]},"none":null,'
        '"tiny":1e-7,"tup":["t",1],"whole":2}'
    )


def test_values_json_cant_hold_are_their_text() -> None:
    out = fmt().format(
        record(
            "m",
            err=ValueError("bad <value>"),
            raw=b"caf\xc3\xa9 \xff",
            color=Color.RED,
            number=Number.ONE,
            count=Count(),
            text=Text("plain"),
            dec=decimal.Decimal("1.10"),
            shown=Shown(),
            broken=Broken(),
            tags={"b", "a"},
            mixed={1, "a"},
        )
    )
    loaded = json.loads(out)
    assert loaded["mixed"] in (["a", 1], [1, "a"])  # a set that can't be sorted: as iterated
    assert out == (
        '{"broken":"\\u003cunprintable Broken: RuntimeError: no text\\u003e","color":"red",'
        '"count":7,"dec":"1.10",'
        '"err":"bad \\u003cvalue\\u003e","level":"info","mixed":'
        + json.dumps(loaded["mixed"], separators=(",", ":"))
        + ","
        '"msg":"m","number":1,"raw":"Y2Fmw6kg/w==","shown":"\\u003cshown\\u003e","tags":["a","b"],"text":"plain"}'
    )


def test_non_str_keys_are_their_text_and_sorted_as_go_sorts_them() -> None:
    out = fmt().format(fields_record({1: "one", None: "nil", ("t",): "tuple", "b": {2: "x", 1.5: "y", True: "z"}}))
    assert out == (
        '{"1":"one","\\u003cnil\\u003e":"nil","[\\"t\\"]":"tuple","b":{"1.5":"y","2":"x","true":"z"},'
        '"level":"info","msg":"x"}'
    )


def test_recursive_containers_become_placeholders_for_that_value_only() -> None:
    loop: list[Any] = [1]
    loop.append(loop)
    self_ref: dict[str, Any] = {"x": 1}
    self_ref["me"] = self_ref
    out = fmt().format(record("m", loop=loop, me=self_ref, ok=True))
    assert out == '{"level":"info","loop":[1,"[...]"],"me":{"me":"{...}","x":1},"msg":"m","ok":true}'


def test_too_deep_nesting_is_cut_not_fatal() -> None:
    deep: list[Any] = []
    inner = deep
    for _ in range(5000):
        inner.append([])
        inner = inner[0]
    out = fmt().format(record("m", deep=deep, ok=True))
    assert out.startswith('{"deep":' + "[" * prefixlog._gojson.MAX_DEPTH + '"')
    assert out.endswith("]" * prefixlog._gojson.MAX_DEPTH + ',"level":"info","msg":"m","ok":true}')


def test_json_default_handles_what_prefixlog_has_no_rule_for() -> None:
    def default(value: object) -> Any:
        if isinstance(value, Shown):
            return {"shown": [1, Shown2()]}
        return "default:" + type(value).__name__

    class Shown2:
        pass

    out = fmt(json_default=default).format(record("m", a=Shown(), err=KeyError("k"), n=1))
    assert out == '{"a":{"shown":[1,"default:Shown2"]},"err":"\'k\'","level":"info","msg":"m","n":1}'


def test_json_default_that_fails_or_loops_gives_the_text() -> None:
    def failing(value: object) -> Any:
        raise TypeError("nope")

    assert (
        fmt(json_default=failing).format(record("m", a=Shown()))
        == '{"a":"\\u003cshown\\u003e","level":"info","msg":"m"}'
    )
    assert fmt(json_default=lambda v: v).format(record("m", a=Shown())) == (
        '{"a":"\\u003cshown\\u003e","level":"info","msg":"m"}'
    )


class Point:
    def __init__(self) -> None:
        self.x, self.y = 1, [2.0]


def test_json_default_can_be_a_dotted_path() -> None:
    formatter = fmt(json_default="builtins.vars")
    assert formatter.json_default is vars
    assert formatter.format(record("m", p=Point())) == '{"level":"info","msg":"m","p":{"x":1,"y":[2]}}'


# -- safety: one record, one line ----------------------------------------------

HOSTILE = "".join(chr(c) for c in range(32)) + '\x7f\x85\u2028\u2029"\\<>&/'


@pytest.mark.parametrize("backend", BACKENDS)
def test_hostile_text_never_breaks_the_line_and_round_trips(backend: str) -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_fields({HOSTILE: HOSTILE, "nested": {HOSTILE: [HOSTILE]}}).info(HOSTILE)
    for options in ({}, {"disable_html_escape": True}, {"data_key": HOSTILE}, {"json_ensure_ascii": True}):
        out = backend_formatter(backend, **options).format(capture.record)
        assert out.splitlines() == [out]
        assert not any(ch in out for ch in "\x85\u2028\u2029")
        assert all(ord(ch) >= 0x20 for ch in out)
        data = json.loads(out)
        assert data["msg"] == HOSTILE
        fields = data[HOSTILE] if "data_key" in options else data
        assert fields[HOSTILE] == HOSTILE
        assert fields["nested"] == {HOSTILE: [HOSTILE]}


def test_exceptions_are_fields_on_the_one_line() -> None:
    logger, capture = fresh_logger()
    try:
        raise ValueError("bad\nvalue")
    except ValueError as error:
        FieldLogger(logger).with_field("exc_type", "user's").exception("failed: %s", "x")
        info = (type(error), error, error.__traceback__)
    tb = "".join(traceback.format_exception(*info)).rstrip("\n")
    out = fmt().format(capture.record)
    assert out.splitlines() == [out]
    assert out == (
        '{"exc_info":' + json.dumps(tb, ensure_ascii=False) + ',"exc_message":"bad\\nvalue","exc_type":"ValueError",'
        '"fields.exc_type":"user\'s","level":"error","msg":"failed: x"}'
    )


def test_exception_fields_follow_field_map_and_as_array() -> None:
    logger, capture = fresh_logger()
    empty: dict[str, int] = {}
    try:
        empty["k"]
    except KeyError:
        FieldLogger(logger).exception("failed", stack_info=True)
    out = fmt(field_map={"exc_info": "trace", "exc_type": "error.kind"}, exc_info_as_array=True).format(capture.record)
    data = json.loads(out)
    assert data["error.kind"] == "KeyError"
    assert data["exc_message"] == "'k'"
    assert data["trace"][0] == "Traceback (most recent call last):"
    assert data["trace"][-1] == "KeyError: 'k'"
    assert data["stack_info"].startswith("Stack (most recent call last):\n")
    assert sorted(data) == ["error.kind", "exc_message", "level", "msg", "stack_info", "trace"]
    stack = json.loads(fmt(stack_info_as_array=True).format(capture.record))["stack_info"]
    assert stack[0] == "Stack (most recent call last):"
    assert capture.record.exc_text == "\n".join(data["trace"])  # the record keeps the text, as logging does


def test_a_user_field_named_like_an_exception_field_is_kept_without_an_exception() -> None:
    assert fmt().format(record("m", exc_info="mine")) == '{"exc_info":"mine","level":"info","msg":"m"}'


def test_format_never_raises() -> None:
    class Failing(JSONFormatter):
        def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
            raise RuntimeError("hook <failed>")

    out = Failing().format(record("m\u2028", k=1))
    assert out == ('{"level":"info","msg":"m\\u2028","prefixlog_error":"RuntimeError(\'hook \\u003cfailed\\u003e\')"}')


def test_format_never_raises_even_when_the_error_cant_be_shown() -> None:
    class UnshowableError(Exception):
        def __repr__(self) -> str:
            raise ValueError("no repr")

    class Failing(JSONFormatter):
        def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
            raise UnshowableError

    out = Failing(field_map={"msg": "message"}).format(record("m", level=logging.WARNING))
    assert out == (
        '{"level":"warning","message":"m",'
        '"prefixlog_error":"\\u003cunprintable UnshowableError: ValueError: no repr\\u003e"}'
    )


def test_a_message_whose_arguments_dont_fit_is_still_written() -> None:
    out = fmt().format(record("%d items", "many"))
    assert out.startswith('{"level":"info","msg":"%d items \\u003cunprintable tuple: TypeError: ')


# -- layout options --------------------------------------------------------------


def test_pretty_print_is_gos_two_space_indent() -> None:
    rec = record("m", d={}, l=[], n={"a": [1, {"b": None}], "e": {"x": []}})
    assert fmt(pretty_print=True, data_key="data").format(rec) == (
        "{\n"
        '  "data": {\n'
        '    "d": {},\n'
        '    "l": [],\n'
        '    "n": {\n'
        '      "a": [\n'
        "        1,\n"
        "        {\n"
        '          "b": null\n'
        "        }\n"
        "      ],\n"
        '      "e": {\n'
        '        "x": []\n'
        "      }\n"
        "    }\n"
        "  },\n"
        '  "level": "info",\n'
        '  "msg": "m"\n'
        "}"
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_pretty_print_with_a_float_python_writes_otherwise(backend: str) -> None:
    out = backend_formatter(backend, pretty_print=True).format(record("m", f=[1e-7, 2.0]))
    assert out == '{\n  "f": [\n    1e-7,\n    2\n  ],\n  "level": "info",\n  "msg": "m"\n}'


def test_a_caller_prettyfier_can_be_a_dotted_path() -> None:
    formatter = fmt(report_caller=True, caller_prettyfier="prefixlog.short_caller")
    rec = record("m")
    assert formatter.format(rec) == f'{{"file":"test_json.py:{rec.lineno}","level":"info","msg":"m"}}'


def test_datefmt_is_a_timestamp_format_and_defaults_to_rfc3339() -> None:
    rec = record("m")
    rec.created = 1625383586.123456  # 2021-07-04T15:26:26.123456+08:00 (tests run in Asia/Shanghai)
    assert JSONFormatter(None, "2006-01-02 15:04:05.000").format(rec) == (
        '{"level":"info","msg":"m","time":"2021-07-04 15:26:26.123"}'
    )
    assert JSONFormatter(timestamp_format="%H:%M").format(rec) == '{"level":"info","msg":"m","time":"15:26"}'
    assert JSONFormatter().format(rec) == '{"level":"info","msg":"m","time":"2021-07-04T15:26:26+08:00"}'


# -- python-json-logger's options ------------------------------------------------


def test_it_is_a_python_json_logger_formatter() -> None:
    from pythonjsonlogger.json import JsonFormatter

    assert issubclass(JSONFormatter, JsonFormatter)


def test_static_fields_defaults_and_fmt_are_fields_the_record_overrides() -> None:
    formatter = fmt(
        fmt="%(asctime)s %(name)s %(levelname)s %(message)s %(lineno)d",
        defaults={"env": "dev", "region": "eu"},
        static_fields={"env": "prod", "service": "api", "msg": "static msg"},
    )
    rec = record("m", service="override")
    assert formatter.format(rec) == (
        '{"env":"prod","fields.msg":"static msg","level":"info",'
        f'"lineno":{rec.lineno},"msg":"m","name":"test","region":"eu","service":"override"}}'
    )


PJL_VERSION = tuple(int(part) for part in importlib.metadata.version("python-json-logger").split(".")[:2])


@pytest.mark.skipif(
    PJL_VERSION < (4, 0), reason=f"python-json-logger {PJL_VERSION} parses a list or comma-style fmt from 4.0 on"
)
def test_fmt_may_be_a_list_or_comma_style() -> None:
    rec = record("m")
    expected = '{"level":"info","module":"test_json","msg":"m","name":"test"}'
    assert fmt(fmt=["name", "module"]).format(rec) == expected
    assert fmt(fmt="name, module", style=",").format(rec) == expected


def test_rename_fields_renames_fields_not_logruss_keys() -> None:
    formatter = fmt(rename_fields={"user": "user.name", "msg": "message", "gone": "absent"})
    assert formatter.format(record("m", user="ana")) == '{"level":"info","msg":"m","user.name":"ana"}'
    formatter = fmt(rename_fields={"user": "user.name", "gone": "absent"}, rename_fields_keep_missing=True)
    assert formatter.format(record("m", user="ana")) == '{"absent":null,"level":"info","msg":"m","user.name":"ana"}'


def test_reserved_attrs_choose_which_attributes_are_not_fields() -> None:
    rec = record("m", k=1)
    names = set(vars(rec)) - {"name", "k"}
    assert fmt(reserved_attrs=sorted(names)).format(rec) == '{"k":1,"level":"info","msg":"m","name":"test"}'
    assert fmt(reserved_attrs=[*sorted(names), "k"]).format(rec) == '{"level":"info","msg":"m","name":"test"}'


def test_prefix_and_ensure_ascii() -> None:
    out = fmt(prefix="@cee: ", json_ensure_ascii=True).format(record("café 🚀"))
    assert out == '@cee: {"level":"info","msg":"caf\\u00e9 \\ud83d\\ude80"}'


def test_python_json_logger_hooks_are_called_in_its_order() -> None:
    class Hooked(JSONFormatter):
        def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
            super().add_fields(log_data, record, message_dict)
            log_data["added"] = 1.0

        def process_log_record(self, log_data: dict[str, Any]) -> dict[Any, Any]:
            return {**log_data, 7: "non-str key"}

    assert (
        Hooked(disable_timestamp=True).format(record("m")) == '{"7":"non-str key","added":1,"level":"info","msg":"m"}'
    )


def test_dict_config_class_form(capsys: pytest.CaptureFixture[str]) -> None:
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "json": {
                    "class": "prefixlog.JSONFormatter",
                    "format": "%(name)s %(message)s",
                    "datefmt": "15:04",
                    "validate": True,
                }
            },
            "handlers": {"out": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stdout"}},
            "loggers": {"prefixlog.test.dictconfig": {"handlers": ["out"], "level": "INFO", "propagate": False}},
        }
    )
    logging.getLogger("prefixlog.test.dictconfig").info("hi", extra={"k": "v"})
    out = capsys.readouterr().out
    assert out.startswith('{"k":"v","level":"info","msg":"hi","name":"prefixlog.test.dictconfig","time":"')
    assert len(json.loads(out)["time"]) == 5


# -- bad configuration -----------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"disable_timestamp": "yes"}, TypeError, "disable_timestamp must be True or False"),
        ({"disable_html_escape": 1}, TypeError, "disable_html_escape must be True or False"),
        ({"pretty_print": None}, TypeError, "pretty_print must be True or False"),
        ({"report_caller": "true"}, TypeError, "report_caller must be True or False"),
        ({"data_key": 1}, TypeError, "data_key must be a str"),
        ({"timestamp_format": 5}, TypeError, "timestamp_format must be a str"),
        ({"field_map": {"when": "x"}}, ValueError, "field_map: unknown key 'when'; allowed keys are time, msg"),
        ({"field_map": {"time": 1}}, TypeError, r"field_map\['time'\] must be a str"),
        ({"caller_prettyfier": 3}, TypeError, "caller_prettyfier must be callable"),
        ({"caller_prettyfier": "nowhere.at_all"}, ValueError, "caller_prettyfier: cannot import"),
        ({"json_default": "nowhere.at_all"}, ValueError, "json_default: cannot import"),
        ({"prefix": 1}, TypeError, "prefix must be a str"),
        ({"prefix": "a\nb"}, ValueError, r"prefix must not contain control characters.*found '\\n'"),
        ({"prefix": "a\u2028"}, ValueError, r"prefix must not contain control characters.*found '\\u2028'"),
        ({"prefix": "\x1b[2J"}, ValueError, r"prefix must not contain control characters.*found '\\x1b'"),
        ({"prefix": "\x9b2J"}, ValueError, r"prefix must not contain control characters.*found '\\x9b'"),
        ({"prefix": "rtl\u202e"}, ValueError, r"prefix must not contain control characters.*found '\\u202e'"),
        ({"prefix": "\udc80"}, ValueError, r"prefix must not contain control characters.*found '\\udc80'"),
        ({"static_fields": ["a"]}, TypeError, "static_fields must be a mapping"),
        ({"defaults": {1: "a"}}, TypeError, "defaults: keys must be str"),
        ({"rename_fields": {"a": 1}}, TypeError, r"rename_fields\['a'\] must be a str"),
        ({"rename_fields_keep_missing": 1}, TypeError, "rename_fields_keep_missing must be True or False"),
        ({"reserved_attrs": "name"}, TypeError, "reserved_attrs must be a list of attribute names"),
        ({"reserved_attrs": [1]}, TypeError, "reserved_attrs: names must be str"),
        ({"exc_info_as_array": "no"}, TypeError, "exc_info_as_array must be True or False"),
        ({"json_ensure_ascii": 1}, TypeError, "json_ensure_ascii must be True or False"),
        ({"timestamp": True}, ValueError, "timestamp=True is not supported by this formatter: logrus"),
        ({"json_encoder": json.JSONEncoder}, ValueError, "json_encoder=.* is not supported .* use json_default"),
        ({"json_serializer": repr}, ValueError, "json_serializer=.* is not supported"),
        ({"json_indent": 2}, ValueError, "json_indent=2 is not supported .* use pretty_print=True"),
        ({"fmt": "%(name"}, ValueError, "format"),
        ({"stream": 5}, TypeError, r"stream must be a stream \(an object with write\(\)\), not 5"),
        ({"preset": "syslog"}, ValueError, "preset: unknown preset 'syslog'; use one of logrus, ecs, gcp, datadog"),
        ({"preset": 3}, TypeError, "preset must be a str"),
    ],
)
def test_bad_options_fail_at_construction(options: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        JSONFormatter(**options)  # type: ignore[arg-type]  # wrong types, on purpose


def test_json_dumps_is_accepted_as_the_serializer() -> None:
    assert fmt(json_serializer=json.dumps).format(record("m")) == '{"level":"info","msg":"m"}'


def test_oracle_case_records_are_what_the_formatter_sees() -> None:
    """make_formatter/make_record give JSONFormatter no option it doesn't know."""
    (case,) = [c for c in load_cases("corpus-public.jsonl") if c["id"] == "json-0045"]
    assert isinstance(make_formatter(case), JSONFormatter)
    assert make_record(case).funcName == "main.run"


# -- the rest of prefixlog ---------------------------------------------------------


@pytest.mark.usefixtures("restore_root_logging")
def test_configure_json_and_its_preset(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    prefixlog.configure(format="json", stream=out, preset="logrus", disable_timestamp=True)
    logging.getLogger("prefixlog.test.configure").info("up", extra={"port": 8080})
    assert out.getvalue() == '{"level":"info","msg":"up","port":8080}\n'
    monkeypatch.setenv("PREFIXLOG_PRESET", "splunk")
    with pytest.raises(ValueError, match="PREFIXLOG_PRESET: unknown preset 'splunk'"):
        prefixlog.configure(format="json", stream=io.StringIO())


def test_context_fields_are_fields_and_yield_to_the_records_own() -> None:
    logger, capture = fresh_logger()
    with prefixlog.context(request_id="f9a1", user="ctx"):
        FieldLogger(logger).with_field("user", "ana").info("m")
    out = fmt(data_key="data").format(capture.record)
    assert out == '{"data":{"request_id":"f9a1","user":"ana"},"level":"info","msg":"m"}'


def test_the_demo_shows_the_json_layout() -> None:
    from prefixlog import _demo

    out = io.StringIO()
    assert _demo.run(out) == 0
    section = out.getvalue().split("== JSONFormatter (logrus JSON, for log shippers)\n", 1)[1].split("\n== ", 1)[0]
    records = [json.loads(line) for line in section.splitlines()]
    assert len(records) >= 5
    assert all({"level", "msg", "time"} <= set(r) for r in records)
    (warning,) = [r for r in records if r["level"] == "warning"]
    assert warning["request_id"] == "f9a1"  # a context field
    assert records[-1]["exc_type"] == "KeyError"


class _Hooked(JSONFormatter):
    """Overrides a hook, so format() takes python-json-logger's path."""

    def process_log_record(self, log_data: dict[str, Any]) -> dict[str, Any]:
        return super().process_log_record(log_data)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"preset": "ecs"},
        {"preset": "gcp"},
        {"report_caller": True, "disable_html_escape": True},
        {"pretty_print": True},
    ],
)
def test_the_direct_path_writes_what_the_hooks_write(options: dict[str, Any]) -> None:
    """format() skips the hooks when none is overridden; the bytes must not change."""
    direct, hooked = JSONFormatter(**options), _Hooked(**options)
    assert direct._direct
    assert not hooked._direct
    values: list[Any] = ["a<b>&c\u2028\x85", 3, -0.0, 1e-7, 2.5, 1e21, float("nan"), True, None, [1, {"k": 2.0}],
                         {3: "x"}, b"\xff", ValueError("e"), 2**70]  # fmt: skip
    logger, capture = fresh_logger()
    for i, value in enumerate(values):
        FieldLogger(logger).with_fields({"v": value, "msg": i, "time": "t"}).warning("m %s", i)
    for rec in capture.records:
        assert direct.format(rec) == hooked.format(rec)


def test_rename_fields_of_python_json_loggers_own_names_rename_logrus_keys() -> None:
    formatter = JSONFormatter(
        "%(levelname)s %(message)s %(asctime)s %(name)s",
        rename_fields={"levelname": "severity", "message": "text", "asctime": "ts", "name": "logger"},
        timestamp_format="2006",
    )
    rec = logging.LogRecord("n", logging.INFO, "a.py", 1, "m", (), None)
    rec.created = 0.0
    assert formatter.format(rec) == '{"logger":"n","severity":"info","text":"m","ts":"1970"}'
    with pytest.raises(ValueError, match=r"rename_fields\['message'\] and field_map\['msg'\] both rename"):
        JSONFormatter(rename_fields={"message": "x"}, field_map={"msg": "y"})
