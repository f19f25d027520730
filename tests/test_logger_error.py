"""FieldLogger.with_error: logrus's ``error`` field, and the exception's fields as ``logger.exception`` writes them."""

from __future__ import annotations

import io
import json
import logging
import sys
import traceback

import pytest

from prefixlog import FieldLogger, JSONFormatter, PrefixedFormatter, TextFormatter
from prefixlog._escape import go_quote

from helpers import Capture, fresh_logger
from layouts import LAYOUTS


def _raised() -> KeyError:
    """A KeyError that was raised and caught here, so it has a traceback."""
    empty: dict[str, int] = {}
    try:
        empty["k"]
    except KeyError as error:
        return error
    raise AssertionError("unreachable")  # pragma: no cover


def _trace(error: BaseException) -> str:
    """The traceback as ``traceback`` writes it, without the last newline."""
    return "".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip("\n")


def _one_record(log: FieldLogger, capture_records: list[logging.LogRecord]) -> logging.LogRecord:
    log.error("write failed")
    (made,) = capture_records
    return made


def test_a_raised_error_is_written_with_its_type_message_and_traceback_in_every_layout() -> None:
    error = _raised()
    logger, capture = fresh_logger()
    made = _one_record(FieldLogger(logger).with_error(error), capture.records)
    trace = _trace(error)
    indented = "".join(f"\n  {line}" for line in trace.split("\n"))
    fields = f"error=\"'k'\" exc_type=KeyError exc_message=\"'k'\" exc_info={go_quote(trace)}"
    expected = {
        "text": f'level=error msg="write failed" {fields}',
        "json": (
            '{"error":"\'k\'","exc_info":' + json.dumps(trace) + ',"exc_message":"\'k\'","exc_type":"KeyError",'
            '"level":"error","msg":"write failed"}'
        ),
        "prefixed": f'level=error msg="write failed" {fields}',
        "text-colored": "\x1b[31mERRO\x1b[0m write failed" + " " * 34 + "\x1b[31merror\x1b[0m=\"'k'\"" + indented,
        "prefixed-colored": "\x1b[0;31mERROR\x1b[0m write failed \x1b[0;31merror\x1b[0m='k'" + indented,
    }
    formatters: dict[str, logging.Formatter] = {
        "text": TextFormatter(stream=io.StringIO(), disable_timestamp=True),
        "json": JSONFormatter(disable_timestamp=True),
        "prefixed": PrefixedFormatter(stream=io.StringIO(), disable_timestamp=True),
        "text-colored": TextFormatter(force_colors=True, disable_timestamp=True),
        "prefixed-colored": PrefixedFormatter(force_formatting=True, force_colors=True, disable_timestamp=True),
    }
    assert {name: f.format(made) for name, f in formatters.items()} == expected


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_with_error_writes_what_logger_exception_writes_with_the_error_field(layout: str) -> None:
    error = _raised()
    logger, capture = fresh_logger()
    FieldLogger(logger).with_error(error).error("write failed")
    first = error.__traceback__  # raising the error again puts one more frame before it
    try:
        raise error
    except KeyError:
        FieldLogger(logger).with_field("error", error).exception("write failed")
    bound, handled = capture.records
    for name in ("created", "msecs", "relativeCreated", "lineno", "funcName"):
        setattr(handled, name, getattr(bound, name))
    handled.exc_info = (KeyError, error, first)
    _, factory = LAYOUTS[layout]
    out = factory().format(bound)
    assert out == factory().format(handled)
    assert "KeyError" in out


def test_an_error_never_raised_has_no_traceback_so_only_the_error_field() -> None:
    logger, capture = fresh_logger()
    made = _one_record(FieldLogger(logger).with_error(ValueError("disk full")), capture.records)
    assert made.exc_info is None
    assert TextFormatter(stream=io.StringIO(), disable_timestamp=True).format(made) == (
        'level=error msg="write failed" error="disk full"'
    )


def test_none_is_written_as_logrus_writes_a_nil_error() -> None:
    logger, capture = fresh_logger()
    made = _one_record(FieldLogger(logger).with_error(None), capture.records)
    assert TextFormatter(stream=io.StringIO(), disable_timestamp=True).format(made) == (
        'level=error msg="write failed" error="<nil>"'
    )


def test_the_call_s_own_exception_wins() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_error(_raised())
    try:
        raise RuntimeError("while handling")
    except RuntimeError:
        log.exception("handled")
        log.error("given", exc_info=True)
    log.exception("nothing handled: the bound error")
    assert [r.exc_info[0] if r.exc_info else None for r in capture.records] == [RuntimeError, RuntimeError, KeyError]


def test_a_call_that_gives_its_own_error_field_does_not_get_the_bound_exception() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_error(_raised()).error("x", extra={"error": "other"})
    assert capture.record.exc_info is None
    assert TextFormatter(stream=io.StringIO(), disable_timestamp=True).format(capture.record) == (
        "level=error msg=x error=other"
    )


def test_the_exception_goes_when_the_error_field_does() -> None:
    logger = logging.getLogger("prefixlog.test.error")
    capture = Capture()
    logger.addHandler(capture)
    logger.setLevel(logging.INFO)
    log = FieldLogger(logger).with_error(_raised())
    log.with_field("error", "replaced").info("a")
    log.without("error").info("b")
    log.with_field("other", 1).info("c")
    log.getChild("db").info("d")
    log.with_error(ValueError("never raised")).info("e")
    assert [r.exc_info[0] if r.exc_info else None for r in capture.records] == [None, None, KeyError, KeyError, None]


def test_with_error_rejects_what_is_not_an_exception() -> None:
    logger, _ = fresh_logger()
    with pytest.raises(TypeError, match=r"^with_error\(\): error must be an exception or None, not str$"):
        FieldLogger(logger).with_error("disk full")  # type: ignore[arg-type]  # a str, on purpose


def test_a_logger_with_an_error_reports_the_user_s_line() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_error(_raised()).error("x")
    line = sys._getframe().f_lineno - 1
    assert (capture.record.pathname, capture.record.lineno) == (__file__, line)
