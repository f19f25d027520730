"""``prefixlog pretty``: shipped logfmt and JSON lines back in the readable layout."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import tty
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import prefixlog
from prefixlog import _escape, _fastline, _parse, _pretty
from prefixlog._cli import BROKEN_PIPE
from prefixlog._fields import split_fields
from prefixlog._registry import READABLE
from prefixlog._time import RFC3339

from cli_helpers import clean_env, closed_run, command, finish, prefixlog_run, read_until
from helpers import FakeTTY
from pretty_helpers import pretty, untimed

# 2021-07-04T15:26:26+08:00, the tests' zone
T0 = 1625383586.0


def record(level: int, msg: str, created: float | None = T0, **fields: Any) -> logging.LogRecord:
    """A record as an application logs it."""
    rec = logging.makeLogRecord({"levelno": level, "levelname": logging.getLevelName(level), "msg": msg})
    if created is not None:
        rec.created, rec.msecs = created, 0.0
    rec.__dict__.update(split_fields(fields))
    return rec


def readable(layout: str = "text", **options: Any) -> logging.Formatter:
    """The formatter ``pretty`` should match: the readable layout, no colours, full time."""
    if layout == "zerolog-console":
        return prefixlog.ZerologFormatter(console=True, no_color=True, time_format=RFC3339, stream=io.StringIO())
    options = {"force_formatting": True, "disable_colors": True, **options}
    if "disable_timestamp" not in options:
        options = {"full_timestamp": True, "timestamp_format": RFC3339, **options}
    cls = {"text": "TextFormatter", "prefixed": "PrefixedFormatter"}[layout]
    make: Callable[..., logging.Formatter] = getattr(prefixlog, cls)
    return make(stream=io.StringIO(), **options)


# -- round trips: what each formatter writes reads back the same ---------------------------------

WRITERS: dict[str, Callable[[], logging.Formatter]] = {
    "text-logfmt": lambda: prefixlog.TextFormatter(stream=io.StringIO()),
    "prefixed-logfmt": lambda: prefixlog.PrefixedFormatter(stream=io.StringIO()),
    "json": prefixlog.JSONFormatter,
}
LAYOUTS = list(READABLE)

RECORDS = [
    record(logging.INFO, "have a nice day", zs="log"),
    record(logging.WARNING, "The group's number increased tremendously!", omg=True, number=122, ratio=0.25),
    record(5, "trace", user="ana", path="/srv/app", empty=""),
    record(logging.DEBUG, 'quotes "and" \\ backslashes', k='v "q"'),
    record(logging.ERROR, "unicode é 中文 \U0001f600", city="Zürich"),
    record(logging.CRITICAL, "two\nlines", tab="a\tb"),
    record(60, "panic"),
    record(logging.INFO, "", only="fields"),
    record(logging.INFO, "a prefix field", prefix="init", request_id="f9a1"),
]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_round_trip(writer: str, layout: str) -> None:
    formatter = WRITERS[writer]()
    lines = b"".join((formatter.format(rec) + "\n").encode() for rec in RECORDS)
    shown = pretty(lines, "--layout", layout, "--color", "never", "--full-timestamp")
    expected = readable(layout)
    assert shown.decode() == "".join(expected.format(rec) + "\n" for rec in RECORDS)


# -- what is shown --------------------------------------------------------------------------------


def test_the_records_own_time_level_message_and_fields() -> None:
    line = b'time="2021-07-04T15:26:26+08:00" level=warning msg="cache is cold" hit_ratio=0.125\n'
    expected = "WARN[15:26:26] cache is cold                                 hit_ratio=0.125\n"
    assert pretty(line, "--color", "never").decode() == expected
    full = "WARN[2021-07-04T15:26:26+08:00] cache is cold                                 hit_ratio=0.125\n"
    assert pretty(line, "--color", "never", "--full-timestamp").decode() == full
    custom = pretty(line, "--color", "never", "--timestamp-format", "Jan _2 15:04:05.000")
    assert (
        custom.decode() == "WARN[Jul  4 15:26:26.000] cache is cold                                 hit_ratio=0.125\n"
    )


def test_prefixlog_tz_shows_times_in_that_zone() -> None:
    line = b'time="2021-03-14T07:00:00Z" level=info msg=hi\n'
    shown = prefixlog_run(
        "pretty",
        "--color",
        "never",
        "--full-timestamp",
        "--timestamp-format",
        "15:04 MST",
        env=clean_env(PREFIXLOG_TZ="America/New_York"),
        stdin=line,
    )
    assert shown.stdout.decode() == f"INFO[03:00 EDT] {'hi':<44} \n"
    bad = prefixlog_run("pretty", env=clean_env(PREFIXLOG_TZ="Nowhere/Special"), stdin=line)
    assert bad.returncode == 2
    assert "PREFIXLOG_TZ: unknown time zone 'Nowhere/Special'" in bad.stderr.decode()


def test_a_record_without_a_time_shows_none() -> None:
    assert pretty(b"level=info msg=hi\n", "--color", "never").decode() == untimed("INFO", "hi")


def test_json_values_keep_their_types_and_objects_are_dotted_keys() -> None:
    line = b'{"level":"info","msg":"m","n":5,"f":1e-7,"ok":false,"s":"5","nil":null,"l":[1,"a"],"d":{"k":true}}\n'
    expected = readable(disable_timestamp=True).format(
        record(20, "m", None, n=5, f=1e-7, ok=False, s="5", nil=None, l=[1, "a"], **{"d.k": True})
    )
    assert expected.endswith(' d.k=true f=1e-07 l="[1,\\"a\\"]" n=5 nil="<nil>" ok=false s=5')
    assert pretty(line, "--color", "never").decode() == expected + "\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (  # python-json-logger's usual fmt
            b'{"asctime": "2021-07-04 15:26:26,000", "levelname": "ERROR", "name": "app", "message": "boom"}',
            record(40, "boom", logger="app"),
        ),
        (b'{"message": "only a message"}', record(20, "only a message", None)),  # python-json-logger's default
        (b'{"@timestamp":"2021-07-04T07:26:26Z","log.level":"warn","message":"ecs"}', record(30, "ecs")),
        (b'{"severity":"ERROR","message":"gcp","timestamp":"2021-07-04T07:26:26Z"}', record(40, "gcp")),
        (b'{"status":"info","message":"datadog","timestamp":1625383586000}', record(20, "datadog")),
    ],
)
def test_json_key_names_of_other_loggers(line: bytes, expected: logging.LogRecord) -> None:
    formatter = readable() if expected.created == T0 else readable(disable_timestamp=True)
    assert pretty(line + b"\n", "--color", "never", "--full-timestamp").decode() == formatter.format(expected) + "\n"


def test_lines_without_a_record_pass_through_byte_for_byte() -> None:
    data = b"plain text\n\n  \n\xff\xfe not utf-8 \x1b[31m\n{broken json\nk=v\r\nlevel=info msg=x\r\nno newline"
    shown = pretty(data, "--color", "never")
    passed = b"plain text\n\n  \n\xff\xfe not utf-8 \x1b[31m\n{broken json\nk=v\r\n"
    assert shown == passed + untimed("INFO", "x").encode() + b"no newline"


@pytest.mark.parametrize(
    ("module", "name", "data"),
    [
        (_parse, "from_mapping", b'level=info msg=x\n{"level":"error","msg":"y","a":{"nested":1}}\n'),  # the whole way
        (_fastline.FastJson, "write", b'{"level":"error","msg":"y"}\n'),  # the fast way for JSON
        (_pretty, "json_object", b'{"level":"error","msg":"y"}\n'),
    ],
)
def test_a_line_the_reader_fails_on_passes_through(
    monkeypatch: pytest.MonkeyPatch, module: object, name: str, data: bytes
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("a bug in the reader")

    monkeypatch.setattr(module, name, broken)
    assert pretty(data, "--color", "never") == data


def test_a_time_the_layout_cannot_write_is_said_and_the_reading_goes_on() -> None:
    """Year 9999 UTC is year 10000 east of UTC: strftime can't write it; the formatter says so, both ways alike."""
    data = (
        b'{"level":"info","msg":"x","time":"9999-12-31T23:59:59Z"}\n'  # the fast way for JSON
        b'level=info msg=y time="9999-12-31T23:59:59Z"\n'  # the whole way
        b'{"level":"info","msg":"after"}\n'
    )
    proc = prefixlog_run(
        "pretty",
        "--color",
        "never",
        "--timestamp-format",
        "%Y-%m-%d",
        stdin=data,
        env=clean_env(TZ="Pacific/Kiritimati"),
    )
    assert proc.returncode == 0, proc.stderr
    said = 'prefixlog_error="created: 253402300799.0 is not a time; the time written is when it was formatted"'
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 3
    for line, message in zip(lines[:2], "xy", strict=True):
        assert re.fullmatch(rf"INFO\[\d{{4}}-\d\d-\d\d\] {message} {{45}}{re.escape(said)}", line), line
    assert lines[2] == "INFO after" + " " * 40


