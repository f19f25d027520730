"""The field pipeline every formatter shares: collect → resolve clashes → order.

*Collect*: a record's fields are every attribute that is not a standard
``LogRecord`` attribute (so ``extra={"k": v}`` works as it is), plus the names
that can't be attributes (``msg``, ``args``, non-str keys …), which
[FieldLogger][prefixlog.FieldLogger] carries in one private attribute.

*Resolve clashes*: as logrus's ``prefixFieldClashes``: a field named like a
key the formatter writes itself (``time``, ``msg``, ``level`` …) is *moved* to
``fields.<name>``; ``func``/``file`` are *copied* there when the caller is
reported.  Unlike logrus, a moved field never overwrites a field the record
already has under the new name: it takes one more ``fields.`` prefix instead,
so nothing is lost.

*Order*: byte order of the keys (Go's ``sort.Strings``), or the record's own
order, or a user's ``sorting_func``.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Container, Iterable, Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Final, NamedTuple, Optional

from ._context import CONTEXT_ATTR
from ._gofmt import short_repr, to_text, unprintable
from ._record import EXC_CARRIER, EXC_INFO, EXC_MESSAGE, EXC_TYPE, STACK_INFO, has_trace, message

if TYPE_CHECKING:
    from ._sources import FieldSources

#: The attribute that carries fields that can't be record attributes.
FIELDS_ATTR: Final = "_prefixlog_fields"

#: Attributes every LogRecord has, on every supported Python (3.12's ``taskName`` too).
RESERVED_ATTRS: Final[frozenset[str]] = frozenset(vars(logging.makeLogRecord({}))) | {
    "message",
    "asctime",
    "taskName",
    FIELDS_ATTR,
    CONTEXT_ATTR,
    EXC_CARRIER,
}

#: The keys logrus writes on every line: a field by one of these names is moved to ``fields.<name>``.
OWN_KEYS: Final = ("time", "msg", "level", "logrus_error")
#: The caller's keys, with a reported caller: a field by one of these names is also copied there.
CALLER_KEYS: Final = ("func", "file")
#: The exception and stack fields prefixlog adds: moved like ``OWN_KEYS`` when the record carries a trace.
TRACE_KEYS: Final = (EXC_TYPE, EXC_MESSAGE, EXC_INFO, STACK_INFO)
#: logrus's ``FieldMap`` keys, plus the exception and stack fields prefixlog adds.
FIELD_MAP_KEYS: Final = (*OWN_KEYS, *CALLER_KEYS, *TRACE_KEYS)
#: What a moved field's name is prefixed with (logrus's ``prefixFieldClashes``).
CLASH_PREFIX: Final = "fields."

# LogRecord.__init__ sets the standard attributes first, in this order; fields
# given with ``extra`` (or set later) come after them.  When a record's first
# attributes are in that order, only its tail needs a look.
_PLAIN: Final = vars(logging.LogRecord("", 0, "", 0, "", (), None))
_STANDARD_COUNT: Final = len(_PLAIN)
_LAST_STANDARD: Final = next(reversed(_PLAIN))
#: The reserved names that can follow the standard attributes on a record.
_TAIL_RESERVED: Final = RESERVED_ATTRS - _PLAIN.keys()

Pairs = list[tuple[str, Any]]
SortingFunc = Callable[[list[str]], Optional[list[str]]]

_first: Final = itemgetter(0)  # a pair's key
_CARRIERS: Final = frozenset((FIELDS_ATTR, CONTEXT_ATTR, EXC_CARRIER))


class ClashNames(NamedTuple):
    """The names a formatter writes itself, which a field must not take (after ``field_map``)."""

    moved: frozenset[str]  # time, msg, level, logrus_error: a field by that name is moved
    copied: frozenset[str]  # func, file with a reported caller: copied, as logrus does
    moved_exc: frozenset[str]  # ``moved`` plus the exception fields, for a record that has them


def clash_names(field_map: Mapping[str, str], report_caller: bool) -> ClashNames:
    """The clash names for a formatter's ``field_map`` and ``report_caller``."""
    moved = frozenset(field_map.get(k, k) for k in OWN_KEYS)
    copied = frozenset(field_map.get(k, k) for k in CALLER_KEYS) if report_caller else frozenset()
    return ClashNames(moved, copied, moved | frozenset(field_map.get(k, k) for k in TRACE_KEYS))


