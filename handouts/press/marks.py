"""Printer's marks: crop, fold and cut marks and registration targets, as PDF drawing operators.

Coordinates are PDF points with the origin at the lower-left corner of the trim. Marks sit in
the slug, outside the bleed, so they can never print on the finished piece: they start
`MARK_GAP` beyond the bleed and run `MARK_LENGTH`. Crop and cut marks are solid, fold marks
dashed (the usual convention), all 0.25 pt in registration colour so that they appear on every
plate.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4
MARK_GAP = 2.0 * MM
MARK_LENGTH = 6.0 * MM
MARK_WEIGHT = 0.25
TARGET_RADIUS = 1.75 * MM
SLUG_MARGIN = 3.0 * MM  # blank paper beyond the marks

# Registration colour: a separation named All paints on every plate (PDF 1.7, 8.6.6.4).
REGISTRATION_NAME = "/HandoutsRegistration"
REGISTRATION_SPACE = ("/Separation", "/All", "/DeviceCMYK")
REGISTRATION_TINT = {
    "FunctionType": 2,
    "Domain": [0, 1],
    "C0": [0, 0, 0, 0],
    "C1": [1, 1, 1, 1],
    "N": 1,
}


PIECE_KEY = "Handouts"  # PieceInfo entry holding each page's geometry (PDF 1.7 §14.5)


def registration_space() -> list[object]:
    """The registration colour space as plain data (names start with a slash)."""
    return [*REGISTRATION_SPACE, REGISTRATION_TINT]


def piece_info(layout: str, profile: str, sheet: Sheet, safe: float, modified: object) -> dict:
    """A page's geometry for proofs, as plain data: layout, profile, folds, cuts, safe area and
    bleed in points. `modified` is the document's own /ModDate, so the same inputs give the
    same file (see reproducible.py)."""
    private = {
        "Layout": layout,
        "Profile": profile,
        "Folds": [round(f, 3) for f in sheet.folds],
        "Cuts": [round(c, 3) for c in sheet.cuts],
        "Safe": round(safe, 3),
        "Bleed": round(sheet.bleed, 3),
    }
    return {PIECE_KEY: {"LastModified": modified, "Private": private}}


@dataclass(frozen=True)
class Sheet:
    """A trimmed piece and what a finisher does to it, in points."""

    width: float
    height: float
    bleed: float = 0.0
    folds: tuple[float, ...] = ()  # vertical folds, distance from the left trim edge
    cuts: tuple[float, ...] = ()  # vertical cuts inside the sheet (two-up)

    @property
    def mark_start(self) -> float:
        """Distance from the trim at which a mark begins."""
        return self.bleed + MARK_GAP

    @property
    def slug(self) -> float:
        """Distance from the trim to the media edge when marks are drawn."""
        return self.mark_start + MARK_LENGTH + SLUG_MARGIN


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S"


def crop_marks(sheet: Sheet) -> list[str]:
    """Eight short lines continuing the trim edges into the slug, two at each corner."""
    start, end = sheet.mark_start, sheet.mark_start + MARK_LENGTH
    ops = []
    for x, outward_x in ((0.0, -1), (sheet.width, 1)):
        for y, outward_y in ((0.0, -1), (sheet.height, 1)):
            ops.append(_line(x + outward_x * start, y, x + outward_x * end, y))
            ops.append(_line(x, y + outward_y * start, x, y + outward_y * end))
    return ops


def vertical_marks(sheet: Sheet, positions: tuple[float, ...]) -> list[str]:
    """Marks above and below the sheet at each x position (folds or cuts)."""
    start, end = sheet.mark_start, sheet.mark_start + MARK_LENGTH
    ops = []
    for x in positions:
        ops.append(_line(x, sheet.height + start, x, sheet.height + end))
        ops.append(_line(x, -start, x, -end))
    return ops


def _circle(cx: float, cy: float, r: float) -> str:
    k = 0.5523 * r  # control point distance for a Bézier quarter circle
    return (
        f"{cx + r:.3f} {cy:.3f} m "
        f"{cx + r:.3f} {cy + k:.3f} {cx + k:.3f} {cy + r:.3f} {cx:.3f} {cy + r:.3f} c "
        f"{cx - k:.3f} {cy + r:.3f} {cx - r:.3f} {cy + k:.3f} {cx - r:.3f} {cy:.3f} c "
        f"{cx - r:.3f} {cy - k:.3f} {cx - k:.3f} {cy - r:.3f} {cx:.3f} {cy - r:.3f} c "
        f"{cx + k:.3f} {cy - r:.3f} {cx + r:.3f} {cy - k:.3f} {cx + r:.3f} {cy:.3f} c S"
    )


def registration_targets(sheet: Sheet) -> list[str]:
    """A circle and cross centred in the slug on each side, clear of fold and cut marks."""
    middle = sheet.mark_start + MARK_LENGTH / 2
    busy = (*sheet.folds, *sheet.cuts)
    x = sheet.width / 2
    if any(abs(x - b) < 4 * TARGET_RADIUS for b in busy):
        x = sheet.width / 4
    centres = [
        (x, sheet.height + middle),
        (x, -middle),
        (-middle, sheet.height / 2),
        (sheet.width + middle, sheet.height / 2),
    ]
    arm = TARGET_RADIUS * 1.6
    ops = []
    for cx, cy in centres:
        ops.append(_circle(cx, cy, TARGET_RADIUS))
        ops.append(_line(cx - arm, cy, cx + arm, cy))
        ops.append(_line(cx, cy - arm, cx, cy + arm))
    return ops


def mark_ops(sheet: Sheet, registration: bool = True, targets: bool = True) -> bytes:
    """Every mark for the sheet, in its own graphics state.

    With `registration`, the page's resources must name REGISTRATION_NAME as a colour space
    (see `registration_space`); otherwise marks are drawn in plain black.
    """
    colour = f"{REGISTRATION_NAME} CS 1 SCN" if registration else "0 G"
    ops = ["q", f"{MARK_WEIGHT} w 0 J [] 0 d {colour}"]
    ops += crop_marks(sheet)
    ops += vertical_marks(sheet, sheet.cuts)
    if targets:
        ops += registration_targets(sheet)
    if sheet.folds:
        ops.append(f"[{3 * MM:.3f} {1.5 * MM:.3f}] 0 d")
        ops += vertical_marks(sheet, sheet.folds)
    ops.append("Q")
    return ("\n" + "\n".join(ops) + "\n").encode()


def office_cut_ops(sheet: Sheet, length: float = 8 * MM) -> bytes:
    """Cut marks inside an office sheet (no slug): ticks at each cut, top and bottom.

    Office printers leave 4–5 mm unprinted at the edges, so the ticks run 8 mm in from the
    edge, in the page margins of the pieces either side.
    """
    ops = ["q", f"{MARK_WEIGHT * 2} w 0 J [] 0 d 0 G"]
    for x in sheet.cuts:
        ops.append(_line(x, sheet.height, x, sheet.height - length))
        ops.append(_line(x, 0, x, length))
    ops.append("Q")
    return ("\n" + "\n".join(ops) + "\n").encode()
