"""``prefixlog run``: run a command and turn each line of its output into a log record.

The child runs in a session (and process group) of its own, with our stdin,
and its stdout and stderr on pipes.  One thread reads both pipes with
``selectors`` and raw ``os.read``: a line is relayed as soon as its newline
arrives, a partial last line when its pipe closes.  Reading stops only when
both pipes are at end-of-file (a grandchild that keeps them open keeps us
reading), never after a quiet spell.

SIGINT, SIGTERM and SIGQUIT are forwarded to the child's process group (as
a terminal sends Ctrl-C to a whole pipeline); SIGHUP, SIGUSR1 and SIGUSR2
(reload, reopen: meant for the program) to the child alone.  The handler
only forwards and notes the time; the loop, woken through
``signal.set_wakeup_fd``, does the logging and, ``grace`` seconds after the
first stopping signal, sends SIGKILL to the group.  The exit code is the
child's, or 128+N when signal N ended it.

The child is reaped only once both pipes are closed (or after SIGKILL), so
its pid, which is also its process group's id, can't be reused by another
process while prefixlog may still signal that group.
"""

from __future__ import annotations

import contextlib
import logging
import os
import selectors
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any, Final, Optional

from ._levels import INFO, WARNING
from ._relay import DEFAULT_MAX_LINE, Lines, Relay

#: Bytes read from a pipe at once.
CHUNK: Final = 65536
#: Exit codes for a command that can't be started, as a shell gives them.
NOT_FOUND: Final = 127
NOT_EXECUTABLE: Final = 126
#: Signals that stop the child: forwarded to its process group, then SIGKILL after the grace period ...
STOPPING: Final = ("SIGINT", "SIGTERM", "SIGQUIT")
#: ... and signals for the program itself: forwarded to the child alone.
FORWARDED: Final = ("SIGHUP", "SIGUSR1", "SIGUSR2")
#: Environment for the child, where not set already: well-known switches that turn off output buffering.
UNBUFFERED_ENV: Final = {"PYTHONUNBUFFERED": "1", "GIT_FLUSH": "1"}
#: After SIGKILL, how long to wait for end-of-file once the child is dead (pipes held by escaped processes).
KILL_DRAIN: Final = 1.0


@dataclass(frozen=True)
class Options:
    """What ``prefixlog run`` was asked to do (the command line, checked)."""

    command: list[str]
    prefix: str
    stdout_level: int = INFO
    stderr_level: int = WARNING
    parse: bool = True
    keep_ansi: bool = False
    grace: float = 10.0
    max_line: int = DEFAULT_MAX_LINE


def exit_code(returncode: int) -> int:
    """A ``Popen.returncode`` as a shell reports it: the code, or 128+N for death by signal N."""
    return 128 - returncode if returncode < 0 else returncode


