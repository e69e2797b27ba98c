"""`handouts serve` and `handouts user add|list|remove`: options in, the desk's core called."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.cli.console import err, fail, out
from handouts.errors import HandoutsError
from handouts.source.project import Project, resolve

if TYPE_CHECKING:
    import sqlalchemy as sa


DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Folder with clinics/ and articles/; default: from handouts.toml."),
]
DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="sqlite:///FILE or postgresql+psycopg://USER@HOST/DB; default "
        "$HANDOUTS_DATABASE_URL, else .handouts/desk.db beside the data folder.",
    ),
]

users_app = typer.Typer(help="Desk accounts: practitioners and managers.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add `serve` and `user` to the `handouts` command (an entry point: the CLI never imports
    the web)."""
    app.command()(serve)
    app.add_typer(users_app, name="user")


def _engine(data: Path | None, database_url: str | None) -> tuple[Project, sa.Engine]:
    # lazy: the database, the app and the server load only for the command that runs
    from handouts.web.db import database_url as url_of
    from handouts.web.db import open_database

    project = resolve(data, None)
    return project, open_database(url_of(project, database_url))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def refuse_exposure(host: str, tls: bool, behind_proxy: bool) -> str | None:
    """Why the server must not start on this address, or None."""
    if is_loopback(host) or tls or behind_proxy:
        return None
    return (
        f"--host {host} would send patients' details over the network in clear text; "
        f"give --tls-cert and --tls-key, or --behind-proxy when a TLS proxy forwards to it"
    )


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    tls_cert: Annotated[
        Path | None, typer.Option("--tls-cert", help="Certificate (PEM) to serve HTTPS.")
    ] = None,
    tls_key: Annotated[
        Path | None, typer.Option("--tls-key", help="Private key (PEM) of --tls-cert.")
    ] = None,
    behind_proxy: Annotated[
        bool,
        typer.Option(
            "--behind-proxy",
            help="A TLS-terminating proxy forwards to this server: trust its X-Forwarded-* "
            "headers (from --proxy-address) and mark cookies Secure.",
        ),
    ] = False,
    proxy_address: Annotated[
        str, typer.Option(help="Addresses of the proxy whose forwarded headers are trusted.")
    ] = "127.0.0.1",
    database_url: DatabaseOpt = None,
    renderers: Annotated[
        int, typer.Option(help="Warm renderer processes (default: one per core).", min=0)
    ] = 0,
    data: DataOpt = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Output folder; default: from handouts.toml.")
    ] = None,
) -> None:
    """Start the aftercare desk, a web front for practitioners (http://127.0.0.1:8000)."""

    if (tls_cert is None) != (tls_key is None):
        err.print("error: --tls-cert: give both --tls-cert and --tls-key", markup=False)
        raise typer.Exit(2)
    reason = refuse_exposure(host, tls_cert is not None, behind_proxy)
    if reason:
        err.print(f"error: {reason}", markup=False, soft_wrap=True)
        raise typer.Exit(2)
    try:
        run(
            host,
            port,
            tls_cert,
            tls_key,
            behind_proxy,
            proxy_address,
            database_url,
            renderers,
            data,
            out_dir,
        )
    except HandoutsError as exc:
        raise fail(exc) from None


def run(
    host: str,
    port: int,
    tls_cert: Path | None,
    tls_key: Path | None,
    behind_proxy: bool,
    proxy_address: str,
    database_url: str | None,
    renderers: int,
    data: Path | None,
    out_dir: Path | None,
) -> None:
    import uvicorn  # lazy: the server loads only for `handouts serve`

    # lazy: the database, the app and the renderers load only for `handouts serve`
    from handouts.build.workers import default_jobs
    from handouts.web.app import create_app
    from handouts.web.db import database_url as url_of
    from handouts.web.db import open_database
    from handouts.web.pool import RendererPool
    from handouts.web.server import Server

    project = resolve(data, out_dir)
    engine = open_database(url_of(project, database_url))
    pool = RendererPool(renderers or default_jobs())
    server = Server(project, engine, pool, secure=tls_cert is not None or behind_proxy)
    scheme = "https" if tls_cert else "http"
    print(f"Aftercare desk on {scheme}://{host}:{port} ({pool.size} warm renderers); Ctrl-C stops")
    uvicorn.run(
        create_app(server),
        host=host,
        port=port,
        ssl_certfile=str(tls_cert) if tls_cert else None,
        ssl_keyfile=str(tls_key) if tls_key else None,
        proxy_headers=behind_proxy,
        forwarded_allow_ips=proxy_address if behind_proxy else "",
        access_log=False,  # our own access log: path only, no query string
        log_config=LOG_CONFIG,
        server_header=False,
        date_header=True,
    )


LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"level": "INFO"},
        "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        "handouts.web": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}


@users_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Sign-in name, e.g. sam.patel.")],
    role: Annotated[str, typer.Option(help="practitioner or manager.")] = "practitioner",
    database_url: DatabaseOpt = None,
    data: DataOpt = None,
) -> None:
    """Add a user; the password is asked for twice (or read from HANDOUTS_NEW_PASSWORD)."""
    # lazy: the database, the app and the server load only for the command that runs
    from handouts.web.users import add_user, check_new

    password = os.environ.get("HANDOUTS_NEW_PASSWORD") or typer.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        check_new(name, role, password)
        _, engine = _engine(data, database_url)
        user = add_user(engine, name, role, password)
    except HandoutsError as exc:
        raise fail(exc) from None
    out.print(f"Added {user.name} ({user.role}).", markup=False, highlight=False)


@users_app.command("list")
def user_list(database_url: DatabaseOpt = None, data: DataOpt = None) -> None:
    """Show the users and their roles."""
    # lazy: the database, the app and the server load only for the command that runs
    from handouts.web.users import list_users

    try:
        _, engine = _engine(data, database_url)
    except HandoutsError as exc:
        raise fail(exc) from None
    for user, created in list_users(engine):
        out.print(f"{user.name:<24} {user.role:<13} added {created:%Y-%m-%d}", markup=False)


@users_app.command("remove")
def user_remove(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    database_url: DatabaseOpt = None,
    data: DataOpt = None,
) -> None:
    """Remove a user and end their sessions (the audit log keeps their name)."""
    # lazy: the database, the app and the server load only for the command that runs
    from handouts.web.users import remove_user

    try:
        _, engine = _engine(data, database_url)
        remove_user(engine, name)
    except HandoutsError as exc:
        raise fail(exc) from None
    out.print(f"Removed {name}.", markup=False, highlight=False)
