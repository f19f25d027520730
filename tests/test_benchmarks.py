"""benchmarks/run.py keeps working: a --quick run prints its tables, and the output check excludes cheats.

Behaviour only, never speed.  The ``test`` extra installs no peer library,
so peers may be skipped here; prefixlog and the stdlib floor always run.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"
NUMBERS = r"\s+[\d,]+\s+[\d,]+–[\d,]+\s+"  # median, min–max


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("prefixlog_benchmarks_run", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = load_script()


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """One --quick run with a tiny budget: its printed report and its JSON."""
    path = tmp_path_factory.mktemp("bench") / "results.json"
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--rounds", "2", "--batch-ms", "0.5", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc, json.loads(path.read_text(encoding="utf-8"))


def section(report: str, title: str) -> str:
    """The text of the report's section whose heading starts with ``title``."""
    match = re.search(rf"^## {re.escape(title)}.*?(?=^## |\Z)", report, flags=re.M | re.S)
    assert match, f"no section {title!r} in:\n{report}"
    return match.group(0)


@pytest.mark.parametrize("title", ["format(record)", "end to end"])
def test_the_tables_have_the_floor_and_textformatter_rows(quick_run: Any, title: str) -> None:
    table = section(quick_run[0].stdout, title)
    assert re.search(rf"^stdlib Formatter \(floor\){NUMBERS}[\d.]+x\s+1\.00x$", table, flags=re.M), table
    assert re.search(rf"^stdlib Formatter \+ 3 fields \(floor\+3\){NUMBERS}1\.00x\s+[\d.]+x$", table, flags=re.M)
    for layout in ("logfmt", "colored"):
        assert re.search(rf"^prefixlog TextFormatter {layout}{NUMBERS}[\d.]+x\s+[\d.]+x$", table, flags=re.M), table


def test_the_scaling_and_field_logger_sections_are_printed(quick_run: Any) -> None:
    report = quick_run[0].stdout
    fields = section(report, "format() against the number of fields")
    assert re.search(r"^prefixlog TextFormatter logfmt\s+0\s+[\d,]+", fields, flags=re.M), fields
    assert re.search(r"^\s+100\s+[\d,]+\s+[\d,]+–[\d,]+\s+[\d,.]+\s+[\d,.]+", fields, flags=re.M), fields
    message = section(report, "format() against the message size")
    assert re.search(r"^\s+100,000\s+[\d,]+", message, flags=re.M), message
    field_logger = section(report, "FieldLogger")
    for call in ("(a) bound FieldLogger", "(b) with_field()", "(c) logger.info"):
        assert re.search(rf"^{re.escape(call)}.*{NUMBERS}[\d.]+x$", field_logger, flags=re.M), field_logger


def test_the_json_has_the_machine_and_every_measurement(quick_run: Any) -> None:
    results = quick_run[1]
    machine = results["machine"]
    assert machine["cpu"]
    assert machine["cores"] >= 1
    assert machine["python"] == ".".join(map(str, sys.version_info[:3]))
    assert machine["packages"]["prefixlog"]
    rows = {row["name"]: row for row in results["sections"]["format"]}
    text = rows["prefixlog TextFormatter logfmt"]
    assert text["status"] == "ok"
    assert len(text["samples_ns"]) == 2
    assert 0 < text["min_ns"] <= text["median_ns"] <= text["max_ns"]
    assert 'msg="user logged in"' in text["output"]
    assert {r["name"] for r in results["sections"]["end_to_end"]} == set(rows)


