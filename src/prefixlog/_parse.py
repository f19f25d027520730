"""Reading log records back: one logfmt or JSON line to its level, message, time and fields.

Used by ``prefixlog pretty`` (shipped logs made readable again) and by
``prefixlog run`` (a child's line that is already a record is relayed as that
record, not wrapped twice), both on lines anyone may have written: reading a
line takes time and memory linear in it, whatever it holds, and never raises
(:func:`parse_line`).  Logfmt is read by :mod:`prefixlog._parse_logfmt`.

A line is a record when it is a JSON object, or logfmt, that names a level
we know or a message (the keys of every dialect are in
:mod:`prefixlog._dialects`: logrus, slog, zap, zerolog, structlog,
python-json-logger, prefixlog's presets, pino and bunyan).  Logfmt values
are strings; JSON values keep their types, and nested objects become dotted
keys.  A level or time that can't be read (``level=verbose``, a 309-digit
``ts``) stays a field; a key that repeats is renamed (``fields.a``,
``fields.a.3`` …, see :func:`~prefixlog._parse_logfmt.unique_keys`).
"""

from __future__ import annotations

import calendar
import json
import json.scanner
import logging
import math
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Optional

from . import _heads
from ._dialects import (
    EXCEPTION_KEYS,
    LEVEL_WORDS,
    MESSAGE_KEYS,
    NUMERIC_LEVELS,
    SPECIAL_KEYS,
    STACK_KEYS,
    TIME_KEYS,
    flatten,
    level_number,
    take_caller,
    take_level,
    take_logger,
    take_text,
    zap_development,
)
from ._fields import split_fields
from ._levels import INFO
from ._parse_logfmt import logfmt_fields

__all__ = ["TIME_KEYS", "Parsed", "level_number", "make_record", "parse_line", "parse_time", "set_created"]

#: ``json.loads`` without its wrappers: the C scanner it calls, on a stripped text that starts with ``{``.
_scan: Final[Callable[[str, int], tuple[Any, int]]] = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_TIME: Final = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|z|UTC|[+-]\d\d(?::?\d\d)?)?"
)
_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?")
_YEAR_10000: Final = 253402300800  # 10000-01-01T00:00:00Z
#: Ints longer than this (about 1.2e21) are no time: year 9999 is 2.5e20 as nanoseconds.
_EPOCH_BITS: Final = 70
#: Texts longer than this are no time (RFC 3339 with nanoseconds and a zone is 35 characters).
_TIME_TEXT_MAX: Final = 64
#: Times with a zone already read, by their text: a log's lines share their second (logrus writes no fraction).
_ZONED_TIMES: dict[str, float] = {}
_ZONED_TIMES_MAX: Final = 1024
#: The start of each second read before, by its text with the zone and without the fraction
#: ("2021-07-04T07:26:26" + "Z"): a pino or bunyan line's time differs from the last only there.
_ZONED_SECONDS: dict[str, int] = {}


@dataclass
class Parsed:
    """What a line said: level (``None``: no level named), message, time (``None``: none read), fields.

    ``exception`` and ``stack``: the traceback and stack texts it carried
    (``None``: none), for the record's ``exc_text`` and ``stack_info``.
    """

    level: Optional[int]
    message: str
    created: Optional[float]
    fields: dict[str, Any] = field(default_factory=dict)
    exception: Optional[str] = None
    stack: Optional[str] = None


def _epoch(number: float) -> float:
    """Seconds, milliseconds, microseconds or nanoseconds since the epoch, told apart by size."""
    size = abs(number)
    if size >= 1e17:
        return number / 1e9
    if size >= 1e14:
        return number / 1e6
    if size >= 1e11:
        return number / 1e3
    return number


