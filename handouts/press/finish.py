"""Finishing as the PDF is written: viewer hints, boxes, marks, geometry and the output intent.

All of it goes through WeasyPrint's finisher hook, on the PDF objects before they are
serialised, so it costs nothing; work on finished files (imposition, packs, encryption) uses
pypdf (imposition.py, pack.py, encryption.py).

Every profile stamps each page with its geometry (layout, folds, safe area) as PieceInfo, the
PDF's place for application data, so `handouts proof` can draw it back.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydyf
from PIL import ImageCms

from handouts import guard, limits
from handouts.design.layouts import Geometry, Layout
from handouts.design.profiles import Output
from handouts.press.marks import (
    MM,
    REGISTRATION_NAME,
    Sheet,
    mark_ops,
    piece_info,
    registration_space,
)

Finisher = Callable[[Any, pydyf.PDF], None]


def chain(*finishers: Finisher) -> Finisher:
    """Several finishers run in order on the same PDF objects."""

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        for finisher in finishers:
            finisher(document, pdf)

    return finish


def print_hints(layout: Layout, imposed: bool = False) -> Finisher:
    """Tell viewers and printers how this document is meant to be shown and printed."""
    # A landscape brochure is turned over on its short edge; a portrait flyer on its long edge.
    # An imposed booklet's pages sit two-up on landscape sheets.
    landscape = layout.landscape or imposed
    duplex = "/DuplexFlipShortEdge" if landscape else "/DuplexFlipLongEdge"

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        pdf.catalog["ViewerPreferences"] = pydyf.Dictionary(
            {
                "DisplayDocTitle": "true",  # show the title, not the file name (PDF/UA asks this)
                "Duplex": duplex,
                "PrintScaling": "/None",  # "fit to page" would shrink the folds off their marks
            }
        )

    return finish


def finish_for(output: Output, geometry: Geometry, imposed: bool = False) -> Finisher:
    """Boxes, marks and geometry written into the PDF objects before they are saved.

    Pages that will be imposed get exact boxes but no marks: the sheet gets those.
    """

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        for number, page in enumerate(_pages(pdf), start=1):
            sheet = Sheet(
                geometry.width * MM,
                geometry.height * MM,
                bleed=output.bleed_mm * MM,
                folds=tuple(f * MM for f in geometry.folds(number)),
            )
            stamp_geometry(
                page,
                geometry.layout.name,
                output.profile.name,
                sheet,
                geometry.safe_mm * MM,
                pdf.info.get("ModDate"),
            )
            if output.profile.marks:
                set_press_boxes(page, sheet, slug=not imposed)
                if not imposed:
                    add_marks(pdf, page, sheet)
        if output.profile.cmyk and output.icc is not None:
            describe_output_intent(pdf, output.icc, output.icc_roots())

    return finish


def _pages(pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
    kids = pdf.pages["Kids"]  # pydyf keeps page references flat: number, 0, 'R', …
    return [pdf.objects[number] for number in kids[::3]]


def _deref(pdf: pydyf.PDF, reference: Any) -> Any:
    if isinstance(reference, bytes):
        reference = reference.decode()
    if isinstance(reference, str):
        return pdf.objects[int(reference.split()[0])]
    return reference


def stamp_geometry(
    page: pydyf.Dictionary,
    layout: str,
    profile: str,
    sheet: Sheet,
    safe: float,
    modified: pydyf.String | None = None,
) -> None:
    """Layout, folds, safe area and bleed, for proofs (see marks.piece_info).

    `modified` is the document's own /ModDate; the clock is only the fallback.
    """
    now = modified or pydyf.String(time.strftime("D:%Y%m%d%H%M%S"))
    page["PieceInfo"] = to_pydyf(piece_info(layout, profile, sheet, safe, now))


def set_press_boxes(page: pydyf.Dictionary, sheet: Sheet, slug: bool) -> None:
    """Exact TrimBox and BleedBox (WeasyPrint caps the BleedBox at 10 pt), and room for marks."""
    w, h, b = sheet.width, sheet.height, sheet.bleed
    s = sheet.slug if slug else b
    page["TrimBox"] = pydyf.Array([0, 0, w, h])
    page["BleedBox"] = pydyf.Array([-b, -b, w + b, h + b])
    page["MediaBox"] = pydyf.Array([-s, -s, w + s, h + s])


def add_marks(pdf: pydyf.PDF, page: pydyf.Dictionary, sheet: Sheet) -> None:
    """Crop, fold and registration marks drawn in the slug."""
    stream = _deref(pdf, page["Contents"])
    # WeasyPrint's drawing leaves a flipped coordinate system behind: wrap it so that the
    # marks are drawn in default user space.
    stream.stream.insert(0, b"q")
    stream.stream.append(b"Q")
    stream.stream.append(mark_ops(sheet))
    resources = _deref(pdf, page["Resources"])
    spaces = _deref(pdf, resources["ColorSpace"])
    spaces[REGISTRATION_NAME[1:]] = to_pydyf(registration_space())


def to_pydyf(value: Any) -> Any:
    """Plain data as pydyf objects: a string starting with a slash is a name, others text."""
    if isinstance(value, dict):
        return pydyf.Dictionary({key: to_pydyf(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return pydyf.Array([to_pydyf(item) for item in value])
    if isinstance(value, str) and not value.startswith("/"):
        return pydyf.String(value)
    return value


def describe_output_intent(pdf: pydyf.PDF, icc: Path, roots: tuple[Path, ...]) -> None:
    """PDF/X wants a registered condition name or `Custom` plus a description (ISO 15930-7).

    The profile is read through the guarded reader (beside the clinic file, or installed)."""
    data = guard.icc_profile(guard.read_bytes(icc, limits.ICC_PROFILE, roots), icc, "icc_profile")
    description = ImageCms.ImageCmsProfile(io.BytesIO(data)).profile.profile_description
    description = description or icc.name
    for intent in pdf.catalog.get("OutputIntents", []):
        # Embed the profile byte for byte as installed: littleCMS re-serialises it slightly
        # differently from one document to the next, and a print shop checks it by checksum.
        _deref(pdf, intent["DestOutputProfile"]).stream = [data]
        intent["OutputConditionIdentifier"] = pydyf.String("Custom")
        intent["OutputCondition"] = pydyf.String(description)
        intent["Info"] = pydyf.String(f"{description} ({icc.name})")
