"""The `handouts` command line: parses options, calls the build, prints one line per problem."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from collections import Counter
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from handouts import __version__
from handouts.cli.aftercare import aftercare
from handouts.cli.console import err, fail, out, progress_bar
from handouts.cli.doctor import doctor
from handouts.cli.init import init
from handouts.cli.options import DataOpt, OutOpt, QuietOpt, VerboseOpt, project_for
from handouts.cli.printshop import pack, proof
from handouts.errors import HandoutsError

if TYPE_CHECKING:
    from handouts.build.recipe import Options
    from handouts.render.jobs import Selection
    from handouts.source.project import Project

app = typer.Typer(
    help="Turn clinical articles and a clinic's branding into print-ready patient leaflets.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

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
ExecutorOpt = Annotated[
    str | None,
    typer.Option(
        "--executor",
        help="Where to render: local (worker processes here) or dask (a Dask cluster); "
        "default: handouts.toml's [defaults] executor, else local.",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="The Dask scheduler, e.g. tcp://HOST:8786 (default: $HANDOUTS_DASK_SCHEDULER, "
        "else handouts.toml's [defaults] scheduler).",
    ),
]
SharedDataOpt = Annotated[
    bool,
    typer.Option(
        "--shared-data",
        help="Dask workers read --data at the same path (a shared folder) instead of a copy.",
    ),
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
    data: DataOpt = None,
    out_dir: OutOpt = None,
    jobs: JobsOpt = None,
    force: ForceOpt = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Keep running: rebuild what changed whenever an article, clinic file, template "
            "or style is saved (Ctrl+C stops).",
        ),
    ] = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    executor: ExecutorOpt = None,
    scheduler: SchedulerOpt = None,
    shared_data: SharedDataOpt = False,
) -> None:
    """Build every clinic × article × layout into out/<clinic>/<article>-<layout>.pdf.

    Profiles other than office add their name: <article>-<layout>-press.pdf. PDFs whose inputs
    have not changed since the last build are skipped (see --force). With --executor dask the
    documents are rendered on a Dask cluster and written here.
    """
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.build.executors import choose, scheduler_address
    from handouts.build.outcomes import Outcome
    from handouts.build.recipe import Options
    from handouts.build.recipe import build as run_build
    from handouts.errors import Problem, UsageError
    from handouts.render.jobs import Selection

    project = project_for(data, out_dir)
    profiles = profile or list(project.defaults.profiles)
    selection = Selection(clinic or [], article or [], layout or [], profiles, fit)
    executor = executor or project.defaults.executor or "local"
    try:
        if scheduler is not None and executor != "dask":
            raise UsageError(Problem("only applies with --executor dask", field="--scheduler"))
        address = scheduler_address(scheduler, os.environ, project.defaults.scheduler)
        where = choose(executor, address, shared_data, jobs)
    except HandoutsError as exc:
        raise fail(exc) from None
    options = Options(force=force, executor=where)
    if executor == "local":
        _warn_if_not_reproducible()
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

    if watch:
        _watch(project, selection, progress, options)
        return
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
        f"{counts['skipped']} skipped (unchanged) in {elapsed:.1f} s ({where.describe()}) "
        f"→ {project.out_dir}"
    )
    if counts["failed"]:
        raise typer.Exit(1)


def _warn_if_not_reproducible() -> None:
    """One line, once per build, when this machine cannot promise byte-identical PDFs."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.checks.system import reproducibility_warning

    warning = reproducibility_warning()
    if warning:
        err.print(warning, markup=False, soft_wrap=True)


def _watch(project: Project, selection: Selection, progress: Any, options: Options) -> None:
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.build.watch import Round, watch

    def on_round(done: Round) -> None:
        for problem in done.problems:
            err.print(f"error: {problem}", markup=False, soft_wrap=True)
        out.print(f"{len(done.built)} rebuilt; watching for changes (Ctrl+C stops)", markup=False)

    try:
        watch(project, selection, on_round, progress, options)
    except KeyboardInterrupt:
        out.print("stopped watching", markup=False)


