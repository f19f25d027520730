"""Go ``encoding/json`` bytes from Python values: what logrus's ``JSONFormatter`` writes.

Two steps.  :func:`prepare` turns any value into a tree of exact built-in
types (``str``, ``int``, ``bool``, ``None``, ``float``, ``dict`` with ``str``
keys, ``list``), never raising.  :class:`Encoder` writes that tree with a
C-accelerated encoder (orjson when it is installed, else the stdlib's
``json``), keys sorted and compact, then fixes up the few places where those
differ from Go:

- ``<`` ``>`` ``&`` → ``\\u003c`` ``\\u003e`` ``\\u0026`` (Go's HTML escaping,
  keys included), unless disabled;
- ``\\b`` ``\\f`` → ``\\u0008`` ``\\u000c`` (Go before 1.22, what logrus 1.9.0
  on the oracle's Go 1.19 writes);
- U+2028, U+2029 → ``\\u2028``, ``\\u2029`` (Go always escapes them);
- U+0085 → ``\\u0085``: **not** Go (Go writes it raw), but a line break to
  ``str.splitlines()`` and some log shippers, so one record stays one line;
- a lone surrogate (no UTF-8 for it) → ``\\ufffd``, as Go writes invalid UTF-8.

Floats: Python writes ``1.0``, ``1e-07``, ``1e+16`` where Go writes ``1``,
``1e-7``, ``10000000000000000``.  :func:`prepare` keeps a float only where
both agree (non-integral, 1e-4 ≤ |x| < 1e16, or beyond Go's exponent
cut-offs with a two-digit exponent), turns integral floats below 2**53 into
``int`` (the same digits), and wraps every other one as :class:`GoFloat`,
whose Go text the backends can't write; such a tree is written by a small
pure-Python writer instead (slower, rare).  NaN and ±Inf can't be JSON at all
(Go's encoder fails and logrus drops the entry): they become the strings
``"NaN"``, ``"+Inf"``, ``"-Inf"``.
"""

from __future__ import annotations

import contextlib
import json
import math
import operator
import re
from collections.abc import Callable, Mapping
from json.encoder import encode_basestring
from typing import Any, Final, Optional

from ._escape import sub_sliced
from ._gofmt import exp_layout, fixed_layout, float_digits, int_text, str_text, to_text
from ._values import UNKNOWN, known_form, object_fields

try:  # the optional backend: pip install 'prefixlog[orjson]'
    import orjson
except ImportError:  # pragma: no cover - depends on what is installed
    orjson = None  # type: ignore[assignment]

# Floats prepare_float() hands to the backends, and how Go writes them.  An
# orjson that writes any of them otherwise (its float layout has changed
# between releases) is not used.
_FLOAT_PROBE: Final = [0.1, -123456.789, 1e15 + 0.5, 1e-4, 1e21, -1.5e300, 1.7976931348623157e308, 1.5e-10, 5e-324]
_FLOAT_PROBE_GO: Final = (
    b"[0.1,-123456.789,1000000000000000.5,0.0001,1e+21,-1.5e+300,1.7976931348623157e+308,1.5e-10,5e-324]"
)


def _orjson_fits() -> bool:
    try:
        return orjson is not None and orjson.dumps(_FLOAT_PROBE) == _FLOAT_PROBE_GO
    except Exception:  # pragma: no cover - a broken install
        return False


#: The backends that can be asked for by name (tests compare them byte for byte).
BACKENDS: Final = ("json", "orjson") if _orjson_fits() else ("json",)

JsonDefault = Callable[[Any], Any]

_EXACT_INT: Final = 2.0**53  # below it, an integral float's digits are int(x)'s
_INF: Final = math.inf
# The C encoder behind json.dumps (None where there is no C accelerator, as on PyPy).
_c_make_encoder: Optional[Callable[..., Any]] = getattr(json.encoder, "c_make_encoder", None)
_PLAIN: Final = frozenset((str, int, bool, type(None)))  # written alike by every backend and Go
_STR: Final = frozenset((str,))
#: Containers nested deeper than this are written as their text: the encoders
#: (and Python's recursion limit) must never fail on a record.
MAX_DEPTH: Final = 200


