"""Output profiles: what each destination needs from the same leaflet (`--for`).

- office: the default; sRGB, no marks, the trim is the page.
- press: PDF/X-4 for a print shop. Bleed (3 mm unless the clinic says otherwise) with
  backgrounds running into it, crop, fold and registration marks in the slug, TrimBox and
  BleedBox, colours in CMYK and an output intent from an installed CMYK ICC profile.
- email: tagged PDF/UA-1 for screen readers; sRGB; images downsampled so the file stays small.

Every profile stamps each page with its geometry (layout, folds, safe area) as PieceInfo, the
PDF's place for application data, so `handouts proof` can draw it back.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pydyf

from handouts.clinics import Clinic
from handouts.colours import SAFETY, Swatch, installed_cmyk_profile, swatch
from handouts.errors import HandoutsError, Problem, SelectionError
from handouts.layouts import Layout
from handouts.marks import (
    MM,
    REGISTRATION_NAME,
    REGISTRATION_SPACE,
    REGISTRATION_TINT,
    Sheet,
    mark_ops,
)

Finisher = Callable[[Any, pydyf.PDF], None]
PIECE_KEY = "Handouts"  # PieceInfo entry holding each page's geometry


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    cmyk: bool = False
    marks: bool = False
    tagged: bool = False

    @property
    def suffix(self) -> str:
        """Office files keep the plain name; the others say what they are for."""
        return "" if self.name == "office" else f"-{self.name}"


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("office", "Office printer: sRGB, no marks, trim size pages"),
        Profile(
            "press",
            "Print shop: PDF/X-4, CMYK, bleed, crop and fold marks, output intent",
            cmyk=True,
            marks=True,
        ),
        Profile("email", "Email and web: tagged PDF/UA-1, sRGB, small file", tagged=True),
    )
}


def select_profiles(wanted: list[str] | None) -> list[Profile]:
    """`--for` values; none means office, `all` means every profile."""
    if not wanted:
        return [PROFILES["office"]]
    if "all" in wanted:
        return list(PROFILES.values())
    unknown = [name for name in wanted if name not in PROFILES]
    if unknown:
        raise SelectionError(
            Problem(
                f"unknown profile {', '.join(unknown)}; choose from {', '.join(PROFILES)} or all",
                field="--for",
            )
        )
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
        values["bleed"] = f"{self.bleed_mm}mm"
        return values

    def css(self) -> str:
        """@color-profile and @page rules for this destination."""
        if self.profile.name != "press" or self.icc is None:
            return ""
        # Naming the profile device-cmyk makes it the document's CMYK space and, with
        # pdf_variant pdf/x-4, WeasyPrint's output intent.
        return (
            "@color-profile device-cmyk { "
            f'src: url("{self.icc.as_uri()}"); components: cyan, magenta, yellow, black; }}\n'
            f"@page {{ bleed: {self.bleed_mm}mm; }}\n"
        )

    def render_options(self) -> dict[str, Any]:
        """WeasyPrint's options at layout time (images are read then)."""
        if self.profile.name == "email":
            # Logos are printed 15–60 mm wide: 150 dpi is sharp on any screen.
            return {"optimize_images": True, "dpi": 150}
        return {}

    def write_options(self) -> dict[str, Any]:
        """WeasyPrint's write_pdf options."""
        if self.profile.name == "press":
            return {"pdf_variant": "pdf/x-4"}
        if self.profile.name == "email":
            return {"pdf_variant": "pdf/ua-1"}
        return {}

    def finisher(self, layout: Layout, imposed: bool = False) -> Finisher:
        """Boxes, marks and geometry written into the PDF objects before they are saved.

        Pages that will be imposed get exact boxes but no marks: the sheet gets those.
        """
        paper = self.clinic.paper

        def finish(document: Any, pdf: pydyf.PDF) -> None:
            width, height = layout.page_size(paper)
            for number, page in enumerate(_pages(pdf), start=1):
                sheet = Sheet(
                    width * MM,
                    height * MM,
                    bleed=self.bleed_mm * MM,
                    folds=tuple(f * MM for f in layout.folds(paper, number)),
                )
                stamp_geometry(
                    page,
                    layout.name,
                    self.profile.name,
                    sheet,
                    layout.safe_mm * MM,
                    pdf.info.get("ModDate"),
                )
                if self.profile.marks:
                    set_press_boxes(page, sheet, slug=not imposed)
                    if not imposed:
                        add_marks(pdf, page, sheet)
            if self.profile.name == "press" and self.icc is not None:
                describe_output_intent(pdf, self.icc)

        return finish


