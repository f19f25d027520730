"""Record times as text: Go reference-time layouts and strftime strings.

A ``timestamp_format`` that contains ``%`` is a strftime string (``%Y-%m-%d``);
anything else is a Go layout (``2006-01-02T15:04:05Z07:00``), tokenised as Go's
``time.Format`` does.  Go layouts never need ``%``, so the rule is unambiguous.

Times are local (the process's ``TZ``), as logrus's are.  ``record.created``
is first taken to the nearest microsecond, because the float is often a hair
below the true instant; Go's fractional seconds are then truncated, not
rounded.  Everything that depends only on the whole second is cached for that
second, so most records only pay for the fraction.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Final, Union

RFC3339: Final = "2006-01-02T15:04:05Z07:00"

_MONTHS: Final = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_DAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# One element of a compiled layout: literal text, a per-second renderer, or a
# fraction (number of digits, trim trailing zeros, separator).
_SecondPart = Callable[[time.struct_time], str]
_Frac = tuple[int, bool, str]
_Part = Union[str, _SecondPart, _Frac]


def _zone(kind: str) -> _SecondPart:
    """A renderer for one of Go's numeric zone tokens (``Z07:00``, ``-0700`` …)."""
    iso = kind.startswith("Z")
    colon = ":" in kind
    short = kind in ("Z07", "-07")
    seconds = kind in ("Z070000", "Z07:00:00", "-070000", "-07:00:00")

    def render(tm: time.struct_time) -> str:
        offset = tm.tm_gmtoff or 0
        if iso and offset == 0:
            return "Z"
        sign = "-" if offset < 0 else "+"
        offset = abs(offset)
        text = f"{sign}{offset // 3600:02d}"
        if not short:
            text += (":" if colon else "") + f"{offset // 60 % 60:02d}"
        if seconds:
            text += (":" if colon else "") + f"{offset % 60:02d}"
        return text

    return render


def _zone_name(tm: time.struct_time) -> str:
    name = tm.tm_zone
    if name:
        return name
    return _zone("-0700")(tm)


def _hour12(tm: time.struct_time) -> int:
    return tm.tm_hour % 12 or 12


# Go's std chunks, longest first where one is a prefix of another.
_TOKENS: Final[dict[str, _SecondPart]] = {
    "January": lambda tm: _MONTHS[tm.tm_mon - 1],
    "Jan": lambda tm: _MONTHS[tm.tm_mon - 1][:3],
    "Monday": lambda tm: _DAYS[tm.tm_wday],
    "Mon": lambda tm: _DAYS[tm.tm_wday][:3],
    "MST": _zone_name,
    "2006": lambda tm: f"{tm.tm_year:04d}",
    "06": lambda tm: f"{tm.tm_year % 100:02d}",
    "01": lambda tm: f"{tm.tm_mon:02d}",
    "1": lambda tm: str(tm.tm_mon),
    "02": lambda tm: f"{tm.tm_mday:02d}",
    "_2": lambda tm: f"{tm.tm_mday:>2d}",
    "2": lambda tm: str(tm.tm_mday),
    "002": lambda tm: f"{tm.tm_yday:03d}",
    "__2": lambda tm: f"{tm.tm_yday:>3d}",
    "15": lambda tm: f"{tm.tm_hour:02d}",
    "3": lambda tm: str(_hour12(tm)),
    "03": lambda tm: f"{_hour12(tm):02d}",
    "04": lambda tm: f"{tm.tm_min:02d}",
    "4": lambda tm: str(tm.tm_min),
    "05": lambda tm: f"{tm.tm_sec:02d}",
    "5": lambda tm: str(tm.tm_sec),
    "PM": lambda tm: "PM" if tm.tm_hour >= 12 else "AM",
    "pm": lambda tm: "pm" if tm.tm_hour >= 12 else "am",
    **{z: _zone(z) for z in ("Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07")},
    **{z: _zone(z) for z in ("-070000", "-07:00:00", "-0700", "-07:00", "-07")},
}


