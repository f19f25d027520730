"""Colours for ``PrefixedFormatter``: mgutz/ansi style strings and x-cray's ``ColorScheme``.

A style is mgutz/ansi's ``"fg+attrs:bg+attrs"``: ``"green"``, ``"red+b"``,
``"black+h"``, ``"white:blue"``, ``"208"`` (a 256-colour number), ``"+b"``,
or the whole words ``"reset"`` and ``"off"``.  :func:`style_code` gives
exactly the escape code mgutz/ansi's ``ColorCode`` gives.  Where mgutz
silently guesses (an unknown colour name becomes black, an unknown attribute
letter or anything after a second ``+`` or ``:`` is dropped), prefixlog
refuses the style with a ``ValueError`` when the formatter is built.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Optional

from ._levels import ERROR, FATAL, INFO, PANIC, WARNING

#: mgutz/ansi's ``Reset``: what ends every coloured piece of text.
RESET: Final = "\x1b[0m"

#: mgutz/ansi's colour names and their offsets from 30 (foreground) and 40 (background).
COLOR_NAMES: Final[Mapping[str, int]] = {
    "black": 0,
    "red": 1,
    "green": 2,
    "yellow": 3,
    "blue": 4,
    "magenta": 5,
    "cyan": 6,
    "white": 7,
    "default": 9,
}

#: Attribute letters and their SGR codes, in the order mgutz/ansi writes them.
#: ``h`` (high intensity) is not a code: it moves the colour to 90+ / 100+.
ATTRIBUTES: Final = (("b", "1;"), ("d", "2;"), ("B", "5;"), ("u", "4;"), ("i", "7;"), ("s", "9;"))
_LETTERS: Final = frozenset("bdBuish")
_NUMBER: Final = re.compile("[0-9]+")


def _describe() -> str:
    return (
        f"a style is 'fg+attrs:bg+attrs' with colours {', '.join(COLOR_NAMES)} or 0-255, "
        "attributes from 'bdBuish', or 'reset'/'off'"
    )


def _named_color(name: str, part: str, style: str) -> tuple[int, Optional[int]]:
    """``(offset of a named colour, 256-colour number or None)``; ``""`` is mgutz's black."""
    if name == "":
        return 0, None  # mgutz looks "" up in its map and gets the zero value: black
    if name in COLOR_NAMES:
        return COLOR_NAMES[name], None
    if _NUMBER.fullmatch(name):
        number = int(name)  # mgutz: strconv.Atoi, so "007" is 7
        if number <= 255:
            return 0, number
    raise ValueError(f"unknown {part} colour {name!r} in style {style!r}; {_describe()}")


def _split(text: str, part: str, style: str) -> tuple[str, str]:
    pieces = text.split("+")
    if len(pieces) > 2:
        raise ValueError(f"style {style!r}: more than one '+' in the {part}; {_describe()}")
    name, attrs = pieces[0], pieces[1] if len(pieces) == 2 else ""
    unknown = sorted(set(attrs) - _LETTERS)
    if unknown:
        raise ValueError(f"style {style!r}: unknown {part} attribute {''.join(unknown)!r}; {_describe()}")
    return name, attrs


def style_code(style: str) -> str:
    """The escape code mgutz/ansi's ``ColorCode(style)`` returns (``""`` for ``""`` and ``"off"``).

    Raises ``ValueError`` for a style mgutz would have to guess at.
    """
    if style in ("", "off"):
        return ""
    if style == "reset":
        return RESET
    halves = style.split(":")
    if len(halves) > 2:
        raise ValueError(f"style {style!r}: more than one ':'; {_describe()}")
    fg_name, fg_attrs = _split(halves[0], "foreground", style)
    bg_name, bg_attrs = _split(halves[1], "background", style) if len(halves) == 2 else ("", "")
    fg_offset, fg_number = _named_color(fg_name, "foreground", style)
    code = ["\x1b[0;"]
    code.extend(sgr for letter, sgr in ATTRIBUTES if letter in fg_attrs)
    if fg_number is not None:
        code.append(f"38;5;{fg_number};")
    else:
        code.append(f"{(90 if 'h' in fg_attrs else 30) + fg_offset};")
    if bg_name:  # mgutz: an empty background name means no background (its attributes too)
        bg_offset, bg_number = _named_color(bg_name, "background", style)
        if bg_number is not None:
            code.append(f"48;5;{bg_number};")
        else:  # of the background's attributes only 'h' counts, as in mgutz
            code.append(f"{(100 if 'h' in bg_attrs else 40) + bg_offset};")
    return "".join(code)[:-1] + "m"


class Painter:
    """mgutz/ansi's ``ColorFunc``: wraps non-empty text in a style's code and ``RESET``.

    ``Painter(None)`` leaves text alone (the empty style, or colours off).
    ``"off"`` has the empty code but still appends ``RESET``, as mgutz does.
    """

    __slots__ = ("code",)

    def __init__(self, code: Optional[str]) -> None:
        self.code = code

    def __call__(self, text: str) -> str:
        if self.code is None or not text:
            return text
        return self.code + text + RESET

    def __repr__(self) -> str:
        return f"Painter({self.code!r})"


