"""Layouts: which template and stylesheet make each format, its pages, and its paper geometry.

Sizes are in millimetres. The tri-fold's panel widths are decided here (and only here).
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.errors import Problem, SelectionError

# A5 is used by the one-page aftercare sheet (handouts/sheet.py), not by the leaflet layouts.
PAPER_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4), "a5": (148.0, 210.0)}
PAPER_NAMES = {"a4": "A4", "letter": "US Letter", "a5": "A5"}


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    template: str
    stylesheet: str
    max_pages: int
    landscape: bool = False

    def page_size(self, paper: str) -> tuple[float, float]:
        """Trim size (width, height) in mm."""
        short, long = PAPER_MM[paper]
        return (long, short) if self.landscape else (short, long)

    def page_css(self, paper: str) -> str:
        """@page rules that depend on the paper (custom properties do not reach @page)."""
        width, height = self.page_size(paper)
        css = f"@page {{ size: {width}mm {height}mm; }}\n"
        if self.name == "trifold":
            geometry = trifold_variables(width)
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
            values.update(trifold_variables(width))
        return values


FLAP_SHORTFALL = 6.0  # mm: twice what the flap gives up, shared out to the two full panels


def trifold_panels(sheet_width: float) -> tuple[float, float, float]:
    """Roll-fold panels on the outside, left to right: fold-in flap, back, cover.

    The flap folds inside the other two, so print shops make it a little narrower
    (97 mm against 100 mm on A4) or it buckles against the spine.
    """
    flap = round((sheet_width - FLAP_SHORTFALL) / 3, 2)
    full = round((sheet_width - flap) / 2, 2)
    return flap, full, full


def trifold_variables(sheet_width: float) -> dict[str, str]:
    flap, full, _ = trifold_panels(sheet_width)
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
        "inside-column": f"{column}mm",
        "inside-left": f"{left}mm",
        "inside-right": f"{right:.2f}mm",
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
