"""Hostile lines for the readers: time and memory linear in the line, never an error, exact results.

The readers (:mod:`prefixlog._parse`, :mod:`prefixlog._parse_logfmt`) read
lines anyone may have written, for ``prefixlog run`` and ``prefixlog pretty``.
Each shape below is one way a line can be made expensive; for each, the test
checks the exact result and measures the cost in ways a slow or busy machine
can't fail:

* **time**: the best of three runs at 64 KiB against 1 MiB of the same shape
  (16 times the size).  Linear is a ratio of about 16, quadratic 256; the
  test fails above 48 (three times linear).  The small run counts as at least
  1 ms: below that its time says nothing about the slope.  Times are the
  process's CPU time: on a busy machine a run of 50 ms is preempted where one
  of 1 ms mostly is not, and wall time then shows a slope that isn't there.
* **memory**: ``tracemalloc``'s peak at 256 KiB stays below 12 bytes per byte of
  the line, plus 160 bytes per pair or JSON value in the shapes made of tiny
  ones (``a=b a=b …``: every pair is Python objects of about 100 bytes).

Then a few of them end to end, through both commands as real processes.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, cast

import pytest

from prefixlog import _pretty
from prefixlog._cli import build_parser, pretty_options
from prefixlog._parse import TIME_KEYS, Parsed, parse_line
from prefixlog._relay import DEFAULT_MAX_LINE, Lines, Relay

from cli_helpers import clean_env, prefixlog_run, script, untimed
from linear_checks import (
    BIG,
    SMALL,
    TIME_FLOOR,
    Shape,
    assert_linear,
    best_time,
    check_shape,
    peak_memory,
    same,
)

# -- the shapes ----------------------------------------------------------------------------------


def info(message: str, **fields: Any) -> Parsed:
    return Parsed(logging.INFO, message, None, fields)


def in_msg(unit: str, size: int, message: Callable[[int], str], close: bool = True) -> Shape:
    """``level=info msg="<unit repeated>"``: one quoted value of ``size`` bytes."""
    count = size // len(unit)
    line = 'level=info msg="' + unit * count + ('"' if close else "")
    return Shape(line, info(message(count)) if close else None)


def repeated_key(size: int) -> Shape:
    count = size // 4
    fields = {"a": "b", "fields.a": "b"} | {f"fields.a.{n}": "b" for n in range(3, count + 1)}
    return Shape("level=info msg=hi " + "a=b " * count, info("hi", **fields), count)


def repeated_keys_with_others_between(size: int) -> Shape:
    count = size // 8
    fields: dict[str, str] = {}
    for key, value in (("a", "1"), ("c", "2")):
        fields |= {key: value, f"fields.{key}": value} | {f"fields.{key}.{n}": value for n in range(3, count + 1)}
    return Shape("level=info msg=hi " + "a=1 c=2 " * count, info("hi", **fields), 2 * count)


def names_the_line_holds(size: int) -> Shape:
    """``a=b fields.a.3=x a=b fields.a.4=x …``: every name the count reaches is taken, until the end."""
    count = size // 20
    line = "level=info msg=hi " + "".join(f"a=b fields.a.{n + 3}=x " for n in range(count))
    fields = {"a": "b", "fields.a": "b"} | {f"fields.a.{n + 3}": "x" for n in range(count)}
    fields |= {f"fields.a.{count + n}": "b" for n in range(3, count + 1)}
    return Shape(line, info("hi", **fields), 2 * count)


def distinct_keys(size: int) -> Shape:
    count = size // 9
    line = "level=info msg=hi " + "".join(f"k{n:05}=b " for n in range(count))
    return Shape(line, info("hi", **{f"k{n:05}": "b" for n in range(count)}), count)


def quoted_values(size: int) -> Shape:
    count = size // 8
    fields = {"a": '"', "fields.a": '"'} | {f"fields.a.{n}": '"' for n in range(3, count + 1)}
    return Shape("level=info msg=hi " + 'a="\\"" ' * count, info("hi", **fields), count)


def distinct_code_points(size: int) -> Shape:
    count = size // 10
    escapes = "".join(f"\\U{0x10000 + n:08x}" for n in range(count))
    return Shape(f'level=info msg="{escapes}"', info("".join(chr(0x10000 + n) for n in range(count))))


def json_fields(size: int) -> Shape:
    count = size // 12
    body = ",".join(f'"k{n:05}":{n}' for n in range(count))
    return Shape('{"level":"info","msg":"x",' + body + "}", info("x", **{f"k{n:05}": n for n in range(count)}), count)


def json_nested_fields(size: int) -> Shape:
    """Objects in objects, and dotted keys that clash with the keys they make (renamed, as logfmt's repeats)."""
    count = size // 26
    body = ",".join(f'"o{n:05}":{{"k":{{"v":{n}}}}},"o{n:05}.k.v":0' for n in range(count))
    fields: dict[str, Any] = {}
    for n in range(count):
        fields[f"o{n:05}.k.v"] = n
        fields[f"fields.o{n:05}.k.v"] = 0
    return Shape('{"level":"info","msg":"x",' + body + "}", info("x", **fields), 4 * count)  # two objects each


def quoted_keys(size: int) -> Shape:
    """slog's quoted keys, each with an escaped quote."""
    count = size // 13
    line = "level=INFO msg=x " + "".join(f'"k \\"{n:05}"=v ' for n in range(count))
    return Shape(line, info("x", **{f'k "{n:05}': "v" for n in range(count)}), count)


def json_list(unit: str, value: list[Any], size: int) -> Shape:
    count = size // len(unit)
    line = '{"level":"info","msg":"x","a":[' + unit * count + "1]}"
    return Shape(line, info("x", a=value * count + [1]), count * len(value))


NOT_NUMBERS = [float("nan"), float("inf"), -float("inf")]

SHAPES: dict[str, Callable[[int], Shape]] = {
    "repeated key": repeated_key,
    "repeated keys, others between": repeated_keys_with_others_between,
    "names the line holds": names_the_line_holds,
    "distinct keys": distinct_keys,
    "quoted values": quoted_values,
    '\\" run': lambda n: in_msg('\\"', n, lambda k: '"' * k),
    "\\\\ run": lambda n: in_msg("\\\\", n, lambda k: "\\" * k),
    '\\\\\\" run': lambda n: in_msg('\\\\\\"', n, lambda k: '\\"' * k),
    '\\" run, unterminated': lambda n: in_msg('\\"', n, str, close=False),
    "\\\\ run, unterminated": lambda n: in_msg("\\\\", n, str, close=False),
    "text, unterminated": lambda n: in_msg("x", n, str, close=False),
    "\\x escapes": lambda n: in_msg("\\x41", n, lambda k: "A" * k),
    "\\x UTF-8 bytes": lambda n: in_msg("\\xc3\\xa9", n, lambda k: "é" * k),
    "\\x invalid bytes": lambda n: in_msg("\\xff", n, lambda k: "\ufffd" * k),
    "\\u escapes": lambda n: in_msg("\\u00e9", n, lambda k: "é" * k),
    "\\U escapes": lambda n: in_msg("\\U0001F600", n, lambda k: "😀" * k),
    "\\U distinct": distinct_code_points,
    "octal escapes": lambda n: in_msg("\\303\\251", n, lambda k: "é" * k),
    "unknown escapes": lambda n: in_msg("\\q", n, lambda k: "\\q" * k),
    "bare value": lambda n: Shape("level=info msg=" + "x" * n, info("x" * n)),
    "a word": lambda n: Shape("level=info " + "x" * n, None),
    "JSON nesting": lambda n: Shape('{"a":' * (n // 5) + "1" + "}" * (n // 5), None),
    "JSON open brackets": lambda n: Shape("[" * n, None),
    "JSON int of n digits": lambda n: Shape('{"level":"info","msg":"x","n":' + "9" * n + "}", None),
    "JSON fields": json_fields,
    "JSON nested objects": json_nested_fields,
    "slog quoted keys": quoted_keys,
    "JSON escapes": lambda n: Shape('{"level":"info","msg":"' + "\\u00e9" * (n // 6) + '"}', info("é" * (n // 6))),
    "JSON NaN and Infinity": lambda n: json_list("NaN,Infinity,-Infinity,", NOT_NUMBERS, n),
    "JSON empty objects": lambda n: json_list("{},", [{}], n),
}


@pytest.mark.parametrize("name", SHAPES)
def test_each_shape_is_read_exactly_in_linear_time_and_memory(name: str) -> None:
    check_shape(SHAPES[name])


def test_a_repeated_key_stays_linear_at_4_megabytes() -> None:
    """The case that was cubic: 1 MB against 4 MB of ``a=b a=b …`` (linear: 4 times; fails above 12)."""
    small, big = repeated_key(1 << 20), repeated_key(4 << 20)
    small_time = max(best_time(parse_line, small.line, runs=2), TIME_FLOOR)
    start = time.process_time()
    parsed = parse_line(big.line)
    big_time = min(time.process_time() - start, best_time(parse_line, big.line, runs=1))
    assert big_time <= 3 * 4 * small_time, f"{big_time:.3f}s against {small_time:.3f}s"
    assert same(parsed, big.expected)
    assert parsed is not None
    assert list(parsed.fields)[-3:] == ["fields.a.1048574", "fields.a.1048575", "fields.a.1048576"]


@pytest.mark.parametrize(
    "make",
    [
        lambda n: 'level=info msg="' + '\\"' * (n // 2),  # every quote escaped
        lambda n: 'level=info msg="' + "\\\\" * (n // 2) + '\\"',  # one quote, after a run of n backslashes
        lambda n: 'level=info msg="' + "x" * n,
        lambda n: "level=info msg=x k='" + "x" * n,
    ],
    ids=["escaped quotes", "backslashes, then an escaped quote", "text", "text after '"],
)
def test_an_unterminated_quote_at_4_megabytes(make: Callable[[int], str]) -> None:
    """1 MB against 4 MB (linear: 4 times; fails above 12): not logfmt, found in linear time."""
    small, big = make(1 << 20), make(4 << 20)
    assert (parse_line(small), parse_line(big)) == (None, None)
    small_time = max(best_time(parse_line, small, runs=2), TIME_FLOOR)
    big_time = best_time(parse_line, big, runs=2)
    assert big_time <= 3 * 4 * small_time, f"{big_time:.3f}s against {small_time:.3f}s"


def test_the_json_limits_make_a_line_text() -> None:
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000  # RecursionError in json.loads
    digits = '{"level":"info","msg":"x","n":' + "9" * 5000 + "}"  # over Python's 4300 digits: ValueError
    assert (parse_line(deep), parse_line(digits)) == (None, None)
    in_logfmt = parse_line("level=info msg=x n=" + "9" * 5000)  # logfmt values are text: no limit
    assert in_logfmt == info("x", n="9" * 5000)


UNUSABLE_TIMES = [
    ("9" * 309, "9" * 309),  # float() of this int overflows
    ("-" + "9" * 309, "-" + "9" * 309),
    (json.dumps("9" * 400), "9" * 400),
    ("NaN", "NaN"),
    ("Infinity", "Infinity"),
    ("-Infinity", "-Infinity"),
    ("1e400", "1e400"),  # infinity as JSON reads it
]


@pytest.mark.parametrize("key", TIME_KEYS)
@pytest.mark.parametrize(("json_value", "text"), UNUSABLE_TIMES)
def test_a_time_no_reader_can_use_stays_a_field(key: str, json_value: str, text: str) -> None:
    from_json = parse_line(f'{{"level":"warning","msg":"x","{key}":{json_value}}}')
    assert from_json is not None
    assert (from_json.level, from_json.message, from_json.created) == (logging.WARNING, "x", None)
    assert json.dumps(from_json.fields) == f'{{"{key}": {json.dumps(json.loads(json_value))}}}'
    from_logfmt = parse_line(f"level=warning msg=x {key}={text}")
    assert from_logfmt == Parsed(logging.WARNING, "x", None, {key: text})


# -- bytes: invalid UTF-8, 16 MB lines -------------------------------------------------------------


def test_invalid_utf8_is_read_in_linear_time() -> None:
    logger = logging.Logger("hostile", level=logging.CRITICAL)  # nothing is formatted: reading only
    relay = Relay(logger, "job", "job")

    def relay_line(raw: bytes) -> None:
        relay.line(raw, "stdout", 0)

    small, big = b"level=info msg=" + b"\xff" * SMALL, b"level=info msg=" + b"\xfe\xff" * (BIG // 2)
    assert parse_line(big.decode("utf-8", "replace")) == info("\ufffd" * BIG)
    assert_linear(relay_line, small, big)


class Digest(io.RawIOBase):
    """A binary output that keeps only the SHA-256 of what it was given."""

    def __init__(self) -> None:
        self.sha = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.sha.update(data)
        return len(data)


SIXTEEN_MB = 16 << 20


@pytest.mark.parametrize("end", [b"\n", b""])
def test_pretty_holds_no_more_than_max_line_of_a_16_mb_line(end: bytes) -> None:
    line = b"level=info msg=" + b"x" * SIXTEEN_MB + end
    tool = _pretty.Pretty(pretty_options(build_parser().parse_args(["pretty"])), io.StringIO())
    out = Digest()

    def show(data: bytes) -> int:
        return _pretty.run(tool, stdin=io.BytesIO(data), stdout=cast("IO[bytes]", out))  # a raw binary stream

    assert peak_memory(show, line)[0] < 8 * DEFAULT_MAX_LINE  # the line is 16 times the limit
    assert out.sha.digest() == hashlib.sha256(line).digest()  # passed through unread, byte for byte


@pytest.mark.parametrize("end", ["\n", ""])
def test_parse_line_reads_a_16_mb_line(end: str) -> None:
    line = "level=info msg=" + "x" * SIXTEEN_MB + end
    assert parse_line(line) == info("x" * SIXTEEN_MB)
    assert parse_line("x" * SIXTEEN_MB + "=" + end) is None  # a word: found at once


def test_run_splits_a_16_mb_line_holding_no_more_than_max_line() -> None:
    data = b"x" * SIXTEEN_MB + b"\n"

    def split(data: bytes) -> list[int]:
        lines = Lines(1 << 20)
        sizes = [len(line) for i in range(0, len(data), 65536) for line, _ in lines.feed(data[i : i + 65536])]
        return sizes + [len(line) for line, _ in lines.finish()]

    peak, sizes = peak_memory(split, data)
    assert sizes == [1 << 20] * 16
    assert peak < 6 << 20  # the buffer, a part and its copies: a few times the limit, not the line


# -- end to end, real processes ----------------------------------------------------------------------

CUBIC = "level=info msg=hi " + " ".join(["a=b"] * 4000)  # 16 KB: was 34 s and a 56 MB record
CUBIC_KEYS = sorted(["a", "fields.a", *(f"fields.a.{n}" for n in range(3, 4001))])


def test_run_reads_the_cubic_line_in_a_moment(tmp_path: Path) -> None:
    (tmp_path / "line").write_text(CUBIC + "\n")
    job = script(tmp_path, f"cat {tmp_path / 'line'}\necho after\nexit 3\n")
    start = time.monotonic()
    result = prefixlog_run("run", "--format", "logfmt", "--", job)
    assert time.monotonic() - start < 10
    fields = " ".join(f"{key}=b" for key in CUBIC_KEYS)
    assert result.returncode == 3
    assert untimed(result.stderr) == [
        f"level=info msg=hi {fields} prefix=job.sh stream=stdout",
        "level=info msg=after prefix=job.sh stream=stdout",
        'level=warning msg="job.sh exited with code 3" exit_code=3 prefix=job.sh',
    ]


def test_pretty_reads_the_cubic_line_in_a_moment() -> None:
    start = time.monotonic()
    result = prefixlog_run("pretty", "--color", "never", stdin=(CUBIC + "\nafter\n").encode())
    assert time.monotonic() - start < 10
    fields = "".join(f" {key}=b" for key in CUBIC_KEYS)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode() == f"INFO {'hi':<44} {fields}\nafter\n"


DIGITS = "9" * 309
TIME_LINES = [f'{{"level":"info","msg":"x","{key}":{DIGITS}}}' for key in TIME_KEYS]


def test_run_relays_a_309_digit_time_as_a_field_and_keeps_the_exit_code(tmp_path: Path) -> None:
    (tmp_path / "lines").write_text("\n".join(TIME_LINES) + "\n")
    job = script(tmp_path, f"cat {tmp_path / 'lines'}\necho after\nexit 3\n")
    result = prefixlog_run("run", "--format", "logfmt", "--", job)
    assert result.returncode == 3
    assert untimed(result.stderr) == [
        f"level=info msg=x fields.time={DIGITS} prefix=job.sh stream=stdout",  # logrus's own key: renamed
        f"level=info msg=x @timestamp={DIGITS} prefix=job.sh stream=stdout",
        f"level=info msg=x prefix=job.sh stream=stdout timestamp={DIGITS}",
        f"level=info msg=x asctime={DIGITS} prefix=job.sh stream=stdout",
        f"level=info msg=x prefix=job.sh stream=stdout ts={DIGITS}",
        "level=info msg=after prefix=job.sh stream=stdout",
        'level=warning msg="job.sh exited with code 3" exit_code=3 prefix=job.sh',
    ]


def test_pretty_shows_a_309_digit_time_as_a_field() -> None:
    result = prefixlog_run("pretty", "--color", "never", stdin=("\n".join(TIME_LINES) + "\nafter\n").encode())
    assert (result.returncode, result.stderr) == (0, b"")
    names = ["fields.time", "@timestamp", "timestamp", "asctime", "ts"]
    assert result.stdout.decode() == "".join(f"INFO {'x':<44}  {name}={DIGITS}\n" for name in names) + "after\n"


def test_run_reads_a_megabyte_of_escaped_quotes_in_a_moment(tmp_path: Path) -> None:
    (tmp_path / "line").write_text('level=info msg="' + '\\"' * 500_000 + '"\n')  # just below --max-line
    job = script(tmp_path, f"cat {tmp_path / 'line'}\n")
    start = time.monotonic()
    result = prefixlog_run("run", "--format", "logfmt", "--", job)
    assert time.monotonic() - start < 10
    assert untimed(result.stderr) == ['level=info msg="' + '\\"' * 500_000 + '" prefix=job.sh stream=stdout']


def test_run_relays_a_json_line_json_refuses_as_text(tmp_path: Path) -> None:
    line = '{"level":"error","msg":"x","n":' + "9" * 5000 + "}"
    (tmp_path / "line").write_text(line + "\n")
    result = prefixlog_run("run", "--format", "logfmt", "--", script(tmp_path, f"cat {tmp_path / 'line'}\n"))
    quoted = line.replace('"', '\\"')
    assert untimed(result.stderr) == [f'level=info msg="{quoted}" prefix=job.sh stream=stdout']


#: ``prefixlog ARGS``, then its peak resident memory (``VmHWM``, KiB) on stderr.  Not ``ru_maxrss``:
#: that counts the memory of the process it was forked from (here pytest, a large one).
PEAK_RSS = """\
import sys
from prefixlog._cli import main
code = main(sys.argv[1:])
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
sys.stderr.write(peak.split()[1])
sys.exit(code)
"""


def peak_rss_kib(args: list[str], stdin: Path, stdout: Path) -> int:
    """Run ``prefixlog ARGS`` to its end; the most resident memory it held, in KiB."""
    with stdin.open("rb") as source, stdout.open("wb") as sink:
        result = subprocess.run(
            [sys.executable, "-c", PEAK_RSS, *args], stdin=source, stdout=sink, stderr=subprocess.PIPE,
            env=clean_env(), timeout=60, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return int(result.stderr)


@pytest.mark.parametrize("escape", ["never", "always"])
def test_pretty_memory_is_bounded_by_max_line_not_by_the_line(tmp_path: Path, escape: str) -> None:
    small, big, out = tmp_path / "small", tmp_path / "big", tmp_path / "out"
    small.write_bytes(b"level=info msg=x\n")
    big.write_bytes(b"level=info msg=" + b"\x1bx" * (SIXTEEN_MB // 2))  # 16 MB, no newline
    base = peak_rss_kib(["pretty", "--escape", escape], small, out)
    used = peak_rss_kib(["pretty", "--escape", escape], big, out)
    shown = b"level=info msg=" + (b"\x1bx" if escape == "never" else b"\\x1bx") * (SIXTEEN_MB // 2)
    assert out.read_bytes() == shown  # passed through unread, escaped or byte for byte
    assert used - base < 16 * 1024  # a few times the 1 MiB limit, not the 16 MB line (escaped: 40 MB)


def test_pretty_memory_stays_flat_in_the_files_size(tmp_path: Path) -> None:
    """1 MB and 8 MB of pino and bunyan records (tracebacks too), read as records: the same memory."""
    lines = (Path(__file__).resolve().parent / "data" / "node-logs.jsonl").read_bytes()
    small, big, out = tmp_path / "small", tmp_path / "big", tmp_path / "out"
    small.write_bytes(lines * ((1 << 20) // len(lines)))
    big.write_bytes(lines * ((8 << 20) // len(lines)))
    base = peak_rss_kib(["pretty", "--color", "always"], small, out)
    used = peak_rss_kib(["pretty", "--color", "always"], big, out)
    assert out.read_bytes().count(b"\n") > big.read_bytes().count(b"\n")  # every line a record, tracebacks below
    assert used - base < 2048, f"{base} KiB for 1 MB, {used} KiB for 8 MB"
