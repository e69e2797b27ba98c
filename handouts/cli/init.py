"""The `handouts init` command: asks a few questions (or reads flags) and scaffolds a project."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.console import err, fail, out
from handouts.cli.options import QuietOpt, VerboseOpt
from handouts.errors import HandoutsError

PHONE = "+44 117 496 0000"  # a placeholder from Ofcom's range for drama


def init(
    directory: Annotated[
        Path, typer.Argument(help="Folder for the new project (made if missing).")
    ] = Path("."),
    clinic_name: Annotated[
        str | None, typer.Option("--clinic-name", help="The clinic's name as printed.")
    ] = None,
    paper: Annotated[str | None, typer.Option(help="a4 or letter.")] = None,
    locale: Annotated[str | None, typer.Option(help="Language and region, e.g. en-GB.")] = None,
    phone: Annotated[str | None, typer.Option(help="The clinic's phone number.")] = None,
    email: Annotated[str | None, typer.Option(help="The clinic's email for patients.")] = None,
    website: Annotated[str | None, typer.Option(help="The clinic's web site (https://…).")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Start a clinic project: handouts.toml, a commented clinic file, a placeholder logo.

    Asks for what no flag gave when run in a terminal; with flags only (or input that is not a
    terminal) it asks nothing. Never overwrites a file.
    """
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.source.scaffold import Answers, scaffold

    ask = sys.stdin.isatty()
    if clinic_name is None and not ask:
        err.print("error: --clinic-name: needed when handouts init cannot ask", markup=False)
        raise typer.Exit(2)
    answers = Answers(
        clinic_name=clinic_name or typer.prompt("Clinic name"),
        paper=_ask(paper, "Paper (a4 or letter)", "a4", ask),
        locale=_ask(locale, "Locale (sets date formats)", "en-GB", ask),
        phone=_ask(phone, "Phone", PHONE, ask),
        email=_ask(email, "Email for patients (blank: a placeholder)", "", ask) or None,
        website=_ask(website, "Web site (blank: a placeholder)", "", ask) or None,
    )
    try:
        written = scaffold(directory, answers)
    except HandoutsError as exc:
        raise fail(exc) from None
    for path in written:
        out.print(f"created {path}", markup=False, soft_wrap=True)
    out.print(
        f"next: edit data/clinics/{answers.clinic_id}.yaml, then cd {directory} && handouts build",
        markup=False,
        soft_wrap=True,
    )


def _ask(given: str | None, question: str, default: str, ask: bool) -> str:
    """A flag's value; else the answer to a question when there is a terminal; else the default."""
    if given is not None:
        return given
    return str(typer.prompt(question, default=default)) if ask else default
