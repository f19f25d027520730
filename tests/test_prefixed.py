"""PrefixedFormatter beyond the conformance corpus: options, layouts, prefixes, quoting, exceptions."""

from __future__ import annotations

import io
import logging
import logging.config
import sys
import time
from pathlib import Path
from typing import Any, cast

import pytest

from prefixlog import ColorScheme, FieldLogger, PrefixedFormatter
from prefixlog._escape import go_quote
from prefixlog._levels import PANIC, TRACE

from helpers import FakeTTY, fresh_logger, record, traceback_text


def logfmt(**options: Any) -> PrefixedFormatter:
    """The logfmt layout (a stream that is not a terminal), without the time."""
    options.setdefault("stream", io.StringIO())
    options.setdefault("disable_timestamp", True)
    return PrefixedFormatter(**options)


def plain(**options: Any) -> PrefixedFormatter:
    """The formatted layout without colours."""
    return PrefixedFormatter(stream=io.StringIO(), force_formatting=True, **options)


def colored(**options: Any) -> PrefixedFormatter:
    return PrefixedFormatter(stream=FakeTTY(), **options)


def exception_record(msg: str = "failed", **fields: object) -> logging.LogRecord:
    logger, capture = fresh_logger()
    try:
        raise ValueError("bad value")
    except ValueError:
        FieldLogger(logger).with_fields(fields).exception(msg, stack_info=True)
    return capture.record


# -- options -----------------------------------------------------------------------------

BOOLS = [
    "force_colors",
    "disable_colors",
    "force_formatting",
    "disable_timestamp",
    "disable_uppercase",
    "full_timestamp",
    "disable_sorting",
    "quote_empty_fields",
]


@pytest.mark.parametrize("name", BOOLS)
def test_flags_must_be_bools(name: str) -> None:
    with pytest.raises(TypeError, match=f"^{name} must be True or False, not 'yes'$"):
        PrefixedFormatter(**{name: "yes"})  # type: ignore[arg-type]  # a str for a bool, on purpose


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"timestamp_format": 5}, TypeError, "timestamp_format must be a str"),
        ({"space_padding": -1}, ValueError, "space_padding must be at least 0"),
        ({"space_padding": "20"}, TypeError, "space_padding must be an int"),
        ({"space_padding": True}, TypeError, "space_padding must be an int"),
        ({"quote_character": 1}, TypeError, "quote_character must be a str"),
        ({"quote_character": "''"}, ValueError, "quote_character must be one printable ASCII character"),
        ({"quote_character": "a"}, ValueError, "quote_character must be one printable ASCII character"),
        ({"quote_character": "\\"}, ValueError, "quote_character must be one printable ASCII character"),
        ({"quote_character": " "}, ValueError, "quote_character must be one printable ASCII character"),
        ({"quote_character": "="}, ValueError, "quote_character must be one printable ASCII character"),
        ({"quote_character": "-"}, ValueError, "quote_character must be one printable ASCII character"),
        ({"quote_character": "\n"}, ValueError, "quote_character must be one printable ASCII character"),
        ({"quote_character": "«"}, ValueError, "quote_character must be one printable ASCII character"),
        ({"color_scheme": "red"}, TypeError, "color_scheme must be a prefixlog.ColorScheme or a dict"),
        ({"color_scheme": {"info": "red"}}, ValueError, "color_scheme: unknown key 'info'"),
        ({"color_scheme": {"prefix_style": "purple"}}, ValueError, "color_scheme: ColorScheme.prefix_style"),
        ({"stream": 5}, TypeError, "stream must be a stream"),
    ],
)
def test_bad_options_fail_at_construction_naming_the_option(
    options: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        PrefixedFormatter(**options)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize("quote", ["'", "`", "|", "#", '"'])
def test_quote_characters_accepted(quote: str) -> None:
    assert PrefixedFormatter(quote_character=quote).quote_character == quote


def test_an_empty_quote_character_is_a_double_quote() -> None:
    assert PrefixedFormatter(quote_character="").quote_character == '"'
    assert PrefixedFormatter().quote_character == '"'


def test_datefmt_is_the_timestamp_format_and_dict_config_works() -> None:
    stream = io.StringIO()
    logging.config.dictConfig(
        {
            "version": 1,
            "formatters": {
                "class_form": {"class": "prefixlog.PrefixedFormatter", "datefmt": "2006"},
                "factory_form": {
                    "()": "prefixlog.PrefixedFormatter",
                    "force_formatting": True,
                    "force_colors": True,
                    "disable_timestamp": True,
                    "color_scheme": {"info_level_style": "red+b", "prefix_style": "208"},
                },
            },
            "handlers": {
                "a": {"class": "logging.StreamHandler", "stream": stream, "formatter": "class_form"},
                "b": {"class": "logging.StreamHandler", "stream": stream, "formatter": "factory_form"},
            },
            "loggers": {"prefixed.dictconfig": {"handlers": ["a", "b"], "level": "INFO", "propagate": False}},
        }
    )
    logging.getLogger("prefixed.dictconfig").info("[api] up", extra={"k": 1})
    year = stream.getvalue().split(" ", 1)[0]
    assert stream.getvalue() == (
        f'{year} level=info msg="[api] up" k=1\n'
        "\x1b[0;1;31m INFO\x1b[0m\x1b[0;38;5;208m api:\x1b[0m up \x1b[0;1;31mk\x1b[0m=1\n"
    )
    assert year.startswith("time=20")


def test_a_color_scheme_dataclass_and_its_dict_give_the_same_line() -> None:
    scheme = ColorScheme(info_level_style="white:blue", timestamp_style="", prefix_style="+b")
    as_dict = {"info_level_style": "white:blue", "timestamp_style": "", "prefix_style": "+b"}
    rec = record("[p] m", k=1)
    out = colored(color_scheme=scheme).format(rec)
    assert out == colored(color_scheme=as_dict).format(rec)
    assert out == "\x1b[0;90m[0001]\x1b[0m \x1b[0;37;44m INFO\x1b[0m\x1b[0;1;30m p:\x1b[0m m \x1b[0;37;44mk\x1b[0m=1"


# -- choosing the layout -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stream", "options", "formatted", "is_colored"),
    [
        (FakeTTY(), {}, True, True),
        (FakeTTY(), {"disable_colors": True}, True, False),
        (io.StringIO(), {}, False, False),
        (io.StringIO(), {"force_colors": True}, False, False),
        (io.StringIO(), {"force_formatting": True}, True, False),
        (io.StringIO(), {"force_formatting": True, "force_colors": True}, True, True),
        (io.StringIO(), {"force_formatting": True, "force_colors": True, "disable_colors": True}, True, False),
    ],
)
def test_the_layout_is_chosen_as_x_cray(
    stream: io.StringIO, options: dict[str, Any], formatted: bool, is_colored: bool
) -> None:
    formatter = PrefixedFormatter(stream=stream, **options)
    assert (formatter.formatted, formatter.colored) == (formatted, is_colored)


