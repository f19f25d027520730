"""MkDocs hooks: what the site shows of the code is made from the code when the site is built.

- ``<!-- prefixlog-help: run -->`` in a page becomes the ``--help`` text of
  that subcommand (``<!-- prefixlog-help -->``: the command's own), from the
  argument parser the command line uses.
- ``images/<section>.svg``: the terminal layouts as a terminal shows them.
  ``prefixlog demo`` runs on a real pseudo-terminal (at the docs' stopped
  clock, as the examples run: see ``tests/test_docs_examples.py``), and each
  of its sections that is a terminal layout becomes a picture of its
  coloured output (drawn by ``rich``, the ``docs`` extra).
"""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from rich.console import Console
from rich.text import Text

from prefixlog._cli import build_parser

_HELP = re.compile(r"<!-- prefixlog-help(?:: (\w+))? -->")
_ROOT = Path(__file__).resolve().parents[1]
_CLOCK = "1625383586.123456"  # 2021-07-04T15:26:26.123456+08:00, the examples' clock
_STOP_CLOCK = """
import os, time
_ns = int(os.environ["PREFIXLOG_DOCS_CLOCK"].replace(".", "")) * 1000
time.time = lambda: _ns / 1e9
time.time_ns = lambda: _ns
"""


def _help(command: str | None) -> str:
    parser = build_parser()
    if command:
        actions = [a for a in parser._actions if hasattr(a, "choices") and isinstance(a.choices, dict)]
        parser = actions[0].choices[command]
    return "```text\n" + parser.format_help().rstrip() + "\n```"


def on_page_markdown(markdown: str, **_: Any) -> str:
    """Each help marker becomes that help text."""
    return _HELP.sub(lambda match: _help(match.group(1)), markdown)


def _demo_on_terminal() -> str:
    """What ``prefixlog demo`` writes on an 100-column pseudo-terminal."""
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "sitecustomize.py").write_text(_STOP_CLOCK, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFIXLOG_", "NO_COLOR", "FORCE_COLOR"))}
        env.update(
            PYTHONPATH=os.pathsep.join([tmp, str(_ROOT / "src")]),
            PREFIXLOG_DOCS_CLOCK=_CLOCK,
            TZ="Asia/Shanghai",
            TERM="xterm-256color",
            COLUMNS="100",
        )
        leader, follower = pty.openpty()
        try:
            proc = subprocess.Popen(
                [sys.executable, "-m", "prefixlog", "demo"], stdout=follower, stderr=follower, env=env, cwd=tmp
            )
            os.close(follower)
            chunks = []
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            if proc.wait(timeout=60) != 0:
                raise RuntimeError("prefixlog demo failed:\n" + b"".join(chunks).decode(errors="replace"))
        finally:
            os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def _svg(title: str, ansi: str) -> str:
    console = Console(record=True, width=100, file=io.StringIO(), force_terminal=True, color_system="256")
    console.print(Text.from_ansi(ansi.rstrip("\n")), soft_wrap=True)
    return console.export_svg(title=title)


def on_files(files: Files, config: Any) -> Files:
    """Adds ``images/<section>.svg`` for each coloured section of the demo.

    ``<section>`` is the section's title up to its first parenthesis, in lower
    case with dashes: ``textformatter-colored-layout``, ``zapformatter-console``.
    """
    sections = re.split(r"^== (.*)\n", _demo_on_terminal(), flags=re.M)[1:]
    for title, body in zip(sections[::2], sections[1::2], strict=True):
        if "\x1b[" in body:
            name = re.sub(r"[^a-z0-9]+", "-", title.partition("(")[0].lower()).strip("-")
            files.append(File.generated(config, f"images/{name}.svg", content=_svg(title, body)))
    return files
