"""Declared, self-documenting schemas: dataclass fields carry their validator and their doc.

`read(Clinic, located)` walks a loaded YAML mapping against a dataclass, converts each value
with its field's validator and collects every problem (unknown keys, missing fields, wrong
types) with its line before giving up, so a file with three mistakes reports all three.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import MISSING
from pathlib import Path
from typing import Any, TypeVar

import email_validator

from handouts import guard, limits
from handouts.errors import Problem
from handouts.source.yamlfile import FieldPath, Located

T = TypeVar("T")


class Invalid(ValueError):
    """Raised by a validator with a message naming what was expected and what was given."""

    def __init__(
        self, message: str, path: FieldPath | None = None, problems: list[Problem] | None = None
    ) -> None:
        super().__init__(message)
        self.path = path
        self.problems = problems or []


@dataclasses.dataclass(frozen=True)
class Context:
    """What a validator may need besides the value: where the file is, the raw YAML text."""

    located: Located
    path: FieldPath

    @property
    def folder(self) -> Path:
        return self.located.file.parent

    @property
    def raw(self) -> str | None:
        return self.located.raw.get(self.path)


Validator = Callable[[Any, Context], Any]


def spec(check: Validator, doc: str, **kwargs: Any) -> Any:
    """Declare a field: its validator, a one-line doc, and dataclasses.field options."""
    return dataclasses.field(metadata={"check": check, "doc": doc}, **kwargs)


def section(cls: type, doc: str, optional: bool = False) -> Any:
    """Declare a nested mapping read into the dataclass `cls`."""
    kwargs: dict[str, Any] = {"default": None} if optional else {}
    return dataclasses.field(metadata={"section": cls, "doc": doc}, **kwargs)


def read(cls: type[T], located: Located, path: FieldPath = ()) -> tuple[T | None, list[Problem]]:
    """Read `located.data` at `path` into `cls`; return the object (or None) and all problems.

    For the whole file (`path` empty) the YAML traps the loader kept (`strict=False`) come
    first, and a field already reported as a trap is not reported again by its validator.
    """
    problems: list[Problem] = []
    value = _get(located.data, path)
    obj = _read_section(cls, value, located, path, problems)
    if not path and located.problems:
        trapped = {p.field for p in located.problems}
        problems = [*located.problems, *(p for p in problems if p.field not in trapped)]
    return (obj if not problems else None), problems


def _get(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _read_section(
    cls: type[T], value: Any, located: Located, path: FieldPath, problems: list[Problem]
) -> T | None:
    if not isinstance(value, dict):
        what = "the file" if not path else "this field"
        problems.append(
            located.problem(path, f"expected a mapping of fields in {what}, got {describe(value)}")
        )
        return None
    declared = dataclasses.fields(cls)  # type: ignore[arg-type]  # T is always a dataclass
    fields = {f.name: f for f in declared if f.init and "doc" in f.metadata}
    for key in value:
        if key not in fields:
            problems.append(located.problem((*path, key), _unknown_key(key, list(fields))))
    kwargs: dict[str, Any] = {}
    for name, fld in fields.items():
        child = (*path, name)
        if name not in value or value[name] is None:
            if fld.default is MISSING and fld.default_factory is MISSING:
                where, message = (
                    (child, "is empty; a value is required")
                    if name in value
                    else (path, f"missing required field '{name}'")
                )
                problems.append(located.problem(where, message))
            continue
        if "section" in fld.metadata:
            kwargs[name] = _read_section(
                fld.metadata["section"], value[name], located, child, problems
            )
            continue
        try:
            kwargs[name] = fld.metadata["check"](value[name], Context(located, child))
        except Invalid as exc:
            problems.extend(exc.problems or [located.problem(exc.path or child, str(exc))])
    if problems:
        return None
    return cls(**kwargs)


def _unknown_key(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(known)}"
    return f"unknown field{hint}"


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return repr(value)


def document(cls: type, indent: str = "") -> list[str]:
    """Lines of reference documentation for a schema, generated from its declarations."""
    lines: list[str] = []
    for fld in dataclasses.fields(cls):
        if "doc" not in fld.metadata:
            continue
        required = fld.default is MISSING and fld.default_factory is MISSING
        flag = "required" if required else "optional"
        lines.append(f"{indent}- `{fld.name}` ({flag}): {fld.metadata['doc']}")
        if "section" in fld.metadata:
            lines.extend(document(fld.metadata["section"], indent + "  "))
    return lines


# --- validators ------------------------------------------------------------------------------


def text(value: Any, ctx: Context) -> str:
    if isinstance(value, str):
        if not value.strip():
            raise Invalid("is empty; a value is required")
        return value.strip()
    if isinstance(value, bool | int | float) and ctx.raw is not None:
        raise Invalid(
            f"expected text, but YAML read {ctx.raw} as {describe(value)};"
            f' put it in quotes: "{ctx.raw}"'
        )
    raise Invalid(f"expected text, got {describe(value)}")


def max_length(limit: int, one_line: bool = False) -> Validator:
    """Text of at most `limit` characters; with `one_line`, no line break or control character
    (a clinic's name goes into email headers, where a line break would start a new header)."""

    def check(value: Any, ctx: Context) -> str:
        result = text(value, ctx)
        if len(result) > limit:
            raise Invalid(f"is {len(result)} characters long; keep it to {limit} or fewer")
        if one_line and any(ch < " " or ch in "\x7f\x85\u2028\u2029" for ch in result):
            raise Invalid("must be one line: it holds a line break or control character")
        return result

    return check


def text_lines(value: Any, ctx: Context) -> tuple[str, ...]:
    """Either a list of lines or one text whose line breaks are kept."""
    if isinstance(value, list):
        if not value:
            raise Invalid("is an empty list")
        return list_of(text)(value, ctx)
    return tuple(line.strip() for line in text(value, ctx).splitlines() if line.strip())


_SVG_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.svg$")


def svg_name(value: Any, ctx: Context) -> str:
    """An SVG file name without a folder: lower-case letters, digits and dashes, then .svg."""
    result = text(value, ctx)
    if not _SVG_NAME.match(result):
        raise Invalid(
            f"expected a file name such as dry-needling-safety.svg (lower-case letters, digits, "
            f"dashes), got {result!r}"
        )
    return result


def choice(*options: str) -> Validator:
    def check(value: Any, ctx: Context) -> str:
        if not isinstance(value, str) or value not in options:
            raise Invalid(f"expected one of {', '.join(options)}, got {describe(value)}")
        return value

    return check


_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def color(value: Any, ctx: Context) -> str:
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise Invalid(f"expected a colour as #RRGGBB, got {describe(value)}")
    return value.lower()


def is_email_address(value: str) -> bool:
    """A plain address (name@example.com, or in any script: δοκιμή@παράδειγμα.δοκιμή), checked by
    email-validator without looking the domain up: no display name, no line breaks, ≤ 254 chars."""
    if len(value) > 254 or value != value.strip():
        return False
    try:
        email_validator.validate_email(value, check_deliverability=False, test_environment=True)
    except email_validator.EmailNotValidError:
        return False
    return True


def email(value: Any, ctx: Context) -> str:
    result = text(value, ctx)
    if not is_email_address(result):
        raise Invalid(f"expected an email address like name@clinic.com, got {result!r}")
    return result


_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[^\s<>\"]*)?$")


def url(value: Any, ctx: Context) -> str:
    result = text(value, ctx)
    if not _URL.fullmatch(result):
        raise Invalid(f"expected a web address starting with https://, got {result!r}")
    return result


_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")


def phone(value: Any, ctx: Context) -> str:
    result = text(value, ctx)
    digits = re.sub(r"\D", "", result)
    if not _PHONE.fullmatch(result) or not 3 <= len(digits) <= 15:
        raise Invalid(f'expected a phone number such as "+44 117 496 0000", got {result!r}')
    return result


_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


def locale(value: Any, ctx: Context) -> str:
    if not isinstance(value, str) or not _LOCALE.fullmatch(value):
        raise Invalid(f"expected a language tag such as en-GB or en-US, got {describe(value)}")
    return value


def date(value: Any, ctx: Context) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(f"expected a date as YYYY-MM-DD, got {describe(value)}")


def integer(low: int, high: int) -> Validator:
    def check(value: Any, ctx: Context) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(f"expected a whole number from {low} to {high}, got {describe(value)}")
        return value

    return check


def number(low: float, high: float) -> Validator:
    def check(value: Any, ctx: Context) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(f"expected a number from {low:g} to {high:g}, got {describe(value)}")
        if not low <= value <= high:
            raise Invalid(f"expected a number from {low:g} to {high:g}, got {value:g}")
        return float(value)

    return check


def asset_file(*suffixes: str, kind: limits.Kind = limits.IMAGE) -> Validator:
    """A file beside the YAML file (or below its folder), of one of the given types.

    Its real place (links followed) must be inside the YAML file's folder, and it must be a
    regular file within the size limit of its kind: checked here, when the file is loaded, so a
    link out of the data folder is refused for every output, not only where WeasyPrint reads it.
    """

    def check(value: Any, ctx: Context) -> Path:
        name = text(value, ctx)
        if "://" in name or name.startswith("/") or ".." in Path(name).parts:
            raise Invalid(f"must name a file in the same folder as this file, got {name!r}")
        if Path(name).suffix.lower() not in suffixes:
            raise Invalid(f"expected a {' or '.join(suffixes)} file, got {name!r}")
        try:
            path = guard.resolve(ctx.folder / name, [ctx.folder], kind)
        except guard.Refused as exc:
            if exc.problems[0].message == "file not found":
                raise Invalid(f"file {name!r} not found beside {ctx.located.file.name}") from None
            raise Invalid(f"{name!r} {exc.problems[0].message}") from None
        if path.suffix.lower() not in suffixes:
            raise Invalid(f"expected a {' or '.join(suffixes)} file, got {name!r}")
        return path

    return check


def list_of(item: Validator, min_items: int = 1, max_items: int | None = None) -> Validator:
    """A list whose every item passes `item`; every bad item is reported, not only the first."""

    def check(value: Any, ctx: Context) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise Invalid(f"expected a list, got {describe(value)}")
        if len(value) < min_items:
            raise Invalid(f"expected at least {min_items} item(s), got {len(value)}")
        if max_items is not None and len(value) > max_items:
            raise Invalid(f"expected at most {max_items} item(s), got {len(value)}")
        items, problems = [], []
        for i, v in enumerate(value):
            child = Context(ctx.located, (*ctx.path, i))
            try:
                items.append(_item(item, v, child))
            except Invalid as exc:
                where = exc.path or child.path
                problems.extend(exc.problems or [ctx.located.problem(where, str(exc))])
        if problems:
            raise Invalid("invalid items", problems=problems)
        return tuple(items)

    return check


def _item(check: Validator, value: Any, ctx: Context) -> Any:
    if isinstance(value, dict) and len(value) == 1:  # lists of dicts are read by records()
        key, inner = next(iter(value.items()))
        raise Invalid(
            f"YAML read this line as a field {key!r} because of the colon; put the whole line in "
            f'quotes, e.g. "{key}: {ctx.located.raw.get((*ctx.path, key), inner)}"',
            ctx.path,
        )
    try:
        return check(value, ctx)
    except Invalid as exc:
        raise Invalid(str(exc), exc.path or ctx.path, exc.problems) from None


def records(cls: type[T], min_items: int = 0, max_items: int | None = None) -> Validator:
    """A list of mappings, each read into `cls` with its own problems kept separate."""

    def check(value: Any, ctx: Context) -> tuple[T, ...]:
        if not isinstance(value, list) or len(value) < min_items:
            raise Invalid(f"expected a list of at least {min_items} item(s), got {describe(value)}")
        if max_items is not None and len(value) > max_items:
            raise Invalid(f"expected at most {max_items} item(s), got {len(value)}")
        items: list[T] = []
        problems: list[Problem] = []
        for i in range(len(value)):
            item, found = read(cls, ctx.located, (*ctx.path, i))
            if item is not None:
                items.append(item)
            problems.extend(found)
        if problems:
            raise Invalid("invalid items", problems=problems)
        return tuple(items)

    return check
