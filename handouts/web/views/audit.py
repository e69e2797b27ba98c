"""The audit log for managers: who made or sent which kind of sheet, as a table or a CSV file."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from handouts.web import audit
from handouts.web.auth import guarded
from handouts.web.pages import render
from handouts.web.server import server_of
from handouts.web.sessions import Visit

SHOWN = 500


@guarded(role="manager")
async def page(request: Request, visit: Visit) -> Response:
    entries = await run_in_threadpool(audit.entries, server_of(request).engine, SHOWN)
    return render(request, "audit.html", visit, entries=entries, columns=audit.COLUMNS)


@guarded(role="manager")
async def export(request: Request, visit: Visit) -> Response:
    entries = await run_in_threadpool(audit.entries, server_of(request).engine)
    return Response(
        audit.as_csv(entries),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": 'attachment; filename="handouts-audit.csv"',
            "Cache-Control": "no-store",
        },
    )


routes = [
    Route("/audit", page, methods=["GET"]),
    Route("/audit.csv", export, methods=["GET"]),
]
