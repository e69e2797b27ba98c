"""Sentence breaks: a paragraph that goes on over a page or column breaks after a sentence.

CSS lets a paragraph break between any two of its lines (`orphans` and `widows` only count
them), so a page can end in the middle of a sentence ("1 in 100 treatments" at the foot, the
rest overleaf), and a patient who turns the page mid-warning may not read on. A typesetter
breaks such a paragraph where a sentence ends. WeasyPrint has no such rule, so `install` wraps
the two places where it chooses the line a paragraph breaks after, and moves that line up to
the last one that ends a sentence, keeping `orphans` lines on the page.

- Over a page (one column of text: the A5, the booklet, large print), a paragraph without
  such a line moves to the next page whole, as `break-inside: avoid` would move it (unless it
  opens the page: then it breaks where WeasyPrint chose, so that the layout can go on).
  Vertical justification (render/justify.py) shares out the room it leaves.
- In columns (the flyer, the tri-fold), where the eye goes on to the next column, the sentence
  break may give up at most SENTENCE_REACH lines of room; otherwise the paragraph breaks where
  CSS would, `orphans` and `widows` kept. Moved whole, a paragraph left holes of three and
  four lines beside a full column (a flyer set roomy ended the left column of its first page
  25 to 40 mm short of the right), which look more careless than a sentence that goes on.

Only paragraphs whose stylesheet lets them break are concerned; a layout keeps its
paragraphs whole with `break-inside: avoid`.
"""

from __future__ import annotations

import re
from typing import Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout import block

# A sentence ends with . ? or ! and maybe a closing quote, bracket or citation mark after it.
SENTENCE_END = re.compile(r"[.?!][\"”’)\]]*$")
# Words that end with a full stop without ending a sentence.
ABBREVIATIONS = frozenset(
    {
        "e.g.",
        "i.e.",
        "etc.",
        "dr.",
        "mr.",
        "mrs.",
        "ms.",
        "st.",
        "vs.",
        "approx.",
        "no.",
        "fig.",
        "al.",
    }
)

# In columns, the most lines of room a sentence break may leave unused at a column's foot:
# further up, the paragraph breaks where CSS would (a hole of three lines looks careless).
SENTENCE_REACH = 2

_installed = False


def install() -> None:
    """Make WeasyPrint break paragraphs after a sentence (once per process)."""
    global _installed
    if _installed:
        return
    block._break_line = _wrap_break_line(block._break_line)
    block.find_earlier_page_break = _wrap_earlier_break(block.find_earlier_page_break)
    _installed = True


def ends_sentence(line: Any) -> bool:
    """Whether a laid-out line's text ends a sentence."""
    text = "".join(
        box.text for box in line.descendants() if isinstance(box, boxes.TextBox)
    ).rstrip()
    if not SENTENCE_END.search(text):
        return False
    last_word = text.rsplit(None, 1)[-1].lower().strip('"“”’([')
    return last_word not in ABBREVIATIONS


def sentence_break(
    lines: list[Any], keep: int, orphans: int, reach: int | None = None
) -> int | None:
    """How many of `lines` to keep on the page: at most `keep`, at least `orphans` (and, with
    `reach`, no fewer than `keep - reach`), the last one ending a sentence; None when no line
    between them does."""
    lowest = orphans if reach is None else max(orphans, keep - reach)
    for count in range(keep, lowest - 1, -1):
        if count > 0 and ends_sentence(lines[count - 1]):
            return count
    return None


def _wrap_break_line(original: Any) -> Any:
    def _break_line(
        context: Any,
        box: Any,
        line: Any,
        new_children: list[Any],
        needed: int,
        page_is_empty: bool,
        *rest: Any,
    ) -> Any:
        keep = len(new_children) - needed
        columns = context.in_column
        reach = SENTENCE_REACH if columns else None
        count = sentence_break(new_children, keep, box.style["orphans"], reach)
        if count is not None:
            needed = len(new_children) - count
        elif not columns and not page_is_empty:
            needed = len(new_children) + 1  # more than there are: WeasyPrint moves the box
        return original(context, box, line, new_children, needed, page_is_empty, *rest)

    return _break_line


def _wrap_earlier_break(original: Any) -> Any:
    def find_earlier_page_break(
        context: Any, children: list[Any], absolute_boxes: Any, fixed_boxes: Any
    ) -> Any:
        if not children or not isinstance(children[0], boxes.LineBox):
            return original(context, children, absolute_boxes, fixed_boxes)
        style = children[0].style
        columns = context.in_column
        reach = SENTENCE_REACH if columns else None
        count = sentence_break(children, len(children) - style["widows"], style["orphans"], reach)
        if count is None:
            return original(context, children, absolute_boxes, fixed_boxes) if columns else None
        kept = children[:count]
        block.remove_placeholders(context, children[count:], absolute_boxes, fixed_boxes)
        return kept, {0: kept[-1].resume_at}

    return find_earlier_page_break
