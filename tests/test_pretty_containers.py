"""``prefixlog pretty`` over a cluster's logs: ``kubectl logs --prefix`` lines, ``--where``, ``--follow``."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from prefixlog._containers import split_prefix

from cli_helpers import clean_env, command, prefixlog_run, read_until, reaped, stop
from pretty_helpers import pretty, untimed

POD = "pod/api-7d9f4c-x2x/api"


# -- kubectl logs --prefix -------------------------------------------------------------------


def test_kubectl_prefix_is_the_records_prefix() -> None:
    lines = [
        f'[{POD}] {{"level":"error","msg":"boom","n":5}}',
        f"[{POD}] level=warning msg=slow",
        f"[{POD}] INFO:app.db:all good",
        f'[{POD}] {{"level":"info","msg":"own","prefix":"mine"}}',  # the line's own prefix is kept
        f"[{POD}] plain text",  # no record: passes through as it came
    ]
    out = pretty("".join(line + "\n" for line in lines).encode(), "--color", "never")
    assert out.decode() == "".join(
        [
            untimed("ERRO", "boom", "n=5", f"prefix={POD}"),
            untimed("WARN", "slow", f"prefix={POD}"),
            untimed("INFO", "all good", "logger=app.db", f"prefix={POD}"),
            untimed("INFO", "own", "fields.prefix=mine", f"prefix={POD}"),
            f"[{POD}] plain text\n",
        ]
    )


def test_kubectl_prefix_in_the_prefixed_layout() -> None:
    out = pretty(f"[{POD}] level=info msg=hi a=1\n".encode(), "--color", "never", "--layout", "prefixed")
    assert out.decode() == f" INFO {POD}: hi a=1\n"


def test_kubectl_timestamps_are_the_time_of_records_without_one() -> None:
    lines = [
        f'[{POD}] 2021-07-04T07:26:27.123456789Z {{"level":"error","msg":"boom"}}',  # --prefix --timestamps
        "2021-07-04T07:26:28Z level=info msg=own time=2021-07-04T07:26:20Z",  # the line's own time wins
        "2021-07-04T07:26:29Z plain text",  # no record: passes through as it came
        "2021-07-04T07:26:29+08:00 level=info msg=no",  # kubectl writes UTC: no kubectl time
    ]
    out = pretty("".join(line + "\n" for line in lines).encode(), "--color", "never", "--full-timestamp")
    assert out.decode() == "".join(
        [
            f"ERRO[2021-07-04T15:26:27+08:00] {'boom':<44}  prefix={POD}\n",
            f"INFO[2021-07-04T15:26:20+08:00] {'own':<44} \n",
            "2021-07-04T07:26:29Z plain text\n",
            "2021-07-04T07:26:29+08:00 level=info msg=no\n",
        ]
    )


@pytest.mark.parametrize(
    "line",
    [
        b"[INFO] level=info msg=hi",
        b"[pod/api] level=info msg=hi",  # no container
        b"[pod/api/c]level=info msg=hi",  # no space
        b"[pod/a b/c] level=info msg=hi",
        b" [pod/api/c] level=info msg=hi",
        b"[deploy/api/c] level=info msg=hi",
    ],
)
def test_other_brackets_are_no_kubectl_prefix(line: bytes) -> None:
    assert split_prefix(line) == (None, line)


# -- --where ---------------------------------------------------------------------------------

WHERE_INPUT = b"""\
{"level":"error","msg":"boom","http":{"status":500},"ok":false,"n":5}
{"level":"error","msg":"boom","http":{"status":404},"ok":true,"n":5}
{"level":"warn","msg":"slow","http.status":500,"user":"ana"}
level=info msg=plain user=ana
no record here
WARNING:app.db:slow query
"""


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        (["level=error"], ["boom 500", "boom 404"]),
        (["level=warning"], ["slow", "slow query"]),
        (["level=WARN"], ["slow", "slow query"]),
        (["level=info"], ["plain"]),  # a line without a level would be info too
        (["msg=boom"], ["boom 500", "boom 404"]),
        (["http.status=500"], ["boom 500", "slow"]),  # a nested key, and a key with a dot in it
        (["ok=false"], ["boom 500"]),  # shown as Go shows it
        (["n=5", "http.status=404"], ["boom 404"]),  # all must hold
        (["user=ana", "level=info"], ["plain"]),
        (["logger=app.db"], ["slow query"]),
        (["user=Ana"], []),  # exact, case too
        (["missing="], []),  # no such field: no match, even for an empty value
    ],
)
def test_where_keeps_matching_records(conditions: list[str], expected: list[str]) -> None:
    args = [arg for condition in conditions for arg in ("--where", condition)]
    out = pretty(WHERE_INPUT, "--color", "never", "--fields", "user", *args).decode()
    messages = {
        "boom 500": untimed("ERRO", "boom"),
        "boom 404": untimed("ERRO", "boom"),
        "slow": untimed("WARN", "slow", "user=ana"),
        "plain": untimed("INFO", "plain", "user=ana"),
        "slow query": untimed("WARN", "slow query"),
    }
    assert out == "".join(messages[name] for name in expected)


def test_where_after_the_kubectl_prefix() -> None:
    data = f"[{POD}] level=info msg=a\n[pod/db-0/db] level=info msg=b\n".encode()
    out = pretty(data, "--color", "never", "--where", "prefix=pod/db-0/db")
    assert out.decode() == untimed("INFO", "b", "prefix=pod/db-0/db")


@pytest.mark.parametrize(
    ("value", "error"),
    [("level", "argument --where: not KEY=VALUE: 'level'"), ("level=loud", "argument --where: not a level name")],
)
def test_where_that_is_no_condition_is_a_usage_error(value: str, error: str) -> None:
    result = prefixlog_run("pretty", "--where", value)
    assert result.returncode == 2
    assert error in result.stderr.decode()


# -- --follow --------------------------------------------------------------------------------


def _follower(*paths: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        command("pretty", "--follow", "--color", "never", *map(str, paths)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )


def _append(path: Path, data: bytes) -> None:
    with path.open("ab") as handle:
        handle.write(data)


def test_follow_reads_a_growing_truncated_and_rotated_file(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_bytes(b"level=info msg=one\n")
    with reaped(_follower(log)) as proc:
        seen = read_until(proc.stdout, b"one")
        _append(log, b"level=info msg=tw")  # half a line waits for its end
        time.sleep(0.5)
        _append(log, b"o\n")
        seen += read_until(proc.stdout, b"two")
        log.write_bytes(b"level=warning msg=truncated\n")  # shorter than what was read: from the start again
        seen += read_until(proc.stdout, b"truncated")
        log.rename(tmp_path / "app.log.1")
        _append(tmp_path / "app.log.1", b"level=error msg=late\n")  # the old file is read to its end first
        log.write_bytes(b"level=info msg=rotated\n")
        seen += read_until(proc.stdout, b"rotated")
        out, err = stop(proc, signal.SIGTERM)
    assert (proc.returncode, err) == (143, b"")
    assert (seen + out).decode() == "".join(
        [
            untimed("INFO", "one"),
            untimed("INFO", "two"),
            untimed("WARN", "truncated"),
            untimed("ERRO", "late"),
            untimed("INFO", "rotated"),
        ]
    )


def test_follow_reads_several_files_and_ends_on_sigint(tmp_path: Path) -> None:
    first, second = tmp_path / "a.log", tmp_path / "b.log"
    first.write_bytes(b"level=info msg=a1\n")
    second.write_bytes(b"")
    with reaped(_follower(first, tmp_path / "missing.log", second)) as proc:
        seen = read_until(proc.stdout, b"a1")
        _append(second, b"level=info msg=b1\n")
        seen += read_until(proc.stdout, b"b1")
        _append(first, b"level=info msg=a2\n")
        seen += read_until(proc.stdout, b"a2")
        out, err = stop(proc, signal.SIGINT)
    assert proc.returncode == 130
    assert err.decode() == f"prefixlog pretty: {tmp_path / 'missing.log'}: No such file or directory\n"
    assert (seen + out).decode() == untimed("INFO", "a1") + untimed("INFO", "b1") + untimed("INFO", "a2")


def test_without_follow_sigterm_ends_cleanly_too(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        command("pretty", "--color", "never"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    assert proc.stdin is not None
    proc.stdin.write(b"level=info msg=x\n")
    proc.stdin.flush()
    read_until(proc.stdout, b"x")
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=10)
    assert (proc.returncode, err) == (143, b"")


def test_the_helps_list_the_heads_and_the_options() -> None:
    pretty_help = " ".join(prefixlog_run("pretty", "--help").stdout.decode().split())
    run_help = " ".join(prefixlog_run("run", "--help").stdout.decode().split())
    for text in ("logging.BASIC_FORMAT", "uvicorn", "klog/glog", "zap's", "kubectl logs --prefix"):
        assert text in pretty_help
    for text in ("-f, --follow", "--where KEY=VALUE", "SIGTERM (143)"):
        assert text in pretty_help
    for text in ("logging.BASIC_FORMAT", "uvicorn", "klog/glog", "zap's console line", "--keep-ansi"):
        assert text in run_help
