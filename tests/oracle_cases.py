"""Turn oracle cases (``../shared/oracle`` schema) into prefixlog records and formatters.

A case describes a logrus entry and a formatter; :func:`make_record` builds the
stdlib record prefixlog would see for it (fields through ``with_fields``, time
and caller set from the case), :func:`make_formatter` the formatter with the
case's options in their snake_case names.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import prefixlog

from helpers import fresh_logger

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ORACLE = SHARED / "oracle" / "oracle"
LOGFMT_CHECK = SHARED / "logfmt-check" / "logfmt-check"

# Case id -> why prefixlog deliberately writes something else.  Each one's own
# expected output is asserted in the test module named in the reason.
_UNSAFE_KEY = "logrus writes this key raw and it breaks logfmt; made safe (test_safety)"
_TERMINAL = "control characters or a line break in the colored message; escaped/indented (test_safety)"
_XCRAY_UNSAFE = "x-cray quotes this value without escaping it and breaks logfmt; escaped as Go's %q (test_safety)"
_FORMATTED = "control characters or a line break in x-cray's formatted message; escaped/indented (test_safety)"
DIFFERENT: dict[str, str] = {
    "text-0079": _UNSAFE_KEY + ": k=v",
    "text-0080": _UNSAFE_KEY + ": k=v",
    "text-0081": _UNSAFE_KEY + ": k=v",
    "text-0082": _UNSAFE_KEY + ": the empty key",
    "text-0170": _TERMINAL + ": a second trailing newline",
    "text-0171": _TERMINAL + ": a carriage return",
    "text-0173": _TERMINAL + ": a newline inside",
    "text-0178": _TERMINAL + ": ESC sequences",
    "prefixed-0035": _XCRAY_UNSAFE + ": double quotes in a value",
    "prefixed-0036": _XCRAY_UNSAFE + ": a backslash in the message",
    "prefixed-0037": _XCRAY_UNSAFE + ": a newline in a value",
    "prefixed-0038": _XCRAY_UNSAFE + ": a tab in the message",
    "prefixed-0039": _XCRAY_UNSAFE + ": ESC sequences in a value",
    "prefixed-0040": _XCRAY_UNSAFE + ": the quote character (') in the message",
    "prefixed-0101": _FORMATTED + ": a newline inside",
    "prefixed-0103": _FORMATTED + ": ESC sequences",
    "x-prefixed-prefix-x1c": _FORMATTED + ": \\x1c, which Go's TrimSpace keeps",
    "x-prefixed-trailing-newline": _FORMATTED + ": a trailing newline (x-cray keeps it, logrus drops one)",
    "json-0068": "U+0085 (NEL) is written as \\u0085 so one record stays one line; Go writes it raw (test_json)",
}

#: (corpus, expected) file names of every corpus in ``data``.
CORPORA = [(p.name, p.name.replace("corpus-", "expected-", 1)) for p in sorted(DATA.glob("corpus-*.jsonl"))]

LEVELS = {
    "trace": prefixlog.TRACE,
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "fatal": prefixlog.FATAL,
    "panic": prefixlog.PANIC,
}


class GoError(Exception):
    """A Go ``errors.New(text)`` value: prints its text."""


def snake(name: str) -> str:
    """``ForceColors`` -> ``force_colors``, ``DisableHTMLEscape`` -> ``disable_html_escape``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()


def load_cases(name: str) -> list[dict[str, Any]]:
    """The cases of ``tests/data/<name>``, one JSON object a line."""
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_expected(name: str) -> dict[Any, dict[str, Any]]:
    """The oracle's results in ``tests/data/<name>``, by case id."""
    return {r["id"]: r for r in load_cases(name)}


