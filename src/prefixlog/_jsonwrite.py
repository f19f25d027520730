"""Writing a prepared tree (:func:`prefixlog._gojson.prepare`) as Go's ``encoding/json`` bytes.

:class:`Encoder` asks a C-accelerated backend (orjson when it is installed and
writes floats as Go does, else the stdlib's ``json``) for sorted, compact (or
two-space indented) text, then fixes up where that differs from Go
(:func:`go_fixups`; see :mod:`prefixlog._gojson` for the list).  A tree that
holds a :class:`~prefixlog._gojson.GoFloat` is written by a small pure-Python
writer instead.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any, Final, Optional

from ._escape import sub_sliced, translate_sliced
from ._gofmt import go_float, int_text
from ._gojson import GoFloat, GoFloatError, go_json_float, refuse

try:  # the optional backend: pip install 'prefixlog[orjson]'
    import orjson
except ImportError:  # pragma: no cover - depends on what is installed
    orjson = None  # type: ignore[assignment]

# Floats prepare_float() hands to the backends, and how Go writes them.  An
# orjson that writes any of them otherwise (its float layout has changed
# between releases) is not used.
_FLOAT_PROBE: Final = [0.1, -123456.789, 1e15 + 0.5, 1e-4, 1e21, -1.5e300, 1.7976931348623157e308, 1.5e-10, 5e-324]
_FLOAT_PROBE_GO: Final = (
    b"[0.1,-123456.789,1000000000000000.5,0.0001,1e+21,-1.5e+300,1.7976931348623157e+308,1.5e-10,5e-324]"
)


def _orjson_fits() -> bool:
    try:
        return orjson is not None and orjson.dumps(_FLOAT_PROBE) == _FLOAT_PROBE_GO
    except Exception:  # pragma: no cover - a broken install
        return False


#: The backends that can be asked for by name (tests compare them byte for byte).
BACKENDS: Final = ("json", "orjson") if _orjson_fits() else ("json",)

# The C encoder behind json.dumps (None where there is no C accelerator, as on PyPy).
_c_make_encoder: Optional[Callable[..., Any]] = getattr(json.encoder, "c_make_encoder", None)


_NON_ASCII_FIXES: Final = re.compile("[\x85\u2028\u2029\ud800-\udfff]")
_NON_ASCII: Final = re.compile("[^\x00-\x7f]")
# What a terminal must not get raw: DEL, the C1 controls and the bidirectional controls.
_TERMINAL_FIXES: Final = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# ... and their escapes, for str.translate (no object per character, as re.sub's callback makes)
_TERMINAL_TABLE: Final = {
    code: f"\\u{code:04x}"
    for code in (*range(0x7F, 0xA0), 0x61C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def _non_ascii_go(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\\ufffd" if 0xD800 <= code <= 0xDFFF else f"\\u{code:04x}"


def _ascii_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def go_fixups(text: str, escape_html: bool) -> str:
    """Encoder output (Python ``json`` escaping, ``ensure_ascii=False``) as Go writes it.

    Outside strings the output holds none of these characters, so plain
    replacement is safe.  For ``\\b``/``\\f``, escaped backslashes are first
    set aside as NUL (which JSON text never holds raw), so that an escaped
    backslash followed by ``b`` is left alone.  Every step is linear in the
    text, with a small constant in memory.
    """
    if escape_html:
        if "<" in text:
            text = text.replace("<", "\\u003c")
        if ">" in text:
            text = text.replace(">", "\\u003e")
        if "&" in text:
            text = text.replace("&", "\\u0026")
    if "\\b" in text or "\\f" in text:
        text = text.replace("\\\\", "\0").replace("\\b", "\\u0008").replace("\\f", "\\u000c").replace("\0", "\\\\")
    if not text.isascii() and _NON_ASCII_FIXES.search(text) is not None:  # else no copy of a long text
        text = sub_sliced(_NON_ASCII_FIXES, _non_ascii_go, text)
    return text


def has_terminal_controls(text: str) -> bool:
    """Whether JSON text holds a DEL, C1 or bidi control that :func:`terminal_fixups` would escape."""
    if text.isascii():
        return "\x7f" in text
    return _TERMINAL_FIXES.search(text) is not None


def terminal_fixups(text: str) -> str:
    """JSON text with DEL, C1 and bidi controls written as ``\\u`` escapes, for a terminal (not Go)."""
    if not has_terminal_controls(text):
        return text
    return translate_sliced(_TERMINAL_FIXES, _TERMINAL_TABLE, text)


def _write(value: Any, indent: bool, depth: int) -> str:
    """The pure-Python writer, for trees that hold a :class:`GoFloat` (Python ``json`` escaping)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is GoFloat:
        return value.text  # type: ignore[no-any-return]
    if kind is dict:
        if not value:
            return "{}"
        items = [
            encode_basestring(k) + (": " if indent else ":") + _write(v, indent, depth + 1)
            for k, v in sorted(value.items())
        ]
        return _join("{", items, "}", indent, depth)
    if kind is list:
        if not value:
            return "[]"
        return _join("[", [_write(v, indent, depth + 1) for v in value], "]", indent, depth)
    if kind is int:
        return int_text(value)  # exact at any size
    return json.dumps(value)  # float, bool, None


def _join(start: str, items: list[str], end: str, indent: bool, depth: int) -> str:
    if not indent:
        return start + ",".join(items) + end
    inner = "\n" + "  " * (depth + 1)
    return start + inner + ("," + inner).join(items) + "\n" + "  " * depth + end


