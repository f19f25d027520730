"""``configure()``: one call that sets up logging for an app or a container.

Each argument left out falls back to its environment variable, then to the
default, so a container switches format without a code change:

=================  ====================  =====================================
argument           variable              default
=================  ====================  =====================================
``format``         ``PREFIXLOG_FORMAT``  ``auto`` (text on a terminal, logfmt otherwise)
``level``          ``PREFIXLOG_LEVEL``   ``INFO`` (names, ``trace`` included, or numbers)
``preset``         ``PREFIXLOG_PRESET``  ``logrus`` (JSON field names; json format only)
``escapes``        ``PREFIXLOG_ESCAPES`` ``go`` (Go's ``%q``; ``logfmt``: JSON escapes, for Loki)
=================  ====================  =====================================
"""

from __future__ import annotations

import logging
import os
import sys
from typing import IO, Any, Final, Optional

from . import _color
from ._json import JSONFormatter
from ._levels import INFO, parse_level
from ._options import ESCAPES, check_choice
from ._prefixed import PrefixedFormatter
from ._presets import check_preset
from ._text import TextFormatter

FORMATS: Final = ("auto", "text", "logfmt", "prefixed", "json")
ENV_FORMAT: Final = "PREFIXLOG_FORMAT"
ENV_LEVEL: Final = "PREFIXLOG_LEVEL"
ENV_PRESET: Final = "PREFIXLOG_PRESET"
ENV_ESCAPES: Final = "PREFIXLOG_ESCAPES"


class PrefixlogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler :func:`configure` installs (so a second call can replace it)."""


def _from_env(value: Optional[str], variable: str) -> tuple[Optional[str], str]:
    """The argument if given, else the environment variable; and the name to blame for a bad value."""
    if value is not None:
        return value, variable.removeprefix("PREFIXLOG_").lower()
    env = os.environ.get(variable)
    if env is not None and env.strip():
        return env.strip(), variable
    return None, variable


def make_formatter(format: Optional[str] = None, stream: Optional[IO[Any]] = None, **options: Any) -> logging.Formatter:
    """The formatter ``configure()`` would install for ``format`` (see the module's table)."""
    name, option = _from_env(format, ENV_FORMAT)
    name = (name or "auto").lower()
    if name not in FORMATS:
        raise ValueError(f"{option}: unknown format {name!r}; use one of {', '.join(FORMATS)}")
    stream = _color.resolve_stream(stream)
    preset, preset_option = _from_env(options.pop("preset", None), ENV_PRESET)
    if preset is not None:
        preset = check_preset(preset_option, preset).name  # a bad value fails whatever the format
    escapes, escapes_option = _from_env(options.pop("escapes", None), ENV_ESCAPES)
    if escapes is not None:
        escapes = check_choice(escapes_option, escapes, ESCAPES)  # checked whatever the format
        if name != "json":  # JSON lines are always JSON-escaped
            options["escapes"] = escapes
    if name == "auto":
        name = "text" if _color.is_terminal(stream) else "logfmt"
    options.setdefault("stream", stream)  # an option may name another stream for the TTY test
    if name == "json":
        if preset is not None:
            options["preset"] = preset
        return JSONFormatter(**options)
    if preset is not None and preset_option == "preset":
        raise ValueError(f"preset applies to the json format only, not to {name!r}")
    if name == "text":
        options.setdefault("force_formatting", True)
        return TextFormatter(**options)
    if name == "logfmt":
        options.setdefault("disable_colors", True)
        return TextFormatter(**options)
    options.setdefault("force_formatting", True)
    return PrefixedFormatter(**options)


def configure(
    format: Optional[str] = None,
    level: Optional[int | str] = None,
    stream: Optional[IO[Any]] = None,
    **formatter_options: Any,
) -> logging.Handler:
    """Install one prefixlog handler on the root logger and set the root level.

    ``format`` is ``text | logfmt | prefixed | json`` or ``auto``; ``level`` a
    name or number; ``stream`` defaults to ``sys.stderr``; other keywords go to
    the formatter.  A handler installed by an earlier call is replaced, so
    calling it twice is harmless.  Returns the handler.
    """
    level_value, level_option = _from_env(level if level is None else str(level), ENV_LEVEL)
    number = INFO if level_value is None else parse_level(level_value, level_option)
    out = sys.stderr if stream is None else stream
    formatter = make_formatter(format, out, **formatter_options)
    handler = PrefixlogHandler(out)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, PrefixlogHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(number)
    return handler
