"""The sandbox every template is rendered in, and the loader that reads template files only
through the guarded reader (a clinic's overrides first). `templates.py` builds the environment.

A clinic may drop its own templates into `data/clinics/<id>/templates/`. Those are the clinic's
to lay out its leaflets, not to run code or read files: they are rendered in Jinja's immutable
sandbox (no `__globals__`, no attributes starting with `_`, no changing of lists and dicts),
which here also refuses any attribute of a file path (no `clinic.source.read_text()`), module or
class, and caps repetition (`range`, `"x" * n`). The shipped templates run in the same sandbox:
it costs about 0.4 ms per document against 200 ms or more for laying one out (see README, *Safe
by construction*), so one environment serves both.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath
from types import ModuleType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment

from handouts import guard, limits

MAX_RANGE = 1_000  # items a template's `range()` may make (Jinja's own sandbox allows 100,000)
MAX_REPEAT = 10_000  # length of a string or list a template may make with `*`


class GuardedLoader(jinja2.BaseLoader):
    """Templates from folders, first match wins; each file must really be inside its folder."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = tuple(folder.resolve() for folder in folders)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses `..`
        for folder in self.folders:
            candidate = folder.joinpath(*pieces)
            if not os.path.lexists(candidate):
                continue
            source = guard.read_text(candidate, limits.TEMPLATE, [folder], f"template {template}")
            return source, str(candidate), _unchanged(candidate)
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found = set()
        for folder in self.folders:
            for path in _files(folder):
                found.add(path.relative_to(folder).as_posix())
        return sorted(found)


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, without file paths, modules or classes, and with caps."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, PurePath | ModuleType | type | io.IOBase):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError(f"a power above 64 is not allowed in a template (got {right})")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(count, int)
                if sized and len(seq) * count > MAX_REPEAT:
                    raise SecurityError(
                        f"repeating makes more than {MAX_REPEAT} items in a template"
                    )
        return super().call_binop(context, operator, left, right)


def sandbox_range(*args: int) -> range:
    """`range()` for templates: at most `MAX_RANGE` items."""
    made = range(*args)
    if len(made) > MAX_RANGE:
        raise SecurityError(f"range() makes more than {MAX_RANGE} items in a template")
    return made


def _unchanged(path: Path) -> Callable[[], bool]:
    """Jinja's check that a compiled template is still current."""
    mtime = _mtime(path)
    return lambda: _mtime(path) == mtime


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _files(folder: Path) -> Iterator[Path]:
    for directory, _, names in os.walk(folder):  # links to folders are not followed
        for name in names:
            yield Path(directory) / name
