"""The field pipeline (prefixlog._fields): one rule for every layout."""

from __future__ import annotations

import json
import logging
import re

import pytest

from layouts import LAYOUTS, OTHER_KEYS


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
    if layout.startswith("prefixed"):  # x-cray renames nothing: both are written under their own names
        assert "fields.exc_type" not in keys
    else:
        assert "fields.exc_type" in keys
        assert "exc_type" not in keys
