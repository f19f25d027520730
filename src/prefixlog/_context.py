"""Context fields: ``bind()``, ``unbind()`` and ``with context(...)`` (contextvars).

Fields bound here go into every record logged in the same thread or asyncio
task, through any logger.  They are captured when the record is *made* (a
``LogRecord`` factory adds a snapshot), not when it is formatted, so records
that cross a ``QueueHandler`` keep the fields of the code that logged them.

Context fields are also *attributes* of the record, as fields given with
``extra=`` are (``caplog.records[0].request_id``), without being in its
``__dict__``: ``Logger.makeRecord`` refuses an ``extra=`` key that is already
there, so a context field named like a call's ``extra`` key would make the
call raise.  A record made while fields are bound gets a subclass of its own
class (:func:`_attribute_class`, whatever factory made it) whose
``__getattr__`` looks a missing attribute up in the snapshot; a real
attribute (a standard one, an ``extra=`` field) always wins, and names a
``LogRecord`` has or may get (``message``, ``asctime``, ``taskName``) and
dunder names never fall back.  Such a record copies as itself and pickles as
its factory's class, the snapshot in its ``__dict__``.

Precedence, lowest first: context fields, a ``FieldLogger``'s bound fields, a
call's ``extra``.  Each binding makes a new mapping, so asyncio tasks (which
copy the context when they start) never see each other's fields.
"""

from __future__ import annotations

import copyreg
import logging
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, Final

#: The record attribute that holds the snapshot of the context fields.
CONTEXT_ATTR: Final = "_prefixlog_context"

# The fields in effect: a plain dict (records carry it, and records must pickle),
# replaced by a new one on every change and never changed in place.
_EMPTY: Final[dict[str, Any]] = {}
_FIELDS: ContextVar[dict[str, Any]] = ContextVar("prefixlog_fields", default=_EMPTY)
_install_lock = threading.Lock()
_installed: dict[str, Any] = {"factory": None}


def _reset_after_fork() -> None:
    """In a forked child: a fresh lock (another thread may have held the parent's at the fork)."""
    global _install_lock  # noqa: PLW0603 - replaced, as logging replaces its own locks
    _install_lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_reset_after_fork)


#: How pickle's protocols 0 and 1 rebuild an object (``copyreg._reconstructor``, there since Python 2.3):
#: not in typeshed, and no public name says the same.
_RECONSTRUCTOR: Final = copyreg._reconstructor  # type: ignore[attr-defined]

#: Names that never fall back to a context field: every ``LogRecord`` attribute, and those a record gets later.
_NOT_FIELDS: Final = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


