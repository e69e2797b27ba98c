"""What a build hands around: a task for a worker, and the outcome of each document."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import Problem
from handouts.render.jobs import Job


@dataclass(frozen=True)
class Task:
    """One document to render, as sent to a worker."""

    job: Job
    output: Path
    key: str  # digest of its inputs: the PDF's identifier derives from it
    created: str  # the PDF's creation date (W3C), decided once for the whole build


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
