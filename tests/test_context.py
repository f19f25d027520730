"""Context fields: bind/unbind/context put fields into every record of this thread or task."""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

import prefixlog
from prefixlog import FieldLogger, bind, clear_context, context, get_context, unbind

from helpers import fresh_logger, logfmt

FMT = logfmt(disable_timestamp=True)


@pytest.fixture(autouse=True)
def _clean() -> Iterator[None]:
    clear_context()
    yield
    clear_context()


def test_bound_fields_reach_records_of_any_logger() -> None:
    logger, capture = fresh_logger()
    bind(request_id="r1", user="ana")
    logger.info("plain stdlib")
    FieldLogger(logger).info("adapter")
    unbind("user", "not-bound")
    logger.info("after unbind")
    assert [FMT.format(r) for r in capture.records] == [
        'level=info msg="plain stdlib" request_id=r1 user=ana',
        "level=info msg=adapter request_id=r1 user=ana",
        'level=info msg="after unbind" request_id=r1',
    ]


def test_context_manager_restores_what_was_there() -> None:
    logger, capture = fresh_logger()
    bind(a=1)
    with context(b=2, a=10) as fields:
        assert dict(fields) == {"a": 10, "b": 2}
        logger.info("inside")
    logger.info("outside")
    assert [FMT.format(r) for r in capture.records] == ["level=info msg=inside a=10 b=2", "level=info msg=outside a=1"]


def test_precedence_context_then_bound_logger_then_call_extra() -> None:
    logger, capture = fresh_logger()
    with context(k="context", c=1):
        FieldLogger(logger).with_fields({"k": "bound", "b": 2}).info("x", extra={"k": "call"})
        FieldLogger(logger).with_fields({"k": "bound"}).info("x")
        logger.info("x")
    assert [FMT.format(r) for r in capture.records] == [
        "level=info msg=x b=2 c=1 k=call",
        "level=info msg=x c=1 k=bound",
        "level=info msg=x c=1 k=context",
    ]


def test_fields_are_captured_when_the_record_is_made() -> None:
    logger, capture = fresh_logger()
    with context(request_id="r1"):
        logger.info("x")
    assert FMT.format(capture.record) == "level=info msg=x request_id=r1"  # formatted later, elsewhere


def test_a_hundred_concurrent_tasks_never_see_each_others_fields() -> None:
    logger, capture = fresh_logger()

    async def handle(n: int) -> None:
        bind(task=n)
        for step in range(3):
            await asyncio.sleep(0)
            with context(step=step):
                logger.info("work")
        assert get_context() == {"task": n}

    async def main() -> None:
        await asyncio.gather(*(handle(n) for n in range(100)))

    asyncio.run(main())
    assert get_context() == {}
    assert len(capture.records) == 300
    lines = {FMT.format(r) for r in capture.records}
    assert lines == {f"level=info msg=work step={s} task={n}" for n in range(100) for s in range(3)}


def test_thread_pool_tasks_see_what_copy_context_gives_them() -> None:
    logger, capture = fresh_logger()
    bind(request_id="r1")
    with ThreadPoolExecutor(max_workers=2) as pool:
        pool.submit(logger.info, "no context").result()
        pool.submit(contextvars.copy_context().run, logger.info, "copied context").result()
    assert [FMT.format(r) for r in capture.records] == [
        'level=info msg="no context"',
        'level=info msg="copied context" request_id=r1',
    ]


def test_a_replaced_record_factory_is_wrapped_again_on_the_next_bind() -> None:
    logger, capture = fresh_logger()
    logging.setLogRecordFactory(logging.LogRecord)
    bind(a=1)
    logger.info("x")
    assert FMT.format(capture.record) == "level=info msg=x a=1"


def test_context_is_exported() -> None:
    assert {"bind", "unbind", "context", "get_context", "clear_context"} <= set(prefixlog.__all__)


def test_get_context_is_a_copy_in_binding_order() -> None:
    bind(b=1, a=2)
    bind(c=3, b=4)
    seen = get_context()
    assert list(seen.items()) == [("b", 4), ("a", 2), ("c", 3)]
    seen["d"] = 5
    assert get_context() == {"b": 4, "a": 2, "c": 3}


def test_clear_context_removes_every_field_until_the_enclosing_block_ends() -> None:
    logger, capture = fresh_logger()
    bind(a=1)
    with context(b=2):
        clear_context()
        assert get_context() == {}
        logger.info("cleared")
    assert get_context() == {"a": 1}
    logger.info("after")
    assert [FMT.format(r) for r in capture.records] == ["level=info msg=cleared", "level=info msg=after a=1"]
