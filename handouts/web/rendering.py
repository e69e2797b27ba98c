"""What the warm renderers run: a sheet's PDF, a sheet's or a leaflet's first page as an image."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from handouts.aftercare.patient import PatientDetails
from handouts.aftercare.sheet import SheetJob, warm_maker
from handouts.design.layouts import LAYOUTS
from handouts.design.profiles import output_for
from handouts.render.jobs import Job
from handouts.render.leaflet import lay_out
from handouts.source.articles import Article
from handouts.source.clinics import Clinic
from handouts.source.project import Project

if TYPE_CHECKING:
    from handouts.render.document import Renderer

PREVIEW_WIDTH = 820  # pixels: sharp in a half-width column, small enough to send at once
# JPEG at a high quality without chroma subsampling: coloured text keeps its edges, and encoding
# takes about 5 ms where a PNG of the same page took 45 ms, a fifth of a warm preview.
PREVIEW_MEDIA_TYPE = "image/jpeg"


def sheet_pdf(
    project: Project, clinic: Clinic, article: Article, size: str, details: PatientDetails | None
) -> bytes:
    """The same sheet `handouts aftercare` makes, from a maker kept warm in this process."""
    return warm_maker(project, SheetJob(clinic, article, size)).render(details)


def sheet_image(
    project: Project,
    clinic: Clinic,
    article: Article,
    size: str,
    details: PatientDetails | None,
    width: int = PREVIEW_WIDTH,
) -> bytes:
    """The sheet's page as an image for the preview; the PDF never leaves this process."""
    return page_image(sheet_pdf(project, clinic, article, size, details), width)


def page_image(pdf: bytes, width: int = PREVIEW_WIDTH) -> bytes:
    """The first page of `pdf`, `width` pixels wide, as PREVIEW_MEDIA_TYPE."""
    import pypdfium2  # lazy: only the renderers draw previews

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale, may_draw_forms=False, rev_byteorder=True).to_pil()
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90, subsampling=0)
    return out.getvalue()


def warm_up(project: Project, clinic: Clinic, article: Article, size: str) -> bytes:
    """A blank sheet, rendered once so that fonts and stylesheets are loaded before a preview."""
    return sheet_image(project, clinic, article, size, None, 200)


_RENDERERS: dict[Project, Renderer] = {}


def leaflet_image(
    project: Project, clinic: Clinic, article: Article, width: int = PREVIEW_WIDTH
) -> bytes:
    """A leaflet's first page (the flyer, office profile) from this process's warm renderer,
    laid out by the build's own `render.leaflet.lay_out`; only that page is drawn, nothing is
    written."""
    from handouts.render.document import Renderer  # lazy: WeasyPrint, in the renderers only

    renderer = _RENDERERS.get(project)
    if renderer is None:
        _RENDERERS.clear()
        renderer = _RENDERERS[project] = Renderer(project.asset_roots())
    job = Job(clinic, article, LAYOUTS["flyer"])
    output = output_for(job.profile, clinic)
    document = lay_out(job, project, renderer, output).document
    first = document.copy(document.pages[:1])
    return page_image(first.write_pdf(**output.write_options()), width)
