"""Where the CLI writes: standard output, standard error, and one line per problem."""

from __future__ import annotations

import typer
from rich.console import Console

from handouts.errors import HandoutsError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(exc: HandoutsError) -> typer.Exit:
    """Print each problem on its own line (`error: file:line: field: message`); exit 1 or 2."""
    for problem in exc.problems:
        err.print(f"error: {problem}", markup=False, soft_wrap=True)
    return typer.Exit(exc.exit_code)
