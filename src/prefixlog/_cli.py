"""The ``prefixlog`` command line: ``demo``, ``run`` and ``pretty`` (``python -m prefixlog`` too)."""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import IO, Any, Optional

from . import __version__, _demo, _pretty, _run
from ._config import configure
from ._containers import where_condition
from ._levels import parse_level
from ._registry import NAMES, READABLE
from ._relay import DEFAULT_MAX_LINE

DEMO_EPILOG = """\
examples:
  prefixlog demo
  NO_COLOR=1 prefixlog demo
  FORCE_COLOR=1 prefixlog demo | less -R
"""

RUN_EPILOG = """\
Each line the command writes becomes one record: stdout lines at --stdout-level,
stderr lines at --stderr-level, with the fields prefix=NAME and stream=stdout|stderr.
A line that is already a logfmt or JSON record keeps its own level, message, time
and fields, and so does a plain-text line that starts with a level head, the head
taken out of the message: Python's logging.BASIC_FORMAT (INFO:name:message, the name
kept as logger=name), uvicorn (INFO:     message), klog/glog (I1201 13:20:19.123456
12345 file.go:28] message: time, pid, caller) and zap's console line (time, level,
name, caller, message, JSON fields; tab-separated). --stdout-level and --stderr-level
apply to the other lines (--no-parse: wrap every line as it is). Terminal escape
sequences (colours, cursor moves, titles) are taken out of each line first
(--keep-ansi: keep them, escaped as \x1b). Output goes to prefixlog's stderr
(--output stdout to change), in PREFIXLOG_FORMAT (default: text on a terminal,
logfmt otherwise), filtered at PREFIXLOG_LEVEL (default info).

SIGINT, SIGTERM and SIGQUIT are forwarded to the command's process group, and
SIGKILL follows after --grace seconds; SIGHUP, SIGUSR1 and SIGUSR2 go to the command.
Exit code: the command's; 128+N if signal N ended it; 127 not found; 126 not executable.
An output that is closed (2>&-) or goes away (| head) drops the records, nothing else.

examples:
  prefixlog run -- ./download.sh https://example.org/data.tar
  prefixlog run --prefix s3 --format json -- aws s3 cp s3://bucket/key /data/key
  PREFIXLOG_FORMAT=logfmt prefixlog run --prefix init --grace 30 -- /app/migrate
  prefixlog run --format text -o full_timestamp=true -o timestamp_format=15:04:05 -- make
"""

PRETTY_EPILOG = """\
Reads the lines of these dialects and writes them in the readable layout:
  logfmt   logrus, prefixlog, slog's TextHandler (INFO+2 levels too)
  JSON     logrus, prefixlog and its presets (ECS, Cloud Logging, Datadog), slog,
           zap (production and development keys), zerolog, structlog,
           python-json-logger, pino and bunyan (levels 10-60)
Each line's time, level, message, logger name (shown as logger=) and caller (caller=)
are read; a traceback or stack (exc_info, stack_info, exception, stacktrace, stack,
error.stack_trace, err.stack ...) is shown as an indented block under the line.
Nested JSON objects are shown as dotted keys (err.type=...). A level the reader does
not know stays a field. Records are written coloured on a
terminal (NO_COLOR, FORCE_COLOR, --color). Times are shown in the local time zone
(set PREFIXLOG_TZ or TZ to change it). Lines that hold no record pass through: byte for byte into a
pipe or a file; on a terminal with control characters escaped (\\x1b, \\r ...), so no
escape sequence from the logs reaches it (--escape auto|always|never; auto: escape
on a terminal). Lines over --max-line bytes pass through the same way, unread.
Exit code: 0; 1 if a FILE could not be read; 141 if the reader went away (| head).

Plain-text lines that start with a level head are records too: Python's
logging.BASIC_FORMAT (WARNING:name:message), uvicorn (INFO:     message), klog/glog
(I1201 13:20:19.123456   12345 file.go:28] message) and zap's tab-separated console
line (time, level, name, caller, message, JSON fields). A `kubectl logs --prefix`
line ([pod/NAME/CONTAINER] then the line) shows the bracket as the record's prefix;
a --timestamps time before the line is the record's time if it names none.
--where KEY=VALUE keeps the records whose KEY is VALUE (repeatable: all must match;
KEY is level, msg, a field, or a dotted key into a nested object; VALUE is compared
with the text the field is shown as; lines that hold no record are left out).
--follow (-f) reads each FILE as it grows, like tail -f (truncated: read again from
its start; rotated: the new file from its start) until SIGINT (exit code 130) or
SIGTERM (143).

examples:
  kubectl logs -f deploy/api | prefixlog pretty
  kubectl logs -f --prefix -l app=api | prefixlog pretty --where level=error
  prefixlog pretty -f --where logger=app.db --where http.status=500 /var/log/app.log
  prefixlog pretty --level warning --fields request_id,user app.log
  prefixlog pretty --layout prefixed --full-timestamp --color always app.log | less -R
"""


