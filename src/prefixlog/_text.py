"""``TextFormatter``: logrus's ``TextFormatter`` (v1.9), both layouts, for stdlib logging.

On a terminal (or with ``force_colors``) it writes logrus's colored layout,
otherwise logfmt; the choice is made once, at construction, from ``stream``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import IO, Any, Optional

from . import _color, _fields, _record
from ._levels import level_name
from ._options import check_bool, check_field_map, check_stream, check_time_format, resolve_callable
from ._values import go_quote, needs_quoting_logrus, to_text

_MESSAGE_WIDTH = 44
_LEVEL_WIDTH = 7  # len("warning"): logrus pads to its longest level name
_INDENT = "  "


class TextFormatter(logging.Formatter):
    """logrus's ``TextFormatter`` for the ``logging`` module.

    Every logrus option is a keyword with its snake_case name and meaning.
    ``report_caller`` is logrus's ``Logger.ReportCaller``; ``stream`` is the
    stream whose TTY-ness picks the layout (default ``sys.stderr``).  The
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
        sorting_func: Any = None,
        disable_level_truncation: bool = False,
        pad_level_text: bool = False,
        quote_empty_fields: bool = False,
        field_map: Optional[Mapping[str, str]] = None,
        caller_prettyfier: Any = None,
        report_caller: bool = False,
        stream: Optional[IO[Any]] = None,
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

        self.colored = _color.logrus_colored(
            force_colors=self.force_colors,
            disable_colors=self.disable_colors,
            environment_override_colors=self.environment_override_colors,
            terminal=_color.is_terminal(self.stream),
        )
        self._clash = _fields.clash_names(self.field_map, self.report_caller)

    def _key(self, name: str) -> str:
        return self.field_map.get(name, name)

    # -- values ------------------------------------------------------------

    def _quote(self, text: str) -> str:
        """logrus's ``needsQuoting`` then ``%q``."""
        if self.force_quote:
            return go_quote(text)
        if not text:
            return '""' if self.quote_empty_fields else text
        if self.disable_quote or not needs_quoting_logrus(text):
            return text
        return go_quote(text)

    # -- the record ----------------------------------------------------------

    def format(self, record: logging.LogRecord) -> str:
        """The record as logrus writes it, without the final newline."""
        try:
            if self.colored:
                return self._format_colored(record)
            return self._format_logfmt(record)
        except Exception as error:  # never let logging take the application down
            return self._format_fallback(record, error)

    def _data(self, record: logging.LogRecord, exception: bool) -> _fields.Pairs:
        moved = self._clash.moved_exc if exception else self._clash.moved
        pairs = _fields.resolve_clashes(_fields.collect(record), moved, self._clash.copied)
        if self.disable_sorting:
            return pairs
        if self.sorting_func is None:
            return _fields.order(pairs)
        if not self.colored:
            return pairs  # logfmt: the sorting_func orders fixed and data keys together
        keys = _fields.apply_sorting_func(self.sorting_func, [k for k, _ in pairs])
        return _fields.reorder(pairs, keys)

    def _format_logfmt(self, record: logging.LogRecord) -> str:
        key = self._key
        fixed: _fields.Pairs = []
        if not self.disable_timestamp:
            fixed.append((key("time"), self.timestamp_format(record.created)))
        fixed.append((key("level"), level_name(record.levelno, record.levelname)))
        msg = _record.message(record)
        if msg:
            fixed.append((key("msg"), msg))
        extra: _fields.Pairs = _record.exception_pairs(self, record, key)
        data = self._data(record, bool(extra))
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
            keys = _fields.apply_sorting_func(self.sorting_func, [k for k, _ in pairs])
            pairs = _fields.reorder(pairs, keys)
        pairs += extra
        quote = self._quote
        return " ".join(f"{k}={quote(to_text(v))}" for k, v in pairs)

    def _level_text(self, name: str) -> str:
        text = name.upper()
        if self.pad_level_text:
            return text.ljust(_LEVEL_WIDTH)
        if self.disable_level_truncation:
            return text
        return text[:4]

    def _format_colored(self, record: logging.LogRecord) -> str:
        color = _color.LOGRUS_COLORS.get(record.levelno, _color.LOGRUS_DEFAULT_COLOR)
        level = self._level_text(level_name(record.levelno, record.levelname))
        parts = [f"\x1b[{color}m{level}\x1b[0m"]
        if not self.disable_timestamp:
            if self.full_timestamp:
                parts.append(f"[{self.timestamp_format(record.created)}]")
            else:
                parts.append(f"[{int(record.relativeCreated // 1000):04d}]")
        if self.report_caller:
            parts.append(_record.colored_caller(record, self.caller_prettyfier))
        msg = _record.message(record)
        if msg.endswith("\n"):
            msg = msg[:-1]
        parts.append(f" {msg:<{_MESSAGE_WIDTH}} ")
        has_exception = _record.has_exception(record)
        quote = self._quote
        for k, v in self._data(record, has_exception):
            parts.append(f" \x1b[{color}m{k}\x1b[0m={quote(to_text(v))}")
        if has_exception:
            parts.append(_indented(_record.exception_text(self, record)))
        if record.stack_info:
            parts.append(_indented(to_text(record.stack_info)))
        return "".join(parts)

    def _format_fallback(self, record: logging.LogRecord, error: Exception) -> str:
        """A last-resort line when formatting failed: level, message and the failure."""
        level, msg, failure = _record.fallback_parts(record, error)
        return f"level={level} msg={go_quote(msg)} prefixlog_error={go_quote(failure)}"


def _indented(text: str) -> str:
    """Continuation lines (a traceback): each on its own line, indented."""
    return "".join(f"\n{_INDENT}{line}" for line in text.rstrip("\n").split("\n"))
