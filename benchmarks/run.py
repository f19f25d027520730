#!/usr/bin/env python3
"""Side-by-side benchmarks: prefixlog's formatters, the stdlib floor and peer libraries.

Measures, in one process and one run, the cost per record of ``format(record)``
and of a whole logging call through a ``logging.StreamHandler`` to an
``io.StringIO``.  Contenders run interleaved, round by round, each round in a
new shuffled order, so drift of the machine (frequency, noisy neighbours)
spreads over all of them; the table shows the median of the rounds and their
min–max.  Before any timing, every contender's output is checked to hold the
message and all three field values: one that drops them would look fast, so it
is excluded, loudly.

    python benchmarks/run.py                 # the full run (about half a minute)
    python benchmarks/run.py --quick         # a smoke run (a few seconds)
    python benchmarks/run.py --json out.json --rounds 11 --filter structlog
    python benchmarks/run.py --profile       # cProfile of TextFormatter logfmt format()

Peers (structlog, colorlog, logfmter, orjson, python-json-logger) come from
the ``bench`` extra: ``pip install -e '.[bench]'``.  A peer that is not
installed, and a prefixlog formatter that does not exist yet, are reported as
skipped.  See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import copy
import cProfile
import gc
import importlib
import importlib.metadata
import io
import json
import logging
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from itertools import repeat
from pathlib import Path
from typing import Any

import prefixlog

# -- the workload -----------------------------------------------------------

MESSAGE = "user logged in"
FIELDS: dict[str, Any] = {"user": "ana", "request_id": "f9a1c2", "latency_ms": 12.5}
FIELD_TEXTS = ("ana", "f9a1c2", "12.5")

STDLIB_FORMAT = "%(asctime)s %(levelname)s %(filename)s:%(lineno)d %(message)s"
STDLIB_FIELDS_FORMAT = STDLIB_FORMAT + " user=%(user)s request_id=%(request_id)s latency_ms=%(latency_ms)s"

#: The second record: three fields that need quoting and number formatting (issue 12's speed target).
QUOTING_FIELDS: dict[str, Any] = {"user_id": 42, "path": "/api/v1/items?id=7", "zs": "log"}
QUOTING_TEXTS = ("42", "/api/v1/items?id=7", "log")
STDLIB_QUOTING_FORMAT = STDLIB_FORMAT + " user_id=%(user_id)s path=%(path)s zs=%(zs)s"

FLOOR = "stdlib Formatter (floor)"
FLOOR_FIELDS = "stdlib Formatter + 3 fields (floor+3)"

#: Sizes of the scaling sections (full run, --quick run).
FIELD_COUNTS = (0, 3, 10, 100, 1_000)
FIELD_COUNTS_QUICK = (0, 3, 10, 100)
MESSAGE_SIZES = (10, 1_000, 100_000, 1_000_000)
MESSAGE_SIZES_QUICK = (10, 1_000, 100_000)
#: A marginal cost per unit this many times the previous step's is flagged ...
SUPERLINEAR_FACTOR = 2.0
#: ... when the previous step added at least this share of its row's cost.
YARDSTICK = 0.25

#: Text of the long messages: ASCII with spaces (logfmt quotes it) and nothing any layout escapes.
_SENTENCE = "the quick brown fox jumps over the lazy dog while the user logs in again "

#: Packages whose versions the JSON report records.
PACKAGES = ("prefixlog", "python-json-logger", "structlog", "colorlog", "logfmter", "orjson")

ESC = "\x1b["

#: The clocks --clock chooses from.
CLOCKS = {
    "wall": "perf_counter_ns, a preempted batch re-run",
    "cpu": "thread_time_ns (CPU time)",
}

#: A batch whose wall time is over this many times its CPU time was preempted (the thread waited for a CPU).
PREEMPTED = 1.1

#: A typical (max-min)/median of the rounds above this prints a warning that the machine was busy.
NOISY = 0.25

#: Exit status of a run that finished but excluded a contender whose output failed the check.
EXIT_EXCLUDED = 3


class _Keep(logging.Handler):
    """Keeps the records it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def make_record(message: str = MESSAGE, fields: dict[str, Any] | None = None) -> logging.LogRecord:
    """An INFO record made by a real logger call, so the caller is filled in."""
    logger = logging.Logger("bench.record")
    keep = _Keep()
    logger.addHandler(keep)
    logger.info(message, extra=FIELDS if fields is None else fields)
    (record,) = keep.records
    return record


def many_fields(count: int) -> dict[str, Any]:
    """``count`` fields with unique keys; values cycle through str, int and float."""
    kinds: tuple[Callable[[int], Any], ...] = (lambda i: f"s{i:04d}", lambda i: 100_000 + i, lambda i: i + 0.25)
    return {f"field{i:04d}": kinds[i % 3](i) for i in range(count)}