#: Exit code when the reader of our output went away (a shell's 128 + SIGPIPE).
BROKEN_PIPE = 141
#: Exit code of ``pretty`` ended by SIGTERM (a shell's 128 + SIGTERM).
TERMINATED = 143


class _Closed(io.StringIO):
    """Stands in for a standard stream that was closed when prefixlog started (Python's ``None``).

    It takes every write and keeps nothing: what can't be written is dropped,
    never sent to another stream.  It is not a terminal.
    """

    def write(self, text: str) -> int:
        return len(text)


def _reserve_standard_fds() -> None:
    """Open ``/dev/null`` on whichever of fds 0, 1 and 2 is closed.

    Otherwise the next pipe or file prefixlog opens takes that number, and
    whatever writes to fd 2 below Python (a fatal error message) would write
    into it.  ``sys.stdin``/``sys.stdout``/``sys.stderr`` stay ``None`` (what
    can't be written is dropped); the command ``run`` starts gets an empty
    stdin instead of a closed one, where reading fails.
    """
    for fd, flags in ((0, os.O_RDONLY), (1, os.O_WRONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, flags)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
            os.set_inheritable(fd, True)  # os.open's fds are close-on-exec (PEP 446): the command must get it


def _detach(stream: Optional[IO[Any]]) -> bool:
    """Flush ``stream``; if its reader has gone (``| head``), point it at /dev/null so no flush complains."""
    if stream is None or isinstance(stream, _Closed):
        return False
    try:
        stream.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
        return True
    return False


def _level(value: str) -> int:
    """An argparse type: a level name or number."""
    try:
        return parse_level(value)
    except (TypeError, ValueError) as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("level: ")) from error


def _non_negative(kind: type[float]) -> Callable[[str], float]:
    """An argparse type: a number (``kind``) of 0 or more."""

    def check(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if number < 0:
            raise argparse.ArgumentTypeError(f"must be 0 or more, not {value}")
        return number

    return check


def _max_line(value: str) -> int:
    """An argparse type: ``--max-line``, 0 (no limit) or at least 4 bytes (a UTF-8 character is up to 4)."""
    number = int(_non_negative(int)(value))
    if 0 < number < 4:
        raise argparse.ArgumentTypeError(f"must be 0 (no limit) or at least 4 (a UTF-8 character's bytes), not {value}")
    return number


def _option(value: str) -> tuple[str, Any]:
    """An argparse type: ``KEY=VALUE``, a formatter option; the value read as JSON when it can be.

    ``full_timestamp=true``, ``timestamp_format=15:04:05``, ``field_map={"msg": "message"}``.
    """
    key, sep, text = value.partition("=")
    key = key.strip().replace("-", "_")
    if not sep or not key.isidentifier():
        raise argparse.ArgumentTypeError(f"not KEY=VALUE: {value!r}")
    try:
        return key, json.loads(text)
    except ValueError:
        return key, text


def _where(value: str) -> tuple[str, str]:
    """An argparse type: ``--where KEY=VALUE``."""
    try:
        return where_condition(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error).removeprefix("--where: ")) from error


