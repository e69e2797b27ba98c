"""Write outputs atomically: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from handouts.errors import HandoutsError, Problem


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> Path:
    """Write `data` to a temporary file beside `path`, flush it to disk, then rename it over.

    `mode` is applied before any byte is written, so a private file is never readable by others,
    not even while it is being written. A write that fails (a read-only folder, a full disk, a
    folder where the file should be) leaves nothing behind and raises a `WriteFailed` that
    says what happened in one line.
    """
    if path.is_dir():
        raise WriteFailed(Problem("is a folder; give the name of a file to write", file=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise cannot_write(path, exc) from None
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise cannot_write(path, exc) from None
        raise
    return path


class WriteFailed(HandoutsError):
    """A file could not be written (nothing was left in its place)."""


def cannot_write(path: Path, exc: OSError) -> WriteFailed:
    """One line for a failed write: what the system said, never a traceback."""
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else type(exc).__name__)
    if exc.errno == errno.ENOSPC:
        reason += " (the disk is full)"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason += " (the folder is read-only for you)"
    return WriteFailed(Problem(f"could not be written: {reason}; nothing was left", file=path))
