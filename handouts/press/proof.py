"""Proofs: PNG pages of any output, and a proof sheet to check before paying for a print run.

Poppler's `pdftoppm` rasterises the pages (poppler-utils; the only outside tool handouts
runs). The proof sheet draws, over each page: the trim (cyan, solid), the bleed (magenta,
dashed), the safe area text should keep inside (green, dashed), folds (orange, dash-dot) and
cuts (red), read from the PDF's own boxes and the geometry handouts stamps on each page; and it
lists what a print shop checks first: page size, PDF/X or PDF/UA identification, output intent
and whether every font is embedded.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

from handouts import guard, limits
from handouts.errors import HandoutsError, Problem
from handouts.files import cannot_write
from handouts.press.marks import MM
from handouts.source.fonts import faces

TRIM = (0, 160, 224)
BLEED = (224, 0, 122)
SAFE = (46, 158, 62)
FOLD = (255, 140, 0)
CUT = (220, 30, 30)
Box = tuple[float, float, float, float]
Point = tuple[float, float]
Colour = tuple[int, int, int]
LEGEND = (("trim", TRIM, "solid"), ("bleed", BLEED, "dash"), ("safe area", SAFE, "dash"),
          ("fold", FOLD, "dashdot"), ("cut", CUT, "solid"))  # fmt: skip


@dataclass
class PageGeometry:
    """One page's boxes (llx, lly, urx, ury in pt) and the handouts geometry stamped on it."""

    media: Box
    trim: Box
    bleed: Box
    folds: list[float] = field(default_factory=list)
    cuts: list[float] = field(default_factory=list)
    safe: float = 0.0
    layout: str = ""


@dataclass
class Facts:
    """What a print shop's preflight looks at first."""

    pages: int
    version: str
    standards: list[str]
    output_intent: str | None
    fonts_embedded: bool
    tagged: bool


def read_geometry(reader: PdfReader) -> list[PageGeometry]:
    found = []
    for page in reader.pages:
        geometry = PageGeometry(_box(page.mediabox), _box(page.trimbox), _box(page.bleedbox))
        piece: Any = page.get("/PieceInfo", {}).get("/Handouts", {}).get("/Private", {})
        geometry.folds = [float(f) for f in piece.get("/Folds", [])]
        geometry.cuts = [float(c) for c in piece.get("/Cuts", [])]
        geometry.safe = float(piece.get("/Safe", 0))
        geometry.layout = str(piece.get("/Layout", ""))
        found.append(geometry)
    return found


def _box(box: Any) -> Box:
    llx, lly, urx, ury = (float(v) for v in box)
    return llx, lly, urx, ury


def read_facts(reader: PdfReader) -> Facts:
    root: Any = reader.trailer["/Root"]
    xmp = ""
    if "/Metadata" in root:
        xmp = root["/Metadata"].get_object().get_data().decode("utf-8", "replace")
    standards = []
    if match := re.search(r"GTS_PDFXVersion>([^<]+)<", xmp):
        standards.append(match.group(1))
    if match := re.search(r"pdfuaid:part>(\d)<|pdfuaid:part=\"(\d)\"", xmp):
        standards.append(f"PDF/UA-{match.group(1) or match.group(2)}")
    intent = None
    if intents := root.get("/OutputIntents"):
        first = intents[0].get_object()
        intent = str(first.get("/OutputCondition") or first.get("/OutputConditionIdentifier"))
    return Facts(
        pages=len(reader.pages),
        version=reader.pdf_header.removeprefix("%PDF-"),
        standards=standards,
        output_intent=intent,
        fonts_embedded=all_fonts_embedded(reader),
        tagged=bool(root.get("/MarkInfo", {}).get("/Marked")),
    )


