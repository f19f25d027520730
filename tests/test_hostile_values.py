"""Hostile values: every value written exactly, in time and memory linear in its size.

Ints of any size (beyond Python's 4,300-digit ``str`` limit too), long text
full of characters to escape, keys too long to cache, and JSON bound for a
terminal.  Budgets are checked by measurement: memory against the text's own
size, time as the ratio between two sizes of the same shape (so a slow or
busy machine can't fail them, but a quadratic step would).
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prefixlog import FieldLogger, JSONFormatter, PrefixedFormatter, TextFormatter
from prefixlog._escape import go_quote, line_escape, logfmt_key, terminal_escape
from prefixlog._gofmt import int_text

from helpers import PEAK_MEMORY_CODE, FakeTTY, fresh_logger, peak_memory_available, run_on_terminal
from layouts import LAYOUTS
from logfmt_reader import read


@pytest.fixture
def no_digit_limit() -> Iterator[None]:
    """``str(int)`` without Python's digit limit, to tell what the exact text is."""
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    yield
    sys.set_int_max_str_digits(saved)


def exact(value: int) -> str:
    saved = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return str(value)
    finally:
        sys.set_int_max_str_digits(saved)


# -- ints of any size -----------------------------------------------------------------


@given(st.integers(min_value=0, max_value=60_000).flatmap(lambda bits: st.integers(-(2**bits), 2**bits)))
def test_int_text_is_exact_at_any_size(value: int) -> None:
    assert int_text(value) == exact(value)


@pytest.mark.parametrize("digits", [4299, 4300, 4301, 5000, 100_000])
def test_int_text_round_the_digit_limit(digits: int) -> None:
    for value in (10 ** (digits - 1), 10**digits - 1, -(10**digits - 1)):
        assert int_text(value) == exact(value)


def test_int_text_does_not_depend_on_the_digit_limit() -> None:
    value = 7**9000  # 7,606 digits
    saved = sys.get_int_max_str_digits()
    try:
        sys.set_int_max_str_digits(640)  # the smallest limit Python allows
        assert int_text(value) == exact(value)
        assert int_text(10**700) == "1" + "0" * 700
    finally:
        sys.set_int_max_str_digits(saved)


def test_a_ten_million_digit_int_takes_near_linear_time() -> None:
    def seconds(bits: int) -> float:
        value = (1 << bits) - 12345
        start = time.perf_counter()
        int_text(value)
        return time.perf_counter() - start

    small, large = min(seconds(2_000_000) for _ in range(2)), min(seconds(8_000_000) for _ in range(2))
    # 4x the bits: n log n is about 4.6x, the quadratic conversion 16x.
    assert large / small < 10, (small, large)


BIG = 3**20000 + 1  # 9,543 digits: beyond the 4,300-digit limit


def _big_record(layout: str) -> logging.LogRecord:
    logger, capture = fresh_logger()
    FieldLogger(logger).info(BIG, extra={"n": -BIG, "items": [BIG, {"k": BIG}], "small": 7})
    return capture.record


@pytest.mark.parametrize("layout", ["logfmt", "prefixed-logfmt"])
def test_big_ints_in_logfmt_are_exact(layout: str) -> None:
    line = LAYOUTS[layout][1](disable_timestamp=True).format(_big_record(layout))
    big = exact(BIG)
    assert read(line) == [
        ("level", "info"),
        ("msg", big),
        ("items", f'[{big},{{"k":{big}}}]'),
        ("n", "-" + big),
        ("small", "7"),
    ]


@pytest.mark.parametrize(
    ("layout", "quoted"),
    [
        ("text-colored", True),
        ("text-colored-disable-quote", False),
        ("prefixed", False),
        ("prefixed-colored", False),
    ],
)
def test_big_ints_in_the_terminal_layouts_are_exact(layout: str, quoted: bool) -> None:
    line = LAYOUTS[layout][1](disable_timestamp=True).format(_big_record(layout))
    big = exact(BIG)
    items = f'[{big},{{"k":{big}}}]'
    assert f" {big} " in line
    assert f"=-{big}" in line
    assert f"={go_quote(items) if quoted else items}" in line
    assert "prefixlog_error" not in line


@pytest.mark.parametrize("backend", ["json", "orjson"])
def test_big_ints_in_json_are_exact_numbers(backend: str) -> None:
    formatter = JSONFormatter(disable_timestamp=True, static_fields={"huge": BIG}, defaults={"dflt": -BIG})
    formatter._encoder = type(formatter._encoder)(backend=backend)  # the backend choice, as test_json does
    line = formatter.format(_big_record("json"))
    big = exact(BIG)
    assert line == (
        f'{{"dflt":-{big},"huge":{big},"items":[{big},{{"k":{big}}}],"level":"info","msg":"{big}","n":-{big},"small":7}}'
    )


