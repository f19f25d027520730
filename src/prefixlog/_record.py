"""What a record says besides its fields: message, caller and exception.

Each function here is total: whatever the record holds, it returns text, so a
formatter built on them never raises at log time.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Final, Optional

from ._escape import terminal_escape
from ._gofmt import short_repr, to_text, unprintable

#: ``caller_prettyfier(record) -> (func, file)``; an empty string drops that part.
CallerPrettyfier = Callable[[logging.LogRecord], "tuple[str, str]"]

#: Field names for a record's exception and stack, in the logfmt and JSON layouts.
EXC_TYPE: Final = "exc_type"
EXC_MESSAGE: Final = "exc_message"
EXC_INFO: Final = "exc_info"
STACK_INFO: Final = "stack_info"

#: The record attribute that carries ``(type, message)`` of the exception of a
#: record whose ``exc_info`` was detached to cross a queue or a process
#: (:func:`detach_exception`); its traceback text is in ``exc_text``.
EXC_CARRIER: Final = "_prefixlog_exception"

#: How continuation lines (a multi-line message, a traceback) are indented in
#: the terminal layouts, so that none of them can pass for a record of its own.
INDENT: Final = "  "


def message(record: logging.LogRecord) -> str:
    """``record.getMessage()``, total.

    If it fails: the message as text (:func:`~prefixlog._gofmt.to_text`, so
    an int beyond Python's digit limit is still written exactly) with its
    ``%`` arguments merged in, or, if those don't fit, the template and a
    placeholder naming the error.  A record without ``msg`` has the empty message.
    """
    try:
        text = record.getMessage()
    except Exception:
        template = to_text(record.__dict__.get("msg", ""))
        args = record.__dict__.get("args")
        if not args:
            return template
        try:
            return str(template % args)
        except Exception as error:
            return f"{template} {unprintable(args, error)}"
    if type(text) is not str:  # pragma: no cover - getMessage returns str()
        text = to_text(text)
    return text


def short_caller(record: logging.LogRecord) -> tuple[str, str]:
    """A ready-made ``caller_prettyfier``: no function, ``<file name>:<line>``.

    The Python twin of the prettyfier in logrus's documentation
    (``path.Split(f.File)`` then ``filename + ":" + line``), for
    ``TextFormatter(report_caller=True, caller_prettyfier=prefixlog.short_caller)``
    (or ``"prefixlog.short_caller"`` in a configuration file).

    Args:
        record: The record whose caller is written.

    Returns:
        ``("", "main.py:28")``: the function (``""`` leaves it out) and the file.
    """
    return "", f"{os.path.basename(record.pathname)}:{record.lineno}"


def caller(record: logging.LogRecord, prettyfier: Optional[CallerPrettyfier]) -> tuple[str, str]:
    """``(func, file)`` for a record, as logrus's ``Caller`` or the user's prettyfier gives them."""
    if prettyfier is None:
        return to_text(record.funcName), f"{record.pathname}:{record.lineno}"
    try:
        func, file = prettyfier(record)
    except Exception as error:
        return unprintable(prettyfier, error), f"{record.pathname}:{record.lineno}"
    return to_text(func), to_text(file)


def caller_function(record: logging.LogRecord) -> str:
    """The caller's function as the Go loggers write a frame's: ``<module>.<funcName>``.

    Only ``funcName`` when the record has no module, and ``""`` without a function.
    """
    module, func = getattr(record, "module", ""), getattr(record, "funcName", "")
    if not func or type(func) is not str:
        return ""
    return f"{module}.{func}" if module and type(module) is str else func


def colored_caller(record: logging.LogRecord, prettyfier: Optional[CallerPrettyfier]) -> str:
    """The caller as logrus's colored layout shows it: ``file func()`` by default."""
    if prettyfier is None:
        return f"{record.pathname}:{record.lineno} {to_text(record.funcName)}()"
    func, file = caller(record, prettyfier)
    if not file:
        return func
    if not func:
        return file
    return f"{file} {func}"


def has_exception(record: logging.LogRecord) -> bool:
    """Whether the record carries an exception (``logger.exception()`` with none active doesn't).

    An ``exc_info`` that is neither ``None`` nor a ``(type, value, traceback)``
    tuple raises ``TypeError``: the formatter then writes the record repaired
    (:mod:`prefixlog._guard`), saying what ``exc_info`` held.
    """
    info = record.exc_info
    if info:
        if type(info) is not tuple or len(info) != 3:
            raise TypeError(f"exc_info is not an exception tuple: {short_repr(info)}")
        if info[0] is not None:
            return True
    return bool(record.exc_text)


def exception_text(formatter: logging.Formatter, record: logging.LogRecord) -> str:
    """The traceback text, cached on the record as ``logging.Formatter.format`` does."""
    if not record.exc_text:
        info = record.exc_info
        if info and info[0] is not None:
            try:
                record.exc_text = formatter.formatException(info)
            except Exception as error:
                return unprintable(info[1], error)
    return to_text(record.exc_text or "")


def exception_summary(record: logging.LogRecord) -> tuple[str, str] | None:
    """``(type, message)`` of the record's exception, as a traceback's last line names them.

    A record whose ``exc_info`` was detached (:func:`detach_exception`) has
    them in :data:`EXC_CARRIER`.
    """
    info = record.exc_info
    if not info or info[0] is None:
        carried = record.__dict__.get(EXC_CARRIER)
        if type(carried) is tuple and len(carried) == 2 and record.exc_text:
            return to_text(carried[0]), to_text(carried[1])
        return None
    kind = info[0]
    module = getattr(kind, "__module__", None)
    name = getattr(kind, "__qualname__", None) or to_text(kind)
    if module and module not in ("builtins", "__main__"):
        name = f"{module}.{name}"
    return name, to_text(info[1]) if info[1] is not None else ""


def detach_exception(formatter: logging.Formatter, record: logging.LogRecord) -> None:
    """Replace ``record``'s exception object by what the layouts write of it, which any process can read.

    A traceback object can't be pickled, and keeping it would keep every
    frame it holds alive while the record waits in a queue.  After this,
    ``exc_info`` is ``None``, ``exc_text`` holds the traceback text
    (``formatter.formatException``, as :func:`exception_text` makes it) and
    :data:`EXC_CARRIER` the type and message, so :func:`trace_fields`
    and :func:`continuation` write exactly what they wrote before.  A record
    without an exception, or whose ``exc_info`` is no ``(type, exception,
    traceback)`` tuple, is left as it is, for the formatter to write as it
    would without a queue.  ``record`` must be a
    copy: other handlers may still format the original.
    """
    info = record.exc_info
    if not info or type(info) is not tuple or len(info) != 3:
        return
    kind, value, _ = info
    if not (isinstance(kind, type) and issubclass(kind, BaseException) and isinstance(value, kind)):
        return
    summary = exception_summary(record)
    record.exc_text = exception_text(formatter, record)
    record.exc_info = None
    if summary is not None:
        record.__dict__[EXC_CARRIER] = summary


def has_trace(record: logging.LogRecord) -> bool:
    """Whether the record carries an exception or a stack: the one test every layout uses.

    A record that does has its exception and stack written (as fields on a
    one-line layout, as indented lines after a terminal line), and a field
    named like one of those fields is moved out of their way.
    """
    return has_exception(record) or bool(record.stack_info)


def trace_fields(formatter: logging.Formatter, record: logging.LogRecord) -> list[tuple[str, str]]:
    """The record's exception and stack as fields for a one-line layout (logfmt, JSON).

    ``exc_type`` and ``exc_message`` (when there is an exception object),
    ``exc_info`` (the whole traceback) and ``stack_info``, in that order;
    nothing for a record without either.
    """
    if not (record.exc_info or record.exc_text or record.stack_info):
        return []  # the common record, quickly (see has_trace)
    pairs: list[tuple[str, str]] = []
    if has_exception(record):
        summary = exception_summary(record)
        if summary is not None:
            pairs.append((EXC_TYPE, summary[0]))
            pairs.append((EXC_MESSAGE, summary[1]))
        pairs.append((EXC_INFO, exception_text(formatter, record)))
    if record.stack_info:
        pairs.append((STACK_INFO, to_text(record.stack_info)))
    return pairs


def terminal_lines(text: str) -> tuple[str, list[str]]:
    """A message for a terminal layout: its escaped first line and its raw continuation lines.

    One trailing newline is dropped, as logrus does; :func:`continuation`
    escapes and indents the other lines.
    """
    if text.isprintable():  # one line, nothing to escape: the common message
        return text, []
    if text[-1:] == "\n":
        text = text[:-1]
    if "\n" not in text:
        return terminal_escape(text), []
    first, *rest = text.split("\n")
    return terminal_escape(first), rest


def continuation(lines: list[str], record: logging.LogRecord, formatter: logging.Formatter) -> str:
    """Continuation lines, the record's traceback and stack after them, each escaped and indented."""
    blocks = list(lines)
    if has_exception(record):
        blocks.extend(exception_text(formatter, record).rstrip("\n").split("\n"))
    if record.stack_info:
        blocks.extend(to_text(record.stack_info).rstrip("\n").split("\n"))
    return "".join(f"\n{INDENT}{terminal_escape(line)}" for line in blocks)
