"""``python -m prefixlog``: the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Optional

from . import __version__, _demo


def main(argv: Optional[list[str]] = None) -> int:
    """Parse the command line and run the subcommand."""
    parser = argparse.ArgumentParser(prog="prefixlog", description="logrus-style logging for Python.")
    parser.add_argument("--version", action="version", version=f"prefixlog {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("demo", help="print every layout prefixlog has", description="Print every layout prefixlog has.")
    args = parser.parse_args(argv)
    if args.command == "demo":
        return _demo.run()
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
