"""Make the golden documents through the public CLI; turn pages into small images and words."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
DPI = 30  # low on purpose: the goldens stay a few MB; words are checked by the text goldens
COLOURS = 32  # palette size of the stored PNGs
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z: fixed dates in every PDF
AFTERCARE = [
    "--clinic", "riverside", "--patient", "Zoë O'Brien", "--date", "2026-03-14",
    "--area", "left upper trapezius", "--area", "right calf", "--practitioner", "Sam Patel",
    "--notes", "Walk gently tonight. Heat pack on the shoulder if it helps.",
    "--next-appointment", "Tue 17 March, 10:30",
]  # fmt: skip
# Documents whose words and positions are kept as well: a reflow shows as a readable diff.
TEXT_DOCUMENTS = (
    "riverside/dry-needling-safety-trifold",
    "lakeshore/dry-needling-benefits-flyer",
    "lakeshore/dry-needling-aftercare-booklet-email",
    "aftercare/riverside-sheet",
)


@dataclass(frozen=True)
class Document:
    """One golden PDF: its key (`clinic/article-layout[-profile]` or `aftercare/...`) and pages."""

    key: str
    pages: tuple[Image.Image, ...]  # RGB, at DPI
    words: tuple[tuple[str, ...], ...] | None  # per page "x y word" lines, when kept


def _handouts(*args: str) -> None:
    """Run the `handouts` command line with fixed dates; fail with its output if it fails."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TZ": "UTC"}
    command = [sys.executable, "-m", "handouts", *args]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def build_pdfs(out: Path) -> dict[str, Path]:
    """Every layout × profile of the demo clinics, an aftercare sheet, a blank pad sheet, an A5
    sheet and an A5 pad (both sides)."""
    data = str(REPO / "data")
    _handouts("build", "--data", data, "--out", str(out / "leaflets"), "--for", "all")
    sheet, blank = out / "sheets" / "riverside-sheet.pdf", out / "sheets" / "riverside-blank.pdf"
    common = ["--data", data, "--out", str(out / "leaflets")]  # sheets stay out of the catalogue
    _handouts("aftercare", *AFTERCARE, *common, "--output", str(sheet))
    _handouts("aftercare", "--clinic", "riverside", "--blank", *common, "--output", str(blank))
    a5 = out / "sheets" / "lakeshore-sheet-a5.pdf"  # both sides of an A5 sheet
    lakeshore = ["--clinic", "lakeshore", *AFTERCARE[2:], "--size", "a5"]
    _handouts("aftercare", *lakeshore, *common, "--output", str(a5))
    a5_blank = out / "sheets" / "lakeshore-blank-a5.pdf"
    blank_a5 = ["--clinic", "lakeshore", "--blank", "--size", "a5"]
    _handouts("aftercare", *blank_a5, *common, "--output", str(a5_blank))
    pdfs = {f"{p.parent.name}/{p.stem}": p for p in sorted((out / "leaflets").glob("*/*.pdf"))}
    sheets = {
        "riverside-sheet": sheet,
        "riverside-blank": blank,
        "lakeshore-sheet-a5": a5,
        "lakeshore-blank-a5": a5_blank,
    }
    return pdfs | {f"aftercare/{name}": path for name, path in sheets.items()}


def small_png(image: Image.Image, palette: Image.Image | None = None) -> Image.Image:
    """The stored form of a page: a palette image with a few colours, no dithering.

    Checked against a golden, a page is mapped onto the golden's own palette, so pixels that did
    not change map to the same colours (a fresh palette would shift with any change elsewhere)."""
    rgb = image.convert("RGB")
    if palette is None:  # median cut picks the colours; every pixel then takes the nearest one
        palette = rgb.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    return rgb.quantize(palette=palette, dither=Image.Dither.NONE)


def _page_words(page: pdfium.PdfPage) -> tuple[str, ...]:
    """Words of one page as `x y word` lines: top left of their box, from the top, in whole pt."""
    height = page.get_height()
    text = page.get_textpage()
    lines: list[str] = []
    word, left, top = "", 0.0, 0.0
    for index in range(text.count_chars()):
        char = text.get_text_range(index, 1)
        if not char or char.isspace():
            if word:
                lines.append(f"{round(left)} {round(height - top)} {word}")
            word = ""
            continue
        x0, _, _, y1 = text.get_charbox(index)
        left, top = (x0, y1) if not word else (min(left, x0), max(top, y1))
        word += char
    if word:
        lines.append(f"{round(left)} {round(height - top)} {word}")
    text.close()
    return tuple(lines)


def rasterize(key: str, path: Path) -> Document:
    """Render every page at the golden dpi (pdfium), and keep its words if the key asks for it."""
    pdf = pdfium.PdfDocument(path)
    try:
        pages = []
        words = []
        for page in pdf:
            pages.append(page.render(scale=DPI / 72).to_pil().convert("RGB"))
            if key in TEXT_DOCUMENTS:
                words.append(_page_words(page))
            page.close()
    finally:
        pdf.close()
    return Document(key, tuple(pages), tuple(words) if key in TEXT_DOCUMENTS else None)


def render_all(out: Path) -> dict[str, Document]:
    """Build everything into `out` and rasterize it: what the goldens are checked against."""
    return {key: rasterize(key, path) for key, path in build_pdfs(out).items()}
