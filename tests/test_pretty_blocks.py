"""``prefixlog pretty`` shows a line's traceback or stack as an indented block under it, escaped.

Whole output strings, for lines the real writers wrote: pino and bunyan
(``tests/data/node-logs.jsonl``), zap, zerolog and slog (the Go oracle),
structlog, python-json-logger and prefixlog's ECS preset (in this process).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

import prefixlog

from dialect_lines import boom, structlog_line, written
from oracle_go_cases import oracle_go_available, run_oracle_go
from pretty_helpers import pretty

NODE = (Path(__file__).resolve().parent / "data" / "node-logs.jsonl").read_text(encoding="utf-8").splitlines()
STACK = "\n  {}\n      at handler (/srv/app/server.js:12:9)\n      at main (/srv/app/index.js:3:1)\n"


def show(line: str, *args: str) -> str:
    return pretty(line.encode("utf-8") + b"\n", "--color", "never", *args).decode("utf-8")


def block(text: str) -> str:
    """``text``'s lines, each indented two spaces under the line (as the live text layout writes a traceback)."""
    return "".join(f"\n  {line}" for line in text.rstrip("\n").split("\n"))


def test_pino_err_stack() -> None:
    assert show(NODE[4]) == (
        "ERRO[15:26:26] request failed                                err.message=boom err.type=Error "
        "hostname=api-7d9f pid=4242" + STACK.format("Error: boom")
    )


def test_bunyan_err_stack() -> None:
    assert show(NODE[14]) == (
        "ERRO[15:26:26] request failed                                err.message=boom err.name=Error "
        "hostname=api-7d9f logger=svc pid=4242 v=0" + STACK.format("Error: boom")
    )


def test_structlog_exception() -> None:
    line = structlog_line("error", "failed", exc=True).rstrip("\n")
    data = json.loads(line)
    head = show(line).split("\n", 1)[0]
    assert show(line) == head + block(data["exception"]) + "\n"
    assert head.startswith("ERRO[")
    assert head.endswith("] failed" + " " * 39 + " logger=app.db")


def test_python_json_logger_exc_info_then_stack_info() -> None:
    from pythonjsonlogger.json import JsonFormatter

    def emit(log: logging.Logger) -> None:
        try:
            boom()
        except ValueError:
            log.error("failed", exc_info=True, stack_info=True)

    line = written(JsonFormatter("%(levelname)s %(message)s"), emit).rstrip("\n")
    data = json.loads(line)
    expected = "ERRO failed" + " " * 39 + block(data["exc_info"]) + block(data["stack_info"]) + "\n"
    assert show(line) == expected


def test_ecs_error_stack_trace() -> None:
    def emit(log: logging.Logger) -> None:
        try:
            boom()
        except ValueError:
            log.exception("failed")

    line = written(prefixlog.JSONFormatter(preset="ecs", disable_timestamp=True), emit).rstrip("\n")
    data = json.loads(line)
    caller = f"test_pretty_blocks.py:{emit.__code__.co_firstlineno + 4}"
    expected = (
        f'ERRO failed{" " * 39} caller="{caller}" ecs.version=8.11.0 error.message="bad input" '
        f"error.type=ValueError log.origin.function=emit logger=app.db" + block(data["error.stack_trace"]) + "\n"
    )
    assert show(line) == expected


def test_control_characters_in_a_stack_are_escaped() -> None:
    line = NODE[4].replace("at main", "at \\u001b[2Jmain")
    assert show(line).endswith("\n      at \\x1b[2Jmain (/srv/app/index.js:3:1)\n")


GO_STACK = "main.main\n\t/srv/app/main.go:42"


@pytest.fixture(scope="module")
def go_lines() -> dict[str, str]:
    why = oracle_go_available()
    if why is not None:
        pytest.skip(f"the Go oracle can't write the zap, zerolog and slog stack lines: {why}")
    base: dict[str, Any] = {"level": "error", "message": "failed", "time": "2021-07-04T15:26:26.5+08:00"}
    field = [["stack", "str", GO_STACK]]
    cases = [
        {**base, "id": "zap", "logger": "zap-json", "name": "app", "stack": GO_STACK},
        {**base, "id": "zerolog", "logger": "zerolog-json", "fields": field},
        {**base, "id": "slog-json", "logger": "slog-json", "level": 8, "fields": field},
        {**base, "id": "slog-text", "logger": "slog-text", "level": 8, "fields": field},
    ]
    return {key: result["output"].rstrip("\n") for key, result in run_oracle_go(cases).items()}


@pytest.mark.parametrize("writer", ["zap", "zerolog", "slog-json", "slog-text"])
def test_go_stacks(go_lines: dict[str, str], writer: str) -> None:
    fields = " logger=app" if writer == "zap" else ""
    expected = f"ERRO[15:26:26] failed{' ' * 39}{fields}" + block(GO_STACK) + "\n"
    assert show(go_lines[writer]) == expected


def test_a_record_without_a_stack_has_no_block() -> None:
    assert show(NODE[6]) == "FATA[15:26:26] shutting down" + " " * 32 + " hostname=api-7d9f pid=4242\n"
