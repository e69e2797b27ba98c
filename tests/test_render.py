"""Rendered PDFs, checked by content and geometry: pages, sizes, text, fonts, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.design.layouts import LAYOUTS, trifold_panels
from handouts.source.project import Project

from .conftest import pdf_words

MM = 72 / 25.4
CLINICS = {"riverside": ("A4", 210.0, 297.0), "lakeshore": ("Letter", 215.9, 279.4)}
ARTICLES = ["dry-needling-benefits", "dry-needling-safety", "dry-needling-aftercare"]


def outputs(project: Project) -> list[Path]:
    return sorted(project.out_dir.glob("*/*.pdf"))


def test_demo_catalogue_has_every_clinic_article_and_layout(demo_build: Project) -> None:
    names = {p.relative_to(demo_build.out_dir).as_posix() for p in outputs(demo_build)}
    expected = {f"{c}/{a}-{lay}.pdf" for c in CLINICS for a in ARTICLES for lay in LAYOUTS}
    assert names == expected
    assert len(names) == 36  # 2 clinics × 3 articles × 6 layouts, office profile


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("layout", ["flyer", "trifold"])
def test_page_count_and_size(demo_build: Project, clinic: str, layout: str) -> None:
    _, short, long = CLINICS[clinic]
    for article in ARTICLES:
        reader = PdfReader(demo_build.out_dir / clinic / f"{article}-{layout}.pdf")
        assert len(reader.pages) == 2, f"{article} {layout} should be printed on two sides"
        for page in reader.pages:
            width, height = float(page.mediabox.width) / MM, float(page.mediabox.height) / MM
            if layout == "trifold":
                width, height = height, width  # landscape
            assert width == pytest.approx(short, abs=0.2)
            assert height == pytest.approx(long, abs=0.2)


@pytest.mark.parametrize("clinic", CLINICS)
def test_text_holds_article_and_clinic_details(demo_build: Project, clinic: str) -> None:
    reader = PdfReader(demo_build.out_dir / clinic / "dry-needling-safety-trifold.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    for expected in (
        "Dry needling: side effects and how safe it is",
        "Get emergency help now",
        "Where these facts come from",
        "Brady S, McEvoy J",
    ):
        assert expected in text
    details = {
        "riverside": [
            "Riverside Physiotherapy",
            "0117 496 0321",
            "Call 999 now",
            "hello@riversidephysio.example",
            "Bristol BS1 4QA",
        ],
        "lakeshore": [
            "Lakeshore Sports & Spine",
            "(312) 555-0147",
            "Call 911 now",
            "frontdesk@lakeshorept.example",
            "Chicago, IL 60601",
        ],
    }[clinic]
    for expected in details:
        assert expected in text


def test_review_date_is_printed_in_the_clinic_locale(demo_build: Project) -> None:
    uk = PdfReader(demo_build.out_dir / "riverside/dry-needling-benefits-flyer.pdf")
    us = PdfReader(demo_build.out_dir / "lakeshore/dry-needling-benefits-flyer.pdf")
    uk_text = " ".join(" ".join(p.extract_text() for p in uk.pages).split())
    us_text = " ".join(" ".join(p.extract_text() for p in us.pages).split())
    assert "Reviewed 30 November 2026" in uk_text
    assert "Reviewed November 30, 2026" in us_text


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Base font name → whether the font program is embedded."""
    fonts = {}
    for page in reader.pages:
        for font in _page_fonts(page["/Resources"]):
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target["/FontDescriptor"].get_object()
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = embedded
    return fonts


def _page_fonts(resources) -> list:
    resources = resources.get_object()
    found = list(resources.get("/Font", {}).values())
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            found += _page_fonts(xobject["/Resources"])
    return found


