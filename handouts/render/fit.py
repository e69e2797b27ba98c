"""Fit: with `--fit`, content that overflows its layout is set in smaller body type, step by step.

A layout with a roomy size (the tri-fold) sets an article that fits in it a half point larger.
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


def fit_to_layout(lay_out: Callable[[float], Any], layout: Layout, fit: bool, name: str) -> Fitted:
    """Lay out at the roomy size where the layout has one and the article fits in it (the
    tri-fold's 12 pt: a short article left a band empty across its inside panels at 11.5 pt),
    else at the designed size; with `fit`, retry smaller until the content fits.

    Only an article too long for the roomy size is laid out twice; the size chosen depends on
    the inputs alone (no memory of earlier builds), so the same inputs give the same file.
    """
    roomy = layout.roomy_pt
    if roomy is not None:
        try:
            return Fitted(lay_out(roomy), roomy)
        except LayoutError:
            pass
    sizes = body_sizes(layout)
    try:
        return Fitted(lay_out(sizes[0]), sizes[0])
    except LayoutError as exc:
        if not fit or len(sizes) == 1:
            raise
        overflow = exc
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
