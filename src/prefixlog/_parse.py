"""Reading log records back: one logfmt or JSON line to its level, message, time and fields.

Used by ``prefixlog pretty`` (shipped logs made readable again) and by
``prefixlog run`` (a child's line that is already a record is relayed as that
record, not wrapped twice).  The reader is tolerant where that can't mislead
(runs of spaces, ``'``- and backtick-quoted values, unknown escapes kept as
they are) and strict where it could (a line with a word that is not
``key=value``, or an unterminated quote, is not logfmt).

A line is a record when it is a JSON object, or logfmt, that has one of the
level keys below with a level name we know, or one of the message keys.
Keys are looked up in order; the first present with a usable value wins and
every other key stays a field:

=========  ==========================================================
level      ``level``, ``levelname``, ``severity``, ``log.level``, ``status``, ``@level``
message    ``msg``, ``message``, ``@message``
time       ``time``, ``@timestamp``, ``timestamp``, ``asctime``, ``ts``
=========  ==========================================================

That covers logrus and prefixlog (logfmt and JSON), python-json-logger's
default names, and the ECS, GCP and Datadog names.  Logfmt values are
strings; JSON values keep their types.
"""

from __future__ import annotations

import calendar
import functools
import json
import logging
import math
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Optional

from ._fields import split_fields
from ._levels import ERROR, FATAL, INFO, LEVELS_BY_NAME, PANIC

LEVEL_KEYS: Final = ("level", "levelname", "severity", "log.level", "status", "@level")
MESSAGE_KEYS: Final = ("msg", "message", "@message")
TIME_KEYS: Final = ("time", "@timestamp", "timestamp", "asctime", "ts")

#: Level names beyond logrus's: syslog's, GCP's and Datadog's (``notice`` has no logrus level).
_MORE_LEVELS: Final = {
    "err": ERROR,
    "crit": FATAL,
    "notice": INFO,
    "informational": INFO,
    "alert": PANIC,
    "emerg": PANIC,
    "emergency": PANIC,
}
_LEVELS: Final = {**LEVELS_BY_NAME, **_MORE_LEVELS}

_SIMPLE_ESCAPES: Final = {
    "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
    "\\": "\\", '"': '"', "'": "'", "`": "`",
}  # fmt: skip
_QUOTES: Final = "\"'`"
_HEX_DIGITS: Final = "0123456789abcdefABCDEF"
_ESCAPE: Final = re.compile(r"\\(?:[abfnrtv\\\"'`]|x[0-9a-fA-F]{2}|[0-3][0-7]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_TIME: Final = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|z|UTC|[+-]\d\d(?::?\d\d)?)?"
)
_NUMBER: Final = re.compile(r"-?\d+(?:\.\d+)?")
_YEAR_10000: Final = 253402300800  # 10000-01-01T00:00:00Z
#: Ints longer than this (about 1.2e21) are no time: year 9999 is 2.5e20 as nanoseconds.
_EPOCH_BITS: Final = 70
#: Texts longer than this are no time (RFC 3339 with nanoseconds and a zone is 35 characters).
_TIME_TEXT_MAX: Final = 64


@dataclass
class Parsed:
    """What a line said: level (``None``: no level named), message, time (``None``: none read), fields."""

    level: Optional[int]
    message: str
    created: Optional[float]
    fields: dict[str, Any] = field(default_factory=dict)


def level_number(value: object) -> Optional[int]:
    """The level number for a level name in any case (``info``, ``WARNING``, ``warn``, ``err`` …); else ``None``."""
    if not isinstance(value, str):
        return None
    return _LEVELS.get(value.strip().lower())


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
    seconds = _parse_time(value)
    if seconds is None or not 0 <= seconds < _YEAR_10000:
        return None
    return seconds


