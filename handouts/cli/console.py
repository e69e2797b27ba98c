"""Where the CLI writes: standard output, standard error, and one line per problem."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from handouts.errors import HandoutsError

# Piped output is never wrapped: paths and ids stay whole for grep and scripts.
out = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
err = Console(stderr=True, highlight=False, soft_wrap=not sys.stderr.isatty())


def fail(exc: HandoutsError) -> typer.Exit:
    """Print each problem on its own line (`error: file:line: field: message`); exit 1 or 2."""
    for problem in exc.problems:
        err.print(f"error: {problem}", markup=False, soft_wrap=True)
    return typer.Exit(exc.exit_code)


class Manners:
    """How talkative the command is: --quiet prints only problems, --verbose says more."""

    verbose = False


manners = Manners()


def set_quiet(value: bool) -> bool:
    out.quiet = value  # every run sets it (tests run many commands in one process)
    return value


def set_verbose(value: bool) -> bool:
    manners.verbose = value
    return value


def say(text: str) -> None:
    """A line shown only with --verbose (on standard error, so piped output stays clean)."""
    if manners.verbose:
        err.print(text, markup=False, highlight=False, soft_wrap=True)


Ticker = Callable[[str], None]


@contextmanager
def progress_bar(what: str) -> Iterator[Callable[[int], Ticker]]:
    """A Rich progress bar for long work, on standard error and only in a terminal (never when
    piped, never with --quiet). Yields `start(total)`, which returns `tick(name)`."""
    if not err.is_terminal or out.quiet:
        yield lambda total: lambda name: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[item]}"),
    )
    with Progress(*columns, console=err, transient=True) as bar:

        def start(total: int) -> Ticker:
            task = bar.add_task(what, total=total, item="")
            return lambda name: bar.update(task, advance=1, item=name)

        yield start
