"""configure(queue=True): a bounded queue and one writer thread; nothing logged before exit is lost."""

from __future__ import annotations

import io
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import prefixlog
from prefixlog._listener import QueueingHandler, _sigterm_exit

from cli_helpers import clean_env
from helpers import GateStream, run_script

pytestmark = pytest.mark.usefixtures("restore_root_logging")

JSON: dict[str, Any] = {"format": "json", "disable_timestamp": True}
SWITCH = "1 or 0 (or true/false, yes/no, on/off)"


def record_line(i: int) -> str:
    return f'{{"i":{i},"level":"info","msg":"record"}}'


def log(i: int) -> None:
    logging.getLogger("app").info("record", extra={"i": i})


def queued(**options: Any) -> tuple[QueueingHandler, GateStream]:
    out = GateStream()
    handler = prefixlog.configure(stream=out, queue=True, **JSON, **options)
    assert isinstance(handler, QueueingHandler)
    return handler, out


def wait_until_empty(handler: QueueingHandler) -> None:
    deadline = time.monotonic() + 30
    while handler.queue.qsize() and time.monotonic() < deadline:
        time.sleep(0.001)


def test_records_are_written_on_the_writer_thread() -> None:
    handler, out = queued()
    threads: list[str] = []
    own = handler.destination.formatter
    assert own is not None
    formatter: logging.Formatter = own

    class Spy(logging.Formatter):
        def format(self, record: logging.LogRecord) -> str:
            threads.append(threading.current_thread().name)
            return formatter.format(record)

    handler.destination.setFormatter(Spy())
    out.gate.set()
    log(1)
    handler.stop()
    assert threads == ["prefixlog-queue"]
    assert out.getvalue() == record_line(1) + "\n"


def test_a_blocked_destination_does_not_block_the_caller_until_the_queue_is_full() -> None:
    handler, out = queued(queue_size=2)
    log(0)
    assert out.entered.wait(30)  # the writer thread is stuck in write()
    log(1)
    log(2)  # the queue is full now; the caller was never held up
    waiting = threading.Thread(target=log, args=(3,))
    waiting.start()
    waiting.join(0.2)
    assert waiting.is_alive()  # queue_full="wait": the caller waits for room
    out.gate.set()
    waiting.join(30)
    handler.stop()
    assert out.getvalue() == "".join(record_line(i) + "\n" for i in range(4))


def notice(count: int) -> str:
    return f'{{"dropped":{count},"level":"warning","msg":"log records dropped: the queue was full"}}'


def test_drop_drops_the_newest_and_says_how_many_where_they_went_missing() -> None:
    handler, out = queued(queue_size=2, queue_full="drop")
    log(0)
    assert out.entered.wait(30)  # the writer thread is stuck in write()
    for i in range(1, 10):
        log(i)  # 1 and 2 fit; 3 to 9 are dropped, and the caller never waits
    out.gate.set()
    wait_until_empty(handler)
    log(10)  # the notice goes first, where the records went missing
    handler.stop()
    lines = [record_line(0), record_line(1), record_line(2), notice(7), record_line(10)]
    assert out.getvalue() == "".join(line + "\n" for line in lines)


def test_records_dropped_at_the_end_are_counted_when_the_queue_stops() -> None:
    handler, out = queued(queue_size=2, queue_full="drop")
    log(0)
    assert out.entered.wait(30)
    for i in range(1, 5):
        log(i)
    out.gate.set()
    handler.stop()
    lines = [record_line(0), record_line(1), record_line(2), notice(2)]
    assert out.getvalue() == "".join(line + "\n" for line in lines)


def test_configuring_again_drains_the_old_queue_and_ends_its_thread() -> None:
    first, out = queued()
    log(0)
    assert out.entered.wait(30)
    log(1)
    threading.Timer(0.05, out.gate.set).start()
    second = prefixlog.configure(stream=(fresh := io.StringIO()), **JSON)
    assert out.getvalue() == record_line(0) + "\n" + record_line(1) + "\n"  # drained before configure() returned
    assert not first._thread.is_alive()
    assert [t.name for t in threading.enumerate() if t.name == "prefixlog-queue"] == []
    assert logging.getLogger().handlers[-1] is second
    log(2)
    assert fresh.getvalue() == record_line(2) + "\n"


