"""What the warm renderers run: a sheet's PDF, or its first page as a PNG, all in memory."""

from __future__ import annotations

import io

from handouts.build import Job, lay_out_job
from handouts.clinics import Clinic
from handouts.content import Article
from handouts.layouts import LAYOUTS
from handouts.patient import PatientDetails
from handouts.pdf import Renderer
from handouts.profiles import output_for
from handouts.project import Project
from handouts.sheet import warm_maker

PREVIEW_WIDTH = 820  # pixels: sharp in a half-width column, small enough to send at once


def sheet_pdf(
    project: Project, clinic: Clinic, article: Article, size: str, details: PatientDetails | None
) -> bytes:
    """The same sheet `handouts aftercare` makes, from a maker kept warm in this process."""
    return warm_maker(project, clinic, article, size).render(details)


def sheet_png(
    project: Project,
    clinic: Clinic,
    article: Article,
    size: str,
    details: PatientDetails | None,
    width: int = PREVIEW_WIDTH,
) -> bytes:
    """The sheet's page as a PNG for the preview; the PDF never leaves this process."""
    return page_png(sheet_pdf(project, clinic, article, size, details), width)


def page_png(pdf: bytes, width: int = PREVIEW_WIDTH) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale, may_draw_forms=False).to_pil()
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", compress_level=1)
    return out.getvalue()


def warm_up(project: Project, clinic: Clinic, article: Article, size: str) -> bytes:
    """A blank sheet, rendered once so that fonts and stylesheets are loaded before a preview."""
    return sheet_png(project, clinic, article, size, None, 200)


_RENDERERS: dict[Project, Renderer] = {}


def leaflet_png(
    project: Project, clinic: Clinic, article: Article, width: int = PREVIEW_WIDTH
) -> bytes:
    """A leaflet's first page (the flyer, office profile) from this process's warm renderer,
    laid out by the build's own `lay_out_job`; only that page is drawn, nothing is written."""
    renderer = _RENDERERS.get(project)
    if renderer is None:
        _RENDERERS.clear()
        renderer = _RENDERERS[project] = Renderer(project.asset_roots())
    job = Job(clinic, article, LAYOUTS["flyer"])
    output = output_for(job.profile, clinic)
    document = lay_out_job(job, project, renderer, output, "preview", job.layout.body_pt)
    first = document.copy(document.pages[:1])
    return page_png(first.write_pdf(**output.write_options()), width)
