"""Checks for formatter options, run once at construction.

A wrong option is a ``TypeError`` or ``ValueError`` that names the option,
raised when the formatter is built (at ``dictConfig`` time), never at the
first record.
"""

from __future__ import annotations

import importlib
import inspect
import re
import time
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from datetime import timezone, tzinfo
from typing import Any, ClassVar, Final, Optional

from ._time import Converter, TimeFormat, zone_converter


def check_bool(name: str, value: object) -> bool:
    """A flag option: ``True``/``False`` only (a string ``"false"`` would read as true)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, not {value!r}")
    return value


def check_int(name: str, value: object, minimum: int = 0, maximum: Optional[int] = None) -> int:
    """A whole-number option from ``minimum`` to ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum}, not {value!r}")
    return value


# What no option written into every line may hold: controls (C0, DEL, C1),
# U+2028/U+2029, the bidirectional controls, and lone surrogates (no UTF-8).
_UNWRITABLE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def check_line_text(name: str, value: object) -> str:
    """A text option written as it is into every line (a JSON ``prefix``): no control character."""
    text = check_str(name, value)
    match = _UNWRITABLE.search(text)
    if match is not None:
        raise ValueError(
            f"{name} must not contain control characters, line or paragraph separators, bidirectional "
            f"controls or lone surrogates; found {match.group()!r} in {text!r}"
        )
    return text


#: ``escapes`` values: Go's ``%q`` (logrus's bytes) or JSON's string escapes (what logfmt parsers read).
ESCAPES: Final = ("go", "logfmt")


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """A closed choice: one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, not {value!r}")
    return value


def check_str(name: str, value: object) -> str:
    """A text option."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {value!r}")
    return value


def resolve_callable(name: str, value: object) -> Optional[Callable[..., Any]]:
    """A callable option, given as a callable or a dotted path (``"pkg.mod.func"``).

    Dotted paths let JSON and YAML configuration files name a function; the
    ``ext://`` prefix of ``dictConfig`` is accepted too.
    """
    if value is None:
        return None
    if isinstance(value, str):
        path = value.removeprefix("ext://")
        module_name, _, attr = path.rpartition(".")
        if not module_name or not attr:
            raise ValueError(f"{name}: {value!r} is not a dotted path such as 'prefixlog.short_caller'")
        try:
            value = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as error:
            raise ValueError(f"{name}: cannot import {value!r}: {error}") from error
    if not callable(value):
        raise TypeError(f"{name} must be callable or a dotted path to a callable, not {value!r}")
    return value


def check_field_map(name: str, value: object, allowed: Iterable[str]) -> dict[str, str]:
    """A ``field_map``: logrus key names (``time``, ``msg`` …) to the names to write."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping such as {{'time': '@timestamp'}}, not {value!r}")
    allowed = tuple(allowed)
    result: dict[str, str] = {}
    for key, new in value.items():
        if key not in allowed:
            raise ValueError(f"{name}: unknown key {key!r}; allowed keys are {', '.join(allowed)}")
        if not isinstance(new, str):
            raise TypeError(f"{name}[{key!r}] must be a str, not {new!r}")
        result[key] = new
    written: dict[str, str] = {}
    for key in allowed:
        new = result.get(key, key)
        if new in written:
            raise ValueError(f"{name}: {written[new]!r} and {key!r} would both be written as {new!r}")
        written[new] = key
    return result


def check_time_format(name: str, value: object) -> TimeFormat:
    """A ``timestamp_format``: a Go layout, or a strftime string if it has a ``%``.

    Refused here, not at every record: a lone surrogate (no UTF-8 for it), and
    a layout that can't format a time (tried on the epoch and on now).
    """
    text = check_str(name, value)
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        raise ValueError(f"{name} must not contain a lone surrogate ({surrogate.group()!r}), not {text!r}")
    layout = TimeFormat(text)
    try:
        for moment in (0.0, time.time()):
            layout(moment)
            layout.in_zone(time.gmtime)(moment)
    except Exception as error:
        raise ValueError(f"{name}: {text!r} can't format a time: {error}") from error
    return layout


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def check_tz(name: str, value: object) -> Optional[tzinfo]:
    """A time zone option: ``None`` (local time), ``"UTC"``, an IANA name (``"Europe/Paris"``) or a ``tzinfo``."""
    if value is None or isinstance(value, tzinfo):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{name} must be None, 'UTC', an IANA time zone name or a tzinfo, not {value!r}")
    if value.strip().upper() in ("UTC", "Z"):
        return timezone.utc
    if value.strip().lower() == "local":
        return None
    try:
        return zoneinfo.ZoneInfo(value.strip())
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(
            f"{name}: unknown time zone {value!r} (an IANA name such as 'Europe/Paris', or 'UTC'; "
            f"where the system has no zone database, pip install tzdata)"
        ) from error


def time_converter(formatter: Any, tz: Optional[tzinfo]) -> Converter:
    """How a formatter breaks its times down: ``tz`` if given, else its ``converter``.

    The stdlib's way: ``time.gmtime`` for UTC, ``time.localtime`` (the default) for local time.
    A ``tz`` also becomes the formatter's ``converter``, so ``formatTime`` (``%(asctime)s``) agrees.
    """
    if tz is not None:
        object.__setattr__(formatter, "converter", zone_converter(tz))  # while being made: no _converter_changed
    converter: Converter = formatter.converter
    return converter


def check_stream(name: str, value: object) -> Any:
    """A stream option: anything with ``write`` (its ``isatty`` decides the layout)."""
    if value is not None and not hasattr(value, "write"):
        raise TypeError(f"{name} must be a stream (an object with write()), not {value!r}")
    return value


def check_mapping(name: str, value: object, str_values: bool = False) -> dict[str, Any]:
    """A mapping option with ``str`` keys (``static_fields``), and ``str`` values if asked.

    Read key by key, as python-json-logger reads it: ``dictConfig`` hands a
    mapping option over as a ``ConvertingDict``, which resolves an ``ext://``
    or ``cfg://`` value when it is read by key (not when iterated over); a
    reference that can't be resolved is a ``ValueError`` naming the option
    and the key.
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping, not {value!r}")
    out: dict[str, Any] = {}
    for key in value:
        try:
            item = value[key]
        except Exception as error:  # dictConfig could not resolve the reference
            raise ValueError(f"{name}[{key!r}]: {error}") from error
        if not isinstance(key, str):
            raise TypeError(f"{name}: keys must be str, not {key!r}")
        if str_values and not isinstance(item, str):
            raise TypeError(f"{name}[{key!r}] must be a str, not {item!r}")
        out[key] = item
    return out


