"""``ZerologFormatter``: rs/zerolog's JSON line (v1.26.1), or that line rendered by its ``ConsoleWriter``.

The JSON line is what ``zerolog.New(w).With().Timestamp().Logger()`` writes:
``level``, the fields in the order given (context, bound, ``extra=``), the
record's exception as ``stack`` and ``error``, then ``time``, ``caller``
(``report_caller``) and ``message`` (left out when empty), each string
escaped as zerolog's encoder does.  The console layout decodes that line as
``ConsoleWriter`` does and renders it (:mod:`prefixlog._zerolog_console`).
Where Go's bytes break the safety rules prefixlog writes a safe form: the
JSON line escapes the C1 controls (U+0085 too), U+2028 and U+2029, which
zerolog writes raw (and, for a terminal, the bidirectional controls); the
console layout is a terminal layout.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final, Optional, Union

from . import _fields, _terminal
from ._destination import PerDestination
from ._escape import go_quote
from ._formatter import FieldFormatter, FormatterOptions
from ._gofmt import int_text, to_text
from ._guard import fallback_line, fallback_parts
from ._jsonwrite import RawNumber, terminal_fixups
from ._levels import ZEROLOG_LEVELS, level_at_or_below
from ._options import check_bool, check_str, check_time_format, time_converter
from ._record import exception_summary, exception_text, has_exception
from ._values import parse_go_duration, timedelta_nanoseconds
from ._zerolog_console import SPECIAL_KEYS, ConsoleWriter, FieldTime, needs_quote
from ._zerolog_values import ZerologValues, field_key, go_string, zerolog_string

if TYPE_CHECKING or sys.version_info >= (3, 11):
    from ._formatter import Unpack

#: zerolog's ``TimeFormatUnix`` (``""``), ``TimeFormatUnixMs`` and ``TimeFormatUnixMicro``, by their option names.
UNIX_FORMATS: Final = ("UNIX", "UNIXMS", "UNIXMICRO")


class ZerologFormatter(PerDestination, FieldFormatter):
    """rs/zerolog (v1.26.1) for the ``logging`` module: its JSON line, or that line through ``ConsoleWriter``.

    The JSON line is what ``zerolog.New(w).With().Timestamp().Logger()``
    writes, byte for byte, for a Python service beside Go services logging
    with zerolog: ``level``, the fields in the order given, ``time``,
    ``message``.  Levels are zerolog's nearest at or below the record's
    (TRACE ``trace``, CRITICAL ``fatal``, PANIC ``panic``).  A record's
    exception adds zerolog's ``stack`` (the traceback; the record's
    ``stack_info`` after it) and ``error`` (``str(exc)``) fields, as
    ``.Stack().Err(err)`` does; ``stack_info`` alone is ``stack``.  A
    ``dict`` value is zerolog's ``Dict``, a list of ``str`` or of ``int``
    its ``Strs``/``Ints``, a ``datetime`` ``Time``, a ``timedelta`` ``Dur``,
    an exception ``AnErr``; other values are written as ``Interface``
    writes them (Go's ``json.Marshal``).  Options are checked when the
    formatter is made and fixed from then on.

    Args:
        *args: ``logging.Formatter``'s positional ``fmt``, ``datefmt``,
            ``style``, ``validate``: see
            [FormatterOptions][prefixlog.FormatterOptions].  Here ``datefmt``
            is the ``time_format`` (console) or the ``time_field_format``
            (JSON) when that is not given.
        console: The line rendered by ``ConsoleWriter``
            (``3:26PM INF have a nice day count=5``) instead of the JSON
            line.  Default ``False``; zerolog's ``zerolog.ConsoleWriter``.
        no_color: Console only: no colours.  Default ``None``: decided from
            the destination as the other terminal layouts do (``NO_COLOR``,
            ``FORCE_COLOR``, ``TERM=dumb``, then whether the stream is a
            terminal); zerolog's ``ConsoleWriter.NoColor``.
        report_caller: Write the ``caller`` field, ``<pathname>:<lineno>``.
            Default ``False``; zerolog's ``.Caller()``.
        time_field_format: How the time and ``datetime`` fields are
            written: a Go layout, or ``"UNIX"``, ``"UNIXMS"``,
            ``"UNIXMICRO"`` (any case; ``""`` is Go's ``TimeFormatUnix``).
            Default ``None``: ``datefmt`` (JSON), else ``time.RFC3339``
            (whole seconds); zerolog's ``zerolog.TimeFieldFormat``.
        duration_field_unit: The unit a ``timedelta`` field is written in:
            a Go duration string (``"1s"``) or a ``timedelta``.  Default
            ``"1ms"``; zerolog's ``zerolog.DurationFieldUnit``.
        duration_field_integer: Write ``timedelta`` fields as whole units.
            Default ``False``; zerolog's ``zerolog.DurationFieldInteger``.
        time_format: Console only: the time's Go layout.  Default ``None``:
            ``datefmt`` (console), else ``""``, Go's ``time.Kitchen``
            (``3:04PM``); zerolog's ``ConsoleWriter.TimeFormat``.
        cwd: Console only: the directory the caller is made relative to.
            Default ``None``: the process's working directory when the
            record is written (as ``ConsoleWriter`` does).
        **options: The options every formatter takes: ``fmt``, ``datefmt``,
            ``style``, ``validate``, ``defaults``, ``static_fields``,
            ``reserved_attrs``, ``exclude_fields``, ``stream`` (whose
            TTY-ness decides the console's colours), ``tz`` (Go's
            ``time.Local`` by default) and ``disable_timestamp`` (a logger
            without ``.Timestamp()``: no ``time``; the console then shows
            ``<nil>``, as zerolog does); see
            [FormatterOptions][prefixlog.FormatterOptions].
    """

    def __init__(
        self,
        *args: Any,
        console: bool = False,
        no_color: Optional[bool] = None,
        report_caller: bool = False,
        time_field_format: Optional[str] = None,
        duration_field_unit: Union[str, timedelta] = "1ms",
        duration_field_integer: bool = False,
        time_format: Optional[str] = None,
        cwd: Union[str, os.PathLike[str], None] = None,
        **options: Unpack[FormatterOptions],
    ) -> None:
        super().__init__(*args, **options)
        datefmt = self.datefmt
        self.console = check_bool("console", console)
        if no_color is not None:
            check_bool("no_color", no_color)
        self.no_color = no_color
        self.report_caller = check_bool("report_caller", report_caller)
        if time_field_format is None:
            time_field_format = datefmt if datefmt is not None and not self.console else "2006-01-02T15:04:05Z07:00"
        self.time_field_format = _check_time_field_format("time_field_format", time_field_format)
        self.duration_field_unit = duration_field_unit
        self._unit = _check_unit("duration_field_unit", duration_field_unit)
        self.duration_field_integer = check_bool("duration_field_integer", duration_field_integer)
        if time_format is None:
            time_format = datefmt if datefmt is not None and self.console else ""
        self.time_format = check_str("time_format", time_format)
        self.cwd = _check_cwd("cwd", cwd)
        converter = time_converter(self, self.tz)
        self._time = FieldTime(self.time_field_format, converter)
        self._values = ZerologValues(self._time, self.time_field_format, self._unit, self.duration_field_integer)
        self._display = check_time_format("time_format", self.time_format or "3:04PM")
        self._levels: dict[int, str] = {}
        self._pipeline = _fields.FieldPipeline(None, sort=False, sources=self._sources)
        self._init_destination(self.stream, given=self._stream_given)

    # -- layouts ---------------------------------------------------------------

    def _decide(self, terminal: bool) -> tuple[bool, ...]:
        if not self.console:
            return (terminal,)  # JSON: for a terminal, the bidirectional controls are escaped too
        if self.no_color is not None:
            return (not self.no_color,)
        return (_terminal.auto_colors(terminal),)

    def _setup_layout(self, decided: tuple[bool, ...]) -> None:
        (flag,) = decided
        if self.console:
            self.colored = flag
            writer = ConsoleWriter(colored=flag, display=self._display, field_time=self._time, cwd=self.cwd)
            self._layout = functools.partial(self._console_line, writer)
        elif flag:
            self._layout = lambda record: terminal_fixups(self._line(record))
        else:
            self._layout = self._line

    def _converter_changed(self) -> None:
        """``converter`` was assigned (``time.gmtime`` for UTC, as in the stdlib): times are written with it."""
        if self.tz is None:
            self.__dict__["_time"] = FieldTime(self.time_field_format, self.converter)
            self.__dict__["_values"] = ZerologValues(
                self._time, self.time_field_format, self._unit, self.duration_field_integer
            )
            self._init_destination(self.stream, given=self._stream_given)

    def _last_resort(self, record: logging.LogRecord, error: Exception) -> str:
        """A last-resort line when formatting failed: level, message and the failure (JSON in the JSON layout)."""
        if self.console:
            return fallback_line(record, error)
        level, msg, failure = fallback_parts(record, error)
        levelno = getattr(record, "levelno", None)
        if type(levelno) is int:
            level = level_at_or_below(levelno, ZEROLOG_LEVELS)
        pairs = (("level", level), ("message", msg), (_fields.ERROR_KEY, failure))  # zerolog's order
        return "{" + ",".join(f"{zerolog_string(k)}:{zerolog_string(v)}" for k, v in pairs) + "}"

    # -- the JSON line ---------------------------------------------------------

    def _level(self, levelno: int) -> str:
        name = self._levels.get(levelno)
        if name is None:
            if not isinstance(levelno, int):
                raise TypeError(f"levelno is not a level number: {levelno!r}")
            name = level_at_or_below(levelno, ZEROLOG_LEVELS)
            if len(self._levels) < 256:
                self._levels[levelno] = name
        return name

    def _read(self, record: logging.LogRecord) -> tuple[str, _fields.Pairs, list[tuple[str, str]]]:
        """The message, the fields, and the exception's ``stack`` and ``error`` fields."""
        msg, trace, pairs = self._pipeline.read(record)
        extra = []
        if trace:
            stack, error = self._trace(record, pairs)
            if stack:
                extra.append(("stack", stack))
            if error is not None:
                extra.append(("error", error))
        return msg, pairs, extra

    def _line(self, record: logging.LogRecord) -> str:
        """The record's zerolog JSON line, without the newline."""
        msg, pairs, extra = self._read(record)
        out = ['{"level":"', self._level(record.levelno), '"']
        value = self._values.json
        for key, item in pairs:
            out.append(f",{zerolog_string(field_key(key))}:{value(item)}")
        for key, text in extra:
            out.append(f",{zerolog_string(key)}:{zerolog_string(text)}")
        if not self.disable_timestamp:
            out.append(f',"time":{self._time.record(record.created)}')
        if self.report_caller:
            out.append(f',"caller":{zerolog_string(self._caller(record))}')
        if msg:
            out.append(f',"message":{zerolog_string(msg)}')
        out.append("}")
        return "".join(out)

    def _console_line(self, writer: ConsoleWriter, record: logging.LogRecord) -> str:
        """The console line: the plain record's straight from its fields, the others through the decoded event."""
        msg, trace, pairs = self._pipeline.read(record)
        if trace or self.report_caller or self.disable_timestamp:
            return writer.write(self._event(record, *self._read(record)), record.created)
        extra: list[tuple[str, str]] = []
        shown: dict[str, str] = {}
        for key, item in pairs:  # as write() shows them: plain names; ASCII text, floats, ints
            if type(key) is not str or key in SPECIAL_KEYS or not key.isascii():
                return writer.write(self._event(record, msg, pairs, extra), record.created)
            kind = type(item)
            if kind is str and item.isascii():
                text = go_quote(item) if needs_quote(item) else item
            elif kind is float:
                text = repr(item)
                if "e" in text or "n" in text:
                    return writer.write(self._event(record, msg, pairs, extra), record.created)
                if text[-2:] == ".0":
                    text = text[:-2]
            elif kind is int:
                text = int_text(item)
            else:
                return writer.write(self._event(record, msg, pairs, extra), record.created)
            shown[key] = text  # a later value of a key replaces an earlier one, where it was
        fields: list[str] = []
        heads = writer.heads
        for key in sorted(shown):
            fields += (" ", heads[key], shown[key])
        created = record.created
        level = self._levels.get(record.levelno) or self._level(record.levelno)
        text = msg if msg.isascii() else go_string(msg)
        field_time = self._time
        moment = field_time.record_value(created) if field_time.format is None else field_time.format.text(created)
        return writer.line(moment, created, level, None, text, fields)

    def _event(
        self, record: logging.LogRecord, msg: str, pairs: _fields.Pairs, extra: list[tuple[str, str]]
    ) -> dict[str, Any]:
        """What ``ConsoleWriter`` decodes from the record's JSON line (a later key replaces an earlier one)."""
        event: dict[str, Any] = {"level": self._level(record.levelno)}
        value = self._values.decoded
        for key, item in pairs:
            if type(key) is not str or not key.isascii():
                key = go_string(field_key(key))
            kind = type(item)  # the common values at once, as decoded() has them
            if kind is str and item.isascii():
                event[key] = item
            elif kind is float:
                text = repr(item)
                if "e" in text or "n" in text:
                    event[key] = value(item)
                else:
                    event[key] = RawNumber(text[:-2] if text[-2:] == ".0" else text)
            else:
                event[key] = value(item)
        for key, text in extra:
            event[key] = go_string(text)
        if not self.disable_timestamp:
            event["time"] = self._time.record_value(record.created)
        if self.report_caller:
            event["caller"] = go_string(self._caller(record))
        if msg:
            event["message"] = msg if msg.isascii() else go_string(msg)
        return event

    def _caller(self, record: logging.LogRecord) -> str:
        """zerolog's ``CallerMarshalFunc``: ``file:line``."""
        return f"{to_text(record.pathname)}:{to_text(record.lineno)}"

    def _trace(self, record: logging.LogRecord, pairs: _fields.Pairs) -> tuple[str, Optional[str]]:
        """``stack`` (the traceback, then ``stack_info``) and ``error`` (``str(exc)``).

        No ``error`` when a field ``error`` holds that exception already (``FieldLogger.with_error``).
        """
        blocks = []
        error = None
        if has_exception(record):
            blocks.append(exception_text(self, record).rstrip("\n"))
            summary = exception_summary(record)
            info = record.exc_info
            exc = info[1] if info else None
            if summary is not None and not any(k == "error" and v is exc for k, v in pairs if exc is not None):
                error = summary[1]
        if record.stack_info:
            blocks.append(to_text(record.stack_info).rstrip("\n"))
        return "\n".join(blocks), error


def _check_time_field_format(name: str, value: object) -> str:
    text = check_str(name, value)
    if text.upper() in UNIX_FORMATS:
        return text.upper()
    if text == "":
        return "UNIX"  # zerolog.TimeFormatUnix is ""
    check_time_format(name, text)
    if not text.isprintable() or '"' in text or "\\" in text:
        raise ValueError(f"{name} must be a Go layout of printable characters without '\"' or '\\\\', not {text!r}")
    if "%" in text:
        raise ValueError(f"{name} must be a Go layout such as '2006-01-02T15:04:05Z07:00' or UNIX, not {text!r}")
    return text


def _check_unit(name: str, value: object) -> int:
    if isinstance(value, timedelta):
        nanoseconds = timedelta_nanoseconds(value)
    elif isinstance(value, str):
        try:
            nanoseconds = parse_go_duration(value)
        except ValueError as error:
            raise ValueError(f"{name}: {error}") from error
    else:
        raise TypeError(f"{name} must be a Go duration string such as '1ms' or a timedelta, not {value!r}")
    if nanoseconds <= 0:
        raise ValueError(f"{name} must be a positive duration, not {value!r}")
    return nanoseconds


def _check_cwd(name: str, value: object) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be None or an absolute directory path, not {value!r}")
    path = os.fspath(value)
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"{name} must be an absolute directory path (as Go's os.Getwd gives), not {value!r}")
    return path
