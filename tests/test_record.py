"""What a record says besides its fields (:mod:`prefixlog._record`): here, the caller's function as Go writes it."""

from __future__ import annotations

import logging

import pytest

from prefixlog._record import caller_function


@pytest.mark.parametrize(
    ("module", "func", "expected"),
    [("app.main", "run", "app.main.run"), ("", "run", "run"), ("main", "", ""), ("", "", "")],
)
def test_the_caller_function_as_go_writes_it(module: str, func: str, expected: str) -> None:
    made = logging.makeLogRecord({"module": module, "funcName": func})
    assert caller_function(made) == expected
