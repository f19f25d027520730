"""Lines Python's loggers write, made in the test process: structlog's JSON, a stdlib logger's line."""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest

structlog = pytest.importorskip("structlog", reason="structlog (the test extra) is not installed: its JSON lines")


def boom() -> None:
    raise ValueError("bad input")


def written(handler_formatter: logging.Formatter, emit: Any, name: str = "app.db") -> str:
    """The line a stdlib logger named ``name`` writes through ``handler_formatter`` when ``emit(logger)`` logs."""
    logger = logging.Logger(name, logging.DEBUG)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(handler_formatter)
    logger.addHandler(handler)
    emit(logger)
    return out.getvalue()


class MessageOnly(logging.Formatter):
    """The stdlib handler's formatter for structlog's rendered line: the line alone.

    (The stdlib would append the traceback of ``exc_info``, which structlog
    passes on, after the line structlog rendered it into.)
    """

    def format(self, record: logging.LogRecord) -> str:
        return record.getMessage()


def structlog_line(level: str, event: str, exc: bool = False, **kw: Any) -> str:
    """One line of structlog's JSON: stdlib logger name, level, ISO time, formatted exception, JSONRenderer."""
    processors = [
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.processors.format_exc_info,
        structlog.processors.JSONRenderer(),
    ]

    def emit(logger: logging.Logger) -> None:
        log = structlog.wrap_logger(logger, processors=processors, wrapper_class=structlog.stdlib.BoundLogger)
        if exc:
            try:
                boom()
            except ValueError:
                log.exception(event, **kw)
        else:
            getattr(log, level)(event, **kw)

    return written(MessageOnly(), emit)
