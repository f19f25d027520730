"""Property tests and real-parser round trips: whatever is logged, every layout stays safe
and every logfmt line reads back to exactly what was logged.

Run longer than CI does (a fuzz run) with, for example:
    PREFIXLOG_FUZZ_EXAMPLES=50000 .venv/bin/python -m pytest tests/test_properties.py
"""

from __future__ import annotations

import json
import math
import os
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prefixlog import FieldLogger
from prefixlog._escape import logfmt_key
from prefixlog._gofmt import to_text
from prefixlog._sources import DEFAULT_EXCLUDE

from helpers import fresh_logger
from layouts import LAYOUTS, SLOG, assert_safe
from logfmt_reader import read
from oracle_cases import logfmt_check, logfmt_check_available

EXAMPLES = int(os.environ.get("PREFIXLOG_FUZZ_EXAMPLES", "150"))
PROFILE = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SPECIAL = "\t\n\r\x00\x1b\x7f\x85\xa0\u2028\u2029\u202e\u200b\ufeff\"'\\= "
any_text = st.text(st.one_of(st.characters(exclude_categories=()), st.sampled_from(SPECIAL)), max_size=40)
clean_text = st.text(st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(SPECIAL)), max_size=40)


class BadStr:
    def __str__(self) -> str:
        raise RuntimeError("no text")


scalars = st.one_of(
    any_text,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.binary(max_size=20),
    st.builds(BadStr),
    st.builds(ValueError, any_text),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3))
keys = st.one_of(any_text, st.integers())


def format_one(layout: str, message: str, fields: dict[Any, Any], exc: bool) -> str:
    _, factory = LAYOUTS[layout]
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_fields(fields)
    if exc:
        try:
            raise KeyError(message)
        except KeyError:
            log.exception(message)
    else:
        log.warning(message)
    out = factory().format(capture.record)
    assert isinstance(out, str)
    out.encode("utf-8")
    return out


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@PROFILE
@given(message=any_text, fields=st.dictionaries(keys, values, max_size=5), exc=st.booleans())
def test_any_input_gives_one_safe_line(layout: str, message: str, fields: dict[Any, Any], exc: bool) -> None:
    assert_safe(layout, format_one(layout, message, fields, exc))


FIXED = {"time", "level", "msg", "logrus_error", "func", "file", "exc_type", "exc_message", "exc_info", "stack_info"}
# Not the names no layout writes (uvicorn's color_message, see test_sources).
field_keys = clean_text.filter(lambda k: k not in FIXED | DEFAULT_EXCLUDE and not k.startswith("fields."))
plain_values = st.one_of(clean_text, st.integers(), st.floats(allow_nan=False), st.booleans())
#: The logfmt layouts of logrus and x-cray (both quote with Go %q and read back the same way); slog's
#: text layout, whose keys are quoted too, reads back by its own rules (test_slog).
LOGFMT_LAYOUTS = sorted(layout for layout, (kind, _) in LAYOUTS.items() if kind == "logfmt" and layout not in SLOG)
# x-cray renames nothing, so for it any key, the names it writes itself included, reads back as given.
xcray_keys = st.one_of(field_keys, st.sampled_from(sorted(FIXED | {"prefix", "fields.msg", "fields.time"})))


def expected_pairs(message: str, fields: dict[str, Any]) -> list[tuple[str, str]]:
    """The pairs after ``time`` that both logfmt layouts write for fields that need no renaming.

    ``level``, ``msg`` (when not empty), then the fields sorted by key, with
    keys made safe and values as ``fmt.Sprint`` text (logrus and x-cray alike).
    """
    head = [("level", "warning")] + ([("msg", message)] if message else [])
    return head + [(logfmt_key(k), to_text(fields[k])) for k in sorted(fields)]


def _unique_safe_keys(fields: dict[str, Any]) -> bool:
    """Made-safe keys are all different, except that the empty key and "_" are both written "_"."""
    return not ("" in fields and "_" in fields)


def test_made_safe_keys_never_spell_another_key() -> None:
    keys = ["", "a b", "a\\x20b", "a\\\\x20b", 'q"', "q\\x22", "e=", "e\\x3d", "\n", "\\n", "\u202e", "\\u202e"]
    assert len({logfmt_key(k) for k in keys}) == len(keys)


@PROFILE
@given(message=clean_text, fields=st.dictionaries(field_keys, plain_values, max_size=6).filter(_unique_safe_keys))
def test_logfmt_reads_back_exactly(message: str, fields: dict[str, Any]) -> None:
    assert "prefixed-logfmt" in LOGFMT_LAYOUTS
    for layout in LOGFMT_LAYOUTS:
        pairs = read(format_one(layout, message, fields, exc=False))
        assert pairs[0][0] == "time"
        assert pairs[1:] == expected_pairs(message, fields)