def long_message(size: int) -> str:
    """An ASCII message of exactly ``size`` characters (bytes)."""
    return (_SENTENCE * (size // len(_SENTENCE) + 1))[:size]


# -- contenders -------------------------------------------------------------


class UnavailableError(Exception):
    """A contender that can't run here (peer not installed, formatter not written yet): skipped."""


@dataclass(frozen=True)
class Contender:
    """A formatter configuration to measure.

    ``make`` builds a fresh formatter (raising :class:`UnavailableError` to skip).
    ``has_fields``: its output must show the three field values (only the
    floor without fields is exempt).  ``colored``: whether its output must
    (True) or must not (False) contain ANSI colours; None: not checked.
    ``scaling``: measured in the scaling sections too (prefixlog formatters).
    """

    name: str
    make: Callable[[], logging.Formatter]
    has_fields: bool = True
    colored: bool | None = None
    scaling: bool = False


def _module(name: str) -> Any:
    """Import a peer, or skip the contender that needs it."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise UnavailableError(f"not installed ({error})") from None


def _prefixlog_class(name: str) -> Any:
    """A prefixlog formatter found by name at run time, so this script predates it."""
    cls = getattr(prefixlog, name, None)
    if cls is None:
        raise UnavailableError(f"prefixlog has no {name} (yet)")
    return cls


def _prefixlog_formatter(name: str, **options: Any) -> logging.Formatter:
    formatter: logging.Formatter = _prefixlog_class(name)(**options)
    return formatter


def _prefixlog_json(backend: str) -> logging.Formatter:
    """prefixlog's JSONFormatter with the JSON encoder ``backend`` ("json": the stdlib's, or "orjson").

    JSONFormatter uses orjson whenever it is installed and has no option to
    choose; the benchmark swaps the formatter's private ``_encoder`` for
    ``prefixlog._jsonwrite.Encoder(backend=...)``.  If those internals change,
    the row is skipped and says why (the output check still guards the result).
    """
    formatter = _prefixlog_formatter("JSONFormatter")
    try:
        jsonwrite = importlib.import_module("prefixlog._jsonwrite")
        encoder = formatter._encoder  # type: ignore[attr-defined]  # private, on purpose (see above)
        available = jsonwrite.BACKENDS
        if encoder.backend != backend and backend in available:
            formatter._encoder = jsonwrite.Encoder(  # type: ignore[attr-defined]  # private, on purpose
                escape_html=encoder.escape_html,
                indent=encoder.indent,
                ensure_ascii=encoder.ensure_ascii,
                backend=backend,
            )
    except (ImportError, AttributeError, TypeError, ValueError) as error:
        raise UnavailableError(
            f"can't choose JSONFormatter's encoder any more ({type(error).__name__}: {error})"
        ) from None
    if backend not in available:
        raise UnavailableError(f"prefixlog's JSON encoder has no {backend!r} backend here (orjson not installed?)")
    if formatter._encoder.backend != backend:  # type: ignore[attr-defined]  # private, on purpose
        raise UnavailableError(f"JSONFormatter's encoder did not switch to {backend!r}")
    return formatter


def _structlog(renderer: str) -> logging.Formatter:
    """structlog's ProcessorFormatter for stdlib records: level, the ``extra`` fields, an ISO timestamp."""
    structlog = _module("structlog")
    renderers = {
        "logfmt": structlog.processors.LogfmtRenderer,
        "console": lambda: structlog.dev.ConsoleRenderer(colors=True),
        "json": structlog.processors.JSONRenderer,
    }
    formatter: logging.Formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[
            structlog.stdlib.add_log_level,
            structlog.stdlib.ExtraAdder(),
            structlog.processors.TimeStamper(fmt="iso"),
        ],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderers[renderer]()],
    )
    return formatter


