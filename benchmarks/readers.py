#!/usr/bin/env python3
"""The readers on hostile lines: time and memory of parse_line and Pretty.line up to 16 MB.

``prefixlog run`` and ``prefixlog pretty`` read lines anyone may have written.
Each shape below is one way to make a line expensive (a key repeated a
million times, runs of escaped quotes, escapes in bulk, deep JSON, huge
numbers, invalid UTF-8); each is measured at 1, 2, 4, 8 and 16 MB:

* time: the best of ``--runs`` runs (``perf_counter``), gc on as in real use;
* memory: ``tracemalloc``'s peak during one more run, the result included;
* the step from the size before: linear doubles (2.0), quadratic quadruples
  (4.0).  A step over 3.0 (time from 1 ms, or memory) is flagged
  ``SUPER-LINEAR?``: a hint to look closer, not a verdict.

    python benchmarks/readers.py              # 1–16 MB (several minutes)
    python benchmarks/readers.py --quick      # 16–64 KiB, one run each (a second or two)
    python benchmarks/readers.py --filter json --json out.json

``parse_line`` gets the line as text (the bytes decoded as ``run`` and
``pretty`` decode them); ``Pretty.line`` gets the bytes with a newline and
writes the record again (or escapes the text: ``--escape always``), without
``--max-line`` (which would pass these lines through unread).  See
benchmarks/README.md, "Readers: hostile lines up to 16 MB".
"""

from __future__ import annotations

import argparse
import gc
import io
import itertools
import json
import os
import platform
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from prefixlog._parse import parse_line
from prefixlog._pretty import Options, Pretty

MB = 1 << 20
SIZES = (1 * MB, 2 * MB, 4 * MB, 8 * MB, 16 * MB)
SIZES_QUICK = (16 << 10, 32 << 10, 64 << 10)
#: A step over this many times the one before is flagged (sizes double: linear 2.0, quadratic 4.0).
FLAG_STEP = 3.0
#: Times below this (seconds) are too short for their step to mean anything.
TIME_FLOOR = 0.001


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def _quoted(unit: str) -> Callable[[int], bytes]:
    return lambda size: ('level=info msg="' + _repeat(unit, size) + '"').encode()


