"""Fit: with `--fit`, content that overflows its layout is set in smaller body type, step by step.

A layout with a roomy size sets an article that fits in it larger: the tri-fold a half point,
a short article's flyer a point or a point and a half (when at its designed size it ends short).
The body shrinks in half-point steps from the layout's designed size down to its floor: 11 pt
for ordinary leaflets (RNIB Clear Print asks 12 pt; 11 pt is the least we print) and 16 pt for
large print (the lower bound health.gov gives for older readers). Headings, boxes and the
small print keep their sizes. What was done is reported; if even the floor does not fit, the
build fails with the overflow measured at the floor.

A booklet is also padded here with pages to write on, to a multiple of four pages.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from handouts.design.layouts import Layout
from handouts.errors import LayoutError, Problem

STEP_PT = 0.5


@dataclass(frozen=True)
class Slack:
    """What a laid-out document leaves unused: the room at the foot of its last page (mm), and
    whether it is otherwise whole (its questions box not cut down, no earlier page or column
    left well short)."""

    room_mm: float
    whole: bool


@dataclass(frozen=True)
class Fitted:
    document: Any  # a laid-out WeasyPrint Document
    body_pt: float
    notes: tuple[str, ...] = ()


def body_sizes(layout: Layout) -> list[float]:
    """The designed size, then every half point down to the floor."""
    sizes = [layout.body_pt]
    while sizes[-1] - STEP_PT >= layout.min_body_pt - 1e-9:
        sizes.append(round(sizes[-1] - STEP_PT, 2))
    return sizes


def fit_to_layout(
    lay_out: Callable[[float], Any],
    layout: Layout,
    fit: bool,
    name: str,
    slack: Callable[[Any], Slack] = lambda document: Slack(0.0, True),
) -> Fitted:
    """Lay out at a roomy size where the layout has one and the article fits in it, else at the
    designed size; with `fit`, retry smaller until the content fits.

    The tri-fold tries its roomy 12 pt first (a short article left a band empty across its
    inside panels at 11.5 pt): only an article too long for it is laid out twice. A layout with
    `roomy_when_short_mm` (the flyer) is laid out at its designed size first, and only when
    that leaves its last page so short (`slack`) are its roomy sizes tried, largest first: one
    is kept when it fits whole (its questions box not cut down, no column left short: a larger
    size that moves the gap from page 2 to page 1 is no better). The size chosen depends on
    the inputs alone (no memory of earlier builds), so the same inputs give the same file.
    """
    if layout.roomy_when_short_mm is None:
        for roomy in layout.roomy_pt:
            try:
                return Fitted(lay_out(roomy), roomy)
            except LayoutError:
                pass
    sizes = body_sizes(layout)
    try:
        designed = lay_out(sizes[0])
    except LayoutError as exc:
        if not fit or len(sizes) == 1:
            raise
        return _shrink(lay_out, sizes, exc, name)
    return _roomier(lay_out, layout, slack, designed) or Fitted(designed, sizes[0])


def _shrink(
    lay_out: Callable[[float], Any], sizes: list[float], overflow: LayoutError, name: str
) -> Fitted:
    """--fit: the largest size below the designed one that fits; else the overflow at the
    floor."""
    for size in sizes[1:]:
        try:
            document = lay_out(size)
        except LayoutError as exc:
            overflow = exc
            continue
        note = f"{name}: --fit set the body in {size:g} pt instead of {sizes[0]:g} pt to fit"
        return Fitted(document, size, (note,))
    floor = Problem(
        f"--fit could not make it fit: body type is at its floor of {sizes[-1]:g} pt "
        f"(designed {sizes[0]:g} pt); shorten the article",
        field=name,
    )
    raise LayoutError([*overflow.problems, floor])


def _roomier(
    lay_out: Callable[[float], Any],
    layout: Layout,
    slack: Callable[[Any], Slack],
    designed: Any,
) -> Fitted | None:
    """The largest roomy size that fits whole, when the designed size leaves the last page
    `roomy_when_short_mm` short; else None."""
    short = layout.roomy_when_short_mm
    if short is None or slack(designed).room_mm < short:
        return None
    for roomy in layout.roomy_pt:
        try:
            document = lay_out(roomy)
        except LayoutError:
            continue
        if slack(document).whole:
            return Fitted(document, roomy)
    return None


# Pad pages the last booklet with the same key needed, by key (this process only).
_PAD_PAGES: dict[Hashable, int] = {}


def pad_to_multiple(
    lay_out: Callable[[int], Any], multiple: int, remember: Hashable | None = None
) -> Any:
    """Lay out once; if the page count is not a multiple, again with that many pad pages.

    Pad pages (questions, goals, a diary, appointments) come after the content, each on its
    own page, so a layout with n of them tells how many the content needs as well as one
    without: the first layout tries the number the last booklet with the same `remember` key
    needed (another clinic's copy of the article) and, when that was right, is the only layout.
    A wrong guess costs what no guess costs.
    """
    guess = _PAD_PAGES.get(remember, 0) if multiple > 1 else 0
    document = lay_out(guess)
    missing = -(len(document.pages) - guess) % multiple if multiple > 1 else 0
    if remember is not None and multiple > 1:
        _PAD_PAGES[remember] = missing
    if missing == guess:
        return document
    padded = lay_out(missing)
    if len(padded.pages) % multiple:
        raise LayoutError(
            Problem(f"booklet has {len(padded.pages)} pages after padding, not a multiple of 4")
        )
    return padded
