#!/usr/bin/env python3
"""Getting logs out: what a logging call costs the application's thread, with ``configure(queue=True)`` and without.

Two measurements, in one process:

* **Cost per call**: ``logging.getLogger("app").info("user logged in",
  extra={3 fields})`` on the root logger as ``configure()`` sets it up, the
  stream ``/dev/null``: written directly (the formatter and the write on
  the calling thread) or through ``queue=True`` (the calling thread only
  queues; the writer thread formats and writes, and competes for the GIL).
  Timed on the calling thread in batches of ``--batch`` calls, fewer than
  the queue holds; between batches, untimed, the queue drains.  Median and
  min–max over ``--rounds`` rounds of the wall clock (``perf_counter_ns``:
  with the time spent waiting for the GIL while the writer thread works),
  and the median of the calling thread's own CPU time (``thread_time_ns``).  Beside
  them, ``prepare()`` alone: ``prefixlog.QueueHandler`` for an in-process
  queue and for a ``multiprocessing`` queue (the pickling check), and the
  stdlib's ``QueueHandler`` (which runs the formatter).
* **A destination that blocks**: the stream is a pipe nobody reads.  A
  thread logs call after call; once no call has returned for
  ``--stall`` seconds (1), the one in progress counts as blocked.  Direct
  writes block when the pipe (64 KiB on Linux) is full; the queue takes
  records until it is full too, then waits (``queue_full="wait"``) or drops
  (``"drop"``, never blocks).  The pipe is then read, so everything ends.

    python benchmarks/delivery.py            # about 10 s
    python benchmarks/delivery.py --quick    # a few seconds
    python benchmarks/delivery.py --json out.json

See benchmarks/README.md, "Getting logs out: the queue".
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import logging.handlers
import multiprocessing
import os
import platform
import queue
import statistics
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

import prefixlog
from prefixlog import _config
from prefixlog._listener import DEFAULT_SIZE, QueueingHandler

FIELDS = {"user": "ana", "request_id": "f9a1c2", "latency_ms": 12.5}
FORMATS = ("json", "logfmt")


@dataclass
class Cost:
    """ns per call on the calling thread: median and range over rounds (wall clock), and its CPU time."""

    name: str
    median: float
    low: float
    high: float
    cpu: float  # median of the calling thread's own CPU time (thread_time_ns): without waiting for the GIL


@dataclass
class Blocked:
    """What the calls did while the destination blocked."""

    name: str
    calls: int  # calls that returned before one blocked (or all, if none did)
    median_us: float  # their median time
    blocked: bool
    dropped: int  # records that never reached the pipe


def _log() -> None:
    logging.getLogger("app").info("user logged in", extra=FIELDS)


def _drain(handler: logging.Handler) -> None:
    if isinstance(handler, QueueingHandler):
        while handler.queue.qsize():
            time.sleep(0.0002)


def _summary(name: str, samples: list[float], cpu: list[float]) -> Cost:
    return Cost(name, statistics.median(samples), min(samples), max(samples), statistics.median(cpu))


def _timed(batch: int, call: Any) -> tuple[float, float]:
    """ns per call of ``batch`` calls: wall clock and the calling thread's CPU time."""
    start, start_cpu = time.perf_counter_ns(), time.thread_time_ns()
    for _ in range(batch):
        call()
    return (time.perf_counter_ns() - start) / batch, (time.thread_time_ns() - start_cpu) / batch


def cost_per_call(fmt: str, use_queue: bool, stream: IO[str], rounds: int, batch: int) -> Cost:
    """ns per logging call on the calling thread, ``configure(format=fmt, queue=use_queue)``."""
    handler = prefixlog.configure(format=fmt, stream=stream, queue=use_queue, capture=False)
    try:
        for _ in range(batch):  # warm up
            _log()
        _drain(handler)
        samples, cpu = [], []
        for _ in range(rounds):
            wall, own = _timed(batch, _log)
            samples.append(wall)
            cpu.append(own)
            _drain(handler)
    finally:
        _config.reset()
    return _summary(f"{fmt}, {'queue=True' if use_queue else 'direct'}", samples, cpu)


def prepare_cost(name: str, handler: logging.handlers.QueueHandler, rounds: int, batch: int) -> Cost:
    """ns per ``handler.prepare(record)`` on a record with 3 fields."""
    record = logging.LogRecord("app", logging.INFO, __file__, 1, "user %s logged in", ("ana",), None)
    record.__dict__.update(FIELDS)
    samples, cpu = [], []
    for _ in range(rounds):
        wall, own = _timed(batch, lambda: handler.prepare(record))
        samples.append(wall)
        cpu.append(own)
    return _summary(name, samples, cpu)


