"""``ZapFormatter``: go.uber.org/zap's JSON and console encoders (zap 1.23) for stdlib logging.

zap's production (``zap.NewProductionEncoderConfig``) or development
(``NewDevelopmentEncoderConfig``) encoder config, its keys and encoders
changed by options of their snake_case names, with ``zapcore.NewJSONEncoder``
or ``NewConsoleEncoder``.  This module parses the options; :mod:`._zapjson`
writes the values as zap's JSON encoder does.  The console layout is a
terminal layout: where zap writes control characters raw (message, logger
name, stack), it escapes them, and a multi-line message and the stack follow
the line on indented lines.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal, Optional, Union

from . import _fields, _jsonwrite, _terminal
from ._cache import BoundedCache
from ._destination import caller_is_terminal
from ._escape import terminal_escape
from ._formatter import FieldFormatter, FormatterOptions
from ._gofmt import to_text
from ._guard import fallback_line, fallback_parts, recover
from ._levels import ZAP_LEVELS, level_at_or_below
from ._options import (
    check_bool,
    check_choice,
    check_str,
    check_time_format,
    time_converter,
)
from ._record import INDENT, caller_function, exception_summary, exception_text, has_exception, terminal_lines
from ._zapjson import DURATION_ENCODERS, ZapJSON, ZapTime, time_encoder_kind

if TYPE_CHECKING or sys.version_info >= (3, 11):
    from ._formatter import Unpack

#: The keys of zap's two encoder configs: time, level, name, caller, function, message, stacktrace.
_KEYS: Final = {
    False: ("ts", "level", "logger", "caller", "", "msg", "stacktrace"),
    True: ("T", "L", "N", "C", "", "M", "S"),
}
LEVEL_ENCODERS: Final = ("lowercase", "capital", "color", "capitalColor")
CALLER_ENCODERS: Final = ("short", "full")
#: zap's level colours (``zapcore.levelToColor``): magenta, blue, yellow, then red.
_LEVEL_COLORS: Final = {"debug": 35, "info": 34, "warn": 33}
_RED: Final = 31
#: Call sites whose logger name, caller and function are kept, at most; and the longest name + path kept.
_SITES: Final = 1024
_SITE_TEXT: Final = 1024
#: What ``logging`` puts in ``pathname`` when it can't find the caller: zap's undefined caller.
_UNKNOWN_FILE: Final = "(unknown file)"


def short_caller_path(path: str) -> str:
    """zap's ``EntryCaller.TrimmedPath`` without ``:line``: the last directory and file (or the whole path)."""
    if os.sep != "/":  # Go's frames name files with "/" on every system
        path = path.replace(os.sep, "/")
    cut = path.rfind("/")
    if cut >= 0:
        cut = path.rfind("/", 0, cut)
    return path[cut + 1 :] if cut >= 0 else path


def _full_path(path: str) -> str:
    """zap's ``FullCallerEncoder`` without ``:line``."""
    return path


def _check_separator(name: str, value: object) -> str:
    """``console_separator``: any text a terminal line can hold (a tab, but no other control)."""
    text = check_str(name, value)
    if terminal_escape(text) != text:
        raise ValueError(f"{name} must not contain control characters (a tab is fine), not {text!r}")
    return text or "\t"  # zap's NewConsoleEncoder: an empty separator is a tab


