"""Rule 8, layout: each leaflet is laid out as the build would, and must fit its pages and panels.

This is the build's own overflow detection (`render/document.py`'s `check_fit`, through
`render/leaflet.py`'s `lay_out`, as the build lays out); no PDF is written.
"""

from __future__ import annotations

from handouts.checks.findings import Finding, error
from handouts.design.profiles import output_for
from handouts.errors import HandoutsError, LayoutError
from handouts.render.jobs import Job
from handouts.render.leaflet import lay_out
from handouts.source.project import Project

RULE = "layout"


def check(jobs: list[Job], project: Project) -> list[Finding]:
    # lazy: `handouts build` imports the checks, and a build with nothing to render should not
    # pay the second WeasyPrint takes to import.
    from handouts.render.document import Renderer

    renderer = Renderer(project.asset_roots())
    found: list[Finding] = []
    for job in jobs:
        try:
            lay_out(job, project, renderer, output_for(job.profile, job.clinic))
        except LayoutError as exc:
            found += [
                error(
                    f"{RULE}.overflow",
                    p.message,
                    f"Shorten the article so it fits the {job.layout.name}, or leave "
                    f"the {job.layout.name} out for it.",
                    p.file,
                    p.line,
                    f"{job.layout.name} for {job.clinic.id}",
                )
                for p in exc.problems
            ]
        except HandoutsError as exc:
            found += [
                error(
                    f"{RULE}.render",
                    p.message,
                    "Correct what the message names; the build fails the same way.",
                    p.file or job.article.source,
                    p.line,
                    p.field or f"{job.layout.name} for {job.clinic.id}",
                )
                for p in exc.problems
            ]
    return found
