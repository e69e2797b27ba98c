"""Columns start level: a heading that opens a column keeps no space above it.

CSS truncates a margin at a column break (CSS Fragmentation 5.2), but WeasyPrint keeps it, so
a tri-fold panel or flyer column that opens with a heading starts a heading's margin lower than
its neighbours (about 4 mm). After layout, each column after the first is moved up by the top
margin of the box that opens it. Nothing moves down, so nothing can overflow; the fill step
(render/fill.py) runs after this and sees the final positions.

Side by side, the red-flag box's two halves (`data-level`) start their lists level: under a
title of one line and one of two, the shorter half's list and what follows it move down, when
its half has the room (its cell is as tall as the taller half). Their last lines (the numbers to
call) end level too, at the foot of the taller half.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint.document import Document

from handouts.render.fill import find_marked, regather, walk


def level_column_tops(document: Document) -> None:
    """Move up every column (after the first of its row) whose first box has a top margin."""
    for page in document.pages:
        moved = False
        for columns in _column_sets(page._page_box):
            for column in columns[1:]:
                first = column.children[0] if column.children else None
                margin = float(getattr(first, "margin_top", 0) or 0)
                if margin <= 0:
                    continue
                for child in column.children:
                    child.translate(0, -margin)
                moved = True
        if moved:
            regather(page)  # the headings' bookmarks and the links moved with them


def level_lists(document: Document) -> None:
    """In each box marked `data-level` whose parts stand side by side, the parts' first lists
    start level and their last blocks end level."""
    moved = set()
    for page_index, _, box in find_marked(document, "data-level"):
        parts = _parts(box)
        if len(parts) != 2 or abs(parts[0].position_y - parts[1].position_y) > 1:
            continue  # not side by side
        lists_moved = _level(parts)
        feet_moved = _level_feet(parts)
        if lists_moved or feet_moved:
            moved.add(page_index)
    for page_index in moved:
        regather(document.pages[page_index])  # the links moved with them


def _parts(box: Any) -> list[Any]:
    """The outermost box of each of the marked element's child elements (a table's cells, or
    plain blocks)."""
    parts: dict[int, Any] = {}
    children = {id(child) for child in box.element}
    for inner in walk(box):
        key = id(getattr(inner, "element", None))
        if key in children and key not in parts:
            parts[key] = inner
    return list(parts.values())


# How much lower one list must start for its title to move down with it: a line's difference
# (a title one line shorter), not the little a title set a size smaller leaves (the titles' first
# lines then stay level).
TITLE_LINE_PX = 10.0


def _level(parts: list[Any]) -> bool:
    """The two parts' first lists start level: the higher one, and what follows it, moves down,
    with the title right above it (a title a line shorter than the other's then ends level with
    it, over its list, rather than leave a gap between itself and its list)."""
    lists = [_first_list(part) for part in parts]
    if None in lists:
        return False
    low = max(lists, key=lambda box: float(box.position_y))
    part, first = next((p, box) for p, box in zip(parts, lists, strict=True) if box is not low)
    shift = low.position_y - first.position_y
    start = part.children.index(first)
    heading = start > 0 and getattr(part.children[start - 1], "element_tag", None) in {"h2", "h3"}
    if heading and shift >= TITLE_LINE_PX:  # a line shorter, not a size smaller
        start -= 1
    following = part.children[start:]
    bottom = max(c.position_y + c.margin_height() for c in following)
    if shift < 0.5 or bottom + shift > _taller_foot(parts):
        return False
    for child in following:
        child.translate(0, shift)
    return True


def _level_feet(parts: list[Any]) -> bool:
    """The two parts' last blocks end level: the higher one moves down to the other's foot."""
    if not all(part.children for part in parts):
        return False
    lasts = [part.children[-1] for part in parts]
    feet = [float(box.position_y + box.margin_height()) for box in lasts]
    shift = abs(feet[0] - feet[1])
    if shift < 0.5 or max(feet) > _taller_foot(parts):
        return False
    lasts[0 if feet[0] < feet[1] else 1].translate(0, shift)
    return True


def _taller_foot(parts: list[Any]) -> float:
    """How far down a part's blocks may move: the foot of the taller part (2 px of slack)."""
    return float(max(p.content_box_y() + p.height for p in parts)) + 2


def _first_list(part: Any) -> Any:
    """The first list among the part's blocks, or None."""
    return next((c for c in part.children if getattr(c, "element_tag", None) in ("ul", "ol")), None)


def _column_sets(box: Any) -> Iterator[list[Any]]:
    """The column boxes of each multi-column element (`columns:` set): the children that are
    fragments of the element itself, one per column."""
    children = getattr(box, "children", [])
    if _is_multicolumn(box):
        columns = [c for c in children if getattr(c, "element", None) is box.element]
        if len(columns) > 1:
            yield columns
    for child in children:
        yield from _column_sets(child)


def columns_of(box: Any) -> list[Any]:
    """The column boxes of a multi-column box (its fragments, one per column), or [box]."""
    if _is_multicolumn(box):
        columns = [c for c in box.children if getattr(c, "element", None) is box.element]
        if columns:
            return columns
    return [box]


def _is_multicolumn(box: Any) -> bool:
    style = getattr(box, "style", None)
    if style is None or getattr(box, "element", None) is None:
        return False
    return style["column_count"] != "auto" or style["column_width"] != "auto"
