"""The reader on lines Python's loggers wrote, in this process: structlog, python-json-logger, prefixlog's presets."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

import pytest

import prefixlog
from prefixlog._parse import Parsed, parse_line

from dialect_lines import boom, structlog_line, written

structlog = pytest.importorskip("structlog", reason="structlog (the test extra) is not installed: its JSON lines")
pjl_json = pytest.importorskip("pythonjsonlogger.json", reason="python-json-logger 3.1+ (pythonjsonlogger.json)")


def read(line: str) -> Parsed:
    parsed = parse_line(line)
    assert parsed is not None, line
    return parsed


def test_structlog_json() -> None:
    before = time.time()
    line = structlog_line("warning", "user logged in", user="ana", n=5)
    parsed = read(line)
    assert (parsed.level, parsed.message) == (logging.WARNING, "user logged in")
    assert parsed.fields == {"user": "ana", "n": 5, "logger": "app.db"}
    assert parsed.created is not None
    assert before - 1e-3 <= parsed.created <= time.time()
    assert parsed.exception is None


def test_structlog_exception() -> None:
    line = structlog_line("error", "failed", exc=True)
    assert '"exception": "Traceback' in line
    parsed = read(line)
    assert (parsed.level, parsed.message) == (logging.ERROR, "failed")
    assert parsed.exception is not None
    assert parsed.exception.startswith("Traceback (most recent call last):\n")
    assert parsed.exception.endswith("ValueError: bad input")
    assert "exception" not in parsed.fields


@pytest.mark.parametrize("level", ["debug", "info", "warning", "error", "critical"])
def test_structlog_levels(level: str) -> None:
    assert read(structlog_line(level, "m")).level == logging.getLevelName(level.upper())


def test_python_json_logger_default_keys() -> None:
    line = written(pjl_json.JsonFormatter(), lambda log: log.info("hello", extra={"user": "ana"}))
    assert read(line) == Parsed(None, "hello", None, {"user": "ana"})  # its default: the message only


def test_python_json_logger_usual_keys_and_traces() -> None:
    formatter = pjl_json.JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s")

    def emit(log: logging.Logger) -> None:
        try:
            boom()
        except ValueError:
            log.error("failed", exc_info=True, stack_info=True, extra={"n": 5})

    before = time.time()
    parsed = read(written(formatter, emit))
    assert (parsed.level, parsed.message, parsed.fields) == (logging.ERROR, "failed", {"logger": "app.db", "n": 5})
    assert parsed.created is not None
    assert int(before) <= parsed.created <= time.time()  # asctime: milliseconds
    assert parsed.exception is not None
    assert parsed.exception.endswith("ValueError: bad input")
    assert parsed.stack is not None
    assert parsed.stack.startswith("Stack (most recent call last):\n")


@pytest.mark.parametrize("preset", ["ecs", "gcp", "datadog"])
def test_prefixlog_presets(preset: str) -> None:
    formatter = prefixlog.JSONFormatter(preset=preset)  # type: ignore[arg-type]

    def emit(log: logging.Logger) -> None:
        try:
            boom()
        except ValueError:
            log.warning("failed", exc_info=True, extra={"user": "ana"})

    before = time.time()
    line = written(formatter, emit)
    parsed = read(line)
    assert (parsed.level, parsed.message) == (logging.WARNING, "failed")
    assert parsed.created is not None
    assert int(before) <= parsed.created <= time.time()
    assert parsed.exception is not None
    assert parsed.exception.endswith("ValueError: bad input")
    assert parsed.fields["user"] == "ana"
    if preset != "gcp":
        assert parsed.fields["logger"] == "app.db"
    if preset in ("ecs", "gcp"):
        assert parsed.fields["caller"] == f"{__file__ if preset == 'gcp' else 'test_dialects_python.py'}:{_line(emit)}"


def _line(emit: Any) -> int:
    """The line of ``emit``'s ``log.warning`` call."""
    return int(emit.__code__.co_firstlineno) + 4


def test_structlog_is_the_pinned_one() -> None:
    assert structlog.__version__ == "26.1.0", sys.modules["structlog"]
