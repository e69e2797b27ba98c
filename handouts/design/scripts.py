"""Fonts for what patients type: every character of a personal detail must have a pinned font.

A clinic's brand font covers the Latin alphabet; names also come in Greek, Hebrew, Arabic,
Devanagari or with an emoji. Those characters are set in pinned Noto fonts from the
`manimgx-fonts` package, never in whatever fonts the machine happens to have (WeasyPrint would
quietly fall back to them). A character that no pinned font has is refused before anything is
rendered, rather than printed as an empty box.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg
import manimgx_fonts

FALLBACK_DIR = Path(manimgx_fonts.__file__).resolve().parent

# Tried in this order after the clinic's body font. Emoji before Symbols so that ❤️ is the
# emoji; the family names are our own so that no installed system font can answer to them.
_FALLBACK_FILES = (
    "NotoSans[wght].ttf",
    "NotoSansHebrew[wght].ttf",
    "NotoSansArabic[wght].ttf",
    "NotoSansArmenian[wght].ttf",
    "NotoSansGeorgian[wght].ttf",
    "NotoSansEthiopic[wght].ttf",
    "NotoSansDevanagari[wght].ttf",
    "NotoSansBengali[wght].ttf",
    "NotoSansGurmukhi[wght].ttf",
    "NotoSansGujarati[wght].ttf",
    "NotoSansOriya[wght].ttf",
    "NotoSansTamil[wght].ttf",
    "NotoSansTelugu[wght].ttf",
    "NotoSansKannada[wght].ttf",
    "NotoSansMalayalam[wght].ttf",
    "NotoSansSinhala[wght].ttf",
    "NotoSansThai[wght].ttf",
    "NotoSansLao[wght].ttf",
    "NotoSansKhmer[wght].ttf",
    "NotoSansMyanmar[wght].ttf",
    "NotoEmoji[wght].ttf",
    "NotoSansSymbols[wght].ttf",
)


@dataclass(frozen=True)
class Fallback:
    family: str
    path: Path


@cache
def fallbacks() -> tuple[Fallback, ...]:
    found = []
    for name in _FALLBACK_FILES:
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", name.split("[")[0])  # NotoSansThai → Noto Sans Thai
        found.append(Fallback(f"Handouts {words}", FALLBACK_DIR / name))
    return tuple(found)


@cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # lazy: only for details beyond plain ASCII

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _brand_cmap(family: str) -> frozenset[int]:
    return _cmap(fontpkg.path(family, 400, "normal", nearest=True).resolve())


def _needs_no_glyph(char: str) -> bool:
    """Joiners, direction marks and variation selectors shape their neighbours; no glyph."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )


@dataclass(frozen=True)
class FontPlan:
    """Which fallback fonts a sheet needs, and the first character none of them can print."""

    needed: tuple[Fallback, ...]
    missing: str | None


def plan_fonts(texts: list[str], brand_family: str) -> FontPlan:
    chars = {c for text in texts for c in text if not _needs_no_glyph(c)}
    if all(" " <= c <= "~" for c in chars):
        return FontPlan((), None)  # brand fonts all cover printable ASCII
    brand = _brand_cmap(brand_family)
    needed: dict[Fallback, None] = {}
    for char in sorted(chars):
        if ord(char) in brand:
            continue
        font = next((f for f in fallbacks() if ord(char) in _cmap(f.path)), None)
        if font is None:
            return FontPlan(tuple(needed), char)
        needed[font] = None
    return FontPlan(tuple(needed), None)


def describe_char(char: str) -> str:
    """How an unprintable character is named in an error (its code, not the patient's text)."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def fallback_css(plan: FontPlan, brand_family: str) -> str:
    """@font-face rules for the needed fallbacks and the `--font-personal` stack using them."""
    rules = [
        f'@font-face {{ font-family: "{f.family}"; src: url("{f.path.as_uri()}"); '
        f"font-weight: 100 900; }}"
        for f in plan.needed
    ]
    stack = ", ".join(f'"{name}"' for name in (brand_family, *(f.family for f in plan.needed)))
    rules.append(f":root {{ --font-personal: {stack}; }}")
    return "\n".join(rules)
