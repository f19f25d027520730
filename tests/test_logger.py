"""FieldLogger: logrus's WithField for stdlib loggers, and the caller it reports."""

from __future__ import annotations

import logging
import sys
import threading

import pytest

import prefixlog
from prefixlog import FieldLogger, get_logger

from helpers import Capture, fresh_logger, here, logfmt

FMT = logfmt(disable_timestamp=True)


def test_with_field_returns_a_new_logger_and_leaves_the_receiver_alone() -> None:
    logger, capture = fresh_logger()
    base = FieldLogger(logger)
    bound = base.with_field("a", 1)
    both = bound.with_fields({"b": 2})
    assert dict(base.fields) == {}
    assert dict(bound.fields) == {"a": 1}
    assert dict(both.fields) == {"a": 1, "b": 2}
    both.info("x")
    base.info("y")
    assert [FMT.format(r) for r in capture.records] == ["level=info msg=x a=1 b=2", "level=info msg=y"]


def test_with_error_adds_the_error_field_as_its_message() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_error(ValueError("disk full")).error("write failed")
    assert FMT.format(capture.record) == 'level=error msg="write failed" error="disk full"'


def test_fields_are_read_only() -> None:
    logger, _ = fresh_logger()
    bound = FieldLogger(logger).with_field("a", 1)
    with pytest.raises(TypeError):
        bound.fields["a"] = 2  # type: ignore[index]  # read-only, on purpose


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("msg", "level=info msg=x fields.msg=v"),
        ("time", "level=info msg=x fields.time=v"),
        ("level", "level=info msg=x fields.level=v"),
        ("logrus_error", "level=info msg=x fields.logrus_error=v"),
        ("message", "level=info msg=x message=v"),
        ("args", "level=info msg=x args=v"),
        ("name", "level=info msg=x name=v"),
        ("levelname", "level=info msg=x levelname=v"),
        ("exc_info", "level=info msg=x exc_info=v"),
        ("asctime", "level=info msg=x asctime=v"),
        ("taskName", "level=info msg=x taskName=v"),
        ("a.b", "level=info msg=x a.b=v"),
        ("has space", "level=info msg=x has\\x20space=v"),
        (7, "level=info msg=x 7=v"),
    ],
)
def test_any_field_name_works(key: object, expected: str) -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_field(key, "v").info("x")
    assert FMT.format(capture.record) == expected
    FieldLogger(logger).info("x", extra={key: "v"})
    assert FMT.format(capture.records[1]) == expected


def test_a_field_named_like_a_record_attribute_does_not_change_the_record() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_fields({"msg": "field", "args": (1,), "levelno": 99}).info("real %s", "arg")
    record = capture.record
    assert record.getMessage() == "real arg"
    assert record.levelno == logging.INFO
    assert FMT.format(record) == 'level=info msg="real arg" args="[1]" fields.msg=field levelno=99'


def test_bound_fields_and_call_extra_merge_the_call_winning() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_fields({"a": 1, "b": 1, "msg": 1}).info("x", extra={"b": 2, "c": 2, "msg": 2})
    assert FMT.format(capture.record) == "level=info msg=x a=1 b=2 c=2 fields.msg=2"


def test_plain_stdlib_extra_renders_as_fields() -> None:
    logger, capture = fresh_logger()
    logger.warning("disk %s", "full", extra={"k": "v", "n": 3})
    assert FMT.format(capture.record) == 'level=warning msg="disk full" k=v n=3'


def test_standard_attributes_are_never_fields() -> None:
    logger, capture = fresh_logger()
    logger.info("x")
    record = capture.record
    record.message = "cached"
    record.asctime = "now"
    assert FMT.format(record) == "level=info msg=x"


def test_every_level_method() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger)
    log.trace("t")
    log.debug("d")
    log.info("i")
    log.warning("w")
    log.warn("w2")
    log.error("e")
    log.critical("c")
    log.fatal("f")
    log.log(prefixlog.PANIC, "p")
    levels = [FMT.format(r).split()[0] for r in capture.records]
    assert levels == [
        "level=trace", "level=debug", "level=info", "level=warning", "level=warning",
        "level=error", "level=fatal", "level=fatal", "level=panic",
    ]  # fmt: skip


def test_disabled_levels_are_not_logged() -> None:
    logger, capture = fresh_logger()
    logger.setLevel(logging.WARNING)
    log = FieldLogger(logger).with_field("a", 1)
    log.info("no")
    log.trace("no")
    log.log(logging.DEBUG, "no")
    log.warning("yes")
    assert [r.getMessage() for r in capture.records] == ["yes"]


