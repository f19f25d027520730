"""The console line writer that ``TextFormatter`` and ``PrefixedFormatter`` configure.

A terminal line: a level head and a time (``[0042]`` or the time; logrus
puts the level first, x-cray the time), logrus's caller or x-cray's prefix,
the message's first line padded, the fields as coloured ``key=value``, then
the rest of the message, the traceback and the stack on indented lines.
Every part that depends only on the formatter's options (level heads, key
heads by colour, the padding, how a value is written) is decided when the
writer is made; a record only looks them up.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from typing import Final, Optional

from ._cache import BoundedCache
from ._escape import terminal_escape
from ._fields import RESERVED_ATTRS, FieldPipeline
from ._gofmt import go_trim_space, to_text, unprintable
from ._record import CallerPrettyfier, colored_caller, continuation, terminal_lines
from ._time import Elapsed, TimeFormat

#: The field that names x-cray's prefix (``entry.Data["prefix"]``).
PREFIX_KEY: Final = "prefix"

# x-cray's extractPrefix: ^\[(.*?)\] (Go's '.' and Python's both stop at '\n').
_MESSAGE_PREFIX: Final = re.compile(r"\[(.*?)\]")


class ConsoleLine:
    """Writes one record as a terminal line; :meth:`write` is the formatter's layout.

    ``levels``: the head of each known level (coloured and escaped);
    ``level``: the head of any other.  ``time`` (the time, cached per
    second) or ``elapsed`` (``[0042]``), or neither.  ``time_first``: the
    time before the level head (x-cray) instead of after it (logrus).
    ``caller``: logrus's reported caller (``report_caller``) with its
    prettyfier.  ``prefix``: paints x-cray's prefix, which then comes from a
    ``prefix`` field or a ``[name]`` message start.  The message's first
    line is padded to ``pad`` characters and followed by ``tail``.
    ``heads`` gives the `` key=`` head cache of each known level, ``head``
    that of any other; ``render`` writes a value.
    """

    __slots__ = (
        "caller",
        "elapsed",
        "fields",
        "formatter",
        "head",
        "heads",
        "level",
        "levels",
        "pad",
        "prefix",
        "prefix_attr",
        "prefix_key",
        "render",
        "report_caller",
        "tail",
        "time",
        "time_first",
    )

    def __init__(
        self,
        *,
        formatter: logging.Formatter,
        levels: Mapping[int, str],
        level: Callable[[logging.LogRecord], str],
        time: Optional[TimeFormat],
        elapsed: Optional[Elapsed],
        time_first: bool,
        pad: int,
        tail: str,
        heads: Mapping[int, BoundedCache],
        head: Callable[[int], BoundedCache],
        render: Callable[[object], str],
        fields: FieldPipeline,
        report_caller: bool = False,
        caller: Optional[CallerPrettyfier] = None,
        prefix: Optional[Callable[[str], str]] = None,
        prefix_key: str = PREFIX_KEY,
    ) -> None:
        self.formatter = formatter
        self.levels = levels
        self.level = level
        self.time = time
        self.elapsed = elapsed
        self.time_first = time_first
        self.pad = pad
        self.tail = tail
        self.heads = heads
        self.head = head
        self.render = render
        self.fields = fields
        self.report_caller = report_caller
        self.caller = caller
        self.prefix = prefix
        self.prefix_key = prefix_key
        # A record attribute such as the logger's name ("name") gives the prefix itself.
        self.prefix_attr = prefix_key in RESERVED_ATTRS

    def write(self, record: logging.LogRecord) -> str:
        """The record's line and its continuation lines, without the final newline."""
        levelno = record.levelno
        msg, trace, data = self.fields.read(record)
        parts = [self.levels.get(levelno) or self.level(record)]
        if self.time is not None:
            stamp: Optional[str] = self.time(record.created)
        elif self.elapsed is not None:
            stamp = self.elapsed(record.relativeCreated)
        else:
            stamp = None
        if stamp is not None:
            if self.time_first:
                parts.insert(0, stamp)
            else:
                parts.append(stamp)
        if self.report_caller:
            parts.append(terminal_escape(colored_caller(record, self.caller)))
        if self.prefix is not None:
            prefix, msg = _prefix(data, msg, self.prefix_key, record if self.prefix_attr else None)
            if prefix is not None:
                parts.append(self.prefix(f" {terminal_escape(prefix)}:"))
        first, more = terminal_lines(msg)
        parts += (" ", first.ljust(self.pad), self.tail)  # ljust: a long message is not copied
        heads, render = self.heads.get(levelno) or self.head(levelno), self.render
        for k, v in data:
            parts.append(heads[k] + render(v))
        if more or trace:
            parts.append(continuation(more, record, self.formatter))
        return "".join(parts)


def _prefix(
    data: list[tuple[str, object]], msg: str, prefix_key: str = PREFIX_KEY, record: Optional[logging.LogRecord] = None
) -> tuple[Optional[str], str]:
    """x-cray's prefix: a ``prefix`` field (taken out of ``data``), else a ``[name]`` message start (cut off).

    ``prefix_key``: the field's name (``prefix_field``); ``record``: when
    given, a record attribute of that name (the logger's ``name``) comes
    before the message's ``[name]``, unless it is empty.
    """
    for i, (key, value) in enumerate(data):
        if key == prefix_key:
            del data[i]
            return (value if type(value) is str else _str(value)), msg
    if record is not None:
        value = record.__dict__.get(prefix_key)
        if value is not None and value != "":
            return (value if type(value) is str else _str(value)), msg
    match = _MESSAGE_PREFIX.match(msg) if msg[:1] == "[" else None
    if match and match.group(1):
        return match.group(1), go_trim_space(msg[match.end() :])
    return None, msg


def _str(value: object) -> str:
    """``str(value)``, as the project renders a non-string prefix (x-cray panics); a placeholder if it fails."""
    try:
        text = str(value)
    except Exception as error:
        return unprintable(value, error)
    return text if type(text) is str else to_text(text)
