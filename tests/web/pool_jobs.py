"""Small jobs for the renderer pool tests (module-level, so a worker process can import them)."""

from __future__ import annotations

import os

from handouts.errors import LayoutError, Problem


def pid() -> int:
    return os.getpid()


def refuse(secret: str) -> None:
    raise LayoutError(Problem("does not fit", field="--notes"))


def crash(secret: str) -> None:
    raise ValueError(f"bug while handling {secret}")


def die() -> None:
    os._exit(3)


WARMED: list[str] = []


def warm(label: str) -> None:
    WARMED.append(label)


def warmed() -> tuple[int, list[str]]:
    return os.getpid(), list(WARMED)
