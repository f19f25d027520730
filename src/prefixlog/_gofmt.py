"""Values to text, the way Go's ``fmt`` prints them: ``fmt.Sprint``, float layouts, ints at any size.

Every formatter turns field values into text here, so a value renders the same
in every layout.  Where Go has the type, a value is written as Go writes it
(``datetime`` as a ``time.Time`` in RFC 3339, ``timedelta`` as a
``time.Duration``); where Go has none, as python-json-logger writes it (an
``Enum`` member as its value, a dataclass as an object, ...); README "How
values are written" has the whole table.  Nothing in this module raises on a
value: a value whose ``__str__`` fails becomes a placeholder such as
``<unprintable ValueError: boom>``.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import reprlib
import time
import traceback
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from types import TracebackType
from typing import Any, Final, Optional

#: Go's nil, as ``fmt.Sprint(nil)`` prints it.
NIL_TEXT: Final = "<nil>"


#: Go's ``unicode.IsSpace``: ASCII whitespace, U+0085, U+00A0 and the other
#: White_Space characters.  Unlike Python's ``str.isspace`` it does *not*
#: include the separators U+001C–U+001F.
GO_SPACE: Final = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def go_trim_space(text: str) -> str:
    """Go's ``strings.TrimSpace``: ``text`` without leading and trailing ``unicode.IsSpace`` runes."""
    return text.strip(GO_SPACE)


def float_digits(value: float) -> tuple[str, str, int]:
    """Shortest round-trip digits of a finite float: (sign, digits, dp).

    The value is ``0.<digits> * 10**dp``; ``digits`` has no leading or trailing
    zeros ("0" for zero).  Python's ``repr`` and Go's ``strconv`` both pick the
    shortest digits that round-trip, so only the layout differs between them.
    """
    text = repr(value)
    sign = ""
    if text[0] == "-":
        sign, text = "-", text[1:]
    mantissa, _, exp_text = text.partition("e")
    exponent = int(exp_text) if exp_text else 0
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    if not digits:
        return sign, "0", 1
    dp = len(whole) + exponent - (len(whole + frac) - len((whole + frac).lstrip("0")))
    return sign, digits.rstrip("0"), dp


def exp_layout(sign: str, digits: str, dp: int, min_exp_digits: int) -> str:
    exp = dp - 1
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exp_sign = "-" if exp < 0 else "+"
    return f"{sign}{mantissa}e{exp_sign}{abs(exp):0{min_exp_digits}d}"


def fixed_layout(sign: str, digits: str, dp: int) -> str:
    if dp <= 0:
        return f"{sign}0.{'0' * -dp}{digits}"
    if dp >= len(digits):
        return sign + digits + "0" * (dp - len(digits))
    return f"{sign}{digits[:dp]}.{digits[dp:]}"


def go_float(value: float) -> str:
    """``fmt.Sprint(float64)``: ``%g`` with the shortest digits (``3``, ``1e+06``, ``1.5e-05``)."""
    text = repr(value)
    if "e" not in text and -1e6 < value < 1e6:
        # repr's fixed notation (1e-4 <= |x| < 1e16) has Go's digits here; Go drops ".0".
        return text[:-2] if text.endswith(".0") else text
    if math.isnan(value):
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "+Inf" if value > 0 else "-Inf"
    sign, digits, dp = float_digits(value)
    if digits == "0":
        return sign + "0"
    if not -4 <= dp - 1 < 6:
        return exp_layout(sign, digits, dp, 2)
    return fixed_layout(sign, digits, dp)


_SMALL_BITS: Final = 4096  # Decimal(int) converts ints this small quickly


def int_text(value: int) -> str:
    """An int in decimal, exactly, at any size (``sys.set_int_max_str_digits`` or not).

    ``repr`` refuses ints beyond Python's digit limit (4,300 by default);
    those are converted by halving their bits and joining the halves in
    exact decimal arithmetic, in time close to linear in their size.
    """
    try:
        return int.__repr__(value)
    except ValueError:
        return _big_int_text(int.__int__(value))


