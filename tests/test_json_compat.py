"""JSONFormatter keeps python-json-logger 4.2's promises (issue 13): whole lines, one promise per section.

Its own test suite runs in ``.ci/run`` with ``JSONFormatter`` in its place
(``pjl_suite.py``); these are the fast checks of what that run found broken.
"""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Callable
from typing import Any

import pytest
from pythonjsonlogger.core import RESERVED_ATTRS

from prefixlog import JSONFormatter

from helpers import fresh_logger, traceback_text

#: Referred to as ``ext://test_json_compat.RENAMED`` in a dictConfig below.
RENAMED = "user.name"


def fmt(*args: Any, **options: Any) -> JSONFormatter:
    """A JSONFormatter without the time (not what these tests are about)."""
    return JSONFormatter(*args, disable_timestamp=True, **options)


def go_string(text: str | None) -> str:
    """``text`` as a JSON string as Go writes it (UTF-8, ``<>&`` escaped); these texts hold no other escape."""
    assert text is not None
    return json.dumps(text, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def tb(record: logging.LogRecord) -> str:
    """The record's traceback as a JSON string, as every line below writes it."""
    return go_string(traceback_text(record))


#: The exception fields ``logger.exception()`` adds for the ZeroDivisionError ``logged`` raises.
ZERO = '"exc_message":"division by zero","exc_type":"ZeroDivisionError"'


def logged(call: str, msg: Any = "m", **kwargs: Any) -> logging.LogRecord:
    """The record ``logger.<call>(msg, **kwargs)`` makes; ``exception`` is called inside an ``except``."""
    logger, capture = fresh_logger()
    if call == "exception":
        try:
            1 / 0  # noqa: B018 - the exception is the point
        except ZeroDivisionError:
            logger.exception(msg, **kwargs)
    else:
        getattr(logger, call)(msg, **kwargs)
    return capture.record


# -- (a) dictConfig's ext:// in static_fields, defaults and rename_fields -----------------------


def configured(**options: Any) -> JSONFormatter:
    """The formatter ``dictConfig`` makes of ``{"()": "prefixlog.JSONFormatter", **options}``.

    The configuration also holds ``"service": {"name": "api"}``, for ``cfg://`` references.
    """
    logging.config.dictConfig(
        {
            "version": 1,
            "service": {"name": "api"},
            "disable_existing_loggers": False,
            "formatters": {"json": {"()": "prefixlog.JSONFormatter", "disable_timestamp": True, **options}},
            "handlers": {"out": {"class": "logging.StreamHandler", "formatter": "json", "stream": io.StringIO()}},
            "loggers": {"prefixlog.test.compat": {"handlers": ["out"], "level": "INFO", "propagate": False}},
        }
    )
    formatter = logging.getLogger("prefixlog.test.compat").handlers[0].formatter
    assert isinstance(formatter, JSONFormatter)
    return formatter


def test_ext_references_are_resolved_as_python_json_logger_resolves_them() -> None:
    formatter = configured(
        static_fields={"level_number": "ext://logging.WARNING", "plain": "text", "nested": {"n": "ext://sys.path"}},
        defaults={"digits": "ext://string.digits"},
        rename_fields={"user": "ext://test_json_compat.RENAMED"},
    )
    out = formatter.format(logged("info", extra={"user": "ana"}))
    # Read by key, as python-json-logger does: a nested value is not a reference (it writes it as it is).
    assert out == (
        '{"digits":"0123456789","level":"info","level_number":30,"msg":"m","nested":{"n":"ext://sys.path"},'
        '"plain":"text","user.name":"ana"}'
    )


def test_cfg_references_are_resolved_too() -> None:
    formatter = configured(static_fields={"svc": "cfg://service.name"}, defaults={"svc_default": "cfg://service"})
    assert formatter.format(logged("info")) == '{"level":"info","msg":"m","svc":"api","svc_default":{"name":"api"}}'


def test_an_ext_reference_that_cant_be_resolved_fails_at_configuration_naming_the_option() -> None:
    with pytest.raises(ValueError, match="Unable to configure formatter 'json'") as raised:
        configured(static_fields={"svc": "ext://nowhere_at_all.VALUE"})
    assert isinstance(raised.value.__cause__, ValueError)
    assert str(raised.value.__cause__).startswith("static_fields['svc']: Cannot resolve 'nowhere_at_all.VALUE'")


# -- (b) exc_info named in fmt, or not reserved: the traceback, never the raw tuple ---------------


@pytest.mark.parametrize("style", ["{", "%", "$", ","])
def test_a_format_naming_exc_info_writes_the_traceback_once(style: str) -> None:
    """python-json-logger's quick start: ``"{message}{asctime}{exc_info}"``."""
    names = {
        "{": "{message}{asctime}{exc_info}",
        "%": "%(message)s %(asctime)s %(exc_info)s",
        "$": "$message $exc_info",
    }
    formatter = fmt(names.get(style, "message,asctime,exc_info"), style=style)
    rec = logged("exception")
    assert formatter.format(rec) == '{"exc_info":' + tb(rec) + "," + ZERO + ',"level":"error","msg":"m"}'
    # Without an exception the attribute is None, written as python-json-logger writes it.
    assert formatter.format(logged("info")) == '{"exc_info":null,"level":"info","msg":"m"}'


def test_exception_attributes_left_out_of_reserved_attrs_are_the_exception_fields() -> None:
    kept = {"exc_info", "exc_text", "stack_info", "name"}
    formatter = fmt(reserved_attrs=[name for name in RESERVED_ATTRS if name not in kept])
    rec = logged("exception", stack_info=True)
    assert rec.stack_info is not None
    assert formatter.format(rec) == (
        '{"exc_info":' + tb(rec) + "," + ZERO + ',"level":"error","msg":"m","name":"test",'
        '"stack_info":' + go_string(rec.stack_info) + "}"
    )
    # Without an exception or stack they are attributes like any other: None.
    assert formatter.format(logged("info")) == (
        '{"exc_info":null,"exc_text":null,"level":"info","msg":"m","name":"test","stack_info":null}'
    )


def test_with_nothing_reserved_no_value_is_a_raw_exception_object() -> None:
    data = json.loads(fmt(reserved_attrs=[]).format(rec := logged("exception")))
    assert data["exc_info"] == traceback_text(rec)
    assert [key for key in data if key.startswith("fields.") or key in ("exc_text", "stack_info")] == ["fields.msg"]


# -- (c) rename_fields renames the traceback and the stack ----------------------------------------


@pytest.mark.parametrize("fmt_names", [None, "%(exc_info)s"])
def test_rename_fields_renames_the_traceback(fmt_names: str | None) -> None:
    formatter = fmt(fmt_names, rename_fields={"exc_info": "error.stack_trace"})
    rec = logged("exception")
    assert formatter.format(rec) == '{"error.stack_trace":' + tb(rec) + "," + ZERO + ',"level":"error","msg":"m"}'
    assert formatter.format(logged("info")) == (
        '{"level":"info","msg":"m"}' if fmt_names is None else '{"error.stack_trace":null,"level":"info","msg":"m"}'
    )


def test_rename_fields_renames_the_stack_and_a_field_of_that_name() -> None:
    formatter = fmt(rename_fields={"stack_info": "stack", "exc_info": "trace"})
    rec = logged("info", stack_info=True)
    assert formatter.format(rec) == '{"level":"info","msg":"m","stack":' + go_string(rec.stack_info) + "}"
    # A record without an exception: a field named exc_info is renamed as python-json-logger renames it.
    rec = logged("info", {"exc_info": "mine"})
    assert formatter.format(rec) == '{"level":"info","msg":"","trace":"mine"}'


def test_rename_fields_and_field_map_renaming_the_traceback_both_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^rename_fields\['exc_info'\] and field_map\['exc_info'\] both rename "):
        JSONFormatter(rename_fields={"exc_info": "a"}, field_map={"exc_info": "b"})


# -- (d) levelname (message, asctime) out of reserved_attrs: logrus's key, written once -----------


@pytest.mark.parametrize("rename", [{}, {"levelname": "log.level"}])
def test_levelname_out_of_reserved_attrs_is_the_level_written_once(rename: dict[str, str]) -> None:
    written = {"levelname", "message", "asctime"}
    formatter = fmt(reserved_attrs=[name for name in RESERVED_ATTRS if name not in written], rename_fields=rename)
    rec = logged("warning")
    rec.message = rec.getMessage()  # as logging.Formatter.format() leaves it, when another handler ran first
    rec.asctime = "2024-01-02 03:04:05,678"
    level = rename.get("levelname", "level")
    assert formatter.format(rec) == f'{{"{level}":"warning","msg":"m"}}'


# -- (e) hooks set on an instance run on every record -------------------------------------------


def _add_fields(log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
    JSONFormatter.add_fields(hooked, log_data, record, message_dict)
    log_data["hook"] = "add_fields"


hooked = fmt()  # the instance _add_fields calls JSONFormatter.add_fields on

HOOKS: dict[str, tuple[Callable[..., Any], str]] = {
    "add_fields": (_add_fields, '{"hook":"add_fields","level":"info","msg":"m"}'),
    "process_log_record": (lambda data: {**data, "hook": "process"}, '{"hook":"process","level":"info","msg":"m"}'),
    "jsonify_log_record": (lambda data: json.dumps(sorted(data)), '["level", "msg"]'),
    "serialize_log_record": (lambda data: "serialized " + str(sorted(data)), "serialized ['level', 'msg']"),
}


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_a_hook_set_on_the_instance_runs_for_every_record(name: str) -> None:
    function, expected = HOOKS[name]
    formatter = hooked if name == "add_fields" else fmt()
    assert formatter.format(logged("info")) == '{"level":"info","msg":"m"}'
    setattr(formatter, name, function)
    try:
        assert formatter.format(logged("info")) == expected  # no exception: python-json-logger calls it too
    finally:
        delattr(formatter, name)


# -- (f) add_fields gets python-json-logger's message_dict ---------------------------------------


class Recording(JSONFormatter):
    """Keeps the message_dict each add_fields call gets."""

    def __init__(self) -> None:
        super().__init__(disable_timestamp=True)
        self.given: list[dict[str, Any]] = []

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        self.given.append(dict(message_dict))
        super().add_fields(log_data, record, message_dict)


def test_add_fields_gets_the_dict_message_the_traceback_and_the_stack() -> None:
    formatter = Recording()
    assert formatter.format(logged("info")) == '{"level":"info","msg":"m"}'
    rec = logged("exception", {"event": "x"}, stack_info=True)
    assert formatter.format(rec) == (
        '{"event":"x","exc_info":' + tb(rec) + "," + ZERO + ',"level":"error","msg":"",'
        '"stack_info":' + go_string(rec.stack_info) + "}"
    )
    assert formatter.given == [{}, {"event": "x", "exc_info": traceback_text(rec), "stack_info": rec.stack_info}]


# -- (g) a dict message: its items are fields, its msg or message the message ---------------------


class Unprintable:
    """A value whose ``str()`` fails."""

    def __str__(self) -> str:
        raise ValueError("no text")


@pytest.mark.parametrize(
    ("msg", "line"),
    [
        ({"event": "x", "n": 1}, '{"event":"x","level":"info","msg":"","n":1}'),
        ({"msg": "hello", "n": 1}, '{"level":"info","msg":"hello","n":1}'),
        ({"message": "hello", "n": 1}, '{"level":"info","msg":"hello","n":1}'),
        ({"message": "kept", "msg": "hello"}, '{"level":"info","message":"kept","msg":"hello"}'),
        ({"msg": 42}, '{"level":"info","msg":"42"}'),
        ({"message": None}, '{"level":"info","msg":"None"}'),
        ({"msg": Unprintable()}, '{"level":"info","msg":"\\u003cunprintable Unprintable: ValueError: no text\\u003e"}'),
        (
            {5: "9", "level": "mine", "time": 1},
            '{"5":"9","fields.level":"mine","fields.time":1,"level":"info","msg":""}',
        ),
        ({}, '{"level":"info","msg":""}'),
    ],
)
def test_a_dict_message_is_merged_into_the_record(msg: dict[Any, Any], line: str) -> None:
    given = dict(msg)
    assert fmt().format(logged("info", msg)) == line
    assert msg == given  # the caller's dict is not changed


def test_a_dict_message_above_defaults_and_static_fields_below_extra() -> None:
    formatter = fmt(defaults={"d1": 1234, "d2": "hello"}, static_fields={"s": "static", "t": "static"})
    out = formatter.format(logged("info", {"d2": "world", "t": "msg", "e": "msg"}, extra={"e": "extra"}))
    assert out == '{"d1":1234,"d2":"world","e":"extra","level":"info","msg":"","s":"static","t":"msg"}'


def test_a_dict_messages_own_exc_info_is_written_for_the_traceback() -> None:
    rec = logged("exception", {"exc_info": "handled, see ticket 12"})
    assert fmt().format(rec) == '{"exc_info":"handled, see ticket 12",' + ZERO + ',"level":"error","msg":""}'


def test_the_text_layouts_still_write_a_dict_message_as_its_text() -> None:
    from prefixlog import TextFormatter

    rec = logged("info", {"event": "x"})
    out = TextFormatter(disable_timestamp=True, stream=io.StringIO()).format(rec)
    assert out == "level=info msg=\"{'event': 'x'}\""
