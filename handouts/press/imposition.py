"""Imposition: pages placed onto printer's sheets with pypdf.

- A saddle-stitched booklet: A5 / half-letter pages two-up on A4 / Letter landscape sheets,
  in the order that, printed on both sides, stacked and folded, reads 1, 2, 3 … (the page count
  was padded to a multiple of four with pad pages when it was laid out, see render/fit.py).
- Two-up step and repeat: each A5 page twice on one A4 sheet, cut in half to make two copies.

Each source page becomes a form XObject drawn once or twice on its sheet and clipped at the
spine or the cut, so the file stays small and nothing is re-rendered.
"""

from __future__ import annotations

import io
import time
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from handouts.press.marks import (
    REGISTRATION_NAME,
    Sheet,
    mark_ops,
    office_cut_ops,
    piece_info,
    registration_space,
)


def saddle_stitch_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page indices for each side of each sheet: front, back, front, back …"""
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, got {pages}")
    sides = []
    for sheet in range(pages // 4):
        outer, inner = 2 * sheet, pages - 1 - 2 * sheet
        sides.append((inner, outer))  # front: last page on the left, first on the right
        sides.append((outer + 1, inner - 1))  # back
    return sides


def impose_booklet(
    pdf: bytes, marks: bool, paper: tuple[float, float] | None = None, profile: str = "office"
) -> bytes:
    """Two-up saddle-stitch sheets.

    With `marks` (press), the sheet is the opened booklet with bleed on its outside edges and
    marks in the slug. Otherwise the spread is centred on `paper` (width, height in pt), the
    office sheet it is printed on: two A5 pages are 296 mm wide, an A4 sheet 297 mm.
    """
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    producer = _producer(writer)
    pages = list(writer.pages)
    width, height, bleed = _trim(pages[0], with_bleed=marks)
    forms = [page_as_form(writer, page) for page in pages]
    _remove_pages(writer)
    x0 = y0 = 0.0
    if marks or paper is None:
        sheet = Sheet(2 * width, height, bleed, folds=(width,))
    else:
        sheet = Sheet(*paper, folds=(paper[0] / 2,))
        x0, y0 = (paper[0] - 2 * width) / 2, (paper[1] - height) / 2
    for left, right in saddle_stitch_order(len(forms)):
        clip_w, clip_h = width + bleed, height + 2 * bleed
        placements = [
            (forms[left], (x0, y0), (x0 - bleed, y0 - bleed, clip_w, clip_h)),
            (forms[right], (x0 + width, y0), (x0 + width, y0 - bleed, clip_w, clip_h)),
        ]
        ops = mark_ops(sheet) if marks else b""
        add_sheet(writer, sheet, placements, ops, "booklet", profile, _modified(writer))
    writer.pdf_header = reader.pdf_header  # PDF/X-4 files must stay PDF 1.6
    return _finish(writer, producer)


def impose_two_up(
    writer: PdfWriter,
    forms: list[IndirectObject],
    width: float,
    height: float,
    paper: tuple[float, float],
    modified: str | None = None,
) -> None:
    """Each page twice, side by side and centred on `paper` (pt), with cut marks between.

    `modified` is the pages' own /ModDate, so the same leaflets give the same pack.
    """
    sheet = Sheet(*paper, cuts=(paper[0] / 2,))
    x0, y0 = (paper[0] - 2 * width) / 2, (paper[1] - height) / 2
    for form in forms:
        placements = [
            (form, (x0, y0), (x0, y0, width, height)),
            (form, (x0 + width, y0), (x0 + width, y0, width, height)),
        ]
        add_sheet(writer, sheet, placements, office_cut_ops(sheet), "two-up", "office", modified)


def add_sheet(
    writer: PdfWriter,
    sheet: Sheet,
    placements: list[tuple[IndirectObject, tuple[float, float], tuple[float, float, float, float]]],
    marks: bytes,
    layout: str,
    profile: str,
    modified: str | None,
) -> PageObject:
    """A new sheet: each form drawn at offset (dx, dy), clipped to its rectangle (x, y, w, h)."""
    slug = sheet.slug if marks and sheet.bleed else sheet.bleed
    page = writer.add_blank_page(sheet.width + 2 * slug, sheet.height + 2 * slug)
    page.mediabox = RectangleObject([-slug, -slug, sheet.width + slug, sheet.height + slug])
    if sheet.bleed:
        b = sheet.bleed
        page.trimbox = RectangleObject([0, 0, sheet.width, sheet.height])
        page.bleedbox = RectangleObject([-b, -b, sheet.width + b, sheet.height + b])
    xobjects = DictionaryObject()
    ops = []
    for number, (form, (dx, dy), (x, y, w, h)) in enumerate(placements):
        name = f"/Page{number}"
        xobjects[NameObject(name)] = form
        ops.append(
            f"q {x:.3f} {y:.3f} {w:.3f} {h:.3f} re W n 1 0 0 1 {dx:.3f} {dy:.3f} cm {name} Do Q"
        )
    resources = DictionaryObject({NameObject("/XObject"): xobjects})
    if marks and sheet.bleed:
        resources[NameObject("/ColorSpace")] = DictionaryObject(
            {NameObject(REGISTRATION_NAME): to_pypdf(registration_space())}
        )
    page[NameObject("/Resources")] = resources
    content = StreamObject()
    content.set_data("\n".join(ops).encode() + marks)
    page.replace_contents(content.flate_encode())
    stamp_sheet(page, sheet, layout, profile, modified)
    return page


def page_as_form(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """A page's drawing as a form XObject in its own coordinates (trim origin at 0, 0)."""
    contents = page.get_contents()
    form = StreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): RectangleObject(page.mediabox),
            NameObject("/Resources"): page.get("/Resources", DictionaryObject()),
        }
    )
    # pypdf has no public call that registers a new indirect object in a writer.
    return writer._add_object(form.flate_encode())


