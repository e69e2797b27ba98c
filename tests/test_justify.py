"""Vertical justification (render/justify.py), on small documents WeasyPrint lays out."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from weasyprint import HTML

from handouts.render.justify import PAGE_MAX_GAP_EM, _justify, justify_pages

MM = 96 / 25.4  # CSS pixels per millimetre
PAGE = "@page { size: 210mm 297mm; margin: 10mm; } body { margin: 0; } p, h2, ul { margin: 0; }"


def _laid_out(first_page: str, text_px: int = 16) -> Any:
    """A text of two pages (`data-justify`) set in `text_px`, the fill slot on the second,
    justified."""
    document = HTML(
        string=f"<style>{PAGE} main {{ font-size: {text_px}px; }}</style>"
        f"<main data-justify>{first_page}"
        '<p style="break-before: page; height: 50mm">the last page</p>'
        "<div data-fill-slot></div></main>"
    ).render()
    justify_pages(document)
    return document


def _tops(document: Any, page: int) -> dict[str, float]:
    """Top in mm of each block with an id on a page."""
    main = document.pages[page]._page_box.children[0].children[0].children[0]
    return {b.element.get("id"): b.position_y / MM for b in main.children if b.element.get("id")}


def test_a_short_page_reaches_its_foot_with_what_belongs_together_kept_together() -> None:
    """8 mm short: the room goes between the blocks, three times as much above a heading, none
    between a heading and its text or a lead-in and its list; the last block ends at the foot."""
    document = _laid_out(
        '<p id="a" style="height: 60mm">a</p><h2 id="h" style="height: 10mm">heading</h2>'
        '<p id="b" style="height: 60mm">b</p><p id="lead" style="height: 20mm">lead-in:</p>'
        '<ul id="list" style="height: 40mm"></ul><p id="c" style="height: 79mm">c</p>'
    )
    tops = _tops(document, 0)
    share = 8 / 5  # above the heading (3), above the lead-in (1), above c (1)
    assert tops["h"] - (tops["a"] + 60) == approx(3 * share)
    assert tops["b"] - (tops["h"] + 10) == approx(0)
    assert tops["lead"] - (tops["b"] + 60) == approx(share)
    assert tops["list"] - (tops["lead"] + 20) == approx(0)
    assert tops["c"] + 79 == approx(287)
    assert _tops(document, 1) == {}, "the last page is left as it is"


def test_a_lists_items_move_apart_a_quarter_as_much_as_paragraphs() -> None:
    """8 mm short, a list of three after its lead-in: a quarter share between its items (a long
    list that ended a page 20 mm short, the next heading moved over, now reaches the foot)."""
    document = _laid_out(
        '<p id="a" style="height: 60mm">a</p><h2 id="h" style="height: 10mm">heading</h2>'
        '<p id="b" style="height: 60mm">lead-in:</p><ul id="list">'
        + "".join(f'<li style="height: 20mm">item {n}</li>' for n in range(3))
        + '</ul><p id="c" style="height: 79mm">c</p>'
    )
    tops = _tops(document, 0)
    share = 8 / (3 + 1 + 2 * 0.25)  # above the heading, above c, between the items
    main = document.pages[0]._page_box.children[0].children[0].children[0]
    (ul,) = [b for b in main.children if b.element.get("id") == "list"]
    items = [li.position_y / MM for li in ul.children]
    assert tops["list"] == approx(tops["b"] + 60), "the lead-in keeps its list"
    assert [b - a - 20 for a, b in pairwise(items)] == [approx(share / 4)] * 2
    assert tops["c"] - (items[-1] + 20) == approx(share)
    assert tops["c"] + 79 == approx(287)


def test_beside_another_column_the_room_goes_above_headings_alone_where_it_can() -> None:
    """6 mm short, in a column beside another: the 6 mm go above the heading and the paragraph
    gaps stay as they were (they differed from the next column's, review O). 10 mm short, the
    heading alone would take too much: the paragraphs share it as on a page of one column."""
    for short, heading_gap in ((6, 6.0), (10, 3 * 10 / 5)):
        document = HTML(
            string=f"<style>{PAGE} main {{ font-size: 16px; }}</style><main data-justify>"
            '<p id="a" style="height: 60mm">a</p><h2 id="h" style="height: 10mm">heading</h2>'
            '<p id="b" style="height: 60mm">b</p><p id="c" style="height: 60mm">c</p>'
            f'<p id="d" style="height: {87 - short}mm">d</p>'
            '<p style="break-before: page; height: 50mm">the last page</p>'
            "<div data-fill-slot></div></main>"
        ).render()
        page_box = document.pages[0]._page_box
        main = page_box.children[0].children[0].children[0]
        assert _justify(page_box, [main], beside=True)
        tops = _tops(document, 0)
        assert tops["h"] - (tops["a"] + 60) == approx(heading_gap)
        paragraph_gap = 0.0 if short == 6 else 10 / 5
        assert tops["c"] - (tops["b"] + 60) == approx(paragraph_gap)
        assert tops["d"] + 87 - short == approx(287)


def test_a_page_it_cannot_fill_is_left_as_it_is() -> None:
    """Stretched and still short read as loose and unfinished at once: a page whose room would
    put more than PAGE_MAX_GAP_EM of the text's size above a heading keeps its spacing."""
    document = _laid_out(
        '<p id="a" style="height: 40mm">a</p><h2 id="h" style="height: 10mm">b</h2>'
        '<p id="b" style="height: 40mm">b</p><p id="c" style="height: 40mm">c</p>'
    )
    tops = _tops(document, 0)
    assert tops["h"] == approx(tops["a"] + 40) and tops["c"] == approx(tops["b"] + 40)
    assert approx(8.5) == PAGE_MAX_GAP_EM * 16 / MM  # a page of one column


def test_the_gap_allowed_grows_with_the_text() -> None:
    """18 mm short: 10.8 mm above the heading is too loose over 16 px text (at most 8.5 mm on a
    page of one column), not over large print's 24 px, whose lines are half as far apart again
    (at most 12.7 mm)."""
    page = (
        '<p id="a" style="height: 60mm">a</p><h2 id="h" style="height: 10mm">heading</h2>'
        '<p id="b" style="height: 60mm">b</p><p id="lead" style="height: 20mm">lead-in:</p>'
        '<ul id="list" style="height: 40mm"></ul><p id="c" style="height: 69mm">c</p>'
    )
    regular = _tops(_laid_out(page), 0)
    assert regular["h"] == approx(regular["a"] + 60)
    large = _tops(_laid_out(page, text_px=24), 0)
    assert large["h"] - (large["a"] + 60) == approx(3 * 18 / 5)
    assert large["c"] + 69 == approx(287)


def approx(value: float) -> Any:
    return pytest.approx(value, abs=0.2)


CUE = (
    '<p id="cue" data-continued style="position: absolute; left: -600mm; top: 0; width: 100%;'
    ' margin: 0; height: 6mm">Continued on the next page</p>'
)


def _cues(document: Any) -> list[tuple[int, float]]:
    """(page index, bottom in mm from the page area's top) of each cue placed on a page."""
    found = []
    for index, page in enumerate(document.pages):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            box = getattr(box, "_box", box)
            element = getattr(box, "element", None)
            block = type(box).__name__ == "BlockBox"  # not its lines, which carry its element
            if block and element is not None and element.get("id") == "cue" and box.position_x >= 0:
                found.append((index, (box.position_y + box.margin_height()) / MM - 10))
            stack.extend(getattr(box, "children", []))
    return found


def test_a_page_left_well_short_says_the_text_goes_on() -> None:
    """130 mm of a 277 mm page: too short to justify, so the cue stands at its foot; the last
    page (the fill slot's) gets none."""
    document = HTML(
        string=f"<style>{PAGE}</style>{CUE}<main data-justify>"
        '<p style="height: 40mm">a</p><h2 style="height: 10mm">b</h2>'
        '<p style="height: 40mm">b</p><p style="height: 40mm">c</p>'
        '<p style="break-before: page; height: 50mm">the last page</p>'
        "<div data-fill-slot></div></main>"
    ).render()
    justify_pages(document)
    assert _cues(document) == [(0, approx(277))]


def test_a_page_that_ends_a_little_short_has_no_cue() -> None:
    """15 mm short (too short to justify, under the 20 mm that calls for the cue)."""
    document = HTML(
        string=f"<style>{PAGE}</style>{CUE}<main data-justify>"
        '<p style="height: 60mm">a</p><h2 style="height: 10mm">b</h2><p style="height: 60mm">b</p>'
        '<p style="height: 132mm">c</p><p style="break-before: page; height: 50mm">last</p>'
        "<div data-fill-slot></div></main>"
    ).render()
    justify_pages(document)
    assert _cues(document) == []