def test_the_variable_turns_the_queue_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFIXLOG_QUEUE", "1")
    assert isinstance(prefixlog.configure(stream=io.StringIO()), QueueingHandler)
    assert not isinstance(prefixlog.configure(stream=io.StringIO(), queue=False), QueueingHandler)
    monkeypatch.setenv("PREFIXLOG_QUEUE", "no")
    assert not isinstance(prefixlog.configure(stream=io.StringIO()), QueueingHandler)


@pytest.mark.parametrize(
    ("kwargs", "env", "error", "message"),
    [
        ({"queue": "yes"}, {}, TypeError, "queue must be True or False, not 'yes'"),
        ({"queue": 1}, {}, TypeError, "queue must be True or False, not 1"),
        ({}, {"PREFIXLOG_QUEUE": "maybe"}, ValueError, f"PREFIXLOG_QUEUE must be {SWITCH}, not 'maybe'"),
        ({"queue_full": "block"}, {}, ValueError, "queue_full must be one of 'wait', 'drop', not 'block'"),
        ({"queue_full": None}, {}, TypeError, "queue_full must be a str, not None"),
        ({"queue_size": 0}, {}, ValueError, "queue_size must be at least 1, not 0"),
        ({"queue_size": 2.5}, {}, TypeError, "queue_size must be an int, not 2.5"),
        ({"capture": "no"}, {}, TypeError, "capture must be True or False, not 'no'"),
        ({}, {"PREFIXLOG_CAPTURE": "2"}, ValueError, f"PREFIXLOG_CAPTURE must be {SWITCH}, not '2'"),
    ],
)  # fmt: skip
def test_a_bad_value_names_its_option_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, kwargs: dict[str, Any], env: dict[str, str], error: type[Exception], message: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    root = logging.getLogger()
    before = (list(root.handlers), root.level, sys.excepthook, signal.getsignal(signal.SIGTERM))
    with pytest.raises(error) as info:
        prefixlog.configure(stream=io.StringIO(), **kwargs)
    assert str(info.value) == message
    assert (list(root.handlers), root.level, sys.excepthook, signal.getsignal(signal.SIGTERM)) == before


def test_sigterm_becomes_system_exit_only_where_its_action_is_the_default() -> None:
    assert threading.current_thread() is threading.main_thread()
    saved = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        prefixlog.configure(stream=io.StringIO(), queue=True)
        assert signal.getsignal(signal.SIGTERM) is _sigterm_exit
        prefixlog.configure(stream=io.StringIO())  # no queue, nothing to drain: the default again
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL

        def mine(signum: int, frame: Any) -> None:
            pass

        for the_apps in (mine, signal.SIG_IGN):
            signal.signal(signal.SIGTERM, the_apps)
            prefixlog.configure(stream=io.StringIO(), queue=True)
            assert signal.getsignal(signal.SIGTERM) is the_apps
            prefixlog.configure(stream=io.StringIO())
            assert signal.getsignal(signal.SIGTERM) is the_apps
    finally:
        signal.signal(signal.SIGTERM, saved)


# -- exit, in real processes -----------------------------------------------------------------

EXIT = """\
import atexit, logging, os, signal, sys, threading, time
import prefixlog

class Gate:
    '''stderr that holds every write until exit begins: all records are still queued then.'''
    def __init__(self):
        self.open = threading.Event()
        self.entered = threading.Event()
    def write(self, text):
        self.entered.set()
        self.open.wait()
        return sys.stderr.write(text)
    def flush(self):
        sys.stderr.flush()

gate = Gate()
handler = prefixlog.configure(format="json", disable_timestamp=True, stream=gate, queue=True)

def opening():  # registered after prefixlog's drain, so it runs before it
    print("pending", handler.queue.qsize(), flush=True)
    gate.open.set()

atexit.register(opening)
for i in range(500):
    logging.getLogger("app").info("record", extra={"i": i})
gate.entered.wait()  # the writer thread holds the first record
how = sys.argv[1]
if how == "exit":
    sys.exit(3)
if how == "raise":
    raise ValueError("boom")
if how == "sigterm":
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(30)
"""


