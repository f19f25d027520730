"""``FieldLogger``: logrus's ``WithField`` for stdlib loggers.

A ``FieldLogger`` is an immutable ``LoggerAdapter``: ``with_field`` returns a
new one, so a bound logger can be shared between threads.  Its fields ride on
the record as ``extra`` (see :mod:`prefixlog._fields`), so any field name
works, ``msg`` and ``args`` included.

``with_group(name)`` is slog's ``WithGroup``: the fields bound or logged
after it nest under ``name``, so the record carries one dict-valued field
``name`` (a slog group; one nested object or value elsewhere).

``with_error(exc)`` binds the field ``error`` and, when ``exc`` has been
raised (it has a traceback), the exception itself: each record then carries
it as ``exc_info``, exactly as ``logger.exception`` would, so every layout
writes ``exc_type``, ``exc_message`` and ``exc_info`` (or the indented
traceback) the way it writes them for ``logger.exception``.

The record's caller is always the user's call site.  Each logging method
calls ``_emit``, which calls ``Logger._log``; the two frames of ours are
skipped with ``stacklevel``, which Python 3.10 counts from a different frame
than 3.11+ (bpo-45171).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping
from types import MappingProxyType, TracebackType
from typing import Any, Final, Optional, Union

from ._fields import FIELDS_ATTR, is_attribute_key, split_fields
from ._levels import TRACE

_ExcInfo = Union[
    bool,
    BaseException,
    "tuple[type[BaseException], BaseException, Optional[TracebackType]]",
    "tuple[None, None, None]",
    None,
]

# Frames of ours between the user's call and Logger._log: the public method and _emit.
# Python 3.11+ counts them from findCaller and skips logging's own frames (2);
# 3.10 starts one frame further up (1).
_STACK_OFFSET = 2 if sys.version_info >= (3, 11) else 1

#: logrus's ``ErrorKey``: the field ``with_error`` binds.
ERROR_FIELD: Final = "error"


class FieldLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """A logger with fields bound to it, as logrus's ``Entry``: ``with_field`` is ``WithField``.

    A ``logging.LoggerAdapter`` that never changes: each ``with_*`` method
    returns a new one, so a bound logger can be shared between threads and
    kept per request.  Its fields ride on every record it logs (any name
    works, ``msg`` and ``args`` included); fields bound here and a call's own
    ``extra`` merge, the call's winning.  The record's caller is always the
    user's call site.  Usually made with [get_logger][prefixlog.get_logger].

    Args:
        logger: The ``logging.Logger`` the records go to.  No Go counterpart
            (logrus has no logger names).
        fields: Fields bound from the start (any keys).  Default ``None``:
            none; logrus's ``Entry.Data``.

    Raises:
        TypeError: ``logger`` is not a ``logging.Logger``, or ``fields`` not
            a mapping.

    Example:
        >>> import prefixlog
        >>> log = prefixlog.get_logger("shop").with_field("user", "ana")
        >>> dict(log.fields)
        {'user': 'ana'}
    """

    def __init__(self, logger: logging.Logger, fields: Optional[Mapping[Any, Any]] = None) -> None:
        if not isinstance(logger, logging.Logger):
            raise TypeError(f"logger must be a logging.Logger, not {type(logger).__name__}")
        if fields is not None and not isinstance(fields, Mapping):
            raise TypeError(f"fields must be a mapping, not {type(fields).__name__}")
        super().__init__(logger, {})
        self._fields: dict[Any, Any] = dict(fields) if fields else {}
        self._extra = split_fields(self._fields)
        self._error: Optional[BaseException] = None  # with_error's exception, while it is the field ``error``
        self._group: tuple[str, ...] = ()  # with_group's names: where later fields go
        self._error_group: tuple[str, ...] = ()  # the group with_error's field is in

    def __repr__(self) -> str:
        group = f" group={'.'.join(self._group)!r}" if self._group else ""
        return f"<FieldLogger {self.logger.name} fields={self._fields!r}{group}>"

    @property
    def fields(self) -> Mapping[Any, Any]:
        """The bound fields (read-only), as logrus's ``Entry.Data``; a group's fields are a dict under its name."""
        return MappingProxyType(self._fields)

    @property
    def group(self) -> tuple[str, ...]:
        """The names of [with_group][prefixlog.FieldLogger.with_group], outermost first: where fields go now."""
        return self._group

    # -- binding -------------------------------------------------------------

    def _child(
        self,
        fields: dict[Any, Any],
        extra: dict[str, Any],
        logger: Optional[logging.Logger] = None,
        group: Optional[tuple[str, ...]] = None,
    ) -> FieldLogger:
        """A logger like this one with other fields, made without ``__init__``'s checks (cheap per call).

        The exception of [with_error][prefixlog.FieldLogger.with_error] stays while the field ``error`` is still it.
        """
        child = FieldLogger.__new__(FieldLogger)
        error = self._error
        if error is not None and _lookup(fields, self._error_group).get(ERROR_FIELD) is not error:
            error = None
        # LoggerAdapter's own attributes (merge_extra is 3.13's), then ours, in one go.
        child.__dict__ = {
            "logger": self.logger if logger is None else logger,
            "extra": {},
            "merge_extra": False,
            "_fields": fields,
            "_extra": extra,
            "_error": error,
            "_group": self._group if group is None else group,
            "_error_group": self._error_group,
        }
        return child

    def _grouped(self, added: Mapping[Any, Any]) -> FieldLogger:
        """A new logger with ``added`` in the current group (see [with_group][prefixlog.FieldLogger.with_group])."""
        fields = _nested(self._fields, self._group, added)
        top = self._group[0]
        if is_attribute_key(top) and FIELDS_ATTR not in self._extra:
            extra = self._extra.copy()
            extra[top] = fields[top]
            return self._child(fields, extra)
        return self._child(fields, split_fields(fields))

    def with_field(self, key: Any, value: Any) -> FieldLogger:
        """A new logger with one more field (logrus's ``WithField``), in the current group if there is one.

        Args:
            key: The field's name: any key (``"msg"``, ``7`` ...).
            value: The field's value, written as each layout writes it.

        Returns:
            A new logger; this one is unchanged.
        """
        if self._group:
            return self._grouped({key: value})
        fields = self._fields.copy()
        fields[key] = value
        if is_attribute_key(key) and FIELDS_ATTR not in self._extra:  # else the carrier keeps the order
            extra = self._extra.copy()
            extra[key] = value
            return self._child(fields, extra)
        return self._child(fields, split_fields(fields))

    def with_fields(self, mapping: Optional[Mapping[Any, Any]] = None, /, **fields: Any) -> FieldLogger:
        """A new logger with more fields (logrus's ``WithFields``), in the current group if there is one.

        The fields of ``mapping`` (any keys), then the keyword arguments, the
        later winning: ``log.with_fields({"user": "ana"}, attempt=2)``.

        Args:
            mapping: Fields by name, any keys (positional only, so a field
                may be called ``mapping``).  Default ``None``: none; logrus's
                ``Fields``.
            **fields: More fields as keywords (a ``fields=`` keyword is a
                field named ``fields``).

        Returns:
            A new logger; this one is unchanged.

        Raises:
            TypeError: ``mapping`` is not a mapping.
        """
        if mapping is None:
            added: Mapping[Any, Any] = fields
        elif not isinstance(mapping, Mapping):
            raise TypeError(f"with_fields(): mapping must be a mapping, not {type(mapping).__name__}")
        else:
            added = {**mapping, **fields} if fields else mapping
        if self._group:
            return self._grouped(added) if added else self
        merged = {**self._fields, **added}
        if FIELDS_ATTR in self._extra:  # the carrier keeps the order
            return self._child(merged, split_fields(merged))
        extra = self._extra.copy()
        for key, value in added.items():
            if not is_attribute_key(key):
                return self._child(merged, split_fields(merged))
            extra[key] = value
        return self._child(merged, extra)

    def with_group(self, name: str) -> FieldLogger:
        """A new logger whose later fields nest under ``name`` (slog's ``WithGroup``).

        The fields bound after it
        ([with_field][prefixlog.FieldLogger.with_field],
        [with_fields][prefixlog.FieldLogger.with_fields],
        [with_error][prefixlog.FieldLogger.with_error]) and a call's
        ``extra=`` go into the group, the fields bound before it stay where
        they are, and context fields are never grouped.  The record carries the group as one field ``name``
        whose value is a ``dict`` of its fields: slog's layouts write it as a
        group (``name.key=value``, a nested object), the others as they write
        any dict value.  Like ``WithGroup``, a group no field is logged into
        is not written at all, groups nest (``with_group("a").with_group("b")``:
        ``a.b.key``), and ``with_group("")`` changes nothing.  A field bound
        earlier under the same name that is not a dict is replaced by the
        group; a dict is added to.

        Args:
            name: The group's name; ``""`` changes nothing.

        Returns:
            A new logger; this one is unchanged.

        Raises:
            TypeError: ``name`` is not a ``str``.
        """
        if not isinstance(name, str):
            raise TypeError(f"with_group(): name must be a str, not {type(name).__name__}")
        if not name:
            return self
        return self._child(self._fields, self._extra, group=(*self._group, name))

    def without(self, *keys: Any) -> FieldLogger:
        """A new logger without the bound fields ``keys`` (keys it doesn't have are ignored).

        For a logger passed on to code that must not log some field.  logrus
        has no counterpart (an ``Entry``'s ``Data`` can only grow); Go code
        makes a new ``Entry`` from the fields it keeps.  ``without("error")``
        also drops [with_error][prefixlog.FieldLogger.with_error]'s
        exception.  After [with_group][prefixlog.FieldLogger.with_group] the
        keys are looked for in the group, where ``with_field`` puts them.

        Args:
            *keys: The names of the bound fields to drop.

        Returns:
            A new logger; this one is unchanged.
        """
        if self._group:
            inner = _lookup(self._fields, self._group)
            if not any(k in keys for k in inner):
                return self
            kept = {k: v for k, v in inner.items() if k not in keys}
            fields = _nested(self._fields, self._group, kept, replace=True)
        else:
            fields = {k: v for k, v in self._fields.items() if k not in keys}
        return self._child(fields, split_fields(fields))

    def with_error(self, error: Optional[BaseException]) -> FieldLogger:
        """A new logger with the field ``error`` (logrus's ``WithError``), and the exception if it was raised.

        ``error`` is written as its message (``str(error)``, as Go writes
        ``err.Error()``); ``None`` is written ``<nil>``, as logrus writes a
        nil error.  An exception that has a traceback is also carried by
        every record as ``exc_info`` (unless the call gives its own), so the
        layouts write ``exc_type``, ``exc_message`` and ``exc_info`` as for
        ``logger.exception``.  The logger then keeps the traceback (and the
        frames it holds) alive as long as it lives;
        ``with_field("error", err)`` binds the field alone.

        Args:
            error: The exception, or ``None``.

        Returns:
            A new logger; this one is unchanged.

        Raises:
            TypeError: ``error`` is neither an exception nor ``None``.
        """
        if error is not None and not isinstance(error, BaseException):
            raise TypeError(f"with_error(): error must be an exception or None, not {type(error).__name__}")
        child = self.with_field(ERROR_FIELD, error)
        if error is not None and error.__traceback__ is not None:
            child._error = error
            child._error_group = self._group
        return child

    def getChild(self, suffix: str) -> FieldLogger:  # noqa: N802 - the name logging.Logger.getChild has
        """A logger for ``self.logger.getChild(suffix)`` (``"app"`` → ``"app.db"``) with the same bound fields.

        ``LoggerAdapter`` has no ``getChild``; this one keeps the fields, so a
        module's logger can be made from a request's.  logrus has no logger
        names (its nearest is an ``Entry`` with one more field).

        Args:
            suffix: The name below this logger's (``"db"``).

        Returns:
            A new logger for the child, with this one's fields.

        Raises:
            TypeError: ``suffix`` is not a ``str``.
        """
        if not isinstance(suffix, str):
            raise TypeError(f"getChild(): suffix must be a str, not {type(suffix).__name__}")
        return self._child(self._fields, self._extra, self.logger.getChild(suffix))

    # -- logging -------------------------------------------------------------

    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        """Merge the bound fields into a call's ``extra`` (``LoggerAdapter`` protocol).

        Args:
            msg: The call's message, returned as it is.
            kwargs: The call's keyword arguments; their ``extra`` is replaced
                by the bound fields merged with it.

        Returns:
            ``(msg, kwargs)``.
        """
        kwargs["extra"] = self._merged_extra(kwargs.get("extra"))
        return msg, kwargs

    def _merged_extra(self, extra: Optional[Mapping[Any, Any]]) -> dict[str, Any]:
        if not extra:
            return self._extra
        if self._group:
            return split_fields(_nested(self._fields, self._group, extra))
        return split_fields({**self._fields, **extra})

    def _emit(
        self,
        level: int,
        msg: Any,
        args: tuple[Any, ...],
        exc_info: _ExcInfo = None,
        extra: Optional[Mapping[Any, Any]] = None,
        stack_info: bool = False,
        stacklevel: int = 1,
    ) -> None:
        if self._error is not None:
            exc_info = self._error_info(exc_info, extra)
        self.logger._log(
            level,
            msg,
            args,
            exc_info=exc_info,
            extra=self._merged_extra(extra),
            stack_info=stack_info,
            stacklevel=stacklevel + _STACK_OFFSET,
        )

    def _error_info(self, exc_info: _ExcInfo, extra: Optional[Mapping[Any, Any]]) -> _ExcInfo:
        """The call's ``exc_info``, or :meth:`with_error`'s exception when the call names none.

        A call that gives its own ``error`` field (``extra=``) gives its own
        exception too: the exception fields never describe another error.
        """
        error = self._error
        replaced = extra and ERROR_FIELD in extra and extra[ERROR_FIELD] is not error
        if error is None or (replaced and self._group == self._error_group):
            return exc_info
        if exc_info is True:  # exception(): the exception being handled, if there is one
            if sys.exc_info()[0] is not None:
                return exc_info
        elif exc_info:
            return exc_info
        return (type(error), error, error.__traceback__)

    def trace(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``TRACE`` (5).

        Args:
            msg: The message, ``%`` formatted with ``args`` as ``logging`` does.
            *args: The message's arguments.
            **kwargs: ``logging``'s ``exc_info``, ``stack_info``, ``stacklevel``, ``extra`` (this record's fields).
        """
        if self.logger.isEnabledFor(TRACE):
            self._emit(TRACE, msg, args, **kwargs)

    def debug(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``DEBUG``.

        Args:
            msg: The message, ``%`` formatted with ``args`` as ``logging`` does.
            *args: The message's arguments.
            **kwargs: ``logging``'s ``exc_info``, ``stack_info``, ``stacklevel``, ``extra`` (this record's fields).
        """
        if self.logger.isEnabledFor(logging.DEBUG):
            self._emit(logging.DEBUG, msg, args, **kwargs)

    def info(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``INFO``.

        Args:
            msg: The message, ``%`` formatted with ``args`` as ``logging`` does.
            *args: The message's arguments.
            **kwargs: ``logging``'s ``exc_info``, ``stack_info``, ``stacklevel``, ``extra`` (this record's fields).
        """
        if self.logger.isEnabledFor(logging.INFO):
            self._emit(logging.INFO, msg, args, **kwargs)

    def warning(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``WARNING``.

        Args:
            msg: The message, ``%`` formatted with ``args`` as ``logging`` does.
            *args: The message's arguments.
            **kwargs: ``logging``'s ``exc_info``, ``stack_info``, ``stacklevel``, ``extra`` (this record's fields).
        """
        if self.logger.isEnabledFor(logging.WARNING):
            self._emit(logging.WARNING, msg, args, **kwargs)

    def warn(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``WARNING`` (logrus's ``Warn``).

        Args:
            msg: The message, ``%`` formatted with ``args`` as ``logging`` does.
            *args: The message's arguments.
            **kwargs: ``logging``'s ``exc_info``, ``stack_info``, ``stacklevel``, ``extra`` (this record's fields).
        """
        if self.logger.isEnabledFor(logging.WARNING):
            self._emit(logging.WARNING, msg, args, **kwargs)

    def error(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``ERROR``.

        Args:
            msg: The message, ``%`` formatted with ``args`` as ``logging`` does.
            *args: The message's arguments.
            **kwargs: ``logging``'s ``exc_info``, ``stack_info``, ``stacklevel``, ``extra`` (this record's fields).
        """
        if self.logger.isEnabledFor(logging.ERROR):
            self._emit(logging.ERROR, msg, args, **kwargs)

    def exception(self, msg: Any, *args: Any, exc_info: _ExcInfo = True, **kwargs: Any) -> None:
        """Log at ``ERROR`` with the exception being handled.

        Args:
            msg: The message, ``%`` formatted with ``args`` as ``logging`` does.
            *args: The message's arguments.
            exc_info: The exception to write.  Default ``True``: the one
                being handled (``sys.exc_info()``), else
                [with_error][prefixlog.FieldLogger.with_error]'s.
            **kwargs: ``logging``'s: ``stack_info``, ``stacklevel`` and
                ``extra`` (fields for this record only, the call's winning).
        """
        if self.logger.isEnabledFor(logging.ERROR):
            self._emit(logging.ERROR, msg, args, exc_info=exc_info, **kwargs)

    def critical(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``CRITICAL`` (logrus's ``fatal``; the program is not stopped).

        Args:
            msg: The message, ``%`` formatted with ``args`` as ``logging`` does.
            *args: The message's arguments.
            **kwargs: ``logging``'s ``exc_info``, ``stack_info``, ``stacklevel``, ``extra`` (this record's fields).
        """
        if self.logger.isEnabledFor(logging.CRITICAL):
            self._emit(logging.CRITICAL, msg, args, **kwargs)

    fatal = critical

    def log(self, level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at any level number (logrus's ``Log``).

        Args:
            level: The level number (``prefixlog.TRACE``, ``logging.INFO``, 25 ...).
            msg: The message, ``%`` formatted with ``args`` as ``logging`` does.
            *args: The message's arguments.
            **kwargs: ``logging``'s: ``exc_info``, ``stack_info``,
                ``stacklevel`` and ``extra`` (fields for this record only,
                merged with the bound ones, the call's winning).

        Raises:
            TypeError: ``level`` is not an int (when ``logging.raiseExceptions``).
        """
        if not isinstance(level, int):
            if logging.raiseExceptions:
                raise TypeError("level must be an integer")
            return
        if self.logger.isEnabledFor(level):
            self._emit(level, msg, args, **kwargs)


def _lookup(fields: Mapping[Any, Any], group: tuple[str, ...]) -> Mapping[Any, Any]:
    """The fields of ``group`` in ``fields`` (empty if it has none yet)."""
    for name in group:
        inner = fields.get(name)
        if not isinstance(inner, Mapping):
            return {}
        fields = inner
    return fields


def _nested(
    fields: dict[Any, Any], group: tuple[str, ...], added: Mapping[Any, Any], replace: bool = False
) -> dict[Any, Any]:
    """``fields`` with ``added`` in ``group`` (``group``'s fields replaced by ``added`` with ``replace``).

    A new dict at every level on the way; nothing of ``fields`` is changed,
    since other loggers share it.  A group left empty by ``replace`` goes, as
    a group no field was logged into is never there.
    """
    if not group:
        return dict(added) if replace else {**fields, **added}
    name, rest = group[0], group[1:]
    inner = fields.get(name)
    out = dict(fields)
    new = _nested(dict(inner) if isinstance(inner, Mapping) else {}, rest, added, replace)
    if new or not replace:
        out[name] = new
    else:
        out.pop(name, None)
    return out


def get_logger(name: Optional[str] = None) -> FieldLogger:
    """A [FieldLogger][prefixlog.FieldLogger] for ``logging.getLogger(name)``, with no fields yet.

    The usual start: ``log = prefixlog.get_logger(__name__)``, then
    ``log.with_field(...)`` where Go code would call logrus's ``WithField``.

    Args:
        name: The logger's name, as for ``logging.getLogger``.  Default
            ``None``: the root logger.

    Returns:
        A new [FieldLogger][prefixlog.FieldLogger] without fields.
    """
    return FieldLogger(logging.getLogger(name))
