"""Write the Go outputs that ``tests/test_values_go.py`` compares prefixlog's values with.

Python's ``datetime``, ``timedelta`` and ``bytes`` are written as Go's
``time.Time``, ``time.Duration`` and ``[]byte``.  What Go writes for them
comes from two real Go programs, never from prefixlog:

- ``../shared/oracle-go`` (Go 1.27's ``log/slog``; logrus's oracle has no
  time or duration field type): ``slog.JSONHandler`` writes a time as
  ``encoding/json`` does (``time.RFC3339Nano``) and a duration as its integer
  nanoseconds, ``slog.TextHandler`` a duration as ``Duration.String()``.
  Cases in ``values-go-cases.jsonl`` (one ``{"zone": …, "case": …}`` a line:
  the oracle runs with ``ORACLE_TZ=<zone>``), results in
  ``values-go-expected.jsonl``.
- ``values_fmt.go``: ``fmt.Sprint`` and ``encoding/json`` of a ``[]byte``
  (which no oracle's schema can carry), and of the same times and durations
  (``json.Marshal`` itself, and the ``fmt`` forms README's table quotes).
  Cases in ``values-fmt-cases.jsonl`` (``{"zone": …, "case": …}``: run with
  ``TZ=<zone>``), results in ``values-fmt-expected.jsonl``.

    python tests/data/make_values.py            # rewrite the four files
    python tests/data/make_values.py --out DIR  # write them to DIR instead (the test compares)

Needs ``../shared/oracle-go`` and a Go toolchain (``$GO``, else Go 1.19 from
Debian's ``golang-1.19-go``, else ``go`` on the ``PATH``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ORACLE_GO = HERE.parents[2] / "shared" / "oracle-go" / "oracle"
PROGRAM = HERE / "values_fmt.go"
RECORD_TIME = "2021-07-04T15:26:26.123456+08:00"
LOCAL_ZONE = "Asia/Shanghai"  # the oracles' and the test suite's local zone

#: Times (RFC 3339) by the zone Go takes them to: fractions of every length,
#: whole seconds, zones with DST, half and three-quarter hours, a zero offset
#: (Go writes Z) and local mean times whose offsets have seconds (Go drops them).
TIMES: dict[str, list[str]] = {
    LOCAL_ZONE: [
        "2021-07-04T15:26:26.123456+08:00",
        "2021-07-04T15:26:26.1+08:00",
        "2021-07-04T15:26:26.12+08:00",
        "2021-07-04T15:26:26.000001+08:00",
        "2021-07-04T15:26:26.1234+08:00",
        "2021-07-04T15:26:26+08:00",
        "2021-01-01T00:00:00Z",
        "1988-04-17T12:00:00+08:00",
        "1899-12-31T16:00:00Z",
        "0001-01-01T00:00:01Z",  # not Go's zero time, which slog writes as 0001-01-01T00:00:00Z
        "9999-12-31T15:59:59.999999Z",
    ],
    "UTC": ["2021-07-04T15:26:26.5+08:00", "2021-07-04T07:26:26Z"],
    "America/New_York": ["1880-01-01T00:00:00Z", "2021-07-04T12:00:00.25Z", "2021-01-01T00:00:00Z"],
    "Europe/London": ["1840-01-01T00:00:00Z", "2021-01-01T00:00:00Z", "2021-07-04T12:00:00Z"],
    "America/St_Johns": ["2021-01-01T12:00:00Z"],
    "Asia/Kathmandu": ["2021-01-01T12:00:00Z"],
}

#: Fixed offsets in seconds (Python's ``datetime.timezone``, Go's
#: ``time.FixedZone``): zero, whole and half hours, and seconds, which Go drops
#: toward zero (-30 s is +00:00, not -00:00).
OFFSETS: list[int] = [0, 19_800, -16_200, 86_340, -86_340, 30, -30, -3_630, 3_659]

#: Durations in nanoseconds, whole microseconds (a timedelta's resolution):
#: each unit's edges, hours, both signs, and the largest int64 in microseconds.
DURATIONS: list[int] = [
    0,
    1_000,
    999_000,
    1_000_000,
    1_500_000,
    150_000_000,
    999_999_000,
    1_000_000_000,
    1_500_000_000,
    59_999_999_000,
    60_000_000_000,
    61_000_000_000,
    3_600_000_000_000,
    3_723_000_000_000,
    3_723_000_001_000,
    86_400_000_000_000,
    -1_000,
    -1_500_000_000,
    -3_723_000_000_000,
    9_223_372_036_854_775_000,
    -9_223_372_036_854_775_000,
]

#: Durations below a microsecond, which only ``go_duration`` itself meets (not from a timedelta).
NANOSECONDS: list[int] = [1, 999, 1_500, -1, 1_000_001, 9_223_372_036_854_775_807, -9_223_372_036_854_775_808]

#: Bytes: no, one and two padding characters, invalid UTF-8, the characters
#: where standard and URL-safe base64 differ (+/ against -_), every byte.
BYTES: list[list[int]] = [
    [],
    list(b"a"),
    list(b"hi"),
    list(b"abc"),
    list(b"caf\xc3\xa9 \xff"),
    [0xFB, 0xFF, 0xBF],
    list(range(256)),
]


def slug(zone: str) -> str:
    return zone.lower().replace("/", "-").replace("_", "-")


def go_cases() -> list[dict[str, Any]]:
    """The oracle-go cases, each with the zone it runs in."""
    out = []

    def add(zone: str, cid: str, logger: str, kind: str, value: Any) -> None:
        case = {"id": cid, "logger": logger, "level": 0, "time": RECORD_TIME, "fields": [["v", kind, value]]}
        out.append({"zone": zone, "case": case})

    for zone, times in TIMES.items():
        for i, value in enumerate(times):
            add(zone, f"time-{slug(zone)}-{i:02d}", "slog-json", "time", value)
    for i, ns in enumerate(DURATIONS):
        add(LOCAL_ZONE, f"duration-json-{i:02d}", "slog-json", "duration", ns)
        add(LOCAL_ZONE, f"duration-text-{i:02d}", "slog-text", "duration", ns)
    return out


def fmt_cases() -> list[dict[str, Any]]:
    """The values_fmt.go cases, each with the zone it runs in: every byte string, time and duration."""
    out: list[dict[str, Any]] = []
    for i, value in enumerate(BYTES):
        out.append({"zone": LOCAL_ZONE, "case": {"id": f"bytes-{i:02d}", "bytes": value}})
    for zone, times in TIMES.items():
        for i, text in enumerate(times):
            out.append({"zone": zone, "case": {"id": f"time-{slug(zone)}-{i:02d}", "time": text}})
    for i, offset in enumerate(OFFSETS):
        out.append({"zone": LOCAL_ZONE, "case": {"id": f"time-fixed-{i:02d}", "time": RECORD_TIME, "offset": offset}})
    for i, ns in enumerate(DURATIONS):
        out.append({"zone": LOCAL_ZONE, "case": {"id": f"duration-{i:02d}", "duration": ns}})
    for i, ns in enumerate(NANOSECONDS):
        out.append({"zone": LOCAL_ZONE, "case": {"id": f"nanoseconds-{i:02d}", "duration": ns}})
    return out


def jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def by_zone(cases: list[dict[str, Any]], run: Callable[[str, str], str]) -> str:
    """``run(zone, jsonl)`` on each zone's cases; the result lines in the order of ``cases``."""
    by_id: dict[str, str] = {}
    for zone in dict.fromkeys(c["zone"] for c in cases):
        lines = run(zone, jsonl([c["case"] for c in cases if c["zone"] == zone]))
        for line in lines.splitlines():
            by_id[json.loads(line)["id"]] = line + "\n"
    return "".join(by_id[c["case"]["id"]] for c in cases)


