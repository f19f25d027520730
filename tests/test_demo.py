"""``python -m prefixlog demo`` shows every layout, through configure()."""

from __future__ import annotations

import io
import logging
import re

from prefixlog import _demo


def _sections() -> dict[str, list[str]]:
    out = io.StringIO()
    root = logging.getLogger()
    before = (root.level, list(root.handlers))
    assert _demo.run(out) == 0
    assert (root.level, list(root.handlers)) == before  # the demo leaves logging as it found it
    sections: dict[str, list[str]] = {}
    for block in out.getvalue().split("\n== ")[1:]:
        title, *lines = block.rstrip("\n").split("\n")
        sections[title.split(" (")[0]] = lines
    return sections


def test_the_demo_shows_every_layout_prefixlog_has() -> None:
    assert list(_sections()) == [title.split(" (")[0] for title, _, _ in _demo.LAYOUTS]
    assert {name for _, name, _ in _demo.LAYOUTS} == {
        "text",
        "logfmt",
        "prefixed",
        "json",
        "slog",
        "slog-json",
        "zap",
        "zap-console",
        "zerolog",
        "zerolog-console",
    }


def test_the_seed_lines() -> None:
    sections = _sections()
    text = sections["TextFormatter, colored layout"]
    assert re.fullmatch(r"INFO\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]_demo\.py:\d+ have a nice day {31}zs=log", text[0]), (
        text[0]
    )
    assert sections["TextFormatter, logfmt"][0].endswith(' level=info msg="have a nice day" zs=log')
    prefixed = sections["PrefixedFormatter, formatted"]
    assert re.fullmatch(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]  INFO log: have a nice day", prefixed[1]), prefixed[1]
    assert re.fullmatch(
        r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]  INFO api: A group of walrus emerges from the ocean animal=walrus size=10",
        prefixed[2],
    ), prefixed[2]
    assert re.fullmatch(
        r'time="[^"]+" level=info msg="have a nice day" prefix=log', sections["PrefixedFormatter, logfmt"][1]
    )


def test_the_zap_lines() -> None:
    sections = _sections()
    assert re.fullmatch(
        r'\{"level":"info","ts":\d+(\.\d+)?,"logger":"demo","caller":"prefixlog/_demo\.py:\d+",'
        r'"msg":"have a nice day","zs":"log"\}',
        sections["ZapFormatter, JSON"][0],
    ), sections["ZapFormatter, JSON"][0]
    console = sections["ZapFormatter, console"]
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d{4})\tINFO\tdemo\tprefixlog/_demo\.py:\d+\t"
        r'have a nice day\t\{"zs": "log"\}',
        console[0],
    ), console[0]
    failed = next(i for i, line in enumerate(console) if "\tlookup failed\t" in line)
    assert console[failed + 1] == "  Traceback (most recent call last):"  # the stack on indented lines
    assert "\t\x1b[33mWARN\x1b[0m\t" in sections["ZapFormatter, console, coloured levels"][3]
