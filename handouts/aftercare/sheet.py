"""The one-page aftercare sheet: the aftercare article condensed, plus the patient's details.

A sheet is rendered like a leaflet: the branding merge, the one template environment, the one
stylesheet loader, the one WeasyPrint renderer, the same viewer hints. Its page size is a
property of the job (`SheetJob.size`: A4, US Letter or A5, whatever the clinic's paper). One
`SheetMaker` per clinic and size renders any number of sheets, paying for fonts and stylesheets
once; `render_sheet` makes one sheet in memory, personal or blank, and writes nothing.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

import pydyf

from handouts import guard, limits
from handouts.aftercare.patient import PatientDetails
from handouts.design.bodymap import Treated, area_vocabulary, map_layers
from handouts.design.branding import DERIVED, Leaflet, merge
from handouts.design.layouts import PAGE_SIZE_NAMES, PAGE_SIZES_MM, Geometry, Layout
from handouts.design.pictures import Picture
from handouts.design.scripts import FALLBACK_DIR, FontPlan, fallback_css
from handouts.design.templates import clinic_environment
from handouts.design.vocabulary import vocabulary
from handouts.errors import HandoutsError, LayoutError, Problem, refuse_unknown
from handouts.press.finish import chain, print_hints
from handouts.render.html import render_html
from handouts.render.jobs import stylesheets
from handouts.source.articles import Article, article_files, load_article, read_article
from handouts.source.clinics import Clinic, clinic_files, load_clinic
from handouts.source.project import Project

SIZES = tuple(PAGE_SIZES_MM)

SHEET = Layout(
    "aftercare",
    "Aftercare sheet, personal or blank: one page (two sides on A5)",
    "aftercare.html",
    "aftercare.css",
    max_pages=2,  # the most on any size; SHEET_PAGES has each size's
)
# The sheet's units on each page size: type (--u), space (--m), the foot's height and the page
# margins. styles/aftercare.css writes its sizes in them; the renderer puts them in
# (render/units.py). Each size lists its sets largest first: a sheet is set in the first that
# fits. US Letter is 18 mm shorter than A4 and a little wider: the same type, tighter spacing.
# A5 has two sides for what A4 holds on one, so it keeps the A4 type (12 pt text) unless the
# practitioner's notes are long, then with a smaller body map, then at 0.9 of it. The foot is
# as tall as a clinic's contact details, QR code and small print need (32 mm), taller for a
# clinic whose details run longer.
Units = tuple[tuple[str, str], ...]
MARGINS: Units = (("--margin-top", "11mm"), ("--margin-side", "13mm"), ("--margin-bottom", "9mm"))
A5_MARGINS: Units = (("--margin-top", "9mm"), ("--margin-side", "10mm"), ("--margin-bottom", "8mm"))
# A5's type and foot: the A4 sheet's type, then 0.9 of it. Its body maps: --a5-map on a personal
# sheet, --a5-pad-map on a pad, whose note lines are 8.5 mm apart while they fit beside it, then
# 6.5 mm apart beside a smaller map.
A5_TYPE: Units = (("--u", "1pt"), ("--m", "0.7mm"), ("--foot-height", "44mm"))
A5_SMALLER_TYPE: Units = (("--u", "0.9pt"), ("--m", "0.65mm"), ("--foot-height", "46mm"))
A5_PAD_WIDE: Units = (("--a5-pad-map", "53mm"), ("--a5-pad-line", "8.5mm"))
A5_PAD_TIGHT: Units = (("--a5-pad-map", "38mm"), ("--a5-pad-line", "6.5mm"))
SHEET_UNITS: dict[str, tuple[Units, ...]] = {
    "a4": (
        (("--u", "1pt"), ("--m", "1mm"), ("--foot-height", "32mm"), *MARGINS),
        (("--u", "1pt"), ("--m", "1mm"), ("--foot-height", "37mm"), *MARGINS),
    ),
    "letter": (
        (("--u", "1pt"), ("--m", "0.85mm"), ("--foot-height", "32mm"), *MARGINS),
        (("--u", "1pt"), ("--m", "0.85mm"), ("--foot-height", "37mm"), *MARGINS),
    ),
    "a5": (
        (*A5_TYPE, ("--a5-map", "46mm"), *A5_PAD_WIDE, *A5_MARGINS),
        (*A5_TYPE, ("--a5-map", "40mm"), *A5_PAD_TIGHT, *A5_MARGINS),
        (*A5_SMALLER_TYPE, ("--a5-map", "43mm"), *A5_PAD_TIGHT, *A5_MARGINS),
    ),
}
# Pages per sheet: one on A4 and Letter. A5 is printed on both sides: the details, the key
# points and questions to ask on the front, the red-flag box, the self-care tips and how to
# reach the clinic on the back, so that nothing is set below 9 pt (one A5 side had the
# red-flag box at 8 pt).
SHEET_PAGES: dict[str, int] = {"a4": 1, "letter": 1, "a5": 2}


def aftercare_articles(project: Project, skip_broken: bool = False) -> dict[str, Article]:
    """Every treatment's aftercare article (kind aftercare) by id, shipped or the project's;
    with `skip_broken`, an article that cannot be read is left out (`check` reports it)."""
    found = {}
    for article_id, path in article_files(*project.article_folders()).items():
        try:
            article = read_article(path, article_id)
        except HandoutsError:
            if skip_broken:
                continue
            raise
        if article.leaflet_kind == "aftercare":
            found[article_id] = article
    return found


def load_aftercare_article(
    project: Project, article_id: str | None = None, clinic: Clinic | None = None
) -> Article:
    """The named aftercare article; else the clinic's `aftercare_article`; else the only one."""
    found = aftercare_articles(project)
    if not found:
        raise HandoutsError(
            Problem(
                "no aftercare article: the project has no article of kind aftercare (add "
                "articles/<topic>/aftercare.md, or use the shipped ones: shipped_articles = true)",
                field="--article",
            )
        )
    wanted = article_id or (clinic.aftercare_article if clinic else None)
    if wanted is None:
        if len(found) != 1:
            raise HandoutsError(
                Problem(
                    f"which treatment? Choose from: {', '.join(found) or 'none'} "
                    "(or set aftercare_article in the clinic file)",
                    field="--article",
                )
            )
        wanted = next(iter(found))
    field = "--article" if article_id else "aftercare_article"
    refuse_unknown([wanted], found, field, "aftercare article")
    return load_article(found[wanted].source, wanted)