def stamp_sheet(
    page: PageObject, sheet: Sheet, layout: str, profile: str, modified: str | None
) -> None:
    """The sheet's folds and cuts as PieceInfo, for proofs (see marks.piece_info)."""
    now = modified or time.strftime("D:%Y%m%d%H%M%S")
    page[NameObject("/PieceInfo")] = to_pypdf(piece_info(layout, profile, sheet, 0.0, now))


def to_pypdf(value: Any) -> Any:
    """Plain data as pypdf objects: a string starting with a slash is a name, others text."""
    if isinstance(value, dict):
        return DictionaryObject(
            {NameObject(f"/{key}"): to_pypdf(item) for key, item in value.items()}
        )
    if isinstance(value, list | tuple):
        return ArrayObject(to_pypdf(item) for item in value)
    if isinstance(value, str):
        return NameObject(value) if value.startswith("/") else TextStringObject(value)
    if isinstance(value, float):
        return FloatObject(value)
    return NumberObject(value)


def _trim(page: PageObject, with_bleed: bool) -> tuple[float, float, float]:
    trim = page.trimbox
    width, height = float(trim.width), float(trim.height)
    bleed = (float(page.bleedbox.width) - width) / 2 if with_bleed else 0.0
    return width, height, round(bleed, 3)


def _remove_pages(writer: PdfWriter) -> None:
    pages: Any = writer.pages  # typed as a Sequence, but pages can be deleted
    while len(pages):
        del pages[0]


def _modified(writer: PdfWriter) -> str | None:
    info = writer.metadata
    return str(info["/ModDate"]) if info and "/ModDate" in info else None


def _producer(writer: PdfWriter) -> str | None:
    info = writer.metadata
    return str(info.get("/Producer")) if info and "/Producer" in info else None


def _finish(writer: PdfWriter, producer: str | None) -> bytes:
    """Drop the unreferenced original pages and keep the producer the XMP metadata names."""
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    if producer:
        writer.add_metadata({"/Producer": producer})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
