"""The web's door to the aftercare core: a form as typed → the same Order, Desk and sheet as
`handouts aftercare`, rendered by the warm renderers. Nothing here is kept after the request.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from handouts.aftercare.patient import PatientDetails, RawDetails
from handouts.aftercare.recipe import Desk, Made, Order
from handouts.aftercare.sheet import SIZES, aftercare_articles
from handouts.errors import HandoutsError, Problem
from handouts.source.articles import article_files
from handouts.source.clinics import Clinic, clinic_files, load_clinic
from handouts.source.project import Project
from handouts.source.yamlfile import load_file
from handouts.web.pool import RendererPool
from handouts.web.rendering import sheet_image, sheet_pdf

# Problem fields (the command's option names, or a detail's name) → the form's field names.
FORM_FIELDS = {
    "area": "areas",
    "next-appointment": "next_appointment",
    "article": "article",
    "size": "size",
}


@dataclass
class SheetForm:
    """The aftercare form as typed. Lives for one request; never logged or stored."""

    clinic: str = ""
    article: str = ""
    patient: str = ""
    date: str = ""
    areas: str = ""
    practitioner: str = ""
    notes: str = ""
    next_appointment: str = ""
    email: str = ""
    size: str = ""
    encrypt: bool = False

    @classmethod
    def read(cls, form: Mapping[str, Any]) -> SheetForm:
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = form.get(f.name)
            if f.name == "areas" and hasattr(form, "getlist"):
                # One box per area; kept as lines, as the command's --area is repeated.
                raw = "\n".join(str(a) for a in form.getlist("areas"))
            if f.name == "encrypt":
                values[f.name] = raw in ("on", "yes", "1", "true")
            else:
                values[f.name] = (raw if isinstance(raw, str) else "")[:2000]
        return cls(**values)

    def order(self, send: bool = False) -> Order:
        return Order(
            clinic=self.clinic,
            size=self.size or None,
            encrypt=self.encrypt,
            send=send,
            article=self.article or None,
        )

    def raw(self) -> RawDetails:
        areas = tuple(a for a in self.areas.replace(";", "\n").splitlines() if a.strip())
        return RawDetails(
            patient=self.patient,
            date=self.date or None,
            areas=areas,
            practitioner=self.practitioner or None,
            notes=self.notes or None,
            next_appointment=self.next_appointment or None,
            email=self.email or None,
        )


def field_problem(name: str, message: str) -> Problem:
    return Problem(message, field=name)


def by_field(problems: list[Problem]) -> tuple[dict[str, str], list[str]]:
    """One message per form field (the first), and the problems no field owns."""
    found: dict[str, str] = {}
    general: list[str] = []
    names = {f.name for f in fields(SheetForm)}
    for problem in problems:
        name = (problem.field or "").removeprefix("--")
        name = FORM_FIELDS.get(name, name)
        if name in names:
            found.setdefault(name, problem.message)
        else:
            general.append(str(problem))
    return found, general


@dataclass(frozen=True)
class Choices:
    """What the forms offer: the project's clinics, treatments, paper sizes, area names."""

    clinics: list[Clinic]
    articles: dict[str, str]  # id → title
    sizes: tuple[str, ...] = SIZES
    areas: tuple[str, ...] = ()  # the body map's vocabulary, when the project has one

    def clinic(self, clinic_id: str | None) -> Clinic | None:
        return next((c for c in self.clinics if c.id == clinic_id), None) or (
            self.clinics[0] if self.clinics else None
        )


def choices(project: Project) -> Choices:
    """What the forms offer, read again only when a clinic, article or area file changes."""
    files = [
        *clinic_files(project.clinics_dir),
        *article_files(*project.article_folders()).values(),
        project.styles_dir / "bodymap" / "areas.yaml",
    ]
    stamp = tuple((str(f), f.stat().st_mtime_ns if f.exists() else 0) for f in files)
    return _choices(project, stamp)


@functools.lru_cache(maxsize=4)
def _choices(project: Project, stamp: tuple[tuple[str, int], ...]) -> Choices:
    clinics = []
    for path in clinic_files(project.clinics_dir):
        try:
            clinics.append(load_clinic(path))
        except HandoutsError:
            continue  # a broken clinic file is `handouts check`'s to report
    found = aftercare_articles(project, skip_broken=True)  # `handouts check` reports the rest
    articles = {key: article.title for key, article in found.items()}
    return Choices(clinics, articles, SIZES, area_names(project))


def area_names(project: Project) -> tuple[str, ...]:
    """Suggestions for the areas treated: the body map's names (styles/bodymap/areas.yaml)."""
    path = project.styles_dir / "bodymap" / "areas.yaml"
    if not path.is_file():
        return ()
    try:
        data = load_file(path).data
    except HandoutsError:
        return ()
    areas = data.get("areas") if isinstance(data, dict) else None
    return tuple(
        str(area["name"]) for area in areas or () if isinstance(area, dict) and "name" in area
    )


def open_desk(project: Project, order: Order, environ: Mapping[str, str] = os.environ) -> Desk:
    return Desk.open(project, order, environ)


def preview(project: Project, pool: RendererPool, form: SheetForm, today: dt.date) -> bytes:
    """The sheet's page as an image; a user error as HandoutsError naming fields."""
    desk = open_desk(project, form.order())
    details = desk.check(form.raw(), today, field_problem)
    return pool.call(sheet_image, project, desk.clinic, desk.article, desk.size, details)


def make(desk: Desk, pool: RendererPool, details: PatientDetails | None) -> Made:
    """Render (warm) → protect, through the same `Desk.make` as the command."""

    def render(d: Desk, patient: PatientDetails | None) -> bytes:
        return pool.call(sheet_pdf, d.project, d.clinic, d.article, d.size, patient)

    return desk.make(details, render)