def _big_int_text(value: int) -> str:
    import decimal  # noqa: PLC0415 - only for ints beyond Python's digit limit, rare

    exact = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)
    powers: dict[int, decimal.Decimal] = {}

    def two_to(bits: int) -> decimal.Decimal:
        power = powers.get(bits)
        if power is None:
            power = powers[bits] = exact.power(decimal.Decimal(2), bits)
        return power

    def convert(number: int, bits: int) -> decimal.Decimal:
        if bits <= _SMALL_BITS:
            return decimal.Decimal(number)
        half = bits >> 1
        high = number >> half
        low = number - (high << half)
        return exact.add(exact.multiply(convert(high, bits - half), two_to(half)), convert(low, half))

    magnitude = abs(value)
    return ("-" if value < 0 else "") + str(convert(magnitude, magnitude.bit_length()))


def unprintable(value: object, error: BaseException) -> str:
    """The placeholder for a value that could not be turned into text."""
    try:
        detail = str(error)
    except Exception:
        detail = ""
    kind = type(error).__name__
    try:
        owner = type(value).__name__
    except Exception:  # pragma: no cover - type() of an object always has a name
        owner = "object"
    return f"<unprintable {owner}: {kind}: {detail}>" if detail else f"<unprintable {owner}: {kind}>"


_SHORT: Final = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 60


def short_repr(value: object) -> str:
    """A ``repr`` of at most about 60 characters, for error texts; never raises."""
    try:
        return _SHORT.repr(value)
    except Exception as error:
        return unprintable(value, error)


# -- Go's time.Time and time.Duration ---------------------------------------------

_NS_PER_SECOND: Final = 1_000_000_000


def rfc3339_nano(value: datetime) -> str:
    """A ``datetime`` as Go writes a ``time.Time`` in JSON: ``time.RFC3339Nano``.

    ``2021-07-04T15:26:26.123456+08:00``: the fraction without its trailing
    zeros (none at all on a whole second), ``Z`` for a zero offset, and an
    offset's seconds dropped as Go drops them (``-04:56:02`` is ``-04:56``).
    A naive datetime is local time, as a Go time in ``time.Local``.
    """
    offset = value.utcoffset()
    if offset is None:
        offset = _local_offset(value)
    text = f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    seconds = int(offset.total_seconds())  # Go's offsets are whole seconds
    if seconds == 0:
        return text + "Z"
    minutes = abs(seconds) // 60  # Go: zone := offset / 60, toward zero; then its sign
    sign = "-" if seconds < 0 and minutes else "+"
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


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
    for method in ("_asdict", "model_dump"):
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


# -- containers as compact JSON text ------------------------------------------------

_FLAT: Final = frozenset((str, int, float, bool, type(None)))  # json.dumps writes them as they are
_MAX_NESTING: Final = 200


def _container_text(value: Any) -> str:
    """A container as compact JSON text (``[1,"a"]``, ``{"k":true}``).

    The values inside are written by the same rules as at the top (a
    ``timedelta`` as ``"1.5s"``, an ``Enum`` member as its value, a dataclass
    as an object); a container inside itself as ``"[...]"`` or ``"{...}"``,
    as in the JSON layout.
    """
    kind = type(value)
    if kind is list or kind is tuple:
        flat = _FLAT.issuperset(map(type, value))
    else:
        flat = kind is dict and _FLAT.issuperset(map(type, value)) and _FLAT.issuperset(map(type, value.values()))
    return _json_text(value if flat else _text_tree(value, set()))


def _fields_text(value: object, fields: Mapping[Any, Any]) -> str:
    """An object's fields (:func:`object_fields`) as a compact JSON object."""
    return _json_text(_fields_tree(fields, {id(value)}))


def _json_text(tree: Any) -> str:
    try:
        return json.dumps(tree, ensure_ascii=False, separators=(",", ":"))
    except ValueError:  # an int beyond Python's digit limit
        return _compact_json(tree)


def _text_tree(value: Any, inside: set[int]) -> Any:
    """``value`` as a tree of ``dict``, ``list`` and the types json.dumps writes; other values by the text rules.

    ``inside`` holds the ids of the containers and objects ``value`` is inside of.
    """
    if type(value) in _FLAT:
        return value
    if isinstance(value, (str, int, float)):
        return value  # a subclass (IntEnum, a str Enum ...): json.dumps writes its str, int or float value
    ident = id(value)
    if ident in inside:
        return "[...]" if isinstance(value, (list, set, frozenset)) or type(value) is tuple else "{...}"
    if len(inside) >= _MAX_NESTING:
        return short_repr(value)
    inside.add(ident)
    try:
        if isinstance(value, Mapping):
            return _fields_tree(value, inside)
        if isinstance(value, (list, tuple)):
            fields = object_fields(value) if type(value) is not tuple and isinstance(value, tuple) else None
            if fields is not None:
                return _fields_tree(fields, inside)
            return [_text_tree(v, inside) for v in value]
        if isinstance(value, (set, frozenset)):
            return [_text_tree(v, inside) for v in _sorted(value)]
        if isinstance(value, enum.Enum):
            return _text_tree(value.value, inside)
        if isinstance(value, enum.EnumMeta):
            return _text_tree(enum_values(value), inside)
        fields = object_fields(value)
        if fields is not None:
            return _fields_tree(fields, inside)
        return to_text(value)
    finally:
        inside.discard(ident)


