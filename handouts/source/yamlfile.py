"""Strict YAML reading: values with their line numbers, and the usual YAML traps caught.

PyYAML follows YAML 1.1, where `NO` is false, `0123` is octal and an unquoted `#1a5f7a` is a
comment. A clinic manager who writes those means text, so each is reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handouts import guard, limits
from handouts.errors import ConfigError, Problem

# YAML 1.1 booleans that YAML 1.2 (and every human) reads as words.
_AMBIGUOUS_BOOL = re.compile(r"^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"

FieldPath = tuple[str | int, ...]


@dataclass
class Located:
    """A loaded YAML document plus where each value stood in the file."""

    data: Any
    file: Path
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    line_offset: int = 0
    raw: dict[FieldPath, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # traps found (strict=False)
    budget: int = limits.YAML_NODES  # values still allowed, aliases expanded
    # Collections being converted, to catch an alias inside its own anchor (`a: &x [*x]`).
    converting: set[int] = field(default_factory=set, repr=False)

    def line_of(self, path: FieldPath) -> int | None:
        """The 1-based line of a field, or of its nearest present parent."""
        while True:
            if path in self.positions:
                return self.positions[path][0] + self.line_offset
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: FieldPath, message: str) -> Problem:
        return Problem(message, file=self.file, line=self.line_of(path), field=dotted(path))


# Parsed files kept by their text (articles, clinics): a long-running process such as the desk
# reads the same ones for every request. A problem is never kept (it is raised again).
KEPT_PARSED = 256


def dotted(path: FieldPath) -> str | None:
    if not path:
        return None
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_text(text: str, file: Path, line_offset: int = 0, strict: bool = True) -> Located:
    """Parse YAML text; raise ConfigError listing every trap found.

    With `strict=False` the traps are kept in `located.problems` instead, so that the caller
    can report them together with the schema's findings; a file that cannot be read at all
    (bad syntax, a limit passed, a value that refers to itself) still raises.
    """
    try:
        _check_shape(text, file, line_offset)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 + line_offset if mark else None
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(Problem(f"not valid YAML: {reason}", file=file, line=line)) from None
    located = Located(data=None, file=file, line_offset=line_offset)
    problems: list[Problem] = []
    lines = text.splitlines()
    if root is not None:
        try:
            located.data = _convert(root, (), located, problems, lines)
        except _Unreadable as exc:
            raise ConfigError(exc.problem) from None
    if problems and strict:
        raise ConfigError(problems)
    located.problems = problems
    return located


def load_file(
    path: Path,
    kind: limits.Kind = limits.CLINIC,
    root: Path | None = None,
    strict: bool = True,
) -> Located:
    """Read a YAML file inside `root` (by default its own folder) through the guarded reader."""
    return load_text(read_text(path, kind, root), path, strict=strict)


def read_text(path: Path, kind: limits.Kind, root: Path | None = None) -> str:
    """A file's text through the guarded reader, inside `root` (by default its own folder)."""
    try:
        return guard.read_text(path, kind, [root or path.parent])
    except guard.Refused as exc:
        raise ConfigError(exc.problems) from None


