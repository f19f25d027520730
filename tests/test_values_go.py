"""``datetime``, ``timedelta`` and ``bytes`` written as Go's ``time.Time``, ``time.Duration`` and ``[]byte``.

Every expected value comes from the real Go, stored in ``data/`` by
``data/make_values.py``: ``values-go-*`` from ``../shared/oracle-go`` (Go's
``log/slog``: its JSON handler writes times and durations as
``encoding/json`` does, its text handler a duration as
``Duration.String()``), ``values-fmt-*`` from ``data/values_fmt.go``
(``fmt.Sprint`` and ``encoding/json`` of a ``[]byte``, a time and a
duration).  Each value is checked in every layout, as a whole line.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import prefixlog
from prefixlog._values import go_duration

from helpers import record
from oracle_cases import SHARED, go_tool_available, parse_time

DATA = Path(__file__).resolve().parent / "data"
MAKE_VALUES = DATA / "make_values.py"
ORACLE_GO = SHARED / "oracle-go" / "oracle"
LOCAL_ZONE = "Asia/Shanghai"
RECORD_TIME = "2021-07-04T15:26:26.123456+08:00"
STORED = ("values-go-cases.jsonl", "values-go-expected.jsonl", "values-fmt-cases.jsonl", "values-fmt-expected.jsonl")


def _load(name: str) -> list[dict[str, Any]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


GO_CASES = _load("values-go-cases.jsonl")  # oracle-go: {"zone", "case"}
GO_OUT = {r["id"]: r for r in _load("values-go-expected.jsonl")}
FMT_CASES = _load("values-fmt-cases.jsonl")  # values_fmt.go: {"zone", "case"}
FMT_OUT = {r["id"]: r for r in _load("values-fmt-expected.jsonl")}


def _slog_json_value(cid: str) -> str:
    """The raw JSON of the field ``v`` in oracle-go's slog JSON line."""
    match = re.fullmatch(r'\{"time":"[^"]+","level":"INFO","msg":"","v":(.*)\}\n', GO_OUT[cid]["output"])
    assert match, GO_OUT[cid]
    return match.group(1)


def _slog_text_value(cid: str) -> str:
    """The text of the field ``v`` in oracle-go's slog text line."""
    match = re.fullmatch(r'time=\S+ level=INFO msg="" v=(\S*)\n', GO_OUT[cid]["output"])
    assert match, GO_OUT[cid]
    return match.group(1)


# -- every layout, as whole lines -------------------------------------------------------

LAYOUTS: dict[str, Callable[[], logging.Formatter]] = {
    "text-logfmt": lambda: prefixlog.TextFormatter(stream=io.StringIO()),
    "text-colored": lambda: prefixlog.TextFormatter(force_colors=True),
    "prefixed-logfmt": lambda: prefixlog.PrefixedFormatter(stream=io.StringIO()),
    "prefixed-colored": lambda: prefixlog.PrefixedFormatter(force_formatting=True, force_colors=True),
    "json": lambda: prefixlog.JSONFormatter(stream=io.StringIO()),
}


def _needs_no_escape(text: str) -> bool:
    return text.isprintable() and '"' not in text and "\\" not in text


def _logrus_quoted(text: str) -> str:
    """logrus's ``needsQuoting`` and ``%q``, for Go texts that need no escape inside the quotes."""
    assert _needs_no_escape(text), text
    return text if re.fullmatch(r"[A-Za-z0-9\-._/@^+]*", text) else f'"{text}"'


def _xcray_quoted(text: str) -> str:
    """x-cray's rule (quote unless every character is in ``A-Za-z0-9.-``), for texts that need no escape."""
    assert _needs_no_escape(text), text
    return text if re.fullmatch(r"[A-Za-z0-9.\-]+", text) else f'"{text}"'


def lines(text: str, json_value: str) -> dict[str, str]:
    """The record ``m`` with the field ``v``, whose text is ``text`` and whose JSON is ``json_value``, per layout."""
    return {
        "text-logfmt": 'time="2021-07-04T15:26:26+08:00" level=info msg=m v=' + _logrus_quoted(text),
        "text-colored": "\x1b[36mINFO\x1b[0m[0001] m" + " " * 45 + "\x1b[36mv\x1b[0m=" + _logrus_quoted(text),
        "prefixed-logfmt": 'time="2021-07-04T15:26:26+08:00" level=info msg=m v=' + _xcray_quoted(text),
        "prefixed-colored": "\x1b[0;90m[0001]\x1b[0m \x1b[0;32m INFO\x1b[0m m \x1b[0;32mv\x1b[0m=" + text,
        "json": '{"level":"info","msg":"m","time":"2021-07-04T15:26:26+08:00","v":' + json_value + "}",
    }


def written(value: object) -> dict[str, str]:
    """What each layout writes for the record ``m`` with the field ``v=value``."""
    made = record("m", v=value)
    made.created = parse_time(RECORD_TIME)
    return {name: factory().format(made) for name, factory in LAYOUTS.items()}


# -- datetime: time.Time ----------------------------------------------------------------


def _zone(name: str) -> Any:
    zoneinfo = pytest.importorskip("zoneinfo")
    try:
        return zoneinfo.ZoneInfo(name)
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip(f"no time zone database entry for {name}: its cases can't be built in Python")


def _instant(text: str) -> datetime:
    """An RFC 3339 time (any fraction length up to 6 digits, or Z) as an aware datetime."""
    text = re.sub(r"\.(\d{1,6})(?=[-+Z])", lambda m: "." + m.group(1).ljust(6, "0"), text)
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


TIME_CASES = [(c["zone"], c["case"]) for c in FMT_CASES if "time" in c["case"]]


@pytest.mark.parametrize(("zone", "case"), TIME_CASES, ids=[c["id"] for _, c in TIME_CASES])
def test_an_aware_datetime_is_written_as_go_writes_the_time(zone: str, case: dict[str, Any]) -> None:
    if "offset" in case:  # a datetime.timezone; Go's time.FixedZone
        value = _instant(case["time"]).astimezone(timezone(timedelta(seconds=case["offset"])))
    else:  # a zoneinfo zone; Go's time.Local in that zone
        value = _instant(case["time"]).astimezone(_zone(zone))
    go_json = FMT_OUT[case["id"]]["json"]  # json.Marshal(t)
    assert written(value) == lines(json.loads(go_json), go_json)


LOCAL_TIME_CASES = [case for zone, case in TIME_CASES if zone == LOCAL_ZONE and "offset" not in case]


@pytest.mark.parametrize("case", LOCAL_TIME_CASES, ids=[c["id"] for c in LOCAL_TIME_CASES])
def test_a_naive_datetime_is_local_time(case: dict[str, Any]) -> None:
    if os.environ.get("TZ") != LOCAL_ZONE:
        pytest.skip(f"{case['id']}: the suite's local zone is {os.environ.get('TZ')}, not {LOCAL_ZONE} (no zoneinfo)")
    value = _instant(case["time"]).astimezone(_zone(LOCAL_ZONE)).replace(tzinfo=None)
    go_json = FMT_OUT[case["id"]]["json"]
    assert written(value) == lines(json.loads(go_json), go_json)


ZONE_TIME_CASES = [c for _, c in TIME_CASES if "offset" not in c]


@pytest.mark.parametrize("case", ZONE_TIME_CASES, ids=[c["id"] for c in ZONE_TIME_CASES])
def test_slog_writes_the_time_as_encoding_json_does(case: dict[str, Any]) -> None:
    """The two Go sources agree: slog's JSON handler (Go 1.27) and ``json.Marshal`` (values_fmt.go)."""
    assert _slog_json_value(case["id"]) == FMT_OUT[case["id"]]["json"]


def test_gos_fmt_form_of_a_time_is_not_written() -> None:
    """A documented difference: logrus's text layouts would write ``fmt.Sprint(t)``, which no parser reads."""
    assert FMT_OUT["time-asia-shanghai-00"]["sprint"] == "2021-07-04 15:26:26.123456 +0800 CST"
    assert FMT_OUT["time-europe-london-00"]["sprint"] == "1839-12-31 23:58:45 -0001 LMT"
    value = _instant("2021-07-04T15:26:26.123456+08:00")
    assert (
        written(value)["text-logfmt"]
        == 'time="2021-07-04T15:26:26+08:00" level=info msg=m v="2021-07-04T15:26:26.123456+08:00"'
    )


# -- timedelta: time.Duration -----------------------------------------------------------

DURATION_CASES = [c["case"] for c in FMT_CASES if c["case"]["id"].startswith("duration-")]
NANOSECOND_CASES = [c["case"] for c in FMT_CASES if c["case"]["id"].startswith("nanoseconds-")]


@pytest.mark.parametrize(
    "case", DURATION_CASES + NANOSECOND_CASES, ids=[c["id"] for c in DURATION_CASES + NANOSECOND_CASES]
)
def test_go_duration_is_gos_duration_string(case: dict[str, Any]) -> None:
    assert go_duration(case["duration"]) == FMT_OUT[case["id"]]["sprint"]