def _next_chunk(layout: str, i: int) -> tuple[str, int] | None:
    """The Go std chunk that starts at ``layout[i]``, as ``time.nextStdChunk`` finds it."""
    rest = layout[i:]
    c = rest[0]
    if c == "J" and rest.startswith("Jan"):
        if rest.startswith("January"):
            return "January", 7
        if not rest[3:4].islower() or not rest[3:4].isascii():
            return "Jan", 3
    elif c == "M":
        if rest.startswith("Monday"):
            return "Monday", 6
        if rest.startswith("Mon") and (not rest[3:4].islower() or not rest[3:4].isascii()):
            return "Mon", 3
        if rest.startswith("MST"):
            return "MST", 3
    elif c == "0":
        if rest[1:2] in ("1", "2", "3", "4", "5", "6"):
            return rest[:2], 2
        if rest.startswith("002"):
            return "002", 3
    elif c == "1":
        return ("15", 2) if rest.startswith("15") else ("1", 1)
    elif c == "2":
        return ("2006", 4) if rest.startswith("2006") else ("2", 1)
    elif c == "_":
        if rest.startswith("_2"):
            return ("_2", 2) if not rest.startswith("_2006") else None
        if rest.startswith("__2"):
            return "__2", 3
    elif c in "345":
        return c, 1
    elif c == "P" and rest.startswith("PM"):
        return "PM", 2
    elif c == "p" and rest.startswith("pm"):
        return "pm", 2
    elif c in "-Z":
        for zone in (c + "070000", c + "07:00:00", c + "0700", c + "07:00", c + "07"):
            if rest.startswith(zone):
                return zone, len(zone)
    return None


def compile_go_layout(layout: str) -> list[_Part]:
    """Split a Go layout into literal text, per-second renderers and fractions."""
    parts: list[_Part] = []
    literal: list[str] = []
    i = 0
    while i < len(layout):
        c = layout[i]
        if c == "_" and layout.startswith("_2006", i):
            # Go: "_2006" is a literal "_" followed by the year.
            literal.append("_")
            i += 1
            continue
        if c in ".," and layout[i + 1 : i + 2] in ("0", "9"):
            digit = layout[i + 1]
            j = i + 1
            while j < len(layout) and layout[j] == digit:
                j += 1
            if not layout[j : j + 1].isdigit():
                if literal:
                    parts.append("".join(literal))
                    literal = []
                parts.append((j - i - 1, digit == "9", c))
                i = j
                continue
        chunk = _next_chunk(layout, i)
        if chunk is None:
            literal.append(c)
            i += 1
            continue
        if literal:
            parts.append("".join(literal))
            literal = []
        name, width = chunk
        parts.append(_TOKENS[name])
        i += width
    if literal:
        parts.append("".join(literal))
    return parts


def _fraction(usec: int, digits: int, trim: bool, separator: str) -> str:
    text = f"{usec:06d}000"[: min(digits, 9)]
    if trim:
        text = text.rstrip("0")
        if not text:
            return ""
    return separator + text


def _single_fraction(parts: list[_Part]) -> tuple[tuple[str, ...], str, int, _Frac] | None:
    """For a layout with exactly one fraction: ``(table, digits, scale, fraction)``, else ``None``.

    A fraction of a fixed number of digits (``.000``: Go truncates, and pads
    past the microsecond with zeros) is ``table[usec // scale]`` when it
    shows at most milliseconds, else ``digits % (usec // scale)``; a trimmed
    one (``.999``) has neither and is written by :func:`_fraction`.
    """
    fractions = [part for part in parts if isinstance(part, tuple)]
    if len(fractions) != 1:
        return None
    count, trim, _ = fraction = fractions[0]
    if trim:
        return (), "", 1, fraction
    shown = min(count, 6)  # the digits a microsecond has; Go writes at most 9
    digits = f"%0{shown}d" + "0" * (min(count, 9) - shown)
    table = _digit_table(digits, shown) if shown <= 3 else ()
    return table, digits, 10 ** (6 - shown), fraction


