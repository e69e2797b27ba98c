"""Post-process PDFs: print hints written as the file is made, and pypdf for what comes after.

Viewer preferences are set through WeasyPrint's finisher hook, on the PDF objects before they
are serialised, so they cost nothing; work on finished files (merging, imposition, encryption)
uses pypdf.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pydyf

from handouts.design.layouts import Layout

Finisher = Callable[[Any, pydyf.PDF], None]


def chain(*finishers: Finisher) -> Finisher:
    """Several finishers run in order on the same PDF objects."""

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        for finisher in finishers:
            finisher(document, pdf)

    return finish


def print_hints(layout: Layout, imposed: bool = False) -> Finisher:
    """Tell viewers and printers how this document is meant to be shown and printed."""
    # A landscape brochure is turned over on its short edge; a portrait flyer on its long edge.
    # An imposed booklet's pages sit two-up on landscape sheets.
    landscape = layout.landscape or imposed
    duplex = "/DuplexFlipShortEdge" if landscape else "/DuplexFlipLongEdge"

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        pdf.catalog["ViewerPreferences"] = pydyf.Dictionary(
            {
                "DisplayDocTitle": "true",  # show the title, not the file name (PDF/UA asks this)
                "Duplex": duplex,
                "PrintScaling": "/None",  # "fit to page" would shrink the folds off their marks
            }
        )

    return finish
