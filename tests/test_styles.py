"""The stylesheets keep the designed geometry, however WeasyPrint is asked to lay it out.

The flyer's contact card and lead boxes were rewritten to spare WeasyPrint work (tables instead
of nested flex boxes, explicit minimum sizes); these tests pin the design they must keep: text
where the flex layout put it, to a fraction of a millimetre.
"""

from __future__ import annotations

import pytest

from handouts.source.project import Project

from .conftest import pdf_words

MM = 72 / 25.4
PT = 25.4 / 72
MARGIN = 13.0  # flyer page margin, left and right
CONTENT = {"riverside": 210.0 - 2 * MARGIN, "lakeshore": 215.9 - 2 * MARGIN}
URL = {"riverside": "riversidephysio.example/book", "lakeshore": "lakeshorept.example/appointments"}


def word(words: list, text: str, page: int) -> tuple[float, float]:
    """(x0, x1) in mm of the first occurrence of `text` on `page`."""
    found = [(x0 / MM, x1 / MM) for p, x0, _, x1, _, t in words if p == page and t == text]
    assert found, f"{text!r} not on page {page}"
    return found[0]


@pytest.mark.parametrize("clinic", CONTENT)
def test_contact_card_splits_its_width_as_designed(demo_build: Project, clinic: str) -> None:
    """Booking code as wide as its caption's longest line at the right; the rest split
    1.4 : 1 between the details and the opening hours, 8 mm apart."""
    words = pdf_words(demo_build.out_dir / clinic / "dry-needling-safety-flyer.pdf")
    url_x0, url_x1 = word(words, URL[clinic], 2)
    scan_x0, _ = word(words, "Scan", 2)
    _, online_x1 = word(words, "online", 2)
    booking = max(25.0, url_x1 - url_x0, online_x1 - scan_x0)
    right = MARGIN + CONTENT[clinic]
    for x0, x1 in ((url_x0, url_x1), (scan_x0, online_x1)):  # caption lines, centred
        assert (x0 + x1) / 2 == pytest.approx(right - booking / 2, abs=0.3)
    details = CONTENT[clinic] - 8 - booking
    assert word(words, "Contact", 2)[0] == pytest.approx(MARGIN, abs=0.3)
    hours = MARGIN + (details - 8) * 1.4 / 2.4 + 8
    assert word(words, "Opening", 2)[0] == pytest.approx(hours, abs=0.3)


@pytest.mark.parametrize("clinic", CONTENT)
def test_lead_boxes_share_the_width_with_a_6mm_gap(demo_build: Project, clinic: str) -> None:
    """Key points and the red-flag box: equal content widths, 6 mm between the boxes."""
    words = pdf_words(demo_build.out_dir / clinic / "dry-needling-safety-flyer.pdf")
    key_points_extra = (4 + 10 + 9) * PT  # border-left, padding left and right
    get_help_extra = 2 * 2.5 * PT  # border, both sides
    share = (CONTENT[clinic] - 6 - key_points_extra - get_help_extra) / 2
    get_help_left = MARGIN + key_points_extra + share + 6
    assert word(words, "Key", 1)[0] == pytest.approx(MARGIN + (4 + 10) * PT, abs=0.3)
    assert word(words, "Call", 1)[0] == pytest.approx(get_help_left + (2.5 + 9) * PT, abs=0.3)
