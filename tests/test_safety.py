"""Safety rules: one record one line, no terminal escapes, safe keys, never raise, nothing lost.

Rules (docs/safety.md): logfmt and JSON lines never contain a line break or
a raw control character; keys that would break logfmt are made safe; the
terminal layouts escape control, bidi and line-separator characters and put
continuation lines (multi-line messages, tracebacks) on indented lines;
``format()`` never raises and always returns text that encodes as UTF-8.
"""

from __future__ import annotations

import io
import json
import logging
import logging.handlers
import multiprocessing
import pickle
import queue
import re
import threading
from typing import Any

import pytest

import prefixlog
from prefixlog import FieldLogger, TextFormatter

from helpers import fresh_logger
from layouts import BIDI, CONTROLS, LAYOUTS, assert_safe
from logfmt_reader import read
from oracle_cases import CORPORA, DIFFERENT, load_cases, render

# The public-corpus cases the safety rules change, with the safe output asserted
# instead of Go's.  Rule 2 (keys): text-0079..0082; rule 3 (terminal): text-0170..0178,
# prefixed-0101 and -0103; x-cray's unescaped logfmt quoting (docs/formatters/prefixed.md): prefixed-0035..0040.
SAFE_EXPECTED = {
    "text-0079": 'time="2012-04-27T01:12:38+08:00" level=trace msg="render worker:" '
    "10=upload UPPER=cache a.b=database k\\x3dv=commit\n",
    "text-0080": 'time="2009-08-20T09:08:28+08:00" level=debug msg="Token login socket flush" '
    "2=commit UPPER=flush k\\x3dv=render ünïcode=worker\n",
    "text-0081": 'time="2023-12-10T13:48:28+08:00" level=info msg="config cache rollback render database reload batch" '
    "2=sample _lead=queue a.b=health k\\x3dv=token\n",
    "text-0082": 'time="2025-05-25T10:51:09+08:00" level=panic msg=shutdown _=metric user=1\n',
    # "shutdown\n\n": one trailing newline dropped (as logrus), the other starts an indented line.
    "text-0170": "\x1b[31mFATA\x1b[0m[3599] shutdown" + " " * 38 + "\x1b[31mhost\x1b[0m=9007199254741052\n  \n",
    # "signal\r\n": the carriage return is escaped.
    "text-0171": "\x1b[37mTRAC\x1b[0m[0000] signal\\r" + " " * 37 + "\n",
    # "health\nlogin": the second line follows the record, indented.
    "text-0173": "\x1b[33mWARN\x1b[0m[0007] health"
    + " " * 40
    + "\x1b[33mok\x1b[0m=-66988 \x1b[33mpath\x1b[0m=0\n  login\n",
    # ESC in the message can't colour the reader's terminal; TAB stays.
    "text-0178": "\x1b[31mFATA\x1b[0m[0365] \\x1b[1mpayment\\x1b[0m\ttab"
    + " " * 21
    + '\x1b[31mcomponent\x1b[0m="connection refused" \x1b[31muser\x1b[0m=0.1\n',
    # x-cray's logfmt layout quotes without escaping ("unsafe" cases); prefixlog escapes
    # inside the quotes as Go's %q does, with the quote character.
    "prefixed-0035": 'time="2022-02-18T21:23:47+08:00" level=trace '
    'msg="metric served render rollback connection started shutdown (176)" user="miss \\"handshake\\""\n',
    "prefixed-0036": 'time="2017-01-16T23:18:05+08:00" level=debug msg="C:\\\\render" zs="permission denied"\n',
    "prefixed-0037": 'time="2025-06-14T13:25:43+08:00" level=debug msg="timeout session" user="retry\\nflush"\n',
    "prefixed-0038": 'time="2023-11-09T19:33:14+08:00" level=info msg="replica\\tupload" component=true\n',
    "prefixed-0039": 'time="2005-11-17T13:47:04+08:00" level=warning msg="Template login download stopped" '
    'user="\\x1b[31mrequest\\x1b[0m"\n',
    "prefixed-0040": "time='2020-03-15T18:21:24+08:00' level=error msg='index\\'s' method=920380383703\n",
    # x-cray's formatted layout: "sample\nworker" continues on an indented line after the fields.
    "prefixed-0101": "\x1b[0;90m[0000]\x1b[0m \x1b[0;32m INFO\x1b[0m sample \x1b[0;32mcount\x1b[0m=invalid-input "
    '\x1b[0;32mrequest_id\x1b[0m= \x1b[0;32muser\x1b[0m=user "login"\n  worker\n',
    # ESC in the message can't colour the reader's terminal; TAB stays.
    "prefixed-0103": "\x1b[0;90m[0000]\x1b[0m \x1b[0;31mFATAL\x1b[0m shard\t\\x1b[1mindex\\x1b[0m "
    "\x1b[0;31mlevel\x1b[0m=7 \x1b[0;31mtime\x1b[0m=config\n",
    # Our own cases (corpus-extra-prefixed): "[x]\x1c rest \x1c" keeps its \x1c (Go's
    # TrimSpace), escaped; "rest\n": one trailing newline dropped, as logrus does.
    "x-prefixed-prefix-x1c": "[0000]  INFO x: \\x1c rest \\x1c\n",
    "x-prefixed-trailing-newline": "[0000]  INFO rest k=1\n",
}


