"""``configure()``: one call that sets up logging for an app or a container.

Each argument left out falls back to its environment variable, then to the
default, so a container switches format without a code change:

=================  ======================  =====================================
argument           variable                default
=================  ======================  =====================================
``format``         ``PREFIXLOG_FORMAT``    ``auto`` (text on a terminal, logfmt otherwise)
``level``          ``PREFIXLOG_LEVEL``     ``INFO`` (names, ``trace`` included, or numbers)
``preset``         ``PREFIXLOG_PRESET``    ``logrus`` (JSON field names; json format only)
``escapes``        ``PREFIXLOG_ESCAPES``   ``go`` (Go's ``%q``; ``logfmt``: JSON escapes, for Loki)
``tz``             ``PREFIXLOG_TZ``        local time (``UTC``, an IANA name such as ``Europe/Paris``)
``fields``         ``PREFIXLOG_FIELDS``    none (fields on every record: ``service=api pod="web 1"``)
``stream``         ``PREFIXLOG_STREAM``    ``stderr`` (or ``stdout``, ``split``, a stream object)
``queue``          ``PREFIXLOG_QUEUE``     off (``1``: a queue and a writer thread)
``capture``        ``PREFIXLOG_CAPTURE``   on (``0``: crashes and warnings left to Python)
``queue_full``                             ``wait`` (or ``drop``)
``queue_size``                             10,000 records
=================  ======================  =====================================
"""

from __future__ import annotations

import logging
import os
import sys
from typing import IO, Any, Final, Literal, Optional, Union, cast

from . import _capture, _listener, _terminal
from ._levels import INFO, WARNING, parse_level
from ._listener import DEFAULT_SIZE, QUEUE_FULL, QueueFull, QueueingHandler, UnlockedHandler
from ._options import ESCAPES, check_bool, check_choice, check_int, check_mapping, check_str, check_stream, check_tz
from ._parse_logfmt import read_logfmt
from ._presets import check_preset
from ._registry import AUTO, FORMATS, NAMES, auto_name

#: The names ``stream``/``PREFIXLOG_STREAM`` take; ``split``: below WARNING to stdout, the rest to stderr.
STREAMS: Final = ("stderr", "stdout", "split")
StreamName = Literal["stderr", "stdout", "split"]
ENV_FORMAT: Final = "PREFIXLOG_FORMAT"
ENV_LEVEL: Final = "PREFIXLOG_LEVEL"
ENV_PRESET: Final = "PREFIXLOG_PRESET"
ENV_ESCAPES: Final = "PREFIXLOG_ESCAPES"
ENV_TZ: Final = "PREFIXLOG_TZ"
ENV_FIELDS: Final = "PREFIXLOG_FIELDS"
ENV_STREAM: Final = "PREFIXLOG_STREAM"
ENV_QUEUE: Final = "PREFIXLOG_QUEUE"
ENV_CAPTURE: Final = "PREFIXLOG_CAPTURE"

_TRUE: Final = ("1", "true", "yes", "on")
_FALSE: Final = ("0", "false", "no", "off")


class PrefixlogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The stream handler :func:`configure` installs (so a second call can replace it)."""


class SplitHandler(UnlockedHandler):
    """Records below WARNING to ``low`` (stdout), WARNING and above to ``high`` (stderr).

    Each has its own formatter, made for its own stream.  A record whose
    level is not a number goes to ``high``.  Two streams read by one reader
    (a terminal, ``2>&1``, a container runtime) may interleave their lines in
    another order than they were logged.
    """

    def __init__(self, low: logging.Handler, high: logging.Handler) -> None:
        super().__init__()
        self.low = low
        self.high = high

    def emit(self, record: logging.LogRecord) -> None:
        """Hand the record to the handler of its level's stream (which takes its own lock)."""
        try:
            high = record.levelno >= WARNING
        except Exception:  # a level that is no number: the stream for problems
            high = True
        (self.high if high else self.low).handle(record)

    def setFormatter(self, fmt: Optional[logging.Formatter]) -> None:  # noqa: N802 - logging's name
        """Give both streams ``fmt`` (the layout then no longer follows each stream)."""
        super().setFormatter(fmt)
        self.low.setFormatter(fmt)
        self.high.setFormatter(fmt)

    def flush(self) -> None:
        """Flush both streams."""
        self.low.flush()
        self.high.flush()

    def close(self) -> None:
        """Close both handlers (not the streams, as ``StreamHandler`` does)."""
        self.low.close()
        self.high.close()
        super().close()


#: The handlers configure() installs on the root logger; a later call replaces them.
_OURS: Final = (PrefixlogHandler, SplitHandler, QueueingHandler)


def _from_env(value: Optional[str], variable: str) -> tuple[Optional[str], str]:
    """The argument if given, else the environment variable; and the name to blame for a bad value."""
    if value is not None:
        return value, variable.removeprefix("PREFIXLOG_").lower()
    env = os.environ.get(variable)
    if env is not None and env.strip():
        return env.strip(), variable
    return None, variable


