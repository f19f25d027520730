"""``prefixlog pretty``: logfmt and JSON log lines back in the readable, coloured layout.

Each line that holds a record (see :mod:`prefixlog._parse`) is written again
by ``TextFormatter`` or ``PrefixedFormatter`` in their readable layout, with
the record's own time, level, message and fields; any other line passes
through byte for byte.  Input is read and output flushed line by line, so
``kubectl logs -f ... | prefixlog pretty`` shows each line as it comes.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, Any, Final, Optional

from ._config import make_formatter
from ._parse import make_record, parse_line
from ._time import RFC3339

#: ``--layout`` values: the readable layouts.
LAYOUTS: Final = ("text", "prefixed")
#: ``--color`` values.
COLORS: Final = ("auto", "always", "never")
#: The time shown by default (time of day) and with ``--full-timestamp`` (logrus's default, RFC 3339).
SHORT_TIME: Final = "15:04:05"
FULL_TIME: Final = RFC3339


@dataclass(frozen=True)
class Options:
    """What ``prefixlog pretty`` was asked to do (the command line, checked)."""

    files: tuple[str, ...] = ()
    layout: str = "text"
    level: int = 0
    fields: Optional[frozenset[str]] = None
    color: str = "auto"
    full_timestamp: bool = False
    timestamp_format: Optional[str] = None


class Pretty:
    """Rewrites one line at a time; ``terminal`` is the stream whose TTY-ness decides colour (``auto``)."""

    def __init__(self, options: Options, terminal: IO[Any]) -> None:
        self.options = options
        layout = options.timestamp_format or (FULL_TIME if options.full_timestamp else SHORT_TIME)
        colors: dict[str, Any] = {}
        if options.color == "always":
            colors["force_colors"] = True
        elif options.color == "never":
            colors["disable_colors"] = True
        self.timed = make_formatter(options.layout, terminal, full_timestamp=True, timestamp_format=layout, **colors)
        self.untimed = make_formatter(options.layout, terminal, disable_timestamp=True, **colors)

    def line(self, raw: bytes) -> Optional[bytes]:
        """What to write for one input line: the record again, the line itself, or ``None`` (filtered out)."""
        body = raw[:-1] if raw.endswith(b"\n") else raw
        if body.endswith(b"\r"):
            body = body[:-1]
        parsed = parse_line(body.decode("utf-8", "replace"))
        if parsed is None:
            return raw
        if (logging.INFO if parsed.level is None else parsed.level) < self.options.level:
            return None  # a record without a level is shown at info
        keep = self.options.fields
        if keep is not None:
            parsed.fields = {k: v for k, v in parsed.fields.items() if k in keep}
        record = make_record(parsed, name="prefixlog.pretty")
        formatter = self.untimed if parsed.created is None else self.timed
        return (formatter.format(record) + "\n").encode("utf-8", "replace")


def _sources(files: Iterable[str], stdin: IO[bytes], errors: list[str]) -> Iterable[IO[bytes]]:
    for name in files or ("-",):
        if name == "-":
            yield stdin
            continue
        try:
            stream = open(name, "rb")  # noqa: SIM115 - closed below, after its lines are read
        except OSError as error:
            errors.append(f"prefixlog pretty: {name}: {error.strerror or error}")
            continue
        with stream:
            yield stream


def run(pretty: Pretty, stdin: Optional[IO[bytes]] = None, stdout: Optional[IO[bytes]] = None) -> int:
    """Read the files (or stdin) and write them pretty; 0, or 1 if a file couldn't be read.

    A reader that goes away raises ``BrokenPipeError`` (the command line ends quietly).
    """
    stdin = sys.stdin.buffer if stdin is None else stdin
    out = sys.stdout.buffer if stdout is None else stdout
    errors: list[str] = []
    failed = False
    for source in _sources(pretty.options.files, stdin, errors):
        failed = _report(errors) or failed
        for raw in iter(source.readline, b""):
            text = pretty.line(raw)
            if text is not None:
                out.write(text)
                out.flush()
    failed = _report(errors) or failed
    return 1 if failed else 0


def _report(errors: list[str]) -> bool:
    """Write (and forget) the errors so far, in order with the output; whether there were any."""
    for error in errors:
        sys.stderr.write(error + "\n")
    sys.stderr.flush()
    had = bool(errors)
    errors.clear()
    return had
