"""The reader on lines pino and bunyan (npm) wrote: ``tests/data/node-logs.jsonl``.

The lines come from ``tests/data/make_node_logs.js`` run with the real
pino and bunyan (fixed clock, pid, host and stacks, so a run is repeatable);
:func:`test_the_lines_are_what_pino_and_bunyan_write` runs it again where
node, npm and the registry are at hand, as the Go oracles' recorded output is
re-checked.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from prefixlog import TRACE
from prefixlog._parse import parse_line

DATA = Path(__file__).resolve().parent / "data"
GENERATOR = DATA / "make_node_logs.js"
LINES = DATA / "node-logs.jsonl"
NPM = Path(__file__).resolve().parents[1] / "benchmarks" / "npm.py"
PACKAGES = ("pino@10.4.0", "bunyan@2.0.5")
T0 = 1625383586.123  # 2021-07-04T07:26:26.123Z, the generator's clock
PINO = {"pid": 4242, "hostname": "api-7d9f"}
BUNYAN = {"logger": "svc", "hostname": "api-7d9f", "pid": 4242, "v": 0}
STACK = "{}\n    at handler (/srv/app/server.js:12:9)\n    at main (/srv/app/index.js:3:1)"

#: What each line reads as: level, message, fields, exception.
EXPECTED: list[tuple[int | None, str, dict[str, Any], str | None]] = [
    (TRACE, "tracing", PINO, None),
    (logging.DEBUG, "cache miss", {**PINO, "path": "/srv/app", "attempt": 3}, None),
    (
        logging.INFO,
        "user logged in",
        {**PINO, "user": "ana", "request.id": "f9a1c2", "request.headers.host": "example.org"},
        None,
    ),
    (logging.WARNING, "disk nearly full", {**PINO, "ratio": 0.25, "ok": True, "tags": ["a", "b"]}, None),
    (
        logging.ERROR,
        "request failed",
        {**PINO, "err.type": "Error", "err.message": "boom"},
        STACK.format("Error: boom"),
    ),
    (
        logging.ERROR,
        "lookup failed",
        {**PINO, "err.type": "TypeError", "err.message": "no such key", "route": "/api/v1/items"},
        STACK.format("TypeError: no such key"),
    ),
    (logging.CRITICAL, "shutting down", PINO, None),
    (logging.INFO, "named", {**PINO, "logger": "api"}, None),
    (logging.INFO, "from a child", {**PINO, "module": "db"}, None),
    (None, "a custom level", {"level": 35, **PINO}, None),  # a number pino has no name for: a field
    (TRACE, "tracing", BUNYAN, None),
    (logging.DEBUG, "cache miss", {**BUNYAN, "attempt": 3}, None),
    (logging.INFO, "user logged in", {**BUNYAN, "user": "ana"}, None),
    (logging.WARNING, "disk nearly full", BUNYAN, None),
    (
        logging.ERROR,
        "request failed",
        {**BUNYAN, "err.message": "boom", "err.name": "Error"},
        STACK.format("Error: boom"),
    ),
    (logging.CRITICAL, "shutting down", BUNYAN, None),
    (logging.INFO, "from a child", {**BUNYAN, "component": "db"}, None),
]


def test_pino_and_bunyan_lines() -> None:
    lines = LINES.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(EXPECTED)
    for line, (level, message, fields, exception) in zip(lines, EXPECTED, strict=True):
        parsed = parse_line(line)
        assert parsed is not None, line
        assert (parsed.level, parsed.message, parsed.exception, parsed.stack) == (level, message, exception, None)
        assert parsed.fields == fields, line  # the same keys, in any order
        assert parsed.created == pytest.approx(T0, abs=1e-6)


def _npm() -> ModuleType:
    """``benchmarks/npm.py``, which installs npm packages for the benchmarks too."""
    spec = importlib.util.spec_from_file_location("prefixlog_benchmarks_npm", NPM)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_lines_are_what_pino_and_bunyan_write() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are needed to run tests/data/make_node_logs.js with pino and bunyan")
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "prefixlog-node"
    why: str | None = _npm().install(root, PACKAGES, timeout=300)
    if why is not None:
        if os.environ.get("CI") and not os.environ.get("CI_ALLOW_NO_NETWORK"):
            pytest.fail(why)
        pytest.skip(f"pino and bunyan could not be installed, so node-logs.jsonl is not re-made: {why}")
    env = {**os.environ, "NODE_PATH": str(root / "node_modules")}
    proc = subprocess.run(["node", str(GENERATOR)], capture_output=True, env=env, timeout=60, check=True)
    assert proc.stdout.decode("utf-8") == LINES.read_text(encoding="utf-8")


def test_run_relays_pino_lines_as_their_records() -> None:
    """``prefixlog run``'s reader is the same: a pino error line keeps its level, message, fields and stack."""
    from prefixlog._relay import Relay

    from helpers import Capture

    logger = logging.Logger("prefixlog.run", level=1)
    capture = Capture()
    logger.addHandler(capture)
    relay = Relay(logger, "/usr/bin/node", "api")
    lines = LINES.read_text(encoding="utf-8").splitlines()
    relay.line(lines[4].encode("utf-8"), "stdout", 0)
    relay.line(lines[9].encode("utf-8"), "stderr", 0)  # pino's custom level 35: stderr's default level
    error, custom = capture.records
    assert (error.levelno, error.getMessage(), error.exc_text, error.stack_info) == (
        logging.ERROR,
        "request failed",
        STACK.format("Error: boom"),
        None,
    )
    assert (error.__dict__["err.type"], error.__dict__["prefix"], error.created) == ("Error", "api", T0)
    assert (custom.levelno, custom.getMessage(), custom.__dict__["level"]) == (logging.WARNING, "a custom level", 35)