def test_the_default_stream_is_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    assert PrefixedFormatter().stream is sys.stderr
    assert PrefixedFormatter().colored


def test_the_seed_on_a_terminal() -> None:
    formatter = colored(full_timestamp=True, timestamp_format="2006-01-02 15:04:05")
    rec = record("have a nice day", prefix="log")
    rec.created = 1625385026.5  # 2021-07-04 15:50:26 in Asia/Shanghai (the tests' zone)
    assert (
        formatter.format(rec)
        == "\x1b[0;90m[2021-07-04 15:50:26]\x1b[0m \x1b[0;32m INFO\x1b[0m\x1b[0;36m log:\x1b[0m have a nice day"
    )
    assert plain(full_timestamp=True, timestamp_format="%Y-%m-%d %H:%M:%S").format(rec) == (
        "[2021-07-04 15:50:26]  INFO log: have a nice day"
    )


def test_elapsed_seconds_come_from_relative_created() -> None:
    rec = record("m")
    rec.relativeCreated = 12_345_999.0
    assert plain().format(rec) == "[12345]  INFO m"


# -- the prefix ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msg", "line"),
    [
        ("[a] [b] rest", " INFO a: [b] rest"),
        ("[]", " INFO []"),
        ("[] rest", " INFO [] rest"),
        ("[ ]", " INFO  : "),
        ("[x]\u0085\u00a0rest\u2003\u3000", " INFO x: rest"),
        ("[x] \x1f rest", " INFO x: \\x1f rest"),  # Go's TrimSpace keeps \x1c-\x1f; escaped for the terminal
        ("[a\nb] rest", " INFO [a"),  # '.' does not match a newline: no prefix
        ("[a]b] rest", " INFO a: b] rest"),  # non-greedy: the prefix ends at the first ']'
        ("[\x1b[31m] rest", " INFO \\x1b[31m: rest"),  # escaped for the terminal
        ("[x]\u200b", " INFO x: \u200b"),  # ZERO WIDTH SPACE is not a space to Go
    ],
)
def test_a_prefix_from_the_message(msg: str, line: str) -> None:
    out = plain(disable_timestamp=True).format(record(msg))
    assert out.split("\n")[0] == line