class FieldPipeline:
    """The pipeline set up for one formatter: :meth:`read` gives a record's message and fields.

    ``clash``: the names to move (and copy) out of the way, or ``None`` to
    rename nothing (x-cray); when the record carries an exception or a stack
    (:func:`prefixlog._record.has_trace`), the exception fields' names move too.  ``sort``: byte order of the keys;
    ``sorting_func``: a user's order instead.  ``sources``: the formatter's
    ``fmt``, ``defaults``, ``static_fields``, ``reserved_attrs`` and
    ``exclude_fields`` (:mod:`prefixlog._sources`); ``None``: the record's own
    fields only.
    """

    __slots__ = (
        "blocked",
        "blocked_trace",
        "copied",
        "exclude",
        "moved",
        "moved_trace",
        "sort",
        "sorting_func",
        "sources",
    )

    def __init__(
        self,
        clash: Optional[ClashNames],
        *,
        sort: bool,
        sorting_func: Optional[SortingFunc] = None,
        sources: Optional[FieldSources] = None,
    ) -> None:
        nothing: frozenset[str] = frozenset()
        self.moved = nothing if clash is None else clash.moved
        self.moved_trace = nothing if clash is None else clash.moved_exc
        self.copied = nothing if clash is None else clash.copied
        self.sort = sort and sorting_func is None
        self.sorting_func = sorting_func if sort else None
        self.sources = None if sources is None or sources.simple else sources
        self.exclude = nothing if sources is None else sources.exclude
        self.blocked = blocked_names(self.moved, self.copied) | self.exclude
        self.blocked_trace = blocked_names(self.moved_trace, self.copied) | self.exclude

    def read(self, record: logging.LogRecord) -> tuple[str, bool, Pairs]:
        """What every line writer starts from: the message, whether it carries a trace, and the fields."""
        try:
            msg = record.msg
            plain = type(msg) is str and not record.args  # then getMessage() is msg itself
        except AttributeError:
            plain = False
        if not plain:
            msg = message(record)
        trace = bool(record.exc_info or record.exc_text or record.stack_info) and has_trace(record)
        if self.sources is not None:
            moved = self.moved_trace if trace else self.moved
            pairs = resolve_clashes(self.sources.pairs(record, trace=trace), moved, self.copied)
            if self.sort:
                pairs.sort(key=_first)
        elif trace:
            pairs = data_pairs(record, self.moved_trace, self.copied, self.sort, self.blocked_trace, self.exclude)
        else:
            pairs = data_pairs(record, self.moved, self.copied, self.sort, self.blocked, self.exclude)
        if self.sorting_func is not None:
            pairs = apply_sorting_func(self.sorting_func, pairs)
        return msg, trace, pairs


def is_attribute_key(key: object) -> bool:
    """Whether a field can travel as a plain record attribute (``extra``)."""
    return type(key) is str and key not in RESERVED_ATTRS


def split_fields(fields: dict[Any, Any]) -> dict[str, Any]:
    """The ``extra`` dict that carries ``fields`` on a record, their order kept.

    Ordinary keys become attributes, so stdlib formatters and filters see them
    too; the rest (``msg``, ``args``, non-str keys …) ride in one attribute,
    the carrier.  From the first such key on, the carrier holds every field
    in order (the ordinary ones are attributes as well), so that
    :func:`collect` writes each where it was given.
    """
    extra: dict[str, Any] = {}
    hidden: Optional[dict[Any, Any]] = None
    for key, value in fields.items():
        if is_attribute_key(key):
            extra[key] = value
            if hidden is None:
                continue
        elif hidden is None:
            hidden = {}
        hidden[key] = value
    if hidden:
        extra[FIELDS_ATTR] = hidden
    return extra


def _key_text(key: object) -> str:
    return key if type(key) is str else to_text(key)


