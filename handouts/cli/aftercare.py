"""The `handouts aftercare` command: its options, and what it prints. The work is in aftercare/.

Nothing personal is printed: lines name files, row numbers and (once) a generated password.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.cli.console import err, fail, out
from handouts.cli.options import DataOpt, OutOpt, QuietOpt, VerboseOpt, project_for
from handouts.errors import HandoutsError, Problem

if TYPE_CHECKING:
    from handouts.aftercare.daylist import RowOutcome
    from handouts.aftercare.patient import RawDetails
    from handouts.aftercare.recipe import Handover, Order
    from handouts.source.project import Project


def aftercare(
    clinic: Annotated[
        str | None,
        typer.Option("--clinic", "-c", help="Clinic id; default: the project file's clinic."),
    ] = None,
    patient: Annotated[str | None, typer.Option(help="Patient's name as printed.")] = None,
    article: Annotated[
        str | None,
        typer.Option(
            "--article",
            "-a",
            help="The treatment's aftercare article, e.g. dry-needling-aftercare; "
            "default the only one.",
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="Treatment date as YYYY-MM-DD; default today."),
    ] = None,
    area: Annotated[list[str] | None, typer.Option(help="Area treated (repeatable).")] = None,
    practitioner: Annotated[str | None, typer.Option(help="Practitioner's name.")] = None,
    notes: Annotated[str | None, typer.Option(help="The practitioner's notes.")] = None,
    next_appointment: Annotated[
        str | None,
        typer.Option(help="Next appointment, as it should read, e.g. 'Tue 17 March, 10:30'."),
    ] = None,
    email: Annotated[str | None, typer.Option(help="Patient's email address.")] = None,
    size: Annotated[
        str | None, typer.Option(help="Paper: a4, letter or a5; default the clinic's.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="PDF file (a folder with --from); default out/aftercare/."
        ),
    ] = None,
    blank: Annotated[
        bool, typer.Option("--blank", help="Write-in lines instead of details, for printed pads.")
    ] = False,
    from_csv: Annotated[
        Path | None, typer.Option("--from", help="CSV day list: one sheet per row.")
    ] = None,
    eml: Annotated[
        Path | None,
        typer.Option(help="Also write a ready-to-send email (.eml; a folder with --from)."),
    ] = None,
    send: Annotated[
        bool,
        typer.Option("--send", help="Email the sheet through the clinic's SMTP server (STARTTLS)."),
    ] = False,
    encrypt: Annotated[
        bool, typer.Option("--encrypt", help="Protect the PDF with a password (AES-256).")
    ] = False,
    password: Annotated[
        str | None, typer.Option(help="Password for --encrypt; default: a new one, shown once.")
    ] = None,
    name_in_file: Annotated[
        bool, typer.Option("--name-in-file", help="Put the patient's name in the file name.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace sheets and emails that already exist (-o, --eml)."),
    ] = False,
    data: DataOpt = None,
    out_dir: OutOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Aftercare sheet after dry needling (one page; A5 both sides): print, save, encrypt or
    email it."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.aftercare.patient import RawDetails
    from handouts.aftercare.recipe import Order

    project = project_for(data, out_dir)
    clinic = clinic or project.defaults.clinic
    if clinic is None:
        err.print(
            "error: --clinic: which clinic? Name it, or set [defaults] clinic in handouts.toml",
            markup=False,
        )
        raise typer.Exit(2)
    order = Order(
        clinic,
        size,
        blank,
        output,
        encrypt,
        password,
        eml,
        send,
        name_in_file,
        article=article,
        force=force,
    )
    raw = RawDetails(patient, date, tuple(area or ()), practitioner, notes, next_appointment, email)
    try:
        if from_csv is not None:
            _day_list(project, order, from_csv, raw)
        else:
            _one_sheet(project, order, raw)
    except HandoutsError as exc:
        raise fail(exc) from None


def _one_sheet(project: Project, order: Order, raw: RawDetails) -> None:
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.aftercare.recipe import make_sheet

    handover = make_sheet(project, order, raw, dt.date.today())
    _report(handover)
    if handover.failure:
        raise fail(handover.failure)


def _day_list(project: Project, order: Order, list_path: Path, raw: RawDetails) -> None:
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.aftercare.daylist import make_day

    if raw.patient is not None or order.blank:
        raise HandoutsError(
            Problem(
                "names come from the list's 'patient' column; leave out --patient and --blank",
                field="--from",
            )
        )

    def progress(outcome: RowOutcome, total: int) -> None:
        mark = "[green]written[/]" if outcome.ok else "[red]failed[/]"
        where = f" → {outcome.handover.pdf}" if outcome.handover else ""
        out.print(
            f"[{outcome.number:>{len(str(total))}}/{total}] {mark} row {outcome.number}"
            f"{where} ({outcome.seconds:.2f} s)",
            highlight=False,
        )
        if outcome.handover:
            _report(outcome.handover, indent="    ", path=False)
        for problem in outcome.problems:
            err.print(f"error: {problem}", markup=False, soft_wrap=True)

    outcomes = make_day(project, order, list_path, raw, dt.date.today(), progress)
    failed = [o.number for o in outcomes if not o.ok]
    out.print(
        f"{len(outcomes) - len(failed)} written, {len(failed)} failed"
        + (f" (rows {', '.join(map(str, failed))})" if failed else ""),
        highlight=False,
    )
    if failed:
        raise typer.Exit(1)


def _report(handover: Handover, indent: str = "", path: bool = True) -> None:

    def say(text: str) -> None:
        out.print(indent + text, markup=False, highlight=False, soft_wrap=True)

    if path:
        say(f"Saved {handover.pdf}")
    if handover.password:
        say(
            f"Password: {handover.password}  (shown once; tell the patient separately, "
            f"never in the same email)"
        )
    if handover.eml:
        say(f"Email written: {handover.eml}")
    if handover.sent:
        say("Email sent over an encrypted connection to the address given.")
    for note in handover.notes:
        say(f"note: {note}")
