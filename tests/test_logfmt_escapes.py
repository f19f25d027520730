"""``escapes="logfmt"``: quoted values every logfmt parser reads (go-logfmt, Loki's), still one safe line.

``escapes="go"`` (the default) writes logrus's bytes, Go's ``%q``; go-logfmt
rejects its ``\\x1b``, ``\\a``, ``\\v`` and ``\\U0001f600``-style escapes and
with them the whole line.  ``escapes="logfmt"`` writes JSON's string escapes
only, for the same characters.
"""

from __future__ import annotations

import io
import json
import logging
import re
from typing import Any

import pytest

from prefixlog import FieldLogger, PrefixedFormatter, TextFormatter, configure
from prefixlog._escape import json_escape, logfmt_key, logfmt_quote

from helpers import FakeTTY, fresh_logger
from logfmt_reader import read
from oracle_cases import logfmt_check, logfmt_check_available


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("plain", '"plain"'),
        ('say "hi" \\ back', '"say \\"hi\\" \\\\ back"'),
        ("nl\n cr\r tab\t", '"nl\\n cr\\r tab\\t"'),
        ("bell\a bs\b ff\f vt\v nul\x00 esc\x1b", '"bell\\u0007 bs\\u0008 ff\\u000c vt\\u000b nul\\u0000 esc\\u001b"'),
        ("del\x7f c1\x9b nel\x85", '"del\\u007f c1\\u009b nel\\u0085"'),
        ("ls\u2028 ps\u2029 rlo\u202e nbsp\xa0", '"ls\\u2028 ps\\u2029 rlo\\u202e nbsp\\u00a0"'),
        ("tag\U000e0001 pua\U000f0000", '"tag\\udb40\\udc01 pua\\udb80\\udc00"'),  # surrogate pairs
        ("emoji \U0001f600 é", '"emoji \U0001f600 é"'),  # printable: as it is
        ("lone\ud800 byte\udc80", '"lone\\ufffd byte\\ufffd"'),  # no UTF-8: U+FFFD
        ("", '""'),
    ],
)
def test_logfmt_quote(text: str, quoted: str) -> None:
    assert logfmt_quote(text) == quoted
    assert json.loads(quoted) == text.replace("\ud800", "\ufffd").replace("\udc80", "\ufffd")


def test_json_escape_spells_every_character_as_json_does() -> None:
    for code in [*range(0x20), 0x7F, 0x85, 0x2028, 0x10FFFF]:
        ch = chr(code)
        assert json.loads(f'"{json_escape(ch)}"') == ch


def _record(msg: str, **fields: Any) -> logging.LogRecord:
    logger, capture = fresh_logger()
    FieldLogger(logger).warning(msg, extra=fields)
    return capture.record


UVICORN = "Uvicorn running on \x1b[1mhttp://0.0.0.0:8000\x1b[0m (Press CTRL+C to quit)"


def test_text_formatter_logfmt_escapes() -> None:
    formatter = TextFormatter(stream=io.StringIO(), disable_timestamp=True, escapes="logfmt")
    line = formatter.format(_record("Uvicorn running", banner=UVICORN, n=3))
    assert line == (
        'level=warning msg="Uvicorn running" banner="Uvicorn running on \\u001b[1mhttp://0.0.0.0:8000'
        '\\u001b[0m (Press CTRL+C to quit)" n=3'
    )


def test_go_escapes_stay_the_default() -> None:
    line = TextFormatter(stream=io.StringIO(), disable_timestamp=True).format(_record("m", banner="\x1b[1m"))
    assert line == 'level=warning msg=m banner="\\x1b[1m"'


def test_the_terminal_layout_quotes_with_the_same_escapes() -> None:
    line = TextFormatter(stream=FakeTTY(), disable_timestamp=True, escapes="logfmt").format(_record("m", k="a\x07b"))
    assert line == f'\x1b[33mWARN\x1b[0m {"m":<44}  \x1b[33mk\x1b[0m="a\\u0007b"'


def test_prefixed_formatter_logfmt_escapes() -> None:
    formatter = PrefixedFormatter(stream=io.StringIO(), disable_timestamp=True, escapes="logfmt")
    assert formatter.format(_record("a\x1bb", k="\U000e0001")) == 'level=warning msg="a\\u001bb" k="\\udb40\\udc01"'


