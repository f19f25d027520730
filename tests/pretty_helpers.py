"""``prefixlog pretty`` in the test process, and the readable line it should write, for the pretty tests."""

from __future__ import annotations

import io
from typing import Any

from prefixlog import _pretty
from prefixlog._cli import build_parser, pretty_options


def pretty(data: bytes, *args: str, terminal: Any = None) -> bytes:
    """``prefixlog pretty ARGS`` in this process, ``data`` on stdin; what it wrote."""
    options = pretty_options(build_parser().parse_args(["pretty", *args]))
    out = io.BytesIO()
    tool = _pretty.Pretty(options, io.StringIO() if terminal is None else terminal)
    assert _pretty.run(tool, stdin=io.BytesIO(data), stdout=out) == 0
    return out.getvalue()


def untimed(level: str, msg: str, *fields: str) -> str:
    """A TextFormatter readable line without time or colours, as written by hand."""
    return f"{level} {msg:<44} " + "".join(f" {field}" for field in fields) + "\n"
