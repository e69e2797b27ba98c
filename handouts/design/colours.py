"""Colours per destination: sRGB hex for screens and office printers, CMYK for the press.

A clinic may give its print shop's CMYK values beside its hex colours; otherwise each colour is
converted with the naive formula below, and the build says so. Photographic logos go through a
real ICC conversion (littleCMS, via Pillow) into the press profile's CMYK.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

CMYK = tuple[float, float, float, float]  # ink percentages, 0–100

# CMYK profiles that come with an installed package, never downloaded. Ghostscript's Debian
# package (libgs-common) ships Artifex's SWOP-style coated profile.
INSTALLED_CMYK_PROFILES = (Path("/usr/share/color/icc/ghostscript/default_cmyk.icc"),)


@dataclass(frozen=True)
class Swatch:
    """One colour as hex for RGB outputs and as CMYK for the press."""

    hex: str
    cmyk: CMYK
    converted: bool = False  # True when the CMYK value was guessed from the hex

    def css(self, cmyk: bool) -> str:
        if not cmyk:
            return self.hex
        c, m, y, k = (round(v / 100, 4) for v in self.cmyk)
        return f"device-cmyk({c:g} {m:g} {y:g} {k:g})"

    def tint(self, strength: float) -> Swatch:
        """The colour laid at `strength` over white paper, as a print shop screens a tint."""
        channels = [int(self.hex[i : i + 2], 16) for i in (1, 3, 5)]
        mixed = [round(255 - (255 - ch) * strength) for ch in channels]
        hex_value = "#" + "".join(f"{ch:02x}" for ch in mixed)
        c, m, y, k = self.cmyk
        return Swatch(hex_value, (c * strength, m * strength, y * strength, k * strength))


def naive_cmyk(hex_color: str) -> CMYK:
    """The textbook RGB → CMYK formula: no ink limit, no profile. Good enough for a proof."""
    r, g, b = (int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0.0, 0.0, 0.0, 100.0)
    c, m, y = ((1 - ch - k) / (1 - k) for ch in (r, g, b))
    return tuple(round(v * 100, 1) for v in (c, m, y, k))  # type: ignore[return-value]


def swatch(hex_color: str, cmyk: CMYK | None = None) -> Swatch:
    if cmyk is not None:
        return Swatch(hex_color, cmyk)
    return Swatch(hex_color, naive_cmyk(hex_color), converted=True)


# Safety colours are fixed, never the brand's, so a red-flag box reads as a warning in every
# clinic's leaflet. #9e1b14 on white is 8.3:1. The CMYK values are a deep warm red and a
# 90 % black that hold up on coated and uncoated stock.
SAFETY = {
    "safety-red": Swatch("#9e1b14", (0.0, 90.0, 90.0, 35.0)),
    "safety-ink": Swatch("#1a1a1a", (0.0, 0.0, 0.0, 90.0)),
    "paper": Swatch("#ffffff", (0.0, 0.0, 0.0, 0.0)),
    "ink": Swatch("#000000", (0.0, 0.0, 0.0, 100.0)),  # QR codes: one plate, never rich black
}


@cache
def installed_cmyk_profile() -> Path | None:
    """The default press profile, when its package is installed."""
    return next((p for p in INSTALLED_CMYK_PROFILES if p.is_file()), None)


def profile_roots() -> tuple[Path, ...]:
    """Folders of installed ICC profiles that WeasyPrint may read (like the font packages)."""
    return tuple(sorted({p.parent.resolve() for p in INSTALLED_CMYK_PROFILES if p.is_file()}))


_NAMED = {"white": "#ffffff", "black": "#000000"}
_PAINT = re.compile(
    r'((?:fill|stroke|stop-color|color)\s*[=:]\s*"?)(#[0-9a-fA-F]{3,6}|white|black)'
)


def recolour_svg(svg: str, swatches: Mapping[str, Swatch]) -> str:
    """Paint an SVG's hex colours in CMYK: the clinic's own values for its brand colours."""

    def replace(match: re.Match[str]) -> str:
        value = _NAMED.get(match.group(2).lower(), match.group(2).lower())
        if len(value) == 4:
            value = "#" + "".join(ch * 2 for ch in value[1:])
        return match.group(1) + swatches.get(value, swatch(value)).css(cmyk=True)

    return _PAINT.sub(replace, svg)


def raster_to_cmyk_jpeg(image: Image.Image, profile: bytes) -> bytes:
    """A logo (opened, size checked: `guard.image`) as a CMYK JPEG in the press profile's
    colours (the profile's bytes, read through the guard), flattened on white paper."""
    from PIL import Image, ImageCms  # lazy: only a press file with a PNG logo needs Pillow

    with image:
        dpi = image.info.get("dpi", (300, 300))
        rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    transform = ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"),
        ImageCms.ImageCmsProfile(io.BytesIO(profile)),
        "RGB",
        "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION,
    )
    cmyk = ImageCms.applyTransform(flat, transform)
    assert cmyk is not None  # only None when converting in place
    out = io.BytesIO()
    cmyk.save(out, format="JPEG", quality=95, subsampling=0, dpi=dpi)
    return out.getvalue()
