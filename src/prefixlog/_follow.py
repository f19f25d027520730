"""``prefixlog pretty --follow``: read files as they grow, as ``tail -f`` does.

:class:`Followed` is a file whose ``readline`` waits for the rest of a line
instead of ending: at the end of the file it polls every :data:`POLL`
seconds.  A file cut shorter than what was read (truncated, ``> app.log``)
is read again from its start; a file renamed or removed and created anew
under its name (rotated) is read to its end, then the new one from its
start.  :func:`follow` reads several such files at once, one thread each,
and hands their lines over in the order they come; the caller's thread only
waits on a queue, so SIGINT and SIGTERM reach it at once.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import IO, Final, Optional, Union

#: Seconds between two looks at a file that has no new line.
POLL: Final = 0.2


class Followed:
    """A file opened by name, read line by line for ever (see the module doc)."""

    def __init__(self, path: str, file: IO[bytes], poll: float = POLL) -> None:
        self.path = path
        self.file = file
        self.poll = poll
        self.partial = b""

    def readline(self, size: int = -1) -> bytes:
        """The next line (with its ``\\n``), or ``size`` bytes of a longer one; waits until there is one."""
        while True:
            want = size - len(self.partial) if size > 0 else -1
            data = self.file.readline(want)
            self.partial += data
            if self.partial.endswith(b"\n") or 0 < size <= len(self.partial):
                line, self.partial = self.partial, b""
                return line
            if not data:
                time.sleep(self.poll)
                self._reopen_if_moved()

    def read(self, size: int = -1) -> bytes:
        """What :func:`~prefixlog._pretty.read_batches` reads: the next line, or ``size`` bytes of a longer one."""
        return self.readline(size)

    def _reopen_if_moved(self) -> None:
        """Start again on truncation; move to a new file of the same name once the old one is read."""
        try:
            current = os.fstat(self.file.fileno())
            if current.st_size < self.file.tell():
                self.file.seek(0)
                self.partial = b""
                return
            named = os.stat(self.path)
        except OSError:  # renamed away, not yet created anew: keep the old one
            return
        if (named.st_dev, named.st_ino) == (current.st_dev, current.st_ino):
            return
        if self.file.read(1):  # the old file grew after all: read that first
            self.file.seek(-1, os.SEEK_CUR)
            return
        try:
            new = open(self.path, "rb")  # noqa: SIM115 - the old one is closed here, this one by close()
        except OSError:
            return
        self.file.close()
        self.file = new

    def close(self) -> None:
        self.file.close()


Item = tuple[bytes, int]
_END: Final = object()


def follow(sources: list[IO[bytes]], read_lines: Callable[[IO[bytes]], Iterator[Item]]) -> Iterator[tuple[int, Item]]:
    """``(source index, item)`` for each item ``read_lines`` makes of each source, in the order they come.

    Each source is read by a daemon thread of its own; a followed file
    never ends, so neither does this, until the process is stopped.
    """
    items: queue.Queue[Union[tuple[int, Item], object]] = queue.Queue(maxsize=1024)

    def read(index: int, source: IO[bytes]) -> None:
        try:
            for item in read_lines(source):
                items.put((index, item))
        finally:
            items.put(_END)

    for index, source in enumerate(sources):
        thread = threading.Thread(target=read, args=(index, source), name=f"prefixlog-follow-{index}", daemon=True)
        thread.start()
    running = len(sources)
    while running:
        got: Optional[object] = None
        while got is None:
            try:
                got = items.get(timeout=0.5)  # a timeout, so that signals are handled while waiting
            except queue.Empty:
                continue
        if got is _END:
            running -= 1
            continue
        yield got  # type: ignore[misc]