def _parse_time(value: object) -> Optional[float]:
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
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction = float("0." + match.group(7)[:9]) if match.group(7) else 0.0
    zone = match.group(8)
    try:
        datetime(year, month, day, hour, minute, min(second, 59))  # checks the ranges
        fields = (year, month, day, hour, minute, second, 0, 0, -1)
        if zone is None:
            return time.mktime(fields) + fraction
        offset = 0
        if zone not in ("Z", "z", "UTC"):
            digits = zone[1:].replace(":", "")
            offset = int(digits[:2]) * 3600 + int(digits[2:4] or 0) * 60
            offset = -offset if zone[0] == "-" else offset
        return calendar.timegm(fields) - offset + fraction
    except (ValueError, OverflowError):
        return None


# -- logfmt ----------------------------------------------------------------------


def _unquote(text: str) -> str:
    """Undo Go's ``%q`` (any of the three quote characters); unknown escapes stay as they are.

    One ``re.sub`` pass: each escape becomes its character; ``\\xNN`` and
    octal bytes of 0x80 and above become ``surrogateescape`` characters, so
    that one encode and decode assembles them (with their neighbours) into
    UTF-8 and makes invalid bytes U+FFFD.  A lone surrogate in ``text`` (or
    named by ``\\u``) is U+FFFD three times, as its three UTF-8-ish bytes are.
    """
    if "\\" not in text:
        return text
    if _SURROGATE.search(text) is not None:
        text = _SURROGATE.sub("\ufffd\ufffd\ufffd", text)
    out = _ESCAPE.sub(_escaped, text)
    if _SURROGATE.search(out) is None:
        return out
    return out.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _escaped(match: re.Match[str]) -> str:
    escape = match.group()
    known = _ESCAPED.get(escape)
    return _code_point(escape) if known is None else known


@functools.lru_cache(maxsize=1024)
def _code_point(escape: str) -> str:
    """The text of ``\\uXXXX`` or ``\\UXXXXXXXX`` (cached: a run of one escape shares one string)."""
    code = min(int(escape[2:], 16), 0x10FFFF)
    return "\ufffd\ufffd\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)


def _byte_char(byte: int) -> str:
    """A byte as one character: ASCII as itself, 0x80 and above as its ``surrogateescape`` character."""
    return chr(byte) if byte < 0x80 else chr(0xDC00 + byte)


#: The text of every escape but ``\\u``/``\\U``: simple ones, ``\\xNN`` (any case) and octal ``\\NNN``.
_ESCAPED: Final = {
    **{"\\" + kind: char for kind, char in _SIMPLE_ESCAPES.items()},
    **{f"\\x{hi}{lo}": _byte_char(int(hi + lo, 16)) for hi in _HEX_DIGITS for lo in _HEX_DIGITS},
    **{f"\\{code:03o}": _byte_char(code) for code in range(256)},
}


class _NotLogfmtError(Exception):
    """Raised by :func:`_pairs` when the line turns out not to be logfmt."""


def read_logfmt(line: str) -> Optional[list[tuple[str, str]]]:
    """The ``key=value`` pairs of a logfmt line, in order; ``None`` if it is not logfmt.

    A key is any text without space, ``=`` or ``"`` (go-logfmt's rule: so
    ``it's=1``, which TextFormatter writes raw, reads back); a value is
    bare (up to the next space) or quoted with ``"``, ``'`` or a backtick.
    """
    try:
        return list(_pairs(line)) or None
    except _NotLogfmtError:
        return None


def _pairs(line: str) -> Iterator[tuple[str, str]]:
    """The pairs of :func:`read_logfmt` one by one (no list of them is kept); raises :class:`_NotLogfmtError`.

    Time linear in the line: each search starts where the last one ended.
    """
    i = 0
    end = len(line)
    while True:
        while i < end and line[i] == " ":
            i += 1
        if i == end:
            return
        eq = line.find("=", i)
        space = line.find(" ", i, eq)  # bounded by the key: a long value is not searched twice
        if eq <= i or space >= 0 or line.find('"', i, eq) >= 0:
            raise _NotLogfmtError
        key = line[i:eq]
        i = eq + 1
        if i < end and line[i] in _QUOTES:
            close = _closing_quote(line, i)
            if close < 0 or (close + 1 < end and line[close + 1] != " "):
                raise _NotLogfmtError
            value = _unquote(line[i + 1 : close])
            i = close + 1
        else:
            j = line.find(" ", i)
            j = end if j < 0 else j
            value = line[i:j]
            i = j
        yield key, value


