"""What one running desk holds: its project, database, warm renderers and cookie signer."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from itsdangerous import Signer
from starlette.requests import Request

from handouts.source.project import Project
from handouts.web.pool import RendererPool
from handouts.web.sessions import IDLE
from handouts.web.tables import app_keys


@dataclass
class Server:
    project: Project
    engine: sa.Engine
    pool: RendererPool
    secure: bool = False  # served over TLS (directly or by a proxy): cookies are Secure
    idle: dt.timedelta = IDLE
    environ: Mapping[str, str] = field(default_factory=lambda: os.environ)
    today: Callable[[], dt.date] = dt.date.today
    signer: Signer = field(init=False)

    def __post_init__(self) -> None:
        with self.engine.connect() as conn:
            key = conn.execute(
                sa.select(app_keys.c.value).where(app_keys.c.name == "cookie")
            ).scalar_one()
        self.signer = Signer(key, salt="handouts.web.cookie")


def server_of(request: Request) -> Server:
    """The desk serving this request."""
    server: Server = request.app.state.server
    return server
