"""configure(stream=...): stderr, stdout, or split (below WARNING to stdout, the rest to stderr), each its layout."""

from __future__ import annotations

import io
import logging
import sys
from pathlib import Path
from typing import Any

import pytest

import prefixlog
from prefixlog._config import PrefixlogHandler, SplitHandler
from prefixlog._listener import QueueingHandler

from cli_helpers import clean_env
from helpers import run_script, run_with_stdout_on_terminal

pytestmark = pytest.mark.usefixtures("restore_root_logging")

CHOICES = "stderr, stdout, split"

LEVELS = """\
import prefixlog
prefixlog.configure(format="json", disable_timestamp=True, level="trace"{options})
log = prefixlog.get_logger("app")
log.trace("t")
log.debug("d")
log.info("i")
log.warning("w")
log.error("e")
log.critical("c")
"""
LOW = '{"level":"trace","msg":"t"}\n{"level":"debug","msg":"d"}\n{"level":"info","msg":"i"}\n'
HIGH = '{"level":"warning","msg":"w"}\n{"level":"error","msg":"e"}\n{"level":"fatal","msg":"c"}\n'


@pytest.mark.parametrize(
    ("options", "env", "stdout", "stderr"),
    [
        ("", {}, "", LOW + HIGH),
        (', stream="split"', {}, LOW, HIGH),
        (', stream="split", queue=True', {}, LOW, HIGH),
        ("", {"PREFIXLOG_STREAM": "split"}, LOW, HIGH),
        ("", {"PREFIXLOG_STREAM": "Stdout"}, LOW + HIGH, ""),
        (', stream="stderr"', {"PREFIXLOG_STREAM": "stdout"}, "", LOW + HIGH),  # the argument wins
    ],
)
def test_each_level_goes_to_its_stream(
    tmp_path: Path, options: str, env: dict[str, str], stdout: str, stderr: str
) -> None:
    proc = run_script(tmp_path / "levels.py", LEVELS.format(options=options), env=clean_env(**env))
    assert proc.returncode == 0, proc.stderr
    assert (proc.stdout, proc.stderr) == (stdout, stderr)


def test_each_stream_decides_its_own_layout(tmp_path: Path) -> None:
    path = tmp_path / "auto.py"
    path.write_text(
        "import prefixlog\n"
        'prefixlog.configure(disable_timestamp=True, stream="split")\n'
        'prefixlog.get_logger("app").info("hello", extra={"k": 1})\n'
        'prefixlog.get_logger("app").warning("careful", extra={"k": 2})\n'
    )
    terminal, pipe = run_with_stdout_on_terminal([sys.executable, str(path)], env=clean_env())
    # stdout is a terminal: the coloured layout (the terminal writes \r\n); stderr a pipe: logfmt.
    assert terminal == b"\x1b[36mINFO\x1b[0m hello" + b" " * 41 + b"\x1b[36mk\x1b[0m=1\r\n"
    assert pipe == b"level=warning msg=careful k=2\n"


def test_split_returns_one_handler_with_a_formatter_per_stream(capsys: pytest.CaptureFixture[str]) -> None:
    handler = prefixlog.configure(format="json", stream="split", disable_timestamp=True)
    assert isinstance(handler, SplitHandler)
    assert isinstance(handler.low, PrefixlogHandler)
    assert isinstance(handler.high, PrefixlogHandler)
    assert (handler.low.stream, handler.high.stream) == (sys.stdout, sys.stderr)
    assert handler.low.formatter is not handler.high.formatter
    assert logging.getLogger().handlers[-1] is handler
    queued = prefixlog.configure(format="json", stream="split", queue=True)
    assert isinstance(queued, QueueingHandler)
    assert isinstance(queued.destination, SplitHandler)
    assert handler not in logging.getLogger().handlers


def test_a_record_whose_level_is_no_number_goes_to_stderr() -> None:
    low, high = io.StringIO(), io.StringIO()
    handler = SplitHandler(logging.StreamHandler(low), logging.StreamHandler(high))
    record = logging.makeLogRecord({"msg": "odd", "levelno": "loud"})
    handler.handle(record)
    assert (low.getvalue(), high.getvalue()) == ("", "odd\n")


@pytest.mark.parametrize(
    ("stream", "env", "error", "message"),
    [
        ("stdlog", {}, ValueError, f"stream: unknown stream 'stdlog'; use one of {CHOICES} or a stream object"),
        (None, {"PREFIXLOG_STREAM": "x"}, ValueError, f"PREFIXLOG_STREAM: unknown stream 'x'; use one of {CHOICES}"),
        (42, {}, TypeError, "stream must be a stream (an object with write()), not 42"),
    ],
)  # fmt: skip
def test_a_bad_stream_names_its_option(
    monkeypatch: pytest.MonkeyPatch, stream: Any, env: dict[str, str], error: type[Exception], message: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(error) as info:
        prefixlog.configure(stream=stream)
    assert str(info.value) == message
