"""A day's list: one aftercare sheet per CSV row, each row on its own.

Columns are named like the options (patient, date, area, practitioner, notes, next-appointment,
email); several areas go in one cell separated by ";". Options given on the command line fill
cells left empty. A bad row is reported by its number and skipped; the rest are still made.
Files are named after the list and the row (`day-03.pdf`), never after the patient unless asked.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from handouts.aftercare.patient import RawDetails
from handouts.aftercare.recipe import Desk, Handover, Order, make_private_folder, name_slug
from handouts.errors import HandoutsError, Problem
from handouts.source.project import Project

COLUMNS = ("patient", "date", "area", "practitioner", "notes", "next-appointment", "email")
MAX_ROWS = 500


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


def read_rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """Rows as (line number, cells by column); problems with the file as a whole."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # Excel writes a byte-order mark
    except FileNotFoundError:
        return [], [Problem("file not found", file=path, field="--from")]
    except UnicodeDecodeError:
        return [], [
            Problem("not UTF-8 text; save the list as 'CSV UTF-8'", file=path, field="--from")
        ]
    lines = text.splitlines(keepends=True)
    dialect = _dialect(lines[0] if lines else "")
    reader = csv.reader(lines, dialect)
    header = [_column(name) for name in next(reader, [])]
    unknown = [name for name in header if name not in COLUMNS]
    problems = []
    if "patient" not in header:
        problems.append(
            Problem(
                f"needs a header row naming the columns, with at least "
                f"'patient'; columns are {', '.join(COLUMNS)}",
                file=path,
                line=1,
            )
        )
    if unknown:
        problems.append(
            Problem(
                f"unknown column(s) {', '.join(map(repr, unknown))}; columns "
                f"are {', '.join(COLUMNS)}",
                file=path,
                line=1,
            )
        )
    rows = []
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((reader.line_num, dict(zip(header, cells, strict=False))))
    if not rows and not problems:
        problems.append(Problem("has no rows under the header", file=path))
    if len(rows) > MAX_ROWS:
        problems.append(
            Problem(f"has {len(rows)} rows; split it into lists of at most {MAX_ROWS}", file=path)
        )
    return rows, problems


def _dialect(first_line: str) -> type[csv.Dialect] | csv.Dialect:
    """Comma, semicolon (Excel in many European locales) or tab."""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        return csv.excel


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
    outcomes = []
    for number, (line, cells) in enumerate(rows, start=1):
        outcome = _make_row(desk, list_path, folder, number, width, line, cells, defaults, today)
        outcomes.append(outcome)
        if progress:
            progress(outcome, len(rows))
    return outcomes


def _make_row(
    desk: Desk,
    list_path: Path,
    folder: Path,
    number: int,
    width: int,
    line: int,
    cells: dict[str, str],
    defaults: RawDetails,
    today: dt.date,
) -> RowOutcome:
    started = time.perf_counter()
    outcome = RowOutcome(number, line)

    def where(name: str, message: str) -> Problem:
        return Problem(message, file=list_path, line=line, field=name)

    try:
        details = desk.check(row_details(cells, defaults), today, where)
        stem = f"{list_path.stem}-{number:0{width}d}"
        if desk.order.name_in_file:
            stem += f"-{name_slug(details.name)}"
        make_private_folder(folder)
        eml = desk.order.eml / f"{stem}.eml" if desk.order.eml else None
        outcome.handover = desk.hand_over(details, folder / f"{stem}.pdf", eml)
    except HandoutsError as exc:
        outcome.problems = [
            replace(p, file=p.file or list_path, line=p.line or line) for p in exc.problems
        ]
    if outcome.handover and outcome.handover.failure:
        outcome.problems = outcome.handover.failure.problems
    outcome.seconds = time.perf_counter() - started
    return outcome