@pytest.mark.parametrize("case", DURATION_CASES, ids=[c["id"] for c in DURATION_CASES])
def test_a_timedelta_is_written_as_go_writes_the_duration(case: dict[str, Any]) -> None:
    nanoseconds: int = case["duration"]
    assert nanoseconds % 1000 == 0, "a timedelta holds whole microseconds"
    number = case["id"].removeprefix("duration-")
    text = _slog_text_value(f"duration-text-{number}")  # Duration.String()
    go_json = FMT_OUT[case["id"]]["json"]  # json.Marshal(d): integer nanoseconds
    assert written(timedelta(microseconds=nanoseconds // 1000)) == lines(text, go_json)


@pytest.mark.parametrize("case", DURATION_CASES, ids=[c["id"] for c in DURATION_CASES])
def test_slog_writes_the_duration_as_fmt_and_encoding_json_do(case: dict[str, Any]) -> None:
    number = case["id"].removeprefix("duration-")
    assert _slog_text_value(f"duration-text-{number}") == FMT_OUT[case["id"]]["sprint"]
    assert _slog_json_value(f"duration-json-{number}") == FMT_OUT[case["id"]]["json"]


# -- bytes: []byte ----------------------------------------------------------------------

BYTES_CASES = [c["case"] for c in FMT_CASES if "bytes" in c["case"]]

#: The text layouts keep bytes as text (UTF-8, invalid bytes as \xNN), not Go's ``[104 105]``:
#: (logrus's logfmt, x-cray's logfmt, the formatted layout), by case.
BYTES_TEXT = {
    "bytes-00": ("", "", ""),
    "bytes-01": ("a", "a", "a"),
    "bytes-02": ("hi", "hi", "hi"),
    "bytes-03": ("abc", "abc", "abc"),
    "bytes-04": ('"café \\\\xff"', '"café \\\\xff"', "café \\xff"),
    "bytes-05": ('"\\\\xfb\\\\xff\\\\xbf"', '"\\\\xfb\\\\xff\\\\xbf"', "\\xfb\\xff\\xbf"),
}


@pytest.mark.parametrize("case", BYTES_CASES, ids=[c["id"] for c in BYTES_CASES])
def test_bytes_are_base64_in_json_as_go_writes_a_byte_slice(case: dict[str, Any]) -> None:
    go_json = FMT_OUT[case["id"]]["json"]  # json.Marshal([]byte): standard base64, padded
    assert written(bytes(case["bytes"]))["json"] == lines("", go_json)["json"]
    assert written(bytearray(case["bytes"]))["json"] == lines("", go_json)["json"]
    assert written(memoryview(bytes(case["bytes"])))["json"] == lines("", go_json)["json"]


@pytest.mark.parametrize("cid", sorted(BYTES_TEXT))
def test_bytes_are_text_in_the_text_layouts(cid: str) -> None:
    (case,) = [c for c in BYTES_CASES if c["id"] == cid]
    logrus, xcray, raw = BYTES_TEXT[cid]
    frame = lines("x", FMT_OUT[cid]["json"])
    expected = {name: line.removesuffix("x") for name, line in frame.items() if name != "json"}
    assert {name: text for name, text in written(bytes(case["bytes"])).items() if name != "json"} == {
        "text-logfmt": expected["text-logfmt"] + logrus,
        "text-colored": expected["text-colored"] + logrus,
        "prefixed-logfmt": expected["prefixed-logfmt"] + xcray,
        "prefixed-colored": expected["prefixed-colored"] + raw,
    }


def test_gos_fmt_form_of_bytes_is_not_written() -> None:
    """A documented difference: Go's ``fmt.Sprint`` writes a ``[]byte`` as its numbers."""
    assert FMT_OUT["bytes-02"]["sprint"] == "[104 105]"
    assert written(b"hi")["text-logfmt"] == 'time="2021-07-04T15:26:26+08:00" level=info msg=m v=hi'


def test_every_stored_case_is_checked() -> None:
    ids = {c["case"]["id"] for c in FMT_CASES}
    checked = {c["id"] for _, c in TIME_CASES} | {c["id"] for c in DURATION_CASES + NANOSECOND_CASES}
    assert ids == checked | {c["id"] for c in BYTES_CASES}
    assert set(BYTES_TEXT) == {c["id"] for c in BYTES_CASES} - {"bytes-06"}  # every byte: JSON only
    assert (
        {c["case"]["id"] for c in GO_CASES}
        == set(GO_OUT)
        == {
            *(c["id"] for c in ZONE_TIME_CASES),
            *(
                f"duration-{kind}-{c['id'].removeprefix('duration-')}"
                for c in DURATION_CASES
                for kind in ("json", "text")
            ),
        }
    )


# -- the stored outputs are Go's ------------------------------------------------------


def _go_here() -> str | None:
    """``None`` if oracle-go and a Go toolchain (for values_fmt.go) run here, else why not."""
    why = go_tool_available(ORACLE_GO, "ORACLE_NO_INSTALL")
    if why is not None:
        return why
    toolchains = (os.environ.get("GO"), "/usr/lib/go-1.19/bin/go", shutil.which("go"))  # make_values.go_tool()
    if not any(candidate and Path(candidate).exists() for candidate in toolchains):
        return "no Go toolchain to build data/values_fmt.go (set GO, or install golang-go)"
    return None


def test_stored_go_outputs_are_what_go_writes(tmp_path: Path) -> None:
    why = _go_here()
    if why is not None:
        pytest.skip(f"values-go-*, values-fmt-*: not re-made with Go: {why}")
    subprocess.run([sys.executable, str(MAKE_VALUES), "--out", str(tmp_path)], check=True, capture_output=True)
    for name in STORED:
        assert (tmp_path / name).read_text(encoding="utf-8") == (DATA / name).read_text(encoding="utf-8"), name
