"""``FieldLogger``: logrus's ``WithField`` for stdlib loggers.

A ``FieldLogger`` is an immutable ``LoggerAdapter``: ``with_field`` returns a
new one, so a bound logger can be shared between threads.  Its fields ride on
the record as ``extra`` (see :mod:`prefixlog._fields`), so any field name
works, ``msg`` and ``args`` included.

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
from typing import Any, Optional, Union

from ._fields import is_attribute_key, split_fields
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


class FieldLogger(logging.LoggerAdapter):  # type: ignore[type-arg]
    """A logger with fields bound to it, as logrus's ``Entry``.

    Fields bound here and a call's own ``extra`` merge, the call's winning.
    """

    def __init__(self, logger: logging.Logger, fields: Optional[Mapping[Any, Any]] = None) -> None:
        if not isinstance(logger, logging.Logger):
            raise TypeError(f"logger must be a logging.Logger, not {type(logger).__name__}")
        if fields is not None and not isinstance(fields, Mapping):
            raise TypeError(f"fields must be a mapping, not {type(fields).__name__}")
        super().__init__(logger, {})
        self._fields: dict[Any, Any] = dict(fields) if fields else {}
        self._extra = split_fields(self._fields)

    def __repr__(self) -> str:
        return f"<FieldLogger {self.logger.name} fields={self._fields!r}>"

    @property
    def fields(self) -> Mapping[Any, Any]:
        """The bound fields (read-only)."""
        return MappingProxyType(self._fields)

    # -- binding -------------------------------------------------------------

    def _child(self, fields: dict[Any, Any], extra: dict[str, Any]) -> FieldLogger:
        """A logger like this one with other fields, made without ``__init__``'s checks (cheap per call)."""
        child = FieldLogger.__new__(FieldLogger)
        # LoggerAdapter's own attributes (merge_extra is 3.13's), then ours, in one go.
        child.__dict__ = {"logger": self.logger, "extra": {}, "merge_extra": False, "_fields": fields, "_extra": extra}
        return child

    def with_field(self, key: Any, value: Any) -> FieldLogger:
        """A new logger with one more field (logrus's ``WithField``)."""
        fields = self._fields.copy()
        fields[key] = value
        if is_attribute_key(key):
            extra = self._extra.copy()
            extra[key] = value
            return self._child(fields, extra)
        return self._child(fields, split_fields(fields))

    def with_fields(self, fields: Mapping[Any, Any]) -> FieldLogger:
        """A new logger with more fields (logrus's ``WithFields``)."""
        if not isinstance(fields, Mapping):
            raise TypeError(f"with_fields() takes a mapping, not {type(fields).__name__}")
        merged = {**self._fields, **fields}
        extra = self._extra.copy()
        for key, value in fields.items():
            if not is_attribute_key(key):
                return self._child(merged, split_fields(merged))
            extra[key] = value
        return self._child(merged, extra)

    def with_error(self, error: BaseException) -> FieldLogger:
        """A new logger with the field ``error`` (logrus's ``WithError``)."""
        return self.with_field("error", error)

    # -- logging -------------------------------------------------------------

    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        """Merge the bound fields into a call's ``extra`` (``LoggerAdapter`` protocol)."""
        kwargs["extra"] = self._merged_extra(kwargs.get("extra"))
        return msg, kwargs

    def _merged_extra(self, extra: Optional[Mapping[Any, Any]]) -> dict[str, Any]:
        if not extra:
            return self._extra
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
        self.logger._log(
            level,
            msg,
            args,
            exc_info=exc_info,
            extra=self._merged_extra(extra),
            stack_info=stack_info,
            stacklevel=stacklevel + _STACK_OFFSET,
        )

    def trace(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``TRACE`` (5)."""
        if self.logger.isEnabledFor(TRACE):
            self._emit(TRACE, msg, args, **kwargs)

    def debug(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``DEBUG``."""
        if self.logger.isEnabledFor(logging.DEBUG):
            self._emit(logging.DEBUG, msg, args, **kwargs)

    def info(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``INFO``."""
        if self.logger.isEnabledFor(logging.INFO):
            self._emit(logging.INFO, msg, args, **kwargs)

    def warning(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``WARNING``."""
        if self.logger.isEnabledFor(logging.WARNING):
            self._emit(logging.WARNING, msg, args, **kwargs)

    def warn(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``WARNING`` (logrus's ``Warn``)."""
        if self.logger.isEnabledFor(logging.WARNING):
            self._emit(logging.WARNING, msg, args, **kwargs)

    def error(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``ERROR``."""
        if self.logger.isEnabledFor(logging.ERROR):
            self._emit(logging.ERROR, msg, args, **kwargs)

    def exception(self, msg: Any, *args: Any, exc_info: _ExcInfo = True, **kwargs: Any) -> None:
        """Log at ``ERROR`` with the exception being handled."""
        if self.logger.isEnabledFor(logging.ERROR):
            self._emit(logging.ERROR, msg, args, exc_info=exc_info, **kwargs)

    def critical(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at ``CRITICAL`` (logrus's ``fatal``; the program is not stopped)."""
        if self.logger.isEnabledFor(logging.CRITICAL):
            self._emit(logging.CRITICAL, msg, args, **kwargs)

    fatal = critical

    def log(self, level: int, msg: Any, *args: Any, **kwargs: Any) -> None:
        """Log at any level number."""
        if not isinstance(level, int):
            if logging.raiseExceptions:
                raise TypeError("level must be an integer")
            return
        if self.logger.isEnabledFor(level):
            self._emit(level, msg, args, **kwargs)


def get_logger(name: Optional[str] = None) -> FieldLogger:
    """A :class:`FieldLogger` for ``logging.getLogger(name)``, with no fields yet."""
    return FieldLogger(logging.getLogger(name))