class GoFloat:
    """A float whose Go JSON text (``text``) Python's encoders would write differently."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"GoFloat({self.text!r})"


class _GoFloatError(Exception):
    """Raised by the backends' ``default`` hook: the tree holds a :class:`GoFloat`."""


def _refuse(value: object) -> Any:
    raise _GoFloatError


def go_json_float(value: float) -> str:
    """A finite float as Go's ``encoding/json`` writes it (``'f'`` form for 1e-6 ≤ |x| < 1e21)."""
    sign, digits, dp = float_digits(value)
    if digits == "0":
        return sign + "0"
    magnitude = abs(value)
    if magnitude < 1e-6 or magnitude >= 1e21:
        return exp_layout(sign, digits, dp, 1)
    return fixed_layout(sign, digits, dp)


def prepare_float(value: float) -> Any:
    """A float as a value both backends write exactly as Go does (see the module doc)."""
    magnitude = abs(value)
    if 1e-4 <= magnitude < 1e16:
        if not value.is_integer():
            return value
        if magnitude < _EXACT_INT:
            return int(value)
    elif magnitude >= 1e21:
        if magnitude == _INF:
            return "+Inf" if value > 0 else "-Inf"
        return value  # 1e+21: Python, orjson and Go agree
    elif magnitude < 1e-9:
        if value == 0:
            return 0 if math.copysign(1.0, value) > 0 else GoFloat("-0")
        return value  # 1.5e-10: a two-digit exponent is written alike
    elif math.isnan(value):
        return "NaN"
    return GoFloat(go_json_float(value))


def _key(key: object) -> str:
    if type(key) is str:
        return key
    if isinstance(key, str):
        return str.__str__(key)
    return to_text(key)


