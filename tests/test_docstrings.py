"""The reference is generated from the docstrings: every public option has an entry, and no entry is stale.

The docs site's reference pages are made from these docstrings by
mkdocstrings (``docstring_style: google``), so a parameter without an
``Args:`` entry is an option nobody can look up, and an entry for a
parameter that is gone documents an option that doesn't exist.  The public
API is ``prefixlog.__all__`` and ``prefixlog.testing``'s ``__all__``; for a
class, its public methods (those of its prefixlog classes, not logging's)
are checked too.

One style, Google's, read by the small strict parser below (no dependency):
a section starts with its name alone on an unindented line (``Args:``);
its entries are indented four spaces (``name: text`` or
``name (type): text``), their further lines eight or more.  References are
Markdown's (``[FieldLogger][prefixlog.FieldLogger]``), never Sphinx roles,
which mkdocstrings would show as they are.  An example (``>>>``) runs.

- A class's constructor options are its class docstring's ``Args:`` (as
  mkdocstrings shows them with ``merge_init_into_class``); a dataclass's
  or a ``NamedTuple``'s are its fields, in ``Attributes:``.
- ``*args`` and ``**kwargs`` have their entries under those names, stars
  included.  A formatter's ``*args`` and ``**options`` (``Unpack[FormatterOptions]``)
  point to ``FormatterOptions``, whose ``Attributes:`` hold exactly its keys.
- An entry for a parameter with a default says the default.
- A constant of ``__all__`` has an attribute docstring: a string right
  after its assignment (what mkdocstrings reads).
"""

from __future__ import annotations

import ast
import dataclasses
import doctest
import inspect
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import prefixlog
import prefixlog.testing
from prefixlog import FormatterOptions

if TYPE_CHECKING:
    from typing_extensions import Unpack

SRC = Path(prefixlog.__file__).parent

#: The Google sections this project writes; each once at most.
SECTIONS = frozenset({"Args", "Attributes", "Returns", "Yields", "Raises", "Example", "Examples", "Note", "Warning"})
#: Sections whose body is entries (``name: text``).
ENTRY_SECTIONS = frozenset({"Args", "Attributes", "Raises"})
#: Other styles' (or misspelt) section names: one style everywhere.
OTHER_STYLES = frozenset(
    {"Parameters", "Arguments", "Params", "Keyword Args", "Keyword Arguments", "Other Parameters", "Return", "Yield"}
    | {"Raise", "Notes", "Warnings", "Warns", "See Also", "Todo", "Attribute", "Arg"}
)
_HEADER = re.compile(r"([A-Z][A-Za-z]*(?: [A-Z][a-z]+)?):")
_SPHINX_ROLE = re.compile(r":(?:class|func|meth|mod|attr|data|exc|obj):`[^`]*`")
_ENTRY = re.compile(r" {4}(\*{0,2}[A-Za-z_][A-Za-z0-9_.]*)(?: \(([^()]*)\))?: (\S.*)")


class DocstringError(ValueError):
    """A docstring that is not the project's Google style."""


def parse(doc: str) -> dict[str, dict[str, str]]:
    """The Google sections of ``doc``: for an entry section, its entries' texts by name; else ``{"": body}``."""
    lines = inspect.cleandoc(doc).splitlines()
    sections: dict[str, dict[str, str]] = {}
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if re.fullmatch(r"-{3,}|={3,}", line.strip()):
            raise DocstringError(f"an underlined heading (NumPy or reST style): {lines[index - 2]!r}")
        header = _HEADER.fullmatch(line)
        if header is None:
            continue
        name = header.group(1)
        if name in OTHER_STYLES:
            raise DocstringError(f"section {name!r} is not Google style as written here; use one of {sorted(SECTIONS)}")
        if name not in SECTIONS:
            continue  # prose that ends in a colon
        if name in sections:
            raise DocstringError(f"section {name!r} twice")
        body: list[str] = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith(" ")):
            body.append(lines[index])
            index += 1
        while body and not body[-1].strip():
            body.pop()
        if not body:
            raise DocstringError(f"section {name!r} is empty")
        sections[name] = _entries(name, body) if name in ENTRY_SECTIONS else {"": "\n".join(body)}
    return sections


def _entries(section: str, body: list[str]) -> dict[str, str]:
    entries: dict[str, str] = {}
    current = ""
    for line in body:
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent >= 8 and current:
            entries[current] += " " + line.strip()
            continue
        entry = _ENTRY.fullmatch(line)
        if entry is None:
            raise DocstringError(f"{section}: not an entry ('    name: text') nor its continuation: {line!r}")
        current = entry.group(1)
        if current in entries:
            raise DocstringError(f"{section}: {current!r} twice")
        entries[current] = entry.group(3)
    return entries


