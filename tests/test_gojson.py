"""The Go JSON encoder: both backends and the pure-Python writer give the same, Go's, text."""

from __future__ import annotations

import json
import math
import random
from typing import Any, cast

import pytest

from prefixlog import JSONFormatter, _gojson, _jsonwrite
from prefixlog._gojson import GoFloat, go_json_float, prepare, prepare_float
from prefixlog._jsonwrite import BACKENDS, Encoder

from oracle_cases import load_cases, load_expected, make_formatter, make_record

needs_orjson = pytest.mark.skipif(
    "orjson" not in BACKENDS, reason="no orjson 3.12+ installed (pip install 'prefixlog[orjson]'): nothing to compare"
)


def json_cases() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Every json case of the public corpus and of ours, with Go's result."""
    out = []
    for name in ("public", "extra-json"):
        expected = load_expected(f"expected-{name}.jsonl")
        out += [(c, expected[c["id"]]) for c in load_cases(f"corpus-{name}.jsonl") if c["formatter"] == "json"]
    return out


JSON_CASES = json_cases()


def floats() -> list[float]:
    """Boundaries of every float layout rule, and random floats of every magnitude."""
    rng = random.Random(1234)
    out = [0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 2.0**53, 2.0**53 + 2, 2.0**60]
    for exponent in range(-12, 23):
        edge = 10.0**exponent
        out += [edge, -edge, math.nextafter(edge, 0), math.nextafter(edge, math.inf), edge * 1.5, edge * 7]
    for _ in range(3000):
        out.append(rng.uniform(-1, 1) * 10.0 ** rng.randint(-330, 308))
        out.append(float(rng.randint(-(2**70), 2**70)))
        out.append(struct_float(rng.getrandbits(64)))
    return [f for f in out if math.isfinite(f)]


def struct_float(bits: int) -> float:
    return float.fromhex(f"{'-' if bits >> 63 else ''}0x1.{bits & (2**52 - 1):013x}p{((bits >> 52) & 0x7FF) - 1023}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_float_is_written_as_go_writes_it(backend: str) -> None:
    # go_json_float itself is checked against Go by the oracle cases (x-json-floats).
    encoder = Encoder(backend=backend)
    values = floats()
    assert encoder.encode([prepare_float(v) for v in values]) == "[" + ",".join(map(go_json_float, values)) + "]"


def test_floats_python_writes_otherwise_take_the_writer() -> None:
    assert prepare_float(3.0) == 3
    assert type(prepare_float(3.0)) is int
    assert prepare_float(0.25) == 0.25
    assert prepare_float(1e21) == 1e21
    for value, text in ((1e-7, "1e-7"), (-0.0, "-0"), (1e16, "10000000000000000"), (1.5e-5, "0.000015")):
        wrapped = prepare_float(value)
        assert isinstance(wrapped, GoFloat)
        assert wrapped.text == text


def test_nan_and_infinities_are_strings() -> None:
    assert [prepare_float(v) for v in (math.nan, math.inf, -math.inf)] == ["NaN", "+Inf", "-Inf"]


def test_the_writer_matches_the_c_encoders_on_every_json_case() -> None:
    """The pure-Python writer (trees with a GoFloat) writes what the stdlib's C encoder writes."""
    for case, _ in JSON_CASES:
        formatter = cast(JSONFormatter, make_formatter(case))
        log_data: dict[str, Any] = {}
        formatter.add_fields(log_data, make_record(case), {})
        tree = _gojson.prepare_object(log_data)
        for indent in (False, True):
            expected = Encoder(indent=indent, backend="json").encode(tree)
            assert _jsonwrite.go_fixups(_jsonwrite._write(tree, indent, 0), escape_html=True) == expected, case["id"]


@needs_orjson
def test_both_backends_give_identical_bytes_on_every_json_case() -> None:
    for case, expected in JSON_CASES:
        formatter = make_formatter(case)
        outputs = set()
        for backend in BACKENDS:
            formatter._encoder = Encoder(  # type: ignore[attr-defined]  # the private encoder, swapped on purpose
                escape_html=not case["options"].get("DisableHTMLEscape", False),
                indent=case["options"].get("PrettyPrint", False),
                backend=backend,
            )
            outputs.add(formatter.format(make_record(case)) + "\n")
        assert len(outputs) == 1, case["id"]
        assert outputs == {expected["output"].replace("\x85", "\\u0085")}


def random_value(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(9 if depth < 3 else 6)
    if kind == 0:
        return "".join(chr(rng.choice([rng.randrange(0x80), rng.randrange(0x110000)])) for _ in range(rng.randrange(8)))
    if kind == 1:
        return rng.choice([rng.randint(-(2**70), 2**70), rng.randint(-1000, 1000)])
    if kind == 2:
        return struct_float(rng.getrandbits(64))
    if kind == 3:
        return rng.choice([True, False, None])
    if kind == 4:
        return rng.choice(["<&>", "\\b\\f", "\b\f", "\u2028\u2029\x85", "\\\\b", "\\"])
    if kind == 5:
        return ValueError("e<r>r")
    if kind == 6:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 7:
        return {random_value(rng, 3) if rng.random() < 0.2 else str(i): random_value(rng, depth + 1) for i in range(3)}
    return bytes(rng.randrange(256) for _ in range(4))


@needs_orjson
@pytest.mark.parametrize("indent", [False, True])
@pytest.mark.parametrize("escape_html", [False, True])
def test_both_backends_give_identical_bytes_on_random_trees(indent: bool, escape_html: bool) -> None:
    rng = random.Random(99)
    json_backend = Encoder(backend="json", indent=indent, escape_html=escape_html)
    orjson_backend = Encoder(backend="orjson", indent=indent, escape_html=escape_html)
    for _ in range(1500):
        tree = prepare({f"k{i}": random_value(rng) for i in range(rng.randrange(6))})
        text = json_backend.encode(tree)
        assert orjson_backend.encode(tree) == text
        assert json.loads(text) is not None


def test_go_fixups_leave_an_escaped_backslash_before_b_alone() -> None:
    # Python json: "\\b" is an escaped backslash then "b"; "\b" is a backspace.
    assert _jsonwrite.go_fixups(r'["\\b","\b","\\\b","\\\\f","\f"]', escape_html=True) == (
        r'["\\b","\u0008","\\\u0008","\\\\f","\u000c"]'
    )


def test_go_fixups_escape_line_separators_and_lone_surrogates() -> None:
    text = json.dumps(["\u2028\u2029\x85\udc80\ud83d", "\x7f\x80\x9f\xa0"], ensure_ascii=False, separators=(",", ":"))
    assert _jsonwrite.go_fixups(text, escape_html=False) == '["\\u2028\\u2029\\u0085\\ufffd\\ufffd","\x7f\x80\x9f\xa0"]'


def test_ensure_ascii_escapes_everything_else_too() -> None:
    text = Encoder(ensure_ascii=True).encode(["é🚀\x85<"])
    assert text == '["\\u00e9\\ud83d\\ude80\\u0085\\u003c"]'


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError, match="backend must be one of json"):
        Encoder(backend="simplejson")
