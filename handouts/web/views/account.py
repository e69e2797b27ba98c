"""Signing in and out, the front door, and the health check (the only pages without a session)."""

from __future__ import annotations

import sqlalchemy as sa
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from handouts.web import sessions, users
from handouts.web.auth import (
    clear_session_cookie,
    guarded,
    new_signin_token,
    read_form,
    set_session_cookie,
    set_signin_cookie,
    signin_token_ok,
    visit_of,
)
from handouts.web.pages import render
from handouts.web.server import server_of
from handouts.web.sessions import Visit

PUBLIC = ("/signin", "/health", "/static")  # everything else needs a session


async def home(request: Request) -> Response:
    visit = await visit_of(request)
    return RedirectResponse("/aftercare" if visit else "/signin", status_code=303)


def _signin_page(
    request: Request, status_code: int = 200, error: str | None = None, name: str = ""
) -> Response:
    server = server_of(request)
    token = new_signin_token()
    response = render(
        request, "signin.html", None, status_code, csrf_token=token, error=error, name=name
    )
    set_signin_cookie(response, server, token)
    return response


async def signin_form(request: Request) -> Response:
    if await visit_of(request):
        return RedirectResponse("/aftercare", status_code=303)
    return _signin_page(request)


async def signin(request: Request) -> Response:
    server = server_of(request)
    form = await read_form(request)
    if not signin_token_ok(request, form):
        return _signin_page(request, 403, "The sign-in form had expired. Please try again.")
    name = str(form.get("name", ""))[:80].strip()
    password = str(form.get("password", ""))[:1000]
    address = request.client.host if request.client else "unknown"
    if await run_in_threadpool(sessions.too_many_failures, server.engine, name, address):
        return _signin_page(
            request,
            429,
            "Too many failed attempts. Wait 15 minutes, or ask a manager to check your account.",
            name,
        )
    user = await run_in_threadpool(users.verify, server.engine, name, password)
    if user is None:
        await run_in_threadpool(sessions.record_failure, server.engine, name, address)
        return _signin_page(request, 401, "That name and password do not match.", name)
    await run_in_threadpool(sessions.clear_failures, server.engine, name)
    session_id, _ = await run_in_threadpool(sessions.start, server.engine, user)
    response = RedirectResponse("/aftercare", status_code=303)
    set_session_cookie(response, server, session_id)
    return response


@guarded()
async def signout(request: Request, visit: Visit) -> Response:
    server = server_of(request)
    await run_in_threadpool(sessions.end, server.engine, visit)
    response = RedirectResponse("/signin?signed-out", status_code=303)
    clear_session_cookie(response, server)
    return response


async def health(request: Request) -> Response:
    """For a load balancer: the database answers. Says nothing else."""
    server = server_of(request)

    def ping() -> None:
        with server.engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))

    try:
        await run_in_threadpool(ping)
    except sa.exc.SQLAlchemyError:
        return JSONResponse({"status": "database unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})


routes = [
    Route("/", home),
    Route("/signin", signin_form, methods=["GET"]),
    Route("/signin", signin, methods=["POST"]),
    Route("/signout", signout, methods=["POST"]),
    Route("/health", health),
]
