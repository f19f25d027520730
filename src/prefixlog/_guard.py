"""``format()`` never raises and never loses the rest of the record.

Every formatter's ``format()`` runs its layout inside one ``try``.  When the
layout fails, :func:`recover` gives it a second chance on a *repaired* copy
of the record: each standard ``LogRecord`` attribute that a hostile or broken
producer left unusable (``created=NaN``, an ``exc_info`` that is no exception
tuple, a missing ``msg``, a ``levelno`` that is no number, a non-str
attribute name …) is replaced by a usable value, and a ``prefixlog_error``
field says what each held.  The record is then written whole: time, level,
message and every field.  Only if that fails too is the last-resort line
written (:func:`fallback_line`: level, message and the failure).

The common record never pays for any of this: the repair runs only after the
layout has raised.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Final, Optional

from ._escape import go_quote, needs_quoting_logrus
from ._fields import CLASH_PREFIX, ERROR_KEY, FIELDS_ATTR
from ._gofmt import short_repr, to_text, unprintable
from ._levels import level_name
from ._record import message

#: Times a formatter can write: years 1 to 9999, as Python's datetime and Go's layouts.
_FIRST_TIME: Final = -62135596800.0  # 0001-01-01T00:00:00Z
_END_TIME: Final = 253402300800.0  # 10000-01-01T00:00:00Z


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _within(value: object, low: float, high: float) -> bool:
    """Whether ``value`` is a number (not a bool) with ``low <= value < high``; never raises."""
    if not _is_number(value):
        return False
    try:
        number = float(value)  # type: ignore[arg-type]
    except OverflowError:
        return False
    return low <= number < high  # False for NaN


def _is_time(value: object) -> bool:
    """Whether ``value`` is a POSIX time every layout can write (local time included)."""
    if not _within(value, _FIRST_TIME, _END_TIME):
        return False
    try:
        year = time.localtime(float(value)).tm_year  # type: ignore[arg-type]
    except (OverflowError, OSError, ValueError):
        return False
    return 1 <= year <= 9999


def _is_exc_info(value: object) -> bool:
    """``None``, or the ``(type, value, traceback)`` tuple ``sys.exc_info()`` gives (``(None, None, None)`` too)."""
    if value is None:
        return True
    if type(value) is not tuple or len(value) != 3:
        return False
    kind, exc, _ = value
    if kind is None:
        return exc is None
    return isinstance(kind, type) and issubclass(kind, BaseException) and isinstance(exc, kind)


def _level_for(name: object) -> int:
    """The level number a level name stands for, or 0."""
    if isinstance(name, str):
        number = logging.getLevelName(name.upper())
        if isinstance(number, int):
            return number
    return 0


_TEXT_ATTRS: Final = ("name", "levelname", "pathname", "filename", "module")
_OPTIONAL_TEXT_ATTRS: Final = ("funcName", "exc_text", "stack_info")


def repair(record: logging.LogRecord) -> Optional[logging.LogRecord]:
    """A copy of ``record`` whose standard attributes every layout can write, or ``None`` if none needed repair.

    What was repaired is said in a ``prefixlog_error`` field (a free name:
    ``fields.prefixlog_error`` and so on if the record has one already).
    Attribute names that are not ``str`` move to the fields carrier, where
    every layout writes them as text.
    """
    attrs = dict(record.__dict__)
    problems: list[str] = []
    odd_keys = [key for key in attrs if type(key) is not str]
    if odd_keys:
        carried = attrs.get(FIELDS_ATTR)
        hidden: dict[Any, Any] = dict(carried) if isinstance(carried, dict) else {}
        if carried is not None and not isinstance(carried, dict):
            hidden[FIELDS_ATTR] = carried
        for key in odd_keys:
            hidden[key] = attrs.pop(key)
        attrs[FIELDS_ATTR] = hidden

    def bad(name: str, value: object, why: str, replacement: object) -> None:
        problems.append(f"{name}: {short_repr(value)} {why}")
        attrs[name] = replacement

    if not _is_time(attrs.get("created")):
        now = time.time()
        bad("created", attrs.get("created"), "is not a time; the time written is when it was formatted", now)
        attrs["msecs"] = (now - int(now)) * 1000
    if not _within(attrs.get("msecs"), 0, 1000):
        created = float(attrs["created"])
        attrs["msecs"] = (created - int(created)) * 1000
    if not _within(attrs.get("relativeCreated"), -1e15, 1e15):
        bad("relativeCreated", attrs.get("relativeCreated"), "is not a number of milliseconds", 0.0)
    levelno = attrs.get("levelno")
    if type(levelno) is not int:
        if isinstance(levelno, int) and not isinstance(levelno, bool):
            attrs["levelno"] = int.__int__(levelno)  # an IntEnum and the like
        else:
            bad("levelno", levelno, "is not a level number", _level_for(attrs.get("levelname")))
    if "msg" not in attrs:
        bad("msg", None, "was missing", "")
        problems[-1] = "msg: missing"
    if not _is_exc_info(attrs.get("exc_info")):
        bad("exc_info", attrs.get("exc_info"), "is not an exception", None)
    for name in _TEXT_ATTRS:
        value = attrs.get(name)
        if type(value) is not str:
            attrs[name] = "" if value is None else to_text(value)
    for name in _OPTIONAL_TEXT_ATTRS:
        value = attrs.get(name)
        if value is not None and type(value) is not str:
            attrs[name] = to_text(value)
    if type(attrs.get("lineno")) is not int:
        bad("lineno", attrs.get("lineno"), "is not a line number", 0)
    if not problems and not odd_keys:
        return None
    if problems:
        key = ERROR_KEY
        carrier = attrs.get(FIELDS_ATTR)
        taken = carrier if isinstance(carrier, dict) else {}
        while key in attrs or key in taken:
            key = CLASH_PREFIX + key
        attrs[key] = "; ".join(problems)
    copy = logging.LogRecord.__new__(type(record))
    copy.__dict__.update(attrs)
    return copy


def recover(
    layout: Callable[[logging.LogRecord], str],
    record: logging.LogRecord,
    error: Exception,
    last_resort: Callable[[logging.LogRecord, Exception], str],
) -> str:
    """What ``format()`` returns when ``layout(record)`` raised ``error``: the repaired record, or the last resort."""
    try:
        repaired = repair(record)
        if repaired is not None:
            return layout(repaired)
    except Exception:  # the second chance failed too: say why the first one did
        pass
    return last_resort(record, error)


def fallback_parts(record: logging.LogRecord, error: Exception) -> tuple[str, str, str]:
    """``(level, message, failure)`` for a formatter's last-resort line; never raises."""
    try:
        msg = message(record)
    except Exception:  # pragma: no cover - message() is total
        msg = "<unprintable message>"
    try:
        level = level_name(getattr(record, "levelno", 0), getattr(record, "levelname", "unknown"))
    except Exception:  # a level number or name that can't be read
        level = "unknown"
    try:
        failure = repr(error)
    except Exception as inner:
        failure = unprintable(error, inner)
    return level, msg, failure


def fallback_line(record: logging.LogRecord, error: Exception) -> str:
    """A last-resort logfmt line for a record a formatter failed on twice: level, message and the failure.

    Every formatter's ``format()`` returns this (or, for JSON, the same
    :func:`fallback_parts` as JSON) rather than raising, so logging never
    takes the application down and the message is not lost.
    """
    level, msg, failure = fallback_parts(record, error)
    return f"level={_bare_or_quoted(level)} msg={_bare_or_quoted(msg)} {ERROR_KEY}={go_quote(failure)}"


def _bare_or_quoted(text: str) -> str:
    return go_quote(text) if not text or needs_quoting_logrus(text) else text
