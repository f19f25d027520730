"""Values to text, the way Go's ``fmt`` prints them: ``fmt.Sprint``, float layouts, ints at any size.

Every formatter turns field values into text here, so a value renders the same
in every layout.  Nothing in this module raises on a value: a value whose
``__str__`` fails becomes a placeholder such as ``<unprintable ValueError: boom>``.
"""

from __future__ import annotations

import json
import math
import reprlib
from typing import Any, Final

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


def _json_default(value: object) -> object:
    return to_text(value)


def _container_text(value: Any) -> str:
    if isinstance(value, (set, frozenset)):
        try:
            value = sorted(value)
        except TypeError:
            value = list(value)
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    except ValueError:  # an int beyond Python's digit limit, or a container inside itself
        try:
            return _compact_json(value, set())
        except ValueError:
            return repr(value)
    except (TypeError, RecursionError):
        return repr(value)


def _compact_json(value: Any, inside: set[int]) -> str:
    """What ``json.dumps`` writes for ``_container_text``, ints at any size (the rare, slow path).

    Raises ``ValueError`` for a container inside itself, as ``json.dumps`` does.
    """
    if isinstance(value, (dict, list, tuple)):
        if id(value) in inside:
            raise ValueError("Circular reference detected")
        if len(inside) >= _MAX_NESTING:
            return _json_str(to_text(value))
        inside.add(id(value))
        try:
            if isinstance(value, dict):
                return (
                    "{"
                    + ",".join(f"{_json_str(_json_key(k))}:{_compact_json(v, inside)}" for k, v in value.items())
                    + "}"
                )
            return "[" + ",".join(_compact_json(v, inside) for v in value) + "]"
        finally:
            inside.discard(id(value))
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return json.dumps(value)
    if isinstance(value, int):
        return int_text(value)
    return _json_str(value if isinstance(value, str) else to_text(value))


def _json_str(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


_MAX_NESTING: Final = 200


def _json_key(key: object) -> str:
    if isinstance(key, str):
        return str.__str__(key)
    if isinstance(key, bool) or key is None:
        return json.dumps(key)
    if isinstance(key, int):
        return int_text(key)
    return to_text(key)


def to_text(value: object) -> str:
    """A field value as text, as logrus's ``fmt.Sprint`` would print it.

    ``str`` as is, ``bool`` as ``true``/``false``, ``int`` in decimal, ``float``
    as Go's ``%v``, ``None`` as ``<nil>``, an exception as ``str(exc)`` (logrus's
    ``Error()``), ``bytes`` decoded as UTF-8 (invalid bytes as ``\\xNN``),
    lists, tuples, sets and dicts as compact JSON, anything else ``str(value)``.
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
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        return _container_text(value)
    text = str(value)
    if type(text) is not str:  # pragma: no cover - str() always returns a str
        text = str.__str__(text)
    return text
