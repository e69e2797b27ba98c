"""Layouts: which template and stylesheet make each format, its pages, and its paper geometry.

Sizes are in millimetres. The clinic's paper (A4 or US Letter) picks the family: a layout asks
for the half, full or double sheet of that family (A5 / A4 / A3, half-letter / Letter /
tabloid). The tri-fold's panel widths and every layout's body type size are decided here (and
only here).
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.errors import Problem, SelectionError

# A5 is used by the one-page aftercare sheet (handouts/sheet.py), not by the leaflet layouts.
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4), "a5": (148.0, 210.0)}
PAPER_NAMES = {"a4": "A4", "letter": "US Letter", "a5": "A5"}

# The sheets of each paper family, (short edge, long edge) in mm, and what print shops call them.
SHEETS_MM = {
    "a4": {"half": (148.0, 210.0), "full": (210.0, 297.0), "double": (297.0, 420.0)},
    "letter": {"half": (139.7, 215.9), "full": (215.9, 279.4), "double": (279.4, 431.8)},
    "a5": {"half": (105.0, 148.0), "full": (148.0, 210.0), "double": (210.0, 297.0)},
}
SHEET_NAMES = {
    "a4": {"half": "A5", "full": "A4", "double": "A3"},
    "letter": {"half": "half-letter", "full": "US Letter", "double": "tabloid"},
    "a5": {"half": "A6", "full": "A5", "double": "A4"},  # the aftercare sheet's A5 option
}

BODY_FLOOR_PT = 11.0  # RNIB Clear Print asks 12 pt; --fit may go to 11 pt and never below
LARGE_PRINT_FLOOR_PT = 16.0  # health.gov's lower bound for older readers


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    template: str
    stylesheet: str
    max_pages: int
    landscape: bool = False
    sheet: str = "full"  # half, full or double sheet of the clinic's paper family
    body_pt: float = 12.0  # body text size as designed
    min_body_pt: float = BODY_FLOOR_PT  # the floor --fit may shrink the body to
    safe_mm: float = 5.0  # keep text this far inside the trim (print-shop safe area)
    pages_multiple: int = 1  # a saddle-stitched booklet needs a multiple of four pages
    impose: str | None = None  # how pages go onto sheets after rendering ("saddle-stitch")

    def page_size(self, paper: str) -> tuple[float, float]:
        """Trim size (width, height) in mm."""
        short, long = SHEETS_MM[paper][self.sheet]
        return (long, short) if self.landscape else (short, long)

    def sheet_pt(self, paper: str, sheet: str, landscape: bool = False) -> tuple[float, float]:
        """Another sheet of the same family, (width, height) in points: what pages go onto."""
        short, long = SHEETS_MM[paper][sheet]
        width, height = (long, short) if landscape else (short, long)
        return width * 72 / 25.4, height * 72 / 25.4

    def sheet_name(self, paper: str) -> str:
        return SHEET_NAMES[paper][self.sheet]

    def page_css(self, paper: str) -> str:
        """@page rules that depend on the paper (custom properties do not reach @page)."""
        width, height = self.page_size(paper)
        css = f"@page {{ size: {width}mm {height}mm; }}\n"
        if self.name == "trifold":
            geometry = trifold_variables(width, paper)
            css += (
                f"@page inside {{ margin: 11mm {geometry['inside-right']} 11mm "
                f"{geometry['inside-left']}; }}\n"
            )
        return css

    def variables(self, paper: str) -> dict[str, str]:
        """Geometry handed to the stylesheet as CSS custom properties."""
        width, height = self.page_size(paper)
        values = {"page-width": f"{width}mm", "page-height": f"{height}mm"}
        if self.name == "trifold":
            values.update(trifold_variables(width, paper))
        return values

    def folds(self, paper: str, page: int) -> tuple[float, ...]:
        """Vertical fold lines on one page (1-based), in mm from the left trim edge."""
        if self.name != "trifold":
            return ()
        flap, full, _ = trifold_panels(self.page_size(paper)[0], paper)
        # Outside (odd pages): flap | back | cover. Inside (even pages): the mirror image.
        return (flap, flap + full) if page % 2 else (full, 2 * full)


# How much narrower the fold-in flap is than the other two panels. Print shops use 3 mm on A4
# (97 / 100 / 100 mm) and 1/16 inch on Letter (3 5/8 against 3 11/16 inch); without it the flap
# buckles against the spine.
FLAP_SHORTFALL_MM = {"a4": 3.0, "letter": 25.4 / 16}


def trifold_panels(sheet_width: float, paper: str | None = None) -> tuple[float, float, float]:
    """Roll-fold panels on the outside, left to right: fold-in flap, back, cover."""
    if paper is None:
        paper = "letter" if abs(sheet_width - PAPER_MM["letter"][1]) < 0.5 else "a4"
    shortfall = FLAP_SHORTFALL_MM[paper]
    flap = round((sheet_width - 2 * shortfall) / 3, 3)
    full = round((sheet_width - flap) / 2, 3)
    return flap, full, full


def trifold_variables(sheet_width: float, paper: str | None = None) -> dict[str, str]:
    flap, full, _ = trifold_panels(sheet_width, paper)
    # Inside, the columns sit in the three panels (full, full, flap) with their gutters centred
    # on the folds: column width + gap equals one full panel, half a gap each side of a fold.
    gap = 18.0
    column = full - gap
    left = gap / 2
    right = sheet_width - left - 3 * column - 2 * gap
    return {
        "panel-flap": f"{flap}mm",
        "panel-full": f"{full}mm",
        "inside-gap": f"{gap}mm",
        "inside-column": f"{column:.3f}mm",
        "inside-left": f"{left}mm",
        "inside-right": f"{right:.3f}mm",
    }


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "flyer",
            "Portrait flyer, printed front and back",
            "flyer.html",
            "flyer.css",
            max_pages=2,
        ),
        Layout(
            "trifold",
            "Landscape roll-fold brochure, two sides of three panels",
            "trifold.html",
            "trifold.css",
            max_pages=2,
            landscape=True,
            body_pt=11.5,
        ),
        Layout(
            "a5",
            "A5 / half-letter handout, one column, up to four pages",
            "flyer.html",
            "a5.css",
            max_pages=4,
            sheet="half",
            body_pt=12.0,
        ),
        Layout(
            "booklet",
            "Saddle-stitched A5 / half-letter booklet, imposed two-up on A4 / Letter sheets",
            "booklet.html",
            "booklet.css",
            max_pages=12,
            sheet="half",
            body_pt=12.0,
            pages_multiple=4,
            impose="saddle-stitch",
        ),
        Layout(
            "poster",
            "A3 / tabloid waiting-room poster with a large booking QR code",
            "poster.html",
            "poster.css",
            max_pages=1,
            sheet="double",
            body_pt=20.0,
            safe_mm=10.0,
        ),
        Layout(
            "large-print",
            "Large print, A4 / Letter portrait, 18 pt body, 1-inch margins",
            "flyer.html",
            "large-print.css",
            max_pages=10,
            body_pt=18.0,
            min_body_pt=LARGE_PRINT_FLOOR_PT,
        ),
    )
}


def select_layouts(wanted: list[str] | None) -> list[Layout]:
    if not wanted:
        return list(LAYOUTS.values())
    unknown = [name for name in wanted if name not in LAYOUTS]
    if unknown:
        raise SelectionError(
            Problem(
                f"unknown layout {', '.join(unknown)}; choose from {', '.join(LAYOUTS)}",
                field="--layout",
            )
        )
    return [LAYOUTS[name] for name in wanted]
