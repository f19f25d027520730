"""zerolog's times (``TimeFieldFormat``) and its ``ConsoleWriter`` (v1.26.1), for ``ZerologFormatter``.

:class:`FieldTime` writes the ``time`` field as zerolog does and knows what
``ConsoleWriter`` reads back from it.  :class:`ConsoleWriter` decodes the
JSON line as the real one does (a map: the last value of a repeated key
wins; numbers kept as their text) and renders time, level, caller, message
and the fields (sorted, ``error`` first).  Unlike zerolog it keeps the
terminal safety rules: the message's control characters are escaped and its
further lines indented, and keys and re-encoded values are escaped.
"""

from __future__ import annotations

import os
import posixpath
import re
import time
from datetime import datetime
from typing import Any, Final, Optional

from ._cache import BoundedCache
from ._escape import go_quote, terminal_escape
from ._jsonwrite import RawNumber, go_json_text
from ._record import INDENT, terminal_lines
from ._time import Converter, TimeFormat, _next_chunk, utc

_MISSING: Final = object()

#: Each option name of zerolog's UNIX formats, and the nanoseconds of its unit.
_UNIX_UNITS: Final = {"UNIX": 1_000_000_000, "UNIXMS": 1_000_000, "UNIXMICRO": 1_000}
_INT64: Final = re.compile(r"-?[0-9]+")
_EPOCH_ORDINAL: Final = datetime(1970, 1, 1).toordinal()


def _layout_tokens(layout: str) -> tuple[set[str], int]:
    """The std chunks of a Go layout (``2006``, ``Jan``, ``Z07:00`` …) and its fraction's digits (0: none)."""
    tokens: set[str] = set()
    digits = 0
    i = 0
    while i < len(layout):
        c = layout[i]
        if c in ".," and layout[i + 1 : i + 2] in ("0", "9"):
            j = i + 1
            while j < len(layout) and layout[j] == layout[i + 1]:
                j += 1
            if not layout[j : j + 1].isdigit():
                digits = max(digits, j - i - 1)
                i = j
                continue
        chunk = None if layout.startswith("_2006", i) else _next_chunk(layout, i)
        if chunk is None:
            i += 1
            continue
        tokens.add(chunk[0])
        i += chunk[1]
    return tokens, digits


