"""A clinic's brand in the desk's header: its colours as CSS variables, and its logo."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from handouts.source.clinics import Clinic
from handouts.web.auth import guarded
from handouts.web.desk import choices
from handouts.web.pages import refuse
from handouts.web.server import server_of
from handouts.web.sessions import Visit

LOGO_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


@guarded()
async def stylesheet(request: Request, visit: Visit) -> Response:
    clinic = _clinic(request)
    if clinic is None:
        return refuse(request, 404, "No such clinic.", visit)
    c = clinic.colors
    css = (
        f":root{{--brand:{c.primary};--brand-accent:{c.accent};--on-brand:{c.on_primary};"
        f"--brand-text:{c.text}}}\n"
    )
    return Response(css, media_type="text/css", headers={"Cache-Control": "private, max-age=60"})


@guarded()
async def logo(request: Request, visit: Visit) -> Response:
    clinic = _clinic(request)
    if clinic is None or clinic.logo.suffix.lower() not in LOGO_TYPES:
        return refuse(request, 404, "No such clinic.", visit)
    return FileResponse(
        clinic.logo,
        media_type=LOGO_TYPES[clinic.logo.suffix.lower()],
        headers={
            # An SVG opened on its own runs no script and reaches nothing.
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
            "Cache-Control": "private, max-age=60",
        },
    )


def _clinic(request: Request) -> Clinic | None:
    wanted = request.path_params["clinic"]
    offered = choices(server_of(request).project)
    return next((c for c in offered.clinics if c.id == wanted), None)


routes = [
    Route("/brand/{clinic}.css", stylesheet, methods=["GET"]),
    Route("/brand/{clinic}/logo", logo, methods=["GET"]),
]
