"""Python values JSON and ``fmt`` have no rule for, in the form docs/values.md's table gives them.

Where Go has the type, a value takes Go's form: a ``datetime`` is a
``time.Time`` (:func:`rfc3339_nano`), a ``timedelta`` a ``time.Duration``
(:func:`go_duration` in text, integer nanoseconds in JSON), bytes in JSON a
``[]byte`` (standard base64).  Where Go has none, python-json-logger's form:
``date``/``time`` in ISO 8601, an ``Enum`` member its value, an ``Enum``
class the list of its values, a class its ``__name__``, a traceback its
formatted frames, a dataclass, ``NamedTuple`` or model its fields
(:func:`object_fields`).  :func:`known_form` picks the form; ``_gofmt``
(text) and ``_gojson`` (JSON) write it.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import enum
import re
import time
import traceback
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from types import TracebackType
from typing import Any, Final, Optional

#: What :func:`known_form` returns for a value of none of its types.
UNKNOWN: Final = object()

#: Types :func:`known_form` found none of its types in (a ``UUID``, a
#: ``Path``): their values are ``UNKNOWN`` at once, so that the common
#: "anything else" pays one lookup.  Cleared when it holds ``_FORMLESS_LIMIT``.
FORMLESS: Final[dict[type, None]] = {}
_FORMLESS_LIMIT: Final = 512
_FIELDS_METHODS: Final = ("_asdict", "model_dump")


def known_form(value: object, *, json: bool) -> object:
    """``value`` in its form from the values table (JSON's when ``json``, else the text layouts'), or :data:`UNKNOWN`.

    A ``str`` or ``int`` result is final.  Any other is what ``value`` stands
    for, to be written in turn by the caller's rules: an ``Enum`` member's
    value, an ``Enum`` class's list of values, an object's fields as a
    ``dict``.  May raise (a broken ``utcoffset``, ``_asdict`` ...): the
    callers turn that into the value's placeholder.
    """
    kind = type(value)
    if is_formless(kind):
        return UNKNOWN
    if isinstance(value, datetime):
        return rfc3339_nano(value)
    if isinstance(value, (date, clock_time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        nanoseconds = timedelta_nanoseconds(value)
        return nanoseconds if json else go_duration(nanoseconds)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        return base64.b64encode(raw).decode("ascii") if json else raw.decode("utf-8", "backslashreplace")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, type):
        return enum_values(value) if isinstance(value, enum.EnumMeta) else str.__str__(value.__name__)
    if isinstance(value, TracebackType):
        return traceback_text(value)
    fields = object_fields(value)
    if fields is not None:
        return dict(fields)
    if not hasattr(kind, "__dataclass_fields__") and not any(hasattr(kind, m) for m in _FIELDS_METHODS):
        if len(FORMLESS) >= _FORMLESS_LIMIT:
            FORMLESS.clear()
        with contextlib.suppress(TypeError):  # a type whose metaclass makes it unhashable: not kept
            FORMLESS[kind] = None
    return UNKNOWN


def is_formless(kind: type) -> bool:
    """Whether :func:`known_form` found none of its types in ``kind`` before (see :data:`FORMLESS`)."""
    try:
        return kind in FORMLESS
    except TypeError:  # an unhashable type
        return False


# -- Go's time.Time and time.Duration ---------------------------------------------

_NS_PER_SECOND: Final = 1_000_000_000


def rfc3339_nano(value: datetime) -> str:
    """A ``datetime`` as Go writes a ``time.Time`` in JSON: ``time.RFC3339Nano``.

    ``2021-07-04T15:26:26.123456+08:00``: the fraction without its trailing
    zeros (none at all on a whole second), ``Z`` for a zero offset, and an
    offset's seconds dropped as Go drops them (``-04:56:02`` is ``-04:56``).
    A naive datetime is local time, as a Go time in ``time.Local``.
    """
    text = _rfc3339_seconds(value)
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text + _rfc3339_offset(value)


def rfc3339_millis(value: datetime) -> str:
    """A ``datetime`` as ``log/slog``'s text handler writes a time: RFC 3339 with exactly three fraction digits.

    ``2021-07-04T15:26:26.123+08:00``: the milliseconds truncated, ``.000``
    on a whole second; the offset as :func:`rfc3339_nano` writes it.
    """
    return f"{_rfc3339_seconds(value)}.{value.microsecond // 1000:03d}{_rfc3339_offset(value)}"


def _rfc3339_seconds(value: datetime) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"


def _rfc3339_offset(value: datetime) -> str:
    offset = value.utcoffset()
    if offset is None:
        offset = _local_offset(value)
    seconds = int(offset.total_seconds())  # Go's offsets are whole seconds
    if seconds == 0:
        return "Z"
    minutes = abs(seconds) // 60  # Go: zone := offset / 60, toward zero; then its sign
    sign = "-" if seconds < 0 and minutes else "+"
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _local_offset(value: datetime) -> timedelta:
    """The local zone's offset at the naive time ``value``."""
    for days in (0, 2, -2):  # the first and last days of datetime's range can't be converted themselves
        try:
            offset = (value + timedelta(days=days)).astimezone().utcoffset()
        except (ValueError, OverflowError, OSError):
            continue
        if offset is not None:
            return offset
    return timedelta(seconds=-time.timezone)  # pragma: no cover - every platform converts some day near it


