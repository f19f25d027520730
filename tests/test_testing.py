"""prefixlog.testing.capture_logs: every record logged inside the block, as a dict, whatever the handlers."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import prefixlog
from prefixlog import FieldLogger, bind, get_logger
from prefixlog.testing import capture_logs, record_dict

from cli_helpers import clean_env


def test_level_msg_logger_then_every_field() -> None:
    bind(request_id="r1")
    log = get_logger("prefixlog.test.shop").with_fields({"user": "ana", 7: "seven"})
    with capture_logs() as logs:
        log.info("cart %s", "loaded", extra={"items": 3})
        logging.getLogger("prefixlog.test.plain").warning("plain", extra={"k": None})
    assert logs == [
        {"level": "info", "msg": "cart loaded", "logger": "prefixlog.test.shop", "request_id": "r1", "user": "ana",
         7: "seven", "items": 3},
        {"level": "warning", "msg": "plain", "logger": "prefixlog.test.plain", "request_id": "r1", "k": None},
    ]  # fmt: skip
    assert [list(entry) for entry in logs] == [
        ["level", "msg", "logger", "request_id", "user", 7, "items"],  # in the order given
        ["level", "msg", "logger", "request_id", "k"],
    ]


def test_levels_are_logrus_words() -> None:
    log = get_logger("prefixlog.test.levels")
    with capture_logs() as logs:
        log.trace("t")
        log.debug("d")
        log.warning("w")
        log.critical("c")
        log.log(prefixlog.PANIC, "p")
        log.log(25, "custom")
    assert [entry["level"] for entry in logs] == ["trace", "debug", "warning", "fatal", "panic", "level 25"]


def test_fields_named_like_the_own_keys_are_moved_as_formatters_move_them() -> None:
    with capture_logs() as logs:
        FieldLogger(logging.getLogger("prefixlog.test.clash")).with_fields({"msg": "m", "level": "l"}).info(
            "x", extra={"logger": "g", "fields.msg": "taken"}
        )
    assert logs == [
        {"level": "info", "msg": "x", "logger": "prefixlog.test.clash", "fields.level": "l", "fields.logger": "g",
         "fields.msg": "taken", "fields.fields.msg": "m"},
    ]  # fmt: skip


def test_whatever_the_handlers_and_the_root_level_and_its_level_comes_back() -> None:
    root = logging.getLogger()
    root.setLevel(logging.ERROR)
    out = io.StringIO()
    picky = logging.StreamHandler(out)
    picky.setLevel(logging.CRITICAL)
    root.addHandler(picky)
    before = list(root.handlers)
    with capture_logs() as logs:
        assert root.level == logging.NOTSET
        logging.getLogger("prefixlog.test.any").debug("seen")
    assert [entry["msg"] for entry in logs] == ["seen"]
    assert root.level == logging.ERROR
    assert root.handlers == before
    assert out.getvalue() == ""


def test_a_level_set_inside_the_block_is_kept() -> None:
    root = logging.getLogger()
    root.setLevel(logging.ERROR)
    with capture_logs():
        root.setLevel(logging.INFO)
    assert root.level == logging.INFO


def test_a_logger_s_own_level_still_decides() -> None:
    quiet = logging.getLogger("prefixlog.test.quiet")
    quiet.setLevel(logging.WARNING)
    with capture_logs() as logs:
        quiet.info("filtered by its logger")
        quiet.warning("kept")
    assert [entry["msg"] for entry in logs] == ["kept"]


def test_non_propagating_loggers_are_captured_once() -> None:
    outer = logging.getLogger("prefixlog.test.np")
    outer.propagate = False
    inner = logging.getLogger("prefixlog.test.np.inner")
    inner.propagate = False
    with capture_logs() as logs:
        outer.info("outer")
        inner.info("inner")
        logging.getLogger("prefixlog.test.np.inner.child").info("child")
    assert [(entry["logger"], entry["msg"]) for entry in logs] == [
        ("prefixlog.test.np", "outer"),
        ("prefixlog.test.np.inner", "inner"),
        ("prefixlog.test.np.inner.child", "child"),
    ]
    assert outer.handlers == inner.handlers == []


def test_nothing_is_captured_after_the_block_and_an_exception_still_restores() -> None:
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    logger = logging.getLogger("prefixlog.test.after")

    def log_and_fail() -> None:
        logger.warning("in")
        raise RuntimeError("inside")

    with pytest.raises(RuntimeError, match="inside"), capture_logs() as logs:
        log_and_fail()
    logger.warning("out")
    assert [entry["msg"] for entry in logs] == ["in"]
    assert root.level == logging.WARNING
    assert all(type(h).__module__ != "prefixlog.testing" for h in root.handlers)


def test_nested_blocks_each_get_every_record() -> None:
    logger = logging.getLogger("prefixlog.test.nested")
    with capture_logs() as outer:
        logger.info("a")
        with capture_logs() as inner:
            logger.info("b")
        logger.info("c")
    assert [e["msg"] for e in outer] == ["a", "b", "c"]
    assert [e["msg"] for e in inner] == ["b"]


def test_records_of_other_threads_are_captured() -> None:
    logger = logging.getLogger("prefixlog.test.threads")
    with capture_logs() as logs:
        threads = [threading.Thread(target=logger.info, args=("t%d", n)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(entry["msg"] for entry in logs) == ["t0", "t1", "t2", "t3"]


def test_a_record_nothing_can_read_is_still_captured() -> None:
    made = logging.makeLogRecord({"msg": "%d", "args": ("x",), "levelno": "high", "name": None, "k": "v"})
    assert record_dict(made) == {
        "level": "<unprintable str: TypeError: levelno is not a level number: 'high'>",
        "msg": "%d <unprintable tuple: TypeError: %d format: a real number is required, not str>",
        "logger": "<nil>",
        "k": "v",
    }


def test_the_docs_pytest_example_passes(tmp_path: Path) -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "fields.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```python\n(# test_checkout\.py\n.*?)```", page, flags=re.S)
    (tmp_path / "test_checkout.py").write_text(example, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-W", "error", "test_checkout.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("2 passed in ")
