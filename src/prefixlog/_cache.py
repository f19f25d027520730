"""A memo bounded in entries and in bytes, for the formatters' per-key renderings."""

from __future__ import annotations

from collections.abc import Callable


class BoundedCache(dict[str, str]):
    """A memo of ``func(key)`` bounded in entries and in bytes.

    Keys (field names) repeat on almost every record, so rendering each once
    pays; but a program may log unboundedly many distinct keys, and keys of
    any length: the cache starts afresh when it holds ``limit`` entries, and
    a key longer than ``longest`` characters is rendered every time, never
    kept.  ``cache[key]`` is one C-level dict lookup on a hit.
    """

    def __init__(self, func: Callable[[str], str], limit: int = 4096, longest: int = 256) -> None:
        super().__init__()
        self.func = func
        self.limit = limit
        self.longest = longest

    def __missing__(self, key: str) -> str:
        value = self.func(key)
        if len(key) > self.longest:
            return value
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value
