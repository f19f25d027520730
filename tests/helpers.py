"""Small helpers shared by the tests."""

from __future__ import annotations

import io
import logging
import sys
from typing import Any

import prefixlog


def here() -> int:
    """The line number of the caller's current line."""
    return sys._getframe(1).f_lineno


class Capture(logging.Handler):
    """Keeps every record it is given."""

    def __init__(self) -> None:
        super().__init__(level=1)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def record(self) -> logging.LogRecord:
        (record,) = self.records
        return record


def fresh_logger(name: str = "test") -> tuple[logging.Logger, Capture]:
    """A logger of its own (not in the logging tree) that keeps its records."""
    logger = logging.Logger(name, level=1)
    capture = Capture()
    logger.addHandler(capture)
    return logger, capture


def logfmt(**options: Any) -> prefixlog.TextFormatter:
    """A TextFormatter in the logfmt layout (a stream that is not a terminal)."""
    options.setdefault("stream", io.StringIO())
    return prefixlog.TextFormatter(**options)


class FakeTTY(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True
