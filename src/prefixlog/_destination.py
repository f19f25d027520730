"""Where a record goes: the layout follows the stream of the handler that formats it.

logrus decides its layout from the logger's own output.  The Python twin is
the stream of the handler whose ``format()`` calls the formatter: a file, a
pipe or a socket gets logfmt, a terminal the coloured layout, even when one
formatter serves both (a console handler and a file handler sharing it, as
``fileConfig`` and ``dictConfig`` make easy).  A formatter can't be told its
handler, so its ``format()`` reads it from the calling frame:
``logging.Handler.format``, through which every handler of the standard
library and of the frameworks formats.

A formatter given ``stream=`` (or whose options fix the layout whatever the
destination, such as ``force_colors``) never looks: :class:`Variants` then
holds one layout.  Otherwise it keeps one copy of the formatter per kind of
destination (terminal or not), made on first need, and remembers which kind
each stream is (``isatty`` is asked once per stream).  A formatter called
directly, not by a handler, writes for the stream it was made with
(``sys.stderr`` by default).
"""

from __future__ import annotations

import copy
import logging
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, Final, Generic, TypeVar

from ._guard import fallback_line, recover
from ._terminal import enable_windows_ansi, enable_windows_console, is_terminal

_HANDLER_FORMAT: Final = logging.Handler.format.__code__

#: Streams whose kind is remembered, at most (then the memo starts afresh).
_STREAMS: Final = 64


def caller_is_terminal(caller: FrameType, default: bool) -> bool:
    """Whether the handler whose ``format()`` runs in ``caller`` writes to a terminal; ``default`` if no handler does.

    For the rare record whose layout depends on it (a JSON line with a C1
    control): the text formatters look up their stream's kind in
    :class:`Variants` instead.
    """
    if caller.f_code is not _HANDLER_FORMAT:
        return default
    return is_terminal(getattr(caller.f_locals.get("self"), "stream", None))


_F = TypeVar("_F")


class Variants(Generic[_F]):
    """A formatter's layouts by kind of destination: ``make(terminal)`` makes one, on first need.

    ``own`` is the formatter itself, which writes for ``own_terminal``
    (the stream it was made with); ``fixed`` means its layout is the same
    for every destination.  ``streams`` maps ``id(stream)`` to the stream
    and the layout to use for it, so that a known stream costs one lookup.
    """

    __slots__ = ("_kinds", "_make", "fixed", "own", "streams")

    def __init__(self, own: _F, own_terminal: bool, fixed: bool, make: Callable[[bool], _F]) -> None:
        self.own = own
        self.fixed = fixed
        self._make = make
        self._kinds: dict[bool, _F] = {own_terminal: own}
        self.streams: dict[int, tuple[object, Callable[[logging.LogRecord], str]]] = {}

    def learn(self, stream: object) -> Callable[[logging.LogRecord], str]:
        """The layout for a stream not seen yet (or seen under another id), remembered; never raises."""
        try:
            terminal = is_terminal(stream)
            variant = self._kinds.get(terminal)
            if variant is None:
                variant = self._kinds[terminal] = self._make(terminal)
            layout: Callable[[logging.LogRecord], str] = variant._layout  # type: ignore[attr-defined]
            if len(self.streams) >= _STREAMS:
                self.streams.clear()
            self.streams[id(stream)] = (stream, layout)
        except Exception:  # a stream that can't be looked at: the formatter's own layout
            own_layout: Callable[[logging.LogRecord], str] = self.own._layout  # type: ignore[attr-defined]
            return own_layout
        return layout


class PerDestination:
    """What a formatter whose layout follows the destination shares: ``format()`` and the copies.

    The formatter sets its options, then calls :meth:`_init_destination`;
    it provides ``_decide(terminal)``, its rules (a tuple such as
    :class:`~prefixlog._terminal.Layout`), and ``_setup_layout(decided)``,
    which decides everything that depends on it and sets
    ``_layout(record) -> str``.
    """

    _variants: Variants[Any]
    _layout: Callable[[logging.LogRecord], str]

    def _decide(self, terminal: bool) -> tuple[bool, ...]:
        raise NotImplementedError

    def _setup_layout(self, decided: tuple[bool, ...]) -> None:
        raise NotImplementedError

    def _converter_changed(self) -> None:
        """``converter`` was assigned (``time.gmtime`` for UTC, as in the stdlib): times are written with it."""
        formatter: Any = self
        if formatter.tz is None:
            formatter.__dict__["timestamp_format"] = formatter.timestamp_format.in_zone(formatter.converter)
            self._init_destination(formatter.stream, given=formatter._stream_given)

    def _last_resort(self, record: logging.LogRecord, error: Exception) -> str:
        return fallback_line(record, error)

    def _init_destination(self, stream: Any, given: bool) -> None:
        """Decide the layout for ``stream``; keep it for every destination if ``given`` or if the rules fix it."""
        terminal = is_terminal(stream)
        fixed = given or self._decide(True) == self._decide(False)
        self._setup_layout(self._decide(terminal))
        if getattr(self, "colored", False):
            enable_windows_ansi(stream)
        self._variants = Variants(self, terminal, fixed, self._variant)

    def _variant(self, terminal: bool) -> Any:
        """This formatter for the other kind of destination: a copy with its own layout."""
        variant = copy.copy(self)
        variant._setup_layout(self._decide(terminal))
        if terminal and getattr(variant, "colored", False):
            enable_windows_console()
        return variant

    def format(self, record: logging.LogRecord) -> str:
        """The record in the layout for its destination, without the final newline; never raises.

        The destination is ``stream`` when one was given, else the stream of
        the handler formatting the record (``sys.stderr`` when called
        directly); whether it is a terminal decides the layout or its colours
        (each formatter says how).  A record that can't be written as it is
        is written repaired, saying why (see ``_guard``).

        Args:
            record: The record to write.

        Returns:
            The line, without the final newline (the handler adds it).
        """
        variants = self._variants
        layout: Callable[[logging.LogRecord], str] = self._layout
        if not variants.fixed:
            caller = sys._getframe(1)
            if caller.f_code is _HANDLER_FORMAT:  # a handler's format(): its stream decides
                stream = getattr(caller.f_locals.get("self"), "stream", None)
                known = variants.streams.get(id(stream))
                layout = known[1] if known is not None and known[0] is stream else variants.learn(stream)
        try:
            return layout(record)
        except Exception as error:  # never let logging take the application down
            return recover(layout, record, error, self._last_resort)
