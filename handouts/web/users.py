"""Accounts: a name, a role and an Argon2id hash of the password (never the password)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from handouts.errors import HandoutsError, Problem
from handouts.web.tables import users

ROLES = ("practitioner", "manager")
MIN_PASSWORD = 10
_NAME = re.compile(r"^[\w.@+-]{1,80}$")
_hasher = PasswordHasher()  # Argon2id, RFC 9106's second recommended parameters
_DUMMY = _hasher.hash("not a password anyone has")  # same work for an unknown name


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    @property
    def is_manager(self) -> bool:
        return self.role == "manager"


def check_new(name: str, role: str, password: str) -> None:
    problems = []
    if not _NAME.match(name):
        problems.append(
            Problem("use letters, digits and . _ @ + - (at most 80), no spaces", field="NAME")
        )
    if role not in ROLES:
        problems.append(
            Problem(f"expected one of {', '.join(ROLES)}, got {role!r}", field="--role")
        )
    if len(password) < MIN_PASSWORD:
        problems.append(
            Problem(f"must be at least {MIN_PASSWORD} characters long", field="password")
        )
    if problems:
        raise HandoutsError(problems)


def add_user(engine: sa.Engine, name: str, role: str, password: str) -> User:
    check_new(name, role, password)
    with engine.begin() as conn:
        if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first():
            raise HandoutsError(Problem(f"a user {name!r} exists already", field="NAME"))
        result = conn.execute(
            users.insert().values(
                name=name,
                role=role,
                password_hash=_hasher.hash(password),
                created=dt.datetime.now(dt.UTC),
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return User(int(key[0]), name, role)


def list_users(engine: sa.Engine) -> list[tuple[User, dt.datetime]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(users).order_by(users.c.name)).all()
    return [(User(r.id, r.name, r.role), r.created) for r in rows]


def remove_user(engine: sa.Engine, name: str) -> None:
    """The user and their sessions (cascade) go; the audit log keeps their name."""
    with engine.begin() as conn:
        if not conn.execute(users.delete().where(users.c.name == name)).rowcount:
            raise HandoutsError(Problem(f"no user {name!r}", field="NAME"))


def verify(engine: sa.Engine, name: str, password: str) -> User | None:
    """The user when the password is right; None otherwise, after the same work either way."""
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.name == name)).first()
    try:
        _hasher.verify(row.password_hash if row else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        with engine.begin() as conn:
            conn.execute(
                users.update()
                .where(users.c.id == row.id)
                .values(password_hash=_hasher.hash(password))
            )
    return User(row.id, row.name, row.role)


def get_user(conn: sa.Connection, user_id: int) -> User | None:
    row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
    return User(row.id, row.name, row.role) if row else None
