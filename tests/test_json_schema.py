"""`handouts schema --format json-schema`: what editors validate clinic files and articles with."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from handouts.cli import app
from handouts.source.articles import article_files, split_front_matter
from handouts.source.project import library_dir

from .conftest import REPO


def schema_for(runner: CliRunner, kind: str) -> dict[str, Any]:
    result = runner.invoke(app, ["schema", kind, "--format", "json-schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def as_json(value: Any) -> Any:
    """YAML as an editor's language server sees it: dates are text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("clinic", ["riverside", "lakeshore"])
def test_the_demo_clinics_are_valid(runner: CliRunner, clinic: str) -> None:
    schema = schema_for(runner, "clinic")
    data = yaml.safe_load((REPO / "data/clinics" / f"{clinic}.yaml").read_text())
    jsonschema.validate(as_json(data), schema)


def test_the_shipped_articles_front_matter_is_valid(runner: CliRunner) -> None:
    schema = schema_for(runner, "article")
    for path in article_files(library_dir()).values():
        front, _, _ = split_front_matter(path.read_text(), path)
        jsonschema.validate(as_json(yaml.safe_load(front)), schema)


def test_mistakes_are_caught_as_typed(runner: CliRunner) -> None:
    schema = schema_for(runner, "clinic")
    data = as_json(yaml.safe_load((REPO / "data/clinics/riverside.yaml").read_text()))
    validator = jsonschema.Draft202012Validator(schema)
    for change, where in (
        ({"paper": "a3"}, "paper"),
        ({"colour": "#000000"}, ""),
        ({"contact": {**data["contact"], "phone": None}}, "contact"),
    ):
        errors = list(validator.iter_errors({**data, **change}))
        assert errors, change
        assert "/".join(map(str, errors[0].absolute_path)).startswith(where)
    assert schema["properties"]["paper"]["enum"] == ["a4", "letter"]
    assert "name" in schema["required"]
