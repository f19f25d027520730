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
import sys
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING, Any, Optional, Union

from . import _fields
from ._cache import BoundedCache
from ._formatter import FieldFormatter, FormatterOptions
from ._gofmt import go_float, int_text, to_text, unprintable
from ._gojson import MAX_DEPTH
from ._guard import fallback_parts, recover
from ._levels import slog_level
from ._options import (
    check_bool,
    check_unsupported,
    resolve_callable,
    time_converter,
)
from ._record import caller_function, exception_summary, exception_text, has_exception
from ._slog_values import (
    ERROR_KEY,
    INF,
    LEVEL_KEY,
    MESSAGE_KEY,
    NO_SOURCE,
    SOURCE_KEY,
    STACK_KEY,
    TIME_KEY,
    Clock,
    SlogLevel,
    SlogSource,
    group_key,
    is_group,
    json_float,
    json_string,
    json_value,
    level_text,
    text_string,
    text_value,
)

if TYPE_CHECKING or sys.version_info >= (3, 11):
    from ._formatter import Unpack


class _Group(list):  # type: ignore[type-arg]
    """A group's members once resolved (see ``SlogFormatter._resolve``): ``(key, value)`` pairs."""

    __slots__ = ()


# -- the formatter -------------------------------------------------------------------


class SlogFormatter(FieldFormatter):
    """Go ``log/slog``'s ``TextHandler``, or its ``JSONHandler`` with ``json=True``, for the ``logging`` module.

    Byte for byte what Go 1.27's handlers write, so a Go service and the
    Python one beside it write the same lines.  The line is ``time``,
    ``level``, ``source`` (with ``add_source``), ``msg``, then the fields in
    the order given; nothing is renamed.  The level is slog's:
    ⌊(levelno − 20) × 2 / 5⌋, so DEBUG ``DEBUG``, INFO ``INFO``, WARNING
    ``WARN``, ERROR ``ERROR``, CRITICAL ``ERROR+4``, TRACE ``DEBUG-2``.  A
    ``dict`` value is a slog group, and
    [FieldLogger.with_group][prefixlog.FieldLogger.with_group] is
    ``Logger.WithGroup``.  An exception adds ``error`` (its ``str()``,
    unless the record has an ``error`` field already) and ``stack`` (the
    traceback; ``stack_info`` too).  Options are checked when the formatter
    is made and fixed from then on.

    Args:
        *args: ``logging.Formatter``'s positional ``fmt``, ``datefmt``,
            ``style``, ``validate``: see
            [FormatterOptions][prefixlog.FormatterOptions].  slog's time
            layout is fixed, so ``datefmt`` must be ``None``.
        json: The JSON handler; the text handler otherwise.  Default
            ``False``; slog's ``NewJSONHandler`` (else ``NewTextHandler``).
        add_source: Write the caller: ``source=/srv/app/shop.py:28`` in
            text, ``"source":{"function":...,"file":...,"line":...}`` in
            JSON (the function is ``<module>.<funcName>``).  Default
            ``False``; slog's ``HandlerOptions.AddSource``.
        replace_attr: ``f(groups, key, value) -> (key, value)``, or ``None``
            to drop the attribute; a callable or a dotted path.  Called for
            every attribute that is not a group, with the names of the groups
            it is in (a tuple), and for slog's own ``time`` (a ``datetime``),
            ``level`` (a [SlogLevel][prefixlog.SlogLevel]), ``source`` (a
            [SlogSource][prefixlog.SlogSource]) and ``msg``, with no groups.
            If it raises or returns something else, the attribute is written
            as it was and a ``prefixlog_error`` field says why.  Default
            ``None``: attributes as they are; slog's ``HandlerOptions.ReplaceAttr``.
        **options: The options every formatter takes: ``fmt``, ``datefmt``,
            ``style``, ``validate``, ``defaults``, ``static_fields``,
            ``reserved_attrs``, ``exclude_fields``, ``stream`` (accepted and
            changing nothing: slog writes the same bytes everywhere), ``tz``
            (Go's ``time.Local`` by default) and ``disable_timestamp`` (no
            ``time``, as a ``ReplaceAttr`` that drops it); see
            [FormatterOptions][prefixlog.FormatterOptions].
    """

    def __init__(
        self,
        *args: Any,
        json: bool = False,
        add_source: bool = False,
        replace_attr: Union[Callable[[tuple[str, ...], str, Any], Optional[tuple[str, Any]]], str, None] = None,
        **options: Unpack[FormatterOptions],
    ) -> None:
        super().__init__(*args, **options)
        check_unsupported("datefmt", self.datefmt, (None,), "slog's time layout is fixed; change it with replace_attr")
        self.json = check_bool("json", json)
        self.add_source = check_bool("add_source", add_source)
        self.replace_attr: Optional[Callable[[tuple[str, ...], str, Any], Optional[tuple[str, Any]]]] = (
            resolve_callable("replace_attr", replace_attr)
        )
        self._pipeline = _fields.FieldPipeline(None, sort=False, sources=self._sources)
        self._levels: dict[object, str] = {}
        self._time = self._time_format(time_converter(self, self.tz))
        if self.json:
            self._key = BoundedCache(lambda key: json_string(key) + ":")
            self._layout: Callable[[logging.LogRecord], str] = self._format_json
        else:
            self._key = BoundedCache(lambda key: text_string(key) + "=")
            self._layout = self._format_text

    def _time_format(self, converter: Any) -> Clock:
        return Clock(self.json, converter)

    def _converter_changed(self) -> None:
        """``converter`` was assigned (``time.gmtime`` for UTC, as in the stdlib): times are written with it."""
        if self.tz is None:
            self.__dict__["_time"] = self._time_format(self.converter)

    def format(self, record: logging.LogRecord) -> str:
        """The record as slog writes it, without the final newline; never raises.

        A record that can't be written as it is is written repaired, saying
        why (see ``_guard``).

        Args:
            record: The record to write.

        Returns:
            The text handler's line (the JSON handler's with ``json``),
            without the final newline (the handler adds it).
        """
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
            name = level_text(levelno)
            if len(self._levels) < 256:
                self._levels[levelno] = name
            return name

    def _source(self, record: logging.LogRecord) -> SlogSource:
        """The caller as a ``slog.Source``; empty when logging found none (Go's record without a PC)."""
        if not record.lineno and record.pathname in ("", "(unknown file)", None):
            return NO_SOURCE
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
            if is_group(type(value), value) and self._group(out, key, value, groups, inside, errors):
                continue  # ReplaceAttr is never called for a group
            if errors is not None:
                replaced = self._replace(groups, key, value, errors)
                if replaced is None:
                    continue
                key, value = replaced
                if is_group(type(value), value) and self._group(out, key, value, groups, inside, errors):
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
                out.append((keys[key] if not prefix else group_key(prefix, key)) + text_value(value))

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
            elif kind is float and -INF < value < INF:
                out.append(keys[key] + json_float(value))
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
