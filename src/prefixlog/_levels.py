"""Levels: logrus's level names and colours for stdlib level numbers.

logrus has seven levels; the stdlib has five.  ``TRACE`` (5) and ``PANIC``
(60) are added, and ``CRITICAL`` (50) is logrus's ``fatal``.  Any other level
number keeps its stdlib name, lower-cased, so custom levels still render.
"""

from __future__ import annotations

import bisect
import logging
from collections.abc import Mapping
from typing import Final

from ._gofmt import to_text

TRACE: Final = 5
"""logrus's ``trace`` level, 5: below ``DEBUG``, named ``TRACE`` for ``logging`` (``FieldLogger.trace``)."""
DEBUG: Final = logging.DEBUG
INFO: Final = logging.INFO
WARNING: Final = logging.WARNING
ERROR: Final = logging.ERROR
FATAL: Final = logging.CRITICAL
"""logrus's ``fatal`` level, 50: the stdlib's ``CRITICAL`` (logging at it does not stop the program)."""
PANIC: Final = 60
"""logrus's ``panic`` level, 60: above ``CRITICAL``; named ``PANIC`` for ``logging`` (logging at it raises nothing)."""

#: logrus's level names (``Level.String()``), by stdlib level number.
LEVEL_NAMES: Final[dict[int, str]] = {
    TRACE: "trace",
    DEBUG: "debug",
    INFO: "info",
    WARNING: "warning",
    ERROR: "error",
    FATAL: "fatal",
    PANIC: "panic",
}

#: Level numbers by name, for parsing configuration (``"warn"`` as logrus's ParseLevel).
LEVELS_BY_NAME: Final[dict[str, int]] = {
    **{name: number for number, name in LEVEL_NAMES.items()},
    "warn": WARNING,
    "critical": FATAL,
}


def register_level_names() -> None:
    """Give TRACE and PANIC stdlib names, unless the application named them already."""
    for number, name in ((TRACE, "TRACE"), (PANIC, "PANIC")):
        if logging.getLevelName(number) == f"Level {number}":
            logging.addLevelName(number, name)


def level_name(levelno: int, levelname: str) -> str:
    """logrus's name for a record's level: its own name for levels logrus lacks.

    A ``levelno`` that is not an int raises ``TypeError``: the formatter then
    writes the record repaired (:mod:`prefixlog._guard`), saying what it held.
    """
    name = LEVEL_NAMES.get(levelno)
    if name is None:
        if not isinstance(levelno, int):
            raise TypeError(f"levelno is not a level number: {levelno!r}")
        name = to_text(levelname).lower()
    return name


def parse_level(value: object, option: str = "level") -> int:
    """Turn a level name (any case, ``trace`` included) or number into a level number.

    Names and numbers are ASCII only: ``int()`` would read Arabic-Indic
    digits, and ``upper()`` turns a dotless ``ı`` into ``I``.
    """
    if isinstance(value, bool):
        raise TypeError(f"{option} must be a level name or number, not {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text.isascii() and text.removeprefix("-").isdigit():
            return int(text)
        if text in LEVELS_BY_NAME:
            return LEVELS_BY_NAME[text]
        known = logging.getLevelName(value.strip().upper()) if text.isascii() else None
        if isinstance(known, int):
            return known
        allowed = ", ".join(sorted(LEVELS_BY_NAME))
        raise ValueError(f"{option}: unknown level {value!r}; use a number or one of {allowed}")
    raise TypeError(f"{option} must be a level name or number, not {type(value).__name__}")


def slog_level(levelno: int) -> int:
    """Go ``log/slog``'s level for a level number: ⌊(levelno − 20) × 2 / 5⌋.

    DEBUG −4, INFO 0, WARNING 4, ERROR 8, CRITICAL 12 (``ERROR+4``), TRACE −6 (``DEBUG-2``).
    """
    return ((levelno - INFO) * 2) // 5


#: zap's level names (``zapcore.Level.String()``) by the level number each starts at; ``dpanic`` has no Python level.
ZAP_LEVELS: Final[Mapping[int, str]] = {
    DEBUG: "debug",
    INFO: "info",
    WARNING: "warn",
    ERROR: "error",
    FATAL: "fatal",
    PANIC: "panic",
}
#: zerolog's level names by the level number each starts at; ``nolevel`` has no Python level.
ZEROLOG_LEVELS: Final[Mapping[int, str]] = {TRACE: "trace", **ZAP_LEVELS}


def level_at_or_below(levelno: int, names: Mapping[int, str]) -> str:
    """The name of the nearest level in ``names`` at or below ``levelno`` (the lowest one below them all).

    So with :data:`ZAP_LEVELS` TRACE is ``debug``, 25 is ``info`` and 45 is ``error``.
    """
    numbers = sorted(names)
    at = bisect.bisect_right(numbers, levelno) - 1
    return names[numbers[max(at, 0)]]
