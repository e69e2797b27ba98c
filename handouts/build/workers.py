"""Parallel rendering: worker processes that import WeasyPrint once and render many documents.

Each worker keeps one `Renderer` (font configuration, parsed stylesheets, decoded logos) for
all the documents it renders, and is replaced after `recycle_after` documents: WeasyPrint's
memory grows slowly over long loops, and a fresh worker costs little because workers are
forked from a server process that has already imported WeasyPrint.

Jobs go to the workers as small picklable tasks (the loaded clinic and article are frozen
dataclasses) and come back as `Outcome`s: a user error (`HandoutsError`) is data, like a
success; a bug in one document is reported as that document's failure, with its traceback on
stderr, and the other documents carry on; a worker that dies takes only its current document
with it. With one job (or one document) everything runs in this process instead, so a bug
raises here with its traceback, which is what `--jobs 1` is for.

We do not use concurrent.futures for this: in Python 3.11 its `max_tasks_per_child` can stop
scheduling work when a worker retires (CPython issue 115634).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
import traceback
from collections import deque
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any

from handouts.build.outcomes import Outcome, Task
from handouts.build.produce import build_one
from handouts.errors import Problem
from handouts.source.project import Project

if TYPE_CHECKING:
    from handouts.render.document import Renderer

RECYCLE_AFTER = 40  # documents per worker; measured flat memory, see README "Fast rebuilds"


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_all(
    project: Project, tasks: list[Task], jobs: int, recycle_after: int = RECYCLE_AFTER
) -> Iterator[Outcome]:
    """Render and write every task's PDF; outcomes arrive as documents finish."""
    if not tasks:
        return
    if jobs <= 1 or len(tasks) <= 1:
        yield from _in_process(project, tasks)
    else:
        yield from _in_workers(project, tasks, min(jobs, len(tasks)), max(1, recycle_after))


def _in_process(project: Project, tasks: list[Task]) -> Iterator[Outcome]:
    from handouts.render.document import Renderer  # lazy: WeasyPrint only when there is work

    renderer = Renderer(project.asset_roots())
    for task in tasks:
        yield _render(task, project, renderer)


def _render(task: Task, project: Project, renderer: Renderer) -> Outcome:
    return build_one(task.job, project, renderer, task.key, task.created)


class _Worker:
    """One worker process, the pipe to it, and the task it is working on."""

    def __init__(self, context: Any, project: Project, limit: int) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, project, limit), name="handouts-worker", daemon=True
        )
        self.process.start()
        child.close()  # so that a worker's death reads as end-of-file here
        self.left = limit
        self.task: Task | None = None

    def give(self, task: Task) -> None:
        self.task = task
        self.left -= 1
        self.conn.send(task)

    def receive(self) -> Outcome:
        task, self.task = self.task, None
        assert task is not None
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.process.join()
            self.left = 0
            return _lost(task, self.process.exitcode)

    def retire(self) -> None:
        if self.left > 0 and self.process.is_alive():
            self.conn.send(None)
        self.conn.close()


def _in_workers(project: Project, tasks: list[Task], size: int, limit: int) -> Iterator[Outcome]:
    context = _context()
    pending = deque(tasks)
    busy: list[_Worker] = []
    retired: list[_Worker] = []

    def start() -> None:
        worker = _Worker(context, project, limit)
        worker.give(pending.popleft())
        busy.append(worker)

    try:
        for _ in range(size):
            start()
        while busy:
            for conn in wait([worker.conn for worker in busy]):
                worker = next(w for w in busy if w.conn is conn)
                outcome = worker.receive()
                if worker.left > 0 and pending:
                    worker.give(pending.popleft())
                else:
                    # Worn out (it exits by itself) or nothing left to do: let it go.
                    busy.remove(worker)
                    worker.retire()
                    retired.append(worker)
                    if pending:
                        start()
                yield outcome
    finally:
        for worker in busy:
            worker.process.terminate()
        for worker in busy + retired:
            worker.process.join()


def _context() -> Any:
    """Workers are forked from a server that has already imported WeasyPrint (about a second),
    so replacing a worn-out one is cheap; `spawn` where there is no fork server."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(
        ["__main__", "handouts.render.document", "handouts.build.produce"]
    )
    return context


def _serve(conn: Connection, project: Project, limit: int) -> None:
    """A worker's life: one renderer, up to `limit` documents, then exit."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from handouts.render.document import Renderer  # lazy: preloaded by the fork server

    renderer = Renderer(project.asset_roots())
    # Laying out makes a great many short-lived objects. With what is loaded so far frozen out
    # of the collector's way and collections rarer, documents render about 8 % faster; memory
    # stays bounded because the worker retires after `limit` documents.
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    try:
        for _ in range(limit):
            task = conn.recv()
            if task is None:
                break
            conn.send(_render_reporting_bugs(task, project, renderer))
    except (EOFError, BrokenPipeError):
        pass  # the build was stopped: nobody is listening any more
    conn.close()


def _render_reporting_bugs(task: Task, project: Project, renderer: Renderer) -> Outcome:
    started = time.perf_counter()
    try:
        outcome = _render(task, project, renderer)
    except Exception as exc:  # a bug: this document fails, the others carry on
        traceback.print_exc()
        return _failed(task, f"internal error: {type(exc).__name__}: {exc}", started)
    outcome.worker = os.getpid()
    return outcome


def _lost(task: Task, exitcode: int | None) -> Outcome:
    outcome = _failed(task, f"the worker rendering it stopped (exit code {exitcode})", None)
    outcome.worker = None
    return outcome


def _failed(task: Task, message: str, started: float | None) -> Outcome:
    seconds = time.perf_counter() - started if started is not None else 0.0
    problem = Problem(message, file=task.job.article.source, field=task.job.name)
    return Outcome(task.job, task.output, seconds, [problem], key=task.key, worker=os.getpid())
