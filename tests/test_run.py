"""``prefixlog run``: real child processes (shell scripts written into tmp_path), real signals."""

from __future__ import annotations

import io
import logging
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from prefixlog._config import make_formatter
from prefixlog._fields import split_fields
from prefixlog._relay import Relay
from prefixlog._run import Options, Runner, exit_code, signal_name

from cli_helpers import (
    AVAILABLE_FORMATS,
    clean_env,
    closed_run,
    command,
    finish,
    gone,
    kill_quietly,
    prefixlog_run,
    read_until,
    script,
    untimed,
    wait_for_exec,
)

LOGFMT = ("run", "--format", "logfmt")
JOB = "prefix=job.sh"


# -- exit codes ---------------------------------------------------------------------


@pytest.mark.parametrize("code", [0, 3])
def test_exit_code_is_the_childs(tmp_path: Path, code: int) -> None:
    job = script(tmp_path, f"echo out\nexit {code}\n")
    result = prefixlog_run(*LOGFMT, "--", job)
    assert result.returncode == code
    expected = [f"level=info msg=out {JOB} stream=stdout"]
    if code:
        expected.append(f'level=warning msg="job.sh exited with code 3" exit_code=3 {JOB}')
    assert untimed(result.stderr) == expected
    assert result.stdout == b""


def test_a_clean_exit_is_noted_at_debug(tmp_path: Path) -> None:
    result = prefixlog_run(*LOGFMT, "--level", "debug", "--", script(tmp_path, "true\n"))
    assert result.returncode == 0
    assert untimed(result.stderr) == [f'level=debug msg="job.sh exited with code 0" exit_code=0 {JOB}']


def test_a_child_ended_by_a_signal_gives_128_plus_n(tmp_path: Path) -> None:
    result = prefixlog_run(*LOGFMT, "--", script(tmp_path, "kill -KILL $$\n"))
    assert result.returncode == 137
    assert untimed(result.stderr) == [f'level=warning msg="job.sh was ended by SIGKILL" exit_code=137 {JOB}']


@pytest.mark.parametrize("name", ["no-such-command-for-prefixlog", "./no/such/dir/cmd", ""])
def test_a_command_not_found_exits_127(tmp_path: Path, name: str) -> None:
    result = prefixlog_run(*LOGFMT, "--prefix", "x", "--", name, "arg")
    assert result.returncode == 127
    assert untimed(result.stderr) == [f'level=error msg="cannot run {name}: command not found" exit_code=127 prefix=x']


