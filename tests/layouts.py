"""Every formatter in every layout, for tests that must hold everywhere (safety, threads).

Each entry is (kind, factory): ``logfmt`` lines must read back through a
logfmt parser, ``json`` lines through ``json.loads``, ``terminal`` lines must
never carry a control character; :func:`assert_safe` checks a line against
its layout's rules (docs/safety.md).
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable
from typing import Any

import prefixlog
from prefixlog._levels import ZEROLOG_LEVELS, level_at_or_below, level_name, slog_level
from prefixlog._registry import FORMATS, Format
from prefixlog._slog_values import level_name as slog_level_name

from logfmt_reader import read, read_slog

Factory = Callable[..., logging.Formatter]


def _make(name: str, **fixed: Any) -> Factory:
    cls: Callable[..., logging.Formatter] = getattr(prefixlog, name)  # a missing formatter fails the import

    def factory(**options: Any) -> logging.Formatter:
        merged = {**fixed, **options}
        return cls(**merged)

    return factory


def _format(entry: Format) -> Factory:
    """A registry format, writing into a pipe (so that only its own options decide the layout)."""

    def factory(**options: Any) -> logging.Formatter:
        return entry.make(**{"stream": io.StringIO(), **options})

    return factory


#: name -> (kind, factory): every format of the registry under its name (what ``configure`` makes),
#: then the variants the formats have beside them.
LAYOUTS: dict[str, tuple[str, Factory]] = {
    **{name: (entry.lines, _format(entry)) for name, entry in FORMATS.items()},
    "text-logfmt-disable-quote": ("logfmt-raw", _make("TextFormatter", stream=io.StringIO(), disable_quote=True)),
    "text-colored": ("terminal", _make("TextFormatter", force_colors=True)),
    "text-colored-disable-quote": ("terminal", _make("TextFormatter", force_colors=True, disable_quote=True)),
    "prefixed-logfmt": ("logfmt", _make("PrefixedFormatter", stream=io.StringIO())),
    "prefixed-colored": ("terminal", _make("PrefixedFormatter", force_formatting=True, force_colors=True)),
    "zerolog-console-colored": (
        "terminal",
        _make("ZerologFormatter", console=True, no_color=False, report_caller=True, stream=io.StringIO()),
    ),
    "zap-development": ("json", _make("ZapFormatter", development=True, function_key="func")),
    "zap-console-production": ("terminal", _make("ZapFormatter", encoding="console", level_encoder="capitalColor")),
}

#: The layouts of Go loggers other than logrus (zap ...): their own keys (``ts``, ``M`` ...), no ``fields.``
#: renaming.  Tests that read logrus's ``time``/``level``/``msg`` back leave them out; their own tests cover them.
OTHER_KEYS: frozenset[str] = frozenset(name for name in LAYOUTS if name.startswith("zap"))


#: The layouts that write Go log/slog's words: its levels (``INFO``, ``DEBUG-2``), its keys, ``error`` and ``stack``.
SLOG = frozenset({"slog", "slog-json"})


def read_fields(layout: str, line: str) -> dict[str, Any]:
    """The keys and values a reader gets from one line of a one-line layout (its time and level included)."""
    kind, _ = LAYOUTS[layout]
    assert "\n" not in line, line
    if kind == "json":
        data: dict[str, Any] = json.loads(line)
        if layout == "zerolog":  # zerolog's key for the message (left out when empty)
            data = {("msg" if k == "message" else k): v for k, v in data.items()}
        return data
    return dict(read_slog(line) if layout in SLOG else read(line))


def level_word(layout: str, levelno: int, levelname: str) -> str:
    """The level a layout writes for a record's ``levelno`` and ``levelname``."""
    if layout in SLOG:
        return slog_level_name(slog_level(levelno))
    if layout.startswith("zerolog"):  # zerolog's levels are fixed: the nearest at or below
        return level_at_or_below(levelno, ZEROLOG_LEVELS)
    return level_name(levelno, levelname)


def time_word(layout: str, rfc3339: str) -> str:
    """A time of whole seconds (RFC 3339) as a layout writes it: slog's text layout adds ``.000``."""
    if layout == "slog":
        return re.sub(r"(?=(Z|[+-]\d\d:\d\d)$)", ".000", rfc3339, count=1)
    return rfc3339


CONTROLS = "".join(chr(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
COLOUR = re.compile(r"\x1b\[[0-9;]*m")
LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
JSON_FORBIDDEN = re.compile("[\x00-\x1f\x85\u2028\u2029\ud800-\udfff]")
TERMINAL_FORBIDDEN = re.compile(f"[{re.escape(CONTROLS.replace(chr(9), '').replace(chr(10), ''))}{BIDI}\u2028\u2029]")


def assert_safe(layout: str, out: str) -> None:
    """``out``, written by ``layout``, keeps the safety rules of its kind."""
    kind, _ = LAYOUTS[layout]
    if kind in ("logfmt", "logfmt-raw", "json"):
        assert len(out.splitlines()) == 1, out
        assert not LINE_BREAKS.search(out)
    if kind in ("logfmt", "logfmt-raw"):
        assert not re.search(f"[{re.escape(CONTROLS)}\u2028\u2029]", out)
    if kind == "json":
        # JSON escapes every C0 control, U+0085, U+2028 and U+2029; DEL and the other
        # C1 controls are no line breaks and stay raw, as Go's encoding/json writes them.
        assert not JSON_FORBIDDEN.search(out), repr(out)
    if kind == "terminal":
        _, *rest = out.split("\n")
        assert all(line.startswith("  ") for line in rest), repr(out)
        # Only the formatter's own colour codes may carry an ESC.
        text = COLOUR.sub("", out).replace("\n", "")
        assert not TERMINAL_FORBIDDEN.search(text), repr(out)