def test_a_prefix_field_wins_over_the_message_and_is_not_written_as_a_field() -> None:
    out = plain(disable_timestamp=True).format(record("[a] rest", prefix="f", z=1))
    assert out == " INFO f: [a] rest z=1"


@pytest.mark.parametrize(
    ("value", "shown"),
    [(5, "5"), (None, "None"), (["a", 1], "['a', 1]"), (ValueError("e"), "e"), ("", ""), ("a\nb\x1b", "a\\nb\\x1b")],
)
def test_any_prefix_value_is_written_as_text(value: object, shown: str) -> None:
    """x-cray panics on a prefix that is not a string; prefixlog writes str(value) (escaped)."""
    out = plain(disable_timestamp=True).format(record("m", prefix=value))
    assert out == f" INFO {shown}: m"


def test_a_prefix_in_logfmt_is_an_ordinary_field_and_the_message_is_not_parsed() -> None:
    assert logfmt().format(record("[a] rest", prefix="p")) == 'level=info msg="[a] rest" prefix=p'


# -- logfmt: quoting and shape -----------------------------------------------------------------


def test_quoted_values_are_escaped_with_the_quote_character() -> None:
    rec = record("it's", a='say "hi"', b="back\\slash", c="two\nlines", d="it's", e="\x1b[1m")
    assert logfmt(quote_character="'").format(rec) == (
        "level=info msg='it\\'s' a='say \"hi\"' b='back\\\\slash' c='two\\nlines' d='it\\'s' e='\\x1b[1m'"
    )
    assert logfmt().format(rec) == (
        'level=info msg="it\'s" a="say \\"hi\\"" b="back\\\\slash" c="two\\nlines" d="it\'s" e="\\x1b[1m"'
    )


def test_every_value_is_quoted_by_x_crays_rule_on_its_text() -> None:
    """Go's numbers, bools and nil stay bare as x-cray prints them; every other value's text is quoted by its rule."""
    rec = record("m", i=-5, f=0.25, t=True, big=1e6, inf=float("inf"), nil=None, lst=[1, "a b"], err=ValueError(""))
    assert logfmt().format(rec) == (
        'level=info msg=m big=1e+06 err= f=0.25 i=-5 inf=+Inf lst="[1,\\"a b\\"]" nil=<nil> t=true'
    )
    assert logfmt().format(record("m", obj=Path("/a b"), tup=(1,))) == 'level=info msg=m obj="/a b" tup="[1]"'
    assert logfmt(quote_empty_fields=True).format(record("m", e="", err=ValueError(""))) == (
        'level=info msg=m e="" err=""'
    )


def test_keys_are_made_safe_in_logfmt() -> None:
    assert logfmt().format(record("m", **{"k=v": 1, "a b": 2, "": 3})) == "level=info msg=m _=3 a\\x20b=2 k\\x3dv=1"


def test_x_cray_writes_a_space_after_level_when_nothing_follows() -> None:
    assert logfmt().format(record("")) == "level=info "
    assert logfmt().format(record("", k=1)) == "level=info k=1"
    assert logfmt().format(record("m")) == "level=info msg=m"


def test_the_time_is_always_full_in_logfmt() -> None:
    rec = record("m")
    rec.created = 1625385026.123456
    formatter = logfmt(disable_timestamp=False, full_timestamp=False, timestamp_format="15:04:05.000")
    assert formatter.format(rec) == 'time="15:50:26.123" level=info msg=m'


def test_nothing_is_renamed_and_fields_msg_keeps_its_own_value() -> None:
    """x-cray overwrites a user "fields.msg" with the "msg" field's value; prefixlog keeps both."""
    logger, capture = fresh_logger()
    FieldLogger(logger).with_fields({"msg": "a", "fields.msg": "b", "level": 1, "time": "t"}).info("m")
    rec = capture.record
    assert logfmt().format(rec) == "level=info msg=m fields.msg=b level=1 msg=a time=t"
    assert plain(disable_timestamp=True).format(rec) == " INFO m fields.msg=b level=1 msg=a time=t"


