"""JSONFormatter keeps python-json-logger 4.2's promises (issue 13): whole lines, one promise per section.

Its own test suite runs in ``.ci/run`` with ``JSONFormatter`` in its place
(``pjl_suite.py``); these are the fast checks of what that run found broken.
"""

from __future__ import annotations

import io
import logging
import logging.config
from typing import Any

import pytest

from prefixlog import JSONFormatter

from helpers import fresh_logger

#: Referred to as ``ext://test_json_compat.RENAMED`` in a dictConfig below.
RENAMED = "user.name"


def logged(call: str, msg: Any = "m", **kwargs: Any) -> logging.LogRecord:
    """The record ``logger.<call>(msg, **kwargs)`` makes; ``exception`` is called inside an ``except``."""
    logger, capture = fresh_logger()
    if call == "exception":
        try:
            1 / 0  # noqa: B018 - the exception is the point
        except ZeroDivisionError:
            logger.exception(msg, **kwargs)
    else:
        getattr(logger, call)(msg, **kwargs)
    return capture.record


# -- (a) dictConfig's ext:// in static_fields, defaults and rename_fields -----------------------


def configured(**options: Any) -> JSONFormatter:
    """The formatter ``dictConfig`` makes of ``{"()": "prefixlog.JSONFormatter", **options}``.

    The configuration also holds ``"service": {"name": "api"}``, for ``cfg://`` references.
    """
    logging.config.dictConfig(
        {
            "version": 1,
            "service": {"name": "api"},
            "disable_existing_loggers": False,
            "formatters": {"json": {"()": "prefixlog.JSONFormatter", "disable_timestamp": True, **options}},
            "handlers": {"out": {"class": "logging.StreamHandler", "formatter": "json", "stream": io.StringIO()}},
            "loggers": {"prefixlog.test.compat": {"handlers": ["out"], "level": "INFO", "propagate": False}},
        }
    )
    formatter = logging.getLogger("prefixlog.test.compat").handlers[0].formatter
    assert isinstance(formatter, JSONFormatter)
    return formatter


def test_ext_references_are_resolved_as_python_json_logger_resolves_them() -> None:
    formatter = configured(
        static_fields={"level_number": "ext://logging.WARNING", "plain": "text", "nested": {"n": "ext://sys.path"}},
        defaults={"digits": "ext://string.digits"},
        rename_fields={"user": "ext://test_json_compat.RENAMED"},
    )
    out = formatter.format(logged("info", extra={"user": "ana"}))
    # Read by key, as python-json-logger does: a nested value is not a reference (it writes it as it is).
    assert out == (
        '{"digits":"0123456789","level":"info","level_number":30,"msg":"m","nested":{"n":"ext://sys.path"},'
        '"plain":"text","user.name":"ana"}'
    )


def test_cfg_references_are_resolved_too() -> None:
    formatter = configured(static_fields={"svc": "cfg://service.name"}, defaults={"svc_default": "cfg://service"})
    assert formatter.format(logged("info")) == '{"level":"info","msg":"m","svc":"api","svc_default":{"name":"api"}}'


def test_an_ext_reference_that_cant_be_resolved_fails_at_configuration_naming_the_option() -> None:
    with pytest.raises(ValueError, match="Unable to configure formatter 'json'") as raised:
        configured(static_fields={"svc": "ext://nowhere_at_all.VALUE"})
    assert isinstance(raised.value.__cause__, ValueError)
    assert str(raised.value.__cause__).startswith("static_fields['svc']: Cannot resolve 'nowhere_at_all.VALUE'")