class _Unreadable(Exception):
    """The document cannot be turned into values at all; stops the conversion."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _check_shape(text: str, file: Path, line_offset: int) -> None:
    """Before building anything: no explicit tags, and not too many or too deep values."""
    depth = count = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if not isinstance(event, yaml.NodeEvent):
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            continue
        line = (event.start_mark.line if event.start_mark else 0) + 1 + line_offset
        count += 1
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise ConfigError(
                Problem(
                    f"the YAML tag {_short_tag(tag)} is not allowed: write the value plainly "
                    '(text in quotes, e.g. "0123")',
                    file=file,
                    line=line,
                )
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.YAML_DEPTH:
                raise ConfigError(
                    Problem(
                        f"values are nested more than {limits.YAML_DEPTH} deep",
                        file=file,
                        line=line,
                    )
                )
        if count > limits.YAML_NODES:
            raise ConfigError(
                Problem(f"has more than {limits.YAML_NODES} values", file=file, line=line)
            )


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _convert(
    node: yaml.Node,
    path: FieldPath,
    located: Located,
    problems: list[Problem],
    lines: list[str],
) -> Any:
    located.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    _spend(node, path, located)
    if not isinstance(node, yaml.ScalarNode):
        if id(node) in located.converting:
            raise _Unreadable(located.problem(path, "an alias refers to the value it is part of"))
        located.converting.add(id(node))
    try:
        if isinstance(node, yaml.MappingNode):
            return _convert_mapping(node, path, located, problems, lines)
        if isinstance(node, yaml.SequenceNode):
            return [
                _convert(item, (*path, i), located, problems, lines)
                for i, item in enumerate(node.value)
            ]
        assert isinstance(node, yaml.ScalarNode)
        return _convert_scalar(node, path, located, problems, lines)
    finally:
        located.converting.discard(id(node))


def _spend(node: yaml.Node, path: FieldPath, located: Located) -> None:
    """Aliases repeat values: count every value as it is built, and stop an alias bomb."""
    located.budget -= 1
    if located.budget < 0:
        raise _Unreadable(
            located.problem(
                path,
                f"expands to more than {limits.YAML_NODES} values (aliases repeating aliases?)",
            )
        )
    if len(path) > limits.YAML_DEPTH:
        raise _Unreadable(
            located.problem(path, f"values are nested more than {limits.YAML_DEPTH} deep")
        )


def _convert_mapping(
    node: yaml.MappingNode,
    path: FieldPath,
    located: Located,
    problems: list[Problem],
    lines: list[str],
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(
                Problem(
                    "a key must be a plain name, not a list or mapping",
                    file=located.file,
                    line=key_node.start_mark.line + 1 + located.line_offset,
                    field=dotted(path),
                )
            )
            continue
        key = str(key_node.value)
        child = (*path, key)
        if key in result:
            first = located.positions[child][0] + located.line_offset
            problems.append(
                Problem(
                    f"duplicate key (first given on line {first}); the second would win silently",
                    file=located.file,
                    line=key_node.start_mark.line + 1 + located.line_offset,
                    field=dotted(child),
                )
            )
            continue
        result[key] = _convert(value_node, child, located, problems, lines)
        # Point at the key, which is where a person looks for the field.
        located.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    return result


def _convert_scalar(
    node: yaml.ScalarNode,
    path: FieldPath,
    located: Located,
    problems: list[Problem],
    lines: list[str],
) -> Any:
    plain = node.style is None
    located.raw[path] = node.value
    if plain and node.tag == _BOOL_TAG and _AMBIGUOUS_BOOL.match(node.value):
        problems.append(
            located.problem(
                path,
                f"unquoted {node.value} would be read as "
                f"{'true' if node.value.lower() in _TRUTHY else 'false'}"
                f' (YAML 1.1); write true/false, or quote it ("{node.value}") to mean the text',
            )
        )
        return node.value
    if plain and node.tag == _NULL_TAG and node.value == "" and _comment_after_key(node, lines):
        problems.append(
            located.problem(
                path,
                'value is empty because an unquoted # starts a comment; quote it, e.g. "#1a5f7a"',
            )
        )
        return None
    try:
        return _CONSTRUCTOR.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        # A plain value that looks like a date or number but is not one (2026-02-30).
        reason = getattr(exc, "problem", None) or str(exc)
        problems.append(
            located.problem(path, f"cannot be read ({reason}); put it in quotes to mean text")
        )
        return None


_TRUTHY = {"y", "yes", "on"}
_CONSTRUCTOR = yaml.SafeLoader("")


def _comment_after_key(node: yaml.ScalarNode, lines: list[str]) -> bool:
    line_no = node.start_mark.line
    if line_no >= len(lines):
        return False
    rest = lines[line_no][node.start_mark.column :]
    return rest.lstrip().startswith("#")
