"""Every formatter in every layout, for tests that must hold everywhere (safety, threads).

Each entry is (kind, factory): ``logfmt`` lines must read back through a
logfmt parser, ``json`` lines through ``json.loads``, ``terminal`` lines must
never carry a control character.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from typing import Any

import prefixlog

Factory = Callable[..., logging.Formatter]


def _make(name: str, **fixed: Any) -> Factory:
    cls = getattr(prefixlog, name)  # every formatter ships: a missing one fails the import

    def factory(**options: Any) -> logging.Formatter:
        merged = {**fixed, **options}
        return cls(**merged)  # type: ignore[no-any-return]

    return factory


def _pipe() -> io.StringIO:
    return io.StringIO()  # not a terminal


#: name -> (kind, factory) for every formatter and layout.
LAYOUTS: dict[str, tuple[str, Factory]] = {
    "text-logfmt": ("logfmt", _make("TextFormatter", stream=_pipe())),
    "text-logfmt-disable-quote": ("logfmt-raw", _make("TextFormatter", stream=_pipe(), disable_quote=True)),
    "text-colored": ("terminal", _make("TextFormatter", force_colors=True)),
    "text-colored-disable-quote": ("terminal", _make("TextFormatter", force_colors=True, disable_quote=True)),
    "prefixed-logfmt": ("logfmt", _make("PrefixedFormatter", stream=_pipe())),
    "prefixed-formatted": ("terminal", _make("PrefixedFormatter", stream=_pipe(), force_formatting=True)),
    "prefixed-colored": ("terminal", _make("PrefixedFormatter", force_formatting=True, force_colors=True)),
    "json": ("json", _make("JSONFormatter")),
}