def contenders() -> list[Contender]:
    """Every contender, in table order; the two floors first."""
    text = prefixlog.TextFormatter
    return [
        Contender(FLOOR, lambda: logging.Formatter(STDLIB_FORMAT), has_fields=False, colored=False),
        Contender(FLOOR_FIELDS, lambda: logging.Formatter(STDLIB_FIELDS_FORMAT), colored=False),
        Contender("prefixlog TextFormatter logfmt", lambda: text(stream=io.StringIO()), colored=False, scaling=True),
        Contender(
            "prefixlog TextFormatter logfmt + caller",
            lambda: text(stream=io.StringIO(), report_caller=True),
            colored=False,
        ),
        Contender("prefixlog TextFormatter colored", lambda: text(force_colors=True), colored=True, scaling=True),
        Contender(
            "prefixlog TextFormatter colored + full_timestamp",
            lambda: text(force_colors=True, full_timestamp=True),
            colored=True,
        ),
        Contender(
            "prefixlog PrefixedFormatter logfmt",
            lambda: _prefixlog_formatter("PrefixedFormatter", stream=io.StringIO()),
            colored=False,
            scaling=True,
        ),
        Contender(
            "prefixlog PrefixedFormatter colored",
            lambda: _prefixlog_formatter("PrefixedFormatter", force_formatting=True, force_colors=True),
            colored=True,
            scaling=True,
        ),
        Contender("prefixlog JSONFormatter json", lambda: _prefixlog_json("json"), scaling=True),
        Contender("prefixlog JSONFormatter orjson", lambda: _prefixlog_json("orjson"), scaling=True),
        Contender("prefixlog ZapFormatter json", lambda: _prefixlog_formatter("ZapFormatter"), scaling=True),
        Contender(
            "prefixlog ZapFormatter console",
            lambda: _prefixlog_formatter("ZapFormatter", encoding="console", development=True),
            colored=False,
            scaling=True,
        ),
        Contender(
            "prefixlog SlogFormatter text",
            lambda: _prefixlog_formatter("SlogFormatter"),
            colored=False,
            scaling=True,
        ),
        Contender(
            "prefixlog SlogFormatter json", lambda: _prefixlog_formatter("SlogFormatter", json=True), scaling=True
        ),
        Contender(
            "prefixlog ZerologFormatter json",
            lambda: _prefixlog_formatter("ZerologFormatter", stream=io.StringIO()),
            colored=False,
            scaling=True,
        ),
        Contender(
            "prefixlog ZerologFormatter console colored",
            lambda: _prefixlog_formatter("ZerologFormatter", console=True, no_color=False, stream=io.StringIO()),
            colored=True,
            scaling=True,
        ),
        Contender(
            "python-json-logger JsonFormatter",
            lambda: _module("pythonjsonlogger.json").JsonFormatter("%(asctime)s %(levelname)s %(message)s"),
        ),
        Contender(
            "python-json-logger OrjsonFormatter",
            lambda: _module("pythonjsonlogger.orjson").OrjsonFormatter("%(asctime)s %(levelname)s %(message)s"),
        ),
        Contender("structlog LogfmtRenderer", lambda: _structlog("logfmt"), colored=False),
        Contender("structlog ConsoleRenderer colors", lambda: _structlog("console"), colored=True),
        Contender("structlog JSONRenderer", lambda: _structlog("json")),
        Contender(
            "colorlog ColoredFormatter",
            lambda: _module("colorlog").ColoredFormatter(
                "%(log_color)s%(asctime)s %(levelname)s%(reset)s %(filename)s:%(lineno)d %(message)s"
                " user=%(user)s request_id=%(request_id)s latency_ms=%(latency_ms)s"
            ),
            colored=True,
        ),
        Contender(
            "logfmter Logfmter",
            lambda: _module("logfmter").Logfmter(keys=["when", "at"], mapping={"when": "asctime", "at": "levelname"}),
            colored=False,
        ),
    ]


def check_output(text: str, required: Sequence[str], colored: bool | None) -> str | None:
    """What is wrong with a contender's output (None: nothing)."""
    missing = [item if len(item) <= 40 else item[:37] + "..." for item in required if item not in text]
    if missing:
        return f"output lacks {', '.join(map(repr, missing[:5]))}" + (" …" if len(missing) > 5 else "")
    if colored is True and ESC not in text:
        return "output has no ANSI colours, the colored layout was expected"
    if colored is False and ESC in text:
        return "output has ANSI colours, a plain layout was expected"
    return None


# -- the timing core --------------------------------------------------------


@dataclass
class Subject:
    """One thing to time: ``batch(n)`` does the operation n times; ``reset()`` runs untimed after."""

    name: str
    batch: Callable[[int], None]
    reset: Callable[[], None] = lambda: None


@dataclass
class Settings:
    """How long and how often to measure.

    ``clock``: "wall" (``perf_counter_ns``, the default) or "cpu" (this
    thread's CPU time, ``thread_time_ns``: steadier on a busy machine, blind
    to what the process waits for).  With the wall clock, a batch during which
    the thread was preempted (wall time over ``PREEMPTED`` times its CPU time)
    is run again, up to ``attempts`` times in all.
    """

    rounds: int = 7
    batch_ms: float = 20.0
    seed: int = 1
    quick: bool = False
    clock: str = "wall"
    attempts: int = 4

    @property
    def target_ns(self) -> int:
        return int(self.batch_ms * 1e6)


@dataclass
class Measurement:
    """ns per operation of each round (on the chosen clock), the batch size and how clean the batches were."""

    samples: list[float]
    batch: int
    cpu_samples: list[float] = field(default_factory=list)
    retries: int = 0  # batches run again because the thread was preempted
    preempted: int = 0  # samples still preempted after every attempt

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def low(self) -> float:
        return min(self.samples)

    @property
    def high(self) -> float:
        return max(self.samples)


def timed(subject: Subject, n: int) -> tuple[int, int]:
    """(wall ns, CPU ns) taken by ``subject.batch(n)``, with the garbage collector off during the batch."""
    gc.disable()
    try:
        start_cpu = time.thread_time_ns()
        start = time.perf_counter_ns()
        subject.batch(n)
        wall = time.perf_counter_ns() - start
        cpu = time.thread_time_ns() - start_cpu
    finally:
        gc.enable()
        subject.reset()
    return max(wall, 1), max(cpu, 1)


