"""Output profiles checked on the files: boxes per profile and paper, PDF/X-4 and PDF/UA
identification, output intent, CMYK only for the press, marks outside the bleed, fonts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.design.colours import installed_cmyk_profile
from handouts.design.layouts import LAYOUTS, SHEETS_MM
from handouts.press.marks import MARK_GAP, MARK_LENGTH
from handouts.source.project import Project

from .conftest import page_image, uncompressed

MM = 72 / 25.4
CLINICS = {"riverside": ("a4", 3.0), "lakeshore": ("letter", 3.175)}  # paper, press bleed
PROFILES = ("office", "press", "email")


def output(project: Project, clinic: str, layout: str, profile: str) -> Path:
    suffix = "" if profile == "office" else f"-{profile}"
    return project.out_dir / clinic / f"dry-needling-safety-{layout}{suffix}.pdf"


def expected_trim(paper: str, layout: str, profile: str) -> tuple[float, float]:
    """Trim (width, height) in mm: the page, or for an imposed booklet its sheet."""
    lay = LAYOUTS[layout]
    if layout == "booklet" and profile != "email":
        short, long = SHEETS_MM[paper]["half"]
        if profile == "press":  # the opened booklet, two pages wide
            return 2 * short, long
        short, long = SHEETS_MM[paper]["full"]  # office: centred on a landscape sheet
        return long, short
    return lay.page_size(paper)


def box_mm(box) -> tuple[float, float, float, float]:
    return tuple(round(float(v) / MM, 2) for v in box)  # type: ignore[return-value]


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("profile", PROFILES)
def test_boxes_per_profile_and_paper(
    print_build: Project, clinic: str, layout: str, profile: str
) -> None:
    paper, bleed = CLINICS[clinic]
    width, height = expected_trim(paper, layout, profile)
    reader = PdfReader(output(print_build, clinic, layout, profile))
    for number, page in enumerate(reader.pages, start=1):
        where = f"{clinic} {layout} {profile} page {number}"
        trim = box_mm(page.trimbox)
        assert trim[2] - trim[0] == pytest.approx(width, abs=0.05), where
        assert trim[3] - trim[1] == pytest.approx(height, abs=0.05), where
        bleed_box, media = box_mm(page.bleedbox), box_mm(page.mediabox)
        if profile == "press":
            for inner, outer in zip(trim[:2], bleed_box[:2], strict=True):
                assert inner - outer == pytest.approx(bleed, abs=0.02), where
            for inner, outer in zip(trim[2:], bleed_box[2:], strict=True):
                assert outer - inner == pytest.approx(bleed, abs=0.02), where
            slug = (bleed * MM + MARK_GAP + MARK_LENGTH) / MM
            assert trim[0] - media[0] >= slug, f"{where}: no room for marks outside the bleed"
        else:
            assert bleed_box == trim == media, f"{where}: office and email pages are the trim"


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_press_files_are_pdfx4_with_the_installed_output_intent(
    print_build: Project, clinic: str, layout: str
) -> None:
    path = output(print_build, clinic, layout, "press")
    reader = PdfReader(path)
    assert reader.pdf_header == "%PDF-1.6"
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "<pdf:Trapped>False</pdf:Trapped>" in xmp
    assert reader.metadata["/Trapped"] == "/False"
    (intent,) = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "Custom"
    assert "SWOP" in intent["/OutputCondition"]
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    assert profile.get_data() == installed_cmyk_profile().read_bytes()


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_press_files_paint_in_cmyk_only(print_build: Project, clinic: str, layout: str) -> None:
    raw = uncompressed(output(print_build, clinic, layout, "press"))
    assert b"/DeviceRGB" not in raw
    assert not re.search(rb"(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)\s", raw), "an RGB colour operator"
    assert b"/DeviceCMYK" in raw
    office = uncompressed(output(print_build, clinic, layout, "office"))
    assert b"/DeviceCMYK" not in office


def test_clinic_cmyk_values_reach_the_press_file(print_build: Project) -> None:
    raw = uncompressed(output(print_build, "riverside", "trifold", "press"))
    # riverside.yaml: press.cmyk.primary [95, 40, 35, 35] paints the cover.
    assert b"0.95 0.4 0.35 0.35 scn" in raw
    # The safety red is fixed: C0 M90 Y90 K35 in every clinic's press file.
    assert b"0 0.9 0.9 0.35 scn" in raw


@pytest.mark.parametrize("clinic", CLINICS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_email_files_are_tagged_pdf_ua(print_build: Project, clinic: str, layout: str) -> None:
    reader = PdfReader(output(print_build, clinic, layout, "email"))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part(>|=\")1", xmp)
    assert root["/Lang"] in ("en-GB", "en-US")
    assert reader.metadata.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] in (True, "true")
    assert "/OutputIntents" not in root
    figures = list(_structure(root["/StructTreeRoot"], "/Figure"))
    assert figures, "the logo and the QR code are figures"
    assert all(f.get("/Alt") for f in figures), "every figure needs alternative text"


@pytest.mark.parametrize("layout", ["flyer", "trifold", "booklet"])
def test_the_warning_key_point_is_read_out_as_a_warning(print_build: Project, layout: str) -> None:
    """The safety article marks its second key point as a warning (`warning_key_point: 2`): its
    caution sign is a figure read as "Warning", the ticks before the others are artefacts."""
    root = PdfReader(output(print_build, "riverside", layout, "email")).trailer["/Root"]
    alts = [str(f.get("/Alt")) for f in _structure(root["/StructTreeRoot"], "/Figure")]
    assert alts.count("Warning: ") == 1, alts


def _structure(node, kind: str):
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            yield from _structure(child, kind)
        return
    if not hasattr(node, "get"):
        return
    if node.get("/S") == kind:
        yield node
    if "/K" in node:
        yield from _structure(node["/K"], kind)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_font_is_embedded(print_build: Project, profile: str) -> None:
    import subprocess

    for path in sorted(
        print_build.out_dir.glob(f"*/*{'' if profile == 'office' else profile}.pdf")
    ):
        table = subprocess.run(
            ["pdffonts", str(path)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[2:]
        assert table, f"{path.name}: no fonts at all"
        assert all(line.split()[-5] == "yes" for line in table), f"{path.name}:\n{table}"


def test_crop_marks_sit_in_the_slug_outside_the_bleed(print_build: Project) -> None:
    """Look at the top-left corner of a press flyer: the mark is there, the bleed is clear."""
    path = output(print_build, "riverside", "flyer", "press")
    page = PdfReader(path).pages[0]
    dpi = 144
    image = page_image(path, 1, dpi)
    scale = dpi / 72
    left, top = float(page.mediabox.left), float(page.mediabox.top)

    def pixel(x_pt: float, y_pt: float) -> tuple[int, int, int]:
        return image.getpixel((round((x_pt - left) * scale), round((top - y_pt) * scale)))

    trim_top = float(page.trimbox.top)
    bleed = 3 * MM
    mark_x = -(bleed + MARK_GAP + MARK_LENGTH / 2)  # halfway along the horizontal crop mark
    assert max(pixel(mark_x, trim_top)) < 128, "no crop mark in the slug"
    assert min(pixel(-bleed / 2, trim_top)) > 230, "a mark strays into the bleed"
    assert min(pixel(-(bleed + MARK_GAP / 2), trim_top)) > 230, "a mark touches the bleed"


def test_tri_fold_cover_colour_runs_into_the_bleed(print_build: Project) -> None:
    path = output(print_build, "riverside", "trifold", "press")
    page = PdfReader(path).pages[0]
    image = page_image(path, 1, 72)
    left, top = float(page.mediabox.left), float(page.mediabox.top)
    right_bleed = float(page.trimbox.right) + 1.5 * MM
    middle = float(page.trimbox.top) / 2
    r, g, b = image.getpixel((round(right_bleed - left), round(top - middle)))
    assert (r, g, b) != (255, 255, 255) and b > r, "the teal cover stops at the trim"
    beyond = image.getpixel((round(right_bleed + 3 * MM - left), round(top - middle)))
    assert min(beyond) > 230, "the cover runs past the bleed into the slug"
