"""Render HTML: strict, autoescaped Jinja2 templates that a clinic may override per file."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from handouts.branding import Leaflet
from handouts.clinics import Clinic
from handouts.errors import HandoutsError, Problem
from handouts.typeset import FILTERS
from handouts.vocabulary import vocabulary


@cache
def environment(templates_dir: Path, override_dir: Path | None) -> jinja2.Environment:
    """A clinic's own `templates/` folder comes first, then the shipped templates."""
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None and override_dir.is_dir():
        loaders.append(jinja2.FileSystemLoader(override_dir))
    loaders.append(jinja2.FileSystemLoader(templates_dir))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,  # every value is untrusted: article text, YAML, patient details
        undefined=jinja2.StrictUndefined,  # a typo in a variable name fails loudly
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)  # ties: numbers, phones, URLs, titles (handouts/typeset.py)
    return env


def clinic_environment(clinic: Clinic, templates_dir: Path) -> jinja2.Environment:
    """The environment a clinic's documents are rendered with: its overrides, then ours."""
    override = clinic.folder / "templates"
    return environment(templates_dir, override if override.is_dir() else None)


def render_html(leaflet: Leaflet, templates_dir: Path, **extra: Any) -> str:
    """The leaflet's HTML; `extra` adds template variables (a booklet's `notes_pages`)."""
    env = clinic_environment(leaflet.clinic, templates_dir)
    try:
        template = env.get_template(leaflet.layout.template)
        context = leaflet.template_context(vocabulary(env, leaflet.clinic.locale))
        return template.render(**context, **extra)
    except jinja2.TemplateError as exc:
        raise HandoutsError(_template_problem(exc, leaflet)) from None


def _template_problem(exc: jinja2.TemplateError, leaflet: Leaflet) -> Problem:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    return Problem(
        f"template error: {exc.message or exc}",
        file=Path(name) if name else None,
        line=line,
        field=f"{leaflet.layout.name} for {leaflet.clinic.id}",
    )
