"""A strict logfmt reader for the tests: the syntax logrus writes, values unquoted as Go's strconv.Unquote.

It mirrors the ``goquote`` decoder of ``../shared/logfmt-check`` so the round
trip is checked everywhere, also where Go is not installed: pairs separated
by exactly one space (one trailing space allowed), a key is the bytes up to
``=`` (no space, ``"`` or control character), a value is a Go ``%q`` literal or
a bare run without ``"``, ``=`` or control characters.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\", '"': '"'}


class LogfmtError(ValueError):
    """The line is not logfmt as logrus writes it."""


def _unquote(literal: str, at: int) -> str:
    """Decode the inside of a Go double-quoted literal (``\\xNN`` bytes must form UTF-8)."""
    out = bytearray()
    i = 0
    while i < len(literal):
        ch = literal[i]
        if ch != "\\":
            if _CONTROL.match(ch):
                raise LogfmtError(f"char {at + i}: raw control character in a quoted value")
            out += ch.encode("utf-8")
            i += 1
            continue
        kind = literal[i + 1 : i + 2]
        if kind in _SIMPLE:
            out += _SIMPLE[kind].encode()
            i += 2
        elif kind == "x":
            out.append(int(_hex(literal, i + 2, 2, at), 16))
            i += 4
        elif kind in ("u", "U"):
            width = 4 if kind == "u" else 8
            code = int(_hex(literal, i + 2, width, at), 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                raise LogfmtError(f"char {at + i}: invalid rune escape")
            out += chr(code).encode("utf-8")
            i += 2 + width
        elif kind in "01234567" and kind:
            digits = literal[i + 1 : i + 4]
            if not re.fullmatch("[0-7]{3}", digits) or int(digits, 8) > 255:
                raise LogfmtError(f"char {at + i}: bad octal escape")
            out.append(int(digits, 8))
            i += 4
        else:
            raise LogfmtError(f"char {at + i}: unknown escape \\{kind}")
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError as error:
        raise LogfmtError(f"char {at}: value is not UTF-8") from error


def _quoted(line: str, i: int) -> tuple[str, int]:
    """The Go-quoted literal that starts at ``i``, decoded, and where it ends."""
    j = i + 1
    while True:
        j = line.find('"', j)
        if j < 0:
            raise LogfmtError(f"char {i}: unterminated quoted value")
        backslashes = len(line[i + 1 : j]) - len(line[i + 1 : j].rstrip("\\"))
        if backslashes % 2 == 0:
            return _unquote(line[i + 1 : j], i + 1), j + 1
        j += 1


def _hex(text: str, start: int, width: int, at: int) -> str:
    digits = text[start : start + width]
    if not re.fullmatch(f"[0-9a-fA-F]{{{width}}}", digits):
        raise LogfmtError(f"char {at + start}: bad hex escape")
    return digits


def read(line: str) -> list[tuple[str, str]]:
    """The pairs of one logfmt line, in order (repeated keys kept)."""
    if not line:
        raise LogfmtError("empty line")
    pairs: list[tuple[str, str]] = []
    i = 0
    end = len(line)
    while i < end:
        eq = line.find("=", i)
        space = line.find(" ", i)
        if eq < 0 or (0 <= space < eq):
            raise LogfmtError(f"char {i}: key without '='")
        key = line[i:eq]
        if not key or '"' in key or _CONTROL.search(key):
            raise LogfmtError(f"char {i}: bad key {key!r}")
        i = eq + 1
        if line.startswith('"', i):
            value, i = _quoted(line, i)
        else:
            j = line.find(" ", i)
            j = end if j < 0 else j
            value = line[i:j]
            if '"' in value or "=" in value or _CONTROL.search(value):
                raise LogfmtError(f"char {i}: bad bare value {value!r}")
            i = j
        pairs.append((key, value))
        if i < end:
            if line[i] != " ":
                raise LogfmtError(f"char {i}: expected a space")
            i += 1
            if i == end:
                break  # one trailing space (x-cray writes it)
            if line[i] == " ":
                raise LogfmtError(f"char {i}: two spaces")
    return pairs


def _token(line: str, i: int, stop: str, strict: bool) -> tuple[str, int]:
    """A bare or Go-quoted token of a slog text line from ``i``, and where it ends (bare: before ``stop``)."""
    if line.startswith('"', i):
        return _quoted(line, i)
    j = line.find(stop, i)
    j = len(line) if j < 0 else j
    token = line[i:j]
    bad = _CONTROL.search(token.replace("\x7f", "") if not strict else token)
    if not token or '"' in token or "=" in token or " " in token or bad:
        raise LogfmtError(f"char {i}: bad bare token {token!r}")
    return token, j


def read_slog(line: str, strict: bool = True) -> list[tuple[str, str]]:
    """The pairs of one line of Go ``log/slog``'s text handler, in order (repeated keys kept).

    As logfmt, but a key may be quoted too (``"has space"=v``, ``""=v``).
    ``strict=False`` accepts the raw DEL that Go writes in a bare token.
    """
    pairs: list[tuple[str, str]] = []
    i = 0
    while True:
        key, i = _token(line, i, "=", strict)
        if not line.startswith("=", i):
            raise LogfmtError(f"char {i}: expected '='")
        value, i = _token(line, i + 1, " ", strict)
        pairs.append((key, value))
        if i == len(line):
            return pairs
        if line[i] != " ":
            raise LogfmtError(f"char {i}: expected a space")
        i += 1
