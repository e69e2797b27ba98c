"""The formats measured: tri-fold panels and folds, booklet imposition order and padding, large
print type sizes, poster sheet, two-up cut sheets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.design.layouts import FOLD_WRAP_MM, LAYOUTS, trifold_panels
from handouts.press.imposition import saddle_stitch_order
from handouts.source.project import Project

from .conftest import page_image, pdf_words, uncompressed

MM = 72 / 25.4


def test_tri_fold_flap_is_narrower_by_print_shop_practice() -> None:
    assert trifold_panels(297.0, "a4") == (97.0, 100.0, 100.0)
    # US Letter: 3 5/8 inch flap against 3 11/16 inch panels (the flap 1/16 inch narrower).
    flap, full, cover = trifold_panels(279.4, "letter")
    assert flap == pytest.approx(3.625 * 25.4, abs=0.01)
    assert full == cover == pytest.approx(3.6875 * 25.4, abs=0.01)
    assert flap + full + cover == pytest.approx(279.4, abs=0.01)
    assert trifold_panels(279.4) == trifold_panels(279.4, "letter")


@pytest.mark.parametrize(("clinic", "paper"), [("riverside", "a4"), ("lakeshore", "letter")])
def test_tri_fold_folds_are_where_the_panels_meet(
    print_build: Project, clinic: str, paper: str
) -> None:
    path = print_build.out_dir / clinic / "dry-needling-safety-trifold-press.pdf"
    reader = PdfReader(path)
    width = LAYOUTS["trifold"].page_size(paper)[0]
    flap, full, _ = trifold_panels(width, paper)
    expected = {1: (flap, flap + full), 2: (full, 2 * full)}  # outside, inside (mirrored)
    for number, page in enumerate(reader.pages, start=1):
        stamped = page["/PieceInfo"]["/Handouts"]["/Private"]
        folds = [float(f) / MM for f in stamped["/Folds"]]
        assert folds == pytest.approx(expected[number], abs=0.01)
    # On paper: the cover's colour wraps 1 mm round the second fold of the outside, so a fold a
    # little off the line leaves no white edge on the cover.
    office = print_build.out_dir / clinic / "dry-needling-safety-trifold.pdf"
    image = page_image(office, 1, dpi=144)
    row = [image.getpixel((x, image.height // 2)) for x in range(image.width)]
    first_blue = next(x for x, (r, g, b) in enumerate(row) if b > 60 and r < 60)
    assert first_blue / 144 * 25.4 == pytest.approx(flap + full - FOLD_WRAP_MM, abs=0.3)
    assert FOLD_WRAP_MM >= 1.0


def test_fold_marks_are_drawn_above_each_fold(print_build: Project) -> None:
    path = print_build.out_dir / "riverside/dry-needling-safety-trifold-press.pdf"
    page = PdfReader(path).pages[0]
    image = page_image(path, 1, dpi=144)
    scale = 144 / 72
    left, top = float(page.mediabox.left), float(page.mediabox.top)
    y = float(page.trimbox.top) + 3 * MM + 4 * MM  # in the slug above the bleed
    for fold in (97.0, 197.0):
        column = [
            image.getpixel((round((fold * MM - left) * scale) + dx, round((top - y) * scale)))
            for dx in (-1, 0, 1)
        ]
        assert min(min(p) for p in column) < 128, f"no fold mark at {fold} mm"


def test_saddle_stitch_order() -> None:
    assert saddle_stitch_order(4) == [(3, 0), (1, 2)]
    assert saddle_stitch_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    pages = sorted(p for side in saddle_stitch_order(12) for p in side)
    assert pages == list(range(12))
    with pytest.raises(ValueError):
        saddle_stitch_order(6)


def _folios(path: Path, width_pt: float, count: int) -> list[tuple[str, str]]:
    """Per sheet side: the page number printed at the foot of the left and right halves."""
    sides: dict[int, dict[str, str]] = {n: {} for n in range(1, count + 1)}
    for page, x0, y0, _, _, text in pdf_words(path):
        if re.fullmatch(r"\d{1,2}", text) and y0 > 560:  # the folio line at the foot
            half = "left" if x0 < width_pt / 2 else "right"
            sides.setdefault(page, {})[half] = text
    return [(s.get("left", "-"), s.get("right", "-")) for _, s in sorted(sides.items())]


@pytest.mark.parametrize("clinic", ["riverside", "lakeshore"])
def test_booklet_sheets_are_in_saddle_stitch_order(print_build: Project, clinic: str) -> None:
    path = print_build.out_dir / clinic / "dry-needling-safety-booklet.pdf"
    reader = PdfReader(path)
    sheet = reader.pages[0].mediabox
    assert float(sheet.width) > float(sheet.height), "sheets are landscape"
    pages = 2 * len(reader.pages)
    assert pages % 4 == 0
    expected = []
    for left, right in saddle_stitch_order(pages):
        # The covers carry no folio; every inside page does.
        number = lambda i: "-" if i in (0, pages - 1) else str(i + 1)  # noqa: E731
        expected.append((number(left), number(right)))
    assert _folios(path, float(sheet.width), len(reader.pages)) == expected
    # And the covers are where the folios leave them: back | front on the first side.
    words = [w for w in pdf_words(path) if w[0] == 1]
    title = [w for w in words if w[5] == "safe"]
    contact = [w for w in words if w[5] in ("Opening", "Office")]  # en-US: "Office hours"
    assert title and all(w[1] > float(sheet.width) / 2 for w in title)
    assert contact and all(w[1] < float(sheet.width) / 2 for w in contact)


def test_booklet_is_padded_with_pages_to_write_on(print_build: Project) -> None:
    """The printed booklet pads to a multiple of four with a health page and an appointments
    page before the back cover; the email file, never folded, is not padded."""
    office = PdfReader(print_build.out_dir / "riverside/dry-needling-safety-booklet.pdf")
    assert len(office.pages) % 2 == 0, "whole sheets, two booklet pages a side"
    sides = " ".join(" ".join(p.extract_text().split()) for p in office.pages)
    assert "Your health and medicines" in sides and "Your appointments" in sides
    email = PdfReader(print_build.out_dir / "riverside/dry-needling-safety-booklet-email.pdf")
    texts = [" ".join(p.extract_text().split()) for p in email.pages]
    assert not any(t.startswith(("Your appointments", "Questions to ask")) for t in texts)
    assert "Contact us" in texts[-1]
    assert "Dry needling: side effects" in texts[0]


def test_email_booklet_keeps_reading_order_on_single_pages(print_build: Project) -> None:
    reader = PdfReader(print_build.out_dir / "lakeshore/dry-needling-safety-booklet-email.pdf")
    for page in reader.pages:
        assert float(page.mediabox.width) / MM == pytest.approx(139.7, abs=0.1)
        assert float(page.mediabox.height) / MM == pytest.approx(215.9, abs=0.1)


@pytest.mark.parametrize("clinic", ["riverside", "lakeshore"])
def test_large_print_sets_nothing_below_18_pt_and_body_at_18(
    print_build: Project, clinic: str
) -> None:
    path = print_build.out_dir / clinic / "dry-needling-safety-large-print.pdf"
    sizes = _font_sizes(path)
    assert min(sizes) >= 18.0, sorted(set(sizes))[:5]
    assert max(set(sizes), key=sizes.count) == 18.0, "most words are body text at 18 pt"


def _font_sizes(path: Path) -> list[float]:
    """The size of every glyph drawn, in points, read from the content streams.

    WeasyPrint sets text in CSS pixels inside a 0.75 scale, so `Tf` sizes are px.
    """
    raw = uncompressed(path).decode("latin-1")
    sizes = []
    for size, run in re.findall(r"/\w+ ([\d.]+) Tf\s*\[(.*?)\] TJ", raw, flags=re.S):
        sizes += [round(float(size) * 0.75 * 2) / 2] * len(re.findall(r"<[0-9a-f]{4}>", run))
    return sizes


def test_body_type_sizes_as_designed(print_build: Project) -> None:
    # (The poster's text is its headline and messages at 40 pt and more: test_design_geometry.)
    # The tri-fold is designed at 11.5 pt and sets an article that fits at its roomy 12 pt.
    for layout, body in (("flyer", 12.0), ("trifold", 12.0), ("a5", 12.0)):
        path = print_build.out_dir / "riverside" / f"dry-needling-safety-{layout}.pdf"
        sizes = _font_sizes(path)
        assert max(set(sizes), key=sizes.count) == body, layout


@pytest.mark.parametrize(
    ("clinic", "size"), [("riverside", (297.0, 420.0)), ("lakeshore", (279.4, 431.8))]
)
def test_poster_is_a3_or_tabloid_with_a_large_qr_code(
    print_build: Project, clinic: str, size: tuple[float, float]
) -> None:
    path = print_build.out_dir / clinic / "dry-needling-safety-poster.pdf"
    (page,) = PdfReader(path).pages
    assert float(page.mediabox.width) / MM == pytest.approx(size[0], abs=0.1)
    assert float(page.mediabox.height) / MM == pytest.approx(size[1], abs=0.1)
    # The QR code's dark modules span at least 55 mm (a code scans from about ten times its
    # width: 60 mm from half a metre or more): measure them on the picture.
    image = page_image(path, 1, dpi=36)
    dark = [
        x
        for x in range(image.width // 2)
        for y in range(int(image.height * 0.7), image.height)
        if sum(image.getpixel((x, y))) < 100
    ]
    assert (max(dark) - min(dark)) / 36 * 25.4 >= 55
