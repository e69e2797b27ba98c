"""Blank pad sheets: the sheet with write-in lines, per clinic, treatment and paper size."""

from __future__ import annotations

from dataclasses import replace

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from handouts.errors import HandoutsError
from handouts.web import audit
from handouts.web.auth import guarded
from handouts.web.desk import SheetForm, by_field, make, open_desk
from handouts.web.pages import last_clinic, render
from handouts.web.pool import RenderBug
from handouts.web.server import server_of
from handouts.web.sessions import Visit


@guarded()
async def page(request: Request, visit: Visit) -> Response:
    form = SheetForm(clinic=last_clinic(request) or "")
    return render(request, "pads.html", visit, errors={}, general=[], form=form)


@guarded()
async def sheet(request: Request, visit: Visit) -> Response:
    """A blank sheet is not personal, so its choices may travel in the address."""
    server = server_of(request)
    form = SheetForm.read(request.query_params)

    def work() -> tuple[bytes, str, str]:
        desk = open_desk(server.project, replace(form.order(), blank=True))
        pdf = make(desk, server.pool, None).pdf
        audit.record(
            server.engine, visit.user.name, desk.clinic.id, desk.article.id, "blank", False
        )
        return pdf, desk.clinic.id, desk.size

    try:
        pdf, clinic, size = await run_in_threadpool(work)
    except (HandoutsError, RenderBug) as exc:
        problems = exc.problems if isinstance(exc, HandoutsError) else []
        errors, general = by_field(problems)
        return render(
            request,
            "pads.html",
            visit,
            422,
            errors=errors,
            general=general or ["the sheet could not be made"],
            form=form,
            brand_clinic=form.clinic,
        )
    name = f"aftercare-{clinic}-blank-{size}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


routes = [
    Route("/pads", page, methods=["GET"]),
    Route("/pads/sheet", sheet, methods=["GET"]),
]
