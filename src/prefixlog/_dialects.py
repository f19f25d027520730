"""The key names and level words of the structured log dialects :mod:`prefixlog._parse` reads.

One table of keys for every dialect, looked up in order (the first key
present with a usable value wins; every other key stays a field):

==========  ==========================================================================
level       ``level``, ``levelname``, ``severity``, ``log.level``, ``status``, ``@level``
message     ``msg``, ``message``, ``@message``, ``event`` (structlog)
time        ``time``, ``@timestamp``, ``timestamp``, ``asctime``, ``ts``
logger      ``logger`` (zap, structlog), ``log.logger`` (ECS), ``logger.name`` (Datadog);
            ``name`` only beside python-json-logger's ``levelname`` or a pino/bunyan level number
zap dev     ``L``, ``M``, ``T``, ``N``, ``C``, ``S`` (zap's development keys, beside no other level key)
caller      ``caller`` (zap, zerolog), ``source`` (slog text: ``file:line``), ``source.file`` +
            ``source.line`` (slog JSON), ``file`` as ``file:line`` (logrus), ``log.origin.file.name`` +
            ``.line`` (ECS), ``logging.googleapis.com/sourceLocation`` ``.file`` + ``.line`` (GCP)
exception   ``exc_info`` (python-json-logger, prefixlog), ``exception`` (structlog),
            ``error.stack_trace`` (ECS), ``stack_trace`` (GCP), ``error.stack`` (Datadog),
            ``err.stack`` (pino, bunyan)
stack       ``stack_info`` (python-json-logger), ``stacktrace`` (zap), ``stack`` (zerolog, slog)
==========  ==========================================================================

Levels are words in any case (logrus's, the stdlib's, syslog's, Cloud
Logging's, Datadog's, zap's ``dpanic`` as error), slog's words with an
offset (``INFO+2`` is 25, ``DEBUG-2`` is 5: slog's 4 steps per stdlib 10), or
pino's and bunyan's numbers under ``level`` (10 trace … 60 fatal).  A
logger name and a caller are given the keys ``logger`` and ``caller`` when
those are free, so every dialect shows them alike; the exception and stack
become the record's traceback and stack.  Nested JSON objects are read as
dotted keys (``{"err": {"stack": …}}`` is ``err.stack``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final, Optional

from ._levels import DEBUG, ERROR, FATAL, INFO, LEVELS_BY_NAME, PANIC, TRACE, WARNING
from ._parse_logfmt import unique_keys

LEVEL_KEYS: Final = ("level", "levelname", "severity", "log.level", "status", "@level")
MESSAGE_KEYS: Final = ("msg", "message", "@message", "event")
_LEVEL_KEY_SET: Final = frozenset(LEVEL_KEYS)
TIME_KEYS: Final = ("time", "@timestamp", "timestamp", "asctime", "ts")
LOGGER_KEYS: Final = ("logger", "log.logger", "logger.name")
EXCEPTION_KEYS: Final = ("exc_info", "exception", "error.stack_trace", "stack_trace", "error.stack", "err.stack")
STACK_KEYS: Final = ("stack_info", "stacktrace", "stack")
#: Where a caller's file and line are two keys: slog JSON, ECS, Cloud Logging.
CALLER_PAIRS: Final = (
    ("source.file", "source.line"),
    ("log.origin.file.name", "log.origin.file.line"),
    ("logging.googleapis.com/sourceLocation.file", "logging.googleapis.com/sourceLocation.line"),
)
#: zap's development encoder's keys (its JSON too), read when a line has ``L`` and ``M`` and no other level.
ZAP_DEVELOPMENT: Final = {"L": "level", "M": "msg", "T": "time", "N": "logger", "C": "caller", "S": "stacktrace"}
LOGGER: Final = "logger"
#: Every key :func:`take_logger`, :func:`take_caller` and the traceback and stack look at.
SPECIAL_KEYS: Final = frozenset(
    (
        *LOGGER_KEYS,
        "name",
        "caller",
        "source",
        "file",
        *EXCEPTION_KEYS,
        *STACK_KEYS,
        *(k for p in CALLER_PAIRS for k in p),
    )
)
CALLER: Final = "caller"

#: Level names beyond logrus's: syslog's, GCP's, Datadog's and zap's (``notice`` has no logrus level).
_MORE_LEVELS: Final = {
    "err": ERROR,
    "crit": FATAL,
    "notice": INFO,
    "informational": INFO,
    "alert": PANIC,
    "emerg": PANIC,
    "emergency": PANIC,
    "dpanic": ERROR,  # zap's development panic: an error that panics only in development
}
#: Every level word the reader knows (lower case), by level number.
LEVEL_WORDS: Final = {**LEVELS_BY_NAME, **_MORE_LEVELS}
#: pino's and bunyan's level numbers.
NUMERIC_LEVELS: Final = {10: TRACE, 20: DEBUG, 30: INFO, 40: WARNING, 50: ERROR, 60: FATAL}
_SLOG_BASES: Final = {"debug": -4, "info": 0, "warn": 4, "error": 8}
_SLOG: Final = re.compile(r"(debug|info|warn|error)([+-]\d{1,6})", re.ASCII)
_FILE_LINE: Final = re.compile(r".+:\d+", re.DOTALL)


def level_number(value: object) -> Optional[int]:
    """The stdlib level number for a level word (any case, slog's ``INFO+2`` too); else ``None``."""
    if type(value) is not str:
        return None
    known = LEVEL_WORDS.get(value)  # the usual word as it is written: "info"
    if known is not None:
        return known
    text = value.strip().lower()
    known = LEVEL_WORDS.get(text)
    if known is not None:
        return known
    match = _SLOG.fullmatch(text)
    if match is None:
        return None
    slog = _SLOG_BASES[match.group(1)] + int(match.group(2))
    return INFO - (-5 * slog) // 2  # the lowest level number whose slog level this is (_levels.slog_level)


def zap_development(fields: dict[str, Any]) -> dict[str, Any]:
    """A zap development line's one-letter keys as zap's production names (when those are free)."""
    if "L" not in fields or "M" not in fields or not _LEVEL_KEY_SET.isdisjoint(fields):
        return fields
    out: dict[str, Any] = {}
    for key, value in fields.items():
        name = ZAP_DEVELOPMENT.get(key)
        out[key if name is None or name in fields else name] = value
    return out


def read_level(key: str, value: object) -> Optional[tuple[int, bool]]:
    """The level a level key's value names, and whether the line is named (see :func:`take_logger`); else ``None``.

    Named: python-json-logger's ``levelname``, or a pino/bunyan number
    under ``level`` (their ``name`` is the logger's).
    """
    if type(value) is int and key == "level":
        number = NUMERIC_LEVELS.get(value)
        return None if number is None else (number, True)
    number = level_number(value)
    return None if number is None else (number, key == "levelname")


def take_level(fields: dict[str, Any]) -> tuple[Optional[int], bool]:
    """The level (its key leaves ``fields``) and whether it was python-json-logger's or a pino/bunyan number."""
    for key in LEVEL_KEYS:
        if key in fields:
            found = read_level(key, fields[key])
            if found is not None:
                del fields[key]
                return found
    return None, False


def take_logger(fields: dict[str, Any], named: bool) -> None:
    """Move the logger's name to the key ``logger`` (``name`` only when ``named``: see the module doc)."""
    keys = (*LOGGER_KEYS, "name") if named else LOGGER_KEYS
    for key in keys:
        value = fields.get(key)
        if type(value) is str:
            if key != LOGGER and LOGGER not in fields:
                fields[LOGGER] = fields.pop(key)
            return


def take_caller(fields: dict[str, Any]) -> None:
    """Move the caller, as ``file:line``, to the key ``caller`` (when that key is free)."""
    if CALLER in fields:
        return
    source = fields.get("source")
    if type(source) is str and _FILE_LINE.fullmatch(source):
        fields[CALLER] = fields.pop("source")
        return
    for file_key, line_key in CALLER_PAIRS:
        file = fields.get(file_key)
        if type(file) is str and file:
            line = fields.get(line_key)
            if type(line) is int or (type(line) is str and line.isdigit()):
                del fields[file_key], fields[line_key]
                fields[CALLER] = f"{file}:{line}"
                return
    file = fields.get("file")
    if type(file) is str and _FILE_LINE.fullmatch(file):
        fields[CALLER] = fields.pop("file")


def take_text(fields: dict[str, Any], keys: tuple[str, ...]) -> Optional[str]:
    """The first of ``keys`` whose value is a non-empty string; it leaves ``fields``."""
    for key in keys:
        value = fields.get(key)
        if type(value) is str and value:
            del fields[key]
            return value
    return None


def flatten(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its nested objects as dotted keys (``{"a": {"b": 1}}`` is ``{"a.b": 1}``), in order.

    An empty object stays a value.  A dotted key met twice (``{"a.b": 1,
    "a": {"b": 2}}``) is renamed as logfmt's repeated keys are
    (:func:`~prefixlog._parse_logfmt.unique_keys`: ``fields.a.b``).
    """
    if dict not in map(type, data.values()):
        return data
    return unique_keys(lambda: _leaves(data))


def _leaves(data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The dotted keys and values of ``data``'s leaves, in order; iterative, so deep nesting costs no recursion."""
    stack: list[tuple[str, Iterator[tuple[str, Any]]]] = [("", iter(data.items()))]
    while stack:
        prefix, items = stack[-1]
        for key, value in items:
            if type(value) is dict and value:
                stack.append((f"{prefix}{key}.", iter(value.items())))
                break
            yield prefix + key, value
        else:
            stack.pop()
