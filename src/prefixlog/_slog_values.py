"""Go ``log/slog``'s values, levels and times as its ``TextHandler`` and ``JSONHandler`` write them.

:mod:`prefixlog._slog`'s formatter writes each attribute with
:func:`text_value` or :func:`json_value`, the level with :func:`level_name`
and the time with :class:`Clock`; :class:`SlogLevel` and :class:`SlogSource`
are what ``replace_attr`` is given for the level and the source.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from json.encoder import encode_basestring
from typing import Any, Final, NamedTuple

from ._escape import go_quote, sub_sliced
from ._gofmt import NIL_TEXT, go_float, int_text, to_text, unprintable
from ._gojson import MAX_DEPTH, GoFloat, go_json_float, prepare
from ._jsonwrite import _non_ascii_go
from ._levels import slog_level
from ._time import TimeFormat
from ._values import go_duration, object_fields, rfc3339_millis, rfc3339_nano, timedelta_nanoseconds

#: slog's time layout: the text handler's milliseconds, truncated (JSON: the microseconds, trimmed).
TEXT_TIME: Final = "2006-01-02T15:04:05.000Z07:00"

#: The keys slog writes itself (``slog.TimeKey`` ...), and those of an exception.
TIME_KEY: Final = "time"
LEVEL_KEY: Final = "level"
SOURCE_KEY: Final = "source"
MESSAGE_KEY: Final = "msg"
ERROR_KEY: Final = "error"
STACK_KEY: Final = "stack"


_SCALARS: Final = frozenset((int, float, bool, type(None)))


class SlogLevel(int):
    """A ``slog.Level``: an int whose text is slog's name for it (``INFO``, ``DEBUG-2``, ``ERROR+4``).

    What [SlogFormatter][prefixlog.SlogFormatter]'s ``replace_attr`` is
    given for the level: slog's number, ⌊(levelno − 20) × 2 / 5⌋ (DEBUG
    −4, INFO 0, WARN 4, ERROR 8).  Returned as it is, it is written as its
    name, as Go writes a ``slog.Level``; a plain ``int`` is written as a
    number.  Made as any int: ``SlogLevel(-6)`` is ``DEBUG-2``.

    Example:
        >>> from prefixlog import SlogLevel
        >>> str(SlogLevel(-6)), str(SlogLevel(12))
        ('DEBUG-2', 'ERROR+4')
    """

    __slots__ = ()

    def __str__(self) -> str:
        return level_name(int(self))

    __repr__ = int.__repr__


class SlogSource(NamedTuple):
    """A ``slog.Source``: what ``replace_attr`` is given for ``source`` (``add_source``).

    Returned as it is (or another ``SlogSource``), it is written as slog
    writes a source: ``file:line`` in text, an object in JSON, its empty
    parts left out.

    Attributes:
        function: The function, ``<module>.<funcName>`` (slog's
            ``Source.Function``).
        file: The file's path, ``record.pathname`` (slog's ``Source.File``).
        line: The line number, ``record.lineno`` (slog's ``Source.Line``).
    """

    function: str
    file: str
    line: int


NO_SOURCE: Final = SlogSource("", "", 0)


def level_name(level: int) -> str:
    """``slog.Level.String()``: the base level below it and the signed offset (``INFO+2``, ``DEBUG-996``)."""
    if level < 0:
        base, offset = "DEBUG", level + 4
    elif level < 4:
        base, offset = "INFO", level
    elif level < 8:
        base, offset = "WARN", level - 4
    else:
        base, offset = "ERROR", level - 8
    if not offset:
        return base
    return f"{base}{'-' if offset < 0 else '+'}{int_text(abs(offset))}"  # any size, as the layouts write ints


def level_text(levelno: object) -> str:
    if type(levelno) is not int:
        if isinstance(levelno, bool) or not isinstance(levelno, int):
            raise TypeError(f"levelno is not a level number: {levelno!r}")
        levelno = int.__int__(levelno)
    return level_name(slog_level(levelno))


# -- text ----------------------------------------------------------------------------

# Besides what str.isprintable() refuses (controls, DEL, non-ASCII spaces and
# other unprintables), slog quotes a string with a space, '=', '"' or U+FFFD.
# DEL is quoted here too, where Go writes it bare: a line must hold no raw control.
_TEXT_QUOTE: Final = re.compile('[ ="\ufffd]')
_text_quote: Final = _TEXT_QUOTE.search
# Printable ASCII but the space, '"' and '=': bare.  Printable ASCII without '"' and '\\': quoted as it is.
_not_bare: Final = re.compile("[^!#-<>-~]").search
_not_plain_quoted: Final = re.compile("[^ !#-\\[\\]-~]").search
INF: Final = math.inf


def text_string(text: str) -> str:
    """A string as slog's text handler writes it: bare, or ``strconv.Quote``d when it needs quoting."""
    if text and _not_bare(text) is None:  # the common strings: two regex searches at most
        return text
    if _not_plain_quoted(text) is None:
        return f'"{text}"'
    if not text or not text.isprintable() or _text_quote(text) is not None:
        return go_quote(text)
    return text  # printable non-ASCII that needs no quotes (école, 日志)


def group_key(prefix: str, key: str) -> str:
    """``group.key=``: quoted as a whole when either part needs it (so an empty key always: ``"peer."=``)."""
    return (text_string(prefix + key) if key else go_quote(prefix)) + "="


def _plus_v(value: Any, inside: set[int]) -> str:
    """Go's ``fmt.Sprintf("%+v", value)`` for a list element: slices ``[a b]``, maps ``map[k:v]`` (keys sorted)."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is int or kind is bool or kind is float or value is None:
        return to_text(value)
    if isinstance(value, BaseException):
        return to_text(value)
    is_list = isinstance(value, (list, set, frozenset)) or (
        isinstance(value, tuple) and (kind is tuple or object_fields(value) is None)
    )
    if not (is_list or _is_mapping(value)):
        return to_text(value)
    ident = id(value)
    if ident in inside or len(inside) >= MAX_DEPTH:
        return to_text(value)
    inside.add(ident)
    try:
        if is_list:
            items = _sorted(value) if isinstance(value, (set, frozenset)) else list(value)
            return "[" + " ".join([_plus_v(item, inside) for item in items]) + "]"
        pairs = sorted((to_text(k), _plus_v(v, inside)) for k, v in value.items())
        return "map[" + " ".join([f"{k}:{v}" for k, v in pairs]) + "]"
    except Exception:  # a container that breaks while read: its text
        return to_text(value)
    finally:
        inside.discard(ident)


def _sorted(value: Any) -> list[Any]:
    try:
        return sorted(value)
    except TypeError:
        return list(value)


def is_group(kind: type, value: object) -> bool:
    """Whether a value is a slog group: a ``dict``, or any other mapping."""
    return kind is dict or (kind not in _SCALARS and _is_mapping(value))


def _is_mapping(value: object) -> bool:
    try:
        return isinstance(value, Mapping)
    except TypeError:  # a type its metaclass makes unhashable
        return False


def text_value(value: Any) -> str:
    """A non-group value as slog's text handler writes it (see docs/formatters/slog.md's table)."""
    write = _TEXT_WRITERS.get(type(value))
    if write is not None:
        return write(value)
    try:
        return _text_other(value)
    except Exception as error:
        return text_string(unprintable(value, error))


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


#: The types slog's text handler writes at once, by exact type (subclasses take the slower way).
_TEXT_WRITERS: Final[dict[type, Callable[[Any], str]]] = {
    str: text_string,
    int: int_text,
    float: go_float,
    bool: _bool_text,
    type(None): lambda _: NIL_TEXT,
    SlogLevel: str,
    SlogSource: lambda source: text_string(f"{to_text(source.file)}:{to_text(source.line)}"),
}


def _text_other(value: Any) -> str:
    if isinstance(value, datetime):
        return rfc3339_millis(value)
    if isinstance(value, timedelta):
        return go_duration(timedelta_nanoseconds(value))  # Duration.String(), never quoted
    if isinstance(value, str):
        return text_string(str.__str__(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int_text(int.__int__(value))
    if isinstance(value, float):
        return go_float(float.__float__(value))
    if isinstance(value, (bytes, bytearray, memoryview)):  # a []byte: always strconv.Quote'd
        return go_quote(bytes(value).decode("utf-8", "surrogateescape"))
    if isinstance(value, (list, set, frozenset)) or (isinstance(value, tuple) and object_fields(value) is None):
        return text_string(_plus_v(value, set()))
    return text_string(to_text(value))


# -- JSON ----------------------------------------------------------------------------

# What slog's appendEscapedJSONString escapes beyond Python's encoder: U+2028 and U+2029;
# a lone surrogate (invalid UTF-8 to Go) is \ufffd; DEL and the C1 controls are escaped
# here too, where Go writes them raw: a line must hold no raw control.
_JSON_FIXES: Final = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def json_string(text: str) -> str:
    """A string as slog's JSON handler writes it (``\\b`` and ``\\f`` as ``\\u0008``, ``\\u000c``)."""
    out: str = encode_basestring(text)
    if "\\b" in out or "\\f" in out:
        out = out.replace("\\\\", "\0").replace("\\b", "\\u0008").replace("\\f", "\\u000c").replace("\0", "\\\\")
    if out.isascii():
        return out.replace("\x7f", "\\u007f") if "\x7f" in out else out
    if _JSON_FIXES.search(out) is None:
        return out
    return sub_sliced(_JSON_FIXES, _non_ascii_go, out)


