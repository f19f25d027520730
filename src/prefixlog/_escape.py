"""Escaping and quoting text, for every layout: Go's ``%q``, JSON's escapes, the safety rules.

What a terminal must not get raw (:func:`terminal_escape`), what a logfmt
line must not hold (:func:`line_escape`, :func:`logfmt_key`), and quoting a
value as logrus does (:func:`go_quote`, Go's ``%q``) or as logfmt parsers
read it (:func:`logfmt_quote`, JSON's string escapes).  Time and memory are
linear in the text, with small constants, whatever it holds: translation
tables do the work at C speed, a slice at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Final, Optional

# logrus TextFormatter.needsQuoting: anything outside [A-Za-z0-9-._/@^+] quotes.
needs_quoting_logrus: Final[Callable[[str], object]] = re.compile(r"[^A-Za-z0-9\-._/@^+]").search
# x-cray's needsQuoting: anything outside [A-Za-z0-9.-] quotes.
needs_quoting_xcray: Final[Callable[[str], object]] = re.compile(r"[^A-Za-z0-9.\-]").search

_SIMPLE_ESCAPES: Final = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def escape_rune(ch: str) -> str:
    """Go's ``%q`` escape of one non-printable character.

    ``\\a \\b \\f \\n \\r \\t \\v`` by name, other ASCII controls as ``\\xNN``,
    the rest as ``\\uXXXX``/``\\UXXXXXXXX``.  A lone surrogate can't be UTF-8:
    U+DC80–U+DCFF (how ``surrogateescape`` carries an undecodable byte) become
    that byte's ``\\xNN``, as Go prints a raw byte; other surrogates become
    ``\\ufffd``, as Go prints an invalid rune.
    """
    simple = _SIMPLE_ESCAPES.get(ch)
    if simple is not None:
        return simple
    code = ord(ch)
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return f"\\x{code - 0xDC00:02x}" if code >= 0xDC80 else "\\ufffd"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


#: Long text is escaped a slice of this many characters at a time.
_SLICE: Final = 1 << 16


def _slices(text: str) -> Iterator[str]:
    return (text[i : i + _SLICE] for i in range(0, len(text), _SLICE))


def translate_sliced(pattern: re.Pattern[str], table: Mapping[int, str], text: str) -> str:
    """``text.translate(table)``, where ``pattern`` matches one character that ``table`` maps.

    ``str.translate`` costs a dictionary lookup per character; a regex search
    that finds nothing is many times faster.  Long text is therefore handled
    a slice at a time: a slice without a match is kept as it is, the others
    are translated.  Both steps run at C speed, and memory stays within a
    small multiple of the result whatever the text holds.
    """
    if len(text) <= _SLICE:
        return text.translate(table)
    search = pattern.search
    return "".join([piece if search(piece) is None else piece.translate(table) for piece in _slices(text)])


def sub_sliced(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str) -> str:
    """``pattern.sub(repl, text)`` for a one-character pattern, a slice at a time.

    For patterns too wide for a translation table.  ``re.sub`` keeps every
    piece of its result until it joins them; slices bound that list.  The
    result is the same: a one-character pattern can't match across slices.
    """
    if len(text) <= _SLICE:
        return pattern.sub(repl, text)
    return "".join([pattern.sub(repl, piece) for piece in _slices(text)])


# Characters a terminal layout must never write raw: C0 controls but TAB, DEL,
# C1 controls, U+2028/U+2029, the bidirectional controls, and lone surrogates
# (which can't be encoded as UTF-8).
_TERMINAL_UNSAFE: Final = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
# Characters that must never appear raw in a logfmt line: every control
# character (TAB too), U+2028/U+2029, and lone surrogates.
_LINE_UNSAFE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# ... and in a logfmt key, also the space, '"' and '=' that end or split a key,
# the backslash (so that a made-safe key never spells another key), and the
# bidirectional controls (which would reorder the line on a terminal).
_KEY_UNSAFE: Final = re.compile('[\x00-\x20"=\\\\\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]')

# The translation tables of the patterns above: each maps exactly the
# characters its pattern matches (tests check it) to their Go escape.
_CONTROLS: Final = (*range(0x20), *range(0x7F, 0xA0))
_BIDI: Final = (0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_ESCAPED: Final = {c: escape_rune(chr(c)) for c in (*_CONTROLS, *_BIDI, 0x2028, 0x2029)}
# Surrogates, in bulk: U+DC80-U+DCFF carry an undecodable byte (its \xNN), the rest is \ufffd.
_ESCAPED.update(dict.fromkeys(range(0xD800, 0xDC80), "\\ufffd"))
_ESCAPED.update({c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xE000)})


def _table(codes: Iterable[int], special: Optional[Mapping[int, str]] = None) -> dict[int, str]:
    table = {c: _ESCAPED[c] for c in codes}
    table.update(special or {})
    return table


_LINE_CODES: Final = (*_CONTROLS, 0x2028, 0x2029, *range(0xD800, 0xE000))
_TERMINAL_TABLE: Final = _table(c for c in (*_LINE_CODES, *_BIDI) if c != 0x09)
_LINE_TABLE: Final = _table(_LINE_CODES)
_KEY_TABLE: Final = _table((*_LINE_CODES, *_BIDI), {0x20: "\\x20", 0x22: "\\x22", 0x3D: "\\x3d", 0x5C: "\\\\"})


#: What an empty logfmt key is written as (``=value`` is not logfmt).
EMPTY_KEY: Final = "_"


# ASCII controls: for long ASCII text, deleting them from its bytes and comparing
# lengths is several times faster than a per-character test (str.isprintable, re).
_ASCII_CONTROLS: Final = bytes(range(0x20)) + b"\x7f"
_LONG: Final = 128


def _clean_ascii(text: str, keep_tab: bool = False) -> bool:
    """Whether long ASCII ``text`` has no control character (TAB allowed with ``keep_tab``).

    A slice at a time, so that the bytes made for the test stay small.
    """
    controls = _ASCII_CONTROLS_NO_TAB if keep_tab else _ASCII_CONTROLS
    for piece in _slices(text) if len(text) > _SLICE else (text,):
        data = piece.encode("ascii")
        if len(data.translate(None, controls)) != len(data):
            return False
    return True


_ASCII_CONTROLS_NO_TAB: Final = _ASCII_CONTROLS.replace(b"\t", b"")


def is_printable(text: str) -> bool:
    """``str.isprintable()`` (Go's ``unicode.IsPrint`` for every rune), quicker on long ASCII text."""
    if len(text) > _LONG and text.isascii():
        return _clean_ascii(text)
    return text.isprintable()


def terminal_escape(text: str) -> str:
    """``text`` with every character a terminal must not get raw written as Go's ``%q`` escapes it.

    Used for messages, keys and unquoted values in the colored layouts: no
    escape sequence, carriage return or bidi override reaches the reader's
    terminal.  TAB and every printable character stay as they are.
    """
    if len(text) <= _LONG:
        if text.isprintable():  # short: quicker than the search below
            return text
    elif text.isascii() and _clean_ascii(text, keep_tab=True):
        return text
    if _TERMINAL_UNSAFE.search(text) is None:
        return text
    return translate_sliced(_TERMINAL_UNSAFE, _TERMINAL_TABLE, text)


def line_escape(text: str) -> str:
    """``text`` with control characters, U+2028/U+2029 and surrogates escaped, for unquoted logfmt values."""
    if len(text) <= _LONG:
        if text.isprintable():  # short: quicker than the search below
            return text
    elif text.isascii() and _clean_ascii(text):
        return text
    if _LINE_UNSAFE.search(text) is None:
        return text
    return translate_sliced(_LINE_UNSAFE, _LINE_TABLE, text)


def logfmt_key(key: str) -> str:
    """A key a logfmt parser reads back as one key.

    logrus writes keys raw, so ``k=v``, ``has space`` or a newline would split
    or forge pairs.  Ordinary keys (non-ASCII letters too) stay as they are;
    in others, space, ``"`` and ``=`` become ``\\x20``, ``\\x22``, ``\\x3d`` and
    control characters their Go ``%q`` escape.  The empty key becomes ``_``.
    """
    if not key:
        return EMPTY_KEY
    if _KEY_UNSAFE.search(key) is None:
        return key
    return translate_sliced(_KEY_UNSAFE, _KEY_TABLE, key)


def logfmt_key_prefix(key: str) -> str:
    """``key=`` for a logfmt pair, the key made safe (:func:`logfmt_key`)."""
    return logfmt_key(key) + "="


def go_quote(text: str, quote: str = '"') -> str:
    """``strconv.Quote``: the text between double quotes, escaped as Go's ``%q``.

    ``quote`` changes the quote character (x-cray's ``QuoteCharacter``); that
    character and the backslash are then the ones escaped.  Time and memory
    are linear in the text, with small constants: a ``str.translate`` table
    (made on first use) escapes every character of the Basic Multilingual
    Plane, a slice at a time; the rare non-printable characters beyond it
    are found by halving the text until ``str.isprintable`` clears each part.
    """
    if text.isprintable() if len(text) <= _LONG else is_printable(text):  # the common case, inline
        if "\\" in text:
            text = text.replace("\\", "\\\\")
        if quote in text:
            text = text.replace(quote, "\\" + quote)
        return f"{quote}{text}{quote}"
    return _quote_unprintable(text, quote, _escape_table(GO, quote), escape_rune)


def logfmt_quote(text: str) -> str:
    """A quoted logfmt value with JSON's string escapes only, which go-logfmt (Loki's parser) reads.

    The same characters as :func:`go_quote` are escaped (so the value is
    still one line with no raw control character), spelled ``\\"`` ``\\\\``
    ``\\n`` ``\\r`` ``\\t`` or ``\\uXXXX`` (a surrogate pair above U+FFFF; a
    lone surrogate is ``\\ufffd``).  Go's ``strconv.Unquote`` reads it too,
    except the surrogate pairs.
    """
    if text.isprintable() if len(text) <= _LONG else is_printable(text):
        if "\\" in text:
            text = text.replace("\\", "\\\\")
        if '"' in text:
            text = text.replace('"', '\\"')
        return f'"{text}"'
    return _quote_unprintable(text, '"', _escape_table(LOGFMT, '"'), json_escape)


#: The two ways of spelling escapes in quoted values: Go's ``%q`` and JSON's (for logfmt parsers).
GO: Final = "go"
LOGFMT: Final = "logfmt"

_JSON_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def json_escape(ch: str) -> str:
    """One character as a JSON string escape: ``\\n`` ``\\r`` ``\\t`` ``\\"`` ``\\\\`` by name, else ``\\uXXXX``.

    Above U+FFFF a surrogate pair; a lone surrogate (no UTF-8 for it) is ``\\ufffd``.
    """
    named = _JSON_NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return "\\ufffd"
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _quote_unprintable(text: str, quote: str, table: dict[int, str], escape: Callable[[str], str]) -> str:
    """The slow path of the quoting functions: text with at least one character to escape."""
    if len(text) <= _SLICE:
        text = text.translate(table)
    else:
        text = "".join(
            [
                piece.translate(table) if not piece.isprintable() else _quote_printable(piece, quote)
                for piece in _slices(text)
            ]
        )
    if text.isprintable():
        return f"{quote}{text}{quote}"
    pieces = [quote]
    _escape_astral(text, escape, pieces)
    pieces.append(quote)
    return "".join(pieces)


_NON_PRINTABLE_BMP: list[int] = []
_ESCAPE_TABLES: dict[tuple[str, str], dict[int, str]] = {}


def _quote_printable(text: str, quote: str) -> str:
    """Printable text as inside quotes: the backslash and ``quote`` escaped (C-speed ``replace``)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if quote in text:
        text = text.replace(quote, "\\" + quote)
    return text


def _escape_table(spelling: str, quote: str) -> dict[int, str]:
    """``str.translate`` table for quoting: every non-printable BMP character, the backslash and ``quote``.

    Made on first use (a few thousand entries), once per spelling and quote character.
    """
    table = _ESCAPE_TABLES.get((spelling, quote))
    if table is None:
        if not _NON_PRINTABLE_BMP:
            _NON_PRINTABLE_BMP.extend(c for c in range(0x10000) if not chr(c).isprintable())
        escape = escape_rune if spelling == GO else json_escape
        table = {c: escape(chr(c)) for c in _NON_PRINTABLE_BMP}
        table.update({ord("\\"): "\\\\", ord(quote): "\\" + quote})
        _ESCAPE_TABLES[(spelling, quote)] = table
    return table


_PIECE: Final = 64  # below this many characters, a part is escaped character by character


def _escape_astral(text: str, escape: Callable[[str], str], pieces: list[str]) -> None:
    """Append ``text`` with its remaining non-printable characters (beyond the BMP) escaped, halving it to find them."""
    if text.isprintable():
        pieces.append(text)
    elif len(text) > _PIECE:
        half = len(text) // 2
        _escape_astral(text[:half], escape, pieces)
        _escape_astral(text[half:], escape, pieces)
    else:
        pieces.append("".join([ch if ch.isprintable() else escape(ch) for ch in text]))
