"""Output profiles: what each destination needs from the same leaflet (`--for`).

- office: the default; sRGB, no marks, the trim is the page.
- press: PDF/X-4 for a print shop. Bleed (3 mm unless the clinic says otherwise) with
  backgrounds running into it, crop, fold and registration marks in the slug, TrimBox and
  BleedBox, colours in CMYK and an output intent from an installed CMYK ICC profile.
- email: tagged PDF/UA-1 for screen readers; sRGB; images downsampled so the file stays small.

What each profile does to the finished PDF (boxes, marks, output intent) is in press/finish.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.design.colours import (
    SAFETY,
    Swatch,
    installed_cmyk_profile,
    profile_roots,
    swatch,
)
from handouts.errors import HandoutsError, Problem, refuse_unknown
from handouts.source.clinics import Clinic


@dataclass(frozen=True)
class Profile:
    """What a destination needs; code reads these fields, never the profile's name."""

    name: str
    description: str
    suffix: str = ""  # added to file names (office files keep the plain name)
    pdf_variant: str | None = None  # WeasyPrint's pdf_variant (pdf/x-4, pdf/ua-1)
    cmyk: bool = False  # colours in CMYK, output intent from a CMYK ICC profile
    bleed: bool = False  # backgrounds run into the clinic's bleed; exact TrimBox and BleedBox
    marks: bool = False  # crop, fold and registration marks in a slug around the bleed
    tagged: bool = False  # tagged for screen readers (PDF/UA)
    paper: bool = True  # printed: booklets are imposed onto sheets, files may go in a pack
    image_dpi: int | None = None  # images downsampled to this resolution
    # How far inside the trim a background colour stops: an office printer cannot print to the
    # edge of the sheet, and a colour run to the trim would print with an uneven white border.
    inset_mm: float = 0.0


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "office",
            "Office printer: sRGB, no marks, trim size pages, colour 5 mm inside the edge",
            inset_mm=5.0,
        ),
        Profile(
            "press",
            "Print shop: PDF/X-4, CMYK, bleed, crop and fold marks, output intent",
            suffix="-press",
            pdf_variant="pdf/x-4",
            cmyk=True,
            bleed=True,
            marks=True,
        ),
        Profile(
            "email",
            "Email and web: tagged PDF/UA-1, sRGB, small file",
            suffix="-email",
            pdf_variant="pdf/ua-1",
            tagged=True,
            paper=False,
            image_dpi=150,  # logos are printed 15–60 mm wide: 150 dpi is sharp on any screen
        ),
    )
}


def select_profiles(wanted: list[str] | None) -> list[Profile]:
    """`--for` values; none means office, `all` means every profile."""
    if not wanted:
        return [PROFILES["office"]]
    if "all" in wanted:
        return list(PROFILES.values())
    refuse_unknown(wanted, [*PROFILES, "all"], "--for", "profile")
    return [PROFILES[name] for name in dict.fromkeys(wanted)]


BRAND_COLOURS = ("primary", "accent", "text", "background", "on_primary")


@dataclass(frozen=True)
class Output:
    """One profile applied to one clinic: colours, bleed, ICC profile and PDF options."""

    profile: Profile
    clinic: Clinic
    swatches: dict[str, Swatch]
    bleed_mm: float = 0.0
    icc: Path | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def cmyk(self) -> bool:
        return self.profile.cmyk

    def colour(self, name: str) -> str:
        return self.swatches[name].css(self.cmyk)

    def tone(self, name: str) -> str:
        """A brand colour ("primary") or a safety colour ("safety-red", "paper", "ink") as CSS."""
        if name in self.swatches:
            return self.colour(name)
        return SAFETY[name].css(self.cmyk)

    def swatches_by_hex(self) -> dict[str, Swatch]:
        """Brand and safety swatches by hex value, so a logo's brand colours get exact CMYK."""
        return {s.hex: s for s in (*SAFETY.values(), *self.swatches.values())}

    def colour_variables(self) -> dict[str, str]:
        """Brand and safety colours as CSS custom property values."""
        values = {f"brand-{n.replace('_', '-')}": self.colour(n) for n in BRAND_COLOURS}
        values["brand-primary-tint"] = self.swatches["primary"].tint(0.10).css(self.cmyk)
        values["brand-accent-tint"] = self.swatches["accent"].tint(0.18).css(self.cmyk)
        values.update({n: s.css(self.cmyk) for n, s in SAFETY.items()})
        # How far a background runs past the trim: into the bleed for the press, to the edge
        # on a screen, and short of it (negative) on an office printer.
        values["reach"] = f"{self.bleed_mm - self.profile.inset_mm}mm"
        values["bleed"] = f"{self.bleed_mm}mm"
        # An inset colour has its outer corners rounded, so that the margin reads as meant.
        values["inset-round"] = f"{min(self.profile.inset_mm, 3.0)}mm"
        return values

    def css(self) -> str:
        """@color-profile and @page rules for this destination."""
        css = ""
        if self.profile.cmyk and self.icc is not None:
            # Naming the profile device-cmyk makes it the document's CMYK space and, with
            # pdf_variant pdf/x-4, WeasyPrint's output intent.
            css += (
                "@color-profile device-cmyk { "
                f'src: url("{self.icc.as_uri()}"); components: cyan, magenta, yellow, black; }}\n'
            )
        if self.profile.bleed:
            css += f"@page {{ bleed: {self.bleed_mm}mm; }}\n"
        return css

    def icc_roots(self) -> tuple[Path, ...]:
        """Where the ICC profile may be: beside the clinic file, or an installed profile."""
        return (self.clinic.source.parent, *profile_roots())

    def render_options(self) -> dict[str, Any]:
        """WeasyPrint's options at layout time (images are read then)."""
        if self.profile.image_dpi:
            return {"optimize_images": True, "dpi": self.profile.image_dpi}
        return {}

    def write_options(self) -> dict[str, Any]:
        """WeasyPrint's write_pdf options."""
        return {"pdf_variant": self.profile.pdf_variant} if self.profile.pdf_variant else {}


def output_for(profile: Profile, clinic: Clinic) -> Output:
    """Settle a profile for a clinic; raise when a CMYK profile has no ICC profile to name."""
    given = clinic.press_settings.cmyk
    swatches = {
        name: swatch(getattr(clinic.colors, name), getattr(given, name) if given else None)
        for name in BRAND_COLOURS
    }
    settings = clinic.press_settings
    bleed = settings.bleed_mm if profile.bleed else 0.0
    if not profile.cmyk:
        return Output(profile, clinic, swatches, bleed)
    icc = settings.icc_profile or installed_cmyk_profile()
    if icc is None:
        raise HandoutsError(
            Problem(
                "press files need a CMYK ICC profile: install Ghostscript (Debian package "
                "libgs-common) or set press.icc_profile to your print shop's profile",
                file=clinic.source,
                field="press.icc_profile",
            )
        )
    # Greys convert exactly (black ink only), so only real colours are worth a note.
    guessed = [name for name, s in swatches.items() if s.converted and not _grey(s.hex)]
    notes: tuple[str, ...] = ()
    if guessed:
        notes = (
            f"{clinic.id}: colors {', '.join(guessed)} have no press.cmyk values; converted "
            "from hex with a naive formula (ask your print shop for CMYK values)",
        )
    return Output(profile, clinic, swatches, bleed, icc, notes)


def _grey(hex_color: str) -> bool:
    return hex_color[1:3] == hex_color[3:5] == hex_color[5:7]
