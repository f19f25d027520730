"""Options that can't lie: every option of every formatter is fixed once the formatter is made.

The layout, the writers and their caches are decided in the constructor, so
an option assigned later could only be ignored; instead it is refused, with
an error that names it and says to build a new formatter.
"""

from __future__ import annotations

import inspect
import io
import logging
import logging.config
from typing import Any

import pytest

from prefixlog import FormatterOptions, JSONFormatter, PrefixedFormatter, TextFormatter, ZapFormatter, ZerologFormatter
from prefixlog._registry import FORMATS

#: Every formatter of the registry, each once.
FORMATTERS: list[type[logging.Formatter]] = list(dict.fromkeys(entry.formatter for entry in FORMATS.values()))
#: ``logging.Formatter``'s own options, which ``logging`` keeps in private attributes: not fixed.
LOGGING_OWN = {"fmt", "style", "validate"}


def _options(cls: type[logging.Formatter]) -> list[str]:
    """The options the constructor takes by name: its keywords, and :class:`FormatterOptions` for ``**fields``."""
    parameters = inspect.signature(cls.__init__).parameters
    names = {name for name, p in parameters.items() if p.kind is p.KEYWORD_ONLY or name == "datefmt"}
    if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        names |= set(FormatterOptions.__annotations__) - LOGGING_OWN
    return sorted(names)


CASES = [(cls, name) for cls in FORMATTERS for name in _options(cls)]


def test_every_formatter_has_its_options() -> None:
    for cls in FORMATTERS:
        assert set(_options(cls)) == cls._OPTIONS  # type: ignore[attr-defined]
    assert {"force_quote", "field_map", "sorting_func", "escapes", "stream", "datefmt"} <= set(_options(TextFormatter))
    assert {"quote_character", "space_padding", "color_scheme", "escapes"} <= set(_options(PrefixedFormatter))
    assert {"preset", "prefix", "static_fields", "rename_fields", "json_default"} <= set(_options(JSONFormatter))
    assert {"encoding", "time_encoder", "static_fields", "exclude_fields", "datefmt"} <= set(_options(ZapFormatter))
    assert {"console", "cwd", "defaults", "reserved_attrs"} <= set(_options(ZerologFormatter))
    assert len(FORMATTERS) == 6


@pytest.mark.parametrize("cls", FORMATTERS)
def test_the_signature_is_the_constructors(cls: type[logging.Formatter]) -> None:
    """``help()`` and ``inspect.signature`` show the constructor's options, not the metaclass's ``__call__``."""
    parameters = inspect.signature(cls).parameters
    assert "self" not in parameters
    assert set(_options(cls)) - set(FormatterOptions.__annotations__) <= set(parameters)
    assert len(parameters) > 3


@pytest.mark.parametrize(("cls", "name"), CASES, ids=[f"{c.__name__}-{n}" for c, n in CASES])
def test_an_option_cannot_be_assigned_or_deleted_after_construction(cls: type[logging.Formatter], name: str) -> None:
    formatter = cls()
    message = (
        f"{name} is fixed when a {cls.__name__} is made .*; build a new {cls.__name__}\\(\\.\\.\\., {name}=\\.\\.\\.\\)"
    )
    made = logging.makeLogRecord({"msg": "m", "k": "v"})  # one record: its time can't cross a second
    before = formatter.format(made)
    with pytest.raises(AttributeError, match=message):
        setattr(formatter, name, getattr(formatter, name, None))
    with pytest.raises(AttributeError, match=f"{name} is fixed when a {cls.__name__} is made; it can't be deleted"):
        delattr(formatter, name)
    assert formatter.format(made) == before


