"""The print-shop commands: `handouts pack` and `handouts proof` (options here, work elsewhere)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from handouts.cli.console import err, fail, out, progress_bar
from handouts.cli.options import DataOpt, QuietOpt, VerboseOpt, project_for
from handouts.errors import HandoutsError

if TYPE_CHECKING:
    from handouts.build.produce import Rendered
    from handouts.press.pack import Piece
    from handouts.render.jobs import Job


def pack(
    clinic: Annotated[
        list[str] | None, typer.Option("--clinic", "-c", help="Clinic id (repeatable).")
    ] = None,
    article: Annotated[
        list[str] | None,
        typer.Option("--article", "-a", help="Article id, short name or glob (repeatable)."),
    ] = None,
    layout: Annotated[
        list[str] | None, typer.Option("--layout", "-l", help="Layout name (repeatable).")
    ] = None,
    profile: Annotated[
        str, typer.Option("--for", help="office (default) or press: what the pack is for.")
    ] = "office",
    two_up: Annotated[
        bool,
        typer.Option(
            "--two-up",
            help="A5 / half-letter pages twice per A4 / Letter sheet, with "
            "cut marks (office only).",
        ),
    ] = False,
    fit: Annotated[bool, typer.Option("--fit", help="Shrink type to fit, as in build.")] = False,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The PDF to write; default: pack.pdf in the out folder."
        ),
    ] = None,
    data: DataOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Several leaflets in one bookmarked PDF for the print shop (A5 two-up with --two-up)."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.build.produce import render_job
    from handouts.design.profiles import PROFILES
    from handouts.files import write_atomic
    from handouts.press.pack import pack as make_pack
    from handouts.render.document import Renderer
    from handouts.render.jobs import Selection, plan

    if profile not in PROFILES or not PROFILES[profile].paper:
        err.print("error: --for: a pack is for office or press printing", markup=False)
        raise typer.Exit(2)
    project = project_for(data, output.parent if output else None)
    output = output or project.out_dir / "pack.pdf"
    selection = Selection(
        clinic or [], article or [], layout or ["a5" if two_up else "flyer"], [profile], fit
    )
    try:
        jobs = plan(project, selection)
        renderer = Renderer(project.asset_roots())
        pieces = []
        with progress_bar("rendering") as bar:
            tick = bar(len(jobs))
            for job in jobs:
                tick(job.name)
                pieces.append(_piece(job, render_job(job, project, renderer)))
        title = "Print pack: " + ", ".join(dict.fromkeys(p.clinic for p in pieces))
        pack_bytes = make_pack(pieces, title, two_up, press=PROFILES[profile].cmyk)
        write_atomic(output, pack_bytes)
    except HandoutsError as exc:
        raise fail(exc) from None
    out.print(f"packed {len(pieces)} leaflets → {output}", markup=False)


def _piece(job: Job, rendered: Rendered) -> Piece:
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.press.pack import Piece

    sheet = job.layout.sheet_name(job.clinic.paper)
    return Piece(
        rendered.pdf,
        job.clinic.name,
        f"{job.article.title} ({job.layout.name}, {sheet})",
        job.clinic.paper,
        job.layout.sheet == "half" and not job.imposed,
    )


def proof(
    files: Annotated[list[Path], typer.Argument(help="PDFs made by handouts build or pack.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the PNGs.")] = Path(
        "out/proof"
    ),
    dpi: Annotated[int, typer.Option("--dpi", min=20, max=300, help="Resolution.")] = 60,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """PNG pages and a proof sheet showing trim, bleed, safe area and folds (needs pdftoppm)."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.press.proof import proof as make_proof

    for pdf in files:
        try:
            pages, sheet = make_proof(pdf, out_dir, dpi)
        except HandoutsError as exc:
            raise fail(exc) from None
        out.print(f"{pdf}: {len(pages)} page(s), proof sheet {sheet}", markup=False)
