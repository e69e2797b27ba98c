"""The catalogue: every clinic × article × layout × profile with its status, from the build's
own plan, input fingerprints and manifest (built, out of date, not built, failing)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from handouts.build import Selection, describe, plan
from handouts.manifest import Manifest
from handouts.output import write_atomic
from handouts.project import Project

THUMB_WIDTH = 180


@dataclass(frozen=True)
class Item:
    name: str  # "<clinic>/<article>-<layout><suffix>", as the build names it
    clinic: str
    article: str
    title: str
    layout: str
    profile: str
    output: Path
    status: str  # built | out of date | not built | failing
    reason: str = ""


def items(
    project: Project, selection: Selection, failures: dict[str, str] | None = None
) -> list[Item]:
    """What the build would make for `selection`, each with its status now."""
    failures = failures or {}
    manifest = Manifest.load(project.out_dir)
    found = []
    for task in describe(plan(project, selection), project):
        job = task.job
        if job.name in failures:
            status, reason = "failing", failures[job.name]
        elif manifest.is_current(task.output, task.key):
            status, reason = "built", ""
        elif task.output.exists():
            status, reason = "out of date", "its clinic, article, layout or styles changed"
        else:
            status, reason = "not built", ""
        found.append(
            Item(
                job.name,
                job.clinic.id,
                job.article.id,
                job.article.title,
                job.layout.name,
                job.profile.name,
                task.output,
                status,
                reason,
            )
        )
    return found


def thumbnail(project: Project, item: Item) -> Path | None:
    """A PNG of the built PDF's first page, cached under out/.thumbs/ beside the build."""
    if not item.output.exists():
        return None
    thumb = project.out_dir / ".thumbs" / f"{item.name}.png"
    if thumb.exists() and thumb.stat().st_mtime >= item.output.stat().st_mtime:
        return thumb
    import pypdfium2  # lazy: only the catalogue's thumbnails need it

    document = pypdfium2.PdfDocument(item.output)
    try:
        page = document[0]
        image = page.render(scale=THUMB_WIDTH / page.get_width()).to_pil()
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG")
    return write_atomic(thumb, out.getvalue())


def zip_of(project: Project, chosen: list[Item]) -> bytes:
    """The built PDFs of `chosen` in one ZIP, named as in out/."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in chosen:
            if item.output.exists():
                archive.write(item.output, f"{item.name}.pdf")
    return out.getvalue()
