"""What runs on a Dask worker: the build's inputs, warm renderers, batches of documents.

A build registers an `InputsPlugin`, which unpacks the build's inputs on every worker that is
there or joins later (one that replaces a dead worker too). Documents then arrive in batches as
`Order`s naming files relative to the data folder; the worker loads each clinic and article
once, renders with one `Renderer` per thread (font configuration, parsed stylesheets and decoded
logos kept from document to document, as in the local pool) and sends back the PDF bytes. It
writes nothing to the build's output folder: the client does, atomically, and keeps the
manifest.

A document that fails fails alone: a user error comes back as its problems, a bug as its
message (with the traceback in the worker's log), and the rest of the batch carries on.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import os
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin

import handouts
from handouts.build.dask_inputs import Bundle, unpack
from handouts.build.inputs import toolchain
from handouts.build.produce import render_job
from handouts.build.workers import RECYCLE_AFTER
from handouts.design.colours import installed_cmyk_profile
from handouts.design.layouts import LAYOUTS
from handouts.design.profiles import PROFILES
from handouts.errors import HandoutsError, Problem
from handouts.render.jobs import Job
from handouts.source.articles import Article, load_article
from handouts.source.clinics import Clinic, load_clinic
from handouts.source.project import Project

if TYPE_CHECKING:
    from handouts.render.document import Renderer


class WorkerRefused(Exception):
    """A worker that cannot render this build: other versions, or no inputs."""


@dataclass(frozen=True)
class Order:
    """One document to render, named so that any machine can find its files."""

    clinic_file: str  # under one of the project's roots, e.g. "data/clinics/riverside.yaml"
    article_file: str  # e.g. "library/dry-needling/safety.md" (shipped) or "data/articles/…"
    article_id: str
    layout: str
    profile: str
    fit: bool
    key: str  # digest of its inputs, computed by the client
    created: str  # the PDF's creation date, decided by the client
    index: int = 0  # its place in the client's list, for the "started" events


@dataclass(frozen=True)
class Result:
    """What a worker sends back for one document: its bytes, or why there are none."""

    pdf: bytes | None
    notes: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()  # a user error; files named relative to the project
    error: str | None = None  # a bug: "internal error: …"
    seconds: float = 0.0
    worker: int | None = None  # process id


# --- the same software everywhere ------------------------------------------------------------


@cache
def environment() -> dict[str, str]:
    """Everything that shapes a PDF's bytes besides its inputs: versions of handouts, WeasyPrint,
    Pango, the libraries and font packages, handouts' own code, the default CMYK profile."""
    # lazy: WeasyPrint takes a second to import; a worker needs it anyway, the client only
    # once it has documents to send
    import weasyprint
    from weasyprint.text.ffi import pango

    icc = installed_cmyk_profile()
    return {
        **toolchain(),
        "handouts": handouts.__version__,
        "weasyprint": weasyprint.__version__,
        "pango": str(pango.pango_version()),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "cmyk-profile": hashlib.sha256(icc.read_bytes()).hexdigest() if icc else "none",
    }


def environment_digest() -> str:
    return hashlib.sha256(json.dumps(sorted(environment().items())).encode()).hexdigest()


def mismatch(theirs: dict[str, str], mine: dict[str, str], worker: str) -> str | None:
    """One line naming what differs between a worker and this machine, or None."""
    if theirs == mine:
        return None
    ours = ("handouts", "weasyprint")
    if any(theirs.get(name) != mine.get(name) for name in ours):
        return (
            f"worker {worker} runs handouts {theirs.get('handouts')} with WeasyPrint "
            f"{theirs.get('weasyprint')}, this machine handouts {mine.get('handouts')} with "
            f"WeasyPrint {mine.get('weasyprint')}: install the same versions everywhere"
        )
    name = next(n for n in sorted({*theirs, *mine}) if theirs.get(n) != mine.get(n))
    return (
        f"worker {worker} has {name} {_short(theirs.get(name))}, this machine "
        f"{_short(mine.get(name))} (both handouts {mine['handouts']}): install the same "
        "versions everywhere, or its PDFs would differ"
    )


def _short(value: str | None) -> str:
    if value is None:
        return "(none)"
    return value[:12] if len(value) == 64 else value  # a digest


# --- the build's inputs on each worker -------------------------------------------------------

_PROJECTS: dict[str, Project] = {}  # build id → where its inputs were unpacked
_WARM: dict[tuple[str, int], _Warm] = {}  # (build id, thread) → renderer and loaded files
_LOCK = threading.Lock()


class InputsPlugin(WorkerPlugin):
    """Unpacks one build's inputs on every worker, including those that join during the build."""

    def __init__(self, build: str, bundle: Bundle) -> None:
        self.build = build
        self.bundle: Bundle | None = bundle

    def setup(self, worker: Any) -> None:
        if self.bundle is None:
            return
        cache_dir = Path(worker.local_directory) / "handouts-inputs"
        cache_dir.mkdir(parents=True, exist_ok=True)
        _PROJECTS[self.build] = unpack(self.bundle, cache_dir)
        self.bundle = None  # the files are on disk now; the scheduler keeps the bytes

    def teardown(self, worker: Any) -> None:
        _PROJECTS.pop(self.build, None)
        with _LOCK:
            for key in [key for key in _WARM if key[0] == self.build]:
                del _WARM[key]


