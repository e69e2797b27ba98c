"""The brand kit's live preview: a leaflet's first page from unsaved values, with the branding
checks (contrast per printed pair with the nearest passing colour, logo resolution, https)."""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from handouts.checks import brand, contrast
from handouts.errors import ConfigError, HandoutsError
from handouts.source import brandkit
from handouts.source.articles import article_files, load_article
from handouts.source.check_settings import CheckSettings, for_clinic, load_settings
from handouts.source.clinics import Clinic
from handouts.source.project import Project
from handouts.web.pool import RendererPool
from handouts.web.rendering import PREVIEW_MEDIA_TYPE, leaflet_image


def preview(
    project: Project, pool: RendererPool, path: Path, values: Mapping[str, str], article_id: str
) -> dict[str, Any]:
    """JSON for the page: the image (a data: URL), field errors, pairs, findings, the time."""
    started = time.perf_counter()
    try:
        clinic = brandkit.clinic_from_values(path, values)
    except ConfigError as exc:
        outcome = brandkit.Outcome()
        for problem in exc.problems:
            brandkit.sort_problem(outcome, problem)
        return {"errors": outcome.errors, "general": outcome.general}
    files = article_files(*project.article_folders())
    article_id = article_id if article_id in files else next(iter(sorted(files)), "")
    result: dict[str, Any] = {"errors": {}, "general": [], **branding(project, clinic)}
    try:
        article = load_article(files[article_id], article_id)
        image = pool.call(leaflet_image, project, clinic, article)
    except (HandoutsError, KeyError) as exc:
        problems = getattr(exc, "problems", [])
        result["general"] = [p.message for p in problems] or ["That leaflet cannot be shown."]
        return result
    result["image"] = f"data:{PREVIEW_MEDIA_TYPE};base64," + base64.b64encode(image).decode()
    result["ms"] = round((time.perf_counter() - started) * 1000)
    return result


def branding(project: Project, clinic: Clinic) -> dict[str, Any]:
    """The branding checks on the unsaved clinic, as `handouts check` runs them."""
    try:
        shared = load_settings(project.data_dir)
    except HandoutsError:  # a broken settings file is `handouts check`'s to report
        shared = CheckSettings()
    settings = for_clinic(shared, clinic.checks).branding
    pairs = [
        {
            "where": r.pair.where,
            "text": r.text,
            "background": r.background,
            "ratio": round(r.ratio, 2),
            "needed": r.needed,
            "passes": r.passes,
            "field": _field(r.change),
            "suggestion": r.suggestion,
        }
        for r in contrast.measure(clinic, settings.contrast_text, settings.contrast_large)
    ]
    findings = [
        {"rule": f.rule, "message": f.message, "fix": f.fix, "field": f.field}
        for f in brand.check(clinic, settings)
        if f.rule != "branding.contrast"  # shown per pair above
    ]
    return {"pairs": pairs, "findings": findings}


def _field(variable: str | None) -> str | None:
    if variable is None or variable.startswith("#") or variable.endswith("-tint"):
        return None
    return "colors." + variable.removeprefix("brand-").replace("-", "_")
