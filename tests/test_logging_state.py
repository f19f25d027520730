"""The isolation every test gets: LoggingState puts back what a test changed in the logging module."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import prefixlog
from prefixlog._context import bound

from logging_state import FRESH, LoggerState, LoggingState


def test_everything_a_test_can_change_comes_back() -> None:
    root = logging.getLogger()
    named = logging.getLogger("prefixlog.tests.state.named")
    named_before = LoggerState.of(named)
    root_before = LoggerState.of(root)
    factory = logging.getLogRecordFactory()
    level_tables = (dict(logging._levelToName), dict(logging._nameToLevel))
    switches = (logging.raiseExceptions, logging.lastResort, logging.root.manager.disable)
    state = LoggingState.take()

    logging.addLevelName(25, "NOTICE")
    prefixlog.bind(leaked="yes")
    assert logging.getLogRecordFactory() is not factory
    added = logging.StreamHandler(io.StringIO())
    root.addHandler(added)
    root.setLevel(logging.CRITICAL)
    assert not named.isEnabledFor(logging.ERROR)  # and the logger caches it
    named.addHandler(logging.NullHandler())
    named.addFilter(lambda record: False)
    named.propagate = False
    named.disabled = True  # what a dictConfig() does to every logger it does not name
    made = logging.getLogger("prefixlog.tests.state.made")
    made.setLevel(logging.ERROR)
    made.propagate = False
    logging.raiseExceptions = False
    logging.lastResort = None
    logging.disable(logging.WARNING)
    logging.setLoggerClass(type("Other", (logging.Logger,), {}))

    state.restore()

    assert logging.getLevelName(25) == "Level 25"
    assert logging.getLevelName("NOTICE") == "Level NOTICE"
    assert (logging._levelToName, logging._nameToLevel) == level_tables
    assert dict(bound()) == {}
    assert logging.getLogRecordFactory() is factory
    assert LoggerState.of(root) == root_before
    assert LoggerState.of(named) == named_before
    assert LoggerState.of(made) == FRESH
    assert (logging.raiseExceptions, logging.lastResort, logging.root.manager.disable) == switches
    assert logging.getLoggerClass() is logging.Logger
    assert named.isEnabledFor(logging.ERROR) == (root.level <= logging.ERROR)  # no stale level cache


def test_a_file_handler_the_test_added_is_closed(tmp_path: Path) -> None:
    state = LoggingState.take()
    handler = logging.FileHandler(tmp_path / "x.log", delay=False)
    logging.getLogger("prefixlog.tests.state.file").addHandler(handler)
    assert handler.stream is not None
    state.restore()
    assert handler.stream is None  # closed: no ResourceWarning later
