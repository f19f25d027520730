"""benchmarks/pretty.py keeps working: a small run without node prints both tables and its JSON.

Behaviour only, never speed (the figures are in benchmarks/README.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "pretty.py"


def test_a_small_run_without_node(tmp_path: Path) -> None:
    path = tmp_path / "pretty.json"
    argv = [sys.executable, str(SCRIPT), "--no-node", "--lines", "400", "--rounds", "2", "--json", str(path)]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "pino and pino-pretty skipped: --no-node" in out
    assert "| logrus JSON | prefixlog pretty |" in out
    assert "| four times over |" in out
    data = json.loads(path.read_text(encoding="utf-8"))
    (run,) = data["runs"]
    assert (run["file"], run["command"], len(run["walls"]), len(run["cpus"])) == (
        "logrus JSON",
        "prefixlog pretty",
        2,
        2,
    )
    (size, _), (size4, _) = data["memory"]
    assert size4 == 4 * size