def _fields(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def build_parser() -> argparse.ArgumentParser:
    """The ``prefixlog`` parser and its subcommands."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog="prefixlog", description="logrus-style logging for Python.")
    parser.add_argument("--version", action="version", version=f"prefixlog {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser(
        "demo",
        help="print every layout prefixlog has",
        description="Print the same records in every layout prefixlog has, on stdout.",
        epilog=DEMO_EPILOG,
        formatter_class=raw,
    )

    run = sub.add_parser(
        "run",
        help="run a command and log each line of its output",
        description="Run COMMAND and turn each line of its stdout and stderr into a log record.",
        usage="prefixlog run [options] -- COMMAND [ARGS...]",
        epilog=RUN_EPILOG,
        formatter_class=raw,
    )
    run.add_argument("--prefix", metavar="NAME", help="the prefix field (default: the command's name)")
    run.add_argument("--format", choices=NAMES, help="output format (default: $PREFIXLOG_FORMAT, else auto)")
    run.add_argument("--level", metavar="LEVEL", help="lowest level written (default: $PREFIXLOG_LEVEL, else info)")
    run.add_argument("--preset", metavar="NAME", help="JSON field names (json only; default: $PREFIXLOG_PRESET)")
    run.add_argument("--output", choices=("stderr", "stdout"), default="stderr", help="where to write (stderr)")
    run.add_argument(
        "-o",
        "--option",
        type=_option,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a formatter option, as configure() takes it (repeatable; VALUE read as JSON when it can be)",
    )
    run.add_argument("--stdout-level", type=_level, default=logging.INFO, metavar="LEVEL", help="(info)")
    run.add_argument("--stderr-level", type=_level, default=logging.WARNING, metavar="LEVEL", help="(warning)")
    run.add_argument(
        "--parse",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="relay lines that are logfmt or JSON records, or start with a level head, as those records (on)",
    )
    run.add_argument(
        "--keep-ansi",
        action="store_true",
        help="keep terminal escape sequences (colours, cursor moves) in the lines, escaped (default: removed)",
    )
    run.add_argument(
        "--grace", type=_non_negative(float), default=10.0, metavar="SECONDS", help="SIGKILL this long after (10)"
    )
    run.add_argument(
        "--max-line",
        type=_max_line,
        default=DEFAULT_MAX_LINE,
        metavar="BYTES",
        help="split longer lines into records with part=1,2,... (1048576; 0: never)",
    )
    run.add_argument("argv", nargs=argparse.REMAINDER, metavar="COMMAND [ARGS...]", help=argparse.SUPPRESS)
    run.set_defaults(parser=run)

    pretty = sub.add_parser(
        "pretty",
        help="make logfmt and JSON logs readable again",
        description="Write logfmt and JSON log lines from FILEs (or stdin) in the readable, coloured layout.",
        epilog=PRETTY_EPILOG,
        formatter_class=raw,
    )
    pretty.add_argument("files", nargs="*", metavar="FILE", help="files to read ('-' or none: stdin)")
    pretty.add_argument("--layout", choices=READABLE, default="text", help="a readable format: " + ", ".join(READABLE))
    pretty.add_argument("--level", type=_level, default=0, metavar="LEVEL", help="hide records below LEVEL")
    pretty.add_argument("--fields", type=_fields, metavar="KEY,...", help="show only these fields")
    pretty.add_argument("--color", choices=_pretty.COLORS, default="auto", help="colours (auto: on a terminal)")
    pretty.add_argument("--full-timestamp", action="store_true", help="date and time (RFC 3339), not only the time")
    pretty.add_argument("--timestamp-format", metavar="LAYOUT", help="Go layout or strftime string for the time")
    pretty.add_argument(
        "--escape",
        choices=_pretty.ESCAPES,
        default="auto",
        help="escape control characters in lines that hold no record (auto: on a terminal)",
    )
    pretty.add_argument(
        "--max-line",
        type=_max_line,
        default=DEFAULT_MAX_LINE,
        metavar="BYTES",
        help="pass longer lines through unread, in chunks of this size (1048576; 0: never)",
    )
    pretty.add_argument("-f", "--follow", action="store_true", help="keep reading the FILEs as they grow")
    pretty.add_argument(
        "--where",
        type=_where,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="keep only records whose KEY (level, msg, a field, a.dotted.key) is VALUE (repeatable: all must match)",
    )
    pretty.set_defaults(parser=pretty)
    return parser


def _run_command(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    argv = list(args.argv)
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        parser.error("a COMMAND is needed, after --")
    options = _run.Options(
        command=argv,
        prefix=os.path.basename(argv[0]) if args.prefix is None else args.prefix,
        stdout_level=args.stdout_level,
        stderr_level=args.stderr_level,
        parse=args.parse,
        keep_ansi=args.keep_ansi,
        grace=args.grace,
        max_line=args.max_line,
    )
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    extra = dict(args.option)
    if args.preset is not None:
        extra["preset"] = args.preset
    try:
        out = (sys.stdout if args.output == "stdout" else sys.stderr) or _Closed()
        try:
            # Records are written as lines arrive, and the hooks are not this process's to change.
            configure(args.format, args.level, out, queue=False, capture=False, **extra)
        except (TypeError, ValueError) as error:
            parser.error(str(error))
        code = _run.run(options)
        _detach(out)
        return code
    finally:
        root.handlers[:] = saved[1]
        root.setLevel(saved[0])


def pretty_options(args: argparse.Namespace) -> _pretty.Options:
    """The options of a parsed ``pretty`` command line."""
    return _pretty.Options(
        files=tuple(args.files),
        layout=args.layout,
        level=args.level,
        fields=args.fields,
        color=args.color,
        full_timestamp=args.full_timestamp,
        timestamp_format=args.timestamp_format,
        max_line=args.max_line,
        escape=args.escape,
        follow=args.follow,
        where=tuple(args.where),
    )


def _pretty_command(args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.parser
    try:
        pretty = _pretty.Pretty(pretty_options(args), sys.stdout or _Closed())
    except (TypeError, ValueError) as error:
        parser.error(str(error))
    main_thread = threading.current_thread() is threading.main_thread()  # where signal handlers can be set
    previous = signal.signal(signal.SIGTERM, _terminated) if main_thread else None  # end as cleanly as on SIGINT
    try:
        return _pretty.run(pretty)
    except KeyboardInterrupt:
        return 130
    except _TerminatedError:
        return TERMINATED
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


class _TerminatedError(Exception):
    """SIGTERM came (``pretty`` ends with :data:`TERMINATED`)."""


def _terminated(signum: int, frame: Optional[FrameType]) -> None:
    raise _TerminatedError


def main(argv: Optional[list[str]] = None) -> int:
    """Parse the command line and run the subcommand; the exit code."""
    _reserve_standard_fds()
    parser = build_parser()
    args = parser.parse_args(argv)
    commands = {"demo": lambda _: _demo.run(), "run": _run_command, "pretty": _pretty_command}
    if args.command not in commands:
        parser.print_help()
        return 2
    # An output that went away (`| head`) ends the output quietly: no logging traceback per
    # record (`run` keeps its command running), no error when Python flushes at exit.
    raise_exceptions = logging.raiseExceptions
    logging.raiseExceptions = False
    try:
        return commands[args.command](args)
    except BrokenPipeError:
        _detach(sys.stdout)
        return BROKEN_PIPE
    finally:
        logging.raiseExceptions = raise_exceptions