class FieldTime:
    """zerolog's ``TimeFieldFormat``: the JSON of a time, and the time ``ConsoleWriter`` parses back from it."""

    __slots__ = ("converter", "digits", "format", "tokens", "unix")

    def __init__(self, spec: str, converter: Converter) -> None:
        self.unix: Optional[int] = _UNIX_UNITS.get(spec)
        self.converter = converter
        self.format = TimeFormat(spec, converter=converter) if self.unix is None else None
        self.tokens, self.digits = _layout_tokens(spec) if self.unix is None else (set(), 0)

    def unix_text(self, nanoseconds: int) -> str:
        """``t.Unix()`` (floored), ``t.UnixNano()/1e6`` or ``/1e3`` (truncated toward zero)."""
        unit = self.unix or 1
        if unit == 1_000_000_000:
            return str(nanoseconds // unit)
        whole = abs(nanoseconds) // unit
        return str(-whole if nanoseconds < 0 else whole)

    def record(self, created: float) -> str:
        """The ``time`` field's JSON for ``record.created``."""
        if self.unix is not None:
            return self.unix_text(round(created * 1_000_000) * 1_000)
        assert self.format is not None
        return '"' + self.format.text(created) + '"'  # layouts hold no character JSON escapes (checked when made)

    def record_value(self, created: float) -> Any:
        """The ``time`` field as ``ConsoleWriter`` decodes it: the text, or the number's text."""
        if self.unix is not None:
            return RawNumber(self.record(created))
        assert self.format is not None
        return self.format.text(created)

    def parsed(self, created: float) -> tuple[time.struct_time, int]:
        """What ``time.Parse(TimeFieldFormat, …)`` gives back for the record's time: fields and microseconds."""
        second, usec = divmod(round(created * 1_000_000), 1_000_000)
        tm = self.converter(second)
        tokens = self.tokens
        year = 0
        if "2006" in tokens:
            year = tm.tm_year
        elif "06" in tokens:
            year = tm.tm_year % 100 + (1900 if tm.tm_year % 100 >= 69 else 2000)
        month = tm.tm_mon if tokens & {"January", "Jan", "01", "1"} else 1
        day = tm.tm_mday if tokens & {"02", "_2", "2"} else 1
        if day == 1 and month == 1 and tokens & {"002", "__2"}:
            month, day = tm.tm_mon, tm.tm_mday
        hour = 0
        if "15" in tokens:
            hour = tm.tm_hour
        elif tokens & {"3", "03"}:
            hour = tm.tm_hour if tokens & {"PM", "pm"} else (tm.tm_hour % 12 or 12)
        minute = tm.tm_min if tokens & {"04", "4"} else 0
        sec = tm.tm_sec if tokens & {"05", "5"} else 0
        usec = usec // 10 ** max(6 - self.digits, 0) * 10 ** max(6 - self.digits, 0) if self.digits else 0
        calendar = datetime(2000 + year % 400, month, day)  # year 0 and 2000 share a calendar (400-year cycle)
        wall = (year, month, day, hour, minute, sec, calendar.weekday(), calendar.timetuple().tm_yday, -1)
        numeric = [t for t in tokens if t[0] in "Z-" and t[1:2] == "0"]
        if not numeric and "MST" not in tokens:
            return time.struct_time(wall, {"tm_zone": "UTC", "tm_gmtoff": 0}), usec
        offset = tm.tm_gmtoff or 0
        if numeric and min(len(t) for t in numeric) <= 3:  # Z07, -07: whole hours (toward zero)
            offset = int(offset / 3600) * 3600
        if numeric and offset == 0 and any(t[0] == "Z" for t in numeric):
            return time.struct_time(wall, {"tm_zone": "UTC", "tm_gmtoff": 0}), usec  # "Z" parses as UTC
        name = (tm.tm_zone or "") if "MST" in tokens else ""
        if name == "UTC":
            return time.struct_time(wall, {"tm_zone": "UTC", "tm_gmtoff": 0}), usec
        # Go takes time.Local when its zone at that instant has this offset (and name), or for a zone
        # name alone, and formats the time there again; else a zone of its own with the offset.
        days = calendar.toordinal() + (year // 400 - 5) * 146_097 - _EPOCH_ORDINAL
        instant = days * 86_400 + hour * 3600 + minute * 60 + sec - offset
        try:
            local = self.converter(instant)
        except (ValueError, OverflowError, OSError):
            local = None
        matches = local is not None and local.tm_gmtoff == offset and (not name or local.tm_zone == name)
        if local is not None and (matches or not numeric):
            return local, usec
        return time.struct_time(wall, {"tm_zone": name, "tm_gmtoff": offset}), usec


# zerolog's colours: level words (error, fatal, panic bold around red), the time, the caller, keys.
_LEVELS: Final = {
    "trace": ("TRC", "\x1b[35m", ""),
    "debug": ("DBG", "\x1b[33m", ""),
    "info": ("INF", "\x1b[32m", ""),
    "warn": ("WRN", "\x1b[31m", ""),
    "error": ("ERR", "\x1b[31m", "\x1b[1m"),
    "fatal": ("FTL", "\x1b[31m", "\x1b[1m"),
    "panic": ("PNC", "\x1b[31m", "\x1b[1m"),
}
_UNKNOWN_LEVEL: Final = ("???", "", "\x1b[1m")
_OFF: Final = "\x1b[0m"
_OWN: Final = frozenset(("level", "time", "message", "caller"))
# ConsoleWriter's needsQuote: a byte < 0x20 or > 0x7e, a space, a backslash or a double quote.
_NEEDS_QUOTE: Final = re.compile(r'[^\x21-\x7e]|[\\"]').search
needs_quote: Final = _NEEDS_QUOTE
#: Field names whose line the plain path of ``ZerologFormatter`` leaves to :meth:`ConsoleWriter.write`.
SPECIAL_KEYS: Final = _OWN | {"error"}


def _paint(text: str, code: str, colored: bool) -> str:
    return f"{code}{text}{_OFF}" if colored else text


def go_sprint_s(value: Any) -> str:
    """Go's ``fmt.Sprintf("%s", v)`` of a value ``json.Decoder.UseNumber`` decoded."""
    if type(value) is str or type(value) is RawNumber:
        return str(value)
    if value is None:  # inside a map or slice (the writer never asks for a nil at the top)
        return "<nil>"
    if value is True or value is False:
        return f"%!s(bool={'true' if value else 'false'})"
    if type(value) is dict:
        return "map[" + " ".join(f"{k}:{go_sprint_s(value[k])}" for k in sorted(value)) + "]"
    if type(value) is list:
        return "[" + " ".join(go_sprint_s(v) for v in value) + "]"
    return str(value)


def go_clean(path: str) -> str:
    """Go's ``filepath.Clean`` (POSIX): lexical, ``//`` at the start is ``/`` too."""
    clean = posixpath.normpath(path)
    return "/" + clean.lstrip("/") if clean.startswith("//") else clean


def go_rel(base: str, target: str) -> Optional[str]:
    """Go's ``filepath.Rel(base, target)`` (POSIX), or ``None`` where Go returns an error."""
    base, target = go_clean(base), go_clean(target)
    if base == target:
        return "."
    if base == ".":
        base = ""
    if base.startswith("/") != target.startswith("/"):
        return None
    base_parts = base.lstrip("/").split("/") if base.lstrip("/") else []
    target_parts = target.lstrip("/").split("/") if target.lstrip("/") else []
    common = 0
    while common < len(base_parts) and common < len(target_parts) and base_parts[common] == target_parts[common]:
        common += 1
    if common < len(base_parts) and base_parts[common] == "..":
        return None
    return "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."


def go_getwd() -> str:
    """Go's ``os.Getwd``: ``$PWD`` when it names the working directory, else the real path."""
    real = os.getcwd()
    pwd = os.environ.get("PWD", "")
    if pwd.startswith("/") and pwd != real:
        try:
            if os.path.samefile(pwd, "."):
                return pwd
        except OSError:
            pass
    return real


class ConsoleWriter:
    """zerolog's ``ConsoleWriter`` over the JSON line ``ZerologFormatter`` makes; :meth:`write` renders one."""

    __slots__ = ("colored", "cwd", "display", "field_time", "heads", "last", "levels", "painted")

    def __init__(self, *, colored: bool, display: TimeFormat, field_time: FieldTime, cwd: Optional[str]) -> None:
        self.colored = colored
        self.display = display
        self.field_time = field_time
        self.cwd = cwd
        self.last: tuple[Any, str] = (None, "")  # the last time of our own (its text or number), and what it shows
        self.painted = ("", "")  # the last time shown, and as the line writes it
        self.heads = BoundedCache(lambda key: _paint(terminal_escape(key) + "=", "\x1b[36m", colored))
        self.levels = {word: self._level(word) for word in _LEVELS}

    def write(self, event: dict[str, Any], created: float) -> str:
        """The console line for the decoded JSON line ``event`` of a record made at ``created``."""
        fields = sorted(event)
        shown: list[str] = []
        if len(fields) > 1:
            if "error" in event:  # ConsoleWriter moves error first, and so loses a field named ""
                fields = ["error", *(k for k in fields if k and k != "error")]
            heads = self.heads
            for key in fields:
                if key in _OWN:
                    continue
                value = event[key]
                kind = type(value)  # the common values at once, as _field() writes them
                if key != "error" and (kind is RawNumber or (kind is str and not _NEEDS_QUOTE(value))):
                    shown += (" ", heads[key], value)
                else:
                    shown += (" ", self._field(key, value))
        msg = event.get("message")
        text = "" if msg is None else msg if type(msg) is str else go_sprint_s(msg)
        return self.line(event.get("time", _MISSING), created, event.get("level"), event.get("caller"), text, shown)

    def line(self, moment: Any, created: float, word: Any, caller: Any, text: str, fields: list[str]) -> str:
        """The line of a decoded event: its ``time``, ``level``, ``caller``, message and rendered fields."""
        colored = self.colored
        parts = []
        last = self.last
        when = last[1] if type(moment) is str is type(last[0]) and moment == last[0] else self._time(moment, created)
        if when:
            painted = self.painted
            if painted[0] != when:
                painted = self.painted = (when, _paint(when, "\x1b[90m", colored) + " ")
            parts.append(painted[1])
        level = self.levels.get(word) if type(word) is str else None
        if level is None:
            level = self._level(word)
        if level:
            parts.append(level + " ")
        if type(caller) is str and caller:
            rel = go_rel(self.cwd or go_getwd(), caller)
            shown = terminal_escape(caller if rel is None else rel)
            parts.append(_paint(shown, "\x1b[1m", colored) + _paint(" >", "\x1b[36m", colored) + " ")
        first, more = (text, []) if text.isprintable() else terminal_lines(text)  # one printable line: as it is
        parts.append(first)
        parts += fields
        if more:
            parts.append("".join(f"\n{INDENT}{terminal_escape(line)}" for line in more))
        return "".join(parts)

    def _time(self, value: Any, created: float) -> str:
        field_time = self.field_time
        try:
            if type(value) is str:
                last = self.last
                if value == last[0] and type(last[0]) is str:  # the same text of our own time shows the same
                    return last[1]
                if field_time.unix is None and value == field_time.record_value(created):  # ours: parsed back
                    shown = self.display.format_struct(*field_time.parsed(created))
                    self.last = (value, shown)
                    return shown
                return terminal_escape(value)  # zerolog prints a time it can't parse as it is
            if type(value) is RawNumber:
                last = self.last
                if value == last[0] and type(last[0]) is RawNumber:
                    return last[1]
                if not _INT64.fullmatch(value) or not -(2**63) <= int(value) < 2**63:
                    return str(value)
                unit = field_time.unix or 1_000_000_000
                second, nanos = divmod(int(value) * unit, 1_000_000_000)
                shown = self.display.format_struct(utc(second), nanos // 1000)
                self.last = (value, shown)
                return shown
        except (ValueError, OverflowError, OSError):
            return terminal_escape(str(value))
        return "<nil>"

    def _level(self, value: Any) -> str:
        colored = self.colored
        if type(value) is str or value is None:
            word, code, bold = _LEVELS.get(value, _UNKNOWN_LEVEL) if value is not None else _UNKNOWN_LEVEL
            text = _paint(word, code, colored) if code else word
            return _paint(text, bold, colored) if bold else text
        upper = go_sprint_s(value).upper().encode("utf-8", "surrogatepass")
        # Go slices three bytes (and panics on fewer: prefixlog writes what there is)
        return terminal_escape(upper[:3].decode("utf-8", "replace"))

    def _field(self, key: str, value: Any) -> str:
        head = self.heads[key]
        if type(value) is str:
            text = go_quote(value) if _NEEDS_QUOTE(value) else value
        elif type(value) is RawNumber:
            text = str(value)
        else:
            text = terminal_escape(go_json_text(value))
        if key == "error":
            text = _paint(text, "\x1b[31m", self.colored)
        return head + text
