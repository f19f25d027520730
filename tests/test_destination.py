"""The layout follows the destination: the stream of the handler that formats the record.

A terminal gets the coloured layout, a file, a pipe or a socket logfmt, in
every way a formatter is set up, and also when one formatter serves both.
The last tests run real programs on a real pseudo-terminal.
"""

from __future__ import annotations

import io
import json
import logging
import logging.config
import logging.handlers
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from prefixlog import JSONFormatter, PrefixedFormatter, TextFormatter

from helpers import FakeTTY, run_on_terminal

ESC = "\x1b"


def record(msg: str = "hello", **fields: Any) -> logging.LogRecord:
    rec = logging.LogRecord("app", logging.WARNING, "/app/main.py", 7, msg, (), None, "run")
    rec.__dict__.update(fields)
    rec.created, rec.msecs, rec.relativeCreated = 1625383586.0, 0.0, 1500.0  # 2021-07-04T15:26:26+08:00
    return rec


def written(formatter: logging.Formatter, stream: Any, rec: logging.LogRecord) -> str:
    """What a StreamHandler writing to ``stream`` with ``formatter`` writes for ``rec``."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    handler.handle(rec)
    return str(stream.getvalue())


TEXT_TTY = f"\x1b[33mWARN\x1b[0m[0001] {'hello':<44}  \x1b[33mk\x1b[0m=v\n"  # logrus's %-44s
TEXT_FILE = "level=warning msg=hello k=v\n"
PREFIXED_TTY = "\x1b[0;33m WARN\x1b[0m hello \x1b[0;33mk\x1b[0m=v\n"
PREFIXED_FILE = "level=warning msg=hello k=v\n"


@pytest.mark.parametrize(
    ("make", "tty", "file"),
    [
        (TextFormatter, TEXT_TTY, 'time="2021-07-04T15:26:26+08:00" ' + TEXT_FILE),
        (lambda: PrefixedFormatter(disable_timestamp=True), PREFIXED_TTY, PREFIXED_FILE),
    ],
)
def test_one_formatter_writes_each_handler_its_layout(make: Any, tty: str, file: str) -> None:
    formatter = make()
    rec = record(k="v")
    for _ in range(2):  # and again: the kinds of destination are remembered
        assert written(formatter, FakeTTY(), rec) == tty
        assert written(formatter, io.StringIO(), rec) == file


def test_the_formatter_made_for_a_terminal_still_writes_logfmt_to_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    formatter = TextFormatter(disable_timestamp=True)
    assert formatter.colored  # made while sys.stderr was a terminal
    assert written(formatter, io.StringIO(), record(k="v")) == TEXT_FILE


def test_a_direct_call_writes_for_the_stream_the_formatter_was_made_with(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    assert TextFormatter(disable_timestamp=True).format(record(k="v")) == TEXT_TTY.replace("[0001]", "")[:-1]
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert TextFormatter(disable_timestamp=True).format(record(k="v")) == TEXT_FILE[:-1]


class _NoIsatty:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        pass

    def getvalue(self) -> str:
        return "".join(self.parts)


class _RaisingIsatty(_NoIsatty):
    def isatty(self) -> bool:
        raise ValueError("closed")


@pytest.mark.parametrize("stream", [_NoIsatty, _RaisingIsatty])
def test_a_stream_without_a_working_isatty_is_no_terminal(stream: type, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    assert written(TextFormatter(disable_timestamp=True), stream(), record(k="v")) == TEXT_FILE


def test_a_handler_without_a_stream_is_no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    queue: Any = __import__("queue").SimpleQueue()
    handler = logging.handlers.QueueHandler(queue)
    handler.setFormatter(TextFormatter(disable_timestamp=True))
    handler.handle(record(k="v"))
    assert queue.get_nowait().msg == TEXT_FILE[:-1]


def test_the_stream_option_still_wins() -> None:
    formatter = TextFormatter(stream=FakeTTY(), disable_timestamp=True)
    assert written(formatter, io.StringIO(), record(k="v")) == TEXT_TTY.replace("[0001]", "")
    formatter = TextFormatter(stream=io.StringIO(), disable_timestamp=True)
    assert written(formatter, FakeTTY(), record(k="v")) == TEXT_FILE


def test_forced_colours_reach_a_file_as_asked() -> None:
    formatter = TextFormatter(force_colors=True, disable_timestamp=True)
    assert written(formatter, io.StringIO(), record(k="v")) == TEXT_TTY.replace("[0001]", "")


def test_no_color_keeps_the_terminal_layout_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    formatter = TextFormatter(disable_timestamp=True)
    assert written(formatter, FakeTTY(), record(k="v")) == f"WARN {'hello':<44}  k=v\n"
    assert written(formatter, io.StringIO(), record(k="v")) == TEXT_FILE


def test_json_escapes_controls_for_a_terminal_only() -> None:
    formatter = JSONFormatter(disable_timestamp=True)
    rec = record("a\x9bb\u202ec")
    assert written(formatter, FakeTTY(), rec) == '{"level":"warning","msg":"a\\u009bb\\u202ec"}\n'
    assert written(formatter, io.StringIO(), rec) == '{"level":"warning","msg":"a\x9bb\u202ec"}\n'


# -- real programs on a real terminal ------------------------------------------------

LOGGING_INI = """\
[loggers]
keys=root

[handlers]
keys=console,file

[formatters]
keys=logrus

[logger_root]
level=INFO
handlers=console,file