def timedelta_nanoseconds(value: timedelta) -> int:
    """A ``timedelta`` in nanoseconds, exactly: the integer of a Go ``time.Duration``."""
    return ((value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds) * 1_000


def go_duration(nanoseconds: int) -> str:
    """Go's ``time.Duration.String()``: ``1.5s``, ``1h2m3s``, ``150ms``, ``1µs``, ``0s``.

    Below a second the unit is the largest of ns, µs (U+00B5), ms that fits;
    from a second on, hours, minutes and seconds (``1h0m0s``), never days.
    Exact at any size: Go's int64 stops at ``2562047h47m16.854775807s``,
    beyond it the same rule goes on.
    """
    if nanoseconds == 0:
        return "0s"
    sign = "-" if nanoseconds < 0 else ""
    size = abs(nanoseconds)
    if size < _NS_PER_SECOND:
        if size < 1_000:
            return f"{sign}{size}ns"
        if size < 1_000_000:
            return f"{sign}{_decimal(size, 3)}µs"
        return f"{sign}{_decimal(size, 6)}ms"
    seconds, fraction = divmod(size, _NS_PER_SECOND)
    text = _decimal(seconds % 60 * _NS_PER_SECOND + fraction, 9) + "s"
    minutes = seconds // 60
    if minutes:
        text = f"{minutes % 60}m{text}"
        if minutes >= 60:
            text = f"{minutes // 60}h{text}"
    return sign + text


def _decimal(number: int, places: int) -> str:
    """``number / 10**places`` in decimal, without trailing zeros (nor the point when it is whole)."""
    whole, fraction = divmod(number, 10**places)
    digits = f"{fraction:0{places}d}".rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)


# -- python-json-logger's types -----------------------------------------------------


def object_fields(value: object) -> Optional[Mapping[Any, Any]]:
    """A dataclass, ``NamedTuple`` or model instance as its fields; ``None`` for any other value.

    A dataclass by its fields (``dataclasses.asdict`` one level deep: no deep
    copy), a ``NamedTuple`` (or any object with ``_asdict()``) and a pydantic
    model (``model_dump()``) by what that method returns, when it is a mapping.
    The methods are looked up on the type, so an object that answers every
    attribute (a mock, a proxy) is not taken for one.
    """
    kind = type(value)
    if isinstance(value, type):
        return None
    if hasattr(kind, "__dataclass_fields__"):
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}  # type: ignore[arg-type]
    for method in _FIELDS_METHODS:
        if callable(getattr(kind, method, None)):
            fields = getattr(value, method)()
            return fields if isinstance(fields, Mapping) else None
    return None


def traceback_text(value: TracebackType) -> str:
    """A traceback object as python-json-logger writes it: its formatted frames, stripped."""
    return "".join(traceback.format_tb(value)).strip()


def enum_values(value: enum.EnumMeta) -> list[Any]:
    """An ``Enum`` class as python-json-logger writes it: the list of its members' values."""
    return [member.value for member in value]  # type: ignore[var-annotated]


_DURATION_UNITS: Final = {
    "ns": 1,
    "us": 1_000,
    "µs": 1_000,  # U+00B5 MICRO SIGN
    "μs": 1_000,  # U+03BC GREEK SMALL LETTER MU
    "ms": 1_000_000,
    "s": _NS_PER_SECOND,
    "m": 60 * _NS_PER_SECOND,
    "h": 3600 * _NS_PER_SECOND,
}
_DURATION_PART: Final = re.compile(r"([0-9]*)(?:\.([0-9]*))?([^0-9.]+)")


def parse_go_duration(text: str) -> int:
    """Go's ``time.ParseDuration``: ``"1ms"``, ``"1.5s"``, ``"-2h45m"``, ``"0"``, in integer nanoseconds.

    Units ``ns``, ``us`` (``µs``, ``μs``), ``ms``, ``s``, ``m``, ``h``; a
    fraction is exact (truncated below a nanosecond, as Go does).  Raises
    ``ValueError`` for text Go refuses, naming it as Go does
    (``time: invalid duration "x"``), and beyond Go's int64.
    """
    if not isinstance(text, str):
        raise TypeError(f"a duration must be a str such as '1ms', not {text!r}")
    rest, sign = text, 1
    if rest[:1] in ("-", "+"):
        sign = -1 if rest[0] == "-" else 1
        rest = rest[1:]
    if rest == "0":
        return 0
    if not rest:
        raise ValueError(f"time: invalid duration {text!r}")
    total, pos = 0, 0
    while pos < len(rest):
        match = _DURATION_PART.match(rest, pos)
        if match is None or not (match.group(1) or match.group(2)):
            raise ValueError(f"time: invalid duration {text!r}")
        whole, fraction, unit = match.group(1), match.group(2) or "", match.group(3)
        if unit not in _DURATION_UNITS:
            raise ValueError(f"time: unknown unit {unit!r} in duration {text!r}")
        scale = _DURATION_UNITS[unit]
        total += int(whole or "0") * scale + (int(fraction) * scale // 10 ** len(fraction) if fraction else 0)
        pos = match.end()
    if total > 2**63 - (sign < 0):
        raise ValueError(f"time: invalid duration {text!r}")
    return sign * total
