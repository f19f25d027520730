"""Time and memory linear in the size of a line: the measures the hostile-line tests share.

See ``tests/test_hostile_readers.py`` for why each is measured as it is.
"""

from __future__ import annotations

import gc
import json
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from prefixlog._parse import Parsed, parse_line

SMALL = 1 << 16
BIG = 1 << 20
#: Memory is measured at this size (tracemalloc makes a run several times slower).
MEASURED = 1 << 18
#: A step 16 times the size may cost this many times more (linear: 16; quadratic: 256).
TIME_RATIO = 3 * 16
#: The small run counts as this long at least (seconds).
TIME_FLOOR = 0.001
#: Memory budget: bytes per byte of the line, and per pair or JSON value of the dense shapes.
PER_BYTE = 12
PER_ITEM = 160


def best_time(func: Callable[[Any], object], arg: Any, runs: int = 3) -> float:
    """The shortest of ``runs`` timings of ``func(arg)``, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        func(arg)
        best = min(best, time.process_time() - start)
    return best


def peak_memory(func: Callable[[Any], Any], arg: Any) -> tuple[int, Any]:
    """The most memory ``func(arg)`` held at once (``tracemalloc``, its result included, in bytes), and the result."""
    gc.collect()
    tracemalloc.start()
    try:
        result = func(arg)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, result


def assert_linear(func: Callable[[Any], object], small: Any, big: Any) -> None:
    """``func(big)`` takes at most ``TIME_RATIO`` / 16 times longer per byte than ``func(small)``."""
    small_time = max(best_time(func, small, runs=3), TIME_FLOOR)
    big_time = best_time(func, big, runs=2)
    ratio = len(big) / len(small) * TIME_RATIO / 16
    assert big_time <= ratio * small_time, f"{big_time:.4f}s against {small_time:.4f}s: more than linear"


@dataclass(frozen=True)
class Shape:
    """A line of about ``size`` bytes, what parse_line must make of it, and its pairs or values (0: one token)."""

    line: str
    expected: Parsed | None
    items: int = 0


def same(parsed: Parsed | None, expected: Parsed | None) -> bool:
    """Equal, NaN equal to NaN (then compared as JSON text)."""
    if parsed is None or expected is None:
        return parsed is expected
    return parsed == expected or json.dumps(parsed.__dict__) == json.dumps(expected.__dict__)


def check_shape(make: Callable[[int], Shape]) -> None:
    """``parse_line`` reads the shape exactly, in time and memory linear in its size."""
    small, measured, big = make(SMALL), make(MEASURED), make(BIG)
    assert same(parse_line(small.line), small.expected)
    assert same(parse_line(big.line), big.expected)
    peak, parsed = peak_memory(parse_line, measured.line)
    assert same(parsed, measured.expected)
    assert peak <= PER_BYTE * len(measured.line) + PER_ITEM * measured.items
    del parsed
    assert_linear(parse_line, small.line, big.line)