def _own_pairs(attrs: dict[str, Any], reserved: Container[str]) -> Pairs:
    """The record's own fields (not the context's), in the order they were given.

    The carrier (see :func:`split_fields`) holds the fields from its first
    odd key on: the attributes it names come in its order, each with the
    attribute's value (a filter may have changed it); the attributes before
    it come first.
    """
    hidden = attrs.get(FIELDS_ATTR)
    if not hidden:
        return [(k, v) for k, v in attrs.items() if k not in reserved and k not in _CARRIERS]
    if not isinstance(hidden, dict):  # a foreign object under our name: show it rather than lose it
        pairs = [(k, v) for k, v in attrs.items() if k not in reserved and k not in _CARRIERS]
        pairs.append((FIELDS_ATTR, hidden))
        return pairs
    pairs = [(k, v) for k, v in attrs.items() if k not in reserved and k not in _CARRIERS and k not in hidden]
    for key, value in hidden.items():
        if not is_attribute_key(key):
            pairs.append((_key_text(key), value))
        elif key not in reserved:
            pairs.append((key, attrs.get(key, value)))
    return pairs


def collect(record: logging.LogRecord, reserved: Container[str] = RESERVED_ATTRS) -> Pairs:
    """The record's fields, in the order they were given.

    Context fields (:mod:`prefixlog._context`) come first and yield to a field
    of the same name given with the record.  ``reserved``: the attributes
    that are not fields (python-json-logger's ``reserved_attrs``); our own
    carrier attributes never are.
    """
    attrs = record.__dict__
    pairs = _own_pairs(attrs, reserved)
    context = attrs.get(CONTEXT_ATTR)
    if context:
        try:
            own = {k for k, _ in pairs}
            pairs = [(_key_text(k), v) for k, v in context.items() if k not in own] + pairs
        except Exception:  # not a mapping: show it rather than lose it
            pairs.append((CONTEXT_ATTR, context))
    return pairs


def fields(record: logging.LogRecord) -> dict[Any, Any]:
    """The record's own fields, as a dict: what a formatter starts from.

    Context fields ([bind][prefixlog.bind]), a [FieldLogger][prefixlog.FieldLogger]'s
    bound fields and the call's ``extra=``, each under the key it was given
    (``msg``, ``7`` ...), in the order a formatter writes them unsorted:
    context fields first, then the record's own (a record field of the same
    name wins, in its own place).  Before anything a formatter does: no clash
    renaming (``fields.msg``), no ``fmt`` attributes, static fields or
    exclusions, values as they are.  Go's counterpart is logrus's
    ``Entry.Data``.  Never raises: an unreadable carrier is shown under its
    own name, as the formatters write it.

    Args:
        record: Any ``logging.LogRecord``.

    Returns:
        A new dict of the record's fields, in their order.
    """
    attrs = record.__dict__
    hidden = attrs.get(FIELDS_ATTR)
    own: dict[Any, Any]
    if hidden and isinstance(hidden, dict):
        own = {k: v for k, v in attrs.items() if k not in RESERVED_ATTRS and k not in _CARRIERS and k not in hidden}
        for key, value in hidden.items():
            own[key] = attrs.get(key, value) if is_attribute_key(key) else value
    else:
        own = {k: v for k, v in attrs.items() if k not in RESERVED_ATTRS and k not in _CARRIERS}
        if hidden:  # a foreign object under our name: show it rather than lose it
            own[FIELDS_ATTR] = hidden
    context = attrs.get(CONTEXT_ATTR)
    if not context:
        return own
    try:
        merged = {k: v for k, v in context.items() if k not in own}
    except Exception:  # not a mapping: show it rather than lose it
        own[CONTEXT_ATTR] = context
        return own
    merged.update(own)
    return merged


