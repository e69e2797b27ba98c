"""One leaflet from its job to finished PDF bytes and a written file: lay out, stamp, finish,
impose, write."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handouts.build.inputs import Fingerprints
from handouts.build.outcomes import Outcome, Task
from handouts.design.profiles import output_for
from handouts.errors import HandoutsError
from handouts.files import write_atomic
from handouts.press.artefacts import decorative_artefacts
from handouts.press.finish import chain, finish_for, print_hints
from handouts.press.imposition import impose_booklet
from handouts.press.reproducible import creation_date, source_date_epoch, stamp
from handouts.render.jobs import Job, stylesheets
from handouts.render.leaflet import lay_out
from handouts.source.project import Project

if TYPE_CHECKING:
    from handouts.render.document import Renderer


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    notes: tuple[str, ...] = ()


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
    # Settle the profile for this clinic: colours (CMYK for press), bleed, ICC profile.
    output = output_for(job.profile, job.clinic)
    # Lay out: branding, HTML, WeasyPrint, --fit and a booklet's pad pages.
    fitted = lay_out(job, project, renderer, output)
    # Stamp: the dates and the document ID come from the inputs, never from the clock.
    marks = stamp(job.article, key or document_key(job, project), created)
    marks.apply(fitted.document)
    # Finish: boxes, marks and print hints go in as the PDF is written.
    finisher = chain(
        print_hints(job.layout, job.imposed),
        finish_for(output, job.geometry, job.imposed),
        decorative_artefacts,
    )
    pdf = fitted.document.write_pdf(
        finisher=finisher, pdf_identifier=marks.identifier, **output.write_options()
    )
    # Impose: a booklet's pages go two-up onto sheets in saddle-stitch order.
    if job.imposed:
        paper = job.layout.sheet_pt(job.clinic.paper, "full", landscape=True)
        pdf = impose_booklet(pdf, job.profile.marks, paper, job.profile.name)
    return Rendered(pdf, (*output.notes, *fitted.notes))


def document_key(job: Job, project: Project) -> str:
    """The digest of everything one job is built from (see inputs.py)."""
    return (
        Fingerprints(project)
        .inputs(job, job.output(project), stylesheets(job.layout, project.styles_dir))
        .key
    )


def describe(jobs: list[Job], project: Project) -> list[Task]:
    """Each job with the digest of its inputs and the creation date its PDF will carry."""
    fingerprints = Fingerprints(project)
    epoch = source_date_epoch()
    tasks = []
    for job in jobs:
        output = job.output(project)
        inputs = fingerprints.inputs(job, output, stylesheets(job.layout, project.styles_dir))
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
