"""The one-page aftercare sheet: the aftercare article condensed, plus the patient's details.

The sheet reuses the leaflet pipeline (branding merge, strict autoescaped templates, the safe
fetcher, WeasyPrint) with its own layout that is not in the leaflet catalogue. One `SheetMaker`
per clinic and paper size renders any number of sheets, paying for fonts and stylesheets once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Any

import jinja2

from handouts.branding import Leaflet, merge
from handouts.clinics import Clinic
from handouts.content import Article, load_article
from handouts.errors import HandoutsError, LayoutError, Problem
from handouts.html import environment
from handouts.layouts import PAPER_NAMES, Layout
from handouts.patient import PatientDetails
from handouts.project import Project
from handouts.scripts import FALLBACK_DIR, FontPlan, fallback_css
from handouts.vocabulary import vocabulary
from handouts.bodymap import Treated, area_vocabulary, shaded_svg
from handouts.derived import DERIVED
from handouts.pictures import Picture

ARTICLE = ("dry-needling", "aftercare")  # data/articles/<topic>/<name>.md
TITLE = "Aftercare after dry needling"  # the only title in a personal sheet's metadata
SIZES = tuple(PAPER_NAMES)

SHEET = Layout(
    "aftercare",
    "One-page aftercare sheet, personal or blank",
    "aftercare.html",
    "aftercare.css",
    max_pages=1,
)


def load_aftercare_article(project: Project) -> Article:
    topic, name = ARTICLE
    return load_article(project.articles_dir / topic / f"{name}.md", f"{topic}-{name}")


@dataclass(frozen=True)
class Sheet:
    """What the aftercare template reads besides the leaflet: the details, or write-in lines."""

    patient: PatientDetails | None
    date: str | None  # the date in the clinic's locale
    treated: tuple[Treated, ...] = ()  # each typed area, resolved on the body map or not
    body_map: Picture | None = None  # front and back outline, the treated areas shaded

    @property
    def blank(self) -> bool:
        return self.patient is None


class SheetMaker:
    """Renders sheets for one clinic on one paper size."""

    def __init__(self, project: Project, clinic: Clinic, article: Article, size: str) -> None:
        from handouts.pdf import Renderer  # WeasyPrint loads only when a sheet is made

        self.project = project
        self.clinic = replace(clinic, paper=size)
        self.leaflet: Leaflet = merge(article, self.clinic, SHEET, project.asset_roots())
        self.renderer = Renderer((*project.asset_roots(), FALLBACK_DIR))
        override = self.clinic.folder / "templates"
        env = environment(project.templates_dir, override if override.is_dir() else None)
        self.template = env.get_template(SHEET.template)
        self.vocabulary = vocabulary(env, self.clinic.locale)

    @property
    def paper_name(self) -> str:
        return PAPER_NAMES[self.clinic.paper]

    def render(self, patient: PatientDetails | None) -> bytes:
        """PDF bytes of one sheet; a blank sheet when `patient` is None."""
        from handouts.pdf import RenderRequest

        treated = self.treated(patient)
        sheet = Sheet(
            patient,
            self.leaflet.date(patient.date) if patient else None,
            treated,
            self.body_map(treated),
        )
        try:
            context = self.leaflet.template_context(self.vocabulary)
            html = self.template.render(**context, sheet=sheet)
        except jinja2.TemplateError as exc:
            raise HandoutsError(
                Problem(
                    f"template error: {exc.message or exc}",
                    field=f"{SHEET.template} for {self.clinic.id}",
                )
            ) from None
        plan = FontPlan(patient.fallback_fonts if patient else (), None)
        request = RenderRequest(
            html=html,
            base_url=self.leaflet.base_url,
            stylesheets=(
                self.project.styles_dir / "common.css",
                self.project.styles_dir / SHEET.stylesheet,
            ),
            extra_css=self.leaflet.brand_css + fallback_css(plan, self.clinic.fonts.body),
            max_pages=SHEET.max_pages,
            name=f"aftercare sheet, {self.paper_name}, clinic {self.clinic.id}",
            derived=self.leaflet.derived,  # the booking QR code, served as an image
        )
        try:
            return self.renderer.render(request, finisher=self._metadata)
        except LayoutError:
            # The article's part is fixed and fits; only what was typed can push it over.
            raise LayoutError(
                Problem(
                    f"the sheet does not fit on one {self.paper_name} page; shorten the notes "
                    f"or the areas (or choose a larger --size)",
                    field="--notes",
                )
            ) from None

    def treated(self, patient: PatientDetails | None) -> tuple[Treated, ...]:
        """Each area typed for the patient, found in the body map's vocabulary or not."""
        if patient is None:
            return ()
        vocabulary = area_vocabulary(self.project.styles_dir / "bodymap")
        return tuple(vocabulary.resolve(area) for area in patient.areas)

    def body_map(self, treated: tuple[Treated, ...]) -> Picture:
        """The body map as a derived SVG, the treated areas shaded in the clinic's colour."""
        regions = tuple(r for t in treated if t.area for r in t.area.regions)
        output = self.leaflet.output
        svg = shaded_svg(
            self._outline,
            regions,
            output.tone("primary"),
            output.tone("background"),
            output.tone("text"),
        )
        name = hashlib.sha256(",".join(sorted(set(regions))).encode()).hexdigest()[:16]
        uri = f"{DERIVED}{self.clinic.id}-body-map-{name}.svg"
        self.leaflet.derived[uri] = svg.encode()
        return Picture(uri, self.vocabulary.words["body_map_alt"])

    @property
    def _outline(self) -> str:
        return (self.project.styles_dir / "bodymap" / "body-map.svg").read_text(encoding="utf-8")

    def _metadata(self, document: Any, pdf: Any) -> None:
        """A generic title, the clinic as author, and nothing else about the sheet."""
        import pydyf

        for key in ("Subject", "Keywords", "CreationDate", "ModDate"):
            pdf.info.pop(key, None)
        pdf.info["Title"] = pydyf.String(TITLE)
        pdf.info["Author"] = pydyf.String(self.clinic.name)
        pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
