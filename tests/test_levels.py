"""The Go loggers' levels for Python level numbers (:mod:`prefixlog._levels`), for the slog, zap and zerolog layouts."""

from __future__ import annotations

import logging

import pytest

import prefixlog
from prefixlog._levels import ZAP_LEVELS, ZEROLOG_LEVELS, level_at_or_below, slog_level

from oracle_go_cases import cases, levelno


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (prefixlog.TRACE, -6),
        (logging.DEBUG, -4),
        (logging.INFO, 0),
        (25, 2),
        (logging.WARNING, 4),
        (logging.ERROR, 8),
        (logging.CRITICAL, 12),
        (prefixlog.PANIC, 16),
        (0, -8),
    ],
)
def test_slog_level(number: int, expected: int) -> None:
    assert slog_level(number) == expected


def test_every_slog_level_of_the_corpus_comes_back_from_its_level_number() -> None:
    levels = {case["level"] for name in ("slog-text", "slog-json") for case in cases(name)}
    assert len(levels) > 10
    for level in levels:
        assert slog_level(levelno({"level": level})) == level


@pytest.mark.parametrize(
    ("number", "zap", "zerolog"),
    [
        (1, "debug", "trace"),
        (prefixlog.TRACE, "debug", "trace"),
        (logging.DEBUG, "debug", "debug"),
        (15, "debug", "debug"),
        (logging.INFO, "info", "info"),
        (25, "info", "info"),
        (logging.WARNING, "warn", "warn"),
        (45, "error", "error"),
        (logging.CRITICAL, "fatal", "fatal"),
        (prefixlog.PANIC, "panic", "panic"),
        (99, "panic", "panic"),
    ],
)
def test_the_nearest_named_level_at_or_below(number: int, zap: str, zerolog: str) -> None:
    assert level_at_or_below(number, ZAP_LEVELS) == zap
    assert level_at_or_below(number, ZEROLOG_LEVELS) == zerolog