def output_for(profile: Profile, clinic: Clinic) -> Output:
    """Settle a profile for a clinic; raise when press has no CMYK profile to name."""
    given = clinic.press_settings.cmyk
    swatches = {
        name: swatch(getattr(clinic.colors, name), getattr(given, name) if given else None)
        for name in BRAND_COLOURS
    }
    if profile.name != "press":
        return Output(profile, clinic, swatches)
    settings = clinic.press_settings
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
    notes = ()
    if guessed:
        notes = (
            f"{clinic.id}: colors {', '.join(guessed)} have no press.cmyk values; converted "
            "from hex with a naive formula (ask your print shop for CMYK values)",
        )
    return Output(profile, clinic, swatches, settings.bleed_mm, icc, notes)


def _grey(hex_color: str) -> bool:
    return hex_color[1:3] == hex_color[3:5] == hex_color[5:7]


def _pages(pdf: pydyf.PDF) -> list[pydyf.Dictionary]:
    kids = pdf.pages["Kids"]  # pydyf keeps page references flat: number, 0, 'R', …
    return [pdf.objects[number] for number in kids[::3]]


def _deref(pdf: pydyf.PDF, reference: Any) -> Any:
    if isinstance(reference, bytes):
        reference = reference.decode()
    if isinstance(reference, str):
        return pdf.objects[int(reference.split()[0])]
    return reference


def stamp_geometry(
    page: pydyf.Dictionary,
    layout: str,
    profile: str,
    sheet: Sheet,
    safe: float,
    modified: pydyf.String | None = None,
) -> None:
    """Layout, folds, safe area and bleed, for proofs (PDF 1.7 §14.5, page-piece dictionaries).

    `modified` is the document's own /ModDate (see reproducible.py), so the same inputs give
    the same file; the clock is only the fallback.
    """
    now = modified or pydyf.String(time.strftime("D:%Y%m%d%H%M%S"))
    page["PieceInfo"] = pydyf.Dictionary(
        {
            PIECE_KEY: pydyf.Dictionary(
                {
                    "LastModified": now,
                    "Private": pydyf.Dictionary(
                        {
                            "Layout": pydyf.String(layout),
                            "Profile": pydyf.String(profile),
                            "Folds": pydyf.Array([round(f, 3) for f in sheet.folds]),
                            "Safe": round(safe, 3),
                            "Bleed": round(sheet.bleed, 3),
                        }
                    ),
                }
            )
        }
    )


def set_press_boxes(page: pydyf.Dictionary, sheet: Sheet, slug: bool) -> None:
    """Exact TrimBox and BleedBox (WeasyPrint caps the BleedBox at 10 pt), and room for marks."""
    w, h, b = sheet.width, sheet.height, sheet.bleed
    s = sheet.slug if slug else b
    page["TrimBox"] = pydyf.Array([0, 0, w, h])
    page["BleedBox"] = pydyf.Array([-b, -b, w + b, h + b])
    page["MediaBox"] = pydyf.Array([-s, -s, w + s, h + s])


def add_marks(pdf: pydyf.PDF, page: pydyf.Dictionary, sheet: Sheet) -> None:
    """Crop, fold and registration marks drawn in the slug."""
    stream = _deref(pdf, page["Contents"])
    # WeasyPrint's drawing leaves a flipped coordinate system behind: wrap it so that the
    # marks are drawn in default user space.
    stream.stream.insert(0, b"q")
    stream.stream.append(b"Q")
    stream.stream.append(mark_ops(sheet))
    resources = _deref(pdf, page["Resources"])
    spaces = _deref(pdf, resources["ColorSpace"])
    spaces[REGISTRATION_NAME[1:]] = registration_space()


def registration_space() -> pydyf.Array:
    tint = pydyf.Dictionary(
        {k: pydyf.Array(v) if isinstance(v, list) else v for k, v in REGISTRATION_TINT.items()}
    )
    return pydyf.Array([*REGISTRATION_SPACE, tint])


def describe_output_intent(pdf: pydyf.PDF, icc: Path) -> None:
    """PDF/X wants a registered condition name or `Custom` plus a description (ISO 15930-7)."""
    from PIL import ImageCms

    description = ImageCms.getOpenProfile(str(icc)).profile.profile_description or icc.name
    for intent in pdf.catalog.get("OutputIntents", []):
        # Embed the profile byte for byte as installed: littleCMS re-serialises it slightly
        # differently from one document to the next, and a print shop checks it by checksum.
        _deref(pdf, intent["DestOutputProfile"]).stream = [icc.read_bytes()]
        intent["OutputConditionIdentifier"] = pydyf.String("Custom")
        intent["OutputCondition"] = pydyf.String(description)
        intent["Info"] = pydyf.String(f"{description} ({icc.name})")
