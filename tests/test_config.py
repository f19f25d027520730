"""Configuration: configure() and its environment variables, dictConfig both ways, fileConfig."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import prefixlog
from prefixlog import TextFormatter, configure
from prefixlog._config import PrefixlogHandler, make_formatter

from helpers import FakeTTY, here

pytestmark = pytest.mark.usefixtures("restore_root_logging")


def test_configure_installs_one_handler_and_replaces_its_own() -> None:
    root = logging.getLogger()
    other = logging.NullHandler()
    root.addHandler(other)
    first = configure(format="logfmt", level="warning", stream=io.StringIO())
    second = configure(format="logfmt", level="debug", stream=io.StringIO())
    assert [h for h in root.handlers if isinstance(h, PrefixlogHandler)] == [second]
    assert first not in root.handlers
    assert other in root.handlers  # handlers configure() did not install are left alone
    assert root.level == logging.DEBUG


def test_configure_writes_to_its_stream() -> None:
    out = io.StringIO()
    configure(format="logfmt", stream=out, disable_timestamp=True)
    logging.getLogger("app").info("ready", extra={"port": 80})
    logging.getLogger("app").debug("not shown at INFO")
    assert out.getvalue() == "level=info msg=ready port=80\n"


@pytest.mark.parametrize(
    ("format", "stream", "readable", "colored"),
    [
        ("auto", FakeTTY, True, True),
        ("auto", io.StringIO, False, False),
        ("text", io.StringIO, True, False),  # the readable layout, even into a pipe
        ("text", FakeTTY, True, True),
        ("logfmt", FakeTTY, False, False),  # logfmt, even on a terminal
    ],
)
def test_text_formats(format: str, stream: type, readable: bool, colored: bool) -> None:
    formatter = make_formatter(format, stream())
    assert isinstance(formatter, TextFormatter)
    assert (formatter.readable, formatter.colored) == (readable, colored)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"format": "xml"}, ValueError, r"format: unknown format 'xml'; use one of auto, text, logfmt, prefixed, json"),
        ({"level": "loud"}, ValueError, r"level: unknown level 'loud'"),
        ({"format": "logfmt", "colour": True}, TypeError, "colour"),
        ({"format": "text", "preset": "ecs"}, ValueError, "preset applies to the json format only"),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        configure(stream=io.StringIO(), **kwargs)


@pytest.mark.parametrize(
    ("variable", "value", "match"),
    [
        ("PREFIXLOG_FORMAT", "yaml", "PREFIXLOG_FORMAT: unknown format 'yaml'"),
        ("PREFIXLOG_LEVEL", "chatty", "PREFIXLOG_LEVEL: unknown level 'chatty'"),
        ("PREFIXLOG_LEVEL", "\u0663\u0660", "PREFIXLOG_LEVEL: unknown level '\u0663\u0660'"),  # Arabic-Indic 30
        ("PREFIXLOG_LEVEL", "\uff13\uff10", "PREFIXLOG_LEVEL: unknown level '\uff13\uff10'"),  # full-width 30
        ("PREFIXLOG_LEVEL", "\u0131nfo", "PREFIXLOG_LEVEL: unknown level '\u0131nfo'"),  # dotless i: upper() is INFO
        ("PREFIXLOG_LEVEL", "-\u0665", "PREFIXLOG_LEVEL: unknown level '-\u0665'"),
    ],
)
def test_bad_environment_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, match: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=match):
        configure(stream=io.StringIO())


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFIXLOG_FORMAT", "text")
    monkeypatch.setenv("PREFIXLOG_LEVEL", "error")
    configure(format="logfmt", level=5, stream=io.StringIO())
    assert logging.getLogger().level == prefixlog.TRACE


SCRIPT = textwrap.dedent(
    """
    import logging, prefixlog
    prefixlog.configure(disable_timestamp=True)
    log = prefixlog.get_logger("sidecar")
    log.trace("t")
    log.with_field("files", 3).info("uploaded")
    log.warning("slow")
    """
)


def run_script(env: dict[str, str]) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PREFIXLOG_", "NO_COLOR", "FORCE_COLOR"))}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], env={**clean, **env}, capture_output=True, text=True, timeout=60, check=True
    )
    return proc.stderr


def test_the_environment_alone_switches_format_and_level() -> None:
    assert run_script({}) == "level=info msg=uploaded files=3\nlevel=warning msg=slow\n"
    assert run_script({"PREFIXLOG_FORMAT": "text", "PREFIXLOG_LEVEL": "trace"}) == (
        "TRAC t" + " " * 44 + "\nINFO uploaded" + " " * 36 + "  files=3\nWARN slow" + " " * 41 + "\n"
    )
    assert run_script({"PREFIXLOG_LEVEL": "WARNING"}) == "level=warning msg=slow\n"
    assert run_script({"PREFIXLOG_LEVEL": "30"}) == "level=warning msg=slow\n"
    lines = run_script({"PREFIXLOG_FORMAT": "json"}).splitlines()
    assert [json.loads(line)["msg"] for line in lines] == ["uploaded", "slow"]


# -- dictConfig and fileConfig --------------------------------------------------------------


def _dict_config(formatter: dict[str, Any], out: io.StringIO) -> logging.Logger:
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"f": formatter},
            "handlers": {"h": {"class": "logging.StreamHandler", "stream": out, "formatter": "f"}},
            "loggers": {"dc": {"handlers": ["h"], "level": "INFO", "propagate": False}},
        }
    )
    return logging.getLogger("dc")


def test_dict_config_factory_form_with_options_and_dotted_paths() -> None:
    out = io.StringIO()
    log = _dict_config(
        {
            "()": "prefixlog.TextFormatter",
            "disable_timestamp": True,
            "report_caller": True,
            "caller_prettyfier": "ext://prefixlog.short_caller",
            "sorting_func": "builtins.sorted",
            "stream": "ext://sys.stderr",
        },
        out,
    )
    log.info("hello", extra={"b": 1, "a": 2})
    line = here() - 1
    # sorting_func sorts every key of the logfmt line, the fixed ones too, as in logrus.
    assert out.getvalue() == f'a=2 b=1 file="test_config.py:{line}" level=info msg=hello\n'
    formatter = log.handlers[0].formatter
    assert isinstance(formatter, TextFormatter)
    assert formatter.caller_prettyfier is prefixlog.short_caller


def test_dict_config_class_form_maps_datefmt() -> None:
    out = io.StringIO()
    log = _dict_config({"class": "prefixlog.TextFormatter", "format": "%(message)s", "datefmt": "at %%"}, out)
    log.warning("x")
    assert out.getvalue() == 'time="at %" level=warning msg=x\n'


def test_dict_config_wrong_option_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="formatter 'f'") as info:
        _dict_config({"()": "prefixlog.TextFormatter", "full_timestamps": True}, io.StringIO())
    assert "full_timestamps" in str(info.value.__cause__ or info.value)


def test_file_config_with_class(tmp_path: Path) -> None:
    ini = tmp_path / "logging.ini"
    ini.write_text(
        textwrap.dedent(
            """
            [loggers]
            keys=root
            [handlers]
            keys=console
            [formatters]
            keys=logrus
            [logger_root]
            level=INFO
            handlers=console
            [handler_console]
            class=StreamHandler
            formatter=logrus
            args=(sys.stdout,)
            [formatter_logrus]
            class=prefixlog.TextFormatter
            datefmt=2006-01-02
            """
        )
    )
    logging.config.fileConfig(ini, disable_existing_loggers=False)
    formatter = logging.getLogger().handlers[-1].formatter
    assert isinstance(formatter, TextFormatter)
    assert formatter.timestamp_format.source == "2006-01-02"


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        (
            "TextFormatter",
            {"disable_timestamp": True, "stream": "ext://sys.stderr", "quote_empty_fields": True},
            'level=info msg=x k=""',
        ),
        (
            "PrefixedFormatter",
            {"disable_timestamp": True, "stream": "ext://sys.stderr", "quote_empty_fields": True},
            'level=info msg=x k=""',
        ),
        (
            "JSONFormatter",
            {"disable_timestamp": True, "data_key": "data"},
            '{"data":{"k":""},"level":"info","msg":"x"}',
        ),
    ],
)
def test_every_formatter_in_dict_config_factory_form(name: str, options: dict[str, Any], expected: str) -> None:
    out = io.StringIO()
    log = _dict_config({"()": f"prefixlog.{name}", **options}, out)
    log.info("x", extra={"k": ""})
    assert out.getvalue() == expected + "\n"


@pytest.mark.parametrize("name", ["TextFormatter", "PrefixedFormatter", "JSONFormatter"])
def test_every_formatter_in_dict_config_class_form(name: str) -> None:
    out = io.StringIO()
    log = _dict_config({"class": f"prefixlog.{name}", "format": "%(message)s", "datefmt": "at %%"}, out)
    log.info("x")
    assert out.getvalue() in ('time="at %" level=info msg=x\n', '{"level":"info","msg":"x","time":"at %"}\n')


def test_a_bad_preset_variable_fails_whatever_the_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFIXLOG_PRESET", "bogus")
    with pytest.raises(ValueError, match="PREFIXLOG_PRESET: unknown preset 'bogus'"):
        configure(format="logfmt", stream=io.StringIO())


def test_field_map_may_not_send_two_keys_to_one_name() -> None:
    with pytest.raises(ValueError, match=r"field_map: 'time' and 'msg' would both be written as 'time'"):
        TextFormatter(field_map={"msg": "time"})
