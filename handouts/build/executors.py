"""Where a build's documents are rendered: the local worker pool or a Dask cluster (one seam).

The build plans, checks and decides what changed; an `Executor` only turns tasks into outcomes,
one per task, as documents finish. `LocalPool` is the default (`workers.py`); `--executor dask`
hands the same tasks to a Dask cluster (`dask_executor.py`, an optional dependency).
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from handouts.build.outcomes import Outcome, Task
from handouts.build.workers import RECYCLE_AFTER, default_jobs, render_all
from handouts.errors import Problem, UsageError
from handouts.source.project import Project

EXECUTORS = ("local", "dask")
SCHEDULER_VARIABLE = "HANDOUTS_DASK_SCHEDULER"


class Executor(Protocol):
    def render(self, project: Project, tasks: list[Task]) -> Generator[Outcome, None, None]:
        """Render and write every task's PDF; one outcome per task, as each finishes."""
        ...

    def describe(self) -> str:
        """Where the documents were rendered, for the build's summary line."""
        ...


@dataclass
class LocalPool:
    """Worker processes on this machine (`--jobs`), or this process alone with one job."""

    jobs: int = field(default_factory=default_jobs)
    recycle_after: int = RECYCLE_AFTER
    used: int = 0  # worker processes the last render started

    def render(self, project: Project, tasks: list[Task]) -> Generator[Outcome, None, None]:
        self.used = 0 if self.jobs <= 1 or len(tasks) <= 1 else min(self.jobs, len(tasks))
        yield from render_all(project, tasks, self.jobs, self.recycle_after)

    def describe(self) -> str:
        if self.used == 0:
            return "local, in this process"
        return f"local pool, {self.used} worker{'s' if self.used != 1 else ''}"


def scheduler_address(
    option: str | None, environ: Mapping[str, str], project_file: str | None = None
) -> str | None:
    """The Dask scheduler to use: `--scheduler`, else `HANDOUTS_DASK_SCHEDULER`, else the
    project file's setting (its reader, issue 11's `handouts.toml`, passes it in)."""
    for value in (option, environ.get(SCHEDULER_VARIABLE), project_file):
        if value and value.strip():
            return value.strip()
    return None


def choose(
    name: str,
    scheduler: str | None = None,
    shared_data: bool = False,
    jobs: int | None = None,
) -> Executor:
    """The executor `--executor` names, with the options that belong to it."""
    if name not in EXECUTORS:
        raise UsageError(
            Problem(f"expected one of {', '.join(EXECUTORS)}, got {name!r}", field="--executor")
        )
    if name == "local":
        if shared_data:
            raise UsageError(Problem("only applies with --executor dask", field="--shared-data"))
        return LocalPool() if jobs is None else LocalPool(jobs)
    if jobs is not None:
        raise UsageError(
            Problem("applies to the local pool; a Dask cluster has its own workers", field="--jobs")
        )
    if scheduler is None:
        raise UsageError(
            Problem(
                "--executor dask needs the scheduler's address: --scheduler tcp://HOST:8786 "
                f"or {SCHEDULER_VARIABLE}",
                field="--scheduler",
            )
        )
    try:
        # lazy: Dask is optional (`handouts[dask]`) and takes a while to import
        from handouts.build.dask_executor import DaskExecutor
    except ImportError:
        raise UsageError(
            Problem('Dask is not installed: pip install "handouts[dask]"', field="--executor")
        ) from None
    return DaskExecutor(scheduler, shared_data=shared_data)