def painter(style: str) -> Painter:
    """The ``Painter`` for a style string (mgutz/ansi's ``ColorFunc(style)``)."""
    return Painter(style_code(style) if style else None)


@dataclass(frozen=True)
class ColorScheme:
    """x-cray's ``ColorScheme``: one mgutz/ansi style per level, for the prefix and the timestamp.

    [PrefixedFormatter][prefixlog.PrefixedFormatter]'s ``color_scheme``.
    A style is mgutz/ansi's ``"foreground+attributes:background+attributes"``
    (``"red"``, ``"208"``, ``"red+bu"``, ``"black+h"``, ``"white:blue+h"``),
    written as the escape codes mgutz/ansi writes.  The defaults are
    x-cray's; an empty style falls back to the default, as x-cray's
    ``SetColorScheme`` does.  Trace (and any level that is not info …
    panic) uses ``debug_level_style``.  Every style is checked here, so a
    bad one (an unknown colour or attribute, where mgutz would guess) is a
    ``ValueError`` naming it when the scheme is made.

    Attributes:
        info_level_style: The info level's style.  Default ``"green"``;
            x-cray's ``InfoLevelStyle``.
        warn_level_style: The warning level's style.  Default ``"yellow"``;
            x-cray's ``WarnLevelStyle``.
        error_level_style: The error level's style.  Default ``"red"``;
            x-cray's ``ErrorLevelStyle``.
        fatal_level_style: The fatal (CRITICAL) level's style.  Default
            ``"red"``; x-cray's ``FatalLevelStyle``.
        panic_level_style: The panic level's style.  Default ``"red"``;
            x-cray's ``PanicLevelStyle``.
        debug_level_style: The debug and trace levels' style (and any level
            but info … panic).  Default ``"blue"``; x-cray's ``DebugLevelStyle``.
        prefix_style: The prefix's style.  Default ``"cyan"``; x-cray's
            ``PrefixStyle``.
        timestamp_style: The time's style.  Default ``"black+h"`` (grey);
            x-cray's ``TimestampStyle``.
    """

    info_level_style: str = "green"
    warn_level_style: str = "yellow"
    error_level_style: str = "red"
    fatal_level_style: str = "red"
    panic_level_style: str = "red"
    debug_level_style: str = "blue"
    prefix_style: str = "cyan"
    timestamp_style: str = "black+h"

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, str):
                raise TypeError(f"ColorScheme.{field.name} must be a str style such as 'red+b', not {value!r}")
            try:
                style_code(value)
            except ValueError as error:
                raise ValueError(f"ColorScheme.{field.name}: {error}") from None

    @classmethod
    def from_mapping(cls, styles: Mapping[str, object], option: str = "color_scheme") -> ColorScheme:
        """A scheme from ``{"info_level_style": "green", ...}`` (as ``dictConfig`` gives it).

        Args:
            styles: Styles by field name; missing keys keep their default.
            option: The option's name the errors give.  Default ``"color_scheme"``.

        Returns:
            The scheme.

        Raises:
            ValueError: An unknown key or a bad style, naming it.
            TypeError: A style that is not a ``str``.
        """
        names = [f.name for f in dataclasses.fields(cls)]
        for key in styles:
            if key not in names:
                raise ValueError(f"{option}: unknown key {key!r}; allowed keys are {', '.join(names)}")
        try:
            return cls(**styles)  # type: ignore[arg-type]
        except (TypeError, ValueError) as error:
            raise type(error)(f"{option}: {error}") from None


DEFAULT_SCHEME: Final = ColorScheme()


def check_color_scheme(option: str, value: object) -> ColorScheme:
    """A ``color_scheme`` option: ``None`` (x-cray's defaults), a ``ColorScheme`` or a mapping."""
    if value is None:
        return DEFAULT_SCHEME
    if isinstance(value, ColorScheme):
        return value
    if isinstance(value, Mapping):
        return ColorScheme.from_mapping(value, option)
    raise TypeError(f"{option} must be a prefixlog.ColorScheme or a dict of styles, not {value!r}")


@dataclass(frozen=True)
class Palette:
    """A compiled ``ColorScheme``: a ``Painter`` per level, for the prefix and the timestamp."""

    info: Painter
    warn: Painter
    error: Painter
    fatal: Painter
    panic: Painter
    debug: Painter
    prefix: Painter
    timestamp: Painter

    def level(self, levelno: int) -> Painter:
        """The painter of a level number; x-cray paints every other level (trace too) as debug."""
        if levelno == INFO:
            return self.info
        if levelno == WARNING:
            return self.warn
        if levelno == ERROR:
            return self.error
        if levelno == FATAL:
            return self.fatal
        if levelno == PANIC:
            return self.panic
        return self.debug


def compile_scheme(scheme: ColorScheme) -> Palette:
    """x-cray's ``compileColorScheme``: each style, or its default when empty, as a ``Painter``."""
    painters = {
        f.name: painter(getattr(scheme, f.name) or getattr(DEFAULT_SCHEME, f.name)) for f in dataclasses.fields(scheme)
    }
    return Palette(*(painters[f.name] for f in dataclasses.fields(ColorScheme)))


#: The palette without colours: same layout, no escape codes.
PLAIN: Final = Palette(*(Painter(None) for _ in dataclasses.fields(ColorScheme)))
