"""The studio's catalogue: the build's grid with status and thumbnails, filters, downloads
(one PDF, a ZIP of the filtered files) and the Build button with polled progress."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from handouts.build.catalogue import Item, items, thumbnail, zip_of
from handouts.build.catalogue import print_pack as make_pack
from handouts.design.profiles import PROFILES
from handouts.errors import HandoutsError
from handouts.render.jobs import Selection
from handouts.web.auth import guarded, read_form
from handouts.web.pages import refuse, render
from handouts.web.server import server_of
from handouts.web.sessions import Visit

FILTERS = ("clinic", "article", "layout", "profile", "status")


def chosen(request: Request) -> tuple[list[Item], dict[str, str], list[Item]]:
    """Every item, the filters asked for, and the items that pass them."""
    server = server_of(request)
    every = items(
        server.project, Selection(profiles=list(PROFILES)), server.builds.progress.failures
    )
    wanted = {k: v for k in FILTERS if (v := request.query_params.get(k, ""))}
    shown = [i for i in every if all(getattr(i, k) == v for k, v in wanted.items())]
    return every, wanted, shown


@guarded(role="manager")
async def page(request: Request, visit: Visit) -> Response:
    try:
        every, wanted, shown = await run_in_threadpool(chosen, request)
    except HandoutsError as exc:
        return refuse(request, 422, "; ".join(str(p) for p in exc.problems[:5]), visit)
    options = {k: sorted({getattr(i, k) for i in every}) for k in FILTERS}
    return render(
        request,
        "catalogue.html",
        visit,
        shown=shown,
        options=options,
        wanted=wanted,
        query=request.url.query,
        progress=server_of(request).builds.progress,
    )


def _item(request: Request) -> Item | None:
    server = server_of(request)
    name = request.path_params["name"]
    every = items(server.project, Selection(profiles=list(PROFILES)))
    return next((i for i in every if i.name == name), None)


@guarded(role="manager")
async def thumb(request: Request, visit: Visit) -> Response:
    item = await run_in_threadpool(_item, request)
    path = None
    if item is not None:
        path = await run_in_threadpool(thumbnail, server_of(request).project, item)
    if path is None:
        return refuse(request, 404, "Not built yet.", visit)
    return FileResponse(path, media_type="image/png")


@guarded(role="manager")
async def download(request: Request, visit: Visit) -> Response:
    item = await run_in_threadpool(_item, request)
    if item is None or not item.output.exists():
        return refuse(request, 404, "Not built yet.", visit)
    filename = item.name.replace("/", "-") + ".pdf"
    return FileResponse(item.output, media_type="application/pdf", filename=filename)


@guarded(role="manager")
async def archive(request: Request, visit: Visit) -> Response:
    _every, _wanted, shown = await run_in_threadpool(chosen, request)
    data = await run_in_threadpool(zip_of, server_of(request).project, shown)
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="handouts-leaflets.zip"'},
    )


@guarded(role="manager")
async def print_pack(request: Request, visit: Visit) -> Response:
    _every, _wanted, shown = await run_in_threadpool(chosen, request)
    try:
        data = await run_in_threadpool(make_pack, shown)
    except HandoutsError as exc:
        return refuse(request, 422, "; ".join(p.message for p in exc.problems), visit)
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="print-pack.pdf"'},
    )


@guarded(role="manager")
async def start(request: Request, visit: Visit) -> Response:
    server = server_of(request)
    form = await read_form(request)

    def asked(name: str) -> list[str]:
        value = form.get(name)
        return [value] if isinstance(value, str) and value else []

    selection = Selection(
        clinics=asked("clinic"),
        articles=asked("article"),
        layouts=asked("layout"),
        profiles=asked("profile") or list(PROFILES),
    )
    started = server.builds.start(server.project, selection)
    return JSONResponse({"started": started, **server.builds.progress.as_json()})


@guarded(role="manager")
async def progress(request: Request, visit: Visit) -> Response:
    return JSONResponse(server_of(request).builds.progress.as_json())


routes = [
    Route("/studio/catalogue", page, methods=["GET"]),
    Route("/studio/catalogue.zip", archive, methods=["GET"]),
    Route("/studio/catalogue/pack.pdf", print_pack, methods=["GET"]),
    Route("/studio/catalogue/build", start, methods=["POST"]),
    Route("/studio/catalogue/progress", progress, methods=["GET"]),
    Route("/studio/catalogue/thumb/{name:path}.png", thumb, methods=["GET"]),
    Route("/studio/catalogue/file/{name:path}.pdf", download, methods=["GET"]),
]