def prepare(value: Any, default: Optional[JsonDefault] = None, seen: Optional[set[int]] = None) -> Any:
    """``value`` as a tree of exact built-in JSON types; never raises.

    ``str``/``int``/``bool``/``None`` as they are (subclasses such as enums
    by their ``str``/``int`` value, other integers by ``__index__``), floats
    by :func:`prepare_float`, exceptions as ``str(exc)`` (logrus's
    ``Error()``), mappings as objects (keys as text, via ``to_text``), lists,
    tuples and sets (sorted when they can be) as arrays, a ``NamedTuple`` as
    an object.  Anything else goes to ``default`` if given
    (python-json-logger's ``json_default``; what it returns is prepared in
    turn), else by :func:`prepare_known`.  A container inside itself becomes
    ``"[...]"`` or ``"{...}"`` as in ``repr()``; a value that fails to
    convert, or nested deeper than :data:`MAX_DEPTH`, becomes its text
    (``to_text``).
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return prepare_float(value)
    try:
        return _prepare_other(value, default, seen)
    except Exception:  # a broken container or default: the value's text instead
        return to_text(value)


def _prepare_other(value: Any, default: Optional[JsonDefault], seen: Optional[set[int]]) -> Any:
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, int):  # bool can't be subclassed; IntEnum and the like
        return int.__int__(value)
    if isinstance(value, float):
        return prepare_float(float.__float__(value))
    if isinstance(value, BaseException):
        return to_text(value)
    if hasattr(type(value), "__index__"):  # an integer of another library (numpy.int64 ...)
        return int.__int__(operator.index(value))
    is_mapping = isinstance(value, Mapping)
    if is_mapping or isinstance(value, (list, tuple, set, frozenset)):
        fields = object_fields(value) if isinstance(value, tuple) and type(value) is not tuple else None
        if seen is None:
            seen = set()
        ident = id(value)
        if ident in seen:
            return "[...]" if not is_mapping and fields is None else "{...}"
        if len(seen) >= MAX_DEPTH:  # seen holds the containers we are inside of
            return to_text(value)
        seen.add(ident)
        try:
            if fields is not None or is_mapping:  # a mapping, or a NamedTuple's fields
                items = (value if fields is None else fields).items()
                return {_key(k): prepare(v, default, seen) for k, v in items}
            if isinstance(value, (set, frozenset)):
                with contextlib.suppress(TypeError):  # unorderable: as iterated
                    value = sorted(value)
            return [prepare(v, default, seen) for v in value]
        finally:
            seen.discard(ident)
    if default is not None:
        if seen is None:
            seen = set()
        ident = id(value)
        if ident in seen or len(seen) >= MAX_DEPTH:  # default() went round in a circle, or keeps making new values
            return to_text(value)
        try:
            result = default(value)
        except Exception:  # a json_default for some types only: prefixlog's rules for the others
            result = value
        if result is value:
            return prepare_known(value, default, seen)
        seen.add(ident)
        try:
            return prepare(result, default, seen)
        finally:
            seen.discard(ident)
    return prepare_known(value, default, seen)


def prepare_known(value: Any, default: Optional[JsonDefault] = None, seen: Optional[set[int]] = None) -> Any:
    """A value JSON has no type for, in its JSON form from the values table (``_values.known_form``), prepared.

    A ``datetime`` in RFC 3339, a ``timedelta`` in nanoseconds, bytes in
    base64, an ``Enum`` member as its value, a dataclass as an object ...;
    anything else as its text (``UUID``, ``Path``, ``Decimal`` ...).  Inside
    itself it is ``"{...}"`` (``"[...]"`` for a list); nested deeper than
    :data:`MAX_DEPTH`, its text.
    """
    form = known_form(value, json=True)
    kind = type(form)
    if kind is str or kind is int:
        return form
    if form is UNKNOWN:
        return str_text(value)  # raising: prepare() writes the placeholder
    if seen is None:
        seen = set()
    ident = id(value)
    if ident in seen or len(seen) >= MAX_DEPTH:
        return ("{...}" if kind is dict else "[...]") if ident in seen else to_text(value)
    seen.add(ident)
    try:
        if kind is dict:  # an object's fields (or an Enum's dict): one level, as a mapping is
            return {_key(k): prepare(v, default, seen) for k, v in form.items()}  # type: ignore[attr-defined]
        return prepare(form, default, seen)
    finally:
        seen.discard(ident)


def prepare_object(data: dict[Any, Any], default: Optional[JsonDefault] = None) -> dict[str, Any]:
    """A record's map (top level) as a prepared ``dict``; the fast path of :func:`prepare`.

    ``data`` itself when its values are plain and its keys ``str`` (the
    common record), else a prepared copy; ``data`` is never changed.
    """
    try:
        odd = [key for key, value in data.items() if type(value) not in _PLAIN]
    except TypeError:  # a value whose type can't be hashed (its metaclass says so)
        odd = list(data)
    if odd:
        data = data.copy()
        for key in odd:
            value = data[key]
            data[key] = prepare_float(value) if type(value) is float else prepare(value, default)
    if not _STR.issuperset(map(type, data)):
        data = {_key(k): v for k, v in data.items()}
    return data


# -- writing ----------------------------------------------------------------

_NON_ASCII_FIXES: Final = re.compile("[\x85\u2028\u2029\ud800-\udfff]")
_NON_ASCII: Final = re.compile("[^\x00-\x7f]")
# What a terminal must not get raw: DEL, the C1 controls and the bidirectional controls.
_TERMINAL_FIXES: Final = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _non_ascii_go(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\\ufffd" if 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"


def _ascii_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def go_fixups(text: str, escape_html: bool) -> str:
    """Encoder output (Python ``json`` escaping, ``ensure_ascii=False``) as Go writes it.

    Outside strings the output holds none of these characters, so plain
    replacement is safe.  For ``\\b``/``\\f``, escaped backslashes are first
    set aside as NUL (which JSON text never holds raw), so that an escaped
    backslash followed by ``b`` is left alone.  Every step is linear in the
    text, with a small constant in memory.
    """
    if escape_html:
        if "<" in text:
            text = text.replace("<", "\\u003c")
        if ">" in text:
            text = text.replace(">", "\\u003e")
        if "&" in text:
            text = text.replace("&", "\\u0026")
    if "\\b" in text or "\\f" in text:
        text = text.replace("\\\\", "\0").replace("\\b", "\\u0008").replace("\\f", "\\u000c").replace("\0", "\\\\")
    if not text.isascii():
        text = sub_sliced(_NON_ASCII_FIXES, _non_ascii_go, text)
    return text


def has_terminal_controls(text: str) -> bool:
    """Whether JSON text holds a DEL, C1 or bidi control that :func:`terminal_fixups` would escape."""
    if text.isascii():
        return "\x7f" in text
    return _TERMINAL_FIXES.search(text) is not None


def terminal_fixups(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls written as ``\\u`` escapes, for a terminal (not Go)."""
    if not has_terminal_controls(text):
        return text
    return sub_sliced(_TERMINAL_FIXES, _non_ascii_go, text)