@pytest.mark.parametrize(
    ("cls", "options", "match"),
    [
        (TextFormatter, {"escapes": "json"}, "escapes must be one of 'go', 'logfmt', not 'json'"),
        (PrefixedFormatter, {"escapes": None}, "escapes must be one of 'go', 'logfmt', not None"),
        (PrefixedFormatter, {"escapes": "logfmt", "quote_character": "'"}, "quote_character must be '\"'"),
    ],
)
def test_bad_escapes_fail_at_construction(cls: Any, options: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        cls(**options)


@pytest.mark.usefixtures("restore_root_logging")
def test_configure_and_the_environment_choose_the_escapes(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    configure("logfmt", stream=out, escapes="logfmt", disable_timestamp=True)
    logging.getLogger("t").warning("a\x07")
    monkeypatch.setenv("PREFIXLOG_ESCAPES", "logfmt")
    configure("prefixed", stream=out, disable_timestamp=True)
    logging.getLogger("t").warning("b\x07")
    configure("json", stream=out, disable_timestamp=True)  # JSON is JSON-escaped whatever the setting
    logging.getLogger("t").warning("c\x07")
    assert out.getvalue().splitlines() == [
        'level=warning msg="a\\u0007"',
        " WARN b\\a",  # prefixed: configure's formatted layout, the message unquoted (terminal escapes)
        '{"level":"warning","msg":"c\\u0007"}',
    ]
    monkeypatch.setenv("PREFIXLOG_ESCAPES", "yaml")
    with pytest.raises(ValueError, match="PREFIXLOG_ESCAPES must be one of 'go', 'logfmt', not 'yaml'"):
        configure("json", stream=out)


# -- real parsers ----------------------------------------------------------------------

HOSTILE = [
    "plain",
    "",
    "two words",
    'quote " and \\ backslash',
    "new\nline\r\nand\ttab",
    "".join(chr(c) for c in range(0x20)),
    "del\x7f c1\x80\x9b\x9f nel\x85",
    "\u2028\u2029\u202e\u2066\u061c\u200e",
    "\x1b[2J\x1b]0;title\x07",
    UVICORN,
    "astral \U0001f600 tag \U000e0001 private \U000f0000",
    'time="forged" level=error msg=x',
    "é ü ß 中文 العربية",
]


def _hostile_records() -> list[tuple[str, dict[str, str]]]:
    records = []
    for i, text in enumerate(HOSTILE):
        records.append((text, {"k": text}))
        records.append(("m", {f"key{i}": text, "other": HOSTILE[(i + 1) % len(HOSTILE)]}))
    records.append(("m", {text: "v" for text in ("k=v", "has space", 'say"hi', "rtl\u202e", "tab\tkey")}))
    return records


@pytest.mark.parametrize(
    "make",
    [
        lambda: TextFormatter(stream=io.StringIO(), disable_timestamp=True, escapes="logfmt"),
        lambda: PrefixedFormatter(stream=io.StringIO(), disable_timestamp=True, escapes="logfmt"),
    ],
)
def test_go_logfmt_reads_every_hostile_line_back_exactly(make: Any) -> None:
    why = logfmt_check_available()
    if why is not None:
        pytest.skip(f"go-logfmt round trip not run: {why}")
    formatter = make()
    records = _hostile_records()
    lines = [formatter.format(_record(msg, **fields)) for msg, fields in records]
    results = logfmt_check(lines)
    assert len(results) == len(lines)  # no line skipped
    for (msg, fields), line, result in zip(records, lines, results, strict=True):
        assert "\n" not in line
        assert "pairs" in result["logfmt"], (line, result)
        expected = [
            ("level", "warning"),
            *([("msg", msg)] if msg else []),
            *((logfmt_key(k), v) for k, v in sorted(fields.items())),
        ]
        assert [tuple(pair) for pair in result["logfmt"]["pairs"]] == expected, line
        if not re.search(r"\\ud[89ab]", line):  # Go's strconv.Unquote reads all but surrogate pairs
            assert [tuple(pair) for pair in result["goquote"]["pairs"]] == expected, line
            assert read(line) == expected


def test_go_escapes_are_what_go_logfmt_rejects() -> None:
    """The reason for the option: logrus's own bytes for the uvicorn line don't read in Loki."""
    why = logfmt_check_available()
    if why is not None:
        pytest.skip(f"go-logfmt round trip not run: {why}")
    line = TextFormatter(stream=io.StringIO(), disable_timestamp=True).format(_record("m", banner=UVICORN))
    (result,) = logfmt_check([line])
    assert "invalid quoted value" in result["logfmt"]["error"]
