"""Options every command shares: the project's folders (found from the project file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.cli.console import fail, say, set_quiet, set_verbose
from handouts.errors import HandoutsError

if TYPE_CHECKING:
    from handouts.source.project import Project

DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Folder with clinics/ and articles/; default: from handouts.toml."),
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", callback=set_quiet, help="Print only problems."),
]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose", "-v", callback=set_verbose, help="Also say which project and folders are used."
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", help="Folder the PDFs are written to; default: from handouts.toml."),
]


def project_for(data: Path | None, out_dir: Path | None = None) -> Project:
    """The project a command works on, or one line saying there is none (exit 2)."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.source.project import resolve

    try:
        project = resolve(data, out_dir)
    except HandoutsError as exc:
        raise fail(exc) from None
    say(f"project file: {project.file or 'none (--data given)'}")
    say(f"data: {project.data_dir}")
    say(f"out: {project.out_dir}")
    say(f"shipped articles: {project.library_dir or 'not used'}")
    return project
