"""The ``prefixlog`` command (prefixlog._cli): subcommands, help, usage errors, console script, demo."""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import prefixlog
from prefixlog import _demo
from prefixlog._cli import BROKEN_PIPE, build_parser, main
from prefixlog._registry import NAMES

from cli_helpers import AVAILABLE_FORMATS, clean_env, command, prefixlog_run

pytestmark = pytest.mark.usefixtures("restore_root_logging")


def test_help_lists_the_subcommands() -> None:
    result = prefixlog_run("--help")
    assert result.returncode == 0
    for name in ("demo", "run", "pretty"):
        assert f"    {name} " in result.stdout.decode()


@pytest.mark.parametrize(
    ("sub", "usage", "example"),
    [
        ("run", "usage: prefixlog run [options] -- COMMAND [ARGS...]", "prefixlog run --prefix s3 --format json --"),
        ("pretty", "usage: prefixlog pretty [-h]", "kubectl logs -f deploy/api | prefixlog pretty"),
        ("demo", "usage: prefixlog demo [-h]", "NO_COLOR=1 prefixlog demo"),
    ],
)
def test_subcommand_help_has_usage_and_examples(sub: str, usage: str, example: str) -> None:
    result = prefixlog_run(sub, "--help")
    assert result.returncode == 0
    text = result.stdout.decode()
    assert text.startswith(usage)
    assert "\nexamples:\n" in text
    assert example in text


def test_the_help_of_pretty_says_what_happens_to_lines_that_hold_no_record() -> None:
    lines = prefixlog_run("pretty", "--help").stdout.decode().splitlines()
    assert all(line.isprintable() for line in lines)  # the help itself sends no control character
    start = lines.index(
        "(set PREFIXLOG_TZ or TZ to change it). Lines that hold no record pass through: byte for byte into a"
    )
    assert lines[start + 1 : start + 5] == [
        "pipe or a file; on a terminal with control characters escaped (\\x1b, \\r ...), so no",
        "escape sequence from the logs reaches it (--escape auto|always|never; auto: escape",
        "on a terminal). Lines over --max-line bytes pass through the same way, unread.",
        "Exit code: 0; 1 if a FILE could not be read; 141 if the reader went away (| head).",
    ]


def test_version_and_no_subcommand() -> None:
    assert prefixlog_run("--version").stdout.decode() == f"prefixlog {prefixlog.__version__}\n"
    bare = prefixlog_run()
    assert bare.returncode == 2
    assert bare.stdout.decode().startswith("usage: prefixlog")


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "prefixlog"
    result = subprocess.run([str(script), "--version"], capture_output=True, env=clean_env(), check=False)
    assert (result.returncode, result.stdout.decode()) == (0, f"prefixlog {prefixlog.__version__}\n")


MAX_LINE_RULE = "must be 0 (no limit) or at least 4 (a UTF-8 character's bytes)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run"], "prefixlog run: error: a COMMAND is needed, after --"),
        (["run", "--"], "prefixlog run: error: a COMMAND is needed, after --"),
        (["run", "--grace", "-1", "--", "true"], "argument --grace: must be 0 or more, not -1"),
        (["run", "--grace", "soon", "--", "true"], "argument --grace: not a number: 'soon'"),
        (["run", "--max-line", "1.5", "--", "true"], "argument --max-line: not a number: '1.5'"),
        (["run", "--max-line", "-1", "--", "true"], "argument --max-line: must be 0 or more, not -1"),
        (["run", "--max-line", "1", "--", "true"], f"argument --max-line: {MAX_LINE_RULE}, not 1"),
        (["run", "--max-line", "3", "--", "true"], f"argument --max-line: {MAX_LINE_RULE}, not 3"),
        (["run", "--stderr-level", "loud", "--", "true"], "argument --stderr-level: unknown level 'loud'"),
        (["run", "--format", "xml", "--", "true"], "argument --format: invalid choice: 'xml'"),
        (["run", "--level", "loud", "--", "true"], "prefixlog run: error: level: unknown level 'loud'"),
        (["run", "--format", "logfmt", "--preset", "ecs", "--", "true"], "preset applies to the json format only"),
        (["pretty", "--level", "x"], "argument --level: unknown level 'x'"),
        (["pretty", "--color", "sometimes"], "argument --color: invalid choice: 'sometimes'"),
        (["pretty", "--escape", "sometimes"], "argument --escape: invalid choice: 'sometimes'"),
        (["pretty", "--max-line", "2"], f"argument --max-line: {MAX_LINE_RULE}, not 2"),
        (["pretty", "--max-line", "-4"], "argument --max-line: must be 0 or more, not -4"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = prefixlog_run(*args)
    assert result.returncode == 2
    assert message in result.stderr.decode()


def test_a_bad_environment_variable_is_a_usage_error() -> None:
    result = prefixlog_run("run", "--", "true", env=clean_env(PREFIXLOG_FORMAT="xml"))
    assert result.returncode == 2
    assert "PREFIXLOG_FORMAT: unknown format 'xml'" in result.stderr.decode()


def test_every_format_is_offered() -> None:
    assert list(NAMES) == ["auto", *AVAILABLE_FORMATS]
    run = build_parser().parse_args(["run", "--format", "logfmt", "--", "x"])
    assert run.argv == ["--", "x"]  # the leading -- is dropped when the command is run


def test_an_unknown_format_or_layout_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["run", "--format", "xml", "--", "true"], ["pretty", "--layout", "table"]):
        with pytest.raises(SystemExit) as stop:
            build_parser().parse_args(args)
        assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "argument --format: invalid choice: 'xml' (choose from" in err
    assert "argument --layout: invalid choice: 'table' (choose from" in err


def test_run_in_this_process_restores_logging_and_signals(capsys: pytest.CaptureFixture[str]) -> None:
    root = logging.getLogger()
    before = (root.level, list(root.handlers), signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGCHLD))
    code = main(["run", "--format", "logfmt", "--prefix", "sh", "--", "sh", "-c", "echo hi; exit 4"])
    after = (root.level, list(root.handlers), signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGCHLD))
    assert code == 4
    assert after == before
    lines = [line.split(" ", 1)[1] for line in capsys.readouterr().err.splitlines()]
    assert lines == [
        "level=info msg=hi prefix=sh stream=stdout",
        'level=warning msg="sh exited with code 4" exit_code=4 prefix=sh',
    ]


def test_demo_prints_every_layout_this_version_has() -> None:
    result = subprocess.run(command("demo"), capture_output=True, env=clean_env(), check=False)
    assert result.returncode == 0
    titles = [line[3:] for line in result.stdout.decode().splitlines() if line.startswith("== ")]
    assert titles == [title for title, _, _ in _demo.LAYOUTS]
    assert titles[:3] == [
        "TextFormatter, colored layout (logrus on a terminal)",
        "TextFormatter, seconds since start ([0000])",
        "TextFormatter, logfmt (logrus to a file or a pipe)",
    ]


def test_demo_into_a_reader_that_goes_away_ends_quietly() -> None:
    proc = subprocess.Popen(command("demo"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env())
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (BROKEN_PIPE, b"")


def test_run_passes_formatter_options_to_configure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "prefixlog", "run", "--format", "logfmt", "-o", "disable_timestamp=true",
         "-o", 'field_map={"msg": "message"}', "--prefix", "p", "--", "sh", "-c", "echo hi"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert proc.stderr == "level=info message=hi prefix=p stream=stdout\n"


def test_run_refuses_an_unknown_option() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "prefixlog", "run", "-o", "colour=true", "--", "true"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert "colour" in proc.stderr
