"""Vertical justification: a page or column that ends a little short reaches its foot.

The text never breaks inside a short list or a heading's first lines, and a paragraph breaks
after a line that ends a sentence where one is near the foot (render/breaks.py), so a page of
large print or a tri-fold's inside panel ends short, the rest moved whole to the next. As a
typesetter does with "vertical justify", the room left is shared out between the blocks of the
page or column (the children of the elements marked `data-justify`): three times as much above
a heading as between paragraphs (larger paragraph gaps read as section breaks), a quarter as
much between a list's items, and none after a heading or between a lead-in and its list, so that
what belongs together stays together and the last line stands on the foot. Only when that
fills it with no gap growing past PAGE_MAX_GAP_EM of the text's size above a heading on a page
of one column, MAX_GAP_EM in a column beside another (a third of it above a paragraph; 8 and 7
mm over 11.5 pt text, 13 and 11 mm over large print's 18 pt, whose lines are as much further
apart): a page or column much shorter is left as it is (stretched and still short, it read as
loose and unfinished at once).
Not the text's last page or column (the one with the fill slot) or what follows it: the text
ends where it ends, and the questions box or the picture takes the room (render/fill.py).

A page left much shorter (CUE_ROOM_PX) says that the text goes on, when the layout has a cue
for it (`data-continued`, large print's "Continued on the next page"): a low-vision reader
takes a page that ends a quarter empty for the end of the leaflet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import pairwise
from typing import Any

from weasyprint.document import Document
from weasyprint.layout.absolute import AbsolutePlaceholder

from handouts.render.columns import columns_of
from handouts.render.fill import area_bottom, find_marked, regather

CUE_ROOM_PX = 76.0  # 20 mm: a page that ends this short says the text goes on (30 mm left
# pages 26 to 29 mm short without it beside others with it: review P)
MAX_GAP_EM = 1.75  # the most added above a heading, in the text's size (a third above a paragraph)
PAGE_MAX_GAP_EM = 2.0  # on a page of one column, whose gaps are not seen beside another's
HEADING_WEIGHT = 3.0
ITEM_WEIGHT = 0.25  # between a list's items, a quarter as much as between paragraphs
HEADINGS = {"h2", "h3"}
LISTS = {"ul", "ol"}


def justify_pages(document: Document) -> None:
    """Share the room each short page or column leaves between its blocks, before the text's
    last (the one with the fill slot)."""
    groups = _groups(document)
    end = _text_end(document, groups)
    cue = _take_cue(document)
    changed = set()
    per_page = Counter(page_index for page_index, _ in groups)
    for key, columns in sorted(groups.items()):
        if key >= end:
            break
        page_box = document.pages[key[0]]._page_box
        filled = _justify(page_box, columns, beside=per_page[key[0]] > 1)
        if filled or (cue is not None and _add_cue(page_box, columns, cue)):
            changed.add(key[0])
    for page_index in changed:
        regather(document.pages[page_index])


def most_room_before_the_end(document: Document) -> float:
    """The most room (px) a page or column before the text's last leaves at its foot: what
    justification could not fill."""
    groups = _groups(document)
    end = _text_end(document, groups)
    most = 0.0
    for key, columns in groups.items():
        blocks = [c for text in columns for c in text.children if getattr(c, "element_tag", None)]
        if key >= end or not blocks:
            continue
        foot = area_bottom(document.pages[key[0]]._page_box, columns[-1])
        last = max(blocks, key=lambda block: block.position_y)
        most = max(most, foot - _bottom(last, foot))
    return most


def _text_end(document: Document, groups: dict[tuple[int, int], list[Any]]) -> tuple[int, int]:
    """The (page index, left) of the text's last page or column: the fill slot's."""
    slots = list(find_marked(document, "data-fill-slot"))
    if slots:
        page_index, parent, _ = slots[-1]
        return (page_index, round(parent.position_x))
    return max(groups, default=(0, 0))


def _take_cue(document: Document) -> Any:
    """The cue laid out off the page (`data-continued`), taken out of it; None without one."""
    for page_index, parent, placeholder in find_marked(document, "data-continued"):
        parent.children.remove(placeholder)
        regather(document.pages[page_index])
        return placeholder
    return None


def _add_cue(page_box: Any, texts: list[Any], cue: Any) -> bool:
    """Stand a copy of the cue at the foot of a page its text leaves CUE_ROOM_PX short."""
    blocks = [c for text in texts for c in text.children if getattr(c, "element_tag", None)]
    if not blocks:
        return False
    foot = area_bottom(page_box, texts[-1])
    last = max(blocks, key=lambda block: block.position_y)
    if foot - _bottom(last, foot) < CUE_ROOM_PX:
        return False
    copy = AbsolutePlaceholder(cue._box.deepcopy())
    copy.set_laid_out_box(copy._box)
    copy.translate(
        texts[-1].content_box_x() - copy.position_x, foot - copy.margin_height() - copy.position_y
    )
    texts[-1].children.append(copy)
    return True


def _groups(document: Document) -> dict[tuple[int, int], list[Any]]:
    """The boxes whose blocks move together, by (page index, left): each column of a page set
    in columns (what stands above the columns stays: moving it would move them all), else
    everything marked on the page."""
    marked: dict[int, list[Any]] = defaultdict(list)
    for page_index, _, text in find_marked(document, "data-justify"):
        if not any(text.element is other.element for other in marked[page_index]):
            marked[page_index].append(text)  # a column box is marked too: its set is taken
    groups: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for page_index, texts in marked.items():
        sets = [columns_of(text) for text in texts]
        in_columns = [columns for columns in sets if len(columns) > 1]
        for columns in in_columns or sets:
            for column in columns:
                groups[(page_index, round(column.position_x))].append(column)
    return groups


def _justify(page_box: Any, texts: list[Any], beside: bool = False) -> bool:
    """Move the blocks of a short page or column apart until the last reaches the foot. In a
    column with another `beside` it, the room goes above its headings and between list items
    alone where that is within the limit: paragraph gaps that differ from one column to the
    next read as careless (review O); where it is not, between its paragraphs too."""
    blocks = sorted(
        (c for text in texts for c in text.children if getattr(c, "element_tag", None)),
        key=lambda block: block.position_y,
    )
    if len(blocks) < 3:
        return False
    foot = area_bottom(page_box, texts[-1])
    room = foot - _bottom(blocks[-1], foot)
    items = {id(block): _later_items(block) for block in blocks}
    limit = (MAX_GAP_EM if beside else PAGE_MAX_GAP_EM) * texts[0].style["font_size"]
    for paragraph in (0.0, 1.0) if beside else (1.0,):
        weights = [0.0, *(_weight(before, block, paragraph) for before, block in pairwise(blocks))]
        total = sum(weights) + ITEM_WEIGHT * sum(len(later) for later in items.values())
        if room > 0 and total and room / total * HEADING_WEIGHT <= limit:
            _spread(blocks, weights, items, room / total)
            return True
    return False


def _spread(
    blocks: list[Any], weights: list[float], items: dict[int, list[Any]], share: float
) -> None:
    """Move each block down by the shares above it, and a list's items apart."""
    shift = 0.0
    for block, weight in zip(blocks, weights, strict=True):
        shift += share * weight
        block.translate(0, shift)
        inner = 0.0
        for item in items[id(block)]:
            inner += share * ITEM_WEIGHT
            item.translate(0, inner)
        block.height += inner  # its bottom is read from its height
        shift += inner


def _later_items(block: Any) -> list[Any]:
    """A list's items after its first (the room between them grows too, ITEM_WEIGHT), or none."""
    if block.element_tag not in LISTS:
        return []
    return [c for c in block.children if getattr(c, "element_tag", None) == "li"][1:]


def _weight(before: Any, block: Any, paragraph: float = 1.0) -> float:
    """How many shares of the room go above `block` (`paragraph` above one that is not a
    heading)."""
    if before.element_tag in HEADINGS or (before.element_tag == "p" and block.element_tag in LISTS):
        return 0.0  # a heading and its text, a lead-in and its list, stay together
    return HEADING_WEIGHT if block.element_tag in HEADINGS else paragraph


def _bottom(box: Any, foot: float) -> float:
    """Where what is printed in `box` ends: a block split across pages runs to the foot of the
    first one, its text does not."""
    own = float(box.position_y + box.margin_height())
    children = [c for c in getattr(box, "children", []) if hasattr(c, "position_y")]
    if own < foot - 1 or not children:
        return own
    return max(_bottom(child, foot) for child in children)
