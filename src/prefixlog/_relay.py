"""Output to records: a stream's bytes split into lines, each line made a log record.

:class:`Lines` splits without ever waiting for more than it has (a partial
line waits in its buffer; an over-long one is cut into numbered parts);
:class:`Relay` makes each line a record, or relays the record a line already
is, with the terminal escape sequences a program writes for colour, cursor
moves or titles taken out (:func:`strip_ansi`).  Used by ``prefixlog run``
(:mod:`prefixlog._run`).
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Final

from ._fields import split_fields
from ._levels import INFO, WARNING
from ._parse import Parsed, make_record, parse_line

#: Default longest line read as one (bytes), for ``run`` and ``pretty``: longer lines are never parsed.
DEFAULT_MAX_LINE: Final = 1 << 20

#: ECMA-48 escape sequences: CSI (``ESC [`` parameters, intermediates, a final byte: SGR colours,
#: cursor moves, erasing), OSC (``ESC ]`` up to BEL or ``ESC \``, or the line's end: titles,
#: hyperlinks) and the short ones (``ESC`` intermediates and one final byte but ``[`` or ``]``: ``ESC 7``,
#: ``ESC (B``); a CSI the line cuts short leaves its ESC, escaped when written.
#: Each part is a run of one character class that stops at the next ESC, so removing them all
#: takes time linear in the line.
_ANSI: Final = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -/]*[0-Z\\^-~])")


def strip_ansi(text: str) -> str:
    """``text`` without its terminal escape sequences; an ESC that starts none stays (then escaped as ``\\x1b``)."""
    return _ANSI.sub("", text) if "\x1b" in text else text


class Lines:
    """One stream's bytes split into lines: ``(line, part)``, part 0 for a whole line.

    A line longer than ``max_line`` bytes (0: no limit) comes out in parts
    numbered from 1, each cut before a UTF-8 character when one starts within
    the last 3 bytes: with a limit of 4 or more (the command line allows no
    less) a character is never cut.  One ``\\r`` before a newline is dropped.
    """

    def __init__(self, max_line: int) -> None:
        self.max_line = max_line
        self.buffer = bytearray()
        self.part = 0
        self._scanned = 0  # no newline in buffer[:_scanned]

    def feed(self, data: bytes) -> list[tuple[bytes, int]]:
        """The lines (and parts) that ``data`` completes."""
        buffer = self.buffer
        buffer += data
        out: list[tuple[bytes, int]] = []
        limit = self.max_line
        while True:
            newline = buffer.find(b"\n", self._scanned)
            if newline >= 0 and (not limit or newline <= limit):
                end = newline - 1 if newline and buffer[newline - 1] == 0x0D else newline
                out.append((bytes(buffer[:end]), self.part + 1 if self.part else 0))
                del buffer[: newline + 1]
                self.part = self._scanned = 0
            elif limit and len(buffer) > limit:
                cut = self._cut(limit)
                self.part += 1
                out.append((bytes(buffer[:cut]), self.part))
                del buffer[:cut]
                self._scanned = 0
            else:
                self._scanned = len(buffer)
                return out

    def _cut(self, limit: int) -> int:
        """Where to cut the buffer: at ``limit``, or up to 3 bytes before, where a character starts."""
        for cut in range(limit, max(limit - 3, 1) - 1, -1):
            if self.buffer[cut] & 0xC0 != 0x80:  # not a UTF-8 continuation byte
                return cut
        return limit

    def finish(self) -> list[tuple[bytes, int]]:
        """The partial last line (no newline), if any, when the stream has ended."""
        if not self.buffer:
            return []
        line = bytes(self.buffer)
        self.buffer.clear()
        part, self.part = (self.part + 1 if self.part else 0), 0
        return [(line, part)]


class Relay:
    """Turns a command's lines into records and hands them to ``logger``.

    Lines of stdout are at ``stdout_level``, of stderr at ``stderr_level``,
    with the fields ``prefix`` and ``stream``; with ``parse``, a line that is
    a record (:func:`~prefixlog._parse.parse_line`: logfmt, JSON, or a
    plain-text head such as Python's ``INFO:name:message``) keeps its own
    level, message, time and fields.  Unless ``keep_ansi``, terminal escape
    sequences are taken out of each line first (:func:`strip_ansi`), so a
    coloured level or message reads as its text.  The record's caller is the
    command.
    """

    def __init__(
        self,
        logger: logging.Logger,
        command: str,
        prefix: str,
        stdout_level: int = INFO,
        stderr_level: int = WARNING,
        parse: bool = True,
        keep_ansi: bool = False,
    ) -> None:
        self.logger = logger
        self.prefix = prefix
        self.levels = {"stdout": stdout_level, "stderr": stderr_level}
        self.parse = parse
        self.keep_ansi = keep_ansi
        self.pathname = command
        self.func = os.path.basename(command) or command

    def line(self, raw: bytes, stream: str, part: int) -> None:
        """Relay one line (or part ``part`` of a long line) of ``stream`` (``stdout`` or ``stderr``)."""
        text = raw.decode("utf-8", "replace")
        if not self.keep_ansi:
            text = strip_ansi(text)
        parsed = parse_line(text) if self.parse and not part else None
        if parsed is None:
            parsed = Parsed(None, text, None, {})
        more: dict[str, Any] = {"prefix": self.prefix, "stream": stream}
        if part:
            more["part"] = part
        record = make_record(
            parsed,
            name=self.prefix,
            default_level=self.levels[stream],
            pathname=self.pathname,
            func=self.func,
            more=more,
        )
        if self.logger.isEnabledFor(record.levelno):
            self.logger.handle(record)

    def note(self, level: int, message: str, **fields: Any) -> None:
        """A record of prefixlog's own (start failure, signal, exit), with the prefix field."""
        self.logger.log(level, message, extra=split_fields({"prefix": self.prefix, **fields}))