def _own_doc(obj: Any) -> str:
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else getattr(obj, "__doc__", None)
    return doc if isinstance(doc, str) else ""


def _entry_name(parameter: inspect.Parameter) -> str:
    if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
        return "*" + parameter.name
    if parameter.kind is inspect.Parameter.VAR_KEYWORD:
        return "**" + parameter.name
    return parameter.name


def _is_record_class(cls: type) -> bool:
    """A dataclass or a ``NamedTuple``: its constructor's parameters are its fields (``Attributes:``)."""
    return dataclasses.is_dataclass(cls) or (issubclass(cls, tuple) and hasattr(cls, "_fields"))


def problems(obj: Any) -> list[str]:
    """What is wrong with ``obj``'s docstring: a missing, stale or malformed entry, no docstring at all."""
    doc = _own_doc(obj)
    if not doc.strip():
        return ["no docstring"]
    role = _SPHINX_ROLE.search(doc)
    if role:
        return [f"a Sphinx role, which mkdocstrings leaves as it is: {role.group()!r}; use [name][prefixlog.name]"]
    try:
        sections = parse(doc)
    except DocstringError as error:
        return [str(error)]
    if obj is FormatterOptions:
        return _compare("Attributes", sections.get("Attributes", {}), list(FormatterOptions.__annotations__), {})
    if not callable(obj):
        return []
    try:
        signature = inspect.signature(obj)
    except (TypeError, ValueError):  # a builtin's constructor (SlogLevel's is int's): nothing to document
        return []
    params = [p for p in signature.parameters.values() if p.name not in ("self", "cls")]
    defaults = {_entry_name(p): p.default for p in params if p.default is not inspect.Parameter.empty}
    names = [_entry_name(p) for p in params]
    section = "Attributes" if isinstance(obj, type) and _is_record_class(obj) else "Args"
    found = _compare(section, sections.get(section, {}), names, defaults)
    if isinstance(obj, type) and section == "Args" and "Attributes" in sections:
        found.append("constructor options belong in Args:, not Attributes:")
    shared = [p for p in params if "FormatterOptions" in str(p.annotation)]
    for parameter in shared:  # **options: Unpack[FormatterOptions], and the *args beside it
        for name in (f"*{p.name}" for p in params if p.kind is inspect.Parameter.VAR_POSITIONAL):
            if "FormatterOptions" not in sections.get(section, {}).get(name, "FormatterOptions"):
                found.append(f"{section}: {name!r} must point to FormatterOptions")
        if "FormatterOptions" not in sections.get(section, {}).get(_entry_name(parameter), "FormatterOptions"):
            found.append(f"{section}: {_entry_name(parameter)!r} must point to FormatterOptions")
    return found


def _compare(section: str, entries: dict[str, str], names: list[str], defaults: dict[str, object]) -> list[str]:
    found = [f"{section}: no entry for {name!r}" for name in names if name not in entries]
    found += [f"{section}: entry {name!r} names no parameter (stale)" for name in entries if name not in names]
    found += [
        f"{section}: {name!r} doesn't say its default ({defaults[name]!r})"
        for name in names
        if name in defaults and name in entries and "default" not in entries[name].lower()
    ]
    return found


def _public_api() -> Iterator[tuple[str, Any]]:
    for name in prefixlog.__all__:
        yield f"prefixlog.{name}", getattr(prefixlog, name)
    for name in prefixlog.testing.__all__:
        yield f"prefixlog.testing.{name}", getattr(prefixlog.testing, name)


