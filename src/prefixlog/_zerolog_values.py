"""Field values as zerolog (v1.26.1) writes them, for ``ZerologFormatter``.

:meth:`ZerologValues.json` gives a value's JSON text, as zerolog's encoder
writes it (``Str``, ``Int64``, ``Float64`` with ``strconv``'s ``'f'`` layout,
``Time`` in ``TimeFieldFormat``, ``Dur`` in ``DurationFieldUnit``, ``Dict``,
``Strs``, ``Ints``; any other value as ``Interface``: Go's ``json.Marshal``).
:meth:`ZerologValues.decoded` gives what ``ConsoleWriter`` decodes from that
text (``json.Decoder.UseNumber``: numbers as their text), without writing
and reading it back.  The JSON is made safe as the module
:mod:`prefixlog._zerolog` says: C1 controls, U+2028 and U+2029 escaped.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from json.encoder import encode_basestring
from typing import Any, Final

from ._gofmt import fixed_layout, float_digits, int_text, to_text
from ._gojson import MAX_DEPTH, prepare
from ._jsonwrite import RawNumber, go_json_text
from ._time import TimeFormat, zone_converter
from ._values import timedelta_nanoseconds
from ._zerolog_console import FieldTime

# zerolog escapes DEL as \u007f and writes invalid UTF-8 as \ufffd; prefixlog also escapes the C1
# controls (U+0085 among them), U+2028 and U+2029, which zerolog writes raw, so one record is one line.
_FIXES: Final = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SURROGATES: Final = re.compile("[\ud800-\udfff]")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _fix(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\\ufffd" if 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"


def zerolog_string(text: str) -> str:
    """A string as zerolog's JSON encoder writes it, made safe (see the module doc)."""
    out = encode_basestring(text)  # \" \\ \b \f \n \r \t, other controls \u00XX: zerolog's escapes
    if out.isascii():
        return out.replace("\x7f", "\\u007f") if "\x7f" in out else out
    return _FIXES.sub(_fix, out)


def go_string(text: str) -> str:
    """The string Go has for ``text``: a lone surrogate (an undecodable byte) is U+FFFD, as zerolog writes it."""
    if text.isascii() or _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub("\ufffd", text)


def zerolog_float(value: float) -> str:
    """zerolog's ``Float64``: ``strconv.FormatFloat(x, 'f', -1, 64)``; NaN and ±Inf as strings."""
    text = repr(value)
    if "e" not in text and "n" not in text:  # 1e-4 <= |x| < 1e16: repr's digits in Go's layout (no ".0")
        return text[:-2] if text.endswith(".0") else text
    if math.isnan(value):
        return '"NaN"'
    if math.isinf(value):
        return '"+Inf"' if value > 0 else '"-Inf"'
    return fixed_layout(*float_digits(value))


def field_key(key: object) -> str:
    """A field's key as text."""
    return key if type(key) is str else to_text(key)


def safe_json(text: str) -> str:
    """JSON text from Go's ``json.Marshal`` with DEL, the C1 controls and U+2028/U+2029 escaped."""
    return text if text.isascii() and "\x7f" not in text else _FIXES.sub(_fix, text)


class ZerologValues:
    """How one formatter writes values: its ``TimeFieldFormat``, ``DurationFieldUnit`` and ``DurationFieldInteger``."""

    __slots__ = ("field_time", "integer", "layout", "unit", "zones")

    def __init__(self, field_time: FieldTime, layout: str, unit: int, integer: bool) -> None:
        self.field_time = field_time
        self.layout = layout
        self.unit = unit
        self.integer = integer
        self.zones: dict[Any, TimeFormat] = {}

    def json(self, value: Any, depth: int = 0) -> str:
        """A field's value as zerolog writes it."""
        write = _SCALARS.get(type(value))
        if write is not None:
            return write(value)
        try:
            return self._other(value, depth)
        except Exception:  # a broken value: its text, as the other layouts write it
            return zerolog_string(to_text(value))

    def _other(self, value: Any, depth: int) -> str:
        if isinstance(value, str):
            return zerolog_string(str.__str__(value))
        if isinstance(value, BaseException):
            return zerolog_string(to_text(value))
        if isinstance(value, datetime):
            return self.datetime(value)
        if isinstance(value, timedelta):
            return self.duration(timedelta_nanoseconds(value))
        if isinstance(value, Mapping):
            if depth >= MAX_DEPTH:
                return zerolog_string(to_text(value))
            items = [f"{zerolog_string(field_key(k))}:{self.json(v, depth + 1)}" for k, v in value.items()]
            return "{" + ",".join(items) + "}"
        if type(value) in (list, tuple):
            kinds = set(map(type, value))
            if kinds <= {str}:
                return "[" + ",".join(map(zerolog_string, value)) + "]"
            if kinds == {int}:
                return "[" + ",".join(map(int_text, value)) + "]"
        return safe_json(go_json_text(prepare(value)))  # zerolog's Interface: Go's json.Marshal

    def decoded(self, value: Any, depth: int = 0) -> Any:
        """What ``ConsoleWriter`` decodes from the value's JSON: ``str``, :class:`RawNumber`, ``bool``, ``None``, …"""
        kind = type(value)
        if kind is str:
            return go_string(value)
        if kind is int:
            return RawNumber(int_text(value))
        if kind is bool or value is None:
            return value
        if kind is float:
            text = zerolog_float(value)
            return text[1:-1] if text[0] == '"' else RawNumber(text)
        try:
            if isinstance(value, str):
                return go_string(str.__str__(value))
            if isinstance(value, BaseException):
                return go_string(to_text(value))
            if isinstance(value, Mapping) and depth < MAX_DEPTH:
                return {go_string(field_key(k)): self.decoded(v, depth + 1) for k, v in value.items()}
            if type(value) in (list, tuple) and set(map(type, value)) <= {str}:
                return [go_string(item) for item in value]
            return json.loads(self.json(value, depth), parse_int=RawNumber, parse_float=RawNumber)
        except Exception:  # a broken value: its text, as the other layouts write it
            return go_string(to_text(value))

    def datetime(self, value: datetime) -> str:
        """zerolog's ``Time``: in ``TimeFieldFormat``, in the time's own zone (a naive one is local)."""
        if value.tzinfo is None or value.utcoffset() is None:
            value = value.astimezone()
        if self.field_time.unix is not None:
            return self.field_time.unix_text(timedelta_nanoseconds(value - _EPOCH))
        zone = value.tzinfo
        layout = self.zones.get(zone)
        if layout is None:
            layout = TimeFormat(self.layout, converter=zone_converter(zone))  # type: ignore[arg-type]
            if len(self.zones) >= 64:
                self.zones.clear()
            self.zones[zone] = layout
        return zerolog_string(layout(value.timestamp()))

    def duration(self, nanoseconds: int) -> str:
        """zerolog's ``Dur``: ``float64(d) / float64(unit)``, or ``int64(d / unit)`` (toward zero)."""
        unit = self.unit
        if self.integer:
            whole = abs(nanoseconds) // unit
            return int_text(-whole if nanoseconds < 0 else whole)
        return zerolog_float(float(nanoseconds) / float(unit))


#: The values zerolog's typed methods write (``Str``, ``Int``, ``Bool``, ``Float64``, nil), by exact type.
_SCALARS: Final[dict[type, Callable[[Any], str]]] = {
    str: zerolog_string,
    int: int_text,
    bool: lambda value: "true" if value else "false",
    float: zerolog_float,
    type(None): lambda _: "null",
}
