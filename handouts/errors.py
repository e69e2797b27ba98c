"""The one exception family for user mistakes: every problem names its file, line and field."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as we know."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = _display_path(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class HandoutsError(Exception):
    """A mistake in the input (or environment) that the user can fix.

    The CLI prints each problem on one line and exits with code 1; no traceback.
    """

    exit_code = 1

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(
        cls,
        message: str,
        file: Path | None = None,
        line: int | None = None,
        field: str | None = None,
        column: int | None = None,
    ) -> HandoutsError:
        return cls(Problem(message, file=file, line=line, column=column, field=field))


class ConfigError(HandoutsError):
    """A clinic or article file does not follow its schema."""


class ContentError(HandoutsError):
    """An article's text refers to something it may not (unknown citation, foreign file)."""


class LayoutError(HandoutsError):
    """Content does not fit the pages or panels of its layout."""


class FetchRefused(HandoutsError):
    """The renderer was asked to read a file or URL outside the allowed asset folders."""


class CheckFailed(HandoutsError):
    """The pre-print checks (`handouts check`) found errors, so nothing is built."""


class SelectionError(HandoutsError):
    """A --clinic/--article/--layout filter matched nothing."""

    exit_code = 2


class UsageError(HandoutsError):
    """Options that do not go together (exit code 2, like an unknown option)."""

    exit_code = 2


class DeliveryError(HandoutsError):
    """A message could not be written or sent."""


class ClusterError(HandoutsError):
    """The Dask cluster cannot be reached, was lost, or does not run what this machine runs."""


class Collector:
    """Gathers problems so that a file with three mistakes reports all three at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def raise_if_any(self, kind: type[HandoutsError] = ConfigError) -> None:
        if self.problems:
            raise kind(self.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)


def _display_path(path: Path) -> str:
    """Show paths relative to the working directory when they are inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def did_you_mean(value: str, choices: Iterable[str]) -> str:
    """` Did you mean 'x'?` for the nearest choice, or nothing when none is near."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def refuse_unknown(
    wanted: Iterable[str],
    choices: Iterable[str],
    field: str,
    noun: str,
    known: Callable[[str], bool] | None = None,
) -> None:
    """Every value of a repeatable option must name something: each unknown one is a problem
    with a "did you mean" and the valid choices (a usage error, exit 2)."""
    options = list(choices)
    accepted = known or (lambda value: value in options)
    problems = [
        Problem(
            f"unknown {noun} {value!r}.{did_you_mean(value, options)} "
            f"Choose from: {', '.join(options) or 'none'}",
            field=field,
        )
        for value in dict.fromkeys(wanted)
        if not accepted(value)
    ]
    if problems:
        raise SelectionError(problems)
