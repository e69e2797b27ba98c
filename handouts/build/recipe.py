"""The build as a recipe: plan, check, decide what changed, render in workers, remember.

Each document's own recipe (lay out, stamp, finish, impose, write) is in `produce.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handouts.build.manifest import Manifest
from handouts.build.outcomes import Outcome, Progress
from handouts.build.produce import describe
from handouts.build.workers import RECYCLE_AFTER, default_jobs, render_all
from handouts.checks.runner import gate
from handouts.render.jobs import Selection, plan
from handouts.source.project import Project


@dataclass(frozen=True)
class Options:
    """How to build: `--jobs`, `--force`, and how many documents a worker renders."""

    jobs: int = field(default_factory=default_jobs)
    force: bool = False
    recycle_after: int = RECYCLE_AFTER


def build(
    project: Project,
    selection: Selection,
    progress: Progress | None = None,
    options: Options | None = None,
) -> list[Outcome]:
    """Build every selected clinic × article × layout × profile into `out/<clinic>/`.

    Outputs whose inputs have not changed since they were written are skipped (see
    `manifest.py`); the rest are rendered in worker processes (see `workers.py`), each
    document as `produce.py` says.
    """
    options = options or Options()
    jobs = plan(project, selection)
    # Check: the fast pre-print checks; an error stops the build before anything is rendered.
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