def signal_name(number: int) -> str:
    """``SIGTERM`` for 15; ``signal 99`` for a number without a name."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class Runner:
    """Runs the command, relays its output, forwards signals; :meth:`run` returns the exit code."""

    def __init__(self, options: Options, logger: logging.Logger) -> None:
        self.options = options
        self.relay = Relay(
            logger,
            options.command[0],
            options.prefix,
            options.stdout_level,
            options.stderr_level,
            options.parse,
            options.keep_ansi,
        )
        self.proc: Optional[subprocess.Popen[bytes]] = None
        self.received: list[tuple[int, bool]] = []  # (signal, forwarded) not yet logged
        self.unforwarded: list[int] = []  # signals that came before the child started
        self.deadline: Optional[float] = None  # when to send SIGKILL
        self.killed_at: Optional[float] = None
        self.done = False  # the child is reaped: nothing more to forward
        self.streams: dict[int, tuple[str, Lines]] = {}

    # -- signals -----------------------------------------------------------------

    def _on_signal(self, signum: int, frame: Optional[FrameType]) -> None:
        """Forward and note the signal; never log here (the loop does, once woken)."""
        if signum == signal.SIGCHLD:
            return  # only wakes the loop through the wakeup fd
        if signal_name(signum) in STOPPING and self.deadline is None:
            self.deadline = time.monotonic() + self.options.grace
        if self.proc is None:
            self.unforwarded.append(signum)  # forwarded (and noted) once the child has started
        else:
            self.received.append((signum, self._forward(signum)))

    def _forward(self, signum: int) -> bool:
        """Send ``signum`` to the child's process group (stopping signals) or the child; whether it was sent."""
        if self.proc is None or self.done or self.killed_at is not None:
            return False
        try:
            if signal_name(signum) in STOPPING:
                os.killpg(self.proc.pid, signum)
            else:
                os.kill(self.proc.pid, signum)
        except (ProcessLookupError, PermissionError):
            return False  # the group is gone already
        return True

    def _install(self, wakeup: int) -> dict[int, Any]:
        saved: dict[int, Any] = {}
        for name in (*STOPPING, *FORWARDED, "SIGCHLD"):
            number = getattr(signal, name, None)
            if number is not None:
                saved[number] = signal.signal(number, self._on_signal)
        saved[-1] = signal.set_wakeup_fd(wakeup, warn_on_full_buffer=False)
        return saved

    @staticmethod
    def _restore(saved: dict[int, Any]) -> None:
        signal.set_wakeup_fd(saved.pop(-1))
        for number, handler in saved.items():
            signal.signal(number, handler)

    # -- running -----------------------------------------------------------------

    def run(self) -> int:
        """Run the command to its end; the exit code for prefixlog."""
        if os.name != "posix":
            raise RuntimeError("prefixlog run needs a POSIX system (process groups, signals)")
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("prefixlog run must run in the main thread (it handles signals)")
        wake_r, wake_w = os.pipe()
        os.set_blocking(wake_r, False)
        os.set_blocking(wake_w, False)
        saved = self._install(wake_w)
        try:
            return self._run(wake_r)
        finally:
            self._restore(saved)
            os.close(wake_r)
            os.close(wake_w)

    def _start(self) -> Optional[int]:
        """Start the child; on failure, log why and return the shell's exit code for it."""
        command = self.options.command
        env = dict(os.environ)
        for key, value in UNBUFFERED_ENV.items():
            env.setdefault(key, value)
        try:
            if not command[0]:  # Popen would try each $PATH directory as the program (126); a shell says 127
                raise FileNotFoundError(command[0])
            self.proc = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True, env=env, bufsize=0
            )
        except OSError as error:
            missing = isinstance(error, (FileNotFoundError, NotADirectoryError))
            code = NOT_FOUND if missing else NOT_EXECUTABLE
            reason = "command not found" if missing else (error.strerror or str(error))
            self.relay.note(logging.ERROR, f"cannot run {command[0]}: {reason}", exit_code=code)
            return code
        while self.unforwarded:
            signum = self.unforwarded.pop(0)
            self.received.append((signum, self._forward(signum)))
        return None

    def _run(self, wake_r: int) -> int:
        failed = self._start()
        if failed is not None:
            return failed
        proc = self.proc
        assert proc is not None
        assert proc.stdout is not None
        assert proc.stderr is not None
        selector = selectors.DefaultSelector()
        selector.register(wake_r, selectors.EVENT_READ)
        for name, pipe in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            self.streams[pipe.fileno()] = (name, Lines(self.options.max_line))
            selector.register(pipe.fileno(), selectors.EVENT_READ)
        try:
            returncode = self._loop(selector, wake_r)
        except BaseException:  # prefixlog itself failed: the command must not outlive its reader
            with contextlib.suppress(OSError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
        finally:
            for fd in list(self.streams):
                self._close(selector, fd)
            selector.close()
            proc.stdout.close()
            proc.stderr.close()
        self._log_signals()
        code = exit_code(returncode)
        if returncode < 0:
            self.relay.note(WARNING, f"{self.options.prefix} was ended by {signal_name(-returncode)}", exit_code=code)
        elif returncode:
            self.relay.note(WARNING, f"{self.options.prefix} exited with code {code}", exit_code=code)
        else:
            self.relay.note(logging.DEBUG, f"{self.options.prefix} exited with code 0", exit_code=0)
        return code

    def _loop(self, selector: selectors.BaseSelector, wake_r: int) -> int:
        proc = self.proc
        assert proc is not None
        while True:
            now = time.monotonic()
            draining = self.killed_at is not None and now < self.killed_at + KILL_DRAIN
            if not self.streams or (self.killed_at is not None and not draining):
                returncode = proc.poll()
                if returncode is not None:
                    self.done = True
                    if self.streams:
                        self.relay.note(WARNING, "stopped reading: another process holds the output pipes open")
                    return returncode
            events = selector.select(self._timeout(now, draining))
            self._log_signals()  # before the output the child wrote in answer to them
            for key, _ in events:
                if key.fd == wake_r:
                    _drain(wake_r)
                else:
                    self._read(selector, key.fd)
            self._log_signals()
            if self.deadline is not None and self.killed_at is None and time.monotonic() >= self.deadline:
                self._kill()

    def _timeout(self, now: float, draining: bool) -> Optional[float]:
        if self.killed_at is not None:
            return max(0.0, self.killed_at + KILL_DRAIN - now) if self.streams and draining else None
        if self.deadline is not None:
            return max(0.0, self.deadline - now)
        return None

    def _read(self, selector: selectors.BaseSelector, fd: int) -> None:
        name, lines = self.streams[fd]
        data = os.read(fd, CHUNK)  # EINTR is retried by Python (PEP 475)
        if not data:
            self._close(selector, fd)
            return
        for line, part in lines.feed(data):
            self.relay.line(line, name, part)

    def _close(self, selector: selectors.BaseSelector, fd: int) -> None:
        name, lines = self.streams.pop(fd)
        selector.unregister(fd)
        for line, part in lines.finish():
            self.relay.line(line, name, part)

    def _kill(self) -> None:
        proc = self.proc
        assert proc is not None
        self.relay.note(
            WARNING,
            f"{self.options.prefix} still running {self.options.grace:g}s after the signal: sending SIGKILL",
            signal="SIGKILL",
        )
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        self.killed_at = time.monotonic()

    def _log_signals(self) -> None:
        while self.received:
            signum, forwarded = self.received.pop(0)
            name = signal_name(signum)
            what = f"forwarded to {self.options.prefix}" if forwarded else f"{self.options.prefix} has ended already"
            self.relay.note(INFO, f"received {name}: {what}", signal=name)


def _drain(fd: int) -> None:
    """Empty the (non-blocking) wakeup pipe."""
    try:
        while os.read(fd, 512):
            pass
    except BlockingIOError:
        pass


def run(options: Options) -> int:
    """Run ``options.command`` and relay its output through the ``prefixlog.run`` logger."""
    return Runner(options, logging.getLogger("prefixlog.run")).run()