@pytest.mark.parametrize("case_id", sorted(SAFE_EXPECTED))
def test_corpus_cases_the_rules_change(case_id: str) -> None:
    (case,) = [c for corpus, _ in CORPORA for c in load_cases(corpus) if c["id"] == case_id]
    assert render(case) == SAFE_EXPECTED[case_id]


def test_every_text_difference_is_asserted() -> None:
    assert {i for i in DIFFERENT if i.startswith("text-")} == {i for i in SAFE_EXPECTED if i.startswith("text-")}


def test_every_prefixed_difference_is_asserted() -> None:
    prefixed = {i for i in DIFFERENT if "prefixed-" in i}
    assert prefixed == {i for i in SAFE_EXPECTED if "prefixed-" in i}
    assert len(prefixed) == 10


# -- the rules, in every layout ---------------------------------------------------------

HOSTILE = f"a{CONTROLS}{BIDI}\u2028\u2029b\n" + 'time="forged" level=error msg=x\n\x1b[2J'


def _format(layout: str, msg: Any = "m", *args: Any, exc: bool = False, fields: dict[Any, Any] | None = None) -> str:
    _, factory = LAYOUTS[layout]
    logger, capture = fresh_logger()
    log = FieldLogger(logger).with_fields(fields or {})
    if exc:
        try:
            raise ValueError(HOSTILE)
        except ValueError:
            log.exception(msg, *args, stack_info=True)
    else:
        log.info(msg, *args)
    out = factory().format(capture.record)
    assert isinstance(out, str)
    out.encode("utf-8")  # the handler can always write it
    return out


def _written(layout: str, out: str) -> str:
    """The text a reader sees: a JSON line's decoded keys and values (``<`` is ``\\u003c`` in it)."""
    if LAYOUTS[layout][0] != "json":
        return out
    return " ".join(f"{k}={v}" for k, v in json.loads(out).items())


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_hostile_message_keys_values_and_exception(layout: str) -> None:
    out = _format(layout, HOSTILE, exc=True, fields={HOSTILE: HOSTILE, "k": HOSTILE.encode("utf-8", "surrogatepass")})
    assert_safe(layout, out)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_lone_surrogates_never_stop_the_line_from_being_written(layout: str) -> None:
    assert_safe(layout, _format(layout, "bad \ud800 \udcff", fields={"k\udc80": "v\ud834"}))


class Unprintable:
    def __str__(self) -> str:
        raise ValueError("boom")

    __repr__ = __str__


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_bad_values_become_placeholders_and_the_rest_is_written(layout: str) -> None:
    loop: list[Any] = []
    loop.append(loop)
    out = _format(
        layout,
        "user %s did %d things",
        "ana",
        "many",
        fields={"bad": Unprintable(), "loop": loop, "raw": b"\xff\xfe", 7: "int", "big": "x" * 100_000, "ok": "fine"},
    )
    assert_safe(layout, out)
    text = _written(layout, out)
    assert "<unprintable Unprintable: ValueError: boom>" in text
    # A str for %d: the template stays, a placeholder says why it could not be filled in.
    assert "user %s did %d things <unprintable tuple: TypeError: %d format: a real number is required" in text
    assert "fine" in text
    assert "x" * 100_000 in text


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_a_message_whose_args_do_not_fit(layout: str) -> None:
    out = _format(layout, "%s and %s", "only one", fields={"ok": "fine"})
    assert_safe(layout, out)
    text = _written(layout, out)
    assert "%s and %s" in text
    assert "<unprintable tuple: TypeError: not enough arguments for format string>" in text
    assert "fine" in text


# -- keys (rule 2) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "written"),
    [
        ("", "_"),
        ("k=v", "k\\x3dv"),
        ("has space", "has\\x20space"),
        ('say"hi', "say\\x22hi"),
        ("line\nbreak", "line\\nbreak"),
        ("\x1b[31m", "\\x1b[31m"),
        ("ünïcode", "ünïcode"),
        ("a.b-c_d/e@f", "a.b-c_d/e@f"),
        ("back\\slash", "back\\\\slash"),
        ("rtl\u202eover", "rtl\\u202eover"),
    ],
)
def test_unsafe_keys_are_made_safe_in_logfmt(key: str, written: str) -> None:
    out = _format("logfmt", "m", fields={key: "v"})
    assert read(out)[-1] == (written, "v")