def all_fonts_embedded(reader: PdfReader) -> bool:
    seen: set[int] = set()

    def fonts_in(resources: Any) -> list[Any]:
        found = list((resources.get("/Font") or {}).values())
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if id(xobject) in seen or "/Resources" not in xobject:
                continue
            seen.add(id(xobject))
            found += fonts_in(xobject["/Resources"].get_object())
        return found

    for page in reader.pages:
        for font in fonts_in(page.get("/Resources", {}).get_object()):
            font = font.get_object()
            target = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = target.get("/FontDescriptor")
            if descriptor is None:
                return False
            descriptor = descriptor.get_object()
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                return False
    return True


def rasterise(pdf: Path, out_dir: Path, dpi: int) -> list[Path]:
    """PNG of every page (the whole media box, marks included) as `<stem>-<n>.png`."""
    if shutil.which("pdftoppm") is None:
        raise HandoutsError(
            Problem("proofs need poppler's pdftoppm: apt-get install poppler-utils", field="proof")
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(Path(tmp) / "page")],
            capture_output=True,
        )
        if done.returncode != 0:
            reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise HandoutsError(
                Problem(f"pdftoppm could not draw it ({reason[-1] if reason else ''})", file=pdf)
            )
        pngs = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        targets = []
        for number, png in enumerate(pngs, start=1):
            target = out_dir / f"{pdf.stem}-{number}.png"
            shutil.move(png, target)
            targets.append(target)
    return targets


def proof(pdf: Path, out_dir: Path, dpi: int = 60) -> tuple[list[Path], Path]:
    """Thumbnails of every page and `<stem>-proof.png`; returns (thumbnails, proof sheet)."""
    data = guard.read_bytes(pdf, limits.PDF, None, "proof")
    try:
        reader = PdfReader(io.BytesIO(data))
        geometry, facts = read_geometry(reader), read_facts(reader)
    except Exception as exc:  # pypdf raises many kinds for a file that is not a PDF
        raise HandoutsError(Problem(f"cannot read as a PDF: {exc}", file=pdf)) from None
    for page in geometry:  # refused before pdftoppm makes a picture too large to open
        x0, y0, x1, y1 = page.media
        guard.check_pixels((round((x1 - x0) * dpi / 72), round((y1 - y0) * dpi / 72)), pdf)
    try:
        thumbnails = rasterise(pdf, out_dir, dpi)
    except OSError as exc:
        raise cannot_write(out_dir, exc) from None
    drawn = []
    for png, page in zip(thumbnails, geometry, strict=True):
        with Image.open(png) as image:
            drawn.append(draw_guides(image.convert("RGB"), page, dpi))
    sheet = compose(pdf.name, drawn, geometry, facts)
    target = out_dir / f"{pdf.stem}-proof.png"
    try:
        sheet.save(target)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise cannot_write(target, exc) from None
    return thumbnails, target


def draw_guides(image: Image.Image, page: PageGeometry, dpi: int) -> Image.Image:

    scale = dpi / 72
    llx, _, _, ury = page.media

    def xy(x: float, y: float) -> tuple[float, float]:
        return (x - llx) * scale, (ury - y) * scale

    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = page.trim
    _rect(draw, xy(x0, y1), xy(x1, y0), TRIM, "solid")
    if page.bleed != page.trim:
        bx0, by0, bx1, by1 = page.bleed
        _rect(draw, xy(bx0, by1), xy(bx1, by0), BLEED, "dash")
    if page.safe:
        s = page.safe
        _rect(draw, xy(x0 + s, y1 - s), xy(x1 - s, y0 + s), SAFE, "dash")
    for fold in page.folds:
        _line(draw, xy(x0 + fold, y1), xy(x0 + fold, y0), FOLD, "dashdot")
    for cut in page.cuts:
        _line(draw, xy(x0 + cut, y1), xy(x0 + cut, y0), CUT, "solid")
    return image


def _rect(
    draw: ImageDraw.ImageDraw, top_left: Point, bottom_right: Point, colour: Colour, style: str
) -> None:
    (x0, y0), (x1, y1) = top_left, bottom_right
    for a, b in (
        ((x0, y0), (x1, y0)),
        ((x1, y0), (x1, y1)),
        ((x1, y1), (x0, y1)),
        ((x0, y1), (x0, y0)),
    ):
        _line(draw, a, b, colour, style)


