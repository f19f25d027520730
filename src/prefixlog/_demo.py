"""``python -m prefixlog demo``: every layout prefixlog has, on this terminal."""

from __future__ import annotations

import logging
import sys
from typing import IO, Any

from ._json import JSONFormatter
from ._levels import TRACE
from ._logger import FieldLogger
from ._record import short_caller
from ._text import TextFormatter


def _layouts(stream: IO[str]) -> list[tuple[str, logging.Formatter]]:
    return [
        (
            "TextFormatter, colored layout (a terminal, or force_colors=True)",
            TextFormatter(
                force_colors=True,
                full_timestamp=True,
                timestamp_format="2006-01-02 15:04:05",
                report_caller=True,
                caller_prettyfier=short_caller,
            ),
        ),
        ("TextFormatter, colored, seconds since start ([0000])", TextFormatter(force_colors=True)),
        ("TextFormatter, logfmt layout (not a terminal)", TextFormatter(stream=stream, disable_colors=True)),
        ("JSONFormatter (one JSON object a line, as Go's encoding/json writes it)", JSONFormatter()),
    ]


def _show(log: FieldLogger) -> None:
    log.with_field("zs", "log").info("have a nice day")
    log.with_fields({"animal": "walrus", "size": 10}).info("A group of walrus emerges from the ocean")
    log.with_fields({"omg": True, "number": 122}).warning("The group's number increased tremendously!")
    log.trace("a trace message with a float field", extra={"ratio": 0.25})
    stock: dict[str, int] = {}
    try:
        stock["walrus"]
    except KeyError as error:
        log.with_error(error).exception("lookup failed")


def run(stream: IO[str] | None = None, **_: Any) -> int:
    """Print a few records in every layout to ``stream`` (stdout by default)."""
    out = sys.stdout if stream is None else stream
    logger = logging.Logger("demo", level=TRACE)
    log = FieldLogger(logger)
    handler = logging.StreamHandler(out)
    logger.addHandler(handler)
    for title, formatter in _layouts(out):
        out.write(f"\n== {title}\n")
        handler.setFormatter(formatter)
        _show(log)
    out.flush()
    return 0
