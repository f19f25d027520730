"""``SlogFormatter``: Go ``log/slog``'s ``TextHandler`` and ``JSONHandler`` (Go 1.27) for stdlib logging.

The line is slog's: the time, the level, the source (``add_source``), the
message, then the fields in the order given (context, bound, ``extra=``),
then an exception's ``error`` and ``stack``.  A ``dict`` value is a slog
group (``req.id=7``, ``"req":{"id":7}``), so :meth:`FieldLogger.with_group
<prefixlog.FieldLogger.with_group>` is ``WithGroup``.  ``replace_attr`` is
``HandlerOptions.ReplaceAttr``.

Where Go's bytes would break the one-record-one-line rules the line differs,
and only there: the text layout quotes a string holding DEL (Go writes it
bare), and the JSON layout escapes DEL and the C1 controls, U+0085 among them
(Go writes them raw); readers get the same strings either way.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from json.encoder import encode_basestring
from typing import IO, Any, Final, NamedTuple, Optional, Union

from . import _fields, _terminal
from ._cache import BoundedCache
from ._escape import go_quote, sub_sliced
from ._gofmt import NIL_TEXT, go_float, int_text, to_text, unprintable
from ._gojson import MAX_DEPTH, GoFloat, go_json_float, prepare
from ._guard import fallback_parts, recover
from ._jsonwrite import _non_ascii_go
from ._levels import slog_level
from ._options import (
    FixedOptions,
    check_bool,
    check_stream,
    check_tz,
    check_unsupported,
    resolve_callable,
    time_converter,
)
from ._record import caller_function, exception_summary, exception_text, has_exception
from ._sources import show_sources, text_sources
from ._time import TimeFormat
from ._values import go_duration, object_fields, rfc3339_millis, rfc3339_nano, timedelta_nanoseconds

#: ``replace_attr(groups, key, value) -> (key, value) | None``: slog's ``HandlerOptions.ReplaceAttr``.
ReplaceAttr = Callable[[tuple[str, ...], str, Any], Optional[tuple[str, Any]]]

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


class _Group(list):  # type: ignore[type-arg]
    """A group's members once resolved (see ``SlogFormatter._resolve``): ``(key, value)`` pairs."""

    __slots__ = ()


class SlogLevel(int):
    """A ``slog.Level``: an int whose text is slog's name for it (``INFO``, ``DEBUG-2``, ``ERROR+4``).

    What ``replace_attr`` is given for the level; returned as it is, it is
    written as that name, as Go writes a ``slog.Level``; a plain ``int`` is
    written as a number.
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
    """

    function: str
    file: str
    line: int


_NO_SOURCE: Final = SlogSource("", "", 0)


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


def _level_text(levelno: object) -> str:
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
_INF: Final = math.inf


def text_string(text: str) -> str:
    """A string as slog's text handler writes it: bare, or ``strconv.Quote``d when it needs quoting."""
    if text and _not_bare(text) is None:  # the common strings: two regex searches at most
        return text
    if _not_plain_quoted(text) is None:
        return f'"{text}"'
    if not text or not text.isprintable() or _text_quote(text) is not None:
        return go_quote(text)
    return text  # printable non-ASCII that needs no quotes (école, 日志)


def _group_key(prefix: str, key: str) -> str:
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


def _is_group(kind: type, value: object) -> bool:
    """Whether a value is a slog group: a ``dict``, or any other mapping."""
    return kind is dict or (kind not in _SCALARS and _is_mapping(value))


def _is_mapping(value: object) -> bool:
    try:
        return isinstance(value, Mapping)
    except TypeError:  # a type its metaclass makes unhashable
        return False


