"""Terminal detection and the colour decision.

logrus decides once per formatter whether its output is a terminal, and then
writes either the colored layout or logfmt.  prefixlog does the same, with the
stream given to the formatter (``sys.stderr`` by default, where
``logging.StreamHandler`` writes).
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any, Optional

#: ANSI colour numbers of logrus's TextFormatter, by level number (others: blue).
LOGRUS_COLORS = {5: 37, 10: 37, 20: 36, 30: 33, 40: 31, 50: 31, 60: 31}
LOGRUS_DEFAULT_COLOR = 36


def resolve_stream(stream: Optional[IO[Any]]) -> IO[Any]:
    """The stream whose TTY-ness decides the layout (``sys.stderr`` when none is given)."""
    return sys.stderr if stream is None else stream


def is_terminal(stream: Any) -> bool:
    """Whether ``stream`` is a terminal; never raises (a closed or odd stream is not)."""
    try:
        return bool(stream.isatty())
    except Exception:
        return False


def logrus_colored(
    *,
    force_colors: bool,
    disable_colors: bool,
    environment_override_colors: bool,
    terminal: bool,
) -> bool:
    """logrus's ``TextFormatter.isColored``, ``CLICOLOR``/``CLICOLOR_FORCE`` included."""
    colored = force_colors or terminal
    if environment_override_colors:
        force = os.environ.get("CLICOLOR_FORCE")
        if force is not None and force != "0":
            colored = True
        elif force == "0" or os.environ.get("CLICOLOR") == "0":
            colored = False
    return colored and not disable_colors