#: The shapes: name -> the line (bytes, no newline) of about ``size`` bytes.
SHAPES: dict[str, Callable[[int], bytes]] = {
    "logfmt: repeated key (a=b a=b …)": lambda n: ("level=info msg=hi " + _repeat("a=b ", n)).encode(),
    "logfmt: distinct keys": lambda n: ("level=info msg=hi " + "".join(f"k{i:07}=b " for i in range(n // 11))).encode(),
    'logfmt: run of \\"': _quoted('\\"'),
    "logfmt: run of \\\\": _quoted("\\\\"),
    'logfmt: run of \\", unterminated': lambda n: ('level=info msg="' + _repeat('\\"', n)).encode(),
    "logfmt: \\xNN escapes (UTF-8)": _quoted("\\xc3\\xa9"),
    "logfmt: \\u escapes": _quoted("\\u00e9"),
    "logfmt: \\U escapes, all distinct": lambda n: (
        'level=info msg="' + "".join(f"\\U{0x10000 + i % 0xF0000:08x}" for i in range(n // 10)) + '"'
    ).encode(),
    "logfmt: octal escapes": _quoted("\\303\\251"),
    "logfmt: invalid UTF-8": lambda n: b"level=info msg=" + b"\xff" * n,
    "text: control characters": lambda n: _repeat("\x1b]0;title\x07\x1b[2J", n).encode(),
    "json: nesting": lambda n: ('{"a":' * (n // 6) + "1" + "}" * (n // 6)).encode(),
    "json: int of n digits": lambda n: ('{"level":"info","msg":"x","n":' + "9" * n + "}").encode(),
    "json: many fields": lambda n: (
        '{"level":"info","msg":"x",' + ",".join(f'"k{i:07}":1' for i in range(n // 13)) + "}"
    ).encode(),
    "json: NaN and Infinity": lambda n: (
        '{"level":"info","msg":"x","a":[' + _repeat("NaN,Infinity,-Infinity,", n) + "1]}"
    ).encode(),
    "json: \\u escapes": lambda n: ('{"level":"info","msg":"' + _repeat("\\u00e9", n) + '"}').encode(),
}


@dataclass
class Row:
    """One shape at one size, for one function."""

    function: str
    shape: str
    size: int
    seconds: float
    peak_bytes: int | None
    time_step: float | None = None
    memory_step: float | None = None
    flag: str = ""
    samples: list[float] = field(default_factory=list)


def best_time(func: Callable[[Any], object], arg: Any, runs: int) -> tuple[float, list[float]]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func(arg)
        samples.append(time.perf_counter() - start)
    return min(samples), samples


def peak(func: Callable[[Any], object], arg: Any) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        result = func(arg)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        del result


def steps(rows: list[Row]) -> None:
    """Fill in each row's steps from the size before, and flag a step over ``FLAG_STEP``."""
    for before, row in itertools.pairwise(rows):
        growth = row.size / before.size / 2  # 1.0 when the sizes double
        if before.seconds >= TIME_FLOOR:
            row.time_step = row.seconds / before.seconds / growth
        if row.peak_bytes is not None and before.peak_bytes:
            row.memory_step = row.peak_bytes / before.peak_bytes / growth
        flags = []
        if row.time_step is not None and row.time_step > FLAG_STEP:
            flags.append(f"time x{row.time_step:.1f}")
        if row.memory_step is not None and row.memory_step > FLAG_STEP:
            flags.append(f"memory x{row.memory_step:.1f}")
        row.flag = f"SUPER-LINEAR? {', '.join(flags)}" if flags else ""


@dataclass(frozen=True)
class Subject:
    """A function measured, and how its argument is made from a line's bytes."""

    name: str
    prepare: Callable[[bytes], Any]
    call: Callable[[Any], object]


def subjects() -> list[Subject]:
    pretty = Pretty(Options(color="never", escape="always"), io.StringIO())
    return [
        Subject("parse_line", lambda raw: raw.decode("utf-8", "replace"), parse_line),
        Subject("Pretty.line", lambda raw: raw + b"\n", pretty.line),
    ]


def measure(shapes: dict[str, Callable[[int], bytes]], sizes: Sequence[int], runs: int, memory: bool) -> list[Row]:
    """Every subject on every shape at every size, each shape's rows printed as they are done."""
    rows: list[Row] = []
    for subject in subjects():
        print_header(subject.name)
        for shape, make in shapes.items():
            group: list[Row] = []
            for size in sizes:
                arg = subject.prepare(make(size))
                seconds, samples = best_time(subject.call, arg, runs)
                used = peak(subject.call, arg) if memory else None
                group.append(Row(subject.name, shape, len(arg), seconds, used, samples=samples))
                del arg
            steps(group)
            rows.extend(group)
            print_group(group)
    return rows


def _size(size: int) -> str:
    return f"{size / MB:.0f} MB" if size >= MB - 1024 else f"{size >> 10} KiB"


def print_header(function: str) -> None:
    print(f"\n## {function}: hostile lines\n")
    print(f"{'shape':<38} {'size':>7} {'time ms':>10} {'step':>5} {'peak MB':>9} {'x line':>7} {'step':>5}  flag")
    print(f"{'-' * 38} {'-' * 7} {'-' * 10} {'-' * 5} {'-' * 9} {'-' * 7} {'-' * 5}  ----")


def print_group(group: list[Row]) -> None:
    for i, row in enumerate(group):
        shape = row.shape if i == 0 else ""
        time_step = f"{row.time_step:.2f}" if row.time_step is not None else ""
        memory_step = f"{row.memory_step:.2f}" if row.memory_step is not None else ""
        peak_mb = f"{row.peak_bytes / MB:.1f}" if row.peak_bytes is not None else "-"
        per_byte = f"{row.peak_bytes / row.size:.1f}x" if row.peak_bytes is not None else "-"
        print(
            f"{shape:<38} {_size(row.size):>7} {row.seconds * 1000:>10.1f} {time_step:>5}"
            f" {peak_mb:>9} {per_byte:>7} {memory_step:>5}  {row.flag}".rstrip()
        )
    sys.stdout.flush()


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit: str | None = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "prefixlog_commit": commit,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="16, 32 and 64 KiB, one run each: a smoke run")
    parser.add_argument("--runs", type=int, help="timed runs per size, the best kept (default 2; --quick 1)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--filter", metavar="SUBSTR", help="only shapes whose name contains SUBSTR")
    parser.add_argument("--json", metavar="PATH", help="write every row and the machine's details as JSON")
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = SIZES_QUICK if args.quick else SIZES
    runs = args.runs or (1 if args.quick else 2)
    wanted = (args.filter or "").lower()
    shapes = {name: make for name, make in SHAPES.items() if wanted in name.lower()}
    if not shapes:
        print(f"no shape matches {args.filter!r}", file=sys.stderr)
        return 2
    info = machine()
    print("# prefixlog readers: hostile lines")
    print(f"\nmachine: {info['cpu']}, {info['cores']} cores, {info['platform']}")
    print(f"python:  {info['implementation']} {info['python']}; prefixlog commit: {info['prefixlog_commit']}")
    print(
        f"method:  best of {runs} run(s) per size; peak: tracemalloc, one more run;"
        f" step: growth over the size before, 2.0 = linear; flagged over {FLAG_STEP:g}"
    )
    rows = measure(shapes, sizes, runs, memory=not args.no_memory)
    flagged = [row for row in rows if row.flag]
    print(f"\n{len(flagged)} step(s) flagged")
    for row in flagged:
        print(f"  {row.function}, {row.shape}, {_size(row.size)}: {row.flag}")
    if args.json:
        report = {"machine": info, "sizes": list(sizes), "runs": runs, "rows": [asdict(row) for row in rows]}
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
