"""What the warm renderers run: a sheet's PDF, or its first page as a PNG, all in memory."""

from __future__ import annotations

import io

from handouts.aftercare.patient import PatientDetails
from handouts.aftercare.sheet import SheetJob, warm_maker
from handouts.source.articles import Article
from handouts.source.clinics import Clinic
from handouts.source.project import Project

PREVIEW_WIDTH = 820  # pixels: sharp in a half-width column, small enough to send at once


def sheet_pdf(
    project: Project, clinic: Clinic, article: Article, size: str, details: PatientDetails | None
) -> bytes:
    """The same sheet `handouts aftercare` makes, from a maker kept warm in this process."""
    return warm_maker(project, SheetJob(clinic, article, size)).render(details)


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
    import pypdfium2  # lazy: only the renderers draw previews

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
