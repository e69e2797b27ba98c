"""Rule 7, clinic branding: colour contrast, logo resolution, https booking link, fonts, contact.

The clinic schema already refuses a malformed colour, phone number, email or web address and a
font no installed package provides; those problems reach the report through `runner`. This
module checks what a valid file can still get wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

from handouts import guard, limits
from handouts.checks import contrast
from handouts.checks.findings import Finding, error, warning
from handouts.source.check_settings import Branding
from handouts.source.clinics import Clinic
from handouts.source.fonts import faces
from handouts.source.yamlfile import Located, load_file

RULE = "branding"
MM_PER_INCH = 25.4
# The logo's box in styles/common.css (.logo): 15 mm high, at most 40 mm wide.
LOGO_HEIGHT_MM = 15.0
LOGO_MAX_WIDTH_MM = 40.0
# Weights the stylesheets ask for: body text and bold (headings, key points, labels).
FONT_WEIGHTS = (400, 700)


def check(clinic: Clinic, settings: Branding) -> list[Finding]:
    located = load_file(clinic.source)
    return [
        *_contrast(clinic, settings, located),
        *_logo(clinic, settings, located),
        *_links(clinic, located),
        *_fonts(clinic, located),
        *_contact(clinic, located),
    ]


def _contrast(clinic: Clinic, settings: Branding, located: Located) -> list[Finding]:
    found = []
    for result in contrast.measure(clinic, settings.contrast_text, settings.contrast_large):
        if result.passes:
            continue
        pair = result.pair
        field = _colour_field(pair.text) or _colour_field(pair.background) or "colors"
        found.append(
            error(
                f"{RULE}.contrast",
                f"{pair.where} would print in {_name(pair.text)} {result.text} on "
                f"{_name(pair.background)} {result.background}: contrast {result.ratio:.2f}:1, "
                f"below {result.needed:g}:1",
                f"Make the {_name(pair.text)} darker or the {_name(pair.background)} lighter (or "
                f"the other way round) until the two reach {result.needed:g}:1"
                + _suggested(result),
                clinic.source,
                located.line_of(tuple(field.split("."))),
                field,
            )
        )
    return found


def _suggested(result: contrast.Result) -> str:
    """'; the nearest that passes: colors.primary "#0a4f5c"' (tints name their base colour)."""
    if result.change is None or result.suggestion is None:
        return "."
    field = _colour_field(result.change) or result.change
    if result.change.endswith("-tint"):
        return f"; the nearest tint that passes is {result.suggestion} (set by {field})."
    return f'; the nearest that passes: {field}: "{result.suggestion}".'


def _name(colour: str) -> str:
    if colour.startswith("#"):
        return "white" if colour == "#ffffff" else f"the fixed colour {colour}"
    return colour.removeprefix("brand-").replace("-", " ") + " colour"


def _colour_field(colour: str) -> str | None:
    """The clinic file field a brand variable comes from (tints come from their base colour)."""
    if colour.startswith("#"):
        return None
    name = colour.removeprefix("brand-").removesuffix("-tint").replace("-", "_")
    return f"colors.{name}"


def _logo(clinic: Clinic, settings: Branding, located: Located) -> list[Finding]:
    if clinic.logo.suffix.lower() == ".svg":
        return []  # a vector logo prints sharp at any size
    line = located.line_of(("logo",))
    try:
        data = guard.read_bytes(clinic.logo, limits.IMAGE, [clinic.source.parent], "logo")
        with guard.image(data, clinic.logo, "logo") as image:
            width, height = image.size
    except guard.Refused as exc:
        return [
            error(
                f"{RULE}.logo",
                f"the logo {clinic.logo.name} {exc.problems[0].message}",
                "Export the logo again as PNG or, better, SVG.",
                clinic.source,
                line,
                "logo",
            )
        ]
    placed_mm = min(LOGO_HEIGHT_MM, LOGO_MAX_WIDTH_MM * height / width)
    dpi = height / (placed_mm / MM_PER_INCH)
    if dpi >= settings.logo_dpi:
        return []
    needed = round(settings.logo_dpi * placed_mm / MM_PER_INCH)
    return [
        error(
            f"{RULE}.logo",
            f"the logo {clinic.logo.name} is {width}×{height} pixels: {dpi:.0f} dpi at its printed "
            f"height of {placed_mm:.1f} mm, below {settings.logo_dpi} dpi, so it prints blurred",
            f"Use an SVG logo, or a PNG at least {needed} pixels high.",
            clinic.source,
            line,
            "logo",
        )
    ]


def _links(clinic: Clinic, located: Located) -> list[Finding]:
    found = []
    if not clinic.booking_url.startswith("https://"):
        found.append(
            error(
                f"{RULE}.booking-url",
                f"the booking address {clinic.booking_url} is not https; phones warn patients "
                "who scan it that the site is not secure",
                "Use the https:// address of the booking page.",
                clinic.source,
                located.line_of(("booking_url",)),
                "booking_url",
            )
        )
    if not clinic.contact.website.startswith("https://"):
        found.append(
            warning(
                f"{RULE}.website",
                f"the web site {clinic.contact.website} is not https",
                "Print the https:// address.",
                clinic.source,
                located.line_of(("contact", "website")),
                "contact.website",
            )
        )
    return found


def _fonts(clinic: Clinic, located: Located) -> list[Finding]:
    found = []
    for role in ("body", "headings"):
        family = getattr(clinic.fonts, role)
        files = [f for f in faces(family) if f.style == "normal"]
        missing = [str(w) for w in FONT_WEIGHTS if not any(_covers(f.weight, w) for f in files)]
        absent = [f.path.name for f in files if not Path(f.path).is_file()]
        if missing or absent:
            what = (
                f"has no {' or '.join(missing)} weight"
                if missing
                else f"files are missing: {', '.join(absent)}"
            )
            found.append(
                error(
                    f"{RULE}.fonts",
                    f"font '{family}' {what}; the printer would fake or swap it",
                    "Reinstall the font's fontpkg package, or choose a family with regular and "
                    "bold faces.",
                    clinic.source,
                    located.line_of(("fonts", role)),
                    f"fonts.{role}",
                )
            )
    return found


def _covers(weight: str, wanted: int) -> bool:
    low, _, high = weight.partition(" ")
    return int(low) <= wanted <= int(high or low)


def _contact(clinic: Clinic, located: Located) -> list[Finding]:
    digits = re.sub(r"\D", "", clinic.contact.phone)
    if len(digits) >= 7:
        return []
    return [
        warning(
            f"{RULE}.contact",
            f"the phone number {clinic.contact.phone!r} has only {len(digits)} digits; patients "
            "calling from elsewhere need the area code",
            'Write the full number with its area code, in quotes, e.g. "0117 496 0321".',
            clinic.source,
            located.line_of(("contact", "phone")),
            "contact.phone",
        )
    ]
