"""prefixlog.QueueHandler: behind a queue, in this process or another, the line is the line written without one."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import logging.handlers
import multiprocessing
import pickle
import queue
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

import prefixlog
from prefixlog._fields import FIELDS_ATTR
from prefixlog._queue import make_wire_safe

import queue_workers
from helpers import Capture, here
from layouts import LAYOUTS
from queue_workers import TwoArgError, Unpicklable, fix_time, log_records

WORKERS = Path(queue_workers.__file__)
CARETS = "    ~~~~^^\n" if sys.version_info >= (3, 13) else ""  # 3.13 marks the call in a traceback
TIME = '"time":"2023-11-15T06:13:20+08:00"'  # queue_workers.FIXED_TIME in the tests' zone


def line_of(text: str) -> int:
    """The line number of ``text`` in queue_workers.py."""
    (number,) = [n for n, line in enumerate(WORKERS.read_text().splitlines(), 1) if text in line]
    return number


#: What log_records() writes, whole lines, but for the exception record (checked apart: its stack is the caller's).
EXPECTED = [
    '{"level":"info","msg":"hello world",' + TIME + ',"user":"ana"}',
    '{"3":[1,2],"fields.msg":"field","level":"warning","msg":"bound",' + TIME + "}",
    '{"k":"v","level":"error","msg":"in context","request_id":"r1",' + TIME + "}",
    None,  # the exception: see check_exception_line
    '{"level":"info","msg":"unpicklable fields","nested":[1,{"deep":"unpicklable value"}],'
    '"obj":"unpicklable value",' + TIME + ',"unpicklable value":"odd key"}',
    '{"error":"loads badly","level":"error","msg":"bad error",' + TIME + "}",
    '{"ctx":"unpicklable value","level":"info","msg":"unpicklable context",' + TIME + "}",
    '{"level":"info","msg":"after",' + TIME + "}",
]


def check_lines(lines: list[str]) -> None:
    assert len(lines) == len(EXPECTED)
    for line, expected in zip(lines, EXPECTED, strict=True):
        if expected is None:
            check_exception_line(line)
        else:
            assert line == expected


def check_exception_line(line: str) -> None:
    data = json.loads(line)
    stack = data.pop("stack_info")
    assert data == {
        "attempt": 2,
        "exc_info": "Traceback (most recent call last):\n"
        f'  File "{WORKERS}", line {line_of("    fail()")}, in log_records\n'
        "    fail()\n" + CARETS + f'  File "{WORKERS}", line {line_of("raise ValueError")}, in fail\n'
        '    raise ValueError("boom")\n'
        "ValueError: boom",
        "exc_message": "boom",
        "exc_type": "ValueError",
        "level": "error",
        "msg": "failed 2 times",
        "time": "2023-11-15T06:13:20+08:00",
    }
    assert stack.startswith("Stack (most recent call last):\n")
    assert stack.endswith(
        f'  File "{WORKERS}", line {line_of("stack_info=True")}, in log_records\n'
        '    log.with_field("attempt", 2).exception("failed %d times", 2, stack_info=True)'
    )


def json_handler() -> tuple[logging.Handler, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(prefixlog.JSONFormatter())
    return handler, out


def source_logger(*handlers: logging.Handler) -> logging.Logger:
    logger = logging.Logger("queued", level=logging.INFO)
    logger.addFilter(fix_time)
    for handler in handlers:
        logger.addHandler(handler)
    return logger


@pytest.mark.parametrize("kind", [queue.Queue, queue.SimpleQueue])
def test_through_an_in_process_queue_the_json_line_is_the_direct_line(kind: type) -> None:
    q = kind()
    target, queued = json_handler()
    direct, written = json_handler()
    listener = logging.handlers.QueueListener(q, target)
    listener.start()
    try:
        log_records(source_logger(prefixlog.QueueHandler(q), direct))
    finally:
        listener.stop()
    assert queued.getvalue() == written.getvalue()
    check_lines(queued.getvalue().splitlines())


def test_the_stdlib_queue_handler_loses_what_ours_keeps() -> None:
    """The problem prefixlog.QueueHandler solves, shown once (if the stdlib changes, so may this)."""
    q: queue.Queue[logging.LogRecord] = queue.Queue()
    logger = source_logger(logging.handlers.QueueHandler(q))
    try:
        queue_workers.fail()
    except ValueError:
        logger.exception("failed")
    line = prefixlog.JSONFormatter(disable_timestamp=True).format(q.get_nowait())
    assert line.startswith('{"level":"error","msg":"failed\\nTraceback (most recent call last):')
    assert "exc_type" not in line


@pytest.mark.parametrize("kind", [queue.Queue, queue.SimpleQueue])
def test_an_in_process_queue_pays_for_no_pickling(monkeypatch: pytest.MonkeyPatch, kind: type) -> None:
    def no_pickling(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("pickled for an in-process queue")

    monkeypatch.setattr(pickle, "dumps", no_pickling)
    q = kind()
    value = Unpicklable()
    source_logger(prefixlog.QueueHandler(q)).info("m", extra={"obj": value})
    assert q.get_nowait().obj is value  # the object itself, not its text


def test_the_application_thread_runs_no_formatter_and_leaves_the_record_alone() -> None:
    threads: list[str] = []

    class Spy(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            threads.append(threading.current_thread().name)
            return super().format(record)

    q: queue.Queue[logging.LogRecord] = queue.Queue()
    handler = prefixlog.QueueHandler(q)
    handler.setFormatter(Spy())  # the stdlib's prepare() would run it here
    target = logging.StreamHandler(io.StringIO())
    target.setFormatter(Spy())
    listener = logging.handlers.QueueListener(q, target)
    capture = Capture()
    logger = source_logger(handler, capture)
    listener.start()
    try:
        try:
            queue_workers.fail()
        except ValueError:
            logger.exception("failed %s", "twice", stack_info=True)
    finally:
        listener.stop()
    assert threads != []
    assert threading.current_thread().name not in threads
    original = capture.record  # the next handler gets the record as it was made
    assert (original.msg, original.args, original.exc_text) == ("failed %s", ("twice",), None)
    assert original.exc_info is not None
    assert original.exc_info[0] is ValueError


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("kind", [queue.Queue, multiprocessing.SimpleQueue])
def test_every_layout_writes_the_prepared_record_as_the_original(layout: str, kind: type) -> None:
    """Exception, stack, a multi-line message, odd fields: the same text, terminal continuation lines too."""
    capture = Capture()
    logger = source_logger(capture)
    try:
        queue_workers.fail()
    except ValueError:
        prefixlog.FieldLogger(logger).with_fields({"msg": "field", 3: Unpicklable()}).exception(
            "two\nlines %s", "here", stack_info=True, extra={"k": "v"}
        )
    original = capture.record
    sent = prefixlog.QueueHandler(kind()).prepare(original)
    if kind is not queue.Queue:
        sent = pickle.loads(pickle.dumps(sent))  # what the other process gets
    _, factory = LAYOUTS[layout]
    assert factory().format(sent) == factory().format(original)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_an_exc_info_that_is_no_exception_is_left_to_the_formatter(layout: str) -> None:
    hostile = (ValueError, "not an instance", None)  # a str where the exception should be
    record = logging.LogRecord("n", logging.ERROR, __file__, 1, "m", None, hostile)  # type: ignore[arg-type]
    sent = prefixlog.QueueHandler(queue.Queue()).prepare(record)
    assert sent.exc_info == record.exc_info
    _, factory = LAYOUTS[layout]
    assert factory().format(sent) == factory().format(record)


def test_plain_values_are_not_pickled_to_find_out(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pickling(*args: Any, **kwargs: Any) -> bytes:
        raise AssertionError("pickled a plain value")

    record = logging.LogRecord("n", logging.INFO, __file__, 1, "m", None, None)
    fields = {"msg": "field", 3: 2.5, None: True}
    record.__dict__.update({"k": "v", "n": 10**5000, FIELDS_ATTR: fields})
    before = dict(record.__dict__)
    monkeypatch.setattr(pickle, "dumps", no_pickling)
    make_wire_safe(record)
    assert record.__dict__ == before
    assert record.__dict__[FIELDS_ATTR] is fields


def test_a_bound_loggers_fields_are_not_changed_on_the_way() -> None:
    fields = {"msg": "field", "bad": Unpicklable()}
    record = logging.LogRecord("n", logging.INFO, __file__, 1, "m", None, None)
    record.__dict__[FIELDS_ATTR] = fields
    make_wire_safe(record)
    assert record.__dict__[FIELDS_ATTR] == {"msg": "field", "bad": "unpicklable value"}
    assert isinstance(fields["bad"], Unpicklable)  # the carrier is the logger's: a new one was made


def test_values_no_process_takes_become_their_text_at_any_depth() -> None:
    loop: list[Any] = [Unpicklable()]
    loop.append(loop)
    deep: list[Any] = [Unpicklable()]
    for _ in range(300):
        deep = [deep]
    record = logging.LogRecord("n", logging.INFO, __file__, 1, "m", None, None)
    record.__dict__.update(
        {"loop": loop, "deep": deep, "exc": TwoArgError("x", 1), "set": {1, frozenset({Unpicklable()})}}
    )
    make_wire_safe(record)
    safe = pickle.loads(pickle.dumps(record))
    assert safe.exc == "x"
    assert safe.set == {1, frozenset({"unpicklable value"})}
    assert safe.loop[0] == "unpicklable value"
    assert isinstance(safe.loop[1], str)  # the list inside itself: its text
    line = prefixlog.JSONFormatter(disable_timestamp=True).format(safe)
    assert line.startswith('{"deep":[[[[')
    assert '"exc":"x","level":"info","loop":["unpicklable value","[' in line


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_through_a_multiprocessing_queue_every_record_arrives_whole(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"the {method} start method is not available on {sys.platform}")
    context: Any = multiprocessing.get_context(method)
    q = context.Queue()
    direct = context.Queue()
    child = context.Process(target=queue_workers.child_main, args=(q, direct))
    with warnings.catch_warnings():
        # 3.12+ warns when forking beside any thread (another test's may still be ending): not this test's point.
        warnings.simplefilter("ignore", DeprecationWarning)
        child.start()  # before the listener's thread: a fork copies no thread of ours
    target, queued = json_handler()
    listener = logging.handlers.QueueListener(q, target)
    listener.start()
    try:
        written = direct.get(timeout=60)
        child.join(timeout=60)
        assert child.exitcode == 0
    finally:
        listener.stop()
        for each in (q, direct):
            each.close()
            each.join_thread()
    assert queued.getvalue() == written
    check_lines(queued.getvalue().splitlines())


@pytest.mark.skipif(sys.version_info < (3, 12), reason="dictConfig's queue handlers are new in Python 3.12")
def test_as_the_class_of_a_dict_config_queue_handler() -> None:
    out = io.StringIO()
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"json": {"()": "prefixlog.JSONFormatter", "disable_timestamp": True}},
            "handlers": {
                "out": {"class": "logging.StreamHandler", "stream": out, "formatter": "json"},
                "queued": {"class": "prefixlog.QueueHandler", "handlers": ["out"]},
            },
            "loggers": {"dict-config-queued": {"handlers": ["queued"], "level": "INFO", "propagate": False}},
        }
    )
    logger = logging.getLogger("dict-config-queued")
    (handler,) = logger.handlers
    assert isinstance(handler, prefixlog.QueueHandler)
    handler.listener.start()  # type: ignore[attr-defined]  # 3.12's attribute, set by dictConfig
    try:
        try:
            line = here() + 1
            raise KeyError("gone")
        except KeyError:
            logger.exception("lookup %s", "failed", extra={"key": "gone"})
    finally:
        handler.listener.stop()  # type: ignore[attr-defined]
        logger.handlers.clear()
    traceback = (
        "Traceback (most recent call last):\\n"
        f'  File \\"{__file__}\\", line {line}, in test_as_the_class_of_a_dict_config_queue_handler\\n'
        '    raise KeyError(\\"gone\\")\\n'
        "KeyError: 'gone'"
    )
    assert out.getvalue() == (
        f'{{"exc_info":"{traceback}","exc_message":"\'gone\'","exc_type":"KeyError","key":"gone",'
        '"level":"error","msg":"lookup failed"}\n'
    )