def _line(draw: ImageDraw.ImageDraw, a: Point, b: Point, colour: Colour, style: str) -> None:
    patterns: dict[str, list[tuple[float, float]]] = {
        "solid": [(1.0, 0.0)],
        "dash": [(6, 4)],
        "dashdot": [(8, 3), (2, 3)],
    }
    pattern = patterns[style]
    (xa, ya), (xb, yb) = a, b
    length = max(abs(xb - xa), abs(yb - ya))
    if style == "solid" or length == 0:
        draw.line([a, b], fill=colour, width=2)
        return
    dx, dy = (xb - xa) / length, (yb - ya) / length
    position, index = 0.0, 0
    while position < length:
        on, off = pattern[index % len(pattern)]
        end = min(position + on, length)
        draw.line(
            [(xa + dx * position, ya + dy * position), (xa + dx * end, ya + dy * end)],
            fill=colour,
            width=2,
        )
        position, index = end + off, index + 1


def compose(
    name: str, pages: list[Image.Image], geometry: list[PageGeometry], facts: Facts
) -> Image.Image:
    """Pages side by side (two to a row for wide sheets), a legend and the preflight facts."""

    font, bold = _font(15), _font(20, bold=True)
    margin, gap = 24, 20
    per_row = 2 if pages[0].width > pages[0].height else 4
    rows = [pages[i : i + per_row] for i in range(0, len(pages), per_row)]
    width = max(sum(p.width for p in row) + gap * (len(row) - 1) for row in rows) + 2 * margin
    width = max(width, 760)
    lines = fact_lines(facts, geometry[0])
    header = margin + 34 + 21 * len(lines) + 40
    height = header + sum(max(p.height for p in row) + gap + 24 for row in rows) + margin
    sheet = Image.new("RGB", (width, height), (236, 236, 236))
    draw = ImageDraw.Draw(sheet)
    draw.text((margin, margin), f"Proof: {name}", fill=(20, 20, 20), font=bold)
    for i, line in enumerate(lines):
        draw.text((margin, margin + 34 + 21 * i), line, fill=(40, 40, 40), font=font)
    x = margin
    for label, colour, style in LEGEND:
        y = header - 30
        _line(draw, (x, y + 9), (x + 34, y + 9), colour, style)
        draw.text((x + 40, y), label, fill=(40, 40, 40), font=font)
        x += 40 + int(draw.textlength(label, font=font)) + 26
    y = header
    number = 1
    for row in rows:
        x = margin
        for page in row:
            sheet.paste(page, (x, y))
            draw.text((x, y + page.height + 4), f"page {number}", fill=(60, 60, 60), font=font)
            x += page.width + gap
            number += 1
        y += max(p.height for p in row) + gap + 24
    return sheet


def fact_lines(facts: Facts, first: PageGeometry) -> list[str]:
    w = (first.trim[2] - first.trim[0]) / MM
    h = (first.trim[3] - first.trim[1]) / MM
    bleed = (first.trim[0] - first.bleed[0]) / MM
    size = f"trim {w:.1f} × {h:.1f} mm" + (f", bleed {bleed:.1f} mm" if bleed > 0.05 else "")
    kind = f"{first.layout}, " if first.layout else ""
    lines = [
        f"{kind}{facts.pages} page{'s' if facts.pages != 1 else ''}, {size}, PDF {facts.version}",
        "identifies as "
        + (", ".join(facts.standards) if facts.standards else "plain PDF")
        + (" · tagged" if facts.tagged else ""),
        "output intent: " + (facts.output_intent or "none (RGB for screens and office printers)"),
        "fonts: " + ("all embedded" if facts.fonts_embedded else "NOT ALL EMBEDDED"),
    ]
    return lines


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:

    for face in faces("Atkinson Hyperlegible"):
        if (face.weight.startswith("7")) == bold and face.style == "normal":
            return ImageFont.truetype(str(face.path), size)
    return ImageFont.load_default(size)
