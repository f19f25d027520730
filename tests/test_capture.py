"""configure()'s capture: crashes and warnings become records, in real processes, whole lines."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cli_helpers import clean_env
from helpers import run_script

SETUP = """\
import logging, sys, threading, warnings
import prefixlog
prefixlog.configure(format="json", disable_timestamp=True{options})
"""


def script(body: str, options: str = "") -> str:
    return SETUP.format(options=options) + textwrap.dedent(body)


def go_json(text: str) -> str:
    """``text`` as a JSON string the way Go's encoder writes it (HTML characters escaped)."""
    encoded = json.dumps(text, ensure_ascii=False)
    return encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def crash_line(path: Path, line: int) -> str:
    traceback = (
        f'Traceback (most recent call last):\n  File "{path}", line {line}, in <module>\n'
        '    raise ValueError("boom")\nValueError: boom'
    )
    return (
        f'{{"exc_info":{go_json(traceback)},"exc_message":"boom","exc_type":"ValueError",'
        '"level":"fatal","msg":"uncaught exception"}\n'
    )


CRASH = """\
logging.getLogger("app").info("starting")
raise ValueError("boom")
"""


@pytest.mark.parametrize("queue", ["", ", queue=True"])
def test_an_uncaught_exception_is_one_fatal_record_and_the_status_is_1(tmp_path: Path, queue: str) -> None:
    path = tmp_path / "crash.py"
    proc = run_script(path, script(CRASH, queue))
    assert proc.returncode == 1
    assert proc.stderr == '{"level":"info","msg":"starting"}\n' + crash_line(path, 5)
    assert proc.stdout == ""


def test_configuring_twice_does_not_chain_the_hooks(tmp_path: Path) -> None:
    path = tmp_path / "crash.py"
    proc = run_script(path, script("prefixlog.configure(format='json', disable_timestamp=True)\n" + CRASH))
    assert proc.returncode == 1
    assert proc.stderr == '{"level":"info","msg":"starting"}\n' + crash_line(path, 6)


@pytest.mark.parametrize(
    ("options", "env"),
    [(", capture=False", {}), ("", {"PREFIXLOG_CAPTURE": "0"}), ("", {"PREFIXLOG_CAPTURE": "off"})],
)
def test_without_capture_python_prints_the_traceback(tmp_path: Path, options: str, env: dict[str, str]) -> None:
    path = tmp_path / "crash.py"
    proc = run_script(path, script(CRASH, options), env=clean_env(**env))
    assert proc.returncode == 1
    assert proc.stderr == (
        '{"level":"info","msg":"starting"}\n'
        f'Traceback (most recent call last):\n  File "{path}", line 5, in <module>\n'
        '    raise ValueError("boom")\nValueError: boom\n'
    )


def test_capture_false_after_capture_gives_the_hooks_back(tmp_path: Path) -> None:
    body = """\
    prefixlog.configure(format="json", disable_timestamp=True, capture=False)
    assert sys.excepthook is sys.__excepthook__
    assert threading.excepthook is threading.__excepthook__
    assert sys.unraisablehook is sys.__unraisablehook__
    warnings.warn("not captured")
    """
    path = tmp_path / "back.py"
    proc = run_script(path, script(body))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == f'{path}:8: UserWarning: not captured\n  warnings.warn("not captured")\n'


KEYBOARD = """\
logging.getLogger("app").info("starting")
raise KeyboardInterrupt
"""


@pytest.mark.skipif(sys.platform == "win32", reason="ending by SIGINT is POSIX")
@pytest.mark.parametrize("queue", ["", ", queue=True"])
def test_keyboard_interrupt_keeps_pythons_traceback_and_ends_by_sigint(tmp_path: Path, queue: str) -> None:
    plain = run_script(tmp_path / "plain.py", 'import logging\nlogging.getLogger("app")\n\n' + KEYBOARD)
    path = tmp_path / "interrupted.py"
    proc = run_script(path, script(KEYBOARD, queue))
    assert plain.returncode == proc.returncode == -signal.SIGINT  # a shell reports 130
    traceback = f'Traceback (most recent call last):\n  File "{path}", line 5, in <module>\n'
    traceback += "    raise KeyboardInterrupt\nKeyboardInterrupt\n"
    assert proc.stderr == '{"level":"info","msg":"starting"}\n' + traceback  # a queue is drained first
    assert plain.stderr == traceback.replace(str(path), str(tmp_path / "plain.py"))


THREAD = """\
caught = []

def work():
    try:
        raise ValueError("in thread")
    except ValueError as error:
        caught.append(error)
        raise

thread = threading.Thread(target=work, name="worker")
thread.start()
thread.join()
import traceback
print("".join(traceback.format_exception(type(caught[0]), caught[0], caught[0].__traceback__)).rstrip("\\n"))
"""


