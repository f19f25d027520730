"""Property tests: a record made by hand with anything in any attribute is still written whole.

Whatever ``created``, ``levelno``, ``msg``, ``args``, ``exc_info`` and the
other attributes hold, every layout writes one line (logfmt, JSON) with the
time, the level and every ordinary field: a bad attribute costs only itself.

Run longer than CI does with, for example:
    PREFIXLOG_FUZZ_EXAMPLES=50000 .venv/bin/python -m pytest tests/test_properties_hostile.py
"""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layouts import LAYOUTS, OTHER_KEYS, read_fields

EXAMPLES = int(os.environ.get("PREFIXLOG_FUZZ_EXAMPLES", "150"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Lone surrogates aside: Go's %q writes U+DC80 as the byte \x80, which the strict reader can't
# read back as UTF-8 (test_safety covers them).
SPECIAL = "\t\n\r\x00\x1b\x7f\x85\x9b\u2028\u202e\"'\\= "
text = st.text(st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(SPECIAL)), max_size=20)
big_ints = st.integers(min_value=4000, max_value=6000).map(lambda digits: 7 * 10**digits + 1)
numbers = st.one_of(st.integers(), st.floats(), big_ints, st.just(10**400), st.just(-(10**400)))


class Hostile:
    """An object whose every conversion raises."""

    def __str__(self) -> str:
        raise RuntimeError("no str")

    def __repr__(self) -> str:
        raise RuntimeError("no repr")

    def __index__(self) -> int:
        raise RuntimeError("no index")

    def __float__(self) -> float:
        raise RuntimeError("no float")


def _exc_info() -> Any:
    try:
        raise ValueError("real")
    except ValueError:
        return sys.exc_info()


anything = st.one_of(text, numbers, st.none(), st.booleans(), st.builds(Hostile), st.lists(numbers, max_size=3))
exc_infos = st.one_of(
    st.none(),
    st.just((None, None, None)),
    st.builds(_exc_info),
    anything,
    st.tuples(anything, anything, anything),
    st.tuples(st.just(ValueError), anything, st.none()),
)
ATTRIBUTES = {
    "created": anything,
    "msecs": anything,
    "relativeCreated": anything,
    "levelno": st.one_of(st.sampled_from([5, 10, 20, 25, 30, 40, 50, 60]), anything),
    "levelname": anything,
    "name": anything,
    "msg": anything,
    "args": st.one_of(st.none(), st.tuples(anything), st.dictionaries(text, anything, max_size=2), anything),
    "exc_info": exc_infos,
    "exc_text": anything,
    "stack_info": anything,
    "pathname": anything,
    "funcName": anything,
    "lineno": anything,
}
attributes = st.fixed_dictionaries({}, optional=ATTRIBUTES)
odd_keys = st.dictionaries(st.one_of(st.integers(), st.none(), st.floats(allow_nan=False)), text, max_size=2)

ONE_LINE = sorted(name for name, (kind, _) in LAYOUTS.items() if kind in ("logfmt", "json"))
# An RFC 3339 time; years before 1 and after 9999 are written as they are (Go's layouts do too).
TIME = re.compile(r"-?\d{3,}-\d\d-\d\dT\d\d:\d\d:\d\d")


def _record(attrs: dict[str, Any], odd: dict[Any, str]) -> logging.LogRecord:
    record = logging.makeLogRecord({"msg": "m", "user": "ana"})
    record.__dict__.update(attrs)
    mapping: dict[Any, Any] = record.__dict__
    mapping.update(odd)
    return record


@pytest.mark.parametrize("layout", ONE_LINE)
@PROFILE
@given(attrs=attributes, odd=odd_keys)
def test_any_record_is_written_whole_on_one_line(layout: str, attrs: dict[str, Any], odd: dict[Any, str]) -> None:
    _, factory = LAYOUTS[layout]
    line = factory().format(_record(attrs, odd))
    line.encode("utf-8")
    assert "\n" not in line
    fields = read_fields(layout, line)
    assert fields["user"] == "ana", line
    if layout in OTHER_KEYS:  # zap: its own keys (ts or T, level or L), its own time encoders
        assert len(fields) >= 4, line
        return
    assert TIME.match(fields["time"]), line
    assert "level" in fields, line


@pytest.mark.parametrize("layout", sorted(name for name, (kind, _) in LAYOUTS.items() if kind == "terminal"))
@PROFILE
@given(attrs=attributes, odd=odd_keys)
def test_any_record_gives_a_terminal_line_with_its_fields(
    layout: str, attrs: dict[str, Any], odd: dict[Any, str]
) -> None:
    _, factory = LAYOUTS[layout]
    out = factory().format(_record(attrs, odd))
    out.encode("utf-8")
    first, *rest = out.split("\n")
    # logrus colours the key, zerolog the key and "=", zap's console writes JSON, or no colour at all
    assert (
        "user\x1b[0m=ana" in first or "user=\x1b[0mana" in first or " user=ana" in first or '"user": "ana"' in first
    ), out
    assert all(line.startswith("  ") for line in rest), out
