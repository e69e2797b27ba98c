"""`handouts serve` refuses clear text off the loopback; `handouts user` manages accounts."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from handouts.cli.app import app
from handouts.web.commands import refuse_exposure
from handouts.web.db import open_database
from handouts.web.users import verify

from .conftest import PASSWORD


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "desk.example"])
def test_serve_refuses_an_open_address_without_tls(host: str) -> None:
    result = CliRunner().invoke(app, ["serve", "--host", host])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "clear text" in lines[0] and "--tls-cert" in lines[0]


def test_loopback_tls_or_proxy_may_start() -> None:
    assert refuse_exposure("127.0.0.1", False, False) is None
    assert refuse_exposure("::1", False, False) is None
    assert refuse_exposure("localhost", False, False) is None
    assert refuse_exposure("0.0.0.0", True, False) is None
    assert refuse_exposure("0.0.0.0", False, True) is None


def test_tls_needs_both_files() -> None:
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--tls-cert", "c.pem"])
    assert result.exit_code == 2 and "--tls-key" in result.stderr


def test_user_add_list_remove(project, tmp_path: Path, database_url: str) -> None:
    runner = CliRunner()
    common = ["--data", str(project.data_dir), "--database-url", database_url]
    added = runner.invoke(
        app,
        ["user", "add", "sam.patel", "--role", "manager", *common],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert added.exit_code == 0, added.output
    assert "Added sam.patel (manager)." in added.stdout and PASSWORD not in added.output
    assert verify(open_database(database_url), "sam.patel", PASSWORD).role == "manager"
    listed = runner.invoke(app, ["user", "list", *common])
    assert listed.stdout.split()[:3] == ["sam.patel", "manager", "added"]
    again = runner.invoke(
        app, ["user", "add", "sam.patel", *common], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert again.exit_code == 1 and "exists already" in again.stderr
    short = runner.invoke(app, ["user", "add", "kim", *common], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.stderr
    wrong_role = runner.invoke(
        app, ["user", "add", "kim", "--role", "admin", *common], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert wrong_role.exit_code == 1 and "--role" in wrong_role.stderr
    removed = runner.invoke(app, ["user", "remove", "sam.patel", *common])
    assert removed.exit_code == 0
    assert runner.invoke(app, ["user", "list", *common]).stdout.strip() == ""


def test_default_database_is_private_beside_the_data(project) -> None:
    result = CliRunner().invoke(
        app,
        ["user", "add", "kim", "--data", str(project.data_dir)],
        input=f"{PASSWORD}\n{PASSWORD}\n",
        env={"HANDOUTS_DATABASE_URL": ""},
    )
    assert result.exit_code == 0, result.output
    db = project.data_dir.parent / ".handouts" / "desk.db"
    assert db.is_file() and (db.stat().st_mode & 0o777) == 0o600
    assert (db.parent.stat().st_mode & 0o777) == 0o700