def calibrate(subject: Subject, target_ns: int) -> int:
    """Warm the subject up and find the batch size that lasts about ``target_ns`` of CPU time."""
    n = 1
    while True:
        _, elapsed = timed(subject, n)
        if elapsed >= target_ns // 5 or n >= 1 << 26:
            break
        n *= min(100, max(2, target_ns // 5 // elapsed))
    n = max(1, round(n * target_ns / elapsed))
    _, elapsed = timed(subject, n)  # a full batch, not kept: the warm-up proper
    return max(1, round(n * target_ns / elapsed))


def sample(subject: Subject, n: int, settings: Settings, tally: Measurement) -> None:
    """One round's sample of ``subject``: re-run a preempted batch (wall clock), keep the least preempted."""
    attempts = settings.attempts if settings.clock == "wall" else 1
    best: tuple[int, int] | None = None
    for attempt in range(attempts):
        wall, cpu = timed(subject, n)
        if best is None or wall / cpu < best[0] / best[1]:
            best = (wall, cpu)
        if wall <= cpu * PREEMPTED:
            break
        if attempt + 1 < attempts:
            tally.retries += 1
    assert best is not None
    wall, cpu = best
    tally.preempted += settings.clock == "wall" and wall > cpu * PREEMPTED
    tally.samples.append((wall if settings.clock == "wall" else cpu) / n)
    tally.cpu_samples.append(cpu / n)


def measure(subjects: Sequence[Subject], settings: Settings) -> dict[str, Measurement]:
    """Every subject, interleaved: each round runs each subject once, in a new shuffled order."""
    gc.collect()
    results = {subject.name: Measurement([], calibrate(subject, settings.target_ns)) for subject in subjects}
    order = list(subjects)
    rng = random.Random(settings.seed)
    for _ in range(settings.rounds):
        gc.collect()  # once a round: the batches run with the collector off, garbage waits until here
        rng.shuffle(order)
        for subject in order:
            tally = results[subject.name]
            sample(subject, tally.batch, settings, tally)
    return results


# -- subjects ---------------------------------------------------------------


def format_subject(name: str, formatter: logging.Formatter, record: logging.LogRecord) -> Subject:
    """``formatter.format(record)`` on one record, again and again."""
    fmt = formatter.format

    def batch(n: int) -> None:
        for _ in repeat(None, n):
            fmt(record)

    return Subject(name, batch)


def bench_logger(name: str, formatter: logging.Formatter) -> tuple[logging.Logger, io.StringIO]:
    """A logger with one StreamHandler to a fresh StringIO, not propagating."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter)
    logger = logging.getLogger("prefixlog.bench." + "".join(c if c.isalnum() else "_" for c in name))
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger, stream


def clear(stream: io.StringIO) -> Callable[[], None]:
    def reset() -> None:
        stream.seek(0)
        stream.truncate()

    return reset


def call_subject(name: str, call: Callable[[], None], stream: io.StringIO) -> Subject:
    """A whole logging call, again and again; the stream is emptied after each batch."""

    def batch(n: int) -> None:
        for _ in repeat(None, n):
            call()

    return Subject(name, batch, clear(stream))


# -- sections ---------------------------------------------------------------


@dataclass
class Row:
    """One line of a table: a measurement, or why there is none."""

    name: str
    status: str  # "ok", "skipped", "excluded"
    reason: str = ""
    median_ns: float | None = None
    min_ns: float | None = None
    max_ns: float | None = None
    samples_ns: list[float] = field(default_factory=list)
    cpu_samples_ns: list[float] = field(default_factory=list)
    batch: int = 0
    retries: int = 0
    preempted: int = 0
    size: int | None = None  # scaling sections: number of fields or message bytes
    output: str = ""
    ratios: dict[str, float] = field(default_factory=dict)  # to a reference row, paired round by round

    def fill(self, measurement: Measurement) -> None:
        self.median_ns, self.min_ns, self.max_ns = measurement.median, measurement.low, measurement.high
        self.samples_ns, self.cpu_samples_ns = measurement.samples, measurement.cpu_samples
        self.batch, self.retries, self.preempted = measurement.batch, measurement.retries, measurement.preempted


@dataclass
class Entry:
    """A row to be: ``prepare()`` builds its subject, exercises it and returns it with its last output.

    ``prepare`` raises :class:`UnavailableError` to skip the row.  The output
    must contain every string of ``required`` (and colours or not, as
    ``colored`` says) for the subject to be timed.
    """

    name: str
    prepare: Callable[[], tuple[Subject, str]]
    required: tuple[str, ...]
    colored: bool | None = None
    size: int | None = None


def run_entries(entries: Sequence[Entry], settings: Settings) -> list[Row]:
    """Check every entry's output, then time those that passed, interleaved."""
    rows: list[Row] = []
    subjects: list[Subject] = []
    for entry in entries:
        try:
            subject, output = entry.prepare()
        except UnavailableError as why:
            rows.append(Row(entry.name, "skipped", str(why), size=entry.size))
            continue
        except Exception as error:  # a contender that fails is a finding, not a crash
            rows.append(Row(entry.name, "excluded", f"raised {type(error).__name__}: {error}", size=entry.size))
            continue
        problem = check_output(output, entry.required, entry.colored)
        rows.append(
            Row(entry.name, "excluded" if problem else "ok", problem or "", size=entry.size, output=output[:300])
        )
        if not problem:
            subjects.append(subject)
    results = measure(subjects, settings)
    for row in rows:
        if row.name in results:
            row.fill(results[row.name])
    return rows


def _required(contender: Contender, message: str = MESSAGE) -> tuple[str, ...]:
    return (message, *FIELD_TEXTS) if contender.has_fields else (message,)


def format_entry(contender: Contender, record: logging.LogRecord, name: str = "", size: int | None = None) -> Entry:
    """``format()`` of a copy of ``record`` (formatters may add attributes: each gets its own)."""

    def prepare() -> tuple[Subject, str]:
        formatter = contender.make()
        own = copy.copy(record)
        output = ""
        for _ in range(3):
            output = formatter.format(own)
        return format_subject(name or contender.name, formatter, own), output

    return Entry(name or contender.name, prepare, _required(contender, record.msg), contender.colored, size)


def end_to_end_entry(contender: Contender) -> Entry:
    """A whole ``logger.info(MESSAGE, extra=FIELDS)`` through a StreamHandler with the contender's formatter."""

    def prepare() -> tuple[Subject, str]:
        logger, stream = bench_logger(contender.name, contender.make())
        info = logger.info
        extra = dict(FIELDS)

        def call() -> None:
            info(MESSAGE, extra=extra)

        return _exercised(contender.name, call, stream)

    return Entry(contender.name, prepare, _required(contender), contender.colored)


def _exercised(name: str, call: Callable[[], None], stream: io.StringIO) -> tuple[Subject, str]:
    """The call's subject, after three calls, and the last line they wrote."""
    subject = call_subject(name, call, stream)
    subject.batch(3)
    lines = stream.getvalue().splitlines()
    subject.reset()
    return subject, lines[-1] if lines else ""


def main_section(kind: str, chosen: Sequence[Contender], settings: Settings) -> list[Row]:
    """The format() (``kind="format"``) or end-to-end (``"end_to_end"``) table."""
    if kind == "format":
        record = make_record()
        return run_entries([format_entry(contender, record) for contender in chosen], settings)
    return run_entries([end_to_end_entry(contender) for contender in chosen], settings)


def quoting_section(chosen: Sequence[Contender], settings: Settings) -> list[Row]:
    """format() of the second record (``QUOTING_FIELDS``): the floors and prefixlog's formatters.

    The other peers' configurations name the first record's fields, so they sit this one out.
    """
    record = make_record(MESSAGE, QUOTING_FIELDS)
    entries: list[Entry] = []
    for contender in chosen:
        if contender.name == FLOOR_FIELDS:
            contender = Contender(FLOOR_FIELDS, lambda: logging.Formatter(STDLIB_QUOTING_FORMAT), colored=False)
        elif contender.name != FLOOR and not contender.name.startswith("prefixlog "):
            continue
        entry = format_entry(contender, record)
        if contender.has_fields:
            entry.required = (MESSAGE, *QUOTING_TEXTS)
        entries.append(entry)
    return run_entries(entries, settings)


def scaling_section(axis: str, chosen: Sequence[Contender], settings: Settings) -> list[Row]:
    """format() against the number of fields (``axis="fields"``) or the message size (``"message"``)."""
    entries: list[Entry] = []
    if axis == "fields":
        for count in FIELD_COUNTS_QUICK if settings.quick else FIELD_COUNTS:
            fields = many_fields(count)
            record = make_record("user login", fields)
            every_field = ("user login", *fields, *(v for v in fields.values() if isinstance(v, str)))
            for contender in chosen:
                entry = format_entry(contender, record, f"{contender.name} [{count}]", count)
                entry.required = every_field
                entries.append(entry)
    else:
        for size in MESSAGE_SIZES_QUICK if settings.quick else MESSAGE_SIZES:
            record = make_record(long_message(size))
            entries.extend(format_entry(c, record, f"{c.name} [{size}]", size) for c in chosen)
    rows = run_entries(entries, settings)
    return sorted(rows, key=lambda row: [c.name for c in chosen].index(row.name.rsplit(" [", 1)[0]))


FIELD_LOGGER_PLAIN = "(c) logger.info(msg, extra={3 fields})"
FIELD_LOGGER_BOUND = "(a) bound FieldLogger: log.info(msg)"
FIELD_LOGGER_CHAINED = "(b) with_field() x3 chained per call"


def field_logger_section(settings: Settings) -> list[Row]:
    """prefixlog.get_logger()'s FieldLogger against a plain logger call, same formatter and handler."""

    def plain() -> tuple[Subject, str]:
        logger, stream = bench_logger("fieldlogger plain", prefixlog.TextFormatter(stream=io.StringIO()))
        extra = dict(FIELDS)

        def call() -> None:
            logger.info(MESSAGE, extra=extra)

        return _exercised(FIELD_LOGGER_PLAIN, call, stream)

    def bound() -> tuple[Subject, str]:
        logger, stream = bench_logger("fieldlogger bound", prefixlog.TextFormatter(stream=io.StringIO()))
        log = prefixlog.get_logger(logger.name).with_fields(FIELDS)

        def call() -> None:
            log.info(MESSAGE)

        return _exercised(FIELD_LOGGER_BOUND, call, stream)

    def chained() -> tuple[Subject, str]:
        logger, stream = bench_logger("fieldlogger chained", prefixlog.TextFormatter(stream=io.StringIO()))
        log = prefixlog.get_logger(logger.name)

        def call() -> None:
            log.with_field("user", "ana").with_field("request_id", "f9a1c2").with_field("latency_ms", 12.5).info(
                MESSAGE
            )

        return _exercised(FIELD_LOGGER_CHAINED, call, stream)

    required = (MESSAGE, *FIELD_TEXTS)
    return run_entries(
        [
            Entry(FIELD_LOGGER_PLAIN, plain, required, colored=False),
            Entry(FIELD_LOGGER_BOUND, bound, required, colored=False),
            Entry(FIELD_LOGGER_CHAINED, chained, required, colored=False),
        ],
        settings,
    )


def loop_overhead(settings: Settings) -> float:
    """ns per iteration of the timing loop calling a no-op: included in every figure."""

    def noop(record: logging.LogRecord) -> str:
        return ""

    record = make_record()
    formatter = logging.Formatter()
    formatter.format = noop  # type: ignore[method-assign]  # the loop's own cost, measured
    result = measure([format_subject("noop", formatter, record)], settings)
    return result["noop"].median


# -- the report -------------------------------------------------------------


def paired_ratio(row: Row, base: Row) -> float | None:
    """The median over rounds of ``row``'s sample divided by ``base``'s sample of the same round.

    Both were measured in the same rounds, at most a round apart, so drift
    slower than a round cancels in each quotient; a round caught by a change
    of speed gives an outlier, which the median ignores.
    """
    pairs = [a / b for a, b in zip(row.samples_ns, base.samples_ns, strict=True) if b > 0]
    return statistics.median(pairs) if pairs else None


def add_ratios(rows: Sequence[Row], references: dict[str, str]) -> None:
    """Fill ``row.ratios[label]`` for each ``label: reference row name`` measured."""
    by_name = {row.name: row for row in rows}
    for label, name in references.items():
        base = by_name.get(name)
        if base is None or base.median_ns is None:
            continue
        for row in rows:
            if row.median_ns is not None:
                value = paired_ratio(row, base)
                if value is not None:
                    row.ratios[label] = value


def ns(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}x"


def print_main_table(title: str, rows: Sequence[Row]) -> None:
    add_ratios(rows, {"floor+3": FLOOR_FIELDS, "floor": FLOOR})
    width = max(len(row.name) for row in rows)
    print(f"\n## {title}\n")
    print(f"{'contender':<{width}}  {'median ns':>10}  {'min–max ns':>17}  {'/floor+3':>8}  {'/floor':>7}")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 17}  {'-' * 8}  {'-' * 7}")
    for row in rows:
        if row.status != "ok":
            print(f"{row.name:<{width}}  {row.status.upper()}: {row.reason}")
            continue
        spread = f"{ns(row.min_ns)}–{ns(row.max_ns)}"
        print(
            f"{row.name:<{width}}  {ns(row.median_ns):>10}  {spread:>17}"
            f"  {ratio(row.ratios.get('floor+3')):>8}  {ratio(row.ratios.get('floor')):>7}"
        )


def growth(rows: Sequence[Row]) -> list[tuple[Row, float | None, float | None, str]]:
    """Per row: ns per unit, marginal ns per unit since the previous size, and a flag.

    A step is flagged when its marginal cost is over ``SUPERLINEAR_FACTOR``
    times the previous step's, and that previous step is a fair yardstick:
    it added at least ``YARDSTICK`` of its row's cost (a smaller step is
    mostly fixed cost and noise).  A hint to look closer, not a verdict.
    """
    out: list[tuple[Row, float | None, float | None, str]] = []
    previous: Row | None = None
    yardstick: float | None = None  # the previous step's marginal cost, when it is a fair one
    for row in rows:
        per_unit = row.median_ns / row.size if row.median_ns is not None and row.size else None
        marginal = None
        flag = ""
        if previous is not None and previous.median_ns is not None and row.median_ns is not None:
            assert row.size is not None
            assert previous.size is not None
            marginal = (row.median_ns - previous.median_ns) / (row.size - previous.size)
            if yardstick is not None and marginal > SUPERLINEAR_FACTOR * yardstick:
                flag = f"SUPER-LINEAR? marginal cost x{marginal / yardstick:.1f} of the previous step"
            added = row.median_ns - previous.median_ns
            yardstick = marginal if marginal > 0 and added >= YARDSTICK * row.median_ns else None
        out.append((row, per_unit, marginal, flag))
        previous = row
    return out


def print_scaling_table(title: str, unit: str, rows: Sequence[Row]) -> None:
    print(f"\n## {title}\n")
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.name.rsplit(" [", 1)[0], []).append(row)
    width = max(len(name) for name in groups)
    print(
        f"{'formatter':<{width}}  {unit + 's':>9}  {'median ns':>13}  {'min–max ns':>27}"
        f"  {'ns/' + unit:>9}  {'marginal':>9}"
    )
    print(f"{'-' * width}  {'-' * 9}  {'-' * 13}  {'-' * 27}  {'-' * 9}  {'-' * 9}")
    for name, group in groups.items():
        reasons = {(row.status, row.reason) for row in group}
        if len(reasons) == 1 and group[0].status != "ok":
            print(f"{name:<{width}}  {'all':>9}  {group[0].status.upper()}: {group[0].reason}")
            continue
        for index, (row, per_unit, marginal, flag) in enumerate(growth(group)):
            label = name if index == 0 else ""
            if row.status != "ok":
                print(f"{label:<{width}}  {row.size:>9,}  {row.status.upper()}: {row.reason}")
                continue
            spread = f"{ns(row.min_ns)}–{ns(row.max_ns)}"
            per = "—" if per_unit is None else f"{per_unit:,.2f}"
            mar = "—" if marginal is None else f"{marginal:,.2f}"
            print(
                f"{label:<{width}}  {row.size:>9,}  {ns(row.median_ns):>13}  {spread:>27}  {per:>9}  {mar:>9}"
                + (f"  {flag}" if flag else "")
            )


