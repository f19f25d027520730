"""The formats prefixlog writes, by name: the one table every list of formats reads.

``configure(format=...)``, ``PREFIXLOG_FORMAT``, ``prefixlog run --format``,
``prefixlog pretty --layout`` (the readable ones), the demo and the tests'
layout table all read :data:`FORMATS`.  Adding a layout is one module (its
formatter), one entry here and its tests (see ``CONTRIBUTING.md``).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Final, Literal

from ._record import short_caller

_DEMO_TIME: Final = MappingProxyType({"full_timestamp": True, "timestamp_format": "2006-01-02 15:04:05"})


@dataclass(frozen=True)
class Format:
    """One format: its name, its formatter and the options that make it that format.

    ``lines``: what one record is, for tests and tools that must know:
    ``terminal`` (a readable layout, continuation lines indented),
    ``logfmt`` or ``json`` (one record, one line).  ``options``: what
    ``configure()`` passes to the formatter unless told otherwise.
    ``presets``: the JSON presets (``preset=``/``PREFIXLOG_PRESET``) apply;
    ``escapes``: the ``escapes=``/``PREFIXLOG_ESCAPES`` choice applies.
    ``demos``: ``(title, options)`` of each section ``prefixlog demo`` shows.
    ``pretty``: ``prefixlog pretty --layout`` can write it (a terminal
    layout that takes ``TextFormatter``'s time and colour options).
    ``source``: the formatter's module and class (``"_text.TextFormatter"``),
    imported when :attr:`formatter` is first asked for, so that reading the
    registry (``--help``, ``pretty``) does not import every formatter.
    """

    name: str
    source: str
    lines: Literal["terminal", "logfmt", "json"]
    summary: str
    options: Mapping[str, Any] = field(default_factory=dict)
    presets: bool = False
    escapes: bool = True
    demos: tuple[tuple[str, Mapping[str, Any]], ...] = ()
    pretty: bool = True

    @property
    def formatter(self) -> type[logging.Formatter]:
        """The formatter class, imported when first asked for (``source``: its module and name)."""
        module, name = self.source.split(".")
        cls: type[logging.Formatter] = getattr(importlib.import_module("." + module, __package__), name)
        return cls

    def make(self, **options: Any) -> logging.Formatter:
        """The formatter: this format's options, then ``options`` on top."""
        return self.formatter(**{**self.options, **options})


#: ``format`` that picks ``text`` on a terminal and ``logfmt`` otherwise.
AUTO: Final = "auto"

FORMATS: Final[Mapping[str, Format]] = MappingProxyType(
    {
        entry.name: entry
        for entry in (
            Format(
                "text",
                "_text.TextFormatter",
                "terminal",
                "logrus's colored layout (readable even into a pipe)",
                {"force_formatting": True},
                demos=(
                    (
                        "TextFormatter, colored layout (logrus on a terminal)",
                        {**_DEMO_TIME, "report_caller": True, "caller_prettyfier": short_caller},
                    ),
                    ("TextFormatter, seconds since start ([0000])", {}),
                ),
            ),
            Format(
                "logfmt",
                "_text.TextFormatter",
                "logfmt",
                "logrus's logfmt (what logrus writes to a file or a pipe)",
                {"disable_colors": True},
                demos=(("TextFormatter, logfmt (logrus to a file or a pipe)", {}),),
            ),
            Format(
                "prefixed",
                "_prefixed.PrefixedFormatter",
                "terminal",
                "x-cray's prefixed layout (readable even into a pipe)",
                {"force_formatting": True},
                demos=(
                    ("PrefixedFormatter, formatted (x-cray on a terminal)", dict(_DEMO_TIME)),
                    # x-cray writes logfmt when its stream is not a terminal.
                    ("PrefixedFormatter, logfmt (x-cray to a file or a pipe)", {"force_formatting": False}),
                ),
            ),
            Format(
                "json",
                "_json.JSONFormatter",
                "json",
                "logrus's JSONFormatter (presets for ECS, Cloud Logging, Datadog)",
                presets=True,
                escapes=False,
                demos=(("JSONFormatter (logrus JSON, for log shippers)", {}),),
            ),
            Format(
                "slog",
                "_slog.SlogFormatter",
                "logfmt",
                "Go log/slog's TextHandler (key=value)",
                escapes=False,
                demos=(("SlogFormatter (Go log/slog's TextHandler)", {"add_source": True}),),
            ),
            Format(
                "slog-json",
                "_slog.SlogFormatter",
                "json",
                "Go log/slog's JSONHandler",
                {"json": True},
                escapes=False,
                demos=(("SlogFormatter, json=True (Go log/slog's JSONHandler)", {"json": True}),),
            ),
            Format(
                "zap",
                "_zap.ZapFormatter",
                "json",
                "go.uber.org/zap's JSON encoder (its production config)",
                escapes=False,
                demos=(("ZapFormatter, JSON (zap's production config)", {}),),
            ),
            Format(
                "zap-console",
                "_zap.ZapFormatter",
                "terminal",
                "go.uber.org/zap's console encoder (its development config)",
                {"encoding": "console", "development": True},
                escapes=False,
                pretty=False,
                demos=(
                    ("ZapFormatter, console (zap's development config)", {}),
                    ("ZapFormatter, console, coloured levels", {"level_encoder": "capitalColor"}),
                ),
            ),
            Format(
                "zerolog",
                "_zerolog.ZerologFormatter",
                "json",
                "rs/zerolog's JSON line",
                escapes=False,
                demos=(("ZerologFormatter (zerolog JSON)", {}),),
            ),
            Format(
                "zerolog-console",
                "_zerolog.ZerologFormatter",
                "terminal",
                "rs/zerolog's ConsoleWriter",
                {"console": True},
                escapes=False,
                demos=(("ZerologFormatter, console (zerolog's ConsoleWriter)", {"report_caller": True}),),
            ),
        )
    }
)

#: Every name ``format`` takes.
NAMES: Final = (AUTO, *FORMATS)
#: The formats whose layout is for people: ``prefixlog pretty --layout``.
READABLE: Final = tuple(name for name, entry in FORMATS.items() if entry.lines == "terminal" and entry.pretty)


def auto_name(terminal: bool) -> str:
    """What ``auto`` means for a destination: ``text`` on a terminal, ``logfmt`` otherwise."""
    return "text" if terminal else "logfmt"
