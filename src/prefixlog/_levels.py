"""Levels: logrus's level names and colours for stdlib level numbers.

logrus has seven levels; the stdlib has five.  ``TRACE`` (5) and ``PANIC``
(60) are added, and ``CRITICAL`` (50) is logrus's ``fatal``.  Any other level
number keeps its stdlib name, lower-cased, so custom levels still render.
"""

from __future__ import annotations

import logging
from typing import Final

from ._gofmt import to_text

TRACE: Final = 5
DEBUG: Final = logging.DEBUG
INFO: Final = logging.INFO
WARNING: Final = logging.WARNING
ERROR: Final = logging.ERROR
FATAL: Final = logging.CRITICAL
PANIC: Final = 60

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
