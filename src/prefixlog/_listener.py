"""``configure(queue=True)``: the application's threads only queue records; one thread writes them.

:class:`QueueingHandler` is a :class:`prefixlog.QueueHandler` on a bounded
``queue.Queue`` with its own listener thread, which hands each record to the
*destination* handler (the one ``configure()`` would install without a
queue).  The formatter and the write run on that thread, so a slow or
blocked destination (a pipe nobody reads, a full disk) does not hold up the
application until the queue is full.

* **Full queue**: ``queue_full="wait"`` (the default) makes the logging call
  wait for room, so nothing is lost; ``"drop"`` drops the newest record
  instead, and the next record that fits is preceded by one warning record,
  ``dropped=N``, saying how many went missing there.
* **Exit**: :func:`drain_all` runs at interpreter exit (``atexit``, which
  runs on a normal end, ``sys.exit``, an uncaught exception and
  ``KeyboardInterrupt``; before ``logging.shutdown``) and waits until every
  queued record is written.  A record logged after that is written on the
  calling thread.  ``SIGTERM``'s default action skips ``atexit``:
  :func:`install_sigterm_exit` turns it into ``SystemExit(143)``.
* **Fork**: a forked child has no listener thread and may hold a copy of
  locks that another thread of the parent held.  Every ``QueueingHandler``
  switches to writing on the calling thread in the child (the parent's
  queued records stay the parent's to write), with fresh locks.  A fork
  waits (up to :data:`FORK_WAIT` seconds) for the listener to finish the
  record it is writing: the stream's own lock (a ``BufferedWriter``'s,
  which Python does not renew in a child) must not be copied held, or the
  child's first write to that stream would wait forever.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import threading
import weakref
from types import FrameType
from typing import Any, Final, Literal, Optional

from ._queue import QueueHandler

QueueFull = Literal["wait", "drop"]

#: What ``queue_full`` may be, the default first.
QUEUE_FULL: Final = ("wait", "drop")
#: The queue's capacity, in records, unless ``queue_size`` says otherwise.
DEFAULT_SIZE: Final = 10_000
#: The message of the record that says how many records a full queue dropped (in its ``dropped`` field).
DROPPED_MESSAGE: Final = "log records dropped: the queue was full"

#: How long a fork waits for the listener to finish writing a record (a destination that blocks for longer
#: is not waited for: the child may then find that stream's lock held).
FORK_WAIT: Final = 1.0

_STOP: Final = None  # the listener's end, as the stdlib's QueueListener's sentinel

_live: weakref.WeakSet[QueueingHandler] = weakref.WeakSet()


def dropped_record(count: int) -> logging.LogRecord:
    """The warning record that stands for ``count`` dropped records."""
    record = logging.LogRecord("prefixlog", logging.WARNING, __file__, 0, DROPPED_MESSAGE, None, None)
    record.dropped = count
    return record


class UnlockedHandler(logging.Handler):
    """A handler whose ``handle()`` takes no lock of its own: its ``emit`` hands the record on.

    To a queue (which has its own lock) or to other handlers (which take
    theirs).  Waiting for room in a queue while holding the lock would hold
    up ``logging.shutdown()`` and every thread behind the one that waits.
    """

    def handle(self, record: logging.LogRecord) -> Any:
        """Filter, then :meth:`emit`, as ``logging.Handler.handle`` does but for the lock."""
        result = self.filter(record)
        if isinstance(result, logging.LogRecord):  # Python 3.12+: a filter may return a replacement
            record = result
        if result:
            self.emit(record)
        return result


class QueueingHandler(UnlockedHandler, QueueHandler):
    """The handler ``configure(queue=True)`` installs: a bounded queue and one listener thread.

    ``destination`` writes the records (on the listener's thread);
    ``size`` is the queue's capacity in records (default 10,000);
    ``full`` is ``"wait"`` (default: the logging call waits for room) or
    ``"drop"`` (the record is dropped and counted).  The thread starts here
    and ends with :meth:`stop` (at exit, or when ``configure()`` replaces
    this handler), after writing every queued record.
    """

    queue: queue.Queue[Any]

    def __init__(self, destination: logging.Handler, size: int = DEFAULT_SIZE, full: QueueFull = "wait") -> None:
        super().__init__(queue.Queue(size))
        self.destination = destination
        self._drop = full == "drop"
        self._dropped = 0  # records dropped since the last notice, under _count_lock
        self._count_lock = threading.Lock()
        self._stop_lock = threading.Lock()
        self._writing = threading.RLock()  # held by the listener while it writes; taken by a fork (see the module)
        # True once stopped, and in a forked child: records are written on the calling thread.
        self._direct = False
        self._thread = threading.Thread(target=self._listen, name="prefixlog-queue", daemon=True)
        self._thread.start()
        self._listener_id = self._thread.ident
        _live.add(self)

    # -- the application's side ---------------------------------------------

    def emit(self, record: logging.LogRecord) -> None:
        """Queue the record, or write it here when stopped, forked, or on the listener's own thread."""
        try:
            if self._direct or threading.get_ident() == self._listener_id:
                self.destination.handle(record)  # the listener can't wait for itself
            else:
                self.enqueue(self.prepare(record))
        except Exception:
            self.handleError(record)

    def enqueue(self, record: logging.LogRecord) -> None:
        """Put the record on the queue: wait for room, or drop and count it."""
        if not self._drop:
            self.queue.put(record)
            return
        if self._dropped:  # say where records went missing before the next one that fits
            with self._count_lock:
                count, self._dropped = self._dropped, 0
            if count and not self._offer(dropped_record(count)):
                with self._count_lock:
                    self._dropped += count + 1
                return
        if not self._offer(record):
            with self._count_lock:
                self._dropped += 1

    def _offer(self, record: logging.LogRecord) -> bool:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            return False
        return True

    # -- the listener's side ------------------------------------------------

    def _listen(self) -> None:
        get = self.queue.get
        while True:
            record = get()
            if record is _STOP:
                return
            try:
                with self._writing:
                    self.destination.handle(record)
            except Exception:  # a destination's filter raised: the thread must go on
                self.destination.handleError(record)

    def stop(self) -> None:
        """Write every queued record, end the thread, and write on the calling thread from now on.

        Idempotent.  A record logged while the queue drains is written
        directly, so it may come out before older queued ones.  In a forked
        child this does nothing: the queue is the parent's.
        """
        with self._stop_lock:
            if self._direct:
                return
            self._direct = True
        if threading.get_ident() == self._listener_id:  # stopped from a destination's own code: can't join
            with contextlib.suppress(queue.Full):  # no room: the thread goes on, harmless, as a daemon
                self.queue.put_nowait(_STOP)
            return
        self.queue.put(_STOP)
        self._thread.join()
        while True:  # records of threads that were waiting for room when the end was queued
            try:
                record = self.queue.get_nowait()
            except queue.Empty:
                break
            if record is not _STOP:
                self.destination.handle(record)
        with self._count_lock:
            count, self._dropped = self._dropped, 0
        if count:
            self.destination.handle(dropped_record(count))

    def flush(self) -> None:
        """Flush the destination (records still queued are not waited for: :meth:`stop` does that)."""
        self.destination.flush()

    def close(self) -> None:
        """:meth:`stop`, then close the destination."""
        self.stop()
        self.destination.close()
        super().close()

    def _after_fork_in_child(self) -> None:
        self._direct = True
        self._count_lock = threading.Lock()
        self._stop_lock = threading.Lock()
        self._writing = threading.RLock()
        self.queue = queue.Queue()  # the parent's records are the parent's to write; its locks may be held


def drain_all() -> None:
    """Stop every live :class:`QueueingHandler`, writing what is queued (at exit)."""
    for handler in list(_live):
        handler.stop()


_held_for_fork: list[QueueingHandler] = []  # the handlers whose writing lock a fork in progress holds


def _before_fork() -> None:
    """Wait until no listener is in the middle of a write (up to :data:`FORK_WAIT` seconds each)."""
    for handler in list(_live):
        if not handler._direct and handler._writing.acquire(timeout=FORK_WAIT):
            _held_for_fork.append(handler)


def _after_fork_in_parent() -> None:
    while _held_for_fork:
        _held_for_fork.pop()._writing.release()


def _after_fork_in_child() -> None:
    _held_for_fork.clear()
    for handler in list(_live):
        handler._after_fork_in_child()
    # The child has no queue of ours to drain: SIGTERM ends it at once again, as a
    # fork-based multiprocessing pool's terminate() expects of its workers.
    with contextlib.suppress(ValueError):  # not the main thread: signals can't be set
        remove_sigterm_exit()


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child)


