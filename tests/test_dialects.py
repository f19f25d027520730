"""The reader on lines the Go loggers wrote: logrus (text, JSON), slog (text, JSON), zap and zerolog (JSON).

The lines are the oracles' recorded output (``tests/data/expected-public.jsonl``
for logrus, ``../shared/oracle-go/expected-public.jsonl`` for slog, zap and
zerolog), never ours; what each line must read as comes from its case: the
level, message, time, each field's key (a group's as dotted keys) and each
string field's value, the logger name, caller and stack.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest

from prefixlog._levels import ERROR
from prefixlog._parse import Parsed, parse_line

import oracle_go_cases as go
from oracle_cases import LEVELS, load_cases, load_expected, parse_time


def check_fields(parsed: Parsed, triples: list[list[Any]], prefix: str = "", skip: frozenset[str] = frozenset()) -> int:
    """Each field of the case is in ``parsed.fields`` under its dotted key, a string as itself; how many.

    Keys in ``skip`` are the writer's own (it renames a field by that name).
    """
    count = 0
    for key, kind, raw in triples:
        name = prefix + key
        if key in skip:
            continue
        if kind == "group" and raw:
            count += check_fields(parsed, raw, name + ".")
            continue
        assert name in parsed.fields, (name, parsed.fields)
        if kind == "str":
            assert parsed.fields[name] == raw
        count += 1
    return count


# -- logrus: the oracle's recorded text and JSON lines -------------------------------------------

LOGRUS = [
    case
    for case in load_cases("corpus-public.jsonl")
    if case["formatter"] in ("text", "json")
    and not case["options"]
    and not case["unsafe"]
    # logrus writes an empty key as "=v", which no logfmt reader (go-logfmt neither) reads as a pair
    and not (case["formatter"] == "text" and any(not triple[0] for triple in case.get("fields") or []))
]
LOGRUS_OUT = load_expected("expected-public.jsonl")
#: logrus's own keys: a field by one of these names is written as ``fields.<name>``.
LOGRUS_OWN = frozenset(("time", "msg", "level", "logrus_error", "func", "file"))
#: Keys logrus writes as they are and that read back as keys (not ``k=v``, not empty).
_LOGFMT_KEY = re.compile(r'[^ ="]+')


@pytest.mark.parametrize("case", LOGRUS, ids=[case["id"] for case in LOGRUS])
def test_logrus_lines(case: dict[str, Any]) -> None:
    line = LOGRUS_OUT[case["id"]]["output"]
    parsed = parse_line(line)
    assert parsed is not None, line
    assert parsed.level == LEVELS[case["level"]]
    assert parsed.message == case["message"]
    assert parsed.created == pytest.approx(parse_time(case["time"]), abs=1.0)  # logrus writes whole seconds
    fields = [triple for triple in case.get("fields") or [] if _LOGFMT_KEY.fullmatch(triple[0])]
    check_fields(parsed, fields, skip=LOGRUS_OWN)
    caller = case.get("caller")
    if caller is not None and case["caller_prettyfier"] != "func_only":
        assert parsed.fields["caller"].endswith(f"{caller['file'].rsplit('/', 1)[-1]}:{caller['line']}")


def test_logrus_cases_are_many() -> None:
    assert len(LOGRUS) > 100
    assert any(case.get("caller") for case in LOGRUS)


# -- slog, zap, zerolog: the Go oracle's recorded lines -------------------------------------------

GO_LOGGERS = ("slog-text", "slog-json", "zap-json", "zerolog-json")
#: Options that rename or drop the keys the reader looks for, or write times no one reads back.
GO_KEY_OPTIONS = ("MessageKey", "LevelKey", "TimeKey", "NameKey", "CallerKey", "StacktraceKey", "WithGroup")
GO_TIMES = (None, "UNIX", "UNIXMS", "UNIXMICRO", "2006-01-02T15:04:05Z07:00")
#: How close each logger's default time is to the case's (slog: ms; zerolog: whole seconds; zap: float seconds).
GO_PRECISION = {"slog-text": 1e-3, "slog-json": 1e-3, "zap-json": 1e-3, "zerolog-json": 1.0}


def _readable(case: dict[str, Any]) -> bool:
    options = case.get("options") or {}
    if case["duplicate_keys"] or any(key in options for key in GO_KEY_OPTIONS):
        return False
    if options.get("TimeEncoder") not in (None, "epoch", "millis", "nanos", "iso8601", "rfc3339", "rfc3339nano"):
        return False
    if options.get("TimeFieldFormat") not in GO_TIMES or options.get("LevelEncoder", "lowercase") != "lowercase":
        return False
    keys = [triple[0] for triple in (case.get("bound") or []) + (case.get("fields") or [])]
    return all(keys) and case["level"] != "nolevel"


GO_CASES = [case for logger in GO_LOGGERS for case in go.cases(logger) if _readable(case)]
GO_OUT = go.expected() if go.EXPECTED.exists() else {}


@pytest.mark.skipif(not go.EXPECTED.exists(), reason=f"the Go oracle's recorded lines are missing: {go.EXPECTED}")
@pytest.mark.parametrize("case", GO_CASES, ids=[case["id"] for case in GO_CASES])
def test_go_lines(case: dict[str, Any]) -> None:
    line = GO_OUT[case["id"]]
    parsed = parse_line(line)
    assert parsed is not None, line
    assert parsed.level == (ERROR if case["level"] == "dpanic" else go.levelno(case))
    assert parsed.message == (case.get("message") or "")
    assert parsed.created == pytest.approx(parse_time(case["time"]), abs=GO_PRECISION[case["logger"]])
    check_fields(parsed, (case.get("bound") or []) + (case.get("fields") or []))
    caller = case.get("caller")
    options = case.get("options") or {}
    if caller is not None and (options.get("AddSource") or options.get("Caller") or case["logger"] == "zap-json"):
        assert parsed.fields["caller"].endswith(f"{caller['file'].rsplit('/', 1)[-1]}:{caller['line']}")
    if case.get("name"):
        assert parsed.fields["logger"] == case["name"]
    assert parsed.stack == (case.get("stack") or None)


@pytest.mark.parametrize("logger", GO_LOGGERS)
def test_each_go_logger_has_cases(logger: str) -> None:
    assert sum(case["logger"] == logger for case in GO_CASES) >= 20


def test_slog_levels_with_an_offset() -> None:
    """The corpus's ``INFO+2``, ``DEBUG-2``, ``ERROR+4`` lines read as the level numbers slog's levels map to."""
    seen = {}
    for case in GO_CASES:
        if case["logger"] == "slog-text":
            word = GO_OUT[case["id"]].split(" level=", 1)[1].split(" ", 1)[0]
            parsed = parse_line(GO_OUT[case["id"]])
            assert parsed is not None
            seen[word] = parsed.level
    assert {seen[w] for w in ("DEBUG-2", "INFO+2", "ERROR+4") if w in seen} == {5, 25, 50}
    assert seen["ERROR+4"] == logging.CRITICAL


def test_pretty_help_lists_the_dialects(capsys: pytest.CaptureFixture[str]) -> None:
    from prefixlog._cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["pretty", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in ("logrus", "slog", "zap", "zerolog", "structlog", "python-json-logger", "pino", "bunyan", "ECS"):
        assert name in text
    assert "indented block" in text
