"""JSON presets for shippers: field names and level words as each vendor documents them.

Sources (the names asserted below come from these pages):
- ECS: https://www.elastic.co/guide/en/ecs/current/ecs-base.html (``@timestamp``, ``message``),
  https://www.elastic.co/guide/en/ecs/current/ecs-log.html (``log.level``, ``log.logger``,
  ``log.origin.file.name``, ``log.origin.file.line``, ``log.origin.function``),
  https://www.elastic.co/guide/en/ecs/current/ecs-error.html (``error.type``, ``error.message``,
  ``error.stack_trace``), https://www.elastic.co/guide/en/ecs/current/ecs-ecs.html (``ecs.version``),
  and the ECS logging spec https://github.com/elastic/ecs-logging/blob/main/spec/spec.json
  (``@timestamp`` in UTC with milliseconds, ``log.level`` as a top-level dotted key).
- Google Cloud Logging: https://cloud.google.com/logging/docs/structured-logging (special fields
  ``severity``, ``message``, ``timestamp``, ``logging.googleapis.com/sourceLocation`` with ``file``,
  ``line``, ``function``) and https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry#LogSeverity
  (the severity words).
- Datadog: https://docs.datadoghq.com/logs/log_configuration/attributes_naming_convention/
  (reserved ``status``, ``message``, ``timestamp``; standard ``logger.name``, ``logger.thread_name``,
  ``error.kind``, ``error.message``, ``error.stack``) and
  https://docs.datadoghq.com/logs/log_configuration/processors/log_status_remapper/ (the status words).
"""

from __future__ import annotations

import io
import json
import logging
import sys
from datetime import datetime, timezone
from typing import Any

import pytest

import prefixlog
from prefixlog import FieldLogger, JSONFormatter, configure

from helpers import fresh_logger

WHEN = datetime(2021, 7, 4, 7, 26, 26, 123456, tzinfo=timezone.utc).timestamp()

GCP_SEVERITIES = {"DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"}
DATADOG_STATUSES = ["emerg", "alert", "critical", "error", "warning", "notice", "info", "debug"]


def record(levelno: int = logging.WARNING, exc: bool = False, **fields: Any) -> logging.LogRecord:
    info = None
    if exc:
        try:
            raise ValueError("bad input")
        except ValueError:
            info = sys.exc_info()
    rec = logging.LogRecord("app.db", levelno, "/srv/app/main.py", 28, "have a %s day", ("nice",), info, "run")
    rec.created = WHEN
    rec.threadName = "MainThread"
    rec.__dict__.update(fields)
    return rec


def test_ecs() -> None:
    out = JSONFormatter(preset="ecs").format(record(user="ana"))
    assert out == (
        '{"@timestamp":"2021-07-04T07:26:26.123Z","ecs.version":"8.11.0","log.level":"warning",'
        '"log.logger":"app.db","log.origin.file.line":28,"log.origin.file.name":"main.py",'
        '"log.origin.function":"run","message":"have a nice day","user":"ana"}'
    )


def test_ecs_error_fields() -> None:
    data = json.loads(JSONFormatter(preset="ecs").format(record(logging.ERROR, exc=True)))
    assert (data["error.type"], data["error.message"]) == ("ValueError", "bad input")
    assert data["error.stack_trace"].startswith("Traceback (most recent call last):\n")
    assert data["error.stack_trace"].endswith("ValueError: bad input")


def test_gcp() -> None:
    out = JSONFormatter(preset="gcp").format(record(user="ana"))
    assert out == (
        '{"logging.googleapis.com/sourceLocation":{"file":"/srv/app/main.py","function":"run","line":"28"},'
        '"message":"have a nice day","severity":"WARNING","timestamp":"2021-07-04T07:26:26.123456Z","user":"ana"}'
    )
    data = json.loads(JSONFormatter(preset="gcp").format(record(logging.ERROR, exc=True)))
    assert data["stack_trace"].endswith("ValueError: bad input")  # where Error Reporting looks


