"""benchmarks/delivery.py keeps working: a --quick run prints both tables, and a blocked pipe is told apart.

Behaviour only, never speed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "delivery.py"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    """One --quick run: its printed report and its JSON."""
    path = tmp_path_factory.mktemp("bench") / "delivery.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout, json.loads(path.read_text(encoding="utf-8"))


def test_the_cost_table_has_every_set_up(quick_run: tuple[str, dict[str, Any]]) -> None:
    report, results = quick_run
    names = [row["name"] for row in results["costs"]]
    assert names == [
        "json, direct",
        "json, queue=True",
        "logfmt, direct",
        "logfmt, queue=True",
        "prefixlog.QueueHandler, queue.Queue",
        "prefixlog.QueueHandler, multiprocessing.Queue",
        "logging.handlers.QueueHandler (runs the JSON formatter)",
    ]
    for name in names:
        assert re.search(rf"^{re.escape(name)} +[\d,]+ +[\d,]+–[\d,]+ +[\d,]+$", report, flags=re.M), name


def test_direct_writes_block_on_a_full_pipe_and_the_queue_only_when_full(quick_run: tuple[str, dict[str, Any]]) -> None:
    direct, wait, drop = quick_run[1]["blocked"]
    assert (direct["blocked"], direct["dropped"]) == (True, 0)
    assert (wait["blocked"], wait["dropped"]) == (True, 0)
    assert wait["calls"] >= direct["calls"] + 500  # the queue's 500 records (--quick) more, at least
    assert drop["blocked"] is False
    assert drop["calls"] == 1500  # every call returned
    assert 0 < drop["dropped"] < 1500
