"""A private, throwaway PostgreSQL cluster for the tests, from Debian's binaries.

`HANDOUTS_TEST_DATABASE_URL` names an existing server instead. PostgreSQL refuses to run as
root; as root the cluster runs in a user namespace where this user is an ordinary uid (the
same trick works inside CI's offline namespace, where switching to the `postgres` user cannot).
It listens only on a Unix socket in its own temporary folder, and is stopped at the end.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

URL_ENV = "HANDOUTS_TEST_DATABASE_URL"
USER = "handouts"


def _bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed: run scripts/setup.sh (Debian package postgresql), "
            f"or set {URL_ENV}"
        )
    return Path(found[-1]).parent


def _version(path: str) -> int:
    return int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0


def _as_ordinary_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["unshare", "--user", "--map-user=1000", "--map-group=1000"]


@contextmanager
def cluster() -> Iterator[str]:
    """A SQLAlchemy URL for a fresh cluster's `postgres` database."""
    if os.environ.get(URL_ENV):
        yield os.environ[URL_ENV]
        return
    binaries = _bin()
    root = Path(tempfile.mkdtemp(prefix="handouts-pg-"))
    data = root / "data"
    wrap = _as_ordinary_user()
    log = root / "server.log"
    subprocess.run(
        [
            *wrap,
            binaries / "initdb",
            "-D",
            data,
            "-U",
            USER,
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--no-instructions",
        ],
        check=True,
        capture_output=True,
    )
    options = f"-k {root} -c listen_addresses='' -F -c fsync=off -c full_page_writes=off"
    subprocess.run(
        [*wrap, binaries / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://{USER}@/postgres?host={root}"
    finally:
        subprocess.run(
            [*wrap, binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(admin_url: str, name: str) -> str:
    """A new empty database on the cluster, for one test; its URL."""
    import sqlalchemy as sa

    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return str(sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False))
