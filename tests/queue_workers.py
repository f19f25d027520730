"""What the processes of the queue tests run: importable by name, so ``spawn`` finds it."""

from __future__ import annotations

import io
import logging
import multiprocessing.queues
from typing import Any

import prefixlog

#: Every record's time, so that whole lines can be written down.
FIXED_TIME = 1700000000.25


class Unpicklable:
    """A value no process boundary takes; its text is known."""

    def __reduce__(self) -> Any:
        raise TypeError("not on the wire")

    def __str__(self) -> str:
        return "unpicklable value"


class TwoArgError(Exception):
    """Dumps fine, fails to load: ``pickle`` calls ``TwoArgError(*args)`` with one argument."""

    def __init__(self, text: str, code: int) -> None:
        super().__init__(text)
        self.code = code


def fix_time(record: logging.LogRecord) -> bool:
    record.created = FIXED_TIME
    record.msecs = 250.0
    return True


def fail() -> None:
    raise ValueError("boom")


def log_records(logger: logging.Logger) -> None:
    """The records every queue test sends: args, fields of every kind, an exception and a stack."""
    log = prefixlog.FieldLogger(logger)
    logger.info("hello %s", "world", extra={"user": "ana"})
    log.with_fields({"msg": "field", 3: [1, 2]}).warning("bound")
    with prefixlog.context(request_id="r1"):
        logger.error("in context", extra={"k": "v"})
    try:
        fail()
    except ValueError:
        log.with_field("attempt", 2).exception("failed %d times", 2, stack_info=True)
    log.with_fields({"obj": Unpicklable(), "nested": [1, {"deep": Unpicklable()}], Unpicklable(): "odd key"}).info(
        "unpicklable fields"
    )
    log.with_error(TwoArgError("loads badly", 7)).error("bad error")
    with prefixlog.context(ctx=Unpicklable()):
        logger.info("unpicklable context")
    logger.info("after")


def child_main(q: multiprocessing.queues.Queue[Any], direct: multiprocessing.queues.Queue[str]) -> None:
    """In a child process: log through ``prefixlog.QueueHandler(q)``, send the lines written without it."""
    out = io.StringIO()
    target = logging.StreamHandler(out)
    target.setFormatter(prefixlog.JSONFormatter())
    logger = logging.Logger("child", level=logging.INFO)
    logger.addFilter(fix_time)
    logger.addHandler(prefixlog.QueueHandler(q))  # first: the record it copies is the one made by the call
    logger.addHandler(target)
    log_records(logger)
    direct.put(out.getvalue())