def _fields_tree(fields: Mapping[Any, Any], inside: set[int]) -> dict[Any, Any]:
    return {_tree_key(k): _text_tree(v, inside) for k, v in fields.items()}


def _sorted(value: Any) -> list[Any]:
    """A set's members, sorted when they can be."""
    try:
        return sorted(value)
    except TypeError:
        return list(value)


def _tree_key(key: object) -> object:
    return key if type(key) in _FLAT else to_text(key)


def _compact_json(tree: Any) -> str:
    """What ``json.dumps`` writes for a tree of ``_text_tree``, ints at any size (the rare, slow path)."""
    if isinstance(tree, dict):
        return "{" + ",".join(f"{_json_str(_json_key(k))}:{_compact_json(v)}" for k, v in tree.items()) + "}"
    if isinstance(tree, list):
        return "[" + ",".join(_compact_json(v) for v in tree) + "]"
    if isinstance(tree, int) and not isinstance(tree, bool):
        return int_text(tree)
    return json.dumps(tree, ensure_ascii=False)


def _json_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _json_key(key: object) -> str:
    if isinstance(key, str):
        return str.__str__(key)
    if isinstance(key, bool) or key is None:
        return json.dumps(key)
    if isinstance(key, int):
        return int_text(key)
    return json.dumps(key)  # a float, as json.dumps writes a float key


def to_text(value: object) -> str:
    """A field value as text: Go's ``fmt.Sprint`` where Go has the type, else python-json-logger's form.

    ``str`` as is, ``bool`` as ``true``/``false``, ``int`` in decimal, ``float``
    as Go's ``%v``, ``None`` as ``<nil>``, an exception as ``str(exc)`` (logrus's
    ``Error()``), ``bytes`` decoded as UTF-8 (invalid bytes as ``\\xNN``),
    ``datetime`` in RFC 3339 (:func:`rfc3339_nano`), ``timedelta`` as Go's
    ``Duration.String()``, ``date``/``time`` in ISO 8601, an ``Enum`` member
    as its value's text, a class as its name, a traceback as its frames;
    containers, dataclasses, ``NamedTuple``\\s and models as compact JSON;
    anything else ``str(value)``.
    """
    kind = type(value)
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is int:
        try:
            return int.__repr__(value)
        except ValueError:  # beyond Python's digit limit
            return int_text(value)  # type: ignore[arg-type]
    if kind is bool:
        return "true" if value else "false"
    if kind is float:
        return go_float(value)  # type: ignore[arg-type]
    if value is None:
        return NIL_TEXT
    try:
        return _slow_text(value)
    except Exception as error:
        return unprintable(value, error)


def _slow_text(value: object) -> str:
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int_text(value)
    if isinstance(value, float):
        return go_float(float(value))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "backslashreplace")
    if isinstance(value, (list, tuple, set, frozenset, Mapping)):
        fields = object_fields(value) if isinstance(value, tuple) and type(value) is not tuple else None
        return _container_text(value) if fields is None else _fields_text(value, fields)
    if isinstance(value, datetime):
        return rfc3339_nano(value)
    if isinstance(value, (date, clock_time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return go_duration(timedelta_nanoseconds(value))
    if isinstance(value, enum.Enum):
        return to_text(value.value)
    if isinstance(value, type):
        return _container_text(enum_values(value)) if isinstance(value, enum.EnumMeta) else to_text(value.__name__)
    if isinstance(value, TracebackType):
        return traceback_text(value)
    fields = object_fields(value)
    if fields is not None:
        return _fields_text(value, fields)
    text = str(value)
    if type(text) is not str:  # pragma: no cover - str() always returns a str
        text = str.__str__(text)
    return text
