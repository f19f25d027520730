"""Shared test set-up: the conformance corpus runs in the oracle's time zone."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from prefixlog import _config

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
    "PREFIXLOG_STREAM",
    "PREFIXLOG_QUEUE",
    "PREFIXLOG_CAPTURE",
):
    os.environ.pop(_name, None)
if os.environ.get("TERM") == "dumb":
    del os.environ["TERM"]


@pytest.fixture
def restore_root_logging() -> Iterator[None]:
    """Put the root logger's level and handlers back after a test that configures logging."""
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    yield
    root.handlers[:] = saved[1]
    root.setLevel(saved[0])


@pytest.fixture(autouse=True)
def undo_configure() -> Iterator[None]:
    """After every test: no handler, queue thread, SIGTERM handler or hook of configure()'s is left."""
    yield
    _config.reset()
