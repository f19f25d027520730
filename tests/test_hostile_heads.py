"""Hostile lines for the plain-text heads (:mod:`prefixlog._heads`): exact results, linear time and memory.

Measured as :mod:`test_hostile_readers` measures the JSON and logfmt readers
(its helpers and limits): the best of three runs at 64 KiB against 1 MiB,
and ``tracemalloc``'s peak at 256 KiB.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

import pytest

from prefixlog._parse import Parsed, parse_line
from prefixlog._relay import strip_ansi

from linear_checks import BIG, MEASURED, PER_BYTE, SMALL, Shape, assert_linear, check_shape, peak_memory

KLOG = "I1201 13:20:19.123456   12345 "
ZAP_TIME = "2021-07-04T15:26:26.123+0800"
ZAP_CREATED = datetime.fromisoformat("2021-07-04T15:26:26.123+08:00").timestamp()


def info(message: str, created: float | None = None, **fields: object) -> Parsed:
    return Parsed(logging.INFO, message, created, dict(fields))


def klog_pairs(size: int) -> Shape:
    count = size // 8
    fields = {"a": '"', "fields.a": '"'} | {f"fields.a.{n}": '"' for n in range(3, count + 1)}
    parsed = parse_line(KLOG + 'f.go:1] "m"')
    assert parsed is not None
    return Shape(KLOG + 'f.go:1] "m" ' + 'a="\\"" ' * count, Parsed(parsed.level, "m", parsed.created, {
        "pid": 12345, "caller": "f.go:1", **fields}), count)  # fmt: skip


def klog_unterminated(size: int) -> Shape:
    """A message that opens a quote and never closes it: the message as it is."""
    parsed = parse_line(KLOG + "f.go:1] m")
    assert parsed is not None
    message = '"' + "x" * size
    return Shape(KLOG + "f.go:1] " + message, Parsed(parsed.level, message, parsed.created, parsed.fields))


def zap_fields(size: int) -> Shape:
    count = size // 40
    body = ", ".join(f'"k{n:07}": "{n:026}"' for n in range(count))
    fields = {f"k{n:07}": f"{n:026}" for n in range(count)}
    return Shape(f"{ZAP_TIME}\tINFO\tm\t{{{body}}}", info("m", ZAP_CREATED, **fields), count)


SHAPES: dict[str, Callable[[int], Shape]] = {
    "Python, long message": lambda n: Shape("INFO:root:" + "x" * n, info("x" * n, logger="root")),
    "Python, name without its colon": lambda n: Shape("INFO:" + "a" * n, None),
    "Python, name of spaces": lambda n: Shape("INFO:a" + " a" * (n // 2) + ":m", None),
    "Python, colons": lambda n: Shape("INFO:a:" + ":" * n, info(":" * n, logger="a")),
    "uvicorn, long message": lambda n: Shape("INFO:     " + "x " * (n // 2), info("x " * (n // 2))),
    "klog, spaces for a thread id": lambda n: Shape(KLOG + " " * n, None),
    "klog, callers without a bracket": lambda n: Shape(KLOG + "a:1" * (n // 3), None),
    "klog, a line of digits without a bracket": lambda n: Shape(KLOG + "a:" + "1" * n, None),
    "klog, colons": lambda n: Shape(KLOG + ":" * n + "] m", None),
    "klog, pairs": klog_pairs,
    "klog, unterminated quote": klog_unterminated,
    "zap, tabs": lambda n: Shape(f"{ZAP_TIME}\tINFO\t" + "\t" * n, info("\t" * n, ZAP_CREATED)),
    "zap, a long caller": lambda n: Shape(
        f"{ZAP_TIME}\tINFO\t" + "a:1" * (n // 3) + "\tm", info("m", ZAP_CREATED, caller="a:1" * (n // 3))
    ),
    "zap, a long name of spaces": lambda n: Shape(
        f"{ZAP_TIME}\tINFO\t" + "a " * (n // 2) + "\tm", info("a " * (n // 2) + "\tm", ZAP_CREATED)
    ),
    "zap, fields": zap_fields,
    "zap, a brace without JSON": lambda n: Shape(
        f"{ZAP_TIME}\tINFO\tm\t{{" + "x" * n + "}", info("{" + "x" * n + "}", ZAP_CREATED, logger="m")
    ),
    "zap, no level": lambda n: Shape(f"{ZAP_TIME}\t" + "x" * n, None),
}


@pytest.mark.parametrize("name", SHAPES)
def test_each_head_shape_is_read_exactly_in_linear_time_and_memory(name: str) -> None:
    check_shape(SHAPES[name])


ANSI_SHAPES: dict[str, tuple[Callable[[int], str], Callable[[int], str]]] = {
    "CSI openings": (lambda n: "\x1b[" * (n // 2), lambda n: "\x1b[" * (n // 2)),
    "OSC openings": (lambda n: "\x1b]" * (n // 2), lambda n: ""),
    "a CSI's parameters, unended": (lambda n: "\x1b[" + "0;" * (n // 2), lambda n: "\x1b[" + "0;" * (n // 2)),
    "an OSC, unended": (lambda n: "\x1b]0;" + "x" * n, lambda n: ""),
    "SGR runs": (lambda n: "\x1b[0mx" * (n // 5), lambda n: "x" * (n // 5)),
    "lone ESCs": (lambda n: "\x1b" * n, lambda n: "\x1b" * n),
}


@pytest.mark.parametrize("name", ANSI_SHAPES)
def test_escape_sequences_are_removed_in_linear_time_and_memory(name: str) -> None:
    make, expect = ANSI_SHAPES[name]
    assert strip_ansi(make(SMALL)) == expect(SMALL)
    assert strip_ansi(make(BIG)) == expect(BIG)
    peak, stripped = peak_memory(strip_ansi, make(MEASURED))
    assert stripped == expect(MEASURED)
    assert peak <= PER_BYTE * MEASURED
    assert_linear(strip_ansi, make(SMALL), make(BIG))
