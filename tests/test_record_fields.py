"""prefixlog.fields(record): a record's own fields, as a dict, before anything a formatter does."""

from __future__ import annotations

import logging
import pickle

import prefixlog
from prefixlog import FieldLogger, bind, context, fields

from helpers import fresh_logger, logfmt


def test_context_then_bound_then_extra_under_the_keys_given() -> None:
    """In the order given: keys that can't be attributes (``msg``, ``7``) keep their places too."""
    logger, capture = fresh_logger()
    with context(request_id="r1", user="ctx"):
        log = FieldLogger(logger).with_fields({"a": 1, "msg": "bound msg", 7: "seven"})
        log.info("x", extra={"user": "call", "z": None})
    assert list(fields(capture.record).items()) == [
        ("request_id", "r1"),
        ("a", 1),
        ("msg", "bound msg"),
        (7, "seven"),
        ("user", "call"),
        ("z", None),
    ]


def test_no_clash_renaming_no_static_fields_values_as_they_are() -> None:
    logger, capture = fresh_logger()
    value = object()
    logger.info("x", extra={"time": "t", "level": "l", "func": "f"})
    logger.info("y", extra={"obj": value})
    renamed, kept = capture.records
    assert fields(renamed) == {"time": "t", "level": "l", "func": "f"}
    assert logfmt(disable_timestamp=True).format(renamed) == "level=info msg=x fields.level=l fields.time=t func=f"
    assert fields(kept)["obj"] is value


def test_standard_attributes_and_what_formatters_add_are_not_fields() -> None:
    logger, capture = fresh_logger()
    logger.info("x %s", 1, stack_info=True)
    made = capture.record
    logging.Formatter("%(asctime)s %(message)s").format(made)
    assert fields(made) == {}


def test_a_plain_record_and_a_made_one() -> None:
    assert fields(logging.makeLogRecord({"msg": "m", "k": "v"})) == {"k": "v"}
    assert fields(logging.LogRecord("n", logging.INFO, "p", 1, "m", None, None)) == {}


def test_a_record_field_shadowing_a_context_field_takes_its_own_place() -> None:
    logger, capture = fresh_logger()
    bind(a=1, b=2)
    logger.info("x", extra={"c": 3, "a": 10})
    assert list(fields(capture.record).items()) == [("b", 2), ("c", 3), ("a", 10)]


def test_a_record_that_crossed_a_process_keeps_its_fields() -> None:
    logger, capture = fresh_logger()
    bind(request_id="r1")
    FieldLogger(logger).with_field("msg", "m").info("x", extra={"k": "v"})
    copy = pickle.loads(pickle.dumps(capture.record))
    assert fields(copy) == {"request_id": "r1", "k": "v", "msg": "m"}


def test_carriers_that_are_not_mappings_are_shown_not_lost() -> None:
    made = logging.makeLogRecord({"_prefixlog_fields": "odd", "_prefixlog_context": 5, "k": "v"})
    assert fields(made) == {"k": "v", "_prefixlog_fields": "odd", "_prefixlog_context": 5}


def test_fields_is_exported() -> None:
    assert "fields" in prefixlog.__all__
    assert prefixlog.fields is fields
