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


def dotted(path: FieldPath) -> str | None:
    if not path:
        return None
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_text(text: str, file: Path, line_offset: int = 0) -> Located:
    """Parse YAML text; raise ConfigError listing every trap found."""
    try:
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
        located.data = _convert(root, (), located, problems, lines)
    if problems:
        raise ConfigError(problems)
    return located


def load_file(path: Path) -> Located:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(Problem("file not found", file=path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(Problem(f"not UTF-8 text ({exc.reason})", file=path)) from None
    return load_text(text, path)


def _convert(
    node: yaml.Node,
    path: FieldPath,
    located: Located,
    problems: list[Problem],
    lines: list[str],
) -> Any:
    located.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        return _convert_mapping(node, path, located, problems, lines)
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*path, i), located, problems, lines)
            for i, item in enumerate(node.value)
        ]
    assert isinstance(node, yaml.ScalarNode)
    return _convert_scalar(node, path, located, problems, lines)


def _convert_mapping(
    node: yaml.MappingNode,
    path: FieldPath,
    located: Located,
    problems: list[Problem],
    lines: list[str],
) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
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
    return _CONSTRUCTOR.construct_object(node, deep=True)


_TRUTHY = {"y", "yes", "on"}
_CONSTRUCTOR = yaml.SafeLoader("")


def _comment_after_key(node: yaml.ScalarNode, lines: list[str]) -> bool:
    line_no = node.start_mark.line
    if line_no >= len(lines):
        return False
    rest = lines[line_no][node.start_mark.column :]
    return rest.lstrip().startswith("#")
