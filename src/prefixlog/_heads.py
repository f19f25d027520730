"""Plain-text heads: the level (and name, caller, time) a plain-text log line starts with.

:mod:`prefixlog._parse` reads lines that are JSON or logfmt records; this
module reads the lines that are neither but start with a head a well-known
logger writes, so that ``prefixlog run`` relays them at their own level and
``prefixlog pretty`` shows them as records:

==============  ===============================================  ==========================
dialect         example                                          head's fields
==============  ===============================================  ==========================
Python logging  ``WARNING:myapp.db:slow query``                  ``logger``
(``logging.BASIC_FORMAT``, ``%(levelname)s:%(name)s:%(message)s``)
uvicorn         ``INFO:     Started server process [123]``       (none)
klog / glog     ``I1201 13:20:19.123456   12345 file.go:28] m``  time, ``pid``, ``caller``
zap console     ``2021-07-04T15:26:26.123+0800\\tINFO\\tapp\\tapp/main.py:28\\tm\\t{"k": 1}``
                                                                 time, ``logger``, ``caller``, the JSON's keys
==============  ===============================================  ==========================

Matching is strict, so ordinary text is never taken for a head: the level
word must be one the logger writes, in its case (``INFO``, not ``Info``),
with the logger's exact separators (uvicorn pads the level to column 10;
Python's name has no white space; klog's date, time and caller are whole;
zap's columns are tab-separated and its first is a time or the level).
The logger name and caller go into the fields as ``logger`` and ``caller``
(zap's own JSON keys); klog's thread id (Go's klog writes the process id
there) as ``pid``.  klog writes no year: the line's time is taken in the
current year, or the year before when that would be more than a day ahead.
A klog message that is a quoted string followed by ``key=value`` pairs
(``klog.InfoS``) is unquoted and its pairs become fields.

Every search runs once over the line from where the last one stopped, so
reading a line takes time and memory linear in it, whatever it holds.
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime
from typing import Any, Final, Optional

from . import _parse  # module import: _parse imports this module in turn
from ._fields import CLASH_PREFIX
from ._levels import DEBUG, ERROR, FATAL, INFO, PANIC, TRACE, WARNING
from ._parse_logfmt import logfmt_fields

#: Python's level names (``logging.getLevelName``; TRACE and PANIC as prefixlog and uvicorn name them).
PYTHON_LEVELS: Final = {
    "TRACE": TRACE,
    "DEBUG": DEBUG,
    "INFO": INFO,
    "WARNING": WARNING,
    "ERROR": ERROR,
    "CRITICAL": FATAL,
    "PANIC": PANIC,
}
#: uvicorn's level prefix: ``LEVEL:`` padded with spaces so that the message starts at this column.
UVICORN_COLUMN: Final = 10
#: klog's severity letters.
KLOG_LEVELS: Final = {"I": INFO, "W": WARNING, "E": ERROR, "F": FATAL}
#: zap's level words (``CapitalLevelEncoder``; ``LowercaseLevelEncoder`` writes them in lower case).
#: ``DPANIC`` (a panic only in development) is an error.
ZAP_LEVELS: Final = {
    "DEBUG": DEBUG,
    "INFO": INFO,
    "WARN": WARNING,
    "ERROR": ERROR,
    "DPANIC": ERROR,
    "PANIC": PANIC,
    "FATAL": FATAL,
}
_ZAP_WORDS: Final = {**ZAP_LEVELS, **{word.lower(): level for word, level in ZAP_LEVELS.items()}}

_KLOG: Final = re.compile(
    r"([IWEF])(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{6}) +(\d+) ([^\s\]]+):(\d+)\](?: |$)", re.ASCII
)
#: zap's coloured level (``CapitalColorLevelEncoder``, ``LowercaseColorLevelEncoder``).
_ZAP_COLOR: Final = re.compile(r"\x1b\[\d{1,3}m([A-Za-z]{4,6})\x1b\[0m")
#: A caller as zap writes it (short ``dir/file.go:28`` or the full path): no white space, ``:line``.
_CALLER: Final = re.compile(r"\S+:\d+", re.ASCII)
#: A logger name: no white space.
_NAME: Final = re.compile(r"\S+")
#: A zap time column: Go's ``%v`` of a float (epoch encoders) or what :func:`parse_time` reads.
_FLOAT: Final = re.compile(r"-?\d+(?:\.\d+)?e[+-]\d+", re.ASCII)
_TIME_MAX: Final = 64
_DAY: Final = 86400


def parse_head(line: str) -> Optional[_parse.Parsed]:
    """The record a plain-text line's head makes of it, or ``None`` when it starts with no head we know."""
    if not line:
        return None
    first = line[0]
    if first in KLOG_LEVELS and "0" <= line[1:2] <= "9":
        return _klog(line, time.time())
    colon = line.find(":", 0, 9)
    if colon > 0 and line[:colon] in PYTHON_LEVELS:
        return _python(line, colon)
    tab = line.find("\t", 0, _TIME_MAX + 1)
    return _zap(line, tab) if tab >= 0 else None


