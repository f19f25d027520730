"""Every formatter in every layout, for tests that must hold everywhere (safety, threads).

Each entry is (kind, factory): ``logfmt`` lines must read back through a
logfmt parser, ``json`` lines through ``json.loads``, ``terminal`` lines must
never carry a control character.  Formatters that prefixlog does not export
yet are left out.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

import prefixlog

Factory = Callable[..., logging.Formatter]


def _make(name: str, **fixed: Any) -> Factory | None:
    cls = getattr(prefixlog, name, None)
    if cls is None:
        return None

    def factory(**options: Any) -> logging.Formatter:
        merged = {**fixed, **options}
        return cls(**merged)  # type: ignore[no-any-return]

    return factory


def _pipe() -> io.StringIO:
    return io.StringIO()  # not a terminal


_ALL: dict[str, tuple[str, Factory | None]] = {
    "text-logfmt": ("logfmt", _make("TextFormatter", stream=_pipe())),
    "text-logfmt-disable-quote": ("logfmt-raw", _make("TextFormatter", stream=_pipe(), disable_quote=True)),
    "text-colored": ("terminal", _make("TextFormatter", force_colors=True)),
    "text-colored-disable-quote": ("terminal", _make("TextFormatter", force_colors=True, disable_quote=True)),
    "prefixed-logfmt": ("logfmt", _make("PrefixedFormatter", stream=_pipe())),
    "prefixed-formatted": ("terminal", _make("PrefixedFormatter", stream=_pipe(), force_formatting=True)),
    "prefixed-colored": ("terminal", _make("PrefixedFormatter", force_formatting=True, force_colors=True)),
    "json": ("json", _make("JSONFormatter")),
}

#: name -> (kind, factory) for the formatters prefixlog has.
LAYOUTS: dict[str, tuple[str, Factory]] = {k: (kind, f) for k, (kind, f) in _ALL.items() if f is not None}
