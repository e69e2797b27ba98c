"""The database on SQLite and on a real PostgreSQL: schema steps, users, sessions, limit, audit."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from handouts.web import audit, sessions, users
from handouts.web.db import open_database
from handouts.web.migrations import STEPS, current_version

from .conftest import PASSWORD, Desk
from .test_web_core import sheet_fields


def test_schema_is_made_once_and_reopened(database_url: str) -> None:
    engine = open_database(database_url)
    with engine.connect() as conn:
        assert current_version(conn) == len(STEPS)
        key = conn.execute(sa.text("SELECT value FROM app_keys")).scalar_one()
    engine.dispose()
    again = open_database(database_url)  # a second server on the same database
    with again.connect() as conn:
        assert current_version(conn) == len(STEPS)
        assert conn.execute(sa.text("SELECT count(*) FROM schema_version")).scalar_one() == 1
        assert conn.execute(sa.text("SELECT value FROM app_keys")).scalar_one() == key
    again.dispose()


def test_users_are_stored_as_argon2id_hashes(database_url: str) -> None:
    engine = open_database(database_url)
    users.add_user(engine, "kim", "manager", PASSWORD)
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT password_hash FROM users")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert users.verify(engine, "kim", PASSWORD).role == "manager"
    assert users.verify(engine, "kim", "wrong password") is None
    assert users.verify(engine, "nobody", PASSWORD) is None
    [(user, _)] = users.list_users(engine)
    assert user.name == "kim"
    users.remove_user(engine, "kim")
    assert users.list_users(engine) == []
    engine.dispose()


def test_sessions_and_the_shared_rate_limit(database_url: str) -> None:
    engine = open_database(database_url)
    user = users.add_user(engine, "kim", "practitioner", PASSWORD)
    session_id, visit = sessions.start(engine, user)
    assert sessions.find(engine, session_id) == visit
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT id_hash FROM sessions")).scalar_one()
    assert session_id not in stored  # only its digest is kept
    sessions.end(engine, visit)
    assert sessions.find(engine, session_id) is None
    other_server = open_database(database_url)
    for _ in range(sessions.MAX_FAILURES_PER_NAME):
        sessions.record_failure(engine, "kim", "127.0.0.1")
    assert sessions.too_many_failures(other_server, "kim", "10.0.0.9")  # seen by another server
    sessions.clear_failures(other_server, "kim")
    assert not sessions.too_many_failures(engine, "kim", "10.0.0.9")
    engine.dispose()
    other_server.dispose()


def test_audit_log_records_who_what_and_no_patient(any_desk: Desk) -> None:
    desk = any_desk
    desk.signin("sam")
    desk.client.post("/aftercare", data=sheet_fields(desk, action="download"))
    desk.client.post("/aftercare", data=sheet_fields(desk, action="download", encrypt="on"))
    desk.client.post("/aftercare", data=sheet_fields(desk, action="eml", email="q@example.org"))
    desk.client.post("/aftercare", data=sheet_fields(desk, action="preview"))  # not recorded
    desk.client.cookies.clear()
    desk.signin("mia")
    page = desk.client.get("/audit")
    assert page.status_code == 200 and page.text.count("<td>riverside</td>") == 3
    exported = desk.client.get("/audit.csv")
    assert exported.headers["content-disposition"] == 'attachment; filename="handouts-audit.csv"'
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["user"], r["delivery"], r["encrypted"]) for r in rows] == [
        ("sam", "eml", "no"),
        ("sam", "download", "yes"),
        ("sam", "download", "no"),
    ]
    assert {r["article"] for r in rows} == {"dry-needling-aftercare"}
    assert list(rows[0]) == list(audit.COLUMNS)
    with desk.engine.connect() as conn:
        dump = "\n".join(
            repr(row)
            for table in ("audit", "sessions", "users", "signin_failures")
            for row in conn.execute(sa.text(f"SELECT * FROM {table}"))
        )
    for secret in ("Quill", "Zoë", "q@example.org", "trapezius", "Walk gently"):
        assert secret not in dump


def test_audit_csv_cannot_start_a_formula() -> None:
    import datetime as dt

    entry = audit.Entry(dt.datetime(2026, 3, 14, tzinfo=dt.UTC), "=cmd()", "c", "a", "zip", False)
    assert "'=cmd()" in audit.as_csv([entry])