@pytest.mark.parametrize(
    ("formatter", "name"),
    [
        (TextFormatter(field_map={"msg": "message"}), "field_map"),
        (JSONFormatter(field_map={"msg": "message"}), "field_map"),
        (JSONFormatter(static_fields={"a": 1}), "static_fields"),
        (JSONFormatter(rename_fields={"a": "b"}), "rename_fields"),
        (JSONFormatter(defaults={"a": 1}), "defaults"),
    ],
)
def test_mapping_options_are_read_only(formatter: logging.Formatter, name: str) -> None:
    mapping = getattr(formatter, name)
    with pytest.raises(TypeError, match="does not support item assignment"):
        mapping["x"] = "y"


def test_other_attributes_stay_assignable() -> None:
    formatter = TextFormatter(stream=io.StringIO())
    formatter.my_note = "mine"
    assert formatter.my_note == "mine"  # type: ignore[attr-defined]


def test_a_subclass_option_is_fixed_too() -> None:
    class Mine(TextFormatter):
        def __init__(self, *, shout: bool = False, **options: Any) -> None:
            super().__init__(**options)
            self.shout = shout  # still being made: assignable

    formatter = Mine(shout=True, force_quote=True)
    assert formatter.shout
    with pytest.raises(AttributeError, match="shout is fixed when a Mine is made"):
        formatter.shout = False
    with pytest.raises(AttributeError, match="force_quote is fixed when a Mine is made"):
        formatter.force_quote = False


def test_dictconfig_attribute_setting_of_an_option_fails_at_configuration_time() -> None:
    config = {
        "version": 1,
        "formatters": {"f": {"()": "prefixlog.TextFormatter", ".": {"force_quote": True}}},
    }
    with pytest.raises(ValueError, match="Unable to configure formatter 'f'") as failure:
        logging.config.dictConfig(config)
    assert "force_quote is fixed when a TextFormatter is made" in str(failure.value.__cause__)


#: The formatters built on FieldFormatter, which reads their shared options and refuses the rest.
FIELD_FORMATTERS = [cls for cls in FORMATTERS if cls is not JSONFormatter]


POSITIONAL_ERROR = "takes at most 4 positional arguments \\(fmt, datefmt, style, validate\\), not 5"


@pytest.mark.parametrize("cls", FIELD_FORMATTERS, ids=[cls.__name__ for cls in FIELD_FORMATTERS])
def test_a_wrong_argument_is_a_type_error_naming_it_and_the_formatter(cls: Any) -> None:
    name = cls.__name__
    with pytest.raises(TypeError, match=f"^{name}\\(\\) got an unexpected keyword argument 'static_field'$"):
        cls(static_field={"a": 1})
    with pytest.raises(TypeError, match=f"^{name}\\(\\) got multiple values for argument 'fmt'$"):
        cls("%(name)s", fmt="%(process)d")
    with pytest.raises(TypeError, match=f"^{name}\\(\\) {POSITIONAL_ERROR}$"):
        cls(None, None, "%", True, True)


@pytest.mark.parametrize("cls", FIELD_FORMATTERS, ids=[cls.__name__ for cls in FIELD_FORMATTERS])
def test_the_shared_options_work_by_position_by_name_and_in_dictconfig(cls: Any) -> None:
    by_position = cls("%(process)d", None, "%", True, static_fields={"a": 1})
    by_name = cls(fmt="%(process)d", static_fields={"a": 1})
    config = {
        "version": 1,
        "formatters": {"f": {"()": f"prefixlog.{cls.__name__}", "format": "%(process)d", "static_fields": {"a": 1}}},
        "handlers": {"h": {"class": "logging.NullHandler", "formatter": "f"}},
        "root": {"handlers": ["h"]},
    }
    logging.config.dictConfig(config)
    in_config: Any = logging.getLogger().handlers[-1].formatter
    record = logging.makeLogRecord({"msg": "m", "created": 1625383586.0, "process": 42})
    for formatter in (by_position, by_name, in_config):
        assert type(formatter) is cls
        assert formatter.fmt_fields == ("process",)
        assert formatter.static_fields == {"a": 1}
        assert formatter.format(record) == by_position.format(record)
