"""Options every command shares: the project's folders (found from the project file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.cli.console import fail
from handouts.errors import HandoutsError

if TYPE_CHECKING:
    from handouts.source.project import Project

DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Folder with clinics/ and articles/; default: from handouts.toml."),
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
        return resolve(data, out_dir)
    except HandoutsError as exc:
        raise fail(exc) from None
