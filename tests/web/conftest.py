"""Fixtures for the desk: a project copy, a database (SQLite and PostgreSQL), the app, users."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from handouts.source.project import Project
from handouts.web.app import create_app
from handouts.web.db import open_database
from handouts.web.pool import RendererPool
from handouts.web.server import Server
from handouts.web.users import add_user

from . import postgres

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
TODAY = dt.date(2026, 3, 14)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    with postgres.cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each database test runs twice: on SQLite and on a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'desk.db'}"
    admin = request.getfixturevalue("pg_cluster")
    return postgres.fresh_database(admin, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    return Project.at(data, tmp_path / "out")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'state' / 'desk.db'}"


@dataclass
class Desk:
    client: TestClient
    server: Server
    project: Project

    @property
    def engine(self) -> sa.Engine:
        return self.server.engine

    def signin(self, name: str = "sam", password: str = PASSWORD) -> None:
        page = self.client.get("/signin")
        token = csrf_of(page.text)
        response = self.client.post(
            "/signin",
            data={"name": name, "password": password, "csrf": token},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        assert response.headers["location"] == "/aftercare"

    def csrf(self, path: str = "/aftercare") -> str:
        return csrf_of(self.client.get(path).text)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no form token in the page"
    return match.group(1)


def make_desk(project: Project, url: str, environ: dict[str, str] | None = None) -> Desk:
    engine = open_database(url)
    add_user(engine, "sam", "practitioner", PASSWORD)
    add_user(engine, "mia", "manager", PASSWORD)
    server = Server(project, engine, RendererPool(0), environ=environ or {}, today=lambda: TODAY)
    client = TestClient(create_app(server, warm=False), base_url="http://127.0.0.1:8000")
    return Desk(client, server, project)


@pytest.fixture
def desk(project: Project, sqlite_url: str) -> Iterator[Desk]:
    """The desk on SQLite, rendering in the test's own process."""
    made = make_desk(project, sqlite_url)
    yield made
    made.client.close()
    made.engine.dispose()


@pytest.fixture
def any_desk(project: Project, database_url: str) -> Iterator[Desk]:
    """The desk on SQLite, then on PostgreSQL."""
    made = make_desk(project, database_url)
    yield made
    made.client.close()
    made.engine.dispose()


# A real SMTP server with STARTTLS (aiosmtpd, certificate from a trustme CA), as for the command.
from ..aftercare.conftest import (  # noqa: E402, F401  (fixtures, registered by import)
    PASSWORD_ENV,
    SMTP_PASSWORD,
    SMTP_USER,
    MailServer,
    mail_server,
    test_ca,
)


def point_smtp_at(project: Project, server: MailServer) -> None:
    """Riverside's smtp section → the local test server, trusting the test CA."""
    clinic = project.clinics_dir / "riverside.yaml"
    text = clinic.read_text(encoding="utf-8").split("\nsmtp:")[0]
    shutil.copy(server.ca_file, clinic.parent / "test-ca.pem")
    text += (
        f'\nsmtp:\n  host: "127.0.0.1"\n  port: {server.port}\n  username: "{SMTP_USER}"\n'
        f"  password_env: {PASSWORD_ENV}\n"
        f'  from_address: "aftercare@riverside.test"\n  ca_file: test-ca.pem\n'
    )
    clinic.write_text(text, encoding="utf-8")
