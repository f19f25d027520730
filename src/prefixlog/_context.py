"""Context fields: ``bind()``, ``unbind()`` and ``with context(...)`` (contextvars).

Fields bound here go into every record logged in the same thread or asyncio
task, through any logger.  They are captured when the record is *made* (a
``LogRecord`` factory adds a snapshot), not when it is formatted, so records
that cross a ``QueueHandler`` keep the fields of the code that logged them.

Precedence, lowest first: context fields, a ``FieldLogger``'s bound fields, a
call's ``extra``.  Each binding makes a new mapping, so asyncio tasks (which
copy the context when they start) never see each other's fields.
"""

from __future__ import annotations

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
            return record

        logging.setLogRecordFactory(factory)
        _installed["factory"] = factory


def bind(**fields: Any) -> None:
    """Add fields to every record logged from now on in this thread or task."""
    _install_factory()
    _FIELDS.set({**_FIELDS.get(), **fields})


def unbind(*keys: str) -> None:
    """Remove context fields bound with :func:`bind` (unknown keys are ignored)."""
    current = _FIELDS.get()
    if any(k in current for k in keys):
        _FIELDS.set({k: v for k, v in current.items() if k not in keys})


def clear_context() -> None:
    """Remove every context field of this thread or task (structlog's ``clear_contextvars``).

    Fields bound by an enclosing ``with context(...)`` come back when it ends.
    """
    _FIELDS.set(_EMPTY)


def get_context() -> dict[str, Any]:
    """A copy of the context fields in effect here, in the order they were bound (structlog's ``get_contextvars``).

    Changing the copy changes nothing; :func:`bind` and :func:`unbind` do.
    Go's logrus has no context fields: its ``Entry.Data`` is the nearest.
    """
    return dict(_FIELDS.get())


def bound() -> Mapping[str, Any]:
    """The context fields in effect here (read-only, no copy)."""
    return MappingProxyType(_FIELDS.get())


clear = clear_context


@contextmanager
def context(**fields: Any) -> Iterator[Mapping[str, Any]]:
    """Bind fields for the ``with`` block only; the previous fields come back after it."""
    _install_factory()
    token = _FIELDS.set({**_FIELDS.get(), **fields})
    try:
        yield MappingProxyType(_FIELDS.get())
    finally:
        _FIELDS.reset(token)
