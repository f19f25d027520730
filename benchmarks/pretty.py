"""``prefixlog pretty`` next to ``pino-pretty`` 13.2, side by side in one run, on the same files.

Two files of ``--lines`` lines (default 200,000): one written by the real
pino (``make_pino.js``, pino 10.4.0 from npm), one of logrus JSON
(``JSONFormatter``, logrus's ``JSONFormatter`` byte for byte, as the
conformance suite checks), 10 ms between lines.  Each command reads a file
and writes to ``/dev/null``, as a whole process (start-up included):
``prefixlog pretty --color never FILE`` and ``pino-pretty < FILE`` (no
colours into a file either).  Rounds are interleaved; the best wall time of
each is reported, with its CPU time (user + system, from ``wait4``).  Then
the peak memory (``VmHWM``, Linux) of ``prefixlog pretty`` on the first
file and on that file four times over: flat, whatever the file's size.

pino, pino-pretty 13.2.0 are installed with npm into ``--npm-dir`` (default
``~/.cache/prefixlog-bench-node``, kept between runs); without node or npm
(or the registry) pino-pretty and the pino file are skipped, and the report
says why.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import npm
from readers import machine

import prefixlog

HERE = Path(__file__).resolve().parent
PACKAGES = ("pino@10.4.0", "pino-pretty@13.2.0")
T0 = 1625383586.0  # 2021-07-04T07:26:26Z


@dataclass
class Contender:
    """A command run on a file: its argv and whether the file comes on stdin."""

    name: str
    argv: list[str]
    stdin: bool = False
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)


def run_once(argv: list[str], path: Path, stdin: bool) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``argv`` on ``path``."""
    with path.open("rb") as source, open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        proc = subprocess.Popen(argv + ([] if stdin else [str(path)]), stdin=source if stdin else None, stdout=sink)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def make_pino(root: Path, lines: int, path: Path) -> None:
    env = {**os.environ, "NODE_PATH": str(root / "node_modules")}
    subprocess.run(["node", str(HERE / "make_pino.js"), str(lines), str(path)], env=env, check=True, timeout=600)


def make_logrus(lines: int, path: Path) -> None:
    """``lines`` logrus JSON lines, 10 ms apart, four kinds of record as in the pino file."""
    formatter = prefixlog.JSONFormatter()
    users = ["ana", "bob", "chen", "dana"]
    kinds: list[tuple[int, str, Any]] = [
        (
            logging.INFO,
            "user logged in",
            lambda i: {"user": users[i % 4], "request_id": f"f9a1c2{i}", "latency_ms": 12.5},
        ),
        (logging.DEBUG, "cache miss", lambda i: {"path": "/srv/app", "attempt": i}),
        (logging.WARNING, "disk nearly full", lambda i: {"ratio": 0.25, "ok": True}),
        (logging.ERROR, "request failed", lambda i: {"code": 500, "route": "/api/v1/items"}),
    ]
    with path.open("w", encoding="utf-8") as out:
        for i in range(lines):
            level, message, make = kinds[i % 4]
            record = logging.makeLogRecord({"levelno": level, "levelname": logging.getLevelName(level), "msg": message})
            record.created = T0 + i / 100
            record.msecs = (record.created % 1) * 1000
            record.__dict__.update(make(i))
            out.write(formatter.format(record) + "\n")


def side_by_side(files: dict[str, Path], contenders: list[Contender], rounds: int) -> dict[str, list[Contender]]:
    results: dict[str, list[Contender]] = {}
    for name, path in files.items():
        runs = [Contender(c.name, c.argv, c.stdin) for c in contenders]
        for _ in range(rounds):
            for contender in runs:
                wall, cpu = run_once(contender.argv, path, contender.stdin)
                contender.walls.append(wall)
                contender.cpus.append(cpu)
        results[name] = runs
    return results