@PROFILE
@given(message=clean_text, fields=st.dictionaries(xcray_keys, plain_values, max_size=6).filter(_unique_safe_keys))
def test_prefixed_logfmt_writes_every_field_under_its_own_name(message: str, fields: dict[str, Any]) -> None:
    pairs = read(format_one("prefixed-logfmt", message, fields, exc=False))
    assert pairs[0][0] == "time"
    assert pairs[1:] == expected_pairs(message, fields)


def _random_text(rng: random.Random) -> str:
    alphabet = [chr(c) for c in range(0x20)] + list(SPECIAL) + list("abcXYZ09-._/@^+:,") + ["日", "é", "🎉", "\u0301"]
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 12)))


def _random_record(rng: random.Random) -> tuple[str, dict[str, Any]]:
    fields: dict[str, Any] = {}
    for _ in range(rng.randrange(0, 5)):
        key = _random_text(rng)
        if key in FIXED or key.startswith("fields.") or logfmt_key(key) in {logfmt_key(k) for k in fields}:
            continue
        fields[key] = rng.choice([_random_text(rng), rng.randrange(-(10**20), 10**20), rng.random() * 1e4, True])
    return _random_text(rng), fields


def _go_tools_here() -> str | None:
    return logfmt_check_available()


GO_ONLY_ESCAPE = ("\\a", "\\v", "\\x", "\\U")


def test_real_go_parsers_read_every_logfmt_line_back() -> None:
    why = _go_tools_here()
    if why is not None:
        pytest.skip(f"Go round trip not run (the pure-Python reader covers it): {why}")
    rng = random.Random(20261129)
    records = [_random_record(rng) for _ in range(3000)]
    for layout in LOGFMT_LAYOUTS:
        lines = [format_one(layout, m, f, exc=False) for m, f in records]
        for (message, fields), line, result in zip(records, lines, logfmt_check(lines), strict=True):
            want = expected_pairs(message, fields)
            assert "pairs" in result["goquote"], (line, result)
            assert [tuple(p) for p in result["goquote"]["pairs"]][1:] == want, line
            if not any(e in line.replace("\\\\", "") for e in GO_ONLY_ESCAPE):
                # go-logfmt (Loki's parser) knows JSON-style escapes only; logrus's %q
                # writes Go-only ones for some control characters, as documented.
                assert "pairs" in result["logfmt"], (line, result)
                assert [tuple(p) for p in result["logfmt"]["pairs"]][1:] == want, line


def test_float_values_round_trip_as_go_prints_them() -> None:
    assert read(format_one("logfmt", "m", {"f": math.pi}, exc=False))[-1] == ("f", "3.141592653589793")


json_values = st.recursive(
    st.one_of(clean_text, st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(clean_text, inner, max_size=3),
    max_leaves=8,
)


def _json_expected(message: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {**fields, "level": "warning", "msg": message}


def _same(read: Any, logged: Any) -> bool:
    """JSON equality, a float read back as an int (Go writes 3.0 as 3) equal to its float."""
    if isinstance(logged, float) or isinstance(read, float):
        return not isinstance(read, (bool, str)) and read is not None and float(read) == float(logged)
    if isinstance(logged, dict):
        return isinstance(read, dict) and read.keys() == logged.keys() and all(_same(read[k], logged[k]) for k in read)
    if isinstance(logged, list):
        return isinstance(read, list) and len(read) == len(logged) and all(map(_same, read, logged))
    return type(read) is type(logged) and read == logged


@PROFILE
@given(message=clean_text, fields=st.dictionaries(field_keys, json_values, max_size=6))
def test_json_reads_back_exactly(message: str, fields: dict[str, Any]) -> None:
    line = format_one("json", message, fields, exc=False)
    data = json.loads(line)
    assert data.pop("time")
    assert _same(data, _json_expected(message, fields)), line


def test_go_reads_every_json_line_back() -> None:
    why = _go_tools_here()
    if why is not None:
        pytest.skip(f"Go JSON round trip not run (json.loads covers it): {why}")
    rng = random.Random(20261130)
    records = [_random_record(rng) for _ in range(2000)]
    lines = [format_one("json", m, f, exc=False) for m, f in records]
    results = logfmt_check(lines, json_mode=True)
    for (message, fields), line, result in zip(records, lines, results, strict=True):
        assert "object" in result, (line, result)
        data = result["object"]
        assert data.pop("time")
        assert _same(data, _json_expected(message, fields)), line
