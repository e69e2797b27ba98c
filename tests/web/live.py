"""A real `handouts serve` in a subprocess, for the browser tests and the privacy sweep."""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveDesk:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    temp: Path  # the server's TMPDIR
    state: Path  # the folder of its SQLite database

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def add_user(data: Path, database_url: str, name: str, role: str, password: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "handouts",
            "user",
            "add",
            name,
            "--role",
            role,
            "--data",
            str(data),
            "--database-url",
            database_url,
        ],
        env={**os.environ, "HANDOUTS_NEW_PASSWORD": password},
        check=True,
        capture_output=True,
    )


def start(
    root: Path,
    data: Path,
    database_url: str,
    env: dict[str, str],
    renderers: int = 1,
    args: tuple[str, ...] = (),
    scheme: str = "http",
    ssl_context: ssl.SSLContext | None = None,
) -> LiveDesk:
    port = free_port()
    temp = root / "server-tmp"
    temp.mkdir(mode=0o700)
    log = root / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "handouts",
                "serve",
                "--port",
                str(port),
                "--data",
                str(data),
                "--database-url",
                database_url,
                "--renderers",
                str(renderers),
                *args,
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env, "TMPDIR": str(temp)},
        )
    url = f"{scheme}://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(
                url + "/health", timeout=2, context=ssl_context
            ) as response:
                if response.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("the desk did not start:\n" + log.read_text(errors="replace"))
        time.sleep(0.2)
    state = Path(database_url.removeprefix("sqlite:///")).parent
    return LiveDesk(url, process, log, temp, state)
