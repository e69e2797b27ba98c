"""Rendering the desk's pages: one autoescaped Jinja environment, the common context, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

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
    from handouts.web.auth import server_of
    from handouts.web.desk import choices

    offered = choices(server_of(request).project)
    brand = offered.clinic(context.pop("brand_clinic", None))
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
    html = environment.get_template(template).render(page_context(request, visit, **context))
    return HTMLResponse(html, status_code=status_code)


def stream(request: Request, template: str, visit: Visit, **context: Any) -> Iterator[str]:
    """A page sent as it is made: a loop over a generator in the template shows progress."""
    return environment.get_template(template).generate(page_context(request, visit, **context))


def refuse(
    request: Request, status_code: int, message: str, visit: Visit | None = None
) -> Response:
    return render(request, "error.html", visit, status_code, message=message)
