"""zap's JSON encoder (``zapcore.NewJSONEncoder``, zap 1.23) for Python values, and its time encoders.

:class:`ZapJSON` writes field values, :class:`ZapTime` the record's time and
``datetime`` values by a ``TimeEncoder`` (:func:`time_encoder_kind` reads
its name); ``ZapFormatter`` (:mod:`prefixlog._zap`) puts them on a line.

Strings as zap escapes them (``\\\\`` ``\\"`` ``\\n`` ``\\r`` ``\\t``, other
controls ``\\u00XX``, everything else raw), ints in decimal, floats in Go's
``'f'`` layout (:func:`~prefixlog._gofmt.fixed_float`; NaN and the infinities
as the strings ``"NaN"``, ``"+Inf"``, ``"-Inf"``), ``None`` as ``null``, an
exception as ``str(exc)`` (``zap.NamedError``), a ``datetime`` and a
``timedelta`` by the configured time and duration encoders, a ``dict`` as a
nested object in its order (``zap.Object``), a list of ``str``, ``int``,
``float`` or ``bool`` as zap's array of that type; anything else as
``zap.Any`` writes it: text for what has none of these forms, else Go's
``encoding/json`` (``zap.Reflect``, HTML escaping off).

Two departures from zap, for the safety rules: U+0085, U+2028 and U+2029
are written as ``\\u`` escapes (zap writes them raw, and they break lines),
and with ``terminal`` DEL, the C1 controls and the bidirectional controls too
(the console layout, and JSON bound for a terminal).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone, tzinfo
from json.encoder import encode_basestring
from typing import Any, Final, Literal, Optional, Union

from ._cache import BoundedCache
from ._escape import terminal_escape
from ._gofmt import fixed_float, go_float, int_text, to_text
from ._gojson import MAX_DEPTH, prepare
from ._jsonwrite import Encoder, go_fixups, terminal_fixups
from ._options import check_choice, check_str
from ._time import RFC3339, TimeFormat, zone_converter
from ._values import go_duration, timedelta_nanoseconds

#: zap's ``DurationEncoder`` names (``UnmarshalText``): how a ``timedelta`` is written.
DURATION_ENCODERS: Final = ("seconds", "nanos", "ms", "string")
_NS_PER_MS: Final = 1_000_000

#: zap's ``TimeEncoder`` names (``TimeEncoder.UnmarshalText``'s, lower case) and the layout of each that has one.
_TIME_LAYOUTS: Final = {
    "iso8601": "2006-01-02T15:04:05.000Z0700",
    "rfc3339": RFC3339,
    "rfc3339nano": "2006-01-02T15:04:05.999999999Z07:00",
}
TIME_ENCODERS: Final = ("epoch", "millis", "nanos", *_TIME_LAYOUTS)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND: Final = 1_000_000
_ONE_MICROSECOND: Final = timedelta(microseconds=1)
_ZONES: Final = 64  # time zones of datetime fields whose layout is kept, at most

TimeEncoder = Union[
    Literal["epoch", "millis", "nanos", "iso8601", "rfc3339", "rfc3339nano"],
    Mapping[str, str],
]

_NON_FINITE: Final = {"NaN": '"NaN"', "+Inf": '"+Inf"', "-Inf": '"-Inf"'}


def zap_float(value: float) -> str:
    """A float as zap's JSON encoder writes it (``AppendFloat64``): ``'f'`` layout, non-finite values quoted."""
    text = fixed_float(value)
    return _NON_FINITE.get(text, text)