def _python(line: str, colon: int) -> Optional[_parse.Parsed]:
    """``LEVEL:name:message`` (Python's default) or ``LEVEL:`` padded to column 10 (uvicorn)."""
    level = PYTHON_LEVELS[line[:colon]]
    start = colon + 1
    if line.startswith(" ", start):
        pad = max(UVICORN_COLUMN - start, 1)
        if line[start : start + pad] != " " * pad:
            return None
        return _parse.Parsed(level, line[start + pad :], None, {})
    end = line.find(":", start)
    name = line[start:end]
    if end < 0 or _NAME.fullmatch(name) is None:
        return None
    return _parse.Parsed(level, line[end + 1 :], None, {"logger": name})


def _klog(line: str, now: float) -> Optional[_parse.Parsed]:
    """``Lmmdd hh:mm:ss.uuuuuu threadid file:line] message``."""
    match = _KLOG.match(line)
    if match is None:
        return None
    letter, month, day, hour, minute, second, micros, pid, path, number = match.groups()
    created = _klog_time(now, *(int(part) for part in (month, day, hour, minute, second, micros)))
    if created is None:
        return None
    fields: dict[str, Any] = {"pid": int(pid), "caller": f"{path}:{number}"}
    message = line[match.end() :]
    if message.startswith('"'):  # klog.InfoS: "message" key="value" ...
        pairs = logfmt_fields("msg=" + message)
        if pairs is not None:
            message = pairs.pop("msg")
            _merge(fields, pairs)
    return _parse.Parsed(KLOG_LEVELS[letter], message, created, fields)


def _klog_time(now: float, month: int, day: int, hour: int, minute: int, second: int, micros: int) -> Optional[float]:
    """The local time of a klog head in this year, or the last when that is more than a day ahead."""
    year = time.localtime(now).tm_year
    for candidate in (year, year - 1):
        try:
            datetime(candidate, month, day, hour, minute, second)  # checks the ranges (and 29 February)
        except ValueError:
            continue
        seconds = time.mktime((candidate, month, day, hour, minute, second, 0, 0, -1)) + micros / 1e6
        if seconds <= now + _DAY:
            return seconds
    return None


def _zap(line: str, tab: int) -> Optional[_parse.Parsed]:
    """zap's console line: [time] level [name] [caller] message [{fields}], separated by tabs."""
    created = None
    level = _zap_level(line[:tab])
    if level is None:
        created = _zap_time(line[:tab])
        start = tab + 1
        tab = line.find("\t", start, start + 24)
        level = None if created is None or tab < 0 else _zap_level(line[start:tab])
        if level is None:
            return None
    rest = line[tab + 1 :]
    fields: dict[str, Any] = {}
    last = rest.rfind("\t")
    extra = _json_object(rest[last + 1 :]) if last >= 0 else None
    if extra is not None:
        rest = rest[:last]
    first = rest.find("\t")
    if first >= 0:
        second = rest.find("\t", first + 1)
        head = rest[:first]
        after = rest[first + 1 : second if second >= 0 else len(rest)]
        if _CALLER.fullmatch(head):
            fields["caller"] = head
            rest = rest[first + 1 :]
        elif _NAME.fullmatch(head):
            fields["logger"] = head
            rest = rest[first + 1 :]
            if second >= 0 and _CALLER.fullmatch(after):
                fields["caller"] = after
                rest = rest[second - first :]
    _merge(fields, extra or {})
    return _parse.Parsed(level, rest, created, fields)


def _zap_level(text: str) -> Optional[int]:
    if text.startswith("\x1b"):
        match = _ZAP_COLOR.fullmatch(text)
        text = "" if match is None else match.group(1)
    return _ZAP_WORDS.get(text)


def _zap_time(text: str) -> Optional[float]:
    if _FLOAT.fullmatch(text):
        return _parse.parse_time(float(text))
    return _parse.parse_time(text)


def _json_object(text: str) -> Optional[dict[str, Any]]:
    if not (text.startswith("{") and text.endswith("}")):
        return None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _merge(fields: dict[str, Any], more: dict[str, Any]) -> None:
    """Add ``more`` to ``fields``; a key the head set already is kept as ``fields.<key>``."""
    for key, value in more.items():
        fields[CLASH_PREFIX + key if key in fields else key] = value
