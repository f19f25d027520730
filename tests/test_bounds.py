"""Caches stay bounded: a million distinct field names don't grow a formatter's memory."""

from __future__ import annotations

import gc
import io
import logging
import sys
import types

import pytest

from prefixlog._cache import BoundedCache

from layouts import LAYOUTS


def test_bounded_cache_starts_afresh_when_full() -> None:
    calls: list[str] = []

    def render(key: str) -> str:
        calls.append(key)
        return key.upper()

    cache: BoundedCache = BoundedCache(render, limit=3)
    assert [cache[k] for k in "abcab"] == ["A", "B", "C", "A", "B"]
    assert calls == ["a", "b", "c"]
    assert cache["d"] == "D"
    assert len(cache) == 1
    assert cache["a"] == "A"
    assert calls == ["a", "b", "c", "d", "a"]


def footprint(root: object) -> int:
    """Bytes held by ``root`` and the data it references (not code, modules, classes or streams)."""
    skip = (type, types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType, io.IOBase)
    seen: set[int] = set()
    total = 0
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or (obj is not root and isinstance(obj, skip)):
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        stack.extend(gc.get_referents(obj))
    return total


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_million_distinct_keys_keep_memory_bounded(layout: str) -> None:
    _, factory = LAYOUTS[layout]
    formatter = factory()
    record = logging.LogRecord("bounds", logging.INFO, __file__, 1, "m", (), None)

    def log_keys(start: int, count: int, per_record: int = 1000) -> None:
        for base in range(start, start + count, per_record):
            fresh = logging.makeLogRecord(record.__dict__)
            for i in range(base, base + per_record):
                fresh.__dict__[f"k{i}"] = i
            formatter.format(fresh)

    log_keys(0, 100_000)  # fill every cache once
    filled = footprint(formatter)
    log_keys(100_000, 900_000)
    grown = footprint(formatter) - filled
    assert grown < 100_000, f"{layout}: {grown} more bytes after 900,000 more distinct keys ({filled} before)"


def test_keys_longer_than_the_limit_are_rendered_but_never_kept() -> None:
    cache = BoundedCache(str.upper, limit=8, longest=4)
    assert cache["abcd"] == "ABCD"
    assert cache["abcde"] == "ABCDE"
    assert dict(cache) == {"abcd": "ABCD"}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_long_distinct_keys_keep_memory_bounded_in_bytes(layout: str) -> None:
    """A hundred distinct 256 KiB keys (25 MiB of keys) leave nothing of them behind in the formatter."""
    _, factory = LAYOUTS[layout]
    formatter = factory()
    record = logging.LogRecord("bounds", logging.INFO, __file__, 1, "m", (), None)
    formatter.format(record)
    before = footprint(formatter)
    for i in range(100):
        fresh = logging.makeLogRecord(record.__dict__)
        fresh.__dict__[f"{i:03d}" + "k" * (256 * 1024)] = i
        formatter.format(fresh)
    grown = footprint(formatter) - before
    assert grown < 100_000, f"{layout}: {grown} more bytes after 100 keys of 256 KiB"
