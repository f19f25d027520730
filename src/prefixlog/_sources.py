"""Where a formatter's fields come from besides the record's own: python-json-logger's options, on every layout.

``fmt`` names record attributes to write as fields (``%(name)s``,
``{process}``, ``$thread``, python-json-logger's ``,`` style or a list of
names); ``defaults`` are fields a record may override; ``static_fields`` are
written on every record; ``reserved_attrs`` are the attributes that are not
fields; ``exclude_fields`` are never written.  Every formatter parses these
options with :func:`field_sources` and its field pipeline reads the record
through the :class:`FieldSources` it gives, so the text layouts and JSON
agree.  Lowest precedence first: ``defaults``, ``fmt``'s attributes,
``static_fields``, a dict message's items (JSON), the record's own fields;
a later source's value wins and an earlier source's position stays.
"""

from __future__ import annotations

import logging
import re
import string
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final, Optional, Union

from ._fields import CLASH_PREFIX, RESERVED_ATTRS, Pairs, collect
from ._gofmt import to_text
from ._options import check_mapping, check_names

#: Attributes frameworks add only to decorate their own console output: not written unless
#: ``exclude_fields`` says otherwise.  uvicorn's ``color_message`` is its message with colour codes.
DEFAULT_EXCLUDE: Final[frozenset[str]] = frozenset({"color_message"})

#: Record attributes every layout writes under its own keys: naming them in ``fmt`` adds no field.
WRITTEN_ANYWAY: Final[frozenset[str]] = frozenset({"message", "asctime", "levelname"})
#: The exception and stack attributes, which the text layouts write as their exception fields.
TRACE_ATTRS: Final[frozenset[str]] = frozenset({"exc_info", "exc_text", "stack_info"})

_PERCENT: Final = re.compile(r"%\(([^)]*)\)")
_BRACE_NAME: Final = re.compile(r"[^.\[]*")  # "{a.b}" and "{a[0]}" name the attribute a
_NO_NAMES: tuple[str, ...] = ()


class FieldSources:
    """A formatter's field sources, read by :meth:`pairs` for one record.

    ``simple``: the record's own fields are all there is (only the
    excluded names dropped), so the pipeline's one-pass reading applies.
    """

    __slots__ = (
        "attrs",
        "defaults",
        "exclude",
        "fmt_fields",
        "fmt_fields_trace",
        "not_fields",
        "not_fields_trace",
        "reserved",
        "simple",
        "static",
    )

    def __init__(
        self,
        *,
        fmt_fields: Sequence[str] = (),
        defaults: Optional[Mapping[str, Any]] = None,
        static: Optional[Mapping[str, Any]] = None,
        reserved: Optional[frozenset[str]] = None,
        exclude: frozenset[str] = DEFAULT_EXCLUDE,
    ) -> None:
        self.fmt_fields = tuple(fmt_fields)
        self.defaults: Mapping[str, Any] = dict(defaults or {})
        self.static: Mapping[str, Any] = dict(static or {})
        self.reserved = RESERVED_ATTRS if reserved is None else reserved
        # Every layout writes these attributes under its own keys, and the exception and stack (on a
        # record that has one) as its own fields: never again as fields, whatever reserved_attrs says.
        self.not_fields = self.reserved | WRITTEN_ANYWAY
        self.not_fields_trace = self.not_fields | TRACE_ATTRS
        self.fmt_fields_trace = tuple(name for name in self.fmt_fields if name not in TRACE_ATTRS)
        self.exclude = exclude
        self.simple = not (self.fmt_fields or self.defaults or self.static) and reserved is None
        # fmt's names that are record attributes proper: a field of the same name is moved aside
        self.attrs = frozenset(self.fmt_fields) & self.reserved

    def pairs(
        self, record: logging.LogRecord, message_dict: Optional[Mapping[Any, Any]] = None, trace: bool = False
    ) -> Pairs:
        """The record's fields from every source, each name once, excluded names dropped.

        ``message_dict``: a dict message's items (JSON); ``trace``: the record's
        exception or stack is written as its own fields, so the attributes
        holding them are no fields.
        """
        merged: dict[str, Any] = dict(self.defaults)
        fmt_fields = self.fmt_fields_trace if trace else self.fmt_fields
        if fmt_fields:
            attrs = record.__dict__
            defaults = self.defaults
            for name in fmt_fields:
                merged[name] = attrs[name] if name in attrs else defaults.get(name)
        merged.update(self.static)
        if message_dict:
            for key, value in message_dict.items():
                merged[key if type(key) is str else to_text(key)] = value
        not_fields = self.not_fields_trace if trace else self.not_fields
        if self.attrs:
            for key, value in collect(record, not_fields):
                if key in self.attrs:  # a context or bound field named like the attribute: both are kept
                    key = CLASH_PREFIX + key
                    while key in merged:
                        key = CLASH_PREFIX + key
                merged[key] = value
        else:
            merged.update(collect(record, not_fields))
        exclude = self.exclude
        if exclude:
            return [(k, v) for k, v in merged.items() if k not in exclude]
        return list(merged.items())