def print_field_logger_table(rows: Sequence[Row]) -> None:
    add_ratios(rows, {"(c)": FIELD_LOGGER_PLAIN})
    width = max(len(row.name) for row in rows)
    print("\n## FieldLogger: a whole logging call, TextFormatter logfmt, StreamHandler to StringIO\n")
    print(f"{'call':<{width}}  {'median ns':>10}  {'min–max ns':>17}  {'/(c)':>6}")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 17}  {'-' * 6}")
    for row in rows:
        if row.status != "ok":
            print(f"{row.name:<{width}}  {row.status.upper()}: {row.reason}")
            continue
        spread = f"{ns(row.min_ns)}–{ns(row.max_ns)}"
        print(f"{row.name:<{width}}  {ns(row.median_ns):>10}  {spread:>17}  {ratio(row.ratios.get('(c)')):>6}")


def print_noise(sections: dict[str, list[Row]], info: dict[str, Any], settings: Settings) -> None:
    """How much the rounds disagreed and how often the thread was preempted: a busy machine shows here."""
    timed_rows = [row for rows in sections.values() for row in rows if row.median_ns]
    spreads = [
        (row.max_ns - row.min_ns) / row.median_ns
        for row in timed_rows
        if row.median_ns and row.max_ns is not None and row.min_ns is not None
    ]
    if not spreads:
        return
    typical = statistics.median(spreads)
    print(
        f"\nnoise: rounds disagree by {typical:.0%} (typical (max-min)/median), {max(spreads):.0%} at worst;"
        f" load average at end: {info['load_average_at_end']}"
    )
    samples = sum(len(row.samples_ns) for row in timed_rows)
    retries = sum(row.retries for row in timed_rows)
    preempted = sum(row.preempted for row in timed_rows)
    if settings.clock == "wall" and retries:
        print(
            f"noise: {retries} batch(es) re-run because the thread was preempted; {preempted} of {samples}"
            f" samples stayed preempted after {settings.attempts} attempts"
        )
    if typical > NOISY or preempted > samples // 10:
        print(
            "noise: the machine's speed changed during the run (other processes, or a shared host): the ratios"
            " resist it best, raw ns least; for firmer numbers rerun with more --rounds, on a quieter machine,"
            " or with --clock cpu"
        )


