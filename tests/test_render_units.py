"""Sheet units (render/units.py): a page size's lengths put into the stylesheet once."""

from __future__ import annotations

from handouts.aftercare.sheet import SHEET_UNITS
from handouts.render.units import resolve_units

# Units like a small page's (the sheet's own are SHEET_UNITS; these keep the sums readable).
A5 = {"--u": "0.75pt", "--m": "0.68mm", "--foot-height": "21mm"}


def test_a_product_of_a_unit_becomes_one_length() -> None:
    css = ".x { font-size: calc(9.5 * var(--u)); margin: calc(4 * var(--m)) 0; }"
    assert resolve_units(css, A5) == ".x { font-size: 7.125pt; margin: 2.72mm 0; }"


def test_what_cannot_be_folded_stays_a_calc_without_var() -> None:
    css = (
        "a { padding-left: calc(1.45em + 4 * var(--m)); width: calc(var(--map-w) + 5 * var(--m)); }"
    )
    out = resolve_units(css, A5)
    assert out == (
        "a { padding-left: calc(1.45em + 4 * 0.68mm); width: calc(var(--map-w) + 5 * 0.68mm); }"
    )


def test_the_sheet_stylesheet_has_no_unit_left_unresolved() -> None:
    from .conftest import REPO

    css = (REPO / "styles" / "aftercare.css").read_text(encoding="utf-8")
    for size, choices in SHEET_UNITS.items():
        for units in choices:
            out = resolve_units(css, dict(units))
            assert "var(--u)" not in out and "var(--m)" not in out
            assert "var(--foot-height)" not in out and "var(--margin" not in out
            assert out.count("calc(") < 12, size  # nearly every size is a plain length
