"""``prefixlog pretty``: logfmt and JSON log lines back in the readable, coloured layout.

Each line that holds a record (see :mod:`prefixlog._parse`) is written again
by ``TextFormatter`` or ``PrefixedFormatter`` in their readable layout, with
the record's own time, level, message and fields.  Any other line passes
through: byte for byte into a pipe or a file, with its control characters
escaped on a terminal (``--escape``), so a pod's output can't retitle,
clear or rewrite the reader's terminal.  Input is read as it comes (what
the input has, at most 64 KiB at a time) and the output of those lines
written and flushed before waiting for more, so ``kubectl logs -f ... |
prefixlog pretty`` shows each line as it comes.  The common record is
written by :class:`FastLine`, the text layout's own parts without a
``LogRecord`` (a JSON line's object goes to it straight, by
:class:`FastJson`); every other goes through ``make_record`` and
``format()``, which write the same.  A line longer than ``--max-line`` is never parsed: it passes
through in chunks of that size, so memory is bounded by the limit, not by
the line.  A ``kubectl logs --prefix`` bracket becomes the record's
``prefix`` and a ``--timestamps`` time its time, ``--where`` keeps the records that match
(:mod:`prefixlog._containers`) and ``--follow`` reads files as they grow
(:mod:`prefixlog._follow`).
"""

from __future__ import annotations

import codecs
import io
import logging
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Final, Optional, cast

from ._config import make_formatter
from ._containers import Where, add_kubectl, split_kubectl
from ._escape import terminal_escape
from ._fastline import FastJson, FastLine
from ._follow import Followed, follow
from ._parse import json_object, make_record, parse_line, parse_scanned
from ._registry import FORMATS
from ._relay import DEFAULT_MAX_LINE
from ._terminal import is_terminal
from ._time import RFC3339

#: ``--color`` values.
COLORS: Final = ("auto", "always", "never")
#: ``--escape`` values (``auto``: escape when the output is a terminal).
ESCAPES: Final = ("auto", "always", "never")
#: The time shown by default (time of day) and with ``--full-timestamp`` (logrus's default, RFC 3339).
SHORT_TIME: Final = "15:04:05"
FULL_TIME: Final = RFC3339
#: Bytes read at once when the output is closed and the input is only read to its end.
CHUNK: Final = 65536

#: What :func:`read_lines` yields with each piece: a whole line, a chunk of a long line, its last chunk.
WHOLE: Final = 0
PART: Final = 1
LAST: Final = 2


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
    max_line: int = DEFAULT_MAX_LINE
    escape: str = "auto"
    follow: bool = False
    where: tuple[tuple[str, str], ...] = ()


def _split_end(raw: bytes) -> tuple[bytes, bytes]:
    """A line and its end (``\\n``, ``\\r\\n`` or nothing)."""
    if raw.endswith(b"\r\n"):
        return raw[:-2], b"\r\n"
    if raw.endswith(b"\n"):
        return raw[:-1], b"\n"
    return raw, b""


