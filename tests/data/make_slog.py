"""Write ``slog-cases.jsonl`` and run oracle-go to write ``slog-expected.jsonl``.

Our own ``log/slog`` cases, for what the public corpus does not cover, and
each public case labelled ``duplicate_keys`` with its keys made unique as
prefixlog writes them (``oracle_go_cases.unique_keys``; id ``<id>-unique``).
The expected bytes always come from the real Go handlers, never from prefixlog:

    python tests/data/make_slog.py   # needs ../shared/oracle-go (Debian + Go)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import oracle_go_cases  # noqa: E402 - after the path is set

TIME = "2021-07-04T15:26:26.123456+08:00"


def case(cid: str, **spec: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": cid, "category": "slog-extra", "logger": "slog-text", "options": {}, "level": 0}
    base.update({"message": "have a nice day", "time": TIME, "bound": [], "fields": []})
    base.update(spec)
    return base


def both(cid: str, **spec: Any) -> list[dict[str, Any]]:
    """The case for the text handler and for the JSON handler."""
    return [case(f"slog-text-{cid}", **spec), case(f"slog-json-{cid}", **{**spec, "logger": "slog-json"})]


def extra_cases() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    # Python's levels: TRACE 5, DEBUG, 15, INFO, 25, WARNING, 35, ERROR, 45, CRITICAL, PANIC 60.
    for level in (-6, -4, -2, 0, 2, 4, 6, 8, 10, 12, 16):
        out += both(f"x-level{level:+d}", level=level)
    out += both("x-empty-message", message="")
    out += both("x-multiline-message", message="first line\nsecond\tline\r\n")
    out += both(
        "x-nested-groups",
        bound=[["user", "str", "ana"]],
        options={"WithGroup": ["req", "db"]},
        fields=[
            ["query", "str", "select 1"],
            ["conn", "group", [["id", "int", 7], ["pool", "group", [["size", "int", 4], ["", "group", []]]]]],
            ["", "group", [["inline", "bool", True], ["deeper", "group", [["x", "float", 0.25]]]]],
            ["empty", "group", [["", "nil", None]]],
        ],
    )
    out += both(
        "x-values",
        fields=[
            ["t", "time", "2024-02-29T23:59:59.999999-07:00"],
            ["t0", "time", "2024-02-29T23:59:59Z"],
            ["d", "duration", -90061000001000],
            ["big", "int", -9223372036854775808],
            ["f", "float", 1e21],
            ["g", "float", 1e-7],
            ["h", "float", 123456789.0],
            ["s", "strs", ["a b", "", "c=d"]],
            ["i", "ints", []],
            ["e", "error", ""],
            ["n", "nil", None],
        ],
    )
    out += both(
        "x-source-no-function",
        options={"AddSource": True},
        caller={"file": "/srv/app/job.py", "line": 9, "function": ""},
        fields=[["k", "str", "v"]],
    )
    out += both(
        "x-source-in-groups",
        options={"AddSource": True, "WithGroup": "g"},
        caller={"file": "/srv/app/my job.py", "line": 12, "function": "app.job.run"},
        fields=[["k", "int", 1]],
    )
    out += both(
        "x-keys",
        fields=[["a b", "str", "x"], ["é", "int", 1], ['q"k', "bool", False], ["", "str", "empty key"]],
    )
    return out


def unique_cases() -> list[dict[str, Any]]:
    """The public ``duplicate_keys`` cases of slog, each key once (see the module doc)."""
    out = []
    for logger in ("slog-text", "slog-json"):
        for public in oracle_go_cases.cases(logger):
            if public["duplicate_keys"]:
                out.append(
                    {**oracle_go_cases.unique_keys(public), "id": f"{public['id']}-unique", "duplicate_keys": False}
                )
    return out


def main() -> int:
    cases = extra_cases() + unique_cases()
    results = oracle_go_cases.run_oracle_go(cases)
    with (HERE / "slog-cases.jsonl").open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(item) + "\n" for item in cases)
    with (HERE / "slog-expected.jsonl").open("w", encoding="ascii") as handle:
        handle.writelines(json.dumps(results[item["id"]]) + "\n" for item in cases)
    print(f"{len(cases)} cases written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
