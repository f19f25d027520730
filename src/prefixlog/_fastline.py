"""``prefixlog pretty``'s fast line: the common record in the text layout, without a ``LogRecord``.

Reading a shipped log back, building a ``LogRecord`` and running the whole
formatter costs more than reading the line; for the common record
:class:`FastLine` assembles the same string from the writer's own parts
(its level heads, time, padding, key heads and value rendering).  Any other
record gets ``None`` and goes the whole way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final, Optional

from ._cache import BoundedCache
from ._console import ConsoleLine
from ._fields import _CARRIERS, RESERVED_ATTRS
from ._parse import Parsed

#: Keys whose texts :class:`FastLine` keeps, per level, before it starts afresh.
_KEYS_KEPT: Final = 64


class FastLine:
    """``ConsoleLine.write`` for a parsed line, from the writer's own parts, without a ``LogRecord``.

    For the common record of ``pretty``'s text layout: a level with a head
    of its own, a one-line printable message, fields whose names are no
    record attribute and clash with no key of the layout, no traceback or
    stack.  :meth:`write` gives ``None`` for any other record, which then
    goes the whole way (``make_record`` and ``format``).  The same string
    either way (``tests/test_pretty_fast.py``); only the work differs.
    """

    __slots__ = ("blocked", "heads", "levels", "pad", "render", "tail", "texts", "time")

    def __init__(self, writer: ConsoleLine) -> None:
        self.levels = writer.levels
        self.heads = writer.heads
        self.time = writer.time
        self.pad = writer.pad
        self.tail = writer.tail
        self.render = writer.render
        self.blocked = RESERVED_ATTRS | _CARRIERS | writer.fields.blocked
        #: By level, then key: a key's ``key=value`` texts by value (bounded: BoundedCache, _KEYS_KEPT).
        self.texts: dict[int, dict[str, BoundedCache]] = {}

    @classmethod
    def of(cls, formatter: logging.Formatter) -> Optional[FastLine]:
        """The fast line for ``formatter``'s layout, or ``None`` where it is not a plain ``ConsoleLine``."""
        writer = getattr(getattr(formatter, "_layout", None), "__self__", None)
        if type(writer) is not ConsoleLine:
            return None
        pipeline = writer.fields
        plain = pipeline.sources is None and pipeline.sorting_func is None and pipeline.sort
        if not plain or writer.prefix is not None or writer.report_caller or writer.elapsed is not None:
            return None
        return cls(writer)

    def write(self, parsed: Parsed) -> Optional[str]:
        """The line (without its newline), or ``None`` when the record is not the common one."""
        level = parsed.level
        if level is None:
            level = logging.INFO
        head = self.levels.get(level)
        message = parsed.message
        if head is None or parsed.exception or parsed.stack or not message.isprintable():
            return None
        fields = parsed.fields
        if not self.blocked.isdisjoint(fields):
            return None
        stamp = self.time
        if stamp is not None and parsed.created is not None:
            head += stamp(parsed.created)
        parts = [head, " ", message.ljust(self.pad), self.tail]
        if not fields:
            return "".join(parts)
        heads, render = self.heads[level], self.render
        texts = self.texts.get(level)
        if texts is None or len(texts) >= _KEYS_KEPT:
            texts = self.texts[level] = {}
        known = texts.get
        # A text repeats from line to line (a user, a route): its " key=value" is kept.  The keys
        # differ, so sorting the pairs never compares two values.
        parts += [
            (known(key) or _texts(texts, key, heads[key], render))[value]
            if type(value) is str
            else heads[key] + render(value)
            for key, value in sorted(fields.items())
        ]
        return "".join(parts)


def _texts(texts: dict[str, BoundedCache], key: str, head: str, render: Callable[[object], str]) -> BoundedCache:
    """A new memo of ``key``'s `` key=value`` texts by value, kept in ``texts``."""
    texts[key] = memo = BoundedCache(_pair_text(head, render), 256, 64)
    return memo


def _pair_text(head: str, render: Callable[[object], str]) -> Callable[[str], str]:
    """`` key=value`` for a text value, given its key's head."""
    return lambda text: head + render(text)
