"""Plain-text heads (:mod:`prefixlog._heads`), each read from lines the real program wrote.

Python's logging writes in this process (``logging.basicConfig``); uvicorn
runs as a real server, answering real requests; klog is a Go program
(``tests/data/heads/klog_main.go``, built against Debian's
``golang-k8s-klog-dev``) that tells what it logged on stdout; zap's console
lines are ``../shared/oracle-go``'s, written by zap 1.23.0.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from prefixlog import FATAL, PANIC
from prefixlog._heads import parse_head
from prefixlog._parse import Parsed, parse_line

from cli_helpers import reaped, stop
from oracle_go_cases import CORPUS, EXPECTED, WORD_LEVELS, expected, load

DATA = Path(__file__).parent / "data" / "heads"
KLOG_SOURCE = Path("/usr/share/gocode/src/k8s.io/klog")
KLOG_LEVELS = {"info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR, "fatal": FATAL}


# -- Python's logging -------------------------------------------------------------------


def test_python_basic_format_lines_read_back() -> None:
    stream = io.StringIO()
    logging.basicConfig(stream=stream, level=logging.DEBUG, force=True)
    calls = [
        (logging.INFO, "root", "all good"),
        (logging.WARNING, "myapp.db", "slow query: 3.2 s"),
        (logging.DEBUG, "urllib3.connectionpool", "Starting new HTTPS connection (1): example.org:443"),
        (logging.ERROR, "app", ""),
        (logging.CRITICAL, "app.worker-2", "tab\there, spaces  kept "),
    ]
    for level, name, message in calls:
        logging.getLogger(None if name == "root" else name).log(level, message)
    try:
        raise ValueError("bad")
    except ValueError:
        logging.getLogger("app").exception("failed")
    lines = stream.getvalue().splitlines()
    expect = [Parsed(level, message, None, {"logger": name}) for level, name, message in calls]
    expect.append(Parsed(logging.ERROR, "failed", None, {"logger": "app"}))
    assert [parse_line(line) for line in lines[: len(expect)]] == expect
    assert lines[len(expect)] == "Traceback (most recent call last):"
    assert [parse_line(line) for line in lines[len(expect) :]] == [None] * (len(lines) - len(expect))


@pytest.mark.parametrize(
    "line",
    [
        "Note: this is fine",
        "ERROR is a word",
        "http://x",
        "INFO: one space",
        "INFO:  two spaces",
        "WARNING: x",
        "Info:root:not a level word of Python's",
        "INFO:root",
        "INFO::no name",
        "INFO:my app:a name with a space",
        " INFO:root:indented",
        "I1201 13:20:19.123456 12345 file.go:28 no bracket",
        "I1301 13:20:19.123456   12345 file.go:28] month 13",
        "I1201 13:20:19.12345   12345 file.go:28] five digits",
        "X1201 13:20:19.123456   12345 file.go:28] letter X",
        "I1201 13:20:19.123456   12345 file.go] no line",
        "I1201 13:20:19.123456   12345 file.go:28]no space",
        "I\u0661\u0662\u0660\u0661 13:20:19.123456   12345 file.go:28] Arabic-Indic digits",
        "2021-07-04T15:26:26.123+0800\tInfo\tnot zap's case",
        "2021-07-04T15:26:26.123+0800\tNOTICE\tnot zap's level",
        "not a time\tINFO\tmessage",
        "2021-07-04T15:26:26.123+0800 INFO spaces, not tabs",
        "",
    ],
)
def test_ordinary_text_is_no_head(line: str) -> None:
    assert parse_head(line) is None
    assert parse_line(line) is None


def test_uvicorn_padding_for_each_level() -> None:
    for word, level in (("DEBUG", logging.DEBUG), ("WARNING", logging.WARNING), ("CRITICAL", FATAL)):
        line = f"{word}:".ljust(9) + " message"  # uvicorn: levelname + ":" + " " * (8 - len(levelname)), " "
        assert parse_head(line) == Parsed(level, "message", None, {})
    assert parse_head("PANIC:app:m") == Parsed(PANIC, "m", None, {"logger": "app"})


# -- uvicorn ------------------------------------------------------------------------------

UVICORN_APP = """\
async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    if scope["path"] == "/boom":
        raise RuntimeError("boom")
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _request(port: int, data: bytes) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        while sock.recv(65536):
            pass


