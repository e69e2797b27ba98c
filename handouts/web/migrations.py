"""Schema migrations: numbered steps in Alembic's operations, recorded in `schema_version`.

A step is never edited once released; a change to `tables.py` comes with a new step. Steps run
in one transaction at start-up; on PostgreSQL an advisory lock lets several servers start at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

Step = Callable[[Operations], None]
LOCK_ID = 0x68616E64  # "hand": the advisory lock the migrating server holds


def _v1(op: Operations) -> None:
    """Users, sessions, sign-in failures, the audit log and the signing key."""
    stamp = sa.DateTime(timezone=True)
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created", stamp, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column(
            "user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created", stamp, nullable=False),
        sa.Column("last_seen", stamp, nullable=False),
    )
    op.create_table(
        "signin_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, index=True),
        sa.Column("at", stamp, nullable=False, index=True),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", stamp, nullable=False, index=True),
        sa.Column("user_name", sa.String(80), nullable=False),
        sa.Column("clinic", sa.String(80), nullable=False),
        sa.Column("article", sa.String(120), nullable=False),
        sa.Column("delivery", sa.String(20), nullable=False),
        sa.Column("encrypted", sa.Boolean, nullable=False),
        sa.Column("sheets", sa.Integer, nullable=False),
    )
    keys = op.create_table(
        "app_keys",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(128), nullable=False),
    )
    op.bulk_insert(keys, [{"name": "cookie", "value": secrets.token_urlsafe(48)}])


STEPS: list[Step] = [_v1]


def current_version(conn: sa.Connection) -> int:
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(sa.text("SELECT max(version) FROM schema_version")).scalar() or 0


def migrate(engine: sa.Engine) -> int:
    """Bring the schema up to date; returns the version it is at."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOCK_ID})
        if not sa.inspect(conn).has_table("schema_version"):
            conn.execute(sa.text("CREATE TABLE schema_version (version INTEGER NOT NULL)"))
        version = current_version(conn)
        op = Operations(MigrationContext.configure(conn))
        for number, step in enumerate(STEPS[version:], start=version + 1):
            step(op)
            conn.execute(sa.text("INSERT INTO schema_version (version) VALUES (:v)"), {"v": number})
        return len(STEPS)