def fmt_names(fmt: Union[str, Sequence[str], None], style: str) -> list[str]:
    """The record attributes ``fmt`` names, in order, each once: python-json-logger's reading of a format.

    ``%(name)s``, ``{name}`` (``{name!r:>10}`` and ``{name.attr}`` name
    ``name``) or ``$name``/``${name}``; ``style=","``: names separated by
    commas; a list or tuple of names.  ``fmt`` is checked by ``logging``
    itself (``validate``) before this reads it.
    """
    if fmt is None:
        return []
    if isinstance(fmt, str):
        if style == ",":
            names = [part.strip() for part in fmt.split(",")]
        elif style == "{":
            names = []
            for _, field, _, _ in string.Formatter().parse(fmt):
                if field:
                    match = _BRACE_NAME.match(field)
                    names.append(match.group() if match else field)
        elif style == "$":
            names = [
                m.group("named") or m.group("braced")
                for m in string.Template.pattern.finditer(fmt)
                if m.group("named") or m.group("braced")
            ]
        else:
            names = _PERCENT.findall(fmt)
    else:
        names = list(fmt)  # a sequence of names, checked by check_fmt_sequence
    return [name for name in dict.fromkeys(names) if name]


def check_fmt(name: str, fmt: object, style: object) -> tuple[Optional[str], str, list[str]]:
    """``(fmt, style, names)`` for ``logging.Formatter``: a sequence of names or the ``,`` style is read here.

    ``logging.Formatter`` knows only ``%``, ``{`` and ``$``: for a list of
    names or python-json-logger's ``,`` style it is given no format.
    """
    if fmt is None:
        return None, style if isinstance(style, str) else "%", []
    if not isinstance(style, str) or style not in ("%", "{", "$", ","):
        raise ValueError(f"style must be one of '%', '{{', '$' or ',', not {style!r}")
    if isinstance(fmt, str):
        if style == ",":
            return None, "%", fmt_names(fmt, ",")
        return fmt, style, fmt_names(fmt, style)
    if isinstance(fmt, Sequence) and all(isinstance(item, str) for item in fmt):
        return None, "%", fmt_names(list(fmt), style)
    raise TypeError(f"{name} must be a format string or a list of record attribute names, not {fmt!r}")


def field_sources(
    *,
    fmt_fields: Sequence[str] = _NO_NAMES,
    drop: frozenset[str] = WRITTEN_ANYWAY,
    defaults: object = None,
    static_fields: object = None,
    reserved_attrs: object = None,
    exclude_fields: object = None,
) -> FieldSources:
    """The options, checked (each error names its option), as the :class:`FieldSources` a pipeline reads.

    ``drop``: the attributes the layout writes under its own keys, left out of ``fmt``'s fields.
    """
    exclude = check_names("exclude_fields", exclude_fields)
    return FieldSources(
        fmt_fields=[name for name in fmt_fields if name not in drop],
        defaults=check_mapping("defaults", defaults),
        static=check_mapping("static_fields", static_fields),
        reserved=check_names("reserved_attrs", reserved_attrs),
        exclude=DEFAULT_EXCLUDE if exclude is None else exclude,
    )


def text_sources(
    fmt: object, style: object, defaults: object, static_fields: object, reserved_attrs: object, exclude_fields: object
) -> tuple[Optional[str], str, FieldSources]:
    """A text layout's sources from its options of those names, and the ``fmt``/``style`` for ``logging.Formatter``.

    The attributes the line writes itself (message, time, level, the
    exception and stack) are left out of ``fmt``'s fields.
    """
    fmt, style, names = check_fmt("fmt", fmt, style)
    sources = field_sources(
        fmt_fields=names,
        drop=WRITTEN_ANYWAY | TRACE_ATTRS,
        defaults=defaults,
        static_fields=static_fields,
        reserved_attrs=reserved_attrs,
        exclude_fields=exclude_fields,
    )
    return fmt, style, sources


def show_sources(formatter: Any, sources: FieldSources) -> None:
    """The sources as the formatter's (read-only) attributes, python-json-logger's names."""
    formatter.fmt_fields = sources.fmt_fields
    formatter.static_fields = MappingProxyType(dict(sources.static))
    formatter.reserved_attrs = sources.reserved
    formatter.exclude_fields = sources.exclude
