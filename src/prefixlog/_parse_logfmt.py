"""The logfmt half of :mod:`prefixlog._parse`: a logfmt line to its pairs, in time linear in the line.

The reader is tolerant where that can't mislead (runs of spaces, ``'``- and
backtick-quoted values, unknown escapes kept as they are) and strict where it
could (a word that is not ``key=value``, or an unterminated quote, makes the
line no logfmt).  Whatever the line holds (escaped quotes, runs of
backslashes, a key repeated thousands of times), the work is linear in it:
every search starts where the previous one ended, and a repeated key is
renamed by a per-key count (:func:`logfmt_fields`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Final, Optional, TypeVar

from ._fields import CLASH_PREFIX

V = TypeVar("V")

_SIMPLE_ESCAPES: Final = {
    "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
    "\\": "\\", '"': '"', "'": "'", "`": "`",
}  # fmt: skip
_QUOTES: Final = "\"'`"
_HEX_DIGITS: Final = "0123456789abcdefABCDEF"
_ESCAPE: Final = re.compile(r"\\(?:[abfnrtv\\\"'`]|x[0-9a-fA-F]{2}|[0-3][0-7]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _unquote(text: str) -> str:
    """Undo Go's ``%q`` (any of the three quote characters); unknown escapes stay as they are.

    One ``re.sub`` pass: each escape becomes its character; ``\\xNN`` and
    octal bytes of 0x80 and above become ``surrogateescape`` characters, so
    that one encode and decode assembles them (with their neighbours) into
    UTF-8 and makes invalid bytes U+FFFD.  A lone surrogate in ``text`` (or
    named by ``\\u``) is U+FFFD three times, as its three UTF-8-ish bytes are.
    """
    if "\\" not in text:
        return text
    if _SURROGATE.search(text) is not None:
        text = _SURROGATE.sub("\ufffd\ufffd\ufffd", text)
    out = _ESCAPE.sub(_escaped, text)
    if _SURROGATE.search(out) is None:
        return out
    return out.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _escaped(match: re.Match[str]) -> str:
    escape = match.group()
    known = _ESCAPED.get(escape)
    return _code_point(escape) if known is None else known


@functools.lru_cache(maxsize=1024)
def _code_point(escape: str) -> str:
    """The text of ``\\uXXXX`` or ``\\UXXXXXXXX`` (cached: a run of one escape shares one string)."""
    code = min(int(escape[2:], 16), 0x10FFFF)
    return "\ufffd\ufffd\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)


def _byte_char(byte: int) -> str:
    """A byte as one character: ASCII as itself, 0x80 and above as its ``surrogateescape`` character."""
    return chr(byte) if byte < 0x80 else chr(0xDC00 + byte)


#: The text of every escape but ``\\u``/``\\U``: simple ones, ``\\xNN`` (any case) and octal ``\\NNN``.
_ESCAPED: Final = {
    **{"\\" + kind: char for kind, char in _SIMPLE_ESCAPES.items()},
    **{f"\\x{hi}{lo}": _byte_char(int(hi + lo, 16)) for hi in _HEX_DIGITS for lo in _HEX_DIGITS},
    **{f"\\{code:03o}": _byte_char(code) for code in range(256)},
}


class _NotLogfmtError(Exception):
    """Raised by :func:`_pairs` when the line turns out not to be logfmt."""


def read_logfmt(line: str) -> Optional[list[tuple[str, str]]]:
    """The ``key=value`` pairs of a logfmt line, in order; ``None`` if it is not logfmt.

    A key is any text without space, ``=`` or ``"`` (go-logfmt's rule: so
    ``it's=1``, which TextFormatter writes raw, reads back), or a quoted
    text (slog quotes a key with a space, ``=`` or ``"``); a value is
    bare (up to the next space) or quoted with ``"``, ``'`` or a backtick.
    """
    try:
        return list(_pairs(line)) or None
    except _NotLogfmtError:
        return None


def _pairs(line: str) -> Iterator[tuple[str, str]]:
    """The pairs of :func:`read_logfmt` one by one (no list of them is kept); raises :class:`_NotLogfmtError`.

    Time linear in the line: each search starts where the last one ended.
    """
    i = 0
    end = len(line)
    while True:
        while i < end and line[i] == " ":
            i += 1
        if i == end:
            return
        if line[i] == '"':  # slog's quoted key ("has space"=v)
            close = _closing_quote(line, i)
            if close < 0 or line[close + 1 : close + 2] != "=":
                raise _NotLogfmtError
            key = _unquote(line[i + 1 : close])
            i = close + 2
        else:
            eq = line.find("=", i)
            space = line.find(" ", i, eq)  # bounded by the key: a long value is not searched twice
            if eq <= i or space >= 0 or line.find('"', i, eq) >= 0:
                raise _NotLogfmtError
            key = line[i:eq]
            i = eq + 1
        if i < end and line[i] in _QUOTES:
            close = _closing_quote(line, i)
            if close < 0 or (close + 1 < end and line[close + 1] != " "):
                raise _NotLogfmtError
            value = _unquote(line[i + 1 : close])
            i = close + 1
        else:
            j = line.find(" ", i)
            j = end if j < 0 else j
            value = line[i:j]
            i = j
        yield key, value


def _closing_quote(line: str, start: int) -> int:
    """The index of the quote that closes the one at ``start``, or -1.

    A quote closes when an even number of backslashes precedes it.  They are
    counted back from the quote, in the text since the previous candidate
    (which is not a backslash), so each part of the line is looked at a
    bounded number of times however many escaped quotes it holds.
    """
    quote = line[start]
    searched = start + 1
    while True:
        found = line.find(quote, searched)
        if found < 0:
            return -1
        if line[found - 1] != "\\":
            return found
        gap = line[searched:found]
        if (len(gap) - len(gap.rstrip("\\"))) % 2 == 0:
            return found
        searched = found + 1


#: The common logfmt line, all of it: plain keys, values bare or in ``"`` without a backslash (logrus's,
#: slog's usual line).  Each part can match one way only, so a line that is not one fails in linear time.
_PLAIN_LINE: Final = re.compile(r' *(?:[^ ="]+=(?:"[^"\\]*"|[^ "\'`][^ ]*|)(?: +|\Z))+')
#: A pair of such a line: key, quoted value, bare value (one of the two is empty).
_PLAIN_PAIR: Final = re.compile(r'([^ ="]+)=(?:"([^"\\]*)"|([^ ]*))')
#: Longer lines go the whole way, whose memory is budgeted per pair (a log line is rarely over 1 KiB).
_PLAIN_MAX: Final = 4096


def logfmt_fields(line: str) -> Optional[dict[str, str]]:
    """A logfmt line's pairs as a dict, a repeated key renamed so that no value is lost or overwritten.

    See :func:`unique_keys` for the names.  The common line (:data:`_PLAIN_LINE`,
    up to 4 KiB) is read by two regular expressions, with nothing to unquote;
    any other by :func:`_pairs`, to the same pairs.
    """
    if len(line) <= _PLAIN_MAX and _PLAIN_LINE.fullmatch(line) is not None:
        found = _PLAIN_PAIR.findall(line)
        fields = {key: quoted or bare for key, quoted, bare in found}
        if len(fields) == len(found):
            return fields
        return unique_keys(lambda: [(key, quoted or bare) for key, quoted, bare in found])  # a key repeats
    try:
        return unique_keys(lambda: _pairs(line)) or None
    except _NotLogfmtError:
        return None


def unique_keys(pairs: Callable[[], Iterable[tuple[str, V]]]) -> dict[str, V]:
    """The pairs ``pairs()`` yields as a dict, a repeated key renamed so that no value is lost or overwritten.

    The first ``a`` keeps its key; the second is ``fields.a`` (how x-cray
    writes a user ``time`` field again), the n-th ``fields.a.<n>`` from the
    third on (``fields.a.3``, ``fields.a.4`` …).  A name the pairs use
    themselves, or one given already, is skipped by counting on.  Linear:
    each key's count only goes up, and a name can stop at most two counts
    (the name ``fields.a.3`` is ``a``'s third and ``a.3``'s second).  Only
    when a key repeats are the pairs read a second time (``pairs()`` again),
    for the ``fields.`` names they use further on.
    """
    out: dict[str, V] = {}
    used: Optional[set[str]] = None
    counts: dict[str, int] = {}
    for key, value in pairs():
        if key not in out:
            out[key] = value
            continue
        if used is None:
            used = {k for k, _ in pairs() if k.startswith(CLASH_PREFIX)}
        n = counts.get(key, 1)
        while True:
            n += 1
            name = CLASH_PREFIX + key if n == 2 else f"{CLASH_PREFIX}{key}.{n}"
            if name not in used and name not in out:
                break
        counts[key] = n
        out[name] = value
    return out