@app.command()
def check(
    clinic: ClinicOpt = None,
    article: ArticleOpt = None,
    layout: LayoutOpt = None,
    data: DataOpt = None,
    format_: Annotated[str, typer.Option("--format", help="table, or json for CI.")] = "table",
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    no_layout: Annotated[
        bool, typer.Option("--no-layout", help="Skip laying out each leaflet (faster).")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The day review dates are compared against (YYYY-MM-DD), e.g. the print date; "
            "default: today.",
        ),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Check content and clinics before printing: reading level, plain language, safety, ..."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.checks import report as show
    from handouts.checks.findings import errors
    from handouts.checks.findings import strict as all_errors
    from handouts.checks.runner import run
    from handouts.render.jobs import Selection

    if format_ not in ("table", "json"):
        raise typer.BadParameter("choose table or json", param_hint="--format")
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise typer.BadParameter("expected a date as YYYY-MM-DD", param_hint="--as-of") from None
    selection = Selection(clinic or [], article or [], layout or [])
    project = project_for(data)
    try:
        with progress_bar("laying out") as bar:
            result = run(project, selection, with_layout=not no_layout, as_of=day, progress=bar)
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
def list_(
    data: DataOpt = None,
    format_: Annotated[str, typer.Option("--format", help="table, or json for scripts.")] = "table",
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Show the clinics, articles (shipped or the project's own), layouts and output profiles."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.design.layouts import LAYOUTS, PAPER_NAMES
    from handouts.design.profiles import PROFILES
    from handouts.source.articles import load_articles
    from handouts.source.clinics import load_clinics

    if format_ not in ("table", "json"):
        raise typer.BadParameter("choose table or json", param_hint="--format")
    project = project_for(data)
    try:
        clinics = load_clinics(project.clinics_dir)
        articles = load_articles(project.article_folders())
    except HandoutsError as exc:
        raise fail(exc) from None
    listing: dict[str, list[dict[str, Any]]] = {
        "clinics": [
            {"id": c.id, "name": c.name, "paper": PAPER_NAMES[c.paper], "locale": c.locale}
            for c in clinics
        ],
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "kind": a.kind,
                "next_review": a.next_review.isoformat(),
                "source": project.article_origin(a.source),
                "file": str(a.source),
            }
            for a in articles
        ],
        "layouts": [
            {
                "name": lay.name,
                "description": lay.description,
                "pages": lay.max_pages,
                "body_pt": lay.body_pt,
            }
            for lay in LAYOUTS.values()
        ],
        "profiles": [{"name": p.name, "description": p.description} for p in PROFILES.values()],
    }
    if format_ == "json":
        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return
    _print_listing(listing)


def _print_listing(listing: dict[str, list[dict[str, Any]]]) -> None:
    table = Table("clinic", "name", "paper", "locale", title="Clinics")
    for c in listing["clinics"]:
        table.add_row(c["id"], c["name"], c["paper"], c["locale"])
    out.print(table)
    table = Table("article", "title", "next review", "source", title="Articles")
    for a in listing["articles"]:
        table.add_row(a["id"], a["title"], a["next_review"], a["source"])
    out.print(table)
    table = Table("layout", "description", "pages", "body", title="Layouts")
    for lay in listing["layouts"]:
        table.add_row(lay["name"], lay["description"], str(lay["pages"]), f"{lay['body_pt']:g} pt")
    out.print(table)
    table = Table("profile (--for)", "what it is", title="Output profiles")
    for profile in listing["profiles"]:
        table.add_row(profile["name"], profile["description"])
    out.print(table)


@app.command()
def schema(
    kind: Annotated[str, typer.Argument(help="clinic, article or checks")] = "clinic",
    format_: Annotated[
        str,
        typer.Option(
            "--format", help="text, or json-schema for editors (the YAML language server)."
        ),
    ] = "text",
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Print the fields a clinic, article or checks.yaml file may hold, from the schema.

    With --format json-schema, save the output (e.g. as clinic.schema.json) and point the
    editor at it: a first line `# yaml-language-server: $schema=clinic.schema.json`.
    """
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.source.articles import Article
    from handouts.source.check_settings import CheckSettings
    from handouts.source.clinics import Clinic
    from handouts.source.jsonschema import json_schema
    from handouts.source.schema import document

    schemas = {"clinic": Clinic, "article": Article, "checks": CheckSettings}
    if kind not in schemas:
        err.print(f"error: schema: expected {', '.join(schemas)}, got {kind!r}", markup=False)
        raise typer.Exit(2)
    if format_ not in ("text", "json-schema"):
        raise typer.BadParameter("choose text or json-schema", param_hint="--format")
    if format_ == "json-schema":
        title = f"handouts {kind} file"
        print(json.dumps(json_schema(schemas[kind], title), indent=2, ensure_ascii=False))
        return
    for line in document(schemas[kind]):
        out.print(line, markup=False, soft_wrap=True)


app.command()(aftercare)
app.command()(doctor)
app.command()(init)
app.command()(pack)
app.command()(proof)

# Doors above the command line add their own commands (`handouts serve` and `handouts user`
# from handouts.web), declared as entry points so that the command line never imports them.
for _door in entry_points(group="handouts.commands"):
    _door.load()(app)


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