def field_value(kind: str, value: Any) -> Any:
    """A case field's value as the Python value a user would log."""
    if kind == "str":
        return str(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    if kind == "error":
        return GoError(value)
    if kind == "nil":
        return None
    raise ValueError(f"unknown field type {kind!r}")


def prettyfier(name: str | None) -> Any:
    """The case's named ``CallerPrettyfier`` as a prefixlog ``caller_prettyfier``."""
    if name is None:
        return None
    if name == "basename":
        return prefixlog.short_caller
    if name == "basename_func":
        return lambda r: (f"{r.funcName}()", f"{os.path.basename(r.pathname)}:{r.lineno}")
    if name == "func_only":
        return lambda r: (r.funcName, "")
    raise ValueError(f"unknown prettyfier {name!r}")


def parse_time(text: str) -> float:
    """An RFC 3339 time with up to 6 fraction digits, as a POSIX timestamp.

    Python 3.10's ``fromisoformat`` takes only 3 or 6 digits: pad the fraction.
    """
    text = re.sub(r"\.(\d{1,6})(?=[-+Z])", lambda m: "." + m.group(1).ljust(6, "0"), text)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def make_record(case: dict[str, Any]) -> logging.LogRecord:
    """The record that logging the case's entry through a FieldLogger gives."""
    logger, capture = fresh_logger("oracle-case")
    fields = {k: field_value(t, v) for k, t, v in case.get("fields") or []}
    prefixlog.FieldLogger(logger).with_fields(fields).log(LEVELS[case["level"]], case.get("message") or "")
    record = capture.record
    if case.get("time"):
        record.created = parse_time(case["time"])
    if case.get("elapsed_s") is not None:
        record.relativeCreated = (case["elapsed_s"] + 0.5) * 1000.0
    caller = case.get("caller")
    if caller:
        record.pathname = caller["file"]
        record.lineno = caller["line"]
        record.funcName = caller["function"]
    return record


def formatter_options(case: dict[str, Any]) -> dict[str, Any]:
    """The case's Go options as prefixlog keyword arguments."""
    options: dict[str, Any] = {}
    for name, value in (case.get("options") or {}).items():
        if name == "ColorScheme":
            value = {snake(k): v for k, v in value.items()}
        options[snake(name)] = value
    if case.get("caller") is not None:
        options["report_caller"] = True
    if case.get("caller_prettyfier") is not None:
        options["caller_prettyfier"] = prettyfier(case["caller_prettyfier"])
    if case["formatter"] != "json":  # logrus's JSONFormatter has no terminal layout
        options["stream"] = io.StringIO()  # never a terminal, like the oracle's buffer
    return options


FORMATTERS = {"text": "TextFormatter", "prefixed": "PrefixedFormatter", "json": "JSONFormatter"}


def make_formatter(case: dict[str, Any]) -> logging.Formatter:
    """A prefixlog formatter configured as the case's Go formatter."""
    options = formatter_options(case)
    cls: Callable[..., logging.Formatter] = getattr(prefixlog, FORMATTERS[case["formatter"]])
    return cls(**options)


def render(case: dict[str, Any]) -> str:
    """What prefixlog writes for the case, with the handler's newline added."""
    return make_formatter(case).format(make_record(case)) + "\n"


def go_tool_available(tool: Path, no_install: str) -> str | None:
    """``None`` if a Go tool of ``../shared`` builds here (without installing anything), else why not."""
    if not tool.exists():
        return f"{tool.name} is not at {tool}"
    probe = subprocess.run(
        [str(tool), "--build"],
        capture_output=True,
        text=True,
        env={**os.environ, no_install: "1"},
        check=False,
    )
    if probe.returncode != 0:
        return f"{tool.name} cannot be built here: {probe.stderr.strip()[-300:]}"
    return None


def oracle_available() -> str | None:
    """``None`` if the Go oracle runs here, else why not."""
    return go_tool_available(ORACLE, "ORACLE_NO_INSTALL")


def run_oracle(cases: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    """Run the real Go formatters on ``cases``; results by id."""
    data = "".join(json.dumps(c) + "\n" for c in cases).encode("utf-8")
    proc = subprocess.run([str(ORACLE)], input=data, capture_output=True, check=False)
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr.decode(errors="replace"))
    results = [json.loads(line) for line in proc.stdout.decode("ascii").splitlines()]
    assert len(results) == len(cases)
    return {r["id"]: r for r in results}


def logfmt_check_available() -> str | None:
    """``None`` if ``../shared/logfmt-check`` (go-logfmt, Go's unquoting and encoding/json) runs here, else why not."""
    return go_tool_available(LOGFMT_CHECK, "LOGFMT_CHECK_NO_INSTALL")


def logfmt_check(lines: list[str], json_mode: bool = False) -> list[dict[str, Any]]:
    """What the real Go parsers read from each line (one result per line, in order; see its README)."""
    proc = subprocess.run(
        [str(LOGFMT_CHECK), *(["--json"] if json_mode else [])],
        input="".join(line + "\n" for line in lines).encode("utf-8"),
        capture_output=True,
        check=True,
        env={**os.environ, "LOGFMT_CHECK_NO_INSTALL": "1"},
    )
    results = [json.loads(line) for line in proc.stdout.decode("ascii").splitlines()]
    assert [result["line"] for result in results] == list(range(1, len(lines) + 1))
    return results
