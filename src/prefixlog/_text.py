"""``TextFormatter``: logrus's ``TextFormatter`` (v1.9), both layouts, for stdlib logging.

On a terminal (or with ``force_colors``) it writes logrus's colored layout,
otherwise logfmt; the choice is made once, at construction, from ``stream``
and the environment (see :mod:`prefixlog._color`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import IO, Any, Literal, Optional, Union

from . import _color, _fields, _record
from ._destination import PerDestination
from ._levels import LEVEL_NAMES, level_name
from ._options import (
    ESCAPES,
    check_bool,
    check_choice,
    check_field_map,
    check_stream,
    check_time_format,
    resolve_callable,
)
from ._time import Elapsed
from ._values import (
    GO,
    BoundedCache,
    go_float,
    go_quote,
    int_text,
    line_escape,
    logfmt_key_prefix,
    logfmt_quote,
    needs_quoting_logrus,
    terminal_escape,
    to_text,
)

_LEVEL_WIDTH = 7  # len("warning"): logrus pads to its longest level name


class TextFormatter(PerDestination, logging.Formatter):
    """logrus's ``TextFormatter`` for the ``logging`` module.

    Every logrus option is a keyword with its snake_case name and meaning.
    ``report_caller`` is logrus's ``Logger.ReportCaller``; ``stream`` is the
    stream whose TTY-ness picks the layout (default ``sys.stderr``).
    ``force_formatting`` (x-cray's name) keeps the readable layout even when
    colours are off; ``palette`` picks logrus's level colours, ``"v1.9"`` or
    ``"v1.10"`` (dim trace and debug).  ``escapes`` spells the escapes in
    quoted values: ``"go"`` (the default) as logrus, Go's ``%q``;
    ``"logfmt"`` with JSON's string escapes only, which go-logfmt (Loki's
    parser) and every JSON-string reader decode.  The
    positional ``fmt``/``datefmt``/``style``/``validate`` of
    ``logging.Formatter`` are accepted so ``dictConfig``'s ``class`` form
    works: ``datefmt`` is a ``timestamp_format``, ``fmt`` is not used (the
    layout is logrus's).
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
        force_quote: bool = False,
        disable_quote: bool = False,
        environment_override_colors: bool = False,
        disable_timestamp: bool = False,
        full_timestamp: bool = False,
        timestamp_format: Optional[str] = None,
        disable_sorting: bool = False,
        sorting_func: Union[_fields.SortingFunc, str, None] = None,
        disable_level_truncation: bool = False,
        pad_level_text: bool = False,
        quote_empty_fields: bool = False,
        field_map: Optional[Mapping[str, str]] = None,
        caller_prettyfier: Union[_record.CallerPrettyfier, str, None] = None,
        report_caller: bool = False,
        stream: Optional[IO[Any]] = None,
        force_formatting: bool = False,
        palette: str = "v1.9",
        escapes: Literal["go", "logfmt"] = "go",
    ) -> None:
        super().__init__(fmt, datefmt, style, validate, defaults=defaults)  # type: ignore[arg-type]
        self.force_colors = check_bool("force_colors", force_colors)
        self.disable_colors = check_bool("disable_colors", disable_colors)
        self.force_quote = check_bool("force_quote", force_quote)
        self.disable_quote = check_bool("disable_quote", disable_quote)
        self.environment_override_colors = check_bool("environment_override_colors", environment_override_colors)
        self.disable_timestamp = check_bool("disable_timestamp", disable_timestamp)
        self.full_timestamp = check_bool("full_timestamp", full_timestamp)
        if timestamp_format is None:
            timestamp_format = datefmt or ""
        self.timestamp_format = check_time_format("timestamp_format", timestamp_format)
        self.disable_sorting = check_bool("disable_sorting", disable_sorting)
        self.sorting_func = resolve_callable("sorting_func", sorting_func)
        self.disable_level_truncation = check_bool("disable_level_truncation", disable_level_truncation)
        self.pad_level_text = check_bool("pad_level_text", pad_level_text)
        self.quote_empty_fields = check_bool("quote_empty_fields", quote_empty_fields)
        self.field_map = check_field_map("field_map", field_map, _fields.FIELD_MAP_KEYS)
        self.caller_prettyfier = resolve_callable("caller_prettyfier", caller_prettyfier)
        self.report_caller = check_bool("report_caller", report_caller)
        self.stream = _color.resolve_stream(check_stream("stream", stream))
        self.force_formatting = check_bool("force_formatting", force_formatting)
        if palette not in _color.PALETTES:
            raise ValueError(f"palette must be one of {', '.join(map(repr, _color.PALETTES))}, not {palette!r}")
        self.palette = palette
        self.escapes = check_choice("escapes", escapes, ESCAPES)
        self._quote_text = go_quote if self.escapes == GO else logfmt_quote
        self._colors = _color.PALETTES[palette]
        self._moved, self._copied, self._moved_exc = _fields.clash_names(self.field_map, self.report_caller)
        self._sort_data = not self.disable_sorting and self.sorting_func is None
        self._slow_logfmt = self.sorting_func is not None
        self._func_key, self._file_key = self._key("func"), self._key("file")
        self._elapsed = Elapsed()
        self._init_destination(self.stream, given=stream is not None)

    def _decide(self, terminal: bool) -> _color.Layout:
        return _color.logrus_layout(
            terminal=terminal,
            force_colors=self.force_colors,
            disable_colors=self.disable_colors,
            force_formatting=self.force_formatting,
            environment_override_colors=self.environment_override_colors,
        )

    def _setup_layout(self, decided: tuple[bool, ...]) -> None:
        """Everything that depends on the layout, decided once: what each record only looks up."""
        readable, colored = decided
        self.readable, self.colored = readable, colored
        # Unquoted values must still not break the line (logfmt) or reach the terminal raw.
        self._escape_bare = terminal_escape if readable else line_escape
        self._render = self._renderer()
        self._layout = self._format_readable if readable else self._format_logfmt
        key = self._key
        self._keys: BoundedCache = BoundedCache(logfmt_key_prefix)  # logfmt's "key="
        if readable:
            self._time = self.timestamp_format.wrapped(_brackets) if self.full_timestamp else None
        else:
            self._time = self.timestamp_format.wrapped(self._pair_text(key("time")))
        if self.disable_timestamp:
            self._time = None
        self._msg_prefix = self._keys[key("msg")]
        self._levels = {n: self._level_head(n, LEVEL_NAMES[n]) for n in LEVEL_NAMES}
        self._heads_by_color: dict[str, BoundedCache] = {}
        self._heads = {n: self._key_heads(n) for n in LEVEL_NAMES}

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
                if not value:
                    return empty
                return quote_text(value) if needs(value) else value
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

    # -- the record ----------------------------------------------------------

    def _data(self, record: logging.LogRecord, exception: bool) -> _fields.Pairs:
        pairs = _fields.data_pairs(record, self._moved_exc if exception else self._moved, self._copied, self._sort_data)
        if self.sorting_func is None or self.disable_sorting or not self.readable:
            return pairs  # logfmt: a sorting_func orders fixed and data keys together
        return _fields.apply_sorting_func(self.sorting_func, pairs)

    def _exception_pairs(self, record: logging.LogRecord) -> _fields.Pairs:
        return [(self._key(k), v) for k, v in _record.exception_fields(self, record)]

    def _format_logfmt(self, record: logging.LogRecord) -> str:
        try:
            msg = record.getMessage()
        except Exception:
            msg = _record.message(record)
        if record.exc_info or record.exc_text or record.stack_info:
            extra = self._exception_pairs(record)
            data = self._data(record, bool(extra))
        else:
            extra = []
            data = _fields.data_pairs(record, self._moved, self._copied, self._sort_data)
        if self._slow_logfmt:
            return self._format_logfmt_slow(record, msg, data, extra)
        time = self._time
        levelno = record.levelno
        parts = [self._levels.get(levelno) or self._level_head(levelno, self._level_name(record))]
        if time is not None:
            parts.insert(0, time(record.created))
        keys, render = self._keys, self._render
        if msg:
            parts.append(self._msg_prefix + render(msg))
        if self.report_caller:
            func, file = _record.caller(record, self.caller_prettyfier)
            if func:
                parts.append(keys[self._func_key] + render(func))
            if file:
                parts.append(keys[self._file_key] + render(file))
            # logrus looks values up by key name: a user "func"/"file" shows the caller's.
            for k, v in data:
                parts.append(keys[k] + render(func if k == self._func_key else file if k == self._file_key else v))
        else:
            for k, v in data:
                parts.append(keys[k] + render(v))
        for k, v in extra:
            parts.append(keys[k] + self._exc_value(v))
        return " ".join(parts)

    def _format_logfmt_slow(
        self, record: logging.LogRecord, msg: str, data: _fields.Pairs, extra: _fields.Pairs
    ) -> str:
        """logfmt with a ``sorting_func``: every key through one list, as logrus sorts them together."""
        key = self._key
        fixed: _fields.Pairs = []
        if not self.disable_timestamp:
            fixed.append((key("time"), self.timestamp_format(record.created)))
        fixed.append((key("level"), self._level_name(record)))
        if msg:
            fixed.append((key("msg"), msg))
        if self.report_caller:
            func, file = _record.caller(record, self.caller_prettyfier)
            if func:
                fixed.append((key("func"), func))
            if file:
                fixed.append((key("file"), file))
            # logrus looks values up by key name: a user "func"/"file" shows the caller's.
            by_name = {key("func"): func, key("file"): file}
            data = [(k, by_name[k]) if k in by_name else (k, v) for k, v in data]
        pairs = fixed + data
        if self.sorting_func is not None and not self.disable_sorting:
            pairs = _fields.apply_sorting_func(self.sorting_func, pairs)
        keys_cache, render = self._keys, self._render
        line = [keys_cache[k] + render(v) for k, v in pairs]
        line += [keys_cache[k] + self._exc_value(v) for k, v in extra]
        return " ".join(line)

    def _level_name(self, record: logging.LogRecord) -> str:
        return level_name(record.levelno, record.levelname)

    def _level_text(self, name: str) -> str:
        text = name.upper()
        if self.pad_level_text:
            return text.ljust(_LEVEL_WIDTH)
        if self.disable_level_truncation:
            return text
        return text[:4]

    def _level_head(self, levelno: int, name: str) -> str:
        """What a record of this level starts with: ``level=info``, or ``\x1b[36mINFO\x1b[0m``."""
        if not self.readable:
            return f"{self._keys[self._key('level')]}{self._quote(name)}"
        on, off = self._color(levelno)
        return f"{on}{terminal_escape(self._level_text(name))}{off}"

    def _color(self, levelno: int) -> tuple[str, str]:
        if not self.colored:
            return "", ""
        return f"\x1b[{self._colors.get(levelno, _color.DEFAULT_COLOR)}m", "\x1b[0m"

    def _key_heads(self, levelno: int) -> BoundedCache:
        """`` <coloured key>=`` for keys of this level's colour (one bounded cache a colour)."""
        on, off = self._color(levelno)
        heads = self._heads_by_color.get(on)
        if heads is None:
            heads = BoundedCache(lambda key: f" {on}{terminal_escape(key)}{off}=")
            self._heads_by_color[on] = heads
        return heads

    def _format_readable(self, record: logging.LogRecord) -> str:
        levelno = record.levelno
        parts = [self._levels.get(levelno) or self._level_head(levelno, self._level_name(record))]
        if self._time is not None:
            parts.append(self._time(record.created))
        elif not self.disable_timestamp:
            parts.append(self._elapsed(record.relativeCreated))
        if self.report_caller:
            parts.append(terminal_escape(_record.colored_caller(record, self.caller_prettyfier)))
        try:
            msg = record.getMessage()
        except Exception:
            msg = _record.message(record)
        msg, more = _record.terminal_lines(msg)
        if len(msg) < 44:
            parts.append(f" {msg:<44} ")  # logrus's %-44s
        else:  # no padding: no copy of a long message
            parts += (" ", msg, " ")
        exception = bool(record.exc_info or record.exc_text) and _record.has_exception(record)
        if self._sort_data:
            data = _fields.data_pairs(record, self._moved_exc if exception else self._moved, self._copied)
        else:
            data = self._data(record, exception)
        heads, render = self._heads.get(levelno) or self._key_heads(levelno), self._render
        for k, v in data:
            parts.append(heads[k] + render(v))
        if more or exception or record.stack_info:
            parts.append(_record.continuation(more, record, self))
        return "".join(parts)


def _brackets(text: str) -> str:
    return f"[{text}]"
