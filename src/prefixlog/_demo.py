"""``python -m prefixlog demo``: every layout prefixlog has, on this terminal."""

from __future__ import annotations

import io
import logging
import sys
from typing import IO, Any

from ._config import configure, make_formatter
from ._context import context
from ._logger import get_logger
from ._record import short_caller

_SEED = {"full_timestamp": True, "timestamp_format": "2006-01-02 15:04:05"}

#: (title, configure() format, its options).
LAYOUTS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "TextFormatter, colored layout (logrus on a terminal)",
        "text",
        {**_SEED, "report_caller": True, "caller_prettyfier": short_caller},
    ),
    ("TextFormatter, seconds since start ([0000])", "text", {}),
    ("TextFormatter, logfmt (logrus to a file or a pipe)", "logfmt", {}),
    ("PrefixedFormatter, formatted (x-cray on a terminal)", "prefixed", dict(_SEED)),
    # x-cray writes logfmt when its stream is not a terminal (see run()).
    ("PrefixedFormatter, logfmt (x-cray to a file or a pipe)", "prefixed", {"force_formatting": False}),
    ("JSONFormatter (logrus JSON, for log shippers)", "json", {}),
]


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