class ZapJSON:
    """Writes field values and objects as zap's JSON encoder does.

    ``spaced``: the console encoder's ``", "`` and ``": "`` between pairs
    (the JSON encoder's are ``,`` and ``:``).  ``time``: a ``datetime``'s
    JSON text (the configured time encoder).  ``duration``: one of
    :data:`DURATION_ENCODERS`.  ``terminal``: escape DEL, C1 and bidi
    controls too.
    """

    __slots__ = ("_reflect", "colon", "comma", "duration", "heads", "terminal", "time")

    def __init__(self, *, spaced: bool, time: Callable[[datetime], str], duration: str, terminal: bool) -> None:
        self.comma = ", " if spaced else ","
        self.colon = ": " if spaced else ":"
        self.time = time
        self.duration = duration
        self.terminal = terminal
        self._reflect = Encoder(escape_html=False, terminal=terminal)
        self.heads = BoundedCache(lambda key: self.string(key) + self.colon)  # field names repeat: ``"key":`` once

    def string(self, text: str) -> str:
        """A JSON string as zap writes it (``safeAppendStringLike``), with the safety escapes."""
        return self.fixed(encode_basestring(text))

    def fixed(self, out: str) -> str:
        """``encode_basestring``'s JSON string as :meth:`string` writes it."""
        if out.isascii():  # the common text: only \b, \f (Python's short escapes) and, for a terminal, DEL to fix
            if "\\" in out and ("\\b" in out or "\\f" in out):
                out = go_fixups(out, escape_html=False)
            return terminal_fixups(out) if self.terminal and "\x7f" in out else out
        out = go_fixups(out, escape_html=False)
        return terminal_fixups(out) if self.terminal else out

    def duration_text(self, nanoseconds: int) -> str:
        """A ``time.Duration`` by the configured ``DurationEncoder``."""
        kind = self.duration
        if kind == "seconds":
            return zap_float(float(nanoseconds) / 1e9)
        if kind == "nanos":
            return int_text(nanoseconds)
        if kind == "ms":  # Go's integer division: toward zero
            whole = abs(nanoseconds) // _NS_PER_MS
            return int_text(-whole if nanoseconds < 0 else whole)
        return self.string(go_duration(nanoseconds))

    def pairs(self, items: list[tuple[str, Any]]) -> str:
        """``"k":v`` pairs joined as zap writes them, without braces (a line's fields)."""
        pieces: list[str] = []
        self.add_pairs(items, pieces, first=True)
        return "".join(pieces)

    def add_pairs(self, items: list[tuple[str, Any]], pieces: list[str], first: bool) -> None:
        """Append the pairs' pieces to ``pieces`` (a line joined once: a long value is not copied again).

        ``first``: no separator before the first pair.
        """
        comma, heads, append = self.comma, self.heads, pieces.append
        terminal = self.terminal
        for key, item in items:
            if first:
                first = False
            else:
                append(comma)
            append(heads[key])
            # The common values inline, as value() writes them: plain ASCII text, a float in plain notation.
            kind = type(item)
            if kind is str:
                text = encode_basestring(item)
                if "\\" in text or not text.isascii() or (terminal and "\x7f" in text):  # see fixed()
                    text = self.fixed(text)
            elif kind is float:
                text = float.__repr__(item)
                if "e" in text or "n" in text:
                    text = zap_float(item)
                elif text[-2:] == ".0":
                    text = text[:-2]
            elif kind is int:
                text = int_text(item)
            else:
                text = self.value(item, set())
            append(text)

    def value(self, value: Any, seen: set[int]) -> str:
        """One value as zap writes it (see the module doc); ``seen``: the containers it is inside of."""
        kind = type(value)
        if kind is str:
            return self.string(value)
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return int_text(value)
        if kind is float:
            return zap_float(value)
        if value is None:
            return "null"
        try:
            return self._other(value, seen)
        except Exception:  # a value that breaks while it is read: its text, as every layout writes it
            return self.string(to_text(value))

    def _other(self, value: Any, seen: set[int]) -> str:
        if isinstance(value, str):
            return self.string(str.__str__(value))
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return int_text(int.__int__(value))
        if isinstance(value, float):
            return zap_float(float.__float__(value))
        if isinstance(value, BaseException):  # zap.NamedError: err.Error()
            return self.string(to_text(value))
        if isinstance(value, datetime):
            return self.time(value)
        if isinstance(value, timedelta):
            return self.duration_text(timedelta_nanoseconds(value))
        if isinstance(value, Mapping) or (type(value) in (list, tuple) and _typed_slice(value)):
            ident = id(value)
            if ident in seen or len(seen) >= MAX_DEPTH:  # inside itself, or absurdly deep: its text
                return self.string("{...}" if ident in seen and isinstance(value, Mapping) else to_text(value))
            seen.add(ident)
            try:
                if isinstance(value, Mapping):  # zap.Object: the fields in their order
                    colon, string = self.colon, self.string
                    items = [string(_key(k)) + colon + self.value(v, seen) for k, v in value.items()]
                    return "{" + self.comma.join(items) + "}"
                return "[" + self.comma.join([self.value(v, seen) for v in value]) + "]"
            finally:
                seen.discard(ident)
        return self._reflected(value)

    def _reflected(self, value: Any) -> str:
        """``zap.Any`` of a value none of zap's field types takes: text, or ``encoding/json`` (``zap.Reflect``)."""
        tree = prepare(value)
        kind = type(tree)
        if kind is dict or kind is list:
            return go_short_escapes(self._reflect.encode(tree))
        if kind is str:  # a fmt.Stringer
            return self.string(tree)
        if kind is float or kind is int or kind is bool or tree is None:
            return self.value(tree, set())
        return self.string(to_text(value))


