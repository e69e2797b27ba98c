"""The build as a recipe: load, validate, decide, merge branding, HTML, PDF, fit, finish, impose,
write."""

from __future__ import annotations

import enum
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.clinics import Clinic, load_clinics
from handouts.content import Article, load_articles
from handouts.errors import HandoutsError, Problem, SelectionError
from handouts.html import render_html
from handouts.inputs import Fingerprints
from handouts.layouts import Layout, select_layouts
from handouts.manifest import Manifest
from handouts.output import write_atomic
from handouts.profiles import PROFILES, Profile, output_for, select_profiles
from handouts.project import Project
from handouts.reproducible import creation_date, source_date_epoch, stamp
from handouts.workers import RECYCLE_AFTER, Task, default_jobs, render_all

if TYPE_CHECKING:
    from handouts.pdf import Renderer


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
    notes: list[str] = field(default_factory=list)  # what --fit did, colours guessed for press
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
    """One leaflet from its parts to PDF bytes."""
    return render_job(job, project, renderer, key, created).pdf


def render_job(
    job: Job,
    project: Project,
    renderer: Renderer,
    key: str | None = None,
    created: str | None = None,
) -> Rendered:
    """One leaflet from its parts to PDF bytes, with notes on what was adjusted.

    `key`, the digest of the leaflet's inputs, and `created`, its date, make the bytes
    reproducible; when they are not given they are worked out here.
    """
    # Imported here, by the processes that render: WeasyPrint takes a second to import, pypdf
    # and the branding libraries a few tenths, and a build with nothing to render needs none.
    from handouts.branding import merge
    from handouts.fit import fit_to_layout
    from handouts.imposition import impose_booklet, pad_to_multiple
    from handouts.pdf import RenderRequest
    from handouts.pdfobjects import decorative_artefacts
    from handouts.postprocess import chain, print_hints

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
            stylesheets=stylesheets(job, project),
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
            lambda notes: lay_out(body_pt, notes),
            job.layout.pages_multiple,
            remember=(job.article.id, job.layout.name, body_pt),
        ),
        job.layout,
        job.fit,
        name,
    )
    # Stamp: the dates and the document ID come from the inputs, never from the clock.
    marks = stamp(job.article, key or document_key(job, project), created)
    marks.apply(fitted.document)
    # Finish: boxes, marks and print hints go in as the PDF is written.
    finisher = chain(
        print_hints(job.layout, job.imposed),
        output.finisher(job.layout, job.imposed),
        marks.finish,
        decorative_artefacts,
    )
    pdf = fitted.document.write_pdf(
        finisher=finisher, pdf_identifier=marks.identifier, **output.write_options()
    )
    # Impose: a booklet's pages go two-up onto sheets in saddle-stitch order.
    if job.imposed:
        paper = job.layout.sheet_pt(job.clinic.paper, "full", landscape=True)
        pdf = impose_booklet(pdf, marks=job.profile.marks, paper=paper)
    return Rendered(pdf, (*output.notes, *fitted.notes))


def build(
    project: Project,
    selection: Selection,
    progress: Progress | None = None,
    options: Options | None = None,
) -> list[Outcome]:
    """Build every selected clinic × article × layout × profile into `out/<clinic>/`.

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
            notes = manifest.notes(task.output)  # still worth saying, e.g. guessed CMYK
            report(Outcome(task.job, task.output, 0.0, notes=notes, key=task.key, skipped=True))
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


def document_key(job: Job, project: Project) -> str:
    """The digest of everything one job is built from (see inputs.py)."""
    return Fingerprints(project).inputs(job, job.output(project), stylesheets(job, project)).key


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
        rendered = render_job(job, project, renderer, key, created)
        # Write: atomically, so a failed build never leaves half a PDF in place of a good one.
        write_atomic(path, rendered.pdf)
    except HandoutsError as exc:
        return Outcome(job, path, time.perf_counter() - started, exc.problems, key=key)
    digest = hashlib.sha256(rendered.pdf).hexdigest()
    seconds = time.perf_counter() - started
    return Outcome(job, path, seconds, notes=list(rendered.notes), key=key, sha256=digest)
