"""TextFormatter behaviour beyond the conformance corpus: options, layouts, records."""

from __future__ import annotations

import io
import logging
import sys

import pytest

import prefixlog
from prefixlog import FieldLogger, TextFormatter
from prefixlog._escape import go_quote

from helpers import FakeTTY, fresh_logger, logfmt, record, traceback_text


def test_the_layout_follows_the_stream() -> None:
    assert TextFormatter(stream=FakeTTY()).colored
    assert not TextFormatter(stream=io.StringIO()).colored
    assert TextFormatter(stream=io.StringIO(), force_colors=True).colored
    assert not TextFormatter(stream=FakeTTY(), disable_colors=True).colored


def test_the_default_stream_is_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    assert TextFormatter().stream is sys.stderr
    assert TextFormatter().colored


@pytest.mark.parametrize(
    ("env", "colored"),
    [({"CLICOLOR_FORCE": "1"}, True), ({"CLICOLOR_FORCE": "0"}, False), ({"CLICOLOR": "0"}, False), ({}, False)],
)
def test_environment_override_colors(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], colored: bool) -> None:
    for name in ("CLICOLOR", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert TextFormatter(stream=io.StringIO(), environment_override_colors=True).colored is colored
    assert not TextFormatter(stream=io.StringIO()).colored  # only read when asked to


def test_format_has_no_trailing_newline() -> None:
    assert logfmt(disable_timestamp=True).format(record()) == "level=info msg=x"


def test_sorting_func_sorts_fixed_and_data_keys_in_logfmt_as_logrus() -> None:
    formatter = logfmt(disable_timestamp=True, sorting_func=lambda keys: keys.sort(reverse=True))
    assert formatter.format(record("m", b=1, a=2, z=3)) == "z=3 msg=m level=info b=1 a=2"


def test_sorting_func_may_return_a_new_list() -> None:
    formatter = logfmt(disable_timestamp=True, sorting_func=lambda keys: sorted(keys, key=len))
    assert formatter.format(record("m", bbb=1, a=2)) == "a=2 msg=m bbb=1 level=info"


def test_sorting_func_in_the_colored_layout_sorts_data_keys() -> None:
    formatter = TextFormatter(
        force_colors=True, disable_timestamp=True, sorting_func=lambda keys: keys.sort(reverse=True)
    )
    out = formatter.format(record("m", a=1, b=2))
    assert out == "\x1b[36mINFO\x1b[0m m" + " " * 45 + "\x1b[36mb\x1b[0m=2 \x1b[36ma\x1b[0m=1"


def test_disable_sorting_keeps_the_order_fields_were_given() -> None:
    formatter = logfmt(disable_timestamp=True, disable_sorting=True, sorting_func=sorted)
    assert formatter.format(record("m", z=1, a=2)) == "level=info msg=m z=1 a=2"


def test_a_moved_field_never_overwrites_one_the_record_has() -> None:
    out = logfmt(disable_timestamp=True).format(record("m", **{"time": 1, "fields.time": 2}))
    assert out == "level=info msg=m fields.fields.time=1 fields.time=2"


def test_field_map_renames_exception_fields_too() -> None:
    formatter = logfmt(disable_timestamp=True, field_map={"exc_info": "stack", "msg": "message"})
    logger, capture = fresh_logger()
    try:
        raise KeyError("k")
    except KeyError:
        FieldLogger(logger).with_field("stack", "user").exception("failed")
    record = capture.record
    trace = traceback_text(record)
    assert formatter.format(record) == (
        f"level=error message=failed fields.stack=user exc_type=KeyError exc_message=\"'k'\" stack={go_quote(trace)}"
    )


def test_exception_in_the_colored_layout_follows_the_line_indented() -> None:
    logger, capture = fresh_logger()
    try:
        raise ValueError("bad")
    except ValueError:
        FieldLogger(logger).exception("failed")
    record = capture.record
    trace = traceback_text(record)
    indented = "".join(f"\n  {line}" for line in trace.split("\n"))
    out = TextFormatter(force_colors=True, disable_timestamp=True).format(record)
    assert out == "\x1b[31mERRO\x1b[0m failed" + " " * 39 + indented
    assert indented.startswith("\n  Traceback (most recent call last):\n")
    assert indented.endswith("\n  ValueError: bad")


def test_stack_info_goes_into_a_field() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).info("here", stack_info=True)
    record = capture.record
    out = logfmt(disable_timestamp=True).format(record)
    assert out == f"level=info msg=here stack_info={go_quote(record.stack_info or '')}"
    assert out.startswith('level=info msg=here stack_info="Stack (most recent call last):\\n')


