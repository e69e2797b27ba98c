"""Editing a clinic file from form values: round-trip YAML, the CLI's schema, backups, digests.

Values are set into the file as ruamel.yaml loaded it, so comments and key order survive; the
edited text is validated with the same `Clinic` schema as `handouts check` before anything is
written; the previous version is kept as `<id>.yaml.~N~`; a digest of the file as it was loaded
detects a second manager's save in between (nothing is overwritten then).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, FoldedScalarString

from handouts import guard, limits
from handouts.errors import ConfigError, Problem
from handouts.files import write_atomic
from handouts.source import schema
from handouts.source.clinics import Clinic
from handouts.source.yamlfile import load_text

# Form field name (the dotted YAML path) → kind of value.
TEXT = (
    "name",
    "tagline",
    "colors.primary",
    "colors.accent",
    "colors.text",
    "colors.background",
    "colors.on_primary",
    "fonts.body",
    "fonts.headings",
    "contact.phone",
    "contact.email",
    "contact.website",
    "booking_url",
    "paper",
    "locale",
    "emergency_number",
    "out_of_hours",
    "disclaimer",
)
LINES = ("contact.address", "contact.hours")
NUMBERS = ("press.bleed_mm",)
COLOURS = ("primary", "accent", "text", "background", "on_primary")
INKS = tuple(f"press.cmyk.{c}" for c in COLOURS)
OPTIONAL = {"tagline", "out_of_hours", *NUMBERS, *INKS}
FIELDS = (*TEXT, *LINES, *NUMBERS, *INKS)
MAX_VALUE = 2000

_lock = threading.Lock()


class EditedElsewhere(Exception):
    """The file changed since the form was loaded."""


@dataclass
class Outcome:
    """A save's result: problems per form field, problems for the whole file, the backup."""

    errors: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    backup: Path | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and not self.general


def _read(path: Path) -> bytes:
    """The clinic file, through the guarded reader (its folder, the clinic-file size limit)."""
    return guard.read_bytes(path, limits.CLINIC, [path.parent], "clinic file")


def _text(path: Path) -> str:
    """The clinic file's text, checked as the command line checks it (tags, aliases, size)
    before ruamel.yaml reads it for its comments."""
    text = guard.decode(_read(path), path)
    load_text(text, path, strict=False)
    return text


def digest(path: Path) -> str:
    return hashlib.sha256(_read(path)).hexdigest()


def _yaml() -> YAML:
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    return rt


def form_values(path: Path) -> dict[str, str]:
    """The clinic file's values as the form shows them (a line per item, inks 'C, M, Y, K')."""
    data = _loaded(_text(path)) or {}
    values: dict[str, str] = {}
    for name in FIELDS:
        value = _get(data, name)
        if value is None:
            values[name] = ""
        elif name in LINES and isinstance(value, list):
            values[name] = "\n".join(str(v) for v in value)
        elif name in INKS and isinstance(value, list):
            values[name] = ", ".join(_number_text(v) for v in value)
        else:
            values[name] = _number_text(value) if name in NUMBERS else str(value)
    values["logo"] = str(data.get("logo", ""))
    return values