def test_a_made_safe_key_never_replaces_another_field() -> None:
    out = _format("logfmt", "m", fields={"": 1, "_": 2, "a b": 3, "a\\x20b": 4, "bidi\u202e": 5})
    # A backslash is escaped too, so "a b" and a key spelled a\x20b stay apart;
    # only the empty key and "_" share a name, and both are written.
    assert read(out)[3:] == [("_", "1"), ("_", "2"), ("a\\x20b", "3"), ("a\\\\x20b", "4"), ("bidi\\u202e", "5")]


def test_disable_quote_still_keeps_one_line() -> None:
    out = _format("text-logfmt-disable-quote", "two\nlines", fields={"k": "a\tb\x1b"})
    assert out.endswith("msg=two\\nlines k=a\\tb\\x1b")


# -- threads and queues (rule 5) ------------------------------------------------------------


def test_eight_threads_fifty_thousand_records_each_make_intact_lines() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(TextFormatter(stream=io.StringIO(), disable_timestamp=True))
    logger = logging.Logger("threads", level=logging.INFO)
    logger.addHandler(handler)
    base = FieldLogger(logger).with_field("service", "api")

    def work(n: int) -> None:
        log = base.with_field("worker", n)
        for i in range(50_000):
            log.info("tick %d", i, extra={"i": i, "text": "a b\nc"})

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 400_000
    pattern = re.compile(r'level=info msg="tick (\d+)" i=(\d+) service=api text="a b\\nc" worker=(\d)')
    seen = set()
    for line in lines:
        match = pattern.fullmatch(line)
        assert match, line
        assert match[1] == match[2]
        seen.add((match[3], match[1]))
    assert len(seen) == 400_000


@pytest.mark.parametrize("pickled", [False, True])
def test_records_through_a_queue_keep_their_fields(pickled: bool) -> None:
    q: queue.Queue[logging.LogRecord] = queue.Queue()
    stream = io.StringIO()
    target = logging.StreamHandler(stream)
    target.setFormatter(TextFormatter(stream=io.StringIO(), disable_timestamp=True))

    class Wire(logging.handlers.QueueHandler):
        def enqueue(self, record: logging.LogRecord) -> None:
            if pickled:  # what crossing a process boundary does to a record
                record = logging.makeLogRecord(pickle.loads(pickle.dumps(record.__dict__)))
            super().enqueue(record)

    listener = logging.handlers.QueueListener(q, target)
    logger = logging.Logger("queued", level=logging.INFO)
    logger.addHandler(Wire(q))
    listener.start()
    try:
        FieldLogger(logger).with_fields({"msg": "field", "user": "ana", 3: [1, 2]}).info("hello %s", "world")
        with prefixlog.context(request_id="r1"):
            logger.warning("plain", extra={"k": "v"})
    finally:
        listener.stop()
    assert stream.getvalue().splitlines() == [
        'level=info msg="hello world" 3="[1,2]" fields.msg=field user=ana',
        "level=warning msg=plain k=v request_id=r1",
    ]


def test_records_through_a_multiprocessing_queue_keep_every_field() -> None:
    """multiprocessing.Queue pickles each record in a feeder thread: nothing may stop that."""
    q: multiprocessing.Queue[logging.LogRecord] = multiprocessing.Queue()
    stream = io.StringIO()
    target = logging.StreamHandler(stream)
    target.setFormatter(TextFormatter(stream=io.StringIO(), disable_timestamp=True))
    listener = logging.handlers.QueueListener(q, target)
    logger = logging.Logger("mp-queued", level=logging.INFO)
    logger.addHandler(logging.handlers.QueueHandler(q))
    listener.start()
    try:
        logger.info("before")
        with prefixlog.context(request_id="r1"):
            FieldLogger(logger).with_fields({"msg": "field", "user": "ana"}).info("inside")
        logger.info("after")
    finally:
        listener.stop()
        q.close()
        q.join_thread()
    assert stream.getvalue().splitlines() == [
        "level=info msg=before",
        "level=info msg=inside fields.msg=field request_id=r1 user=ana",
        "level=info msg=after",
    ]


def test_json_lines_read_back() -> None:
    out = _format("json", HOSTILE, fields={HOSTILE: HOSTILE})
    data = json.loads(out)
    assert data["msg"] == HOSTILE
    assert data[HOSTILE] == HOSTILE
