"""Rule 8, layout: each leaflet is laid out as the build would, and must fit its pages and panels.

This is the build's own overflow detection (`handouts.pdf.check_fit`, through
`handouts.build.render_document`); the PDF is made in memory and never written.
"""

from __future__ import annotations

from handouts.build.recipe import Job, render_document
from handouts.checks.findings import Finding, error
from handouts.errors import HandoutsError, LayoutError
from handouts.source.project import Project

RULE = "layout"


def check(jobs: list[Job], project: Project) -> list[Finding]:
    # Imported here: `handouts build` imports the checks, and a build with nothing to render
    # should not pay the second WeasyPrint takes to import.
    from handouts.render.document import Renderer

    renderer = Renderer(project.asset_roots())
    found: list[Finding] = []
    for job in jobs:
        try:
            render_document(job, project, renderer)
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
