"""Where the desk's database lives and how it is opened: SQLite in the project, or PostgreSQL.

The default is `<project>/.handouts/desk.db` (the folder holding `data/`), created 0700/0600
on first use. `--database-url` or `HANDOUTS_DATABASE_URL` names another database, e.g.
`postgresql+psycopg://desk@db.internal/handouts`, which several servers can share.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from handouts.errors import HandoutsError, Problem
from handouts.source.project import Project
from handouts.web.migrations import migrate

URL_ENV = "HANDOUTS_DATABASE_URL"
FOLDER = ".handouts"
FILE = "desk.db"


def default_url(project: Project) -> str:
    return f"sqlite:///{project.data_dir.parent / FOLDER / FILE}"


def database_url(
    project: Project, given: str | None, environ: Mapping[str, str] = os.environ
) -> str:
    return given or environ.get(URL_ENV) or default_url(project)


def open_database(url: str) -> sa.Engine:
    """An engine on an up-to-date schema; one line naming the option when it cannot be opened."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        raise HandoutsError(
            Problem(
                "not a database URL (sqlite:///FILE or postgresql+psycopg://…)",
                field="--database-url",
            )
        ) from None
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite(parsed)
    elif parsed.get_backend_name() == "postgresql":
        engine = sa.create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=10)
    else:
        raise HandoutsError(
            Problem("expected a sqlite:// or postgresql:// URL", field="--database-url")
        )
    try:
        migrate(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise HandoutsError(
            Problem(f"cannot open the database: {reason}", field="--database-url")
        ) from None
    return engine


def _sqlite(url: sa.URL) -> sa.Engine:
    if url.database and url.database != ":memory:":
        path = Path(url.database)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    engine = sa.create_engine(url, connect_args={"timeout": 15})

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()

    return engine
