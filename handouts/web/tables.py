"""The desk's tables as they are now (queries use these; `migrations.py` builds them)."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(80), nullable=False, unique=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
)

# The cookie holds a random id; the table holds only its SHA-256, so a copy of the database
# opens no session.
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
)

# Failed sign-ins by a digest of the account name or of the client address, shared by every
# server on the database.
signin_failures = sa.Table(
    "signin_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(64), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
)

# Who made or sent which kind of sheet; never a patient's name, address or details.
audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("user_name", sa.String(80), nullable=False),
    sa.Column("clinic", sa.String(80), nullable=False),
    sa.Column("article", sa.String(120), nullable=False),
    sa.Column("delivery", sa.String(20), nullable=False),
    sa.Column("encrypted", sa.Boolean, nullable=False),
    sa.Column("sheets", sa.Integer, nullable=False),
)

# The key that signs cookies: made on first start, shared by every server on the database.
app_keys = sa.Table(
    "app_keys",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(128), nullable=False),
)

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, nullable=False),
)