def _closing_quote(line: str, start: int) -> int:
    """The index of the quote that closes the one at ``start``, or -1.

    A quote closes when an even number of backslashes precedes it.  They are
    counted back from the quote, in the text since the previous candidate
    (which is not a backslash), so each part of the line is looked at a
    bounded number of times however many escaped quotes it holds.
    """
    quote = line[start]
    searched = start + 1
    while True:
        found = line.find(quote, searched)
        if found < 0:
            return -1
        if line[found - 1] != "\\":
            return found
        gap = line[searched:found]
        if (len(gap) - len(gap.rstrip("\\"))) % 2 == 0:
            return found
        searched = found + 1


# -- records ---------------------------------------------------------------------


def _take(data: dict[str, Any], keys: tuple[str, ...], convert: Any) -> Any:
    """The converted value of the first key in ``keys`` that converts; that key leaves ``data``."""
    for key in keys:
        if key in data:
            value = convert(data[key])
            if value is not None:
                del data[key]
                return value
    return None


def _message(value: object) -> Optional[str]:
    return value if isinstance(value, str) else None


def from_mapping(data: Mapping[str, Any]) -> Optional[Parsed]:
    """A record from a decoded line's keys, or ``None`` if it names neither a level nor a message."""
    fields = dict(data)
    level = _take(fields, LEVEL_KEYS, level_number)
    message = _take(fields, MESSAGE_KEYS, _message)
    if level is None and message is None:
        return None
    created = _take(fields, TIME_KEYS, parse_time)
    return Parsed(level, message or "", created, fields)


def parse_line(line: str) -> Optional[Parsed]:
    """The record a logfmt or JSON line holds, or ``None`` when it holds none (see the module doc)."""
    text = line.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return None
        return from_mapping(data) if isinstance(data, dict) else None
    if "=" not in text:
        return None
    fields = _logfmt_fields(text)
    return None if fields is None else from_mapping(fields)


def _logfmt_fields(line: str) -> Optional[dict[str, str]]:
    """A logfmt line's pairs as a dict, a repeated key renamed so that no value is lost or overwritten.

    The first ``a`` keeps its key; the second is ``fields.a`` (how x-cray
    writes a user ``time`` field again), the n-th ``fields.a.<n>`` from the
    third on (``fields.a.3``, ``fields.a.4`` …).  A name the line uses
    itself, or one given already, is skipped by counting on.  Linear: each
    key's count only goes up, and a name can stop at most two counts (the
    name ``fields.a.3`` is ``a``'s third and ``a.3``'s second).  Only when a
    key repeats is the line read a second time, for the ``fields.`` names
    it uses further on.
    """
    out: dict[str, str] = {}
    used: Optional[set[str]] = None
    counts: dict[str, int] = {}
    try:
        for key, value in _pairs(line):
            if key not in out:
                out[key] = value
                continue
            if used is None:
                used = {k for k, _ in _pairs(line) if k.startswith("fields.")} if "fields." in line else set()
            n = counts.get(key, 1)
            while True:
                n += 1
                name = "fields." + key if n == 2 else f"fields.{key}.{n}"
                if name not in used and name not in out:
                    break
            counts[key] = n
            out[name] = value
    except _NotLogfmtError:
        return None
    return out or None


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

    ``more`` adds fields the line lacks (the line's own win).  The caller is
    ``pathname`` and ``func`` (line 0): the record comes from another program.
    See :func:`set_created` for the time.
    """
    level = default_level if parsed.level is None else parsed.level
    record = logging.getLogRecordFactory()(name, level, pathname, 0, parsed.message, None, None, func)
    fields = dict(parsed.fields)
    for key, value in (more or {}).items():
        fields.setdefault(key, value)
    record.__dict__.update(split_fields(fields))
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