# -- lines that hold no record: escaped on a terminal ------------------------------------------

HOSTILE_TEXT = (
    b"plain \x1b]0;owned\x07 \x1b[2J\r\n"  # an OSC title change, a screen clear; a DOS line end
    b"level=info msg=x\n"
    b"bad \xff\xfe\t tab \xe2\x80\xae rtl\n"  # invalid UTF-8, a TAB (kept), U+202E (a bidi override)
    b"no newline \x1b[31m"
)
ESCAPED_TEXT = (
    "plain \\x1b]0;owned\\a \\x1b[2J\r\n"
    + untimed("INFO", "x")
    + "bad \ufffd\ufffd\t tab \\u202e rtl\n"
    + "no newline \\x1b[31m"
).encode()


def test_lines_that_hold_no_record_are_escaped_on_a_terminal() -> None:
    assert pretty(HOSTILE_TEXT, "--color", "never", terminal=FakeTTY()) == ESCAPED_TEXT
    assert pretty(HOSTILE_TEXT, "--color", "never", "--escape", "always") == ESCAPED_TEXT
    raw = HOSTILE_TEXT.replace(b"level=info msg=x\n", untimed("INFO", "x").encode())
    assert pretty(HOSTILE_TEXT, "--color", "never") == raw  # auto: a pipe or a file gets the bytes
    assert pretty(HOSTILE_TEXT, "--color", "never", "--escape", "never", terminal=FakeTTY()) == raw


