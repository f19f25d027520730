"""Values to text, the way Go's ``fmt`` prints them: ``fmt.Sprint``, float layouts, ints at any size.

Every formatter turns field values into text here, so a value renders the same
in every layout.  Where Go has the type, a value is written as Go writes it
(``datetime`` as a ``time.Time`` in RFC 3339, ``timedelta`` as a
``time.Duration``); where Go has none, as python-json-logger writes it (an
``Enum`` member as its value, a dataclass as an object, ...: see
``_values``); docs/values.md has the whole table.  Nothing in this module raises on a
value: a value whose ``__str__`` fails becomes a placeholder such as
``<unprintable ValueError: boom>``.
"""

from __future__ import annotations

import enum
import json
import math
import reprlib
from collections.abc import Mapping
from typing import Any, Final

from ._values import UNKNOWN, is_formless, known_form, object_fields

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


def fixed_float(value: float) -> str:
    """``strconv.FormatFloat(x, 'f', -1, 64)``: the shortest digits, always in plain decimal.

    ``1000000000000000000000``, ``0.0000001``, ``3``, ``-0``; ``NaN``,
    ``+Inf``, ``-Inf``.  zap's JSON encoder (fields, epoch times) and
    zerolog write floats this way.
    """
    text = repr(value)
    if "e" not in text and "n" not in text:  # repr's plain notation: Go's digits; Go drops ".0"
        return text[:-2] if text.endswith(".0") else text
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign, digits, dp = float_digits(value)
    if digits == "0":
        return sign + "0"
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
    try:
        if kind is list or kind is tuple:
            flat = _FLAT.issuperset(map(type, value))
        else:
            flat = kind is dict and _FLAT.issuperset(map(type, value)) and _FLAT.issuperset(map(type, value.values()))
    except TypeError:  # a value whose type can't be hashed (its metaclass says so)
        flat = False
    return _json_text(value if flat else _text_tree(value, set()))


def _fields_text(value: object, fields: Mapping[Any, Any]) -> str:
    """An object's fields (:func:`object_fields`) as a compact JSON object."""
    return _json_text(_fields_tree(fields, {id(value)}))


#: ``json.dumps(tree, ensure_ascii=False, separators=(",", ":"))``, made once rather than per call.
_COMPACT: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json_text(tree: Any) -> str:
    try:
        return _COMPACT(tree)
    except ValueError:  # an int beyond Python's digit limit
        return _compact_json(tree)


def _text_tree(value: Any, inside: set[int]) -> Any:
    """``value`` as a tree of ``dict``, ``list`` and the types json.dumps writes; other values by the text rules.

    ``inside`` holds the ids of the containers and objects ``value`` is inside of.
    """
    if value is None or isinstance(value, (str, int, float)):
        return value  # and a subclass (IntEnum, a str Enum ...): json.dumps writes its str, int or float value
    ident = id(value)
    if ident in inside:
        return "[...]" if isinstance(value, (list, set, frozenset)) or type(value) is tuple else "{...}"
    if len(inside) >= _MAX_NESTING:
        return short_repr(value)
    inside.add(ident)
    try:
        if _is_mapping(value):
            return _fields_tree(value, inside)
        if isinstance(value, (list, tuple)):
            fields = object_fields(value) if type(value) is not tuple and isinstance(value, tuple) else None
            if fields is not None:
                return _fields_tree(fields, inside)
            return [_text_tree(v, inside) for v in value]
        if isinstance(value, (set, frozenset)):
            return [_text_tree(v, inside) for v in _sorted(value)]
        try:
            form = known_form(value, json=False)
        except Exception as error:  # this value's placeholder; the rest of the container stays
            return unprintable(value, error)
        if type(form) is str:
            return form
        if type(form) is dict:  # an object's fields (or an Enum's dict): one level, as a mapping is
            return _fields_tree(form, inside)
        return to_text(value) if form is UNKNOWN else _text_tree(form, inside)
    finally:
        inside.discard(ident)


def _is_mapping(value: object) -> bool:
    """``isinstance(value, Mapping)``, ``False`` where the ABC check raises (a type its metaclass makes unhashable)."""
    try:
        return isinstance(value, Mapping)
    except TypeError:
        return False


def _fields_tree(fields: Mapping[Any, Any], inside: set[int]) -> dict[Any, Any]:
    return {_tree_key(k): _text_tree(v, inside) for k, v in fields.items()}


def _sorted(value: Any) -> list[Any]:
    """A set's members, sorted when they can be."""
    try:
        return sorted(value)
    except TypeError:
        return list(value)


def _tree_key(key: object) -> object:
    return key if key is None or isinstance(key, (str, int, float)) else to_text(key)


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
    the types of ``_values.known_form`` in their forms (``datetime`` in RFC
    3339, ``timedelta`` as Go's ``Duration.String()``, ``date``/``time`` in
    ISO 8601, an ``Enum`` member as its value's text, a class as its name, a
    traceback as its frames); containers, dataclasses, ``NamedTuple``\\s and
    models as compact JSON; anything else ``str(value)``.
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
    if is_formless(type(value)):  # a UUID, a Path ...: none of the types below
        return str_text(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int_text(value)
    if isinstance(value, float):
        return go_float(float(value))
    if isinstance(value, (list, tuple, dict, set, frozenset)) or _is_mapping(value):
        fields = object_fields(value) if isinstance(value, tuple) and type(value) is not tuple else None
        return _container_text(value) if fields is None else _fields_text(value, fields)
    if isinstance(value, BaseException):
        return str.__str__(str(value))  # logrus's err.Error()
    form = known_form(value, json=False)
    if type(form) is str:
        return form
    if form is not UNKNOWN:  # an Enum member's value, an Enum class's values, an object's fields
        if isinstance(value, enum.Enum):
            return to_text(form)
        return _json_text(_fields_tree(form, {id(value)}) if type(form) is dict else _text_tree(form, {id(value)}))
    return str_text(value)


def str_text(value: object) -> str:
    """``str(value)``, an exact ``str``; raises what ``str()`` raises."""
    text = str(value)
    if type(text) is not str:  # pragma: no cover - str() always returns a str
        text = str.__str__(text)
    return text
