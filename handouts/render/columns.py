"""Columns start level: a heading that opens a column keeps no space above it.

CSS truncates a margin at a column break (CSS Fragmentation 5.2), but WeasyPrint keeps it, so
a tri-fold panel or flyer column that opens with a heading starts a heading's margin lower than
its neighbours (about 4 mm). After layout, each column after the first is moved up by the top
margin of the box that opens it. Nothing moves down, so nothing can overflow; the fill step
(render/fill.py) runs after this and sees the final positions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint.document import Document

from handouts.render.fill import regather


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
