"""Context fields are record attributes too (pytest's caplog sees them), and a logging call never raises for it."""

from __future__ import annotations

import copy
import logging
import pickle
import subprocess
import sys
from typing import Any

import pytest

from prefixlog import FieldLogger, bind, clear_context, context

from helpers import fresh_logger, logfmt

FMT = logfmt(disable_timestamp=True)


def attr(record: logging.LogRecord, name: str) -> Any:
    """``record.<name>``, an attribute the type of a record can't know."""
    return getattr(record, name)


def test_caplog_records_carry_the_context_fields(caplog: pytest.LogCaptureFixture) -> None:
    bind(request_id="r1")
    with context(user="ana"):
        logging.getLogger("prefixlog.test.caplog").warning("login")
    (made,) = caplog.records
    assert (attr(made, "request_id"), attr(made, "user")) == ("r1", "ana")
    assert caplog.record_tuples == [("prefixlog.test.caplog", logging.WARNING, "login")]


def test_a_call_may_give_a_field_named_like_a_context_field_and_it_wins() -> None:
    logger, capture = fresh_logger()
    bind(user="ctx", request_id="r1")
    logger.info("x", extra={"user": "call"})
    FieldLogger(logger).with_field("user", "bound").info("y")
    first, second = capture.records
    assert (attr(first, "user"), attr(second, "user"), attr(first, "request_id")) == ("call", "bound", "r1")
    assert [FMT.format(r) for r in capture.records] == [
        "level=info msg=x request_id=r1 user=call",
        "level=info msg=y request_id=r1 user=bound",
    ]


def test_context_fields_are_not_in_the_records_dict() -> None:
    logger, capture = fresh_logger()
    bind(request_id="r1")
    logger.info("x")
    assert "request_id" not in vars(capture.record)
    assert logging.Formatter("%(message)s").format(capture.record) == "x"


def test_record_attribute_names_never_come_from_the_context() -> None:
    logger, capture = fresh_logger()
    bind(message="m", asctime="a", taskName="t", levelname="l", __weird__="w")
    logger.info("x")
    made = capture.record
    assert made.levelname == "INFO"
    for name in ("message", "asctime", "__weird__", *(["taskName"] if sys.version_info < (3, 12) else [])):
        assert not hasattr(made, name), name
    with pytest.raises(AttributeError, match=r"^'ContextRecord' object has no attribute 'nope'$"):
        attr(made, "nope")
    assert FMT.format(made) == "level=info msg=x __weird__=w asctime=a levelname=l message=m taskName=t"


def test_a_context_record_copies_as_itself_and_pickles_as_a_plain_record() -> None:
    logger, capture = fresh_logger()
    bind(request_id="r1")
    logger.info("x", extra={"k": "v"})
    made = capture.record
    copied = copy.copy(made)
    assert attr(copied, "request_id") == "r1"
    assert FMT.format(copied) == "level=info msg=x k=v request_id=r1"
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        loaded = pickle.loads(pickle.dumps(made, protocol))
        assert type(loaded) is logging.LogRecord
        assert FMT.format(loaded) == "level=info msg=x k=v request_id=r1"


def test_a_pickled_context_record_loads_where_prefixlog_cannot_be_imported() -> None:
    logger, capture = fresh_logger()
    bind(request_id="r1")
    logger.info("x")
    code = (
        "import pickle, sys; sys.modules['prefixlog'] = None; "
        "r = pickle.loads(sys.stdin.buffer.read()); print(type(r).__name__, r.msg, r._prefixlog_context)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], input=pickle.dumps(capture.record), capture_output=True, check=True
    )
    assert done.stdout == b"LogRecord x {'request_id': 'r1'}\n"


class MyRecord(logging.LogRecord):
    """Another library's record class, made by its factory."""

    def tag(self) -> str:
        return "mine"


def test_another_factory_s_records_keep_their_class_and_get_the_attributes() -> None:
    logging.setLogRecordFactory(MyRecord)
    logger, capture = fresh_logger()
    bind(request_id="r1")
    logger.info("x", extra={"request_id": "call", "k": 1})
    logger.info("y")
    first, second = capture.records
    assert isinstance(first, MyRecord)
    assert (first.tag(), attr(first, "request_id"), attr(second, "request_id")) == ("mine", "call", "r1")
    assert type(pickle.loads(pickle.dumps(second))) is MyRecord
    assert FMT.format(second) == "level=info msg=y request_id=r1"


class FrozenClass(logging.LogRecord):
    """A record class that refuses a change of class."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "__class__":
            raise AttributeError("frozen")
        super().__setattr__(name, value)


class OddRecord:
    """Not a LogRecord: logging needs only its attributes and getMessage()."""

    def getMessage(self) -> str:  # noqa: N802 - LogRecord's name
        return str(self.__dict__["msg"])


def odd_factory(*args: Any, **kwargs: Any) -> Any:
    """A factory that returns an OddRecord."""
    odd = OddRecord()
    odd.__dict__.update(vars(logging.LogRecord(*args, **kwargs)))
    return odd


@pytest.mark.parametrize("factory", [FrozenClass, odd_factory])
def test_a_record_that_can_t_change_class_is_logged_with_its_fields_all_the_same(factory: Any) -> None:
    logging.setLogRecordFactory(factory)
    logger, capture = fresh_logger()
    bind(request_id="r1")
    logger.info("x")
    logger.info("y")
    assert [FMT.format(r) for r in capture.records] == [
        "level=info msg=x request_id=r1",
        "level=info msg=y request_id=r1",
    ]
    assert not hasattr(capture.records[0], "request_id")


def test_records_without_context_fields_keep_the_factory_s_class() -> None:
    logger, capture = fresh_logger()
    bind(a=1)
    with context():
        logger.info("with")
    clear_context()
    logger.info("without")
    assert [type(r).__name__ for r in capture.records] == ["ContextRecord", "LogRecord"]