def test_log_rejects_a_level_that_is_not_a_number() -> None:
    logger, _ = fresh_logger()
    with pytest.raises(TypeError, match=r"level must be an integer"):
        FieldLogger(logger).log("info", "x")  # type: ignore[arg-type]  # a str level, on purpose


def test_get_logger_wraps_the_named_logger() -> None:
    log = get_logger("prefixlog.test.name")
    assert log.logger is logging.getLogger("prefixlog.test.name")
    assert get_logger().logger is logging.getLogger()


def test_bad_arguments_are_type_errors() -> None:
    with pytest.raises(TypeError, match=r"logging\.Logger"):
        FieldLogger("not a logger")  # type: ignore[arg-type]  # on purpose
    logger, _ = fresh_logger()
    with pytest.raises(TypeError, match="mapping"):
        FieldLogger(logger).with_fields([("a", 1)])  # type: ignore[arg-type]  # a list, on purpose


def test_a_bound_logger_is_safe_to_share_between_threads() -> None:
    logger, capture = fresh_logger()
    shared = FieldLogger(logger).with_field("service", "api")

    def work(n: int) -> None:
        mine = shared.with_field("worker", n)
        for i in range(200):
            mine.info("tick", extra={"i": i})

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(capture.records) == 1600
    assert dict(shared.fields) == {"service": "api"}
    seen = {(r.__dict__["worker"], r.__dict__["i"]) for r in capture.records}
    assert len(seen) == 1600


# -- the caller is the user's call site ---------------------------------------


def _caller(record: logging.LogRecord) -> tuple[str, int, str]:
    return record.pathname, record.lineno, record.funcName


def test_caller_through_with_field() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_field("a", 1).info("x")
    line = here() - 1
    assert _caller(capture.record) == (__file__, line, "test_caller_through_with_field")


def test_caller_through_nested_chains_and_every_method() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_field("a", 1).with_fields({"b": 2}).with_error(ValueError("e"))
    lines = []
    log.trace("x")
    lines.append(here() - 1)
    log.debug("x")
    lines.append(here() - 1)
    log.info("x")
    lines.append(here() - 1)
    log.warning("x")
    lines.append(here() - 1)
    log.error("x")
    lines.append(here() - 1)
    log.critical("x")
    lines.append(here() - 1)
    log.fatal("x")
    lines.append(here() - 1)
    log.log(25, "x")
    lines.append(here() - 1)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("x")
        lines.append(here() - 1)
    assert [r.lineno for r in capture.records] == lines
    assert {r.pathname for r in capture.records} == {__file__}
    assert capture.records[-1].exc_info is not None


def _log_for_my_caller(log: FieldLogger) -> None:
    log.info("on behalf", stacklevel=2)


def test_caller_with_user_stacklevel() -> None:
    logger, capture = fresh_logger()
    _log_for_my_caller(FieldLogger(logger).with_field("a", 1))
    line = here() - 1
    assert _caller(capture.record) == (__file__, line, "test_caller_with_user_stacklevel")


def test_caller_matches_a_plain_logger_call() -> None:
    logger, capture = fresh_logger()
    logger.info("plain")
    FieldLogger(logger).info("adapter")
    plain, adapter = capture.records
    assert (adapter.pathname, adapter.funcName) == (plain.pathname, plain.funcName)
    assert adapter.lineno == plain.lineno + 1


def test_caller_with_stack_info_points_at_the_user() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).info("x", stack_info=True)
    line = here() - 1
    assert capture.record.lineno == line
    frames = [s for s in (capture.record.stack_info or "").splitlines() if s.lstrip().startswith("File ")]
    assert frames[-1].strip() == f'File "{__file__}", line {line}, in test_caller_with_stack_info_points_at_the_user'


def test_report_caller_renders_the_users_line() -> None:
    logger, capture = fresh_logger()
    FieldLogger(logger).with_field("zs", "log").info("have a nice day")
    line = here() - 1
    formatter = logfmt(disable_timestamp=True, report_caller=True, caller_prettyfier=prefixlog.short_caller)
    assert formatter.format(capture.record) == f'level=info msg="have a nice day" file="test_logger.py:{line}" zs=log'


def test_python_version_is_reported() -> None:
    """Names the interpreter in the test log, so each Python's run is visible in CI output."""
    assert sys.version_info >= (3, 10)


