"""Every script in examples/ runs, and prints what its docstring promises."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from prefixlog._escape import go_quote

import helpers

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ESC = "\x1b"


def run(name: str) -> subprocess.CompletedProcess[str]:
    """Run an example with stdout and stderr as pipes (not terminals)."""
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name)], capture_output=True, text=True, timeout=60, cwd=EXAMPLES, check=True
    )


def run_on_terminal(name: str) -> str:
    """Run an example with stderr on a pseudo-terminal; return what it wrote there."""
    return helpers.run_on_terminal([sys.executable, str(EXAMPLES / name)], cwd=EXAMPLES).decode()


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
    line = line_of("fields.py", 'raise ConnectionError("card service unreachable")')
    trace = (
        "Traceback (most recent call last):\n"
        f'  File "{EXAMPLES / "fields.py"}", line {line}, in <module>\n'
        '    raise ConnectionError("card service unreachable")\n'
        "ConnectionError: card service unreachable"
    )
    assert run("fields.py").stdout == (
        'level=info msg="cart loaded" items=3 request_id=f9a1 user=ana\n'
        'level=trace msg="names never clash" fields.msg="a field named msg" request_id=f9a1 user=ana\n'
        "level=info msg=checkout paid=true request_id=f9a1 total=12.5 user=ana\n"
        'level=warning msg="payment retried" error="card service unreachable" request_id=f9a1 user=ana'
        f' exc_type=ConnectionError exc_message="card service unreachable" exc_info={go_quote(trace)}\n'
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


def check_app_logging() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "app.jsonl"
        proc = subprocess.run(
            [sys.executable, str(EXAMPLES / "app_logging.py"), str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert re.fullmatch(
        r"INFO\[\d{4}\] order placed {34}items=3 order_id=A-1001\n"
        r'WARN\[\d{4}\] payment retried {31}error="card declined" order_id=A-1001\n',
        proc.stderr,
    ), proc.stderr
    line = line_of("app_logging.py", 'log.info("order placed"')
    for record in records:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", record.pop("@timestamp"))
    assert records == [
        {
            "ecs.version": "8.11.0",
            "items": 3,
            "log.level": "info",
            "log.logger": "shop.orders",
            "log.origin.file.line": line,
            "log.origin.file.name": "app_logging.py",
            "log.origin.function": "main",
            "message": "order placed",
            "order_id": "A-1001",
        },
        {
            "ecs.version": "8.11.0",
            "error": "card declined",
            "log.level": "warning",
            "log.logger": "shop.orders",
            "log.origin.file.line": line + 1,
            "log.origin.file.name": "app_logging.py",
            "log.origin.function": "main",
            "message": "payment retried",
            "order_id": "A-1001",
        },
    ]


CHECKS: dict[str, Callable[[], None]] = {
    "app_logging.py": check_app_logging,
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


CONFIG_SCRIPT = """
import json, logging, logging.config, sys
import prefixlog
path = sys.argv[1]
if path.endswith(".ini"):
    logging.config.fileConfig(path, disable_existing_loggers=False)
else:
    with open(path) as handle:
        logging.config.dictConfig(json.load(handle))
logging.getLogger("app").info("config loaded", extra={"k": "v"})
logging.getLogger("worker").warning("[sync] worker started")
"""


def load_config(name: str) -> subprocess.CompletedProcess[str]:
    """Load examples/<name> (dictConfig for .json, fileConfig for .ini) in a child and log two records."""
    return subprocess.run(
        [sys.executable, "-c", CONFIG_SCRIPT, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_the_json_config_loads_and_logs() -> None:
    proc = load_config("logging.json")
    assert re.fullmatch(
        # stderr is a pipe here: logrus's formatter writes logfmt, x-cray's is forced to its layout.
        r'time="\d{4}-\d\d-\d\d \d\d:\d\d:\d\d" level=info msg="config loaded" file="<string>:10" k=v\n'
        r"\[\d{4}\]  WARN sync: worker started\n",
        proc.stderr,
    ), proc.stderr
    (line,) = proc.stdout.splitlines()
    data = json.loads(line)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d)", data.pop("time"))
    assert data == {"k": "v", "level": "info", "msg": "config loaded"}


def test_the_ini_config_loads_and_logs() -> None:
    proc = load_config("logging.ini")
    assert re.fullmatch(
        r'time="\d{4}-\d\d-\d\d \d\d:\d\d:\d\d" level=info msg="config loaded" k=v\n'
        r'time="\d{4}-\d\d-\d\d \d\d:\d\d:\d\d" level=warning msg="\[sync\] worker started"\n',
        proc.stderr,
    ), proc.stderr
