"""The manager's studio: the brand kit editor per clinic (form, save, logo upload)."""

from __future__ import annotations

from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from handouts.errors import HandoutsError
from handouts.source import brandkit
from handouts.source.articles import article_files, load_article
from handouts.source.clinics import clinic_files
from handouts.source.fonts import installed_families
from handouts.source.project import Project
from handouts.source.scaffold import new_clinic
from handouts.web import logos
from handouts.web.auth import guarded, read_form
from handouts.web.pages import refuse, render
from handouts.web.preview import preview
from handouts.web.server import server_of
from handouts.web.sessions import Visit

LABELS = {
    "name": "Clinic name",
    "tagline": "Tagline",
    "logo": "Logo",
    "colors.primary": "Primary colour",
    "colors.accent": "Accent colour",
    "colors.text": "Text colour",
    "colors.background": "Background colour",
    "colors.on_primary": "Text on primary",
    "fonts.body": "Body font",
    "fonts.headings": "Headings font",
    "contact.address": "Address",
    "contact.phone": "Phone",
    "contact.email": "Email",
    "contact.website": "Web site",
    "contact.hours": "Opening hours",
    "booking_url": "Booking address",
    "paper": "Paper",
    "locale": "Locale",
    "emergency_number": "Emergency number",
    "out_of_hours": "When closed, call",
    "disclaimer": "Disclaimer",
    "press.bleed_mm": "Bleed (mm)",
    **{f"press.cmyk.{c}": f"CMYK for {c.replace('_', ' ')}" for c in brandkit.COLOURS},
}


def clinic_path(request: Request) -> Path | None:
    wanted = request.path_params["clinic"]
    project = server_of(request).project
    return next((p for p in clinic_files(project.clinics_dir) if p.stem == wanted), None)


@guarded(role="manager")
async def index(request: Request, visit: Visit) -> Response:
    paths = clinic_files(server_of(request).project.clinics_dir)
    return render(request, "studio.html", visit, clinics=[p.stem for p in paths])


def _brand_values(form: FormData) -> dict[str, str]:
    """The brand kit's fields as the form sent them (uploads and unknown names left out)."""
    return {n: v for n in brandkit.FIELDS if isinstance(v := form.get(n), str)}


@guarded(role="manager")
async def editor(request: Request, visit: Visit) -> Response:
    path = clinic_path(request)
    if path is None:
        return refuse(request, 404, "No such clinic.", visit)
    values = await run_in_threadpool(brandkit.form_values, path)
    return _page(request, visit, path, values, brandkit.digest(path), brandkit.Outcome())


@guarded(role="manager")
async def save(request: Request, visit: Visit) -> Response:
    path = clinic_path(request)
    if path is None:
        return refuse(request, 404, "No such clinic.", visit)
    form = await read_form(request)
    values = _brand_values(form)
    loaded = form.get("digest")
    outcome = brandkit.Outcome()
    logo_name = None
    upload = form.get("logo")
    if isinstance(upload, UploadFile) and upload.filename:
        try:
            logo_name = await logos.store(upload, path)
        except logos.Refused as exc:
            outcome.errors["logo"] = str(exc)
    if outcome.ok:
        try:
            outcome = await run_in_threadpool(
                brandkit.save, path, values, str(loaded or ""), logo_name
            )
        except brandkit.EditedElsewhere:
            outcome.general.append(
                "Someone else saved this clinic after you opened it. Nothing was written: "
                "reload the page to see their version, then make your change again."
            )
        except HandoutsError as exc:
            outcome.general.extend(str(p) for p in exc.problems)
    if outcome.ok:
        return RedirectResponse(f"/studio/brand/{path.stem}?saved=1", status_code=303)
    shown = {**brandkit.form_values(path), **values}
    return _page(request, visit, path, shown, str(loaded or ""), outcome, status_code=422)


def _page(
    request: Request,
    visit: Visit,
    path: Path,
    values: dict[str, str],
    digest: str,
    outcome: brandkit.Outcome,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "studio_brand.html",
        visit,
        status_code,
        clinic_id=path.stem,
        values=values,
        digest=digest,
        errors=outcome.errors,
        general=outcome.general,
        labels=LABELS,
        fonts=sorted(installed_families().values()),
        colours=brandkit.COLOURS,
        articles=leaflet_articles(server_of(request).project),
        saved=request.query_params.get("saved") == "1",
    )


@guarded(role="manager")
async def live(request: Request, visit: Visit) -> Response:
    path = clinic_path(request)
    if path is None:
        return refuse(request, 404, "No such clinic.", visit)
    form = await read_form(request)
    values = _brand_values(form)
    article = form.get("article")
    server = server_of(request)
    result = await run_in_threadpool(
        preview, server.project, server.pool, path, values, str(article or "")
    )
    return JSONResponse(result)


@guarded(role="manager")
async def new_page(request: Request, visit: Visit) -> Response:
    return _new(request, visit, {}, {})


@guarded(role="manager")
async def new_save(request: Request, visit: Visit) -> Response:
    form = await read_form(request)
    typed = {k: str(form.get(k) or "")[:200] for k in ("id", "name", "based_on")}
    clinics_dir = server_of(request).project.clinics_dir
    try:
        path = await run_in_threadpool(
            new_clinic, clinics_dir, typed["id"], typed["name"], typed["based_on"]
        )
    except HandoutsError as exc:
        errors = {p.field or "id": p.message for p in exc.problems}
        return _new(request, visit, typed, errors, 422)
    return RedirectResponse(f"/studio/brand/{path.stem}", status_code=303)


def _new(
    request: Request,
    visit: Visit,
    typed: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    paths = clinic_files(server_of(request).project.clinics_dir)
    return render(
        request,
        "studio_new.html",
        visit,
        status_code,
        typed=typed,
        errors=errors,
        clinics=[p.stem for p in paths],
        labels={"id": "Short name", "name": "Clinic name", "based_on": "Start from"},
    )


routes = [
    Route("/studio", index, methods=["GET"]),
    Route("/studio/new", new_page, methods=["GET"]),
    Route("/studio/new", new_save, methods=["POST"]),
    Route("/studio/brand/{clinic}", editor, methods=["GET"]),
    Route("/studio/brand/{clinic}", save, methods=["POST"]),
    Route("/studio/brand/{clinic}/preview", live, methods=["POST"]),
]


def leaflet_articles(project: Project) -> dict[str, str]:
    """The leaflets a preview can show: id → title (a broken article is `check`'s to report)."""
    shown = {}
    for article_id, path in article_files(*project.article_folders()).items():
        try:
            shown[article_id] = load_article(path, article_id).title
        except HandoutsError:
            continue
    return shown