def check_names(name: str, value: object) -> Optional[frozenset[str]]:
    """A list of names (``reserved_attrs``); a lone string is refused, not split into letters."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of attribute names, not {value!r}")
    names = list(value)
    for item in names:
        if not isinstance(item, str):
            raise TypeError(f"{name}: names must be str, not {item!r}")
    return frozenset(names)


def check_unsupported(name: str, value: object, allowed: tuple[object, ...], advice: str) -> None:
    """An inherited option the formatter can't honour: only its harmless values pass."""
    if not any(value is ok for ok in allowed):
        raise ValueError(f"{name}={value!r} is not supported by this formatter: {advice}")


class _FixedWhenMade(type):
    """Fixes an object's options once it is made: after the whole constructor, a subclass's included."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        made = super().__call__(*args, **kwargs)
        made.__dict__["_options_fixed"] = True
        return made

    @property
    def __signature__(cls) -> inspect.Signature:
        """The constructor's parameters (not this ``__call__``'s), for ``help()``, ``inspect`` and editors."""
        signature = inspect.signature(cls.__init__)  # type: ignore[misc] # the class's own __init__
        return signature.replace(parameters=list(signature.parameters.values())[1:])


class FixedOptions(metaclass=_FixedWhenMade):
    """A formatter's options are fixed when it is made: assigning one raises ``AttributeError``.

    Everything that depends on them (the layout, the writers, every cache)
    is decided in the constructor, so an option assigned later could only be
    ignored.  The options are the constructor's keyword arguments (and
    ``datefmt``), collected for each class, subclasses included; mapping
    options are read-only mappings.  Build a new formatter to change one.
    """

    _OPTIONS: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = {
            name
            for name, parameter in inspect.signature(cls.__init__).parameters.items()
            if parameter.kind is inspect.Parameter.KEYWORD_ONLY or name == "datefmt"
        }
        cls._OPTIONS = cls._OPTIONS | own

    def __setattr__(self, name: str, value: Any) -> None:
        fixed = self.__dict__.get("_options_fixed")
        if name in self._OPTIONS and fixed:
            raise AttributeError(
                f"{name} is fixed when a {type(self).__name__} is made (the layout is decided then); "
                f"build a new {type(self).__name__}(..., {name}=...) to change it"
            )
        object.__setattr__(self, name, value)
        if name == "converter" and fixed:  # logging.Formatter's way to pick the time zone: it takes effect
            self._converter_changed()  # type: ignore[attr-defined] # each formatter's: times written with it

    def __delattr__(self, name: str) -> None:
        if name in self._OPTIONS and self.__dict__.get("_options_fixed"):
            raise AttributeError(f"{name} is fixed when a {type(self).__name__} is made; it can't be deleted")
        object.__delattr__(self, name)