def test_big_int_keys_are_exact_text() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).info("m", extra={"d": {BIG: 1}})
    big = exact(BIG)
    assert (
        JSONFormatter(disable_timestamp=True).format(capture.record)
        == f'{{"d":{{"{big}":1}},"level":"info","msg":"m"}}'
    )
    line = TextFormatter(stream=io.StringIO(), disable_timestamp=True).format(capture.record)
    assert read(line) == [("level", "info"), ("msg", "m"), ("d", f'{{"{big}":1}}')]


def test_a_message_with_args_and_a_big_int_template() -> None:
    logger, capture = fresh_logger()
    logger.info(BIG)
    logger.info("%s items", 5)
    formatter = TextFormatter(stream=io.StringIO(), disable_timestamp=True)
    assert [formatter.format(r) for r in capture.records] == [
        f"level=info msg={exact(BIG)}",
        'level=info msg="5 items"',
    ]


# -- memory and time of escaping ------------------------------------------------------

# The case: a 50 M-character non-ASCII message with one control character.
_MEMORY_PROBE = PEAK_MEMORY_CODE + textwrap.dedent(
    """
    import logging, sys
    sys.path.insert(0, sys.argv[2])
    from layouts import LAYOUTS
    message = "é" * 49_999_999 + "\\x1b"
    record = logging.makeLogRecord({"msg": message, "levelno": 20, "levelname": "INFO"})
    formatter = LAYOUTS[sys.argv[1]][1](disable_timestamp=True)
    formatter.format(logging.makeLogRecord({"msg": "warm \\x1b up", "levelno": 20, "levelname": "INFO"}))
    reset_peak()
    before = peak_kib()
    line = formatter.format(record)
    grown = (peak_kib() - before) * 1024
    assert "\\\\x1b" in line or "\\\\u001b" in line
    print(grown / sys.getsizeof(message))
    """
)
_PEAK_MEMORY = pytest.mark.skipif(not peak_memory_available(), reason="no /proc/self/clear_refs to reset the peak")


@_PEAK_MEMORY
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_fifty_million_character_message_costs_under_three_times_its_size(layout: str) -> None:
    """Real memory (the probe's resident peak), so that every backend (orjson too) is measured alike."""
    tests = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, layout, tests], capture_output=True, text=True, timeout=120, check=True
    )
    assert float(out.stdout) < 3, f"{layout}: peak grew {float(out.stdout):.2f}x the message's size"