def report(results: dict[str, list[Contender]], lines: int) -> list[dict[str, Any]]:
    rows = []
    print(f"| file ({lines:,} lines) | command | best wall (s) | its CPU (s) | lines/s | vs pino-pretty |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name, runs in results.items():
        best = {c.name: min(range(len(c.walls)), key=c.walls.__getitem__) for c in runs}
        peer = next((c for c in runs if c.name == "pino-pretty"), None)
        for c in runs:
            wall, cpu = c.walls[best[c.name]], c.cpus[best[c.name]]
            ratio = "" if peer is None else f"{min(peer.walls) / wall:.2f}×"
            print(f"| {name} | {c.name} | {wall:.2f} | {cpu:.2f} | {lines / wall:,.0f} | {ratio} |")
            rows.append({"file": name, "command": c.name, "walls": c.walls, "cpus": c.cpus})
    return rows


#: ``prefixlog ARGS``, then its peak resident memory (``VmHWM``, KiB, Linux) on stderr: the process's own,
#: where ``ru_maxrss`` also counts what it held before ``exec`` (a copy of this process).
PEAK_RSS = """\
import sys
from prefixlog._cli import main
code = main(sys.argv[1:])
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
sys.stderr.write(peak.split()[1])
sys.exit(code)
"""


def memory(path: Path, times: int, work: Path) -> list[tuple[int, int]]:
    """Peak memory (KiB) of ``prefixlog pretty`` on ``path`` and on it ``times`` times over: (bytes, KiB) each."""
    big = work / "big.log"
    data = path.read_bytes()
    with big.open("wb") as out:
        for _ in range(times):
            out.write(data)
    sizes = []
    for file in (path, big):
        with open(os.devnull, "wb") as sink:
            argv = [sys.executable, "-c", PEAK_RSS, "pretty", "--color", "never", str(file)]
            proc = subprocess.run(argv, stdout=sink, stderr=subprocess.PIPE, check=True, timeout=600)
        sizes.append((file.stat().st_size, int(proc.stderr)))
    big.unlink()
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200_000, help="lines per file (default 200000)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--npm-dir", type=Path, default=Path.home() / ".cache" / "prefixlog-bench-node")
    parser.add_argument("--no-node", action="store_true", help="skip pino and pino-pretty")
    parser.add_argument("--json", type=Path, help="write every run's times here")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    info = machine()
    print(f"# prefixlog pretty vs pino-pretty: {info['cpu']}, {info['cores']} cores, Python {info['python']}")
    print(f"# load average at start: {info['load_average_at_start']}\n")
    ours = [sys.executable, "-m", "prefixlog", "pretty", "--color", "never"]
    why = "--no-node" if args.no_node else npm.install(args.npm_dir, PACKAGES)
    with tempfile.TemporaryDirectory(prefix="prefixlog-bench-") as tmp:
        work = Path(tmp)
        files: dict[str, Path] = {}
        contenders = [Contender("prefixlog pretty", ours)]
        if why is None:
            files["pino"] = work / "pino.log"
            make_pino(args.npm_dir, args.lines, files["pino"])
            contenders.append(
                Contender("pino-pretty", [str(args.npm_dir / "node_modules" / ".bin" / "pino-pretty")], True)
            )
        else:
            print(f"pino and pino-pretty skipped: {why}\n")
        files["logrus JSON"] = work / "logrus.json"
        make_logrus(args.lines, files["logrus JSON"])
        results = side_by_side(files, contenders, args.rounds)
        rows = report(results, args.lines)
        sizes = memory(next(iter(files.values())), 4, work)
        print("\n| file | bytes | peak RSS of prefixlog pretty (KiB) |\n| --- | ---: | ---: |")
        for (size, rss), label in zip(sizes, ("once", "four times over"), strict=True):
            print(f"| {label} | {size:,} | {rss:,} |")
    if args.json is not None:
        args.json.write_text(json.dumps({"machine": info, "runs": rows, "memory": sizes}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
