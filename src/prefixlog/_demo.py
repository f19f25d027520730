"""``python -m prefixlog demo``: every layout prefixlog has, on this terminal."""

from __future__ import annotations

import io
import logging
import sys
from typing import IO, Final

from ._config import configure, make_formatter
from ._context import context
from ._logger import get_logger
from ._registry import FORMATS

#: (title, format name, its options): each section of the demo, as the registry lists them.
LAYOUTS: Final = [(title, name, dict(options)) for name, entry in FORMATS.items() for title, options in entry.demos]


def _show() -> None:
    log = get_logger("demo")
    log.with_field("zs", "log").info("have a nice day")
    log.with_field("prefix", "log").info("have a nice day")
    log.with_fields({"animal": "walrus", "size": 10}).info("[api] A group of walrus emerges from the ocean")
    with context(request_id="f9a1"):
        log.with_fields({"omg": True, "number": 122}).warning("The group's number increased tremendously!")
    log.trace("a trace message with a float field", extra={"ratio": 0.25})
    stock: dict[str, int] = {}
    try:
        stock["walrus"]
    except KeyError as error:
        log.with_error(error).exception("lookup failed")


def run(stream: IO[str] | None = None) -> int:
    """Print the same records in every layout to ``stream`` (stdout by default)."""
    out = sys.stdout if stream is None else stream
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    try:
        for title, name, options in LAYOUTS:
            out.write(f"\n== {title}\n")
            out.flush()
            handler = configure(format=name, level="trace", stream=out, queue=False, capture=False, **options)
            if options.get("force_formatting") is False:  # show logfmt even on a terminal
                handler.setFormatter(make_formatter(name, io.StringIO(), **options))
            _show()
    finally:
        root.handlers[:] = saved[1]
        root.setLevel(saved[0])
    return 0
