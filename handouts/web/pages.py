"""Rendering the desk's pages: one autoescaped Jinja environment, the common context, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from handouts.web.desk import choices
from handouts.web.server import server_of
from handouts.web.sessions import Visit

HERE = Path(__file__).resolve().parent
environment = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every value, whatever the file name
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

# Pages in the navigation: (path, label, role needed). Issue 14's studio adds its own here.
NAVIGATION: list[tuple[str, str, str]] = [
    ("/aftercare", "Aftercare sheet", "practitioner"),
    ("/daylist", "Day list", "practitioner"),
    ("/pads", "Blank pads", "practitioner"),
    ("/audit", "Audit log", "manager"),
]


def page_context(request: Request, visit: Visit | None, **context: Any) -> dict[str, Any]:
    """What every page's layout reads: the user, the navigation, the clinic's brand, choices."""
    offered = choices(server_of(request).project)
    chosen = context.pop("brand_clinic", None) or last_clinic(request)
    brand = offered.clinic(chosen) if visit else None  # the sign-in page names no clinic
    nav = [
        (path, label)
        for path, label, role in NAVIGATION
        if visit and (role == "practitioner" or visit.user.is_manager)
    ]
    return {
        "request_path": request.url.path,
        "request_query": request.url.query,
        "visit": visit,
        "csrf": visit.csrf if visit else "",
        "nav": nav,
        "brand": brand,
        "choices": offered,
        **context,
    }


def render(
    request: Request,
    template: str,
    visit: Visit | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    chosen = context.get("brand_clinic")
    html = environment.get_template(template).render(page_context(request, visit, **context))
    response = HTMLResponse(html, status_code=status_code)
    if chosen and chosen != last_clinic(request):
        remember_clinic(response, chosen)
    return response


CLINIC_COOKIE = "handouts_clinic"


def last_clinic(request: Request) -> str | None:
    """The clinic this browser chose last (an id, nothing personal), for the next form."""
    return request.cookies.get(CLINIC_COOKIE)


def remember_clinic(response: Response, clinic_id: str) -> None:
    response.set_cookie(
        CLINIC_COOKIE, clinic_id[:80], max_age=180 * 86400, httponly=True, samesite="strict"
    )


def stream(request: Request, template: str, visit: Visit, **context: Any) -> Iterator[str]:
    """A page sent as it is made: a loop over a generator in the template shows progress."""
    return environment.get_template(template).generate(page_context(request, visit, **context))


def refuse(
    request: Request, status_code: int, message: str, visit: Visit | None = None
) -> Response:
    return render(request, "error.html", visit, status_code, message=message)
