"""Small helpers shared by the tests."""

from __future__ import annotations

import io
import logging
import os
import pty
import subprocess
import sys
import textwrap
import threading
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import prefixlog

from cli_helpers import clean_env


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


def record(msg: Any = "x", /, *args: object, level: int = logging.INFO, **fields: object) -> logging.LogRecord:
    """The record ``FieldLogger(logger).with_fields(fields).log(level, msg, *args)`` makes, called where this is.

    The caller (``report_caller``) is the line that calls ``record()``; the
    record was made 1.5 s after logging started (``[0001]``).
    """
    logger, capture = fresh_logger()
    prefixlog.FieldLogger(logger).with_fields(fields).log(level, msg, *args, stacklevel=2)
    made = capture.record
    made.relativeCreated = 1500.0
    return made


def traceback_text(record: logging.LogRecord) -> str:
    """The traceback of the record's exception as ``traceback`` writes it, without the last newline."""
    assert record.exc_info is not None, "the record has no exception"
    return "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")


def logfmt(**options: Any) -> prefixlog.TextFormatter:
    """A TextFormatter in the logfmt layout (a stream that is not a terminal)."""
    options.setdefault("stream", io.StringIO())
    return prefixlog.TextFormatter(**options)


class GateStream(io.StringIO):
    """A destination that blocks: ``write()`` waits until ``gate`` is set; ``entered`` is set at the first write."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.entered = threading.Event()

    def write(self, text: str) -> int:
        self.entered.set()
        self.gate.wait(timeout=60)
        return super().write(text)


def run_script(
    path: Path, code: str, *args: str, env: Mapping[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Write ``code`` (dedented) to ``path`` and run it with this Python to its end; stdout and stderr apart.

    A file, not ``-c``: tracebacks then show the source lines on every Python.
    The environment is ``cli_helpers.clean_env()`` unless ``env`` is given.
    """
    path.write_text(textwrap.dedent(code), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(path), *args],
        capture_output=True,
        text=True,
        env=clean_env() if env is None else dict(env),
        timeout=timeout,
        check=False,
    )


class FakeTTY(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def run_on_terminal(
    argv: list[str], *, cwd: Path | None = None, env: Mapping[str, str] | None = None, timeout: float = 60
) -> bytes:
    """Run ``argv`` with stderr on a real pseudo-terminal (stdout to /dev/null); what it wrote there.

    The program must exit 0.  The terminal's line discipline writes ``\\r\\n``
    for each ``\\n``.
    """
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(argv, stderr=follower, stdout=subprocess.DEVNULL, cwd=cwd, env=env)
        os.close(follower)
        written = read_terminal(leader)
        assert proc.wait(timeout=timeout) == 0
    finally:
        os.close(leader)
    return written


def run_with_stdout_on_terminal(
    argv: list[str], *, env: Mapping[str, str] | None = None, timeout: float = 60
) -> tuple[bytes, bytes]:
    """Run ``argv`` with stdout on a real pseudo-terminal and stderr to a pipe; what each got.

    For programs that write a little (stderr is read after the terminal closes).  The program must exit 0.
    """
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(argv, stdout=follower, stderr=subprocess.PIPE, env=env)
        os.close(follower)
        written = read_terminal(leader)
        assert proc.stderr is not None
        errors = proc.stderr.read()
        proc.stderr.close()
        assert proc.wait(timeout=timeout) == 0
    finally:
        os.close(leader)
    return written, errors


def read_terminal(leader: int) -> bytes:
    """Everything written to a pseudo-terminal until the child closes it."""
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


#: Python code for a probe process: ``reset_peak()`` makes the current resident size the
#: high-water mark (``/proc/self/clear_refs``, Linux 4.0+), ``peak_kib()`` reads it (``VmHWM``).
#: Not ``ru_maxrss``: it keeps the peak of the process the probe was forked from.
PEAK_MEMORY_CODE = """
def reset_peak():
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")

def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
"""


def peak_memory_available() -> bool:
    """Whether this system lets a process read and reset its resident high-water mark."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        with open("/proc/self/status") as status:
            return any(line.startswith("VmHWM:") for line in status)
    except OSError:
        return False
