"""A day's list: one aftercare sheet per CSV row, each row on its own.

Columns are named like the options (patient, date, area, practitioner, notes, next-appointment,
email, article); several areas go in one cell separated by ";". An `article` cell names the
treatment's aftercare article for that row (a day of needling and cupping patients is one list).
Options given on the command line fill cells left empty. A bad row is reported by its number
and skipped; the rest are still made.
Files are named after the list and the row (`day-03.pdf`), never after the patient unless asked.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from handouts import guard, limits
from handouts.aftercare.patient import RawDetails
from handouts.aftercare.recipe import (
    Desk,
    Handover,
    Order,
    check_new,
    make_private_folder,
    name_slug,
)
from handouts.errors import HandoutsError, Problem
from handouts.source.project import Project

Where = Callable[[str, str], Problem]  # (column, message) → the problem at this row

COLUMNS = (
    "patient",
    "date",
    "area",
    "practitioner",
    "notes",
    "next-appointment",
    "email",
    "article",
)
MAX_ROWS = limits.CSV_ROWS
DELIMITERS = (",", ";", "\t")  # comma; semicolon (Excel in many European locales); tab
_COLUMN_NAME = re.compile(r"[A-Za-z][A-Za-z _-]{0,29}")


@dataclass
class ListRow:
    """One row under the header: its first line, its cells by column, what is wrong with it."""

    line: int
    cells: dict[str, str]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class RowOutcome:
    number: int  # 1 for the first row under the header
    line: int
    handover: Handover | None = None
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.handover is not None and self.handover.failure is None


Progress = Callable[[RowOutcome, int], None]


def read_rows(path: Path) -> tuple[list[ListRow], list[Problem]]:
    """A list file's rows, read through the guarded reader (a regular file, at most
    `limits.DAY_LIST` bytes, UTF-8 with or without Excel's byte-order mark)."""
    try:
        text = guard.read_text(path, limits.DAY_LIST, None, "--from")
    except guard.Refused as exc:
        return [], [replace(p, field="--from") for p in exc.problems]
    return parse_rows(text, path)


def decode_list(data: bytes, path: Path) -> tuple[str | None, list[Problem]]:
    """An uploaded list's text (the web's upload, never written to disk), within the same limit."""
    if len(data) > limits.DAY_LIST.max_bytes:
        return None, [Problem(guard.too_large(len(data), limits.DAY_LIST), file=path)]
    try:
        return guard.decode(data, path), []
    except guard.Refused as exc:
        return None, exc.problems


def parse_rows(text: str, path: Path) -> tuple[list[ListRow], list[Problem]]:
    """Rows of a list's text, and problems with the list as a whole; `path` only names it.

    No message repeats what a cell holds: the cells are patient details, and messages end up in
    terminals and logs. Rows are named by their line, columns by their name (or, for a header
    that is not one, their number)."""
    try:
        records = _records(text, _delimiter(text))
    except _Unreadable as exc:
        return [], [Problem(exc.reason, file=path, line=exc.line)]
    if not records:
        return [], [Problem("is empty; it needs a header row and a row per patient", file=path)]
    (_, first), *body = records
    header = [_column(name) for name in first]
    problems = _header_problems(header, path)
    rows = [
        _row(line, cells, header, path) for line, cells in body if any(c.strip() for c in cells)
    ]
    if not rows and not problems:
        problems.append(Problem("has no rows under the header", file=path))
    if len(rows) > MAX_ROWS:
        problems.append(
            Problem(f"has {len(rows)} rows; split it into lists of at most {MAX_ROWS}", file=path)
        )
    return rows, problems


class _Unreadable(Exception):
    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