@pytest.mark.parametrize(
    ("how", "status", "pending"),
    [("end", 0, 499), ("exit", 3, 499), ("raise", 1, 500), ("sigterm", 128 + 15, 499)],
)
def test_every_record_queued_before_exit_is_written(tmp_path: Path, how: str, status: int, pending: int) -> None:
    path = tmp_path / "exit.py"
    proc = run_script(path, EXIT, how)
    assert proc.returncode == status, proc.stderr
    assert proc.stdout == f"pending {pending}\n"  # the first record is in write(), the rest (and a crash) queued
    lines = proc.stderr.splitlines()
    assert lines[:500] == [record_line(i) for i in range(500)]
    if how == "raise":
        assert lines[500].endswith(
            '"exc_message":"boom","exc_type":"ValueError","level":"fatal","msg":"uncaught exception"}'
        )
    assert len(lines) == (501 if how == "raise" else 500)


def test_a_record_logged_after_the_drain_is_written_directly(tmp_path: Path) -> None:
    code = """\
    import atexit, logging
    atexit.register(lambda: logging.getLogger("app").warning("late"))  # runs after prefixlog's drain
    import prefixlog
    prefixlog.configure(format="json", disable_timestamp=True, queue=True)
    logging.getLogger("app").info("early")
    """
    proc = run_script(tmp_path / "late.py", code)
    assert (proc.returncode, proc.stderr) == (0, '{"level":"info","msg":"early"}\n{"level":"warning","msg":"late"}\n')


def test_an_exit_function_registered_after_import_logs_through_the_queue(tmp_path: Path) -> None:
    """prefixlog's drain is registered at ``import prefixlog``: exit functions registered later run before it."""
    code = """\
    import atexit, logging, threading
    import prefixlog

    class Stream:
        def write(self, text):
            where = "main" if threading.current_thread() is threading.main_thread() else "writer thread"
            print(where, text.strip())
        def flush(self):
            pass

    atexit.register(lambda: logging.getLogger("app").warning("at exit"))  # before the queue is made
    prefixlog.configure(format="json", disable_timestamp=True, stream=Stream(), queue=True)
    """
    proc = run_script(tmp_path / "order.py", code)
    assert (proc.returncode, proc.stdout) == (0, 'writer thread {"level":"warning","msg":"at exit"}\n'), proc.stderr


FORK = """\
import logging, os, signal, sys, warnings
import prefixlog
warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: forking a process with a thread
handler = prefixlog.configure(format="json", disable_timestamp=True, queue=True, queue_size=1)
handler.destination.acquire()  # the writer thread will be stuck on this lock
logging.getLogger("app").info("queued 1")
logging.getLogger("app").info("queued 2")  # now the queue is full, its thread stuck
pid = os.fork()
if pid == 0:  # no writer thread here: a record must not wait for one
    logging.getLogger("app").info("in the child")
    print("SIGTERM's default:", signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, flush=True)  # nothing to drain
    sys.exit(0)  # atexit runs: the parent's queue is not the child's to drain
_, status = os.waitpid(pid, 0)
handler.destination.release()
logging.getLogger("app").info("after %d", os.waitstatus_to_exitcode(status))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() is POSIX only")
def test_a_forked_child_writes_directly_and_leaves_the_parents_queue_alone(tmp_path: Path) -> None:
    proc = run_script(tmp_path / "fork.py", FORK, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "SIGTERM's default: True\n"
    assert proc.stderr == (
        '{"level":"info","msg":"in the child"}\n'
        '{"level":"info","msg":"queued 1"}\n'
        '{"level":"info","msg":"queued 2"}\n'
        '{"level":"info","msg":"after 0"}\n'
    )


FORK_MID_WRITE = """\
import logging, os, sys, threading, time, warnings
import prefixlog._listener
warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: forking a process with a thread

class Stream:
    # Holds a lock of its own while it writes, as a BufferedWriter does (Python doesn't renew it in a child).
    def __init__(self):
        self.lock = threading.Lock()
        self.gate = threading.Event()
        self.entered = threading.Event()
    def write(self, text):
        with self.lock:
            self.entered.set()
            self.gate.wait()
            sys.stderr.write(text)
    def flush(self):
        sys.stderr.flush()