# -- SIGTERM ------------------------------------------------------------------------------

#: The exit status after SIGTERM: 128 + 15, what a shell reports for a process SIGTERM ended.
SIGTERM_STATUS: Final = 128 + signal.SIGTERM


def _sigterm_exit(signum: int, frame: Optional[FrameType]) -> None:
    """SIGTERM as ``SystemExit(143)``: ``finally`` blocks and ``atexit`` run, so the queue drains.

    The default action comes back first, so a second SIGTERM ends the
    process at once, as before (if shutting down hangs, say on a
    non-daemon thread that never ends).
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise SystemExit(SIGTERM_STATUS)


def install_sigterm_exit() -> bool:
    """Turn SIGTERM into ``SystemExit`` when its handler is the default one; whether it now is.

    A handler the application set (or ``SIG_IGN``) is left alone, as is
    SIGTERM when called from a thread other than the main one (only the
    main thread may set signal handlers).
    """
    if threading.current_thread() is not threading.main_thread():
        return False
    current = signal.getsignal(signal.SIGTERM)
    if current is _sigterm_exit:
        return True
    if current is not signal.SIG_DFL:
        return False
    signal.signal(signal.SIGTERM, _sigterm_exit)
    return True


def remove_sigterm_exit() -> None:
    """Give SIGTERM its default action back, if the handler is still :func:`install_sigterm_exit`'s."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is _sigterm_exit:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
