"""Worker processes: same bytes as one process, failures stay with their document, recycling."""

from __future__ import annotations

import dataclasses
from collections import Counter

from handouts.build.produce import describe
from handouts.build.recipe import Options, build
from handouts.build.workers import _context, _Worker, render_all
from handouts.render.jobs import Selection, plan
from handouts.source.project import Project


def test_a_failing_document_does_not_stop_the_others(project: Project) -> None:
    article = project.articles_dir / "dry-needling/safety.md"
    article.write_text(article.read_text() + "\n\nMore words here. " * 400)
    selection = Selection(["riverside"], layouts=["flyer", "trifold"])
    outcomes = build(project, selection, options=Options(jobs=2))
    failed = {o.job.name for o in outcomes if not o.ok}
    assert failed == {
        "riverside/dry-needling-safety-flyer",
        "riverside/dry-needling-safety-trifold",
    }
    assert sum(o.ok for o in outcomes) == 4
    flyer = next(o for o in outcomes if o.job.name == "riverside/dry-needling-safety-flyer")
    assert "content does not fit: it runs onto page 3" in str(flyer.problems[0])
    assert all(o.path.exists() for o in outcomes if o.ok)


def test_a_bug_in_one_document_is_reported_as_its_failure(project: Project) -> None:
    jobs = plan(project, Selection(["riverside"], ["benefits"], ["flyer", "trifold"]))
    tasks = describe(jobs, project)
    # A missing stylesheet is a user error now (the guarded reader says "file not found"): a
    # layout with no stylesheet at all is a bug.
    broken_layout = dataclasses.replace(jobs[0].layout, stylesheet=None)
    tasks[0] = dataclasses.replace(tasks[0], job=dataclasses.replace(jobs[0], layout=broken_layout))
    outcomes = {o.job.name: o for o in render_all(project, tasks, jobs=2)}
    bad, good = outcomes[jobs[0].name], outcomes[jobs[1].name]
    assert "internal error: TypeError" in str(bad.problems[0])
    assert good.ok and good.path.exists()


def test_workers_are_replaced_after_their_quota(project: Project) -> None:
    tasks = describe(plan(project, Selection(["riverside"], layouts=["flyer", "trifold"])), project)
    outcomes = list(render_all(project, tasks, jobs=2, recycle_after=2))
    assert all(o.ok for o in outcomes)
    per_worker = Counter(o.worker for o in outcomes)
    assert None not in per_worker
    assert max(per_worker.values()) <= 2
    assert len(per_worker) >= 3  # six documents, two each at most


def test_one_job_renders_in_this_process(project: Project) -> None:
    tasks = describe(plan(project, Selection(clinics=["riverside"], layouts=["trifold"])), project)
    outcomes = list(render_all(project, tasks, jobs=1))
    assert [o.worker for o in outcomes] == [None] * 3
    assert all(o.ok for o in outcomes)


def test_a_worker_that_dies_takes_only_its_document(project: Project) -> None:
    (task,) = describe(plan(project, Selection(["riverside"], ["safety"], ["flyer"])), project)
    worker = _Worker(_context(), project, limit=5)
    worker.process.kill()  # as the kernel's OOM killer would, mid-document
    worker.process.join()
    worker.task = task
    outcome = worker.receive()
    assert not outcome.ok and outcome.worker is None
    assert "the worker rendering it stopped (exit code -9)" in str(outcome.problems[0])
    assert worker.left == 0  # so the pool replaces it
    worker.retire()
