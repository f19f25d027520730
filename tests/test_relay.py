"""Lines to records (prefixlog._relay): splitting a stream's bytes, and the records made of them."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from prefixlog import _parse
from prefixlog._relay import Lines, Relay, strip_ansi

from helpers import Capture


@pytest.mark.parametrize(
    ("limit", "chunks", "expected"),
    [
        (0, [b"a\nb", b"c\r\n", b"\r\n"], [(b"a", 0), (b"bc", 0), (b"", 0)]),
        (3, [b"abc\n"], [(b"abc", 0)]),  # exactly the limit: one line
        (3, [b"abcd\n"], [(b"abc", 1), (b"d", 2)]),
        (3, [b"ab", b"cdefg", b"h\n"], [(b"abc", 1), (b"def", 2), (b"gh", 3)]),
        (3, [b"abcdef\nx\n"], [(b"abc", 1), (b"def", 2), (b"x", 0)]),  # the next line starts afresh
        (1, ["é\n".encode()], [(b"\xc3", 1), (b"\xa9", 2)]),  # no room to keep the character whole
        (4, [b"a\r"], []),
    ],
)
def test_lines_splitter(limit: int, chunks: list[bytes], expected: list[tuple[bytes, int]]) -> None:
    lines = Lines(limit)
    got = [item for chunk in chunks for item in lines.feed(chunk)]
    assert got == expected


@pytest.mark.parametrize("char", ["a", "é", "€", "😀"])
@pytest.mark.parametrize("limit", range(4, 13))
@pytest.mark.parametrize("chunk", [1, 3, 64])
def test_parts_never_cut_a_character(char: str, limit: int, chunk: int) -> None:
    data = (char * 20 + "\n").encode()
    lines = Lines(limit)
    got = [item for i in range(0, len(data), chunk) for item in lines.feed(data[i : i + chunk])]
    per_part = limit // len(char.encode())  # whole characters that fit
    parts = [char * per_part] * (20 // per_part) + ([char * (20 % per_part)] if 20 % per_part else [])
    assert got == [(part.encode(), i) for i, part in enumerate(parts, 1)]


def test_lines_splitter_finish() -> None:
    lines = Lines(2)
    assert lines.feed(b"abcde") == [(b"ab", 1), (b"cd", 2)]
    assert lines.finish() == [(b"e", 3)]
    assert lines.finish() == []
    assert lines.feed(b"x\r") == []
    assert lines.finish() == [(b"x\r", 0)]  # a partial line is kept as it came


def test_relayed_records_name_the_command_as_their_caller() -> None:
    logger = logging.Logger("prefixlog.run", level=1)
    capture = Capture()
    logger.addHandler(capture)
    relay = Relay(logger, "/usr/bin/aws", "s3")
    relay.line(b"copied", "stdout", 0)
    relay.line(b'{"level":"error","msg":"denied"}', "stderr", 0)
    first, second = capture.records
    for record in capture.records:
        assert (record.name, record.pathname, record.funcName, record.lineno) == ("s3", "/usr/bin/aws", "aws", 0)
    assert (first.levelno, first.getMessage(), first.__dict__["stream"]) == (20, "copied", "stdout")
    assert (second.levelno, second.getMessage(), second.__dict__["stream"]) == (40, "denied", "stderr")


def relayed(relay_args: dict[str, Any], *lines: tuple[bytes, str, int]) -> list[logging.LogRecord]:
    logger = logging.Logger("prefixlog.run", level=logging.INFO)
    capture = Capture()
    logger.addHandler(capture)
    relay = Relay(logger, "job", "job", **relay_args)
    for raw, stream, part in lines:
        relay.line(raw, stream, part)
    return capture.records


def test_levels_parts_and_parsing() -> None:
    records = relayed(
        {"stdout_level": logging.DEBUG, "stderr_level": logging.ERROR},
        (b"hidden: debug is below the logger's info", "stdout", 0),
        (b"err", "stderr", 0),
        (b"level=info msg=long", "stderr", 2),  # a part of a long line is never parsed
        (b"level=warning msg=own prefix=mine", "stdout", 0),
    )
    got = [(r.levelno, r.getMessage(), getattr(r, "part", None), getattr(r, "prefix", None)) for r in records]
    assert got == [
        (logging.ERROR, "err", None, "job"),
        (logging.ERROR, "level=info msg=long", 2, "job"),
        (logging.WARNING, "own", None, "mine"),  # the line's own prefix wins
    ]


def test_no_parse_wraps_records_too() -> None:
    (record,) = relayed({"parse": False}, (b"level=error msg=x", "stderr", 0))
    assert (record.levelno, record.getMessage()) == (logging.WARNING, "level=error msg=x")


def test_a_line_the_reader_fails_on_is_relayed_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: object) -> None:
        raise RuntimeError("a bug in the reader")

    monkeypatch.setattr(_parse, "from_mapping", broken)
    (record,) = relayed({}, (b'{"level":"error","msg":"x"}', "stdout", 0))
    assert (record.levelno, record.getMessage()) == (logging.INFO, '{"level":"error","msg":"x"}')


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31mred\x1b[0m", "red"),  # SGR
        ("\x1b[1;38;5;208mbold orange\x1b[m", "bold orange"),
        ("50%\x1b[2K\x1b[1G\x1b[?25l done\x1b[?25h", "50% done"),  # erase, cursor column, cursor hidden/shown
        ("\x1b]0;my title\x07text", "text"),  # OSC ended by BEL
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "link"),  # OSC 8 hyperlink, ended by ESC \
        ("\x1b7saved\x1b8 \x1bc\x1b(Bcharset", "saved charset"),  # two-byte and nF sequences
        ("\x1b]0;no end", ""),  # an OSC the line ends in
        ("a\x1b[12", "a\x1b[12"),  # a CSI the line cuts: the ESC stays (and is escaped when written)
        ("end\x1b", "end\x1b"),
        ("\x1b\x1b[0mx", "\x1bx"),  # an ESC that starts nothing, before one that does
        ("plain \\x1b text", "plain \\x1b text"),
    ],
)
def test_strip_ansi(text: str, expected: str) -> None:
    assert strip_ansi(text) == expected


def test_escape_sequences_are_removed_unless_kept() -> None:
    line = (b"\x1b[33mWARNING\x1b[0m:app:\x1b[1mbold\x1b[0m", "stdout", 0)
    (stripped,) = relayed({}, line)
    (kept,) = relayed({"keep_ansi": True}, line)
    assert (stripped.levelno, stripped.getMessage(), stripped.__dict__["logger"]) == (logging.WARNING, "bold", "app")
    assert (kept.levelno, kept.getMessage()) == (logging.INFO, "\x1b[33mWARNING\x1b[0m:app:\x1b[1mbold\x1b[0m")


def test_heads_set_the_level_and_the_stream_levels_the_rest() -> None:
    records = relayed(
        {"stdout_level": logging.ERROR, "stderr_level": logging.ERROR},
        (b"INFO:root:all good", "stderr", 0),
        (b"INFO:     Started server process [7]", "stderr", 0),
        (b"W1201 13:20:19.123456   12345 file.go:28] low disk", "stdout", 0),
        (b"no head", "stderr", 0),
        (b"INFO:root:a part is never read", "stderr", 1),
    )
    got = [(r.levelno, r.getMessage(), r.__dict__.get("logger"), r.__dict__.get("caller")) for r in records]
    assert got == [
        (logging.INFO, "all good", "root", None),
        (logging.INFO, "Started server process [7]", None, None),
        (logging.WARNING, "low disk", None, "file.go:28"),
        (logging.ERROR, "no head", None, None),
        (logging.ERROR, "INFO:root:a part is never read", None, None),
    ]
