"""``PrefixedFormatter``: x-cray/logrus-prefixed-formatter's ``TextFormatter`` (v0.5.2) for stdlib logging.

On a terminal (or with ``force_formatting``) it writes x-cray's formatted
layout, ``[2021-07-04 15:50:26]  INFO log: have a nice day``, coloured unless
``disable_colors``; otherwise logfmt.  The choice is made once, at
construction, from ``stream`` and the environment (see :mod:`prefixlog._color`).
Two of x-cray's faults are fixed: quoted
logfmt values are escaped (Go ``%q`` with the quote character), and the
formatted layout follows the project's terminal safety rules.
"""

from __future__ import annotations

import functools
import logging
import re
import string
from collections.abc import Callable, Mapping
from typing import IO, Any, Final, Literal, Optional, Union

from . import _ansi, _color, _fields, _record
from ._destination import PerDestination
from ._levels import LEVEL_NAMES, WARNING, level_name
from ._options import ESCAPES, check_bool, check_choice, check_int, check_str, check_stream, check_time_format
from ._time import Elapsed, TimeFormat
from ._values import (
    LOGFMT,
    BoundedCache,
    go_quote,
    go_trim_space,
    logfmt_key_prefix,
    logfmt_quote,
    needs_quoting_xcray,
    terminal_escape,
    to_text,
    unprintable,
)

_NOTHING: Final[frozenset[str]] = frozenset()

#: The widest ``space_padding``: wider pads a message past any screen (and, absurdly wide, past memory).
MAX_SPACE_PADDING: Final = 1024

#: The field that names the prefix (x-cray's ``entry.Data["prefix"]``).
PREFIX_KEY: Final = "prefix"

# x-cray's extractPrefix: ^\[(.*?)\] (Go's '.' and Python's both stop at '\n').
_MESSAGE_PREFIX: Final = re.compile(r"\[(.*?)\]")

#: Quote characters that can't be told apart from a bare value or a key (or are the escape).
_NOT_QUOTES: Final = frozenset(string.ascii_letters + string.digits + " .-=\\")


def _check_quote_character(name: str, value: object) -> str:
    """x-cray's ``QuoteCharacter``: ``""`` means ``"``; else one printable ASCII punctuation character."""
    text = check_str(name, value)
    if text == "":
        return '"'
    if len(text) != 1 or not text.isascii() or not text.isprintable() or text in _NOT_QUOTES:
        raise ValueError(
            f"{name} must be one printable ASCII character other than a letter, digit, space, "
            f"'.', '-', '=' or '\\\\' (such as '\"', \"'\" or '`'), or '' for '\"'; not {value!r}"
        )
    return text


