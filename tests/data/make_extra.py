"""Write ``corpus-extra-<name>.jsonl`` and run the Go oracle to write ``expected-extra-<name>.jsonl``.

Our own conformance cases, for what the public corpus does not cover.  The
expected bytes always come from the real Go formatters, never from prefixlog:

    python tests/data/make_extra.py [NAME ...]   # needs ../shared/oracle (Debian + Go)

Each generator in ``GENERATORS`` owns one pair of files, so the cases of one
formatter can be rewritten without touching the others.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ORACLE = HERE.parents[2] / "shared" / "oracle" / "oracle"
TIME = "2021-07-04T15:26:26.123456+08:00"


def case(cid: str, formatter: str, **spec: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": cid, "category": spec.pop("category", "extra"), "formatter": formatter}
    base.update({"options": {}, "level": "info", "message": "have a nice day", "time": TIME, "fields": []})
    base.update(spec)
    return base


def text_cases() -> list[dict[str, Any]]:
    out = []
    layouts = [
        "Monday January 2 3:4:5 PM MST",
        "Mon Jan _2 15:04:05 2006",
        "02 Jan 06 15:04 -0700",
        "3:04pm",
        "2006-01-02T15:04:05.999999999Z07:00",
        "2006-01-02T15:04:05.999Z07:00",
        "15:04:05,000",
        "15:04:05.00000000",
        "002 __2 _2006 06",
        "Z07 Z0700 Z070000 Z07:00:00 -07 -070000 -07:00:00",
        "Janet Month",
        "1.01",
        "15:04:05.0001",
    ]
    for i, layout in enumerate(layouts):
        out.append(
            case(f"x-text-layout-{i:02d}", "text", options={"TimestampFormat": layout}, category="x-text-layout")
        )
        out.append(
            case(
                f"x-text-layout-colored-{i:02d}",
                "text",
                options={"TimestampFormat": layout, "ForceColors": True, "FullTimestamp": True},
                category="x-text-layout",
            )
        )
    for i, t in enumerate(
        [
            "2021-01-01T00:00:00.999999+08:00",
            "2021-12-31T23:59:59.000001+08:00",
            "2021-02-05T09:08:07+08:00",
            "2003-03-09T12:00:00.5+08:00",
        ]
    ):
        out.append(
            case(
                f"x-text-time-{i:02d}",
                "text",
                time=t,
                options={"TimestampFormat": "Mon Monday Jan January 1 01 2 02 _2 3 03 15 4 04 5 05 PM pm .000000"},
                category="x-text-time",
            )
        )
    floats = [
        3.0,
        1e6,
        1234567.5,
        123456.7,
        1e21,
        1e20,
        1e-7,
        1.234e-05,
        100000.0,
        12345678901234567890.0,
        0.1,
        -2.5e-300,
        1.7976931348623157e308,
        5e-324,
        0.0,
    ]
    out.append(
        case(
            "x-text-floats",
            "text",
            fields=[[f"f{i:02d}", "float", v] for i, v in enumerate(floats)],
            category="x-text-values",
        )
    )
    out.append(case("x-text-nil", "text", fields=[["n", "nil", None], ["s", "str", "x"]], category="x-text-values"))
    out.append(
        case(
            "x-text-nil-colored",
            "text",
            options={"ForceColors": True},
            elapsed_s=3,
            time=None,
            fields=[["n", "nil", None]],
            category="x-text-values",
        )
    )
    out.append(
        case(
            "x-text-pad-trunc",
            "text",
            options={
                "ForceColors": True,
                "PadLevelText": True,
                "DisableLevelTruncation": True,
                "DisableTimestamp": True,
            },
            level="warning",
            category="x-text-level",
        )
    )
    out.append(
        case(
            "x-text-unsorted-one",
            "text",
            options={"DisableSorting": True},
            fields=[["k", "int", 1]],
            category="x-text-sorting",
        )
    )
    out.append(
        case(
            "x-text-cjk-pad",
            "text",
            options={"ForceColors": True, "DisableTimestamp": True},
            message="日志消息已保存 é̃ 🎉",
            category="x-text-message",
        )
    )
    out.append(
        case(
            "x-text-long-msg",
            "text",
            options={"ForceColors": True, "DisableTimestamp": True},
            message="m" * 60,
            fields=[["k", "str", "v"]],
            category="x-text-message",
        )
    )
    out.append(
        case(
            "x-text-elapsed-big",
            "text",
            options={"ForceColors": True},
            elapsed_s=1234567,
            time=None,
            category="x-text-elapsed",
        )
    )
    return out


GENERATORS = {
    "text": text_cases,
}


def write(name: str, cases: list[dict[str, Any]]) -> int:
    for c in cases:
        if c.get("time") is None and c.get("elapsed_s") is None:
            c["time"] = TIME
        c.setdefault("elapsed_s", None)
        c.setdefault("caller", None)
        c.setdefault("caller_prettyfier", None)
    corpus = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    proc = subprocess.run([str(ORACLE)], input=corpus.encode("utf-8"), capture_output=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        return 1
    (HERE / f"corpus-extra-{name}.jsonl").write_text(corpus, encoding="utf-8")
    (HERE / f"expected-extra-{name}.jsonl").write_bytes(proc.stdout)
    print(f"{name}: {len(cases)} cases written with their Go output")
    return 0


def main(names: list[str]) -> int:
    status = 0
    for name in names or list(GENERATORS):
        status |= write(name, GENERATORS[name]())
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
