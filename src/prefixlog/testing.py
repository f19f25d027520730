"""Helpers for tests of code that logs: [capture_logs][prefixlog.testing.capture_logs].

A pytest test::

    from prefixlog.testing import capture_logs

    def test_login() -> None:
        with capture_logs() as logs:
            login("ana")
        assert logs == [{"level": "info", "msg": "logged in", "logger": "app.auth", "user": "ana"}]

Each record becomes a plain dict, so a test compares what was logged, not
how a formatter writes it: no time, no colours, values as they were given.
structlog's ``structlog.testing.capture_logs`` is the model; Go's logrus
has ``logrus/hooks/test`` (``test.NewGlobal()``, ``hook.AllEntries()``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from ._fields import ERROR_KEY, fields, resolve_clashes
from ._gofmt import to_text, unprintable
from ._levels import level_name
from ._record import message

__all__ = ["capture_logs", "record_dict"]

#: The keys every captured record has; a field by one of these names is moved to ``fields.<name>``.
OWN_KEYS: Final = ("level", "msg", "logger")
_MOVED: Final = frozenset(OWN_KEYS)


def record_dict(record: logging.LogRecord) -> dict[Any, Any]:
    """A record as ``capture_logs`` keeps it: ``level``, ``msg``, ``logger``, then every field.

    ``level`` is logrus's word (``info``, ``warning``, ``fatal`` for
    CRITICAL; a custom level its name in lower case), ``msg`` the message with
    its ``%`` arguments merged, ``logger`` the logger's name; the fields are
    [fields][prefixlog.fields] of the record, a field named ``level``, ``msg``
    or ``logger`` moved to ``fields.<name>`` as the formatters move theirs.
    Never raises: what can't be read is written as text, with a
    ``prefixlog_error`` key saying why.  For pytest's ``caplog``:
    ``[record_dict(r) for r in caplog.records]``.

    Args:
        record: Any ``logging.LogRecord``.

    Returns:
        A new dict: ``level``, ``msg``, ``logger``, then the fields.
    """
    try:
        level = level_name(record.levelno, record.levelname)
    except Exception as error:
        level = unprintable(record.__dict__.get("levelno"), error)
    head: dict[Any, Any] = {"level": level, "msg": message(record), "logger": to_text(record.__dict__.get("name"))}
    try:
        pairs = list(fields(record).items())
        if not _MOVED.isdisjoint(k for k, _ in pairs if type(k) is str):
            pairs = resolve_clashes(pairs, _MOVED)
        head.update(pairs)
    except Exception as error:  # pragma: no cover - fields() is total; a hostile key's __eq__ or __hash__
        head[ERROR_KEY] = unprintable(record, error)
    return head


class _Capture(logging.Handler):
    """Keeps each record it is given as [record_dict][prefixlog.testing.record_dict].

    A record can't reach it twice: it hangs on the root and on non-propagating
    loggers, and a record's way up stops at the first non-propagating one.
    """

    def __init__(self, logs: list[dict[Any, Any]]) -> None:
        super().__init__(logging.NOTSET)
        self.logs = logs

    def emit(self, record: logging.LogRecord) -> None:
        self.logs.append(record_dict(record))


@contextmanager
def capture_logs() -> Iterator[list[dict[Any, Any]]]:
    """Capture every record logged inside the ``with`` block, as dicts, whatever the handlers.

    Yields the list the records are appended to as they are logged (see
    [record_dict][prefixlog.testing.record_dict] for what each holds).  What it captures: every
    record any logger of the process makes while the block runs, in any
    thread, whatever the handlers and their levels, so the application's own
    logging set-up (or none) doesn't matter; loggers' filters,
    ``logging.disable()`` and disabled loggers still apply.  For that,
    inside the block:

    - a handler of level ``NOTSET`` is on the root logger, and on every
      logger that exists when the block starts with ``propagate = False``
      (their records never reach the root); a non-propagating logger made
      inside the block is not captured;
    - the root logger's level is ``NOTSET``, so every logger without a
      level of its own logs every level (the root's other handlers see those
      records too).  A logger with its own level keeps it: what it filters
      out is never a record.  After the block the root gets its level back,
      unless the code inside set one.

    Nothing is written or formatted; the records still go to the other
    handlers as without the block (where there is none, Python's last-resort
    output to stderr stops inside the block, as with any handler).  Blocks
    may nest: each gets every record.

    Go's nearest is logrus's ``hooks/test`` (``test.NewGlobal()``,
    ``hook.AllEntries()``).

    Yields:
        The list the records are appended to, as
        [record_dict][prefixlog.testing.record_dict] makes them.
    """
    logs: list[dict[Any, Any]] = []
    handler = _Capture(logs)
    root = logging.getLogger()
    tree = list(root.manager.loggerDict.values())  # placeholders too: they are no loggers
    loggers = [root, *(lg for lg in tree if isinstance(lg, logging.Logger) and not lg.propagate)]
    level = root.level
    for logger in loggers:
        logger.addHandler(handler)
    root.setLevel(logging.NOTSET)
    try:
        yield logs
    finally:
        if root.level == logging.NOTSET:
            root.setLevel(level)
        for logger in loggers:
            logger.removeHandler(handler)
