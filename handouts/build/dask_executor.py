"""`--executor dask`: render a build's documents on a Dask cluster; write them here.

The client (this process) has already planned the build: checks, manifest, what changed. It
connects to the scheduler, checks that every worker runs what this machine runs (versions of
handouts, WeasyPrint, Pango, the libraries, fonts and code: a difference would change bytes),
ships the inputs once (`dask_inputs.py`, through a worker plugin that workers joining later
receive too), and submits the documents in batches (`dask_worker.py`). Batches shrink towards
the end of the build so that no worker is left with a long tail, and only a few per worker
thread are in flight, so results never pile up faster than this machine writes them. Each
result is written here, atomically, and handed back as an `Outcome`, so the manifest stays in
one place.

Failures: a document that fails comes back as its own failure. A worker that dies has its batch
retried by the scheduler on another (`distributed.scheduler.allowed-failures`; 1 recommended).
Workers log an event as they start each document, so when the scheduler gives up on a task the
document each dead worker was rendering is known: a document blamed for two deaths is reported
as failed, and the rest of its batch, and whatever was queued behind it, go again one by one.
A lost scheduler stops the build with one line (what was written stays); Ctrl-C cancels the
tasks.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import time
import uuid
from collections import deque
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

import dask
from distributed import Client, Future, as_completed
from distributed.scheduler import KilledWorker

from handouts.build.dask_inputs import pack
from handouts.build.dask_worker import (
    STARTED,
    InputsPlugin,
    Order,
    Result,
    WorkerRefused,
    environment,
    environment_digest,
    mismatch,
    named,
    placed,
    render_batch,
)
from handouts.build.outcomes import Outcome, Task
from handouts.errors import ClusterError, Problem
from handouts.files import write_atomic
from handouts.source.project import Project

MOST_PER_BATCH = 16  # documents per task at most: ~2.5 s of rendering against ~1 ms to schedule
IN_FLIGHT_PER_THREAD = 3  # batches submitted ahead per worker thread
WAIT_FOR_WORKERS = 30.0  # seconds to wait for a first worker before giving up
MOST_RESENDS = 3  # a document whose tasks keep being lost, though it is not to blame
LOOK_EVERY = 5.0  # seconds between looks at how many workers there are


@dataclass
class Cluster:
    """What the build saw of the cluster, for the summary line."""

    workers: int = 0  # the most at any one time
    threads: int = 0  # likewise
    bundle_bytes: int = 0


class DaskExecutor:
    """Renders on the Dask cluster whose scheduler is at `scheduler` (tcp://HOST:8786)."""

    def __init__(self, scheduler: str, shared_data: bool = False) -> None:
        self.scheduler = scheduler
        self.shared_data = shared_data
        self.cluster: Cluster | None = None

    def describe(self) -> str:
        if self.cluster is None:
            return f"dask at {self.scheduler}"
        c = self.cluster
        return (
            f"dask at {self.scheduler}, {c.workers} worker{'s' if c.workers != 1 else ''}, "
            f"{c.threads} thread{'s' if c.threads != 1 else ''}"
        )

    def render(self, project: Project, tasks: list[Task]) -> Generator[Outcome, None, None]:
        if not tasks:
            return
        with _quiet():
            client = self._connect()
            try:
                yield from _Run(self, client, project, tasks).outcomes()
            finally:
                with contextlib.suppress(Exception):
                    client.close(timeout=2)

    def _connect(self) -> Client:
        timeout = dask.config.get("distributed.comm.timeouts.connect")
        try:
            return Client(self.scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError, TypeError) as exc:
            raise self.error(
                f"cannot reach the Dask scheduler at {self.scheduler}: {exc}"
            ) from None

    def error(self, message: str) -> ClusterError:
        return ClusterError(Problem(" ".join(message.split()), field="--scheduler"))


class _Run:
    """One build's documents on the cluster: submit in batches, retry, write, report."""

    def __init__(
        self, executor: DaskExecutor, client: Client, project: Project, tasks: list[Task]
    ) -> None:
        self.executor, self.client, self.project, self.tasks = executor, client, project, tasks
        self.build = uuid.uuid4().hex[:12]
        self.orders = [order_for(task, project, index) for index, task in enumerate(tasks)]
        self.expected = environment_digest()
        self.running: dict[Future, list[int]] = {}
        self.finished = as_completed(loop=client.loop)
        self.submitted = 0
        self.written = 0  # outcomes handed back so far
        self.started: dict[str, dict[str, int]] = {}  # task → worker → document it started
        self.blamed: dict[int, int] = {}  # document → workers that died rendering it
        self.resent: dict[int, int] = {}  # document → times sent again after its task was lost

    def outcomes(self) -> Iterator[Outcome]:
        cluster = self.executor.cluster = self._check_workers()
        plugin = f"handouts-{self.build}"
        bundle = pack(self.project, self.executor.shared_data)
        cluster.bundle_bytes = bundle.size
        pending = deque(batches(len(self.orders), cluster.threads))
        try:
            try:
                self.client.register_plugin(InputsPlugin(self.build, bundle), name=plugin)
            except Exception as exc:
                raise self.executor.error(
                    f"a worker could not take this build's inputs: {exc}"
                ) from None
            self.client.subscribe_topic(STARTED, self._on_started)
            looked = time.monotonic()
            while pending or self.running:
                if time.monotonic() - looked > LOOK_EVERY:  # workers may have joined or left
                    self._look(cluster)
                    looked = time.monotonic()
                while pending and len(self.running) < IN_FLIGHT_PER_THREAD * cluster.threads:
                    self._submit(pending.popleft())
                yield from self._collect(next(self.finished))
        finally:
            if self.running:  # stopped early (Ctrl-C, a lost scheduler): cancel what is left
                with contextlib.suppress(Exception):
                    self.client.cancel(list(self.running), force=True)
            with contextlib.suppress(Exception):
                self.client.unsubscribe_topic(STARTED)
            with contextlib.suppress(Exception):
                if self.client.status == "running":
                    self.client.unregister_worker_plugin(plugin)

    def _look(self, cluster: Cluster) -> None:
        """The cluster's size now (an adaptive cluster grows and shrinks during a build)."""
        with contextlib.suppress(Exception):
            threads = self.client.nthreads()
            if threads:
                cluster.threads = max(cluster.threads, sum(threads.values()))
                cluster.workers = max(cluster.workers, len(threads))

    def _check_workers(self) -> Cluster:
        """At least one worker, and every worker running what this machine runs."""
        error = self.executor.error
        try:
            self.client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
            theirs = self.client.run(environment)
            threads = self.client.nthreads()
        except TimeoutError:
            raise error(
                f"the scheduler at {self.executor.scheduler} has no workers (waited "
                f"{WAIT_FOR_WORKERS:.0f} s); start some with: dask worker {self.executor.scheduler}"
            ) from None
        except OSError as exc:
            raise error(f"lost the Dask scheduler at {self.executor.scheduler}: {exc}") from None
        mine = environment()
        for worker, found in sorted(theirs.items()):
            problem = mismatch(found, mine, worker)
            if problem:
                raise error(problem)
        return Cluster(len(threads), sum(threads.values()))

    def _submit(self, indices: list[int]) -> None:
        self.submitted += 1
        future = self.client.submit(
            render_batch,
            self.build,
            self.expected,
            [self.orders[i] for i in indices],
            key=f"handouts-render-{self.build}-{self.submitted}",
            pure=False,
        )
        self.running[future] = indices
        self.finished.add(future)

    def _on_started(self, event: tuple[float, list[Any]]) -> None:
        """A worker started a document (runs on the client's event loop)."""
        build, task, worker, index = event[1]
        if build == self.build:
            self.started.setdefault(task, {})[worker] = index

    def _collect(self, future: Future) -> Iterator[Outcome]:
        indices = self.running.pop(future)
        started = self.started.pop(str(future.key), {})
        if future.status == "finished":
            results = future.result()
            future.release()
            for index, result in zip(indices, results, strict=True):
                self.written += 1
                yield self._outcome(self.tasks[index], result)
            return
        if future.status == "cancelled" or self.client.status != "running":
            raise self.executor.error(
                f"lost the Dask scheduler at {self.executor.scheduler} after "
                f"{self.written} of {len(self.tasks)} documents; what was finished is written, "
                "build again for the rest"
            )
        exc = future.exception()
        if isinstance(exc, KilledWorker):
            yield from self._killed(indices, started)
            return
        if isinstance(exc, WorkerRefused):
            raise self.executor.error(self._refusal(str(exc)))
        raise self.executor.error(f"a batch failed on the cluster: {type(exc).__name__}: {exc}")

    def _killed(self, indices: list[int], started: dict[str, int]) -> Iterator[Outcome]:
        """The scheduler gave up on a task whose workers died. Each worker that died was
        rendering the document it last started: that one is blamed, not the rest of the batch
        or what waited behind it. A document blamed twice fails; the others go again singly."""
        for index in started.values():
            self.blamed[index] = self.blamed.get(index, 0) + 1
        for index in indices:
            task, blamed, resent = (
                self.tasks[index],
                self.blamed.get(index, 0),
                self.resent.get(index, 0),
            )
            if blamed >= 2 or resent >= MOST_RESENDS:
                message = (
                    f"the worker rendering it stopped, {blamed} times on different workers"
                    if blamed >= 2
                    else f"the workers it was sent to kept stopping ({resent + 1} times)"
                )
                self.written += 1
                problem = _problem(task, f"{message}; not tried again")
                yield Outcome(task.job, task.output, 0.0, [problem], key=task.key)
            else:
                self.resent[index] = resent + 1
                self._submit([index])

    def _refusal(self, message: str) -> str:
        """A worker that joined during the build and runs other versions, or has no inputs."""
        try:
            theirs = json.loads(message)
        except ValueError:
            return f"a worker refused the build: {message}"
        return mismatch(theirs, environment(), "that joined during the build") or message

    def _outcome(self, task: Task, result: Result) -> Outcome:
        """Write a rendered document here, atomically, or report why there is none."""
        if result.pdf is None:
            problems = [placed(p, self.project) for p in result.problems]
            if not problems:
                problems = [_problem(task, result.error or "no PDF came back")]
            return Outcome(
                task.job, task.output, result.seconds, problems, key=task.key, worker=result.worker
            )
        try:
            write_atomic(task.output, result.pdf)
        except OSError as exc:
            problem = _problem(task, f"could not write {task.output}: {exc.strerror or exc}")
            return Outcome(task.job, task.output, result.seconds, [problem], key=task.key)
        return Outcome(
            task.job,
            task.output,
            result.seconds,
            notes=list(result.notes),
            key=task.key,
            sha256=hashlib.sha256(result.pdf).hexdigest(),
            worker=result.worker,
        )


def order_for(task: Task, project: Project, index: int = 0) -> Order:
    """A task as any machine can find it: files named by root (`data/…`, `library/…`)."""
    job = task.job
    return Order(
        clinic_file=named(job.clinic.source, project),
        article_file=named(job.article.source, project),
        article_id=job.article.id,
        layout=job.layout.name,
        profile=job.profile.name,
        fit=job.fit,
        key=task.key,
        created=task.created,
        index=index,
    )


def batches(count: int, threads: int, most: int = MOST_PER_BATCH) -> list[list[int]]:
    """Consecutive documents (same clinic, warm caches) in batches of at most `most`, shrinking
    as the build nears its end (guided self-scheduling) so that the last ones finish together."""
    found, start = [], 0
    while start < count:
        size = max(1, min(most, math.ceil((count - start) / (2 * max(1, threads)))))
        found.append(list(range(start, min(count, start + size))))
        start += size
    return found


def _problem(task: Task, message: str) -> Problem:
    return Problem(message, file=task.job.article.source, field=task.job.name)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Dask's client logs a lost connection as tracebacks; the build says it in one line."""
    loggers = [
        logging.getLogger(name)
        for name in [*logging.root.manager.loggerDict, "distributed"]
        if name.startswith("distributed")
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