def _write(value: Any, indent: bool, depth: int) -> str:
    """The pure-Python writer, for trees that hold a :class:`GoFloat` (Python ``json`` escaping)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is GoFloat:
        return value.text  # type: ignore[no-any-return]
    if kind is dict:
        if not value:
            return "{}"
        items = [
            encode_basestring(k) + (": " if indent else ":") + _write(v, indent, depth + 1)
            for k, v in sorted(value.items())
        ]
        return _join("{", items, "}", indent, depth)
    if kind is list:
        if not value:
            return "[]"
        return _join("[", [_write(v, indent, depth + 1) for v in value], "]", indent, depth)
    if kind is int:
        return int_text(value)  # exact at any size
    return json.dumps(value)  # float, bool, None


def _join(start: str, items: list[str], end: str, indent: bool, depth: int) -> str:
    if not indent:
        return start + ",".join(items) + end
    inner = "\n" + "  " * (depth + 1)
    return start + inner + ("," + inner).join(items) + "\n" + "  " * depth + end


def _stdlib_encoder(indent: bool) -> Callable[[Any], str]:
    """The stdlib's ``json`` set up as Go writes (sorted keys; compact or two-space indent).

    The compact one is the C encoder json itself uses, made once instead of
    per call (no cycle check: prepared trees have no cycles).
    """
    if not indent and _c_make_encoder is not None:
        iterencode = _c_make_encoder(None, _refuse, encode_basestring, None, ":", ",", True, False, True)

        def encode(tree: Any) -> str:
            return "".join(iterencode(tree, 0))

        return encode
    separators = (",", ": ") if indent else (",", ":")
    encoder = json.JSONEncoder(
        ensure_ascii=False, sort_keys=True, separators=separators, indent=2 if indent else None, default=_refuse
    )
    return encoder.encode


class Encoder:
    """Writes a prepared tree as Go's ``encoding/json`` (``json.Encoder``) does, without the newline.

    ``indent``: Go's ``SetIndent("", "  ")``.  ``ensure_ascii``: also escape
    every non-ASCII character (``\\u00e9``, surrogate pairs above U+FFFF); not
    Go, python-json-logger's option.  ``terminal``: also escape DEL, the C1
    controls and the bidirectional controls (:func:`terminal_fixups`), which Go
    writes raw; for text bound for a terminal.  ``backend``: ``"orjson"`` or
    ``"json"``; by default orjson when it is installed.  Both give the same text.
    """

    def __init__(
        self,
        *,
        escape_html: bool = True,
        indent: bool = False,
        ensure_ascii: bool = False,
        terminal: bool = False,
        backend: str = "",
    ) -> None:
        if backend not in ("", *BACKENDS):
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        self.escape_html = escape_html
        self.indent = indent
        self.ensure_ascii = ensure_ascii
        self.terminal = terminal
        self.backend = backend or BACKENDS[-1]
        self._json = _stdlib_encoder(indent)
        self._raw = self._raw_json
        if self.backend == "orjson":
            assert orjson is not None
            self._orjson_options = orjson.OPT_SORT_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
            self._raw = self._raw_orjson

    def _raw_json(self, tree: Any) -> str:
        try:
            return self._json(tree)
        except (_GoFloatError, ValueError):  # a GoFloat; an int beyond Python's digit limit
            return _write(tree, self.indent, 0)

    def _raw_orjson(self, tree: Any) -> str:
        try:
            return orjson.dumps(tree, default=_refuse, option=self._orjson_options).decode()
        except TypeError:  # a GoFloat, an int beyond 64 bits, a lone surrogate, deep nesting
            return self._raw_json(tree)

    def encode(self, tree: Any) -> str:
        """The Go JSON text of ``tree`` (a :func:`prepare` result)."""
        text = go_fixups(self._raw(tree), self.escape_html)
        if self.ensure_ascii and not text.isascii():
            text = sub_sliced(_NON_ASCII, _ascii_escape, text)
        if self.terminal:
            text = terminal_fixups(text)
        return text
