"""The field pipeline (prefixlog._fields): one rule for every layout."""

from __future__ import annotations

import json
import logging
import re

import pytest

from prefixlog import FieldLogger
from prefixlog._fields import collect

from helpers import fresh_logger
from layouts import LAYOUTS, OTHER_KEYS, SLOG


def _stack_only_record() -> logging.LogRecord:
    logger = logging.Logger("fields", level=1)
    kept: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            kept.append(record)

    logger.addHandler(Keep())
    logger.info("m", extra={"exc_type": "mine"}, stack_info=True)
    return kept[0]


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_stack_only_record_moves_a_field_named_like_an_exception_field_in_every_layout(layout: str) -> None:
    """A record with a stack writes stack_info, so a user's exc_type goes to fields.exc_type, in every layout."""
    kind, factory = LAYOUTS[layout]
    line = factory(disable_timestamp=True).format(_stack_only_record())
    if layout in OTHER_KEYS:  # zap renames nothing: the field keeps its name beside the stack
        assert '"exc_type"' in line
        assert "fields.exc_type" not in line
        return
    if kind == "json":
        keys = set(json.loads(line))
    else:  # the keys of the first line, colours taken off (a stack's text follows it on the terminal)
        first = re.sub(r"\x1b\[[0-9;]*m", "", line.split("\n")[0])
        keys = set(re.findall(r"(?:^| )([\w.]+)=", first))
    if layout in SLOG:  # slog renames nothing either, and writes the stack as ``stack``
        assert {"exc_type", "stack"} <= keys
        assert "fields.exc_type" not in keys
    elif layout.startswith(("prefixed", "zerolog")):  # x-cray and zerolog rename nothing: both under their own names
        assert "fields.exc_type" not in keys
    else:
        assert "fields.exc_type" in keys
        assert "exc_type" not in keys


def test_fields_that_cant_be_attributes_keep_their_places() -> None:
    """``msg`` between two ordinary fields is written between them (its carrier records where it came)."""
    logger, capture = fresh_logger()
    FieldLogger(logger).with_fields({"user": "ana", "msg": "bound", 7: "seven", "count": 2}).info("m")
    record = capture.record
    assert record.__dict__["user"] == "ana"  # ordinary fields stay attributes, the later ones too
    assert record.__dict__["count"] == 2
    record.__dict__["count"] = 3  # a filter's change shows where the field was given
    assert collect(record) == [("user", "ana"), ("msg", "bound"), ("7", "seven"), ("count", 3)]