def parse_time(value: object) -> Optional[float]:
    """A POSIX time for an RFC 3339 / ISO 8601 text (zone-less means local) or an epoch number; else ``None``.

    Only years 1970 to 9999 count: anything else is no time anyone logged.
    Never raises: a huge int, a text over 64 characters, NaN or infinity is
    ``None`` (the value then stays a field), so one hostile line can't stop
    a reader.
    """
    if type(value) is str:
        known = _ZONED_TIMES.get(value)
        if known is not None:
            return known
    elif type(value) is int and 1e11 <= value < 1e14:  # epoch milliseconds (pino), at once
        return value / 1e3
    seconds = _parse_time(value)
    if seconds is None or not 0 <= seconds < _YEAR_10000:
        return None
    return seconds


def _parse_time(value: object) -> Optional[float]:
    kind = type(value)
    if kind is float and 0 <= value < 1e11:  # type: ignore[operator]  # epoch seconds (zap)
        return value  # type: ignore[return-value]
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # float() of a 309-digit int overflows; anything this long is past year 9999 even as nanoseconds.
        return None if value.bit_length() > _EPOCH_BITS else _epoch(float(value))
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else _epoch(value)
    if not isinstance(value, str) or len(value) > _TIME_TEXT_MAX:
        return None
    text = value.strip()
    if _NUMBER.fullmatch(text):
        return _epoch(float(text))
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    digits = match.group(7)
    fraction = float("0." + digits[:9]) if digits else 0.0
    zone = match.group(8)
    whole = None if zone is None else text[: match.end(6)] + zone  # the second, zoned: its start is kept
    start = _ZONED_SECONDS.get(whole) if whole is not None else None
    if start is not None:
        return start + fraction
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    try:
        datetime(year, month, day, hour, minute, min(second, 59))  # checks the ranges
        fields = (year, month, day, hour, minute, second, 0, 0, -1)
        if zone is None:
            return time.mktime(fields) + fraction  # the local zone's: not kept (TZ may change)
        offset = 0
        if zone not in ("Z", "z", "UTC"):
            zone_digits = zone[1:].replace(":", "")
            offset = int(zone_digits[:2]) * 3600 + int(zone_digits[2:4] or 0) * 60
            offset = -offset if zone[0] == "-" else offset
        start = calendar.timegm(fields) - offset
        seconds = start + fraction
        if 0 <= seconds < _YEAR_10000:  # kept only as parse_time's answers
            if len(_ZONED_SECONDS) >= _ZONED_TIMES_MAX:
                _ZONED_SECONDS.clear()
            _ZONED_SECONDS[whole] = start  # type: ignore[index]  # zone is not None: nor is whole
            if not digits:  # a text with a fraction rarely comes again: only the second's start is kept
                if len(_ZONED_TIMES) >= _ZONED_TIMES_MAX:
                    _ZONED_TIMES.clear()
                _ZONED_TIMES[value] = seconds
        return seconds
    except (ValueError, OverflowError):
        return None


# -- records ---------------------------------------------------------------------


def from_mapping(data: Mapping[str, Any], copy: bool = True, nested: Optional[bool] = None) -> Optional[Parsed]:
    """A record from a decoded line's keys, or ``None`` if it names neither a level nor a message.

    ``copy``: ``False`` when ``data`` is a dict the caller gives away (it
    becomes the fields).  ``nested``: whether a value is an object, when the
    caller knows (``None``: look).
    """
    fields: dict[str, Any] = dict(data) if copy else data  # type: ignore[assignment]
    if nested or (nested is None and dict in map(type, fields.values())):
        fields = flatten(fields)
    if "L" in fields:
        fields = zap_development(fields)
    value = fields.get("level")  # the usual level, quickly (as take_level reads it)
    kind = type(value)
    level = LEVEL_WORDS.get(value) if kind is str else NUMERIC_LEVELS.get(value) if kind is int else None  # type: ignore[arg-type]
    if level is not None:
        del fields["level"]
        named = kind is int
    else:
        level, named = take_level(fields)
    message = None
    for key in MESSAGE_KEYS:
        value = fields.get(key)
        if type(value) is str:
            del fields[key]
            message = value
            break
    if level is None and message is None:
        return None
    created = None
    for key in TIME_KEYS:
        if key in fields:
            created = parse_time(fields[key])
            if created is not None:
                del fields[key]
                break
    if SPECIAL_KEYS.isdisjoint(fields):  # the common line: no logger, caller, traceback or stack
        return Parsed(level, message or "", created, fields)
    take_logger(fields, named)
    take_caller(fields)
    exception = take_text(fields, EXCEPTION_KEYS)
    stack = take_text(fields, STACK_KEYS)
    return Parsed(level, message or "", created, fields, exception, stack)


