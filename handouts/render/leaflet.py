"""Lay out one leaflet job: merge branding, render the HTML, lay it out with WeasyPrint, fit it.

This is the half of a leaflet's recipe that ends with a laid-out document (and its overflow
checked); `handouts check` stops here, the build goes on to finish it (see build/produce.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from handouts.design.branding import merge
from handouts.design.profiles import Output
from handouts.render.fit import Fitted, fit_to_layout, pad_to_multiple
from handouts.render.html import render_html
from handouts.render.jobs import Job, stylesheets
from handouts.source.project import Project

if TYPE_CHECKING:
    from handouts.render.document import Renderer


def job_title(job: Job) -> str:
    """How messages name the document: article, layout, clinic and (but for office) profile."""
    name = f"{job.article.id}, layout {job.layout.name}, clinic {job.clinic.id}"
    if job.profile.suffix:
        name += f", for {job.profile.name}"
    return name


def lay_out(job: Job, project: Project, renderer: Renderer, output: Output) -> Fitted:
    """The job laid out at its designed size or, with --fit, the largest body size that fits."""
    from handouts.render.document import RenderRequest, slack  # lazy: WeasyPrint is slow

    name = job_title(job)
    geometry = job.geometry

    def at(body_pt: float, pad_pages: int = 0) -> Any:
        # Merge branding: article + clinic + layout + profile → one Leaflet for the templates.
        leaflet = merge(
            job.article, job.clinic, job.layout, project.asset_roots(), output, body_pt, geometry
        )
        # Render HTML: strict, autoescaped templates (a clinic's overrides first).
        html = render_html(leaflet, project.templates_dir, pad_pages=pad_pages)
        # Lay out with WeasyPrint through the safe fetcher; fails if content overflows.
        request = RenderRequest(
            html=html,
            base_url=leaflet.base_url,
            stylesheets=stylesheets(job.layout, project.styles_dir),
            extra_css=leaflet.brand_css,
            max_pages=job.layout.max_pages,
            name=name,
            source=job.article.source,
            derived=leaflet.derived,
            options=output.render_options(),
        )
        return renderer.layout(request)

    # Fit: a roomier body where the layout has one and the article leaves room for it; with
    # --fit, shrink the body type in small steps until the content fits; a booklet
    # is padded to a multiple of four at each size (questions, goals, health or a diary, and
    # appointments), except in an email file, which is read on a screen and never folded.
    multiple = 1 if output.profile.tagged else job.layout.pages_multiple
    return fit_to_layout(
        lambda body_pt: pad_to_multiple(
            lambda pads: at(body_pt, pads),
            multiple,
            remember=(job.article.id, job.layout.name, body_pt),
        ),
        job.layout,
        job.fit,
        name,
        slack,
    )