def test_logger_exception_without_an_exception_adds_nothing() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).exception("no active exception")
    assert logfmt(disable_timestamp=True).format(capture.record) == 'level=error msg="no active exception"'


def test_levels_logrus_lacks_keep_their_own_name() -> None:
    logging.addLevelName(25, "NOTICE")
    out = logfmt(disable_timestamp=True).format(record(level=25))
    assert out == "level=notice msg=x"
    colored = TextFormatter(force_colors=True, disable_timestamp=True).format(record(level=25))
    assert colored.startswith("\x1b[36mNOTI\x1b[0m x")


def test_trace_and_panic_have_stdlib_names() -> None:
    assert logging.getLevelName(prefixlog.TRACE) == "TRACE"
    assert logging.getLevelName(prefixlog.PANIC) == "PANIC"


def test_datefmt_is_a_timestamp_format() -> None:
    formatter = TextFormatter(None, "%Y", stream=io.StringIO())
    assert formatter.timestamp_format.source == "%Y"


def test_a_failing_caller_prettyfier_does_not_lose_the_record() -> None:
    def broken(_: logging.LogRecord) -> tuple[str, str]:
        raise RuntimeError("oops")

    out = logfmt(disable_timestamp=True, report_caller=True, caller_prettyfier=broken).format(record("m"))
    assert out.startswith('level=info msg=m func="<unprintable function: RuntimeError: oops>" file="')


def test_a_caller_prettyfier_can_be_a_dotted_path() -> None:
    formatter = logfmt(caller_prettyfier="prefixlog.short_caller")
    assert formatter.caller_prettyfier is prefixlog.short_caller


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"force_colors": "yes"}, TypeError, "force_colors must be True or False"),
        ({"full_timestamp": 1}, TypeError, "full_timestamp must be True or False"),
        ({"timestamp_format": 5}, TypeError, "timestamp_format must be a str"),
        ({"field_map": {"when": "x"}}, ValueError, "field_map: unknown key 'when'"),
        ({"field_map": ["time"]}, TypeError, "field_map must be a mapping"),
        ({"field_map": {"time": 1}}, TypeError, r"field_map\['time'\] must be a str"),
        ({"caller_prettyfier": 3}, TypeError, "caller_prettyfier must be callable"),
        ({"caller_prettyfier": "nowhere.at_all"}, ValueError, "caller_prettyfier: cannot import"),
        ({"caller_prettyfier": "short_caller"}, ValueError, "caller_prettyfier: 'short_caller' is not a dotted path"),
        ({"sorting_func": "os.nope"}, ValueError, "sorting_func: cannot import"),
        ({"stream": "stderr"}, TypeError, "stream must be a stream"),
        ({"colour": True}, TypeError, "colour"),
    ],
)
def test_bad_options_fail_at_construction(options: dict[str, object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        TextFormatter(**options)  # type: ignore[arg-type]  # wrong types, on purpose


def test_field_map_renames_the_level_key_of_any_level() -> None:
    logging.addLevelName(25, "NOTICE")
    formatter = logfmt(disable_timestamp=True, field_map={"level": "@level"})
    assert formatter.format(record(level=25)) == "@level=notice msg=x"
    assert formatter.format(record(level=logging.INFO)) == "@level=info msg=x"


def test_a_raising_sorting_func_keeps_the_whole_record() -> None:
    def broken(keys: list[str]) -> None:
        raise RuntimeError("sf")

    out = logfmt(disable_timestamp=True, sorting_func=broken).format(record("m", b=1, a=2))
    assert out == 'level=info msg=m b=1 a=2 prefixlog_error="sorting_func: <unprintable function: RuntimeError: sf>"'
    colored = TextFormatter(force_colors=True, disable_timestamp=True, sorting_func=broken).format(record("m", a=1))
    assert colored.endswith(' \x1b[36mprefixlog_error\x1b[0m="sorting_func: <unprintable function: RuntimeError: sf>"')


def test_exception_fields_are_quoted_even_with_disable_quote() -> None:
    logger, capture = fresh_logger()
    try:
        raise ValueError("bad thing")
    except ValueError:
        FieldLogger(logger).exception("failed")
    out = logfmt(disable_timestamp=True, disable_quote=True).format(capture.record)
    assert out.startswith('level=error msg=failed exc_type=ValueError exc_message="bad thing" exc_info="Traceback ')
    assert out.endswith('\\nValueError: bad thing"')
