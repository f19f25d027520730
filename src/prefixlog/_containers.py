"""``prefixlog pretty`` over a cluster's logs: ``kubectl logs --prefix`` brackets and ``--where`` filters.

``kubectl logs --prefix`` starts each line with ``[pod/<pod>/<container>] ``
(kubectl's ``addPrefixIfNeeded``), ``--timestamps`` with the time the
container runtime read it (RFC 3339, UTC, nanoseconds) and a space;
:func:`split_kubectl` takes both off so the rest is read as any line is.
The bracket's text becomes the record's ``prefix`` field, which each layout
shows its own way (``prefix=...`` in the text layout, ``pod/api-7d9f/api:``
before the message in the prefixed one), and kubectl's time is the
record's when the line names none.  :class:`Where` keeps the records whose every ``KEY=VALUE`` matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final, Optional

from ._fields import CLASH_PREFIX
from ._gofmt import to_text
from ._levels import INFO
from ._parse import Parsed, level_number, parse_time

#: kubectl's prefix: ``[pod/`` a pod name ``/`` a container name ``] `` (names hold no space, ``/`` or ``]``).
_KUBECTL: Final = re.compile(rb"\[pod/([^\s/\]]{1,253})/([^\s/\]]{1,253})\] ")
#: kubectl's ``--timestamps``: the container runtime's RFC 3339 time in UTC, nanoseconds, then a space.
_KUBECTL_TIME: Final = re.compile(rb"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?Z) ")
#: The field that holds the bracket's text.
PREFIX: Final = "prefix"


def split_prefix(line: bytes) -> tuple[Optional[str], bytes]:
    """``pod/<pod>/<container>`` and the rest of a ``kubectl logs --prefix`` line, or ``None`` and the line."""
    match = _KUBECTL.match(line) if line.startswith(b"[pod/") else None
    if match is None:
        return None, line
    return match.group()[1:-2].decode("utf-8", "replace"), line[match.end() :]


def split_time(line: bytes) -> tuple[Optional[float], bytes]:
    """The time and the rest of a ``kubectl logs --timestamps`` line, or ``None`` and the line."""
    match = _KUBECTL_TIME.match(line) if line[:1].isdigit() else None
    if match is None:
        return None, line
    return parse_time(match.group(1).decode("ascii")), line[match.end() :]


def split_kubectl(line: bytes) -> tuple[Optional[str], Optional[float], bytes]:
    """What ``kubectl logs`` put before the line (``--prefix``'s bracket, ``--timestamps``' time) and the line."""
    prefix, line = split_prefix(line)
    created, line = split_time(line)
    return prefix, created, line


def add_kubectl(parsed: Parsed, prefix: Optional[str], created: Optional[float]) -> None:
    """Give the record the bracket's prefix and kubectl's time (when the line has none of its own).

    A ``prefix`` of the line's own is kept as ``fields.prefix``.
    """
    if prefix is not None:
        if PREFIX in parsed.fields:
            parsed.fields[CLASH_PREFIX + PREFIX] = parsed.fields.pop(PREFIX)
        parsed.fields[PREFIX] = prefix
    if parsed.created is None:
        parsed.created = created


def where_condition(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` as a pair; a ``ValueError`` naming ``--where`` when it is not one."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ValueError(f"--where: not KEY=VALUE: {text!r}")
    key = key.strip()
    if key == "level" and level_number(value) is None:
        raise ValueError(f"--where: not a level name: {value!r}")
    return key, value


class Where:
    """Keeps the records whose every condition holds.

    A condition is ``KEY=VALUE``: ``level`` compares levels (``warn`` and
    ``warning`` are one level; a record without a level is info, as it is
    shown); ``msg`` (or ``message``) the message; any other key a field,
    compared as the text it is shown as (``n=5``, ``ok=true``); a dotted
    key (``http.status``) is the field of that name, or the same path
    inside a nested JSON object.  Equality is exact (case too).  A record
    without the field doesn't match.
    """

    def __init__(self, conditions: Iterable[tuple[str, str]]) -> None:
        self.conditions = tuple(conditions)

    def __bool__(self) -> bool:
        return bool(self.conditions)

    def keeps(self, parsed: Parsed) -> bool:
        return all(self._holds(parsed, key, value) for key, value in self.conditions)

    @staticmethod
    def _holds(parsed: Parsed, key: str, value: str) -> bool:
        if key == "level":
            return (INFO if parsed.level is None else parsed.level) == level_number(value)
        if key in ("msg", "message"):
            return parsed.message == value
        found = _lookup(parsed.fields, key)
        return found is not _MISSING and to_text(found) == value


_MISSING: Final = object()


def _lookup(fields: dict[str, Any], key: str) -> Any:
    """``fields[key]``, else the dotted path ``key`` inside nested objects, else ``_MISSING``."""
    if key in fields:
        return fields[key]
    node: Any = fields
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node
