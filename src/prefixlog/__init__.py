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

from ._colorscheme import ColorScheme
from ._config import configure
from ._context import bind, clear_context, context, get_context, unbind
from ._fields import fields
from ._formatter import FormatterOptions
from ._json import JSONFormatter
from ._levels import FATAL, PANIC, TRACE, register_level_names
from ._logger import FieldLogger, get_logger
from ._prefixed import PrefixedFormatter
from ._queue import QueueHandler
from ._record import short_caller
from ._slog import SlogFormatter
from ._slog_values import SlogLevel, SlogSource
from ._text import TextFormatter
from ._zap import ZapFormatter
from ._zerolog import ZerologFormatter

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