def _switch(value: object, variable: str, default: bool) -> bool:
    """An on/off option: the argument (``True``/``False``), else the variable (``1``/``0``, ``true``/``false`` ...)."""
    option = variable.removeprefix("PREFIXLOG_").lower()
    if value is not None:
        return check_bool(option, value)
    env = os.environ.get(variable, "").strip()
    if not env:
        return default
    if env.lower() in _TRUE:
        return True
    if env.lower() in _FALSE:
        return False
    raise ValueError(f"{variable} must be 1 or 0 (or true/false, yes/no, on/off), not {env!r}")


def _streams(stream: object) -> tuple[Optional[IO[Any]], IO[Any]]:
    """``(low, high)``: where records below WARNING go (``None``: with the others) and where the others go."""
    if stream is not None and not isinstance(stream, str):
        return None, check_stream("stream", stream)
    name, option = _from_env(stream, ENV_STREAM)
    name = (name or "stderr").lower()
    if name not in STREAMS:
        objects = " or a stream object" if option == "stream" else ""
        raise ValueError(f"{option}: unknown stream {name!r}; use one of {', '.join(STREAMS)}{objects}")
    if name == "split":
        return sys.stdout, sys.stderr
    return None, sys.stdout if name == "stdout" else sys.stderr


def _queue_full(value: object) -> QueueFull:
    text = check_str("queue_full", value)
    if text in QUEUE_FULL:
        return cast(QueueFull, text)
    raise ValueError(f"queue_full must be one of {', '.join(map(repr, QUEUE_FULL))}, not {text!r}")


def make_formatter(format: Optional[str] = None, stream: Optional[IO[Any]] = None, **options: Any) -> logging.Formatter:
    """The formatter ``configure()`` would install for ``format`` (see the module's table and :mod:`._registry`)."""
    name, option = _from_env(format, ENV_FORMAT)
    name = (name or AUTO).lower()
    if name not in NAMES:
        raise ValueError(f"{option}: unknown format {name!r}; use one of {', '.join(NAMES)}")
    stream = _terminal.resolve_stream(stream)
    preset, preset_option = _from_env(options.pop("preset", None), ENV_PRESET)
    if preset is not None:
        preset = check_preset(preset_option, preset).name  # a bad value fails whatever the format
    escapes, escapes_option = _from_env(options.pop("escapes", None), ENV_ESCAPES)
    if escapes is not None:
        escapes = check_choice(escapes_option, escapes, ESCAPES)  # checked whatever the format
    tz = options.pop("tz", None)
    tz_option = "tz"
    if tz is None and os.environ.get(ENV_TZ, "").strip():
        tz, tz_option = os.environ[ENV_TZ].strip(), ENV_TZ
    options["tz"] = check_tz(tz_option, tz)  # checked (and a name looked up) once, whatever the format
    fields = _static_fields(options.pop("fields", None))
    if fields:
        options["static_fields"] = {**fields, **check_mapping("static_fields", options.get("static_fields"))}
    if name == AUTO:
        name = auto_name(_terminal.is_terminal(stream))
    entry = FORMATS[name]
    options.setdefault("stream", stream)  # an option may name another stream for the TTY test
    if preset is not None:
        if entry.presets:
            options["preset"] = preset
        elif preset_option == "preset":
            raise ValueError(f"preset applies to the json format only, not to {name!r}")
    if escapes is not None and entry.escapes:  # JSON lines are always JSON-escaped
        options["escapes"] = escapes
    return entry.make(**options)


def _static_fields(fields: object) -> dict[str, Any]:
    """``fields`` (a mapping), else ``PREFIXLOG_FIELDS`` read as a logfmt line (``service=api pod="web 1"``)."""
    if fields is not None:
        return check_mapping("fields", fields)
    text = os.environ.get(ENV_FIELDS, "").strip()
    if not text:
        return {}
    pairs = read_logfmt(text)
    if pairs is None:
        raise ValueError(
            f"{ENV_FIELDS} must be key=value pairs separated by spaces, as logfmt writes them "
            f'(service=api pod="web 1"), not {text!r}'
        )
    return dict(pairs)


def _stream_handler(format: Optional[str], stream: IO[Any], options: dict[str, Any]) -> PrefixlogHandler:
    handler = PrefixlogHandler(stream)
    handler.setFormatter(make_formatter(format, stream, **options))  # each stream decides its own layout
    return handler