[handler_console]
class=StreamHandler
formatter=logrus
args=(sys.stderr,)

[handler_file]
class=FileHandler
formatter=logrus
args=({log!r},)

[formatter_logrus]
class=prefixlog.TextFormatter
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PREFIXLOG_FORMAT")}
    env["TERM"] = "xterm"
    return env


def test_an_ini_file_config_gives_the_terminal_colours_and_the_file_logfmt(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    (tmp_path / "logging.ini").write_text(LOGGING_INI.format(log=str(log)))
    program = textwrap.dedent(
        """
        import logging, logging.config
        logging.config.fileConfig("logging.ini")
        logging.getLogger("app").warning("disk 91% full", extra={"mount": "/data"})
        """
    )
    terminal = run_on_terminal([sys.executable, "-c", program], cwd=tmp_path, env=_env()).decode()
    assert terminal.startswith("\x1b[33mWARN\x1b[0m[0000] disk 91% full")
    assert terminal.endswith(" \x1b[33mmount\x1b[0m=/data\r\n")
    text = log.read_text()
    assert ESC not in text
    assert text.endswith('level=warning msg="disk 91% full" mount=/data\n')
    assert text.startswith('time="')


def test_a_dictconfig_class_form_on_stdout_piped_into_another_process_writes_logfmt(tmp_path: Path) -> None:
    config = {
        "version": 1,
        "formatters": {"logrus": {"class": "prefixlog.TextFormatter"}},
        "handlers": {"out": {"class": "logging.StreamHandler", "formatter": "logrus", "stream": "ext://sys.stdout"}},
        "root": {"level": "INFO", "handlers": ["out"]},
    }
    program = (
        "import logging, logging.config\n"
        f"logging.config.dictConfig({json.dumps(config)})\n"
        "logging.getLogger('app').warning('slow', extra={'ms': 1500})\n"
    )
    out = tmp_path / "piped.txt"
    script = f"{sys.executable} -c {_quote(program)} | cat > {out}"
    run_on_terminal(["sh", "-c", script], cwd=tmp_path, env=_env())
    text = out.read_text()
    assert ESC not in text
    assert text.endswith(" level=warning msg=slow ms=1500\n")


def test_one_formatter_shared_by_a_console_and_a_file_handler(tmp_path: Path) -> None:
    log = tmp_path / "shared.log"
    program = textwrap.dedent(
        f"""
        import logging, prefixlog
        shared = prefixlog.PrefixedFormatter(disable_timestamp=True)
        console, file = logging.StreamHandler(), logging.FileHandler({str(log)!r})
        for handler in (console, file):
            handler.setFormatter(shared)
        logger = logging.getLogger("app")
        logger.addHandler(console)
        logger.addHandler(file)
        logger.warning("[db] slow query", extra={{"ms": 1500}})
        """
    )
    terminal = run_on_terminal([sys.executable, "-c", program], env=_env()).decode()
    assert terminal == "\x1b[0;33m WARN\x1b[0m\x1b[0;36m db:\x1b[0m slow query \x1b[0;33mms\x1b[0m=1500\r\n"
    assert log.read_text() == 'level=warning msg="[db] slow query" ms=1500\n'


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def test_subprocess_check_of_the_shell_quote() -> None:
    done = subprocess.run(
        ["sh", "-c", "printf %s " + _quote('it\'s "x" $HOME')], capture_output=True, text=True, check=True
    )
    assert done.stdout == 'it\'s "x" $HOME'


@pytest.mark.parametrize("form", ["()", "class"])
def test_dictconfig_formatters_of_both_forms_follow_their_handlers(form: str) -> None:
    formatter: dict[str, Any] = {form: "prefixlog.TextFormatter"}
    if form == "()":
        formatter["disable_timestamp"] = True
    else:
        formatter["datefmt"] = "15:04:05"
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"logrus": formatter},
            "handlers": {
                "console": {"class": "logging.StreamHandler", "formatter": "logrus"},
                "pipe": {"class": "logging.StreamHandler", "formatter": "logrus"},
            },
            "loggers": {"dest": {"handlers": ["console", "pipe"], "level": "INFO", "propagate": False}},
        }
    )
    console, pipe = logging.getLogger("dest").handlers
    console.setStream(FakeTTY())  # type: ignore[attr-defined]
    pipe.setStream(io.StringIO())  # type: ignore[attr-defined]
    logging.getLogger("dest").warning("hello", extra={"k": "v"})
    assert ESC in console.stream.getvalue()  # type: ignore[attr-defined]
    assert ESC not in pipe.stream.getvalue()  # type: ignore[attr-defined]
    assert pipe.stream.getvalue().endswith("level=warning msg=hello k=v\n")  # type: ignore[attr-defined]


@pytest.mark.usefixtures("restore_root_logging")
def test_basic_config_with_a_prefixlog_formatter_follows_its_handlers() -> None:
    tty, pipe = logging.StreamHandler(FakeTTY()), logging.StreamHandler(io.StringIO())
    logging.basicConfig(handlers=[tty, pipe], level=logging.INFO, force=True)
    shared = TextFormatter(disable_timestamp=True)
    tty.setFormatter(shared)
    pipe.setFormatter(shared)
    logging.getLogger("basic").warning("hello", extra={"k": "v"})
    assert tty.stream.getvalue() == TEXT_TTY.replace("[0001]", "")
    assert pipe.stream.getvalue() == TEXT_FILE