class PrefixedFormatter(PerDestination, logging.Formatter):
    """x-cray's prefixed ``TextFormatter`` for the ``logging`` module.

    Every x-cray option is a keyword with its snake_case name and meaning;
    ``color_scheme`` is a :class:`~prefixlog.ColorScheme` or a dict of its
    fields.  ``stream`` is the stream whose TTY-ness picks the layout
    (default ``sys.stderr``).  The positional ``fmt``/``datefmt``/``style``/
    ``validate`` of ``logging.Formatter`` are accepted so ``dictConfig``'s
    ``class`` form works: ``datefmt`` is a ``timestamp_format``, ``fmt`` is
    not used (the layout is x-cray's).
    """

    def __init__(
        self,
        fmt: Optional[str] = None,
        datefmt: Optional[str] = None,
        style: str = "%",
        validate: bool = True,
        *,
        defaults: Optional[Mapping[str, Any]] = None,
        force_colors: bool = False,
        disable_colors: bool = False,
        force_formatting: bool = False,
        disable_timestamp: bool = False,
        disable_uppercase: bool = False,
        full_timestamp: bool = False,
        timestamp_format: Optional[str] = None,
        disable_sorting: bool = False,
        quote_empty_fields: bool = False,
        quote_character: str = "",
        space_padding: int = 0,
        color_scheme: Union[_ansi.ColorScheme, Mapping[str, str], None] = None,
        stream: Optional[IO[Any]] = None,
        escapes: Literal["go", "logfmt"] = "go",
    ) -> None:
        super().__init__(fmt, datefmt, style, validate, defaults=defaults)  # type: ignore[arg-type]
        self.force_colors = check_bool("force_colors", force_colors)
        self.disable_colors = check_bool("disable_colors", disable_colors)
        self.force_formatting = check_bool("force_formatting", force_formatting)
        self.disable_timestamp = check_bool("disable_timestamp", disable_timestamp)
        self.disable_uppercase = check_bool("disable_uppercase", disable_uppercase)
        self.full_timestamp = check_bool("full_timestamp", full_timestamp)
        if timestamp_format is None:
            timestamp_format = datefmt or ""
        self.timestamp_format = check_time_format("timestamp_format", timestamp_format)
        self.disable_sorting = check_bool("disable_sorting", disable_sorting)
        self.quote_empty_fields = check_bool("quote_empty_fields", quote_empty_fields)
        self.quote_character = _check_quote_character("quote_character", quote_character)
        self.escapes = check_choice("escapes", escapes, ESCAPES)
        if self.escapes == LOGFMT and self.quote_character != '"':
            raise ValueError(
                f"escapes='logfmt' writes values logfmt parsers read, quoted with '\"': "
                f"quote_character must be '\"' (or ''), not {quote_character!r}"
            )
        self._quote_text: Callable[[str], str] = go_quote  # '"' is its default quote character
        if self.escapes == LOGFMT:
            self._quote_text = logfmt_quote
        elif self.quote_character != '"':
            self._quote_text = functools.partial(go_quote, quote=self.quote_character)
        self.space_padding = check_int("space_padding", space_padding, maximum=MAX_SPACE_PADDING)
        self.color_scheme = _ansi.check_color_scheme("color_scheme", color_scheme)
        self.stream = _color.resolve_stream(check_stream("stream", stream))
        self._sort = not self.disable_sorting
        self._init_destination(self.stream, given=stream is not None)

    def _decide(self, terminal: bool) -> _color.Layout:
        return _color.xcray_layout(
            terminal=terminal,
            force_colors=self.force_colors,
            disable_colors=self.disable_colors,
            force_formatting=self.force_formatting,
        )

    def _setup_layout(self, decided: tuple[bool, ...]) -> None:
        """Everything that depends on the layout, decided once: what each record only looks up."""
        readable, colored = decided
        self.formatted = self.readable = readable
        self.colored = colored
        self._palette = _ansi.compile_scheme(self.color_scheme) if colored else _ansi.PLAIN
        self._keys: BoundedCache = BoundedCache(logfmt_key_prefix)
        self._level_pairs = {n: "level=" + self._value(name) for n, name in LEVEL_NAMES.items()}
        self._time: Optional[TimeFormat]
        if readable:
            stamp = self._palette.timestamp
            self._time = self.timestamp_format.wrapped(lambda text: stamp(f"[{text}]") + " ")
            self._levels = {n: self._level_text(n, LEVEL_NAMES[n]) for n in LEVEL_NAMES}
            # Coloured " key=" heads, one bounded cache per level colour.
            self._key_heads = {
                paint: BoundedCache(lambda key, paint=paint: f" {paint(terminal_escape(key))}=")  # type: ignore[misc]
                for paint in {self._palette.level(n) for n in (*LEVEL_NAMES, 0)}
            }
            self._elapsed = Elapsed(lambda text: stamp(text) + " ")
        else:
            self._time = self.timestamp_format.wrapped(self._time_pair)
        if self.disable_timestamp:
            self._time = None
        self._layout = self._format_formatted if readable else self._format_logfmt

    def _data(self, record: logging.LogRecord) -> _fields.Pairs:
        # x-cray renames nothing: a user "time"/"msg"/"level" field is written again under its own name.
        return _fields.data_pairs(record, _NOTHING, _NOTHING, self._sort)

    # -- logfmt ----------------------------------------------------------------

    def _value(self, value: object) -> str:
        """x-cray's quoting rule on a value's text, escaped as Go's ``%q`` inside the quotes.

        Go's own kinds that x-cray prints with ``fmt.Fprint`` (numbers, bools,
        nil) stay bare as x-cray writes them; they can't break a line.  Every
        other value, whatever its type, is quoted by x-cray's rule, so a list or
        an object can't break the line either.
        """
        kind = type(value)
        if kind is str:
            text: str = value  # type: ignore[assignment]
            if text:
                return self._quote_text(text) if needs_quoting_xcray(text) else text
        elif kind is int or kind is float or kind is bool or value is None:
            return to_text(value)
        else:
            text = to_text(value)
        if needs_quoting_xcray(text) or (self.quote_empty_fields and not text):
            return self._quote_text(text)
        return text

    def _time_pair(self, text: str) -> str:
        return "time=" + self._value(text)

    def _format_logfmt(self, record: logging.LogRecord) -> str:
        parts = [] if self._time is None else [self._time(record.created)]
        levelno = record.levelno
        parts.append(self._level_pairs.get(levelno) or "level=" + self._value(level_name(levelno, record.levelname)))
        fixed = len(parts)
        try:
            msg = record.getMessage()
        except Exception:
            msg = _record.message(record)
        if msg:
            parts.append("msg=" + self._value(msg))
        keys, value = self._keys, self._value
        for k, v in _fields.data_pairs(record, _NOTHING, _NOTHING, self._sort):
            parts.append(keys[k] + value(v))
        if record.exc_info or record.exc_text or record.stack_info:
            parts.extend(keys[k] + value(v) for k, v in _record.exception_fields(self, record))
        line = " ".join(parts)
        # x-cray writes a space after "level" even when nothing follows it.
        return line if len(parts) > fixed else line + " "

    # -- formatted -------------------------------------------------------------

    def _level_text(self, levelno: int, levelname: str) -> str:
        """The painted level: ``%5s`` of its upper-case name, ``WARN`` for warning."""
        text = "warn" if levelno == WARNING else level_name(levelno, levelname)
        if not self.disable_uppercase:
            text = text.upper()
        return self._palette.level(levelno)(f"{terminal_escape(text):>5}")

    def _format_formatted(self, record: logging.LogRecord) -> str:
        levelno = record.levelno
        data = self._data(record)
        try:
            msg = record.getMessage()
        except Exception:
            msg = _record.message(record)
        prefix: Optional[str] = None
        for i, (key, value) in enumerate(data):
            if key == PREFIX_KEY:
                prefix = value if type(value) is str else _str(value)
                del data[i]
                break
        else:
            match = _MESSAGE_PREFIX.match(msg) if msg[:1] == "[" else None
            if match and match.group(1):
                prefix, msg = match.group(1), go_trim_space(msg[match.end() :])
        first, lines = _record.terminal_lines(msg)

        parts = []
        if self._time is not None:
            parts.append(self._time(record.created) if self.full_timestamp else self._elapsed(record.relativeCreated))
        parts.append(self._levels.get(levelno) or self._level_text(levelno, record.levelname))
        if prefix is not None:
            parts.append(self._palette.prefix(f" {terminal_escape(prefix)}:"))
        if len(first) < self.space_padding:
            parts.append(f" {first:<{self.space_padding}}")
        else:  # no padding: no copy of a long message
            parts += (" ", first)
        heads = self._key_heads[self._palette.level(levelno)]
        for key, value in data:
            parts.append(heads[key] + _raw(value))
        if lines or record.exc_info or record.exc_text or record.stack_info:
            parts.append(_record.continuation(lines, record, self))
        return "".join(parts)


def _raw(value: Any) -> str:
    """x-cray's ``%+v`` of a value, under the terminal safety rules."""
    kind = type(value)
    if kind is str:
        return terminal_escape(value)
    if kind is int or kind is float or kind is bool:
        return to_text(value)
    return terminal_escape(to_text(value))


def _str(value: object) -> str:
    """``str(value)``, as the project renders a non-string prefix (x-cray panics); a placeholder if it fails."""
    try:
        text = str(value)
    except Exception as error:
        return unprintable(value, error)
    return text if type(text) is str else to_text(text)
