"""``QueueHandler``: the stdlib's, but the record arrives whole on the other side.

``logging.handlers.QueueHandler.prepare()`` formats the record on the
application's thread and folds the traceback into ``msg``: behind the queue,
``exc_type``, ``exc_message`` and ``exc_info`` are gone, as is
``stack_info``.  A field that can't be pickled makes a ``multiprocessing``
queue's feeder thread drop the record with a traceback on stderr.

:class:`QueueHandler` prepares a *copy* of the record that keeps its
structure and runs no formatter: the message merged with its ``args``; the
exception as its traceback text (``exc_text``) and its type and message
(:func:`prefixlog._record.detach_exception`); ``stack_info``; and every field
(``extra=``, a ``FieldLogger``'s, context fields) as it is.  So the line the
formatter writes behind the queue is the line it writes without one.

When the queue leads to another process (anything but a ``queue.Queue`` or
``queue.SimpleQueue``, whose records never leave the process), the record
crosses as a plain ``LogRecord``, and every value that can't be pickled and
loaded again is replaced by its text, inside lists, tuples, sets and dicts
too: the record is never lost.  Values of plain types (text, numbers,
``None``) are not pickled to find out, and an in-process queue pays for no
check at all.
"""

from __future__ import annotations

import logging
import logging.handlers
import pickle
import queue
from typing import Any, Final

from ._context import CONTEXT_ATTR
from ._fields import FIELDS_ATTR
from ._gofmt import to_text
from ._record import detach_exception, message

#: Queues whose records stay in this process: no pickling, so no check.
IN_PROCESS_QUEUES: Final = (queue.Queue, queue.SimpleQueue)

_PLAIN_FORMATTER: Final = logging.Formatter()  # formatException when the handler has no formatter
_MAX_DEPTH: Final = 200  # containers nested deeper are sent as their text, as the JSON layout writes them
_CONTAINERS: Final = (list, tuple, dict, set, frozenset)
_PLAIN: Final = frozenset((str, int, float, bool, type(None)))  # always pickled and loaded alike
_CARRIERS: Final = (FIELDS_ATTR, CONTEXT_ATTR)


def _pickles(value: object) -> bool:
    """Whether ``value`` survives a pickle round trip here.

    Loading too, not only dumping: an exception class whose ``__init__``
    takes other arguments than its ``args`` dumps fine and fails to load,
    and a failed load on the listener's side ends a ``QueueListener``'s
    thread, losing every record after it.
    """
    try:
        pickle.loads(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    except Exception:  # PicklingError, TypeError, AttributeError, RecursionError ...
        return False
    return True


def _wire_value(value: Any, inside: set[int]) -> Any:
    """``value`` if it pickles, else a copy whose unpicklable parts are their text.

    Lists, tuples, sets and dicts are rebuilt as their built-in type with
    each item made safe, so a layout writes them as it wrote the original
    (an item's text is what the layouts write for it).  Anything else that
    can't be pickled becomes :func:`~prefixlog._gofmt.to_text` of it.
    """
    if type(value) in _PLAIN or _pickles(value):
        return value
    if not isinstance(value, _CONTAINERS) or id(value) in inside or len(inside) >= _MAX_DEPTH:
        return to_text(value)
    inside.add(id(value))
    try:
        if isinstance(value, dict):
            return {_wire_key(k): _wire_value(v, inside) for k, v in value.items()}
        items = [_wire_value(v, inside) for v in value]
        if isinstance(value, list):
            return items
        if isinstance(value, tuple):
            return tuple(items)
        return (frozenset if isinstance(value, frozenset) else set)(items)
    except Exception:  # a container that breaks while iterated: its text
        return to_text(value)
    finally:
        inside.discard(id(value))


def _wire_key(key: Any) -> Any:
    return key if type(key) in _PLAIN or _pickles(key) else to_text(key)


def _wire_fields(fields: dict[Any, Any]) -> dict[Any, Any]:
    """A fields carrier made safe item by item (a new dict: the carrier may be a bound logger's)."""
    if all(type(k) in _PLAIN and type(v) in _PLAIN for k, v in fields.items()):
        return fields
    return {_wire_key(k): _wire_value(v, set()) for k, v in fields.items()}


def make_wire_safe(record: logging.LogRecord) -> None:
    """Make every attribute of ``record`` (a copy) one that crosses a process, in place.

    Attributes of plain types (``str``, ``int``, ``float``, ``bool``,
    ``None``: every standard attribute once the message is merged) are not
    pickled to find out; the others are tried one by one.  The fields
    carriers (a ``FieldLogger``'s odd keys, the context fields) are made safe
    item by item, so one bad field costs only its own value.
    """
    attrs = record.__dict__
    plain = _PLAIN
    for name in [k for k, v in attrs.items() if type(v) not in plain or type(k) is not str]:
        value = attrs[name]
        if type(name) is not str and not _pickles(name):
            del attrs[name]
            name = to_text(name)
        if name in _CARRIERS and type(value) is dict:
            attrs[name] = _wire_fields(value)
        else:
            attrs[name] = _wire_value(value, set())


class QueueHandler(logging.handlers.QueueHandler):
    """A drop-in ``logging.handlers.QueueHandler`` that keeps the record structured.

    Same constructor (``QueueHandler(queue)``); works with a
    ``QueueListener``, and as the ``class`` of a Python 3.12+ ``dictConfig``
    ``queue`` handler.  Only [prepare][prefixlog.QueueHandler.prepare] differs (see the module): the
    formatter runs on the listener's side, so the line written there is the
    line written without a queue, exception fields and all.

    Field values are formatted when the listener gets to the record: a
    mutable value changed after the logging call in the same process shows
    the change (a process boundary takes a copy when the record is queued).
    No Go counterpart: Go's loggers write on the calling goroutine.

    Args:
        queue: The queue records are put on: a ``queue.Queue``,
            ``queue.SimpleQueue`` or ``multiprocessing`` queue, as for the
            stdlib's ``QueueHandler``.
    """

    def __init__(self, queue: Any) -> None:  # the stdlib's own, declared here so that its signature is documented
        super().__init__(queue)

    def prepare(self, record: logging.LogRecord) -> Any:
        """A copy of ``record`` ready for the queue; the original is left to the other handlers.

        The message is merged with its ``args`` (``args`` is then ``None``),
        the exception becomes text, and, for a queue that leads out of this
        process, values that can't be pickled become their text.

        Args:
            record: The record being queued.

        Returns:
            The copy to queue.
        """
        in_process = isinstance(self.queue, IN_PROCESS_QUEUES)
        # Across processes a plain LogRecord: a subclass's class may not exist (or pickle) there.
        copy = logging.LogRecord.__new__(type(record) if in_process else logging.LogRecord)
        attrs = copy.__dict__
        attrs.update(record.__dict__)
        text = message(record)
        attrs["msg"] = attrs["message"] = text
        attrs["args"] = None
        if attrs.get("exc_info"):
            detach_exception(self.formatter or _PLAIN_FORMATTER, copy)
        if not in_process:
            make_wire_safe(copy)
        return copy
