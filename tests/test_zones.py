"""Time zones: ``tz=`` (and ``converter``, the stdlib's way) against the real Go formatters.

Each ``data/zones/corpus-<zone>.jsonl`` was run by ``../shared/oracle`` with
``ORACLE_TZ=<zone>`` (``data/make_extra.py zones``): Go's ``time.Local`` was
that zone.  The tests run in Asia/Shanghai (conftest), so prefixlog gets the
zone from ``tz=`` alone.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import time
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import prefixlog
from prefixlog import JSONFormatter, PrefixedFormatter, TextFormatter, configure

from oracle_cases import (
    DATA,
    FORMATTERS,
    ORACLE,
    formatter_options,
    load_cases,
    load_expected,
    make_record,
    oracle_available,
)

ZONES = DATA / "zones"
NEW_YORK = ZoneInfo("America/New_York")
BEFORE_DST = 1615705199.0  # 2021-03-14 01:59:59 EST, one second before New York's clocks jump
AT_DST = 1615705200.0  # 2021-03-14 03:00:00 EDT
LAYOUT = "2006-01-02T15:04:05Z07:00 MST"


def zone_name(path: Path) -> str:
    return path.stem.split("-", 1)[1].replace("~", "/")


def _params() -> list[Any]:
    params = []
    for corpus in sorted(ZONES.glob("corpus-*.jsonl")):
        expected = load_expected(f"zones/{corpus.name.replace('corpus-', 'expected-', 1)}")
        zone = zone_name(corpus)
        for case in load_cases(f"zones/{corpus.name}"):
            params.append(pytest.param(zone, case, expected[case["id"]], id=f"{zone}:{case['id']}"))
    return params


@pytest.mark.parametrize(("zone", "case", "expected"), _params())
def test_tz_writes_what_go_writes_in_that_zone(zone: str, case: dict[str, Any], expected: dict[str, Any]) -> None:
    formatter = getattr(prefixlog, FORMATTERS[case["formatter"]])(**formatter_options(case), tz=zone)
    assert formatter.format(make_record(case)) + "\n" == expected["output"]


def test_every_zone_is_checked() -> None:
    assert sorted(zone_name(p) for p in ZONES.glob("corpus-*.jsonl")) == [
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "Europe/Dublin",
        "Pacific/Chatham",
        "UTC",
    ]
    assert len(_params()) == 108


def test_stored_zone_expectations_are_what_go_prints() -> None:
    why = oracle_available()
    if why is not None:
        pytest.skip(f"stored zone expectations not re-checked against Go: {why}")
    for corpus in sorted(ZONES.glob("corpus-*.jsonl")):
        env = {**os.environ, "ORACLE_TZ": zone_name(corpus), "ORACLE_NO_INSTALL": "1"}
        proc = subprocess.run([str(ORACLE)], input=corpus.read_bytes(), capture_output=True, check=True, env=env)
        assert proc.stdout == corpus.with_name(corpus.name.replace("corpus-", "expected-", 1)).read_bytes()


def record(created: float) -> logging.LogRecord:
    rec = logging.LogRecord("zones", logging.INFO, __file__, 1, "have a nice day", None, None)
    rec.created = created
    return rec


ALL = [TextFormatter, PrefixedFormatter, JSONFormatter]


def timestamp(formatter: logging.Formatter, created: float) -> str:
    """The time a formatter writes (the formatters differ only around it here)."""
    line = formatter.format(record(created))
    if isinstance(formatter, JSONFormatter):
        return str(json.loads(line)["time"])
    found = re.search(r'^time="([^"]*)"|\[([^]]*)\]', line)  # logfmt layouts, or the readable ones
    assert found is not None, line
    return found.group(1) or found.group(2)


def full(cls: Any, **options: Any) -> logging.Formatter:
    extra = {} if issubclass(cls, JSONFormatter) else {"full_timestamp": True, "stream": io.StringIO()}
    formatter: logging.Formatter = cls(timestamp_format=LAYOUT, **extra, **options)
    return formatter


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("tz", ["America/New_York", NEW_YORK, " America/New_York "])
def test_tz_by_name_or_tzinfo_crosses_the_dst_change(cls: Any, tz: Any) -> None:
    formatter = full(cls, tz=tz)
    assert timestamp(formatter, BEFORE_DST) == "2021-03-14T01:59:59-05:00 EST"
    assert timestamp(formatter, AT_DST) == "2021-03-14T03:00:00-04:00 EDT"


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("tz", ["UTC", "utc", "Z", timezone.utc])
def test_utc_prints_z_as_go_does(cls: Any, tz: Any) -> None:
    assert timestamp(full(cls, tz=tz), AT_DST) == "2021-03-14T07:00:00Z UTC"


@pytest.mark.parametrize("cls", ALL)
def test_a_fixed_offset_tzinfo(cls: Any) -> None:
    zone = timezone(timedelta(hours=-3, minutes=-30), "NDT")
    assert timestamp(full(cls, tz=zone), AT_DST) == "2021-03-14T03:30:00-03:30 NDT"


@pytest.mark.parametrize("cls", ALL)
def test_without_tz_times_are_local(cls: Any) -> None:
    assert timestamp(full(cls), AT_DST) == "2021-03-14T15:00:00+08:00 CST"  # the tests' Asia/Shanghai
    assert timestamp(full(cls, tz="local"), AT_DST) == "2021-03-14T15:00:00+08:00 CST"


@pytest.mark.parametrize("cls", ALL)
def test_strftime_layouts_follow_tz_too(cls: Any) -> None:
    extra = {} if cls is JSONFormatter else {"full_timestamp": True, "stream": io.StringIO()}
    formatter = cls(timestamp_format="%Y-%m-%d %H:%M:%S %z %Z", tz=NEW_YORK, **extra)
    assert timestamp(formatter, BEFORE_DST) == "2021-03-14 01:59:59 -0500 EST"


@pytest.mark.parametrize("cls", ALL)
def test_converter_gmtime_as_a_class_attribute(cls: Any) -> None:
    utc_class = type("UTC" + cls.__name__, (cls,), {"converter": staticmethod(time.gmtime)})
    assert timestamp(full(utc_class), AT_DST) == "2021-03-14T07:00:00Z UTC"


@pytest.mark.parametrize("cls", ALL)
def test_converter_assigned_afterwards_takes_effect(cls: Any) -> None:
    formatter = full(cls)
    assert timestamp(formatter, AT_DST) == "2021-03-14T15:00:00+08:00 CST"  # and cached for this second
    formatter.converter = time.gmtime  # logging.Formatter's documented way
    assert timestamp(formatter, AT_DST) == "2021-03-14T07:00:00Z UTC"


@pytest.mark.parametrize("cls", ALL)
def test_tz_wins_over_converter(cls: Any) -> None:
    formatter = full(cls, tz=NEW_YORK)
    formatter.converter = time.gmtime  # tz was given: it decides
    assert timestamp(formatter, AT_DST) == "2021-03-14T03:00:00-04:00 EDT"


def test_converter_on_a_colored_text_formatter_keeps_its_layout() -> None:
    out = io.StringIO()
    formatter = TextFormatter(force_colors=True, full_timestamp=True, timestamp_format="15:04:05 MST", stream=out)
    formatter.converter = time.gmtime  # the layout is still the colored one
    assert formatter.format(record(AT_DST)) == f"\x1b[36mINFO\x1b[0m[07:00:00 UTC] {'have a nice day':<44} "


def test_a_shippers_preset_is_utc_unless_tz_says_otherwise() -> None:
    assert json.loads(JSONFormatter(preset="ecs").format(record(AT_DST)))["@timestamp"] == "2021-03-14T07:00:00.000Z"
    in_new_york = JSONFormatter(preset="ecs", tz=NEW_YORK).format(record(AT_DST))
    assert json.loads(in_new_york)["@timestamp"] == "2021-03-14T03:00:00.000-04:00"


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize(
    ("tz", "error", "match"),
    [
        ("Mars/Olympus_Mons", ValueError, r"tz: unknown time zone 'Mars/Olympus_Mons' \(an IANA name"),
        ("", ValueError, r"tz: unknown time zone ''"),
        ("../etc/passwd", ValueError, r"tz: unknown time zone '../etc/passwd'"),
        (8, TypeError, r"tz must be None, 'UTC', an IANA time zone name or a tzinfo, not 8"),
    ],
)
def test_bad_tz_is_an_error_naming_the_option(cls: Any, tz: Any, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        cls(tz=tz)


def test_tz_is_fixed_once_made() -> None:
    formatter = TextFormatter(tz="UTC")
    with pytest.raises(AttributeError, match="tz is fixed when a TextFormatter is made"):
        formatter.tz = NEW_YORK  # on purpose


@pytest.mark.usefixtures("restore_root_logging")
@pytest.mark.parametrize("format", ["json", "logfmt", "prefixed", "text"])
def test_configure_tz_and_its_variable(format: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setenv("PREFIXLOG_TZ", "America/New_York")
    options: dict[str, Any] = {} if format == "json" else {"full_timestamp": True}
    configure(format=format, stream=out, timestamp_format=LAYOUT, **options)
    logging.getLogger("zones").info("hi")
    formatter = logging.getLogger().handlers[-1].formatter
    assert formatter is not None
    assert timestamp(formatter, AT_DST) == "2021-03-14T03:00:00-04:00 EDT"
    configure(format=format, stream=out, timestamp_format=LAYOUT, tz="UTC", **options)
    formatter = logging.getLogger().handlers[-1].formatter
    assert formatter is not None
    assert timestamp(formatter, AT_DST) == "2021-03-14T07:00:00Z UTC"  # the argument wins


@pytest.mark.usefixtures("restore_root_logging")
def test_a_bad_tz_variable_fails_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFIXLOG_TZ", "Nowhere/Special")
    with pytest.raises(ValueError, match=r"PREFIXLOG_TZ: unknown time zone 'Nowhere/Special'"):
        configure(format="text", stream=io.StringIO())
    with pytest.raises(ValueError, match=r"tz: unknown time zone 'Nowhere/Special'"):
        configure(format="text", stream=io.StringIO(), tz="Nowhere/Special")


@pytest.mark.parametrize("cls", ALL)
def test_asctime_follows_tz_too(cls: Any) -> None:
    formatter = cls(tz=NEW_YORK)
    assert formatter.formatTime(record(AT_DST), "%H:%M %Z") == "03:00 EDT"