def test_escape_auto_on_a_real_terminal() -> None:
    main, child = os.openpty()
    tty.setraw(child)  # no \n -> \r\n translation: the bytes as prefixlog wrote them
    try:
        proc = subprocess.Popen(
            command("pretty", "--color", "never"), stdin=subprocess.PIPE, stdout=child, stderr=subprocess.PIPE,
            env=clean_env(),
        )  # fmt: skip
        os.close(child)
        child = -1
        assert proc.stdin is not None
        proc.stdin.write(HOSTILE_TEXT)
        proc.stdin.close()
        shown = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the terminal's last writer has gone
                break
            if not chunk:
                break
            shown += chunk
        code = proc.wait(timeout=30)
        assert proc.stderr is not None
        err = proc.stderr.read()
        proc.stderr.close()
    finally:
        os.close(main)
        if child >= 0:
            os.close(child)
    assert (code, err) == (0, b"")
    assert shown == ESCAPED_TEXT


@pytest.mark.parametrize("escape", ["always", "never"])
def test_escape_always_and_never_through_pipes(escape: str) -> None:
    result = subprocess.run(
        command("pretty", "--color", "never", "--escape", escape),
        input=HOSTILE_TEXT, capture_output=True, env=clean_env(), check=False,
    )  # fmt: skip
    raw = HOSTILE_TEXT.replace(b"level=info msg=x\n", untimed("INFO", "x").encode())
    assert (result.returncode, result.stdout, result.stderr) == (0, ESCAPED_TEXT if escape == "always" else raw, b"")


