"""Every script in examples/ runs, and prints what its docstring promises."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ESC = "\x1b"


def run(name: str) -> subprocess.CompletedProcess[str]:
    """Run an example with stdout and stderr as pipes (not terminals)."""
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, timeout=60, cwd=EXAMPLES, check=True
    )


def run_on_terminal(name: str) -> str:
    """Run an example with stderr on a pseudo-terminal; return what it wrote there."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, str(EXAMPLES / name)], stderr=follower, stdout=subprocess.DEVNULL, cwd=EXAMPLES
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(leader)
    return b"".join(chunks).decode()


def line_of(name: str, text: str) -> int:
    """The line number of the first line of examples/<name> that contains ``text``."""
    lines = (EXAMPLES / name).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def check_quickstart() -> None:
    line = line_of("quickstart.py", '.info("have a nice day")')
    seed = (
        rf"{ESC}\[36mINFO{ESC}\[0m\[\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\]quickstart.py:{line} "
        rf"have a nice day {{31}}{ESC}\[36mzs{ESC}\[0m=log\r\n"
    )
    assert re.fullmatch(seed, run_on_terminal("quickstart.py")), "the seed's line, on a terminal"
    logfmt = (
        rf'time="\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d" level=info msg="have a nice day" '
        rf'file="quickstart.py:{line}" zs=log\n'
    )
    assert re.fullmatch(logfmt, run("quickstart.py").stderr)


def check_prefixed() -> None:
    stamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"
    seed = rf"{ESC}\[0;90m\[{stamp}\]{ESC}\[0m {ESC}\[0;32m INFO{ESC}\[0m{ESC}\[0;36m log:{ESC}\[0m have a nice day\r\n"
    assert re.fullmatch(seed, run_on_terminal("prefixed.py")), "the seed's line, on a terminal"
    logfmt = rf'time="{stamp}" level=info msg="have a nice day" prefix=log\n'
    assert re.fullmatch(logfmt, run("prefixed.py").stderr)


def check_dict_config() -> None:
    line = line_of("dict_config.py", 'warning("cache is cold"')
    out = run("dict_config.py").stdout
    expected = (
        r'time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)" level=info msg="service started" '
        r"port=8080 version=1.4.2\n"
        r'time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)" level=warning msg="cache is cold" '
        rf'file="dict_config.py:{line}" hit_ratio=0.125\n'
    )
    assert re.fullmatch(expected, out), out


def check_fields() -> None:
    assert run("fields.py").stdout == (
        'level=info msg="cart loaded" items=3 request_id=f9a1 user=ana\n'
        'level=trace msg="names never clash" fields.msg="a field named msg" request_id=f9a1 user=ana\n'
        "level=info msg=checkout paid=true request_id=f9a1 total=12.5 user=ana\n"
        'level=warning msg="payment retried" error="card service unreachable" request_id=f9a1 user=ana\n'
        'level=info msg="plain stdlib logger" name_field="works too"\n'
    )


def check_json_shipper() -> None:
    path = json.dumps(str(EXAMPLES / "json_shipper.py"), ensure_ascii=False)[1:-1]  # as inside a JSON string
    line = line_of("json_shipper.py", 'raise ConnectionError("billing unreachable")')
    time = r'"@timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)",'
    lines = [
        '{"@level":"info","@message":"sidecar started",TIME"data":{"pid":4242,"service":"billing-sidecar"}}',
        '{"@level":"warning","@message":"upstream slow\\nretrying",TIME"data":{"latency_s":1.5,'
        '"service":"billing-sidecar","url":"http://billing:8080/flush?batch=7\\u0026retry=1"}}',
        '{"@level":"error","@message":"flush failed",TIME"data":{"service":"billing-sidecar"},'
        '"exc_info":"Traceback (most recent call last):\\n'
        f'  File \\"{path}\\", line {line}, in \\u003cmodule\\u003e\\n'
        '    raise ConnectionError(\\"billing unreachable\\")\\n'
        'ConnectionError: billing unreachable","exc_message":"billing unreachable","exc_type":"ConnectionError"}',
    ]
    expected = "".join(re.escape(text).replace("TIME", time) + "\n" for text in lines)
    out = run("json_shipper.py").stdout
    assert re.fullmatch(expected, out), out


CHECKS: dict[str, Callable[[], None]] = {
    "quickstart.py": check_quickstart,
    "dict_config.py": check_dict_config,
    "fields.py": check_fields,
    "json_shipper.py": check_json_shipper,
    "prefixed.py": check_prefixed,
}


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.py")))
def test_example(name: str) -> None:
    assert name in CHECKS, f"examples/{name} has no check in tests/test_examples.py"
    CHECKS[name]()
