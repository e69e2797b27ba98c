"""Filling what the text leaves empty (render/fill.py), on small documents WeasyPrint lays out."""

from __future__ import annotations

from typing import Any

from weasyprint import HTML

from handouts.render.fill import fill_slots

MM = 96 / 25.4  # CSS pixels per millimetre

PAGE = "@page { size: 210mm 297mm; margin: 10mm; } body { margin: 0; } p { margin: 0; }"
BOX = (
    '<section class="questions" data-fill-source style="position: absolute; left: -600mm;'
    ' top: 0; width: 150mm; margin: 0"><h2 style="margin: 0; height: 10mm">Questions</h2>'
    '<div class="write-in"><div class="line" style="height: 8mm"></div>'
    '<div class="line" style="height: 8mm"></div></div></section>'
)


def _lay_out(body: str) -> Any:
    return HTML(string=f"<style>{PAGE}</style>{BOX}{body}").render()


def _box_place(document: Any) -> tuple[int, float] | None:
    """(page index, top in mm) of the questions box, once it is placed."""
    for index, page in enumerate(document.pages):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            placed = element is not None and element.get("class") == "questions"
            if placed and box.position_x >= 0:
                return index, box.position_y / MM
            stack.extend(getattr(box, "children", []))
    return None


def test_the_box_fills_an_earlier_pages_foot_when_the_end_has_no_room() -> None:
    """The text's last page is full, an earlier one ends short: the box goes to that page's
    foot, under its text (target 4: `data-fill-gap`)."""
    document = _lay_out(
        '<main data-fill-gap><p style="height: 100mm">a short page</p>'
        '<p style="break-before: page; height: 265mm">a full page</p>'
        "<div data-fill-slot></div></main>"
    )
    fill_slots(document)
    place = _box_place(document)
    assert place is not None and place[0] == 0, "on the first page"
    assert place[1] > 10 + 100, "under its text"


def test_the_box_goes_to_the_end_of_the_text_when_there_is_room() -> None:
    document = _lay_out(
        '<main data-fill-gap><p style="height: 100mm">a short page</p>'
        '<p style="break-before: page; height: 100mm">the last page</p>'
        "<div data-fill-slot></div></main>"
    )
    fill_slots(document)
    place = _box_place(document)
    assert place is not None and place[0] == 1, "on the last page"
    assert place[1] > 10 + 100, "under its text"


def test_without_a_gap_to_fill_the_box_is_left_out() -> None:
    document = _lay_out(
        '<main><p style="height: 100mm">a short page</p>'
        '<p style="break-before: page; height: 265mm">a full page</p>'
        "<div data-fill-slot></div></main>"
    )
    fill_slots(document)
    assert _box_place(document) is None