def test_disable_sorting_keeps_the_order_given() -> None:
    assert logfmt(disable_sorting=True).format(record("m", z=1, a=2)) == "level=info msg=m z=1 a=2"
    assert plain(disable_sorting=True, disable_timestamp=True).format(record("m", z=1, a=2)) == " INFO m z=1 a=2"


# -- levels ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "text", "name"),
    [
        (TRACE, "TRACE", "trace"),
        (logging.WARNING, " WARN", "warning"),
        (logging.CRITICAL, "FATAL", "fatal"),
        (PANIC, "PANIC", "panic"),
        (25, "LEVEL 25", '"level 25"'),
    ],
)
def test_level_texts(level: int, text: str, name: str) -> None:
    assert plain(disable_timestamp=True).format(record("m", level=level)) == f"{text} m"
    assert logfmt().format(record("m", level=level)) == f"level={name} msg=m"


def test_a_custom_level_uses_the_debug_colour_and_its_name() -> None:
    logging.addLevelName(26, "NOTICE")
    out = colored(disable_timestamp=True, disable_uppercase=True).format(record("m", level=26, k=1))
    assert out == "\x1b[0;34mnotice\x1b[0m m \x1b[0;34mk\x1b[0m=1"


# -- the formatted layout's safety ---------------------------------------------------------------


def test_formatted_values_are_raw_but_never_carry_control_characters() -> None:
    out = plain(disable_timestamp=True, quote_empty_fields=True).format(
        record("m", a='say "hi"', b="", c="x\ny", **cast("dict[str, Any]", {"k\x1b": "\u202e"}))
    )
    assert out == ' INFO m a=say "hi" b= c=x\\ny k\\x1b=\\u202e'


def test_a_multi_line_message_continues_indented_after_the_fields() -> None:
    out = plain(disable_timestamp=True, space_padding=8).format(record("[p] one\ntwo\n\x1b", k=1))
    assert out == " INFO p: one      k=1\n  two\n  \\x1b"


def test_a_trailing_newline_is_dropped_as_logrus_does() -> None:
    assert plain(disable_timestamp=True).format(record("m\n", k=1)) == " INFO m k=1"


# -- exceptions ----------------------------------------------------------------------------------


def _trace_and_stack(record: logging.LogRecord) -> tuple[str, str]:
    trace = traceback_text(record)
    return trace, record.stack_info or ""


def test_exception_in_logfmt_goes_into_fields_at_the_end_of_the_line() -> None:
    record = exception_record(exc_type="user", a=1)
    trace, stack = _trace_and_stack(record)
    out = logfmt().format(record)
    # x-cray renames nothing: the user's exc_type and ours are both written.
    assert out == (
        'level=error msg=failed a=1 exc_type=user exc_type=ValueError exc_message="bad value" '
        f"exc_info={go_quote(trace)} stack_info={go_quote(stack)}"
    )
    assert out.count('"Traceback (most recent call last):\\n') == 1


def test_exception_in_the_formatted_layout_follows_the_line_indented() -> None:
    record = exception_record(k=1)
    trace, stack = _trace_and_stack(record)
    indented = "".join(f"\n  {line}" for line in (trace + "\n" + stack).split("\n"))
    assert plain(disable_timestamp=True).format(record) == "ERROR failed k=1" + indented
    assert "\n  ValueError: bad value\n  Stack (most recent call last):\n" in indented


# -- never raise ---------------------------------------------------------------------------------


_BROKEN_TIME = (
    "created: 'not a time' is not a time; the time written is when it was formatted; "
    "relativeCreated: 'nor this' is not a number of milliseconds"
)


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (logfmt, f'time="2021-07-04T15:26:26+08:00" level=info msg=x prefixlog_error="{_BROKEN_TIME}"'),
        (plain, f"[0000]  INFO x prefixlog_error={_BROKEN_TIME}"),
        (
            colored,
            "\x1b[0;90m[2021-07-04T15:26:26+08:00]\x1b[0m \x1b[0;32m INFO\x1b[0m x "
            f"\x1b[0;32mprefixlog_error\x1b[0m={_BROKEN_TIME}",
        ),
    ],
)
def test_a_broken_record_is_written_whole(factory: Any, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(time, "time", lambda: 1625383586.0)  # 2021-07-04T15:26:26+08:00
    rec = logging.makeLogRecord({"msg": "x", "levelno": 20, "levelname": "INFO", "created": "not a time"})
    rec.relativeCreated = "nor this"  # type: ignore[assignment]  # a broken record, on purpose
    out = factory(disable_timestamp=False, full_timestamp=factory is colored).format(rec)
    assert out == expected
