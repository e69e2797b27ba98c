"""Server-side sessions with an idle timeout, and the sign-in rate limit, both in the database.

A session is a random id known only to the browser's cookie; the row holds its SHA-256, the
user, the form token (CSRF) and when it was last used. Failed sign-ins are counted per account
name and per client address, so several servers behind one load balancer share the limit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from handouts.web.tables import sessions, signin_failures
from handouts.web.users import User, get_user

IDLE = dt.timedelta(minutes=30)
LONGEST = dt.timedelta(hours=12)
TOUCH_EVERY = dt.timedelta(seconds=60)
FAILURE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_ADDRESS = 20


@dataclass(frozen=True)
class Visit:
    """A signed-in user's session."""

    user: User
    id_hash: str
    csrf: str


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(stamp: dt.datetime) -> dt.datetime:
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)  # SQLite drops the zone


def start(engine: sa.Engine, user: User) -> tuple[str, Visit]:
    """A new session: the id for the cookie, and the visit."""
    session_id = secrets.token_urlsafe(32)
    visit = Visit(user, _digest(session_id), secrets.token_urlsafe(32))
    now = _now()
    with engine.begin() as conn:
        conn.execute(
            sessions.insert().values(
                id_hash=visit.id_hash, user_id=user.id, csrf=visit.csrf, created=now, last_seen=now
            )
        )
        conn.execute(sessions.delete().where(sessions.c.last_seen < now - IDLE))
    return session_id, visit


def find(engine: sa.Engine, session_id: str, idle: dt.timedelta = IDLE) -> Visit | None:
    """The live session with this id (its idle clock restarted), or None."""
    id_hash = _digest(session_id)
    now = _now()
    with engine.begin() as conn:
        row = conn.execute(sa.select(sessions).where(sessions.c.id_hash == id_hash)).first()
        if row is None:
            return None
        last_seen, created = _aware(row.last_seen), _aware(row.created)
        if now - last_seen > idle or now - created > LONGEST:
            conn.execute(sessions.delete().where(sessions.c.id_hash == id_hash))
            return None
        user = get_user(conn, row.user_id)
        if user is None:
            return None
        if now - last_seen > TOUCH_EVERY:
            conn.execute(
                sessions.update().where(sessions.c.id_hash == id_hash).values(last_seen=now)
            )
    return Visit(user, id_hash, row.csrf)


def end(engine: sa.Engine, visit: Visit) -> None:
    with engine.begin() as conn:
        conn.execute(sessions.delete().where(sessions.c.id_hash == visit.id_hash))


def _failure_keys(name: str, address: str) -> tuple[str, str]:
    return _digest(f"name:{name.strip().lower()}"), _digest(f"address:{address}")


def too_many_failures(engine: sa.Engine, name: str, address: str) -> bool:
    name_key, address_key = _failure_keys(name, address)
    since = _now() - FAILURE_WINDOW
    count = (
        sa.select(sa.func.count()).select_from(signin_failures).where(signin_failures.c.at >= since)
    )
    with engine.connect() as conn:
        by_name = conn.execute(count.where(signin_failures.c.key == name_key)).scalar_one()
        by_address = conn.execute(count.where(signin_failures.c.key == address_key)).scalar_one()
    return by_name >= MAX_FAILURES_PER_NAME or by_address >= MAX_FAILURES_PER_ADDRESS


def record_failure(engine: sa.Engine, name: str, address: str) -> None:
    now = _now()
    with engine.begin() as conn:
        conn.execute(
            signin_failures.insert(),
            [{"key": key, "at": now} for key in _failure_keys(name, address)],
        )
        conn.execute(signin_failures.delete().where(signin_failures.c.at < now - FAILURE_WINDOW))


def clear_failures(engine: sa.Engine, name: str) -> None:
    name_key, _ = _failure_keys(name, "")
    with engine.begin() as conn:
        conn.execute(signin_failures.delete().where(signin_failures.c.key == name_key))
