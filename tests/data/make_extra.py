"""Write ``corpus-extra-<name>.jsonl`` and run the Go oracle to write ``expected-extra-<name>.jsonl``.

Our own conformance cases, for what the public corpus does not cover.  The
expected bytes always come from the real Go formatters, never from prefixlog:

    python tests/data/make_extra.py [NAME ...]   # needs ../shared/oracle (Debian + Go)

``zones`` writes ``zones/corpus-<zone>.jsonl`` and ``zones/expected-<zone>.jsonl``
(``/`` in a zone's name is ``~`` in the file's): the oracle runs in that zone
(``ORACLE_TZ``), and prefixlog, run in the tests' zone, is given ``tz=<zone>``.

Each generator in ``GENERATORS`` owns one pair of files, so the cases of one
formatter can be rewritten without touching the others.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ORACLE = HERE.parents[2] / "shared" / "oracle" / "oracle"
TIME = "2021-07-04T15:26:26.123456+08:00"


def case(cid: str, formatter: str, **spec: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": cid, "category": spec.pop("category", "extra"), "formatter": formatter}
    base.update({"options": {}, "level": "info", "message": "have a nice day", "time": TIME, "fields": []})
    base.update(spec)
    return base


def text_cases() -> list[dict[str, Any]]:
    out = []
    layouts = [
        "Monday January 2 3:4:5 PM MST",
        "Mon Jan _2 15:04:05 2006",
        "02 Jan 06 15:04 -0700",
        "3:04pm",
        "2006-01-02T15:04:05.999999999Z07:00",
        "2006-01-02T15:04:05.999Z07:00",
        "15:04:05,000",
        "15:04:05.00000000",
        "002 __2 _2006 06",
        "Z07 Z0700 Z070000 Z07:00:00 -07 -070000 -07:00:00",
        "Janet Month",
        "1.01",
        "15:04:05.0001",
    ]
    for i, layout in enumerate(layouts):
        out.append(
            case(f"x-text-layout-{i:02d}", "text", options={"TimestampFormat": layout}, category="x-text-layout")
        )
        out.append(
            case(
                f"x-text-layout-colored-{i:02d}",
                "text",
                options={"TimestampFormat": layout, "ForceColors": True, "FullTimestamp": True},
                category="x-text-layout",
            )
        )
    for i, t in enumerate(
        [
            "2021-01-01T00:00:00.999999+08:00",
            "2021-12-31T23:59:59.000001+08:00",
            "2021-02-05T09:08:07+08:00",
            "2003-03-09T12:00:00.5+08:00",
        ]
    ):
        out.append(
            case(
                f"x-text-time-{i:02d}",
                "text",
                time=t,
                options={"TimestampFormat": "Mon Monday Jan January 1 01 2 02 _2 3 03 15 4 04 5 05 PM pm .000000"},
                category="x-text-time",
            )
        )
    floats = [
        3.0,
        1e6,
        1234567.5,
        123456.7,
        1e21,
        1e20,
        1e-7,
        1.234e-05,
        100000.0,
        12345678901234567890.0,
        0.1,
        -2.5e-300,
        1.7976931348623157e308,
        5e-324,
        0.0,
    ]
    out.append(
        case(
            "x-text-floats",
            "text",
            fields=[[f"f{i:02d}", "float", v] for i, v in enumerate(floats)],
            category="x-text-values",
        )
    )
    out.append(case("x-text-nil", "text", fields=[["n", "nil", None], ["s", "str", "x"]], category="x-text-values"))
    out.append(
        case(
            "x-text-nil-colored",
            "text",
            options={"ForceColors": True},
            elapsed_s=3,
            time=None,
            fields=[["n", "nil", None]],
            category="x-text-values",
        )
    )
    out.append(
        case(
            "x-text-pad-trunc",
            "text",
            options={
                "ForceColors": True,
                "PadLevelText": True,
                "DisableLevelTruncation": True,
                "DisableTimestamp": True,
            },
            level="warning",
            category="x-text-level",
        )
    )
    out.append(
        case(
            "x-text-unsorted-one",
            "text",
            options={"DisableSorting": True},
            fields=[["k", "int", 1]],
            category="x-text-sorting",
        )
    )
    out.append(
        case(
            "x-text-cjk-pad",
            "text",
            options={"ForceColors": True, "DisableTimestamp": True},
            message="日志消息已保存 é̃ 🎉",
            category="x-text-message",
        )
    )
    out.append(
        case(
            "x-text-long-msg",
            "text",
            options={"ForceColors": True, "DisableTimestamp": True},
            message="m" * 60,
            fields=[["k", "str", "v"]],
            category="x-text-message",
        )
    )
    out.append(
        case(
            "x-text-elapsed-big",
            "text",
            options={"ForceColors": True},
            elapsed_s=1234567,
            time=None,
            category="x-text-elapsed",
        )
    )
    return out


FIELD_MAP_ALL = {
    "time": "@timestamp",
    "msg": "@message",
    "level": "@level",
    "func": "@caller",
    "file": "@file",
    "logrus_error": "@err",
}
CALLER = {"file": "/srv/app/handlers/users.py", "line": 42, "function": "main.(*Server).handle"}


def json_cases() -> list[dict[str, Any]]:
    out = []

    def add(cid: str, category: str, **spec: Any) -> None:
        out.append(case(f"x-json-{cid}", "json", category=f"x-json-{category}", **spec))

    floats = [
        3.0, -7.0, 100000.0, 1e15, 9007199254740992.0, 9007199254740994.0, 1e16, 1.5e17, 2.0**60,
        1e20, 123456789012345680000.0, 1e21, 1e22, -1.5e300, 1.7976931348623157e308,
        1e-4, 9.99e-5, 1.234e-5, 1e-6, 9.99e-7, 1e-7, -1e-9, 1.5e-10, 5e-324, 2.2250738585072014e-308,
        0.0, -0.0, 0.1, 0.30000000000000004, 1234567.5, 1e15 + 0.5, 123456.789,
    ]  # fmt: skip
    add("floats", "values", fields=[[f"f{i:02d}", "float", v] for i, v in enumerate(floats)])
    add("floats-pretty", "values", options={"PrettyPrint": True}, fields=[["a", "float", 1e-7], ["b", "float", 3.0]])
    add(
        "ints",
        "values",
        fields=[["big", "int", 2**53 + 1], ["neg", "int", -(2**53) - 1], ["max", "int", 2**63 - 1], ["zero", "int", 0]],
    )
    add("nil", "values", fields=[["n", "nil", None], ["s", "str", "x"]])
    add("nil-datakey", "values", options={"DataKey": "data"}, fields=[["n", "nil", None]])
    add("empty-key", "values", fields=[["", "str", "empty key"], [" ", "int", 1]])
    add(
        "key-order",
        "values",
        fields=[[k, "int", i] for i, k in enumerate(["é", "z", "Z", "a", "ß", "日本", "_", "~", "A1", "a0", "fields"])],
    )
    add("error-html", "values", fields=[["err", "error", "<nil> & co"], ["e2", "error", ""]])

    # DataKey: nesting, and the clash check on the top level only.
    for name in ("time", "level", "logrus_error", "fields.msg", "data"):
        add(f"datakey-{name}", "datakey", options={"DataKey": name}, fields=[["msg", "str", "inner"], ["k", "int", 1]])
    add(
        "datakey-func-caller",
        "datakey",
        options={"DataKey": "func"},
        caller=CALLER,
        fields=[["file", "str", "inner"]],
    )
    add(
        "datakey-file-basename",
        "datakey",
        options={"DataKey": "func"},
        caller=CALLER,
        caller_prettyfier="basename",
        fields=[["x", "str", "y"]],
    )
    add(
        "datakey-fieldmap",
        "datakey",
        options={"DataKey": "@message", "FieldMap": FIELD_MAP_ALL},
        fields=[["time", "str", "t"], ["@level", "str", "l"]],
    )
    add(
        "datakey-fieldmap-msg",
        "datakey",
        options={"DataKey": "data", "FieldMap": {"msg": "data"}},
        fields=[["a", "bool", True]],
    )
    add("datakey-html", "datakey", options={"DataKey": "<d&>"}, fields=[["a<", "str", ">"]])
    add("datakey-empty-pretty", "datakey", options={"DataKey": "data", "PrettyPrint": True, "DisableTimestamp": True})
    add(
        "datakey-pretty-fieldmap",
        "datakey",
        options={"DataKey": "data", "PrettyPrint": True, "FieldMap": FIELD_MAP_ALL},
        caller=CALLER,
        caller_prettyfier="basename_func",
        fields=[["n", "nil", None], ["s", "str", "a\tb\u2028"], ["f", "float", 0.5]],
    )

    # FieldMap, HTML escaping in keys and in FieldMap names.
    add("fieldmap-html", "fieldmap", options={"FieldMap": {"msg": "<msg>", "level": "a&b"}}, message="<x>")
    add(
        "fieldmap-html-disabled",
        "fieldmap",
        options={"FieldMap": {"msg": "<msg>"}, "DisableHTMLEscape": True},
        fields=[["<k>", "str", "&amp;"]],
    )
    add(
        "fieldmap-clash-all",
        "fieldmap",
        options={"FieldMap": FIELD_MAP_ALL},
        caller=CALLER,
        fields=[[name, "str", "user " + name] for name in FIELD_MAP_ALL.values()] + [["time", "str", "kept"]],
    )
    add("fieldmap-same-name", "fieldmap", options={"FieldMap": {"msg": "message"}}, fields=[["message", "str", "u"]])
    add("html-keys", "escapes", fields=[["<script>", "str", "x"], ["a&b", "error", "<>"], ['q"', "str", "'"]])
    add("html-disabled-pretty", "escapes", options={"DisableHTMLEscape": True, "PrettyPrint": True}, message="<&>")

    # Escapes: what Python's json writes otherwise, and what post-processing must leave alone.
    add("backslash-b", "escapes", message="C:\\bin\\file\\f", fields=[["p", "str", "\\b\\\\f"]])
    add("backslash-then-bs", "escapes", message="\\\b\\\f", fields=[["k\b", "str", "\b\\"]])
    add("c0-all", "escapes", message="".join(chr(c) for c in range(32)), fields=[["k", "str", "\x7f\x80\x9f"]])
    add("c0-keys", "escapes", fields=[["a\nb", "str", "1"], ["\t", "str", "2"], ["\x00", "str", "3"]])
    add("separators", "escapes", message="a\u2028b\u2029c", fields=[["k\u2028", "str", "\u2029"]])
    add("slash-quote", "escapes", message='</script> "q" \\ /', fields=[["/", "str", "/"]])
    add("nonascii", "escapes", message="naïve 日本 🚀 \u00a0\u200b\ufeff", fields=[["ключ", "str", "значение"]])

    # Timestamps.
    layouts = [
        "2006-01-02T15:04:05.000000Z07:00",
        "2006-01-02T15:04:05.999999999Z07:00",
        "Mon Jan _2 15:04:05 MST 2006",
        "02 Jan 06 15:04 -0700",
        "3:04PM",
        "<2006>&",
    ]
    for i, layout in enumerate(layouts):
        add(f"layout-{i:02d}", "timestamp", options={"TimestampFormat": layout}, time="2021-02-05T09:08:07.01+08:00")
    add("disable-timestamp-fieldmap", "timestamp", options={"DisableTimestamp": True, "FieldMap": {"time": "t"}})

    # Caller, prettyfiers and func/file clashes.
    for pretty in (None, "basename", "basename_func", "func_only"):
        add(
            f"caller-{pretty or 'none'}",
            "caller",
            caller=CALLER,
            caller_prettyfier=pretty,
            fields=[["func", "str", "user func"], ["file", "error", "user file"], ["k", "int", 1]],
        )
        add(
            f"caller-{pretty or 'none'}-fieldmap",
            "caller",
            options={"FieldMap": {"func": "caller", "file": "src"}},
            caller=CALLER,
            caller_prettyfier=pretty,
            fields=[["caller", "str", "u1"], ["src", "str", "u2"], ["func", "str", "u3"]],
        )
    add("caller-html", "caller", caller={"file": "<a&b>.go", "line": 1, "function": "f<T>"})
    add("caller-pretty", "caller", options={"PrettyPrint": True}, caller=CALLER, fields=[["func", "str", "u"]])
    add("levels-empty-msg", "levels", level="trace", message="", options={"PrettyPrint": True})
    return out


LEVELS = ["trace", "debug", "info", "warning", "error", "fatal", "panic"]

#: Every form of mgutz/ansi style prefixlog accepts (see prefixlog._colorscheme).
STYLES = [
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", "default",
    "red+b", "red+d", "red+B", "red+u", "red+i", "red+s", "red+h", "red+bdBuish", "red+ub", "green+bb",
    "default+h", "black+h", "white+hb",
    "white:blue", "white:black+h", "white:blue+h", "white:default", "white:default+h", "white:blue+bu",
    "red+b:white+h", ":blue", "white:", "+b", "+bh", "+", ":", "+:+",
    "0", "7", "15", "16", "208", "255", "007", "208+b", "208+h", "208:17", "1:255", "red:208", "208+bh:17+h",
    "reset", "off", "",
]  # fmt: skip


def _formatted(options: dict[str, Any], **spec: Any) -> dict[str, Any]:
    """A formatted-layout case: [0000] unless the time is full or disabled."""
    options = {"ForceFormatting": True, **options}
    if not options.get("FullTimestamp") and not options.get("DisableTimestamp"):
        spec.setdefault("time", None)
        spec.setdefault("elapsed_s", 0)
    return {"options": options, **spec}


def prefixed_cases() -> list[dict[str, Any]]:
    out = []
    colored = {"ForceColors": True}

    def add(cid: str, category: str, **spec: Any) -> None:
        out.append(case(f"x-prefixed-{cid}", "prefixed", category=f"x-prefixed-{category}", **spec))

    # Every style form, in the info slot (level and key) and the prefix and timestamp slots.
    for i, style in enumerate(STYLES):
        add(
            f"style-{i:02d}",
            "style",
            **_formatted(
                {**colored, "ColorScheme": {"InfoLevelStyle": style, "PrefixStyle": style, "TimestampStyle": style}},
                message="[p] m",
                fields=[["k", "str", "v"]],
            ),
        )
    # Each level's own slot; trace uses the debug style.
    slots = {"trace": "Debug", "debug": "Debug", "info": "Info", "warning": "Warn", "error": "Error"}
    slots.update({"fatal": "Fatal", "panic": "Panic"})
    scheme = {
        "InfoLevelStyle": "208",
        "WarnLevelStyle": "white:blue",
        "ErrorLevelStyle": "red+u",
        "FatalLevelStyle": "magenta+b",
        "PanicLevelStyle": "cyan+h",
        "DebugLevelStyle": "1",
    }
    for level in LEVELS:
        add(
            f"slot-{level}",
            "style",
            level=level,
            **_formatted({**colored, "ColorScheme": scheme}, fields=[["k", "int", 1]]),
        )
        only = {"ColorScheme": {f"{slots[level]}LevelStyle": "yellow+b"}}
        add(f"slot-only-{level}", "style", level=level, **_formatted({**colored, **only}))
    add("scheme-plain", "style", **_formatted({"ColorScheme": scheme}, message="[p] m", fields=[["k", "int", 1]]))
    add(
        "scheme-disabled",
        "style",
        **_formatted({**colored, "DisableColors": True, "ColorScheme": scheme}, fields=[["k", "int", 1]]),
    )
    add("scheme-logfmt", "style", options={**colored, "ColorScheme": scheme}, fields=[["k", "int", 1]])

    # Level text: upper case, DisableUppercase, plain and coloured, every level.
    for level in LEVELS:
        add(f"level-{level}", "level", level=level, **_formatted({}, fields=[["k", "str", "v"]]))
        add(f"lower-{level}", "level", level=level, **_formatted({**colored, "DisableUppercase": True}))
        add(f"lower-plain-{level}", "level", level=level, **_formatted({"DisableUppercase": True}))
    add("lower-logfmt", "level", level="warning", options={"DisableUppercase": True})

    # SpacePadding counts runes: CJK, emoji, combining marks.
    for i, (message, width) in enumerate(
        [("日志消息已保存", 12), ("é̃ 🎉", 10), ("[api] 日志", 8), ("longer than the padding", 5), ("", 4)]
    ):
        add(f"padding-{i}", "padding", **_formatted({"SpacePadding": width}, message=message, fields=[["k", "int", 1]]))
    add("padding-colored", "padding", **_formatted({**colored, "SpacePadding": 12}, message="[db] 日志消息"))

    # Prefixes from the message: non-greedy, TrimSpace with Go's unicode.IsSpace.
    messages = [
        "[a] [b] rest",
        "[ ]",
        "[ ] rest",
        "[x]\trest",
        "[x]\u0085\u00a0 rest \u00a0\u0085",
        "[x]\u3000\u2003rest\u202f\u205f",
        "[x] mid\u3000dle\u00a0",
        "[x]",
        "[x]   ",
        "[]",
        "[] rest",
        "[a]b]",
        "[[a]] rest",
        "[日志] 消息",
        "[a\tb] rest",
        "x [a] rest",
        " [a] rest",
        "[a:b] rest",
        "[x]\u200brest",
    ]
    for i, message in enumerate(messages):
        add(f"prefix-{i:02d}", "prefix", **_formatted({}, message=message, fields=[["k", "str", "v"]]))
    add("prefix-colored", "prefix", **_formatted(colored, message="[a] [b] rest"))
    add("prefix-field-and-message", "prefix", **_formatted({}, message="[a] rest", fields=[["prefix", "str", "f"]]))
    add("prefix-field-only", "prefix", **_formatted(colored, fields=[["prefix", "str", "f"], ["k", "int", 1]]))
    add("prefix-field-spaces", "prefix", **_formatted({}, fields=[["prefix", "str", " a b "]]))
    add("prefix-logfmt", "prefix", message="[a] rest", fields=[["prefix", "str", "p q"]])
    add("prefix-logfmt-message", "prefix", message="[a] rest")
    # Go keeps \x1c after a prefix (str.strip() would not); prefixlog escapes it (a difference).
    add("prefix-x1c", "prefix", **_formatted({}, message="[x]\x1c rest \x1c"))

    # The quote character, with values that need no escaping.
    values: list[list[Any]] = [
        ["e", "str", ""],
        ["s", "str", "a b"],
        ["t", "str", "a-b.c"],
        ["u", "str", "a_b"],
        ["n", "int", -5],
    ]
    values += [["q", "str", 'say "hi"'], ["err", "error", "x: y"]]
    for i, quote in enumerate(["", '"', "'", "`", "|", "#", "%"]):
        safe = [v for v in values if (quote or '"') not in str(v[2])]  # x-cray doesn't escape: a difference
        add(f"quote-{i}", "quote", options={"QuoteCharacter": quote}, message="a message", fields=safe)
        add(f"quote-empty-{i}", "quote", options={"QuoteCharacter": quote, "QuoteEmptyFields": True}, fields=safe)
    add("quote-formatted", "quote", **_formatted({"QuoteCharacter": "'", "QuoteEmptyFields": True}, fields=values))

    # Time layouts, in both layouts.
    layouts = [
        "",
        "2006-01-02T15:04:05.999999999Z07:00",
        "Mon Jan _2 15:04:05 2006",
        "15:04:05.000",
        "Monday January 2 3:4:5 PM MST",
        "02 Jan 06 15:04 -0700",
        "2006-01-02",
        "%Y-%m-%d %H:%M:%S",
    ]
    for i, layout in enumerate(layouts):
        if "%" in layout:
            continue  # strftime is prefixlog's own; Go prints it literally
        add(f"time-{i}", "time", options={"TimestampFormat": layout})
        add(f"time-full-{i}", "time", **_formatted({**colored, "FullTimestamp": True, "TimestampFormat": layout}))
    add("time-not-full", "time", **_formatted({"TimestampFormat": "2006"}))
    add("time-disabled-logfmt", "time", options={"DisableTimestamp": True}, fields=[["k", "int", 1]])
    add("time-disabled-logfmt-empty", "time", options={"DisableTimestamp": True}, message="")
    add("time-disabled-formatted", "time", **_formatted({"DisableTimestamp": True, "FullTimestamp": True}))
    add("time-disabled-colored", "time", **_formatted({**colored, "DisableTimestamp": True}, message="[p] m"))

    # Seconds since start.
    for seconds in (0, 1, 59, 3599, 9999, 10000, 123456):
        add(f"elapsed-{seconds}", "elapsed", **_formatted({}, elapsed_s=seconds))
    add("elapsed-colored", "elapsed", **_formatted(colored, elapsed_s=42))

    # Layout choice and line shape.
    add("forcecolors-disablecolors", "layout", options={**colored, "DisableColors": True})
    add("empty-message-formatted", "layout", **_formatted({}, message=""))
    add("empty-message-fields", "layout", **_formatted({}, message="", fields=[["k", "str", "v"]]))
    add("empty-message-logfmt", "layout", message="")
    add("empty-message-logfmt-fields", "layout", message="", fields=[["k", "str", "v"]])
    add("unsorted-one", "layout", options={"DisableSorting": True}, fields=[["k", "str", "v w"]])
    add("unsorted-one-formatted", "layout", **_formatted({"DisableSorting": True}, fields=[["k", "str", "v w"]]))
    # Values in the formatted layout: %+v, no quoting.
    floats = [["f1", "float", 1e6], ["f2", "float", 1.5e-05], ["f3", "float", 3.0], ["f4", "float", -0.25]]
    add(
        "values-formatted",
        "values",
        **_formatted({"QuoteEmptyFields": True}, fields=[*floats, ["e", "error", ""], ["n", "nil", None]]),
    )
    add(
        "keys-formatted",
        "values",
        **_formatted(colored, fields=[["", "str", "empty key"], ["a b", "str", "x"], ["k=v", "int", 1]]),
    )
    # x-cray keeps no clash renaming in either layout.
    clash = [["time", "str", "t"], ["msg", "str", "m"], ["level", "str", "l"], ["fields.x", "str", "y"]]
    add("clash-logfmt", "clash", fields=clash)
    add("clash-formatted", "clash", **_formatted({}, fields=clash))
    # x-cray does not trim a formatted message's trailing newline; prefixlog drops one (a difference).
    add("trailing-newline", "message", **_formatted({}, message="rest\n", fields=[["k", "int", 1]]))
    return out


GENERATORS = {
    "text": text_cases,
    "json": json_cases,
    "prefixed": prefixed_cases,
}

#: Zones for ``tz=``: each file of ``zones/`` is run by the oracle with ``ORACLE_TZ`` set to its zone.
ZONES = {
    "UTC": ["2021-07-04T07:26:26.123456Z"],
    # DST starts (02:00 EST -> 03:00 EDT) and ends (02:00 EDT -> 01:00 EST) in 2021.
    "America/New_York": [
        "2021-03-14T06:59:59.5Z",
        "2021-03-14T07:00:00Z",
        "2021-11-07T05:59:59Z",
        "2021-11-07T06:00:00Z",
        "2021-11-07T06:30:00.25Z",
    ],
    "Asia/Kolkata": ["2021-07-04T07:26:26.123456Z"],  # +05:30, no DST
    "Australia/Lord_Howe": ["2021-04-03T14:59:59Z", "2021-04-03T15:00:00Z"],  # a half-hour DST step
    "Europe/Dublin": ["2021-01-15T12:00:00Z", "2021-07-15T12:00:00Z"],  # tzdata's negative DST (GMT in winter)
    "Pacific/Chatham": ["2021-07-04T07:26:26Z"],  # +12:45
}

ZONE_LAYOUTS = ["2006-01-02T15:04:05.999999Z07:00 MST", "Mon Jan _2 15:04:05 -0700 2006", ""]


def zone_slug(zone: str) -> str:
    """The file name part for ``zone``: ``America/New_York`` -> ``America~New_York``."""
    return zone.replace("/", "~")


def zone_cases(zone: str) -> list[dict[str, Any]]:
    out = []
    for i, moment in enumerate(ZONES[zone]):
        for j, layout in enumerate(ZONE_LAYOUTS):
            options: dict[str, Any] = {"TimestampFormat": layout} if layout else {}
            at = {"time": moment, "category": "x-zone"}
            out.append(case(f"zone-text-{i}-{j}", "text", options={**options, "FullTimestamp": True}, **at))
            out.append(case(f"zone-json-{i}-{j}", "json", options=options, **at))
            prefixed = {**options, "FullTimestamp": True, "ForceFormatting": True}
            out.append(case(f"zone-prefixed-{i}-{j}", "prefixed", options=prefixed, **at))
    return out


def write_zones() -> int:
    status = 0
    (HERE / "zones").mkdir(exist_ok=True)
    for zone in ZONES:
        cases = zone_cases(zone)
        corpus = "".join(
            json.dumps(c | {"elapsed_s": None, "caller": None, "caller_prettyfier": None}) + "\n" for c in cases
        )
        env = {**os.environ, "ORACLE_TZ": zone}
        proc = subprocess.run([str(ORACLE)], input=corpus.encode(), capture_output=True, check=False, env=env)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr.decode(errors="replace"))
            status = 1
            continue
        (HERE / "zones" / f"corpus-{zone_slug(zone)}.jsonl").write_text(corpus, encoding="utf-8")
        (HERE / "zones" / f"expected-{zone_slug(zone)}.jsonl").write_bytes(proc.stdout)
        print(f"zones/{zone}: {len(cases)} cases written with their Go output")
    return status


def write(name: str, cases: list[dict[str, Any]]) -> int:
    for c in cases:
        if c.get("time") is None and c.get("elapsed_s") is None:
            c["time"] = TIME
        c.setdefault("elapsed_s", None)
        c.setdefault("caller", None)
        c.setdefault("caller_prettyfier", None)
    corpus = "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)
    proc = subprocess.run([str(ORACLE)], input=corpus.encode("utf-8"), capture_output=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        return 1
    (HERE / f"corpus-extra-{name}.jsonl").write_text(corpus, encoding="utf-8")
    (HERE / f"expected-extra-{name}.jsonl").write_bytes(proc.stdout)
    print(f"{name}: {len(cases)} cases written with their Go output")
    return 0


def main(names: list[str]) -> int:
    status = 0
    for name in names or [*GENERATORS, "zones"]:
        status |= write_zones() if name == "zones" else write(name, GENERATORS[name]())
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
