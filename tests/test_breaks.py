"""Sentence breaks (render/breaks.py): a paragraph that goes on over a page breaks after a line
that ends a sentence, or moves whole; one that goes on into the next column breaks after a
sentence that ends within two lines of the column's foot, or where CSS would."""

from __future__ import annotations

from typing import Any

from weasyprint import HTML

from handouts.render import breaks

breaks.install()

# Lines of 31 characters in a monospaced font: the text decides where each line ends.
PAGE = (
    "@page { size: 100mm 60mm; margin: 0; } body { margin: 0; }"
    "p { margin: 0; font: 10px/20px monospace; width: 31ch; orphans: 2; widows: 2; }"
    ".filler { height: 20px; }"
)
WORDS = "aaaa bbbb cccc dddd eeee ffff"  # 29 characters: one line each


def _pages(body: str) -> list[list[str]]:
    """The lines of text on each page."""
    document = HTML(string=f"<style>{PAGE}</style>{body}").render()
    pages = []
    for page in document.pages:
        lines = [
            "".join(box.text for box in line.descendants() if hasattr(box, "text")).strip()
            for line in _line_boxes(page._page_box)
        ]
        pages.append([line for line in lines if line])
    return pages


COLUMNS = (
    "@page { size: 200mm 60mm; margin: 0; } body { margin: 0; }"
    "p { margin: 0; font: 10px/20px monospace; width: 31ch; orphans: 2; widows: 2; }"
    ".columns { columns: 2; column-gap: 0; column-fill: auto; height: 60mm }"
    ".filler { height: 20px; }"
)


def _columns(lines: list[str], filler_px: int = 20) -> list[int]:
    """How many lines of the paragraph each column holds (two columns of 11 lines)."""
    body = f'<div class="filler" style="height: {filler_px}px"></div><p>{" ".join(lines)}</p>'
    document = HTML(string=f"<style>{COLUMNS}</style><div class=columns>{body}</div>").render()
    lefts = [round(line.position_x) for line in _line_boxes(document.pages[0]._page_box)]
    return [lefts.count(left) for left in sorted(set(lefts))]


def _line_boxes(box: Any) -> list[Any]:
    if type(box).__name__ == "LineBox":
        return [box]
    return [line for child in getattr(box, "children", []) for line in _line_boxes(child)]


def test_a_paragraph_breaks_after_the_last_line_that_ends_a_sentence() -> None:
    """A page of 11 lines (60 mm at 20 px); the paragraph's first 10 lines reach the foot. The
    break goes after line 8, the last to end a sentence, not mid-sentence after line 10."""
    lines = [WORDS] * 12
    lines[7] = "aaaa bbbb cccc dddd eeee ffff."
    lines[2] = "aaaa bbbb cccc dddd eeee ffff."
    pages = _pages('<div class="filler"></div><p>' + " ".join(lines) + "</p>")
    assert pages[0][-1].endswith("ffff.") and len(pages[0]) == 8
    assert len(pages[1]) == 4


def test_a_paragraph_without_a_sentence_end_to_break_after_moves_whole() -> None:
    """Opening the next page, it breaks where WeasyPrint chooses (11 lines fit; widows keep 2
    for the third page): there is nowhere else for it to go."""
    pages = _pages('<div class="filler"></div><p>' + " ".join([WORDS] * 12) + "</p>")
    assert pages[0] == [] and len(pages[1]) == 10 and len(pages[2]) == 2


def test_the_break_keeps_the_paragraphs_orphans_on_the_page() -> None:
    """Only the first line ends a sentence: a one-line start would be an orphan, so it moves."""
    lines = [WORDS] * 12
    lines[0] = "aaaa bbbb cccc dddd eeee ffff."
    pages = _pages('<div class="filler"></div><p>' + " ".join(lines) + "</p>")
    assert pages[0] == []


def test_an_abbreviation_is_not_a_sentence_end() -> None:
    lines = [WORDS] * 12
    lines[7] = "aaaa bbbb cccc dddd eeee e.g."
    pages = _pages('<div class="filler"></div><p>' + " ".join(lines) + "</p>")
    assert pages[0] == []


def test_a_sentence_may_end_with_a_quote_or_a_citation_mark() -> None:
    lines = [WORDS] * 12
    lines[5] = "aaaa bbbb cccc dddd eeee [3]."
    lines[7] = "aaaa bbbb cccc dddd eeee ff.”"
    pages = _pages('<div class="filler"></div><p>' + " ".join(lines) + "</p>")
    assert pages[0][-1].endswith("ff.”") and len(pages[0]) == 8


def test_in_columns_a_sentence_end_near_the_foot_is_where_the_paragraph_breaks() -> None:
    """10 lines fit in the first column; line 8 ends a sentence, two lines up: it breaks there."""
    lines = [WORDS] * 14
    lines[7] = "aaaa bbbb cccc dddd eeee ffff."
    assert _columns(lines) == [8, 6]


def test_in_columns_a_paragraph_without_a_sentence_end_near_the_foot_breaks_where_css_would() -> (
    None
):
    """Line 7 ends a sentence, three lines up: breaking there (or moving the paragraph whole to
    the next column) would leave a hole beside a full column, so it breaks after line 10."""
    lines = [WORDS] * 14
    lines[6] = "aaaa bbbb cccc dddd eeee ffff."
    assert _columns(lines) == [10, 4]
    assert _columns([WORDS] * 14) == [10, 4]


def test_in_columns_the_orphans_and_widows_are_kept() -> None:
    """Three lines fit under a filler of eight; the first ends a sentence but would be an
    orphan: it breaks after the three. Two lines at the end of the paragraph stay together."""
    lines = [WORDS] * 6
    lines[0] = "aaaa bbbb cccc dddd eeee ffff."
    assert _columns(lines, filler_px=160) == [3, 3]
    assert _columns([WORDS] * 4, filler_px=160) == [2, 2]
