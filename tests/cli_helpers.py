"""Running ``python -m prefixlog`` as a real process, for the command-line tests."""

from __future__ import annotations

import contextlib
import os
import re
import select
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from prefixlog._registry import FORMATS

#: Every format the command line offers (the registry's), ``auto`` aside.
AVAILABLE_FORMATS = list(FORMATS)

_TIME = re.compile(r'time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:Z|[+-]\d\d:\d\d)" ')


def clean_env(**more: str) -> dict[str, str]:
    """The environment without prefixlog's and the colour variables, plus ``more``."""
    drop = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "PYTHONUNBUFFERED", "GIT_FLUSH")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFIXLOG_") and k not in drop}
    env.update(more)
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "prefixlog", *args]


def prefixlog_run(
    *args: str, env: dict[str, str] | None = None, stdin: bytes = b"", timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """``python -m prefixlog ARGS`` to its end, output captured."""
    return subprocess.run(
        command(*args),
        check=False,
        input=stdin,
        capture_output=True,
        env=clean_env() if env is None else env,
        timeout=timeout,
    )


def closed_run(
    redirect: str, *args: str, stdin: bytes = b"", before: str = "", timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """``python -m prefixlog ARGS`` with a standard stream *closed* by the shell (``redirect``: ``>&-``, ``2>&-``).

    Python then has ``sys.stdout``/``sys.stderr`` = ``None``; a ``DEVNULL``
    stream would not show that.  ``before`` is shell text put before the
    command (``seq 1 9 |``); the other streams are captured.
    """
    line = f'{before} "$0" -m prefixlog "$@" {redirect}'
    return subprocess.run(
        ["sh", "-c", line, sys.executable, *args],
        check=False,
        input=stdin,
        capture_output=True,
        env=clean_env(),
        timeout=timeout,
    )


def script(tmp_path: Path, body: str, name: str = "job.sh") -> str:
    """An executable ``/bin/sh`` script in ``tmp_path``."""
    path = tmp_path / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def untimed(output: bytes) -> list[str]:
    """logfmt lines without their leading ``time="<RFC 3339>" `` (each line must have one)."""
    lines = output.decode("utf-8").splitlines()
    for line in lines:
        assert _TIME.match(line), line
    return [_TIME.sub("", line, count=1) for line in lines]


def read_until(stream: IO[bytes] | None, text: bytes, timeout: float = 20) -> bytes:
    """Read ``stream`` (raw; a ``Popen`` pipe) until ``text`` has come; what was read."""
    assert stream is not None, "the process has no such pipe"
    fd = stream.fileno()
    data = b""
    end = time.monotonic() + timeout
    while text not in data:
        ready, _, _ = select.select([fd], [], [], max(0.0, end - time.monotonic()))
        assert ready, f"{text!r} did not come within {timeout}s; got {data!r}"
        chunk = os.read(fd, 65536)
        assert chunk, f"end of output before {text!r}; got {data!r}"
        data += chunk
    return data


def finish(proc: subprocess.Popen[bytes], timeout: float = 30) -> tuple[int, bytes]:
    """Wait for ``proc``; its exit code and the rest of its stderr."""
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    return proc.returncode, err


def stop(proc: subprocess.Popen[bytes], signum: int, timeout: float = 30) -> tuple[bytes, bytes]:
    """Send ``signum`` to ``proc`` and wait for its end: the rest of its stdout and stderr."""
    proc.send_signal(signum)
    return proc.communicate(timeout=timeout)


@contextlib.contextmanager
def reaped(proc: subprocess.Popen[bytes]) -> Iterator[subprocess.Popen[bytes]]:
    """``proc``, killed and waited for at the end of the block if it still runs (a failed test's)."""
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def gone(pid: int, timeout: float = 5) -> bool:
    """Whether process ``pid`` ends (or has ended) within ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        if _zombie(pid):
            return True
        time.sleep(0.02)
    return False


def _zombie(pid: int) -> bool:
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat_line.rsplit(")", 1)[1].split()[0] == "Z"


def kill_quietly(pid: Any) -> None:
    """Make sure a process a test left behind is gone."""
    with contextlib.suppress(ProcessLookupError, ValueError):
        os.kill(int(pid), 9)


def wait_for_exec(pid: int, name: str, timeout: float = 10) -> None:
    """Wait until process ``pid`` runs the program ``name`` (a shell forks, then execs)."""
    end = time.monotonic() + timeout
    comm = Path(f"/proc/{pid}/comm")
    while comm.read_text().strip() != name:
        assert time.monotonic() < end, f"process {pid} is still {comm.read_text().strip()!r}"
        time.sleep(0.01)
