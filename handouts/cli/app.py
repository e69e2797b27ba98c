"""The `handouts` command line: parses options, calls the build, prints one line per problem."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from handouts import __version__
from handouts.cli.aftercare import aftercare
from handouts.cli.console import err, fail, out
from handouts.cli.printshop import pack, proof
from handouts.errors import HandoutsError

app = typer.Typer(
    help="Turn clinical articles and a clinic's branding into print-ready patient leaflets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[Path, typer.Option("--data", help="Folder with clinics/ and articles/.")]
OutOpt = Annotated[Path, typer.Option("--out", help="Folder the PDFs are written to.")]
ClinicOpt = Annotated[
    list[str] | None, typer.Option("--clinic", "-c", help="Clinic id (repeatable).")
]
ArticleOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--article", "-a", help="Article id, short name or glob, e.g. safety (repeatable)."
    ),
]
LayoutOpt = Annotated[
    list[str] | None, typer.Option("--layout", "-l", help="Layout name (repeatable).")
]
ProfileOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--for",
        help="Output profile: office (default), press, email, or all (repeatable).",
    ),
]
FitOpt = Annotated[
    bool,
    typer.Option("--fit", help="Shrink body type in half-point steps (to 11 pt) to make it fit."),
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes (default: one per core); 1 renders in this process.",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="Rebuild every PDF, even those whose inputs have not changed."),
]
MARKS = {
    "built": "[green]built[/]",
    "skipped": "[dim]skipped (unchanged)[/]",
    "failed": "[red]failed[/]",
}


@app.command()
def build(
    clinic: ClinicOpt = None,
    article: ArticleOpt = None,
    layout: LayoutOpt = None,
    profile: ProfileOpt = None,
    fit: FitOpt = False,
    data: DataOpt = Path("data"),
    out_dir: OutOpt = Path("out"),
    jobs: JobsOpt = None,
    force: ForceOpt = False,
) -> None:
    """Build every clinic × article × layout into out/<clinic>/<article>-<layout>.pdf.

    Profiles other than office add their name: <article>-<layout>-press.pdf. PDFs whose inputs
    have not changed since the last build are skipped (see --force).
    """
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.build.outcomes import Outcome
    from handouts.build.recipe import Options
    from handouts.build.recipe import build as run_build
    from handouts.render.jobs import Selection
    from handouts.source.project import Project

    project = Project.at(data, out_dir)
    selection = Selection(clinic or [], article or [], layout or [], profile or [], fit)
    options = Options(force=force) if jobs is None else Options(jobs=jobs, force=force)
    started = time.perf_counter()
    notes: list[str] = []

    def progress(outcome: Outcome, index: int, total: int) -> None:
        timing = "" if outcome.skipped else f" ({outcome.seconds:.2f} s)"
        out.print(
            f"[{index:>{len(str(total))}}/{total}] {MARKS[outcome.status]} "
            f"{outcome.job.name}{timing}"
        )
        for problem in outcome.problems:
            err.print(f"error: {problem}", markup=False, soft_wrap=True)
        notes.extend(n for n in outcome.notes if n not in notes)

    try:
        outcomes = run_build(project, selection, progress, options)
    except HandoutsError as exc:
        raise fail(exc) from None
    counts = Counter(str(outcome.status) for outcome in outcomes)
    for note in notes:
        out.print(f"note: {note}", markup=False, soft_wrap=True)
    elapsed = time.perf_counter() - started
    out.print(
        f"{counts['built']} built, {counts['failed']} failed, "
        f"{counts['skipped']} skipped (unchanged) in {elapsed:.1f} s → {project.out_dir}"
    )
    if counts["failed"]:
        raise typer.Exit(1)


@app.command()
def check(
    clinic: ClinicOpt = None,
    article: ArticleOpt = None,
    layout: LayoutOpt = None,
    data: DataOpt = Path("data"),
    format_: Annotated[str, typer.Option("--format", help="table, or json for CI.")] = "table",
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    no_layout: Annotated[
        bool, typer.Option("--no-layout", help="Skip laying out each leaflet (faster).")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Check review dates as of this day (YYYY-MM-DD), e.g. the print date.",
        ),
    ] = None,
) -> None:
    """Check content and clinics before printing: reading level, plain language, safety, ..."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.checks import report as show
    from handouts.checks.findings import errors
    from handouts.checks.findings import strict as all_errors
    from handouts.checks.runner import run
    from handouts.render.jobs import Selection
    from handouts.source.project import Project

    if format_ not in ("table", "json"):
        raise typer.BadParameter("choose table or json", param_hint="--format")
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise typer.BadParameter("expected a date as YYYY-MM-DD", param_hint="--as-of") from None
    selection = Selection(clinic or [], article or [], layout or [])
    try:
        result = run(Project.at(data), selection, with_layout=not no_layout, as_of=day)
    except HandoutsError as exc:
        raise fail(exc) from None
    findings = all_errors(result.findings) if strict else result.findings
    if format_ == "json":
        print(show.to_json(findings))
    else:
        show.print_table(result, findings, out)
    if errors(findings):
        raise typer.Exit(1)


@app.command("list")
def list_(data: DataOpt = Path("data")) -> None:
    """Show the clinics, articles, layouts and output profiles a build can use."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.design.layouts import LAYOUTS, PAPER_NAMES
    from handouts.design.profiles import PROFILES
    from handouts.source.articles import load_articles
    from handouts.source.clinics import load_clinics
    from handouts.source.project import Project

    project = Project.at(data)
    try:
        clinics = load_clinics(project.clinics_dir)
        articles = load_articles(project.articles_dir)
    except HandoutsError as exc:
        raise fail(exc) from None
    table = Table("clinic", "name", "paper", "locale", title="Clinics")
    for c in clinics:
        table.add_row(c.id, c.name, PAPER_NAMES[c.paper], c.locale)
    out.print(table)
    table = Table("article", "title", "next review", title="Articles")
    for a in articles:
        table.add_row(a.id, a.title, a.next_review.isoformat())
    out.print(table)
    table = Table("layout", "description", "pages", "body", title="Layouts")
    for lay in LAYOUTS.values():
        table.add_row(lay.name, lay.description, str(lay.max_pages), f"{lay.body_pt:g} pt")
    out.print(table)
    table = Table("profile (--for)", "what it is", title="Output profiles")
    for profile in PROFILES.values():
        table.add_row(profile.name, profile.description)
    out.print(table)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="clinic, article or checks")] = "clinic",
) -> None:
    """Print the fields a clinic, article or checks.yaml file may hold, from the schema."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.source.articles import Article
    from handouts.source.check_settings import CheckSettings
    from handouts.source.clinics import Clinic
    from handouts.source.schema import document

    schemas = {"clinic": Clinic, "article": Article, "checks": CheckSettings}
    if kind not in schemas:
        err.print(f"error: schema: expected {', '.join(schemas)}, got {kind!r}", markup=False)
        raise typer.Exit(2)
    for line in document(schemas[kind]):
        out.print(line, markup=False, soft_wrap=True)


app.command()(aftercare)
app.command()(pack)
app.command()(proof)


def version_callback(value: bool) -> None:
    if value:
        out.print(f"handouts {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """handouts: branded patient leaflets, aftercare sheets and print files."""


def main() -> None:
    try:
        app()
    except HandoutsError as exc:  # a user error that escaped a command still gets one line
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        sys.exit(exc.exit_code)
