"""python-json-logger's own suite with JSONFormatter in its class's place, and ``pjl_suite.py``, its plugin.

The real suite (python-json-logger's sdist, downloaded) runs here when it can
(the ``pjl-suite`` extra installed, the sdist fetched) and skips saying why
when it can't; ``.ci/run`` runs it with ``PREFIXLOG_PJL_SUITE=required``, where
a skip is a failure.  A small stand-in suite checks the plugin: a listed test
must fail with its exception, an unlisted failure fails the run, and the list
names only tests the suite has.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import subprocess
import sys
import tarfile
import textwrap
from pathlib import Path

import pytest

from pjl_suite import DIFFERENCES, Expected, parse_differences

pytest_plugins = ("pytester",)

VERSION = importlib.metadata.version("python-json-logger")
#: The python-json-logger version whose suite pjl_differences.txt lists.
LISTED = parse_differences(DIFFERENCES.read_text(encoding="utf-8")).version
TESTS = Path(__file__).resolve().parent


def _unavailable(reason: str) -> None:
    """Skip, saying why; where the suite is required (``.ci/run``), fail instead."""
    if os.environ.get("PREFIXLOG_PJL_SUITE") == "required":
        pytest.fail(f"python-json-logger's suite is required (PREFIXLOG_PJL_SUITE=required) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def pjl_sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """python-json-logger's unpacked sdist: ``PREFIXLOG_PJL_SDIST`` (a ``.tar.gz``), else downloaded with pip."""
    if VERSION != LISTED:
        _unavailable(f"python-json-logger {VERSION} is installed; the list is for {LISTED} (the pjl-suite extra)")
    missing = [name for name in ("freezegun", "tzdata") if importlib.util.find_spec(name) is None]
    if missing:
        _unavailable(f"{' and '.join(missing)} not installed: its tests need them (pip install -e '.[pjl-suite]')")
    where = tmp_path_factory.mktemp("pjl")
    given = os.environ.get("PREFIXLOG_PJL_SDIST")
    if given:
        archive = Path(given)
    else:
        download = [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps", "--timeout", "20"]
        done = subprocess.run(
            [*download, "--retries", "1", "-q", "-d", str(where), f"python-json-logger=={LISTED}"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        archives = sorted(where.glob("*.tar.gz"))
        if done.returncode or len(archives) != 1:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            _unavailable(f"python-json-logger {LISTED}'s sdist could not be downloaded: {last}")
        (archive,) = archives
    with tarfile.open(archive) as sdist:
        if hasattr(tarfile, "data_filter"):  # Python 3.10.12, 3.11.4 and later: no path leaves ``where``
            sdist.extractall(where, filter="data")
        else:  # pragma: no cover - older patch releases
            sdist.extractall(where)
    root = where / f"python_json_logger-{LISTED}"
    if not (root / "tests").is_dir():
        pytest.fail(f"{archive} holds no python_json_logger-{LISTED}/tests")
    return root


def test_python_json_loggers_own_suite_fails_only_where_the_list_says(pjl_sdist: Path) -> None:
    """Its tests pass with JSONFormatter as its JsonFormatter, but those pjl_differences.txt lists, which must fail."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "pytest", "-p", "pjl_suite", "--rootdir", ".", "-p", "no:cacheprovider"]
    done = subprocess.run(
        [*command, "-W", "error", "-q", "-rfE", "tests"],
        cwd=pjl_sdist,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    listed = len(parse_differences(DIFFERENCES.read_text(encoding="utf-8")).tests)
    assert f" {listed} xfailed" in done.stdout.splitlines()[-1]


#: A stand-in for python-json-logger's tests: what its suite does, in three tests.
SUITE = """
import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter


class Other:
    pass


@pytest.mark.parametrize("class_", [JsonFormatter, Other])
def test_swapped(class_):
    assert class_.__name__ == "JSONFormatter"  # Other fails, but is deselected


def test_message_key():
    record = logging.makeLogRecord({"msg": "m"})
    assert json.loads(JsonFormatter().format(record))["message"] == "m"


def test_dict_message():
    record = logging.makeLogRecord({"msg": {"event": "e"}})
    assert json.loads(JsonFormatter().format(record))["event"] == "e"
"""


@pytest.fixture
def pytester(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A directory holding the stand-in suite as ``tests/test_formatters.py``; the plugin importable."""
    pytester.makepyfile(**{"tests/test_formatters": SUITE})
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).parent))
    return pytester