# -- long lines --------------------------------------------------------------------------------


def test_a_line_longer_than_max_line_is_passed_through_unread() -> None:
    data = b"level=info msg=x\nlevel=info\r\nmsg=hi\nmsg=abcd\nmsg=abcd\r\n"
    shown = pretty(data, "--color", "never", "--max-line", "8")
    # 16, 11 and 9 bytes (a \r counts): through as they came; 6 and 8 (the limit): read as records
    hi, abcd = untimed("INFO", "hi").encode(), untimed("INFO", "abcd").encode()
    assert shown == b"level=info msg=x\nlevel=info\r\n" + hi + abcd + b"msg=abcd\r\n"
    unlimited = pretty(data, "--color", "never", "--max-line", "0")
    assert unlimited == untimed("INFO", "x").encode() + untimed("INFO", "").encode() + hi + abcd + abcd


@pytest.mark.parametrize(
    ("data", "pieces"),
    [
        (b"abcd\nabcdefghij\nab\n", [(b"abcd\n", 0), (b"abcde", 1), (b"fghij", 1), (b"\n", 2), (b"ab\n", 0)]),
        (b"abcdefg\r\n", [(b"abcde", 1), (b"fg\r\n", 2)]),
        (b"abcde", [(b"abcde", 1), (b"", 2)]),  # the input ends right after a full chunk
        (b"abcdefg", [(b"abcde", 1), (b"fg", 2)]),
        (b"abcd", [(b"abcd", 0)]),
        (b"", []),
    ],
)
def test_read_lines_holds_no_more_than_the_limit(data: bytes, pieces: list[tuple[bytes, int]]) -> None:
    assert (_pretty.WHOLE, _pretty.PART, _pretty.LAST) == (0, 1, 2)
    assert list(_pretty.read_lines(io.BytesIO(data), 4)) == pieces


def test_long_lines_are_escaped_as_one_text() -> None:
    line = "é\x1b€😀\x07é".encode() * 3
    expected = "é\\x1b€😀\\aé".encode() * 3
    for limit in range(4, 12):
        args = ("--escape", "always", "--max-line", str(limit))
        assert pretty(line + b"\n", *args) == expected + b"\n"
        assert pretty(line, *args) == expected  # no newline at the end
        assert pretty(b"abc\xe2\x82\n", *args) == "abc\ufffd\n".encode()  # cut short at the end: one U+FFFD
    # a \r at the end of a chunk stays a line end when \n follows, and is escaped when not
    assert pretty(b"abcd\r\nabcd\rxy\n", "--escape", "always", "--max-line", "4") == b"abcd\r\nabcd\\rxy\n"