def parse_line(line: str) -> Optional[Parsed]:
    """The record a logfmt or JSON line holds, or ``None`` when it holds none (see the module doc).

    Never raises: a line ``json.loads`` refuses (bad JSON, an int of more
    than 4300 digits, nesting deeper than the recursion limit) is no record,
    and so is a line whose reading fails in any other way (a safety net: the
    callers relay or pass such a line as text instead of stopping).
    """
    try:
        return _parse_line(line) or _heads.parse_head(line)  # plain-text heads (Python, uvicorn, klog, zap console)
    except Exception:  # the safety net (see above); parse_line's callers can't stop on a line
        return None


def parse_scanned(line: str, data: Optional[dict[str, Any]], nested: bool) -> Optional[Parsed]:
    """:func:`parse_line` for a line starting with ``{`` whose :func:`json_object` is ``(data, nested)``.

    For a caller that read the object for a quicker way first; ``data`` is
    given away (it becomes the fields).
    """
    try:
        return (None if data is None else from_mapping(data, copy=False, nested=nested)) or _heads.parse_head(line)
    except Exception:  # parse_line's safety net
        return None


def json_object(text: str) -> tuple[Optional[dict[str, Any]], bool]:
    """The object a stripped text holds as ``json.loads`` reads it (or ``None``), and whether it nests objects.

    ``json.loads``'s own C scanner, without the wrappers that cost as much
    as the scan on a log line.
    """
    try:
        data, end = _scan(text, 0)
    except (ValueError, RecursionError, StopIteration):
        return None, False
    if end != len(text) or type(data) is not dict:
        return None, False  # more after the object: not one JSON value, as json.loads would say
    return data, text.find("{", 1) > 0 and dict in map(type, data.values())  # no second "{": nothing nested


def _parse_line(line: str) -> Optional[Parsed]:
    text = line.strip()
    if text[:1] == "{":
        data, nested = json_object(text)
        return None if data is None else from_mapping(data, copy=False, nested=nested)
    if "=" in text:
        fields = logfmt_fields(text)
        parsed = None if fields is None else from_mapping(fields, copy=False, nested=False)
        if parsed is not None:
            return parsed
    return None  # neither a JSON nor a logfmt record


def make_record(
    parsed: Parsed,
    *,
    name: str,
    default_level: int = INFO,
    pathname: str = "",
    func: Optional[str] = None,
    more: Optional[Mapping[str, Any]] = None,
) -> logging.LogRecord:
    """A ``LogRecord`` for a parsed line: its level, message, fields and, when it had one, its time.

    ``more`` adds fields the line lacks (the line's own win); the line's
    exception and stack are the record's ``exc_text`` and ``stack_info``.  The caller is
    ``pathname`` and ``func`` (line 0): the record comes from another program.
    See :func:`set_created` for the time.
    """
    level = default_level if parsed.level is None else parsed.level
    record = logging.getLogRecordFactory()(name, level, pathname, 0, parsed.message, None, None, func)
    fields = dict(parsed.fields)
    for key, value in (more or {}).items():
        fields.setdefault(key, value)
    record.__dict__.update(split_fields(fields))
    record.exc_text = parsed.exception
    record.stack_info = parsed.stack
    if parsed.created is not None:
        set_created(record, parsed.created)
    return record


def set_created(record: logging.LogRecord, created: float) -> None:
    """Give ``record`` the time its line named (``created`` and ``msecs``).

    ``relativeCreated`` stays the time the line was read: the ``[0000]``
    layouts count seconds since *this* process started, and the line's
    writer started at another time.
    """
    record.created = created
    record.msecs = (created - int(created)) * 1000