@pytest.mark.parametrize(
    ("clinic", "families"),
    [
        ("riverside", {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"}),
        ("lakeshore", {"Lato", "Lato-Bold", "PT-Serif-Bold"}),
    ],
)
def test_only_the_clinic_fonts_are_used_and_all_are_embedded(
    demo_build: Project, clinic: str, families: set[str]
) -> None:
    for pdf in (demo_build.out_dir / clinic).glob("*.pdf"):
        fonts = _fonts(PdfReader(pdf))
        assert all(fonts.values()), f"{pdf.name}: not embedded: {fonts}"
        assert set(fonts) == families, f"{pdf.name}: {sorted(fonts)}"


def test_metadata_language_and_viewer_preferences(demo_build: Project) -> None:
    reader = PdfReader(demo_build.out_dir / "lakeshore/dry-needling-aftercare-trifold.pdf")
    meta = reader.metadata
    assert meta.title == "After dry needling: how to look after yourself"
    assert meta.author == "Lakeshore Sports & Spine"
    assert meta.subject and meta.subject.startswith("What you may feel")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    prefs = root["/ViewerPreferences"]
    assert prefs["/DisplayDocTitle"] is True or prefs["/DisplayDocTitle"] == True  # noqa: E712
    assert prefs["/Duplex"] == "/DuplexFlipShortEdge"
    flyer = PdfReader(demo_build.out_dir / "riverside/dry-needling-benefits-flyer.pdf")
    assert flyer.trailer["/Root"]["/Lang"] == "en-GB"
    assert flyer.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipLongEdge"


def test_no_attachments_or_scripts(demo_build: Project) -> None:
    for pdf in outputs(demo_build):
        raw = pdf.read_bytes()
        for marker in (
            b"/EmbeddedFiles",
            b"/EmbeddedFile",
            b"/JavaScript",
            b"/Launch",
            b"/FileAttachment",
        ):
            assert marker not in raw, f"{pdf.name} contains {marker!r}"


def test_reading_order_of_flyer_text(demo_build: Project) -> None:
    reader = PdfReader(demo_build.out_dir / "riverside/dry-needling-benefits-flyer.pdf")
    text = " ".join(reader.pages[0].extract_text().split())
    order = [
        "Dry needling for neck and shoulder pain",
        "Key points",
        "What dry needling is",
        "What studies found for neck",
    ]
    positions = [text.index(x) for x in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize("clinic", CLINICS)
def test_trifold_nothing_crosses_a_fold(demo_build: Project, clinic: str) -> None:
    long = CLINICS[clinic][2]
    flap, full, _ = trifold_panels(long)
    pdf = demo_build.out_dir / clinic / "dry-needling-safety-trifold.pdf"
    folds = {1: (flap, flap + full), 2: (full, 2 * full)}  # outside, inside (mirror image)
    words = pdf_words(pdf)
    assert len(words) > 300
    for page, x0, _, x1, _, text in words:
        for fold in folds[page]:
            assert not (x0 / MM - 5 < fold < x1 / MM + 5), (
                f"page {page}: {text!r} at {x0 / MM:.1f}-{x1 / MM:.1f} mm is within 5 mm "
                f"of the fold at {fold:.1f} mm"
            )
    # Inside, the text keeps 9 mm from both edges of the sheet: the flap's column is as wide as
    # the flap allows (it was 6 mm from the right edge, where office printers stop).
    inside = [(x0 / MM, x1 / MM) for page, x0, _, x1, _, _ in words if page == 2]
    assert min(x0 for x0, _ in inside) > 8.9 and max(x1 for _, x1 in inside) < long - 8.9


def test_trifold_cover_is_the_right_hand_outside_panel(demo_build: Project) -> None:
    pdf = demo_build.out_dir / "riverside/dry-needling-benefits-trifold.pdf"
    words = pdf_words(pdf)
    flap, full, _ = trifold_panels(297.0)
    title = [w for w in words if w[0] == 1 and w[5] == "show"]
    assert title and all(w[1] / MM > flap + full for w in title)
    contact = [w for w in words if w[0] == 1 and w[5] == "Opening"]
    assert contact and all(flap < w[1] / MM < flap + full for w in contact)