def test_a_long_text_is_escaped_in_slices_that_join() -> None:
    text = "é\x1b" * (_escape._SLICE // 2 + 7) + "\u202e"  # escapes on both sides of each slice's end
    expected = "é\\x1b" * (_escape._SLICE // 2 + 7) + "\\u202e"
    assert pretty(text.encode() + b"\n", "--escape", "always") == expected.encode() + b"\n"


def test_level_filter() -> None:
    data = b"level=debug msg=d\nlevel=info msg=i\nlevel=error msg=e\nmsg=no-level\njust text\n"
    shown = pretty(data, "--color", "never", "--level", "warning")
    assert shown.decode() == untimed("ERRO", "e") + "just text\n"
    shown = pretty(data, "--color", "never", "--level", "info")
    no_level = untimed("INFO", "no-level")  # no level: shown as info
    assert shown.decode() == untimed("INFO", "i") + untimed("ERRO", "e") + no_level + "just text\n"


def test_fields_filter() -> None:
    data = b"level=info msg=x a=1 b=2 c=3\n"
    assert pretty(data, "--color", "never", "--fields", "c, a,,nope").decode() == untimed("INFO", "x", "a=1", "c=3")


def test_colours() -> None:
    data = b'time="2021-07-04T15:26:26+08:00" level=warning msg=m k=v\n'
    rec = record(30, "m", k="v")
    colored = readable(force_colors=True, disable_colors=False, timestamp_format="15:04:05").format(rec) + "\n"
    plain = readable(timestamp_format="15:04:05").format(rec) + "\n"
    assert "\x1b[33m" in colored
    assert pretty(data, "--color", "always").decode() == colored
    assert pretty(data, "--color", "never", terminal=FakeTTY()).decode() == plain
    assert pretty(data, terminal=FakeTTY()).decode() == colored  # auto: a terminal
    assert pretty(data).decode() == plain  # auto: a pipe, still the readable layout


def test_no_color_wins_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    data = b"level=info msg=m\n"
    assert pretty(data, terminal=FakeTTY()).decode() == untimed("INFO", "m")
    assert b"\x1b[" in pretty(data, "--color", "always", terminal=FakeTTY())


# -- the command ------------------------------------------------------------------------------------


def test_a_growing_input_is_shown_line_by_line() -> None:
    with subprocess.Popen(  # closes the pipes however the test ends
        command("pretty", "--color", "never"), stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=clean_env()
    ) as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        for i in range(3):
            proc.stdin.write(f"level=info msg=line{i}\n".encode())
            proc.stdin.flush()
            got = read_until(proc.stdout, b"\n")  # the pretty line comes before the next line is written
            assert got.decode() == untimed("INFO", f"line{i}")
        proc.stdin.write(b"not a record, no newline")
        proc.stdin.close()
        assert proc.stdout.read() == b"not a record, no newline"
        assert proc.wait(timeout=30) == 0


def test_files_in_order_and_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "a.log").write_bytes(b"level=info msg=a\n")
    (tmp_path / "b.log").write_bytes(b"level=info msg=b\n")
    args = ("pretty", "--color", "never", "a.log", "missing.log", "-", "b.log")
    proc = subprocess.run(
        command(*args), input=b"level=info msg=stdin\n", capture_output=True, cwd=tmp_path, env=clean_env(), check=False
    )
    assert proc.returncode == 1
    assert proc.stdout.decode().split() == ["INFO", "a", "INFO", "stdin", "INFO", "b"]
    assert proc.stderr == b"prefixlog pretty: missing.log: No such file or directory\n"


def test_a_reader_that_goes_away_ends_it_quietly(tmp_path: Path) -> None:
    big = tmp_path / "big.log"
    big.write_bytes(b"level=info msg=x\n" * 200_000)
    proc = subprocess.Popen(
        command("pretty", str(big)), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env()
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    code, err = finish(proc)
    assert (code, err) == (BROKEN_PIPE, b"")


# -- closed streams: read everything, write only where a stream is -----------------------------------


def test_a_closed_stdout_still_reads_all_input_and_exits_0() -> None:
    # seq dies of SIGPIPE, and says nothing, if pretty stops reading before the end
    result = closed_run(">&-", "pretty", before="{ seq 1 200000 && echo read-to-the-end >&2; } |")
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"read-to-the-end\n")


def test_a_closed_stdout_with_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.log"
    result = closed_run(">&-", "pretty", str(missing), "-", stdin=b"level=info msg=x\n")
    assert (result.returncode, result.stdout) == (1, b"")
    assert result.stderr == f"prefixlog pretty: {missing}: No such file or directory\n".encode()


@pytest.mark.parametrize(("files", "code"), [((), 0), (("/no/such/file.log", "-"), 1)])
def test_a_closed_stderr(files: tuple[str, ...], code: int) -> None:
    result = closed_run("2>&-", "pretty", "--color", "never", *files, stdin=b"level=info msg=x\n")
    assert (result.returncode, result.stdout, result.stderr) == (code, untimed("INFO", "x").encode(), b"")


def test_a_closed_stdin_is_no_input() -> None:
    result = closed_run("<&-", "pretty")
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


def test_an_unknown_layout_is_a_usage_error() -> None:
    result = subprocess.run(
        command("pretty", "--layout", "xml"), input=b"", capture_output=True, env=clean_env(), check=False
    )
    assert result.returncode == 2
    assert b"argument --layout: invalid choice: 'xml'" in result.stderr
