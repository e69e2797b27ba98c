"""Render HTML: a document's template (leaflet or aftercare sheet) filled in from its Leaflet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from handouts.design.branding import Leaflet
from handouts.design.templates import clinic_environment
from handouts.design.vocabulary import vocabulary
from handouts.errors import HandoutsError, Problem


def render_html(leaflet: Leaflet, templates_dir: Path, **extra: Any) -> str:
    """The leaflet's HTML; `extra` adds template variables (a booklet's `pad_pages`)."""
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
