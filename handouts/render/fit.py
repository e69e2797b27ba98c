"""Fit: with `--fit`, content that overflows its layout is set in smaller body type, step by step.

The body shrinks in half-point steps from the layout's designed size down to its floor: 11 pt
for ordinary leaflets (RNIB Clear Print asks 12 pt; 11 pt is the least we print) and 16 pt for
large print (the lower bound health.gov gives for older readers). Headings, boxes and the
small print keep their sizes. What was done is reported; if even the floor does not fit, the
build fails with the overflow measured at the floor.
"""

from __future__ import annotations

from collections.abc import Callable
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
    """Lay out at the designed size; with `fit`, retry smaller until the content fits."""
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