@functools.cache  # at most 3 tables: 1, 2 or 3 digits shown
def _digit_table(digits: str, shown: int) -> tuple[str, ...]:
    """Every fraction of ``shown`` digits, formatted by ``digits``."""
    return tuple(digits % value for value in range(10**shown))


#: A converter: POSIX seconds to the broken-down time, as ``time.localtime`` (``logging.Formatter.converter``).
Converter = Callable[[float], time.struct_time]


class TimeFormat:
    """A compiled ``timestamp_format``: call it with ``record.created``.

    ``wrap`` post-processes the text (a formatter's ``time="..."`` pair, say);
    it is applied once per second when the layout has no fraction.
    ``converter`` breaks the seconds down: ``time.localtime`` (the default),
    ``time.gmtime`` (UTC), or :func:`zone_converter` of a time zone.
    """

    __slots__ = ("_cache", "_has_frac", "_last", "_one", "_parts", "_split", "_strftime", "converter", "source", "wrap")

    def __init__(
        self, layout: str, wrap: Callable[[str], str] | None = None, *, converter: Converter = time.localtime
    ) -> None:
        self.source = layout or RFC3339
        self.wrap = wrap
        self.converter = utc if converter is time.gmtime else converter
        self._strftime = "%" in self.source
        self._parts: list[_Part] = [] if self._strftime else compile_go_layout(self.source)
        if self._strftime:
            self._has_frac = "%f" in self.source
        else:
            self._has_frac = any(isinstance(p, tuple) for p in self._parts)
        self._cache: tuple[int, list[str | _Frac]] = (-(2**63), [])
        self._last: tuple[int, str] = (-(2**63), "")  # (second, text) of the last time without a fraction
        self._one = None if self._strftime else _single_fraction(self._parts)
        self._split: tuple[int, str, str] = (-(2**63), "", "")  # (second, text before, text after the fraction)

    def __repr__(self) -> str:
        return f"TimeFormat({self.source!r})"

    def wrapped(self, wrap: Callable[[str], str]) -> TimeFormat:
        """The same format, its text passed through ``wrap`` (cached per second too)."""
        return TimeFormat(self.source, wrap, converter=self.converter)

    def in_zone(self, converter: Converter) -> TimeFormat:
        """The same format with another converter (``time.gmtime``: UTC, where ``Z07:00`` prints ``Z``)."""
        return TimeFormat(self.source, self.wrap, converter=converter)

    def _per_second(self, second: int) -> list[str | _Frac]:
        if self._strftime:
            text = self._strftime_text(second, 0)
            return [self.wrap(text) if self.wrap and not self._has_frac else text]
        tm = self.converter(second)
        out: list[str | _Frac] = []
        for part in self._parts:
            if isinstance(part, str):
                text = part
            elif isinstance(part, tuple):
                out.append(part)
                continue
            else:
                text = part(tm)
            if out and isinstance(out[-1], str):
                out[-1] += text
            else:
                out.append(text)
        if self.wrap is not None and not self._has_frac:
            out = [self.wrap("".join(out))]  # type: ignore[arg-type]
        return out

    def _split_second(self, second: int) -> tuple[int, str, str]:
        """The second's text before and after the layout's one fraction (its separator before, unless trimmed)."""
        before: list[str] = []
        after: list[str] = []
        side = before
        for piece in self._per_second(second):
            if isinstance(piece, tuple):
                side = after
            else:
                side.append(piece)
        assert self._one is not None
        if self._one[1]:  # a fixed number of digits: the separator is always written
            before.append(self._one[3][2])
        return second, "".join(before), "".join(after)

    def _strftime_text(self, second: int, usec: int) -> str:
        tm = self.converter(second)
        zone = timezone(timedelta(seconds=tm.tm_gmtoff or 0), tm.tm_zone)
        moment = datetime(*tm[:6], usec, tzinfo=zone)
        return moment.strftime(self.source)

    def format_struct(self, tm: time.struct_time, usec: int = 0) -> str:
        """Format a broken-down time given as it is (fields, ``tm_zone``, ``tm_gmtoff``), with ``usec`` microseconds.

        For a time that is no instant of the converter's zone, such as what
        Go's ``time.Parse`` gives back for a layout without a date or zone.
        ``wrap`` is not applied.
        """
        if self._strftime:
            zone = timezone(timedelta(seconds=tm.tm_gmtoff or 0), tm.tm_zone)
            return datetime(*tm[:6], usec, tzinfo=zone).strftime(self.source)
        return "".join(
            p if isinstance(p, str) else _fraction(usec, *p) if isinstance(p, tuple) else p(tm) for p in self._parts
        )

    def __call__(self, created: float) -> str:
        """Format a POSIX timestamp (``record.created``) in local time."""
        one = self._one
        if one is not None:  # a Go layout with one fraction: the second's text, cached, around the digits
            second, usec = divmod(round(created * 1_000_000), 1_000_000)
            split = self._split
            if split[0] != second:
                split = self._split = self._split_second(second)
            table, digits, scale, fraction = one
            if table:
                text = split[1] + table[usec // scale] + split[2]
            else:
                text = split[1] + (digits % (usec // scale) if digits else _fraction(usec, *fraction)) + split[2]
            return text if self.wrap is None else self.wrap(text)
        if not self._has_frac:
            # The common case: a layout without a fraction, in the second of the last record.  Away
            # from the second's last microsecond, int() gives the second the rounding below would.
            second = int(created)
            last = self._last
            if second == last[0] and 0.0 <= created - second < 0.999999:
                return last[1]
        second, usec = divmod(round(created * 1_000_000), 1_000_000)
        cache = self._cache
        if cache[0] != second:
            cache = (second, self._per_second(second))
            self._cache = cache
        pieces = cache[1]
        if not self._has_frac:
            whole: str = pieces[0] if pieces else ""  # type: ignore[assignment]
            self._last = (second, whole)
            return whole
        if self._strftime:
            text = self._strftime_text(second, usec)
        else:
            text = "".join(p if isinstance(p, str) else _fraction(usec, *p) for p in pieces)
        return text if self.wrap is None else self.wrap(text)

    #: ``text(created)`` is ``self(created)``, a plain method call: quicker than calling the object.
    text = __call__


class Elapsed:
    """``[NNNN]``: whole seconds since the program started, from ``record.relativeCreated``.

    logrus and x-cray show it instead of the time.  ``wrap`` post-processes
    the text (x-cray paints it); the result is kept for the second it shows.
    """

    __slots__ = ("_last", "wrap")

    def __init__(self, wrap: Callable[[str], str] | None = None) -> None:
        self.wrap = wrap
        self._last: tuple[int, str] = (-1, "")

    def __call__(self, relative_ms: float) -> str:
        seconds = int(relative_ms // 1000)
        last = self._last
        if last[0] != seconds:
            text = f"[{seconds:04d}]"
            last = (seconds, text if self.wrap is None else self.wrap(text))
            self._last = last
        return last[1]


def utc(seconds: float | None = None) -> time.struct_time:
    """``time.gmtime`` named as Go names it: ``UTC`` (glibc's ``gmtime`` says ``GMT``)."""
    tm = time.gmtime(seconds)
    return time.struct_time(tuple(tm)[:9], {"tm_zone": "UTC", "tm_gmtoff": 0})


def zone_converter(zone: tzinfo) -> Converter:
    """A converter for ``zone``: the broken-down time there, with its offset and abbreviation.

    (``tm_gmtoff`` and ``tm_zone``, which the layouts' zone tokens print.)
    """
    if zone is timezone.utc:
        return utc

    def convert(seconds: float) -> time.struct_time:
        moment = datetime.fromtimestamp(seconds, zone)
        offset = moment.utcoffset()
        fields = (*moment.timetuple()[:8], -1 if moment.dst() is None else int(bool(moment.dst())))
        extra = {"tm_zone": moment.tzname(), "tm_gmtoff": 0 if offset is None else int(offset.total_seconds())}
        return time.struct_time(fields, extra)  # CPython takes the zone fields this way

    return convert
