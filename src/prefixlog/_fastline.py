"""``prefixlog pretty``'s fast line: the common record in the text layout, without a ``LogRecord``.

Reading a shipped log back, building a ``LogRecord`` and running the whole
formatter costs more than reading the line; for the common record
:class:`FastLine` assembles the same string from the writer's own parts
(its level heads, time, padding, key heads and value rendering).  Any other
record gets ``None`` and goes the whole way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, Optional

from ._cache import BoundedCache
from ._console import ConsoleLine
from ._dialects import (
    CALLER,
    LEVEL_KEYS,
    LOGGER,
    MESSAGE_KEYS,
    SPECIAL_KEYS,
    TIME_KEYS,
    read_level,
)
from ._fields import _CARRIERS, RESERVED_ATTRS
from ._parse import Parsed, parse_time

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
        fields = parsed.fields
        if parsed.exception or parsed.stack or not self.blocked.isdisjoint(fields):
            return None
        level = logging.INFO if parsed.level is None else parsed.level
        return self.line(level, parsed.message, parsed.created, fields, sorted(fields))

    def line(
        self, level: int, message: str, created: Optional[float], fields: Mapping[str, Any], keys: Iterable[str]
    ) -> Optional[str]:
        """The line of a record whose fields are ``keys`` (sorted) of ``fields``, or ``None`` if it is no common one.

        The caller has checked that the keys are free (no record attribute,
        no clash with the layout's keys: :attr:`blocked`) and that there is
        no traceback or stack.  Never raises: where writing fails, ``None``
        sends the record the whole way, whose formatter says what failed.
        """
        try:
            head = self.levels.get(level)
            if head is None or not message.isprintable():
                return None
            stamp = self.time
            if stamp is not None and created is not None:
                head += stamp(created)
            parts = [head, " ", message.ljust(self.pad), self.tail]
            if not fields:
                return "".join(parts)
            heads, render = self.heads[level], self.render
            texts = self.texts.get(level)
            if texts is None or len(texts) >= _KEYS_KEPT:
                texts = self.texts[level] = {}
            known = texts.get
            # A text repeats from line to line (a user, a route): its " key=value" is kept.
            for key in keys:
                value = fields[key]
                parts.append(
                    (known(key) or _texts(texts, key, heads[key], render))[value]
                    if type(value) is str
                    else heads[key] + render(value)
                )
            return "".join(parts)
        except Exception:  # a time the layout can't write (year 10000 in the local zone...): the formatter's way
            return None


def _texts(texts: dict[str, BoundedCache], key: str, head: str, render: Callable[[object], str]) -> BoundedCache:
    """A new memo of ``key``'s `` key=value`` texts by value, kept in ``texts``."""
    texts[key] = memo = BoundedCache(_pair_text(head, render), 256, 64)
    return memo


def _pair_text(head: str, render: Callable[[object], str]) -> Callable[[str], str]:
    """`` key=value`` for a text value, given its key's head."""
    return lambda text: head + render(text)


#: Shapes (a JSON line's keys, in order) :class:`FastJson` keeps the reading of, before it starts afresh.
_SHAPES_KEPT: Final = 512
#: A shape of more keys than this, or of longer keys together, is read every time, never kept: a kept
#: shape costs at most about 10 KB (its keys, twice as tuples), so all of them about 5 MB.
_SHAPE_KEYS: Final = 64
_SHAPE_CHARS: Final = 1024


#: The special keys ``from_mapping`` leaves as they are when no other is there: ``take_logger`` keeps a
#: ``logger`` under its name, ``take_caller`` a ``caller`` (zap's lines, structlog's).
_KEPT_AS_THEY_ARE: Final = frozenset((LOGGER, CALLER))


class _Shape:
    """How the lines of one shape are read: their level, message and time keys, their fields (sorted), fast line.

    ``rename``: the key ``name`` is the logger's where the level says so
    (``take_logger``), shown as ``logger`` (in ``keys``).
    """

    __slots__ = ("fast", "keys", "level", "message", "rename", "time")

    def __init__(
        self,
        fast: FastLine,
        level: str,
        message: Optional[str],
        time: Optional[str],
        rename: bool,
        keys: tuple[str, ...],
    ) -> None:
        self.fast = fast
        self.level = level
        self.message = message
        self.time = time
        self.rename = rename
        self.keys = keys


class FastJson:
    """``pretty``'s common JSON line, from the decoded object straight to the fast line: no ``Parsed``, no copy.

    What :func:`prefixlog._parse.from_mapping` decides from a line's keys
    alone (which key is the level, the message, the time, which are fields,
    and that none is special or blocked; a ``name`` that is the logger's)
    is worked out once per shape, the keys in their order; a line then
    costs its values.  :meth:`write` gives
    ``None`` wherever a value would make ``from_mapping`` or
    :meth:`FastLine.write` decide otherwise (a level word it must look
    further for, a message that is no text, a time it can't read, an
    unprintable message): that line goes the whole way, to the same string
    (``tests/test_pretty_fast.py``).
    """

    __slots__ = ("keep", "least", "shapes", "timed", "untimed")

    def __init__(
        self, timed: Optional[FastLine], untimed: Optional[FastLine], least: int, keep: Optional[frozenset[str]]
    ) -> None:
        self.timed = timed
        self.untimed = untimed
        self.least = least  # --level: lower levels are left out
        self.keep = keep  # --fields: the fields shown (None: all)
        self.shapes: dict[tuple[str, ...], Optional[_Shape]] = {}

    def write(self, data: dict[str, Any]) -> Optional[str]:
        """The line for a decoded object without nested objects; ``""`` if its level is left out; else ``None``.

        May rename the key ``name`` to ``logger`` in ``data``, as ``from_mapping`` does.
        """
        keys = tuple(data)
        shape = self.shapes.get(keys, _NEW)
        if shape is _NEW:
            shape = self._shape(keys)
        if shape is None:
            return None
        found = read_level(shape.level, data[shape.level])  # the first level key: take_level's order
        if found is None:
            return None
        level, named = found
        message = ""
        if shape.message is not None:
            message = data[shape.message]
            if type(message) is not str:
                return None
        if level < self.least:
            return ""
        created = None
        if shape.time is not None:
            created = parse_time(data[shape.time])
            if created is None:
                return None
        if shape.rename:  # take_logger: a text "name" of a named dialect becomes "logger" (else it stays: blocked)
            if not named or type(data["name"]) is not str:
                return None
            data[LOGGER] = data.pop("name")
        return shape.fast.line(level, message, created, data, shape.keys)

    def _shape(self, keys: tuple[str, ...]) -> Optional[_Shape]:
        """How lines with ``keys`` are read (``None``: the whole way), kept when the keys are short."""
        shape = None
        names = set(keys)
        level = next((key for key in LEVEL_KEYS if key in names), None)
        if level is not None and "L" not in names:  # "L": maybe zap's development keys (zap_development)
            names.discard(level)
            message = next((key for key in MESSAGE_KEYS if key in names), None)
            names.discard(message)
            time = next((key for key in TIME_KEYS if key in names), None)
            names.discard(time)
            special = SPECIAL_KEYS.intersection(names)
            rename = "name" in special and LOGGER not in names
            if rename:
                special -= {"name"}
                names.discard("name")
                names.add(LOGGER)
            fast = self.untimed if time is None else self.timed
            if fast is not None and special <= _KEPT_AS_THEY_ARE:
                shown = names if self.keep is None else names & self.keep
                if fast.blocked.isdisjoint(shown):
                    shape = _Shape(fast, level, message, time, rename, tuple(sorted(shown)))
        if len(keys) <= _SHAPE_KEYS and sum(map(len, keys)) <= _SHAPE_CHARS:
            if len(self.shapes) >= _SHAPES_KEPT:
                self.shapes.clear()
            self.shapes[keys] = shape
        return shape


_NEW: Final = _Shape.__new__(_Shape)  # a shape not read yet (None: read, and not for the fast way)
