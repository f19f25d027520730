"""Go layouts and strftime strings for timestamp_format (Go's own output is in the conformance data)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest

from prefixlog._time import RFC3339, TimeFormat

INSTANT = datetime(2021, 7, 4, 15, 26, 26, 123456, tzinfo=timezone.utc).timestamp() - 8 * 3600


@pytest.fixture
def utc() -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_default_is_rfc3339_in_local_time() -> None:
    assert TimeFormat("").source == RFC3339
    assert TimeFormat("")(INSTANT) == "2021-07-04T15:26:26+08:00"


def test_utc_prints_z(utc: None) -> None:
    assert TimeFormat(RFC3339)(INSTANT) == "2021-07-04T07:26:26Z"
    assert TimeFormat("-07:00 Z0700")(INSTANT) == "+00:00 Z"


def test_strftime_strings_are_told_apart_by_percent() -> None:
    assert TimeFormat("%Y-%m-%d %H:%M:%S")(INSTANT) == "2021-07-04 15:26:26"
    assert TimeFormat("%H:%M:%S.%f %z")(INSTANT) == "15:26:26.123456 +0800"


def test_fractions_truncate_after_rounding_to_the_microsecond() -> None:
    # The float is a hair below .999999; it must read as .999999, then truncate to .999.
    created = datetime(2021, 7, 4, 7, 26, 26, 999999, tzinfo=timezone.utc).timestamp()
    assert TimeFormat("05.000")(created) == "26.999"
    assert TimeFormat("05.000000")(created) == "26.999999"
    assert TimeFormat("05.000000000")(created) == "26.999999000"
    assert TimeFormat("05.999999999")(created) == "26.999999"


def test_the_per_second_cache_never_mixes_seconds() -> None:
    layout = TimeFormat("15:04:05.000")
    assert [layout(INSTANT + d) for d in (0, 0.5, 1, 0.25)] == [
        "15:26:26.123",
        "15:26:26.623",
        "15:26:27.123",
        "15:26:26.373",
    ]


def test_the_last_second_is_reused_only_where_rounding_keeps_it() -> None:
    """A time is first taken to the nearest microsecond: x.9999996 is the next second, x.9999994 is not."""
    layout = TimeFormat("15:04:05")
    base = 1625383586.0  # 2021-07-04T15:26:26+08:00
    assert layout(base + 0.5) == "15:26:26"
    assert layout(base + 0.9999994) == "15:26:26"
    assert layout(base + 0.9999996) == "15:26:27"
    assert layout(base + 0.25) == "15:26:26"  # and back
    assert layout(base - 0.0000004) == "15:26:26"  # rounds up into the second
    assert layout(base - 0.5) == "15:26:25"
