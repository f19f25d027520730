"""Conformance: prefixlog writes the bytes the real Go formatters wrote.

The corpus (``data/corpus-public.jsonl``) and the Go output for each case
(``data/expected-public.jsonl``) come from ``../shared/oracle``, which runs
logrus 1.9.0 and x-cray 0.5.2.  Our own cases are in
``data/corpus-extra-<name>.jsonl`` (written by ``data/make_extra.py``), with
``data/expected-extra-<name>.jsonl`` made by the same oracle.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from oracle_cases import CORPORA, DIFFERENT, load_cases, load_expected, oracle_available, render, run_oracle


def _params() -> list[Any]:
    params = []
    for corpus, expected_name in CORPORA:
        expected = load_expected(expected_name)
        for case in load_cases(corpus):
            marks = []
            if case["id"] in DIFFERENT:
                marks.append(pytest.mark.skip(reason=f"{case['id']}: {DIFFERENT[case['id']]}"))
            params.append(pytest.param(case, expected[case["id"]], id=str(case["id"]), marks=marks))
    return params


@pytest.mark.parametrize(("case", "expected"), _params())
def test_case_matches_go(case: dict[str, Any], expected: dict[str, Any]) -> None:
    assert "output" in expected, f"Go refused the case: {expected.get('error')}"
    assert render(case) == expected["output"]


def test_every_public_text_case_is_checked() -> None:
    cases = [c for c in load_cases("corpus-public.jsonl") if c["formatter"] == "text"]
    assert len(cases) == 191
    assert len(load_expected("expected-public.jsonl")) == 375


def test_every_public_json_case_is_checked() -> None:
    cases = [c for c in load_cases("corpus-public.jsonl") if c["formatter"] == "json"]
    assert len(cases) == 81
    # Only the U+0085 cases differ on purpose; every other one must match Go.
    different = [c["id"] for c in cases if "\x85" in json.dumps(c, ensure_ascii=False)]
    assert sorted(k for k in DIFFERENT if k.startswith("json-")) == different == ["json-0068"]
    # The two go_version_dependent cases (\b, \f) are checked against Go 1.19's form.
    assert [c["id"] for c in cases if c["go_version_dependent"]] == ["json-0080", "json-0081"]


def test_our_json_cases_are_checked() -> None:
    assert len(load_cases("corpus-extra-json.jsonl")) == 51


def test_every_public_prefixed_case_is_checked() -> None:
    cases = [c for c in load_cases("corpus-public.jsonl") if c["formatter"] == "prefixed"]
    assert len(cases) == 103
    unsafe = {c["id"] for c in cases if c.get("unsafe")}
    assert len(unsafe) == 6
    assert unsafe <= set(DIFFERENT)


def test_our_prefixed_cases_are_checked() -> None:
    assert len(load_cases("corpus-extra-prefixed.jsonl")) == 177


def test_stored_expectations_are_what_go_prints() -> None:
    """The expected files are the oracle's own output, not ours (where Go is here)."""
    why = oracle_available()
    if why is not None:
        pytest.skip(f"stored expectations not re-checked against Go: {why}")
    for corpus, expected_name in CORPORA:
        cases = load_cases(corpus)
        stored = load_expected(expected_name)
        fresh = run_oracle(cases)
        assert fresh == {c["id"]: stored[c["id"]] for c in cases}
