"""``python -m prefixlog demo``: every layout prefixlog has, on this terminal."""

from __future__ import annotations

import io
import logging
import sys
from typing import IO, Any

from ._levels import TRACE
from ._logger import FieldLogger
from ._prefixed import PrefixedFormatter
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
        (
            "PrefixedFormatter, formatted and coloured (a terminal, or force_formatting + force_colors)",
            PrefixedFormatter(
                force_formatting=True,
                force_colors=True,
                full_timestamp=True,
                timestamp_format="2006-01-02 15:04:05",
            ),
        ),
        (
            "PrefixedFormatter, formatted without colours (force_formatting, or disable_colors on a terminal)",
            PrefixedFormatter(force_formatting=True, disable_colors=True),
        ),
        # x-cray has no option for logfmt on a terminal: give it a stream that is not one.
        ("PrefixedFormatter, logfmt layout (not a terminal)", PrefixedFormatter(stream=io.StringIO())),
    ]


def _show(log: FieldLogger) -> None:
    log.with_field("zs", "log").info("have a nice day")
    log.with_field("prefix", "log").info("have a nice day")
    log.info("[api] a prefix can come from the message, too")
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