@dataclass
class _Warm:
    """One thread's renderer and the clinics and articles it has loaded, for one build.

    The renderer is replaced after `RECYCLE_AFTER` documents, as the local pool replaces its
    workers: its caches (a stylesheet per clinic's brand, decoded logos) would otherwise grow
    with every clinic a long-lived worker meets.
    """

    project: Project
    renderer: Renderer
    clinics: dict[str, Clinic] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    rendered: int = 0

    def fresh(self) -> Renderer:
        """The renderer for the next document."""
        if self.rendered >= RECYCLE_AFTER:
            # lazy: WeasyPrint, only where documents are rendered
            from handouts.render.document import Renderer

            self.renderer, self.rendered = Renderer(self.project.asset_roots()), 0
        self.rendered += 1
        return self.renderer

    def job(self, order: Order) -> Job:
        if order.clinic_file not in self.clinics:
            self.clinics[order.clinic_file] = load_clinic(inside(order.clinic_file, self.project))
        if order.article_file not in self.articles:
            path = inside(order.article_file, self.project)
            article = load_article(path, order.article_id)
            self.articles[order.article_file] = article
        clinic, article = self.clinics[order.clinic_file], self.articles[order.article_file]
        return Job(clinic, article, LAYOUTS[order.layout], PROFILES[order.profile], order.fit)


def _warm(build: str) -> _Warm:
    key = (build, threading.get_ident())
    with _LOCK:
        if key not in _WARM:
            project = _PROJECTS.get(build)
            if project is None:
                raise WorkerRefused("this worker has not received the build's inputs")
            # lazy: WeasyPrint, only where documents are rendered
            from handouts.render.document import Renderer

            _WARM[key] = _Warm(project, Renderer(project.asset_roots()))
            _tune_gc()
        return _WARM[key]


@cache
def _tune_gc() -> None:
    """As in the local pool's workers: what is loaded so far is frozen out of the collector's
    way and collections are rarer (about 8 % faster per document)."""
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


_since_collected = [0]  # documents this process has rendered since its last full collection


def _collect_now_and_then() -> None:
    """A full collection every `RECYCLE_AFTER` documents. Laying out leaves cycles that the
    tuned collector lets pile up for hundreds of documents (measured: about 1.2 MB a document,
    all garbage); a local worker simply exits after its quota, a Dask worker lives on."""
    _since_collected[0] += 1
    if _since_collected[0] >= RECYCLE_AFTER:
        _since_collected[0] = 0
        gc.collect()


# --- rendering --------------------------------------------------------------------------------


STARTED = "handouts-started"  # the event topic: one small event per document started


def render_batch(build: str, expected: str, orders: list[Order]) -> list[Result]:
    """A batch of documents, in order; the task a build submits to the cluster.

    Before each document the worker logs a `STARTED` event (build, task, worker, document), so
    that when a worker dies the client knows which document it was rendering, and blames that
    one alone rather than every document queued on the worker.
    """
    if environment_digest() != expected:
        raise WorkerRefused(json.dumps(environment()))  # the client names the difference
    warm = _warm(build)
    worker = get_worker()
    task = str(worker.get_current_task())
    results = []
    for order in orders:
        worker.log_event(STARTED, [build, task, worker.address, order.index])
        results.append(render_order(order, warm))
        _collect_now_and_then()
    return results


def render_order(order: Order, warm: _Warm) -> Result:
    """One document to PDF bytes; whatever goes wrong stays with it."""
    started = time.perf_counter()
    try:
        job = warm.job(order)
        rendered = render_job(job, warm.project, warm.fresh(), order.key, order.created)
    except HandoutsError as exc:
        problems = tuple(relative(p, warm.project) for p in exc.problems)
        return Result(None, problems=problems, seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug: this document fails, the others carry on
        traceback.print_exc()
        return Result(
            None,
            error=f"internal error: {type(exc).__name__}: {exc}",
            seconds=time.perf_counter() - started,
        )
    seconds = time.perf_counter() - started
    return Result(rendered.pdf, tuple(rendered.notes), seconds=seconds, worker=os.getpid())


def relative(problem: Problem, project: Project) -> Problem:
    """A problem's file named relative to the project (`data/…`), which the client places."""
    if problem.file is None:
        return problem
    path = Path(problem.file)
    for name, root in _roots(project).items():
        if path.is_absolute() and path.is_relative_to(root):
            return _with_file(problem, Path(name) / path.relative_to(root))
    return problem


def placed(problem: Problem, project: Project) -> Problem:
    """The client's side of `relative`: a problem's file back in this project's folders."""
    if problem.file is None or Path(problem.file).is_absolute():
        return problem
    parts = Path(problem.file).parts
    roots = _roots(project)
    if parts and parts[0] in roots:
        return _with_file(problem, roots[parts[0]].joinpath(*parts[1:]))
    return problem


def _roots(project: Project) -> dict[str, Path]:
    roots = {
        "data": project.data_dir,
        "templates": project.templates_dir,
        "styles": project.styles_dir,
    }
    if project.library_dir is not None:
        roots["library"] = project.library_dir
    return roots


def named(path: Path, project: Project) -> str:
    """A file of the project as any machine can find it: `<root>/<path below it>`."""
    for name, root in _roots(project).items():
        if path.is_relative_to(root):
            return f"{name}/{path.relative_to(root).as_posix()}"
    raise ValueError(f"{path} is not inside the project's folders")


def inside(name: str, project: Project) -> Path:
    """The other side of `named`: where this machine keeps that file."""
    root, _, rest = name.partition("/")
    return _roots(project)[root] / rest


def _with_file(problem: Problem, file: Path) -> Problem:
    return dataclasses.replace(problem, file=file)
