"""Layouts: which template and stylesheet make each format, its pages, and its paper geometry.

Sizes are in millimetres. The clinic's paper (A4 or US Letter) picks the family: a layout asks
for the half, full or double sheet of that family (A5 / A4 / A3, half-letter / Letter /
tabloid). The tri-fold's panel widths and every layout's body type size are decided here (and
only here).
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.errors import refuse_unknown

# The paper families a clinic prints on.
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}
# Single pages a document may be set on whatever the clinic's family (an aftercare sheet's
# --size): (width, height) in mm, and their names.
PAGE_SIZES_MM = {**PAPER_MM, "a5": (148.0, 210.0)}
PAGE_SIZE_NAMES = {**PAPER_NAMES, "a5": "A5"}

# The sheets of each paper family, (short edge, long edge) in mm, and what print shops call them.
SHEETS_MM = {
    "a4": {"half": (148.0, 210.0), "full": (210.0, 297.0), "double": (297.0, 420.0)},
    "letter": {"half": (139.7, 215.9), "full": (215.9, 279.4), "double": (279.4, 431.8)},
}
SHEET_NAMES = {
    "a4": {"half": "A5", "full": "A4", "double": "A3"},
    "letter": {"half": "half-letter", "full": "US Letter", "double": "tabloid"},
}

BODY_FLOOR_PT = 11.0  # RNIB Clear Print asks 12 pt; --fit may go to 11 pt and never below
LARGE_PRINT_FLOOR_PT = 18.0  # large print sets nothing below 18 pt (APH), so --fit keeps it


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
    # Larger body sizes, largest first, set instead when the article fits in one (render/fit.py):
    # tried before the designed size (None), or only when the designed size leaves the last
    # page this many mm short (a short article's flyer ended its page-2 columns a fifth empty).
    roomy_pt: tuple[float, ...] = ()
    roomy_when_short_mm: float | None = None
    min_body_pt: float = BODY_FLOOR_PT  # the floor --fit may shrink the body to
    safe_mm: float = 5.0  # keep text this far inside the trim (print-shop safe area)
    pages_multiple: int = 1  # a saddle-stitched booklet needs a multiple of four pages
    impose: str | None = None  # how pages go onto sheets after rendering ("saddle-stitch")
    roll_fold: bool = False  # three panels, the fold-in flap narrower (the tri-fold)
    help_first: bool = False  # the red-flag box before the key points, whole on page 1
    plain_masthead: bool = False  # the title without the summary, which follows the red flags
    qr_may_open_leaflet: bool = False  # the QR may open the leaflet (clinic `qr:`), not booking
    justify_pages: bool = False  # a page that ends short shares its room between its blocks
    questions_by_contact: bool = False  # the questions box whole, in the flow after the sources
    booking_by_hours: bool = False  # the booking code beside the opening hours in the contact card
    continued_cue: bool = False  # a page that ends well short says "Continued on the next page"
    offers_large_print: bool = False  # the small print offers the leaflet in large print

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

    def geometry(self, paper: str, size: str | None = None) -> Geometry:
        """This layout's pages on the clinic's paper, or on one named page size (`size`)."""
        width, height = PAGE_SIZES_MM[size] if size else self.page_size(paper)
        return Geometry(self, paper, width, height, size)


@dataclass(frozen=True)
class Geometry:
    """One document's pages, worked out once per job: trim size and folds in mm.

    The paper family decides the tri-fold's flap allowance; bleed and marks belong to the
    output profile and are added by the press (press/finish.py).
    """

    layout: Layout
    paper: str  # the clinic's paper family, a4 or letter
    width: float
    height: float
    size: str | None = None  # a named page size chosen instead of the layout's (a5)

    @property
    def page(self) -> str:
        """The page's name in class names: the size asked for, else the paper family."""
        return self.size or self.paper

    @property
    def safe_mm(self) -> float:
        return self.layout.safe_mm

    def page_css(self) -> str:
        """@page rules that depend on the paper (custom properties do not reach @page)."""
        css = f"@page {{ size: {self.width}mm {self.height}mm; }}\n"
        if self.layout.roll_fold:
            panels = trifold_variables(self.width, self.paper)
            css += (
                f"@page inside {{ margin: 11mm {panels['inside-right']} 11mm "
                f"{panels['inside-left']}; }}\n"
            )
        return css

    def variables(self) -> dict[str, str]:
        """Geometry handed to the stylesheet as CSS custom properties."""
        values = {"page-width": f"{self.width}mm", "page-height": f"{self.height}mm"}
        if self.layout.roll_fold:
            values.update(trifold_variables(self.width, self.paper))
        return values

    def folds(self, page: int) -> tuple[float, ...]:
        """Vertical fold lines on one page (1-based), in mm from the left trim edge."""
        if not self.layout.roll_fold:
            return ()
        flap, full, _ = trifold_panels(self.width, self.paper)
        # Outside (odd pages): flap | back | cover. Inside (even pages): the mirror image.
        return (flap, flap + full) if page % 2 else (full, 2 * full)


