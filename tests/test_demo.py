"""``python -m prefixlog demo`` shows every layout."""

from __future__ import annotations

import io
import re

from prefixlog import _demo


def _sections() -> dict[str, list[str]]:
    out = io.StringIO()
    assert _demo.run(out) == 0
    sections: dict[str, list[str]] = {}
    for block in out.getvalue().split("\n== ")[1:]:
        title, *lines = block.rstrip("\n").split("\n")
        sections[title] = lines
    return sections


def test_the_demo_shows_every_layout() -> None:
    titles = [title.split(" (")[0] for title in _sections()]
    assert titles == [
        "TextFormatter, colored layout",
        "TextFormatter, colored, seconds since start",
        "TextFormatter, logfmt layout",
        "PrefixedFormatter, formatted and coloured",
        "PrefixedFormatter, formatted without colours",
        "PrefixedFormatter, logfmt layout",
    ]


def test_the_prefixed_layouts_show_prefixes() -> None:
    sections = {title.split(" (")[0]: lines for title, lines in _sections().items()}
    stamp = r"\x1b\[0;90m\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\]\x1b\[0m"
    assert re.fullmatch(
        stamp + r" \x1b\[0;32m INFO\x1b\[0m\x1b\[0;36m log:\x1b\[0m have a nice day",
        sections["PrefixedFormatter, formatted and coloured"][1],
    )
    assert re.fullmatch(
        r"\[\d{4,}\]  INFO api: a prefix can come from the message, too",
        sections["PrefixedFormatter, formatted without colours"][2],
    )
    assert re.fullmatch(
        r'time="[^"]+" level=info msg="have a nice day" prefix=log', sections["PrefixedFormatter, logfmt layout"][1]
    )
