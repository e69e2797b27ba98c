"""The build as a recipe: load, validate, merge branding, HTML, PDF, finish, write."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handouts.branding import merge
from handouts.clinics import Clinic, load_clinics
from handouts.content import Article, load_articles
from handouts.errors import HandoutsError, Problem, SelectionError
from handouts.html import render_html
from handouts.layouts import Layout, select_layouts
from handouts.output import write_atomic
from handouts.pdf import Renderer, RenderRequest
from handouts.postprocess import print_hints
from handouts.project import Project


@dataclass(frozen=True)
class Selection:
    """What `--clinic`, `--article` and `--layout` asked for (empty means everything)."""

    clinics: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    layouts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Job:
    clinic: Clinic
    article: Article
    layout: Layout

    @property
    def name(self) -> str:
        return f"{self.clinic.id}/{self.article.id}-{self.layout.name}"

    def output(self, project: Project) -> Path:
        return project.out_dir / self.clinic.id / f"{self.article.id}-{self.layout.name}.pdf"


@dataclass
class Outcome:
    job: Job
    path: Path
    seconds: float
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


Progress = Callable[[Outcome, int, int], None]


def plan(project: Project, selection: Selection) -> list[Job]:
    """Load and validate every selected clinic and article; every problem is reported at once."""
    layouts = select_layouts(selection.layouts)
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
    return [Job(c, a, lay) for c in clinics for a in articles for lay in layouts]


def render_document(job: Job, project: Project, renderer: Renderer) -> bytes:
    """One leaflet from its parts to PDF bytes."""
    # Merge branding: article + clinic + layout → one Leaflet the templates can read.
    leaflet = merge(job.article, job.clinic, job.layout, project.asset_roots())
    # Render HTML: strict, autoescaped templates (a clinic's overrides first).
    html = render_html(leaflet, project.templates_dir)
    # Render PDF: WeasyPrint through the safe fetcher; fails if content overflows.
    request = RenderRequest(
        html=html,
        base_url=leaflet.base_url,
        stylesheets=(project.styles_dir / "common.css", project.styles_dir / job.layout.stylesheet),
        extra_css=leaflet.brand_css,
        max_pages=job.layout.max_pages,
        name=f"{job.article.id}, layout {job.layout.name}, clinic {job.clinic.id}",
        source=job.article.source,
    )
    # Post-process: print hints go in as the PDF is written.
    return renderer.render(request, finisher=print_hints(job.layout))


def build(
    project: Project, selection: Selection, progress: Progress | None = None
) -> list[Outcome]:
    """Build every selected clinic × article × layout into `out/<clinic>/`."""
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
        pdf = render_document(job, project, renderer)
        # Write: atomically, so a failed build never leaves half a PDF in place of a good one.
        write_atomic(path, pdf)
    except HandoutsError as exc:
        return Outcome(job, path, time.perf_counter() - started, exc.problems)
    return Outcome(job, path, time.perf_counter() - started)