def fork_while_writing(opens_after, fork_wait):
    prefixlog._listener.FORK_WAIT = fork_wait  # generous or short, whatever the machine's load
    stream = Stream()
    prefixlog.configure(format="json", disable_timestamp=True, stream=stream, queue=True)
    logging.getLogger("app").info("being written")
    stream.entered.wait()  # the writer thread is inside write(), holding the stream's lock
    opening = threading.Timer(opens_after, stream.gate.set)
    opening.start()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os._exit(0 if stream.lock.acquire(timeout=0.5) else 1)  # could the child write to the stream?
    waited = time.monotonic() - start
    _, status = os.waitpid(pid, 0)
    opening.cancel()
    stream.gate.set()
    return os.waitstatus_to_exitcode(status) == 0, waited

free, waited = fork_while_writing(0.3, fork_wait=30)
print("the child's stream is free:", free, "; the fork waited for the write:", waited >= 0.2)
free, waited = fork_while_writing(60, fork_wait=0.5)
print("a write that blocks longer holds the fork up for FORK_WAIT only:", 0.4 <= waited < 30)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() is POSIX only")
def test_a_fork_waits_for_the_record_being_written(tmp_path: Path) -> None:
    proc = run_script(tmp_path / "mid_write.py", FORK_MID_WRITE, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "the child's stream is free: True ; the fork waited for the write: True\n"
        "a write that blocks longer holds the fork up for FORK_WAIT only: True\n"
    )
    assert proc.stderr == '{"level":"info","msg":"being written"}\n' * 2


def test_fork_pool_workers_log_once_each(tmp_path: Path) -> None:
    code = """\
    import logging, multiprocessing, warnings
    import prefixlog
    warnings.simplefilter("ignore", DeprecationWarning)

    def work(n):
        logging.getLogger("worker").info("work", extra={"n": n})
        return n

    if __name__ == "__main__":
        prefixlog.configure(format="json", disable_timestamp=True, queue=True)
        logging.getLogger("app").info("start")
        with multiprocessing.get_context("fork").Pool(2) as pool:
            assert pool.map(work, range(6)) == list(range(6))
        logging.getLogger("app").info("end")
    """
    if "fork" not in __import__("multiprocessing").get_all_start_methods():
        pytest.skip(f"the fork start method is not available on {sys.platform}")
    proc = run_script(tmp_path / "pool.py", code, env=clean_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[0] == '{"level":"info","msg":"start"}'
    assert lines[-1] == '{"level":"info","msg":"end"}'
    assert sorted(lines[1:-1]) == sorted(f'{{"level":"info","msg":"work","n":{n}}}' for n in range(6))


def test_a_record_logged_by_the_destination_itself_is_written_not_queued() -> None:
    out = io.StringIO()
    inner = logging.StreamHandler(out)
    inner.setFormatter(prefixlog.JSONFormatter(disable_timestamp=True))
    logger = logging.Logger("chatty", level=logging.INFO)

    class Chatty(logging.Handler):
        """A destination that logs while it writes: on the writer thread, which can't wait for itself."""

        def emit(self, record: logging.LogRecord) -> None:
            if record.msg == "outer":
                logger.info("inner")
            inner.handle(record)

    handler = QueueingHandler(Chatty(), size=1)
    logger.addHandler(handler)
    try:
        logger.info("outer")
    finally:
        handler.stop()
    assert out.getvalue() == '{"level":"info","msg":"inner"}\n{"level":"info","msg":"outer"}\n'


def test_configure_from_another_thread_leaves_sigterm_alone() -> None:
    saved = signal.getsignal(signal.SIGTERM)
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        thread = threading.Thread(target=prefixlog.configure, kwargs={"stream": io.StringIO(), "queue": True})
        thread.start()
        thread.join()
        assert isinstance(logging.getLogger().handlers[-1], QueueingHandler)
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # only the main thread may set it
    finally:
        signal.signal(signal.SIGTERM, saved)