def _delimiter(text: str) -> str:
    """The one thing the format leaves open. The header names known columns, so the delimiter
    that splits its first line into a `patient` column is it; otherwise the sniffer guesses from
    the whole list (quotes and all), and a comma is the default."""
    first = text.splitlines()[0] if text else ""
    for delimiter in DELIMITERS:
        with contextlib.suppress(csv.Error, StopIteration):
            if "patient" in map(_column, next(csv.reader([first], delimiter=delimiter))):
                return delimiter
    try:
        return csv.Sniffer().sniff(text[: 64 * 1024], delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return ","


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Every record with the line it starts on, read in Excel's standard dialect (double quotes,
    a quote inside a cell written twice); a cell may span lines inside quotes."""
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter, strict=True)
    records, start = [], 1
    try:
        for cells in reader:
            records.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:  # its messages describe the syntax, never the cell's text
        raise _Unreadable(f"cannot be read as CSV ({exc})", reader.line_num or start) from None
    return records


def _header_problems(header: list[str], path: Path) -> list[Problem]:
    if "patient" not in header:
        # Most likely there is no header and the first row is a patient's: say nothing of it.
        return [
            Problem(
                f"needs a header row naming the columns, with at least 'patient'; columns are "
                f"{', '.join(COLUMNS)} (the first line has no 'patient' column)",
                file=path,
                line=1,
            )
        ]
    problems = []
    unknown = [
        repr(name) if _COLUMN_NAME.fullmatch(name) else f"column {number}"
        for number, name in enumerate(header, start=1)
        if name not in COLUMNS
    ]
    if unknown:
        problems.append(
            Problem(
                f"unknown column(s) {', '.join(unknown)}; columns are {', '.join(COLUMNS)}",
                file=path,
                line=1,
            )
        )
    for name in dict.fromkeys(header):
        numbers = [str(i) for i, other in enumerate(header, start=1) if other == name]
        if len(numbers) > 1 and name in COLUMNS:
            problems.append(
                Problem(
                    f"columns {' and '.join(numbers)} are both '{name}'; keep one",
                    file=path,
                    line=1,
                )
            )
    return problems


def _row(line: int, cells: list[str], header: list[str], path: Path) -> ListRow:
    row = ListRow(line, dict(zip(header, cells, strict=False)))
    if len(cells) != len(header):
        row.problems.append(
            Problem(
                f"has {len(cells)} cells but the header has {len(header)} columns; a cell "
                "that holds the delimiter must be in double quotes",
                file=path,
                line=line,
                field="row",
            )
        )
    for name, cell in zip(header, cells, strict=False):
        if len(cell) > limits.CSV_CELL_CHARS:
            row.problems.append(
                Problem(
                    f"holds {len(cell)} characters; a cell may hold at most "
                    f"{limits.CSV_CELL_CHARS}",
                    file=path,
                    line=line,
                    field=name,
                )
            )
    return row


def _column(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


def row_details(cells: dict[str, str], defaults: RawDetails) -> RawDetails:
    def cell(name: str) -> str | None:
        value = cells.get(name, "")
        return value if value.strip() else None

    areas = tuple(a for a in (cell("area") or "").split(";") if a.strip())
    return RawDetails(
        patient=cell("patient") or "",
        date=cell("date") or defaults.date,
        areas=areas or defaults.areas,
        practitioner=cell("practitioner") or defaults.practitioner,
        notes=cell("notes") or defaults.notes,
        next_appointment=cell("next-appointment") or defaults.next_appointment,
        email=cell("email") or defaults.email,
    )


def make_day(
    project: Project,
    order: Order,
    list_path: Path,
    defaults: RawDetails,
    today: dt.date,
    progress: Progress | None = None,
    environ: Mapping[str, str] = os.environ,
) -> list[RowOutcome]:
    """Check the order and the list as a whole, then make each row's sheet on its own."""
    desk = Desk.open(project, order, environ, batch=True)
    rows, problems = read_rows(list_path)
    if problems:
        raise HandoutsError(problems)
    folder = order.output or project.aftercare_dir
    width = max(2, len(str(len(rows))))
    desks = Desks(desk)
    outcomes = []
    for number, row in enumerate(rows, start=1):
        outcome = _make_row(desks, list_path, folder, number, width, row, defaults, today)
        outcomes.append(outcome)
        if progress:
            progress(outcome, len(rows))
    return outcomes


class Desks:
    """The desk for each treatment a list names (`article` column), opened on first use; rows
    that leave the cell empty use the list's own desk (the order's article)."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk
        self.opened: dict[str, Desk] = {}

    def for_row(self, cells: Mapping[str, str], where: Where) -> Desk:
        """The row's desk; an unknown article is the row's `article` cell's problem."""
        article = cells.get("article", "").strip()
        if not article:
            return self.desk
        if article not in self.opened:
            base = self.desk
            order = replace(base.order, article=article)
            try:
                self.opened[article] = Desk.open(base.project, order, base.environ, batch=True)
            except HandoutsError as exc:
                raise HandoutsError([where("article", p.message) for p in exc.problems]) from None
        return self.opened[article]


def _make_row(
    desks: Desks,
    list_path: Path,
    folder: Path,
    number: int,
    width: int,
    row: ListRow,
    defaults: RawDetails,
    today: dt.date,
) -> RowOutcome:
    started = time.perf_counter()
    line, cells = row.line, row.cells
    outcome = RowOutcome(number, line, problems=list(row.problems))
    if row.problems:  # its cells cannot be trusted to be in the right columns
        return outcome

    def where(name: str, message: str) -> Problem:
        return Problem(message, file=list_path, line=line, field=name)

    try:
        desk = desks.for_row(cells, where)
        details = desk.check(row_details(cells, defaults), today, where)
        stem = f"{list_path.stem}-{number:0{width}d}"
        if desk.order.name_in_file:
            stem += f"-{name_slug(details.name)}"
        make_private_folder(folder)
        eml = desk.order.eml / f"{stem}.eml" if desk.order.eml else None
        if not desk.order.force:
            taken = [
                *check_new("-o", folder / f"{stem}.pdf"),
                *(check_new("--eml", eml) if eml else []),
            ]
            if taken:
                raise HandoutsError(taken)
        outcome.handover = desk.hand_over(details, folder / f"{stem}.pdf", eml)
    except HandoutsError as exc:
        outcome.problems = [
            replace(p, file=p.file or list_path, line=p.line or line) for p in exc.problems
        ]
    if outcome.handover and outcome.handover.failure:
        outcome.problems = outcome.handover.failure.problems
    outcome.seconds = time.perf_counter() - started
    return outcome
