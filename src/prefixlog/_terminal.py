"""Terminals and colour: which layout a formatter writes, and whether in colour.

The choice is made from whether the destination is a terminal (the stream
of the handler that formats the record, see :mod:`prefixlog._destination`,
or the formatter's ``stream``) and from the environment.  Explicit options win; otherwise ``NO_COLOR`` (non-empty: no
colour), ``FORCE_COLOR`` (non-empty, not ``0``: colour), ``TERM=dumb`` (no
colour), then whether the stream is a terminal.  ``CLICOLOR``/``CLICOLOR_FORCE``
are read only with ``environment_override_colors``, exactly as logrus reads
them.  The environment turns colours off, never the layout.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any, NamedTuple, Optional

import colorama

#: logrus's level colours (SGR parameters) by palette and level number; others are cyan.
PALETTES: dict[str, dict[int, str]] = {
    "v1.9": {5: "37", 10: "37", 20: "36", 30: "33", 40: "31", 50: "31", 60: "31"},
    "v1.10": {5: "2;37", 10: "2;36", 20: "36", 30: "33", 40: "31", 50: "31", 60: "31"},
}
DEFAULT_COLOR = "36"


class Layout(NamedTuple):
    """What a formatter writes: the readable (terminal) layout or logfmt, and colours."""

    readable: bool
    colored: bool


def resolve_stream(stream: Optional[IO[Any]]) -> IO[Any]:
    """The stream whose TTY-ness decides the layout (``sys.stderr`` when none is given)."""
    return sys.stderr if stream is None else stream


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal; never raises (a closed or odd stream is not)."""
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def _clicolor(colored: bool) -> bool:
    """logrus's ``EnvironmentOverrideColors``: ``CLICOLOR_FORCE`` then ``CLICOLOR``."""
    force = os.environ.get("CLICOLOR_FORCE")
    if force is not None and force != "0":
        return True
    if force == "0" or os.environ.get("CLICOLOR") == "0":
        return False
    return colored


def auto_colors(terminal: bool) -> bool:
    """Colour when no option decides: ``NO_COLOR``, ``FORCE_COLOR``, ``TERM=dumb``, then the terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force and force != "0":
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return terminal


def logrus_layout(
    *,
    terminal: bool,
    force_colors: bool,
    disable_colors: bool,
    force_formatting: bool,
    environment_override_colors: bool,
) -> Layout:
    """logrus's TextFormatter: the colored layout exactly when colours are on.

    Two exceptions, both asked for by logrus users: ``force_formatting`` keeps
    the readable layout whatever the colours, and colours turned off by the
    environment (``NO_COLOR``, ``TERM=dumb``, ``CLICOLOR=0``) leave a terminal
    with the readable layout.  Only ``disable_colors`` switches a terminal to
    logfmt, as in logrus.  ``terminal``: whether the destination is one.
    """
    colored = True if force_colors else auto_colors(terminal)
    if environment_override_colors:
        colored = _clicolor(colored)
    colored = colored and not disable_colors
    readable = force_formatting or colored or (terminal and not disable_colors)
    return Layout(readable, colored)


def xcray_layout(*, terminal: bool, force_colors: bool, disable_colors: bool, force_formatting: bool) -> Layout:
    """x-cray's prefixed formatter: formatted on a terminal or when forced, coloured only then."""
    readable = force_formatting or terminal
    colored = readable and not disable_colors and (force_colors or auto_colors(terminal))
    return Layout(readable, colored)


def enable_windows_ansi(stream: Any) -> None:
    """Let a Windows console show ANSI colours (colorama), when ``stream`` is one."""
    if sys.platform == "win32" and is_terminal(stream):
        enable_windows_console()


def enable_windows_console() -> None:
    """Let the Windows console show ANSI colours (colorama); nothing elsewhere."""
    if sys.platform != "win32":
        return
    try:
        colorama.just_fix_windows_console()
    except Exception:  # colours are a nicety: never fail because of them
        return
