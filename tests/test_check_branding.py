"""Rule 7, clinic branding: contrast of the pairs in use, logo resolution, links, fonts, phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from handouts.checks import brand, contrast
from handouts.source.check_settings import Branding
from handouts.source.fonts import FontFace

from .checkdata import clinic
from .conftest import REPO


def rules(found: list) -> list[str]:
    return [f.rule for f in found]


def test_wcag_contrast_ratios() -> None:
    assert contrast.ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast.ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast.ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # AA grey


def test_the_demo_clinic_passes(tmp_path: Path) -> None:
    assert brand.check(clinic(tmp_path), Branding()) == []


def test_light_body_text_fails_with_the_field_line_and_where_it_is_used(tmp_path: Path) -> None:
    pale = clinic(tmp_path, {'text: "#1c2b33"': 'text: "#9aa5ab"'})
    found = brand.check(pale, Branding())
    assert set(rules(found)) == {"branding.contrast"}
    assert all(f.severity == "error" and f.field == "colors.text" and f.line == 9 for f in found)
    body = found[0]
    assert body.message == (
        "body text, footer and small print would print in text colour #9aa5ab on background "
        "colour #ffffff: contrast 2.52:1, below 4.5:1"
    )
    assert body.fix.startswith("Make the text colour darker or the background colour lighter")


def test_a_pale_primary_fails_on_the_cover_and_the_headings(tmp_path: Path) -> None:
    found = brand.check(clinic(tmp_path, {'primary: "#0b5563"': 'primary: "#7fb8c2"'}), Branding())
    messages = " | ".join(f.message for f in found)
    assert "tri-fold cover" in messages and "headings" in messages
    assert {f.field for f in found} >= {"colors.primary", "colors.on_primary"}


def test_a_clinic_may_ask_for_more_contrast(tmp_path: Path) -> None:
    # Riverside's primary on white is about 8:1; AAA-level 9:1 asked for fails it.
    assert rules(brand.check(clinic(tmp_path), Branding(contrast_text=9.0)))


def test_the_pair_list_covers_every_brand_colour_used_for_text(tmp_path: Path) -> None:
    """A new `color: var(--brand-…)` in the stylesheets must get its pair in contrast.PAIRS."""
    css = "\n".join(p.read_text() for p in (REPO / "styles").glob("*.css"))
    defined = set(contrast.brand_colours(clinic(tmp_path)))  # what the build hands over
    text, backgrounds = set(), set()
    for selector, rules in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if "::marker" in selector:  # list bullets are decoration, see contrast.PAIRS
            continue
        for prop, names in re.findall(r"(?<![-\w])(color|background):([^;]*)", rules):
            first = next((n for n in re.findall(r"--(brand-[\w-]+)", names) if n in defined), None)
            if first:
                (text if prop == "color" else backgrounds).add(first)
    assert text == {p.text for p in contrast.PAIRS if not p.text.startswith("#")}
    assert backgrounds <= {p.background for p in contrast.PAIRS}


def png(path: Path, width: int, height: int) -> None:
    Image.new("RGB", (width, height), "#0b5563").save(path)


def test_a_low_resolution_logo_fails(tmp_path: Path) -> None:
    (tmp_path / "data/clinics").mkdir(parents=True)
    png(tmp_path / "data/clinics/logo.png", 100, 100)
    small = clinic(tmp_path, {"logo: riverside-logo.svg": "logo: logo.png"})
    (found,) = brand.check(small, Branding())
    assert (found.rule, found.field, found.line) == ("branding.logo", "logo", 5)
    assert "100×100 pixels: 169 dpi at its printed height of 15.0 mm" in found.message
    assert "at least 177 pixels high" in found.fix


@pytest.mark.parametrize("size", [(400, 400), (2000, 200)])
def test_a_sharp_logo_passes(tmp_path: Path, size: tuple[int, int]) -> None:
    (tmp_path / "data/clinics").mkdir(parents=True)
    png(tmp_path / "data/clinics/logo.png", *size)  # a wide logo is placed smaller: 40 mm wide
    assert (
        brand.check(clinic(tmp_path, {"logo: riverside-logo.svg": "logo: logo.png"}), Branding())
        == []
    )


def test_booking_over_http_is_an_error(tmp_path: Path) -> None:
    plain = clinic(
        tmp_path,
        {'"https://riversidephysio.example/book"': '"http://riversidephysio.example/book"'},
    )
    (found,) = brand.check(plain, Branding())
    assert (found.rule, found.severity, found.field) == (
        "branding.booking-url",
        "error",
        "booking_url",
    )


def test_a_font_without_bold_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    regular_only = (FontFace("Atkinson Hyperlegible", Path(__file__), "400", "normal"),)
    monkeypatch.setattr(brand, "faces", lambda family: regular_only)
    found = brand.check(clinic(tmp_path), Branding())
    assert rules(found) == ["branding.fonts", "branding.fonts"]
    assert "has no 700 weight" in found[0].message


def test_a_short_phone_number_is_a_warning(tmp_path: Path) -> None:
    (found,) = brand.check(clinic(tmp_path, {'"0117 496 0321"': '"4960"'}), Branding())
    assert (found.rule, found.severity, found.field) == (
        "branding.contact",
        "warning",
        "contact.phone",
    )