@_PEAK_MEMORY
def test_the_peak_memory_probe_sees_what_is_allocated() -> None:
    """The probe above must see growth: touching 200 MiB after the reset shows as about that."""
    probe = PEAK_MEMORY_CODE + textwrap.dedent(
        """
        reset_peak()
        before = peak_kib()
        block = bytearray(200 * 1024 * 1024)
        block[::4096] = b"x" * len(block[::4096])
        print(peak_kib() - before)
        """
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert 190 * 1024 < int(out.stdout) < 230 * 1024


SHAPES: dict[str, Callable[[int], str]] = {
    "controls": lambda n: "\x1b" * n,
    "bidi": lambda n: "\u202e" * n,
    "private use": lambda n: "\ue000" * n,
    "astral unassigned": lambda n: "\U000e0001" * n,
    "quotes and backslashes": lambda n: '"\\' * (n // 2),
    "sparse": lambda n: "é" * (n - 1) + "\x07",
    "mixed": lambda n: ('aé\x1b\u202e"\\\U0001f600\ue000' * (n // 8 + 1))[:n],
}
TEXT_LAYOUTS = sorted(name for name in LAYOUTS if name != "json")  # json: measured by real memory above


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_escaping_costs_a_small_multiple_of_the_text(layout: str, shape: str) -> None:
    text = SHAPES[shape](200_000)
    formatter = LAYOUTS[layout][1](disable_timestamp=True)
    for where in ("msg", "value", "key"):
        attrs: dict[Any, Any] = {"msg": text if where == "msg" else "m", "levelno": 20, "levelname": "INFO"}
        if where == "value":
            attrs["k"] = text
        if where == "key":
            attrs[text] = 1
        record = logging.makeLogRecord(attrs)
        formatter.format(record)  # first use builds the escape tables
        tracemalloc.start()
        try:
            line = formatter.format(record)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        size = max(sys.getsizeof(text), sys.getsizeof(line))
        assert peak <= 3.05 * size, f"{layout} {shape} in the {where}: {peak / size:.2f}x"


ESCAPERS: dict[str, Callable[[str], str]] = {
    "go_quote": go_quote,
    "go_quote with '": lambda text: go_quote(text, "'"),
    "terminal_escape": terminal_escape,
    "line_escape": line_escape,
    "logfmt_key": logfmt_key,
}


def _seconds(func: Callable[[str], str], text: str) -> float:
    """The best of three runs, in this thread's CPU time (time spent preempted is not the escaper's)."""
    best = float("inf")
    for _ in range(3):
        start = time.thread_time()
        func(text)
        best = min(best, time.thread_time() - start)
    return best


#: A linear pass over the same text, which reads and writes about as much memory as an escaper.
_REFERENCE_TABLE = {code: f"\\x{code:02x}" for code in range(32)}


def _reference(text: str) -> str:
    return text.translate(_REFERENCE_TABLE)


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("escaper", sorted(ESCAPERS))
def test_escaping_takes_linear_time(escaper: str, shape: str) -> None:
    func = ESCAPERS[escaper]
    func(SHAPES[shape](100))  # first use builds the escape tables
    small, large = SHAPES[shape](25_000), SHAPES[shape](400_000)
    # Each size against a linear pass over the same text, so that what slows a large text on a
    # busy machine (it leaves the caches) slows both: 16x the text is 1x that ratio when the
    # escaper is linear, 16x when it is quadratic.  Allow 3x for noise.
    growth = (_seconds(func, large) / _seconds(_reference, large)) / (
        max(_seconds(func, small), 1e-5) / max(_seconds(_reference, small), 1e-5)
    )
    assert growth < 3, f"{escaper} on {shape}: {growth:.1f}x a linear pass's growth"


# -- JSON bound for a terminal ------------------------------------------------------------

HOSTILE_TEXT = "a\x7fb\x9b2Jc\u202ed\u2066e\x85f\u2028g\x1bh"
GO_BYTES = '"a\x7fb\x9b2Jc\u202ed\u2066e\\u0085f\\u2028g\\u001bh"'  # what Go writes (U+0085: one record, one line)
ON_A_TERMINAL = '"a\\u007fb\\u009b2Jc\\u202ed\\u2066e\\u0085f\\u2028g\\u001bh"'


def _json_line(stream: Any) -> str:
    logger, capture = fresh_logger()
    FieldLogger(logger).info(HOSTILE_TEXT, extra={HOSTILE_TEXT: 1})
    return JSONFormatter(disable_timestamp=True, stream=stream).format(capture.record)


def test_json_to_a_pipe_or_file_is_gos_bytes() -> None:
    assert _json_line(io.StringIO()) == f'{{{GO_BYTES}:1,"level":"info","msg":{GO_BYTES}}}'


def test_json_to_a_terminal_escapes_del_c1_and_bidi_controls() -> None:
    line = _json_line(FakeTTY())
    assert line == f'{{{ON_A_TERMINAL}:1,"level":"info","msg":{ON_A_TERMINAL}}}'
    assert json.loads(line) == {HOSTILE_TEXT: 1, "level": "info", "msg": HOSTILE_TEXT}


def test_json_ensure_ascii_is_terminal_safe_as_it_is() -> None:
    logger, capture = fresh_logger()
    logger.info(HOSTILE_TEXT)
    line = JSONFormatter(disable_timestamp=True, stream=FakeTTY(), json_ensure_ascii=True).format(capture.record)
    assert line.isascii()
    assert "\x7f" not in line
    assert json.loads(line)["msg"] == HOSTILE_TEXT


def test_json_on_a_real_terminal_carries_no_raw_control() -> None:
    program = (
        "import logging, prefixlog\n"
        "prefixlog.configure(format='json', disable_timestamp=True)\n"
        f"logging.getLogger('t').warning({HOSTILE_TEXT!r})\n"
    )
    written = run_on_terminal([sys.executable, "-c", program]).decode()
    assert written == f'{{"level":"warning","msg":{ON_A_TERMINAL}}}\r\n'


def test_json_through_a_pipe_keeps_gos_bytes() -> None:
    program = (
        "import logging, prefixlog\n"
        "prefixlog.configure(format='json', disable_timestamp=True)\n"
        f"logging.getLogger('t').warning({HOSTILE_TEXT!r})\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=60, check=True)
    assert done.stderr.decode() == f'{{"level":"warning","msg":{GO_BYTES}}}\n'


# -- options that would fail on every record fail at construction -------------------------


@pytest.mark.parametrize("cls", [TextFormatter, PrefixedFormatter, JSONFormatter])
@pytest.mark.parametrize("layout", ["2006-01-02 \ud800", "%Y \udcff", "\udfff"])
def test_a_timestamp_format_with_a_lone_surrogate_is_refused(
    cls: Callable[..., logging.Formatter], layout: str
) -> None:
    with pytest.raises(ValueError, match=r"timestamp_format must not contain a lone surrogate"):
        cls(timestamp_format=layout)


@pytest.mark.parametrize("padding", [1025, 10**12])
def test_an_absurd_space_padding_is_refused(padding: int) -> None:
    with pytest.raises(ValueError, match=f"space_padding must be at most 1024, not {padding}"):
        PrefixedFormatter(space_padding=padding)


def test_the_widest_space_padding_pads() -> None:
    formatter = PrefixedFormatter(
        stream=io.StringIO(), force_formatting=True, space_padding=1024, disable_timestamp=True
    )
    record = logging.makeLogRecord({"msg": "m", "levelno": 20, "levelname": "INFO", "k": 1})
    assert formatter.format(record) == " INFO " + "m".ljust(1024) + " k=1"
