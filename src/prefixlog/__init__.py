"""prefixlog: stdlib ``logging`` formatters that write what Go's logrus writes.

``TextFormatter`` is logrus's ``TextFormatter`` (colored layout on a terminal,
logfmt otherwise), ``JSONFormatter`` its ``JSONFormatter``; ``PrefixedFormatter``
is x-cray/logrus-prefixed-formatter's (``[time]  INFO prefix: message``), with
``ColorScheme`` for its colours; ``SlogFormatter`` is Go ``log/slog``'s text
and JSON handlers; ``get_logger(...).with_field(...)`` is
logrus's ``WithField``; ``QueueHandler`` keeps records whole across queues and
processes; ``configure()`` sets it all up in one call.  ``fields(record)``
reads a record's fields, and ``prefixlog.testing.capture_logs()`` captures
records as dicts in tests.  The documentation (docs/) has the whole tour.
"""

from __future__ import annotations

import atexit as _atexit
import importlib as _importlib
import sys as _sys
import typing as _typing

from ._levels import FATAL, PANIC, TRACE, register_level_names

if _typing.TYPE_CHECKING:  # imported when first used (see __getattr__): ``import prefixlog`` stays quick
    from typing import Any

    from ._colorscheme import ColorScheme
    from ._config import configure
    from ._context import bind, clear_context, context, get_context, unbind
    from ._fields import fields
    from ._formatter import FormatterOptions
    from ._json import JSONFormatter
    from ._logger import FieldLogger, get_logger
    from ._prefixed import PrefixedFormatter
    from ._queue import QueueHandler
    from ._record import short_caller
    from ._slog import SlogFormatter
    from ._slog_values import SlogLevel, SlogSource
    from ._text import TextFormatter
    from ._zap import ZapFormatter
    from ._zerolog import ZerologFormatter

#: Where each public name lives, imported when first asked for: the command line and a
#: program using one formatter don't pay for every formatter's import.
_LAZY: dict[str, str] = {
    "ColorScheme": "_colorscheme",
    "configure": "_config",
    "bind": "_context",
    "clear_context": "_context",
    "context": "_context",
    "get_context": "_context",
    "unbind": "_context",
    "fields": "_fields",
    "FormatterOptions": "_formatter",
    "JSONFormatter": "_json",
    "FieldLogger": "_logger",
    "get_logger": "_logger",
    "PrefixedFormatter": "_prefixed",
    "QueueHandler": "_queue",
    "short_caller": "_record",
    "SlogFormatter": "_slog",
    "SlogLevel": "_slog_values",
    "SlogSource": "_slog_values",
    "TextFormatter": "_text",
    "ZapFormatter": "_zap",
    "ZerologFormatter": "_zerolog",
}


if not _typing.TYPE_CHECKING:  # type checkers see the imports above, and no name beyond them

    def __getattr__(name: str) -> Any:
        """A public name, imported from its module when first asked for (then kept here)."""
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(_importlib.import_module("." + module, __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    """The module's names, the public ones not imported yet among them."""
    return sorted({*globals(), *_LAZY})


__version__ = "0.1.0"
"""The installed prefixlog's version (PEP 440)."""

__all__ = [
    "FATAL",
    "PANIC",
    "TRACE",
    "ColorScheme",
    "FieldLogger",
    "FormatterOptions",
    "JSONFormatter",
    "PrefixedFormatter",
    "QueueHandler",
    "SlogFormatter",
    "SlogLevel",
    "SlogSource",
    "TextFormatter",
    "ZapFormatter",
    "ZerologFormatter",
    "__version__",
    "bind",
    "clear_context",
    "configure",
    "context",
    "fields",
    "get_context",
    "get_logger",
    "short_caller",
    "unbind",
]

register_level_names()


def _drain_at_exit() -> None:
    """``configure(queue=True)``'s queues written out at exit, if a queue was ever made (``_listener.drain_all``).

    Registered when prefixlog is imported, not when the queues' module is,
    so that it runs after the ``atexit`` functions the application registers
    later (they may log) and before ``logging.shutdown`` (registered earlier).
    """
    listener = _sys.modules.get(__name__ + "._listener")
    if listener is not None:
        listener.drain_all()


_atexit.register(_drain_at_exit)