class Pretty:
    """Rewrites one line at a time; ``terminal`` is the output: its TTY-ness decides colour and escaping (auto)."""

    def __init__(self, options: Options, terminal: IO[Any]) -> None:
        self.options = options
        layout = options.timestamp_format or (FULL_TIME if options.full_timestamp else SHORT_TIME)
        common: dict[str, Any] = {"fields": {}}  # the records' own fields: not PREFIXLOG_FIELDS
        timed: dict[str, Any] = {"full_timestamp": True, "timestamp_format": layout}
        if FORMATS[options.layout].source == "_zerolog.ZerologFormatter":  # ConsoleWriter's own option names
            if options.color != "auto":
                common["no_color"] = options.color == "never"
            timed = {"time_format": options.timestamp_format or (FULL_TIME if options.full_timestamp else "")}
        elif options.color == "always":
            common["force_colors"] = True
        elif options.color == "never":
            common["disable_colors"] = True
        self.timed = make_formatter(options.layout, terminal, **timed, **common)
        self.untimed = make_formatter(options.layout, terminal, disable_timestamp=True, **common)
        self.escape = options.escape == "always" or (options.escape == "auto" and is_terminal(terminal))
        self._fast_timed = FastLine.of(self.timed)
        self._fast_untimed = FastLine.of(self.untimed)
        self._fast_json = (
            None
            if options.where or (self._fast_timed is None and self._fast_untimed is None)
            else FastJson(self._fast_timed, self._fast_untimed, options.level, options.fields)
        )
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")  # for a long line's chunks
        self._held = b""  # a chunk's last \r, until the next chunk shows whether \n follows
        self.where = Where(options.where)

    def line(self, raw: bytes) -> Optional[bytes]:
        """What to write for one input line: the record again, the line itself, or ``None`` (filtered out)."""
        if raw[:1] == b"{":  # a JSON line: no kubectl head before it
            prefix = created = None
            line = raw.decode("utf-8", "replace")  # its end too: stripped
            quick = self._fast_json
            if quick is None:
                parsed = parse_line(line)
            else:
                try:
                    data, nested = json_object(line.strip())
                    text = None if data is None or nested else quick.write(data)
                except Exception:  # parse_line's safety net: no record, the line passes
                    parsed = None
                else:
                    if text is not None:  # "": left out by its level
                        return (text + "\n").encode("utf-8", "replace") if text else None
                    parsed = parse_scanned(line, data, nested)  # the whole way, without reading the JSON again
        else:
            body = _split_end(raw)[0]
            if body.endswith(b"\r"):
                body = body[:-1]
            prefix, created, body = split_kubectl(body)  # kubectl logs --prefix --timestamps
            parsed = parse_line(body.decode("utf-8", "replace"))
        if parsed is None:
            return None if self.where else self.text(raw)
        if prefix is not None or created is not None:
            add_kubectl(parsed, prefix, created)
        if (logging.INFO if parsed.level is None else parsed.level) < self.options.level:
            return None  # a record without a level is shown at info
        if self.where and not self.where.keeps(parsed):
            return None
        keep = self.options.fields
        if keep is not None:
            parsed.fields = {k: v for k, v in parsed.fields.items() if k in keep}
        if parsed.created is None:
            fast, formatter = self._fast_untimed, self.untimed
        else:
            fast, formatter = self._fast_timed, self.timed
        text = None if fast is None else fast.write(parsed)
        if text is None:
            text = formatter.format(make_record(parsed, name="prefixlog.pretty"))
        return (text + "\n").encode("utf-8", "replace")

    def text(self, raw: bytes) -> bytes:
        """A line that holds no record, as it is written: unchanged, or escaped (its line end kept)."""
        if not self.escape:
            return raw
        body, end = _split_end(raw)
        return terminal_escape(body.decode("utf-8", "replace")).encode("utf-8") + end

    def chunk(self, raw: bytes, last: bool) -> bytes:
        """A chunk of a line longer than ``max_line``, passed through unread: unchanged, or escaped.

        Escaping decodes the chunks as one text (a character cut between
        two chunks stays whole) and keeps the line's end, as :meth:`text` does.
        """
        if not self.escape:
            return raw
        data, self._held = self._held + raw, b""
        end = b""
        if last:
            data, end = _split_end(data)
        elif data.endswith(b"\r"):
            data, self._held = data[:-1], b"\r"
        return terminal_escape(self._decoder.decode(data, final=last)).encode("utf-8") + end

    def read(self, source: IO[bytes]) -> Iterator[bytes]:
        """What to write for the lines of ``source``: one piece for the lines of each read.

        A read takes what the input has (up to :data:`CHUNK` bytes, waiting
        only when it has nothing), so each piece is written and flushed
        before the next wait: a line is shown as soon as it is read.
        """
        line, item = self.line, self.item
        for batch in read_batches(source, self.options.max_line):
            out = [line(raw) if kind == WHOLE else item(raw, kind) for raw, kind in batch]
            data = (
                out[0] if len(out) == 1 else b"".join(piece for piece in out if piece)
            )  # a long line's chunk: no copy
            if data:
                yield data

    def item(self, raw: bytes, kind: int) -> Optional[bytes]:
        """What to write for one item of :func:`read_lines`: a whole line or a chunk of a long one."""
        if kind == WHOLE:
            return self.line(raw)
        return None if self.where else self.chunk(raw, kind == LAST)


def read_lines(source: IO[bytes], max_line: int) -> Iterator[tuple[bytes, int]]:
    """The lines of ``source`` with their ends, each as it is complete: ``(line, WHOLE)``.

    A line longer than ``max_line`` bytes (0: no limit; its newline not
    counted) comes as chunks of ``max_line + 1`` bytes, ``(chunk, PART)``
    then ``(chunk, LAST)`` (empty when the input ended right after a full
    chunk): no more than that is ever held (besides one read, :data:`CHUNK`).
    """
    for batch in read_batches(source, max_line):
        yield from batch


