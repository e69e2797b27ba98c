"""SVG drawings kept across documents: a replayed drawing writes the same bytes as a fresh one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pydyf

from handouts.aftercare.patient import PatientDetails
from handouts.aftercare.sheet import SheetJob, SheetMaker, find_clinic, load_aftercare_article
from handouts.render.images import KEPT_DRAWINGS, Drawings, replayable
from handouts.source.project import Project

from .conftest import REPO


def details(name: str, *areas: str) -> PatientDetails:
    return PatientDetails(name=name, date=dt.date(2026, 3, 14), areas=areas)


def test_a_sheet_drawn_from_kept_drawings_is_the_same_file(tmp_path: Path) -> None:
    project = Project.at(REPO / "data", tmp_path)
    clinic = find_clinic(project, "riverside")
    job = SheetJob(clinic, load_aftercare_article(project, clinic=clinic), "a4")
    warm = SheetMaker(project, job)
    first = warm.render(details("Ana", "right calf"))
    kept = dict(warm.renderer._drawings)
    assert kept  # the icons, the QR code and the body map at their sizes
    again = warm.render(details("Ana", "right calf"))
    assert again == first  # every SVG replayed from the kept drawings
    # Another patient with other areas: a new body map is drawn, the icons are replayed.
    other = warm.render(details("Ben", "lower back"))
    assert other == SheetMaker(project, job).render(details("Ben", "lower back"))
    assert len(warm.renderer._drawings) == len(kept) + 1


def group() -> pydyf.Stream:
    form = pydyf.Stream()
    form._resources = {
        "ExtGState": pydyf.Dictionary(),
        "XObject": pydyf.Dictionary(),
        "Pattern": pydyf.Dictionary(),
        "Shading": pydyf.Dictionary(),
    }
    return form


def test_only_plain_drawings_are_kept() -> None:
    plain = group()
    plain.stream = [b"0 0 m", b"10 10 l", b"S"]
    plain._resources["ExtGState"]["A0.5"] = pydyf.Dictionary({"ca": 0.5})
    assert replayable(plain, no_new_fonts=True) == (
        (b"0 0 m", b"10 10 l", b"S"),
        (("A0.5", {"ca": 0.5}),),
    )
    assert replayable(plain, no_new_fonts=False) is None  # text in an SVG adds a font
    patterned = group()
    patterned._resources["Pattern"]["p0"] = pydyf.Stream()
    assert replayable(patterned, no_new_fonts=True) is None
    masked = group()
    masked._resources["ExtGState"]["s0"] = pydyf.Dictionary({"SMask": "x"})
    assert replayable(masked, no_new_fonts=True) is None


def test_kept_drawings_are_bounded() -> None:
    drawings = Drawings()
    for n in range(KEPT_DRAWINGS + 10):
        drawings.keep((str(n), 1.0, 1.0), ((), ()))
    assert len(drawings) == KEPT_DRAWINGS
    assert drawings.get_drawing(("0", 1.0, 1.0)) is None  # the oldest went first