def run_in_zone(program: Path, variable: str, zone: str, lines: str) -> str:
    """``program``'s output for ``lines`` on its stdin, with ``variable`` (its time zone) set to ``zone``."""
    env = {**os.environ, variable: zone}
    proc = subprocess.run([str(program)], input=lines.encode("utf-8"), capture_output=True, check=False, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{program.name} ({zone}): {proc.stderr.decode(errors='replace')}")
    return proc.stdout.decode("utf-8")


def oracle_go(zone: str, cases: str) -> str:
    """oracle-go's results for ``cases`` (JSON lines), run in ``zone``."""
    return run_in_zone(ORACLE_GO, "ORACLE_TZ", zone, cases)


def go_tool() -> str | None:
    """The Go toolchain that builds values_fmt.go, or ``None``."""
    for candidate in (os.environ.get("GO"), "/usr/lib/go-1.19/bin/go", shutil.which("go")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def values_fmt(cases: list[dict[str, Any]]) -> str:
    """values_fmt.go's result lines for ``cases``, built in GOPATH mode (no module, no network)."""
    go = go_tool()
    if go is None:
        raise RuntimeError("no Go toolchain: set GO, or install golang-go")
    with tempfile.TemporaryDirectory() as build:
        env = {**os.environ, "GO111MODULE": "off", "GOFLAGS": "", "GOPROXY": "off", "GOTOOLCHAIN": "local"}
        binary = Path(build) / "values_fmt"
        subprocess.run([go, "build", "-o", str(binary), str(PROGRAM)], check=True, env={**env, "CGO_ENABLED": "0"})

        return by_zone(cases, lambda zone, lines: run_in_zone(binary, "TZ", zone, lines))


def write(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    cases = go_cases()
    (out / "values-go-cases.jsonl").write_text(jsonl(cases), encoding="utf-8")
    (out / "values-go-expected.jsonl").write_text(by_zone(cases, oracle_go), encoding="utf-8")
    formats = fmt_cases()
    (out / "values-fmt-cases.jsonl").write_text(jsonl(formats), encoding="utf-8")
    (out / "values-fmt-expected.jsonl").write_text(values_fmt(formats), encoding="utf-8")


def main(argv: list[str]) -> int:
    out = HERE
    if argv[:1] == ["--out"] and len(argv) == 2:
        out = Path(argv[1])
    elif argv:
        sys.stderr.write("usage: make_values.py [--out DIR]\n")
        return 2
    write(out)
    print(f"values: {len(go_cases())} oracle-go cases and {len(fmt_cases())} values_fmt cases written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
