"""An uploaded logo: read with a limit, cleaned by `source/logos`, stored beside the clinic."""

from __future__ import annotations

import hashlib
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from handouts.files import write_atomic
from handouts.source.logos import MAX_BYTES, Refused, clean

__all__ = ["Refused", "store"]


async def store(upload: UploadFile, clinic_file: Path) -> str:
    """Write the cleaned logo as `<id>-logo-<hash>.<png|svg>` atomically; return its file name.

    A new name for new content: the logo in use is never overwritten before the clinic file
    that names the new one has been validated and saved.
    """
    data = await upload.read(MAX_BYTES + 1)
    cleaned, suffix = await run_in_threadpool(clean, data, upload.filename or "")
    name = f"{clinic_file.stem}-logo-{hashlib.sha256(cleaned).hexdigest()[:10]}{suffix}"
    write_atomic(clinic_file.parent / name, cleaned)
    return name