def prepare_costs(rounds: int, batch: int) -> list[Cost]:
    stdlib = logging.handlers.QueueHandler(queue.Queue())
    stdlib.setFormatter(prefixlog.JSONFormatter())
    wire: Any = multiprocessing.get_context("spawn").Queue()
    try:
        return [
            prepare_cost("prefixlog.QueueHandler, queue.Queue", prefixlog.QueueHandler(queue.Queue()), rounds, batch),
            prepare_cost("prefixlog.QueueHandler, multiprocessing.Queue", prefixlog.QueueHandler(wire), rounds, batch),
            prepare_cost("logging.handlers.QueueHandler (runs the JSON formatter)", stdlib, rounds, batch),
        ]
    finally:
        wire.close()
        wire.join_thread()


def blocked_destination(name: str, options: dict[str, Any], limit: int, stall: float) -> Blocked:
    """Log up to ``limit`` calls into a pipe nobody reads, until one blocks."""
    read_end, write_end = os.pipe()
    writer = os.fdopen(write_end, "w")
    prefixlog.configure(format="json", stream=writer, capture=False, **options)
    times: list[float] = []

    def calls() -> None:
        for _ in range(limit):
            start = time.perf_counter()
            _log()
            times.append(time.perf_counter() - start)

    caller = threading.Thread(target=calls, daemon=True)
    caller.start()
    seen = -1
    while caller.is_alive() and len(times) != seen:  # progress, or the end
        seen = len(times)
        caller.join(stall)
    blocked = caller.is_alive()
    returned = list(times)
    written = io.BytesIO()
    reader = threading.Thread(target=lambda: written.write(_read_all(read_end)), daemon=True)
    reader.start()  # somebody reads the pipe now: everything ends
    caller.join()
    _config.reset()  # drains a queue into the pipe
    writer.close()
    reader.join()
    os.close(read_end)
    reached = written.getvalue().count(b'"msg":"user logged in"')
    median = statistics.median(returned) * 1e6 if returned else 0.0
    return Blocked(name, len(returned), median, blocked, limit - reached)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    return {"cpu": cpu, "python": platform.python_version(), "platform": platform.platform()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and calls (a smoke run)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds per set-up (default 9, quick 3)")
    parser.add_argument("--batch", type=int, default=None, help="calls per timed batch (default 2000, quick 200)")
    parser.add_argument(
        "--stall", type=float, default=None, help="no call returned for this long: blocked (default 1 s)"
    )
    parser.add_argument("--json", type=Path, help="write every result as JSON")
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 9)
    batch = args.batch or (200 if args.quick else 2000)
    stall = args.stall or 1.0
    size = 500 if args.quick else DEFAULT_SIZE
    info = machine()
    print(f"# Getting logs out\n\n{info['cpu']}, Python {info['python']}, {info['platform']}\n")

    with open(os.devnull, "w") as devnull:
        costs = [cost_per_call(fmt, q, devnull, rounds, batch) for fmt in FORMATS for q in (False, True)]
    prepares = prepare_costs(rounds, batch)
    print("## The calling thread's cost per call (stream: /dev/null)\n")
    print(f"{'set-up':<58} {'ns/call':>9} {'min–max':>15} {'CPU ns/call':>12}")
    for row in [*costs, *prepares]:
        print(f"{row.name:<58} {row.median:>9,.0f} {row.low:>7,.0f}–{row.high:<7,.0f} {row.cpu:>12,.0f}")

    limit = 3 * size
    blocked = [
        blocked_destination("direct", {}, limit, stall),
        blocked_destination(
            f"queue=True, queue_size={size:,} (wait)", {"queue": True, "queue_size": size}, limit, stall
        ),
        blocked_destination(
            f'queue=True, queue_size={size:,}, queue_full="drop"',
            {"queue": True, "queue_size": size, "queue_full": "drop"},
            limit,
            stall,
        ),
    ]
    print(f"\n## A pipe nobody reads: {limit:,} calls, JSON lines\n")
    print(f"{'set-up':<52} {'calls before one blocked':>25} {'µs/call till then':>18} {'blocked':>8} {'dropped':>8}")
    for each in blocked:
        verdict = "yes" if each.blocked else "no"
        print(f"{each.name:<52} {each.calls:>25,} {each.median_us:>18.1f} {verdict:>8} {each.dropped:>8,}")
    if args.json:
        results = {
            "machine": info,
            "rounds": rounds,
            "batch": batch,
            "costs": [asdict(row) for row in [*costs, *prepares]],
            "blocked": [asdict(each) for each in blocked],
        }
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
