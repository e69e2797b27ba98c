"""Day lists: upload a CSV, see each row checked, then download every sheet as a ZIP or send them.

Without JavaScript the list is checked on one page and made on a page that is sent row by row
as the sheets are made (progress). The page's script posts to /daylist/run instead and reads
one JSON line per row. The list is never stored: a checked list travels back in the form.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from handouts.aftercare.patient import RawDetails
from handouts.errors import HandoutsError, Problem
from handouts.web import audit, lists
from handouts.web.auth import MAX_PART, guarded, read_form
from handouts.web.desk import SheetForm, by_field, open_desk
from handouts.web.pages import last_clinic, render, stream
from handouts.web.server import Server, server_of
from handouts.web.sessions import Visit

PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


async def _list_bytes(form: FormData) -> bytes:
    """The uploaded file, or the list checked a step before (sent back in the form)."""
    upload = form.get("list")
    if isinstance(upload, UploadFile) and upload.filename:
        return await upload.read(MAX_PART)
    text = form.get("list_text")
    return text.encode()[:MAX_PART] if isinstance(text, str) else b""


def _defaults(sheet: SheetForm) -> RawDetails:
    raw = sheet.raw()
    return RawDetails(date=raw.date, practitioner=raw.practitioner)


@guarded()
async def page(request: Request, visit: Visit) -> Response:
    server = server_of(request)
    sheet = SheetForm(
        clinic=last_clinic(request) or "",
        date=server.today().isoformat(),
        practitioner=visit.user.name,
    )
    return render(request, "daylist.html", visit, form=sheet, errors={}, general=[], rows=None)


async def _prepare(request: Request, send: bool) -> tuple[SheetForm, Any, str, lists.Checked]:
    server = server_of(request)
    form = await read_form(request)
    sheet = SheetForm.read(form)
    data = await _list_bytes(form)
    text, checked = lists.read_list(data)
    if not data:
        checked.problems.insert(0, Problem("choose a CSV file to upload", field="list"))
    desk = await run_in_threadpool(
        open_desk, server.project, sheet.order(send=send), server.environ
    )
    return sheet, desk, text, checked


@guarded()
async def act(request: Request, visit: Visit) -> Response:
    server = server_of(request)
    form = await read_form(request)
    action = form.get("action", "check")
    sheet = SheetForm.read(form)
    try:
        sheet, desk, text, checked = await _prepare(request, action == "send")
    except HandoutsError as exc:
        errors, general = by_field(exc.problems)
        return render(
            request,
            "daylist.html",
            visit,
            422,
            form=sheet,
            errors=errors,
            general=general,
            rows=None,
            brand_clinic=sheet.clinic,
        )
    general = [str(p) for p in checked.problems]
    if general or action not in ("zip", "send"):
        rows = await run_in_threadpool(
            lists.check_all, desk, checked, _defaults(sheet), server.today()
        )
        return render(
            request,
            "daylist.html",
            visit,
            422 if general else 200,
            form=sheet,
            errors={},
            general=general,
            rows=rows,
            list_text=text,
            brand_clinic=sheet.clinic,
        )
    made = _made(server, visit, desk, checked, sheet, action == "send")
    body = stream(
        request,
        "daylist_run.html",
        visit,
        form=sheet,
        action=action,
        total=len(checked.rows),
        made=made,
        brand_clinic=sheet.clinic,
    )
    return StreamingResponse(body, media_type="text/html; charset=utf-8", headers=PRIVATE)


class _Made:
    """The rows as they are made, then the ZIP of the good ones (for the page's last part)."""

    def __init__(
        self,
        server: Server,
        visit: Visit,
        desk: Any,
        checked: lists.Checked,
        sheet: SheetForm,
        send: bool,
    ) -> None:
        self.server, self.visit, self.desk, self.checked = server, visit, desk, checked
        self.sheet, self.send = sheet, send
        self.rows: list[lists.Row] = []

    def __iter__(self) -> Iterator[lists.Row]:
        for row in lists.run(
            self.desk,
            self.server.pool,
            self.checked,
            _defaults(self.sheet),
            self.server.today(),
            self.send,
        ):
            self.rows.append(row)
            yield row
        made = sum(1 for r in self.rows if r.pdf is not None and (r.sent or not self.send))
        if made:
            audit.record(
                self.server.engine,
                self.visit.user.name,
                self.desk.clinic.id,
                self.desk.article.id,
                "email" if self.send else "zip",
                self.sheet.encrypt,
                made,
            )

    @property
    def failed(self) -> list[int]:
        return [r.number for r in self.rows if not r.ok]

    @property
    def passwords(self) -> list[tuple[int, str]]:
        return [(r.number, r.password) for r in self.rows if r.password and r.ok]

    @property
    def zip_base64(self) -> str:
        return base64.b64encode(lists.zip_of(self.rows, self.checked.width)).decode()


def _made(
    server: Server, visit: Visit, desk: Any, checked: lists.Checked, sheet: SheetForm, send: bool
) -> _Made:
    return _Made(server, visit, desk, checked, sheet, send)


@guarded()
async def run_events(request: Request, visit: Visit) -> Response:
    """For the page's script: one JSON line per row, then the summary (and the ZIP)."""
    server = server_of(request)
    form = await read_form(request)
    action = form.get("action")
    sheet = SheetForm.read(form)
    try:
        sheet, desk, _, checked = await _prepare(request, action == "send")
    except HandoutsError as exc:
        errors, general = by_field(exc.problems)
        return Response(
            json.dumps({"errors": errors, "general": general}),
            422,
            media_type="application/json",
            headers=PRIVATE,
        )
    if checked.problems or action not in ("zip", "send"):
        general = [str(p) for p in checked.problems] or ["choose Download or Send"]
        return Response(
            json.dumps({"errors": {}, "general": general}),
            422,
            media_type="application/json",
            headers=PRIVATE,
        )
    made = _made(server, visit, desk, checked, sheet, action == "send")

    def events() -> Iterator[str]:
        total = len(checked.rows)
        for row in made:
            yield (
                json.dumps(
                    {
                        "row": row.number,
                        "total": total,
                        "ok": row.ok,
                        "errors": row.errors,
                        "sent": row.sent,
                    }
                )
                + "\n"
            )
        summary: dict[str, Any] = {"done": True, "failed": made.failed, "passwords": made.passwords}
        if action == "zip":
            summary["zip"] = made.zip_base64
        yield json.dumps(summary) + "\n"

    return StreamingResponse(events(), media_type="application/x-ndjson", headers=PRIVATE)


routes = [
    Route("/daylist", page, methods=["GET"]),
    Route("/daylist", act, methods=["POST"]),
    Route("/daylist/run", run_events, methods=["POST"]),
]
