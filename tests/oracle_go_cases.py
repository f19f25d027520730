"""Turn ``../shared/oracle-go`` cases (slog, zap, zerolog) into the records prefixlog would see.

A case describes a Go logger, its options, bound and call fields, a level, a
time and a caller (see ``../shared/oracle-go/README.md``).  :func:`make_record`
logs it through a :class:`prefixlog.FieldLogger`, as a Python user would:
the bound fields with ``with_fields``, slog's ``WithGroup`` names with
``with_group``, then the call's fields; time, caller, logger name and stack
are set from the case.  Each formatter's tests map the case's options to its
own keywords.
"""

from __future__ import annotations

import json
import logging
import math
import subprocess
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import prefixlog

from helpers import fresh_logger
from oracle_cases import SHARED, GoError, go_tool_available, parse_time, snake

ORACLE_GO = SHARED / "oracle-go" / "oracle"
CORPUS = SHARED / "oracle-go" / "corpus-public.jsonl"
EXPECTED = SHARED / "oracle-go" / "expected-public.jsonl"

#: zap's and zerolog's level words as Python level numbers; zap's ``dpanic`` and zerolog's
#: ``nolevel`` have none (the issue leaves them out), so such cases can't be made.
WORD_LEVELS: dict[str, int] = {
    "trace": prefixlog.TRACE,
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "error": logging.ERROR,
    "fatal": prefixlog.FATAL,
    "panic": prefixlog.PANIC,
}
NOT_PORTED = {"dpanic": "zap's dpanic has no Python level", "nolevel": "zerolog's nolevel has no Python level"}


def load(path: Path = CORPUS) -> list[dict[str, Any]]:
    """The cases (or results) of a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def cases(logger: str) -> list[dict[str, Any]]:
    """The public corpus's cases for one Go logger (``slog-text``, ``zap-json`` ...)."""
    return [case for case in load() if case["logger"] == logger]


def expected() -> dict[str, str]:
    """The oracle's output for each public case, by id."""
    return {result["id"]: result["output"] for result in load(EXPECTED) if "output" in result}


def levelno(case: dict[str, Any]) -> int:
    """The Python level number of the case's level.

    slog's integer level ``L`` is the smallest level number ``n`` with
    ``⌊(n − 20) × 2 / 5⌋ == L`` (so INFO 0, WARNING 4, TRACE −6).  A zap or
    zerolog word is its Python level; ``dpanic`` and ``nolevel`` raise ``KeyError``.
    """
    level = case["level"]
    if isinstance(level, int):
        return 20 + math.ceil(level * 5 / 2)
    return WORD_LEVELS[level]


def value(kind: str, raw: Any) -> Any:
    """A case field's value as the Python value a user would log (the schema's Go type)."""
    if kind == "str":
        return str(raw)
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)  # "NaN", "+Inf", "-Inf" too
    if kind == "bool":
        return bool(raw)
    if kind == "nil":
        return None
    if kind == "error":
        return GoError(raw)
    if kind == "time":
        return datetime.fromtimestamp(parse_time(raw)).astimezone()
    if kind == "duration":
        return timedelta(microseconds=raw // 1000)  # the corpus's durations are whole microseconds
    if kind == "strs":
        return [str(item) for item in raw]
    if kind == "ints":
        return [int(item) for item in raw]
    if kind == "group":
        return fields(raw)
    raise ValueError(f"unknown field type {kind!r}")


def fields(triples: list[list[Any]] | None) -> dict[str, Any]:
    """``[key, type, value]`` triples as one dict: a repeated key keeps its first place and its last value."""
    return {key: value(kind, raw) for key, kind, raw in triples or []}


def _unique(triples: list[list[Any]]) -> list[list[Any]]:
    """Each key once, at its first place, with its last type and value; a group's own fields likewise."""
    kept: dict[str, list[Any]] = {}
    for key, kind, raw in triples:
        kept[key] = [key, kind, _unique(raw) if kind == "group" else raw]
    return list(kept.values())


def unique_keys(case: dict[str, Any]) -> dict[str, Any]:
    """The case as prefixlog writes it: each key once per level, at its first place, with its last value.

    That is what :func:`make_record` logs (``with_fields`` of dicts): a call
    field named like a bound one takes the bound one's place (unless
    ``WithGroup`` puts the call's fields in a group), and a group given twice
    is the last one.  Go writes every copy; run through the oracle, this case
    gives the bytes prefixlog must write for the original.
    """
    bound = _unique(case.get("bound") or [])
    call = _unique(case.get("fields") or [])
    groups = (case.get("options") or {}).get("WithGroup") or []
    if not any([groups] if isinstance(groups, str) else groups):
        given = {triple[0]: triple for triple in call}
        bound = [given.pop(triple[0], triple) for triple in bound]
        call = list(given.values())
    return {**case, "bound": bound, "fields": call}


def make_record(case: dict[str, Any]) -> logging.LogRecord:
    """The record that logging the case through a FieldLogger gives (see the module doc)."""
    logger, capture = fresh_logger(case.get("name") or "root")
    bound = prefixlog.FieldLogger(logger)
    if case.get("bound"):
        bound = bound.with_fields(fields(case["bound"]))
    groups = (case.get("options") or {}).get("WithGroup") or []
    for group in [groups] if isinstance(groups, str) else groups:
        bound = bound.with_group(group)  # slog's WithGroup
    if case.get("fields"):
        bound = bound.with_fields(fields(case["fields"]))
    number = levelno(case)
    # logging logs no level number below 1 (logging.disable's floor); slog's go down to -1000
    bound.log(max(number, 1), case.get("message") or "")
    record = capture.record
    record.levelno, record.levelname = number, logging.getLevelName(number)
    record.created = parse_time(case["time"])
    record.msecs = (record.created - int(record.created)) * 1000
    caller = case.get("caller")
    if caller:
        record.pathname = caller["file"]
        record.filename = Path(caller["file"]).name
        record.lineno = caller["line"]
        module, _, func = caller["function"].rpartition(".")
        record.module, record.funcName = module, func
    if case.get("stack"):
        record.stack_info = case["stack"]
    return record


def options(case: dict[str, Any]) -> dict[str, Any]:
    """The case's Go options under their snake_case names (each formatter's tests adjust them)."""
    return {snake(name): option for name, option in (case.get("options") or {}).items()}


def run_oracle_go(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """oracle-go's results for ``items`` (cases), by id."""
    data = "".join(json.dumps(item) + "\n" for item in items).encode("utf-8")
    proc = subprocess.run([str(ORACLE_GO)], input=data, capture_output=True, check=False)
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr.decode(errors="replace"))
    results = [json.loads(line) for line in proc.stdout.decode("ascii").splitlines()]
    return {result["id"]: result for result in results}


def oracle_go_available() -> str | None:
    """``None`` if oracle-go runs here, else why not."""
    return go_tool_available(ORACLE_GO, "ORACLE_NO_INSTALL")