# How much narrower the fold-in flap is than the other two panels. Print shops use 3 mm on A4
# (97 / 100 / 100 mm) and 1/16 inch on Letter (3 5/8 against 3 11/16 inch); without it the flap
# buckles against the spine.
FLAP_SHORTFALL_MM = {"a4": 3.0, "letter": 25.4 / 16}


# How far the cover's colour wraps round the fold onto the back panel: a fold a little off the
# line then leaves no white edge on the cover (print shops ask for 1 to 1.5 mm). The back
# panel's text keeps 9 mm from the fold, clear of it.
FOLD_WRAP_MM = 1.0


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
    # Inside, the columns sit in the three panels (full, full, flap), 9 mm from the sheet's left
    # and right edges and at least 8 mm from each fold. The flap is the narrowest panel, so it
    # sets the column width (its 9 mm margin and 8 mm from the fold); the gaps take the rest.
    # (Columns one full panel apart left the flap's text 6 mm from the edge.)
    left = right = 9.0
    column = flap - left - 8.0
    gap = (sheet_width - left - right - 3 * column) / 2
    return {
        "panel-flap": f"{flap}mm",
        "panel-full": f"{full}mm",
        "fold-wrap": f"{FOLD_WRAP_MM}mm",
        "inside-gap": f"{gap:.3f}mm",
        "inside-column": f"{column:.3f}mm",
        "inside-left": f"{left}mm",
        "inside-right": f"{right}mm",
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
            roomy_pt=(13.5, 13.0),
            roomy_when_short_mm=40.0,
            justify_pages=True,
            offers_large_print=True,
        ),
        Layout(
            "trifold",
            "Landscape roll-fold brochure, two sides of three panels",
            "trifold.html",
            "trifold.css",
            max_pages=2,
            landscape=True,
            body_pt=11.5,
            roomy_pt=(12.0,),
            roll_fold=True,
            justify_pages=True,
        ),
        Layout(
            "a5",
            "A5 / half-letter handout, one column, up to four pages",
            "flyer.html",
            "a5.css",
            max_pages=4,
            sheet="half",
            body_pt=12.0,
            help_first=True,
            justify_pages=True,
            booking_by_hours=True,
            offers_large_print=True,
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
            justify_pages=True,
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
            qr_may_open_leaflet=True,
            offers_large_print=True,
        ),
        Layout(
            "large-print",
            "Large print, A4 / Letter portrait, 18 pt body, 1-inch margins",
            "flyer.html",
            "large-print.css",
            max_pages=10,
            body_pt=18.0,
            min_body_pt=LARGE_PRINT_FLOOR_PT,
            help_first=True,
            plain_masthead=True,
            justify_pages=True,
            questions_by_contact=True,
            booking_by_hours=True,
            continued_cue=True,
        ),
    )
}


def select_layouts(wanted: list[str] | None) -> list[Layout]:
    if not wanted:
        return list(LAYOUTS.values())
    refuse_unknown(wanted, LAYOUTS, "--layout", "layout")
    return [LAYOUTS[name] for name in wanted]
