"""The desk's ASGI application: routes from `views/`, static files, headers, logs and errors.

Logs name the method, the path (never a query string or a body), the status and the time; an
unexpected error is logged by its type and stack only (its message may quote what was typed).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from handouts.aftercare.sheet import load_aftercare_article
from handouts.web.desk import choices
from handouts.web.pages import HERE, refuse
from handouts.web.rendering import warm_up as blank
from handouts.web.server import Server
from handouts.web.views import all_routes

log = logging.getLogger("handouts.web")
MAX_BODY = 4 * 1024 * 1024

CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)


class Guard:
    """Security headers on every response, a body size limit, and a privacy-safe access log."""

    def __init__(self, app: ASGIApp, secure: bool) -> None:
        self.app = app
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY):
            response = Response("Request too large", 413)
            await response(scope, receive, send)
            self._log(scope, 413, started)
            return

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in self._headers():
                    if name not in present:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        started_response = False

        async def tracked(message: Message) -> None:
            nonlocal started_response
            started_response = started_response or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception as exc:
            # Handled here, not re-raised: the server would log the message, and an exception's
            # message may quote what was typed. The type and the stack are enough to find a bug.
            status = 500
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error("internal error %s on %s\n%s", type(exc).__name__, scope.get("path"), frames)
            if not started_response:
                await PlainTextResponse(
                    "Something went wrong on the server. Nothing was kept; please try again.", 500
                )(scope, receive, send_with_headers)
        finally:
            self._log(scope, status, started)

    def _headers(self) -> list[tuple[bytes, bytes]]:
        headers = [
            (b"content-security-policy", CSP.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cache-control", b"no-store"),
        ]
        if self.secure:
            headers.append((b"strict-transport-security", b"max-age=31536000"))
        return headers

    @staticmethod
    def _log(scope: Scope, status: int, started: float) -> None:
        # The path only: never the query string, a header, a cookie or the body.
        log.info(
            "%s %s %d %.0f ms",
            scope.get("method"),
            scope.get("path"),
            status,
            (time.perf_counter() - started) * 1000,
        )


async def not_found(request: Request, exc: Exception) -> Response:
    code = exc.status_code if isinstance(exc, HTTPException) else 404
    messages = {404: "There is no such page.", 405: "That page does not take this request."}
    return refuse(request, code, messages.get(code, "That request could not be handled."))


def create_app(server: Server, warm: bool = True) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if warm:
            threading.Thread(target=warm_up, args=(server,), daemon=True).start()
        try:
            yield
        finally:
            server.pool.close()
            server.engine.dispose()

    app = Starlette(
        routes=[
            *all_routes(),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ],
        exception_handlers={404: not_found, 405: not_found},
        lifespan=lifespan,
    )
    app.state.server = server
    app.add_middleware(Guard, secure=server.secure)
    return app


def warm_up(server: Server) -> None:
    """Each renderer lays out a blank sheet for each clinic once, before the first patient."""
    offered = choices(server.project)
    for clinic in offered.clinics:
        for article_id in offered.articles:
            try:
                article = load_aftercare_article(server.project, article_id)
            except Exception:  # a broken article shows itself on use
                continue
            server.pool.each(blank, server.project, clinic, article, clinic.paper)
