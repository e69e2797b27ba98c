"""The print-shop commands: `handouts pack` and `handouts proof` (options here, work elsewhere)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from handouts.cli.console import err, fail, out
from handouts.errors import HandoutsError


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
    output: Annotated[Path, typer.Option("--output", "-o", help="The PDF to write.")] = Path(
        "out/pack.pdf"
    ),
    data: Annotated[Path, typer.Option("--data", help="Folder with clinics/ and articles/.")] = (
        Path("data")
    ),
) -> None:
    """Several leaflets in one bookmarked PDF for the print shop (A5 two-up with --two-up)."""
    # lazy: the core is imported only by the command that runs (`handouts --help` stays quick)
    from handouts.build.produce import render_job
    from handouts.design.profiles import PROFILES
    from handouts.files import write_atomic
    from handouts.press.pack import Piece
    from handouts.press.pack import pack as make_pack
    from handouts.render.document import Renderer
    from handouts.render.jobs import Selection, plan
    from handouts.source.project import Project

    if profile not in PROFILES or not PROFILES[profile].paper:
        err.print("error: --for: a pack is for office or press printing", markup=False)
        raise typer.Exit(2)
    project = Project.at(data, output.parent)
    selection = Selection(
        clinic or [], article or [], layout or ["a5" if two_up else "flyer"], [profile], fit
    )
    try:
        jobs = plan(project, selection)
        renderer = Renderer(project.asset_roots())
        pieces = []
        for job in jobs:
            rendered = render_job(job, project, renderer)
            sheet = job.layout.sheet_name(job.clinic.paper)
            pieces.append(
                Piece(
                    rendered.pdf,
                    job.clinic.name,
                    f"{job.article.title} ({job.layout.name}, {sheet})",
                    job.clinic.paper,
                    job.layout.sheet == "half" and not job.imposed,
                )
            )
        title = "Print pack: " + ", ".join(dict.fromkeys(p.clinic for p in pieces))
        pack_bytes = make_pack(pieces, title, two_up, press=PROFILES[profile].cmyk)
        write_atomic(output, pack_bytes)
    except HandoutsError as exc:
        raise fail(exc) from None
    out.print(f"packed {len(pieces)} leaflets → {output}", markup=False)


def proof(
    files: Annotated[list[Path], typer.Argument(help="PDFs made by handouts build or pack.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the PNGs.")] = Path(
        "out/proof"
    ),
    dpi: Annotated[int, typer.Option("--dpi", min=20, max=300, help="Resolution.")] = 60,
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