def marshal_string(text: str) -> str:
    """A string as ``encoding/json`` (Go 1.22+, HTML escaping off) writes it inside a marshalled value."""
    out: str = encode_basestring(text)
    if out.isascii():
        return out.replace("\x7f", "\\u007f") if "\x7f" in out else out
    if _JSON_FIXES.search(out) is None:
        return out
    return sub_sliced(_JSON_FIXES, _non_ascii_go, out)


class _UnsupportedError(Exception):
    """``encoding/json`` can't write the value (NaN, ±Inf): slog writes ``!ERROR:`` and the reason."""


def _marshal(value: Any, depth: int = 0) -> str:
    """``value`` as ``encoding/json`` writes it (slog's ``appendJSONMarshal``): maps with sorted keys.

    Values Go has no type for take their JSON form from the values table
    (:func:`prefixlog._gojson.prepare`); nested deeper than ``MAX_DEPTH``
    (or inside itself), a container is its text.
    """
    kind = type(value)
    if kind is str:
        return marshal_string(value)
    if kind is int:
        return int_text(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    if kind is float:
        if not math.isfinite(value):
            raise _UnsupportedError(go_float(value))
        return go_json_float(value)
    if kind is GoFloat:
        return value.text  # type: ignore[no-any-return]
    if kind is dict or kind is list or kind is tuple:
        if depth >= MAX_DEPTH:
            return marshal_string(to_text(value))
        if kind is dict:
            pairs = sorted(((to_text(k), v) for k, v in value.items()), key=_first)
            return "{" + ",".join([f"{marshal_string(k)}:{_marshal(v, depth + 1)}" for k, v in pairs]) + "}"
        return "[" + ",".join([_marshal(v, depth + 1) for v in value]) + "]"
    if isinstance(value, float):
        return _marshal(float.__float__(value), depth)
    if isinstance(value, (set, frozenset)):
        return _marshal(_sorted(value), depth)
    return _marshal(prepare(value), depth)  # exact built-in types only: this ends


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


def json_value(value: Any) -> str:
    """A non-group value as slog's JSON handler writes it (see docs/formatters/slog.md's table)."""
    write = _JSON_WRITERS.get(type(value))
    if write is not None:
        return write(value)
    try:
        return _json_other(value)
    except _UnsupportedError as error:
        return json_string(f"!ERROR:json: unsupported value: {error}")
    except Exception as error:
        return json_string(unprintable(value, error))


def _json_float(value: float) -> str:
    if math.isfinite(value):
        return go_json_float(value)
    return json_string(f"!ERROR:json: unsupported value: {go_float(value)}")


def _json_source(source: SlogSource) -> str:
    """slog's ``Source.group()``: its non-empty parts."""
    parts = [
        f"{json_string(name)}:{json_value(part)}" for name, part in zip(source._fields, source, strict=True) if part
    ]
    return "{" + ",".join(parts) + "}"


#: The types slog's JSON handler writes at once, by exact type (subclasses take the slower way).
_JSON_WRITERS: Final[dict[type, Callable[[Any], str]]] = {
    str: json_string,
    int: int_text,
    bool: _bool_text,
    type(None): lambda _: "null",
    float: _json_float,
    SlogLevel: lambda level: json_string(str(level)),
    SlogSource: _json_source,
}


def _json_other(value: Any) -> str:
    if isinstance(value, datetime):
        return '"' + rfc3339_nano(value) + '"'
    if isinstance(value, timedelta):
        return int_text(timedelta_nanoseconds(value))  # a Duration: its nanoseconds
    if isinstance(value, BaseException):
        return json_string(to_text(value))
    if isinstance(value, str):
        return json_string(str.__str__(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int_text(int.__int__(value))
    if isinstance(value, float):
        return json_value(float.__float__(value))
    if isinstance(value, list) or type(value) is tuple:
        return _marshal(list(value))
    return _marshal(value)


def json_float(value: float) -> str:
    """A finite float in ``encoding/json``'s form; ``repr``'s digits where they are already that form."""
    text = repr(value)
    if "e" in text or "n" in text:  # an exponent, inf, nan: the careful way
        return go_json_float(value)
    return text[:-2] if text.endswith(".0") else text


_MILLIS: Final = tuple(f".{ms:03d}" for ms in range(1000))


class Clock:
    """``record.created`` in slog's layout: the text handler's milliseconds or the JSON handler's nanoseconds.

    What depends only on the second (date, clock, offset) is made once per
    second by :class:`~prefixlog._time.TimeFormat`; a record pays for its fraction.
    """

    __slots__ = ("_json", "_last", "_second")

    def __init__(self, json: bool, converter: Any) -> None:
        self._json = json
        self._second = TimeFormat(TEXT_TIME, converter=converter)
        self._last: tuple[int, str, str] = (-(2**63), "", "")

    def __call__(self, created: float) -> str:
        second, usec = divmod(round(created * 1_000_000), 1_000_000)
        last = self._last
        if last[0] != second:
            head, _, tail = self._second(second).partition(".")  # "...T15:04:05" "000+08:00"
            last = self._last = (second, head, tail[3:])
        if not self._json:
            return last[1] + _MILLIS[usec // 1000] + last[2]
        if not usec:
            return last[1] + last[2]
        return last[1] + "." + str(1_000_000 + usec)[1:].rstrip("0") + last[2]