def documented_contenders() -> set[str]:
    """The names in benchmarks/README.md's contenders table (``lib A / B / C`` is ``lib A``, ``lib B``, ``lib C``)."""
    readme = (SCRIPT.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("**The contenders.**", 1)[1].split("\n\n", 2)[1]
    names: set[str] = set()
    for row in table.splitlines()[2:]:
        first, *others = row.split("|")[1].strip().split(" / ")
        library = first.split(" ", 1)[0]
        names.update([first, *(f"{library} {other}" for other in others)])
    return names


def test_every_contender_is_documented_in_the_readme() -> None:
    assert {c.name for c in bench.contenders()} == documented_contenders()


def test_a_missing_peer_is_skipped_not_a_crash(quick_run: Any) -> None:
    rows = {row["name"]: row for row in quick_run[1]["sections"]["format"]}
    for name, row in rows.items():
        assert row["status"] in ("ok", "skipped"), (name, row["reason"])
        if row["status"] == "skipped":
            assert row["reason"]
            assert row["median_ns"] is None


def contender(name: str, formatter: logging.Formatter, colored: bool | None = None) -> Any:
    return bench.Contender(name, lambda: formatter, colored=colored)


def test_a_contender_that_drops_fields_or_fails_is_excluded_loudly(capsys: pytest.CaptureFixture[str]) -> None:
    def broken() -> logging.Formatter:
        raise RuntimeError("cannot build")

    chosen = [
        contender("keeps fields", logging.Formatter(bench.STDLIB_FIELDS_FORMAT)),
        contender("drops fields", logging.Formatter("%(message)s user=%(user)s")),
        contender("no colours", logging.Formatter(bench.STDLIB_FIELDS_FORMAT), colored=True),
        bench.Contender("fails to build", broken),
        bench.Contender("not installed", lambda: bench._module("no_such_peer_module")),
    ]
    rows = {row.name: row for row in bench.main_section("format", chosen, bench.Settings(rounds=1, batch_ms=0.2))}
    assert rows["keeps fields"].status == "ok"
    assert rows["keeps fields"].median_ns > 0
    assert (rows["drops fields"].status, rows["drops fields"].reason) == ("excluded", "output lacks 'f9a1c2', '12.5'")
    assert rows["drops fields"].median_ns is None
    assert rows["no colours"].status == "excluded"
    assert "no ANSI colours" in rows["no colours"].reason
    assert (rows["fails to build"].status, rows["fails to build"].reason) == (
        "excluded",
        "raised RuntimeError: cannot build",
    )
    assert rows["not installed"].status == "skipped"
    assert "not installed" in rows["not installed"].reason

    assert bench.print_excluded({"format": list(rows.values())}) == 3
    out, err = capsys.readouterr()
    for report in (out, err):
        assert "3 contender(s) EXCLUDED" in report
        assert "[format] drops fields: output lacks 'f9a1c2', '12.5'" in report


def test_the_end_to_end_check_reads_what_the_handler_wrote() -> None:
    chosen = [contender("drops fields", logging.Formatter("%(message)s"))]
    (row,) = bench.main_section("end_to_end", chosen, bench.Settings(rounds=1, batch_ms=0.2))
    assert (row.status, row.reason, row.output) == (
        "excluded",
        "output lacks 'ana', 'f9a1c2', '12.5'",
        "user logged in",
    )


def test_a_super_linear_step_is_flagged() -> None:
    def row(size: int, median: float) -> Any:
        return bench.Row(f"x [{size}]", "ok", size=size, median_ns=median)

    linear = bench.growth([row(0, 100.0), row(10, 200.0), row(100, 1_100.0), row(1_000, 10_100.0)])
    assert [flag for *_, flag in linear] == ["", "", "", ""]
    assert [marginal for _, _, marginal, _ in linear] == [None, 10.0, 10.0, 10.0]
    quadratic = bench.growth([row(0, 100.0), row(10, 200.0), row(100, 1_100.0), row(1_000, 100_100.0)])
    assert quadratic[-1][3] == "SUPER-LINEAR? marginal cost x11.0 of the previous step"
    # 0 -> 3 fields added 15% of the cost: mostly fixed cost and noise, no yardstick for 3 -> 10
    small_first_step = bench.growth([row(0, 6_000.0), row(3, 7_000.0), row(10, 17_000.0)])
    assert [flag for *_, flag in small_first_step] == ["", "", ""]


def test_the_workload_sizes_are_exact() -> None:
    assert [len(bench.long_message(n)) for n in (10, 1_000, 100_000)] == [10, 1_000, 100_000]
    fields = bench.many_fields(10)
    assert len(fields) == 10
    assert {type(v) for v in fields.values()} == {str, int, float}
    record = bench.make_record()
    assert (record.getMessage(), record.user, record.request_id, record.latency_ms) == (
        "user logged in",
        "ana",
        "f9a1c2",
        12.5,
    )
    assert record.filename == "run.py"  # a real logger call filled in the caller
    assert bench.check_output("a \x1b[36mb\x1b[0m", ("a", "b"), colored=True) is None
    assert bench.check_output("a b", ("a", "b"), colored=False) is None
    assert bench.check_output("a b", ("a", "c"), colored=None) == "output lacks 'c'"


def sleeper() -> Any:
    """A subject that waits instead of computing: its wall time is far above its CPU time."""
    return bench.Subject("sleeps", lambda n: time.sleep(0.002 * n))


def test_a_preempted_batch_is_run_again_and_counted() -> None:
    tally = bench.Measurement([], batch=1)
    bench.sample(sleeper(), 1, bench.Settings(attempts=3), tally)
    assert (tally.retries, tally.preempted, len(tally.samples), len(tally.cpu_samples)) == (2, 1, 1, 1)
    assert tally.samples[0] >= 2_000_000  # the wall clock saw the sleep
    assert tally.cpu_samples[0] < tally.samples[0]


def test_the_cpu_clock_times_cpu_and_never_retries() -> None:
    tally = bench.Measurement([], batch=1)
    bench.sample(sleeper(), 1, bench.Settings(clock="cpu", attempts=3), tally)
    assert (tally.retries, tally.preempted) == (0, 0)
    assert tally.samples == tally.cpu_samples
    assert tally.samples[0] < 2_000_000  # sleeping costs no CPU


def test_ratios_are_paired_round_by_round() -> None:
    base = bench.Row("floor", "ok", median_ns=1.0, samples_ns=[1.0, 2.0, 1.0])
    row = bench.Row("x", "ok", median_ns=4.0, samples_ns=[2.0, 4.0, 100.0])  # the third round was slow for x only
    bench.add_ratios([base, row], {"floor": "floor"})
    assert (row.ratios, base.ratios) == ({"floor": 2.0}, {"floor": 1.0})
