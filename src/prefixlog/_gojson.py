"""Go ``encoding/json`` bytes from Python values: what logrus's ``JSONFormatter`` writes.

Two steps.  :func:`prepare` turns any value into a tree of exact built-in
types (``str``, ``int``, ``bool``, ``None``, ``float``, ``dict`` with ``str``
keys, ``list``), never raising.  :class:`prefixlog._jsonwrite.Encoder`
writes that tree with a C-accelerated encoder (orjson when it is installed,
else the stdlib's ``json``), keys sorted and compact, then fixes up the few
places where those differ from Go:

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
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any, Final, Optional

from ._gofmt import exp_layout, fixed_layout, float_digits, str_text, to_text
from ._values import UNKNOWN, known_form, object_fields

JsonDefault = Callable[[Any], Any]

_EXACT_INT: Final = 2.0**53  # below it, an integral float's digits are int(x)'s
_INF: Final = math.inf
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


class GoFloatError(Exception):
    """Raised by the backends' ``default`` hook: the tree holds a :class:`GoFloat`."""


def refuse(value: object) -> Any:
    raise GoFloatError


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