def test_datadog() -> None:
    out = JSONFormatter(preset="datadog").format(record(exc=True))
    data = json.loads(out)
    assert {k: v for k, v in data.items() if k != "error.stack"} == {
        "error.kind": "ValueError",
        "error.message": "bad input",
        "logger.name": "app.db",
        "logger.thread_name": "MainThread",
        "message": "have a nice day",
        "status": "warning",
        "timestamp": "2021-07-04T07:26:26.123Z",
    }
    assert data["error.stack"].endswith("ValueError: bad input")


LEVELS = [
    prefixlog.TRACE,
    logging.DEBUG,
    logging.INFO,
    25,
    logging.WARNING,
    logging.ERROR,
    prefixlog.FATAL,
    prefixlog.PANIC,
]


@pytest.mark.parametrize(
    ("preset", "key", "words"),
    [
        ("logrus", "level", ["trace", "debug", "info", "level 25", "warning", "error", "fatal", "panic"]),
        ("ecs", "log.level", ["trace", "debug", "info", "level 25", "warning", "error", "fatal", "panic"]),
        ("gcp", "severity", ["DEBUG", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "EMERGENCY"]),
        ("datadog", "status", ["debug", "debug", "info", "notice", "warning", "error", "critical", "emerg"]),
    ],
)
def test_level_words(preset: str, key: str, words: list[str]) -> None:
    formatter = JSONFormatter(preset=preset)  # type: ignore[arg-type] # the presets' names, as parametrized
    assert [json.loads(formatter.format(record(n)))[key] for n in LEVELS] == words
    if preset == "gcp":
        assert set(words) <= GCP_SEVERITIES
    if preset == "datadog":
        ranks = [DATADOG_STATUSES.index(w) for w in words]
        assert ranks == sorted(ranks, reverse=True)  # more severe levels, more severe words


def test_a_user_field_named_like_a_preset_key_is_renamed() -> None:
    logger, capture = fresh_logger("app.db")
    FieldLogger(logger).with_fields({"message": "mine", "log.logger": "x"}).warning("have a nice day")
    data = json.loads(JSONFormatter(preset="ecs").format(capture.record))
    assert (data["message"], data["fields.message"], data["log.logger"], data["fields.log.logger"]) == (
        "have a nice day",
        "mine",
        "app.db",
        "x",
    )


def test_field_map_renames_on_top_of_a_preset() -> None:
    data = json.loads(JSONFormatter(preset="datadog", field_map={"msg": "msg"}).format(record()))
    assert data["msg"] == "have a nice day"
    assert "message" not in data


def test_a_timestamp_format_of_ones_own_is_written_in_utc() -> None:
    data = json.loads(JSONFormatter(preset="ecs", timestamp_format="15:04:05 Z07:00").format(record()))
    assert data["@timestamp"] == "07:26:26 Z"


def test_unknown_preset() -> None:
    with pytest.raises(ValueError, match=r"preset: unknown preset 'splunk'; use one of logrus, ecs, gcp, datadog"):
        JSONFormatter(preset="splunk")  # type: ignore[arg-type] # an unknown preset, on purpose


@pytest.mark.usefixtures("restore_root_logging")
def test_preset_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setenv("PREFIXLOG_PRESET", "gcp")
    configure(format="json", stream=out)
    logging.getLogger("env").warning("hi")
    assert json.loads(out.getvalue())["severity"] == "WARNING"
    monkeypatch.setenv("PREFIXLOG_PRESET", "nope")
    with pytest.raises(ValueError, match="PREFIXLOG_PRESET: unknown preset 'nope'"):
        configure(format="json", stream=out)
    monkeypatch.setenv("PREFIXLOG_PRESET", "ecs")
    configure(format="logfmt", stream=io.StringIO())  # the variable is for the json format only