class ZapFormatter(FieldFormatter):
    """go.uber.org/zap's JSON or console encoder (zap 1.23) for the ``logging`` module: Go's exact bytes.

    For a Python service beside Go services logging with zap
    (``zap.NewProduction()``, ``zap.NewDevelopment()``): the same lines, so
    the same parsers and dashboards read both.  The line is zap's entry: the
    level, the time, the logger name (zap's ``Named``; none for the root
    logger), the caller (zap's short caller, ``app/main.py:28``), the
    message, then the fields in the order given, and the stack last.  An
    exception adds zap's ``error`` field (``str(exc)``, once even with
    [FieldLogger.with_error][prefixlog.FieldLogger.with_error]) and its
    traceback is the entry's stack (``stack_info`` after it); ``stack_info``
    alone is the stack.  The console encoding is a terminal layout: control
    characters are escaped and a multi-line message and the stack follow
    the line, indented.  Options are checked when the formatter is made and
    fixed from then on.

    Args:
        *args: ``logging.Formatter``'s positional ``fmt``, ``datefmt``,
            ``style``, ``validate``: see
            [FormatterOptions][prefixlog.FormatterOptions].  Here ``datefmt``
            is a Go time layout, as ``time_encoder={"layout": datefmt}``.
        encoding: ``"json"`` or ``"console"``.  Default ``"json"``; zap's
            ``Config.Encoding`` (``zapcore.NewJSONEncoder`` /
            ``NewConsoleEncoder``).
        development: zap's development encoder config instead of the
            production one: keys ``L T N C M S`` instead of ``level ts logger
            caller msg stacktrace``, capital levels, ISO 8601 times,
            durations as text.  Default ``False``; zap's
            ``NewDevelopmentEncoderConfig`` (else ``NewProductionEncoderConfig``).
        add_caller: Write the record's caller.  Default ``True``; zap's
            ``zap.AddCaller()``.
        time_key: The time's key; ``""`` leaves the time out.  Default
            ``None``: the config's (``ts``, development ``T``); zap's
            ``EncoderConfig.TimeKey``.
        level_key: The level's key; ``""`` leaves it out.  Default ``None``:
            the config's (``level``, development ``L``); zap's
            ``EncoderConfig.LevelKey``.
        name_key: The logger name's key; ``""`` leaves it out.  Default
            ``None``: the config's (``logger``, development ``N``); zap's
            ``EncoderConfig.NameKey``.
        caller_key: The caller's key; ``""`` leaves it out.  Default
            ``None``: the config's (``caller``, development ``C``); zap's
            ``EncoderConfig.CallerKey``.
        function_key: The function's key: set, it writes
            ``<module>.<funcName>``.  Default ``None``: the config's (empty
            in both: no function); zap's ``EncoderConfig.FunctionKey``.
        message_key: The message's key; ``""`` leaves it out.  Default
            ``None``: the config's (``msg``, development ``M``); zap's
            ``EncoderConfig.MessageKey``.
        stacktrace_key: The stack's key; ``""`` leaves it out.  Default
            ``None``: the config's (``stacktrace``, development ``S``); zap's
            ``EncoderConfig.StacktraceKey``.
        console_separator: What the console encoding writes between its
            parts.  Default ``"\\t"`` (a tab); zap's
            ``EncoderConfig.ConsoleSeparator``.
        time_encoder: How the time is written: ``"epoch"`` (seconds, a
            float), ``"millis"``, ``"nanos"``, ``"iso8601"``, ``"rfc3339"``,
            ``"rfc3339nano"`` or ``{"layout": "<Go layout>"}``.  Default
            ``None``: ``datefmt`` as a layout if given, else the config's
            (``"epoch"``, development ``"iso8601"``); zap's
            ``EncoderConfig.EncodeTime``.
        level_encoder: How the level is written: ``"lowercase"``,
            ``"capital"``, ``"color"`` or ``"capitalColor"``.  Default
            ``None``: the config's (``"lowercase"``, development
            ``"capital"``); zap's ``EncoderConfig.EncodeLevel``.
        duration_encoder: How a ``timedelta`` is written: ``"seconds"`` (a
            float), ``"nanos"``, ``"ms"`` or ``"string"`` (``1.5ms``).
            Default ``None``: the config's (``"seconds"``, development
            ``"string"``); zap's ``EncoderConfig.EncodeDuration``.
        caller_encoder: ``"short"`` (the file's directory and name,
            ``:line``) or ``"full"`` (the whole path).  Default ``"short"``;
            zap's ``EncoderConfig.EncodeCaller``.
        **options: The options every formatter takes: ``fmt``, ``datefmt``,
            ``style``, ``validate``, ``defaults``, ``static_fields``,
            ``reserved_attrs``, ``exclude_fields``, ``stream`` (where the
            lines go: a JSON line bound for a terminal has DEL, C1 and
            bidirectional controls escaped), ``tz`` (Go's ``time.Local`` by
            default) and ``disable_timestamp`` (``time_key=""``); see
            [FormatterOptions][prefixlog.FormatterOptions].
    """

    def __init__(
        self,
        *args: Any,
        encoding: Literal["json", "console"] = "json",
        development: bool = False,
        add_caller: bool = True,
        time_key: Optional[str] = None,
        level_key: Optional[str] = None,
        name_key: Optional[str] = None,
        caller_key: Optional[str] = None,
        function_key: Optional[str] = None,
        message_key: Optional[str] = None,
        stacktrace_key: Optional[str] = None,
        console_separator: str = "\t",
        time_encoder: Union[
            Literal["epoch", "millis", "nanos", "iso8601", "rfc3339", "rfc3339nano"], Mapping[str, str], None
        ] = None,
        level_encoder: Optional[Literal["lowercase", "capital", "color", "capitalColor"]] = None,
        duration_encoder: Optional[Literal["seconds", "nanos", "ms", "string"]] = None,
        caller_encoder: Literal["short", "full"] = "short",
        **options: Unpack[FormatterOptions],
    ) -> None:
        super().__init__(*args, **options)
        datefmt = self.datefmt
        self.encoding = check_choice("encoding", encoding, ("json", "console"))
        self.development = check_bool("development", development)
        self.add_caller = check_bool("add_caller", add_caller)
        given = (time_key, level_key, name_key, caller_key, function_key, message_key, stacktrace_key)
        names = ("time_key", "level_key", "name_key", "caller_key", "function_key", "message_key", "stacktrace_key")
        keys = [
            default if key is None else check_str(name, key)
            for key, name, default in zip(given, names, _KEYS[development], strict=True)
        ]
        if self.disable_timestamp:
            keys[0] = ""
        (self.time_key, self.level_key, self.name_key, self.caller_key) = keys[:4]
        (self.function_key, self.message_key, self.stacktrace_key) = keys[4:]
        self.console_separator = _check_separator("console_separator", console_separator)
        if time_encoder is None:
            time_encoder = {"layout": datefmt} if datefmt else ("iso8601" if development else "epoch")
        self.time_encoder = MappingProxyType(dict(time_encoder)) if isinstance(time_encoder, Mapping) else time_encoder
        kind, layout = time_encoder_kind("time_encoder", time_encoder)
        if level_encoder is None:
            level_encoder = "capital" if development else "lowercase"
        self.level_encoder = check_choice("level_encoder", level_encoder, LEVEL_ENCODERS)
        if duration_encoder is None:
            duration_encoder = "string" if development else "seconds"
        self.duration_encoder = check_choice("duration_encoder", duration_encoder, DURATION_ENCODERS)
        self.caller_encoder = check_choice("caller_encoder", caller_encoder, CALLER_ENCODERS)
        self._stream_is_terminal = _terminal.is_terminal(self.stream)
        console = self.encoding == "console"
        self._json = ZapJSON(
            spaced=console,
            time=self._time_value,
            duration=self.duration_encoder,
            terminal=console or (self._stream_given and self._stream_is_terminal),
        )
        converter = time_converter(self, self.tz)  # a tz is also the converter, so formatTime agrees
        time_layout = None
        if layout is not None:
            time_layout = check_time_format("time_encoder", layout).in_zone(converter)
        self._time = ZapTime(kind, time_layout, self._json.string)
        self._fields = _fields.FieldPipeline(None, sort=False, sources=self._sources)
        self._levels = {number: self._level_text(number) for number in ZAP_LEVELS}
        key_texts = (self.level_key, self.time_key, self.name_key, self.caller_key, self.function_key)
        string = self._json.string
        #: ``,"<key>":`` for each part of a JSON line (the first one loses its comma)
        self._heads = tuple(f",{string(key)}:" for key in (*key_texts, self.message_key, self.stacktrace_key))
        self._level_json = {number: string(text) for number, text in self._levels.items()}
        self._names = BoundedCache(terminal_escape if console else string)  # logger names, as the layout writes them
        trim = short_caller_path if self.caller_encoder == "short" else _full_path
        if console:
            self._callers = BoundedCache(lambda path: terminal_escape(trim(path) + ":"))
        else:
            self._callers = BoundedCache(lambda path: string(trim(path) + ":")[:-1])
        self._sites: dict[tuple[int, str, str, int], tuple[str, ...]] = {}
        self._layout = self._console_line if console else self._json_line

    def _time_value(self, moment: datetime) -> str:
        return self._time.value(moment)

    def _converter_changed(self) -> None:
        """``converter`` was assigned (``time.gmtime`` for UTC, as in the stdlib): times are written with it."""
        if self.tz is None and self._time.layout is not None:
            self._time.layout = self._time.layout.in_zone(self.converter)

    def _level_text(self, levelno: int) -> str:
        """zap's level encoder: the nearest zap level at or below, lower or upper case, coloured or not."""
        name = level_at_or_below(levelno, ZAP_LEVELS)
        encoder = self.level_encoder
        text = name.upper() if encoder in ("capital", "capitalColor") else name
        if encoder in ("color", "capitalColor"):
            return f"\x1b[{_LEVEL_COLORS.get(name, _RED)}m{text}\x1b[0m"
        return text

    def _caller(self, record: logging.LogRecord) -> Optional[tuple[str, str]]:
        """``(caller, function)`` as the layout writes them (JSON strings, or escaped for a terminal); ``None``: none.

        The caller is zap's caller encoder's ``<path>:<line>``, the function ``Caller.Function``.
        """
        path = record.pathname
        if not self.add_caller or not path or path == _UNKNOWN_FILE:
            return None
        line = record.lineno
        head = self._callers[path if type(path) is str else to_text(path)]  # "<path>: escaped, without the line
        json = self.encoding == "json"
        if type(line) is int and -(10**18) < line < 10**18:
            caller = head + int.__repr__(line)
        else:  # a line that is no number: its text, escaped as the rest of the caller
            text = to_text(line)
            caller = head + (self._json.string(text)[1:-1] if json else terminal_escape(text))
        if json:
            caller += '"'
        if not self.function_key:
            return caller, ""
        function = caller_function(record)
        return caller, self._json.string(function) if json else terminal_escape(function)

    def _site(self, record: logging.LogRecord) -> tuple[str, ...]:
        """What the layout writes of the level, logger name, caller and function (:meth:`_site_parts`).

        Without a ``function_key`` they depend on the level and the call
        site alone (the logger, the file and the line), so they are made
        once per site: a plain record costs one lookup.
        """
        levelno, name, path, line = record.levelno, record.name, record.pathname, record.lineno
        if self.function_key or type(levelno) is not int or type(name) is not str or type(path) is not str:
            return self._site_parts(record)  # the function too, or an odd record: made each time
        if type(line) is not int:
            return self._site_parts(record)
        key = (levelno, name, path, line)
        site = self._sites.get(key)
        if site is None:
            site = self._site_parts(record)
            if len(name) + len(path) <= _SITE_TEXT:  # a bounded memo, as the other caches
                if len(self._sites) >= _SITES:
                    self._sites.clear()
                self._sites[key] = site
        return site

    def _site_parts(self, record: logging.LogRecord) -> tuple[str, ...]:
        """JSON: the logger name, caller and function pieces, each after its key (the level is written before the time).

        Console: one text, the level, logger name, caller and function
        elements each after a separator (the first one without, when the
        layout writes no time).
        """
        json, heads = self.encoding == "json", self._heads
        elements: list[str] = []
        if self.level_key and not json:
            elements.append(self._levels.get(record.levelno) or self._level_text(record.levelno))
        name = record.name
        if self.name_key and name and name != "root":
            text = self._names[name if type(name) is str else to_text(name)]
            elements += (heads[2], text) if json else (text,)
        caller = self._caller(record)
        if caller is not None:
            if self.caller_key:
                elements += (heads[3], caller[0]) if json else (caller[0],)
            if self.function_key:
                elements += (heads[4], caller[1]) if json else (caller[1],)
        if json:
            return tuple(elements)
        separator = self.console_separator
        return ("".join(separator + text for text in elements) if self.time_key else separator.join(elements),)

    def _stack(self, record: logging.LogRecord, trace: bool) -> str:
        """The entry's stack: the traceback, then ``stack_info``."""
        if not trace or not self.stacktrace_key:
            return ""
        parts = []
        if has_exception(record):
            parts.append(exception_text(self, record).rstrip("\n"))
        if record.stack_info:
            parts.append(to_text(record.stack_info).rstrip("\n"))
        return "\n".join(parts)

    def _pairs(self, record: logging.LogRecord, trace: bool, pairs: _fields.Pairs) -> _fields.Pairs:
        """The fields, and zap's ``error`` field for an exception (unless ``with_error`` gave it already)."""
        if trace and has_exception(record):
            summary = exception_summary(record)
            if summary is not None:
                error = record.exc_info[1] if record.exc_info else None
                if not any(key == "error" and value is error for key, value in pairs):
                    pairs = [*pairs, ("error", summary[1])]
        return pairs

    def _json_line(self, record: logging.LogRecord) -> str:
        """zap's ``jsonEncoder.EncodeEntry``, without the final newline (its pieces joined once)."""
        msg, trace, pairs = self._fields.read(record)
        string, heads = self._json.string, self._heads
        pieces: list[str] = []
        if self.level_key:
            level = self._level_json.get(record.levelno)
            pieces += (heads[0], level if level is not None else string(self._level_text(record.levelno)))
        if self.time_key:
            pieces += (heads[1], self._time.record_json(record.created))
        pieces += self._site(record)
        if self.message_key:
            pieces += (heads[5], string(msg))
        pairs = self._pairs(record, trace, pairs)
        if pairs:
            self._json.add_pairs(pairs, pieces, first=not pieces)
        stack = self._stack(record, trace)
        if stack:
            pieces += (heads[6], string(stack))
        if pieces:
            pieces[0] = "{" + pieces[0].removeprefix(",")  # the first head (a key) or pair (its key): short
        else:
            pieces.append("{")
        pieces.append("}")
        return "".join(pieces)

    def _console_line(self, record: logging.LogRecord) -> str:
        """zap's ``consoleEncoder.EncodeEntry`` as a terminal line, without the final newline."""
        msg, trace, pairs = self._fields.read(record)
        (head,) = self._site(record)
        if self.time_key:
            head = self._time.record_console(record.created) + head
        separator = self.console_separator
        pieces = [head]
        started = bool(head)  # zap's addSeparatorIfNecessary: a separator once the line holds anything
        more: list[str] = []
        if self.message_key:
            first, more = (msg, more) if msg.isprintable() else terminal_lines(msg)  # one printable line: as it is
            if started:
                pieces.append(separator)
            pieces.append(first)
            started = started or bool(first)
        if trace:
            pairs = self._pairs(record, trace, pairs)
        if pairs:
            if started:
                pieces.append(separator)
            pieces.append("{")
            self._json.add_pairs(pairs, pieces, first=True)
            pieces.append("}")
        stack = self._stack(record, trace) if trace else ""
        for text in [*more, *stack.split("\n")] if stack else more:
            pieces += ("\n", INDENT, terminal_escape(text))
        return "".join(pieces)

    def format(self, record: logging.LogRecord) -> str:
        """The record as zap writes it, without the final newline; never raises.

        A JSON line bound for a terminal (``stream``, or the handler's)
        that holds a DEL, C1 or bidirectional control has them ``\\u`` escaped.
        A record that can't be written as it is is written repaired, saying
        why (see ``_guard``).

        Args:
            record: The record to write.

        Returns:
            The JSON encoder's line (the console encoder's with
            ``encoding="console"``, followed by the indented stack and
            further message lines), without the final newline.
        """
        layout = self._layout
        try:
            text = layout(record)
        except Exception as error:  # never let logging take the application down
            text = recover(layout, record, error, self._last_resort)
        json_text = self.encoding == "json" and not self._stream_given
        if (
            json_text
            and _jsonwrite.has_terminal_controls(text)
            and caller_is_terminal(sys._getframe(1), self._stream_is_terminal)
        ):
            text = _jsonwrite.terminal_fixups(text)
        return text

    def _last_resort(self, record: logging.LogRecord, error: Exception) -> str:
        """A last-resort line when formatting failed twice: level, message and the failure."""
        if self.encoding == "console":
            return fallback_line(record, error)
        level, msg, failure = fallback_parts(record, error)
        data = {self.level_key or "level": level, self.message_key or "msg": msg, _fields.ERROR_KEY: failure}
        text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
        return _jsonwrite.go_fixups(text, escape_html=False)
