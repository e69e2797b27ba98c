"""WCAG 2.x contrast, and the text/background colour pairs the shipped stylesheets actually print.

Contrast ratio (WCAG 2.2, SC 1.4.3): (L1 + 0.05) ÷ (L2 + 0.05), L the relative luminance of the
lighter and darker colour. AA asks 4.5:1 for text and 3:1 for large text: 18 pt and over, or
14 pt bold and over. WCAG is a screen standard; using it for print is an adaptation, and a safe
one, since paper under waiting-room light loses contrast rather than gaining it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handouts.design.branding import brand_css
from handouts.design.layouts import LAYOUTS
from handouts.source.clinics import Clinic


@dataclass(frozen=True)
class Pair:
    """Text in one colour on a background, as some rule in the stylesheets prints it."""

    text: str  # a brand variable (without --) or a fixed #rrggbb
    background: str
    large: bool  # every use is large text (>= 18 pt, or >= 14 pt bold)
    where: str  # what a clinical lead sees printed this way


# Every text/background pair in styles/*.css that a clinic's colours decide. Keep this list in
# step with the stylesheets (tests/test_check_branding.py checks each brand colour used as a
# text colour appears here). The red-flag box uses fixed safety colours (#9e1b14 and white,
# 8.3:1) that no clinic changes; bullets, rules and borders in the accent colour are decoration.
PAIRS: tuple[Pair, ...] = (
    # common.css html (body, .cite), flyer.css .running-footer, small print, references
    Pair("brand-text", "brand-background", False, "body text, footer and small print"),
    # common.css h1-h3, .clinic-name, .channels dt, .topic (10.5 pt bold), ol markers
    Pair(
        "brand-primary",
        "brand-background",
        False,
        "headings, the clinic name, contact labels and the 'Patient information' label",
    ),
    # common.css .key-points (background: primary tint; items 12 pt)
    Pair("brand-text", "brand-primary-tint", False, "key points in their tinted box"),
    # common.css .key-points h2 (14 pt bold: large text)
    Pair("brand-primary", "brand-primary-tint", True, "the 'Key points' heading"),
    # trifold.css .panel-cover: h1, .topic (10.5 pt bold), .summary, .cover-foot
    Pair(
        "brand-on-primary",
        "brand-primary",
        False,
        "the tri-fold cover: title, label, summary, phone and web address",
    ),
    # trifold.css .panel-cover .brand (white box): .clinic-name keeps the primary colour
    Pair(
        "brand-primary",
        "#ffffff",
        False,
        "the clinic name in the white logo box on the tri-fold cover",
    ),
    # trifold.css .panel-cover .brand (white box): .tagline in the text colour
    Pair("brand-text", "#ffffff", False, "the tagline in the white logo box on the tri-fold cover"),
)


def ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def luminance(hex_color: str) -> float:
    """Relative luminance (WCAG 2.2 definition; sRGB, 0 for black to 1 for white)."""
    channels = [int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


_VARIABLE = re.compile(r"--(brand-[\w-]+):\s*(#[0-9a-fA-F]{6});")


def brand_colours(clinic: Clinic) -> dict[str, str]:
    """The brand colours exactly as the build hands them to the stylesheets (tints included)."""
    return {
        name: value.lower()
        for name, value in _VARIABLE.findall(
            brand_css(clinic, LAYOUTS["flyer"].geometry(clinic.paper))
        )
    }


def resolve(colour: str, colours: dict[str, str]) -> str:
    return colour if colour.startswith("#") else colours[colour]
