"""``python -m prefixlog demo`` shows every layout, the JSON one included."""

from __future__ import annotations

import io
import json

from prefixlog import _demo


def test_the_demo_shows_the_json_layout() -> None:
    out = io.StringIO()
    assert _demo.run(out) == 0
    titles = [line for line in out.getvalue().splitlines() if line.startswith("== ")]
    assert titles[-1] == "== JSONFormatter (one JSON object a line, as Go's encoding/json writes it)"
    section = out.getvalue().split(titles[-1] + "\n", 1)[1]
    records = [json.loads(line) for line in section.splitlines()]
    assert [r["msg"] for r in records] == [
        "have a nice day",
        "A group of walrus emerges from the ocean",
        "The group's number increased tremendously!",
        "a trace message with a float field",
        "lookup failed",
    ]
    assert records[-1]["exc_type"] == "KeyError"
    assert records[-1]["error"] == "'walrus'"