class _ContextAttributes:
    """The mixin of the record classes: a missing attribute is looked up in the context snapshot."""

    __slots__ = ()
    _prefixlog_base: type[logging.LogRecord]  # the class the record's factory made

    def __getattr__(self, name: str) -> Any:
        if name not in _NOT_FIELDS and not (name.startswith("__") and name.endswith("__")):
            fields = self.__dict__.get(CONTEXT_ATTR)
            if type(fields) is dict and name in fields:
                return fields[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def __copy__(self) -> Any:
        """A shallow copy of the same class (``copy.copy``, the stdlib ``QueueHandler.prepare``)."""
        cls = type(self)
        new = cls.__new__(cls)
        new.__dict__.update(self.__dict__)
        return new

    def __reduce_ex__(self, protocol: Any) -> Any:
        """Pickled as the factory's class, rebuilt as pickle's protocols 0 and 1 rebuild any object.

        So loading it needs no prefixlog (and no class made here at run time).
        """
        return (_RECONSTRUCTOR, (self._prefixlog_base, object, None), self.__dict__)


class ContextRecord(logging.LogRecord, _ContextAttributes):
    """A ``LogRecord`` made while context fields are bound: they are its attributes too."""

    __slots__ = ()
    _prefixlog_base = logging.LogRecord


#: Each record class a factory made, and the class its records become while context fields are bound:
#: its context-attribute subclass, or itself where it can't have one.
_CLASSES: dict[type, type] = {logging.LogRecord: ContextRecord}


def _attribute_class(cls: type) -> type:
    """The context-attribute subclass of a record class, made once per class; ``cls`` itself if it can't be one."""
    found = _CLASSES.get(cls)
    if found is None:
        if issubclass(cls, _ContextAttributes) or not issubclass(cls, logging.LogRecord):
            found = cls  # one of ours already, or a factory's odd object: left as it is
        else:
            found = type(cls.__name__, (cls, _ContextAttributes), {"__slots__": (), "_prefixlog_base": cls})
            found.__module__ = cls.__module__
            found.__qualname__ = cls.__qualname__
        _CLASSES[cls] = found
    return found


def _install_factory() -> None:
    """Wrap the current ``LogRecord`` factory once so that records carry the context fields.

    The lock is taken only when the factory is not ours (first use, or
    someone replaced it since): ``bind()`` and ``context()`` take no lock.
    """
    if logging.getLogRecordFactory() is _installed["factory"]:
        return
    with _install_lock:
        if logging.getLogRecordFactory() is _installed["factory"]:
            return
        previous = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            fields = _FIELDS.get()
            if fields:
                record.__dict__[CONTEXT_ATTR] = fields
                # Made by its own class, then changed: ContextRecord's __getattr__ would slow every
                # attribute LogRecord.__init__ sets and reads (measured: 2x what the change costs).
                made = type(record)
                cls = _CLASSES.get(made) or _attribute_class(made)
                if cls is not made:
                    try:
                        record.__class__ = cls
                    except Exception:  # a layout Python can't change, a class refusing: the fields are written,
                        # not attributes; never tried again for this class
                        _CLASSES[made] = made
            return record

        logging.setLogRecordFactory(factory)
        _installed["factory"] = factory


def bind(**fields: Any) -> None:
    """Add fields to every record logged from now on in this thread or asyncio task, through any logger.

    Context fields (contextvars, as structlog's ``bind_contextvars``) for a
    request's id or a user: set once where the request starts, they reach
    every record, of any logger, made in the same thread or task, and
    survive a ``QueueHandler``.  Concurrent asyncio tasks never see each
    other's.  Precedence, lowest first: context fields, a
    [FieldLogger][prefixlog.FieldLogger]'s bound fields, a call's ``extra``.
    logrus has no context fields.

    Args:
        **fields: The fields, by name; a name bound already gets the new value.
    """
    _install_factory()
    _FIELDS.set({**_FIELDS.get(), **fields})


def unbind(*keys: str) -> None:
    """Remove context fields bound with [bind][prefixlog.bind] (structlog's ``unbind_contextvars``).

    Args:
        *keys: The names of the fields to remove; unknown ones are ignored.
    """
    current = _FIELDS.get()
    if any(k in current for k in keys):
        _FIELDS.set({k: v for k, v in current.items() if k not in keys})


def clear_context() -> None:
    """Remove every context field of this thread or task (structlog's ``clear_contextvars``).

    For the start of a request in a worker that is reused, or a test.
    Fields bound by an enclosing ``with context(...)`` come back when it
    ends.  logrus has no context fields.
    """
    _FIELDS.set(_EMPTY)


def get_context() -> dict[str, Any]:
    """A copy of the context fields in effect here, in the order they were bound (structlog's ``get_contextvars``).

    For code that passes the fields on (to a task, a subprocess, a header)
    and for tests.  Changing the copy changes nothing; [bind][prefixlog.bind] and
    [unbind][prefixlog.unbind] do.  logrus has no context fields: an ``Entry``'s
    ``Data`` is the nearest.

    Returns:
        A new dict of the context fields, by name.
    """
    return dict(_FIELDS.get())


def bound() -> Mapping[str, Any]:
    """The context fields in effect here (read-only, no copy)."""
    return MappingProxyType(_FIELDS.get())


clear = clear_context


@contextmanager
def context(**fields: Any) -> Iterator[Mapping[str, Any]]:
    """Bind fields for the ``with`` block only; the previous fields come back after it.

    As [bind][prefixlog.bind], for a block: ``with prefixlog.context(user="ana"): ...``.

    Args:
        **fields: The fields, by name, over those bound already.

    Yields:
        The context fields in effect inside the block (read-only).
    """
    _install_factory()
    token = _FIELDS.set({**_FIELDS.get(), **fields})
    try:
        yield MappingProxyType(_FIELDS.get())
    finally:
        _FIELDS.reset(token)
