"""Fill what the text leaves empty: the "questions to ask" box takes the room on the last page
(on the aftercare sheet, the self-care tips take the room under the red-flag box; on a
tri-fold without red flags, the article's picture stands at the foot of the third inside
panel, `data-fill-foot`); a box set in the flow at the end of a panel (the tri-fold's flap)
grows its lines to the panel's foot.

A layout cannot know, before it is laid out, how much of its last page or panel the article
leaves empty, and laying it out twice would double the render time. So the box is laid out
once, out of the way (absolutely positioned off the first page, `data-fill-source`), and after
layout it is moved to where it belongs (the `data-fill-slot` marker) when it fits there: the
boxes after the slot move down by its height and its ruled lines multiply to take the rest of
the room, so the contact card stands at the foot of the page. When it does not fit, it is taken
out and the page stays as the article left it. Either way one layout, and the same bytes from
the same inputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint.anchors import gather_anchors
from weasyprint.document import Document
from weasyprint.layout.absolute import AbsolutePlaceholder

MIN_GAP_PX = 6.0  # left between the box and what follows, or the foot of the page
RULED_GAP_PX = 11.0  # 3 mm: the same for a box of ruled lines (a questions box), which has room
MAX_LEAD_PX = 19.0  # 5 mm: the most put above a box that has no ruled lines to grow


def fill_slots(document: Document) -> None:
    """Move the first fill source that fits to the slot; drop the others.

    Sources come in order of preference (the questions box with the article's questions and
    lines to write on, then the questions alone; the article's picture in sizes, largest
    first), all laid out off the page. When none is placed at the end of the text, what ends
    the text (the contact card, or the sources) stands at the foot.
    """
    placed, at_end = False, False
    sources = list(find_marked(document, "data-fill-before"))  # read once: it walks every page
    for page_index, parent, placeholder in list(find_marked(document, "data-fill-source")):
        parent.children.remove(placeholder)
        for target, end in [] if placed else _targets(document, _box(placeholder)):
            level = _beside_bottom(sources, target)
            if _place(placeholder, document.pages[target[0]]._page_box, *target[1:], level):
                placed, at_end = True, end
                regather(document.pages[target[0]])
                break
        regather(document.pages[page_index])
    if not at_end:
        _end_at_foot(document)
    for page_index, parent, box in list(find_marked(document, "data-fill-grow")):
        _grow_to_foot(document.pages[page_index]._page_box, parent, box)


def _box(child: Any) -> Any:
    return child._box if isinstance(child, AbsolutePlaceholder) else child


def _end_at_foot(document: Document) -> None:
    """With no box placed, what ends the text stands at the foot of its column: the contact card
    (`data-fill-follows`), else the sources (`data-fill-before`, a booklet's), with what comes
    after it. The room the text leaves goes above it, not under the small print. Not when it is
    first in its column: a page or column of its own stays as it is."""
    found = list(find_marked(document, "data-fill-follows")) or list(
        find_marked(document, "data-fill-before")
    )
    if not found:
        return
    page_index, parent, box = found[0]
    index = parent.children.index(box)
    if not [b for b in parent.children[:index] if _same_column(b, box.position_x)]:
        return
    following = _following(parent, index, box.position_x)
    page_box = document.pages[page_index]._page_box
    room = area_bottom(page_box, parent) - _used_bottom(following, box.position_y)
    if room > 0:
        for other in following:
            other.translate(0, room)
        regather(document.pages[page_index])


def _grow_to_foot(page_box: Any, parent: Any, box: Any) -> None:
    """A box set in the flow last in its panel or page (`data-fill-grow`: the tri-fold flap's
    questions, large print's) grows its ruled lines down to the foot. One that would have
    fewer than `data-fill-min-lines` (something follows it there, or the room is short) has
    none, nor their label: a line or two to write on read as left over."""
    following = [
        other
        for other in _following(parent, parent.children.index(box) + 1, box.position_x)
        if other.margin_height() > 0
    ]
    bottom = box.position_y + box.margin_height()
    room = 0.0 if following else area_bottom(page_box, parent) - bottom - MIN_GAP_PX
    _grow_lines(box, room)
    least = int(box.element.get("data-fill-min-lines") or 0)
    if sum(_has_class(b, "line") for b in walk(box)) < least:
        dropped = _drop_lines(box)
        for other in following:
            other.translate(0, -dropped)


Target = tuple[int, Any, int, float, float]


def _targets(document: Document, box: Any) -> list[tuple[Target, bool]]:
    """Where `box` may go, best first, each with whether it is at the end of the text: a box
    goes to the end of the text (`_ends`), else the foot of an earlier page that ends short
    (`_page_feet`); a picture (`data-fill-foot`) where the text leaves the most room."""
    ends = _ends(document)
    if not ends:
        return []
    feet = _page_feet(document, ends[-1][0])
    targets = [(t, True) for t in ends] + [(t, False) for t in feet]
    if box.element.get("data-fill-foot") is not None:
        targets.sort(key=lambda target: _room(document, target[0]), reverse=True)
    return targets


def _ends(document: Document) -> list[Target]:
    """Where a box may go at the end of the text, best first: (page index, parent box, index
    among its children, x, top y).

    1. Just before what it should come before (`data-fill-before`, the sources), pushing that
       and whatever follows it in its column or page down: the text, the box, the sources. Not
       when the contact card stands in the next column of the same page: there the box goes
       above the card, as in 2, so that neither column is left half empty.
    2. Just before what follows the slot (`data-fill-follows`, the contact card), in whichever
       column or page that went to, so that the box pushes it to the foot.
    3. When that went to a page of its own (large print's contact card, kept whole with the
       small print), the end of the text on the page before: right after the slot, as with
       nothing after it.
    """
    slots = list(find_marked(document, "data-fill-slot"))
    if not slots:
        return []
    targets: list[Target] = []
    for attribute in ("data-fill-before", "data-fill-follows"):
        found = list(find_marked(document, attribute))
        if found:
            page_index, parent, box = found[0]
            index = parent.children.index(box)
            top = _top_of(parent, index, box)
            targets.append((page_index, parent, index, box.position_x, top))
    if len(targets) == 2 and _beside(targets[0], targets[1]):
        # The sources end one column and the contact card opens the next: the box goes above
        # the card, which it pushes to the foot, not into the foot of the fuller column.
        targets.pop(0)
    page_index, parent, slot = slots[-1]
    if not targets or targets[-1][0] != page_index:
        index = parent.children.index(slot) + 1
        targets.append((page_index, parent, index, slot.position_x, slot.position_y))
    return targets


def _room(document: Document, target: Target) -> float:
    """How much height the text leaves at a target, down to the foot of its page or panel."""
    page_index, parent, index, left, top = target
    used = _used_bottom(_following(parent, index, left), top)
    return area_bottom(document.pages[page_index]._page_box, parent) - used


def _following(parent: Any, index: int, left: float) -> list[Any]:
    """The boxes from `index` on among `parent`'s children, in the column at `left`."""
    return [b for b in parent.children[index:] if _same_column(b, left)]


def _used_bottom(following: list[Any], top: float) -> float:
    return float(max([top, *(b.position_y + b.margin_height() for b in following)]))


def _page_feet(document: Document, last: int) -> list[Target]:
    """The foot of each single-column page of the text (`data-fill-gap`) before page `last`
    that ends short (its next block was kept whole on the page after), the shortest page
    first: a box there fills the gap as a sidebar would, and moves nothing."""
    feet = []
    for page_index, _, text in find_marked(document, "data-fill-gap"):
        children = [c for c in text.children if getattr(c, "element_tag", None)]
        if page_index >= last or not children or len({round(c.position_x) for c in children}) > 1:
            continue
        end = children[-1].position_y + children[-1].margin_height()
        feet.append((page_index, text, len(text.children), children[-1].position_x, end))
    return sorted(feet, key=lambda target: target[4])


def _beside(one: Target, other: Target) -> bool:
    """On the same page, in different columns."""
    return one[0] == other[0] and abs(one[3] - other[3]) >= 1


def _top_of(parent: Any, index: int, box: Any) -> float:
    """Where the box before `box` in its column ends (or `box`'s own top, first in a column)."""
    before = [b for b in parent.children[:index] if _same_column(b, box.position_x)]
    if not before:
        return box.position_y
    last = before[-1]
    return last.position_y + last.margin_height()


def _same_column(box: Any, x: float) -> bool:
    return abs(box.position_x - x) < 1


def find_marked(document: Document, attribute: str) -> Iterator[tuple[int, Any, Any]]:
    """(page index, parent box, child box) for each box whose element has `attribute`."""
    for index, page in enumerate(document.pages):
        for parent in walk(page._page_box):
            for child in getattr(parent, "children", []):
                box = _box(child)
                element = getattr(box, "element", None)
                if (
                    element is not None
                    and getattr(box, "element_tag", None) is not None
                    and element.get(attribute) is not None
                ):
                    yield index, parent, child


def _beside_bottom(sources: list[tuple[int, Any, Any]], target: Target) -> float | None:
    """Where the column beside a target ends, when the sources (`data-fill-before`, found in
    the document) end it (the flyer's second page: the box goes above the contact card in the
    next column); else None."""
    page_index, _, _, left, _ = target
    for index, parent, box in sources:
        if index == page_index and not _same_column(box, left):
            after = parent.children[parent.children.index(box) + 1 :]
            if not [b for b in after if _same_column(b, box.position_x) and b.margin_height()]:
                return float(box.position_y + box.margin_height())
    return None


def _place(
    placeholder: Any,
    page_box: Any,
    parent: Any,
    index: int,
    left: float,
    top: float,
    level: float | None = None,
) -> bool:
    """Put the box at (left, top), grow its ruled lines, push what follows down to the foot;
    or, with `level`, only as far down as that (the other column's end): balanced columns,
    where a column of lines to its foot stood beside one that ended a third short."""
    box = _box(placeholder)
    following = _following(parent, index, left)
    ruled = any(_has_class(b, "line") for b in walk(box))
    gap = RULED_GAP_PX if ruled else MIN_GAP_PX
    if following:  # what opened a page lost its top margin there; under the box it has it back
        gap = max(gap, _lost_margin(following[0]))
    room = area_bottom(page_box, parent) - _used_bottom(following, top) - gap
    height = box.margin_height()
    if room < height:
        return False
    # Room above the box, so that it stands clear of the text before it: a box of lines keeps
    # up to RULED_GAP_PX before its lines grow into the rest; a box with no lines to grow (the
    # sheet's self-care tips) gets half the room it leaves, up to MAX_LEAD_PX.
    spare = room - height
    lead = min(spare, RULED_GAP_PX) if ruled else min(spare / 2, MAX_LEAD_PX)
    if box.element.get("data-fill-foot") is not None:  # a picture stands at the foot
        lead = spare
    extra = spare - lead
    if level is not None:
        extra = min(extra, level - _used_bottom(following, top) - gap - lead - height)
    grown = _grow_lines(box, extra) if ruled else 0.0
    placeholder.translate(left - box.position_x, top + lead - box.position_y)
    parent.children.insert(index, placeholder)
    shift = lead + height + grown + gap
    for other in following:
        other.translate(0, shift)
    return True


def _lost_margin(box: Any) -> float:
    """The top margin a box lost by opening its page (a margin at a page break is dropped)."""
    wanted = box.style["margin_top"]
    if getattr(wanted, "unit", None) != "px":
        return 0.0
    return max(0.0, float(wanted.value) - float(box.margin_top or 0))


def area_bottom(page_box: Any, parent: Any) -> float:
    """The foot of the room the box may take: the page area's, or that of the fixed panel
    (`data-panel`, e.g. the aftercare sheet's body above its foot) holding the slot."""
    for box in reversed(_path_to(page_box, parent)):
        element = getattr(box, "element", None)
        if element is not None and getattr(box, "element_tag", None) and element.get("data-panel"):
            return float(box.content_box_y() + box.height)
    return float(page_box.content_box_y() + page_box.height)


def _grow_lines(box: Any, extra: float) -> float:
    """Add copies of the box's last ruled line while they fit in `extra`; the height added."""
    lines = [b for b in walk(box) if _has_class(b, "line")]
    if not lines or extra <= 0:
        return 0.0
    last = lines[-1]
    pitch = last.margin_height()
    count = int(extra // pitch)
    path = _path_to(box, last)
    holder = path[-2]
    for number in range(1, count + 1):
        copy = last.copy()
        copy.translate(0, pitch * number)
        holder.children.append(copy)
    grown = pitch * count
    for ancestor in path[:-1]:  # their borders are drawn from their height
        ancestor.height += grown
    return grown


def _drop_lines(box: Any) -> float:
    """Take the ruled lines and their label out of the box; the height taken."""
    dropped = 0.0
    for part in [b for b in walk(box) if _has_class(b, "write-in") or _has_class(b, "write-label")]:
        path = _path_to(box, part)
        if not path:  # a box inside one taken out already (the label's lines)
            continue
        path[-2].children.remove(part)
        for ancestor in path[:-1]:
            ancestor.height -= part.margin_height()
        dropped += part.margin_height()
    return dropped


def _path_to(root: Any, target: Any) -> list[Any]:
    """The boxes from `root` down to `target` (through positioned boxes' placeholders)."""
    if root is target:
        return [root]
    for child in getattr(root, "children", []):
        if isinstance(child, AbsolutePlaceholder):
            child = child._box
        path = _path_to(child, target)
        if path:
            return [root, *path]
    return []


def _has_class(box: Any, name: str) -> bool:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return False
    return name in (element.get("class") or "").split()


def regather(page: Any) -> None:
    """Bookmarks, links and anchors are read from positions: read them again after moving."""
    page.bookmarks, page.links, page.anchors, page.forms = [], [], {}, {None: []}
    gather_anchors(page._page_box, page.anchors, page.links, page.bookmarks, page.forms)


def walk(box: Any) -> Iterator[Any]:
    """`box` and every box inside it, through positioned boxes' placeholders."""
    yield box
    for child in getattr(box, "children", []):
        yield from walk(_box(child))