def print_excluded(sections: dict[str, list[Row]]) -> int:
    """Say loudly (stdout and stderr) which contenders failed their output check; return how many."""
    bad = [(section, row) for section, rows in sections.items() for row in rows if row.status == "excluded"]
    if not bad:
        return 0
    lines = ["!" * 78, f"!! {len(bad)} contender(s) EXCLUDED: their output failed the check, so they were not timed"]
    for section, row in bad:
        lines.append(f"!!   [{section}] {row.name}: {row.reason}")
        if row.output:
            lines.append(f"!!     output: {row.output[:200]!r}")
    lines.append("!" * 78)
    print("\n" + "\n".join(lines))
    print("\n".join(lines), file=sys.stderr)
    return len(bad)


# -- machine information ----------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_commit() -> str | None:
    """The commit of the prefixlog checkout measured (with ``+dirty`` for local changes)."""
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True, text=True, check=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "../src"],
            cwd=here,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("+dirty" if dirty else "")


def cpu_mhz() -> float | None:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("cpu MHz"):
                return float(line.split(":", 1)[1])
    except (OSError, ValueError):
        pass
    return None


def load_average() -> list[float] | None:
    return [round(load, 2) for load in os.getloadavg()] if hasattr(os, "getloadavg") else None


def machine_info() -> dict[str, Any]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu_model(),
        "cpu_mhz": cpu_mhz(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "load_average_at_start": load_average(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": package_versions(),
        "prefixlog_commit": git_commit(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def print_machine(info: dict[str, Any], settings: Settings, overhead: float) -> None:
    installed = ", ".join(f"{k} {v}" for k, v in info["packages"].items() if v) or "none"
    print("# prefixlog benchmarks")
    print(f"\nmachine: {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), {info['platform']}")
    print(f"python:  {info['implementation']} {info['python']}; packages: {installed}")
    print(f"prefixlog commit: {info['prefixlog_commit']}; load average at start: {info['load_average_at_start']}")
    print(
        f"method:  {settings.rounds} interleaved rounds, each in a new shuffled order (seed {settings.seed});"
        " ns: median and min–max of the rounds;\n         ratios: median over the rounds of the ratio within"
        f" each round; timed batches of ~{settings.batch_ms:g} ms,\n         gc off (collected between rounds);"
        f" clock: {CLOCKS[settings.clock]};\n         timing-loop overhead {overhead:.0f} ns/op"
        " (included in every figure)"
    )


# -- profile ----------------------------------------------------------------


def profile(substring: str, calls: int, top: int) -> int:
    """cProfile ``calls`` format() calls of the first contender whose name contains ``substring``."""
    matches = [c for c in contenders() if substring.lower() in c.name.lower()]
    if not matches:
        print(f"no contender matches {substring!r}", file=sys.stderr)
        return 2
    contender = matches[0]
    try:
        formatter = contender.make()
    except UnavailableError as why:
        print(f"{contender.name}: skipped: {why}", file=sys.stderr)
        return 2
    record = copy.copy(make_record())
    fmt = formatter.format
    for _ in range(1_000):
        fmt(record)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in repeat(None, calls):
        fmt(record)
    profiler.disable()
    print(f"# cProfile: {contender.name}, {calls:,} format() calls\n")
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)
    print(stream.getvalue())
    return 0


# -- main -------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: 3 rounds of ~2 ms batches, smaller sizes")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 7; --quick 3)")
    parser.add_argument("--batch-ms", type=float, help="duration of one timed batch (default 20; --quick 2)")
    parser.add_argument("--filter", metavar="SUBSTR", help="only contenders whose name contains SUBSTR (floors stay)")
    parser.add_argument("--json", metavar="PATH", help="write every result and the machine's details as JSON")
    parser.add_argument(
        "--clock",
        choices=sorted(CLOCKS),
        default="wall",
        help="wall: perf_counter_ns (default); cpu: this thread's CPU time, steadier on a busy machine",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the round order shuffles (default 1)")
    parser.add_argument("--no-scaling", action="store_true", help="skip the fields / message size sections")
    parser.add_argument("--list", action="store_true", help="list the contenders and exit")
    parser.add_argument(
        "--profile",
        nargs="?",
        const="prefixlog TextFormatter logfmt",
        metavar="SUBSTR",
        help="cProfile format() of one contender (default: prefixlog TextFormatter logfmt) and exit",
    )
    parser.add_argument("--profile-calls", type=int, default=200_000, help="format() calls to profile")
    args = parser.parse_args(argv)
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if args.batch_ms is not None and args.batch_ms <= 0:
        parser.error("--batch-ms must be positive")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.profile:
        return profile(args.profile, args.profile_calls, 20)
    settings = Settings(
        rounds=args.rounds or (3 if args.quick else 7),
        batch_ms=args.batch_ms or (2.0 if args.quick else 20.0),
        seed=args.seed,
        quick=args.quick,
        clock=args.clock,
    )
    every = contenders()
    if args.list:
        for contender in every:
            try:
                contender.make()
                status = "available"
            except UnavailableError as why:
                status = f"skipped: {why}"
            print(f"{contender.name}: {status}")
        return 0
    wanted = (args.filter or "").lower()
    chosen = [c for c in every if c.name in (FLOOR, FLOOR_FIELDS) or wanted in c.name.lower()]

    info = machine_info()
    overhead = loop_overhead(settings)
    print_machine(info, settings, overhead)
    sections: dict[str, list[Row]] = {}
    sections["format"] = main_section("format", chosen, settings)
    print_main_table("format(record): ns per record", sections["format"])
    sections["format_quoting"] = quoting_section(chosen, settings)
    print_main_table(
        "format(record) of the second record (user_id=42 path=/api/v1/items?id=7 zs=log): ns per record",
        sections["format_quoting"],
    )
    sections["end_to_end"] = main_section("end_to_end", chosen, settings)
    print_main_table("end to end: logger.info() -> StreamHandler -> StringIO, ns per call", sections["end_to_end"])

    scaled = [c for c in chosen if c.scaling]
    if not args.no_scaling and scaled:
        sections["fields"] = scaling_section("fields", scaled, settings)
        print_scaling_table("format() against the number of fields (message 'user login')", "field", sections["fields"])
        message_rows = [c for c in chosen if c.name == FLOOR_FIELDS] + scaled
        sections["message"] = scaling_section("message", message_rows, settings)
        print_scaling_table("format() against the message size (3 fields)", "byte", sections["message"])
    if not wanted or wanted in "fieldlogger":
        sections["field_logger"] = field_logger_section(settings)
        print_field_logger_table(sections["field_logger"])
    info["load_average_at_end"] = load_average()
    print_noise(sections, info, settings)
    excluded = print_excluded(sections)

    if args.json:
        report = {
            "machine": info,
            "settings": {**asdict(settings), "timing_loop_overhead_ns": overhead, "filter": args.filter},
            "workload": {
                "message": MESSAGE,
                "fields": FIELDS,
                "quoting_fields": QUOTING_FIELDS,
                "stdlib_format": STDLIB_FORMAT,
            },
            "sections": {name: [asdict(row) for row in rows] for name, rows in sections.items()},
        }
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"\nresults written to {args.json}")
    return EXIT_EXCLUDED if excluded else 0


if __name__ == "__main__":
    sys.exit(main())