def test_uvicorn_lines_read_back(tmp_path: Path) -> None:
    pytest.importorskip("uvicorn", reason="uvicorn (the test extra) is not installed: its lines can't be made")
    (tmp_path / "heads_app.py").write_text(UVICORN_APP)
    port = _free_port()
    popen = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "heads_app:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    with reaped(popen) as proc:
        started = b""
        deadline = time.monotonic() + 30
        while b"Uvicorn running" not in started and time.monotonic() < deadline:
            assert proc.stderr is not None
            started += proc.stderr.readline()
        _request(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        _request(port, b"GET /boom HTTP/1.1\r\nHost: x\r\n\r\n")
        _request(port, b"not http at all\r\n\r\n")
        out, err = stop(proc, signal.SIGINT)
    errors = (started + err).decode().splitlines()
    heads = [(p.level, p.message) for p in map(parse_head, errors) if p is not None]
    info = logging.INFO
    assert heads == [
        (info, f"Started server process [{proc.pid}]"),
        (info, "Waiting for application startup."),
        (info, "Application startup complete."),
        (info, f"Uvicorn running on http://127.0.0.1:{port} (Press CTRL+C to quit)"),
        (logging.ERROR, "Exception in ASGI application"),
        (logging.WARNING, "Invalid HTTP request received."),
        (info, "Shutting down"),
        (info, "Waiting for application shutdown."),
        (info, "Application shutdown complete."),
        (info, f"Finished server process [{proc.pid}]"),
    ]
    assert "RuntimeError: boom" in errors  # the traceback's lines are no heads
    access = [parse_head(line) for line in out.decode().splitlines()]
    assert [(p.level, p.fields) if p else None for p in access] == [(info, {}), (info, {})]
    messages = [p.message for p in access if p]
    assert re.fullmatch(r'127\.0\.0\.1:\d+ - "GET / HTTP/1\.1" 200 OK', messages[0])
    assert re.fullmatch(r'127\.0\.0\.1:\d+ - "GET /boom HTTP/1\.1" 500 Internal Server Error', messages[1])


# -- klog ---------------------------------------------------------------------------------


def _klog_check(lines: list[str], truths: list[dict[str, Any]], *, same_year: bool) -> None:
    assert len(lines) == len(truths)
    for line, truth in zip(lines, truths, strict=True):
        parsed = parse_head(line)
        assert parsed is not None, line
        created = parsed.created
        assert created is not None
        if not same_year:  # a committed line: klog writes no year, so it is read in this year or the last
            written = datetime.fromtimestamp(created)
            created = written.replace(year=datetime.fromtimestamp(truth["before"]).year).timestamp()
        assert truth["before"] - 1e-6 <= created <= truth["after"] + 1e-6
        fields = {"pid": truth["pid"], "caller": f"{truth['file']}:{truth['line']}", **(truth["fields"] or {})}
        assert (parsed.level, parsed.message, parsed.fields) == (KLOG_LEVELS[truth["level"]], truth["message"], fields)


def test_klog_committed_lines_read_back() -> None:
    """Lines ``klog_main.go`` wrote (klog 2.80.1, TZ=Asia/Shanghai), and what it said it logged."""
    lines = (DATA / "klog-lines.txt").read_text().splitlines()
    truths = [json.loads(line) for line in (DATA / "klog-truth.jsonl").read_text().splitlines()]
    _klog_check(lines, truths, same_year=False)


def test_klog_live_lines_read_back(tmp_path: Path) -> None:
    go = shutil.which("go")
    if go is None or not KLOG_SOURCE.is_dir():
        pytest.skip("klog's lines can't be made here: needs go and Debian's golang-k8s-klog-dev")
    for name in ("klog_main.go", "go.mod"):
        shutil.copy(DATA / name, tmp_path / name)
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "prefixlog-klog-heads"
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOCACHE": str(cache), "GOTOOLCHAIN": "local"}
    subprocess.run([go, "build", "-o", "klog_main", "."], cwd=tmp_path, env=env, check=True, timeout=300)
    result = subprocess.run([str(tmp_path / "klog_main")], capture_output=True, timeout=60, check=False)
    assert result.returncode == 255  # klog.Fatal
    truths = [json.loads(line) for line in result.stdout.decode().splitlines()]
    _klog_check(result.stderr.decode().splitlines(), truths, same_year=True)


def test_klog_year_is_this_or_the_last() -> None:
    from prefixlog._heads import _klog_time

    now = datetime(2027, 1, 1, 0, 30).timestamp()
    assert _klog_time(now, 12, 31, 23, 59, 59, 500000) == datetime(2026, 12, 31, 23, 59, 59, 500000).timestamp()
    assert _klog_time(now, 1, 1, 0, 0, 1, 0) == datetime(2027, 1, 1, 0, 0, 1).timestamp()
    assert _klog_time(now, 1, 2, 0, 20, 0, 0) == datetime(2027, 1, 2, 0, 20).timestamp()  # a day ahead: clocks differ
    assert _klog_time(now, 2, 29, 0, 0, 0, 0) is None  # neither 2027 nor 2026 has one


# -- zap's console encoder ------------------------------------------------------------------

ZAP_LEVELS = {**WORD_LEVELS, "dpanic": logging.ERROR}
#: Cases whose line is no head: another separator, no level, or a time layout of the user's.
ZAP_NO_HEAD = {"zap-console-0047", "zap-console-0049", "zap-console-0051", "zap-console-0052"}
#: Cases read otherwise than written, because the line can't tell: said why.
ZAP_AMBIGUOUS = {
    "zap-console-0014": "a tab in the message, no name or caller: the first part reads as the logger's name",
    "zap-console-0033": "a tab in the logger's name",
    "zap-console-0037": "the caller's function (FunctionKey) reads as the message",
    "zap-console-0038": "the caller's function (FunctionKey) reads as the message",
    "zap-console-0050": "no message (MessageKey omitted): the fields read as the message",
}


def _zap_cases() -> list[Any]:
    if not (CORPUS.exists() and EXPECTED.exists()):
        return [pytest.param(None, marks=pytest.mark.skip(reason="../shared/oracle-go is not beside the clone"))]
    params = []
    for case in load():
        if case["logger"] == "zap-console":
            why = ZAP_AMBIGUOUS.get(case["id"])
            marks = [pytest.mark.skip(reason=f"{case['id']}: {why}")] if why else []
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


def _zap_caller(case: dict[str, Any]) -> str | None:
    caller, options = case.get("caller"), case["options"]
    if not caller or options.get("CallerKey") == "":
        return None
    path = caller["file"] if options.get("CallerEncoder") == "full" else "/".join(caller["file"].split("/")[-2:])
    return f"{path}:{caller['line']}"


@pytest.mark.parametrize("case", _zap_cases())
def test_zap_console_lines_read_back(case: dict[str, Any]) -> None:
    line = expected()[case["id"]].split("\n")[0]
    parsed = parse_head(line)
    if case["id"] in ZAP_NO_HEAD:
        assert parsed is None
        return
    assert parsed is not None
    message = case.get("message") or ""
    assert parsed.level == ZAP_LEVELS[case["level"]]
    assert parsed.message == message.split("\n")[0]
    written = datetime.fromisoformat(case["time"].replace("Z", "+00:00")).timestamp()  # 3.10 reads no Z
    encoder = case["options"].get("TimeEncoder", "epoch" if case["options"].get("config") != "development" else "")
    assert parsed.created is not None
    late = written - parsed.created  # zap truncates to its precision: the line's time is never later
    assert -1e-6 < late < (1 if encoder == "rfc3339" else 0.001)
    head: dict[str, Any] = {}
    if case.get("name") and case["options"].get("NameKey") != "":
        head["logger"] = case["name"]
    caller = _zap_caller(case)
    if caller:
        head["caller"] = caller
    keys = [] if "\n" in message else [key for key, _, _ in case.get("bound", []) + case.get("fields", [])]
    assert list(parsed.fields) == [*head, *dict.fromkeys(keys)]
    assert {k: parsed.fields[k] for k in head} == head
    strings = {key: value for key, kind, value in case.get("bound", []) + case.get("fields", []) if kind == "str"}
    for key, value in strings.items():
        if keys.count(key) == 1:
            assert parsed.fields[key] == value