def configure(
    format: Optional[str] = None,
    level: Optional[Union[int, str]] = None,
    stream: Optional[Union[IO[Any], StreamName]] = None,
    *,
    queue: Optional[bool] = None,
    queue_full: QueueFull = "wait",
    queue_size: int = DEFAULT_SIZE,
    capture: Optional[bool] = None,
    **formatter_options: Any,
) -> logging.Handler:
    """Install one prefixlog handler on the root logger and set the root level, from arguments or the environment.

    One call at start-up sets up logging for an app or a container: each
    argument left out falls back to its ``PREFIXLOG_*`` environment
    variable, then to its default, so a container changes format, level or
    destination without a code change (``PREFIXLOG_FORMAT=json``).  Every
    argument is checked before anything changes: a bad value is a
    ``ValueError`` (a wrong type a ``TypeError``) naming the argument or the
    variable.  A set-up from an earlier call is replaced (its queue drained
    first), so calling it twice is harmless.  logrus's nearest is setting
    ``logrus.SetFormatter``, ``SetLevel`` and ``SetOutput`` by hand.

    Args:
        format: The layout, by name: ``"text"`` (the readable layout,
            coloured on a terminal), ``"logfmt"``, ``"prefixed"``,
            ``"json"``, ``"slog"``, ``"slog-json"``, ``"zap"``,
            ``"zap-console"``, ``"zerolog"``, ``"zerolog-console"``, or
            ``"auto"`` (text on a terminal, logfmt otherwise).  Default
            ``None``: ``PREFIXLOG_FORMAT``, else ``"auto"``.
        level: The root logger's level: a name (``trace``, ``debug``,
            ``info``, ``warning``/``warn``, ``error``, ``fatal``/``critical``,
            ``panic``, any case) or a number.  Default ``None``:
            ``PREFIXLOG_LEVEL``, else ``INFO``; logrus's ``SetLevel``.
        stream: Where the lines go: ``"stderr"``, ``"stdout"``, ``"split"``
            (below WARNING to stdout, the rest to stderr, each stream with
            the layout it calls for) or a stream object.  Default ``None``:
            ``PREFIXLOG_STREAM``, else ``"stderr"``; logrus's ``SetOutput``.
        queue: Put a bounded queue and one writer thread between the logging
            calls and the streams, drained at exit (a SIGTERM whose handler
            is the default one then becomes ``SystemExit(143)``, so it
            drains).  Default ``None``: ``PREFIXLOG_QUEUE`` (``1``/``0``,
            ``true``/``false``, ``yes``/``no``, ``on``/``off``), else off.
        queue_full: When the queue is full: ``"wait"`` (the call waits for
            room; nothing is lost) or ``"drop"`` (the record is dropped and
            counted, and a warning record says how many).  Default ``"wait"``;
            no variable.
        queue_size: The queue's capacity, in records.  Default ``10000``; no
            variable.
        capture: Route uncaught exceptions (also in threads), unraisable
            exceptions and warnings through logging, as records.  Default
            ``None``: ``PREFIXLOG_CAPTURE`` (as for ``queue``), else on.
        **formatter_options: Go to the formatter
            (``configure(format="text", full_timestamp=True)``), and these
            have a variable too: ``preset`` (``PREFIXLOG_PRESET``; JSON field
            names for a shipper, json format only; default ``"logrus"``),
            ``escapes`` (``PREFIXLOG_ESCAPES``; how the ``text``, ``logfmt``
            and ``prefixed`` formats escape quoted values, ``"go"`` or
            ``"logfmt"``; default ``"go"``), ``tz``
            (``PREFIXLOG_TZ``; default local time) and ``fields``
            (``PREFIXLOG_FIELDS``, a logfmt line such as
            ``service=api pod="web 1"``; fields on every record, the
            formatter's ``static_fields``, which a ``static_fields`` option
            adds to; default none).

    Returns:
        The handler installed on the root logger.

    Raises:
        TypeError: An argument of the wrong type, naming it.
        ValueError: A bad argument or variable, naming it.

    Example:
        >>> import prefixlog
        >>> handler = prefixlog.configure(format="json", level="debug", capture=False)  # doctest: +SKIP
    """
    level_value, level_option = _from_env(level if level is None else str(level), ENV_LEVEL)
    number = INFO if level_value is None else parse_level(level_value, level_option)
    low, high = _streams(stream)
    use_queue = _switch(queue, ENV_QUEUE, default=False)
    full = _queue_full(queue_full)
    size = check_int("queue_size", queue_size, minimum=1)
    use_capture = _switch(capture, ENV_CAPTURE, default=True)
    destination: logging.Handler = _stream_handler(format, high, dict(formatter_options))
    if low is not None:
        destination = SplitHandler(_stream_handler(format, low, dict(formatter_options)), destination)

    handler = QueueingHandler(destination, size, full) if use_queue else destination
    root = logging.getLogger()
    old = [h for h in root.handlers if isinstance(h, _OURS)]
    # One assignment: a thread logging meanwhile sees the old list or the new one, never neither.
    root.handlers = [h for h in root.handlers if not isinstance(h, _OURS)] + [handler]
    root.setLevel(number)
    for each in old:
        each.close()  # a queue is drained first
    if use_queue:
        _listener.install_sigterm_exit()
    else:
        _listener.remove_sigterm_exit()
    if use_capture:
        _capture.install()
    else:
        _capture.uninstall()
    return handler


def reset() -> None:
    """Undo :func:`configure`: remove its handlers (draining a queue), give back SIGTERM and the hooks.

    Not public: the tests' fixtures use it to leave the process as they found it.
    """
    root = logging.getLogger()
    old = [h for h in root.handlers if isinstance(h, _OURS)]
    root.handlers = [h for h in root.handlers if not isinstance(h, _OURS)]
    for each in old:
        each.close()
    _listener.drain_all()  # queues no longer on the root logger too
    _listener.remove_sigterm_exit()
    _capture.uninstall()
