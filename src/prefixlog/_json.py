"""``JSONFormatter``: logrus's ``JSONFormatter`` (v1.9) as a python-json-logger ``JsonFormatter``.

The record becomes the map logrus builds (user fields, ``fields.`` clash
renaming, ``time``/``msg``/``level``, the caller), and :mod:`._gojson` writes
it as Go's ``encoding/json`` does.  python-json-logger's hooks
(``add_fields``, ``process_log_record``, ``serialize_log_record``,
``jsonify_log_record``) run in its order, so its subclasses keep working.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import tzinfo
from types import MappingProxyType
from typing import IO, Any, Literal, Optional, Union

from pythonjsonlogger.json import JsonFormatter

from . import _fields, _gojson, _jsonwrite, _pjl, _record, _terminal
from ._destination import caller_is_terminal
from ._guard import fallback_parts, recover
from ._options import (
    FixedOptions,
    check_bool,
    check_field_map,
    check_line_text,
    check_mapping,
    check_str,
    check_stream,
    check_time_format,
    check_tz,
    check_unsupported,
    resolve_callable,
    time_converter,
)
from ._presets import check_preset
from ._sources import field_sources
from ._time import Converter

_PLAIN = frozenset((str, int, bool, type(None)))  # written alike by every encoder and by Go


class JSONFormatter(FixedOptions, JsonFormatter):
    """logrus's ``JSONFormatter`` (v1.9) for the ``logging`` module: Go's exact bytes, one object a line.

    Writes the map logrus builds (the fields, ``time``, ``level``, ``msg``,
    the caller) as Go's ``encoding/json`` writes it: keys sorted, no spaces,
    ``<>&`` escaped, values as Go writes the matching Go values.  It is a
    subclass of python-json-logger's ``JsonFormatter``, so code and
    configuration made for that keep working: its options below keep their
    meaning where logrus's output allows, and its hooks (``add_fields``,
    ``process_log_record``, ``serialize_log_record``,
    ``jsonify_log_record``) run in its order on every record, overridden in
    a subclass or set on the instance.  A ``dict`` message is merged into the
    record, as there (its ``msg`` or ``message`` is logrus's ``msg``).  A
    field named like one of logrus's own keys becomes ``fields.<name>``.
    Options are checked when the formatter is made and fixed from then on.

    Args:
        fmt: Record attributes to add as fields, as python-json-logger reads
            a format (``"%(name)s %(process)d"``, any ``style``, or a list
            of names); ``message``, ``asctime`` and ``levelname`` are
            logrus's ``msg``, ``time`` and ``level``, written anyway.  Default
            ``None``: none.  No Go counterpart.
        datefmt: The ``timestamp_format`` when that is not given (the
            ``class`` form of ``dictConfig`` and ``fileConfig`` passes it).
            Default ``None``.
        style: How ``fmt`` names attributes: ``"%"``, ``"{"``, ``"$"`` or
            ``","`` (names separated by commas).  Default ``"%"``.
        validate: ``logging``'s check that ``fmt`` fits ``style``.  Default
            ``True``.
        defaults: Fields on every record, below ``fmt``'s attributes and
            ``static_fields``; an attribute ``fmt`` names that the record
            lacks takes its default.  Default ``None``: none.
        timestamp_format: The time's layout: a Go layout or, if it holds a
            ``%``, a strftime string.  Default ``None``: ``datefmt``, else
            the preset's (RFC 3339 for ``logrus``); logrus's ``TimestampFormat``.
        disable_timestamp: Write no ``time``.  Default ``False``; logrus's
            ``DisableTimestamp``.
        disable_html_escape: Write ``<``, ``>`` and ``&`` as they are
            instead of ``\\u003c``, ``\\u003e``, ``\\u0026``.  Default
            ``False``; logrus's ``DisableHTMLEscape``.
        data_key: Put all the fields into one object under this key
            (``"data":{}`` when there are none).  Default ``""``: the fields
            at the top level; logrus's ``DataKey``.
        field_map: Renames logrus's own keys: ``time``, ``msg``, ``level``,
            ``logrus_error``, ``func``, ``file`` (and ``exc_type``,
            ``exc_message``, ``exc_info``, ``stack_info``), on top of the
            preset's names.  Default ``None``: none renamed; logrus's ``FieldMap``.
        pretty_print: Go's two-space indent, one record over several lines.
            Default ``False``; logrus's ``PrettyPrint``.
        caller_prettyfier: ``f(record) -> (func, file)``, the caller as
            written with ``report_caller``; ``""`` leaves that key out.  A
            callable or a dotted path.  Default ``None``: the function's name
            and ``path:line``; logrus's ``CallerPrettyfier``.
        report_caller: Write the caller as ``func`` and ``file``.  Default
            ``False``; logrus's ``Logger.ReportCaller``.
        preset: The field names and level words a log shipper reads without
            a parsing rule: ``"logrus"``, ``"ecs"`` (Elasticsearch),
            ``"gcp"`` (Cloud Logging) or ``"datadog"``; the three others write
            UTC times unless ``tz`` is given.  Default ``"logrus"``; no Go
            option.
        prefix: Text written before the JSON (``"@cee: "``); no line break.
            Default ``""``; python-json-logger's.
        rename_fields: Renames fields (``{"user": "user.name"}``); its
            ``levelname``, ``message`` and ``asctime`` rename logrus's
            ``level``, ``msg`` and ``time``, and ``exc_info``/``stack_info``
            the traceback and stack fields.  Default ``None``: none;
            python-json-logger's.
        rename_fields_keep_missing: Write a renamed field the record lacks
            as ``null``.  Default ``False``; python-json-logger's.
        static_fields: Fields on every record (a record's own field of the
            same name wins).  Default ``None``: none; python-json-logger's.
        reserved_attrs: The record attributes that are not fields.  Default
            ``None``: every standard ``LogRecord`` attribute;
            python-json-logger's.
        exclude_fields: Field names never written, whatever gives them.
            Default ``None``: ``["color_message"]`` (uvicorn's coloured copy
            of the message); ``[]`` writes every field.
        timestamp: python-json-logger's own time field: anything but the
            default is a ``ValueError``, as logrus writes ``time`` itself
            (rename it with ``field_map``).  Default ``False``.
        exc_info_as_array: Write ``exc_info`` as an array of lines.  Default
            ``False``; python-json-logger's.
        stack_info_as_array: Write ``stack_info`` as an array of lines.
            Default ``False``; python-json-logger's.
        json_default: Asked first for every value JSON has no type for; what
            it returns is written in turn, and when it raises prefixlog's
            rule for the value applies.  A callable or a dotted path.
            Default ``None``: prefixlog's values table; python-json-logger's.
        json_encoder: Anything but the default is a ``ValueError``: the
            encoder is Go's (use ``json_default``).  Default ``None``.
        json_serializer: Anything but the default or ``json.dumps`` is a
            ``ValueError``: the encoder is Go's.  Default ``None``.
        json_indent: Anything but the default is a ``ValueError``: use
            ``pretty_print=True`` (Go's two spaces).  Default ``None``.
        json_ensure_ascii: Escape every non-ASCII character (``\\u00e9``).
            Default ``False``, as Go writes UTF-8; python-json-logger's.
        stream: Where the lines go, when no handler says so: on a terminal,
            DEL, the C1 controls and the bidirectional controls are written
            as ``\\u`` escapes (Go writes them raw).  Default ``None``:
            ``sys.stderr``; logrus's ``Logger.Out``.
        tz: The time zone of ``time``: ``"UTC"``, an IANA name or a
            ``tzinfo``.  Default ``None``: local time (UTC for the ``ecs``,
            ``gcp`` and ``datadog`` presets); Go's ``time.Local``.

    Raises:
        TypeError: An option of the wrong type, naming it.
        ValueError: A wrong option value, naming it.
    """

    def __init__(
        self,
        fmt: Optional[Union[str, Sequence[str]]] = None,
        datefmt: Optional[str] = None,
        style: str = "%",
        validate: bool = True,
        *,
        defaults: Optional[Mapping[str, Any]] = None,
        timestamp_format: Optional[str] = None,
        disable_timestamp: bool = False,
        disable_html_escape: bool = False,
        data_key: str = "",
        field_map: Optional[Mapping[str, str]] = None,
        pretty_print: bool = False,
        caller_prettyfier: Union[Callable[[logging.LogRecord], tuple[str, str]], str, None] = None,
        report_caller: bool = False,
        preset: Literal["logrus", "ecs", "gcp", "datadog"] = "logrus",
        prefix: str = "",
        rename_fields: Optional[Mapping[str, str]] = None,
        rename_fields_keep_missing: bool = False,
        static_fields: Optional[Mapping[str, Any]] = None,
        reserved_attrs: Optional[Sequence[str]] = None,
        exclude_fields: Optional[Sequence[str]] = None,
        timestamp: Union[bool, str] = False,
        exc_info_as_array: bool = False,
        stack_info_as_array: bool = False,
        json_default: Union[Callable[[Any], Any], str, None] = None,
        json_encoder: Any = None,
        json_serializer: Any = None,
        json_indent: Any = None,
        json_ensure_ascii: bool = False,
        stream: Optional[IO[Any]] = None,
        tz: Union[str, tzinfo, None] = None,
    ) -> None:
        check_unsupported(
            "timestamp", timestamp, (False,), "logrus writes the time itself; see field_map and timestamp_format"
        )
        check_unsupported("json_encoder", json_encoder, (None,), "the encoder is Go's encoding/json; use json_default")
        check_unsupported("json_serializer", json_serializer, (None, json.dumps), "the encoder is Go's encoding/json")
        check_unsupported("json_indent", json_indent, (None,), "use pretty_print=True (Go's two-space indent)")
        self._preset = check_preset("preset", preset)
        self.preset = self._preset.name
        prefix = check_line_text("prefix", prefix)
        # check_mapping reads key by key, as python-json-logger does: dictConfig's ext:// values resolve then.
        rename = check_mapping("rename_fields", rename_fields, str_values=True)
        own_keys = check_field_map("field_map", field_map, _fields.FIELD_MAP_KEYS)
        # python-json-logger's names for what logrus writes itself: renaming them renames logrus's keys.
        for attr, logrus_key in _pjl.WRITTEN_AS_LOGRUS_KEYS.items():
            if attr in rename:
                if logrus_key in own_keys:
                    raise ValueError(
                        f"rename_fields[{attr!r}] and field_map[{logrus_key!r}] both rename logrus's "
                        f"{logrus_key!r} key; give one of them"
                    )
                own_keys[logrus_key] = rename.pop(attr)
        # ... and of the traceback and the stack: those fields are renamed (a field of that name too).
        for name in _pjl.RENAMED_TRACE_FIELDS:
            if name in rename:
                if name in own_keys:
                    raise ValueError(
                        f"rename_fields[{name!r}] and field_map[{name!r}] both rename the {name!r} field; "
                        "give one of them"
                    )
                own_keys[name] = rename[name]
        static = check_mapping("static_fields", static_fields)
        super().__init__(
            fmt, datefmt, style, validate, prefix=prefix, rename_fields=rename, static_fields=static
        )  # fmt is parsed (and validated) as python-json-logger does
        self.rename_fields_keep_missing = check_bool("rename_fields_keep_missing", rename_fields_keep_missing)
        self._sources = field_sources(
            fmt_fields=self._required_fields,
            defaults=defaults,
            static_fields=static,
            reserved_attrs=reserved_attrs,
            exclude_fields=exclude_fields,
        )
        self.defaults = MappingProxyType(dict(self._sources.defaults))  # type: ignore[assignment] # read-only
        self.reserved_attrs = self._sources.reserved  # type: ignore[assignment] # python-json-logger's, read-only
        self.exclude_fields = self._sources.exclude
        self.exc_info_as_array = check_bool("exc_info_as_array", exc_info_as_array)
        self.stack_info_as_array = check_bool("stack_info_as_array", stack_info_as_array)
        self.json_default = resolve_callable("json_default", json_default)
        self.json_encoder = None  # python-json-logger set its own: not used
        self.json_ensure_ascii = check_bool("json_ensure_ascii", json_ensure_ascii)

        if timestamp_format is None:
            timestamp_format = datefmt or self._preset.time_layout or ""
        self.tz = check_tz("tz", tz)
        self.timestamp_format = check_time_format("timestamp_format", timestamp_format).in_zone(self._converter())
        self.disable_timestamp = check_bool("disable_timestamp", disable_timestamp)
        self.disable_html_escape = check_bool("disable_html_escape", disable_html_escape)
        self.data_key = check_str("data_key", data_key)
        self.field_map = MappingProxyType({**self._preset.field_map, **own_keys})
        self.pretty_print = check_bool("pretty_print", pretty_print)
        self.caller_prettyfier = resolve_callable("caller_prettyfier", caller_prettyfier)
        self.report_caller = check_bool("report_caller", report_caller)

        clash = _fields.clash_names(self.field_map, self.report_caller)
        own = self._preset.own_keys
        self._clash = clash._replace(moved=clash.moved | own, moved_exc=clash.moved_exc | own)
        self._blocked = _fields.blocked_names(self._clash.moved, self._clash.copied) | self.exclude_fields
        self._levels = self._preset.levels
        self._preset_fields = self._preset.extra
        self._constant = dict(self._preset.constant)
        key = self._key
        self._time_key, self._msg_key, self._level_key = key("time"), key("msg"), key("level")
        self._func_key, self._file_key = key("func"), key("file")
        self._as_array = frozenset(
            key(name)
            for name, split in (
                (_record.EXC_INFO, self.exc_info_as_array),
                (_record.STACK_INFO, self.stack_info_as_array),
            )
            if split
        )
        self._plain_fields = self._sources.simple and not self.rename_fields
        self._one_pass = self._plain_fields and not self.data_key
        self.stream = _terminal.resolve_stream(check_stream("stream", stream))
        # For a terminal, DEL, C1 and bidi controls are escaped: always, for a stream given; else when
        # a line holds one and the handler writing it has a terminal (see format()).
        self._stream_given = stream is not None
        self._stream_is_terminal = _terminal.is_terminal(self.stream)
        self._encoder = _jsonwrite.Encoder(
            escape_html=not self.disable_html_escape,
            indent=self.pretty_print,
            ensure_ascii=self.json_ensure_ascii,
            terminal=self._stream_is_terminal and self._stream_given,
        )
        self._layout = self._format_record
        # The common case builds the prepared map in one pass, skipping the
        # hooks' bookkeeping; a subclass that overrides a hook gets them all (so does an instance
        # a hook is set on: see __setattr__).
        cls = type(self)
        self._direct = self._one_pass and all(getattr(cls, name) is getattr(JSONFormatter, name) for name in _pjl.HOOKS)
        # python-json-logger's mappings, read-only as every option is (see FixedOptions)
        self.rename_fields = MappingProxyType(dict(self.rename_fields))  # type: ignore[assignment]
        self.static_fields = MappingProxyType(dict(self.static_fields))  # type: ignore[assignment]

    def _converter(self) -> Converter:
        """How times are broken down: ``tz``, else UTC for a shipper's preset, else ``converter`` (local)."""
        if self.tz is None and self._preset.time_layout:  # a shipper's preset: its times are UTC
            return time.gmtime
        return time_converter(self, self.tz)

    def _converter_changed(self) -> None:
        """``converter`` was assigned (``time.gmtime`` for UTC, as in the stdlib): times are written with it."""
        if self.tz is None:
            self.__dict__["timestamp_format"] = self.timestamp_format.in_zone(self.converter)

    def _key(self, name: str) -> str:
        return self.field_map.get(name, name)

    # -- the record ----------------------------------------------------------

    def format(self, record: logging.LogRecord) -> str:
        """The record as logrus writes it, without the final newline; never raises.

        Go's bytes, except for a terminal: when the line holds a DEL, C1 or
        bidirectional control and the handler writing it (see
        ``_destination``) has a terminal, those are ``\\u`` escaped.  A record
        that can't be written as it is is written repaired, saying why (see
        ``_guard``).

        Args:
            record: The record to write.

        Returns:
            The JSON line (several lines with ``pretty_print``), without the
            final newline.
        """
        layout = self._layout
        try:
            text = layout(record)
        except Exception as error:  # never let logging take the application down
            text = recover(layout, record, error, self._last_resort)
        unsafe = not self._stream_given and _jsonwrite.has_terminal_controls(text)
        if unsafe and caller_is_terminal(sys._getframe(1), self._stream_is_terminal):
            text = _jsonwrite.terminal_fixups(text)
        return text

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name in _pjl.HOOKS:  # a hook set on the instance: called on every record, as python-json-logger does
            object.__setattr__(self, "_direct", False)

    def _format_record(self, record: logging.LogRecord) -> str:
        """python-json-logger's ``format()``: ``message_dict``, then its hooks in its order."""
        traced = record.exc_info or record.exc_text or record.stack_info
        if self._direct and not traced and not _pjl.is_dict_message(record):
            try:
                return self._format_direct(record)
            except TypeError:  # a value whose type can't be hashed (its metaclass says so): the careful path
                pass
        log_data: dict[str, Any] = {}
        self.add_fields(log_data, record, _pjl.message_dict(self, record))
        log_data = self.process_log_record(log_data)
        return self.serialize_log_record(log_data)

    def _format_direct(self, record: logging.LogRecord) -> str:
        """``format()`` for a record without exception or stack, when no hook is overridden.

        The same map as ``add_fields`` builds, prepared for the encoder as it
        is built (see :func:`._gojson.prepare_object`).
        """
        clash = self._clash
        data: dict[str, Any] = {}
        plain, prepare_float, default = _PLAIN, _gojson.prepare_float, self.json_default
        pairs = _fields.data_pairs(record, clash.moved, clash.copied, False, self._blocked, self.exclude_fields)
        for key, value in pairs:
            kind = type(value)
            if kind in plain:
                data[key] = value
            elif kind is float:
                data[key] = prepare_float(value)
            else:
                data[key] = _gojson.prepare(value, default)
        if not self.disable_timestamp:
            data[self._time_key] = self.timestamp_format(record.created)
        data[self._msg_key] = _record.message(record)
        self._add_own_fields(data, record)
        return self.prefix + self._encoder.encode(data)

    def _add_own_fields(self, data: dict[str, Any], record: logging.LogRecord) -> None:
        """The level, the preset's own fields and the reported caller, into ``data`` (after the message)."""
        data[self._level_key] = self._levels(record.levelno, record.levelname)
        if self._constant:
            data.update(self._constant)
        if self._preset_fields is not None:
            data.update(_gojson.prepare(dict(self._preset_fields(record))))
        if self.report_caller:
            func, file = _record.caller(record, self.caller_prettyfier)
            if func:
                data[self._func_key] = func
            if file:
                data[self._file_key] = file

    def _user_fields(self, record: logging.LogRecord, message_dict: dict[Any, Any], trace: bool) -> _fields.Pairs:
        """The record's fields and python-json-logger's extra sources, lowest precedence first.

        ``trace``: the record's exception and stack are written as their own
        fields, so the attributes that hold them are not fields too.
        """
        pairs = self._sources.pairs(record, message_dict, trace)
        rename = self.rename_fields
        if not rename and not self.rename_fields_keep_missing:
            return pairs
        merged = {rename.get(k, k): v for k, v in pairs}
        if self.rename_fields_keep_missing:
            for name in rename.values():
                merged.setdefault(name, None)
        return list(merged.items())

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[Any, Any]) -> None:
        """Fill ``log_data`` with the map logrus's ``JSONFormatter.Format`` builds (python-json-logger's hook).

        Override it in a subclass (calling this one) to add or change fields,
        as with python-json-logger.

        Args:
            log_data: The map being built; filled in place.
            record: The record being written.
            message_dict: python-json-logger's: a dict message's items are
                fields, its ``msg`` (or ``message``) is logrus's ``msg``; its
                ``exc_info``/``stack_info`` are the record's traceback and
                stack, written under their field names.
        """
        given = dict(message_dict)
        trace = dict(_record.trace_fields(self, record))
        for name in _pjl.RENAMED_TRACE_FIELDS:
            if name in trace and given.get(name):  # python-json-logger's format() put it there, or the dict's own
                trace[name] = given.pop(name)
        msg = record.__dict__.get("msg")
        if isinstance(msg, dict):
            text, used = _pjl.dict_message(msg)
            if used is not None:
                given.pop(used, None)
        else:
            text = _record.message(record)
        key = self._key
        extra = [(key(name), value) for name, value in trace.items()]
        clash = self._clash
        moved = clash.moved_exc if extra else clash.moved
        if self._one_pass and not given:  # the common record: the pipeline in one pass
            log_data.update(_fields.data_pairs(record, moved, clash.copied, False, None, self.exclude_fields))
        else:
            pairs = self._user_fields(record, given, bool(extra))
            if self.data_key:
                pairs = [(self.data_key, dict(pairs))]
            log_data.update(_fields.resolve_clashes(pairs, moved, clash.copied))
        for name, value in extra:
            log_data[name] = value.splitlines() if name in self._as_array and type(value) is str else value
        if not self.disable_timestamp:
            log_data[self._time_key] = self.timestamp_format(record.created)
        log_data[self._msg_key] = text
        self._add_own_fields(log_data, record)

    def jsonify_log_record(self, log_data: dict[str, Any]) -> str:
        """``log_data`` as Go's ``encoding/json`` writes a map (python-json-logger's hook).

        Args:
            log_data: The map to write.

        Returns:
            The JSON text: keys sorted, Go's escapes, ``json_default`` asked
            for values JSON has no type for.
        """
        return self._encoder.encode(_gojson.prepare_object(log_data, self.json_default))

    def formatException(self, ei: Any) -> str:  # noqa: N802 - logging's name
        """The traceback as text (``exc_info_as_array`` splits it in the field, not here).

        Args:
            ei: The record's ``exc_info`` tuple.

        Returns:
            The traceback, as ``logging.Formatter`` writes it.
        """
        return logging.Formatter.formatException(self, ei)

    def formatStack(self, stack_info: str) -> str:  # noqa: N802 - logging's name
        """The stack as text (``stack_info_as_array`` splits it in the field, not here).

        Args:
            stack_info: The record's ``stack_info``.

        Returns:
            The stack, as ``logging.Formatter`` writes it.
        """
        return logging.Formatter.formatStack(self, stack_info)

    def _last_resort(self, record: logging.LogRecord, error: Exception) -> str:
        """A last-resort line when formatting failed: level, message and the failure, as JSON."""
        level, msg, failure = fallback_parts(record, error)
        data = {self._level_key: level, self._msg_key: msg, _fields.ERROR_KEY: failure}
        text = json.dumps(data, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
        return _jsonwrite.go_fixups(text, escape_html=True)
