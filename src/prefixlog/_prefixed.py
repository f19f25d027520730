"""``PrefixedFormatter``: x-cray/logrus-prefixed-formatter's ``TextFormatter`` (v0.5.2) for stdlib logging.

On a terminal (or with ``force_formatting``) it writes x-cray's formatted
layout, ``[2021-07-04 15:50:26]  INFO log: have a nice day``, coloured unless
``disable_colors``; otherwise logfmt.  The destination is the stream of the
handler formatting the record, or ``stream`` (see :mod:`prefixlog._destination`
and :mod:`prefixlog._terminal`).  This module parses x-cray's options and
configures the shared writers (:mod:`prefixlog._logfmt`,
:mod:`prefixlog._console`).  Two of x-cray's faults are fixed: quoted logfmt
values are escaped (Go ``%q`` with the quote character), and the formatted
layout follows the project's terminal safety rules.
"""

from __future__ import annotations

import functools
import logging
import string
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, Literal, Optional, Union

from . import _colorscheme, _fields, _terminal
from ._cache import BoundedCache
from ._console import PREFIX_KEY, ConsoleLine
from ._destination import PerDestination
from ._escape import LOGFMT, go_quote, logfmt_key_prefix, logfmt_quote, needs_quoting_xcray, terminal_escape
from ._formatter import FieldFormatter, FormatterOptions
from ._gofmt import to_text
from ._levels import LEVEL_NAMES, WARNING, level_name
from ._logfmt import LogfmtLine
from ._options import (
    ESCAPES,
    check_bool,
    check_choice,
    check_int,
    check_str,
)
from ._time import Elapsed

if TYPE_CHECKING or sys.version_info >= (3, 11):
    from ._formatter import Unpack

#: The widest ``space_padding``: wider pads a message past any screen (and, absurdly wide, past memory).
MAX_SPACE_PADDING: Final = 1024

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


