"""The catalogue: every clinic × article × layout × profile with its status, from the build's
own plan, input fingerprints and manifest (built, out of date, not built, failing)."""

from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

from handouts.build.manifest import Manifest
from handouts.build.produce import describe
from handouts.errors import Problem, SelectionError
from handouts.files import write_atomic
from handouts.render.jobs import Job, Selection, plan
from handouts.source.project import Project

THUMB_WIDTH = 180
# PDFium is not thread-safe, and the web front draws thumbnails in its thread pool, several at
# once when a catalogue page loads: one at a time (a failed one left a broken image).
_PDFIUM = threading.Lock()


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
    job: Job | None = None


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
                job,
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
    import pypdfium2  # lazy: only thumbnails need it

    with _PDFIUM:
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


def print_pack(chosen: list[Item]) -> bytes:
    """The built PDFs of `chosen` in one bookmarked pack, as `handouts pack` makes it (office
    or press files, not both)."""
    from handouts.press.pack import Piece, pack  # lazy: pypdf and imposition, for packs only

    built = [i for i in chosen if i.job is not None and i.output.exists()]
    kinds = {i.profile for i in built}
    if not built or not kinds <= {"office", "press"} or len(kinds) != 1:
        raise SelectionError(
            Problem("choose built leaflets of one kind, office or press, for a print pack")
        )
    pieces = []
    for item in built:
        job = item.job
        assert job is not None
        sheet = job.layout.sheet_name(job.clinic.paper)
        pieces.append(
            Piece(
                item.output.read_bytes(),
                job.clinic.name,
                f"{job.article.title} ({job.layout.name}, {sheet})",
                job.clinic.paper,
                job.layout.sheet == "half" and not job.imposed,
            )
        )
    title = "Print pack: " + ", ".join(dict.fromkeys(p.clinic for p in pieces))
    return pack(pieces, title, press=kinds == {"press"})
