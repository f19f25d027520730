"""JSON field-name presets for log shippers: ``JSONFormatter(preset=...)``.

``logrus`` (the default) writes logrus's own names.  The others write the
names and level words a shipper's backend reads without a parsing rule:

* ``ecs``: Elastic Common Schema (``@timestamp`` in UTC with milliseconds,
  ``log.level``, ``message``, ``log.logger``, ``log.origin.*``, ``error.*``,
  ``ecs.version``);
* ``gcp``: Google Cloud Logging's structured-logging fields (``severity`` in
  Cloud Logging's words, ``message``, ``timestamp``,
  ``logging.googleapis.com/sourceLocation``);
* ``datadog``: Datadog's reserved and standard attributes (``status`` in
  Datadog's words, ``message``, ``timestamp``, ``logger.name``, ``error.*``).

User fields stay at the top level; one named like a preset's own key is
renamed ``fields.<name>``, as logrus does with its own keys.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Optional

from ._levels import DEBUG, ERROR, FATAL, INFO, WARNING, level_name

#: The ECS version whose field names the ``ecs`` preset writes.
ECS_VERSION: Final = "8.11.0"

LevelWords = Callable[[int, str], str]
ExtraFields = Callable[[logging.LogRecord], "list[tuple[str, Any]]"]


def _by_threshold(words: tuple[tuple[int, str], ...], top: str) -> LevelWords:
    """Words for level numbers: the first ``(bound, word)`` with ``levelno <= bound``, else ``top``."""

    def word(levelno: int, levelname: str) -> str:
        for bound, text in words:
            if levelno <= bound:
                return text
        return top

    return word


@dataclass(frozen=True)
class Preset:
    """What a preset writes: key names, level words, the time, and fields of its own."""

    name: str
    #: logrus key names (``time``, ``msg``, ``level``, ``exc_*``) to this preset's.
    field_map: Mapping[str, str] = field(default_factory=dict)
    levels: LevelWords = level_name
    #: A Go layout for the time, written in UTC; ``None``: the formatter's ``timestamp_format``, local.
    time_layout: Optional[str] = None
    constant: Mapping[str, Any] = field(default_factory=dict)
    extra: Optional[ExtraFields] = None
    #: Keys ``extra`` and ``constant`` write, so user fields by those names are renamed.
    own_keys: frozenset[str] = frozenset()


def _ecs_extra(record: logging.LogRecord) -> list[tuple[str, Any]]:
    return [
        ("log.logger", record.name),
        ("log.origin.file.name", os.path.basename(record.pathname)),
        ("log.origin.file.line", record.lineno),
        ("log.origin.function", record.funcName),
    ]


def _gcp_extra(record: logging.LogRecord) -> list[tuple[str, Any]]:
    # LogEntrySourceLocation.line is an int64: proto3's JSON mapping writes it as a string.
    location = {"file": record.pathname, "line": str(record.lineno), "function": record.funcName}
    return [("logging.googleapis.com/sourceLocation", location)]


def _datadog_extra(record: logging.LogRecord) -> list[tuple[str, Any]]:
    return [("logger.name", record.name), ("logger.thread_name", record.threadName)]


# (highest level number, word): logrus's levels and the numbers between them.
_GCP_SEVERITY: Final = (
    (0, "DEFAULT"),
    (DEBUG, "DEBUG"),
    (INFO, "INFO"),
    (WARNING - 1, "NOTICE"),
    (WARNING + 9, "WARNING"),
    (ERROR + 9, "ERROR"),
    (FATAL + 9, "CRITICAL"),
)  # above: EMERGENCY (panic)
_DATADOG_STATUS: Final = (
    (DEBUG, "debug"),
    (INFO, "info"),
    (WARNING - 1, "notice"),
    (WARNING + 9, "warning"),
    (ERROR + 9, "error"),
    (FATAL + 9, "critical"),
)  # above: emerg (panic)

PRESETS: Final[dict[str, Preset]] = {
    "logrus": Preset("logrus"),
    "ecs": Preset(
        "ecs",
        field_map={
            "time": "@timestamp",
            "msg": "message",
            "level": "log.level",
            "exc_type": "error.type",
            "exc_message": "error.message",
            "exc_info": "error.stack_trace",
        },
        time_layout="2006-01-02T15:04:05.000Z07:00",
        constant={"ecs.version": ECS_VERSION},
        extra=_ecs_extra,
        own_keys=frozenset(
            ("ecs.version", "log.logger", "log.origin.file.name", "log.origin.file.line", "log.origin.function")
        ),
    ),
    "gcp": Preset(
        "gcp",
        field_map={"time": "timestamp", "msg": "message", "level": "severity", "exc_info": "stack_trace"},
        levels=_by_threshold(_GCP_SEVERITY, "EMERGENCY"),
        time_layout="2006-01-02T15:04:05.000000Z07:00",
        extra=_gcp_extra,
        own_keys=frozenset(("logging.googleapis.com/sourceLocation",)),
    ),
    "datadog": Preset(
        "datadog",
        field_map={
            "time": "timestamp",
            "msg": "message",
            "level": "status",
            "exc_type": "error.kind",
            "exc_message": "error.message",
            "exc_info": "error.stack",
        },
        levels=_by_threshold(_DATADOG_STATUS, "emerg"),
        time_layout="2006-01-02T15:04:05.000Z07:00",
        extra=_datadog_extra,
        own_keys=frozenset(("logger.name", "logger.thread_name")),
    ),
}


def check_preset(option: str, value: object) -> Preset:
    """A ``preset`` option: one of :data:`PRESETS` by name."""
    if not isinstance(value, str):
        raise TypeError(f"{option} must be a str, one of {', '.join(PRESETS)}; not {value!r}")
    preset = PRESETS.get(value.strip().lower())
    if preset is None:
        raise ValueError(f"{option}: unknown preset {value!r}; use one of {', '.join(PRESETS)}")
    return preset