def _members(cls: type) -> Iterator[tuple[str, Any]]:
    """A public class's public methods and properties, from its prefixlog classes (not logging's)."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("prefixlog"):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_") or name in seen or name in getattr(cls, "__dataclass_fields__", {}):
                continue
            if name in getattr(cls, "_fields", ()) and issubclass(cls, tuple):
                continue
            seen.add(name)
            if isinstance(member, (classmethod, staticmethod)):
                yield name, member.__func__
            elif isinstance(member, property) or inspect.isfunction(member):
                yield name, member


def _checked() -> Iterator[tuple[str, Any]]:
    for name, obj in _public_api():
        if callable(obj):
            yield name, obj
        if isinstance(obj, type):
            for member, value in _members(obj):
                yield f"{name}.{member}", value


CHECKED = dict(_checked())
CONSTANTS = [name for name, obj in _public_api() if not isinstance(obj, type) and not callable(obj)]


@pytest.mark.parametrize("name", sorted(CHECKED))
def test_every_public_option_has_its_entry(name: str) -> None:
    found = problems(CHECKED[name])
    assert not found, f"{name}: " + "; ".join(found)


@pytest.mark.parametrize("name", sorted(name for name, obj in CHECKED.items() if ">>>" in _own_doc(obj)))
def test_the_examples_in_docstrings_run(name: str) -> None:
    """An ``Example:`` shown in the reference runs as shown (doctest)."""
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = doctest.DocTestFinder(recurse=False).find(CHECKED[name], name, globs={})
    assert tests
    for each in tests:
        runner.run(each, out=report.append)
    assert runner.failures == 0, "".join(report)


def _attribute_docstrings() -> dict[str, str]:
    """Every module-level assignment of the package followed by a string: ``name -> docstring``."""
    docs: dict[str, str] = {}
    for path in sorted(SRC.glob("*.py")):
        body = ast.parse(path.read_text(encoding="utf-8")).body
        for statement, after in itertools.pairwise(body):
            targets = statement.targets if isinstance(statement, ast.Assign) else []
            if isinstance(statement, ast.AnnAssign):
                targets = [statement.target]
            if not (isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)):
                continue
            if isinstance(after.value.value, str):
                for target in targets:
                    if isinstance(target, ast.Name):
                        docs[target.id] = after.value.value
    return docs


@pytest.mark.parametrize("name", CONSTANTS)
def test_every_public_constant_has_an_attribute_docstring(name: str) -> None:
    assert _attribute_docstrings().get(name.rsplit(".", 1)[1], "").strip()


def test_the_api_is_all_checked() -> None:
    """Nothing of ``__all__`` escapes both checks (a new kind of object would need a rule)."""
    assert set(CHECKED) | set(CONSTANTS) >= {name for name, _ in _public_api()}
    assert {"prefixlog.TextFormatter", "prefixlog.FieldLogger.with_field", "prefixlog.testing.capture_logs"} <= set(
        CHECKED
    )


# -- the check itself can fail -------------------------------------------------------------------


def _sample(a: int, b: str = "x", *rest: int, **more: Any) -> None:
    """Do something.

    Args:
        a: The first.
        b: The second; default ``"x"``.
        *rest: More firsts.
        **more: More of everything.
    """


def _with_doc(doc: str) -> Callable[..., None]:
    def sample(a: int, b: str = "x", *rest: int, **more: Any) -> None:
        pass

    sample.__doc__ = doc
    return sample


def test_a_complete_docstring_passes() -> None:
    assert problems(_sample) == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("    a: The first.\n", ""), "Args: no entry for 'a'"),
        (("    *rest: More firsts.\n", ""), "Args: no entry for '*rest'"),
        (("*rest:", "rest:"), "Args: entry 'rest' names no parameter (stale)"),
        (("    a: The first.\n", "    a: The first.\n    c: Gone.\n"), "Args: entry 'c' names no parameter"),
        (('; default ``"x"``', ""), "Args: 'b' doesn't say its default ('x')"),
        (("Args:", "Parameters:"), "section 'Parameters' is not Google style"),
        (("    a: The first.", "  a: The first."), "Args: not an entry"),
        (("    a: The first.", "    a The first."), "Args: not an entry"),
        (("    b:", "    a:"), "Args: 'a' twice"),
        (("    a: The first.", "    a: The first, see :func:`_sample`."), "a Sphinx role"),
        (("Do something.", ""), "no docstring"),
    ],
)
def test_the_check_finds_what_is_wrong(change: tuple[str, str], problem: str) -> None:
    doc = inspect.cleandoc(_sample.__doc__ or "")  # Python 3.13 dedents docstrings itself; older ones don't
    assert change[0] in doc
    broken = doc.replace(change[0], change[1])
    if problem == "no docstring":
        broken = ""
    found = problems(_with_doc(broken))
    assert any(problem in each for each in found), found


class _Shared:
    """A formatter.

    Args:
        *args: Positional.
        **options: More.
    """

    def __init__(self, *args: Any, **options: Unpack[FormatterOptions]) -> None:
        pass


def test_the_check_reads_record_classes_and_formatter_options() -> None:
    @dataclasses.dataclass
    class Scheme:
        """A scheme.

        Attributes:
            style: A style; default ``"red"``.
        """

        style: str = "red"

    assert problems(Scheme) == []
    Scheme.__doc__ = "A scheme.\n\nArgs:\n    style: A style; default red.\n"
    assert problems(Scheme) == ["Attributes: no entry for 'style'"]
    assert problems(_Shared) == [
        "Args: '*args' must point to FormatterOptions",
        "Args: '**options' must point to FormatterOptions",
    ]
    assert problems(FormatterOptions) == []
