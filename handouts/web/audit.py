"""The audit log: who made or sent which kind of sheet, when; never anything about the patient."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

import sqlalchemy as sa

from handouts.web.tables import audit

DELIVERIES = ("download", "email", "eml", "zip", "blank")
COLUMNS = ("time", "user", "clinic", "article", "delivery", "encrypted", "sheets")


@dataclass(frozen=True)
class Entry:
    at: dt.datetime
    user: str
    clinic: str
    article: str
    delivery: str
    encrypted: bool
    sheets: int = 1

    def cells(self) -> tuple[str, ...]:
        stamp = self.at if self.at.tzinfo else self.at.replace(tzinfo=dt.UTC)
        return (
            stamp.isoformat(timespec="seconds"),
            self.user,
            self.clinic,
            self.article,
            self.delivery,
            "yes" if self.encrypted else "no",
            str(self.sheets),
        )


def record(
    engine: sa.Engine,
    user: str,
    clinic: str,
    article: str,
    delivery: str,
    encrypted: bool,
    sheets: int = 1,
) -> None:
    assert delivery in DELIVERIES, delivery
    with engine.begin() as conn:
        conn.execute(
            audit.insert().values(
                at=dt.datetime.now(dt.UTC),
                user_name=user,
                clinic=clinic,
                article=article,
                delivery=delivery,
                encrypted=encrypted,
                sheets=sheets,
            )
        )


def entries(engine: sa.Engine, limit: int | None = None) -> list[Entry]:
    query = sa.select(audit).order_by(audit.c.at.desc(), audit.c.id.desc())
    if limit:
        query = query.limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        Entry(r.at, r.user_name, r.clinic, r.article, r.delivery, r.encrypted, r.sheets)
        for r in rows
    ]


def as_csv(rows: list[Entry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in rows:
        writer.writerow(_safe(cell) for cell in entry.cells())
    return buffer.getvalue()


def _safe(cell: str) -> str:
    """No cell starts a spreadsheet formula (CSV injection through a user or clinic name)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell
