"""Every Python and shell example in the docs runs, and prints the output the page shows.

The pages are ``README.md`` and ``docs/**/*.md``.  A page's ``python`` blocks
run in order in one fresh interpreter, sharing one namespace as a reader
reading the page would (``fresh`` starts a new interpreter); a ``console``
block's ``$`` commands run in ``bash`` and must print the lines below them;
a ``sh`` block runs in ``bash`` and must exit 0.  A shown output is a block
with no language (or ``text``), checked against what the python block before
it wrote to stdout and stderr: through a pipe (``output``), or on a real
pseudo-terminal with its colours removed (``output=terminal``).

A comment right above a block says how to run it::

    <!-- docs-test: output=terminal -->
    <!-- docs-test: file=app/main.py line=26 -->  (the code's file name and first line, for callers)
    <!-- docs-test: skip="why it can't run here" -->
    <!-- docs-test: pytest file=test_x.py -->  (a test file: pytest runs it, its tests pass)
    <!-- docs-test: status=1 -->  (the interpreter running it and the blocks before it exits so)

A block in another language (``json``) with an ``output`` mark is a shown
output too.  An uncaught exception reaches ``sys.excepthook`` as from a
script, and the tracebacks show the page's code.

Every example runs at the time the Go documentation's examples show,
2021-07-04 15:26:26.123456 in Asia/Shanghai (UTC+8), so the pages can show
real lines: a ``sitecustomize`` module stops the clock in every Python
process the examples start (``time.time``/``time.time_ns``; the monotonic
clocks, which timeouts use, run on).
"""

from __future__ import annotations

import json
import os
import pty
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from helpers import read_terminal

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
CLOCK = "1625383586.123456"  # 2021-07-04T15:26:26.123456+08:00
ZONE = "Asia/Shanghai" if Path("/usr/share/zoneinfo/Asia/Shanghai").exists() else "CST-8"
RUN = {"python", "console", "sh"}
OUTPUT = {"", "text"}
NOT_RUN = {"go", "json", "yaml", "dockerfile", "ini", "toml"}  # not Python or shell: shown, not run
SEPARATOR = "\x1e"

_MARK = re.compile(r"<!-- docs-test: (.*?) -->")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")

SITECUSTOMIZE = """
import os, time
if os.environ.get("PREFIXLOG_DOCS_CLOCK"):
    _now = os.environ["PREFIXLOG_DOCS_CLOCK"]
    _ns = int(_now.replace(".", "")) * 10 ** (9 - len(_now.partition(".")[2]))
    time.time = lambda: _ns / 1e9
    time.time_ns = lambda: _ns
"""

# Runs a group of python blocks (a JSON list of [file, first line, code]) in one namespace.
# An uncaught exception goes to sys.excepthook without the driver's own frame, as from a script.
DRIVER = f"""
import json, linecache, logging, sys
namespace = {{"__name__": "__main__"}}
for name, first, code in json.load(open(sys.argv[1])):
    source = "\\n" * (first - 1) + code
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)  # tracebacks show the code
    try:
        exec(compile(source, name, "exec"), namespace)
    except SystemExit:
        raise
    except BaseException:
        kind, error, trace = sys.exc_info()
        sys.excepthook(kind, error, trace.tb_next)
        sys.exit(1)
    for handler in logging.getLogger().handlers:
        handler.flush()
    sys.stdout.flush(); sys.stderr.flush()
    sys.stderr.write("{SEPARATOR}\\n"); sys.stderr.flush()
"""


@dataclass
class Block:
    page: Path
    line: int  # the line of the opening fence
    lang: str
    code: str
    marks: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of a page, with the ``docs-test`` marks of the comment right above each."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            end = index + 1
            while not lines[end].startswith("```"):
                end += 1
            marks: dict[str, str] = {}
            above = index - 1
            while above >= 0 and lines[above].strip() == "":
                above -= 1
            match = _MARK.fullmatch(lines[above].strip()) if above >= 0 else None
            if match:
                for item in shlex.split(match.group(1)):
                    key, _, value = item.partition("=")
                    marks[key] = value
            code = "\n".join(lines[index + 1 : end]) + "\n"
            found.append(Block(page, index + 1, line[3:].strip(), code, marks))
            index = end
        index += 1
    return found


