"""The stylesheets keep the designed geometry, however WeasyPrint is asked to lay it out.

The flyer's lead boxes (key points across the page, the red-flag box's halves side by side) and
its contact card, which ends the second column: these tests pin the design they must keep, to
a fraction of a millimetre.
"""

from __future__ import annotations

import pytest

from handouts.source.project import Project

from .conftest import pdf_words

MM = 72 / 25.4
PT = 25.4 / 72
MARGIN = 13.0  # flyer page margin, left and right
CONTENT = {"riverside": 210.0 - 2 * MARGIN, "lakeshore": 215.9 - 2 * MARGIN}


def word(words: list, text: str, page: int) -> tuple[float, float]:
    """(x0, x1) in mm of the first occurrence of `text` on `page`."""
    found = [(x0 / MM, x1 / MM) for p, x0, _, x1, _, t in words if p == page and t == text]
    assert found, f"{text!r} not on page {page}"
    return found[0]


@pytest.mark.parametrize("clinic", CONTENT)
def test_contact_card_ends_the_second_column_at_the_foot_of_page_2(
    demo_build: Project, clinic: str
) -> None:
    """The columns fill in turn; the contact card stands in the second column of page 2, its
    small print ending at the foot of the page area (the questions box takes the room above)."""
    words = pdf_words(demo_build.out_dir / clinic / "dry-needling-safety-flyer.pdf")
    column = (CONTENT[clinic] - 8) / 2
    assert word(words, "Contact", 2)[0] == pytest.approx(MARGIN + column + 8, abs=0.3)
    page_height = {"riverside": 297.0, "lakeshore": 279.4}[clinic]
    area_bottom = page_height - 14  # the flyer's bottom margin
    text_bottom = max(y1 for p, _, _, _, y1, _ in words if p == 2 and y1 / MM < area_bottom)
    assert area_bottom - text_bottom / MM < 25, "the card sits at the foot of the page"


@pytest.mark.parametrize("clinic", CONTENT)
def test_lead_boxes_run_across_the_page_and_the_red_flag_halves_share_it(
    demo_build: Project, clinic: str
) -> None:
    """Key points across the page; under them the red-flag box, its two halves of equal width
    side by side (cells of a fixed table inside the box's 2.5 pt border)."""
    words = pdf_words(demo_build.out_dir / clinic / "dry-needling-safety-flyer.pdf")
    assert word(words, "Key", 1)[0] == pytest.approx(MARGIN + (4 + 10) * PT, abs=0.3)
    border, padding = 2.5 * PT, 9 * PT
    half = (CONTENT[clinic] - 2 * border) / 2
    # Each heading follows its icon: 1.15 em wide and 0.3 em from the words (14 pt, 12.5 pt).
    urgent_icon, soon_icon = (1.15 + 0.3) * 14 * PT, (1.15 + 0.3) * 12.5 * PT
    assert word(words, "Get", 1)[0] == pytest.approx(
        MARGIN + border + padding + urgent_icon, abs=0.3
    )
    soon = MARGIN + border + half + padding + soon_icon
    calls = [x0 / MM for p, x0, _, _, _, t in words if p == 1 and t == "Call"]
    assert any(abs(x - soon) < 0.3 for x in calls), (soon, calls)  # "Call the clinic or …"
