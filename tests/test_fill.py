"""Filling what the text leaves empty (render/fill.py), on small documents WeasyPrint lays out."""

from __future__ import annotations

from typing import Any

import pytest
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


def _two_pages(last_page_mm: int, gap: bool = True) -> Any:
    """A page of 100 mm of text, then a page of `last_page_mm`, the slot at the end, laid out
    and filled."""
    document = _lay_out(
        f'<main{" data-fill-gap" if gap else ""}><p style="height: 100mm">a short page</p>'
        f'<p style="break-before: page; height: {last_page_mm}mm">the last page</p>'
        "<div data-fill-slot></div></main>"
    )
    fill_slots(document)
    return document


@pytest.mark.parametrize(
    ("last_page_mm", "page"),
    [
        (100, 1),  # room at the end of the text: there
        (265, 0),  # the last page full: the foot of the short one (target 4, `data-fill-gap`)
    ],
)
def test_the_box_goes_where_the_text_leaves_room(last_page_mm: int, page: int) -> None:
    place = _box_place(_two_pages(last_page_mm))
    assert place is not None and place[0] == page
    assert place[1] > 10 + 100, "under the page's text"


def test_without_a_gap_to_fill_the_box_is_left_out() -> None:
    assert _box_place(_two_pages(265, gap=False)) is None


def _top_of(document: Any, page: int, name: str) -> float | None:
    """Top in mm of the placed element with class `name` on a page."""
    stack = [document.pages[page]._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and element.get("class") == name and box.position_x >= 0:
            return float(box.position_y / MM)
        stack.extend(getattr(box, "children", []))
    return None


@pytest.mark.parametrize("picture_mm", [40, 80])
def test_a_picture_stands_at_the_foot_of_the_page_with_the_most_room(picture_mm: int) -> None:
    """A picture (`data-fill-foot`) goes where the text leaves the most room, not to the end of
    the text first (a booklet's third page ended a third empty while the picture went under
    the text on the fourth), and stands at the foot; the sources that end the text still stand
    at the foot of theirs."""
    picture = (
        '<figure class="picture" data-fill-source data-fill-foot style="position: absolute;'
        f' left: -600mm; top: 0; width: 60mm; height: {picture_mm}mm; margin: 0"></figure>'
    )
    document = HTML(
        string=f"<style>{PAGE}</style>{picture}"
        '<main data-fill-gap><p style="height: 150mm">a short page</p>'
        '<p style="break-before: page; height: 200mm">the last page</p>'
        '<div class="sources" data-fill-before style="height: 20mm">sources</div>'
        "<div data-fill-slot></div></main>"
    ).render()
    fill_slots(document)
    top = _top_of(document, 0, "picture")
    assert top is not None, "on the first page, which has the most room"
    assert abs(top + picture_mm - 287) < 3, "at the page's foot"
    sources = _top_of(document, 1, "sources")
    assert sources is not None and abs(sources + 20 - 287) < 1, "the sources at their foot"


def _grown(text_mm: int, after: str = "") -> tuple[int, float, float | None]:
    """A page of `text_mm` of text, then a box in the flow with one ruled line that grows to
    the foot, four lines at least (large print's questions box), then `after`: the box's lines,
    its height and the top of what follows it (mm from the page area's top)."""
    document = HTML(
        string=f"<style>{PAGE} .line {{ height: 10mm }}</style>"
        f'<main><p style="height: {text_mm}mm">text</p>'
        '<section class="questions" data-fill-grow data-fill-min-lines="4">'
        '<h2 style="margin: 0; height: 10mm">Questions</h2>'
        '<p class="write-label" style="height: 5mm">Your own questions</p>'
        f'<div class="write-in"><div class="line"></div></div></section>{after}</main>'
    ).render()
    fill_slots(document)
    main = document.pages[0]._page_box.children[0].children[0].children[0]
    box = next(b for b in main.children if b.element.get("class") == "questions")
    lines = sum(1 for b in _all(box) if b.element_tag == "div" and b.element.get("class") == "line")
    card = next((b for b in main.children if b.element.get("id") == "card"), None)
    after_top = None if card is None else (card.position_y - main.position_y) / MM
    return lines, box.height / MM, after_top


def _all(box: Any) -> list[Any]:
    return [box, *(b for child in getattr(box, "children", []) for b in _all(child))]


def test_a_box_in_the_flow_grows_its_lines_to_the_foot() -> None:
    """277 mm of page: 200 mm of text, the box's heading and label 15 mm, room for 6 lines of
    10 mm (less the 1.6 mm kept clear of the foot)."""
    lines, height, _ = _grown(200)
    assert lines == 6 and height == pytest.approx(75, abs=0.1)


def test_a_box_with_room_for_fewer_lines_than_its_least_has_none() -> None:
    """Room for 2 lines: no lines and no label for them, the questions alone."""
    lines, height, _ = _grown(240)
    assert lines == 0 and height == pytest.approx(10, abs=0.1)


def test_a_box_with_something_after_it_on_the_page_has_no_lines_and_that_moves_up() -> None:
    lines, height, card_top = _grown(100, after='<p id="card" style="height: 20mm">card</p>')
    assert lines == 0 and card_top == pytest.approx(100 + height, abs=0.1)