class PrefixedFormatter(PerDestination, FieldFormatter):
    """x-cray/logrus-prefixed-formatter's ``TextFormatter`` (v0.5.2) for the ``logging`` module.

    x-cray's layout puts a component's name before the message,
    ``[2021-07-04 15:50:26]  INFO log: have a nice day``, for services
    whose Go side logs with it.  The prefix comes from the field
    ``prefix_field`` (``prefix``), or else from a message that starts with
    ``[name]``.  As in x-cray, the layout is the formatted one when
    ``force_formatting`` is set or the destination (the stream of the
    handler formatting the record, or ``stream``) is a terminal, logfmt
    otherwise; the formatted layout is coloured unless ``disable_colors``.
    Every x-cray option is a keyword with its snake_case name and meaning.
    Two of x-cray's faults are fixed: quoted logfmt values are escaped
    (Go's ``%q`` with the quote character), and the formatted layout
    follows the terminal safety rules.  Options are checked when the
    formatter is made and fixed from then on.

    Args:
        *args: ``logging.Formatter``'s positional ``fmt``, ``datefmt``,
            ``style``, ``validate``: see [FormatterOptions][prefixlog.FormatterOptions].
            Here ``datefmt`` is the ``timestamp_format`` when that is not given.
        prefix_field: The field, or record attribute (``"name"``: the
            logger's name), whose value is the formatted layout's prefix; not
            written again among the fields.  logfmt writes it as any other
            field.  Default ``"prefix"``; x-cray's ``entry.Data["prefix"]``.
        force_colors: Colours in the formatted layout even when the
            destination is not a terminal (alone, on a non-terminal, it still
            gives logfmt).  Default ``False``; x-cray's ``ForceColors``.
        disable_colors: The formatted layout without any escape code.
            Default ``False``; x-cray's ``DisableColors``.
        force_formatting: The formatted layout even when the destination is
            not a terminal.  Default ``False``; x-cray's ``ForceFormatting``.
        disable_uppercase: `` info`` instead of `` INFO``.  Default
            ``False``; x-cray's ``DisableUppercase``.
        full_timestamp: In the formatted layout, the time instead of the
            seconds since start (``[0042]``); logfmt always has the time.
            Default ``False``; x-cray's ``FullTimestamp``.
        timestamp_format: The time's layout: a Go layout or, if it holds a
            ``%``, a strftime string.  Default ``None``: ``datefmt``, else
            RFC 3339; x-cray's ``TimestampFormat``.
        disable_sorting: Keep the fields in the order given.  Default
            ``False``; x-cray's ``DisableSorting``.
        quote_empty_fields: In logfmt, ``key=""`` instead of ``key=``.
            Default ``False``; x-cray's ``QuoteEmptyFields``.
        quote_character: logfmt's quote: ``'"'`` (also for ``""``, as in
            x-cray) or one printable ASCII character that is not a letter,
            digit, space, ``.``, ``-``, ``=`` or ``\\`` (``'``, `` ` ``, ``|``
            ...).  Default ``""``: ``"``; x-cray's ``QuoteCharacter``.
        space_padding: In the formatted layout, pad the message to this many
            characters (0 to 1024).  Default ``0``: no padding; x-cray's
            ``SpacePadding``.
        color_scheme: The formatted layout's colours: a
            [ColorScheme][prefixlog.ColorScheme], or a dict of its fields (as
            ``dictConfig`` gives it); missing or empty styles are x-cray's.
            Default ``None``: x-cray's scheme; x-cray's ``SetColorScheme``.
        escapes: How quoted logfmt values are escaped: ``"go"`` (Go's
            ``%q``) or ``"logfmt"`` (JSON's string escapes, which go-logfmt
            and Loki read; needs the ``"`` quote character).  Default
            ``"go"``; no Go option.
        **options: The options every formatter takes: ``fmt``, ``datefmt``,
            ``style``, ``validate``, ``defaults``, ``static_fields``,
            ``reserved_attrs``, ``exclude_fields``, ``stream`` (x-cray's
            ``Logger.Out``: fixes the layout to that stream's), ``tz`` (Go's
            ``time.Local`` by default) and ``disable_timestamp`` (x-cray's
            ``DisableTimestamp``, in both layouts); see
            [FormatterOptions][prefixlog.FormatterOptions].
    """

    def __init__(
        self,
        *args: Any,
        prefix_field: str = PREFIX_KEY,
        force_colors: bool = False,
        disable_colors: bool = False,
        force_formatting: bool = False,
        disable_uppercase: bool = False,
        full_timestamp: bool = False,
        timestamp_format: Optional[str] = None,
        disable_sorting: bool = False,
        quote_empty_fields: bool = False,
        quote_character: str = "",
        space_padding: int = 0,
        color_scheme: Union[_colorscheme.ColorScheme, Mapping[str, str], None] = None,
        escapes: Literal["go", "logfmt"] = "go",
        **options: Unpack[FormatterOptions],
    ) -> None:
        super().__init__(*args, **options)
        self.prefix_field = check_str("prefix_field", prefix_field)
        if not self.prefix_field:
            raise ValueError("prefix_field must name a field or a record attribute such as 'name', not ''")
        self.force_colors = check_bool("force_colors", force_colors)
        self.disable_colors = check_bool("disable_colors", disable_colors)
        self.force_formatting = check_bool("force_formatting", force_formatting)
        self.disable_uppercase = check_bool("disable_uppercase", disable_uppercase)
        self.full_timestamp = check_bool("full_timestamp", full_timestamp)
        self.timestamp_format = self._time_layout("timestamp_format", timestamp_format)
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
        self.color_scheme = _colorscheme.check_color_scheme("color_scheme", color_scheme)
        self._init_destination(self.stream, given=self._stream_given)

    def _decide(self, terminal: bool) -> _terminal.Layout:
        return _terminal.xcray_layout(
            terminal=terminal,
            force_colors=self.force_colors,
            disable_colors=self.disable_colors,
            force_formatting=self.force_formatting,
        )

    def _setup_layout(self, decided: tuple[bool, ...]) -> None:
        """Everything that depends on the layout, decided once: the writer and what it looks up."""
        readable, colored = decided
        self.formatted = self.readable = readable
        self.colored = colored
        self._palette = palette = _colorscheme.compile_scheme(self.color_scheme) if colored else _colorscheme.PLAIN
        # x-cray renames nothing: a user "time"/"msg"/"level" field is written again under its own name.
        fields = _fields.FieldPipeline(None, sort=not self.disable_sorting, sources=self._sources)
        writer: Any
        if readable:
            stamp = palette.timestamp
            full = self.full_timestamp and not self.disable_timestamp
            # Coloured " key=" heads, one bounded cache per level colour.
            self._key_heads = {
                paint: BoundedCache(lambda key, paint=paint: f" {paint(terminal_escape(key))}=")  # type: ignore[misc]
                for paint in {palette.level(n) for n in (*LEVEL_NAMES, 0)}
            }
            writer = ConsoleLine(
                formatter=self,
                levels={n: self._level_text(n, LEVEL_NAMES[n]) for n in LEVEL_NAMES},
                level=self._any_level_text,
                time=self.timestamp_format.wrapped(lambda text: stamp(f"[{text}]") + " ") if full else None,
                elapsed=Elapsed(lambda text: stamp(text) + " ") if not (full or self.disable_timestamp) else None,
                time_first=True,
                pad=self.space_padding,
                tail="",
                heads={n: self._head_for(n) for n in LEVEL_NAMES},
                head=self._head_for,
                render=_raw,
                fields=fields,
                prefix=palette.prefix,
                prefix_key=self.prefix_field,
            )
        else:
            writer = LogfmtLine(
                formatter=self,
                time=None if self.disable_timestamp else self.timestamp_format.wrapped(self._time_pair),
                levels={n: "level=" + self._value(name) for n, name in LEVEL_NAMES.items()},
                level=self._any_level_pair,
                msg_key="msg=",
                render=self._value,
                trace_render=self._value,
                fields=fields,
                keys=BoundedCache(logfmt_key_prefix),
                trace_keys={},
                lone_level_tail=" ",  # x-cray writes a space after "level" even when nothing follows it
            )
        self._layout = writer.write

    def _head_for(self, levelno: int) -> BoundedCache:
        return self._key_heads[self._palette.level(levelno)]

    def _any_level_pair(self, record: logging.LogRecord) -> str:
        return "level=" + self._value(level_name(record.levelno, record.levelname))

    def _any_level_text(self, record: logging.LogRecord) -> str:
        return self._level_text(record.levelno, record.levelname)

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

    # -- formatted -------------------------------------------------------------

    def _level_text(self, levelno: int, levelname: str) -> str:
        """The painted level: ``%5s`` of its upper-case name, ``WARN`` for warning."""
        text = "warn" if levelno == WARNING else level_name(levelno, levelname)
        if not self.disable_uppercase:
            text = text.upper()
        return self._palette.level(levelno)(f"{terminal_escape(text):>5}")


def _raw(value: Any) -> str:
    """x-cray's ``%+v`` of a value, under the terminal safety rules."""
    kind = type(value)
    if kind is str:
        return terminal_escape(value)
    if kind is int or kind is float or kind is bool:
        return to_text(value)
    return terminal_escape(to_text(value))