@dataclass(frozen=True)
class Sheet:
    """What the aftercare template reads besides the leaflet: the details, or write-in lines."""

    patient: PatientDetails | None
    date: str | None  # the date in the clinic's locale
    treated: tuple[Treated, ...] = ()  # each typed area, found on the body map or not
    body_map: Picture | None = None  # front and back outline
    body_map_layers: tuple[str, ...] = ()  # drawn over it: the treated areas, the outline again
    pages: int = 1  # SHEET_PAGES: 2 puts the key points, tips and foot on the back

    @property
    def blank(self) -> bool:
        return self.patient is None


@dataclass(frozen=True)
class SheetJob:
    """One clinic's sheets on one page size."""

    clinic: Clinic
    article: Article
    size: str  # a4, letter or a5

    @property
    def geometry(self) -> Geometry:
        return SHEET.geometry(self.clinic.paper, self.size)

    @property
    def size_name(self) -> str:
        return PAGE_SIZE_NAMES[self.size]


class SheetMaker:
    """Renders sheets for one clinic on one page size."""

    def __init__(self, project: Project, job: SheetJob) -> None:
        from handouts.render.document import Renderer  # lazy: WeasyPrint only for a sheet

        self.project = project
        self.job = job
        self.leaflet: Leaflet = merge(
            job.article, job.clinic, SHEET, project.asset_roots(), geometry=job.geometry
        )
        self.renderer = Renderer((*project.asset_roots(), FALLBACK_DIR))

    def render(self, patient: PatientDetails | None) -> bytes:
        """PDF bytes of one sheet; a blank sheet when `patient` is None."""
        from handouts.render.document import RenderRequest  # lazy: WeasyPrint, as above

        clinic = self.job.clinic
        treated = self.treated(patient)
        body_map, layers, derived = self.body_map(treated)
        sheet = Sheet(
            patient,
            self.leaflet.date(patient.date) if patient else None,
            treated,
            body_map,
            layers,
            SHEET_PAGES[self.job.size],
        )
        html = render_html(self.leaflet, self.project.templates_dir, sheet=sheet)
        plan = FontPlan(patient.fallback_fonts if patient else (), None)
        request = RenderRequest(
            html=html,
            base_url=self.leaflet.base_url,
            stylesheets=stylesheets(SHEET, self.project.styles_dir),
            extra_css=self.leaflet.brand_css + fallback_css(plan, clinic.fonts.body),
            max_pages=SHEET_PAGES[self.job.size],
            name=f"aftercare sheet, {self.job.size_name}, clinic {clinic.id}",
            derived={**self.leaflet.derived, **derived},  # the booking QR code, the body map
        )
        for units in SHEET_UNITS[self.job.size]:  # the largest type that fits
            try:
                document = self.renderer.layout(replace(request, units=units))
            except LayoutError:
                continue
            return document.write_pdf(finisher=chain(print_hints(SHEET), self._metadata))
        # The article's part is fixed and fits; only what was typed can push it over.
        raise LayoutError(
            Problem(
                f"the sheet does not fit on {self._sides()}; shorten the notes or the "
                f"areas (or choose a larger --size)",
                field="--notes",
            )
        )

    def _sides(self) -> str:
        """What the sheet has to fit: "one A4 page", "the two sides of an A5 sheet"."""
        if SHEET_PAGES[self.job.size] == 1:
            return f"one {self.job.size_name} page"
        return f"the two sides of an {self.job.size_name} sheet"

    def treated(self, patient: PatientDetails | None) -> tuple[Treated, ...]:
        """Each area typed for the patient, found in the body map's vocabulary or not."""
        if patient is None:
            return ()
        areas = area_vocabulary(self.project.styles_dir / "bodymap")
        return tuple(areas.resolve(area) for area in patient.areas)

    def body_map(
        self, treated: tuple[Treated, ...]
    ) -> tuple[Picture, tuple[str, ...], dict[str, bytes]]:
        """The body map in the clinic's colours, the layers drawn over it (the treated areas
        shaded, then the outline again) and the derived SVGs they are served from."""
        regions = tuple(r for t in treated if t.area for r in t.area.regions)
        output = self.leaflet.output
        folder = self.project.styles_dir / "bodymap"
        svg = guard.read_text(folder / "body-map.svg", limits.IMAGE, [folder], "body map")
        layers = map_layers(
            svg, regions, output.tone("primary"), output.tone("background"), output.tone("text")
        )
        clinic = self.job.clinic.id
        derived = {f"{DERIVED}{clinic}-body-map.svg": layers.base.encode()}
        if layers.shading is not None:
            name = hashlib.sha256(",".join(sorted(set(regions))).encode()).hexdigest()[:16]
            derived[f"{DERIVED}{clinic}-body-map-{name}.svg"] = layers.shading.encode()
            derived[f"{DERIVED}{clinic}-body-map-outline.svg"] = layers.outline.encode()
        base, *over = derived
        env = clinic_environment(self.job.clinic, self.project.templates_dir)
        alt = vocabulary(env, self.job.clinic.locale).words["body_map_alt"]
        return Picture(base, alt), tuple(over), derived

    def _metadata(self, document: Any, pdf: Any) -> None:
        """A generic title, the clinic as author, and nothing else about the sheet."""
        for key in ("Subject", "Keywords", "CreationDate", "ModDate"):
            pdf.info.pop(key, None)
        pdf.info["Title"] = pydyf.String(self.job.article.title)  # the treatment, not the patient
        pdf.info["Author"] = pydyf.String(self.job.clinic.name)


