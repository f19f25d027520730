"""``TextFormatter``: logrus's ``TextFormatter`` (v1.9), both layouts, for stdlib logging.

On a terminal (or with ``force_colors``) it writes logrus's colored layout,
otherwise logfmt.  The destination is the stream of the handler formatting
the record, or ``stream`` (see :mod:`prefixlog._destination` and
:mod:`prefixlog._terminal`).  This module parses logrus's options and
configures the shared writers (:mod:`prefixlog._logfmt`,
:mod:`prefixlog._console`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

from . import _fields, _terminal
from ._cache import BoundedCache
from ._console import ConsoleLine
from ._destination import PerDestination
from ._escape import GO, go_quote, line_escape, logfmt_key_prefix, logfmt_quote, needs_quoting_logrus, terminal_escape
from ._formatter import FieldFormatter, FormatterOptions
from ._gofmt import go_float, int_text, to_text
from ._levels import LEVEL_NAMES, level_name
from ._logfmt import LogfmtLine, SortedLogfmtLine
from ._options import (
    ESCAPES,
    check_bool,
    check_choice,
    check_field_map,
    resolve_callable,
)
from ._time import Elapsed

if TYPE_CHECKING or sys.version_info >= (3, 11):
    from ._formatter import Unpack

_LEVEL_WIDTH = 7  # len("warning"): logrus pads to its longest level name


class TextFormatter(PerDestination, FieldFormatter):
    """logrus's ``TextFormatter`` (v1.9) for the ``logging`` module: its coloured layout, or logfmt.

    For Python services that sit beside Go services using logrus: the same
    lines, byte for byte, so one set of dashboards, parsers and habits
    reads both.  Every logrus option is a keyword with its snake_case name
    and meaning.  As in logrus, the layout follows the destination: on a
    terminal (the stream of the handler formatting the record, or
    ``stream``) the coloured, aligned layout; to a file or a pipe logfmt
    (``time=... level=info msg=...``), which log shippers parse.  Options are
    checked when the formatter is made (a wrong one is a ``TypeError`` or
    ``ValueError`` naming it) and fixed from then on.  ``format()`` returns
    the line without the final newline.

    Args:
        *args: ``logging.Formatter``'s positional ``fmt``, ``datefmt``,
            ``style``, ``validate`` (as ``dictConfig``'s ``class`` form and
            ``fileConfig`` pass them): see [FormatterOptions][prefixlog.FormatterOptions].
            Here ``datefmt`` is the ``timestamp_format`` when that is not given.
        force_colors: The coloured layout even when the destination is not a
            terminal.  Default ``False``; logrus's ``ForceColors``.
        disable_colors: logfmt even on a terminal (unless
            ``force_formatting``).  Default ``False``; logrus's ``DisableColors``.
        force_quote: Quote every value.  Default ``False``; logrus's ``ForceQuote``.
        disable_quote: Never quote values (unless ``force_quote``); they are
            still escaped so a line stays one line.  Default ``False``;
            logrus's ``DisableQuote``.
        environment_override_colors: Let ``CLICOLOR_FORCE`` and ``CLICOLOR``
            decide colours, as logrus reads them.  Default ``False``; logrus's
            ``EnvironmentOverrideColors``.
        full_timestamp: In the coloured layout, the time (formatted by
            ``timestamp_format``) instead of the seconds since start
            (``INFO[0042]``).  Default ``False``; logrus's ``FullTimestamp``.
        timestamp_format: The time's layout: a Go layout
            (``"2006-01-02 15:04:05"``) or, if it holds a ``%``, a strftime
            string.  Default ``None``: ``datefmt``, else RFC 3339
            (``2006-01-02T15:04:05Z07:00``); logrus's ``TimestampFormat``.
        disable_sorting: Keep the fields in the order given instead of
            sorting them by key.  Default ``False``; logrus's ``DisableSorting``.
        sorting_func: Sorts the list of keys in place, or returns a new
            list (in logfmt logrus's ``time``, ``level`` and ``msg`` are in
            it too, as in logrus); a callable or a dotted path
            (``"mypkg.order_keys"``).  Default ``None``: sorted by key;
            logrus's ``SortingFunc``.
        disable_level_truncation: ``WARNING`` instead of ``WARN`` in the
            coloured layout.  Default ``False``; logrus's ``DisableLevelTruncation``.
        pad_level_text: Pad every level to 7 characters (``INFO   ``).
            Default ``False``; logrus's ``PadLevelText``.
        quote_empty_fields: ``key=""`` instead of ``key=``.  Default
            ``False``; logrus's ``QuoteEmptyFields``.
        field_map: Renames logrus's own keys: ``time``, ``msg``, ``level``,
            ``logrus_error``, ``func``, ``file`` (and ``exc_type``,
            ``exc_message``, ``exc_info``, ``stack_info``), such as
            ``{"msg": "message"}``.  Default ``None``: none renamed; logrus's
            ``FieldMap``.
        caller_prettyfier: ``f(record) -> (func, file)``, the caller as
            written with ``report_caller``; ``""`` drops that part.  A
            callable or a dotted path ([short_caller][prefixlog.short_caller] is a
            ready one).  Default ``None``: the function's name and
            ``path:line``; logrus's ``CallerPrettyfier``.
        report_caller: Write the caller as the fields ``func`` and ``file``
            (Python already knows the caller: no stack walk).  Default
            ``False``; logrus's ``Logger.ReportCaller`` (``SetReportCaller``).
        force_formatting: Keep the readable layout, without colours, when
            colours are off (``disable_colors``, or not a terminal).  Default
            ``False``; x-cray's ``ForceFormatting`` (logrus has none).
        palette: The level colours: ``"v1.9"`` or ``"v1.10"`` (logrus 1.10's
            dim trace and debug).  Default ``"v1.9"``; no Go option (the
            logrus version).
        escapes: How quoted values are escaped: ``"go"`` (logrus's Go
            ``%q``) or ``"logfmt"`` (JSON's string escapes only, which
            go-logfmt, Loki's parser, and every JSON-string reader decode).
            Default ``"go"``; no Go option.
        **options: The options every formatter takes: ``fmt``, ``datefmt``,
            ``style``, ``validate``, ``defaults``, ``static_fields``,
            ``reserved_attrs``, ``exclude_fields``, ``stream`` (logrus's
            ``Logger.Out``: fixes the layout to that stream's; by default it
            follows the handler's), ``tz`` (Go's ``time.Local`` by default)
            and ``disable_timestamp`` (logrus's ``DisableTimestamp``); see
            [FormatterOptions][prefixlog.FormatterOptions].

    Example:
        >>> import logging
        >>> import prefixlog
        >>> handler = logging.StreamHandler()
        >>> handler.setFormatter(prefixlog.TextFormatter(full_timestamp=True))
    """

    def __init__(
        self,
        *args: Any,
        force_colors: bool = False,
        disable_colors: bool = False,
        force_quote: bool = False,
        disable_quote: bool = False,
        environment_override_colors: bool = False,
        full_timestamp: bool = False,
        timestamp_format: Optional[str] = None,
        disable_sorting: bool = False,
        sorting_func: Union[Callable[[list[str]], Optional[list[str]]], str, None] = None,
        disable_level_truncation: bool = False,
        pad_level_text: bool = False,
        quote_empty_fields: bool = False,
        field_map: Optional[Mapping[str, str]] = None,
        caller_prettyfier: Union[Callable[[logging.LogRecord], tuple[str, str]], str, None] = None,
        report_caller: bool = False,
        force_formatting: bool = False,
        palette: Literal["v1.9", "v1.10"] = "v1.9",
        escapes: Literal["go", "logfmt"] = "go",
        **options: Unpack[FormatterOptions],
    ) -> None:
        super().__init__(*args, **options)
        self.force_colors = check_bool("force_colors", force_colors)
        self.disable_colors = check_bool("disable_colors", disable_colors)
        self.force_quote = check_bool("force_quote", force_quote)
        self.disable_quote = check_bool("disable_quote", disable_quote)
        self.environment_override_colors = check_bool("environment_override_colors", environment_override_colors)
        self.full_timestamp = check_bool("full_timestamp", full_timestamp)
        self.timestamp_format = self._time_layout("timestamp_format", timestamp_format)
        self.disable_sorting = check_bool("disable_sorting", disable_sorting)
        self.sorting_func = resolve_callable("sorting_func", sorting_func)
        self.disable_level_truncation = check_bool("disable_level_truncation", disable_level_truncation)
        self.pad_level_text = check_bool("pad_level_text", pad_level_text)
        self.quote_empty_fields = check_bool("quote_empty_fields", quote_empty_fields)
        self.field_map = MappingProxyType(check_field_map("field_map", field_map, _fields.FIELD_MAP_KEYS))
        self.caller_prettyfier = resolve_callable("caller_prettyfier", caller_prettyfier)
        self.report_caller = check_bool("report_caller", report_caller)
        self.force_formatting = check_bool("force_formatting", force_formatting)
        if palette not in _terminal.PALETTES:
            raise ValueError(f"palette must be one of {', '.join(map(repr, _terminal.PALETTES))}, not {palette!r}")
        self.palette = palette
        self.escapes = check_choice("escapes", escapes, ESCAPES)
        self._quote_text = go_quote if self.escapes == GO else logfmt_quote
        self._colors = _terminal.PALETTES[palette]
        self._clash = _fields.clash_names(self.field_map, self.report_caller)
        self._heads_by_color: dict[str, BoundedCache] = {}
        self._init_destination(self.stream, given=self._stream_given)

    def _decide(self, terminal: bool) -> _terminal.Layout:
        return _terminal.logrus_layout(
            terminal=terminal,
            force_colors=self.force_colors,
            disable_colors=self.disable_colors,
            force_formatting=self.force_formatting,
            environment_override_colors=self.environment_override_colors,
        )

    def _setup_layout(self, decided: tuple[bool, ...]) -> None:
        """Everything that depends on the layout, decided once: the writer and what it looks up."""
        readable, colored = decided
        self.readable, self.colored = readable, colored
        # Unquoted values must still not break the line (logfmt) or reach the terminal raw.
        self._escape_bare = terminal_escape if readable else line_escape
        render = self._renderer()
        key = self._key
        keys: BoundedCache = BoundedCache(logfmt_key_prefix)  # logfmt's "key="
        self._keys = keys
        levels = {n: self._level_head(n, LEVEL_NAMES[n]) for n in LEVEL_NAMES}
        if readable:
            full = self.full_timestamp and not self.disable_timestamp
            writer: Any = ConsoleLine(
                formatter=self,
                levels=levels,
                level=self._any_level_head,
                time=self.timestamp_format.wrapped(_brackets) if full else None,
                elapsed=Elapsed() if not (full or self.disable_timestamp) else None,
                time_first=False,
                pad=44,  # logrus's %-44s, then a space
                tail=" ",
                heads={n: self._key_heads(n) for n in LEVEL_NAMES},
                head=self._key_heads,
                render=render,
                fields=_fields.FieldPipeline(
                    self._clash, sort=not self.disable_sorting, sorting_func=self.sorting_func, sources=self._sources
                ),
                report_caller=self.report_caller,
                caller=self.caller_prettyfier,
            )
        else:
            time = None if self.disable_timestamp else self.timestamp_format.wrapped(self._pair_text(key("time")))
            line: dict[str, Any] = {
                "formatter": self,
                "time": time,
                "levels": levels,
                "level": self._any_level_head,
                "msg_key": keys[key("msg")],
                "render": render,
                "trace_render": self._exc_value,
                "keys": keys,
                "trace_keys": self.field_map,
                "report_caller": self.report_caller,
                "caller": self.caller_prettyfier,
                "func_key": key("func"),
                "file_key": key("file"),
            }
            if self.sorting_func is not None and not self.disable_sorting:
                # logrus sorts the fixed keys and the fields together
                writer = SortedLogfmtLine(
                    fields=_fields.FieldPipeline(self._clash, sort=False, sources=self._sources),
                    sorting_func=self.sorting_func,
                    names=(key("time"), key("level"), key("msg")),
                    time_text=None if self.disable_timestamp else self.timestamp_format,
                    level_name=self._level_name,
                    **line,
                )
            else:
                pipeline = _fields.FieldPipeline(self._clash, sort=not self.disable_sorting, sources=self._sources)
                writer = LogfmtLine(fields=pipeline, **line)
        self._layout = writer.write

    def _key(self, name: str) -> str:
        return self.field_map.get(name, name)

    def _pair_text(self, key: str) -> Callable[[str], str]:
        prefix = logfmt_key_prefix(key)
        return lambda value: prefix + self._quote(value)

    # -- values ------------------------------------------------------------

    def _quote(self, text: str) -> str:
        """logrus's ``needsQuoting`` then ``%q``."""
        if self.force_quote:
            return self._quote_text(text)
        if not text:
            return '""' if self.quote_empty_fields else text
        if self.disable_quote:
            return self._escape_bare(text)
        if not needs_quoting_logrus(text):
            return text
        return self._quote_text(text)

    def _exc_value(self, text: str) -> str:
        """An exception or stack field: quoted by logrus's rule even with ``disable_quote``."""
        if self.force_quote or not text or needs_quoting_logrus(text):
            return self._quote_text(text)
        return text

    def _renderer(self) -> Callable[[object], str]:
        """A value's text as logrus writes it; with the default quoting, numbers skip the quote test."""
        quote = self._quote
        if self.force_quote or self.disable_quote:
            return lambda value: quote(to_text(value))
        empty = '""' if self.quote_empty_fields else ""
        needs = needs_quoting_logrus
        int_repr = int.__repr__
        quote_text = self._quote_text

        def render(value: Any) -> str:
            kind = type(value)
            if kind is str:
                text: str = value
                if not text:
                    return empty
                if needs(text) is None:
                    return text
                if len(text) < 128 and text.isprintable() and '"' not in text and "\\" not in text:
                    return f'"{text}"'  # nothing to escape: the same in every escapes mode
                return quote_text(text)
            if kind is int:  # digits and "-": never quoted
                try:
                    return int_repr(value)
                except ValueError:  # beyond Python's digit limit
                    return int_text(value)
            if kind is float:  # digits, ".", "e", "+", "-", NaN, Inf: never quoted
                return go_float(value)
            if kind is bool:
                return "true" if value else "false"
            return quote(to_text(value))

        return render

    # -- levels --------------------------------------------------------------

    def _level_name(self, record: logging.LogRecord) -> str:
        return level_name(record.levelno, record.levelname)

    def _level_text(self, name: str) -> str:
        text = name.upper()
        if self.pad_level_text:
            return text.ljust(_LEVEL_WIDTH)
        if self.disable_level_truncation:
            return text
        return text[:4]

    def _any_level_head(self, record: logging.LogRecord) -> str:
        return self._level_head(record.levelno, self._level_name(record))

    def _level_head(self, levelno: int, name: str) -> str:
        """What a record of this level starts with: ``level=info``, or ``\x1b[36mINFO\x1b[0m``."""
        if not self.readable:
            return f"{self._keys[self._key('level')]}{self._quote(name)}"
        on, off = self._level_color(levelno)
        return f"{on}{terminal_escape(self._level_text(name))}{off}"

    def _level_color(self, levelno: int) -> tuple[str, str]:
        if not self.colored:
            return "", ""
        return f"\x1b[{self._colors.get(levelno, _terminal.DEFAULT_COLOR)}m", "\x1b[0m"

    def _key_heads(self, levelno: int) -> BoundedCache:
        """`` <coloured key>=`` for keys of this level's colour (one bounded cache a colour)."""
        on, off = self._level_color(levelno)
        heads = self._heads_by_color.get(on)
        if heads is None:
            heads = BoundedCache(lambda key: f" {on}{terminal_escape(key)}{off}=")
            self._heads_by_color[on] = heads
        return heads


def _brackets(text: str) -> str:
    return f"[{text}]"