def go_short_escapes(text: str) -> str:
    """JSON text with ``\\u0008``/``\\u000c`` written ``\\b``/``\\f``, as Go ≥ 1.22's ``encoding/json`` writes them.

    (The shared encoder, :class:`~prefixlog._jsonwrite.Encoder`, writes the long forms.)  Escaped
    backslashes are set aside as NUL, which JSON text never holds raw, so
    that a ``\\`` followed by ``u0008`` stays as it is.
    """
    if "\\u0008" not in text and "\\u000c" not in text:
        return text
    text = text.replace("\\\\", "\0").replace("\\u0008", "\\b").replace("\\u000c", "\\f")
    return text.replace("\0", "\\\\")


def _key(key: object) -> str:
    return key if type(key) is str else to_text(key)


_SLICE_TYPES: Final = (str, int, float, bool)


def _typed_slice(items: Any) -> bool:
    """Whether a list is one of zap's typed arrays: every item ``str``, or every ``int``, ``float`` or ``bool``."""
    if not items:
        return True
    first = type(items[0])
    return first in _SLICE_TYPES and all(type(item) is first for item in items)


class ZapTime:
    """A ``TimeEncoder``: the record's time and ``datetime`` values as zap writes them.

    ``kind``: ``epoch``, ``millis``, ``nanos``, or ``layout`` (then ``layout``
    formats the record's time in the formatter's zone).  ``string`` writes a
    JSON string.
    """

    __slots__ = ("_zones", "kind", "layout", "string")

    def __init__(self, kind: str, layout: Optional[TimeFormat], string: Callable[[str], str]) -> None:
        self.kind = kind
        self.layout = layout
        self.string = string
        self._zones: dict[tzinfo, TimeFormat] = {}

    def number(self, nanoseconds: int) -> Union[int, float]:
        """``t.UnixNano()`` (nanos), or ``float64(t.UnixNano())`` over the unit (epoch, millis)."""
        if self.kind == "nanos":
            return nanoseconds
        return float(nanoseconds) / (1e9 if self.kind == "epoch" else 1e6)

    def record_json(self, created: float) -> str:
        """The record's time in a JSON line."""
        if self.layout is not None:
            return self.string(self.layout.text(created))
        nanoseconds = round(created * _MICROSECOND) * 1000
        if self.kind == "epoch":  # the production config's: repr's digits, Go's 'f' layout
            text = repr(float(nanoseconds) / 1e9)
            if "e" not in text:
                return text[:-2] if text.endswith(".0") else text
        number = self.number(nanoseconds)
        return int_text(number) if type(number) is int else zap_float(number)

    def record_console(self, created: float) -> str:
        """The console's time element: ``fmt.Fprint`` of what the encoder appended (a float in ``%v``)."""
        if self.layout is not None:
            text = self.layout.text(created)
            return text if text.isprintable() else terminal_escape(text)
        number = self.number(round(created * _MICROSECOND) * 1000)
        return int_text(number) if type(number) is int else go_float(number)

    def value(self, moment: datetime) -> str:
        """A ``datetime`` field (``zap.Time``), in its own zone (a naive one is local time)."""
        if moment.tzinfo is None or moment.utcoffset() is None:
            moment = moment.astimezone()
        micro = (moment - _EPOCH) // _ONE_MICROSECOND
        if self.layout is None:
            number = self.number(micro * 1000)
            return int_text(number) if type(number) is int else zap_float(number)
        zone = moment.tzinfo
        assert zone is not None  # aware, above
        layout = self._zones.get(zone)
        if layout is None:
            if len(self._zones) >= _ZONES:
                self._zones.clear()
            layout = self._zones[zone] = self.layout.in_zone(zone_converter(zone))
        return self.string(layout(micro / _MICROSECOND))


def time_encoder_kind(name: str, value: object) -> tuple[str, Optional[str]]:
    """``(kind, layout)`` of a ``time_encoder``: one of :data:`TIME_ENCODERS`, or ``{"layout": "<Go layout>"}``."""
    if isinstance(value, Mapping):
        if set(value) != {"layout"}:
            raise ValueError(f'{name} must be an encoder name or {{"layout": "<Go layout>"}}, not {value!r}')
        return "layout", check_str(f"{name}['layout']", value["layout"])
    text = check_choice(name, value, TIME_ENCODERS)
    layout = _TIME_LAYOUTS.get(text)
    return ("layout", layout) if layout is not None else (text, None)
