"""The `handouts doctor` command: one line per check of this machine and each clinic's setup."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from handouts.cli.console import out
from handouts.cli.options import DataOpt, QuietOpt, VerboseOpt, project_for


def doctor(data: DataOpt = None, quiet: QuietOpt = False, verbose: VerboseOpt = False) -> None:
    """Check what handouts needs: system libraries, fonts, ICC profiles, tools, mail settings.

    One line per check, OK, WARN or FAIL, with a fix for each problem. Exits 1 when something
    FAILs (nothing can be built as asked), 0 otherwise. Passwords are never printed: only
    whether the variable a clinic names is set.
    """
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.checks.setup import doctor as run_doctor
    from handouts.checks.setup import healthy
    from handouts.checks.system import Check
    from handouts.source.project import PROJECT_FILE, find_project_file

    extra: list[Check] = []
    if data is None and find_project_file(Path.cwd().resolve()) is None:
        project = None
        extra.append(
            Check(
                "WARN",
                "project",
                f"no {PROJECT_FILE} here or above, so no clinic was checked",
                "run it in a project folder, pass --data, or start one with `handouts init`",
            )
        )
    else:
        project = project_for(data)
    checks = run_doctor(project, os.environ) + extra
    for check in checks:  # --quiet leaves out what is OK; problems are always printed
        if check.status != "OK" or not out.quiet:
            typer.echo(check.line())
    if not healthy(checks):
        raise typer.Exit(1)
