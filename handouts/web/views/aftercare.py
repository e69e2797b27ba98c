"""The aftercare form: preview, download, email or .eml of one patient's sheet.

Patient details arrive only in POST bodies, are checked by the same code as the command, and
leave only in the response (or the email). A user error comes back as the form with one message
per field and everything typed kept in it.
"""

from __future__ import annotations

import base64
import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from handouts.aftercare.delivery import message_bytes
from handouts.errors import DeliveryError, HandoutsError, Problem
from handouts.web import audit
from handouts.web.auth import guarded, read_form
from handouts.web.desk import SheetForm, by_field, field_problem, make, open_desk, preview
from handouts.web.pages import last_clinic, render
from handouts.web.pool import RenderBug
from handouts.web.rendering import PREVIEW_MEDIA_TYPE
from handouts.web.server import server_of
from handouts.web.sessions import Visit

ACTIONS = ("preview", "download", "email", "eml")
PDF_NAME = "aftercare-{clinic}-{date}.pdf"
EML_NAME = "aftercare-{clinic}-{date}.eml"
PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def _form_page(
    request: Request,
    visit: Visit,
    form: SheetForm,
    status_code: int = 200,
    problems: list | None = None,
    preview_image: bytes | None = None,
) -> Response:
    errors, general = by_field(problems or [])
    return render(
        request,
        "aftercare.html",
        visit,
        status_code,
        form=form,
        errors=errors,
        general=general,
        preview=base64.b64encode(preview_image).decode() if preview_image else None,
        preview_type=PREVIEW_MEDIA_TYPE,
        brand_clinic=form.clinic,
    )


@guarded()
async def page(request: Request, visit: Visit) -> Response:
    server = server_of(request)
    form = SheetForm(
        clinic=last_clinic(request) or "",
        date=server.today().isoformat(),
        practitioner=visit.user.name,
    )
    return _form_page(request, visit, form)


@guarded()
async def act(request: Request, visit: Visit) -> Response:
    server = server_of(request)
    form = SheetForm.read(await read_form(request))
    action = (await read_form(request)).get("action", "preview")
    if action not in ACTIONS:
        action = "preview"
    today = server.today()
    try:
        if action == "preview":
            image = await run_in_threadpool(preview, server.project, server.pool, form, today)
            return _form_page(request, visit, form, preview_image=image)
        return await _deliver(request, visit, form, str(action), today)
    except HandoutsError as exc:
        return _form_page(request, visit, form, 422, exc.problems)
    except RenderBug:
        return _form_page(request, visit, form, 500, [_bug()])


def _bug() -> Problem:
    return Problem("the sheet could not be made (an internal error, logged without details)")


async def _deliver(
    request: Request, visit: Visit, form: SheetForm, action: str, today: dt.date
) -> Response:
    server = server_of(request)

    def work() -> tuple[bytes, str | None, str]:
        desk = open_desk(server.project, form.order(send=action == "email"), server.environ)
        details = desk.check(form.raw(), today, field_problem, address=action in ("email", "eml"))
        made = make(desk, server.pool, details)
        names = {"clinic": desk.clinic.id, "date": details.date.isoformat()}
        if action == "download":
            payload, name = made.pdf, PDF_NAME.format(**names)
        else:
            message = desk.message(details, made.pdf)
            if action == "email":
                desk.send(message)
                payload, name = b"", ""
            else:
                payload, name = message_bytes(message), EML_NAME.format(**names)
        audit.record(
            server.engine, visit.user.name, desk.clinic.id, desk.article.id, action, form.encrypt
        )
        return payload, made.password, name

    try:
        payload, password, name = await run_in_threadpool(work)
    except DeliveryError as exc:
        return _form_page(request, visit, form, 502, exc.problems)
    if action != "email" and password is None:
        kind = "application/pdf" if action == "download" else "message/rfc822"
        return Response(
            payload,
            media_type=kind,
            headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'},
        )
    return render(
        request,
        "done.html",
        visit,
        action=action,
        password=password,
        file_name=name,
        file_type="application/pdf" if action == "download" else "message/rfc822",
        file_data=base64.b64encode(payload).decode() if payload else None,
        brand_clinic=form.clinic,
    )


@guarded()
async def preview_image(request: Request, visit: Visit) -> Response:
    """The preview for the page's script: an image, or the field errors as JSON."""
    server = server_of(request)
    form = SheetForm.read(await read_form(request))
    try:
        image = await run_in_threadpool(preview, server.project, server.pool, form, server.today())
    except HandoutsError as exc:
        errors, general = by_field(exc.problems)
        return JSONResponse({"errors": errors, "general": general}, 422, headers=PRIVATE)
    except RenderBug:
        return JSONResponse({"errors": {}, "general": [str(_bug())]}, 500, headers=PRIVATE)
    return Response(image, media_type=PREVIEW_MEDIA_TYPE, headers=PRIVATE)


routes = [
    Route("/aftercare", page, methods=["GET"]),
    Route("/aftercare", act, methods=["POST"]),
    Route("/aftercare/preview", preview_image, methods=["POST"]),
]