def test_an_exception_in_a_thread_is_one_error_record_with_the_thread(tmp_path: Path) -> None:
    proc = run_script(tmp_path / "thread.py", script(THREAD))
    assert proc.returncode == 0
    traceback = proc.stdout.rstrip("\n")  # what the thread's traceback says, by the child itself
    assert traceback.endswith('raise ValueError("in thread")\nValueError: in thread')
    assert proc.stderr == (
        f'{{"exc_info":{go_json(traceback)},"exc_message":"in thread","exc_type":"ValueError",'
        '"level":"error","msg":"uncaught exception in thread","thread":"worker"}\n'
    )


def test_system_exit_in_a_thread_stays_silent(tmp_path: Path) -> None:
    body = """\
    thread = threading.Thread(target=sys.exit, args=(3,))
    thread.start()
    thread.join()
    logging.getLogger("app").info("done")
    """
    proc = run_script(tmp_path / "exit.py", script(body))
    assert (proc.returncode, proc.stderr) == (0, '{"level":"info","msg":"done"}\n')


UNRAISABLE = """\
class Closing:
    def __del__(self):
        raise RuntimeError("in del")

closing = Closing()
del closing
print(repr(Closing.__del__))
"""


def test_an_unraisable_exception_is_one_error_record(tmp_path: Path) -> None:
    path = tmp_path / "unraisable.py"
    proc = run_script(path, script(UNRAISABLE))
    assert proc.returncode == 0
    where = proc.stdout.rstrip("\n")  # <function Closing.__del__ at 0x...>
    traceback = f'Traceback (most recent call last):\n  File "{path}", line 6, in __del__\n'
    traceback += '    raise RuntimeError("in del")\nRuntimeError: in del'
    assert proc.stderr == (
        f'{{"exc_info":{go_json(traceback)},"exc_message":"in del","exc_type":"RuntimeError",'
        f'"level":"error","msg":{go_json("Exception ignored in: " + where)}}}\n'
    )


def test_a_warning_is_one_warning_record(tmp_path: Path) -> None:
    path = tmp_path / "warn.py"
    proc = run_script(path, script('warnings.warn("old api")\n'))
    assert proc.returncode == 0
    text = f'{path}:4: UserWarning: old api\n  warnings.warn("old api")\n'
    assert proc.stderr == f'{{"level":"warning","msg":{go_json(text)}}}\n'


def test_a_hook_the_application_set_still_runs(tmp_path: Path) -> None:
    body = """\
    raise ValueError("boom")
    """
    before = 'import sys\nsys.excepthook = lambda *exc: print("app hook:", exc[1])\n'
    path = tmp_path / "hooked.py"
    proc = run_script(path, before + script(body))
    assert proc.returncode == 1
    assert proc.stdout == "app hook: boom\n"
    assert proc.stderr == crash_line(path, 6)


def test_a_level_that_drops_the_record_leaves_the_exception_to_python(tmp_path: Path) -> None:
    body = """\
    logging.disable(logging.CRITICAL)
    raise ValueError("boom")
    """
    path = tmp_path / "silent.py"
    proc = run_script(path, script(body))
    assert proc.returncode == 1
    assert proc.stderr == (
        f'Traceback (most recent call last):\n  File "{path}", line 5, in <module>\n'
        '    raise ValueError("boom")\nValueError: boom\n'
    )


def test_when_logging_fails_python_prints_the_exception(tmp_path: Path) -> None:
    body = """\
    def broken(record):
        raise RuntimeError("filter broke")

    logging.getLogger().addFilter(broken)
    raise ValueError("boom")
    """
    path = tmp_path / "broken.py"
    proc = run_script(path, script(body))
    assert proc.returncode == 1
    assert proc.stderr == (
        f'Traceback (most recent call last):\n  File "{path}", line 8, in <module>\n'
        '    raise ValueError("boom")\nValueError: boom\n'
    )


def test_an_error_at_the_interactive_prompt_is_shown_as_python_shows_it(tmp_path: Path) -> None:
    setup = SETUP.format(options="").replace("\n", "; ").rstrip("; ")
    proc = subprocess.run(
        [sys.executable, "-i", "-c", setup],
        input='logging.getLogger("app").info("at the prompt")\n1/0\n',
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0
    source = "    1/0\n    ~^~\n" if sys.version_info >= (3, 13) else ""  # 3.13 shows the line typed
    assert proc.stderr == (
        '>>> {"level":"info","msg":"at the prompt"}\n'
        '>>> Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\n'
        f"{source}ZeroDivisionError: division by zero\n>>> \n"
    )
