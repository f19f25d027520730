"""``FieldFormatter``: what every Go layout's formatter takes besides its own options, declared once.

logrus's text, x-cray's, slog's, zap's and zerolog's formatters all take
``logging.Formatter``'s positional ``fmt``, ``datefmt``, ``style`` and
``validate`` (``dictConfig``'s ``class`` form and ``fileConfig`` pass them
by position), python-json-logger's field options, and ``stream``, ``tz``
and ``disable_timestamp``.  :class:`FormatterOptions` types them for the
formatters' ``**options``; :class:`FieldFormatter`, their base, parses them
(the field options with :mod:`prefixlog._sources`) before a formatter
parses its own.  ``JSONFormatter`` takes the same options through
python-json-logger's own constructor.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Mapping, Sequence
from datetime import tzinfo
from typing import IO, TYPE_CHECKING, Any, Final, Literal, Optional, TypedDict, Union

from ._options import FixedOptions, check_bool, check_stream, check_time_format, check_tz, time_converter
from ._sources import FieldSources, show_sources, text_sources
from ._terminal import resolve_stream
from ._time import TimeFormat

if sys.version_info >= (3, 11):
    from typing import Unpack
elif TYPE_CHECKING:  # Python 3.10: the formatters' modules import Unpack only for a type checker
    from typing_extensions import Unpack

__all__ = ["POSITIONAL", "FieldFormatter", "FormatterOptions", "Unpack"]


class FormatterOptions(TypedDict, total=False):
    """The options every formatter takes besides its own: ``logging``'s, python-json-logger's and three of Go's.

    Declared once, here: the text, prefixed, slog, zap and zerolog
    formatters take them as ``*args, **options: Unpack[FormatterOptions]``
    (``fmt``, ``datefmt``, ``style`` and ``validate`` also by position, as
    ``dictConfig``'s ``class`` form and ``fileConfig`` pass them), so type
    checkers and editors know them; ``JSONFormatter`` takes the same options
    by name, through python-json-logger's constructor.  The field options
    (``fmt`` to ``exclude_fields``) have no Go counterpart: Go's loggers take
    their fields from the call, Python's also from the record.

    Attributes:
        fmt: Record attributes to write as fields, as python-json-logger
            reads a format: ``"%(process)d %(threadName)s"`` (any ``style``)
            or a list of names.  The layout itself stays the Go logger's.
            Default ``None``: none.
        datefmt: ``logging``'s name for the formatter's time layout (each
            formatter says which option it is).  Default ``None``.
        style: How ``fmt`` names attributes: ``"%"`` (default), ``"{"``,
            ``"$"``, or python-json-logger's ``","`` (names separated by
            commas).
        validate: ``logging``'s check that ``fmt`` fits ``style``.  Default
            ``True``.
        defaults: Fields every record has unless it gives its own value (and
            the values of ``fmt``'s attributes a record lacks).  Default
            ``None``: none.
        static_fields: Fields written on every record, over ``fmt``'s
            attributes and ``defaults``.  Default ``None``: none.
        reserved_attrs: The record attributes that are not fields.  Default
            ``None``: ``logging``'s own attributes.
        exclude_fields: Field names never written.  Default ``None``:
            ``["color_message"]`` (uvicorn's coloured copy of the message);
            ``[]`` writes every field.
        stream: The stream the lines go to, when the formatter is used
            without a handler that says so: whether it is a terminal decides
            the terminal layouts' colours (see each formatter).  Default
            ``None``: the stream of the handler formatting each record
            (``sys.stderr`` without one); logrus's ``Logger.Out``.
        tz: The time zone of the record's time: ``"UTC"``, an IANA name
            (``"Europe/Berlin"``) or a ``tzinfo``.  Default ``None``: local
            time, Go's ``time.Local``.
        disable_timestamp: Write no time (logrus's ``DisableTimestamp``; a
            Go logger without a time key).  Default ``False``.
    """

    fmt: Union[str, Sequence[str], None]
    datefmt: Optional[str]
    style: Literal["%", "{", "$", ","]
    validate: bool
    defaults: Optional[Mapping[str, Any]]
    static_fields: Optional[Mapping[str, Any]]
    reserved_attrs: Optional[Sequence[str]]
    exclude_fields: Optional[Sequence[str]]
    stream: Optional[IO[Any]]
    tz: Union[str, tzinfo, None]
    disable_timestamp: bool


#: ``logging.Formatter``'s positional options, in its order (``dictConfig`` and ``fileConfig`` pass them so).
POSITIONAL: Final = ("fmt", "datefmt", "style", "validate")


class FieldFormatter(FixedOptions, logging.Formatter):
    """The base of the Go layouts' formatters: parses :class:`FormatterOptions`; each subclass its own options.

    A subclass's constructor takes ``*args`` (``logging``'s positional
    ``fmt``, ``datefmt``, ``style``, ``validate``), its own keyword-only
    options and ``**options: Unpack[FormatterOptions]``, and passes ``*args``
    and ``**options`` here first.  A keyword that is neither (a misspelt option)
    is a ``TypeError`` naming it and the formatter.  The parsed sources are
    ``_sources``, read by the field pipeline; ``stream``, ``tz``,
    ``disable_timestamp`` and ``datefmt`` are then attributes for the
    subclass to read (``stream`` is ``sys.stderr`` if none was given;
    ``_stream_given`` says whether one was).
    """

    # The options fixed once a formatter is made (``fmt``, ``style`` and ``validate`` are logging's own).
    _OPTIONS = frozenset(FormatterOptions.__annotations__) - {"fmt", "style", "validate"}
    _sources: FieldSources
    _stream_given: bool

    def __init__(self, *args: Any, **given: Unpack[FormatterOptions]) -> None:
        name = type(self).__name__
        if len(args) > len(POSITIONAL):
            raise TypeError(f"{name}() takes at most 4 positional arguments ({', '.join(POSITIONAL)}), not {len(args)}")
        options: dict[str, Any] = dict(zip(POSITIONAL, args, strict=False))
        for key in given:
            if key not in FormatterOptions.__annotations__:
                raise TypeError(f"{name}() got an unexpected keyword argument {key!r}")
            if key in options:
                raise TypeError(f"{name}() got multiple values for argument {key!r}")
        options.update(given)
        fmt, style, self._sources = text_sources(
            options.get("fmt"),
            options.get("style", "%"),
            options.get("defaults"),
            options.get("static_fields"),
            options.get("reserved_attrs"),
            options.get("exclude_fields"),
        )
        datefmt, validate = options.get("datefmt"), options.get("validate", True)
        super().__init__(fmt, datefmt, style, validate, defaults=dict(self._sources.defaults))  # type: ignore[arg-type]
        show_sources(self, self._sources)
        self.disable_timestamp = check_bool("disable_timestamp", options.get("disable_timestamp", False))
        self.tz = check_tz("tz", options.get("tz"))
        stream = check_stream("stream", options.get("stream"))
        self.stream = resolve_stream(stream)
        self._stream_given = stream is not None

    def _time_layout(self, name: str, layout: Optional[str]) -> TimeFormat:
        """The time layout option ``name`` (``None``: ``datefmt``, else ``""``), checked, in the formatter's zone."""
        return check_time_format(name, (self.datefmt or "") if layout is None else layout).in_zone(
            time_converter(self, self.tz)
        )