@pytest.mark.parametrize("kind", ["not executable", "a directory"])
def test_a_command_that_cannot_be_executed_exits_126(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "plain.sh"
    if kind == "a directory":
        path.mkdir()
    else:
        path.write_text("echo never\n")
    result = prefixlog_run(*LOGFMT, "--prefix", "x", "--", str(path))
    assert result.returncode == 126
    assert untimed(result.stderr) == [f'level=error msg="cannot run {path}: Permission denied" exit_code=126 prefix=x']


# -- closed output streams: the command's exit code, nothing written elsewhere --------------


@pytest.mark.parametrize(("body", "code"), [("true", 0), ("echo out; echo err >&2; exit 3", 3)])
def test_a_closed_stderr_keeps_the_exit_code(body: str, code: int) -> None:
    result = closed_run("2>&-", *LOGFMT, "--", "sh", "-c", body)
    assert (result.returncode, result.stdout, result.stderr) == (code, b"", b"")


def test_a_closed_stdout_drops_the_records_it_was_to_get() -> None:
    result = closed_run(">&-", *LOGFMT, "--output", "stdout", "--", "sh", "-c", "echo out; echo err >&2; exit 3")
    assert (result.returncode, result.stdout, result.stderr) == (3, b"", b"")  # nothing on stderr instead


def test_a_closed_stdin_reads_as_empty_for_the_command() -> None:
    # fd 0 is /dev/null for the command: cat reads nothing, instead of failing on a closed descriptor.
    result = closed_run("<&-", *LOGFMT, "--output", "stdout", "--", "sh", "-c", "cat; echo done")
    assert (result.returncode, result.stderr) == (0, b"")
    assert untimed(result.stdout) == ["level=info msg=done prefix=sh stream=stdout"]


def test_exit_code_mapping() -> None:
    assert [exit_code(rc) for rc in (0, 1, 255, -9, -15)] == [0, 1, 255, 137, 143]
    assert (signal_name(15), signal_name(999)) == ("SIGTERM", "signal 999")


# -- lines, levels, fields ---------------------------------------------------------------


def test_stdout_at_info_stderr_at_warning_with_prefix_and_stream(tmp_path: Path) -> None:
    job = script(tmp_path, "echo 'hello world'\necho oops >&2\n")
    result = prefixlog_run(*LOGFMT, "--", job)
    assert result.returncode == 0
    lines = untimed(result.stderr)
    assert sorted(lines) == [
        f'level=info msg="hello world" {JOB} stream=stdout',
        f"level=warning msg=oops {JOB} stream=stderr",
    ]


def test_levels_prefix_and_output_options(tmp_path: Path) -> None:
    job = script(tmp_path, "echo out\necho err >&2\n")
    args = ("--prefix", "init", "--stdout-level", "debug", "--stderr-level", "error", "--output", "stdout")
    shown = prefixlog_run(*LOGFMT, *args, "--level", "debug", "--", job)
    assert shown.stderr == b""
    lines = untimed(shown.stdout)
    assert sorted(lines[:2]) == [
        "level=debug msg=out prefix=init stream=stdout",
        "level=error msg=err prefix=init stream=stderr",
    ]
    assert lines[2:] == ['level=debug msg="init exited with code 0" exit_code=0 prefix=init']
    hidden = prefixlog_run(*LOGFMT, *args, "--", job)  # level info: the debug line is filtered out
    assert untimed(hidden.stdout) == ["level=error msg=err prefix=init stream=stderr"]


def test_the_environment_variables_configure_the_output(tmp_path: Path) -> None:
    job = script(tmp_path, "echo out\necho err >&2\n")
    result = prefixlog_run("run", "--", job, env=clean_env(PREFIXLOG_FORMAT="logfmt", PREFIXLOG_LEVEL="warning"))
    assert untimed(result.stderr) == [f"level=warning msg=err {JOB} stream=stderr"]


def test_lines_of_any_kind(tmp_path: Path) -> None:
    body = r"""printf 'bad \377 utf8 \303\n'
printf 'dos\r\n'
printf '\n'
printf '100%% %%s {}\n'
printf 'esc \033[31mred\033[0m, one that starts nothing: \033\n'
printf 'no newline at the end'
"""
    result = prefixlog_run(*LOGFMT, "--", script(tmp_path, body))
    assert untimed(result.stderr) == [
        f'level=info msg="bad \ufffd utf8 \ufffd" {JOB} stream=stdout',
        f"level=info msg=dos {JOB} stream=stdout",
        f"level=info {JOB} stream=stdout",
        f'level=info msg="100% %s {{}}" {JOB} stream=stdout',
        f'level=info msg="esc red, one that starts nothing: \\x1b" {JOB} stream=stdout',
        f'level=info msg="no newline at the end" {JOB} stream=stdout',
    ]


def test_a_partial_last_line_on_each_stream(tmp_path: Path) -> None:
    result = prefixlog_run(*LOGFMT, "--", script(tmp_path, "printf 'one\\ntwo'\nprintf 'three' >&2\n"))
    lines = untimed(result.stderr)
    assert [line for line in lines if "stdout" in line] == [
        f"level=info msg=one {JOB} stream=stdout",
        f"level=info msg=two {JOB} stream=stdout",
    ]
    assert [line for line in lines if "stderr" in line] == [f"level=warning msg=three {JOB} stream=stderr"]


def test_records_from_the_child_are_relayed_not_wrapped(tmp_path: Path) -> None:
    body = """echo 'time="2021-07-04T15:26:26+08:00" level=error msg="from child" k=v'
echo '{"level":"debug","msg":"hidden at info"}'
echo '{"level":"warning","msg":"json","n":5,"prefix":"own","time":"2021-07-04T07:26:26Z"}'
echo 'level=info msg=plain' >&2
"""
    job = script(tmp_path, body)
    result = prefixlog_run(*LOGFMT, "--", job)
    lines = result.stderr.decode().splitlines()
    assert lines[:2] == [
        f'time="2021-07-04T15:26:26+08:00" level=error msg="from child" k=v {JOB} stream=stdout',
        'time="2021-07-04T15:26:26+08:00" level=warning msg=json n=5 prefix=own stream=stdout',
    ]
    assert untimed(lines[2].encode()) == [f"level=info msg=plain {JOB} stream=stderr"]  # its own level, not warning
    raw = prefixlog_run(*LOGFMT, "--no-parse", "--", job)
    assert untimed(raw.stderr)[0] == (
        'level=info msg="time=\\"2021-07-04T15:26:26+08:00\\" level=error msg=\\"from child\\" k=v" '
        f"{JOB} stream=stdout"
    )


@pytest.mark.parametrize("fmt", AVAILABLE_FORMATS)
def test_every_format(tmp_path: Path, fmt: str) -> None:
    """The relayed record is what the format's own formatter writes for it (elapsed seconds aside)."""
    job = script(tmp_path, """echo '{"level":"warning","msg":"hello","n":5,"time":"2021-07-04T07:26:26Z"}'\n""")
    result = prefixlog_run("run", "--format", fmt, "--", job)
    record = logging.makeLogRecord({"levelno": 30, "levelname": "WARNING", "msg": "hello", "created": 1625383586.0})
    # the relay's logger name, caller and function: the command (written by the layouts that write them, zap's)
    record.name, record.pathname, record.lineno, record.funcName = "job.sh", str(job), 0, "job.sh"
    record.msecs = record.relativeCreated = 0.0
    record.__dict__.update(split_fields({"n": 5, "prefix": "job.sh", "stream": "stdout"}))
    expected = make_formatter(fmt, io.StringIO()).format(record) + "\n"
    elapsed = re.compile(r"\[\d{4,}\]")  # [0000]: seconds since prefixlog started
    assert elapsed.sub("[0000]", result.stderr.decode()) == expected


def test_an_output_that_goes_away_leaves_the_command_running_quietly(tmp_path: Path) -> None:
    marker = tmp_path / "finished"
    job = script(tmp_path, f"seq 1 5000\necho done > {marker}\n")
    proc = subprocess.Popen(
        command(*LOGFMT, "--output", "stdout", "--", job),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().endswith(b" level=info msg=1 prefix=job.sh stream=stdout\n")
    proc.stdout.close()  # as `| head -1` does
    code, err = finish(proc)
    assert (code, err) == (0, b"")  # no traceback per record
    assert marker.read_text() == "done\n"


def test_the_command_is_killed_when_prefixlog_itself_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(self: Relay, raw: bytes, stream: str, part: int) -> None:
        raise RuntimeError("relay broke")

    monkeypatch.setattr(Relay, "line", broken)
    pidfile = tmp_path / "pid"
    job = script(tmp_path, f"echo $$ > {pidfile}\necho started\nexec sleep 30\n")
    runner = Runner(Options(command=[job], prefix="job"), logging.getLogger("test.run"))
    with pytest.raises(RuntimeError, match="relay broke"):
        runner.run()
    assert runner.proc is not None
    assert runner.proc.returncode == -signal.SIGKILL  # killed and reaped
    assert signal.getsignal(signal.SIGTERM) is not runner._on_signal  # handlers restored


def test_stdin_is_the_childs(tmp_path: Path) -> None:
    result = prefixlog_run(*LOGFMT, "--prefix", "cat", "--", "cat", stdin=b"from stdin\n")
    assert untimed(result.stderr) == ['level=info msg="from stdin" prefix=cat stream=stdout']


def test_the_child_gets_unbuffered_switches(tmp_path: Path) -> None:
    job = script(tmp_path, 'echo "$PYTHONUNBUFFERED/$GIT_FLUSH"\n')
    assert untimed(prefixlog_run(*LOGFMT, "--", job).stderr) == [f"level=info msg=1/1 {JOB} stream=stdout"]
    mine = prefixlog_run(*LOGFMT, "--", job, env=clean_env(PYTHONUNBUFFERED="", GIT_FLUSH="0"))
    assert untimed(mine.stderr) == [f"level=info msg=/0 {JOB} stream=stdout"]  # set by the user: kept


# -- volume and long lines ------------------------------------------------------------


def test_a_hundred_thousand_lines_all_arrive_in_order(tmp_path: Path) -> None:
    job = script(tmp_path, "seq 1 10000 >&2 &\nseq 1 100000\nwait\n")
    result = prefixlog_run(*LOGFMT, "--", job)
    assert result.returncode == 0
    out: list[str] = []
    err: list[str] = []
    pattern = re.compile(r'time="[^"]+" level=(?:info|warning) msg=(\d+) prefix=job\.sh stream=(stdout|stderr)')
    for line in result.stderr.decode().splitlines():
        match = pattern.fullmatch(line)
        assert match, line
        (out if match.group(2) == "stdout" else err).append(match.group(1))
    assert out == [str(i) for i in range(1, 100_001)]
    assert err == [str(i) for i in range(1, 10_001)]


def test_interleaved_streams_keep_their_order(tmp_path: Path) -> None:
    job = script(tmp_path, 'i=0\nwhile [ $i -lt 2000 ]; do i=$((i+1)); echo "o$i"; echo "e$i" >&2; done\n')
    lines = untimed(prefixlog_run(*LOGFMT, "--", job).stderr)
    assert [line.split()[1] for line in lines if "stdout" in line] == [f"msg=o{i}" for i in range(1, 2001)]
    assert [line.split()[1] for line in lines if "stderr" in line] == [f"msg=e{i}" for i in range(1, 2001)]


TEN_MB = 10_000_000


def test_a_ten_megabyte_line_is_one_record_without_a_limit(tmp_path: Path) -> None:
    job = script(tmp_path, f"head -c {TEN_MB} /dev/zero | tr '\\0' x\necho\n")
    (line,) = untimed(prefixlog_run(*LOGFMT, "--max-line", "0", "--", job).stderr)
    assert line == f"level=info msg={'x' * TEN_MB} {JOB} stream=stdout"


def test_a_ten_megabyte_line_is_split_into_numbered_parts(tmp_path: Path) -> None:
    job = script(tmp_path, f"head -c {TEN_MB} /dev/zero | tr '\\0' x\necho\n")
    lines = untimed(prefixlog_run(*LOGFMT, "--", job).stderr)
    limit = 1 << 20
    sizes = [limit] * (TEN_MB // limit) + [TEN_MB % limit]
    assert lines == [f"level=info msg={'x' * n} part={i} {JOB} stream=stdout" for i, n in enumerate(sizes, 1)]


def test_parts_are_cut_between_characters(tmp_path: Path) -> None:
    job = script(tmp_path, "printf '\\360\\237\\230\\200\\303\\251\\303\\251\\303\\251\\n'\n")  # 😀ééé
    lines = untimed(prefixlog_run(*LOGFMT, "--max-line", "5", "--", job).stderr)
    assert lines == [
        f'level=info msg="😀" part=1 {JOB} stream=stdout',
        f'level=info msg="éé" part=2 {JOB} stream=stdout',
        f'level=info msg="é" part=3 {JOB} stream=stdout',
    ]


# -- time: output as it comes, quiet spells ---------------------------------------------


def test_lines_are_written_as_they_come_through_quiet_spells(tmp_path: Path) -> None:
    # A Python child without -u: PYTHONUNBUFFERED, set by prefixlog, makes it write each line at once.
    child = "import time\nfor word in ('one', 'two', 'three'):\n    print(word)\n    time.sleep(1.0)\n"
    (tmp_path / "child.py").write_text(child)
    proc = subprocess.Popen(
        command(*LOGFMT, "--prefix", "py", "--", sys.executable, str(tmp_path / "child.py")),
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    first = read_until(proc.stderr, b"msg=one")
    seen = time.monotonic()
    code, rest = finish(proc)
    # "one" came about 3 s before the end (the child sleeps 1 s after each line): nothing held it back.
    assert time.monotonic() - seen >= 1.5
    assert code == 0
    assert untimed(first + rest) == [
        f"level=info msg={word} prefix=py stream=stdout" for word in ("one", "two", "three")
    ]


def test_a_grandchild_holding_the_pipes_is_read_to_the_end(tmp_path: Path) -> None:
    job = script(tmp_path, "(sleep 1; echo late) &\necho early\n")
    start = time.monotonic()
    result = prefixlog_run(*LOGFMT, "--", job)
    assert time.monotonic() - start >= 1
    assert result.returncode == 0
    assert untimed(result.stderr) == [f"level=info msg={w} {JOB} stream=stdout" for w in ("early", "late")]


# -- signals ---------------------------------------------------------------------------

TRAP = """trap 'echo "cleaning up"; echo cleaned > "{marker}"; exit 5' TERM INT
sleep 30 >/dev/null 2>&1 &
echo $! > "{pid}"
echo started
wait
"""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signals_are_forwarded_and_the_child_cleans_up(tmp_path: Path, sig: signal.Signals) -> None:
    marker, pidfile = tmp_path / "marker", tmp_path / "pid"
    job = script(tmp_path, TRAP.format(marker=marker, pid=pidfile))
    proc = subprocess.Popen(command(*LOGFMT, "--", job), stderr=subprocess.PIPE, env=clean_env())
    try:
        head = read_until(proc.stderr, b"msg=started")
        wait_for_exec(int(pidfile.read_text()), "sleep")  # before exec, the shell's trap would catch it
        proc.send_signal(sig)
        code, rest = finish(proc)
        assert code == 5
        assert marker.read_text() == "cleaned\n"
        assert untimed(head + rest) == [
            f"level=info msg=started {JOB} stream=stdout",
            f'level=info msg="received {sig.name}: forwarded to job.sh" {JOB} signal={sig.name}',
            f'level=info msg="cleaning up" {JOB} stream=stdout',
            f'level=warning msg="job.sh exited with code 5" exit_code=5 {JOB}',
        ]
        if sig == signal.SIGTERM:  # the whole process group got it (a shell's `&` ignores SIGINT)
            assert gone(int(pidfile.read_text()))
    finally:
        kill_quietly(pidfile.read_text() if pidfile.exists() else "")


def test_sigkill_after_the_grace_period(tmp_path: Path) -> None:
    job = script(tmp_path, "trap '' TERM\necho started\nwhile :; do sleep 0.1; done\n")
    proc = subprocess.Popen(command(*LOGFMT, "--grace", "1", "--", job), stderr=subprocess.PIPE, env=clean_env())
    head = read_until(proc.stderr, b"msg=started")
    start = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    code, rest = finish(proc)
    took = time.monotonic() - start
    assert code == 137
    assert 1.0 <= took < 10.0
    assert untimed(head + rest) == [
        f"level=info msg=started {JOB} stream=stdout",
        f'level=info msg="received SIGTERM: forwarded to job.sh" {JOB} signal=SIGTERM',
        f'level=warning msg="job.sh still running 1s after the signal: sending SIGKILL" {JOB} signal=SIGKILL',
        f'level=warning msg="job.sh was ended by SIGKILL" exit_code=137 {JOB}',
    ]


def test_a_process_that_escaped_the_group_does_not_keep_prefixlog_after_sigkill(tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    escape = f"import os, time; os.setsid(); open({str(pidfile)!r}, 'w').write(str(os.getpid())); time.sleep(30)"
    job = script(tmp_path, f'"{sys.executable}" -c "{escape}" &\necho started\nexec sleep 30\n')
    proc = subprocess.Popen(command(*LOGFMT, "--grace", "0.5", "--", job), stderr=subprocess.PIPE, env=clean_env())
    try:
        head = read_until(proc.stderr, b"msg=started")
        deadline = time.monotonic() + 10
        while not pidfile.exists() or not pidfile.read_text():
            assert time.monotonic() < deadline
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        code, rest = finish(proc, timeout=15)
        assert code == 143  # sleep died of SIGTERM
        assert untimed(head + rest)[-2:] == [
            f'level=warning msg="stopped reading: another process holds the output pipes open" {JOB}',
            f'level=warning msg="job.sh was ended by SIGTERM" exit_code=143 {JOB}',
        ]
    finally:
        kill_quietly(pidfile.read_text() if pidfile.exists() else "")


def test_sigusr1_goes_to_the_child_alone(tmp_path: Path) -> None:
    # The sleeps would die of a SIGUSR1 (and the shell say so): they must not get it.
    job = script(tmp_path, "trap 'echo got usr1; exit 0' USR1\necho started\nwhile :; do sleep 0.1; done\n")
    proc = subprocess.Popen(command(*LOGFMT, "--", job), stderr=subprocess.PIPE, env=clean_env())
    head = read_until(proc.stderr, b"msg=started")
    proc.send_signal(signal.SIGUSR1)
    code, rest = finish(proc)
    assert code == 0
    assert untimed(head + rest)[1:] == [
        f'level=info msg="received SIGUSR1: forwarded to job.sh" {JOB} signal=SIGUSR1',
        f'level=info msg="got usr1" {JOB} stream=stdout',
    ]


# -- plain-text heads and escape sequences ----------------------------------------------------

PYTHON_CHILD = """\
import logging
logging.basicConfig()  # stderr, logging.BASIC_FORMAT, at warning
logging.getLogger("app.db").warning("slow query")
logging.getLogger().setLevel(logging.INFO)
logging.info("all good")
logging.getLogger("app").error("failed: %s", "no route")
print("plain")
"""


def test_a_python_childs_logging_keeps_its_levels(tmp_path: Path) -> None:
    child = tmp_path / "child.py"
    child.write_text(PYTHON_CHILD)
    result = prefixlog_run(*LOGFMT, "--prefix", "py", "--stderr-level", "error", "--", sys.executable, str(child))
    assert result.returncode == 0
    assert sorted(untimed(result.stderr)) == sorted(
        [
            'level=warning msg="slow query" logger=app.db prefix=py stream=stderr',
            'level=info msg="all good" logger=root prefix=py stream=stderr',
            'level=error msg="failed: no route" logger=app prefix=py stream=stderr',
            "level=info msg=plain prefix=py stream=stdout",
        ]
    )


def test_heads_are_plain_text_with_no_parse(tmp_path: Path) -> None:
    job = script(tmp_path, "echo 'INFO:root:all good' >&2\n")
    result = prefixlog_run(*LOGFMT, "--no-parse", "--", job)
    assert untimed(result.stderr) == [f'level=warning msg="INFO:root:all good" {JOB} stream=stderr']


def test_escape_sequences_are_removed_unless_kept(tmp_path: Path) -> None:
    job = script(tmp_path, r"printf '\033[31mred\033[0m \033]0;title\007and \033[1mbold\033[0m\n'" + "\n")
    removed = prefixlog_run(*LOGFMT, "--", job)
    kept = prefixlog_run(*LOGFMT, "--keep-ansi", "--", job)
    assert untimed(removed.stderr) == [f'level=info msg="red and bold" {JOB} stream=stdout']
    assert untimed(kept.stderr) == [
        f'level=info msg="\\x1b[31mred\\x1b[0m \\x1b]0;title\\aand \\x1b[1mbold\\x1b[0m" {JOB} stream=stdout'
    ]
