"""`handouts build --watch`: rebuild what a saved article, clinic file, template or style changed.

The build is already incremental (each output's inputs are fingerprinted in the manifest), so a
rebuild after a save renders only the documents whose inputs changed; a mistake in the saved file
is reported and the watch goes on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from handouts.build.outcomes import Outcome, Progress
from handouts.build.recipe import Options, build
from handouts.errors import HandoutsError, Problem
from handouts.render.jobs import Selection
from handouts.source.project import Project


@dataclass(frozen=True)
class Round:
    """One rebuild: what was built, or the problems that stopped it."""

    outcomes: tuple[Outcome, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def built(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.skipped]


def watched_folders(project: Project) -> list[Path]:
    """Everything a leaflet is made from: the project's data, templates, styles, shipped library."""
    folders = [project.data_dir, project.templates_dir, project.styles_dir]
    if project.library_dir:
        folders.append(project.library_dir)
    return [folder for folder in folders if folder.is_dir()]


def relevant(changed: Iterable[Path], project: Project) -> bool:
    """Whether a change can matter: not the output folder, not an editor's temporary file."""
    for path in changed:
        if path.is_relative_to(project.out_dir) or path.name.startswith((".", "#")):
            continue
        if path.name.endswith(("~", ".swp", ".tmp")):
            continue
        return True
    return False


def rebuild(
    project: Project,
    selection: Selection,
    progress: Progress | None = None,
    options: Options | None = None,
) -> Round:
    """One incremental build; a user mistake is returned, not raised (the watch goes on)."""
    try:
        return Round(tuple(build(project, selection, progress, options)))
    except HandoutsError as exc:
        return Round(problems=tuple(exc.problems))


def watch(
    project: Project,
    selection: Selection,
    on_round: Callable[[Round], None],
    progress: Progress | None = None,
    options: Options | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Build, then rebuild after every relevant save until `stop` is set (or Ctrl+C)."""
    import watchfiles  # lazy: only `build --watch` needs it

    on_round(rebuild(project, selection, progress, options))
    for changes in watchfiles.watch(*watched_folders(project), stop_event=stop):
        if relevant((Path(path) for _, path in changes), project):
            on_round(rebuild(project, selection, progress, options))
