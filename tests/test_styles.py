"""The stylesheets keep the designed geometry, however WeasyPrint is asked to lay it out.

The flyer's lead boxes were rewritten to spare WeasyPrint work (explicit minimum sizes) and its
contact card now ends the second column; these tests pin the design they must keep, to a
fraction of a millimetre.
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
def test_lead_boxes_share_the_width_with_a_6mm_gap(demo_build: Project, clinic: str) -> None:
    """Key points and the red-flag box: equal content widths, 6 mm between the boxes."""
    words = pdf_words(demo_build.out_dir / clinic / "dry-needling-safety-flyer.pdf")
    key_points_extra = (4 + 10 + 9) * PT  # border-left, padding left and right
    get_help_extra = 2 * 2.5 * PT  # border, both sides
    share = (CONTENT[clinic] - 6 - key_points_extra - get_help_extra) / 2
    get_help_left = MARGIN + key_points_extra + share + 6
    assert word(words, "Key", 1)[0] == pytest.approx(MARGIN + (4 + 10) * PT, abs=0.3)
    # The urgent heading follows its icon: 1.15 em wide and 0.3 em from the words, at 14 pt.
    icon = (1.15 + 0.3) * 14 * PT
    assert word(words, "Get", 1)[0] == pytest.approx(get_help_left + (2.5 + 9) * PT + icon, abs=0.3)