def find_clinic(project: Project, clinic_id: str) -> Clinic:
    files = {p.stem: p for p in clinic_files(project.clinics_dir)}
    if clinic_id not in files:
        refuse_unknown([clinic_id], files, "--clinic", "clinic")
    return load_clinic(files[clinic_id])


def render_sheet(
    project: Project, clinic_id: str, details: PatientDetails | None, size: str | None = None
) -> bytes:
    """One sheet as PDF bytes, in memory: personal with checked `details`, blank with None.

    `size` is a4, letter or a5 (the clinic's paper when None). Nothing is written anywhere.
    """
    clinic = find_clinic(project, clinic_id)
    if size is not None and size not in SIZES:
        raise HandoutsError(
            Problem(f"expected one of {', '.join(SIZES)}, got {size!r}", field="--size")
        )
    job = SheetJob(clinic, load_aftercare_article(project, clinic=clinic), size or clinic.paper)
    return SheetMaker(project, job).render(details)


_MAKERS: OrderedDict[tuple[Project, SheetJob], SheetMaker] = OrderedDict()
KEPT_MAKERS = 8


def warm_maker(project: Project, job: SheetJob) -> SheetMaker:
    """A sheet maker kept in this process for the next sheet of the same clinic, treatment and
    size (a long-running process such as `handouts serve`'s renderers); a changed clinic or
    article file is a different key, so a sheet is never rendered from a stale copy."""
    key = (project, job)
    maker = _MAKERS.pop(key, None) or SheetMaker(project, job)
    _MAKERS[key] = maker
    while len(_MAKERS) > KEPT_MAKERS:
        _MAKERS.popitem(last=False)
    return maker
