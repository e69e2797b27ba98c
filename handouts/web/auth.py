"""Who is asking: the signed session cookie, roles, and the form token (CSRF) on every POST.

Every page goes through `guarded` except sign-in and /health. The cookie carries a random
session id signed with the database's key: HttpOnly, SameSite=Strict, Secure over TLS. Each
form carries the session's token; the sign-in form, before there is a session, a token that
is also in a short-lived signed cookie (double submit).
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Awaitable, Callable

from itsdangerous import BadSignature
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from handouts.web import sessions
from handouts.web.pages import refuse
from handouts.web.server import Server, server_of
from handouts.web.sessions import Visit

SESSION_COOKIE = "handouts_session"
SIGNIN_COOKIE = "handouts_signin"
MAX_FIELDS = 40
MAX_PART = 2 * 1024 * 1024  # an uploaded day list of 500 rows is well under this

Handler = Callable[[Request, Visit], Awaitable[Response]]


async def visit_of(request: Request) -> Visit | None:
    server = server_of(request)
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        session_id = server.signer.unsign(cookie).decode()
    except (BadSignature, UnicodeDecodeError):
        return None
    return await run_in_threadpool(sessions.find, server.engine, session_id, server.idle)


async def read_form(request: Request) -> FormData:
    return await request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_PART)


def same_token(given: object, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def guarded(
    role: str = "practitioner",
) -> Callable[[Handler], Callable[[Request], Awaitable[Response]]]:
    """A page for signed-in users (managers only with role="manager"); POSTs need the token."""

    def wrap(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            visit = await visit_of(request)
            if visit is None:
                if request.method == "GET":
                    return RedirectResponse("/signin", status_code=303)
                return refuse(request, 401, "Your session has ended. Sign in again.")
            if role == "manager" and not visit.user.is_manager:
                return refuse(request, 403, "This page is for clinic managers.", visit)
            if request.method == "POST":
                form = await read_form(request)
                if not same_token(form.get("csrf"), visit.csrf):
                    return refuse(
                        request, 403, "The form had expired. Go back, reload and try again.", visit
                    )
            request.state.visit = visit
            return await handler(request, visit)

        setattr(endpoint, "role", role)  # noqa: B010  (read by the route tests)
        return endpoint

    return wrap


def set_session_cookie(response: Response, server: Server, session_id: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        server.signer.sign(session_id).decode(),
        httponly=True,
        samesite="strict",
        secure=server.secure,
        path="/",
    )


def clear_session_cookie(response: Response, server: Server) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, samesite="strict", secure=server.secure, path="/"
    )


def new_signin_token() -> str:
    return secrets.token_urlsafe(32)


def set_signin_cookie(response: Response, server: Server, token: str) -> None:
    response.set_cookie(
        SIGNIN_COOKIE,
        server.signer.sign(token).decode(),
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=server.secure,
        path="/signin",
    )


def signin_token_ok(request: Request, form: FormData) -> bool:
    cookie = request.cookies.get(SIGNIN_COOKIE, "")
    try:
        token = server_of(request).signer.unsign(cookie).decode()
    except (BadSignature, UnicodeDecodeError):
        return False
    return same_token(form.get("csrf"), token)
