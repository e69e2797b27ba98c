"""Sentence breaks (render/breaks.py): a paragraph that goes on over a page breaks after a line
that ends a sentence, or moves whole."""

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
