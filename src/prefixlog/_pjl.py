"""python-json-logger 4.2's reading of a record, for ``JSONFormatter``.

What its ``JsonFormatter.format`` hands to ``add_fields`` (the
``message_dict``: a dict message's items, the exception and stack text), how
a dict message gives logrus's ``msg``, and which record attributes logrus writes
under its own keys.
"""

from __future__ import annotations

import logging
from typing import Any, Final, Optional

from ._gofmt import to_text
from ._record import EXC_INFO, STACK_INFO, exception_text, has_exception

#: Record attributes logrus writes under its own keys (``msg``, ``time``, ``level``):
#: named in ``fmt`` or left out of ``reserved_attrs`` they add nothing, and in
#: ``rename_fields`` they rename logrus's keys.
WRITTEN_AS_LOGRUS_KEYS: Final = {"message": "msg", "asctime": "time", "levelname": "level"}

#: The exception and stack fields a ``rename_fields`` entry renames (as ``field_map`` does):
#: python-json-logger writes the traceback and the stack under these names.
RENAMED_TRACE_FIELDS: Final = (EXC_INFO, STACK_INFO)

#: python-json-logger's hooks: one set on an instance is called on every record, as there.
HOOKS: Final = ("add_fields", "process_log_record", "serialize_log_record", "jsonify_log_record")

#: The keys of a dict message that give logrus's ``msg``, in order of preference.
_MESSAGE_KEYS: Final = ("msg", "message")


def is_dict_message(record: logging.LogRecord) -> bool:
    """Whether the record's message is a ``dict`` (``log.info({"event": "x"})``), as python-json-logger tests it."""
    return isinstance(record.__dict__.get("msg"), dict)


def dict_message(msg: dict[Any, Any]) -> tuple[str, Optional[str]]:
    """logrus's ``msg`` for a dict message, and the key it was read from.

    The value of its ``msg`` key, else of its ``message`` key, else the
    empty message; that key is then not written as a field as well.  A value
    that is not a ``str`` is its ``str()``, as ``getMessage()`` makes it (if
    that fails, its text as :func:`~prefixlog._gofmt.to_text` gives it).
    """
    for key in _MESSAGE_KEYS:
        if key in msg:
            value = msg[key]
            if type(value) is str:
                return value, key
            try:
                return str(value), key
            except Exception:  # a failing __str__, an int beyond the digit limit: never fail the record
                return to_text(value), key
    return "", None


def message_dict(formatter: logging.Formatter, record: logging.LogRecord) -> dict[Any, Any]:
    """The ``message_dict`` python-json-logger's ``format()`` passes to ``add_fields``.

    A copy of a dict message (the caller's dict is never changed), with
    ``exc_info`` (the traceback text) and ``stack_info`` added when the
    record has them and the dict does not give a true value of its own.
    """
    msg = record.__dict__.get("msg")
    out: dict[Any, Any] = dict(msg) if isinstance(msg, dict) else {}
    if (record.exc_info or record.exc_text) and not out.get(EXC_INFO) and has_exception(record):
        out[EXC_INFO] = exception_text(formatter, record)
    if record.stack_info and not out.get(STACK_INFO):
        out[STACK_INFO] = to_text(record.stack_info)
    return out
