"""The logging module's global state, taken and given back: what the ``isolate_logging`` fixture uses.

A :class:`LoggingState` holds what a test can change for every later test:
the level names (``addLevelName`` has no inverse), the ``LogRecord`` factory
(``bind()`` and ``context()`` wrap it once and leave it so), the logger class,
``logging.disable()``, the module's switches (``raiseExceptions``,
``lastResort`` ...), every logger's handlers, level, filters, ``propagate``
and ``disabled`` (a ``dictConfig()`` disables every logger it does not name),
and prefixlog's bound context fields.  :meth:`LoggingState.restore` puts it
all back; a logger made since gets a new logger's state, and a handler added
since is closed (its file with it).  pytest's own handlers (its logging plugin
attaches them to the root and to every non-propagating logger around each
phase) are left to pytest.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from prefixlog import _context

#: Module-level switches of ``logging`` a test may set (``logAsyncioTasks``: Python 3.12+).
SWITCHES = ("raiseExceptions", "lastResort", "logThreads", "logProcesses", "logMultiprocessing", "logAsyncioTasks")


def _pytest_handler(handler: logging.Handler) -> bool:
    return type(handler).__module__.startswith("_pytest.")


def _loggers() -> dict[str, logging.Logger]:
    """The root and every logger of the logging tree (not the placeholders)."""
    tree = logging.root.manager.loggerDict
    return {"": logging.root} | {name: lg for name, lg in tree.items() if isinstance(lg, logging.Logger)}


@dataclass(frozen=True)
class LoggerState:
    """What a test can change on one logger."""

    level: int
    handlers: tuple[logging.Handler, ...]
    filters: tuple[Any, ...]
    propagate: bool
    disabled: bool

    @classmethod
    def of(cls, logger: logging.Logger) -> LoggerState:
        handlers = tuple(h for h in logger.handlers if not _pytest_handler(h))
        return cls(logger.level, handlers, tuple(logger.filters), logger.propagate, logger.disabled)

    def restore(self, logger: logging.Logger) -> None:
        logger.handlers[:] = [*self.handlers, *(h for h in logger.handlers if _pytest_handler(h))]
        logger.filters[:] = self.filters
        logger.propagate = self.propagate
        logger.disabled = self.disabled
        if logger.level != self.level:
            logger.setLevel(self.level)  # setLevel clears the loggers' level caches


#: The state of a logger made by ``logging.getLogger()``.
FRESH = LoggerState(logging.NOTSET, (), (), propagate=True, disabled=False)


@dataclass(frozen=True)
class LoggingState:
    """The logging module's global state at one moment."""

    level_to_name: dict[int, str]
    name_to_level: dict[str, int]
    factory: Any
    logger_class: type[logging.Logger]
    disable: int
    switches: dict[str, Any]
    loggers: dict[str, LoggerState]
    context: dict[str, Any]

    @classmethod
    def take(cls) -> LoggingState:
        return cls(
            dict(logging._levelToName),
            dict(logging._nameToLevel),
            logging.getLogRecordFactory(),
            logging.getLoggerClass(),
            logging.root.manager.disable,
            {name: getattr(logging, name) for name in SWITCHES if hasattr(logging, name)},
            {name: LoggerState.of(logger) for name, logger in _loggers().items()},
            dict(_context.bound()),
        )

    def restore(self) -> None:
        """Put everything back as it was when this state was taken."""
        _context.clear()
        if self.context:
            _context.bind(**self.context)
        added: list[logging.Handler] = []
        for name, logger in _loggers().items():
            before = self.loggers.get(name, FRESH)
            added += [h for h in logger.handlers if h not in before.handlers and not _pytest_handler(h)]
            before.restore(logger)
        kept = {h for state in self.loggers.values() for h in state.handlers}
        for handler in added:
            if handler not in kept:
                handler.close()
        for name, value in self.switches.items():
            setattr(logging, name, value)
        if logging.root.manager.disable != self.disable:
            logging.disable(self.disable)
        logging.setLoggerClass(self.logger_class)
        logging.setLogRecordFactory(self.factory)
        # No public way to forget a level name: the two private tables, refilled in place.
        logging._levelToName.clear()
        logging._levelToName.update(self.level_to_name)
        logging._nameToLevel.clear()
        logging._nameToLevel.update(self.name_to_level)
