"""The build as a recipe: load, validate, decide, merge branding, HTML, PDF, finish, write."""

from __future__ import annotations

import enum
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.branding import merge
from handouts.clinics import Clinic, load_clinics
from handouts.content import Article, load_articles
from handouts.errors import HandoutsError, Problem, SelectionError
from handouts.html import render_html
from handouts.inputs import Fingerprints
from handouts.layouts import Layout, select_layouts
from handouts.manifest import Manifest
from handouts.output import write_atomic
from handouts.postprocess import print_hints
from handouts.project import Project
from handouts.reproducible import creation_date, source_date_epoch, stamp
from handouts.workers import RECYCLE_AFTER, Task, default_jobs, render_all

if TYPE_CHECKING:  # WeasyPrint takes a second to import: only processes that render pay for it
    from handouts.pdf import Renderer


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


@dataclass(frozen=True)
class Options:
    """How to build: `--jobs`, `--force`, and how many documents a worker renders."""

    jobs: int = field(default_factory=default_jobs)
    force: bool = False
    recycle_after: int = RECYCLE_AFTER


class Status(enum.StrEnum):
    BUILT = "built"
    SKIPPED = "skipped"  # unchanged since the last build
    FAILED = "failed"


@dataclass
class Outcome:
    job: Job
    path: Path
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    key: str | None = None  # digest of the inputs it was (or would have been) built from
    sha256: str | None = None  # digest of the PDF written
    skipped: bool = False
    worker: int | None = None  # process id of the worker that rendered it

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def status(self) -> Status:
        if self.problems:
            return Status.FAILED
        return Status.SKIPPED if self.skipped else Status.BUILT


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


def stylesheets(job: Job, project: Project) -> tuple[Path, ...]:
    """The shared sheet, then the layout's own."""
    return (project.styles_dir / "common.css", project.styles_dir / job.layout.stylesheet)


def render_document(
    job: Job,
    project: Project,
    renderer: Renderer,
    key: str | None = None,
    created: str | None = None,
) -> bytes:
    """One leaflet from its parts to PDF bytes; `key` and `created` make the bytes reproducible."""
    from handouts.pdf import RenderRequest

    # Merge branding: article + clinic + layout → one Leaflet the templates can read.
    leaflet = merge(job.article, job.clinic, job.layout, project.asset_roots())
    # Render HTML: strict, autoescaped templates (a clinic's overrides first).
    html = render_html(leaflet, project.templates_dir)
    # Stamp: dates and document ID from the inputs, never from the clock.
    digest = key or hashlib.sha256((html + leaflet.brand_css).encode()).hexdigest()
    marks = stamp(job.article, digest, source_date_epoch())
    # Render PDF: WeasyPrint through the safe fetcher; fails if content overflows.
    request = RenderRequest(
        html=html,
        base_url=leaflet.base_url,
        stylesheets=stylesheets(job, project),
        extra_css=leaflet.brand_css,
        max_pages=job.layout.max_pages,
        name=f"{job.article.id}, layout {job.layout.name}, clinic {job.clinic.id}",
        source=job.article.source,
        created=created or marks.created,
    )
    # Post-process: print hints go in as the PDF is written.
    return renderer.render(
        request, finisher=print_hints(job.layout), pdf_identifier=marks.identifier
    )


def build(
    project: Project,
    selection: Selection,
    progress: Progress | None = None,
    options: Options | None = None,
) -> list[Outcome]:
    """Build every selected clinic × article × layout into `out/<clinic>/`.

    Outputs whose inputs have not changed since they were written are skipped (see
    `manifest.py`); the rest are rendered in worker processes (see `workers.py`).
    """
    options = options or Options()
    jobs = plan(project, selection)
    # Check: the fast pre-print checks; an error stops the build before anything is rendered.
    from handouts.checks.runner import gate  # the checks import this module

    gate(project, jobs)
    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        if progress:
            progress(outcome, len(outcomes), len(jobs))

    # Decide: an output built from exactly these inputs, and untouched since, is skipped.
    manifest = Manifest.load(project.out_dir)
    tasks = []
    for task in describe(jobs, project):
        if not options.force and manifest.is_current(task.output, task.key):
            report(Outcome(task.job, task.output, 0.0, key=task.key, skipped=True))
        else:
            tasks.append(task)
    # Render and write the rest in parallel; the manifest learns each result as it arrives.
    try:
        for outcome in render_all(project, tasks, options.jobs, options.recycle_after):
            manifest.note(outcome)
            report(outcome)
    finally:
        manifest.save()
    return outcomes


def describe(jobs: list[Job], project: Project) -> list[Task]:
    """Each job with the digest of its inputs and the creation date its PDF will carry."""
    fingerprints = Fingerprints(project)
    epoch = source_date_epoch()
    tasks = []
    for job in jobs:
        output = job.output(project)
        inputs = fingerprints.inputs(job, output, stylesheets(job, project))
        tasks.append(Task(job, output, inputs.key, creation_date(job.article, epoch)))
    return tasks


def build_one(
    job: Job,
    project: Project,
    renderer: Renderer,
    key: str | None = None,
    created: str | None = None,
) -> Outcome:
    started = time.perf_counter()
    path = job.output(project)
    try:
        pdf = render_document(job, project, renderer, key, created)
        # Write: atomically, so a failed build never leaves half a PDF in place of a good one.
        write_atomic(path, pdf)
    except HandoutsError as exc:
        return Outcome(job, path, time.perf_counter() - started, exc.problems, key=key)
    digest = hashlib.sha256(pdf).hexdigest()
    return Outcome(job, path, time.perf_counter() - started, key=key, sha256=digest)
