"""The one Jinja environment factory: strict, autoescaped, sandboxed templates a clinic may
override per file.

Leaflets, aftercare sheets and the aftercare email all load their templates from here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

from handouts.design.sandbox import GuardedLoader, Sandbox, sandbox_range
from handouts.design.typeset import FILTERS
from handouts.source.clinics import Clinic


@cache
def environment(templates_dir: Path, override_dir: Path | None) -> jinja2.Environment:
    """A clinic's own `templates/` folder comes first, then the shipped templates.

    Every template, shipped or the clinic's, is rendered in the sandbox (`sandbox.py`: no
    Python internals, no file paths, no unbounded loops) and read through the guarded reader.
    """
    folders = [templates_dir]
    if override_dir is not None and override_dir.is_dir():
        folders.insert(0, override_dir)
    env = Sandbox(
        loader=GuardedLoader(tuple(folders)),
        # Every value is untrusted (article text, YAML, patient details): everything is escaped
        # but a plain-text email body, which is never read as HTML.
        autoescape=jinja2.select_autoescape(
            disabled_extensions=("txt",), default_for_string=True, default=True
        ),
        undefined=jinja2.StrictUndefined,  # a typo in a variable name fails loudly
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,  # an email's text ends as its template does
    )
    env.globals["range"] = sandbox_range
    env.filters.update(FILTERS)  # ties: numbers, phones, URLs, titles (design/typeset.py)
    return env


def clinic_environment(clinic: Clinic, templates_dir: Path) -> jinja2.Environment:
    """The environment a clinic's documents are rendered with: its overrides, then ours."""
    override = clinic.folder / "templates"
    return environment(templates_dir, override if override.is_dir() else None)
