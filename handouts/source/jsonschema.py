"""A declared schema as JSON Schema (draft 2020-12), so editors validate YAML as it is typed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import MISSING
from pathlib import Path
from typing import Any

SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    Path: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    dt.date: {"type": "string", "format": "date"},
}


def json_schema(cls: type, title: str) -> dict[str, Any]:
    """The whole document: `$schema`, a title, and the top-level mapping."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": title,
        **_object(cls),
    }


def _object(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for fld in dataclasses.fields(cls):
        if "doc" not in fld.metadata:
            continue
        prop = _type(hints[fld.name])
        options = _choices(fld.metadata.get("check"))
        if options:
            prop = {"enum": list(options)}
        properties[fld.name] = {"description": fld.metadata["doc"], **prop}
        if fld.default is MISSING and fld.default_factory is MISSING:
            required.append(fld.name)
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _type(hint: Any) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        # X | None: a missing or empty value is allowed
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _type(inner[0]) if len(inner) == 1 else {}
    if origin is tuple:
        return {"type": "array", "items": _type(typing.get_args(hint)[0])}
    if dataclasses.is_dataclass(hint):
        return _object(hint)  # type: ignore[arg-type]  # a dataclass type, not an instance
    return dict(SCALARS.get(hint, {}))


def _choices(check: Any) -> tuple[str, ...] | None:
    """The options of a `schema.choice(...)` validator (kept in its closure)."""
    if check is None or not getattr(check, "__qualname__", "").startswith("choice.<locals>"):
        return None
    cells = check.__closure__ or ()
    for cell in cells:
        if isinstance(cell.cell_contents, tuple):
            return tuple(cell.cell_contents)
    return None