def _stdlib_encoder(indent: bool) -> Callable[[Any], str]:
    """The stdlib's ``json`` set up as Go writes (sorted keys; compact or two-space indent).

    The compact one is the C encoder json itself uses, made once instead of
    per call (no cycle check: prepared trees have no cycles).
    """
    if not indent and _c_make_encoder is not None:
        iterencode = _c_make_encoder(None, refuse, encode_basestring, None, ":", ",", True, False, True)

        def encode(tree: Any) -> str:
            return "".join(iterencode(tree, 0))

        return encode
    separators = (",", ": ") if indent else (",", ":")
    encoder = json.JSONEncoder(
        ensure_ascii=False, sort_keys=True, separators=separators, indent=2 if indent else None, default=refuse
    )
    return encoder.encode


class Encoder:
    """Writes a prepared tree as Go's ``encoding/json`` (``json.Encoder``) does, without the newline.

    ``indent``: Go's ``SetIndent("", "  ")``.  ``ensure_ascii``: also escape
    every non-ASCII character (``\\u00e9``, surrogate pairs above U+FFFF); not
    Go, python-json-logger's option.  ``terminal``: also escape DEL, the C1
    controls and the bidirectional controls (:func:`terminal_fixups`), which Go
    writes raw; for text bound for a terminal.  ``backend``: ``"orjson"`` or
    ``"json"``; by default orjson when it is installed.  Both give the same text.
    """

    def __init__(
        self,
        *,
        escape_html: bool = True,
        indent: bool = False,
        ensure_ascii: bool = False,
        terminal: bool = False,
        backend: str = "",
    ) -> None:
        if backend not in ("", *BACKENDS):
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        self.escape_html = escape_html
        self.indent = indent
        self.ensure_ascii = ensure_ascii
        self.terminal = terminal
        self.backend = backend or BACKENDS[-1]
        self._json = _stdlib_encoder(indent)
        self._raw = self._raw_json
        if self.backend == "orjson":
            assert orjson is not None
            self._orjson_options = orjson.OPT_SORT_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
            self._raw = self._raw_orjson

    def _raw_json(self, tree: Any) -> str:
        try:
            return self._json(tree)
        except (GoFloatError, ValueError):  # a GoFloat; an int beyond Python's digit limit
            return _write(tree, self.indent, 0)

    def _raw_orjson(self, tree: Any) -> str:
        try:
            return orjson.dumps(tree, default=refuse, option=self._orjson_options).decode()
        except TypeError:  # a GoFloat, an int beyond 64 bits, a lone surrogate, deep nesting
            return self._raw_json(tree)

    def encode(self, tree: Any) -> str:
        """The Go JSON text of ``tree`` (a :func:`prepare` result)."""
        text = go_fixups(self._raw(tree), self.escape_html)
        if self.ensure_ascii and not text.isascii():
            text = sub_sliced(_NON_ASCII, _ascii_escape, text)
        if self.terminal:
            text = terminal_fixups(text)
        return text


# -- encoding/json as Go 1.22 and later writes it ------------------------------------

_GO_STRING_FIXES: Final = re.compile("[\u2028\u2029\ud800-\udfff]")


def go_json_string(text: str, escape_html: bool = True) -> str:
    """A string as Go ≥ 1.22's ``encoding/json`` writes it (``json.Marshal``; ``SetEscapeHTML``).

    ``\\"`` ``\\\\`` ``\\b`` ``\\f`` ``\\n`` ``\\r`` ``\\t`` by name (``\\b``/``\\f``
    since Go 1.22), other controls ``\\u00XX``; U+2028/U+2029 as
    ``\\u2028``/``\\u2029``; ``<`` ``>`` ``&`` as ``\\u003c`` … with
    ``escape_html``; a lone surrogate (no UTF-8) as ``\\ufffd``.  DEL, U+0085
    and the rest raw, as Go writes them.
    """
    out = encode_basestring(text)  # Python's escapes are Go 1.22's for every ASCII character
    if escape_html and ("<" in out or ">" in out or "&" in out):
        out = out.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    if not out.isascii():
        out = sub_sliced(_GO_STRING_FIXES, _non_ascii_go, out)
    return out


class RawNumber(str):
    """A JSON number kept as its text (Go's ``json.Number``): :func:`go_json_text` writes it as it is."""

    __slots__ = ()


def go_json_text(value: Any, escape_html: bool = True, depth: int = 0) -> str:
    """``json.Marshal`` of a decoded JSON value (Go ≥ 1.22): objects with sorted keys, compact.

    ``value``: what ``json.loads`` gives (``dict``, ``list``, ``str``,
    ``bool``, ``None``, ``int``/``float``) or a :class:`RawNumber`; a
    :class:`~prefixlog._gojson.GoFloat` is written as its text.  Nesting
    deeper than :data:`~prefixlog._gojson.MAX_DEPTH` is written as ``null``.
    """
    kind = type(value)
    if kind is str:
        return go_json_string(value, escape_html)
    if kind is RawNumber or kind is GoFloat:
        return str(value) if kind is RawNumber else value.text
    if value is None or depth > _MAX_TEXT_DEPTH:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int_text(value)
    if kind is float:
        return go_json_float(value) if math.isfinite(value) else go_json_string(go_float(value), escape_html)
    if kind is dict:
        items = sorted(value.items())
        inner = ",".join(
            go_json_string(k, escape_html) + ":" + go_json_text(v, escape_html, depth + 1) for k, v in items
        )
        return "{" + inner + "}"
    if kind is list:
        return "[" + ",".join(go_json_text(v, escape_html, depth + 1) for v in value) + "]"
    return go_json_string(str(value), escape_html)


_MAX_TEXT_DEPTH: Final = 200
