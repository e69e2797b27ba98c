"""The catalogue's Build button: one incremental build at a time, in a background thread
(its renders in worker processes), so the server keeps answering; progress is polled."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from handouts.build.outcomes import Outcome
from handouts.build.recipe import Options, build
from handouts.errors import HandoutsError
from handouts.render.jobs import Selection
from handouts.source.project import Project


@dataclass
class Progress:
    running: bool = False
    done: int = 0
    total: int = 0
    built: int = 0
    skipped: int = 0
    failed: int = 0
    message: str = ""
    failures: dict[str, str] = field(default_factory=dict)  # job name → reason

    def as_json(self) -> dict[str, object]:
        return {
            "running": self.running,
            "done": self.done,
            "total": self.total,
            "built": self.built,
            "skipped": self.skipped,
            "failed": self.failed,
            "message": self.message,
        }


class Builds:
    """The server's one build runner."""

    def __init__(self) -> None:
        self.progress = Progress()
        self._lock = threading.Lock()

    def start(self, project: Project, selection: Selection, jobs: int = 1) -> bool:
        """Start a build unless one is running; False if one was."""
        with self._lock:
            if self.progress.running:
                return False
            self.progress = Progress(running=True, failures=self.progress.failures)
        thread = threading.Thread(
            target=self._run, args=(project, selection, jobs), name="handouts-build", daemon=True
        )
        thread.start()
        return True

    def _run(self, project: Project, selection: Selection, jobs: int) -> None:
        progress = self.progress

        def seen(outcome: Outcome, done: int, total: int) -> None:
            progress.done, progress.total = done, total
            if outcome.problems:
                progress.failed += 1
                progress.failures[outcome.job.name] = str(outcome.problems[0].message)
            else:
                progress.failures.pop(outcome.job.name, None)
                if outcome.skipped:
                    progress.skipped += 1
                else:
                    progress.built += 1

        try:
            build(project, selection, seen, Options(jobs=jobs))
            progress.message = (
                f"Done: {progress.built} built, {progress.skipped} unchanged, "
                f"{progress.failed} failed."
            )
        except HandoutsError as exc:
            progress.message = "The build stopped: " + "; ".join(str(p) for p in exc.problems[:5])
        except Exception as exc:  # shown by type only; the server's log has nothing personal
            progress.message = f"The build stopped on an unexpected error ({type(exc).__name__})."
        finally:
            progress.running = False
