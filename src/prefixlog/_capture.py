"""Crashes and warnings as records: what Python would print to stderr goes through logging.

:func:`install` (``configure()``'s ``capture``, on by default) sets:

* ``sys.excepthook``: an uncaught exception is one ``fatal`` (``CRITICAL``)
  record, ``uncaught exception``, with the exception's fields; the process
  still exits with status 1.  ``KeyboardInterrupt`` is left to the hook that
  was there (Python's prints its traceback; the process then ends by SIGINT,
  status 130 in a shell), as Ctrl-C is no crash, and so is an error at the
  interactive prompt.  Before another hook writes, ``configure(queue=True)``'s
  queue is drained, so its text can't land between queued records.
* ``threading.excepthook``: an ``error`` record, ``uncaught exception in
  thread``, with a ``thread`` field (its name).  ``SystemExit`` in a thread
  stays silent, as Python keeps it.
* ``sys.unraisablehook``: an ``error`` record whose message is the first
  line Python would print (``Exception ignored in: <object>``).
* ``warnings``: :func:`logging.captureWarnings`, so each warning is a
  ``warning`` record of the ``py.warnings`` logger.

Records go to the root logger, with the caller set to where the exception was
raised.  A hook that was there before and is not Python's own is called
after the record is logged, so a crash reporter keeps working; Python's own
is not (it would print the traceback a second time).  If a record can't be
logged (logging is off for its level, or fails), the previous hook handles the
exception as it would have.  Installing again does not wrap the hooks twice;
:func:`uninstall` puts back what was there, where the hook is still ours.
"""

from __future__ import annotations

import logging
import sys
import threading
from types import TracebackType
from typing import Any, Optional

from ._fields import split_fields
from ._gofmt import short_repr, to_text
from ._listener import drain_all

ExcInfo = tuple[type[BaseException], BaseException, Optional[TracebackType]]

_previous: dict[str, Any] = {}  # the hooks ours replaced, by name
_state = {"warnings": False}  # whether we turned logging.captureWarnings on


def _where(tb: Optional[TracebackType]) -> tuple[str, int, Optional[str]]:
    """``(file, line, function)`` of the frame that raised: the traceback's last."""
    if tb is None:
        return "", 0, None
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    return code.co_filename, tb.tb_lineno, code.co_name


def _log(level: int, msg: str, exc_info: ExcInfo, fields: Optional[dict[str, Any]] = None) -> bool:
    """Log one record on the root logger; whether it was handed to logging."""
    root = logging.getLogger()
    if not root.isEnabledFor(level):
        return False
    file, line, func = _where(exc_info[2])
    root.handle(root.makeRecord(root.name, level, file, line, msg, (), exc_info, func, fields))
    return True


def _logged(level: int, msg: str, exc_info: ExcInfo, fields: Optional[dict[str, Any]] = None) -> bool:
    try:
        return _log(level, msg, exc_info, fields)
    except Exception:  # logging itself failed: the previous hook prints the exception
        return False


def _excepthook(kind: type[BaseException], value: BaseException, tb: Optional[TracebackType]) -> None:
    previous = _previous.get("sys", sys.__excepthook__)
    if hasattr(sys, "ps1"):  # the interactive prompt: an error shown there ends nothing
        previous(kind, value, tb)
        return
    if isinstance(kind, type) and issubclass(kind, KeyboardInterrupt):  # Ctrl-C: Python's traceback, then SIGINT
        logged = False
    else:
        logged = _logged(logging.CRITICAL, "uncaught exception", (kind, value, tb))
    if not logged or previous is not sys.__excepthook__:
        drain_all()  # the process ends: queued records first, so the hook's text can't land inside them
        previous(kind, value, tb)


def _threading_excepthook(args: Any) -> None:
    previous = _previous.get("threading", threading.__excepthook__)
    if isinstance(args.exc_type, type) and issubclass(args.exc_type, SystemExit):
        return  # Python's hook keeps it silent too
    # "thread" is a LogRecord attribute (the thread's id): the field rides in the fields carrier.
    fields = None if args.thread is None else split_fields({"thread": to_text(args.thread.name)})
    exc_info = (args.exc_type, args.exc_value, args.exc_traceback)
    if not _logged(logging.ERROR, "uncaught exception in thread", exc_info, fields) or (
        previous is not threading.__excepthook__
    ):
        previous(args)


def _unraisablehook(unraisable: Any) -> None:
    previous = _previous.get("unraisable", sys.__unraisablehook__)
    text = unraisable.err_msg or "Exception ignored in"
    if unraisable.object is not None:
        try:
            text = f"{text}: {unraisable.object!r}"
        except Exception:  # a repr that fails: a placeholder that says so
            text = f"{text}: {short_repr(unraisable.object)}"
    exc_info = (unraisable.exc_type, unraisable.exc_value, unraisable.exc_traceback)
    if not _logged(logging.ERROR, text, exc_info) or previous is not sys.__unraisablehook__:
        previous(unraisable)


def install() -> None:
    """Route uncaught exceptions, thread exceptions, unraisable exceptions and warnings through logging."""
    if sys.excepthook is not _excepthook:
        _previous["sys"] = sys.excepthook
        sys.excepthook = _excepthook
    if threading.excepthook is not _threading_excepthook:
        _previous["threading"] = threading.excepthook
        threading.excepthook = _threading_excepthook
    if sys.unraisablehook is not _unraisablehook:
        _previous["unraisable"] = sys.unraisablehook
        sys.unraisablehook = _unraisablehook
    if not _state["warnings"]:
        logging.captureWarnings(True)
        _state["warnings"] = True


def uninstall() -> None:
    """Put back the hooks :func:`install` replaced, where ours is still in place; stop capturing warnings."""
    if sys.excepthook is _excepthook:
        sys.excepthook = _previous.pop("sys")
    if threading.excepthook is _threading_excepthook:
        threading.excepthook = _previous.pop("threading")
    if sys.unraisablehook is _unraisablehook:
        sys.unraisablehook = _previous.pop("unraisable")
    if _state["warnings"]:
        logging.captureWarnings(False)
        _state["warnings"] = False
