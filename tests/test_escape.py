"""Escaping and quoting (prefixlog._escape): Go's %q, the safety rules, the fast paths agreeing with the slow ones."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prefixlog import _escape
from prefixlog._escape import (
    _LINE_UNSAFE,
    _TERMINAL_UNSAFE,
    escape_rune,
    go_quote,
    is_printable,
    line_escape,
    logfmt_key,
    terminal_escape,
)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("", '""'),
        ("plain", '"plain"'),
        ('say "hi"', r'"say \"hi\""'),
        ("back\\slash", r'"back\\slash"'),
        ("\a\b\f\n\r\t\v", r'"\a\b\f\n\r\t\v"'),
        ("\x00\x1b\x7f", r'"\x00\x1b\x7f"'),
        ("\x85\xa0\u200b\u2028", r'"\u0085\u00a0\u200b\u2028"'),
        ("\U000e0001", r'"\U000e0001"'),
        ("日志 é 🎉 'single'", "\"日志 é 🎉 'single'\""),
        ("\udc80\udcff", r'"\x80\xff"'),  # surrogateescape'd bytes, as Go prints raw bytes
        ("\ud800", r'"\ufffd"'),  # any other lone surrogate: Go's invalid rune
    ],
)
def test_go_quote(text: str, quoted: str) -> None:
    assert go_quote(text) == quoted


def test_go_quote_with_another_quote_character() -> None:
    assert go_quote('it\'s "x"', "'") == "'it\\'s \"x\"'"


@given(st.text(st.sampled_from([*'ab \t\x00\x1b\x7f\x85é日\u2028\u202e"\\']), max_size=40), st.integers(1, 20))
def test_long_text_shortcuts_agree_with_the_character_tests(text: str, times: int) -> None:
    """Long ASCII text takes a quicker path in these functions; it must give the same result."""
    long = text * times
    assert is_printable(long) == long.isprintable()
    assert terminal_escape(long) == _TERMINAL_UNSAFE.sub(lambda m: escape_rune(m.group()), long)
    assert line_escape(long) == _LINE_UNSAFE.sub(lambda m: escape_rune(m.group()), long)


def _quote_by_character(text: str, quote: str = '"') -> str:
    """Go's ``%q``, one character at a time: the definition the fast paths must agree with."""
    inner = "".join(("\\" + ch if ch in ("\\", quote) else ch) if ch.isprintable() else escape_rune(ch) for ch in text)
    return quote + inner + quote


_PIECES = ["a", "é", "\x1b", "\t", '"', "'", "\\", "=", " ", "\u202e", "\u2028", "\x85", "\ue000", "\U000e0001",
           "\U0001f600", "\udc80", "\ud800", "\x7f", "\xa0"]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40), st.integers(1, 9000))
def test_sliced_escaping_agrees_with_escaping_by_character(pieces: list[str], times: int) -> None:
    """Text long enough to be escaped in slices (64 Ki characters) and short text give the same escapes."""
    text = "".join(pieces) * times
    assert go_quote(text) == _quote_by_character(text)
    assert go_quote(text, "'") == _quote_by_character(text, "'")
    terminal = set("\x1b\u202e\u2028\x85\udc80\ud800\x7f")  # a set literal: ruff takes two surrogates for one
    assert terminal_escape(text) == "".join(escape_rune(ch) if ch in terminal else ch for ch in text)
    line = set("\x1b\t\u2028\x85\udc80\ud800\x7f")
    assert line_escape(text) == "".join(escape_rune(ch) if ch in line else ch for ch in text)
    key = {**{ch: escape_rune(ch) for ch in terminal | line}, " ": "\\x20", '"': "\\x22", "=": "\\x3d", "\\": "\\\\"}
    assert logfmt_key(text) == "".join(key.get(ch, ch) for ch in text)


def test_each_escape_table_maps_exactly_what_its_pattern_matches() -> None:
    for pattern, table in (
        (_escape._TERMINAL_UNSAFE, _escape._TERMINAL_TABLE),
        (_escape._LINE_UNSAFE, _escape._LINE_TABLE),
        (_escape._KEY_UNSAFE, _escape._KEY_TABLE),
    ):
        assert {c for c in range(0x10000) if pattern.match(chr(c))} == set(table), pattern.pattern
        assert not any(pattern.match(chr(c)) for c in range(0x10000, 0x110000, 97)), pattern.pattern
