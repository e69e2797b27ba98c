"""The build as a recipe: load, validate, merge branding, HTML, PDF, fit, finish, impose, write."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handouts.branding import merge
from handouts.clinics import Clinic, load_clinics
from handouts.content import Article, load_articles
from handouts.errors import HandoutsError, Problem, SelectionError
from handouts.fit import fit_to_layout
from handouts.html import render_html
from handouts.imposition import impose_booklet, pad_to_multiple
from handouts.layouts import Layout, select_layouts
from handouts.output import write_atomic
from handouts.pdf import Renderer, RenderRequest
from handouts.postprocess import chain, print_hints
from handouts.profiles import PROFILES, Profile, output_for, select_profiles
from handouts.project import Project


@dataclass(frozen=True)
class Selection:
    """What `--clinic`, `--article`, `--layout` and `--for` asked for (empty means everything,
    and office for `--for`); `fit` is `--fit`."""

    clinics: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    fit: bool = False


@dataclass(frozen=True)
class Job:
    clinic: Clinic
    article: Article
    layout: Layout
    profile: Profile = PROFILES["office"]
    fit: bool = False

    @property
    def name(self) -> str:
        return f"{self.clinic.id}/{self.article.id}-{self.layout.name}{self.profile.suffix}"

    def output(self, project: Project) -> Path:
        return project.out_dir / f"{self.name}.pdf"

    @property
    def imposed(self) -> bool:
        """Booklets are imposed for paper; an email booklet keeps its pages in reading order."""
        return self.layout.impose is not None and not self.profile.tagged


@dataclass
class Outcome:
    job: Job
    path: Path
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what --fit did, colours guessed for press

    @property
    def ok(self) -> bool:
        return not self.problems


Progress = Callable[[Outcome, int, int], None]


def plan(project: Project, selection: Selection) -> list[Job]:
    """Load and validate every selected clinic and article; every problem is reported at once."""
    layouts = select_layouts(selection.layouts)
    profiles = select_profiles(selection.profiles)
    clinics = load_clinics(project.clinics_dir, selection.clinics)
    articles = load_articles(project.articles_dir, selection.articles)
    if not clinics:
        raise SelectionError(
            Problem(
                f"no clinic matches {selection.clinics or 'anything'} in {project.clinics_dir}",
                field="--clinic",
            )
        )
    if not articles:
        raise SelectionError(
            Problem(
                f"no article matches {selection.articles or 'anything'} in {project.articles_dir}",
                field="--article",
            )
        )
    return [
        Job(c, a, lay, p, selection.fit)
        for c in clinics
        for a in articles
        for lay in layouts
        for p in profiles
    ]


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    notes: tuple[str, ...] = ()


def render_document(job: Job, project: Project, renderer: Renderer) -> bytes:
    """One leaflet from its parts to PDF bytes."""
    return render_job(job, project, renderer).pdf


def render_job(job: Job, project: Project, renderer: Renderer) -> Rendered:
    """One leaflet from its parts to PDF bytes, with notes on what was adjusted."""
    # Settle the profile for this clinic: colours (CMYK for press), bleed, ICC profile.
    output = output_for(job.profile, job.clinic)
    name = f"{job.article.id}, layout {job.layout.name}, clinic {job.clinic.id}"
    if job.profile.name != "office":
        name += f", for {job.profile.name}"

    def lay_out(body_pt: float, notes_pages: int = 0):
        # Merge branding: article + clinic + layout + profile → one Leaflet for the templates.
        leaflet = merge(job.article, job.clinic, job.layout, project.asset_roots(), output, body_pt)
        # Render HTML: strict, autoescaped templates (a clinic's overrides first).
        html = render_html(leaflet, project.templates_dir, notes_pages=notes_pages)
        # Lay out with WeasyPrint through the safe fetcher; fails if content overflows.
        request = RenderRequest(
            html=html,
            base_url=leaflet.base_url,
            stylesheets=(
                project.styles_dir / "common.css",
                project.styles_dir / job.layout.stylesheet,
            ),
            extra_css=leaflet.brand_css,
            max_pages=job.layout.max_pages,
            name=name,
            source=job.article.source,
            derived=leaflet.derived,
            options=output.render_options(),
        )
        return renderer.layout(request)

    # Fit: with --fit, shrink the body type in small steps until the content fits.
    fitted = fit_to_layout(
        lambda body_pt: pad_to_multiple(
            lambda notes: lay_out(body_pt, notes), job.layout.pages_multiple
        ),
        job.layout,
        job.fit,
        name,
    )
    # Finish: boxes, marks and print hints go in as the PDF is written.
    finisher = chain(print_hints(job.layout, job.imposed), output.finisher(job.layout, job.imposed))
    pdf = fitted.document.write_pdf(finisher=finisher, **output.write_options())
    # Impose: a booklet's pages go two-up onto sheets in saddle-stitch order.
    if job.imposed:
        paper = job.layout.sheet_pt(job.clinic.paper, "full", landscape=True)
        pdf = impose_booklet(pdf, marks=job.profile.marks, paper=paper)
    return Rendered(pdf, (*output.notes, *fitted.notes))


def build(
    project: Project, selection: Selection, progress: Progress | None = None
) -> list[Outcome]:
    """Build every selected clinic × article × layout × profile into `out/<clinic>/`."""
    jobs = plan(project, selection)
    # Check: the fast pre-print checks; an error stops the build before anything is rendered.
    from handouts.checks.runner import gate  # the checks lay out leaflets with this module

    gate(project, jobs)
    renderer = Renderer(project.asset_roots())
    outcomes = []
    for index, job in enumerate(jobs, start=1):
        outcome = build_one(job, project, renderer)
        outcomes.append(outcome)
        if progress:
            progress(outcome, index, len(jobs))
    return outcomes


def build_one(job: Job, project: Project, renderer: Renderer) -> Outcome:
    started = time.perf_counter()
    path = job.output(project)
    try:
        rendered = render_job(job, project, renderer)
        # Write: atomically, so a failed build never leaves half a PDF in place of a good one.
        write_atomic(path, rendered.pdf)
    except HandoutsError as exc:
        return Outcome(job, path, time.perf_counter() - started, exc.problems)
    return Outcome(job, path, time.perf_counter() - started, notes=list(rendered.notes))
