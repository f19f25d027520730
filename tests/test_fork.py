"""Fork safety: a child forked while another thread is inside prefixlog never hangs.

``bind()``/``context()`` install prefixlog's ``LogRecord`` factory under a
lock; a thread holding it at the moment of ``os.fork()`` would leave it held
forever in the child.  The busy thread here puts the stdlib's factory back
again and again, so that every ``bind()`` takes that lock: the worst case.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterator

import pytest

import prefixlog

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() is POSIX only")


@pytest.fixture
def busy_thread() -> Iterator[None]:
    """A thread that binds context fields without pause, taking prefixlog's lock each time."""
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            logging.setLogRecordFactory(logging.LogRecord)  # not ours: the next bind() installs it, locked
            prefixlog.bind(busy=1)
            with prefixlog.context(inner=2):
                pass

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    time.sleep(0.05)
    try:
        with warnings.catch_warnings():
            # Python 3.12+ warns that forking a threaded process may deadlock: that is what is tested.
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        stop.set()
        thread.join()


def _child_work(index: int) -> int:
    """What a forked child does: bind, enter a context, log."""
    prefixlog.bind(child=index)
    with prefixlog.context(step="x"):
        logging.getLogger("prefixlog.tests.fork").debug("in the child")
    return index


def _wait_all(pids: list[int], seconds: float) -> list[int]:
    """Reap the children; the pids still running after ``seconds`` (killed)."""
    deadline = time.monotonic() + seconds
    pending = set(pids)
    while pending and time.monotonic() < deadline:
        for pid in list(pending):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                assert os.waitstatus_to_exitcode(status) == 0
                pending.discard(pid)
        time.sleep(0.01)
    for pid in pending:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return sorted(pending)


@pytest.mark.usefixtures("busy_thread")
def test_two_hundred_forks_beside_a_busy_thread_never_hang() -> None:
    pids = []
    for index in range(200):
        pid = os.fork()
        if pid == 0:  # the child
            code = 1
            try:
                code = 0 if _child_work(index) == index else 1
            finally:
                os._exit(code)
        pids.append(pid)
    hung = _wait_all(pids, seconds=30)
    assert hung == [], f"{len(hung)} of 200 forked children hung"


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS: fork-context pools are unsafe with system frameworks")
@pytest.mark.usefixtures("busy_thread")
def test_a_fork_pool_in_a_threaded_app_never_hangs() -> None:
    context = multiprocessing.get_context("fork")
    for round_ in range(20):
        with context.Pool(4) as pool:
            result = pool.map_async(_child_work, range(8)).get(timeout=30)
        assert result == list(range(8)), f"round {round_}"