def _environment(tmp: Path) -> dict[str, str]:
    (tmp / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PREFIXLOG_", "PYTEST"))}
    for name in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE"):
        env.pop(name, None)
    env.update(
        PYTHONPATH=os.pathsep.join([str(tmp), str(ROOT / "src")]),
        PREFIXLOG_DOCS_CLOCK=CLOCK,
        TZ=ZONE,
        TERM="xterm",
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        COLUMNS="80",
        PYTHONUNBUFFERED="1",
    )
    return env


def _run_group(group: list[Block], tmp: Path, terminal: bool) -> list[str]:
    """Each block's output (stdout and stderr together), through a pipe or on a pseudo-terminal."""
    script = tmp / "blocks.json"
    script.write_text(
        json.dumps([[b.marks.get("file", "<docs>"), int(b.marks.get("line", "1")), b.code] for b in group]),
        encoding="utf-8",
    )
    argv = [sys.executable, "-c", DRIVER, str(script)]
    env = _environment(tmp)
    if terminal:
        leader, follower = pty.openpty()
        try:
            proc = subprocess.Popen(argv, stdout=follower, stderr=follower, cwd=tmp, env=env)
            os.close(follower)
            written = read_terminal(leader)
            status = proc.wait(timeout=60)
        finally:
            os.close(leader)
        text = _ANSI.sub("", written.decode("utf-8", "replace")).replace("\r\n", "\n")
    else:
        done = subprocess.run(
            argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp, env=env, timeout=60, check=False
        )
        status, text = done.returncode, done.stdout
    expected = int(group[-1].marks.get("status", "0"))
    assert status == expected, f"{group[0].where}: the examples exited with {status}, not {expected}:\n{text}"
    return text.split(SEPARATOR + "\n")[: len(group)]


def check_page(page: Path, tmp: Path) -> int:
    """Runs the page's examples and checks the outputs it shows; how many blocks it checked."""
    found = blocks(page)
    groups: list[list[Block]] = [[]]
    expected: list[tuple[Block, Block]] = []  # (python block, shown output)
    last_python: Block | None = None
    checked = 0
    for block in found:
        assert block.lang in RUN | OUTPUT | NOT_RUN, f"{block.where}: a block in {block.lang!r}: run it or say how"
        if "skip" in block.marks:
            assert block.marks["skip"], f"{block.where}: a skipped example must say why"
            continue
        if block.lang == "python" and "pytest" in block.marks:
            _check_pytest_file(block, tmp)
            checked += 1
        elif block.lang == "python":
            if "fresh" in block.marks and groups[-1]:
                groups.append([])
            groups[-1].append(block)
            last_python = block
        elif block.lang in OUTPUT or "output" in block.marks:
            assert "output" in block.marks, f"{block.where}: a shown output must be checked (output) or skip=why"
            assert last_python is not None, f"{block.where}: an output with no python block before it"
            expected.append((last_python, block))
        elif block.lang == "console":
            _check_console(block, tmp)
            checked += 1
        elif block.lang == "sh":
            done = _run_in(tmp, ["bash", "-euo", "pipefail", "-c", block.code])
            assert done.returncode == 0, f"{block.where}: {done.stdout}{done.stderr}"
            checked += 1
    for group in groups:
        if not group:
            continue
        outputs = {}
        for terminal in (False, True):
            wanted = [(p, o) for p, o in expected if p in group and (o.marks["output"] == "terminal") == terminal]
            if wanted or not terminal:
                outputs[terminal] = dict(zip(map(id, group), _run_group(group, tmp, terminal), strict=True))
            for python, shown in wanted:
                assert outputs[terminal][id(python)] == shown.code, f"{shown.where}: the example writes otherwise"
                checked += 1
        checked += len(group)
    return checked


def _check_pytest_file(block: Block, tmp: Path) -> None:
    """A test file (``pytest file=test_x.py``): pytest runs it and it passes."""
    path = tmp / block.marks["file"]
    path.write_text(block.code, encoding="utf-8")
    done = _run_in(tmp, [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", path.name])
    assert done.returncode == 0, f"{block.where}: its tests fail:\n{done.stdout}{done.stderr}"


def _run_in(tmp: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    """``argv`` run in ``tmp`` with the examples' environment; what it wrote, as text."""
    return subprocess.run(
        argv, capture_output=True, text=True, cwd=tmp, env=_environment(tmp), timeout=120, check=False
    )


def _check_console(block: Block, tmp: Path) -> None:
    """A console block: its ``$`` commands, run in order in one shell, print the lines shown below them.

    A ``$ cat FILE`` shows a file the next commands read: the lines shown
    below it are written to ``FILE`` first.
    """
    commands, shown = [], []
    outputs: list[list[str]] = []
    for line in block.code.splitlines():
        if line.startswith("$ "):
            commands.append(line[2:])
            outputs.append([])
        else:
            shown.append(line)
            outputs[-1].append(line)
    for command, output in zip(commands, outputs, strict=True):
        name = command.removeprefix("cat ")
        if name != command and re.fullmatch(r"[\w.-]+", name):
            (tmp / name).write_text("".join(line + "\n" for line in output), encoding="utf-8")
    done = subprocess.run(
        ["bash", "-c", "\n".join(commands)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=tmp,
        env=_environment(tmp),
        timeout=60,
        check=False,
    )
    assert done.stdout.splitlines() == shown, f"{block.where}: the commands print otherwise:\n{done.stdout}"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_the_pages_examples_run_and_print_what_they_show(page: Path, tmp_path: Path) -> None:
    check_page(page, tmp_path)
