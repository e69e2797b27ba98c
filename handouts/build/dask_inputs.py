"""Shipping a build's inputs to Dask workers: files by content digest, unpacked once per worker.

The client packs the data folder, the templates and the stylesheets as a `Bundle`: each file's
name relative to its folder (`data/clinics/riverside.yaml`, `templates/flyer.html`) with the
sha256 of its bytes, and the bytes once per digest (sixty clinics with the same logo ship it
once). A worker unpacks a bundle into its local directory under the bundle's own digest, checks
every file against its digest, and reuses that folder for as long as it lives.

With `--shared-data` the workers read the data folder where the client does (a network file
system): only the templates and stylesheets travel, and each worker checks that the data files
it sees have the digests the client saw, so a stale mirror fails at once rather than printing
old leaflets.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from handouts.source.project import Project

ROOTS = ("data", "templates", "styles", "library")
KEEP = 4  # unpacked bundles a worker keeps besides the current one


@dataclass(frozen=True)
class Bundle:
    """What a worker needs to render this build's documents, by content digest."""

    files: dict[str, str]  # name ("data/…", "templates/…", "styles/…") → sha256
    blobs: dict[str, bytes] = field(repr=False)  # sha256 → bytes (no data files if shared)
    shared_data: str | None = None  # the data folder's path on every machine, or None

    @property
    def digest(self) -> str:
        payload = json.dumps([sorted(self.files.items()), self.shared_data])
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def size(self) -> int:
        """Bytes shipped (each distinct file once)."""
        return sum(len(blob) for blob in self.blobs.values())


def pack(project: Project, shared_data: bool = False) -> Bundle:
    """The client's side: every file of the data folder, templates, stylesheets and the shipped
    articles the project uses (so a worker renders exactly the client's content)."""
    folders = {"data": project.data_dir, "templates": project.templates_dir}
    folders["styles"] = project.styles_dir
    if project.library_dir is not None:
        folders["library"] = project.library_dir
    files: dict[str, str] = {}
    blobs: dict[str, bytes] = {}
    for root, folder in folders.items():
        for path in _files(folder):
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            files[f"{root}/{path.relative_to(folder).as_posix()}"] = digest
            if not (shared_data and root == "data"):
                blobs[digest] = data
    return Bundle(files, blobs, str(project.data_dir) if shared_data else None)


def _files(folder: Path) -> list[Path]:
    """Regular files below `folder`, hidden ones (`.git`, `.DS_Store`) left out; a symbolic link
    is followed only when it stays inside the folder, as the renderer's fetcher would."""
    root = folder.resolve()
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if path.resolve().is_relative_to(root):
            found.append(path)
    return found


def unpack(bundle: Bundle, cache: Path) -> Project:
    """The worker's side: the bundle's files under `cache/<digest>/`, as a project to render."""
    target = cache / bundle.digest
    if not target.is_dir():
        staging = cache / f".unpacking-{uuid.uuid4().hex}"
        try:
            _write(bundle, staging)
            os.replace(staging, target)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            if not target.is_dir():  # another thread unpacking the same bundle won the race
                raise
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _prune(cache, keep=target)
    data_dir = Path(bundle.shared_data) if bundle.shared_data else target / "data"
    if bundle.shared_data is not None:
        check_shared(bundle, data_dir)
    shipped = any(name.startswith("library/") for name in bundle.files)
    return Project(
        data_dir,
        target / "out",
        templates_dir=target / "templates",
        styles_dir=target / "styles",
        library_dir=target / "library" if shipped else None,
    )


def _write(bundle: Bundle, folder: Path) -> None:
    """Every shipped file under `folder`, each checked against its digest."""
    for name, digest in bundle.files.items():
        if name.startswith("data/") and bundle.shared_data is not None:
            continue
        data = bundle.blobs[digest]
        if hashlib.sha256(data).hexdigest() != digest:
            raise ValueError(f"{name} arrived damaged (its digest does not match)")
        path = folder / _safe(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for root in ROOTS:
        (folder / root).mkdir(parents=True, exist_ok=True)


def check_shared(bundle: Bundle, data_dir: Path) -> None:
    """A worker reading the data folder itself must see the very files the client saw."""
    if not data_dir.is_dir():
        raise FileNotFoundError(f"--shared-data: this worker has no folder {data_dir}")
    for name, digest in bundle.files.items():
        if not name.startswith("data/"):
            continue
        path = data_dir / _safe(name).relative_to("data")
        try:
            seen = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            seen = "missing"
        if seen != digest:
            raise ValueError(f"--shared-data: this worker sees another {path} than the client")


def _safe(name: str) -> Path:
    """A bundle name as a relative path that cannot climb out of the folder it is unpacked in."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.parts[0] not in ROOTS:
        raise ValueError(f"refused file name in a bundle: {name!r}")
    return Path(*path.parts)


def _prune(cache: Path, keep: Path) -> None:
    """Drop all but the most recently unpacked bundles (a long-lived worker sees many builds)."""
    unpacked = sorted(
        (p for p in cache.iterdir() if p.is_dir() and p != keep and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in unpacked[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