def test_chained_binding_carries_the_same_record_fields_as_binding_at_once() -> None:
    logger, capture = fresh_logger()
    chained = (
        FieldLogger(logger).with_field("a", 1).with_field("msg", 2).with_fields({"b": 3, 4: "x"}).with_field("a", 5)
    )
    at_once = FieldLogger(logger, {"a": 5, "msg": 2, "b": 3, 4: "x"})
    assert chained.fields == at_once.fields
    chained.info("x")
    at_once.info("x")
    assert (
        FMT.format(capture.records[0]) == FMT.format(capture.records[1]) == "level=info msg=x 4=x a=5 b=3 fields.msg=2"
    )
    assert isinstance(chained, logging.LoggerAdapter)
    assert chained.logger is logger


# -- with_fields(mapping, **fields), without(), getChild() ---------------------


def test_with_fields_takes_a_mapping_keywords_or_both_the_keywords_winning() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger)
    log.with_fields(a=1, b=2).info("x")
    log.with_fields({"a": 1, 7: "seven", "msg": "m"}, a=2, c=3).info("x")
    log.with_fields().info("x")
    log.with_fields(mapping=1).info("x")  # a keyword like any other: mapping is positional-only
    assert [FMT.format(r) for r in capture.records] == [
        "level=info msg=x a=1 b=2",
        "level=info msg=x 7=seven a=2 c=3 fields.msg=m",
        "level=info msg=x",
        "level=info msg=x mapping=1",
    ]


def test_with_fields_rejects_a_mapping_that_is_not_one() -> None:
    logger, _ = fresh_logger()
    with pytest.raises(TypeError, match=r"^with_fields\(\): mapping must be a mapping, not list$"):
        FieldLogger(logger).with_fields([("a", 1)], b=2)  # type: ignore[arg-type]  # a list, on purpose


def test_without_drops_bound_fields_and_ignores_unknown_keys() -> None:
    logger, capture = fresh_logger()
    log = FieldLogger(logger, {"a": 1, "b": 2, "msg": "m", 7: "seven"})
    smaller = log.without("a", "msg", "nope")
    smaller.info("x")
    log.without(7).info("x")
    log.without().info("x")
    assert dict(smaller.fields) == {"b": 2, 7: "seven"}
    assert dict(log.fields) == {"a": 1, "b": 2, "msg": "m", 7: "seven"}
    assert [FMT.format(r) for r in capture.records] == [
        "level=info msg=x 7=seven b=2",
        "level=info msg=x a=1 b=2 fields.msg=m",
        "level=info msg=x 7=seven a=1 b=2 fields.msg=m",
    ]


def test_get_child_keeps_the_bound_fields_and_names_the_child_logger() -> None:
    parent = logging.getLogger("prefixlog.test.app")
    capture = Capture()
    parent.addHandler(capture)
    parent.setLevel(logging.INFO)
    log = FieldLogger(parent).with_fields({"a": 1, "msg": "m"})
    child = log.getChild("db")
    child.info("x")
    child.getChild("pool.conn").info("y")
    assert child.logger is logging.getLogger("prefixlog.test.app.db")
    assert dict(child.fields) == {"a": 1, "msg": "m"}
    assert [(r.name, FMT.format(r)) for r in capture.records] == [
        ("prefixlog.test.app.db", "level=info msg=x a=1 fields.msg=m"),
        ("prefixlog.test.app.db.pool.conn", "level=info msg=y a=1 fields.msg=m"),
    ]
    assert repr(child) == "<FieldLogger prefixlog.test.app.db fields={'a': 1, 'msg': 'm'}>"


def test_get_child_of_the_root_logger_is_the_named_logger() -> None:
    assert get_logger().getChild("prefixlog.test.top").logger is logging.getLogger("prefixlog.test.top")


def test_get_child_rejects_a_suffix_that_is_not_text() -> None:
    with pytest.raises(TypeError, match=r"^getChild\(\): suffix must be a str, not int$"):
        get_logger("prefixlog.test").getChild(7)  # type: ignore[arg-type]  # an int, on purpose


def test_get_child_reports_the_user_s_line() -> None:
    logger = logging.getLogger("prefixlog.test.caller")
    capture = Capture()
    logger.addHandler(capture)
    logger.setLevel(logging.INFO)
    FieldLogger(logging.getLogger("prefixlog.test")).getChild("caller").info("x")
    line = here() - 1
    assert _caller(capture.record) == (__file__, line, "test_get_child_reports_the_user_s_line")