def text_value(value: Any) -> str:
    """A non-group value as slog's text handler writes it (see the README's table)."""
    kind = type(value)
    if kind is str:
        return text_string(value)
    if kind is int:
        return int_text(value)
    if kind is float:
        return go_float(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return NIL_TEXT
    if kind is SlogLevel:
        return str(value)
    if kind is SlogSource:
        return text_string(f"{to_text(value.file)}:{to_text(value.line)}")
    try:
        return _text_other(value)
    except Exception as error:
        return text_string(unprintable(value, error))


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
    """A non-group value as slog's JSON handler writes it (see the README's table)."""
    kind = type(value)
    if kind is str:
        return json_string(value)
    if kind is int:
        return int_text(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    if kind is float:
        if math.isfinite(value):
            return go_json_float(value)
        return json_string(f"!ERROR:json: unsupported value: {go_float(value)}")
    if kind is SlogLevel:
        return json_string(str(value))
    if kind is SlogSource:  # slog's Source.group(): its non-empty parts
        parts = [
            f"{json_string(name)}:{json_value(part)}" for name, part in zip(value._fields, value, strict=True) if part
        ]
        return "{" + ",".join(parts) + "}"
    try:
        return _json_other(value)
    except _UnsupportedError as error:
        return json_string(f"!ERROR:json: unsupported value: {error}")
    except Exception as error:
        return json_string(unprintable(value, error))


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


def _json_float(value: float) -> str:
    """A finite float in ``encoding/json``'s form; ``repr``'s digits where they are already that form."""
    text = repr(value)
    if "e" in text or "n" in text:  # an exponent, inf, nan: the careful way
        return go_json_float(value)
    return text[:-2] if text.endswith(".0") else text


_MILLIS: Final = tuple(f".{ms:03d}" for ms in range(1000))


class _Clock:
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


# -- the formatter -------------------------------------------------------------------


class SlogFormatter(FixedOptions, logging.Formatter):
    """Go ``log/slog``'s ``TextHandler`` (or ``JSONHandler`` with ``json=True``) for the ``logging`` module.

    The level is slog's: ⌊(levelno − 20) × 2 / 5⌋, so DEBUG ``DEBUG``, INFO
    ``INFO``, WARNING ``WARN``, ERROR ``ERROR``, CRITICAL ``ERROR+4``, TRACE
    ``DEBUG-2``.  ``add_source`` is ``HandlerOptions.AddSource``: the caller,
    ``source=file:line`` in text, ``"source":{"function","file","line"}`` in
    JSON (the function is ``<module>.<funcName>``).  ``replace_attr`` is
    ``HandlerOptions.ReplaceAttr`` (a callable or a dotted path):
    ``replace_attr(groups, key, value)`` returns ``(key, value)``, or
    ``None`` to drop the attribute; it is called for every attribute that is
    not a group, with the names of the groups it is in (a tuple), and for
    the built-in ``time`` (a ``datetime``), ``level`` (a :class:`SlogLevel`),
    ``source`` (a :class:`SlogSource`) and ``msg`` with no groups.  If it
    raises, the attribute is written as it was and a ``prefixlog_error``
    field says why.

    A ``dict`` value is a slog group; ``FieldLogger.with_group`` is
    ``WithGroup``.  An exception adds ``error`` (its ``str()``, unless the
    record has an ``error`` field already) and ``stack`` (the traceback;
    ``stack_info`` too).  ``disable_timestamp`` leaves the time out, as a
    ``ReplaceAttr`` that drops it would; ``tz`` (default local time, Go's
    ``time.Local``): ``"UTC"``, an IANA name or a ``tzinfo``.  ``stream`` is
    accepted, as every formatter takes it, and changes nothing: slog writes
    the same bytes everywhere.  ``fmt`` names record attributes to write as
    fields, and ``defaults``, ``static_fields``, ``reserved_attrs`` and
    ``exclude_fields`` are python-json-logger's field options, as in the
    other layouts; the positional ``fmt``/``datefmt``/``style``/``validate``
    make ``dictConfig``'s ``class`` form work (slog's time layout is fixed, so
    ``datefmt`` must be ``None``).
    """

    def __init__(
        self,
        fmt: Union[str, Sequence[str], None] = None,
        datefmt: Optional[str] = None,
        style: str = "%",
        validate: bool = True,
        *,
        json: bool = False,
        add_source: bool = False,
        replace_attr: Union[ReplaceAttr, str, None] = None,
        disable_timestamp: bool = False,
        defaults: Optional[Mapping[str, Any]] = None,
        static_fields: Optional[Mapping[str, Any]] = None,
        reserved_attrs: Optional[Sequence[str]] = None,
        exclude_fields: Optional[Sequence[str]] = None,
        stream: Optional[IO[Any]] = None,
        tz: Union[str, tzinfo, None] = None,
    ) -> None:
        check_unsupported("datefmt", datefmt, (None,), "slog's time layout is fixed; change it with replace_attr")
        fmt, style, self._sources = text_sources(fmt, style, defaults, static_fields, reserved_attrs, exclude_fields)
        super().__init__(fmt, datefmt, style, validate, defaults=dict(self._sources.defaults))  # type: ignore[arg-type]
        show_sources(self, self._sources)
        self.json = check_bool("json", json)
        self.add_source = check_bool("add_source", add_source)
        self.replace_attr: Optional[ReplaceAttr] = resolve_callable("replace_attr", replace_attr)
        self.disable_timestamp = check_bool("disable_timestamp", disable_timestamp)
        self.stream = _terminal.resolve_stream(check_stream("stream", stream))
        self.tz = check_tz("tz", tz)
        self._pipeline = _fields.FieldPipeline(None, sort=False, sources=self._sources)
        self._levels: dict[object, str] = {}
        self._time = self._time_format(time_converter(self, self.tz))
        if self.json:
            self._key = BoundedCache(lambda key: json_string(key) + ":")
            self._layout: Callable[[logging.LogRecord], str] = self._format_json
        else:
            self._key = BoundedCache(lambda key: text_string(key) + "=")
            self._layout = self._format_text

    def _time_format(self, converter: Any) -> _Clock:
        return _Clock(self.json, converter)

    def _converter_changed(self) -> None:
        """``converter`` was assigned (``time.gmtime`` for UTC, as in the stdlib): times are written with it."""
        if self.tz is None:
            self.__dict__["_time"] = self._time_format(self.converter)

    def format(self, record: logging.LogRecord) -> str:
        """The record as slog writes it, without the final newline; never raises (see :mod:`._guard`)."""
        layout = self._layout
        try:
            return layout(record)
        except Exception as error:  # never let logging take the application down
            return recover(layout, record, error, self._last_resort)

    # -- the parts slog writes itself -----------------------------------------

    def _level(self, levelno: object) -> str:
        try:
            return self._levels[levelno]
        except (KeyError, TypeError):
            name = _level_text(levelno)
            if len(self._levels) < 256:
                self._levels[levelno] = name
            return name

    def _source(self, record: logging.LogRecord) -> SlogSource:
        """The caller as a ``slog.Source``; empty when logging found none (Go's record without a PC)."""
        if not record.lineno and record.pathname in ("", "(unknown file)", None):
            return _NO_SOURCE
        return SlogSource(caller_function(record), to_text(record.pathname), record.lineno)

    def _builtins(self, record: logging.LogRecord, msg: str, errors: list[str]) -> list[tuple[str, Any]]:
        """time, level, source and msg as ``replace_attr`` leaves them (the slow path: only with one)."""
        self._level(record.levelno)  # a level that is no number fails here, as without replace_attr
        attrs: list[tuple[str, Any]] = []
        if not self.disable_timestamp:
            attrs.append((TIME_KEY, self._datetime(record.created)))
        attrs.append((LEVEL_KEY, SlogLevel(slog_level(int.__int__(record.levelno)))))
        if self.add_source:
            attrs.append((SOURCE_KEY, self._source(record)))
        attrs.append((MESSAGE_KEY, msg))
        out = []
        for key, value in attrs:
            replaced = self._replace((), key, value, errors)
            if replaced is not None:
                out.append(replaced)
        return out

    def _datetime(self, created: float) -> datetime:
        """``record.created`` as the aware ``datetime`` the layout writes (to the microsecond, as the layout rounds)."""
        second, usec = divmod(round(created * 1_000_000), 1_000_000)
        zone: Optional[tzinfo] = self.tz
        if zone is None:
            tm = self.converter(second)
            zone = timezone(timedelta(seconds=tm.tm_gmtoff or 0), tm.tm_zone)
        return datetime.fromtimestamp(second, zone).replace(microsecond=usec)

    def _replace(self, groups: tuple[str, ...], key: str, value: Any, errors: list[str]) -> Optional[tuple[str, Any]]:
        """``replace_attr``'s answer, or the attribute as it was (and the failure in ``errors``) if it fails."""
        replace = self.replace_attr
        assert replace is not None
        try:
            result = replace(groups, key, value)
        except Exception as error:
            errors.append(f"replace_attr: {unprintable(replace, error)}")
            return key, value
        if result is None:
            return None
        if type(result) is tuple and len(result) == 2 and isinstance(result[0], str):
            return str.__str__(result[0]), result[1]
        errors.append(f"replace_attr: returned {to_text(type(result).__name__)}, not a (key, value) tuple or None")
        return key, value

    def _trace(self, record: logging.LogRecord, pairs: _fields.Pairs) -> list[tuple[str, Any]]:
        """The exception's ``error`` (unless a field has the name) and ``stack`` attributes."""
        out: list[tuple[str, Any]] = []
        stack = []
        if has_exception(record):
            summary = exception_summary(record)
            if summary is not None and all(key != ERROR_KEY for key, _ in pairs):
                out.append((ERROR_KEY, summary[1]))
            stack.append(exception_text(self, record).rstrip("\n"))
        if record.stack_info:
            stack.append(to_text(record.stack_info).rstrip("\n"))
        if stack:
            out.append((STACK_KEY, "\n".join(stack)))
        return out

    # -- the attributes --------------------------------------------------------------

    def _resolve(
        self, pairs: Iterable[tuple[Any, Any]], groups: tuple[str, ...], inside: set[int], errors: Optional[list[str]]
    ) -> list[tuple[str, Any]]:
        """The attributes as slog writes them, each layout alike: a group's members as a :class:`_Group`.

        ``replace_attr`` applied (when ``errors`` is given: where its failures
        go), empty attributes (``slog.Any("", nil)``, an empty source) and
        empty groups dropped, a group with an empty key inlined.
        """
        out: list[tuple[str, Any]] = []
        for key, value in pairs:
            if type(key) is not str:
                key = to_text(key)
            if _is_group(type(value), value) and self._group(out, key, value, groups, inside, errors):
                continue  # ReplaceAttr is never called for a group
            if errors is not None:
                replaced = self._replace(groups, key, value, errors)
                if replaced is None:
                    continue
                key, value = replaced
                if _is_group(type(value), value) and self._group(out, key, value, groups, inside, errors):
                    continue
            if (value is None and not key) or (type(value) is SlogSource and not any(value)):
                continue  # an empty attribute
            out.append((key, value))
        return out

    def _group(
        self,
        out: list[tuple[str, Any]],
        key: str,
        value: Any,
        groups: tuple[str, ...],
        inside: set[int],
        errors: Optional[list[str]],
    ) -> bool:
        """Add a group's members to ``out``; ``False`` if it can't be one (inside itself, too deep, unreadable)."""
        ident = id(value)
        if ident in inside or len(inside) >= MAX_DEPTH:
            return False
        try:
            items = list(value.items())
        except Exception:  # a mapping that breaks while read: written as its text
            return False
        inside.add(ident)
        try:
            members = self._resolve(items, (*groups, key) if key else groups, inside, errors)
        finally:
            inside.discard(ident)
        if not key:  # a group with an empty key is inlined
            out.extend(members)
        elif members:  # an empty group is left out
            out.append((key, _Group(members)))
        return True

    # -- text ----------------------------------------------------------------------

    def _format_text(self, record: logging.LogRecord) -> str:
        msg, trace, pairs = self._pipeline.read(record)
        if trace:
            pairs = pairs + self._trace(record, pairs)
        if self.replace_attr is not None:
            return self._format_text_replaced(record, msg, pairs)
        out = [] if self.disable_timestamp else ["time=" + self._time(record.created)]
        out.append("level=" + self._level(record.levelno))
        if self.add_source:
            source = self._source(record)
            if any(source):
                out.append("source=" + text_value(source))
        out.append("msg=" + text_string(msg))
        keys = self._key
        for key, value in pairs:  # the common values here, the rest (groups ...) by _resolve
            kind = type(value)
            if kind is str:
                out.append(keys[key] + text_string(value))
            elif kind is int:
                out.append(keys[key] + int_text(value))
            elif kind is float:
                out.append(keys[key] + go_float(value))
            else:
                self._text_attrs(out, self._resolve(((key, value),), (), set(), None), "")
        return " ".join(out)

    def _format_text_replaced(self, record: logging.LogRecord, msg: str, pairs: _fields.Pairs) -> str:
        out: list[str] = []
        errors: list[str] = []
        self._text_attrs(out, self._resolve(self._builtins(record, msg, errors), (), set(), None), "")
        self._text_attrs(out, self._resolve(pairs, (), set(), errors), "")
        if errors:
            out.append(f"{_fields.ERROR_KEY}={text_string('; '.join(errors))}")
        return " ".join(out)

    def _text_attrs(self, out: list[str], attrs: list[tuple[str, Any]], prefix: str) -> None:
        """Append ``key=value`` for each resolved attribute, a group's flattened to ``group.key=value``."""
        keys = self._key
        for key, value in attrs:
            if type(value) is _Group:
                self._text_attrs(out, value, f"{prefix}{key}.")
            else:
                out.append((keys[key] if not prefix else _group_key(prefix, key)) + text_value(value))

    # -- JSON ----------------------------------------------------------------------

    def _format_json(self, record: logging.LogRecord) -> str:
        msg, trace, pairs = self._pipeline.read(record)
        if trace:
            pairs = pairs + self._trace(record, pairs)
        if self.replace_attr is not None:
            return self._format_json_replaced(record, msg, pairs)
        level = '"level":"' + self._level(record.levelno) + '"'
        # "{" on the first part, not on the joined line (one copy less of a huge message)
        out = ["{" + level] if self.disable_timestamp else ['{"time":"' + self._time(record.created) + '"', level]
        if self.add_source:
            self._json_attrs(out, self._resolve([(SOURCE_KEY, self._source(record))], (), set(), None))
        out.append('"msg":' + json_string(msg))
        keys = self._key
        for key, value in pairs:  # the common values here, the rest (groups ...) by _resolve
            kind = type(value)
            if kind is str:
                out.append(keys[key] + json_string(value))
            elif kind is int:
                out.append(keys[key] + int_text(value))
            elif kind is float and -_INF < value < _INF:
                out.append(keys[key] + _json_float(value))
            else:
                self._json_attrs(out, self._resolve(((key, value),), (), set(), None))
        out[-1] += "}"  # on the last part, not on the joined line (one copy less of a huge message)
        return ",".join(out)

    def _format_json_replaced(self, record: logging.LogRecord, msg: str, pairs: _fields.Pairs) -> str:
        out: list[str] = []
        errors: list[str] = []
        self._json_attrs(out, self._resolve(self._builtins(record, msg, errors), (), set(), None))
        self._json_attrs(out, self._resolve(pairs, (), set(), errors))
        if errors:
            out.append(f'"{_fields.ERROR_KEY}":{json_string("; ".join(errors))}')
        return "{" + ",".join(out) + "}"

    def _json_attrs(self, out: list[str], attrs: list[tuple[str, Any]]) -> None:
        """Append ``"key":value`` for each resolved attribute, a group's as a nested object."""
        keys = self._key
        for key, value in attrs:
            if type(value) is _Group:
                members: list[str] = []
                self._json_attrs(members, value)
                out.append(keys[key] + "{" + ",".join(members) + "}")
            else:
                out.append(keys[key] + json_value(value))

    # -- when everything failed ----------------------------------------------------

    def _last_resort(self, record: logging.LogRecord, error: Exception) -> str:
        """A last-resort line when formatting failed twice: level, message and the failure, in slog's layout."""
        level, msg, failure = fallback_parts(record, error)
        try:
            level = self._level(record.levelno)
        except Exception:  # a level that is no number: the name fallback_parts found
            level = level.upper()
        if self.json:
            parts = (f'"level":{json_string(level)}', f'"msg":{json_string(msg)}', f'"{_fields.ERROR_KEY}":')
            return "{" + ",".join(parts) + json_string(failure) + "}"
        return f"level={text_string(level)} msg={text_string(msg)} {_fields.ERROR_KEY}={text_string(failure)}"
