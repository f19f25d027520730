"""Values to text, the way Go prints them: ``fmt.Sprint``, ``%q`` and float layouts.

Every formatter turns field values into text here, so a value renders the same
in every layout.  Nothing in this module raises on a value: a value whose
``__str__`` fails becomes a placeholder such as ``<unprintable ValueError: boom>``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any, Final, Generic, TypeVar

#: Go's nil, as ``fmt.Sprint(nil)`` prints it.
NIL_TEXT: Final = "<nil>"

# logrus TextFormatter.needsQuoting: anything outside [A-Za-z0-9-._/@^+] quotes.
needs_quoting_logrus: Final[Callable[[str], object]] = re.compile(r"[^A-Za-z0-9\-._/@^+]").search
# x-cray's needsQuoting: anything outside [A-Za-z0-9.-] quotes.
needs_quoting_xcray: Final[Callable[[str], object]] = re.compile(r"[^A-Za-z0-9.\-]").search

_SIMPLE_ESCAPES: Final = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def escape_rune(ch: str) -> str:
    """Go's ``%q`` escape of one non-printable character.

    ``\\a \\b \\f \\n \\r \\t \\v`` by name, other ASCII controls as ``\\xNN``,
    the rest as ``\\uXXXX``/``\\UXXXXXXXX``.  A lone surrogate can't be UTF-8:
    U+DC80–U+DCFF (how ``surrogateescape`` carries an undecodable byte) become
    that byte's ``\\xNN``, as Go prints a raw byte; other surrogates become
    ``\\ufffd``, as Go prints an invalid rune.
    """
    simple = _SIMPLE_ESCAPES.get(ch)
    if simple is not None:
        return simple
    code = ord(ch)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\x{code - 0xDC00:02x}" if code >= 0xDC80 else "\\ufffd"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _escape_match(match: re.Match[str]) -> str:
    return escape_rune(match.group())


# Characters a terminal layout must never write raw: C0 controls but TAB, DEL,
# C1 controls, U+2028/U+2029, the bidirectional controls, and lone surrogates
# (which can't be encoded as UTF-8).
_TERMINAL_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
# Characters that must never appear raw in a logfmt line: every control
# character (TAB too), U+2028/U+2029, and lone surrogates.
_LINE_UNSAFE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# ... and in a logfmt key, also the space, '"' and '=' that end or split a key,
# the backslash (so that a made-safe key never spells another key), and the
# bidirectional controls (which would reorder the line on a terminal).
_KEY_UNSAFE: Final = re.compile('[\x00-\x20"=\\\\\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]')
_KEY_ESCAPES: Final = {" ": "\\x20", '"': "\\x22", "=": "\\x3d", "\\": "\\\\"}

#: What an empty logfmt key is written as (``=value`` is not logfmt).
EMPTY_KEY: Final = "_"


# ASCII controls: for long ASCII text, deleting them from its bytes and comparing
# lengths is several times faster than a per-character test (str.isprintable, re).
_ASCII_CONTROLS: Final = bytes(range(0x20)) + b"\x7f"
_LONG: Final = 128


def _clean_ascii(text: str, keep_tab: bool = False) -> bool:
    """Whether long ASCII ``text`` has no control character (TAB allowed with ``keep_tab``)."""
    data = text.encode("ascii")
    return len(data.translate(None, _ASCII_CONTROLS_NO_TAB if keep_tab else _ASCII_CONTROLS)) == len(data)


_ASCII_CONTROLS_NO_TAB: Final = _ASCII_CONTROLS.replace(b"\t", b"")


def is_printable(text: str) -> bool:
    """``str.isprintable()`` (Go's ``unicode.IsPrint`` for every rune), quicker on long ASCII text."""
    if len(text) > _LONG and text.isascii():
        return _clean_ascii(text)
    return text.isprintable()


def terminal_escape(text: str) -> str:
    """``text`` with every character a terminal must not get raw written as Go's ``%q`` escapes it.

    Used for messages, keys and unquoted values in the colored layouts: no
    escape sequence, carriage return or bidi override reaches the reader's
    terminal.  TAB and every printable character stay as they are.
    """
    if len(text) > _LONG and text.isascii() and _clean_ascii(text, keep_tab=True):
        return text
    if _TERMINAL_UNSAFE.search(text) is None:
        return text
    return _TERMINAL_UNSAFE.sub(_escape_match, text)


def line_escape(text: str) -> str:
    """``text`` with control characters, U+2028/U+2029 and surrogates escaped, for unquoted logfmt values."""
    if len(text) > _LONG and text.isascii() and _clean_ascii(text):
        return text
    if _LINE_UNSAFE.search(text) is None:
        return text
    return _LINE_UNSAFE.sub(_escape_match, text)


def _key_escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _KEY_ESCAPES.get(ch) or escape_rune(ch)


def logfmt_key(key: str) -> str:
    """A key a logfmt parser reads back as one key.

    logrus writes keys raw, so ``k=v``, ``has space`` or a newline would split
    or forge pairs.  Ordinary keys (non-ASCII letters too) stay as they are;
    in others, space, ``"`` and ``=`` become ``\\x20``, ``\\x22``, ``\\x3d`` and
    control characters their Go ``%q`` escape.  The empty key becomes ``_``.
    """
    if not key:
        return EMPTY_KEY
    if _KEY_UNSAFE.search(key) is None:
        return key
    return _KEY_UNSAFE.sub(_key_escape, key)


def logfmt_key_prefix(key: str) -> str:
    """``key=`` for a logfmt pair, the key made safe (:func:`logfmt_key`)."""
    return logfmt_key(key) + "="


def go_quote(text: str, quote: str = '"') -> str:
    """``strconv.Quote``: the text between double quotes, escaped as Go's ``%q``.

    ``quote`` changes the quote character (x-cray's ``QuoteCharacter``); that
    character and the backslash are then the ones escaped.
    """
    if is_printable(text):
        if "\\" in text:
            text = text.replace("\\", "\\\\")
        if quote in text:
            text = text.replace(quote, "\\" + quote)
        return quote + text + quote
    out = [quote]
    for ch in text:
        if ch in ("\\", quote):
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(escape_rune(ch))
    out.append(quote)
    return "".join(out)


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


def _float_digits(value: float) -> tuple[str, str, int]:
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


def _exp_layout(sign: str, digits: str, dp: int, min_exp_digits: int) -> str:
    exp = dp - 1
    mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    exp_sign = "-" if exp < 0 else "+"
    return f"{sign}{mantissa}e{exp_sign}{abs(exp):0{min_exp_digits}d}"


def _fixed_layout(sign: str, digits: str, dp: int) -> str:
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
    sign, digits, dp = _float_digits(value)
    if digits == "0":
        return sign + "0"
    if not -4 <= dp - 1 < 6:
        return _exp_layout(sign, digits, dp, 2)
    return _fixed_layout(sign, digits, dp)


def go_json_float(value: float) -> str:
    """A finite float as Go's ``encoding/json`` writes it (``'f'`` form for 1e-6 ≤ |x| < 1e21)."""
    sign, digits, dp = _float_digits(value)
    if digits == "0":
        return sign + "0"
    magnitude = abs(value)
    if magnitude < 1e-6 or magnitude >= 1e21:
        return _exp_layout(sign, digits, dp, 1)
    return _fixed_layout(sign, digits, dp)


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
    except (ValueError, TypeError, RecursionError):
        return repr(value)


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
        return int.__repr__(value)
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
        return int.__repr__(value)
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


_K = TypeVar("_K")


class BoundedCache(dict[_K, str], Generic[_K]):
    """A memo of ``func(key)`` that never holds more than ``limit`` entries.

    Keys (field names, levels) repeat on almost every record, so rendering
    each once pays; but a program may log unboundedly many distinct keys, so
    the cache starts afresh when it is full.  ``cache[key]`` is one C-level
    dict lookup on a hit.
    """

    def __init__(self, func: Callable[[_K], str], limit: int = 4096) -> None:
        super().__init__()
        self.func = func
        self.limit = limit

    def __missing__(self, key: _K) -> str:
        value = self.func(key)
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