def read_batches(source: IO[bytes], max_line: int) -> Iterator[list[tuple[bytes, int]]]:
    """The pieces of :func:`read_lines`, a list for each read of ``source`` (which waits only for the first byte)."""
    read = getattr(source, "read1", None) or source.read
    splitter = _Splitter(max_line + 1 if max_line else 0)
    while True:
        data = read(CHUNK)
        if not data:
            rest = splitter.end()
            if rest:
                yield rest
            return
        batch = splitter.feed(data)
        if batch:
            yield batch


class _Splitter:
    """Cuts the bytes read into lines, and a line longer than ``size - 1`` bytes into chunks of ``size``."""

    def __init__(self, size: int) -> None:
        self.size = size  # 0: no limit
        self.held = b""  # the start of a line whose end has not been read
        self.long = False  # in a long line: its next piece is a chunk

    def feed(self, data: bytes) -> list[tuple[bytes, int]]:
        lines = (self.held + data).split(b"\n") if self.held else data.split(b"\n")
        held = lines.pop()
        size = self.size
        if not size:
            out = [(line + b"\n", WHOLE) for line in lines]
        else:
            out = []
            for line in lines:
                if self.long or len(line) >= size:
                    self._chunks(line + b"\n", out, ended=True)
                else:
                    out.append((line + b"\n", WHOLE))
            if len(held) >= size:  # as much as a chunk: out at once, the line need not end to be shown
                held = self._chunks(held, out, ended=False)
        self.held = held
        return out

    def _chunks(self, line: bytes, out: list[tuple[bytes, int]], ended: bool) -> bytes:
        """Chunks of ``line`` into ``out``; its end too if ``ended``, else the rest (under a chunk) to hold."""
        size = self.size
        start = 0
        while len(line) - start > size:
            out.append((line[start : start + size], PART))
            self.long = True
            start += size
        rest = line[start:]
        if not ended:
            if len(rest) == size:
                out.append((rest, PART))
                self.long = True
                return b""
            return rest
        out.append((rest, LAST if self.long else WHOLE))
        self.long = False
        return b""

    def end(self) -> list[tuple[bytes, int]]:
        """What is left when the input has ended: the last line without a newline, or a long line's end."""
        held, self.held = self.held, b""
        if self.long:
            self.long = False
            return [(held, LAST)]
        return [(held, WHOLE)] if held else []


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

    ``stdin`` and ``stdout`` default to ``sys.stdin`` and ``sys.stdout``.  A
    standard stream that was closed when prefixlog started (Python's
    ``None``) is an empty input, or an output that takes nothing: the input
    is still read to its end, and nothing is written anywhere else.  A
    reader that goes away raises ``BrokenPipeError`` (the command line ends
    quietly).
    """
    if stdin is None:
        stdin = io.BytesIO() if sys.stdin is None else sys.stdin.buffer
    out = stdout
    if out is None and sys.stdout is not None:
        out = sys.stdout.buffer
    errors: list[str] = []
    if pretty.options.follow:
        return _run_following(pretty, stdin, out, errors)
    failed = False
    for source in _sources(pretty.options.files, stdin, errors):
        failed = _report(errors) or failed
        if out is None:
            while source.read(CHUNK):
                pass
            continue
        for text in pretty.read(source):
            out.write(text)
            out.flush()
    failed = _report(errors) or failed
    return 1 if failed else 0


def _run_following(pretty: Pretty, stdin: IO[bytes], out: Optional[IO[bytes]], errors: list[str]) -> int:
    """``--follow``: every file read as it grows (:mod:`prefixlog._follow`), stdin to its end; runs until stopped."""
    sources: list[IO[bytes]] = []
    for name in pretty.options.files or ("-",):
        if name == "-":
            sources.append(stdin)
            continue
        try:
            sources.append(cast(IO[bytes], Followed(name, open(name, "rb"))))  # noqa: SIM115 - read until the end
        except OSError as error:
            errors.append(f"prefixlog pretty: {name}: {error.strerror or error}")
    failed = _report(errors)
    for _, (raw, kind) in follow(sources, lambda source: read_lines(source, pretty.options.max_line)):
        text = pretty.item(raw, kind)
        if text and out is not None:
            out.write(text)
            out.flush()
    return 1 if failed else 0


def _report(errors: list[str]) -> bool:
    """Write (and forget) the errors so far, in order with the output; whether there were any.

    Where stderr was closed or has gone, the errors are dropped (the exit code still says so).
    """
    had = bool(errors)
    stderr = sys.stderr
    if stderr is not None:
        try:
            for error in errors:
                stderr.write(error + "\n")
            stderr.flush()
        except OSError:
            pass
    errors.clear()
    return had
