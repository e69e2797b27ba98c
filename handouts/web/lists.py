"""Day lists on the web: an uploaded CSV checked row by row, then made into a ZIP or sent.

The list is read from memory with the command's parser (`daylist.parse_rows`), each row checked
by the same `Desk.check`, made by the same `Desk.make` (rendered by the warm renderers, two rows
at a time) and named like the command's files (`day-01.pdf`). Problems name the row and column,
never a cell's value, so the table can be shown without echoing another patient's details.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from handouts.aftercare.daylist import COLUMNS, Desks, decode_list, parse_rows, row_details
from handouts.aftercare.patient import PatientDetails, RawDetails
from handouts.aftercare.recipe import Desk
from handouts.errors import DeliveryError, HandoutsError, Problem
from handouts.web.desk import make
from handouts.web.pool import RenderBug, RendererPool

LIST_NAME = Path("day.csv")  # what problems call the uploaded list


@dataclass
class Row:
    number: int
    line: int
    errors: dict[str, str] = field(default_factory=dict)  # column → message
    pdf: bytes | None = None
    password: str | None = None
    sent: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def file_name(self, width: int) -> str:
        return f"day-{self.number:0{width}d}.pdf"


@dataclass
class Checked:
    rows: list[tuple[int, int, dict[str, str]]]  # number, line, cells
    problems: list[Problem]  # the list as a whole
    # Rows the parser refused (cells that do not match the header, a cell too long), by number.
    refused: dict[int, list[Problem]] = field(default_factory=dict)

    @property
    def width(self) -> int:
        return max(2, len(str(len(self.rows))))


def read_list(data: bytes) -> tuple[str, Checked]:
    text, problems = decode_list(data, LIST_NAME)
    if text is None:
        return "", Checked([], problems)
    rows, problems = parse_rows(text, LIST_NAME)
    return text, Checked(
        [(n, row.line, row.cells) for n, row in enumerate(rows, start=1)],
        problems,
        {n: row.problems for n, row in enumerate(rows, start=1) if row.problems},
    )


def refused(checked: Checked, row: Row) -> bool:
    """Note the parser's problems with a row; True when it had any (it is not checked further)."""
    for problem in checked.refused.get(row.number, []):
        row.errors.setdefault(column_of(problem), problem.message)
    return bool(checked.refused.get(row.number))


def column_of(problem: Problem) -> str:
    name = (problem.field or "").removeprefix("--")
    return name if name in COLUMNS else "row"


def check_row(
    desks: Desks, cells: dict[str, str], defaults: RawDetails, today: dt.date, row: Row
) -> tuple[Desk, PatientDetails] | None:
    """The row's desk (its `article` cell's treatment) and its details checked; None with its
    problems noted by column."""

    def where(name: str, message: str) -> Problem:
        return Problem(message, file=LIST_NAME, line=row.line, field=name)

    try:
        desk = desks.for_row(cells, where)
        return desk, desk.check(row_details(cells, defaults), today, where)
    except HandoutsError as exc:
        for problem in exc.problems:
            row.errors.setdefault(column_of(problem), problem.message)
        return None


def check_all(desk: Desk, checked: Checked, defaults: RawDetails, today: dt.date) -> list[Row]:
    rows, desks = [], Desks(desk)
    for number, line, cells in checked.rows:
        row = Row(number, line)
        if not refused(checked, row):
            check_row(desks, cells, defaults, today, row)
        rows.append(row)
    return rows


def run(
    desk: Desk,
    pool: RendererPool,
    checked: Checked,
    defaults: RawDetails,
    today: dt.date,
    send: bool,
) -> Iterator[Row]:
    """Each row made (and sent), in order, as it is done; bad rows come back with their errors."""
    desks = Desks(desk)

    def one(item: tuple[int, int, dict[str, str]]) -> Row:
        number, line, cells = item
        row = Row(number, line)
        if refused(checked, row):
            return row
        checked_row = check_row(desks, cells, defaults, today, row)
        if checked_row is None:
            return row
        row_desk, details = checked_row
        try:
            made = make(row_desk, pool, details)
            row.pdf, row.password = made.pdf, made.password
            if send:
                row_desk.send(row_desk.message(details, made.pdf))
                row.sent = True
        except DeliveryError as exc:
            row.errors["email"] = f"not sent: {exc.problems[0].message}"
        except HandoutsError as exc:
            for problem in exc.problems:
                row.errors.setdefault(column_of(problem), problem.message)
        except RenderBug:
            row.errors["row"] = "could not be made (an internal error, logged without details)"
        return row

    with ThreadPoolExecutor(max_workers=max(1, pool.size)) as threads:
        yield from threads.map(one, checked.rows)


def zip_of(rows: list[Row], width: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for row in rows:
            if row.pdf is not None:
                info = zipfile.ZipInfo(row.file_name(width), date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o600 << 16
                archive.writestr(info, row.pdf)
    return buffer.getvalue()
