"""benchmarks/readers.py keeps working: a --quick run prints both tables and its JSON; steps are flagged right.

Behaviour only, never speed (the hostile-input suite checks the budgets).
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "readers.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("prefixlog_benchmarks_readers", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = load_script()


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """One --quick run: its printed report and its JSON."""
    path = tmp_path_factory.mktemp("bench") / "readers.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc, json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("function", ["parse_line", "Pretty.line"])
def test_every_shape_has_a_row_per_size(quick_run: Any, function: str) -> None:
    report = quick_run[0].stdout
    match = re.search(rf"^## {re.escape(function)}: hostile lines\n(.*?)(?=^## |\n\d+ step)", report, flags=re.M | re.S)
    assert match, report
    table = match.group(1)
    for shape in bench.SHAPES:
        first = re.search(rf"^{re.escape(shape)}\s+\d+ KiB\s+[\d.]+\s+[\d.]+\s+[\d.]+x$", table, flags=re.M)
        assert first, (shape, table)
    rows = re.findall(r"^.{38} +\d+ KiB +[\d.]+ +[\d.]* +[\d.]+ +[\d.]+x", table, flags=re.M)
    assert len(rows) == len(bench.SHAPES) * len(bench.SIZES_QUICK)


def test_the_json_has_the_machine_and_every_row(quick_run: Any) -> None:
    results = quick_run[1]
    assert results["machine"]["cpu"]
    assert results["machine"]["python"] == ".".join(map(str, sys.version_info[:3]))
    assert (results["sizes"], results["runs"]) == (list(bench.SIZES_QUICK), 1)
    rows = results["rows"]
    assert len(rows) == 2 * len(bench.SHAPES) * len(bench.SIZES_QUICK)
    for row in rows:
        assert row["seconds"] > 0
        assert row["peak_bytes"] >= 0
        assert len(row["samples"]) == 1


def row(size: int, seconds: float, peak: int) -> Any:
    return bench.Row("parse_line", "shape", size, seconds, peak)


def test_a_super_linear_step_is_flagged() -> None:
    linear = [row(1, 0.01, 100), row(2, 0.02, 200), row(4, 0.041, 400)]
    bench.steps(linear)
    assert [(r.time_step, r.memory_step, r.flag) for r in linear] == [
        (None, None, ""),
        (2.0, 2.0, ""),  # a step is the growth over the size before: linear doubles
        (pytest.approx(2.05), 2.0, ""),
    ]
    quadratic = [row(1, 0.01, 100), row(2, 0.04, 400), row(4, 0.16, 1600)]
    bench.steps(quadratic)
    assert [r.flag for r in quadratic] == ["", *["SUPER-LINEAR? time x4.0, memory x4.0"] * 2]
    # below 1 ms a time says nothing about the slope; a 16x size step is measured as a doubling (linear: 2.0)
    fast = [row(1, 0.0001, 100), row(2, 0.0009, 200), row(32, 0.02, 3200)]
    bench.steps(fast)
    assert [(r.time_step, r.memory_step, r.flag) for r in fast] == [(None, None, ""), (None, 2.0, ""), (None, 2.0, "")]


def test_the_shapes_are_about_the_size_they_are_measured_at() -> None:
    for name, make in bench.SHAPES.items():
        size = len(make(100_000))
        assert abs(size - 100_000) <= 64, (name, size)
