"""The logfmt line writer that ``TextFormatter`` and ``PrefixedFormatter`` configure.

``time=… level=… msg=… [func=… file=…] fields… [exception fields…]``: the
parts and their order are logrus's and x-cray's alike; what differs is data,
decided once by the formatter when it makes the writer: how a value is
quoted (logrus's or x-cray's rule, Go's or JSON's escapes), how clashing
field names are renamed (logrus) or not (x-cray), the keys' names
(``field_map``), whether the caller is written, and x-cray's trailing space
after a lone level.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Optional

from ._cache import BoundedCache
from ._fields import FieldPipeline, Pairs, apply_sorting_func
from ._record import CallerPrettyfier, caller, trace_fields
from ._time import TimeFormat

Render = Callable[[object], str]


class LogfmtLine:
    """Writes one record as one logfmt line; :meth:`write` is the formatter's layout.

    ``time``: the whole ``time=…`` pair (its text cached per second), or
    ``None``.  ``levels``: the ``level=…`` pair of each known level;
    ``level``: the pair of any other.  ``msg_key``: ``msg=`` (or its
    ``field_map`` name).  ``render`` quotes a value; ``trace_render`` quotes
    an exception or stack field.  ``fields`` gives the record's fields, its
    clashes resolved.  ``keys`` caches each ``key=``; ``trace_keys`` renames
    the exception fields.  With ``caller`` (a prettyfier, or ``None`` for
    logrus's default), ``func`` and ``file`` are written after the message,
    and a field of either name shows the caller's value, as in logrus.
    ``lone_level_tail`` follows a line that is only time and level (x-cray's
    trailing space).  ``formatter`` formats tracebacks.
    """

    __slots__ = (
        "caller",
        "fields",
        "file_key",
        "formatter",
        "func_key",
        "keys",
        "level",
        "levels",
        "lone_level_tail",
        "msg_key",
        "render",
        "report_caller",
        "time",
        "trace_keys",
        "trace_render",
    )

    def __init__(
        self,
        *,
        formatter: logging.Formatter,
        time: Optional[TimeFormat],
        levels: Mapping[int, str],
        level: Callable[[logging.LogRecord], str],
        msg_key: str,
        render: Render,
        trace_render: Callable[[str], str],
        fields: FieldPipeline,
        keys: BoundedCache,
        trace_keys: Mapping[str, str],
        report_caller: bool = False,
        caller: Optional[CallerPrettyfier] = None,
        func_key: str = "func",
        file_key: str = "file",
        lone_level_tail: str = "",
    ) -> None:
        self.formatter = formatter
        self.time = time
        self.levels = levels
        self.level = level
        self.msg_key = msg_key
        self.render = render
        self.trace_render = trace_render
        self.fields = fields
        self.keys = keys
        self.trace_keys = trace_keys
        self.report_caller = report_caller
        self.caller = caller
        self.func_key = func_key
        self.file_key = file_key
        self.lone_level_tail = lone_level_tail

    def write(self, record: logging.LogRecord) -> str:
        """The record's line, without the final newline."""
        msg, trace, data = self.fields.read(record)
        time = self.time
        level = self.levels.get(record.levelno) or self.level(record)
        parts = [level] if time is None else [time(record.created), level]
        fixed = len(parts)
        keys, render = self.keys, self.render
        if msg:
            parts.append(self.msg_key + render(msg))
        if self.report_caller:
            func, file = caller(record, self.caller)
            func_key, file_key = self.func_key, self.file_key
            if func:
                parts.append(keys[func_key] + render(func))
            if file:
                parts.append(keys[file_key] + render(file))
            # logrus looks values up by key name: a user "func"/"file" shows the caller's.
            for k, v in data:
                parts.append(keys[k] + render(func if k == func_key else file if k == file_key else v))
        else:
            for k, v in data:
                parts.append(keys[k] + render(v))
        if trace:
            parts += self._trace(record)
        if self.lone_level_tail and len(parts) == fixed:
            return " ".join(parts) + self.lone_level_tail
        return " ".join(parts)

    def _trace(self, record: logging.LogRecord) -> list[str]:
        keys, trace_keys, trace_render = self.keys, self.trace_keys, self.trace_render
        return [keys[trace_keys.get(k, k)] + trace_render(v) for k, v in trace_fields(self.formatter, record)]


class SortedLogfmtLine(LogfmtLine):
    """logfmt with logrus's ``SortingFunc``: every key goes through one list, as logrus sorts them together.

    ``names`` holds the names of the time, level and message keys;
    ``time_text`` formats the time without its key, ``level_name`` names a
    record's level.
    """

    __slots__ = ("level_name", "names", "sorting_func", "time_text")

    def __init__(
        self,
        *,
        sorting_func: Callable[[list[str]], Optional[list[str]]],
        names: tuple[str, str, str],
        time_text: Optional[TimeFormat],
        level_name: Callable[[logging.LogRecord], str],
        **writer: object,
    ) -> None:
        super().__init__(**writer)  # type: ignore[arg-type]
        self.sorting_func = sorting_func
        self.names = names
        self.time_text = time_text
        self.level_name = level_name

    def write(self, record: logging.LogRecord) -> str:
        """The record's line, its keys in the order the sorting function gives them."""
        msg, trace, data = self.fields.read(record)
        time_key, level_key, msg_key = self.names
        fixed: Pairs = []
        if self.time_text is not None:
            fixed.append((time_key, self.time_text(record.created)))
        fixed.append((level_key, self.level_name(record)))
        if msg:
            fixed.append((msg_key, msg))
        if self.report_caller:
            func, file = caller(record, self.caller)
            if func:
                fixed.append((self.func_key, func))
            if file:
                fixed.append((self.file_key, file))
            # logrus looks values up by key name: a user "func"/"file" shows the caller's.
            by_name = {self.func_key: func, self.file_key: file}
            data = [(k, by_name[k]) if k in by_name else (k, v) for k, v in data]
        keys, render = self.keys, self.render
        line = [keys[k] + render(v) for k, v in apply_sorting_func(self.sorting_func, fixed + data)]
        if trace:
            line += self._trace(record)
        return " ".join(line)
