"""Shared test set-up: the oracle's time zone, no colour environment, and logging as each test found it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from prefixlog import _config

from logging_state import LoggingState

# The Go oracle made the expected outputs with TZ=Asia/Shanghai.  Without the
# zoneinfo database, the POSIX rule "CST-8" is the same zone for every date
# the corpus uses (Shanghai has kept UTC+8 without DST since 1991).
_ZONE = "Asia/Shanghai" if Path("/usr/share/zoneinfo/Asia/Shanghai").exists() else "CST-8"
os.environ["TZ"] = _ZONE
time.tzset()

# The colour environment must not leak into the tests: they set it where they mean it.
for _name in (
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "PREFIXLOG_FORMAT",
    "PREFIXLOG_LEVEL",
    "PREFIXLOG_PRESET",
    "PREFIXLOG_ESCAPES",
    "PREFIXLOG_STREAM",
    "PREFIXLOG_QUEUE",
    "PREFIXLOG_CAPTURE",
):
    os.environ.pop(_name, None)
if os.environ.get("TERM") == "dumb":
    del os.environ["TERM"]


@pytest.fixture(autouse=True)
def isolate_logging() -> Iterator[None]:
    """Every test leaves the logging module's global state as it found it (``logging_state.py`` says what)."""
    state = LoggingState.take()
    yield
    state.restore()


@pytest.fixture(autouse=True)
def undo_configure() -> Iterator[None]:
    """After every test, before the logging state is put back: no handler, queue thread, SIGTERM handler
    or hook of configure()'s is left."""
    yield
    _config.reset()


@pytest.fixture
def restore_root_logging(isolate_logging: None) -> None:
    """For a test that configures the root logger on purpose: :func:`isolate_logging` puts it back."""
