"""Fields from more than the record: ``fmt``'s attributes, ``defaults``, ``static_fields``,
``reserved_attrs`` and ``exclude_fields`` on every formatter (:mod:`prefixlog._sources`), x-cray's
prefix from any field (``prefix_field``), process-wide fields (``configure(fields=)``,
``PREFIXLOG_FIELDS``), and odd keys that never cost the rest of the record."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import prefixlog
from prefixlog import JSONFormatter, PrefixedFormatter, TextFormatter, configure
from prefixlog._fields import RESERVED_ATTRS
from prefixlog._parse_logfmt import read_logfmt
from prefixlog._sources import DEFAULT_EXCLUDE, fmt_names

from helpers import FakeTTY, fresh_logger, record

ALL = [TextFormatter, PrefixedFormatter, JSONFormatter]
QUIET: dict[str, Any] = {"disable_timestamp": True, "stream": io.StringIO()}


def logged(msg: str = "hi", *, name: str = "app.db", extra: Any = None, **fields: Any) -> logging.LogRecord:
    """A record made by ``logging.Logger(name).info(msg, extra=extra or fields)``."""
    logger, capture = fresh_logger(name)
    logger.info(msg, extra=extra or fields)
    return capture.record


def lines(formatter: logging.Formatter, made: logging.LogRecord) -> str:
    return formatter.format(made)


def log_through_dictconfig(spec: dict[str, Any], name: str) -> str:
    """What ``logging.getLogger(name).info("up")`` writes through a handler ``dictConfig`` made with ``spec``."""
    out = io.StringIO()
    logging.config.dictConfig(
        {
            "version": 1,
            "formatters": {"f": spec},
            "handlers": {"h": {"class": "logging.StreamHandler", "stream": out, "formatter": "f"}},
            "loggers": {name: {"handlers": ["h"], "level": "INFO", "propagate": False}},
        }
    )
    logging.getLogger(name).info("up")
    return out.getvalue()


# -- fmt: the record attributes it names become fields -----------------------------------------


@pytest.mark.parametrize(
    ("fmt", "style"),
    [
        ("%(asctime)s %(levelname)s %(name)s %(process)d %(message)s", "%"),
        ("{asctime} {levelname:>8} {name!r} {process} {message}", "{"),
        ("$asctime $levelname ${name} $process $message", "$"),
        ("asctime, levelname, name, process, message", ","),
        (["asctime", "levelname", "name", "process", "message"], "%"),
    ],
)
def test_fmt_names_the_attributes_of_every_style(fmt: Any, style: str) -> None:
    assert fmt_names(fmt, style) == ["asctime", "levelname", "name", "process", "message"]


def test_fmt_names_read_the_attribute_of_an_index_or_attribute_lookup() -> None:
    assert fmt_names("{args[0]} {name.upper} {name}", "{") == ["args", "name"]
    assert fmt_names("100%% done: $$ %(name)s", "%") == ["name"]


def test_text_logfmt_writes_the_attributes_fmt_names() -> None:
    made = logged("hi", user="ana")
    made.process = 42
    formatter = TextFormatter("%(asctime)s %(levelname)s [%(name)s] %(process)d %(message)s", **QUIET)
    assert lines(formatter, made) == "level=info msg=hi name=app.db process=42 user=ana"


def test_text_colored_layout_writes_them_too() -> None:
    made = logged("hi")
    formatter = TextFormatter("{name}", style="{", stream=FakeTTY(), disable_timestamp=True)
    assert lines(formatter, made) == f"\x1b[36mINFO\x1b[0m {'hi':<44}  \x1b[36mname\x1b[0m=app.db"


def test_prefixed_writes_them_in_both_layouts() -> None:
    made = logged("hi")
    assert lines(PrefixedFormatter("$name", style="$", **QUIET), made) == "level=info msg=hi name=app.db"
    formatted = PrefixedFormatter(["name"], disable_timestamp=True, force_formatting=True, disable_colors=True)
    assert lines(formatted, made) == " INFO hi name=app.db"


def test_json_writes_them() -> None:
    made = logged("hi")
    assert lines(JSONFormatter("%(name)s %(message)s", **QUIET), made) == '{"level":"info","msg":"hi","name":"app.db"}'


@pytest.mark.parametrize("cls", [TextFormatter, PrefixedFormatter])
def test_the_trace_attributes_in_fmt_are_the_exception_fields_as_always(cls: Any) -> None:
    made = logged("hi")
    assert lines(cls("%(exc_info)s %(exc_text)s %(stack_info)s %(message)s", **QUIET), made) == "level=info msg=hi"


@pytest.mark.parametrize("cls", ALL)
def test_a_missing_attribute_takes_its_default_else_nil(cls: Any) -> None:
    made = logged("hi", user="ana")
    out = lines(cls("%(request_id)s %(tenant)s", defaults={"tenant": "t1"}, **QUIET), made)
    expected = {
        TextFormatter: 'level=info msg=hi request_id="<nil>" tenant=t1 user=ana',
        PrefixedFormatter: "level=info msg=hi request_id=<nil> tenant=t1 user=ana",
        JSONFormatter: '{"level":"info","msg":"hi","request_id":null,"tenant":"t1","user":"ana"}',
    }
    assert out == expected[cls]


# -- dictConfig and fileConfig: format and style ---------------------------------------------


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("form", ["()", "class"])
def test_dictconfig_format_and_style(cls: Any, form: str) -> None:
    spec: dict[str, Any] = {"format": "{name} {message}", "style": "{"}
    spec[form] = f"prefixlog.{cls.__name__}"
    if form == "()":
        spec["disable_timestamp"] = True
    line = log_through_dictconfig(spec, "svc.api")
    if cls is JSONFormatter:
        assert json.loads(line)["name"] == "svc.api"
    else:
        assert " name=svc.api\n" in line, line
        assert line.count("svc.api") == 1


def test_fileconfig_format(tmp_path: Path) -> None:
    ini = tmp_path / "logging.ini"
    ini.write_text(
        textwrap.dedent(
            """\
            [loggers]
            keys=root,worker

            [handlers]
            keys=out

            [formatters]
            keys=logfmt

            [logger_root]
            handlers=

            [logger_worker]
            qualname=celery.app.trace
            handlers=out
            propagate=0
            level=INFO

            [handler_out]
            class=StreamHandler
            args=(sys.stdout,)
            formatter=logfmt

            [formatter_logfmt]
            class=prefixlog.TextFormatter
            format=%%(name)s %%(message)s
            """
        )
    )
    logging.config.fileConfig(ini, disable_existing_loggers=False)
    handler = logging.getLogger("celery.app.trace").handlers[0]
    assert handler.formatter is not None
    made = logged("task done", name="celery.app.trace")
    made.created = 1700000000.0
    line = handler.formatter.format(made)
    assert line.endswith(' level=info msg="task done" name=celery.app.trace'), line


# -- defaults, static_fields, reserved_attrs ---------------------------------------------------


@pytest.mark.parametrize("cls", ALL)
def test_static_fields_on_every_record_and_a_record_field_wins(cls: Any) -> None:
    formatter = cls(static_fields={"service": "api", "pod": "web 1"}, defaults={"zone": "eu"}, **QUIET)
    first = lines(formatter, logged("a"))
    second = lines(formatter, logged("b", pod="web 2", zone="us"))
    if cls is JSONFormatter:
        assert first == '{"level":"info","msg":"a","pod":"web 1","service":"api","zone":"eu"}'
        assert second == '{"level":"info","msg":"b","pod":"web 2","service":"api","zone":"us"}'
    else:
        assert first == 'level=info msg=a pod="web 1" service=api zone=eu'
        assert second == 'level=info msg=b pod="web 2" service=api zone=us'


def test_the_sources_keep_their_order_without_sorting() -> None:
    formatter = TextFormatter(
        "%(name)s", defaults={"zone": "eu"}, static_fields={"service": "api"}, disable_sorting=True, **QUIET
    )
    assert (
        lines(formatter, logged("a", user="ana", zone="us"))
        == "level=info msg=a zone=us name=app.db service=api user=ana"
    )


@pytest.mark.parametrize("cls", ALL)
def test_reserved_attrs_says_what_is_not_a_field(cls: Any) -> None:
    formatter = cls(reserved_attrs=[*RESERVED_ATTRS, "secret"], **QUIET)
    out = lines(formatter, logged("a", secret="s3", user="ana"))
    assert out == ('{"level":"info","msg":"a","user":"ana"}' if cls is JSONFormatter else "level=info msg=a user=ana")


def test_an_empty_reserved_attrs_writes_the_record_attributes() -> None:
    made = logged("a")
    pairs = read_logfmt(lines(TextFormatter(reserved_attrs=[], **QUIET), made))
    assert pairs is not None
    # levelname is the line's level, written once (as message and asctime would be)
    standard = {k for k in vars(made) if k in RESERVED_ATTRS and not k.startswith("_")} - {"levelname"}
    assert {k for k, _ in pairs} == {"level", "msg"} | {f"fields.{k}" if k == "msg" else k for k in standard}
    assert ("name", "app.db") in pairs
    assert ("fields.msg", "a") in pairs
    assert ("exc_info", "<nil>") in pairs  # no exception: the attribute as it is, as JSON's null


def test_an_empty_reserved_attrs_writes_an_exception_once() -> None:
    logger, capture = fresh_logger("app.db")
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        logger.exception("failed")
    pairs = read_logfmt(lines(TextFormatter(reserved_attrs=[], **QUIET), capture.record))
    assert pairs is not None
    keys = [k for k, _ in pairs]
    assert keys[-3:] == ["exc_type", "exc_message", "exc_info"]
    assert "exc_text" not in keys
    assert "stack_info" not in keys
    assert keys.count("exc_info") == 1


# -- exclude_fields ------------------------------------------------------------------------


UVICORN = "Started server process [\x1b[36m1\x1b[0m]"


@pytest.mark.parametrize("cls", ALL)
def test_uvicorns_color_message_is_not_written_by_default(cls: Any) -> None:
    out = lines(cls(**QUIET), logged("Started server process [1]", color_message=UVICORN))
    if cls is JSONFormatter:
        assert out == '{"level":"info","msg":"Started server process [1]"}'
    else:
        assert out == 'level=info msg="Started server process [1]"'
    assert {"color_message"} == DEFAULT_EXCLUDE


@pytest.mark.parametrize("cls", ALL)
def test_a_given_exclude_list_replaces_the_default(cls: Any) -> None:
    formatter = cls(exclude_fields=["password", "pod"], static_fields={"pod": "p"}, **QUIET)
    out = lines(formatter, logged("m", color_message="c", password="hunter2"))
    if cls is JSONFormatter:
        assert out == '{"color_message":"c","level":"info","msg":"m"}'
    else:
        assert out == "level=info msg=m color_message=c"


@pytest.mark.parametrize("cls", ALL)
def test_exclusion_reaches_context_and_bound_fields(cls: Any) -> None:
    formatter = cls(exclude_fields=["token"], **QUIET)
    with prefixlog.context(token="t", user="ana"):
        made = record("m", token="t2", keep=1)
    out = lines(formatter, made)
    if cls is JSONFormatter:
        assert out == '{"keep":1,"level":"info","msg":"m","user":"ana"}'
    else:
        assert out == "level=info msg=m keep=1 user=ana"


# -- x-cray's prefix from any field ----------------------------------------------------------


def formatted(**options: Any) -> PrefixedFormatter:
    return PrefixedFormatter(disable_timestamp=True, force_formatting=True, disable_colors=True, **options)


def test_prefix_field_names_the_prefix() -> None:
    made = logged("ready", component="db", prefix="p")
    assert lines(formatted(prefix_field="component"), made) == " INFO db: ready prefix=p"
    assert lines(formatted(), made) == " INFO p: ready component=db"


def test_prefix_field_name_is_the_logger_name() -> None:
    assert (
        lines(formatted(prefix_field="name"), logged("ready", name="django.request")) == " INFO django.request: ready"
    )
    # no name: the message's [x] as before
    made = logged("[boot] ready")
    made.name = ""
    assert lines(formatted(prefix_field="name"), made) == " INFO boot: ready"


def test_prefix_field_leaves_logfmt_alone() -> None:
    made = logged("ready", component="db")
    assert lines(PrefixedFormatter(prefix_field="component", **QUIET), made) == "level=info msg=ready component=db"


def test_a_bad_prefix_field_is_refused() -> None:
    with pytest.raises(ValueError, match="prefix_field must name a field"):
        PrefixedFormatter(prefix_field="")
    with pytest.raises(TypeError, match="prefix_field must be a str"):
        PrefixedFormatter(prefix_field=5)  # type: ignore[arg-type]


# -- wrong options are refused at construction, naming the option ---------------------------


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"defaults": ["a"]}, TypeError, "defaults must be a mapping"),
        ({"static_fields": {1: "a"}}, TypeError, "static_fields: keys must be str"),
        ({"exclude_fields": "color_message"}, TypeError, "exclude_fields must be a list"),
        ({"reserved_attrs": [1]}, TypeError, "reserved_attrs: names must be str"),
    ],
)
def test_bad_source_options(cls: Any, options: dict[str, Any], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        cls(**options)


@pytest.mark.parametrize("cls", [TextFormatter, PrefixedFormatter])
def test_bad_fmt_and_style(cls: Any) -> None:
    with pytest.raises(ValueError, match="style must be one of"):
        cls("%(name)s", style="#")
    with pytest.raises(TypeError, match="fmt must be a format string or a list"):
        cls(5)
    with pytest.raises(ValueError, match="Invalid format"):
        cls("%(name)")  # logging's own validation


@pytest.mark.parametrize("cls", ALL)
def test_the_new_options_are_fixed_once_made(cls: Any) -> None:
    formatter = cls(static_fields={"a": 1})
    for name in ("static_fields", "exclude_fields", "reserved_attrs"):
        with pytest.raises(AttributeError, match=f"{name} is fixed"):
            setattr(formatter, name, {})


# -- configure(fields=) and PREFIXLOG_FIELDS ------------------------------------------------


@pytest.mark.usefixtures("restore_root_logging")
@pytest.mark.parametrize("format", ["logfmt", "json"])
def test_configure_fields_and_the_variable(format: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setenv("PREFIXLOG_FIELDS", 'service=api pod="web 1"')
    configure(format=format, stream=out, disable_timestamp=True)
    logging.getLogger("x").info("hi")
    configure(format=format, stream=out, disable_timestamp=True, fields={"service": "worker"})
    logging.getLogger("x").info("hi")
    configure(format=format, stream=out, disable_timestamp=True, static_fields={"pod": "p2", "n": 1})
    logging.getLogger("x").info("hi")
    if format == "json":
        assert out.getvalue().splitlines() == [
            '{"level":"info","msg":"hi","pod":"web 1","service":"api"}',
            '{"level":"info","msg":"hi","service":"worker"}',
            '{"level":"info","msg":"hi","n":1,"pod":"p2","service":"api"}',
        ]
    else:
        assert out.getvalue().splitlines() == [
            'level=info msg=hi pod="web 1" service=api',
            "level=info msg=hi service=worker",
            "level=info msg=hi n=1 pod=p2 service=api",
        ]


@pytest.mark.usefixtures("restore_root_logging")
def test_a_bad_fields_variable_fails_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFIXLOG_FIELDS", 'service=api pod="web 1')
    with pytest.raises(ValueError, match="PREFIXLOG_FIELDS must be key=value pairs"):
        configure(format="logfmt", stream=io.StringIO())
    with pytest.raises(TypeError, match="fields must be a mapping"):
        configure(format="logfmt", stream=io.StringIO(), fields="service=api")


# -- odd keys never cost the rest of the record ---------------------------------------------


@pytest.mark.parametrize("cls", ALL)
def test_a_non_str_extra_key_is_written_with_the_rest(cls: Any) -> None:
    made = logged("hello", extra={5: "9", "user": "ana"})
    made.created = 1700000000.0
    formatter = cls(stream=io.StringIO(), tz="UTC", static_fields={"svc": "api"})
    expected = {
        TextFormatter: 'time="2023-11-14T22:13:20Z" level=info msg=hello 5=9 svc=api user=ana',
        PrefixedFormatter: 'time="2023-11-14T22:13:20Z" level=info msg=hello 5=9 svc=api user=ana',
        JSONFormatter: '{"5":"9","level":"info","msg":"hello","svc":"api","time":"2023-11-14T22:13:20Z","user":"ana"}',
    }
    assert lines(formatter, made) == expected[cls]


@pytest.mark.parametrize("cls", ALL)
def test_dictconfig_ext_references_in_static_fields_and_defaults(cls: Any) -> None:
    spec = {
        "()": f"prefixlog.{cls.__name__}",
        "static_fields": {"byteorder": "ext://sys.byteorder"},
        "defaults": {"maxsize": "ext://sys.maxsize"},
        "disable_timestamp": True,
    }
    line = log_through_dictconfig(spec, "ext")
    if cls is JSONFormatter:
        assert line == f'{{"byteorder":"{sys.byteorder}","level":"info","maxsize":{sys.maxsize},"msg":"up"}}\n'
    else:
        assert line == f"level=info msg=up byteorder={sys.byteorder} maxsize={sys.maxsize}\n"


@pytest.mark.parametrize("cls", ALL)
def test_a_field_named_like_an_attribute_fmt_names_is_kept_beside_it(cls: Any) -> None:
    logger, capture = fresh_logger("app.db")
    with prefixlog.context(name="ctx"):
        prefixlog.FieldLogger(logger).with_fields({"args": (1,), 7: "seven"}).info("hello %s", "w")
    out = lines(cls("%(name)s", **QUIET), capture.record)
    if cls is JSONFormatter:
        assert out == '{"7":"seven","args":[1],"fields.name":"ctx","level":"info","msg":"hello w","name":"app.db"}'
    else:
        assert out == 'level=info msg="hello w" 7=seven args="[1]" fields.name=ctx name=app.db'