def _number_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _get(data: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(data, Mapping) or part not in data:
            return None
        data = data[part]
    return data


@functools.lru_cache(maxsize=16)
def _loaded(text: str) -> Any:
    """The clinic file's text as a round-trip document, parsed once per text (the live preview
    asks for each change); callers copy it before changing it."""
    return _yaml().load(text)


def edited_text(path: Path, values: Mapping[str, str], logo: str | None = None) -> str:
    """The clinic file's text with the form's values set in; comments and order kept."""
    rt = _yaml()
    shown = form_values(path)
    data = copy.deepcopy(_loaded(_text(path)))  # the kept copy is never changed
    if not isinstance(data, CommentedMap):
        data = CommentedMap()
    for name in FIELDS:
        if name in values and values[name] != shown.get(name):  # untouched values stay as written
            _set(data, name, _converted(name, values[name][:MAX_VALUE], _get(data, name)))
    if logo is not None:
        data["logo"] = logo
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def _converted(name: str, raw: str, old: Any) -> Any:
    text = raw.replace("\r\n", "\n").strip()
    if not text and name in OPTIONAL:
        return None
    if name in LINES:
        items = [line.strip() for line in text.split("\n") if line.strip()]
        return CommentedSeq(DoubleQuotedScalarString(item) for item in items)
    if name in NUMBERS:
        return _number(text)
    if name in INKS:
        seq = CommentedSeq(_number(part.strip()) for part in re.split(r"[,\s]+", text) if part)
        seq.fa.set_flow_style()
        return seq
    return _scalar(text, old)


def _number(text: str) -> Any:
    try:
        number = float(text)
    except ValueError:
        return text  # the schema names what was expected
    return int(number) if number.is_integer() else number


def _scalar(text: str, old: Any) -> Any:
    """The new text in the old value's style; quoted whenever YAML would misread it plain."""
    if isinstance(old, FoldedScalarString) or "\n" in text:
        return FoldedScalarString(text)
    plain_ok = yaml.safe_load(f"k: {text}") == {"k": text} if text else False
    if isinstance(old, DoubleQuotedScalarString) or not plain_ok or old is None:
        return DoubleQuotedScalarString(text)
    return text


def _set(data: CommentedMap, dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node = data
    for part in parents:
        child = node.get(part)
        if not isinstance(child, CommentedMap):
            if value is None:
                return
            child = CommentedMap()
            node[part] = child
        node = child
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value
    if parents and not node:
        _set(data, ".".join(parents), None)


def validate(path: Path, text: str) -> Outcome:
    """The edited text checked by the CLI's clinic schema, problems sorted per form field."""
    outcome = Outcome()
    try:
        located = load_text(text, path)
        _clinic, problems = schema.read(Clinic, located)
    except ConfigError as exc:
        problems = list(exc.problems)
    for problem in problems:
        sort_problem(outcome, problem)
    return outcome


def sort_problem(outcome: Outcome, problem: Problem) -> None:
    name = re.sub(r"\[\d+\]$", "", problem.field or "")
    if name in FIELDS or name == "logo":
        outcome.errors.setdefault(name, problem.message)
    else:
        where = f"{problem.field}: " if problem.field else ""
        outcome.general.append(f"{where}{problem.message}")


def save(
    path: Path, values: Mapping[str, str], loaded_digest: str, logo: str | None = None
) -> Outcome:
    """Validate and write the clinic file atomically, keeping the previous one as a backup.

    Raises EditedElsewhere when the file is no longer the one the form was loaded from.
    """
    text = edited_text(path, values, logo)
    outcome = validate(path, text)
    if not outcome.ok:
        return outcome
    with _lock:
        old = _read(path)
        if hashlib.sha256(old).hexdigest() != loaded_digest:
            raise EditedElsewhere(path.name)
        outcome.backup = write_atomic(next_backup(path), old, mode=path.stat().st_mode & 0o777)
        write_atomic(path, text.encode("utf-8"), mode=path.stat().st_mode & 0o777)
    return outcome


def next_backup(path: Path) -> Path:
    """`riverside.yaml.~N~` with N one more than the highest kept."""
    taken = [
        int(m.group(1))
        for p in path.parent.glob(f"{path.name}.~*~")
        if (m := re.fullmatch(re.escape(path.name) + r"\.~(\d+)~", p.name))
    ]
    return path.with_name(f"{path.name}.~{max(taken, default=0) + 1}~")


def clinic_from_values(path: Path, values: Mapping[str, str], logo: str | None = None) -> Clinic:
    """The clinic as it would be saved with these values (for a preview); ConfigError if not."""
    located = load_text(edited_text(path, values, logo), path)
    clinic, problems = schema.read(Clinic, located)
    if problems or clinic is None:
        raise ConfigError(problems)
    return replace(clinic, id=path.stem, source=path.resolve())