def run(pytester: pytest.Pytester, listed: str, version: str = VERSION) -> pytest.RunResult:
    """The stand-in suite run as ``.ci/run`` runs python-json-logger's, with ``listed`` as its list."""
    differences = pytester.path / "differences.txt"
    differences.write_text(f"python-json-logger {version}\n{textwrap.dedent(listed)}", encoding="utf-8")
    return pytester.runpytest_subprocess(
        "-p",
        "pjl_suite",
        "--pjl-differences",
        str(differences),
        "--rootdir",
        str(pytester.path),
        "-W",
        "error",
        "tests",
    )


def test_a_listed_failure_is_expected_and_the_rest_pass(pytester: pytest.Pytester) -> None:
    result = run(pytester, 'reason: logrus\'s "msg"\nKeyError tests/test_formatters.py::test_message_key\n')
    result.assert_outcomes(passed=2, xfailed=1, deselected=1)
    result.stdout.fnmatch_lines(["pjl_suite: 1 runs of python-json-logger's other formatters * deselected*"])


def test_an_unlisted_failure_a_listed_pass_and_another_exception_fail_the_run(pytester: pytest.Pytester) -> None:
    result = run(
        pytester,
        """
        reason: wrong on purpose
        AssertionError tests/test_formatters.py::test_message_key
        AssertionError tests/test_formatters.py::test_dict_message
        """,
    )
    # test_message_key fails with a KeyError, not the AssertionError listed; test_dict_message passes.
    result.assert_outcomes(passed=1, failed=2, deselected=1)
    result.stdout.fnmatch_lines(
        ["FAILED *::test_message_key - KeyError*", "FAILED *::test_dict_message - *XPASS(strict)*"]
    )
    assert run(pytester, "").ret == pytest.ExitCode.TESTS_FAILED  # nothing listed: test_message_key fails


def test_a_listed_test_the_suite_does_not_have_stops_the_run(pytester: pytest.Pytester) -> None:
    result = run(pytester, "reason: gone\nKeyError tests/test_formatters.py::test_renamed_since\n")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*names tests * suite doesn't have*: tests/test_formatters.py::test_renamed_since"])


def test_a_list_for_another_version_stops_the_run(pytester: pytest.Pytester) -> None:
    result = run(pytester, "", version="0.1")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*differences of python-json-logger 0.1's suite, but {VERSION} is installed*"])


def test_the_repositorys_list_parses_with_a_reason_for_every_test() -> None:
    differences = parse_differences(DIFFERENCES.read_text(encoding="utf-8"))
    assert differences.version == "4.2.0"
    assert differences.tests["tests/test_formatters.py::test_default_format[JSONFormatter]"] == Expected(
        'logrus\'s keys: the message is "msg", the level "level", the time "time" (fmt\'s message, levelname and '
        "asctime name them; field_map or rename_fields gives python-json-logger's names)",
        KeyError,
    )


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("reason: r\nKeyError tests/t.py::t\n", "no 'python-json-logger' version line"),
        ("python-json-logger 1\nKeyError tests/t.py::t\n", "line 2: a test before the first reason"),
        ("python-json-logger 1\nreason: r\nreason: s\nKeyError tests/t.py::t\n", "line 3: the reason 'r' lists no"),
        ("python-json-logger 1\nreason: r\n", "the last reason 'r' lists no test"),
        ("python-json-logger 1\nreason: r\nNoSuchError tests/t.py::t\n", "line 3: not '<built-in exception name>"),
        ("python-json-logger 1\nreason: r\ntests/t.py::t\n", "line 3: not '<built-in exception name>"),
        ("python-json-logger 1\nreason: r\nKeyError t\nreason: s\nKeyError t\n", "line 5: 't' is listed twice"),
        ("python-json-logger 1\nreason: r\nKeyError t\nreason: r\nKeyError u\n", "line 4: an empty or repeated"),
        ("python-json-logger 1\npython-json-logger 2\n", "line 2: a second version line"),
    ],
)
def test_a_malformed_list_is_refused_naming_the_line(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse_differences(text)
