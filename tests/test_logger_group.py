"""FieldLogger.with_group: slog's WithGroup, as one dict-valued field in every layout."""

from __future__ import annotations

import json
import logging
import pickle
from typing import Any

import pytest

from prefixlog import FieldLogger, context, fields

from helpers import fresh_logger, logfmt
from layouts import LAYOUTS


def logged(log: FieldLogger, capture: Any, **kwargs: Any) -> dict[Any, Any]:
    """The fields of the record ``log.info("m", **kwargs)`` makes."""
    log.info("m", **kwargs)
    return fields(capture.records[-1])


def test_fields_after_the_group_nest_under_it_and_those_before_stay() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_field("user", "ana").with_group("req").with_fields({"id": 7}, path="/")
    assert dict(log.fields) == {"user": "ana", "req": {"id": 7, "path": "/"}}
    assert log.group == ("req",)
    assert logged(log, capture, extra={"status": 200}) == {"user": "ana", "req": {"id": 7, "path": "/", "status": 200}}
    assert logged(log, capture) == {"user": "ana", "req": {"id": 7, "path": "/"}}  # the call's extra= was its own


def test_groups_nest_and_their_names_join() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_group("peer").with_group("job").with_field("ratio", True)
    assert log.group == ("peer", "job")
    assert logged(log, capture, extra={"n": 1}) == {"peer": {"job": {"ratio": True, "n": 1}}}
    assert logfmt(disable_timestamp=True).format(capture.records[-1]) == (
        'level=info msg=m peer="{\\"job\\":{\\"ratio\\":true,\\"n\\":1}}"'
    )


def test_a_group_nothing_is_logged_into_is_not_there() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_field("a", 1).with_group("g")
    assert dict(log.fields) == {"a": 1}
    assert logged(log, capture) == {"a": 1}
    assert logged(log.with_field("b", 2).without("b"), capture) == {"a": 1}


def test_the_empty_name_changes_nothing() -> None:
    logger, _ = fresh_logger()
    log = FieldLogger(logger).with_field("a", 1)
    assert log.with_group("") is log
    assert log.with_group("g").with_group("").group == ("g",)


def test_a_name_must_be_a_str() -> None:
    logger, _ = fresh_logger()
    with pytest.raises(TypeError, match=r"with_group\(\): name must be a str, not int"):
        FieldLogger(logger).with_group(7)  # type: ignore[arg-type]  # wrong on purpose


def test_context_fields_are_never_grouped() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_group("g")
    with context(request_id="r1"):
        assert logged(log, capture, extra={"k": "v"}) == {"request_id": "r1", "g": {"k": "v"}}


def test_the_receiver_and_the_values_given_are_left_alone() -> None:
    logger, _ = fresh_logger()
    inner = {"x": 1}
    base = FieldLogger(logger).with_field("g", inner)
    grouped = base.with_group("g").with_field("y", 2)
    assert dict(grouped.fields) == {"g": {"x": 1, "y": 2}}  # a dict bound under the name is added to
    assert dict(base.fields) == {"g": {"x": 1}}
    assert inner == {"x": 1}
    assert dict(grouped.without("y").fields) == {"g": {"x": 1}}
    assert dict(base.with_field("g", 5).with_group("g").with_field("y", 2).fields) == {"g": {"y": 2}}


def test_without_looks_in_the_group() -> None:
    logger, _ = fresh_logger()
    log = FieldLogger(logger).with_field("a", 1).with_group("g").with_fields(a=2, b=3)
    assert dict(log.without("a").fields) == {"a": 1, "g": {"b": 3}}
    assert log.without("zzz") is log


def test_get_child_keeps_the_group() -> None:
    logger, _ = fresh_logger("app")
    child = FieldLogger(logger).with_group("g").getChild("db")
    assert child.group == ("g",)
    assert child.logger.name == "app.db"
    assert repr(child.with_field("k", 1)) == "<FieldLogger app.db fields={'g': {'k': 1}} group='g'>"


def test_the_group_keeps_its_place_among_fields_that_cant_be_attributes() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_fields({"msg": "m", "a": 1}).with_group("args").with_field("x", 1)
    assert list(logged(log, capture, extra={"y": 2}).items()) == [("msg", "m"), ("a", 1), ("args", {"x": 1, "y": 2})]


def _error() -> ValueError:
    try:
        raise ValueError("disk full")
    except ValueError as error:
        return error


def test_with_error_in_a_group_binds_the_error_there_and_keeps_the_exception() -> None:
    logger, capture = fresh_logger()
    error = _error()
    log = FieldLogger(logger).with_group("op").with_error(error)
    assert dict(log.fields) == {"op": {"error": error}}
    log.info("m")
    assert capture.records[-1].exc_info == (ValueError, error, error.__traceback__)
    log.with_field("more", 1).info("m")  # still its error
    assert capture.records[-1].exc_info is not None
    log.info("m", extra={"error": "other"})  # the call's own error, in the same group
    assert capture.records[-1].exc_info is None
    log.without("error").info("m")
    assert capture.records[-1].exc_info is None


def test_an_error_field_in_another_group_keeps_the_exception() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_error(_error()).with_group("g")
    log.info("m", extra={"error": "inner"})
    assert fields(capture.records[-1])["g"] == {"error": "inner"}
    assert capture.records[-1].exc_info is not None


def test_a_grouped_record_pickles() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_group("g").with_fields({7: "seven", "msg": "x"}).info("m")
    assert fields(pickle.loads(pickle.dumps(capture.record))) == {"g": {7: "seven", "msg": "x"}}


def _same_call(logs: list[FieldLogger], capture: Any, **kwargs: Any) -> list[logging.LogRecord]:
    """One record from each logger (all logging to ``capture``), logged from one line at one time."""
    for log in logs:
        log.info("m", **kwargs)  # the same line for each
    records: list[logging.LogRecord] = capture.records[-len(logs) :]
    for other in records[1:]:
        for name in ("created", "msecs", "relativeCreated"):
            setattr(other, name, getattr(records[0], name))
    return records


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_writes_a_group_as_the_dict_field_it_is(layout: str) -> None:
    """In layouts without groups the group is one dict-valued field; slog's write it as a slog group."""
    logger, capture = fresh_logger("app")
    grouped = FieldLogger(logger).with_field("user", "ana").with_group("req").with_field("id", 7)
    plain = FieldLogger(logger).with_fields({"user": "ana", "req": {"id": 7, "status": 200}})
    records = _same_call([grouped, plain], capture, extra={"status": 200})
    plain_record = records[1]
    plain_record.__dict__.pop("status")  # the call's own extra=, for the grouped logger only
    formatter = LAYOUTS[layout][1]()
    line, expected = (formatter.format(record) for record in records)
    assert line == expected
    if LAYOUTS[layout][0] == "json":
        assert json.loads(line)["req"] == {"id": 7, "status": 200}
    else:
        assert "200" in line


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_leaves_out_a_group_nothing_was_logged_into(layout: str) -> None:
    logger, capture = fresh_logger("app")
    records = _same_call([FieldLogger(logger).with_group("req"), FieldLogger(logger)], capture)
    formatter = LAYOUTS[layout][1]()
    assert formatter.format(records[0]) == formatter.format(records[1])