def data_pairs(
    record: logging.LogRecord,
    moved: frozenset[str],
    copied: frozenset[str],
    sort: bool = True,
    blocked: Optional[frozenset[str]] = None,
    exclude: frozenset[str] = frozenset(),
) -> Pairs:
    """collect → resolve clashes → order, in one pass for the common record.

    The common record has only attribute fields (``extra=`` or a
    ``FieldLogger`` with ordinary names) and no clash; it costs one scan of
    the record's attributes and one sort.  ``blocked``: :func:`blocked_names`
    of ``moved`` and ``copied``, and ``exclude``, made once by the caller.
    ``exclude``: names never written (``exclude_fields``).
    """
    attrs = record.__dict__
    if FIELDS_ATTR in attrs or CONTEXT_ATTR in attrs:
        pairs = collect(record)  # merged sources: a key may repeat
        if exclude:
            pairs = [p for p in pairs if p[0] not in exclude]
        unique = False
    else:
        # The standard attributes come first, in LogRecord.__init__'s order; when the last of them
        # is in its place, only the names after it can be fields.  The common record's fields
        # need no more than a look at their names: none reserved, none clashing.
        keys = list(attrs)
        if len(keys) > _STANDARD_COUNT and keys[_STANDARD_COUNT - 1] == _LAST_STANDARD:
            tail = keys[_STANDARD_COUNT:]
            if (blocked_names(moved, copied) | exclude if blocked is None else blocked).isdisjoint(tail):
                if sort:
                    tail.sort()
                return [(k, attrs[k]) for k in tail]
            pairs = [(k, attrs[k]) for k in tail if k not in RESERVED_ATTRS and k not in exclude]
        else:
            pairs = [(k, v) for k, v in attrs.items() if k not in RESERVED_ATTRS and k not in exclude]
        unique = True
    if not pairs:
        return pairs
    if moved or copied:
        for key, _ in pairs:
            if key in moved or key in copied:
                pairs = resolve_clashes(pairs, moved, copied)
                break
    if sort and len(pairs) > 1:
        if unique:
            pairs.sort()  # keys differ, so tuples compare by key alone
        else:
            pairs.sort(key=_first)
    return pairs


def blocked_names(moved: frozenset[str], copied: frozenset[str]) -> frozenset[str]:
    """The names that keep a record off :func:`data_pairs`'s quick path: reserved, moved or copied."""
    return _TAIL_RESERVED | moved | copied


def _free_name(name: str, taken: set[str]) -> str:
    name = CLASH_PREFIX + name
    while name in taken:
        name = CLASH_PREFIX + name
    taken.add(name)
    return name


def resolve_clashes(pairs: Pairs, moved: frozenset[str], copied: frozenset[str] = frozenset()) -> Pairs:
    """logrus's ``prefixFieldClashes`` on ``pairs``, losing nothing.

    ``moved``: the names the formatter writes itself; such a field is renamed
    ``fields.<name>``.  ``copied``: names (``func``/``file`` with a reported
    caller) kept *and* copied to ``fields.<name>``, as logrus does.
    """
    if not pairs:
        return pairs
    if moved.isdisjoint(map(_first, pairs)) and (not copied or copied.isdisjoint(map(_first, pairs))):
        return pairs
    taken = {k for k, _ in pairs}
    out: Pairs = []
    for key, value in pairs:
        if key in moved:
            taken.discard(key)
            out.append((_free_name(key, taken), value))
        elif key in copied:
            out.append((key, value))
            out.append((_free_name(key, taken), value))
        else:
            out.append((key, value))
    return out


#: The field that says what went wrong in a user's callable, on a record still written whole.
ERROR_KEY: Final = "prefixlog_error"


def apply_sorting_func(func: SortingFunc, pairs: Pairs) -> Pairs:
    """``pairs`` in the order a logrus-style ``SortingFunc`` gives their keys.

    The function may sort the key list in place (as in Go) or return a new
    one.  Whatever it does costs only the order: if it raises or returns
    something that is not an iterable of keys, the pairs keep their order, and
    items that are not ``str`` are skipped; a ``prefixlog_error`` pair says
    what went wrong, and the record is still written whole.
    """
    keys = [k for k, _ in pairs]
    try:
        result = func(keys)
        ordered = keys if result is None else list(result)
    except Exception as error:
        return [*pairs, (ERROR_KEY, f"sorting_func: {unprintable(func, error)}")]
    strange = [k for k in ordered if type(k) is not str]
    if not strange:
        return reorder(pairs, ordered)
    out = reorder(pairs, [k for k in ordered if type(k) is str])
    out.append(
        (
            ERROR_KEY,
            f"sorting_func: returned {len(strange)} item(s) that are not str keys, such as {short_repr(strange[0])}",
        )
    )
    return out


def reorder(pairs: Iterable[tuple[str, Any]], keys: list[str]) -> Pairs:
    """Pairs in the order of ``keys`` (each pair once, unknown keys ignored), in linear time."""
    pending: dict[str, deque[tuple[str, Any]]] = {}
    for pair in pairs:
        bucket = pending.get(pair[0])
        if bucket is None:
            pending[pair[0]] = deque((pair,))
        else:
            bucket.append(pair)
    out: Pairs = []
    for key in keys:
        bucket = pending.get(key)
        if bucket:
            out.append(bucket.popleft())
    for bucket in pending.values():
        out.extend(bucket)
    return out
